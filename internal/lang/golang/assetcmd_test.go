package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestEmbeddedAssetNotBuilt: a Tailwind CSS or esbuild command of the project's own build (a
// Taskfile, a Makefile, a package.json script) writing into a directory a Go file above its output
// embeds, its output not in the context, is warned of at the spec's language, naming the command,
// the embedding file and the assets to write; an output committed, one no Go file embeds, or a spec
// with assets say nothing.
func TestEmbeddedAssetNotBuilt(t *testing.T) {
	ctx := func(kv ...string) map[string]string {
		return langtest.With(map[string]string{
			"go.mod":                 "module example.com/backups\n\ngo 1.26\n",
			"main.go":                "package main\n\nimport _ \"example.com/backups/web/static\"\n\nfunc main() {}\n",
			"web/static/static.go":   "package static\n\nimport \"embed\"\n\n//go:embed *\nvar FS embed.FS\n",
			"web/static/css/app.css": "@tailwind base;\n",
			"package.json":           `{"devDependencies": {"tailwindcss": "3.4.6"}}`,
		}, kv...)
	}
	plan := func(spec string, m map[string]string) string {
		n := langtest.NoteOf(provider.MustPlan(t, spec, provider.Gathered(t, spec, m)), "EmbeddedAssetNotBuilt")
		if n == nil {
			return ""
		}
		return n.Msg
	}
	const taskfile = "version: '3'\ntasks:\n  build:static:\n    cmds:\n      - >\n        npm run tailwindcss --\n        --minify\n        --input ./web/static/css/app.css\n        --output ./web/static/build/app.min.css\n"
	got := plan("language: go\n", ctx("Taskfile.yml", taskfile))
	if !strings.Contains(got, "Taskfile.yml:5 runs tailwindcss, which writes web/static/build/app.min.css into web/static, which web/static/static.go embeds") ||
		!strings.Contains(got, "a package.json script running it, then `assets: {dir: ., script: <that script>, output: web/static/build}`") {
		t.Errorf("Taskfile: %q", got)
	}
	pkg := `{"scripts": {"build:js": "esbuild web/src/app.ts --bundle --outfile=web/static/build/app.js"}}`
	if got := plan("language: go\n", ctx("package.json", pkg)); !strings.Contains(got, "package.json scripts.build:js runs esbuild, which writes web/static/build/app.js") ||
		!strings.Contains(got, "`assets: {dir: ., script: build:js, output: web/static/build}`") {
		t.Errorf("package.json: %q", got)
	}
	mk := "css:\n\t./bin/tailwindcss -i web/static/css/app.css -o web/static/build/app.css\n"
	if got := plan("language: go\n", ctx("Makefile", mk)); !strings.Contains(got, "runs tailwindcss, which writes web/static/build/app.css") {
		t.Errorf("Makefile: %q", got)
	}
	for name, m := range map[string]map[string]string{
		"committed":         ctx("Makefile", mk, "web/static/build/app.css", "body{}"),
		"not embedded":      ctx("Makefile", "css:\n\ttailwindcss -i a.css -o public/app.css\n"),
		"another tool's -o": ctx("Makefile", "bin:\n\tgo build -o web/static/build/tool .\n"),
	} {
		if got := plan("language: go\n", m); got != "" {
			t.Errorf("%s: %q", name, got)
		}
	}
	if got := plan("language: go\nassets: false\n", ctx("Makefile", mk)); got != "" {
		t.Errorf("assets: false: %q", got)
	}
}
