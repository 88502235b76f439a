package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// withDashboardUI is a DNS filter at the root embedding `build` (a gitkeep committed) and a
// webpack UI in console/, a directory not searched for one, writing ../build/public by a path
// computed in its configuration; kv added.
func withDashboardUI(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"go.mod":                    []byte("module example.com/sieve\n\ngo 1.26\n"),
		"main.go":                   []byte("package main\n\nimport \"embed\"\n\n//go:embed build\nvar ui embed.FS\n\nfunc main() {}\n"),
		"build/gitkeep":             nil,
		"build/":                    nil,
		"console/package.json":      []byte(`{"scripts": {"build-dev": "webpack --config webpack.dev.js", "build-prod": "webpack --config webpack.prod.js", "lint": "eslint src"}}`),
		"console/package-lock.json": []byte("{}"),
		"console/webpack.common.js": []byte("const path = require('path');\nconst OUT = path.resolve(__dirname, '../build/public');\nmodule.exports = { output: { path: OUT } };\n"),
	}, kv...)
}

// withServedUI is a flag service whose settings package, imported by its program, serves
// ./web/panel/dist/ with http.Dir, a directory not in the context that the Vite UI in
// web/panel (whose package.json is above it) builds; kv added.
func withServedUI(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"go.mod":                      []byte("module example.com/toggles\n\ngo 1.26\n"),
		"cmd/toggles/main.go":         []byte("package main\n\nimport _ \"example.com/toggles/pkg/setup\"\n\nfunc main() {}\n"),
		"pkg/setup/static.go":         []byte("package setup\n\nimport \"net/http\"\n\nvar UI = http.FileServer(http.Dir(\"./web/panel/dist/\"))\n"),
		"web/panel/package.json":      []byte(uiBuild),
		"web/panel/package-lock.json": []byte("{}"),
	}, kv...)
}

func webUINote(p *plan.Plan) string {
	for _, n := range p.Notes {
		if n.Rule == rules.WebUINotBuilt.Name || n.Rule == rules.UINotShipped.Name {
			return n.Field + ": " + n.Msg
		}
	}
	return ""
}

// An embedded placeholder that the webpack configuration of a UI in a directory not searched
// names (`'../build/public'`) is WebUINotBuilt naming the `assets` to write, and a served
// directory missing from the context that the package.json above it builds is UINotShipped
// naming `assets` and `files`;
// nothing is built on that guess. Not when the spec has `assets` or covers the path in `files`,
// when the embedded directory holds a page, when no configuration names it, or when the UI
// builds another directory than the one served.
func TestUINotSearchedWarns(t *testing.T) {
	const src = "language: go\n"
	f := withDashboardUI()
	got := webUINote(provider.MustPlan(t, src, f))
	for _, want := range []string{"language: main.go embeds build,", "console/webpack.common.js names it (`../build/public`)",
		"`assets: {dir: console, script: build-prod, output: build/public}`"} {
		if !strings.Contains(got, want) {
			t.Errorf("embedded: note %q, want %q", got, want)
		}
	}
	asked := strings.Join(Provider{}.Follow(langtest.Spec(t, src), f), " ")
	for _, want := range []string{"*/package.json", "console/webpack*.js", lang.Probe("build"), "build/index.html"} {
		if !strings.Contains(asked, want) {
			t.Errorf("embedded: Follow asks %q, want %q", asked, want)
		}
	}
	if a := uiAssets(langtest.Spec(t, src), f); a != nil {
		t.Errorf("default assets %+v on a guess", a)
	}

	const served = "language: go\nentrypoint: ./cmd/toggles\n"
	s := withServedUI()
	got = webUINote(provider.MustPlan(t, served, s))
	asked = strings.Join(Provider{}.Follow(langtest.Spec(t, served), s), " ")
	for _, want := range []string{lang.Probe("web/panel/dist"), "web/panel/package.json", "web/panel/vite.config.ts"} {
		if !strings.Contains(asked, want) {
			t.Errorf("served: Follow asks %q, want %q", asked, want)
		}
	}
	for _, want := range []string{"language: pkg/setup/static.go:5 (http.Dir) serves web/panel/dist (missing from the build context), the build of the UI in web/panel,",
		"build it with `assets: {dir: web/panel}` and ship it with `files: [{src: web/panel/dist, dest: web/panel/dist}]`"} {
		if !strings.Contains(got, want) {
			t.Errorf("served: note %q, want %q", got, want)
		}
	}

	for name, tc := range map[string]struct {
		src   string
		facts lang.Facts
	}{
		"assets: false":             {src + "assets: false\n", f},
		"assets named":              {src + "assets: {dir: console, script: build-prod, output: build/public}\n", f},
		"a page committed there":    {src, langtest.With(f, "build/index.html", stubPage)},
		"no configuration names it": {src, langtest.With(f, "console/webpack.common.js", "module.exports = { output: { path: OUT } };\n")},
		"served: assets named":      {served + "assets: {dir: web/panel}\n", s},
		"served: files cover it":    {served + "files: [{src: web/panel/dist, dest: web/panel/dist}]\n", s},
		"served: in the context":    {served, langtest.With(s, "web/panel/dist/index.html", builtUI, "web/panel/dist/", "")},
		"served: another output":    {served, langtest.With(s, "web/panel/vite.config.ts", "export default { build: { outDir: 'public' } }\n")},
		"served: no build script":   {served, langtest.With(s, "web/panel/package.json", `{"scripts": {"dev": "vite"}}`)},
	} {
		if got := webUINote(provider.MustPlan(t, tc.src, tc.facts)); got != "" {
			t.Errorf("%s: note %q", name, got)
		}
	}
}
