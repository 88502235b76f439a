package golang

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// withSiblingUI is a Go module in backend/ whose internal/web package embeds dist/ (a .keep
// committed there) and a UI in frontend/ beside it, with kv added.
func withSiblingUI(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"backend/go.mod":                   []byte("module example.com/ledger\n\ngo 1.26\n"),
		"backend/cmd/ledger/main.go":       []byte("package main\n\nimport _ \"example.com/ledger/internal/web\"\n"),
		"backend/internal/web/assets.go":   []byte("package web\n\nimport \"embed\"\n\n//go:embed all:dist fallback/index.html\nvar assets embed.FS\n"),
		"backend/internal/web/dist/.keep":  nil,
		"frontend/package.json":            []byte(uiBuild),
		"frontend/package-lock.json":       []byte("{}"),
		"backend/internal/web/fallback.go": []byte("package web\n"),
	}, kv...)
}

// A UI whose output a script of the project copies into a directory a Go file beside it embeds
// (fusion's scripts.sh: `cp -R frontend/dist/. backend/internal/web/dist/`) is built as default
// assets and copied there (Into). A Makefile's recipe and rsync count; a copy into a directory
// no Go file embeds, one through a variable, or into a directory that holds a built page
// committed on purpose, does not; and a Vite outDir writing there is built where it writes.
func TestUICopiedByAScript(t *testing.T) {
	const spec = "language: go\nentrypoint: ./backend/cmd/ledger\n"
	for _, tc := range []struct {
		name  string
		facts lang.Facts
		want  string // "dir into", "" for no assets
	}{
		{"scripts.sh copies what dist holds", withSiblingUI("scripts.sh",
			"#!/bin/sh\nset -eu\n(cd frontend && pnpm run build)\nrm -rf backend/internal/web/dist\nmkdir -p backend/internal/web/dist\ncp -R frontend/dist/. backend/internal/web/dist/\n"),
			"frontend backend/internal/web/dist"},
		{"a script in scripts/ copies dist/* after a cd in a subshell", withSiblingUI("scripts/build-ui.sh",
			"(cd frontend && npm ci && npm run build) && cp -r \"frontend/dist/\"* backend/internal/web/dist # sync\n"),
			""},
		{"a script in scripts/ copies dist/*", withSiblingUI("scripts/build-ui.sh",
			"(cd frontend && npm ci && npm run build) && cp -r frontend/dist/* backend/internal/web/dist # sync\n"),
			"frontend backend/internal/web/dist"},
		{"the Makefile copies the directory into its parent", withSiblingUI("Makefile",
			"UI := frontend\nWEB := backend/internal/web\n\nui:\n\tcd $(UI) && npm run build\n\t@rm -rf $(WEB)/dist\n\tcp -r $(UI)/dist $(WEB)/\n"),
			"frontend backend/internal/web/dist"},
		{"rsync of its contents", withSiblingUI("build.sh", "rsync -a --delete frontend/dist/ backend/internal/web/dist/\n"),
			"frontend backend/internal/web/dist"},
		{"a copy into a directory no Go file embeds", withSiblingUI("scripts.sh", "cp -R frontend/dist/. backend/public/\n"), ""},
		{"a copy through a variable", withSiblingUI("scripts.sh", "cp -R frontend/dist/. \"$WEB_DIR\"/dist/\n"), ""},
		{"a commented-out copy", withSiblingUI("scripts.sh", "# cp -R frontend/dist/. backend/internal/web/dist/\n"), ""},
		{"a built page committed where it is copied", withSiblingUI("scripts.sh", "cp -R frontend/dist/. backend/internal/web/dist/\n",
			"backend/internal/web/dist/index.html", builtUI), ""},
		{"no script", withSiblingUI(), ""},
		{"Vite writes into the sibling module", withSiblingUI("frontend/vite.config.ts",
			"export default defineConfig({\n  build: {outDir: '../backend/internal/web/dist', emptyOutDir: true},\n})\n"), "frontend"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if a := uiAssets(langtest.Spec(t, spec), tc.facts); a != nil {
				got = strings.TrimSpace(a.Dir + " " + a.Into)
			}
			if got != tc.want {
				t.Errorf("default assets %q, want %q", got, tc.want)
			}
		})
	}
}

