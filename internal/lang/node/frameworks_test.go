package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
)

// nestPkg is package.json as `nest new` writes it, without start:prod (which would be used first).
const nestPkg = `{"scripts": {"build": "nest build", "start": "nest start"},
 "dependencies": {"@nestjs/core": "^12.0.1", "@nestjs/common": "^12.0.1"}, "devDependencies": {"@nestjs/cli": "^12", "typescript": "%s"}}`

func nest(ts string) string { return strings.Replace(nestPkg, "%s", ts, 1) }

// TestNestOutput: the file `nest start` runs: outDir of the tsconfig nest builds with, the
// source root relative to rootDir (TypeScript 6 defaults it to the tsconfig's directory),
// entryFile; webpack and swc bundles and monorepo apps.
func TestNestOutput(t *testing.T) {
	tsconfig := `{
  // nest new's
  "compilerOptions": {"outDir": "./dist", "rootDir": ".", /* TypeScript 6 */ "incremental": true,},
}`
	build := `{"extends": "./tsconfig.json", "compilerOptions": {"rootDir": "./src"}, "include": ["src"]}`
	for _, tc := range []struct {
		name, pkg string
		files     []string
		want      string
	}{
		{"nest new (rootDir src in tsconfig.build.json)", nest("^6.0.2"), []string{"nest-cli.json", `{"sourceRoot": "src"}`,
			"tsconfig.json", tsconfig, "tsconfig.build.json", build}, "dist/main.js"},
		{"TypeScript 6 without rootDir", nest("^6.0.2"), []string{"tsconfig.json", `{"compilerOptions": {"outDir": "./dist"}}`,
			"tsconfig.build.json", `{"extends": "./tsconfig.json", "exclude": ["test"]}`}, "dist/src/main.js"},
		{"TypeScript 5 without rootDir", nest("~5.9.3"), []string{"tsconfig.json", `{"compilerOptions": {"outDir": "./dist"}}`,
			"tsconfig.build.json", `{"extends": "./tsconfig.json", "exclude": ["test"]}`}, "dist/main.js"},
		{"outDir and entryFile of their own", nest("^6"), []string{"nest-cli.json", `{"entryFile": "server", "compilerOptions": {"tsConfigPath": "tsconfig.app.json"}}`,
			"tsconfig.app.json", `{"compilerOptions": {"outDir": "build", "rootDir": "src"}}`}, "build/server.js"},
		{"no tsconfig", nest("^6"), nil, "dist/src/main.js"},
		{"webpack", nest("^6"), []string{"nest-cli.json", `{"compilerOptions": {"webpack": true}}`,
			"tsconfig.json", `{"compilerOptions": {"outDir": "./dist", "rootDir": "."}}`}, "dist/main.js"},
		{"swc", nest("^6"), []string{"nest-cli.json", `{"compilerOptions": {"builder": "swc"}}`, "tsconfig.json", tsconfig}, "dist/main.js"},
		{"monorepo", nest("^6"), []string{"nest-cli.json", `{"monorepo": true, "root": "apps/gateway", "sourceRoot": "apps/gateway/src"}`}, "dist/apps/gateway/main.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(tc.pkg, tc.files...))
			if want := []string{"/usr/local/bin/node", "/app/" + tc.want}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
			}
			if r := lastCheck(p); r.Display != "test -e /app/"+tc.want {
				t.Errorf("the build checks %q", r.Display)
			}
			dir := "/app/" + strings.SplitN(tc.want, "/", 2)[0]
			if got := artifactPaths(p); !slices.Equal(got, []string{"prod-deps:/app/node_modules -> /app/node_modules/",
				":package.json -> /app/", "builder:" + dir + " -> " + dir + "/"}) {
				t.Errorf("runtime copies %q", got)
			}
		})
	}
}

