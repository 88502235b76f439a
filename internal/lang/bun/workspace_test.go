package bun

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/rules"
)

// monorepo is a Bun workspace: apps/api imports packages/greet (workspace:*), which needs zod at
// run time; apps/web and packages/db are beside them.
func monorepo() map[string]string {
	return map[string]string{
		"package.json":  `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"], "devDependencies": {"turbo": "^2"}}`,
		"bun.lock":      "{}",
		"bunfig.toml":   "[install]\n",
		"tsconfig.json": "{}",
		"apps/api/package.json": `{"name": "@acme/api", "scripts": {"build": "tsc -p .", "start": "bun src/index.ts", "test": "bun test"},
			"dependencies": {"@acme/greet": "workspace:*", "ms": "^2.1.3"}, "devDependencies": {"typescript": "^5"}}`,
		"apps/web/package.json":       `{"name": "@acme/web", "dependencies": {"@acme/db": "workspace:*", "react": "^19"}}`,
		"packages/greet/package.json": `{"name": "@acme/greet", "module": "index.ts", "dependencies": {"zod": "^3"}}`,
		"packages/db/package.json":    `{"name": "@acme/db", "dependencies": {"pg": "^8"}}`,
		"apps/api/src/index.ts":       "Bun.serve({fetch: () => new Response('hi')})\n",
	}
}

func TestWorkspacePackageIsInstalledBuiltAndShippedWithWhatItUses(t *testing.T) {
	for _, sel := range []string{"apps/api", "@acme/api"} {
		src := "ports: [3000]\nworkspace: \"" + sel + "\"\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, monorepo()))

		deps := p.Stage("deps")
		var copied []string
		for _, c := range langtest.Copies(deps) {
			copied = append(copied, c.Paths...)
			copied = append(copied, c.Include...)
		}
		for _, want := range []string{"package.json", "bun.lock", "bunfig.toml", "apps/api/package.json", "apps/web/package.json",
			"packages/db/package.json", "packages/greet/package.json"} {
			if !slices.Contains(copied, want) {
				t.Errorf("%s: deps copies %q, want %s with its path (bun.lock locks every package)", sel, copied, want)
			}
		}
		// the root's devDependencies (turbo) are installed too, for the build
		if got := langtest.Commands(deps); !slices.Equal(got, []string{"bun install --frozen-lockfile --filter @acme/api --filter ./"}) {
			t.Errorf("%s: install %q", sel, got)
		}
		if got := langtest.Commands(p.Stage("builder")); !slices.Contains(got, "bun run --cwd apps/api build") {
			t.Errorf("%s: builder runs %q, want the package's build script in its directory", sel, got)
		}
		if got := langtest.Commands(p.Stage("tester")); !slices.Equal(got, []string{"bun run --cwd apps/api test"}) {
			t.Errorf("%s: tester runs %q", sel, got)
		}
		prod := langtest.Runs(p.Stage("prod-deps"))[0]
		if !strings.Contains(prod.Shell, "rm -rf node_modules apps/api/node_modules apps/web/node_modules packages/db/node_modules packages/greet/node_modules && ") ||
			!strings.HasSuffix(prod.Shell, "exec bun install --frozen-lockfile --production --filter @acme/api --filter ./") {
			t.Errorf("%s: prod-deps %q: want every node_modules removed, then the package's and the root's production install", sel, prod.Shell)
		}

		if p.Image.Workdir != "/app/apps/api" || p.Image.User != "1000:1000" ||
			!slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", "/app/apps/api/src/index.ts"}) {
			t.Errorf("%s: image %+v", sel, p.Image)
		}
		var rt []string
		for _, c := range langtest.Copies(p.Stage("runtime")) {
			rt = append(rt, c.FromStage+":"+strings.Join(slices.Concat(c.Paths, c.Include), ","))
		}
		want := []string{
			"prod-deps:/,app/node_modules,app/apps/api/node_modules,app/packages/greet/node_modules",
			":package.json,tsconfig.json",
			"builder:/,app/apps/api,app/packages/greet",
		}
		if !slices.Equal(rt, want) {
			t.Errorf("%s: the image holds\n %q, want\n %q", sel, rt, want)
		}
	}
}

