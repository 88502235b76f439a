package lang

import (
	"slices"
	"testing"
)

func TestAppendNewKeepsTheFirstPlace(t *testing.T) {
	if got := AppendNew([]string{"a", "b"}, "b", "c", "a", "c", "d"); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("AppendNew: %q", got)
	}
	if got := Unique([]string{"x", "y", "x"}); !slices.Equal(got, []string{"x", "y"}) {
		t.Errorf("Unique: %q", got)
	}
	if got := Unique([]string{}); got != nil {
		t.Errorf("Unique of none: %#v, want nil", got)
	}
}

func TestDirsAboveEnds(t *testing.T) {
	for p, want := range map[string][]string{
		"web/dist/app.js": {"web/dist", "web", "."},
		"dist":            {"."},
		"":                {"."},
		"/srv/ui":         {"/srv", "/"}, // looped for ever before
		"/":               {"/"},
	} {
		if got := DirsAbove(p); !slices.Equal(got, want) {
			t.Errorf("DirsAbove(%q) = %q, want %q", p, got, want)
		}
	}
}