// checkAndCopies: the builder checks check ("": no check, the entry being in the source and
// nothing built), and the runtime copies copies (nil: not asserted).
func checkAndCopies(t *testing.T, p *plan.Plan, check string, copies []string) {
	t.Helper()
	switch r := lastCheck(p); {
	case check == "" && r.Display != "":
		t.Errorf("the build checks %q, want no check (the entry is in the source, and nothing is built)", r.Display)
	case check != "" && !strings.HasPrefix(r.Display, "test -e "+check):
		t.Errorf("the build checks %q, want %s", r.Display, check)
	}
	if got := artifactPaths(p); copies != nil && !slices.Equal(got, copies) {
		t.Errorf("runtime copies %q, want %q", got, copies)
	}
}

// runtimeMkdir is the runtime stage's step making the directory at path (nil: none).
func runtimeMkdir(p *plan.Plan, path string) *plan.Mkdir {
	for _, st := range p.Stage("runtime").Steps {
		if mk, ok := st.(*plan.Mkdir); ok && mk.Path == path {
			return mk
		}
	}
	return nil
}

// lastCheck is the builder's check of what the image runs.
func lastCheck(p *plan.Plan) *plan.Run {
	b := building(p)
	r, _ := b.Steps[len(b.Steps)-1].(*plan.Run)
	if r == nil {
		return &plan.Run{}
	}
	return r
}

// building is the stage that runs the build: app when it runs on the runtime image (appstage.go),
// else builder.
func building(p *plan.Plan) *plan.Stage {
	if st := p.Stage(lang.AppStage); st != nil {
		return st
	}
	return p.Stage("builder")
}

const nextPkg = `{"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "^16.4.6", "react": "^19"}}`

// TestNextStandalone: server.js of .next/standalone at the app's root, .next/static and public/
// beside it (when present), no node_modules or package.json of the project, a cache directory
// the runtime user can write, and HOSTNAME for the server to listen on every interface.
func TestNextStandalone(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(nextPkg, "next.config.mjs", "const c = {\n  output: 'standalone',\n};\nexport default c;\n"))
	if want := []string{"/usr/local/bin/node", "/app/server.js"}; !slices.Equal(p.Image.Entrypoint, want) || p.Image.Cmd != nil {
		t.Errorf("entrypoint %q cmd %q", p.Image.Entrypoint, p.Image.Cmd)
	}
	if r := lastCheck(p); r.Display != "test -e /app/.next/standalone/server.js" {
		t.Errorf("the build checks %q", r.Display)
	}
	if p.Stage("prod-deps") != nil {
		t.Errorf("a prod-deps stage for a self-contained server")
	}
	if got := artifactPaths(p); !slices.Equal(got, []string{"builder:/app/.next/standalone -> /app/", "builder:/ -> /"}) {
		t.Errorf("runtime copies %q", got)
	}
	beside := copies(p.Stage("runtime"))[1]
	if !slices.Equal(beside.Include, []string{"app/.next/static", "app/public"}) {
		t.Errorf("beside server.js: %+v", beside)
	}
	for _, e := range []plan.Env{{Key: "NODE_ENV", Value: "production"}, {Key: "HOSTNAME", Value: "0.0.0.0"}, {Key: "PORT", Value: "3000"}} {
		if !slices.Contains(p.Image.Env, e) {
			t.Errorf("env %v lacks %v", p.Image.Env, e)
		}
	}
	if cache := runtimeMkdir(p, "/app/.next/cache"); cache == nil || cache.Chown != "1000:1000" {
		t.Errorf("cache directory %+v, want one owned by node (1000)", cache)
	}
	p = provider.MustPlan(t, "language: node\nuser: app\nruntime: distroless\n", facts(nextPkg, "next.config.js", `module.exports = {output: "standalone"}`))
	for _, st := range p.Stage("runtime").Steps {
		if mk, ok := st.(*plan.Mkdir); ok && mk.Path == "/app/.next/cache" && (mk.Chown != "" || mk.Mode != 0o1777) {
			t.Errorf("a named user's cache directory: %+v, want 1777 (chown takes numbers)", mk)
		}
	}
}