// Without a build script, the packages come from the source; a package without a name is
// filtered by its path, a root without dependencies is left out of the install, and a
// test-less package runs bun's test runner in its directory.
func TestWorkspacePackageWithoutBuildOrName(t *testing.T) {
	ctx := monorepo()
	ctx["apps/api/package.json"] = `{"module": "src/index.ts", "dependencies": {"@acme/greet": "workspace:*"}}`
	ctx["package.json"] = `{"name": "acme", "workspaces": ["apps/*", "packages/*"]}` // no dependencies: the root is not installed
	src := "workspace: apps/api\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	if got := langtest.Commands(p.Stage("deps")); !slices.Equal(got, []string{"bun install --frozen-lockfile --filter ./apps/api"}) {
		t.Errorf("install %q", got)
	}
	if got := langtest.Commands(p.Stage("tester")); !slices.Equal(got, []string{"bun test --cwd apps/api"}) {
		t.Errorf("tester runs %q", got)
	}
	last := langtest.Copies(p.Stage("runtime"))
	if c := last[len(last)-1]; c.FromStage != "" || !slices.Equal(c.Include, []string{"apps/api", "packages/greet"}) ||
		c.Dest != "/app/" || !slices.Contains(c.Exclude, "**/node_modules") || !slices.Contains(c.Exclude, "**/bunfig.toml") {
		t.Errorf("the packages' copy %+v: want them from the source, without node_modules or bunfig.toml", c)
	}
}

func TestWorkspaceSelectionErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"workspace: apps/nope\n", `"apps/nope" is not a package of the workspace (package.json's workspaces: apps/*, packages/*)`},
		{"workspace: apps/nope\n", "write one of apps/api (@acme/api), apps/web (@acme/web), packages/db (@acme/db), packages/greet (@acme/greet)"},
		{"workspace: packages/db\n", "nothing says what packages/db runs"},
	} {
		provider.Refuses(t, c.src, langtest.Gathered(t, Provider{}, c.src, monorepo()), c.want)
	}
	single := map[string]string{"package.json": `{"module": "index.ts"}`, "bun.lock": "{}", "index.ts": ""}
	provider.Refuses(t, "workspace: apps/api\n", langtest.Gathered(t, Provider{}, "workspace: apps/api\n", single), "the project declares no workspaces")
}

// A workspace root built without a selection is one project, as before, with the warning that
// lists the packages the spec may select.
func TestWorkspaceNotSelectedBuildsTheRoot(t *testing.T) {
	ctx := monorepo()
	ctx["package.json"] = `{"name": "acme", "workspaces": ["apps/*", "packages/*"], "module": "apps/api/src/index.ts"}`
	p := provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", ctx))
	if got := langtest.Commands(p.Stage("deps")); !slices.Equal(got, []string{"bun install --frozen-lockfile"}) {
		t.Errorf("install %q", got)
	}
	n := langtest.NoteOf(p, rules.WorkspaceNotSelected.Name)
	if n == nil || !strings.Contains(n.Msg, "apps/api (@acme/api)") || p.Image.Workdir != "/app" {
		t.Errorf("note %+v, workdir %q", n, p.Image.Workdir)
	}
}

// TestWorkspaceRootWithoutEntryNamesThePackages: a monorepo's root runs nothing, so without
// `workspace` planning fails naming the field and the packages, not only `entrypoint`.
func TestWorkspaceRootWithoutEntryNamesThePackages(t *testing.T) {
	provider.Refuses(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", monorepo()),
		"it is a workspace (package.json's workspaces: apps/*, packages/*)", "set `workspace` to the package the image runs, one of", "apps/api (@acme/api)")
}

