package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestEmbedNotInContext: komari's shape, a package the program imports embedding a directory
// that another repository's build is copied into and the context lacks, is warned of at the
// file's line, and so is a glob whose directory it lacks (hound's); a path in the context, a
// glob in a directory it has or in the package's own, a test file, a file the build's tags leave out,
// the output of a UI the build makes, and a spec with assets are not.
func TestEmbedNotInContext(t *testing.T) {
	tree := func(kv ...string) map[string]string {
		m := map[string]string{
			"go.mod":  "module example.com/monitor\n\ngo 1.26\n",
			"main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/monitor/web/public\"\n)\n\nfunc main() { _ = http.ListenAndServe(\":25774\", http.FileServer(http.FS(public.FS))) }\n",
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	embedding := func(directive string) string {
		return "package public\n\nimport \"embed\"\n\n" + directive + "\nvar FS embed.FS\n"
	}
	for _, c := range []struct {
		name, spec string
		tree       map[string]string
		want       string // the start of the note, "" for none
	}{
		{"a directory the context lacks", "language: go\n", tree("web/public/public.go", embedding("//go:embed defaultTheme")),
			"web/public/public.go:5 embeds web/public/defaultTheme, which is not in the build context"},
		{"one of two patterns, all: written", "language: go\n", tree("web/public/public.go", embedding("//go:embed all:theme  favicon.ico"), "web/public/theme/index.html", "<html></html>"),
			"web/public/public.go:5 embeds web/public/favicon.ico"},
		{"a directory the context has", "language: go\n", tree("web/public/public.go", embedding("//go:embed defaultTheme"), "web/public/defaultTheme/dist/index.html", "<html></html>"), ""},
		{"a glob in a directory the context has", "language: go\n", tree("web/public/public.go", embedding("//go:embed defaultTheme/*.html"), "web/public/defaultTheme/index.html", "<html></html>"), ""},
		{"a glob of the package's own directory", "language: go\n", tree("web/public/public.go", embedding("//go:embed *.html")), ""},
		// hound's ui/bindata.go: `.build/ui/**`, the webpack build its Makefile makes, not committed
		{"a glob in a directory the context lacks", "language: go\n", tree("web/public/public.go", embedding("//go:embed .build/ui/**")),
			"web/public/public.go:5 embeds web/public/.build/ui, which is not in the build context, and no step of this build writes it: go build fails with \"pattern .build/ui/**: no matching files found\""},
		{"a test file", "language: go\n", tree("web/public/public.go", "package public\n\nimport \"io/fs\"\n\nvar FS fs.FS\n",
			"web/public/public_test.go", embedding("//go:embed testdata")), ""},
		{"a file the build's tags leave out", "language: go\n", tree("web/public/public.go", "package public\n\nimport \"io/fs\"\n\nvar FS fs.FS\n",
			"web/public/embed.go", "//go:build embedtheme\n\n"+embedding("//go:embed defaultTheme")), ""},
		{"the output of the UI the build makes", "language: go\n", tree("web/public/public.go", embedding("//go:embed dist"),
			"web/package.json", `{"scripts": {"build": "vite build --outDir public/dist"}, "devDependencies": {"vite": "^7.1.0"}}`), ""},
		{"a spec with assets", "language: go\nassets: {dir: theme, into: web/public/defaultTheme}\n", tree("web/public/public.go", embedding("//go:embed defaultTheme"),
			"theme/package.json", `{"scripts": {"build": "vite build"}}`), ""},
	} {
		f := langtest.Gathered(t, Provider{}, c.spec, c.tree)
		p, err := provider.TryPlan(t, c.spec, f)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var got []string
		for _, n := range p.Notes {
			if n.Rule == "EmbedNotInContext" {
				got = append(got, n.Msg)
			}
		}
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("%s: notes %q, want none", c.name, got)
		case c.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], c.want)):
			t.Errorf("%s: notes %q, want one starting %q", c.name, got, c.want)
		}
	}
}
