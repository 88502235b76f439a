package assets_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/assets"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A Go server whose frontend/ package embeds the UI's build (frontend/dist holds only a
// .gitkeep), planned from `language: go` alone as the frontend reads a directory: the UI's
// package.json first, then its Go files and Vite config, then its install files; the UI is
// built as assets and its output copied to frontend/dist before go build. The same project
// with a built page committed in frontend/dist is a plain Go build.
func TestGoEmbeddedUIIsBuiltByDefault(t *testing.T) {
	dir := tree.Write(t, map[string]string{
		"go.mod":                      "module example.com/drive/v2\n\ngo 1.26\n",
		"main.go":                     "package main\n",
		"frontend/package.json":       uiPackage,
		"frontend/package-lock.json":  "{}",
		"frontend/vite.config.ts":     "export default defineConfig({ plugins: [vue()] })\n",
		"frontend/assets.go":          "//go:build !dev\n\npackage frontend\n\nimport \"embed\"\n\n//go:embed dist/*\nvar assets embed.FS\n",
		"frontend/assets_dev.go":      "//go:build dev\n\npackage frontend\n",
		"frontend/dist/.gitkeep":      "",
		"frontend/src/main.ts":        "",
		"frontend/node_modules/x.txt": "",
	})
	s := langtest.Spec(t, "language: go\nports: [8080]\n")
	f := readDir(t, s, dir)
	for _, want := range []string{"frontend/package.json", "frontend/assets.go", "frontend/vite.config.ts", "frontend/package-lock.json"} {
		if !f.Has(want) {
			t.Errorf("planning did not read %s", want)
		}
	}
	p, err := providers.Plan(s, f)
	plannedStages(t, p, err, "deps deps-list deps-build assets-deps assets builder tester runtime")
	if got := builderCopies(p); !strings.Contains(got, "--from=assets /app/dist ./frontend/dist/") ||
		!strings.Contains(got, "exclude=frontend/dist,frontend/node_modules") {
		t.Errorf("builder copies %s", got)
	}

	// assets: false turns the default off
	off, err := providers.Plan(langtest.Spec(t, "language: go\nports: [8080]\nassets: false\n"), f)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(off); got != "deps deps-list deps-build builder tester runtime" {
		t.Errorf("with assets: false: stages %q", got)
	}

	built := `<!doctype html><script type="module" crossorigin src="/assets/index-d41d8c.js"></script>`
	if err := os.WriteFile(filepath.Join(dir, "frontend/dist/index.html"), []byte(built), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err = providers.PlanDir(s, dir); err != nil {
		t.Fatal(err)
	}
	if got := names(p); got != "deps deps-list deps-build builder tester runtime" {
		t.Errorf("with the build committed: stages %q", got)
	}
}

// planWebUI plans a Go module whose UI in web/, as its assets, has the package.json ui, locked by npm.
func planWebUI(t *testing.T, ui string) *plan.Plan {
	t.Helper()
	p := registry.MustPlan(t, "language: go\nassets: {dir: web}\n", lang.Facts{"go.mod": []byte("module example.com/gate\n"),
		"web/package.json": []byte(ui), "web/package-lock.json": []byte("{}")})
	return p
}

// The UI's own install scripts run during its install, before its source is copied and without
// .git (a `prepare: lefthook install` fails there): InstallScript says so, at assets.
func TestAssetsInstallScriptWarns(t *testing.T) {
	ui := `{"scripts": {"build": "vite build", "prepare": "lefthook install", "postinstall": "patch-package"}, "devDependencies": {"vite": "^7.1.0"}}`
	p := planWebUI(t, ui)
	if got := langtest.NotesOf(p, "InstallScript"); len(got) != 1 || !strings.HasPrefix(got[0].Field+": "+got[0].Msg, "assets.dir: web: package.json's prepare script runs during the dependency install") {
		t.Errorf("InstallScript notes %+v, want prepare's alone (patch-package's patches are copied)", got)
	}
}

// A UI's own install script that reads its source (a postinstall running a script of the UI's
// bin/) is left out of its install, and its build stage runs it after the source copy, before
// the build; no InstallScript warning. A git hook installer stays in the install (above).
func TestAssetsInstallScriptRunsWithTheSource(t *testing.T) {
	ui := `{"scripts": {"build": "vite build", "postinstall": "bin/copy-workers.sh", "prepare": "husky"}, "devDependencies": {"vite": "^7.1.0"}}`
	p := planWebUI(t, ui)
	var deps, build []string
	for _, r := range langtest.Steps[*plan.Run](p.Stage("assets-deps")) {
		deps = append(deps, strings.Join(r.Args, " "))
	}
	for _, r := range langtest.Steps[*plan.Run](p.Stage("assets")) {
		build = append(build, strings.Join(r.Args, " "))
	}
	if got := strings.Join(deps, "; "); !strings.Contains(got, "npm pkg delete scripts.postinstall") || strings.Contains(got, "scripts.prepare") {
		t.Errorf("assets-deps runs %s", got)
	}
	if got := strings.Join(build, "; "); !strings.Contains(got, "npm run postinstall; npm run build") {
		t.Errorf("assets runs %s", got)
	}
	for _, n := range p.Notes {
		if n.Rule == "InstallScript" && strings.Contains(n.Msg, "postinstall") {
			t.Errorf("a deferred script is warned of: %s", n.Msg)
		}
	}
}

// A UI outside the usual directories, planned from `language: go` alone as the frontend reads
// a directory: a package below internal/ holding the UI and the Go file that embeds its build
// (a hub whose internal/site embeds `all:dist`), and a UI at the module's root whose build
// main.go embeds (`vite build` beside go.mod). Each is built as assets and its output copied
// where the Go build embeds it.
func TestGoEmbeddedUIOutsideTheUsualDirectories(t *testing.T) {
	embedDist := func(pkg string) string {
		return "package " + pkg + "\n\nimport \"embed\"\n\n//go:embed all:dist\nvar dist embed.FS\n"
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // the builder's copies that must be there
	}{
		{"a package below internal/", map[string]string{
			"go.mod":                          "module example.com/hub\n\ngo 1.26\n",
			"cmd/hub/main.go":                 "package main\n\nimport _ \"example.com/hub/internal/site\"\n",
			"internal/site/package.json":      uiPackage,
			"internal/site/package-lock.json": "{}",
			"internal/site/embed.go":          embedDist("site"),
			"internal/site/src/main.tsx":      "",
		}, []string{"--from=assets /app/dist ./internal/site/dist/", "exclude=internal/site/dist,internal/site/node_modules"}},
		{"the module's root", map[string]string{
			"go.mod":            "module example.com/logs\n\ngo 1.26\n",
			"main.go":           embedDist("main"),
			"package.json":      uiPackage,
			"package-lock.json": "{}",
			"vite.config.ts":    "export default defineConfig({ plugins: [vue()] })\n",
			"assets/main.ts":    "",
		}, []string{"--from=assets /app/dist ./dist/", "exclude=dist,node_modules"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := langtest.Spec(t, "language: go\nports: [8080]\n")
			p, err := providers.PlanDir(s, tree.Write(t, tc.files))
			plannedStages(t, p, err, "deps deps-list deps-build assets-deps assets builder tester runtime")
			for _, want := range tc.want {
				if got := builderCopies(p); !strings.Contains(got, want) {
					t.Errorf("builder copies %s, want %s", got, want)
				}
			}
		})
	}
}

// readDir reads dir as the frontend reads a build context for the spec s.
func readDir(t *testing.T, s *spec.Spec, dir string) lang.Facts {
	t.Helper()
	f, _, err := providers.Read(s, lang.DirReader(dir))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// builderCopies are the builder's copies, as copyText writes them, joined by "; ".
func builderCopies(p *plan.Plan) string {
	var copied []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("builder")) {
		copied = append(copied, copyText(c))
	}
	return strings.Join(copied, "; ")
}

// Assets built by esbuild: planning asks for the build file their script runs with node, and
// copies the outdir it names into the builder.
func TestAssetsBuiltByEsbuild(t *testing.T) {
	s := langtest.Spec(t, "language: go\nassets: {dir: web}\n")
	f := lang.Facts{"go.mod": []byte("module example.com/gate\n"), "main.go": []byte("package main\n"),
		"web/package.json":      []byte(`{"scripts": {"build": "node build.mjs"}, "devDependencies": {"esbuild": "^0.28.0"}}`),
		"web/package-lock.json": []byte("{}")}
	if got := assets.Follow(s, f); !slices.Contains(got, "web/build.mjs") {
		t.Errorf("follow %q, want web/build.mjs", got)
	}
	f["web/build.mjs"] = []byte("import * as esbuild from 'esbuild';\nawait esbuild.build({outdir: '../static/js'});\n")
	p, err := providers.Plan(s, f)
	if err != nil {
		t.Fatal(err)
	}
	var copied []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("builder")) {
		copied = append(copied, copyText(c))
	}
	if got := strings.Join(copied, "; "); !strings.Contains(got, "./static/js/") {
		t.Errorf("builder copies %s, want the output in static/js", got)
	}
}