// TestNextStart: without standalone, `next start` through node serves .next (without its
// build cache), with public/, next.config and the production node_modules.
func TestNextStart(t *testing.T) {
	lock := `{"packages": {"node_modules/next": {"version": "16.4.6", "bin": {"next": "dist/bin/next"}}}}`
	p := provider.MustPlan(t, "language: node\n", facts(nextPkg, "next.config.ts", "export default {}", "package-lock.json", lock))
	if want := []string{"/usr/local/bin/node", "/app/node_modules/next/dist/bin/next"}; !slices.Equal(p.Image.Entrypoint, want) ||
		!slices.Equal(p.Image.Cmd, []string{"start"}) {
		t.Errorf("entrypoint %q cmd %q", p.Image.Entrypoint, p.Image.Cmd)
	}
	if r := lastCheck(p); r.Display != "test -e /app/.next/BUILD_ID" {
		t.Errorf("the build checks %q", r.Display)
	}
	want := []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/",
		"builder:/app/.next -> /app/.next/", "builder:/app/next.config.ts -> /app/", "builder:/ -> /"}
	if got := artifactPaths(p); !slices.Equal(got, want) {
		t.Errorf("runtime copies %q, want %q", got, want)
	}
	if c := copies(p.Stage("runtime"))[2]; !slices.Equal(c.Exclude, []string{"cache"}) {
		t.Errorf(".next copy excludes %q", c.Exclude)
	}
	// a static export is a site (static.go), not a server
	p = provider.MustPlan(t, "language: node\n", facts(nextPkg, "next.config.js", `module.exports = {output: 'export'}`))
	if img := p.Stage("runtime").Base.Image; img != static.Image {
		t.Errorf("a static export runs on %s", img)
	}
}

// TestNextStartShipsWhatItsConfigImports: `next start` loads next.config again, so the files of
// the package it imports ship beside it (when present): an i18n config required without its
// extension, an env module imported for its side effects; not a package, a file above the
// package, or package.json (which ships anyway). A standalone server inlines its config.
func TestNextStartShipsWhatItsConfigImports(t *testing.T) {
	config := `const { version } = require("./package.json");
const { i18n } = require('./i18n.config');
const shared = require("../shared/next.js");
const withPlugin = require("next-plugin-x");
import "./src/env.mjs";
import rewrites from "./config/rewrites.js";
export { headers } from './config/headers';
const later = () => import("./config/later.ts");
module.exports = withPlugin({ i18n, version });
`
	p := provider.MustPlan(t, "language: node\n", facts(nextPkg, "next.config.js", config))
	beside := copies(p.Stage("runtime"))[len(copies(p.Stage("runtime")))-1]
	want := []string{"app/public", "app/i18n.config", "app/i18n.config.*", "app/src/env.mjs", "app/config/rewrites.js",
		"app/config/headers", "app/config/headers.*", "app/config/later.ts"}
	if !slices.Equal(beside.Include, want) {
		t.Errorf("beside next.config.js: %q, want %q", beside.Include, want)
	}
	p = provider.MustPlan(t, "language: node\n", facts(nextPkg, "next.config.js", "module.exports = {output: 'standalone', ...require('./i18n.config')}"))
	if beside := copies(p.Stage("runtime"))[1]; !slices.Equal(beside.Include, []string{"app/.next/static", "app/public"}) {
		t.Errorf("beside a standalone server.js: %q", beside.Include)
	}
}

