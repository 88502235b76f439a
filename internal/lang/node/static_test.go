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

const viteApp = `{"name": "trail-notes", "scripts": {"dev": "vite", "build": "vite build", "test": "vitest run"},
 "dependencies": {"react": "^19.2.0"}, "devDependencies": {"vite": "^7.3.0", "vitest": "^3.2.4"}}`

// siteOf plans and returns the runtime's site copy and config, failing unless it is a static site.
func siteOf(t *testing.T, src string, f lang.Facts) (*plan.Copy, string) {
	t.Helper()
	p := provider.MustPlan(t, src, f)
	rt := p.Stage("runtime")
	if rt == nil || rt.Base.Image != static.Image {
		t.Fatalf("not a static site: runtime %+v", rt)
	}
	w := langtest.Steps[*plan.WriteFile](rt)
	c := copies(rt)
	if len(w) != 1 || len(c) != 1 {
		t.Fatalf("runtime steps: %+v", rt.Steps)
	}
	return c[0], w[0].Files[0].Data
}

// A Vite app with no script for node is a static site: deps, builder (vite build) and tester as
// for any Node.js project, then dist/ served by nginx, no node_modules, no NODE_ENV, no node.
func TestViteSPAIsAStaticSite(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nports: [8080]\n", facts(viteApp, "package-lock.json", "{}"))
	var names []string
	for _, st := range p.Stages {
		names = append(names, st.Name)
	}
	if strings.Join(names, " ") != "deps builder tester runtime" {
		t.Errorf("stages %q", names)
	}
	if got := runs(p.Stage("builder")); len(got) != 1 || got[0] != "npm run build" {
		t.Errorf("builder runs %q", got)
	}
	if p.Image.User != "101:101" || p.Image.Entrypoint != nil || len(p.Image.Env) != 0 {
		t.Errorf("image %+v", p.Image)
	}
	c, conf := siteOf(t, "language: node\nports: [8080]\n", facts(viteApp))
	if c.FromStage != "builder" || c.Paths[0] != "/app/dist" || c.Dest != static.Root+"/" {
		t.Errorf("copy %+v", c)
	}
	for _, want := range []string{"site (Vite)", "\"~^/assets/\"", "try_files $uri $uri.html $uri/ /index.html;", "listen 8080;"} {
		if !strings.Contains(conf, want) {
			t.Errorf("config lacks %q", want)
		}
	}
}