// A Go module whose UIs are packages of an npm workspace below the root (frp's shape: web/ with
// its own package.json and lockfile, a UI per program, a shared package the UIs reach through
// their Vite config's alias), each UI embedded by a package that one program imports. Planned
// from `language: go` and `entrypoint` as the frontend reads a directory: the UI the program
// imports is built from web/'s lockfile, filtered to it and the shared package, and copied into
// the builder at web/<ui>/dist; the other UI, which only `go test ./...` compiles, is built in
// stages of its own (assets-<ui>) that only the tester copies from.
func TestGoEmbeddedUIOfAWorkspaceBelowTheRoot(t *testing.T) {
	ui := func(name string) string {
		return `{"name": "` + name + `-ui", "private": true, "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.3.0"}}`
	}
	embed := func(pkg string) string {
		return "//go:build !noweb\n\npackage " + pkg + "\n\nimport \"embed\"\n\n//go:embed dist\nvar Dist embed.FS\n"
	}
	dir := tree.Write(t, map[string]string{
		"go.mod":                    "module example.com/relay\n\ngo 1.26\n",
		"cmd/hub/main.go":           "package main\n\nimport (\n\t_ \"example.com/relay/web/hub\"\n)\n\nfunc main() {}\n",
		"cmd/agent/main.go":         "package main\n\nimport _ \"example.com/relay/web/agent\"\n\nfunc main() {}\n",
		"web/package.json":          `{"name": "relay-web", "private": true, "workspaces": ["common", "agent", "hub"]}`,
		"web/package-lock.json":     `{"lockfileVersion": 3}`,
		"web/common/package.json":   `{"name": "relay-common", "private": true}`,
		"web/hub/package.json":      ui("hub"),
		"web/hub/vite.config.mts":   "export default { resolve: { alias: { '@common': new URL('../common', import.meta.url) } } }\n",
		"web/hub/embed.go":          embed("hub"),
		"web/hub/embed_stub.go":     "//go:build noweb\n\npackage hub\n",
		"web/agent/package.json":    ui("agent"),
		"web/agent/vite.config.mts": "export default { resolve: { alias: { '@common': new URL('../common', import.meta.url) } } }\n",
		"web/agent/embed.go":        embed("agent"),
	})
	for _, tc := range []struct{ entrypoint, ui, other string }{{"./cmd/hub", "hub", "agent"}, {"./cmd/agent", "agent", "hub"}} {
		t.Run(tc.ui, func(t *testing.T) {
			s := langtest.Spec(t, "language: go\nentrypoint: "+tc.entrypoint+"\n")
			p, err := providers.PlanDir(s, dir)
			plannedStages(t, p, err, "deps deps-list deps-build assets-deps assets assets-"+tc.other+"-deps assets-"+tc.other+" builder tester runtime")
			deps, build, builder := p.Stage("assets-deps"), p.Stage("assets"), p.Stage("builder")
			c := langtest.Steps[*plan.Copy](deps)
			want := []string{"package.json", "package-lock.json", "common/package.json", "agent/package.json", "hub/package.json"}
			if len(c) != 1 || !slices.Equal(c[0].Paths, []string{"web"}) || !containsAll(c[0].Include, want) ||
				!strings.HasPrefix(c[0].Display, "web/package.json web/package-lock.json") {
				t.Fatalf("assets-deps copies %+v, want web/'s lockfile and the manifests %q, from web", c, want)
			}
			runs := langtest.Commands(deps)
			if install := "npm ci --workspace " + tc.ui + " --workspace common --include-workspace-root"; !slices.Contains(runs, install) {
				t.Errorf("assets-deps runs %q, want %q", runs, install)
			}
			if c := langtest.Steps[*plan.Copy](build); len(c) != 1 || copyText(c[0]) !=
				"web ./ exclude=**/node_modules,"+tc.other+","+tc.ui+"/dist,**/*.go,**/go.mod,**/go.sum,go.work,go.work.sum" {
				t.Errorf("assets copies %q", copyText(c[0]))
			}
			runs = nil
			for _, r := range langtest.Steps[*plan.Run](build) {
				runs = append(runs, langtest.Shown(r))
			}
			if !slices.Equal(runs, []string{"npm run build --workspace " + tc.ui, "test -e /app/" + tc.ui + "/dist"}) {
				t.Errorf("assets runs %q", runs)
			}
			bc := langtest.Steps[*plan.Copy](builder)
			if len(bc) != 2 || copyText(bc[0]) != ". ./ exclude=web/"+tc.ui+"/dist,web/"+tc.ui+"/node_modules,web/node_modules,web/"+tc.other+"/dist,web/"+tc.other+"/node_modules" ||
				copyText(bc[1]) != "--from=assets /app/"+tc.ui+"/dist ./web/"+tc.ui+"/dist/ exclude=" {
				t.Errorf("builder copies %q, %q", copyText(bc[0]), copyText(bc[1]))
			}
			// the other UI: installed and built alike, copied into the tester only
			other := langtest.Steps[*plan.Run](p.Stage("assets-" + tc.other + "-deps"))
			if len(other) == 0 || !strings.Contains(strings.Join(other[len(other)-1].Args, " "), "npm ci --workspace "+tc.other+" ") {
				t.Errorf("assets-%s-deps runs %+v, want its install", tc.other, other)
			}
			if c := langtest.Steps[*plan.Copy](p.Stage("tester")); len(c) != 1 ||
				copyText(c[0]) != "--from=assets-"+tc.other+" /app/"+tc.other+"/dist ./web/"+tc.other+"/dist/ exclude=" {
				t.Errorf("tester copies %+v", c)
			}
		})
	}
	// an image of both programs (binaries) builds both UIs into the builder, the tester taking them from it
	s := langtest.Spec(t, "language: go\nbinaries: [./cmd/hub, ./cmd/agent]\n")
	p, err := providers.PlanDir(s, dir)
	plannedStages(t, p, err, "deps deps-list deps-build assets-deps assets assets-hub-deps assets-hub builder tester runtime")
	var copied []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("builder"))[1:] {
		copied = append(copied, copyText(c))
	}
	if want := []string{"--from=assets /app/agent/dist ./web/agent/dist/ exclude=", "--from=assets-hub /app/hub/dist ./web/hub/dist/ exclude="}; !slices.Equal(copied, want) {
		t.Errorf("builder copies %q, want %q", copied, want)
	}
	if c := langtest.Steps[*plan.Copy](p.Stage("tester")); len(c) != 0 {
		t.Errorf("tester copies %+v, want none: the builder has both UIs", c)
	}
	// the spec's list: each entry in stages of its own, in its order, pointing at its line
	s = langtest.Spec(t, "language: go\nentrypoint: ./cmd/hub\nassets:\n  - {dir: web/hub}\n  - {dir: web/agent}\n")
	p, err = providers.PlanDir(s, dir)
	plannedStages(t, p, err, "deps deps-list deps-build assets-deps assets assets-agent-deps assets-agent builder tester runtime")
	copied = nil
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("builder"))[1:] {
		copied = append(copied, copyText(c))
	}
	if want := []string{"--from=assets /app/hub/dist ./web/hub/dist/ exclude=", "--from=assets-agent /app/agent/dist ./web/agent/dist/ exclude="}; !slices.Equal(copied, want) {
		t.Errorf("builder copies %q, want %q", copied, want)
	}
	if st := p.Stage("assets-agent"); st.Field != "assets[1]" {
		t.Errorf("assets-agent points at %q, want assets[1]", st.Field)
	}
}

