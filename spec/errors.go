package spec

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in the build file, located by line and column.
type Error struct {
	File   string
	Line   int // 1-based; 0 when the problem is the file as a whole
	Column int
	// EndLine is the last line of the offending value (== Line for one-line values).
	EndLine int
	Msg     string
	// Hint completes the message, e.g. "did you mean `entrypoint`?".
	Hint string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	if e.Line > 0 {
		fmt.Fprintf(&b, " at %s:%d:%d", e.File, e.Line, e.Column)
	} else if e.File != "" {
		fmt.Fprintf(&b, " in %s", e.File)
	}
	if e.Hint != "" {
		b.WriteString(", ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Errors is every problem found in one build file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems in the build spec:", len(es))
	for _, e := range es {
		b.WriteString("\n  - ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.As reach each *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Column < es[j].Column
	})
	return es
}

// suggest returns the candidate closest to s, if it is close enough to be a likely typo.
func suggest(s string, candidates []string) string {
	// allow about one edit per three characters, at most three
	limit := min(len(s)/3+1, 3)
	best, bestDist := "", limit+1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := levenshtein(ls, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Suggest is suggest for other packages (lint rules use it for runtime aliases).
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// levenshtein is the optimal-string-alignment distance: insertions, deletions, substitutions
// and transpositions of neighbours ("entrypiont" is one edit from "entrypoint").
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