// Each tool's output directory and hashed files.
func TestSiteTools(t *testing.T) {
	angular := `{"projects": {"shop": {"projectType": "application", "architect": {"build": {
	  "builder": "@angular/build:application", "options": {"outputPath": "dist/shop"}}}}}}`
	angularObject := `{"projects": {"shop": {"projectType": "application", "architect": {"build": {
	  "builder": "@angular-devkit/build-angular:application", "options": {"outputPath": {"base": "www", "browser": ""}}}}}}}`
	angularWebpack := `{"projects": {"shop": {"projectType": "application", "architect": {"build": {
	  "builder": "@angular-devkit/build-angular:browser", "options": {"outputPath": "dist/shop"}}}}}}`
	pkg := func(dep, build string) string {
		return `{"scripts": {"build": "` + build + `"}, "devDependencies": {"` + dep + `": "*"}}`
	}
	for _, c := range []struct {
		name string
		f    lang.Facts
		dir  string
		conf string
	}{
		{"CRA", facts(pkg("react-scripts", "react-scripts build")), "/app/build", "\"~^/static/\""},
		{"Vue CLI", facts(pkg("@vue/cli-service", "vue-cli-service build")), "/app/dist", "{8}\\.[a-z0-9]+$\""},
		{"Astro", facts(pkg("astro", "astro build")), "/app/dist", "error_page 404 /404.html;"},
		{"Astro outDir", facts(pkg("astro", "astro build"), "astro.config.mjs", "export default defineConfig({\n  outDir: './public-site',\n  base: '/',\n});\n"),
			"/app/public-site", "\"~^/_astro/\""},
		{"Astro outDir outside the project", facts(pkg("astro", "astro build"), "astro.config.mjs", "export default defineConfig({\n  outDir: '../static/blog',\n});\n"),
			"/app/dist", "site (Astro)"},
		{"Next export (config)", facts(pkg("next", "next build"), "next.config.mjs", "export default { output: 'export' };"),
			"/app/out", "\"~^/_next/static/\""},
		{"Next export (script)", facts(pkg("next", "next build && next export")), "/app/out", "site (Next.js static export)"},
		// Vite's build.outDir, from the config (read as text) or the build script's --outDir
		{"Vite build.outDir", facts(pkg("vite", "vite build"), "vite.config.mts",
			"export default defineConfig({\n  plugins: [react()],\n  build: {\n    outDir: \"build\",\n    sourcemap: true,\n  },\n});\n"), "/app/build", "site (Vite)"},
		{"Vite --outDir", facts(pkg("vite", "tsc && vite build --outDir public/app"), "vite.config.ts",
			"export default { build: { outDir: 'build' } }\n"), "/app/public/app", "site (Vite)"},
		{"Vite outDir of a plugin", facts(pkg("vite", "vite build"), "vite.config.js",
			"export default { plugins: [sitemap({ outDir: 'build' })] }\n"), "/app/dist", "site (Vite)"},
		{"Vite outDir outside the project", facts(pkg("vite", "vite build"), "vite.config.ts",
			"export default { build: { outDir: '../server/dist' } }\n"), "/app/dist", "site (Vite)"},
		// Analog's static site generation (its vite config's `static: true`): pages prerendered into
		// dist/analog/public, no server, though it depends on @angular/core and Analog's platform
		{"Analog static", facts(`{"scripts": {"build": "ng build"}, "dependencies": {"@angular/core": "^18.0.0"}, "devDependencies": {"@analogjs/platform": "^1.6.1", "vite": "~5.2.0"}}`,
			"vite.config.ts", "export default defineConfig({ plugins: [analog({ static: true, prerender: { routes: ['/', '/blog'] } })] });\n"),
			"/app/dist/analog/public", "site (Analog static)"},
		{"Angular", facts(pkg("@angular/core", "ng build"), "angular.json", angular), "/app/dist/shop/browser", "[A-Z0-9]{8}"},
		{"Angular (base)", facts(pkg("@angular/core", "ng build"), "angular.json", angularObject), "/app/www", "site (Angular)"},
		{"Angular (webpack)", facts(pkg("@angular/core", "ng build"), "angular.json", angularWebpack), "/app/dist/shop", "site (Angular)"},
		// SvelteKit with adapter-static: prerendered pages in build/ (or `pages`), a 404 page
		// unless `fallback: 'index.html'` makes it a browser-routed app
		{"SvelteKit adapter-static", facts(svelteKit("@sveltejs/adapter-static"), "svelte.config.js",
			"import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter() } };\n"), "/app/build", "error_page 404 /404.html;"},
		{"SvelteKit adapter-static SPA", facts(svelteKit("@sveltejs/adapter-static"), "svelte.config.js",
			"import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter({ pages: 'public', fallback: 'index.html' }) } };\n"),
			"/app/public", "\"~^/_app/immutable/\""},
		// static site generators (ninth sweep): Docusaurus's build/ (or --out-dir), Gatsby's
		// public/, VitePress's .vitepress/dist under the root its build names, Eleventy's _site
		// (or its config's dir.output, or --output); each with a 404 page, not a browser router
		{"Docusaurus", facts(pkg("@docusaurus/core", "docusaurus build")), "/app/build", "error_page 404 /404.html;"},
		{"Docusaurus --out-dir", facts(pkg("@docusaurus/core", "docusaurus build --out-dir www")), "/app/www", "\"~^/assets/\""},
		{"Gatsby", facts(pkg("gatsby", "gatsby build")), "/app/public", "\"~-[0-9a-f]{20}\\.js$\""},
		{"VitePress at the root", facts(pkg("vitepress", "vitepress build")), "/app/.vitepress/dist", "site (VitePress)"},
		{"VitePress in docs/", facts(pkg("vitepress", "vitepress build docs --base /handbook/")), "/app/docs/.vitepress/dist", "error_page 404 /handbook/404.html;"},
		{"VitePress --outDir", facts(pkg("vitepress", "vitepress build site --outDir public")), "/app/public", "site (VitePress)"},
		{"Eleventy", facts(pkg("@11ty/eleventy", "npx @11ty/eleventy")), "/app/_site", "error_page 404 /404.html;"},
		{"Eleventy dir.output", facts(pkg("@11ty/eleventy", "eleventy"), "eleventy.config.js",
			"export default function (cfg) { cfg.addPlugin(feed, { outputPath: '/feed.xml' }); }\nexport const config = { dir: { input: 'content', output: 'dist' } };\n"),
			"/app/dist", "site (Eleventy)"},
		{"Eleventy --output", facts(pkg("@11ty/eleventy", "eleventy --output=www"), ".eleventy.js",
			"module.exports = () => ({ dir: { output: 'dist' } });\n"), "/app/www", "site (Eleventy)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cp, conf := siteOf(t, "language: node\n", c.f)
			if cp.Paths[0] != c.dir || !strings.Contains(conf, c.conf) {
				t.Errorf("copy %q, want %q; config has %q: %v", cp.Paths, c.dir, c.conf, strings.Contains(conf, c.conf))
			}
		})
	}
}