// TestSelfContainedAndServerOutputs: Nuxt/Nitro's (and vinxi's) .output alone; SvelteKit's adapter-node
// build/ (or its out) with the production modules; React Router's and Remix's serve bins with
// the server build as their argument; the Express generator's bin/www.
func TestSelfContainedAndServerOutputs(t *testing.T) {
	for _, tc := range []struct {
		name, pkg  string
		files      []string
		entrypoint []string
		cmd        []string
		check      string
		copies     []string
	}{
		{"Nuxt", `{"scripts": {"build": "nuxt build", "preview": "nuxt preview"}, "dependencies": {"nuxt": "^4", "vue": "^3"}}`, nil,
			[]string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}, nil, "/app/.output/server/index.mjs",
			[]string{"builder:/app/.output -> /app/.output/"}},
		{"Nitro", `{"scripts": {"build": "nitro build"}, "devDependencies": {"nitropack": "^2"}}`, nil,
			[]string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}, nil, "/app/.output/server/index.mjs",
			[]string{"builder:/app/.output -> /app/.output/"}},
		// SolidStart 1 and TanStack Start before 1.121 build with vinxi, whose server is Nitro's
		{"SolidStart on vinxi", `{"type": "module", "scripts": {"dev": "vinxi dev", "build": "vinxi build", "start": "vinxi start"},
 "dependencies": {"@solidjs/start": "^1.1.0", "solid-js": "^1.9.5", "vinxi": "^0.5.7"}}`, nil,
			[]string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}, nil, "/app/.output/server/index.mjs",
			[]string{"builder:/app/.output -> /app/.output/"}},
		// Analog (Angular on Vite) builds its server with Nitro into dist/analog, self-contained;
		// its start script is Angular's dev server
		{"Analog", `{"type": "module", "scripts": {"start": "ng serve", "build": "ng build", "test": "ng test"},
 "dependencies": {"@analogjs/router": "^1.6.1", "@angular/core": "^18.0.0", "@angular/platform-server": "^18.0.0"},
 "devDependencies": {"@analogjs/platform": "^1.6.1", "@angular/cli": "^18.0.0", "vite": "~5.2.0"}}`,
			[]string{"vite.config.ts", "import analog from '@analogjs/platform';\nexport default defineConfig(() => ({ plugins: [analog()] }));\n"},
			[]string{"/usr/local/bin/node", "/app/dist/analog/server/index.mjs"}, nil, "/app/dist/analog/server/index.mjs",
			[]string{"builder:/app/dist/analog -> /app/dist/analog/"}},
		{"SvelteKit adapter-node", `{"scripts": {"build": "vite build"}, "dependencies": {"ms": "2"}, "devDependencies": {"@sveltejs/kit": "^2", "@sveltejs/adapter-node": "^5", "vite": "^7"}}`,
			[]string{"svelte.config.js", "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter({ out: 'server' }) } };\n"},
			[]string{"/usr/local/bin/node", "/app/server/index.js"}, nil, "/app/server/index.js",
			[]string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/app/server -> /app/server/"}},
		{"React Router 7", `{"scripts": {"build": "react-router build", "start": "react-router-serve ./build/server/index.js"}, "dependencies": {"@react-router/serve": "^7.9.0"}}`, nil,
			[]string{"/usr/local/bin/node", "/app/node_modules/@react-router/serve/bin.js"}, []string{"./build/server/index.js"}, "/app/build/server/index.js",
			[]string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/app/build -> /app/build/"}},
		{"React Router 8", `{"scripts": {"build": "react-router build"}, "dependencies": {"@react-router/serve": "^8.0.0"}}`, nil,
			[]string{"/usr/local/bin/node", "/app/node_modules/@react-router/serve/bin.cjs"}, []string{"./build/server/index.js"}, "/app/build/server/index.js", nil},
		{"Remix", `{"scripts": {"build": "remix vite:build", "start": "remix-serve ./build/server/index.js"}, "dependencies": {"@remix-run/serve": "^2"}}`,
			[]string{"package-lock.json", `{"packages": {"node_modules/@remix-run/serve": {"version": "2.17.5", "bin": {"remix-serve": "dist/cli.js"}}}}`},
			[]string{"/usr/local/bin/node", "/app/node_modules/@remix-run/serve/dist/cli.js"}, []string{"./build/server/index.js"}, "/app/build/server/index.js", nil},
		{"Express generator", `{"scripts": {"dev": "nodemon ./bin/www"}, "dependencies": {"express": "~4.16.1"}}`, []string{"bin/www", ""},
			[]string{"/usr/local/bin/node", "/app/bin/www"}, nil, "", nil}, // no build, bin/www in the source: no check
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(tc.pkg, tc.files...))
			if !slices.Equal(p.Image.Entrypoint, tc.entrypoint) || !slices.Equal(p.Image.Cmd, tc.cmd) {
				t.Errorf("entrypoint %q cmd %q, want %q %q", p.Image.Entrypoint, p.Image.Cmd, tc.entrypoint, tc.cmd)
			}
			checkAndCopies(t, p, tc.check, tc.copies)
		})
	}
}

