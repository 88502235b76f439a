package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// tideServer is langtest.ServerAndClient with the server's sources: its AppModule imports a
// static module that serves the Vite build of apps/client from a path computed from __dirname
// (dist/static/static.module.js: four levels up is apps/).
func tideServer() lang.Facts {
	return langtest.With(langtest.ServerAndClient(),
		"apps/server/src/main.ts", "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n"+
			"NestFactory.create(AppModule).then((app) => app.listen(3000, '0.0.0.0'));\n",
		"apps/server/src/app.module.ts", "import { Module } from '@nestjs/common';\nimport { StaticModule } from './static/static.module';\n"+
			"@Module({ imports: [StaticModule] })\nexport class AppModule {}\n",
		"apps/server/src/static/static.module.ts", "import { join } from 'path';\n"+
			"const clientDist = join(\n  __dirname,\n  '..',\n  '..',\n  '..',\n  'client/dist',\n);\n")
}

// The UI a selected server serves from another package's build is that package's, shipped by
// default when it has a build script; planning reads the server's sources two imports deep
// for it (Follow).
func TestServedUIOfAnotherPackage(t *testing.T) {
	f := tideServer()
	s := langtest.Spec(t, "language: node\nworkspace: apps/server\n")
	reads := (Provider{}).Follow(s, f)
	for _, want := range []string{"apps/server/src/main.ts", "apps/server/src/app.module.ts", "apps/server/src/static/static.module.ts"} {
		if !slices.Contains(reads, want) {
			t.Errorf("Follow asks for %q, want %s among them", reads, want)
		}
	}
	a := DefaultAssets(s, f)
	if a == nil || a.Dir != "apps/client" || a.Output != "apps/client/dist" {
		t.Fatalf("DefaultAssets = %+v, want apps/client's dist", a)
	}
	p := provider.MustPlan(t, "language: node\nworkspace: apps/server\n", f)
	if slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "UINotShipped" }) {
		t.Errorf("notes %+v: the default assets ship the UI", p.Notes)
	}

	// without a build script: no default, and a warning at the workspace line naming the file
	noBuild := maps.Clone(f)
	noBuild["apps/client/package.json"] = []byte(`{"name": "@tw/client", "devDependencies": {"vite": "^7.3.0"}}`)
	if a := DefaultAssets(s, noBuild); a != nil {
		t.Errorf("DefaultAssets = %+v, want none", a)
	}
	p = provider.MustPlan(t, "language: node\nworkspace: apps/server\n", noBuild)
	i := slices.IndexFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "UINotShipped" })
	if i < 0 || p.Notes[i].Field != "workspace" ||
		!strings.HasPrefix(p.Notes[i].Msg, "apps/server/src/static/static.module.ts:2 __dirname serves apps/client/dist, which the image does not hold") ||
		!strings.Contains(p.Notes[i].Msg, "apps/client writes it, without a build script: give its package.json one and set `assets: {dir: apps/client}`") {
		t.Fatalf("notes %+v, want UINotShipped at workspace", p.Notes)
	}

	// the spec's assets, naming another package: the warning stays, at the assets line
	f2 := maps.Clone(f)
	f2["apps/admin/package.json"] = []byte(`{"name": "@tw/admin", "scripts": {"build": "vite build"}}`)
	p = provider.MustPlan(t, "language: node\nworkspace: apps/server\nassets: {dir: apps/admin}\n", f2)
	if i := slices.IndexFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "UINotShipped" }); i < 0 || p.Notes[i].Field != "assets" {
		t.Errorf("notes %+v, want UINotShipped at assets", p.Notes)
	}
	for _, src := range []string{"assets: false\n", "assets: {dir: apps/client}\n"} {
		p = provider.MustPlan(t, "language: node\nworkspace: apps/server\n"+src, f)
		if slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "UINotShipped" }) {
			t.Errorf("%s: notes %+v", src, p.Notes)
		}
	}

	// a server that depends on the UI's package at run time ships it with its closure
	dep := maps.Clone(f)
	dep["apps/server/package.json"] = []byte(strings.Replace(string(f["apps/server/package.json"]),
		`"@tw/shared": "workspace:*"`, `"@tw/shared": "workspace:*", "@tw/client": "workspace:*"`, 1))
	if a := DefaultAssets(s, dep); a != nil {
		t.Errorf("DefaultAssets = %+v, want none: the image holds the package", a)
	}
}

