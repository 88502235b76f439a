package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestNextCustomServer: a server the build compiles that serves a Next.js app (`next({dev})`)
// ships with what `next start` needs beside its build: .next without its cache, next.config
// and what it imports, public/; a writable cache. Without `next build` among the scripts, or
// with Next.js a dev dependency only, the image is the build's directory as before.
func TestNextCustomServer(t *testing.T) {
	pkg := `{"name": "requests", "scripts": {"build:next": "next build", "build:server": "tsc --project server/tsconfig.json",
	  "build": "yarn build:next && yarn build:server", "start": "NODE_ENV=production node dist/index.js"},
	  "dependencies": {"next": "13.5.0", "express": "4.18.2", "react": "18.2.0"}}`
	p := provider.MustPlan(t, "language: node\nports: [5055]\n", facts(pkg, "yarn.lock", "",
		"next.config.js", "const { i18n } = require('./next-i18next.config')\nmodule.exports = { i18n }\n",
		"server/tsconfig.json", `{"compilerOptions": {"outDir": "../dist"}, "include": ["**/*.ts"]}`,
		"server/index.ts", "import next from 'next'\nconst API_SPEC_PATH = path.join(__dirname, '../requests-api.yml')\nconst app = next({ dev: false })\n",
		"requests-api.yml", "openapi: 3.0.2\n"))
	got := artifactPaths(p)
	// what the server's source reads beside its build, mapped through the tsconfig its build
	// script's tsc names (server/tsconfig.json, outDir ../dist: server/index.ts is dist/index.js)
	for _, want := range []string{"builder:/app/dist -> /app/dist/", "builder:/app/.next -> /app/.next/", "builder:/app/next.config.js -> /app/",
		":requests-api.yml -> /app/requests-api.yml"} {
		if !slices.Contains(got, want) {
			t.Errorf("the image lacks %s: %q", want, got)
		}
	}
	if d := p.Stage("builder").Description; !strings.Contains(d, "a Next.js custom server") {
		t.Errorf("builder: %q", d)
	}
	var beside []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		beside = append(beside, c.Include...)
	}
	if !slices.Contains(beside, "app/public") || !slices.Contains(beside, "app/next-i18next.config") {
		t.Errorf("public/ and the config's import: %q", beside)
	}

	for _, c := range []string{
		strings.Replace(pkg, `"build:next": "next build"`, `"build:next": "echo no"`, 1),
		strings.Replace(strings.Replace(pkg, `"next": "13.5.0", `, "", 1), `"dependencies"`, `"devDependencies": {"next": "13.5.0"}, "dependencies"`, 1),
	} {
		p := provider.MustPlan(t, "language: node\nports: [5055]\n", facts(c, "yarn.lock", "", "next.config.js", "module.exports = {}\n"))
		if got := artifactPaths(p); slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, ".next") }) {
			t.Errorf("%s: %q", c, got)
		}
	}
}

// A Next.js app whose start script runs a migration, then its custom server, both through
// dotenv's preload (`node -r dotenv/config dist/migrate.mjs && node -r dotenv/config
// dist/server.mjs`): the entry is not read from it, the image runs Next.js's own server, and
// CustomServerNotRun names the file and `entrypoint`; with that entrypoint, the image holds the
// custom server with what `next start` needs beside it, and no warning.
func TestCustomServerNotRun(t *testing.T) {
	pkg := `{"name": "panel", "scripts": {"build": "npm run build-server && npm run build-next", "build-server": "tsx esbuild.config.ts",
	  "build-next": "next build", "start": "node -r dotenv/config dist/migrate.mjs && node -r dotenv/config dist/server.mjs"},
	  "dependencies": {"next": "15.5.0", "react": "19.1.0", "dotenv": "16.4.5"}, "devDependencies": {"tsx": "4.20.0", "esbuild": "0.25.0"}}`
	ctx := []string{"package-lock.json", `{"lockfileVersion": 3}`, "next.config.mjs", "export default {}\n"}
	p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(pkg, ctx...))
	got := langtest.NotesOf(p, "CustomServerNotRun")
	if len(got) != 1 || !strings.Contains(got[0].Msg, "running dist/server.mjs with node") || !strings.Contains(got[0].Msg, "`entrypoint: dist/server.mjs`") {
		t.Errorf("notes %+v (image %q)", got, p.Image.Entrypoint)
	}
	p = provider.MustPlan(t, "language: node\nports: [3000]\nentrypoint: dist/server.mjs\n", facts(pkg, ctx...))
	if got := langtest.NotesOf(p, "CustomServerNotRun"); len(got) != 0 {
		t.Errorf("with the entrypoint: %+v", got)
	}
	arts := artifactPaths(p)
	for _, want := range []string{"builder:/app/dist -> /app/dist/", "builder:/app/.next -> /app/.next/", "builder:/app/next.config.mjs -> /app/"} {
		if !slices.Contains(arts, want) {
			t.Errorf("with the entrypoint, the image lacks %s: %q", want, arts)
		}
	}
}

// TestNextTranslateConfig: a next.config applying next-translate-plugin (giscus) ships the
// project's i18n beside it, which the plugin requires when `next start` loads the config; a
// config without the plugin does not.
func TestNextTranslateConfig(t *testing.T) {
	pkg := `{"name": "comments", "scripts": {"build": "next build", "start": "next start"},
	  "dependencies": {"next": "12.3.4", "next-translate": "2.6.2", "next-translate-plugin": "2.6.2", "react": "18.2.0"}}`
	for _, tc := range []struct {
		name, config string
		want         bool
	}{
		{"require", "const nextTranslate = require('next-translate-plugin');\nmodule.exports = nextTranslate({ reactStrictMode: true });\n", true},
		{"import", "import nextTranslate from \"next-translate-plugin\"\nexport default nextTranslate({})\n", true},
		{"commented out", "// const nextTranslate = require('next-translate-plugin');\nmodule.exports = {};\n", false},
		{"another plugin", "const withMDX = require('@next/mdx')();\nmodule.exports = withMDX({});\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(pkg, "yarn.lock", "", "next.config.js", tc.config,
				"i18n.js", "module.exports = { locales: ['en', 'de'], defaultLocale: 'en' };\n"))
			var beside []string
			for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
				beside = append(beside, c.Include...)
			}
			if got := slices.Contains(beside, "app/i18n") && slices.Contains(beside, "app/i18n.*"); got != tc.want {
				t.Errorf("i18n beside next.config: %v, want %v (%q)", got, tc.want, beside)
			}
		})
	}
}