// Planning reads the root's shell scripts and those in scripts/ first, and then, for a copy
// of a UI's output, the Go files beside each directory it may land in and its index.html.
func TestUIScriptReads(t *testing.T) {
	if reads := uiReads(); !slices.Contains(reads, "*.sh") || !slices.Contains(reads, "scripts/*.sh") {
		t.Errorf("reads %q, want the shell scripts", reads)
	}
	f := langtest.With(lang.Facts{"backend/go.mod": []byte("module example.com/ledger\n")}, "frontend/package.json", uiBuild,
		"scripts.sh", "cp -R frontend/dist backend/internal/web\n")
	got := strings.Join(uiFollow(langtest.Spec(t, "language: go\nentrypoint: ./backend/cmd/ledger\n"), f, readUIs(f)), " ")
	for _, want := range []string{"backend/internal/*.go", "backend/internal/web/*.go", "backend/internal/web/index.html",
		"backend/internal/web/dist/*.go", "backend/internal/web/dist/index.html"} {
		if !strings.Contains(got, want+" ") && !strings.HasSuffix(got, want) {
			t.Errorf("follow %s, want %s", got, want)
		}
	}
}

// copiesIn reads cp, rsync and mv of plain paths, each source once, with where the copy may land,
// relative to the directory the line runs in (a Taskfile task's dir; a hidden output is one).
func TestCopiesIn(t *testing.T) {
	for _, tc := range []struct{ line, dir, want string }{
		{"cp -R frontend/dist/. backend/internal/web/dist/", "", "frontend/dist>backend/internal/web/dist"},
		{"cp -r ./.output/public ../backend/app/api/static/", "frontend", "frontend/.output/public>backend/app/api/static,backend/app/api/static/public"},
		{"cp -r ../../ui/dist web/", "frontend", ""},
		{"@cp -a ./ui/build ./server/static", "", "ui/build>server/static,server/static/build"},
		{"mkdir -p out && mv web/dist/* out/ui; echo done", "", "web/dist>out/ui"},
		{"sudo rsync -av web/dist server/", "", "web/dist>server,server/dist"},
		{"cp -r a/dist b/dist c/", "", "a/dist>c,c/dist b/dist>c,c/dist"},
		{"cp -r $(OUT) web/dist", "", ""},
		{"cp -r /tmp/dist web/dist", "", ""},
		{"cp -r ../ui/dist web/dist", "", ""},
		{"cp README.md", "", ""},
		{"scp -r web/dist host:/srv", "", ""},
	} {
		var got []string
		for _, c := range copiesIn(tc.line, cmp.Or(tc.dir, "."), "scripts.sh:1") {
			got = append(got, c.Src+">"+strings.Join(c.Dests, ","))
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("%q: copies %q, want %q", tc.line, s, tc.want)
		}
	}
}

