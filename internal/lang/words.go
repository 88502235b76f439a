package lang

import (
	"regexp"
	"strings"
)

// plainWord is a word an exec-form command line may hold as a script wrote it: it has nothing a
// shell would expand, quote or glob ($, quotes, !, *, ~, spaces), so it means in the image what
// it meant in the script.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9@._:/,=+-]+$`)

// PlainWord reports whether w is such a word.
func PlainWord(w string) bool { return plainWord.MatchString(w) }

// CodeLine is the 1-based line of the byte at in src, and whether a `//` line comment starts
// before it on that line (what a match there says is commented out).
func CodeLine(src string, at int) (line int, commented bool) {
	lineStart := strings.LastIndexByte(src[:at], '\n') + 1
	return strings.Count(src[:at], "\n") + 1, strings.Contains(src[lineStart:at], "//")
}