// TestAnalogOtherPresetsAreNotRun: an Analog project built for a platform (a Nitro preset other
// than node's in its vite config) leaves no dist/analog/server/index.mjs for node: no guess, the
// error names what was tried. One prerendered only (`static: true`) is a static site of
// dist/analog/public (TestSiteTools' Analog static).
func TestAnalogOtherPresetsAreNotRun(t *testing.T) {
	pkg := `{"scripts": {"start": "ng serve", "build": "ng build"}, "devDependencies": {"@analogjs/platform": "^1.6.1", "vite": "~5.2.0"}}`
	for name, config := range map[string]string{
		"vercel preset": "export default defineConfig({ plugins: [analog({ nitro: { preset: 'vercel' } })] });\n",
	} {
		if _, err := provider.TryPlan(t, "language: node\n", facts(pkg, "vite.config.ts", config)); err == nil || !strings.Contains(err.Error(), "cannot tell what node runs") {
			t.Errorf("%s: %v, want the error naming what was tried", name, err)
		}
	}
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "vite.config.ts", "export default defineConfig({ plugins: [analog({ nitro: { preset: 'node-server' } })] });\n"))
	if want := []string{"/usr/local/bin/node", "/app/dist/analog/server/index.mjs"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("node-server preset: entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
}

// TestRemixClassicShipsPublic: Remix's classic compiler (`remix build`, Remix 1 and 2 without
// Vite) writes the browser's files to public/build, which the server serves beside public/'s own:
// the image holds public/ from the builder beside build/, for remix-serve (indie-stack) and for a
// custom Express server bundled into build/ (blues-stack's esbuild build:server). Remix's Vite
// build writes them into build/client: nothing more.
func TestRemixClassicShipsPublic(t *testing.T) {
	lock := `{"packages": {"node_modules/@remix-run/serve": {"version": "2.16.0", "bin": {"remix-serve": "dist/cli.js"}}}}`
	for _, tc := range []struct {
		name, pkg  string
		entrypoint string
		public     bool
	}{
		{"remix-serve", `{"scripts": {"build": "remix build", "start": "remix-serve ./build/index.js"},
		 "dependencies": {"@remix-run/node": "^2", "@remix-run/serve": "^2"}, "devDependencies": {"@remix-run/dev": "^2"}}`,
			"/app/node_modules/@remix-run/serve/dist/cli.js", true},
		// Remix 1's templates (rphlmr/supa-fly-stack): the build's directory, which node loads
		// as build/index.js; it shipped the builder's whole tree, its dev dependencies too
		{"remix-serve build", `{"scripts": {"build": "remix build", "start": "remix-serve build"},
		 "dependencies": {"@remix-run/node": "*", "@remix-run/serve": "*"}, "devDependencies": {"@remix-run/dev": "*"}}`,
			"/app/node_modules/@remix-run/serve/dist/cli.js", true},
		{"custom server", `{"scripts": {"build": "run-s build:*", "build:remix": "remix build",
		 "build:server": "esbuild --platform=node --format=cjs ./server.ts --outdir=build --bundle", "start": "cross-env NODE_ENV=production node ./build/server.js"},
		 "dependencies": {"@remix-run/express": "^2", "express": "^4"}, "devDependencies": {"@remix-run/dev": "^2", "esbuild": "^0.25"}}`,
			"/app/build/server.js", true},
		{"Vite", `{"scripts": {"build": "remix vite:build", "start": "remix-serve ./build/server/index.js"},
		 "dependencies": {"@remix-run/serve": "^2"}, "devDependencies": {"@remix-run/dev": "^2", "vite": "^6"}}`,
			"/app/node_modules/@remix-run/serve/dist/cli.js", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(tc.pkg, "package-lock.json", lock))
			if got := p.Image.Entrypoint[len(p.Image.Entrypoint)-1]; got != tc.entrypoint {
				t.Errorf("entrypoint %q, want %s", p.Image.Entrypoint, tc.entrypoint)
			}
			var public bool
			for _, c := range copies(p.Stage("runtime")) {
				public = public || c.FromStage == "builder" && slices.Contains(c.Include, "app/public")
			}
			if public != tc.public {
				t.Errorf("public/ from the builder: %v, want %v; copies %q", public, tc.public, artifactPaths(p))
			}
			if got := artifactPaths(p); !slices.Contains(got, "builder:/app/build -> /app/build/") || slices.Contains(got, "builder:/app -> /app/") {
				t.Errorf("copies %q lack build/, or hold the builder's tree", got)
			}
		})
	}
}