// With no script to read, a package the program imports embedding a directory named like a
// build output that holds no index.html, beside a UI whose build no Go file embeds, is
// EmbeddedUINotBuilt at the entrypoint, naming both and `assets.into`; the UI is not built
// on a guess. Not when the spec has `assets`, when the directory holds a page, or when the
// embedded directory is named otherwise.
func TestEmbeddedPlaceholderWarns(t *testing.T) {
	const src = "language: go\nentrypoint: ./backend/cmd/ledger\n"
	note := func(p *plan.Plan) string {
		if n := langtest.NoteOf(p, rules.EmbeddedUINotBuilt.Name); n != nil {
			return n.Field + ": " + n.Msg
		}
		return ""
	}
	f := withSiblingUI("backend/internal/web/dist/", "")
	want := "entrypoint: backend/internal/web/assets.go embeds backend/internal/web/dist, which holds no index.html"
	if got := note(provider.MustPlan(t, src, f)); !strings.HasPrefix(got, want) ||
		!strings.Contains(got, "the UI in frontend builds frontend/dist") || !strings.Contains(got, "`assets: {dir: frontend, into: backend/internal/web/dist}`") {
		t.Errorf("note %q, want %q...", got, want)
	}
	if a := uiAssets(langtest.Spec(t, src), f); a != nil {
		t.Errorf("default assets %+v on a guess", a)
	}
	for name, tc := range map[string]struct {
		src   string
		facts lang.Facts
	}{
		"assets: false":          {src + "assets: false\n", f},
		"assets into the embed":  {src + "assets: {dir: frontend, into: backend/internal/web/dist}\n", f},
		"a page committed there": {src, langtest.With(f, "backend/internal/web/dist/index.html", stubPage)},
		"a directory of its own": {src, withSiblingUI("backend/internal/web/assets.go", "package web\n\n//go:embed all:templates\nvar t embed.FS\n", "backend/internal/web/templates/", "")},
		"a UI no build script":   {src, langtest.With(f, "frontend/package.json", `{"scripts": {"dev": "vite"}}`)},
		"no such directory":      {src, withSiblingUI()},
	} {
		if got := note(provider.MustPlan(t, tc.src, tc.facts)); got != "" {
			t.Errorf("%s: note %q", name, got)
		}
	}
}

// withNuxtUI is homebox's shape: a Go module in backend/ whose program's package embeds
// `all:static/public/*` two directories above the .gitkeep committed there, and a Nuxt UI in
// frontend/ prerendered into .output/public, with kv added.
func withNuxtUI(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"backend/go.mod":                         []byte("module example.com/inventory/backend\n\ngo 1.26\n"),
		"backend/app/api/main.go":                []byte("package main\n\nfunc main() {}\n"),
		"backend/app/api/routes.go":              []byte("package main\n\nimport \"embed\"\n\nvar (\n\t//go:embed all:static/public/*\n\tpublic embed.FS\n)\n"),
		"backend/app/api/static/public/.gitkeep": nil,
		"backend/app/api/static/public/":         nil,
		"frontend/package.json":                  []byte(`{"scripts": {"build": "nuxt generate", "postinstall": "nuxt prepare"}, "devDependencies": {"nuxt": "4.4.7"}}`),
		"frontend/pnpm-lock.yaml":                []byte("lockfileVersion: '9.0'\n"),
	}, kv...)
}

// A Nuxt UI prerendered into .output/public, which a Taskfile task run in the UI's directory
// (`cp -r ./.output/public ../backend/app/api/static/`) or the project's Dockerfile (`COPY
// --from=frontend-builder /app/.output/public ./app/api/static/public`) copies into a
// directory a Go file above it embeds, is built as default assets and copied there. With
// neither, EmbeddedUINotBuilt names that directory (an embed of what it holds, `/*`) and
// `assets.into`.
func TestNuxtUICopiedIntoTheGoTree(t *testing.T) {
	const src = "language: go\nentrypoint: ./backend/app/api\n"
	for _, tc := range []struct {
		name  string
		facts lang.Facts
	}{
		{"a Taskfile task in frontend/", withNuxtUI("Taskfile.yml", "version: '3'\ntasks:\n  go:ci:\n    dir: backend\n    cmds:\n      - go run ./app/api/ &\n"+
			"  go:ci:with-frontend:\n    dir: frontend\n    cmds:\n      - pnpm install\n      - cmd: pnpm run build\n      - cp -r ./.output/public ../backend/app/api/static/\n      - task: go:ci\n")},
		{"the Dockerfile's stages", withNuxtUI("Dockerfile", "FROM node:22-alpine AS frontend-builder\nWORKDIR /app\nCOPY frontend .\nRUN pnpm build\n"+
			"FROM golang:alpine AS builder\nWORKDIR /go/src/app\nCOPY ./backend .\nCOPY --from=frontend-builder /app/.output/public ./app/api/static/public\nRUN go build -o /go/bin/api ./app/api\n")},
	} {
		a := uiAssets(langtest.Spec(t, src), tc.facts)
		if a == nil || a.Dir != "frontend" || a.Into != "backend/app/api/static/public" {
			t.Errorf("%s: default assets %+v, want frontend into backend/app/api/static/public", tc.name, a)
		}
		if msgs := langtest.Messages(provider.MustPlan(t, src, tc.facts), rules.EmbeddedUINotBuilt.Name); len(msgs) != 0 {
			t.Errorf("%s: EmbeddedUINotBuilt %q", tc.name, msgs)
		}
	}
	f := withNuxtUI()
	if a := uiAssets(langtest.Spec(t, src), f); a != nil {
		t.Errorf("no copy: default assets %+v on a guess", a)
	}
	msgs := langtest.Messages(provider.MustPlan(t, src, f), rules.EmbeddedUINotBuilt.Name)
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "backend/app/api/routes.go embeds backend/app/api/static/public, which holds no index.html") ||
		!strings.Contains(msgs[0], "the UI in frontend builds frontend/.output/public") ||
		!strings.Contains(msgs[0], "`assets: {dir: frontend, into: backend/app/api/static/public}`") {
		t.Errorf("no copy: EmbeddedUINotBuilt %q", msgs)
	}
}

