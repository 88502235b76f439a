package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestInstallScriptsThatNeedTheSourceRunInTheBuilder: the root's install scripts that are not
// about the dependencies (a prepare that reads the source, a postinstall running a framework's
// prepare) leave deps' copy of package.json before the install, and the builder runs them in
// npm's order after the source copy, before the build; one that only runs the build script is
// not run twice. A script that patches or generates into node_modules stays in deps, whose
// work prod-deps and the image keep (but for patch-package's head, splitscripts.go).
func TestInstallScriptsThatNeedTheSourceRunInTheBuilder(t *testing.T) {
	pkg := `{"name": "feeds", "scripts": {"build": "nuxt build", "prepare": "node scripts/prepare.ts && npm run build",
		"postinstall": "nuxt prepare", "preinstall": "npx only-allow pnpm", "test": "vitest"}, "dependencies": {"nuxt": "^4"}}`
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n"))
	deps := runs(p.Stage("deps"))
	drop := slices.Index(deps, "npm pkg delete scripts.postinstall scripts.prepare")
	install := slices.Index(deps, "pnpm install --frozen-lockfile")
	if drop < 0 || install < drop {
		t.Errorf("deps runs %q: the scripts leave package.json before the install", deps)
	}
	for _, r := range langtest.Steps[*plan.Run](p.Stage("deps")) {
		if slices.Contains(r.Args, "pkg") && !r.NoNetwork {
			t.Errorf("the edit of package.json runs with the network")
		}
	}
	if got, want := runs(p.Stage("builder")), []string{"pnpm run postinstall", "pnpm run prepare", "pnpm run build"}; !slices.Equal(got, want) {
		t.Errorf("builder runs %q, want %q", got, want)
	}
	if slices.Contains(langtest.Rules(p), "InstallScript") {
		t.Errorf("notes %q: the builder runs the scripts with the source", langtest.Rules(p))
	}

	// the build script only, and no build: run once, by the builder
	p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "tsc", "prepare": "npm run build", "start": "node dist/main.js"}}`, "package-lock.json", "{}"))
	if got, want := runs(p.Stage("builder")), []string{"npm run build"}; !slices.Equal(got, want) {
		t.Errorf("prepare running the build: builder runs %q, want %q", got, want)
	}
	// the same behind a test of what it builds (Unleash's prepare), which the builder would
	// pass only on its second build
	for _, guard := range []string{"test -f ./dist/server.js", "[ -d dist ]"} {
		p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "tsc", "prepare": "`+guard+` || pnpm run build", "start": "node dist/server.js"}}`, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n"))
		if got, want := runs(p.Stage("builder")), []string{"pnpm run build"}; !slices.Equal(got, want) {
			t.Errorf("prepare %s || pnpm run build: builder runs %q, want %q", guard, got, want)
		}
	}
	p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "tsc", "prepare": "test -f dist/x.js || node gen.js", "start": "node dist/server.js"}}`, "package-lock.json", "{}"))
	if got, want := runs(p.Stage("builder")), []string{"npm run prepare", "npm run build"}; !slices.Equal(got, want) {
		t.Errorf("prepare of its own behind a test: builder runs %q, want %q", got, want)
	}
	p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"postinstall": "node scripts/gen-routes.js"}, "main": "server.js"}`, "package-lock.json", "{}", "server.js", ""))
	if got, want := runs(p.Stage("builder")), []string{"npm run postinstall"}; !slices.Equal(got, want) {
		t.Errorf("no build: builder runs %q, want %q", got, want)
	}

	// prisma generate beside a step of the source: the whole script stays in deps (patch-package
	// then a step of the source is split: TestPatchThenSourceScriptIsSplit)
	for _, script := range []string{"patch-package; node scripts/x.js", "prisma generate && node scripts/x.js"} {
		p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"postinstall": "`+script+`"}, "main": "server.js"}`, "package-lock.json", "{}", "server.js", ""))
		if got := runs(p.Stage("builder")); len(got) != 0 || slices.ContainsFunc(runs(p.Stage("deps")), func(r string) bool { return strings.HasPrefix(r, "npm pkg") }) {
			t.Errorf("%s: builder runs %q, deps %q", script, got, runs(p.Stage("deps")))
		}
	}
}

// TestBuildScriptNotRun: without a build script, several build:* scripts that run a bundler or a
// compiler are what nothing runs: a warning names them and the build.command that runs the first.
// Scripts that build container images, a project with a build script, and build.command are not
// reported.
func TestBuildScriptNotRun(t *testing.T) {
	pkg := `{"scripts": {"start": "node server.js", "build:ui": "vite build --config ui/vite.config.ts", "build:types": "tsc -p .",
		"build:docker": "docker buildx build -t x .", "build-image": "node scripts/env.js docker build ."}}`
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "package-lock.json", "{}", "server.js", ""))
	msgs := langtest.Messages(p, "BuildScriptNotRun")
	if len(msgs) != 1 || !strings.Contains(msgs[0], "`build:types`, `build:ui` builds with a bundler or compiler") || !strings.Contains(msgs[0], "set `build.command: npm run build:types`") {
		t.Errorf("notes %q", msgs)
	}
	for _, c := range []struct{ src, pkg string }{
		{"", `{"scripts": {"start": "node server.js", "build": "vite build", "build:ui": "vite build"}}`},
		{"build: {command: npm run build:ui}\n", `{"scripts": {"start": "node server.js", "build:ui": "vite build"}}`},
		{"", `{"scripts": {"start": "node server.js", "build:docker": "docker build -t webpack ."}}`},
	} {
		p = provider.MustPlan(t, "language: node\n"+c.src, facts(c.pkg, "package-lock.json", "{}", "server.js", ""))
		if slices.Contains(langtest.Rules(p), "BuildScriptNotRun") {
			t.Errorf("%s %s: notes %q", c.src, c.pkg, langtest.Rules(p))
		}
	}
}

// The builder's description says what it runs: "(package.json has no build script)" only when
// there is none, and the deferred install scripts before the build when there are some.
func TestBuilderDescriptionNamesTheBuild(t *testing.T) {
	for _, tc := range []struct {
		name, manifest, want string
	}{
		{"a build script", `{"scripts": {"build": "tsc", "start": "node dist/main.js"}, "devDependencies": {"typescript": "^5.9.0"}}`,
			"copy the source and run npm run build"},
		{"no build script", `{"scripts": {"start": "node server.js"}}`, "copy the source (package.json has no build script)"},
		{"a deferred postinstall and a build", `{"scripts": {"postinstall": "node scripts/icons.js", "build": "tsc", "start": "node dist/main.js"}, "devDependencies": {"typescript": "^5.9.0"}}`,
			"copy the source, run package.json's postinstall (which deps left out) and run npm run build"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := lang.Facts{"package.json": []byte(tc.manifest), "package-lock.json": []byte("{}"), "server.js": nil}
			p := provider.MustPlan(t, "language: node\n", f)
			if d := building(p).Description; !strings.HasPrefix(d, tc.want) {
				t.Errorf("the build: %q, want it to start with %q", d, tc.want)
			}
		})
	}
}

// TestOnlyBuildScriptRuns: without a build script, the one build:* script that runs a bundler or a
// compiler is the build (dockge's build:frontend, whose frontend-dist/ its server serves), run as
// the build script would be; a Vite app whose only build is build:prod is a static site built by
// it. Scripts that build container images do not count.
func TestOnlyBuildScriptRuns(t *testing.T) {
	pkg := `{"scripts": {"start": "tsx ./backend/index.ts", "build:frontend": "vite build --config ./frontend/vite.config.ts",
		"build:docker": "docker buildx build -t x ."}, "dependencies": {"tsx": "^4.20.0"}, "devDependencies": {"vite": "^7"}}`
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "package-lock.json", "{}", "backend/index.ts", ""))
	if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"npm run build:frontend"}) {
		t.Errorf("the builder runs %q, want npm run build:frontend", got)
	}
	if want := []string{"/usr/local/bin/node", "--import", "tsx", "/app/backend/index.ts"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
	if slices.Contains(langtest.Rules(p), "BuildScriptNotRun") {
		t.Errorf("notes %q", langtest.Rules(p))
	}
	p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"dev": "vite", "build:prod": "vite build --mode production"}, "devDependencies": {"vite": "^7"}}`,
		"package-lock.json", "{}", "index.html", "<!doctype html>"))
	if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"npm run build:prod"}) || p.Stage("runtime").Base.Image == "" {
		t.Errorf("the builder runs %q", got)
	}
	if !strings.Contains(p.Stage("runtime").Base.Image, "nginx") {
		t.Errorf("runtime %q, want the static site's", p.Stage("runtime").Base.Image)
	}
}