// TestWorkspaceNitroPackageShipsItsOutputAlone: a workspace package whose start script runs the
// server its Nitro build writes (TanStack Start on Nitro's Bun preset, Nuxt) ships .output alone,
// as a single package does: no production install of the workspace, no package.json, no sibling
// package beside it (Nitro traced what the server imports into .output/server/node_modules).
func TestWorkspaceNitroPackageShipsItsOutputAlone(t *testing.T) {
	ctx := monorepo()
	ctx["apps/web/package.json"] = `{"name": "@acme/web", "scripts": {"build": "vite build", "start": "bun .output/server/index.mjs"},
		"dependencies": {"@acme/greet": "workspace:*", "react": "^19"}, "devDependencies": {"nitro": "^3", "vite": "^7"}}`
	src := "ports: [3000]\nworkspace: apps/web\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	var rt []string
	for _, c := range langtest.Copies(p.Stage("runtime")) {
		rt = append(rt, c.FromStage+":"+strings.Join(slices.Concat(c.Paths, c.Include), ","))
	}
	if want := []string{"builder:/app/apps/web/.output"}; !slices.Equal(rt, want) {
		t.Errorf("the image holds %q, want %q", rt, want)
	}
	if p.Stage("prod-deps") != nil {
		t.Errorf("a prod-deps stage, for an output that needs no node_modules")
	}
	if p.Image.Workdir != "/app/apps/web" || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", "/app/apps/web/.output/server/index.mjs"}) {
		t.Errorf("workdir %q entrypoint %q", p.Image.Workdir, p.Image.Entrypoint)
	}
	if got := langtest.Commands(p.Stage("builder")); !slices.Contains(got, "bun run --cwd apps/web build") {
		t.Errorf("builder runs %q", got)
	}
}

// TestAWorkspacePackageRunsTheTypeScriptSiblingOfItsModule: Elysia's template in a workspace
// package ("module": "src/index.js", the file src/index.ts): the package's file is run.
func TestAWorkspacePackageRunsTheTypeScriptSiblingOfItsModule(t *testing.T) {
	ctx := map[string]string{
		"package.json":             `{"name": "mono", "workspaces": ["apps/*"], "module": "index.ts"}`,
		"bun.lock":                 "{}",
		"apps/server/package.json": `{"name": "app", "module": "src/index.js", "dependencies": {"elysia": "latest"}}`,
		"apps/server/src/index.ts": "x",
		"apps/web/package.json":    `{"name": "web", "scripts": {"build": "next build", "start": "next start"}}`,
	}
	src := "ports: [3000]\nworkspace: apps/server\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	if got := p.Image.Entrypoint[1]; got != "/app/apps/server/src/index.ts" {
		t.Errorf("runs %s", got)
	}
}

