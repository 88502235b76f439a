package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

const (
	uiBuild  = `{"name": "console", "scripts": {"dev": "vite", "build": "vite build"}, "devDependencies": {"vite": "^7.1.0"}}`
	builtUI  = `<!doctype html><html><head><script type="module" crossorigin src="./assets/index-4f2a9c.js"></script></head><body></body></html>`
	stubPage = `<!doctype html><title>build the console first</title>`
)

// embedding is a Go file of package pkg embedding pattern.
func embedding(pkg, pattern string) string {
	return "package " + pkg + "\n\nimport \"embed\"\n\n//go:embed " + pattern + "\nvar files embed.FS\n"
}

func withUI(kv ...string) lang.Facts {
	return langtest.With(program("example.com/relay", "."), kv...)
}

// A web UI beside go.mod is built as default assets when the Go build takes its output: a Go
// file in the UI's directory embeds it, or its Vite build writes into the Go tree. A build
// output committed as built, a UI no Go file embeds, and a package with no build script are
// left alone.
func TestEmbeddedUIIsDefaultAssets(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		facts     lang.Facts
		want      string // the assets' directory (and script), "" for none
	}{
		{"Create React App's build/, embedded beside it", "language: go\n", withUI("ui/package.json",
			`{"scripts": {"start": "react-scripts start", "build": "react-scripts build"}, "dependencies": {"react-scripts": "^3.2.0"}}`,
			"ui/serve.go", "package ui\n\nimport \"embed\"\n\n//go:embed build\nvar uiDir embed.FS\n"), "ui"},
		{"Create React App through react-app-rewired, a placeholder committed in build/", "language: go\n", withUI("ui/package.json",
			`{"scripts": {"build": "node ./scripts/env.js && react-app-rewired build"}, "devDependencies": {"react-app-rewired": "^2.2.1", "react-scripts": "5.0.1"}}`,
			"ui/static.go", "package ui\n\nimport \"embed\"\n\n//go:embed build\nvar Build embed.FS\n", "ui/build/favicon.ico", "\x00\x00\x01\x00"), "ui"},
		{"Create React App through craco", "language: go\n", withUI("web/package.json",
			`{"scripts": {"build": "cross-env GENERATE_SOURCEMAP=false craco build"}, "dependencies": {"@craco/craco": "^7.1.0"}}`,
			"web/embed.go", "package web\n\nimport \"embed\"\n\n//go:embed build\nvar Files embed.FS\n"), "web"},
		{"Vue CLI's outputDir writes into the Go tree", "language: go\n", withUI("web/package.json",
			`{"scripts": {"build": "vue-cli-service build"}, "devDependencies": {"@vue/cli-service": "~5.0.8"}}`,
			"web/vue.config.js", "module.exports = {\n  publicPath: './',\n  outputDir: '../api/public',\n};\n",
			"api/router.go", "package api\n\nimport \"embed\"\n\n//go:embed public/*\nvar publicAssets embed.FS\n"), "web"},
		{"a Go file embeds dist/*", "language: go\n", withUI("frontend/package.json", uiBuild,
			"frontend/assets.go", "//go:build !dev\n\npackage frontend\n\nimport \"embed\"\n\n//go:embed dist/*\nvar assets embed.FS\n"), "frontend"},
		{"all:dist, beside a placeholder page", "language: go\n", withUI("ui/package.json", uiBuild,
			"ui/embed.go", "package ui\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Files embed.FS\n", "ui/dist/index.html", stubPage), "ui"},
		{"the root's main.go embeds it", "language: go\n", langtest.With(withUI("web/package.json", uiBuild),
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed web/dist\nvar ui embed.FS\n"), "web"},
		{"Vite writes into the Go tree", "language: go\n", withUI("web/package.json", uiBuild,
			"web/vite.config.ts", "export default defineConfig({\n  build: {\n    outDir: '../internal/console/public',\n  },\n})\n"), "web"},
		{"the output is committed built", "language: go\n", withUI("ui/package.json", uiBuild,
			"ui/embed.go", "package ui\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Files embed.FS\n", "ui/dist/index.html", builtUI), ""},
		{"no Go file embeds it", "language: go\n", withUI("web/package.json", uiBuild,
			"web/handlers.go", "package web\n\n//go:embed templates/*.html\nvar pages string\n"), ""},
		{"no build script", "language: go\n", withUI("ui/package.json", `{"scripts": {"dev": "vite"}}`,
			"ui/embed.go", "package ui\n\n//go:embed dist\nvar Files embed.FS\n"), ""},
		{"another script writes into the Go tree", "language: go\n", withUI("web/package.json",
			`{"scripts": {"build": "vite build", "release": "vite build --mode release --outDir=../internal/console/dist --emptyOutDir"}}`,
			"internal/console/dist/index.html", stubPage), "web release"},
		{"another script writes outside the context", "language: go\n", withUI("web/package.json",
			`{"scripts": {"build": "vite build", "release": "vite build --outDir=../../site"}}`), ""},
		{"behind a tag the build lacks", "language: go\n", withUI("ui/package.json", uiBuild,
			"ui/embed.go", "//go:build assets\n\npackage ui\n\n//go:embed dist/*\nvar Files embed.FS\n"), ""},
		{"Vite writes into the Go tree, embedded behind a tag the build lacks", "language: go\n", withUI("web/package.json", uiBuild,
			"web/vite.config.ts", "export default defineConfig({\n  build: {outDir: '../static/dist'},\n})\n",
			"static/embed_release.go", "//go:build release\n\npackage static\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Files embed.FS\n",
			"static/embed_dev.go", "//go:build !release\n\npackage static\n\nimport \"embed\"\n\nvar Files embed.FS\n"), ""},
		{"Vite writes into the Go tree, embedded behind a tag GOFLAGS gives", "language: go\nbuild: {env: {GOFLAGS: -tags=release}}\n", withUI("web/package.json", uiBuild,
			"web/vite.config.ts", "export default defineConfig({\n  build: {outDir: '../static/dist'},\n})\n",
			"static/embed_release.go", "//go:build release\n\npackage static\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Files embed.FS\n"), "web"},
		{"behind a tag GOFLAGS gives", "language: go\nbuild: {env: {GOFLAGS: -tags=assets}}\n", withUI("ui/package.json", uiBuild,
			"ui/embed.go", "//go:build assets\n\npackage ui\n\n//go:embed dist/*\nvar Files embed.FS\n"), "ui"},
		{"a package below internal/ embeds it", "language: go\n", withUI("internal/site/package.json", uiBuild,
			"internal/site/embed.go", "package site\n\nimport \"embed\"\n\n//go:embed all:dist\nvar dist embed.FS\n"), "internal/site"},
		{"a package below pkg/ that embeds nothing", "language: go\n", withUI("pkg/console/package.json", uiBuild,
			"pkg/console/console.go", "package console\n"), ""},
		{"the root's package.json, embedded by main.go", "language: go\n", withUI("package.json", uiBuild,
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed all:dist\nvar content embed.FS\n"), "."},
		{"the root's Vite outDir, embedded by another root file", "language: go\n", withUI("package.json", uiBuild,
			"vite.config.ts", "export default defineConfig({build: {outDir: 'public'}})\n",
			"assets.go", "package main\n\nimport \"embed\"\n\n//go:embed public/*\nvar public embed.FS\n"), "."},
		{"the root's esbuild build, embedded from the directory above its output", "language: go\n", withUI(
			"package.json", `{"scripts": {"build": "node esbuild.config.mjs"}, "devDependencies": {"esbuild": "^0.28.0"}}`,
			"esbuild.config.mjs", "import * as esbuild from 'esbuild';\nawait esbuild.build({entryPoints: ['web/app.js'], outdir: 'server/ui/dist/'});\n",
			"server/embed.go", "package server\n\nimport \"embed\"\n\n//go:embed ui\nvar ui embed.FS\n"), "."},
		{"the root's build with a Vite config in a subdirectory whose root is its output, embedded there", "language: go\n", withUI(
			"package.json", `{"scripts": {"build": "node_modules/.bin/vite -c web/vite.config.js build"}, "devDependencies": {"vite": "^7.1.0"}}`,
			"web/vite.config.js", "export default defineConfig({\n    root: './web',\n    build: {\n        outDir: '',\n        manifest: true,\n    }\n})\n",
			"web/fs_embed.go", "//go:build fs_embed\n\npackage web\n\nimport \"embed\"\n\n//go:embed .vite/manifest.json assets/*.js\nvar Files embed.FS\n",
			"Makefile", "build:\n\tgo build -tags fs_embed -o relay .\n"), "."},
		{"the root's package.json runs tools only", "language: go\n", withUI("package.json", `{"scripts": {"lint": "prettier --check ."}, "devDependencies": {"prettier": "^3"}}`,
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed all:dist\nvar content embed.FS\n"), ""},
		{"the root's build, which no Go file embeds", "language: go\n", withUI("package.json", uiBuild), ""},
		{"ui/ before the root", "language: go\n", withUI("package.json", uiBuild, "ui/package.json", uiBuild,
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed all:dist ui/dist\nvar content embed.FS\n"), "ui"},
		{"a directory not searched whose production script writes what main.go embeds", "language: go\n", withUI("front/package.json",
			`{"scripts": {"build-dev": "vue-cli-service build --dest=../static --watch", "build-prod": "vue-cli-service build --dest=../static src/main.js"}}`,
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed static\nvar static embed.FS\n"), "front build-prod"},
		{"a directory not searched whose build writes into the Go tree by Vite", "language: go\n", withUI("console/package.json",
			`{"scripts": {"build": "vite build --outDir ../internal/admin/dist"}, "devDependencies": {"vite": "^7.1.0"}}`,
			"internal/admin/admin.go", "package admin\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Dist embed.FS\n"), "console"},
		{"a directory not searched whose build writes what no Go file embeds", "language: go\n", withUI("front/package.json",
			`{"scripts": {"build-prod": "vue-cli-service build --dest=../static"}}`,
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed templates\nvar pages embed.FS\n"), ""},
		{"a directory not searched whose build stays inside it", "language: go\n", withUI("front/package.json",
			`{"scripts": {"build": "vue-cli-service build"}}`,
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed front/dist\nvar static embed.FS\n"), ""},
		{"a directory not searched with two production scripts", "language: go\n", withUI("front/package.json",
			`{"scripts": {"build-prod": "vue-cli-service build --dest=../static", "build:demo": "vue-cli-service build --dest=../static --mode demo"}}`,
			"main.go", "package main\n\nimport \"embed\"\n\n//go:embed static\nvar static embed.FS\n"), ""},
		{"a UI one directory below ui/, embedded by ui/'s Go file", "language: go\n", withUI("ui/app/package.json", uiBuild,
			"ui/web.go", embedding("ui", "app/dist")), "ui/app"},
		{"two UIs below ui/, one embedded", "language: go\n", withUI("ui/app/package.json", uiBuild, "ui/next/package.json", uiBuild,
			"ui/web.go", embedding("ui", "next/dist")), "ui/next"},
		{"a UI below ui/ whose Vite outDir ui/'s Go file embeds", "language: go\n", withUI("ui/v2/package.json", uiBuild,
			"ui/v2/vite.config.ts", "export default defineConfig({\n  build: {outDir: 'build'},\n})\n",
			"ui/ui.go", embedding("ui", "v2/build")), "ui/v2"},
		{"a UI below ui/ that no Go file embeds", "language: go\n", withUI("ui/app/package.json", uiBuild,
			"ui/web.go", embedding("ui", "templates")), ""},
		{"a UI below web/, which has a package.json of its own", "language: go\n", withUI("web/package.json", `{"scripts": {"lint": "eslint ."}}`,
			"web/app/package.json", uiBuild, "web/web.go", embedding("web", "app/dist")), ""},
		{"behind a tag the GoReleaser build gives", "language: go\n", withUI("ui/package.json", uiBuild,
			"ui/embed.go", "//go:build assets\n\npackage ui\n\n//go:embed dist/*\nvar Files embed.FS\n", ".goreleaser.yml", "builds:\n  - tags: [assets]\n"), "ui"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := langtest.Spec(t, tc.src)
			got := ""
			if a := uiAssets(s, tc.facts); a != nil {
				got = strings.TrimSpace(a.Dir + " " + a.Script)
				if a.Output != "" {
					t.Errorf("assets %+v: the output is the UI's own (assets.Add reads its Vite config)", a)
				}
			}
			if got != tc.want {
				t.Errorf("default assets in %q, want %q", got, tc.want)
			}
		})
	}
}

// The file embedding the UI behind a tag the build does not set is a warning at build.env (or
// language), naming the tag to add; none once GOFLAGS gives it.
func TestEmbeddedUIBehindABuildTagWarns(t *testing.T) {
	f := withUI("ui/package.json", uiBuild,
		"ui/embed.go", "//go:build assets\n\npackage ui\n\n//go:embed dist/*\nvar Files embed.FS\n",
		"ui/stub.go", "//go:build !assets\n\npackage ui\n\nvar Files = devPage\n")
	msg := buildTagNote(provider.MustPlan(t, "language: go\nassets: {dir: ui}\n", f))
	if !strings.HasPrefix(msg, "language: ui/embed.go embeds ui/dist only under `//go:build assets`") || !strings.Contains(msg, "GOFLAGS: -tags=assets") {
		t.Errorf("note %q", msg)
	}
	p := provider.MustPlan(t, "language: go\nbuild:\n  env: {GOFLAGS: \"-mod=mod -tags=netgo,assets\"}\n", f)
	if msgs := langtest.Messages(p, rules.EmbeddedUIBuildTag.Name); len(msgs) > 0 {
		t.Errorf("with the tag in GOFLAGS: %q", msgs)
	}
}

// Planning asks for the UI's Vite configs and Go files only where a package.json is, and then
// for the output's index.html.
func TestUIReadsFollowThePackage(t *testing.T) {
	s := langtest.Spec(t, "language: go\n")
	f := withUI("frontend/package.json", uiBuild)
	got := strings.Join(uiFollow(s, f, readUIs(f)), " ")
	if !strings.Contains(got, "frontend/*.go") || !strings.Contains(got, "frontend/vite.config.ts") || strings.Contains(got, "ui/") {
		t.Errorf("follow %s", got)
	}
	f = langtest.With(f, "frontend/assets.go", "package frontend\n\n//go:embed dist/*\nvar assets embed.FS\n")
	if got := uiFollow(s, f, readUIs(f)); got[len(got)-1] != "frontend/dist/index.html" {
		t.Errorf("follow %q, want the output's page last", got)
	}
	// a package below internal/, and the root: their Go files and Vite configs
	f = withUI("internal/site/package.json", uiBuild, "package.json", uiBuild)
	if got := strings.Join(uiFollow(s, f, readUIs(f)), " "); !strings.Contains(got, "internal/site/*.go") || !strings.Contains(got, " *.go") || !strings.Contains(got, " vite.config.ts") {
		t.Errorf("follow %s", got)
	}
	if got := strings.Join(uiReads(), " "); !strings.Contains(got, "internal/*/package.json") || !strings.HasSuffix(got, " package.json") {
		t.Errorf("reads %s", got)
	}
	// a UI one level below ui/: read by the first round, then its Go files and ui/'s
	if got := strings.Join(uiReads(), " "); !strings.Contains(got, "ui/*/package.json") || !strings.Contains(got, "web/*/package.json") {
		t.Errorf("reads %s, want ui/*/package.json and web/*/package.json", got)
	}
	f = withUI("ui/app/package.json", uiBuild)
	if got := strings.Join(uiFollow(s, f, readUIs(f)), " "); !strings.Contains(got, "ui/app/*.go ui/*.go") {
		t.Errorf("follow %s, want ui/app/*.go and ui/*.go", got)
	}
	// esbuild's build file, then the Go files of the directories above the output it names
	f = withUI("package.json", `{"scripts": {"build": "node esbuild.config.mjs"}, "devDependencies": {"esbuild": "^0.28.0"}}`)
	if got := strings.Join(uiFollow(s, f, readUIs(f)), " "); !strings.Contains(got, " esbuild.config.mjs") {
		t.Errorf("follow %s, want esbuild.config.mjs", got)
	}
	f = langtest.With(f, "esbuild.config.mjs", "import * as esbuild from 'esbuild';\nawait esbuild.build({outdir: 'server/ui/dist'});\n")
	if got := strings.Join(uiFollow(s, f, readUIs(f)), " "); !strings.Contains(got, "server/ui/*.go server/*.go") {
		t.Errorf("follow %s, want server/ui/*.go and server/*.go", got)
	}
	// a Vite build writing into the Go tree: the Go files beside its output too
	f = withUI("web/package.json", uiBuild, "web/vite.config.ts", "export default defineConfig({build: {outDir: '../static/dist'}})\n")
	if got := strings.Join(uiFollow(s, f, readUIs(f)), " "); !strings.HasSuffix(got, "static/dist/index.html static/*.go") {
		t.Errorf("follow %s, want static/dist/index.html and static/*.go last", got)
	}
}

// TestEmbeddedUIOutsideItsDirectoryBehindABuildTagWarns: a UI whose Vite build writes into the
// Go tree (../static/dist), embedded there by a file behind a tag the build lacks, warns as one
// embedded in the UI's directory does, naming the file, and is not built as assets.
func TestEmbeddedUIOutsideItsDirectoryBehindABuildTagWarns(t *testing.T) {
	f := withUI("web/package.json", uiBuild,
		"web/vite.config.ts", "export default defineConfig({\n  build: {outDir: '../static/dist'},\n})\n",
		"static/embed_release.go", "//go:build release\n\npackage static\n\nimport \"embed\"\n\n//go:embed all:dist\nvar Files embed.FS\n")
	if msg := buildTagNote(provider.MustPlan(t, "language: go\n", f)); !strings.HasPrefix(msg, "language: static/embed_release.go embeds static/dist only under `//go:build release`") || !strings.Contains(msg, "GOFLAGS: -tags=release") {
		t.Errorf("note %q", msg)
	}
}

// buildTagNote is the plan's EmbeddedUIBuildTag note, as "field: message", "" for none.
func buildTagNote(p *plan.Plan) string {
	if n := langtest.NoteOf(p, rules.EmbeddedUIBuildTag.Name); n != nil {
		return n.Field + ": " + n.Msg
	}
	return ""
}

// coroot's shape, read as planning reads the context (the rounds of Follow): front/ is no UI
// directory planning tries, its only production script writes `--dest=../static`, which the
// root's main.go embeds; the default assets run that script in front/.
func TestAUIWhoseScriptWritesWhatTheRootEmbeds(t *testing.T) {
	tree := map[string]string{
		"go.mod":                  "module example.com/observe\n\ngo 1.26\n",
		"main.go":                 "package main\n\nimport (\n\t\"embed\"\n\t\"net/http\"\n)\n\n//go:embed static\nvar static embed.FS\n\nfunc main() { _ = http.ListenAndServe(\":8080\", http.FileServer(http.FS(static))) }\n",
		"front/package.json":      `{"scripts": {"build-dev": "vue-cli-service build --dest=../static --watch", "build-prod": "vue-cli-service build --dest=../static src/main.js"}, "devDependencies": {"@vue/cli-service": "~5.0.0"}}`,
		"front/package-lock.json": `{"lockfileVersion": 3, "packages": {}}`,
	}
	f := langtest.Gathered(t, Provider{}, "language: go\n", tree)
	a := uiAssets(langtest.Spec(t, "language: go\n"), f)
	if a == nil || a.Dir != "front" || a.Script != "build-prod" || a.Output != "" {
		t.Errorf("default assets %+v, want front's build-prod (read %q)", a, slices.Sorted(maps.Keys(f)))
	}
}

// copySourceDirs are the directories above a path, nearest first, four at most, never the root.
func TestCopySourceDirs(t *testing.T) {
	for src, want := range map[string][]string{
		".":           nil,
		"dist":        nil,
		"web/dist":    {"web"},
		"a/b/c/d/e/f": {"a/b/c/d/e", "a/b/c/d", "a/b/c", "a/b"},
		"a/b/c/d/e":   {"a/b/c/d", "a/b/c", "a/b", "a"},
	} {
		if got := copySourceDirs(src); !slices.Equal(got, want) {
			t.Errorf("copySourceDirs(%q) = %q, want %q", src, got, want)
		}
	}
}
