package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestHelperLinkingACLibraryIsLeftOut: of the programs of cmd/ found when the spec names none, a
// helper beside the one the image runs that links a C library through cgo (maddy's
// cmd/maddy-pam-helper, `#cgo LDFLAGS: -lpam`), which the builder image lacks, is not built,
// and CLibraryNotLinked names it and its directive; a helper in pure Go is built as before.
// Glibc's own libraries (-lm), a directive for another system, a helper the spec names in
// `binaries`, and a program the image runs linking one are built.
func TestHelperLinkingACLibraryIsLeftOut(t *testing.T) {
	const pam = "package main\n\n/*\n#cgo LDFLAGS: -lpam\n#include <security/pam_appl.h>\n*/\nimport \"C\"\n\nfunc main() { C.run() }\n"
	f := program("example.com/mail", "cmd/mail", "cmd/mail-shadow-helper")
	f["cmd/mail-pam-helper/main.go"] = []byte(pam)
	p := provider.MustPlan(t, "language: go\nports: [2525]\n", maps.Clone(f))
	if got, want := built(p), []string{"/out/mail", "/out/mail-shadow-helper"}; !slices.Equal(got, want) {
		t.Errorf("builds %q, want %q", got, want)
	}
	n := langtest.NoteOf(p, "CLibraryNotLinked")
	if n == nil || n.Field != "language" || !strings.Contains(n.Msg, "./cmd/mail-pam-helper links a C library (-lpam, cmd/mail-pam-helper/main.go:4)") ||
		!strings.Contains(n.Msg, "the image holds mail without it") {
		t.Errorf("note %+v", n)
	}
	for name, c := range map[string]struct {
		spec string
		kv   []string
		want []string
	}{
		"pkg-config": {"", []string{"cmd/mail-pam-helper/main.go", strings.Replace(pam, "LDFLAGS: -lpam", "linux pkg-config: pam", 1)},
			[]string{"/out/mail", "/out/mail-shadow-helper"}},
		"glibc's libraries": {"", []string{"cmd/mail-pam-helper/main.go", strings.Replace(pam, "-lpam", "-lm -ldl", 1)},
			[]string{"/out/mail", "/out/mail-pam-helper", "/out/mail-shadow-helper"}},
		"for another system": {"", []string{"cmd/mail-pam-helper/main.go", "//go:build darwin\n\n" + pam, "cmd/mail-pam-helper/other.go", "package main\n"},
			[]string{"/out/mail", "/out/mail-pam-helper", "/out/mail-shadow-helper"}},
		"named in binaries":          {"binaries: [./cmd/mail, ./cmd/mail-pam-helper]\n", nil, []string{"/out/mail", "/out/mail-pam-helper"}},
		"the program the image runs": {"", []string{"cmd/mail/main.go", pam}, []string{"/out/mail", "/out/mail-shadow-helper"}},
	} {
		p := provider.MustPlan(t, "language: go\n"+c.spec, langtest.With(maps.Clone(f), c.kv...))
		if got := built(p); !slices.Equal(got, c.want) {
			t.Errorf("%s: builds %q, want %q", name, got, c.want)
		}
		if left := !slices.Contains(c.want, "/out/mail-pam-helper"); (langtest.NoteOf(p, "CLibraryNotLinked") != nil) != left {
			t.Errorf("%s: notes %+v, want CLibraryNotLinked: %v", name, p.Notes, left)
		}
	}
}

// built are the binaries the runtime copies from the builder.
func built(p *plan.Plan) []string {
	for _, st := range p.Stage("runtime").Steps {
		if cp, ok := st.(*plan.Copy); ok && cp.FromStage == "builder" && strings.HasPrefix(cp.Paths[0], "/out/") {
			return cp.Paths
		}
	}
	return nil
}