// A Go module below the root whose embed directory holds only a .keep, and a UI beside the
// module that scripts.sh builds and copies there (internal/e2e/testdata/go-ui-script, fusion's
// shape), read as the frontend reads the context: the UI is built as default assets and its
// output copied into backend/internal/web/dist, which the source copy leaves out. Without the
// script nothing ties the UI to the embed, and the build is Go's alone. `assets.into` says the
// same in a spec.
func TestGoUICopiedByAScript(t *testing.T) {
	dir := filepath.Join("..", "..", "e2e", "testdata", "go-ui-script")
	s := langtest.Spec(t, "language: go\nentrypoint: ./backend/cmd/ledger\n")
	f := readDir(t, s, dir)
	p, err := providers.Plan(s, f)
	plannedStages(t, p, err, "deps deps-list deps-build assets-deps assets builder tester runtime")
	if got := builderCopies(p); !strings.Contains(got, "--from=assets /app/dist ./backend/internal/web/dist/") ||
		!strings.Contains(got, "exclude=frontend/dist,frontend/node_modules,backend/internal/web/dist") {
		t.Errorf("builder copies %s", got)
	}

	delete(f, "scripts.sh")
	if p, err = providers.Plan(s, f); err != nil {
		t.Fatal(err)
	}
	if got := names(p); got != "deps deps-list deps-build builder tester runtime" {
		t.Errorf("without the script: stages %q", got)
	}

	written := langtest.Spec(t, "language: go\nentrypoint: ./backend/cmd/ledger\nassets: {dir: frontend, into: backend/internal/web/dist}\n")
	if p, err = providers.Plan(written, f); err != nil {
		t.Fatal(err)
	}
	c := langtest.Steps[*plan.Copy](p.Stage("builder"))
	if len(c) < 2 || copyText(c[1]) != "--from=assets /app/dist ./backend/internal/web/dist/ exclude=" || c[1].Where() != "assets.into" {
		t.Errorf("with assets.into, builder copies %+v", c)
	}
}