// An Express server whose entry serves another package's build directory by express.static,
// one import below its entry, and its Vite outDir; a path into a package's sources, or into a
// package's directory that no build writes, is no UI.
func TestServedUIByExpressStatic(t *testing.T) {
	f := lang.Facts{
		"package.json":      []byte(`{"name": "tides", "private": true, "workspaces": ["api", "web", "docs"]}`),
		"package-lock.json": []byte(`{"lockfileVersion": 3}`),
		"api/package.json": []byte(`{"name": "api", "scripts": {"build": "tsc", "start": "node dist/server.js"},
			"dependencies": {"express": "^5.1.0"}, "devDependencies": {"typescript": "^5.8.0"}}`),
		"api/tsconfig.json": []byte(`{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}`),
		"api/src/server.ts": []byte("import { app } from './app';\napp.listen(8080, '0.0.0.0');\n"),
		"api/src/app.ts": []byte("import express from 'express';\nimport path from 'node:path';\nexport const app = express();\n" +
			"app.use(express.static(path.join(__dirname, '../../web/public-build')));\n" +
			"app.use('/docs', express.static(path.join(__dirname, '../../docs/src')));\n"),
		"web/package.json":   []byte(`{"name": "web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.3.0"}}`),
		"web/vite.config.ts": []byte("export default { build: { outDir: 'public-build' } }\n"),
		"docs/package.json":  []byte(`{"name": "docs", "scripts": {"build": "vite build"}}`),
	}
	s := langtest.Spec(t, "language: node\nworkspace: api\n")
	uis := servedUIs(s, f, npm)
	if len(uis) != 1 || uis[0].out != "web/public-build" || uis[0].why != "api/src/app.ts:4 static" {
		t.Fatalf("servedUIs = %+v, want web's outDir", uis)
	}
	if a := DefaultAssets(s, f); a == nil || a.Dir != "web" || a.Output != "web/public-build" {
		t.Errorf("DefaultAssets = %+v", a)
	}
}

// An Nx workspace's API (the webpack plugin's inferred build, main ./src/main.ts) serves the
// client another Nx project builds into dist/apps/client, from `join(__dirname, '..', 'client')`
// in the module its main imports: every module of the bundle has dist/apps/api as __dirname.
// The image holds dist/apps/api only, and no spec field ships the other: UINotShipped at the
// language line. A path into what the image holds is no warning.
func TestServedUIOfAnNxBundle(t *testing.T) {
	pkg := strings.Replace(nxNestWorkspace, `"@nestjs/core"`, `"@nestjs/serve-static": "^5.0.0", "@nestjs/core"`, 1)
	files := []string{"nx.json", nxInferringJSON("build"), "apps/api/project.json", nxNoBuildProject,
		"apps/api/webpack.config.js", nxNodeWebpackConfig,
		"apps/api/src/main.ts", "import { AppModule } from './app/app.module';\n",
		"apps/api/src/app/app.module.ts", "ServeStaticModule.forRoot({ rootPath: join(__dirname, '..', 'client') })\n" +
			"const assets = join(__dirname, 'assets');\n"}
	p := provider.MustPlan(t, "language: node\nports: [3333]\n", facts(pkg, files...))
	got := langtest.NotesOf(p, "UINotShipped")
	if len(got) != 1 || got[0].Field != "language" || !strings.HasPrefix(got[0].Msg,
		"apps/api/src/app/app.module.ts:1 rootPath: serves dist/apps/client, which the image does not hold") ||
		!strings.Contains(got[0].Msg, "the image holds dist/apps/api of the build only") {
		t.Errorf("notes %+v, want one UINotShipped of dist/apps/client", got)
	}
	s := langtest.Spec(t, "language: node\n")
	if reads := (Provider{}).Follow(s, facts(pkg, files[:6]...)); !slices.Contains(reads, "apps/api/src/main.ts") {
		t.Errorf("Follow asks for %q, want the bundle's main", reads)
	}
}

// A server without a build runs its own scripts: the entry and the scripts it requires are read,
// __dirname being each script's directory (server.js requires ./lib/static, which serves
// ../../client/dist from lib/).
func TestServedUIOfAScript(t *testing.T) {
	f := langtest.With(langtest.ServerAndClient(),
		"apps/server/package.json", `{"name": "@tw/server", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0"}}`,
		"apps/server/server.js", "const app = require('express')();\nrequire('./lib/static')(app);\napp.listen(3000);\n",
		"apps/server/lib/static.js", "const path = require('node:path');\n"+
			"module.exports = (app) => app.use(require('express').static(path.join(__dirname, '../../client/dist')));\n")
	delete(f, "apps/server/nest-cli.json") // not NestJS's
	delete(f, "apps/server/tsconfig.json")
	s := langtest.Spec(t, "language: node\nworkspace: apps/server\n")
	if reads := (Provider{}).Follow(s, f); !slices.Contains(reads, "apps/server/lib/static.js") {
		t.Errorf("Follow asks for %q, want the script server.js requires", reads)
	}
	if a := DefaultAssets(s, f); a == nil || a.Dir != "apps/client" || a.Output != "apps/client/dist" {
		t.Errorf("DefaultAssets = %+v, want apps/client's dist", a)
	}
}
