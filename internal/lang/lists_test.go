package lang

import (
	"slices"
	"strings"
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

func TestOnlyLeavesNoChoice(t *testing.T) {
	server := func(n string) bool { return strings.HasSuffix(n, "server") }
	for _, c := range []struct {
		items []string
		want  string
	}{
		{[]string{"cli", "app-server", "migrate"}, "app-server"},
		{[]string{"cli", "server", "app-server"}, ""}, // several: no choice made
		{[]string{"cli", "migrate"}, ""},
		{[]string{"server", "cli", "server"}, "server"}, // a repeat counts once
		{nil, ""},
	} {
		if got := Only(c.items, server); got != c.want {
			t.Errorf("Only(%q) = %q, want %q", c.items, got, c.want)
		}
	}
	if got := Only([]int{3, 4, 5}, func(n int) bool { return n%2 == 0 }); got != 4 {
		t.Errorf("Only of ints: %d, want 4", got)
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
