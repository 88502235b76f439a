package lang

import (
	"strings"
	"time"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Today is the day a build is planned, for the end-of-life checks of the language versions;
// tests set it.
var Today = func() time.Time { return time.Now().UTC() }

// Ended reports whether the day written as 2006-01-02 (a release line's end of life) has come;
// false for a date it cannot read.
func Ended(date string) bool {
	end, err := time.Parse(time.DateOnly, date)
	return err == nil && !Today().Before(end)
}

// EndOfLifeRule is a *VersionEndOfLife rule: its Format takes the release line, the day it
// ended, where the version came from and the default to move to.
type EndOfLifeRule = *rules.Rule[func(line, date, source, current string) string]

// EndOfLifeNote is rule's warning, at `version` (else `language`, else the file), when version v,
// which from names ("" for the default: never warned of), is of a release line (major.minor)
// whose end of life in ends (line -> 2006-01-02) has come. A version without a minor (8, 3: the
// newest of the major) and a line not in ends (a newer one) are taken as supported.
func EndOfLifeNote(s *spec.Spec, rule EndOfLifeRule, v, from string, ends map[string]string, current string) []plan.Note {
	parts := strings.SplitN(v, ".", 3)
	if from == "" || len(parts) < 2 {
		return nil
	}
	line := parts[0] + "." + parts[1]
	date, known := ends[line]
	if !known || !Ended(date) {
		return nil
	}
	return append([]plan.Note(nil), rule.Note(FirstField(s, "version", "language"), rule.Format(line, date, from, current)))
}