// TestRemixAssetsBuildDirectory: a classic Remix app whose remix.config sets assetsBuildDirectory
// (a string literal) outside public/ gets that directory from the builder too, beside build/ and
// public/; under public/ or under build/, nothing more.
func TestRemixAssetsBuildDirectory(t *testing.T) {
	lock := `{"packages": {"node_modules/@remix-run/serve": {"version": "2.16.0", "bin": {"remix-serve": "dist/cli.js"}}}}`
	serve := `{"scripts": {"build": "remix build", "start": "remix-serve ./build/index.js"},
	 "dependencies": {"@remix-run/node": "^2", "@remix-run/serve": "^2"}, "devDependencies": {"@remix-run/dev": "^2"}}`
	custom := `{"scripts": {"build": "remix build && esbuild ./server.ts --outdir=server-build --bundle --platform=node", "start": "node ./server-build/server.js"},
	 "dependencies": {"@remix-run/express": "^2", "express": "^4"}, "devDependencies": {"@remix-run/dev": "^2", "esbuild": "^0.25"}}`
	for _, tc := range []struct {
		name, pkg, config, file string
		want, not               []string
	}{
		{"outside public", serve, "module.exports = {\n  assetsBuildDirectory: \"static/build\",\n  publicPath: \"/static/build/\",\n};\n", "remix.config.js",
			[]string{"app/public", "app/static"}, nil},
		{"under public", serve, "export default { assetsBuildDirectory: 'public/assets' };\n", "remix.config.mjs", []string{"app/public"}, []string{"app/static"}},
		{"under build", serve, "module.exports = { assetsBuildDirectory: 'build/client' };\n", "remix.config.js", []string{"app/public"}, []string{"app/build/client"}},
		{"outside the project", serve, "module.exports = { assetsBuildDirectory: '../cdn' };\n", "remix.config.js", []string{"app/public"}, []string{"app/../cdn", "app/cdn"}},
		{"custom server", custom, "module.exports = { assetsBuildDirectory: 'assets/build' };\n", "remix.config.js", []string{"app/public", "app/assets"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(tc.pkg, "package-lock.json", lock, tc.file, tc.config))
			var fromBuilder []string
			for _, c := range copies(p.Stage("runtime")) {
				if c.FromStage == "builder" {
					fromBuilder = append(fromBuilder, c.Include...)
				}
			}
			for _, w := range tc.want {
				if !slices.Contains(fromBuilder, w) {
					t.Errorf("the builder's copy %q lacks %s (%q)", fromBuilder, w, artifactPaths(p))
				}
			}
			for _, w := range tc.not {
				if slices.Contains(fromBuilder, w) {
					t.Errorf("the builder's copy %q holds %s", fromBuilder, w)
				}
			}
		})
	}
}

