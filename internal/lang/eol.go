package lang

import "time"

// Today is the day a build is planned, for the end-of-life checks of the language versions;
// tests set it.
var Today = func() time.Time { return time.Now().UTC() }

// Ended reports whether the day written as 2006-01-02 (a release line's end of life) has come;
// false for a date it cannot read.
func Ended(date string) bool {
	end, err := time.Parse(time.DateOnly, date)
	return err == nil && !Today().Before(end)
}