// An embedded UI whose build reads files beside its directory (answer's ui/: the script its
// build runs first reads ../../configs/config.yaml, its config-overrides.js ../i18n) gets them
// copied into the assets' build, after its source, to the same place relative to it; a path
// the context lacks, one inside the UI and one two levels up are not copied.
func TestGoEmbeddedUIReadsBesideItsDirectory(t *testing.T) {
	dir := tree.Write(t, map[string]string{
		"go.mod":  "module example.com/answers\n\ngo 1.26\n",
		"main.go": "package main\n\nimport _ \"example.com/answers/ui\"\n\nfunc main() {}\n",
		// beside ui/, what its build reads
		"configs/config.yaml": "server: {}\n", "i18n/en_US.yaml": "hello: Hello\n",
		"ui/package.json":      `{"scripts": {"build": "node ./scripts/env.js && react-app-rewired build"}, "devDependencies": {"react-app-rewired": "^2.2.1", "react-scripts": "5.0.1"}}`,
		"ui/package-lock.json": "{}",
		"ui/static.go":         "package ui\n\nimport \"embed\"\n\n//go:embed build\nvar Build embed.FS\n",
		"ui/build/favicon.ico": "icon",
		"ui/config-overrides.js": "const path = require('path');\nconst i18nPath = path.resolve(__dirname, \"../i18n\");\n" +
			"const missing = path.resolve(__dirname, '../docs');\nmodule.exports = {};\n",
		"ui/scripts/env.js": "const path = require('path');\nconst configFilePath = path.resolve(__dirname, '../../configs/config.yaml');\n" +
			"const envFilePath = path.resolve(__dirname, '../.env.production');\nconst far = path.resolve(__dirname, '../../../etc/x');\n",
	})
	s := langtest.Spec(t, "language: go\n")
	p, err := providers.Plan(s, readDir(t, s, dir))
	if err != nil {
		t.Fatal(err)
	}
	var copied []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("assets")) {
		copied = append(copied, copyText(c))
	}
	want := []string{"ui /app exclude=**/node_modules,build", "configs/config.yaml /configs/config.yaml exclude=", "i18n /i18n/ exclude="}
	if len(copied) < 3 || !strings.HasSuffix(copied[0], "exclude=**/node_modules,build") || !slices.Equal(copied[1:], want[1:]) {
		t.Errorf("assets copies %q, want the source, then %q", copied, want[1:])
	}
}