// TestAModuleThatIsNotThereGivesWayToTheDevScriptsFile: an Elysia API of a Bun workspace keeps
// the "module": "index.ts" `bun init` wrote, while its server is src/index.ts, which its dev
// script runs (`bun --hot src/index.ts --port 3001`) and its Dockerfile too (Databuddy's
// apps/api): the image runs the dev script's file. When that is not there either, the named
// file is kept and the builder's check says so; a file that is there is never passed over.
func TestAModuleThatIsNotThereGivesWayToTheDevScriptsFile(t *testing.T) {
	for _, c := range []struct {
		name string
		api  map[string]string
		want string
	}{
		{"dev script's file", map[string]string{
			"apps/api/package.json": `{"name": "@shop/api", "module": "index.ts", "type": "module",
				"scripts": {"dev": "bun --hot src/index.ts --port 3001"}, "dependencies": {"elysia": "^1.3", "@shop/rpc": "workspace:*"}}`,
			"apps/api/src/index.ts": "import { Elysia } from 'elysia';\nconst app = new Elysia().get('/', () => 'ok');\nexport default { fetch: app.fetch, port: 3001 };\n",
		}, "/app/apps/api/src/index.ts"},
		{"run --watch", map[string]string{
			"apps/api/package.json": `{"name": "@shop/api", "main": "server.js", "scripts": {"dev": "bun run --watch src/main.ts"}, "dependencies": {"hono": "^4"}}`,
			"apps/api/src/main.ts":  "export default { fetch: () => new Response('ok') };\n",
		}, "/app/apps/api/src/main.ts"},
		{"named file there", map[string]string{
			"apps/api/package.json": `{"name": "@shop/api", "module": "index.ts", "scripts": {"dev": "bun --hot src/index.ts"}}`,
			"apps/api/index.ts":     "import './src/index.ts';\n",
			"apps/api/src/index.ts": "Bun.serve({fetch: () => new Response('ok')});\n",
		}, "/app/apps/api/index.ts"},
		{"dev file not there", map[string]string{
			"apps/api/package.json": `{"name": "@shop/api", "module": "index.ts", "scripts": {"dev": "bun --hot src/server.ts"}}`,
			"apps/api/src/app.ts":   "x",
		}, "/app/apps/api/index.ts"},
	} {
		ctx := map[string]string{
			"package.json":              `{"name": "shop", "private": true, "workspaces": ["apps/*", "packages/*"], "packageManager": "bun@1.2.19"}`,
			"bun.lock":                  "{}",
			"packages/rpc/package.json": `{"name": "@shop/rpc", "module": "src/index.ts", "dependencies": {"@trpc/server": "^11"}}`,
			"packages/rpc/src/index.ts": "export const router = {};\n",
		}
		for k, v := range c.api {
			ctx[k] = v
		}
		src := "language: bun\nworkspace: apps/api\nports: [3001]\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if got := p.Image.Entrypoint[1]; got != c.want {
			t.Errorf("%s: runs %s, want %s", c.name, got, c.want)
		}
		if b := langtest.Runs(p.Stage("builder")); !strings.Contains(b[len(b)-1].Display, "test -e "+c.want) {
			t.Errorf("%s: the builder checks %q", c.name, b[len(b)-1].Display)
		}
	}
}