// TestVitePressDocsBuild: what `vitepress init` writes, a site in docs/ built by a `docs:build`
// script, in a package without a build script whose main is npm init's index.js (nodepads): the
// builder runs docs:build and the image serves docs/.vitepress/dist; main, which no build makes,
// is not what the image runs.
func TestVitePressDocsBuild(t *testing.T) {
	m := `{"name": "field-notes", "main": "index.js", "type": "module",
	 "scripts": {"docs:dev": "vitepress dev docs", "docs:build": "vitepress build docs", "docs:preview": "vitepress preview docs"},
	 "devDependencies": {"vitepress": "^1.6.0", "vue": "^3.5.0", "vite": "^6.0.0"}}`
	p := provider.MustPlan(t, "language: node\nports: [8080]\n", facts(m, "package-lock.json", "{}"))
	if got := runs(p.Stage("builder")); len(got) != 1 || got[0] != "npm run docs:build" {
		t.Errorf("builder runs %q", got)
	}
	cp, conf := siteOf(t, "language: node\nports: [8080]\n", facts(m, "package-lock.json", "{}"))
	if cp.Paths[0] != "/app/docs/.vitepress/dist" || !strings.Contains(conf, "site (VitePress)") {
		t.Errorf("copy %q; config:\n%s", cp.Paths, conf)
	}
	// a build script running the docs' build is followed to it
	m = `{"main": "index.js", "scripts": {"build": "npm run docs:build", "docs:build": "vitepress build docs"},
	 "devDependencies": {"vitepress": "^1.6.0"}}`
	if cp, _ := siteOf(t, "language: node\n", facts(m)); cp.Paths[0] != "/app/docs/.vitepress/dist" {
		t.Errorf("followed build: copy %q", cp.Paths)
	}
	// a main the context holds is still what node runs (a package that also ships a script)
	p = provider.MustPlan(t, "language: node\n", facts(m, "index.js", "console.log(1)\n"))
	if p.Image.Entrypoint == nil || p.Image.Entrypoint[len(p.Image.Entrypoint)-1] != "/app/index.js" {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
}

// svelteKit is a SvelteKit project's package.json with one adapter, as `sv create` writes it.
func svelteKit(adapter string) string {
	return `{"type": "module", "scripts": {"build": "vite build", "dev": "vite dev"}, "devDependencies": {"` + adapter +
		`": "*", "@sveltejs/kit": "^2", "@sveltejs/vite-plugin-svelte": "*", "svelte": "^5", "vite": "^7"}}`
}

// TestSvelteKitWithAPlatformAdapterSaysWhatToChange: adapter-auto, -vercel... build for a
// platform; the error names the adapter found and says to use adapter-node (sveltejs/realworld
// uses adapter-vercel).
func TestSvelteKitWithAPlatformAdapterSaysWhatToChange(t *testing.T) {
	for _, c := range []struct {
		name string
		f    lang.Facts
		want string
	}{
		{"vercel", facts(svelteKit("@sveltejs/adapter-vercel"), "svelte.config.js", "import adapter from '@sveltejs/adapter-vercel';\n"),
			"SvelteKit with @sveltejs/adapter-vercel (svelte.config.js), which builds for Vercel's functions, not a server node runs"},
		{"auto", facts(svelteKit("@sveltejs/adapter-auto"), "svelte.config.js", "import adapter from \"@sveltejs/adapter-auto\";\n"),
			"SvelteKit with @sveltejs/adapter-auto (svelte.config.js), which builds for the platform it detects at build time"},
		{"no config read", facts(svelteKit("@sveltejs/adapter-netlify")),
			"SvelteKit with @sveltejs/adapter-netlify (package.json), which builds for Netlify's functions"},
		// the config imports adapter-node though package.json has another adapter too
		{"config wins", facts(strings.Replace(svelteKit("@sveltejs/adapter-auto"), `"svelte"`, `"@sveltejs/adapter-node": "*", "svelte"`, 1),
			"svelte.config.js", "import adapter from '@sveltejs/adapter-node';\n"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := provider.TryPlan(t, "language: node\n", c.f)
			if c.want == "" {
				if err != nil || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/build/index.js"}) {
					t.Errorf("adapter-node: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) ||
				!strings.Contains(err.Error(), "add @sveltejs/adapter-node to devDependencies and import it in svelte.config.js") {
				t.Errorf("error %v, want %q and what to do", err, c.want)
			}
		})
	}
}

// Not static sites: a server the start script or main names, a Next.js server, a SvelteKit app
// (Vite underneath), a spec that names an entrypoint or a node runtime. Without a server either
// (a node runtime asked for a Vite app, two Angular apps), planning fails naming what it tried.
func TestNotAStaticSite(t *testing.T) {
	for _, c := range []struct {
		name, src string
		f         lang.Facts
		noServer  bool
	}{
		{"start script", "language: node\n", facts(`{"scripts": {"build": "vite build", "start": "node server.js"}, "devDependencies": {"vite": "*"}}`), false},
		{"main", "language: node\n", facts(`{"main": "server.js", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "*"}}`), false},
		{"Next server", "language: node\n", facts(`{"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "*"}}`), false},
		{"SvelteKit", "language: node\n", facts(`{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "*", "@sveltejs/kit": "*", "@sveltejs/adapter-node": "*"}}`), false},
		{"entrypoint", "language: node\nentrypoint: server.js\n", facts(viteApp), false},
		{"runtime", "language: node\nruntime: distroless\n", facts(viteApp), true},
		{"two Angular apps", "language: node\n", facts(`{"scripts": {"build": "ng build"}, "dependencies": {"@angular/core": "*"}}`,
			"angular.json", `{"projects": {"a": {"projectType": "application"}, "b": {"projectType": "application"}}}`), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := provider.TryPlan(t, c.src, c.f)
			switch {
			case c.noServer && (err == nil || !strings.Contains(err.Error(), "cannot tell what node runs")):
				t.Errorf("planned %v, want the error naming what was tried", err)
			case !c.noServer && err != nil:
				t.Fatal(err)
			case !c.noServer && p.Stage("runtime").Base.Image == static.Image:
				t.Errorf("served as a static site")
			}
		})
	}
}

// runtime: static asks for it: entrypoint names the output directory, which a tool otherwise gives.
func TestRuntimeStatic(t *testing.T) {
	c, _ := siteOf(t, "language: node\nruntime: static\nentrypoint: public/build\n",
		facts(`{"scripts": {"build": "make-site"}}`))
	if c.Paths[0] != "/app/public/build" {
		t.Errorf("copy %+v", c)
	}
	c, _ = siteOf(t, "language: node\nruntime: static\nentrypoint: site\n", facts(viteApp))
	if c.Paths[0] != "/app/site" {
		t.Errorf("entrypoint does not replace Vite's dist: %+v", c)
	}
	for _, e := range []struct{ src, pkg, want string }{
		{"language: node\nruntime: static\n", `{"scripts": {"build": "make-site"}}`, "Dockerfile:2:1"},
		{"language: node\nruntime: static\n", `{"devDependencies": {"vite": "*"}}`, "package.json has no build script"},
	} {
		_, err := provider.TryPlan(t, e.src, facts(e.pkg))
		if err == nil || !strings.Contains(err.Error(), e.want) {
			t.Errorf("%s %s: %v, want %q", e.src, e.pkg, err, e.want)
		}
	}
}

// A workspace package with a vite.config of its own, built with the Vite the root holds (yarn
// and npm hoist shared tools, excalidraw-app's shape), is a Vite site at its build.outDir; a
// package without a Vite config is not taken for one.
func TestWorkspacePackageBuiltWithTheRootsVite(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "board", "private": true, "workspaces": ["apps/*", "packages/*"],
 "devDependencies": {"vite": "^7.3.0", "vitest": "^3.2.4"}}`,
		"yarn.lock":                "# yarn lockfile v1\n",
		"apps/web/package.json":    `{"name": "web", "scripts": {"build": "vite build", "test": "vitest run"}, "dependencies": {"react": "^19"}}`,
		"apps/web/vite.config.mts": "export default defineConfig({ build: { outDir: 'build' } })\n",
		"apps/tool/package.json":   `{"name": "tool", "scripts": {"build": "tsc"}}`,
		"packages/ui/package.json": `{"name": "@board/ui", "main": "index.js"}`,
	}
	src := "language: node\nworkspace: apps/web\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	rt := p.Stage("runtime")
	if rt == nil || rt.Base.Image != static.Image {
		t.Fatalf("apps/web is no static site: runtime %+v", rt)
	}
	if c := copies(rt); len(c) != 1 || c[0].Paths[0] != "/app/apps/web/build" {
		t.Errorf("site copy %+v, want /app/apps/web/build", c)
	}
	src = "language: node\nworkspace: apps/tool\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil || !strings.Contains(err.Error(), "cannot tell what node runs") {
		t.Errorf("apps/tool without a Vite config: %v, want the error naming what was tried", err)
	}
}

// TestSvelteKitAdapterChosenByTheEnvironment: a svelte.config.js importing adapter-node and a
// platform's adapter, choosing by a variable (hollama's PUBLIC_ADAPTER), builds the platform's
// without it: planning fails naming the variable and, when the project's Dockerfile sets it, the
// exact build.env to write; with it in build.env the image runs adapter-node's build/index.js.
// package.json's main, Electron's main process (`electron .`), is not what node runs.
func TestSvelteKitAdapterChosenByTheEnvironment(t *testing.T) {
	pkg := strings.Replace(svelteKit("@sveltejs/adapter-cloudflare"), `"svelte"`, `"@sveltejs/adapter-node": "*", "electron": "^35", "svelte"`, 1)
	pkg = strings.Replace(pkg, `"dev": "vite dev"`, `"dev": "vite dev", "electron": "electron ."`, 1)
	pkg = strings.Replace(pkg, `{"type": "module",`, `{"type": "module", "main": "electron/main.js",`, 1)
	config := `import adapterCloudflare from '@sveltejs/adapter-cloudflare';
import adapterNode from '@sveltejs/adapter-node';
const config = {kit: {adapter: ['docker-node', 'electron-node'].includes(process.env.PUBLIC_ADAPTER) ? adapterNode({}) : adapterCloudflare({}),
  version: {name: process.env.npm_package_version}}};
export default config;
`
	files := []string{"svelte.config.js", config, "electron/main.js", "const { app, BrowserWindow } = require('electron');\n"}
	for _, c := range []struct {
		name, spec string
		files      []string
		want       string // in the error; "" for adapter-node's server
	}{
		{"no Dockerfile", "language: node\n", nil,
			"chooses by PUBLIC_ADAPTER, which the build does not set;"},
		{"the Dockerfile sets it", "language: node\n", []string{"Dockerfile", "FROM node:20-alpine\nENV PUBLIC_ADAPTER='docker-node'\nCOPY . .\nCMD [\"npx\", \"vite\", \"preview\"]\n"},
			"(Dockerfile sets PUBLIC_ADAPTER=docker-node)"},
		{"build.env sets it", "language: node\nbuild:\n  env: {PUBLIC_ADAPTER: docker-node}\n", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := provider.TryPlan(t, c.spec, facts(pkg, slices.Concat(files, c.files)...))
			if c.want == "" {
				if err != nil || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/build/index.js"}) {
					t.Errorf("adapter-node: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("planned %q, want an error", p.Image.Entrypoint)
			}
			for _, want := range []string{c.want, "@sveltejs/adapter-cloudflare and @sveltejs/adapter-node",
				"package.json's main (electron/main.js is Electron's main process"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %v, want %q", err, want)
				}
			}
			fix := "set in `build.env` the value of PUBLIC_ADAPTER"
			if c.files != nil {
				fix = "set `build: {env: {PUBLIC_ADAPTER: docker-node}}` as Dockerfile does"
			}
			if !strings.Contains(err.Error(), fix) {
				t.Errorf("error %v, want %q", err, fix)
			}
		})
	}
}

// TestSvelteKitAdapterChosenByAComparison: a svelte.config.js importing adapter-node and
// adapter-static, choosing by a constant comparing a variable with a string (chat-ui's
// `const useStatic = process.env.ADAPTER === "static"`, `adapter: useStatic ?
// adapterStatic({...}) : adapterNode()`), builds with adapter-node unless the build sets it. Read
// as adapter-static, the project's own server around adapter-node's handler (server.js, which
// `npm start` runs by default) shipped with the whole tree, sources and docs; it ships alone
// with build/, as the project's Dockerfile does.
func TestSvelteKitAdapterChosenByAComparison(t *testing.T) {
	pj := strings.Replace(svelteKit("@sveltejs/adapter-static"), `"svelte"`, `"@sveltejs/adapter-node": "*", "svelte"`, 1)
	pj = strings.Replace(pj, `"devDependencies"`, `"dependencies": {"polka": "^1.0.0-next.28"}, "devDependencies"`, 1)
	config := `import adapterNode from "@sveltejs/adapter-node";
import adapterStatic from "@sveltejs/adapter-static";

const useStatic = process.env.ADAPTER === "static";

const config = {
	kit: {
		adapter: useStatic ? adapterStatic({ fallback: "index.html", strict: false }) : adapterNode(),
		paths: { base: process.env.APP_BASE || "" },
	},
};
export default config;
`
	server := "import { handler } from \"./build/handler.js\";\nimport polka from \"polka\";\n\npolka().use(handler).listen(process.env.PORT ?? 3000);\n"
	files := []string{"svelte.config.js", config, "server.js", server, "src/routes/+page.svelte", "<h1>chat</h1>\n", "docs/index.md", "# docs\n"}
	p := provider.MustPlan(t, "language: node\n", facts(pj, files...))
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/server.js"}) {
		t.Errorf("entrypoint %q, want the project's server", p.Image.Entrypoint)
	}
	if r := lastCheck(p); !strings.HasPrefix(r.Display, "test -e /app/build/handler.js") {
		t.Errorf("the build checks %q, want adapter-node's handler", r.Display)
	}
	want := []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/app/server.js -> /app/", "builder:/app/build -> /app/build/"}
	if got := artifactPaths(p); !slices.Equal(got, want) {
		t.Errorf("runtime copies %q, want %q", got, want)
	}
	for _, c := range []struct {
		cond string
		node bool
	}{
		{`process.env.ADAPTER !== "static"`, false}, // unset: not "static", so the first branch, adapter-static
		{`!process.env.ADAPTER`, false},
		{`process.env.ADAPTER`, true},
		{`["static", "spa"].includes(process.env.ADAPTER)`, true},
	} {
		f := facts(pj, slices.Concat([]string{"svelte.config.js", strings.Replace(config, `process.env.ADAPTER === "static"`, c.cond, 1)}, files[2:])...)
		m, _ := readManifest(f["package.json"])
		if got := svelteKitAdapter(pkg{f: f, dir: ".", m: m}) == "@sveltejs/adapter-node"; got != c.node {
			t.Errorf("%s: adapter-node %v, want %v", c.cond, got, c.node)
		}
	}
}

func TestYAMLScalar(t *testing.T) {
	for v, want := range map[string]string{"docker-node": "docker-node", "true": `"true"`, "a b": `"a b"`, "8080": `"8080"`, "": `""`} {
		if got := yamlScalar(v); got != want {
			t.Errorf("yamlScalar(%q) = %s, want %s", v, got, want)
		}
	}
}

// TestViteAssetsDir: a Vite build whose hashed files go elsewhere than assets/ (build.assetsDir
// in its config, or --assetsDir in the build script) has that directory cached for a year and
// assets/ revalidated: a dashboard's own assets/config.yml, which its page fetches and its users
// edit, is not kept by browsers for a year. Vite's assets/ otherwise.
func TestViteAssetsDir(t *testing.T) {
	for _, c := range []struct {
		name, config, build, want string
	}{
		{"config", "export default defineConfig({\n  base: '',\n  build: {\n    assetsDir: 'bundle',\n  },\n})\n", "vite build", "bundle"},
		{"flag", "export default defineConfig({})\n", "vite build --assetsDir static/js", "static/js"},
		{"none", "export default defineConfig({\n  build: { outDir: 'dist' },\n})\n", "vite build", "assets"},
		{"a test's", "export default defineConfig({\n  test: { assetsDir: 'x' },\n})\n", "vite build", "assets"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := `{"scripts": {"build": "` + c.build + `"}, "devDependencies": {"vite": "^7.1.0"}}`
			_, conf := siteOf(t, "language: node\nports: [8080]\n", facts(m, "package-lock.json", "{}", "vite.config.js", c.config, "index.html", "<div id=app></div>"))
			want := `"~^/` + c.want + `/" "public, max-age=31536000, immutable";`
			if !strings.Contains(conf, want) || (c.want != "assets" && strings.Contains(conf, "/assets/")) {
				t.Errorf("nginx configuration lacks %s:\n%s", want, conf)
			}
		})
	}
}

// TestSvelteKitWrapperAroundTheBuild: a start script running a wrapper of the source that
// starts adapter-node's build/ (networking-toolbox's start.js: `spawn('node', ['build'])`,
// restarting it on a crash), in a project whose svelte.config.js picks among several adapters
// by a variable its Dockerfile's build stage sets. Without it the build uses adapter-auto and
// writes no build/: the wrapper was the entry, the entry check passed (start.js is source) and
// the container stopped at start. Planning fails naming the variable and the build.env its
// Dockerfile's builder stage gives; with it, the wrapper runs. A wrapper that does not run the
// build is not the adapter's concern.
func TestSvelteKitWrapperAroundTheBuild(t *testing.T) {
	pkg := strings.Replace(svelteKit("@sveltejs/adapter-auto"), `"svelte"`, `"@sveltejs/adapter-node": "*", "@sveltejs/adapter-static": "*", "svelte"`, 1)
	pkg = strings.Replace(pkg, `"dev": "vite dev"`, `"dev": "vite dev", "start": "node start.js"`, 1)
	config := `import adapterAuto from '@sveltejs/adapter-auto';
import adapterNode from '@sveltejs/adapter-node';
import adapterStatic from '@sveltejs/adapter-static';
function getAdapter() {
  switch (process.env.DEPLOY_ENV) {
    case 'node': case 'docker': return adapterNode();
    case 'static': return adapterStatic({fallback: '404.html'});
  }
  if (process.env.NODE_ENV === 'production' && process.env.PORT) return adapterNode();
  return adapterAuto();
}
export default {kit: {adapter: getAdapter()}};
`
	wrapper := `import { spawn } from 'child_process';
import { join } from 'path';
const BUILD_DIR = join(import.meta.dirname, 'build');
function start() {
  const child = spawn('node', ['build'], { stdio: 'inherit' });
  child.on('exit', (code) => { if (code !== 0) setTimeout(start, 1000); });
}
start();
`
	dockerfile := "FROM node:22-alpine AS builder\nWORKDIR /app\nCOPY . .\nENV DEPLOY_ENV=docker NODE_ENV=production\nRUN npm run build\n\n" +
		"FROM node:22-alpine\nWORKDIR /app\nENV NODE_ENV=production PORT=3000 HOST=0.0.0.0\nCOPY --from=builder /app/build ./build\nCMD [\"node\", \"build\"]\n"
	files := []string{"svelte.config.js", config, "start.js", wrapper, "Dockerfile", dockerfile}

	_, err := provider.TryPlan(t, "language: node\n", facts(pkg, files...))
	if err == nil {
		t.Fatal("planned, want an error: the build writes no build/")
	}
	for _, want := range []string{"package.json's start script (`node start.js`: start.js runs build/, what SvelteKit's adapter-node writes",
		"SvelteKit with @sveltejs/adapter-auto", "(Dockerfile sets DEPLOY_ENV=docker)", "set `build: {env: {DEPLOY_ENV: docker}}` as Dockerfile does"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %q", err, want)
		}
	}

	p := provider.MustPlan(t, "language: node\nbuild:\n  env: {DEPLOY_ENV: docker}\n", facts(pkg, files...))
	if want := []string{"/usr/local/bin/node", "/app/start.js"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("with DEPLOY_ENV: entrypoint %q, want %q", p.Image.Entrypoint, want)
	}

	other := strings.ReplaceAll(wrapper, "'build'", "'server/main.js'")
	p = provider.MustPlan(t, "language: node\n", facts(pkg, "svelte.config.js", config, "start.js", other))
	if want := []string{"/usr/local/bin/node", "/app/start.js"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("a wrapper of something else: entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
}
