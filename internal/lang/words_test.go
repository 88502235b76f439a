package lang

import (
	"fmt"
	"iter"
	"regexp"
	"slices"
	"testing"
)

// found is each match's line and its last group's text.
func found(src string, matches iter.Seq2[int, []int]) []string {
	var out []string
	for line, m := range matches {
		out = append(out, fmt.Sprintf("%d:%s", line, src[m[len(m)-2]:m[len(m)-1]]))
	}
	return out
}

func TestCodeMatches(t *testing.T) {
	src := "open(\"a\")\n// open(\"b\")\nx := 1 // open(\"c\")\nopen(\"d\") // open(\"e\")\n"
	call := regexp.MustCompile(`open\("(\w)"\)`)
	if got, want := found(src, CodeMatches(call, src)), []string{"1:a", "4:d"}; !slices.Equal(got, want) {
		t.Errorf("CodeMatches: %q, want %q", got, want)
	}
	for range CodeMatches(call, src) {
		break // stopping early is allowed
	}

	// A match starting with the line break before the call is judged, and its line counted,
	// where the group starts: the comment on the line before is not the call's.
	lead := regexp.MustCompile(`(?:^|\n)(open)\("(\w)"\)`)
	src = "// note\nopen(\"f\")\n"
	if got, want := found(src, CodeMatchesAt(lead, src, 1)), []string{"2:f"}; !slices.Equal(got, want) {
		t.Errorf("CodeMatchesAt: %q, want %q", got, want)
	}
	if got := found(src, CodeMatches(lead, src)); got != nil {
		t.Errorf("CodeMatches from the line break: %q, want none (the comment's line)", got)
	}
}

func TestLineAtAndSubmatch(t *testing.T) {
	src := "a\nbc\n\nd"
	for at, want := range map[int]int{0: 1, 1: 1, 2: 2, 4: 2, 5: 3, 6: 4, len(src): 4} {
		if got := LineAt(src, at); got != want {
			t.Errorf("LineAt(%d) = %d, want %d", at, got, want)
		}
	}
	src = "k=v"
	m := regexp.MustCompile(`(\w)=(\w)(;)?`).FindStringSubmatchIndex(src)
	if got := []string{Submatch(src, m, 0), Submatch(src, m, 1), Submatch(src, m, 2), Submatch(src, m, 3)}; !slices.Equal(got, []string{"k=v", "k", "v", ""}) {
		t.Errorf("Submatch: %q", got)
	}
}