// The workspace packages the selected one uses, directly or through another (a dev dependency
// too), run their build scripts first, dependencies first, as `turbo build` does with
// `dependsOn: ["^build"]`: the server may read what they write (a UI bundle in dist/). A package
// it does not use is not built, and the image takes the packages from the builder.
func TestWorkspacePackagesItUsesAreBuiltFirst(t *testing.T) {
	ctx := monorepo()
	ctx["apps/api/package.json"] = `{"name": "@acme/api", "scripts": {"start": "bun src/index.ts"},
		"dependencies": {"@acme/greet": "workspace:*", "@acme/widgets": "workspace:*"}}`
	ctx["packages/greet/package.json"] = `{"name": "@acme/greet", "module": "index.ts", "scripts": {"build": "bun build.ts"},
		"devDependencies": {"@acme/theme": "workspace:*"}}`
	ctx["packages/theme/package.json"] = `{"name": "@acme/theme", "scripts": {"build": "tailwindcss -o dist/theme.css"}}`
	ctx["packages/widgets/package.json"] = `{"name": "@acme/widgets", "scripts": {"build": "vite build"}, "dependencies": {"@acme/theme": "workspace:*"}}`
	ctx["packages/db/package.json"] = `{"name": "@acme/db", "scripts": {"build": "tsc"}}`
	src := "workspace: apps/api\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	want := []string{"bun run --cwd packages/theme build", "bun run --cwd packages/greet build", "bun run --cwd packages/widgets build"}
	var got []string
	for _, c := range langtest.Commands(p.Stage("builder")) {
		if strings.HasPrefix(c, "bun run") {
			got = append(got, c)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("builder runs %q, want %q", got, want)
	}
	last := langtest.Copies(p.Stage("runtime"))
	if c := last[len(last)-1]; c.FromStage != "builder" || !slices.Contains(c.Include, "app/packages/widgets") {
		t.Errorf("the packages' copy %+v: want them from the builder", c)
	}

	// build.command replaces them all
	src = "workspace: apps/api\nbuild: {command: [bun, run, build:all]}\n"
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	if got := langtest.Commands(p.Stage("builder")); slices.ContainsFunc(got, func(c string) bool { return strings.Contains(c, "--cwd packages") }) {
		t.Errorf("with build.command the builder runs %q", got)
	}
}

// pnpmWorkspace is a pnpm workspace whose API bun runs (its start script), with no bun lockfile:
// pnpm-workspace.yaml declares the packages and a catalog, package.json no workspaces.
func pnpmWorkspace() map[string]string {
	return map[string]string{
		"package.json":   `{"name": "tally", "private": true, "packageManager": "pnpm@10.20.0", "devDependencies": {"turbo": "catalog:"}}`,
		"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\ncatalog:\n  hono: ^4.9.0\n  turbo: ^2.6.0\n" +
			"onlyBuiltDependencies:\n  - esbuild\n",
		"apps/api/package.json": `{"name": "@tally/api", "type": "module", "scripts": {"dev": "bun --watch run ./index.ts", "start": "bun run ./index.ts"},
			"dependencies": {"@tally/shared": "workspace:*", "hono": "catalog:"}}`,
		"apps/api/index.ts":             "import { Hono } from 'hono'\nexport default { port: 3000, fetch: new Hono().fetch }\n",
		"apps/web/package.json":         `{"name": "@tally/web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.1.0"}}`,
		"packages/shared/package.json":  `{"name": "@tally/shared", "type": "module", "exports": {"./*": "./src/*.ts"}}`,
		"packages/shared/src/format.ts": "export const format = (n: number) => n.toFixed(2)\n",
	}
}

// A Bun package of a pnpm workspace without a bun lockfile (wannabespace/conar's apps/api): bun
// migrates pnpm-lock.yaml with pnpm-workspace.yaml's packages and catalog, so the package is
// selected from pnpm-workspace.yaml, deps copies it beside the lockfile, and the filtered install
// and the image are those of a Bun workspace. With a bun.lock, bun reads no pnpm-workspace.yaml:
// the packages are package.json's workspaces alone.
func TestBunPackageOfAPnpmWorkspace(t *testing.T) {
	src := "language: bun\nworkspace: apps/api\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, pnpmWorkspace()))
	deps := p.Stage("deps")
	var copied []string
	for _, c := range langtest.Copies(deps) {
		copied = append(copied, c.Paths...)
		copied = append(copied, c.Include...)
	}
	for _, want := range []string{"package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "apps/api/package.json", "apps/web/package.json", "packages/shared/package.json"} {
		if !slices.Contains(copied, want) {
			t.Errorf("deps copies %q, want %s", copied, want)
		}
	}
	if got := langtest.Commands(deps); !slices.Equal(got, []string{"bun install --frozen-lockfile --filter @tally/api --filter ./"}) {
		t.Errorf("install %q", got)
	}
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", "/app/apps/api/index.ts"}) || p.Image.Workdir != "/app/apps/api" {
		t.Errorf("image %+v", p.Image)
	}
	var rt []string
	for _, c := range langtest.Copies(p.Stage("runtime")) {
		rt = append(rt, c.FromStage+":"+strings.Join(slices.Concat(c.Paths, c.Include), ","))
	}
	if want := ":.,apps/api,packages/shared"; !slices.Contains(rt, want) {
		t.Errorf("the image holds %q, want %q", rt, want)
	}

	// without a selection, the packages are listed from pnpm-workspace.yaml
	src = "language: bun\n"
	_, err := provider.Plan(langtest.Spec(t, src), langtest.Gathered(t, Provider{}, src, pnpmWorkspace()))
	if err == nil || !strings.Contains(err.Error(), "pnpm-workspace.yaml's packages, which bun migrates with pnpm-lock.yaml") ||
		!strings.Contains(err.Error(), "apps/api") {
		t.Errorf("err = %v", err)
	}

	// a bun.lock: bun installs from it, and reads no pnpm-workspace.yaml
	ctx := pnpmWorkspace()
	ctx["bun.lock"] = "{}"
	src = "language: bun\nworkspace: apps/api\n"
	_, err = provider.Plan(langtest.Spec(t, src), langtest.Gathered(t, Provider{}, src, ctx))
	if err == nil || !strings.Contains(err.Error(), "declares no workspaces") {
		t.Errorf("err = %v", err)
	}
}