// TestNestBuildProdRunsForStartProd: a NestJS app whose scripts name only build:prod (nest build)
// and start:prod (node dist/main.js), as boilerplates write them, gets build:prod run and
// dist/main.js shipped; with another compiling build:* script beside it, build:prod is still
// the one, paired with start:prod, and no BuildScriptNotRun is given. Without start:prod the two
// stay the project's to choose.
func TestNestBuildProdRunsForStartProd(t *testing.T) {
	nest := func(scripts string) string {
		return `{"name": "orders", "scripts": {` + scripts + `}, "dependencies": {"@nestjs/core": "^11", "@nestjs/common": "^11"},
			"devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"}}`
	}
	for _, tc := range []struct{ name, scripts string }{
		{"only build:prod", `"build:prod": "nest build", "start:prod": "node dist/main.js", "start:dev": "nest start --watch"`},
		{"beside a webpack build", `"build:prod": "nest build", "build:bundle": "webpack --config webpack.prod.js", "start:prod": "node dist/main.js"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(nest(tc.scripts), "package-lock.json", "{}",
				"nest-cli.json", `{"sourceRoot": "src"}`, "src/main.ts", "", "tsconfig.json", `{"compilerOptions": {"outDir": "./dist"}}`))
			if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"npm run build:prod"}) {
				t.Errorf("the builder runs %q, want npm run build:prod", got)
			}
			if want := []string{"/usr/local/bin/node", "/app/dist/main.js"}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
			}
			if n := langtest.Rules(p); slices.Contains(n, "BuildScriptNotRun") || slices.Contains(n, "EntrypointNotFound") {
				t.Errorf("notes %q", n)
			}
		})
	}
	// no build script but the pre script of start:prod, which npm and yarn 1 run before it
	// (lujakob/nestjs-realworld-example-app: `prestart:prod: tsc`, a start script for development)
	p := provider.MustPlan(t, "language: node\n", facts(nest(`"start": "node index.js", "prestart:prod": "tsc", "start:prod": "node dist/main.js"`),
		"yarn.lock", "", "src/main.ts", "", "index.js", "require('ts-node/register'); require('./src/main')", "tsconfig.json", `{"compilerOptions": {"outDir": "./dist"}}`))
	if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"yarn run prestart:prod"}) {
		t.Errorf("the builder runs %q, want yarn run prestart:prod", got)
	}
	if want := []string{"/usr/local/bin/node", "/app/dist/main.js"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	p = provider.MustPlan(t, "language: node\n", facts(nest(`"build:prod": "nest build", "build:bundle": "webpack", "start": "node dist/main.js"`),
		"package-lock.json", "{}", "src/main.ts", ""))
	if got := runs(p.Stage("builder")); len(got) != 0 || !slices.Contains(langtest.Rules(p), "BuildScriptNotRun") {
		t.Errorf("without start:prod the builder runs %q, notes %q: want no build and BuildScriptNotRun", got, langtest.Rules(p))
	}
}

// TestProductionRunScriptBuildsFirst: an isomorphic app of lemmy-ui's shape, webpack bundling
// its server into dist/js/server.js, with neither a build nor a start script but build:dev,
// build:prod and themes:build beside `run:prod`, which builds for production and then runs the
// server: the builder runs build:prod (the one run:prod runs), the image runs its last command,
// flags kept, and holds dist/ beside the production node_modules. Without run:prod nothing
// says what runs (planning fails as before), and BuildScriptNotRun suggests build:prod, not
// build:dev, which sorts first.
func TestProductionRunScriptBuildsFirst(t *testing.T) {
	manifest := func(run string) string {
		return `{"name": "forum-ui", "scripts": {"build:dev": "webpack --mode=development", "prebuild:prod": "node generate_translations.js",
 "build:prod": "webpack --mode=production", "themes:build": "sass src/themes:src/themes", "dev": "webpack --watch"` + run + `},
 "dependencies": {"express": "^5.1.0", "webpack": "^5.100.0", "webpack-cli": "^6.0.0", "babel-loader": "^10.0.0", "inferno": "^9.0.0"},
 "devDependencies": {"sass": "^1.90.0"}, "packageManager": "pnpm@10.20.0"}`
	}
	ctx := func(run string) lang.Facts {
		return facts(manifest(run), "pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "webpack.config.js", "module.exports = {}\n",
			"src/server/index.tsx", "import express from 'express';\nexpress().listen(1234, '0.0.0.0');\n", "generate_translations.js", "")
	}
	const spec = "language: node\nports: [1234]\n"
	p := provider.MustPlan(t, spec, ctx(`, "run:prod": "node generate_translations.js && pnpm build:prod && node --enable-source-maps dist/js/server.js"`))
	if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"pnpm run build:prod"}) {
		t.Errorf("the builder runs %q, want pnpm run build:prod", got)
	}
	if want := []string{"/usr/local/bin/node", "--enable-source-maps", "/app/dist/js/server.js"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if got := artifactPaths(p); !slices.Contains(got, "builder:/app/dist -> /app/dist/") {
		t.Errorf("runtime copies %q, want dist/ of the build", got)
	}
	if n := langtest.Rules(p); slices.Contains(n, "BuildScriptNotRun") || slices.Contains(n, "EntrypointNotFound") {
		t.Errorf("notes %q", n)
	}
	// without it: no entry, as before; the suggestion is the production build
	if _, err := provider.TryPlan(t, spec, ctx("")); err == nil || !strings.Contains(err.Error(), "cannot tell what node runs") {
		t.Errorf("without run:prod: %v, want the planning error", err)
	}
	p = provider.MustPlan(t, spec+"entrypoint: dist/js/server.js\n", ctx(""))
	if msgs := langtest.Messages(p, "BuildScriptNotRun"); len(msgs) != 1 || !strings.Contains(msgs[0], "set `build.command: pnpm run build:prod`") {
		t.Errorf("BuildScriptNotRun %q, want build:prod suggested", msgs)
	}
}

// TestWorkspacePackagesInstallScriptsRunInTheBuilder: the install scripts of the selected
// package's closure that need the source (a library's prepare building it, an app's postinstall
// generating code) leave deps' copies of their package.json, in one step, and the builder runs
// them, dependencies first, before the builds; one that only runs the package's build, which
// runs next, is not run twice; prisma generate stays in deps; a package outside the closure
// keeps its scripts.
func TestWorkspacePackagesInstallScriptsRunInTheBuilder(t *testing.T) {
	ctx := map[string]string{
		"package.json":        `{"name": "acme", "private": true}`,
		"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml": "packages: [apps/*, packages/*]\n",
		"apps/web/package.json": `{"name": "@acme/web", "scripts": {"build": "tsc", "start": "node dist/server.js", "postinstall": "graphql-codegen"},
			"dependencies": {"@acme/data": "workspace:*", "@acme/db": "workspace:*", "@acme/kernel": "workspace:^"}}`,
		"packages/data/package.json":   `{"name": "@acme/data", "scripts": {"prepare": "tsup src/index.ts"}}`,
		"packages/kernel/package.json": `{"name": "@acme/kernel", "scripts": {"build": "tsc", "prepare": "pnpm run build"}}`,
		"packages/db/package.json":     `{"name": "@acme/db", "scripts": {"postinstall": "prisma generate"}}`,
		"packages/other/package.json":  `{"name": "@acme/other", "scripts": {"prepare": "tsc"}}`,
	}
	src := "language: node\nworkspace: apps/web\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	deps := runs(p.Stage("deps"))
	drop := slices.Index(deps, "npm pkg delete scripts.prepare --prefix packages/data && npm pkg delete scripts.prepare --prefix packages/kernel && "+
		"npm pkg delete scripts.postinstall --prefix apps/web")
	if install := slices.Index(deps, "pnpm install --frozen-lockfile --filter @acme/web..."); drop < 0 || install < drop {
		t.Errorf("deps runs %q: the scripts leave the packages' package.json before the install", deps)
	}
	want := []string{"pnpm --filter @acme/data run prepare", "pnpm --filter @acme/web run postinstall",
		"pnpm --filter @acme/kernel run build", "pnpm --filter @acme/web run build"}
	if got := runs(p.Stage("builder")); !slices.Equal(got, want) {
		t.Errorf("builder runs %q, want %q", got, want)
	}
	if slices.Contains(langtest.Rules(p), "InstallScript") {
		t.Errorf("notes %q: the builder runs the app's postinstall with the source", langtest.Rules(p))
	}
}

// TestRootInstallScriptsOfAWorkspaceRunInTheBuilder: the filtered install of a selected package
// runs the root's install scripts too (npm ci runs the root's whatever --workspace selects), and
// deps has none of the source: a root `postinstall: tsx scripts/src/postinstall/index.ts`
// (colanode's, which copies assets into its apps) failed there. It leaves deps' copy of the root
// package.json and the builder runs it after the packages' own, with the package it runs a file
// of copied in though the app does not use it; a root `postinstall` that only patches stays in
// deps.
func TestRootInstallScriptsOfAWorkspaceRunInTheBuilder(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "notes", "private": true, "workspaces": ["apps/*", "packages/*", "tools"],
			"scripts": {"build": "turbo run build", "postinstall": "tsx tools/src/postinstall.ts"}, "devDependencies": {"tsx": "^4", "turbo": "^2"}}`,
		"package-lock.json": `{"lockfileVersion": 3}`,
		"apps/server/package.json": `{"name": "@notes/server", "type": "module", "main": "./dist/index.js",
			"scripts": {"build": "tsup-node", "dev": "tsx watch src/index.ts"}, "dependencies": {"@notes/core": "*", "fastify": "^5"}, "devDependencies": {"tsup": "^8"}}`,
		"apps/web/package.json":      `{"name": "@notes/web", "scripts": {"build": "vite build"}, "dependencies": {"@notes/core": "*", "react": "^19"}}`,
		"packages/core/package.json": `{"name": "@notes/core", "scripts": {"build": "tsc"}, "dependencies": {"zod": "^4"}}`,
		"tools/package.json":         `{"name": "@notes/tools", "private": true, "dependencies": {"@notes/core": "*", "better-sqlite3": "^12"}}`,
		"tools/src/postinstall.ts":   "import fs from 'fs';\nfs.mkdirSync('apps/web/public/assets', {recursive: true});\n",
	}
	src := "language: node\nworkspace: apps/server\nports: [3000]\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	deps := runs(p.Stage("deps"))
	drop := slices.Index(deps, "npm pkg delete scripts.postinstall")
	if install := slices.Index(deps, "npm ci --workspace apps/server --include-workspace-root"); drop < 0 || install < drop {
		t.Errorf("deps runs %q: the root's postinstall leaves its package.json before the install", deps)
	}
	want := []string{"npm run postinstall", "npm run build --workspace packages/core", "npm run build --workspace apps/server"}
	if got := runs(p.Stage("builder")); !slices.Equal(got, want) {
		t.Errorf("builder runs %q, want %q", got, want)
	}
	copied := langtest.Steps[*plan.Copy](p.Stage("builder"))
	if len(copied) == 0 || slices.Contains(copied[0].Exclude, "tools") || !slices.Contains(copied[0].Exclude, "apps/web") {
		t.Errorf("the builder's source copy leaves out %q: tools, whose file the postinstall runs, is copied, apps/web is not", copied[0].Exclude)
	}

	// a package's script runs before the root's, as npm runs them
	ctx["packages/core/package.json"] = `{"name": "@notes/core", "scripts": {"build": "tsc", "prepare": "node gen.js"}}`
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	want = []string{"npm run prepare --workspace packages/core", "npm run postinstall", "npm run build --workspace packages/core", "npm run build --workspace apps/server"}
	if got := runs(p.Stage("builder")); !slices.Equal(got, want) {
		t.Errorf("with a package's prepare: builder runs %q, want %q", got, want)
	}

	// patch-package patches node_modules: it stays in the install
	ctx["package.json"] = `{"name": "notes", "private": true, "workspaces": ["apps/*", "packages/*", "tools"], "scripts": {"postinstall": "patch-package"}}`
	delete(ctx, "packages/core/package.json")
	ctx["packages/core/package.json"] = `{"name": "@notes/core", "scripts": {"build": "tsc"}}`
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	if got := runs(p.Stage("deps")); slices.ContainsFunc(got, func(r string) bool { return strings.HasPrefix(r, "npm pkg") }) {
		t.Errorf("patch-package: deps runs %q", got)
	}
	copied = langtest.Steps[*plan.Copy](p.Stage("builder"))
	if len(copied) == 0 || !slices.Contains(copied[0].Exclude, "tools") {
		t.Errorf("patch-package: the builder's source copy leaves out %q", copied[0].Exclude)
	}
}

// TestPrestartCopyingFilesRunsInTheBuilder: npm runs `prestart` before `start`, and an image
// running node itself does not; a pre script that only copies files into place (mirotalk:
// `test -f app/src/config.js || cp app/src/config.template.js app/src/config.js`, whose server
// requires ./config at start) runs in the builder, whose tree the image then holds. One that
// does more stays the project's (not run).
func TestPrestartCopyingFilesRunsInTheBuilder(t *testing.T) {
	for _, tc := range []struct {
		prestart string
		run      bool
	}{
		{"test -f app/src/config.js || cp app/src/config.template.js app/src/config.js", true},
		{"[ ! -f .env ] && cp .env.template .env && mkdir -p data", true},
		{"cp -n config.sample.js config.js", true},
		{"test -f config.js", false},
		{"node scripts/migrate.js", false},
		{"cp config.sample.js config.js && knex migrate:latest", false},
	} {
		m := `{"scripts": {"prestart": "` + tc.prestart + `", "start": "node app/src/server.js"}, "dependencies": {"express": "^5"}}`
		p := provider.MustPlan(t, "language: node\n", facts(m, "package-lock.json", "{}", "app/src/server.js", "require('./config')"))
		got := runs(p.Stage("builder"))
		if want := slices.Equal(got, []string{"npm run prestart"}); want != tc.run {
			t.Errorf("%s: the builder runs %q, want the prestart script run: %v", tc.prestart, got, tc.run)
		}
		if want := []string{"/usr/local/bin/node", "/app/app/src/server.js"}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s: entrypoint %q, want %q", tc.prestart, p.Image.Entrypoint, want)
		}
		fromBuilder := slices.ContainsFunc(copies(p.Stage("runtime")), func(c *plan.Copy) bool { return c.FromStage == "builder" })
		if tc.run && !fromBuilder {
			t.Errorf("%s: the image's tree is not the builder's", tc.prestart)
		}
		// beside a build script, after it
		m = `{"scripts": {"build": "webpack", "prestart": "` + tc.prestart + `", "start": "node app/src/server.js"}, "dependencies": {"express": "^5"}}`
		p = provider.MustPlan(t, "language: node\n", facts(m, "package-lock.json", "{}", "app/src/server.js", "require('./config')"))
		got = runs(p.Stage("builder"))
		if want := slices.Equal(got, []string{"npm run build", "npm run prestart"}); want != tc.run || !tc.run && !slices.Equal(got, []string{"npm run build"}) {
			t.Errorf("%s, with a build script: the builder runs %q, want the prestart script run after it: %v", tc.prestart, got, tc.run)
		}
	}
}
