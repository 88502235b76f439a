package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestOutOfSupportGoWarns: a go line or `version` two releases behind the default is warned
// about, and still built with; a supported one, the default and a build.image are not.
func TestOutOfSupportGoWarns(t *testing.T) {
	for _, tc := range []struct{ src, gomod, image, field, want string }{
		{"language: go\n", "go 1.13", "golang:1.13", "language", "Go 1.13 (go.mod's go line) is out of support since Go 1.15"},
		{"language: go\n", "go 1.24.3", "golang:1.24", "language", "Go 1.24 (go.mod's go line) is out of support since Go 1.26"},
		{"language: go\n", "go 1.21.5\n\ntoolchain go1.22.0", "golang:1.22", "language", "Go 1.22 (go.mod's toolchain line) is out of support since Go 1.24"},
		{"language: go\nversion: \"1.23\"\n", "go 1.26", "golang:1.23", "version", "Go 1.23 (the spec's `version`)"},
		{"language: go\n", "go 1.25", "golang:1.25", "", ""},
		{"language: go\n", "go 1.27", "golang:1.27", "", ""},
		{"language: go\n", "", "golang:1.26", "", ""},
		{"language: go\nversion: \"1.24\"\nbuild: {image: my/go:1}\n", "go 1.13", "my/go:1", "", ""},
	} {
		p, err := provider.TryPlan(t, tc.src, mod(tc.gomod))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Stage("deps").Base.Image; got != tc.image {
			t.Errorf("%q with %q: builder %q, want %q", tc.src, tc.gomod, got, tc.image)
		}
		n := langtest.NoteOf(p, "GoVersionEndOfLife")
		switch {
		case tc.want == "" && n != nil:
			t.Errorf("%q with %q: %+v", tc.src, tc.gomod, n)
		case tc.want != "" && (n == nil || !strings.HasPrefix(n.Msg, tc.want) || n.Field != tc.field ||
			!strings.Contains(n.Msg, "`version: \"1.26\"`")):
			t.Errorf("%q with %q: %+v, want %q at %q", tc.src, tc.gomod, n, tc.want, tc.field)
		}
	}
}