// TestNoBuildShipsTheSourceWithoutWhatDoesNotRun: an Express generator app (bin/www, app.js,
// routes/, views/, public/) has no build: the image holds its tree without tests, docs, Docker
// and tool files, lockfiles or .env files; PORT follows the spec's port.
func TestNoBuildShipsTheSourceWithoutWhatDoesNotRun(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nports: [3000, 9229/udp]\n", facts(`{"scripts": {"start": "node ./bin/www", "test": "node --test"}, "dependencies": {"express": "~5.1.0"}}`,
		"bin/www", "", "package-lock.json", "{}"))
	if want := []string{"/usr/local/bin/node", "/app/bin/www"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
	cs := copies(p.Stage("runtime"))
	src := cs[len(cs)-1]
	if src.FromStage != lang.AppStage || src.Paths[0] != "/app" {
		t.Fatalf("last copy %+v, want the app stage's tree (the source, on the runtime image)", src)
	}
	for _, ex := range []string{"test", "**/*.test.*", ".github", "*.md", "Dockerfile*", ".dockerignore", ".env", ".env.*", "package-lock.json", "**/node_modules", ".npmrc"} {
		if !slices.Contains(src.Exclude, ex) {
			t.Errorf("the image gets %s: excludes %q", ex, src.Exclude)
		}
	}
	if !slices.Contains(p.Image.Env, plan.Env{Key: "PORT", Value: "3000"}) {
		t.Errorf("env %v", p.Image.Env)
	}
	p = provider.MustPlan(t, "language: node\nports: [3000]\nenv: {PORT: \"8080\"}\n", facts(`{"main": "index.js"}`, "index.js", ""))
	if slices.Contains(p.Image.Env, plan.Env{Key: "PORT", Value: "3000"}) {
		t.Errorf("PORT overrides the spec's env: %v", p.Image.Env)
	}
}

// Next.js's build cache is a cache mount of the build step, per app, locked: a rebuild on a warm
// builder reuses it; nothing else mounts it.
func TestNextBuildCache(t *testing.T) {
	for i, config := range []string{"const c = {\n  output: 'standalone',\n};\nexport default c;\n", "export default {distDir: 'build'}"} {
		src := "language: node\n"
		if i == 1 {
			src += "build: {command: npm run build -- --debug}\n" // build.command gets it too
		}
		p := provider.MustPlan(t, src, facts(nextPkg, "next.config.mjs", config))
		target := "/app/.next/cache"
		if strings.Contains(config, "distDir") {
			target = "/app/build/cache"
		}
		want := plan.Mount{Type: plan.MountCache, ID: "next-cache-app", Target: target, Sharing: plan.SharingLocked} // package.json names no app
		var found int
		for _, st := range p.Stages {
			for _, r := range langtest.Steps[*plan.Run](st) {
				if slices.ContainsFunc(r.Mounts, func(m plan.Mount) bool { return m.Target == target }) {
					found++
					if st.Name != "builder" || !slices.Contains(r.Mounts, want) {
						t.Errorf("%s: %s mounts %+v", config, r.Display, r.Mounts)
					}
				}
			}
		}
		if found != 1 {
			t.Errorf("%s: %d steps mount the build cache, want the build", config, found)
		}
	}
}

