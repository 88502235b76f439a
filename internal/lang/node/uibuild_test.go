package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// ServedUINote names the nearest directory whose build writes exactly the served path; a
// package.json without a build script, or one building elsewhere, is none.
func TestServedUINoteNamesTheUIBuildingThePath(t *testing.T) {
	f := lang.Facts{
		"package.json":            []byte(`{"scripts": {"build": "vite build"}}`),
		"web/package.json":        []byte(`{"scripts": {"build": "vite build"}}`),
		"web/vite.config.ts":      []byte("export default { build: { outDir: 'public' } }\n"),
		"admin/package.json":      []byte(`{"scripts": {"dev": "vite"}}`),
		"admin/ui/package.json":   []byte(`{"scripts": {"build": "vite build"}}`),
		"admin/ui/src/index.html": []byte("<div id=root></div>"),
	}
	fix := func(d string) string { return "fix " + d }
	for _, tc := range []struct {
		out     string
		dirs    []string
		want    string // the UI's directory, "" for no note
		wantFix string
	}{
		{"web/public", lang.DirsAbove("web/public"), "web", "fix web"},
		{"web/dist", lang.DirsAbove("web/dist"), "", ""},
		{"dist", lang.DirsAbove("dist"), ".", "fix ."},
		{"admin/dist", lang.DirsAbove("admin/dist"), "", ""},
		{"admin/ui/dist", []string{"admin/ui", "admin"}, "admin/ui", "fix admin/ui"},
	} {
		n, ok := ServedUINote(f, "files", tc.out, "main.go:3 (http.Dir)", tc.dirs, fix)
		if ok != (tc.want != "") {
			t.Errorf("%s: note %v, want %v", tc.out, ok, tc.want != "")
			continue
		}
		if !ok {
			continue
		}
		served := tc.out + " (missing from the build context), the build of the UI in " + tc.want
		if n.Rule != "UINotShipped" || n.Field != "files" || !strings.Contains(n.Msg, served) || !strings.Contains(n.Msg, tc.wantFix) || !strings.Contains(n.Msg, "main.go:3 (http.Dir)") {
			t.Errorf("%s: %+v", tc.out, n)
		}
	}
}