// remark42's shape: a UI two directories below frontend/ whose webpack build (an output
// planning does not read) the project's Dockerfile copies into the directory a Go file above it
// embeds, where a stub page is committed: the UI is found from the copy and built as default
// assets, its output the copy's source, copied there. A copy into a directory no Go file embeds
// builds nothing.
func TestUIFoundFromTheDockerfilesCopy(t *testing.T) {
	const src = "language: go\nentrypoint: ./backend/app\n"
	df := "FROM node:24-alpine AS build-frontend\nWORKDIR /srv/frontend/apps/comments/\nCOPY ./frontend/apps/comments/ /srv/frontend/apps/comments/\nRUN pnpm build\n" +
		"FROM golang:1.26 AS build-backend\nADD backend /build/backend\nCOPY --from=build-frontend /srv/frontend/apps/comments/public/ /build/backend/app/cmd/web/\n"
	f := lang.Facts{
		"backend/go.mod":                        []byte("module example.com/comments/backend\n\ngo 1.26\n"),
		"backend/app/main.go":                   []byte("package main\n\nimport _ \"example.com/comments/backend/app/cmd\"\n\nfunc main() {}\n"),
		"backend/app/cmd/server.go":             []byte("package cmd\n\nimport \"embed\"\n\n//go:embed web\nvar webFS embed.FS\n"),
		"backend/app/cmd/web/index.html":        []byte(stubPage),
		"frontend/apps/comments/package.json":   []byte(`{"scripts": {"build": "webpack --mode production"}, "devDependencies": {"webpack": "^5.99.0"}}`),
		"frontend/apps/comments/pnpm-lock.yaml": []byte("lockfileVersion: '9.0'\n"),
		"Dockerfile":                            []byte(df),
	}
	a := uiAssets(langtest.Spec(t, src), f)
	if a == nil || a.Dir != "frontend/apps/comments" || a.Output != "frontend/apps/comments/public" || a.Into != "backend/app/cmd/web" {
		t.Errorf("default assets %+v, want frontend/apps/comments's public into backend/app/cmd/web", a)
	}
	if got := strings.Join(uiFollow(langtest.Spec(t, src), f, readUIs(f)), " "); !strings.Contains(got, "frontend/apps/comments/package.json") {
		t.Errorf("follow %s, want the manifest above the copy's source", got)
	}
	f["Dockerfile"] = []byte(strings.ReplaceAll(df, "/build/backend/app/cmd/web/", "/build/backend/public/"))
	if a := uiAssets(langtest.Spec(t, src), f); a != nil {
		t.Errorf("a copy into a directory no Go file embeds: default assets %+v", a)
	}
}