// TestSvelteKitCustomServer: a server of the project's own around adapter-node's handler
// (serve.js importing ./build/handler.js, run by a script not named start; the eleventh sweep's
// blog-frontend proxies its API there) is what the image runs, with the built tree, the build
// checked for the handler; without one, or when the start script names what node runs, as
// before.
func TestSvelteKitCustomServer(t *testing.T) {
	const config = "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter({ out: 'dist' }) } };\n"
	const serve = "import express from 'express';\nimport { handler } from './dist/handler.js';\n\nconst app = express();\napp.use('/api', proxy);\napp.use(handler);\napp.listen(process.env.PORT || 8000);\n"
	pkg := func(start string) string {
		return `{"type": "module", "scripts": {"build": "vite build", "serve": "node serve.js"` + start + `},
		 "dependencies": {"express": "^4.21.0"}, "devDependencies": {"@sveltejs/kit": "^2", "@sveltejs/adapter-node": "^5", "vite": "^6"}}`
	}
	for _, tc := range []struct {
		name, pkg  string
		files      []string
		entrypoint string
		check      string
	}{
		{"serve.js", pkg(""), []string{"serve.js", serve}, "/app/serve.js", "/app/dist/handler.js"},
		{"server.mjs, the handler without .js", pkg(""), []string{"server.mjs", strings.Replace(serve, "handler.js", "handler", 1)}, "/app/server.mjs", "/app/dist/handler.js"},
		{"no server of its own", pkg(""), []string{"serve.js", "console.log('dev tools');\n"}, "/app/dist/index.js", "/app/dist/index.js"},
		{"the start script runs the adapter's", pkg(`, "start": "node dist"`), []string{"serve.js", serve}, "/app/dist", ""},
		// a server of another name, or in TypeScript, that a script runs
		{"server-prod.js, run by serve:prod", pkg(`, "serve:prod": "NODE_ENV=production node server-prod.js", "sitemap": "node scripts/sitemap.js"`),
			[]string{"server-prod.js", serve, "scripts/sitemap.js", "import fs from 'node:fs';\n"}, "/app/server-prod.js", "/app/dist/handler.js"},
		{"server.ts, run by tsx", pkg(`, "prod": "tsx server.ts"`), []string{"server.ts", serve}, "/app/server.ts", "/app/dist/handler.js"},
		{"server.ts, run by node", pkg(`, "prod": "npm run build && node server.ts"`), []string{"server.ts", serve}, "/app/server.ts", "/app/dist/handler.js"},
		{"a script's file that is no server", pkg(`, "sitemap": "node scripts/sitemap.js"`),
			[]string{"scripts/sitemap.js", "import fs from 'node:fs';\n"}, "/app/dist/index.js", "/app/dist/index.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := append([]string{"svelte.config.js", config, "package-lock.json", "{}"}, tc.files...)
			p := provider.MustPlan(t, "language: node\ntest: false\n", facts(tc.pkg, files...))
			if p.Image.Entrypoint[1] != tc.entrypoint {
				t.Errorf("entrypoint %q, want %s", p.Image.Entrypoint, tc.entrypoint)
			}
			if r := lastCheck(p); tc.check != "" && !strings.HasPrefix(r.Display, "test -e "+tc.check) {
				t.Errorf("the build checks %q, want %s", r.Display, tc.check)
			}
			// a server of its own ships with the adapter's output it imports, not the tree (aroundbuild.go)
			if got, file := artifactPaths(p), strings.TrimPrefix(tc.entrypoint, "/app/"); strings.Contains(file, "serve") &&
				(!slices.Contains(got, "builder:/app/"+file+" -> /app/") || !slices.Contains(got, "builder:/app/dist -> /app/dist/") || slices.Contains(got, "builder:/app -> /app/")) {
				t.Errorf("runtime copies %q, want %s and dist/ for a server of its own", got, file)
			}
		})
	}
	// planning reads what the scripts run, besides the usual names
	s, f := langtest.Spec(t, "language: node\n"), facts(pkg(`, "serve:prod": "node server-prod.js", "prod": "tsx src/server.ts", "dev": "vite dev"`), "svelte.config.js", config)
	got := (Provider{}).Follow(s, f)
	for _, want := range []string{"server-prod.js", "src/server.ts"} {
		if !slices.Contains(got, want) {
			t.Errorf("Follow = %q, lacks %s", got, want)
		}
	}
}
