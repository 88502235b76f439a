package lang

import (
	"iter"
	"regexp"
	"strings"
)

// plainWord is a word an exec-form command line may hold as a script wrote it: it has nothing a
// shell would expand, quote or glob ($, quotes, !, *, ~, spaces), so it means in the image what
// it meant in the script.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9@._:/,=+-]+$`)

// PlainWord reports whether w is such a word.
func PlainWord(w string) bool { return plainWord.MatchString(w) }

// LineAt is the 1-based line of the byte at in src (a finding's line for its note).
func LineAt(src string, at int) int { return strings.Count(src[:at], "\n") + 1 }

// CodeLine is the 1-based line of the byte at in src, and whether a `//` line comment starts
// before it on that line (what a match there says is commented out).
func CodeLine(src string, at int) (line int, commented bool) {
	lineStart := strings.LastIndexByte(src[:at], '\n') + 1
	return LineAt(src, at), strings.Contains(src[lineStart:at], "//")
}

// Submatch is group i of the match m (as FindStringSubmatchIndex gives it) in src, "" when the
// group took no part in it.
func Submatch(src string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return src[m[2*i]:m[2*i+1]]
}

// CodeMatches are re's matches in src, as FindAllStringSubmatchIndex gives them, each with its
// line, leaving out those a `//` line comment comments out (CodeLine at the match's start).
func CodeMatches(re *regexp.Regexp, src string) iter.Seq2[int, []int] {
	return CodeMatchesAt(re, src, 0)
}

// CodeMatchesAt is CodeMatches judging each match, and giving its line, where its submatch
// group starts: for a pattern that begins with what stands before the code it finds (a line
// break, `(?:^|[^\w$])`), where the match starts may be the line before. The group must take
// part in every match.
func CodeMatchesAt(re *regexp.Regexp, src string, group int) iter.Seq2[int, []int] {
	return func(yield func(int, []int) bool) {
		for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
			if line, commented := CodeLine(src, m[2*group]); !commented && !yield(line, m) {
				return
			}
		}
	}
}
