package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/rules"
)

// TestSiteBase: a site built for a subpath, as each tool's configuration writes it (a string
// literal), is served under it: its files copied to nginx's root/<base>, its pages, hashed files
// and fallback under the base, / redirecting there. Values that are no URL path of the site
// (relative, a full URL, computed in code, a nested key of the same name) leave it at /.
func TestSiteBase(t *testing.T) {
	pkg := func(dep, build string) string {
		return `{"scripts": {"build": "` + build + `"}, "devDependencies": {"` + dep + `": "*"}}`
	}
	for _, c := range []struct {
		name string
		ctx  map[string]string
		base string // "" for none
		want []string
	}{
		{"VitePress", map[string]string{"package.json": pkg("vitepress", "vitepress build docs"),
			"docs/.vitepress/config.mts": "import { defineConfig } from 'vitepress'\n\nexport default defineConfig({\n  title: \"Field notes\",\n  base: \"/field-notes/\",\n" +
				"  themeConfig: {\n    sidebar: [\n      { text: 'Guide', base: '/guide/', items: [] },\n    ],\n  },\n})\n"},
			"/field-notes/", []string{"error_page 404 /field-notes/404.html;", "\"~^/field-notes/assets/\"", "location ^~ /field-notes/assets/ {",
				"location /field-notes/ {\n        try_files $uri $uri.html $uri/ =404;", "location = /field-notes {\n        return 301 /field-notes/;",
				"location = / {\n        return 302 /field-notes/;", "location / {\n        return 404;"}},
		{"VitePress --base", map[string]string{"package.json": pkg("vitepress", "vitepress build docs --base /handbook/"),
			"docs/.vitepress/config.js": "export default { base: '/ignored/' }\n"}, "/handbook/", []string{"error_page 404 /handbook/404.html;"}},
		{"Vite", map[string]string{"package.json": pkg("vite", "vite build"),
			"vite.config.ts": "export default defineConfig({\n  base: '/trails',\n  plugins: [react()],\n  build: { outDir: 'dist' },\n});\n"},
			"/trails/", []string{"location /trails/ {\n        try_files $uri $uri.html $uri/ /trails/index.html;", "\"~^/trails/assets/\""}},
		{"Vite --base", map[string]string{"package.json": pkg("vite", "vite build --base=/app/")}, "/app/", []string{"/app/index.html;"}},
		{"Vite relative", map[string]string{"package.json": pkg("vite", "vite build"),
			"vite.config.js": "export default defineConfig({\n  base: './',\n  plugins: [],\n});\n"}, "", nil},
		{"Vite computed", map[string]string{"package.json": pkg("vite", "vite build"),
			"vite.config.js": "export default defineConfig({\n  base: process.env.BASE_URL || '/',\n  plugins: [],\n});\n"}, "", nil},
		{"Vite full URL", map[string]string{"package.json": pkg("vite", "vite build"),
			"vite.config.js": "export default {\n  base: 'https://cdn.example.com/app/',\n}\n"}, "", nil},
		{"Docusaurus", map[string]string{"package.json": pkg("@docusaurus/core", "docusaurus build"),
			"docusaurus.config.ts": "const config: Config = {\n  title: 'Lighthouse',\n  url: 'https://example.github.io',\n  baseUrl: '/lighthouse/',\n  presets: [],\n};\nexport default config;\n"},
			"/lighthouse/", []string{"error_page 404 /lighthouse/404.html;", "\"~^/lighthouse/assets/\""}},
		{"Docusaurus at /", map[string]string{"package.json": pkg("@docusaurus/core", "docusaurus build"),
			"docusaurus.config.js": "module.exports = {\n  title: 'Lighthouse',\n  baseUrl: '/',\n};\n"}, "", nil},
		{"Gatsby --prefix-paths", map[string]string{"package.json": pkg("gatsby", "gatsby build --prefix-paths"),
			"gatsby-config.js": "module.exports = {\n  pathPrefix: `/blog`,\n  siteMetadata: { title: 'Notes' },\n}\n"},
			"/blog/", []string{"\"~^/blog/static/\"", "error_page 404 /blog/404.html;"}},
		{"Gatsby without --prefix-paths", map[string]string{"package.json": pkg("gatsby", "gatsby build"),
			"gatsby-config.js": "module.exports = {\n  pathPrefix: `/blog`,\n}\n"}, "", nil},
		{"Astro", map[string]string{"package.json": pkg("astro", "astro build"),
			"astro.config.mjs": "import { defineConfig } from 'astro/config';\nexport default defineConfig({\n  site: 'https://example.github.io',\n  base: '/tides',\n});\n"},
			"/tides/", []string{"\"~^/tides/_astro/\"", "location = /tides {\n        return 301 /tides/;"}},
		{"Next.js export", map[string]string{"package.json": pkg("next", "next build"),
			"next.config.mjs": "const nextConfig = {\n  output: 'export',\n  basePath: '/docs',\n};\nexport default nextConfig;\n"},
			"/docs/", []string{"\"~^/docs/_next/static/\""}},
		{"Create React App homepage", map[string]string{"package.json": `{"homepage": "https://owner.github.io/harbour", "scripts": {"build": "react-scripts build"}, "dependencies": {"react-scripts": "5.0.1"}}`},
			"/harbour/", []string{"\"~^/harbour/static/\"", "try_files $uri $uri.html $uri/ /harbour/index.html;"}},
		{"Create React App relative", map[string]string{"package.json": `{"homepage": ".", "scripts": {"build": "react-scripts build"}, "dependencies": {"react-scripts": "5.0.1"}}`}, "", nil},
		{"Vue CLI, its documented publicPath", map[string]string{"package.json": pkg("@vue/cli-service", "vue-cli-service build"),
			"vue.config.js": "module.exports = {\n  publicPath: process.env.NODE_ENV === 'production'\n    ? '/tides/'\n    : '/',\n}\n"}, "/tides/", []string{"/tides/index.html;"}},
		{"Vue CLI literal", map[string]string{"package.json": pkg("@vue/cli-service", "vue-cli-service build"),
			"vue.config.js": "module.exports = defineConfig({\n  transpileDependencies: true,\n  publicPath: '/tides/',\n})\n"}, "/tides/", nil},
		{"Angular baseHref", map[string]string{"package.json": pkg("@angular/core", "ng build"),
			"angular.json": `{"projects": {"shop": {"projectType": "application", "architect": {"build": {"builder": "@angular/build:application",
			  "options": {"outputPath": "dist/shop", "baseHref": "/dev/"}, "configurations": {"production": {"baseHref": "/shop/"}}, "defaultConfiguration": "production"}}}}}`},
			"/shop/", []string{"/shop/index.html;"}},
		{"Angular --base-href", map[string]string{"package.json": pkg("@angular/core", "ng build --base-href /store/"),
			"angular.json": `{"projects": {"shop": {"projectType": "application", "architect": {"build": {"builder": "@angular/build:application", "options": {"baseHref": "/shop/"}}}}}}`},
			"/store/", nil},
		{"SvelteKit", map[string]string{"package.json": `{"scripts": {"build": "vite build"}, "devDependencies": {"@sveltejs/kit": "*", "@sveltejs/adapter-static": "*", "vite": "*"}}`,
			"svelte.config.js": "import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter(), paths: { base: '/kit' } } };\n"},
			"/kit/", []string{"\"~^/kit/_app/immutable/\""}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := langtest.Gathered(t, Provider{}, "language: node\n", c.ctx) // the VitePress config is read by Follow
			cp, conf := siteOf(t, "language: node\n", f)
			dest := static.Root + "/"
			if c.base != "" {
				dest = static.Root + c.base
			}
			if cp.Dest != dest {
				t.Errorf("the site goes to %s, want %s", cp.Dest, dest)
			}
			langtest.Has(t, "config", conf, c.want...)
			if c.base == "" && (strings.Contains(conf, "return 302") || !strings.Contains(conf, "    location / {\n        try_files")) {
				t.Errorf("a site at / is redirected:\n%s", conf)
			}
		})
	}
}

// TestVitePressOutDir: the outDir of a VitePress config is relative to the project root its build
// names; the build script's --outDir wins; an outDir outside the project is not taken.
func TestVitePressOutDir(t *testing.T) {
	for _, c := range []struct{ script, config, dir string }{
		{"vitepress build docs", "export default defineConfig({\n  outDir: '../public',\n  title: 'x',\n})\n", "/app/public"},
		{"vitepress build docs", "export default defineConfig({\n  outDir: './dist',\n})\n", "/app/docs/dist"},
		{"vitepress build docs --outDir site", "export default defineConfig({\n  outDir: '../public',\n})\n", "/app/site"},
		{"vitepress build docs", "export default defineConfig({\n  outDir: '../../elsewhere',\n})\n", "/app/docs/.vitepress/dist"},
		{"vitepress build", "export default {\n  outDir: 'www',\n}\n", "/app/www"},
	} {
		root := "docs"
		if c.script == "vitepress build" {
			root = "."
		}
		ctx := map[string]string{"package.json": `{"scripts": {"build": "` + c.script + `"}, "devDependencies": {"vitepress": "*"}}`,
			root + "/.vitepress/config.ts": c.config}
		if root == "." {
			ctx = map[string]string{"package.json": ctx["package.json"], ".vitepress/config.ts": c.config}
		}
		cp, _ := siteOf(t, "language: node\n", langtest.Gathered(t, Provider{}, "language: node\n", ctx))
		if cp.Paths[0] != c.dir {
			t.Errorf("%s with %q: serves %s, want %s", c.script, c.config, cp.Paths[0], c.dir)
		}
	}
}

// TestSiteBaseInAWorkspacePackage: the VitePress configuration of a selected workspace package is
// read in its directory.
func TestSiteBaseInAWorkspacePackage(t *testing.T) {
	ctx := map[string]string{
		"package.json":      `{"name": "mono", "private": true, "workspaces": ["apps/*"]}`,
		"package-lock.json": "{}",
		"apps/docs/package.json": `{"name": "docs", "scripts": {"build": "vitepress build src"},
			"devDependencies": {"vitepress": "*"}}`,
		"apps/docs/src/.vitepress/config.mjs": "export default {\n  base: '/mono/',\n  outDir: '../out',\n}\n",
	}
	src := "language: node\nworkspace: apps/docs\n"
	cp, conf := siteOf(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	if cp.Paths[0] != "/app/apps/docs/out" || cp.Dest != static.Root+"/mono/" || !strings.Contains(conf, "return 302 /mono/;") {
		t.Errorf("copy %s to %s:\n%s", cp.Paths, cp.Dest, conf)
	}
}

// TestSiteBaseFromTheBuildEnv: a base the configuration reads from the environment
// (`process.env.NAME`) is what the spec's build.env gives NAME, which the build sees; else the
// literal after || or ??, the default the build takes; else the site is at /.
func TestSiteBaseFromTheBuildEnv(t *testing.T) {
	docusaurus := map[string]string{"package.json": `{"scripts": {"build": "docusaurus build"}, "dependencies": {"@docusaurus/core": "^3"}}`,
		"docusaurus.config.js": "export default {\n  title: process.env.SITE_TITLE,\n  url: process.env.SITE_URL,\n  baseUrl: process.env.BASE_URL,\n  trailingSlash: false,\n};\n"}
	vite := map[string]string{"package.json": `{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`,
		"vite.config.ts": "export default defineConfig({\n  plugins: [react()],\n  base: process.env.BASE_PATH ?? '/tides/',\n});\n"}
	cra := map[string]string{"package.json": `{"homepage": "https://owner.github.io/harbour", "scripts": {"build": "react-scripts build"}, "dependencies": {"react-scripts": "5"}}`}
	for _, c := range []struct {
		name, src string
		ctx       map[string]string
		dest      string
	}{
		{"build.env sets it", "language: node\nbuild:\n  env:\n    BASE_URL: /lighthouse/\n", docusaurus, "/lighthouse/"},
		{"nothing sets it", "language: node\n", docusaurus, "/"},
		{"the default after ??", "language: node\n", vite, "/tides/"},
		{"build.env over the default", "language: node\nbuild:\n  env:\n    BASE_PATH: /\n", vite, "/"},
		{"PUBLIC_URL over homepage", "language: node\nbuild:\n  env:\n    PUBLIC_URL: /app\n", cra, "/app/"},
		{"PUBLIC_URL on a CDN", "language: node\nbuild:\n  env:\n    PUBLIC_URL: https://cdn.example.com/app\n", cra, "/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cp, _ := siteOf(t, c.src, langtest.Gathered(t, Provider{}, c.src, c.ctx))
			if cp.Dest != static.Root+c.dest {
				t.Errorf("the site goes to %s, want %s", cp.Dest, static.Root+c.dest)
			}
		})
	}
}

// TestSiteBaseNotRead: a base set in code, or from a variable build.env does not set, is
// warned of at plan time, naming the file and key; a literal, a variable the spec sets and a
// configuration without a base are not.
func TestSiteBaseNotRead(t *testing.T) {
	pkg := `{"scripts": {"build": "docusaurus build"}, "dependencies": {"@docusaurus/core": "^3"}}`
	config := func(line string) map[string]string {
		return map[string]string{"package.json": pkg, "docusaurus.config.js": "const projectName = 'lighthouse';\nexport default {\n  title: 'Lighthouse',\n" + line + "\n};\n"}
	}
	for _, c := range []struct {
		name, src string
		ctx       map[string]string
		want      string // "" for no warning
	}{
		{"template", "language: node\n", config("  baseUrl: `/${projectName}/${section()}/`,"), "docusaurus.config.js sets baseUrl in code"},
		{"template of constants", "language: node\n", config("  baseUrl: `/${projectName}/`,"), ""},
		{"shorthand", "language: node\n", config("  baseUrl,"), "docusaurus.config.js sets baseUrl in code"},
		{"unset variable", "language: node\n", config("  baseUrl: process.env.BASE_URL,"), "from process.env.BASE_URL, which the spec's build.env does not set"},
		{"variable set", "language: node\nbuild:\n  env:\n    BASE_URL: /lighthouse/\n", config("  baseUrl: process.env.BASE_URL,"), ""},
		{"literal", "language: node\n", config("  baseUrl: '/lighthouse/',"), ""},
		{"no base", "language: node\n", map[string]string{"package.json": `{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`,
			"vite.config.js": "export default {\n  plugins: [],\n  build: { base: x },\n}\n"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantNote(t, provider.MustPlan(t, c.src, langtest.Gathered(t, Provider{}, c.src, c.ctx)), rules.SiteBaseNotRead.Name, c.want)
		})
	}
}

// TestSiteBaseFromTheHomepage: a Vite config that imports package.json and takes its base from
// the homepage (shlink-web-client: `const homepage = pack.homepage?.trim()`, `base: !homepage ?
// undefined : homepage`) is read: an empty or missing homepage is the root, with no
// SiteBaseNotRead; a path is the base. A homepage that is a URL, or another expression, is still
// warned of.
func TestSiteBaseFromTheHomepage(t *testing.T) {
	config := func(base string) string {
		return "import react from '@vitejs/plugin-react';\nimport { defineConfig } from 'vite';\nimport meta from './package.json' with { type: 'json' };\n\n" +
			"const home = meta.homepage?.trim();\n\nexport default defineConfig({\n  plugins: [react()],\n  build: {\n    outDir: 'build',\n  },\n  base: " + base + "\n});\n"
	}
	pkg := func(home string) string {
		return `{"name": "lanterns", "private": true, ` + home + `"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7", "@vitejs/plugin-react": "^5"}}`
	}
	const src = "language: node\n"
	for _, c := range []struct {
		name, pkg, config string
		dest, note        string // the site's base; "" for no warning
	}{
		{"an empty homepage", pkg(`"homepage": "", `), config("!home ? undefined : home, // an empty homepage is the root"), "/", ""},
		{"no homepage", pkg(""), config("!home ? undefined : home,"), "/", ""},
		{"a path", pkg(`"homepage": "/lanterns/", `), config("!home ? undefined : home,"), "/lanterns/", ""},
		{"the import itself", pkg(`"homepage": "/lanterns", `), config("meta.homepage || '/',"), "/lanterns/", ""},
		{"a URL", pkg(`"homepage": "https://example.com/lanterns/", `), config("!home ? undefined : home,"), "/", "vite.config.ts sets base in code"},
		{"another expression", pkg(`"homepage": "", `), config("`${home}/app/`,"), "/", "vite.config.ts sets base in code"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := langtest.Gathered(t, Provider{}, src, map[string]string{"package.json": c.pkg, "package-lock.json": "{}", "vite.config.ts": c.config})
			cp, _ := siteOf(t, src, f)
			if cp.Paths[0] != "/app/build" || cp.Dest != static.Root+c.dest {
				t.Errorf("copies %s to %s, want /app/build to %s", cp.Paths, cp.Dest, static.Root+c.dest)
			}
			wantNote(t, provider.MustPlan(t, src, f), rules.SiteBaseNotRead.Name, c.note)
		})
	}
}

// TestSiteBaseOfConstants: a base written as a template of constants the configuration sets
// (`base: `/${repo}/“, GitHub Pages' project sites), or as one constant, is read when each
// constant is a string literal or a variable of the environment with a default (the spec's
// build.env first): the site goes under it, with no SiteBaseNotRead.
func TestSiteBaseOfConstants(t *testing.T) {
	config := func(consts, base string) string {
		return "import { defineConfig } from 'vite';\n\n" + consts + "\n\nexport default defineConfig({\n  plugins: [],\n  base: " + base + ",\n});\n"
	}
	for _, c := range []struct {
		name, spec, config, dest, note string
	}{
		{"a template of a literal", "", config("const repo = 'tide-tables';", "`/${repo}/`"), "/tide-tables/", ""},
		{"two constants", "", config("const owner = \"harbour\";\nconst repo = 'tides';", "`/${owner}/${repo}/`"), "/harbour/tides/", ""},
		{"a constant alone", "", config("const base = process.env.SITE_BASE ?? '/tides/';", "base"), "/tides/", ""},
		{"the environment's value", "build:\n  env:\n    SITE_BASE: /moorings/\n", config("const base = process.env.SITE_BASE ?? '/tides/';", "base"), "/moorings/", ""},
		{"a constant in code", "", config("const repo = process.cwd().split('/').pop();", "`/${repo}/`"), "/", "vite.config.js sets base in code"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "language: node\n" + c.spec
			f := langtest.Gathered(t, Provider{}, src, map[string]string{"package.json": `{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`,
				"package-lock.json": "{}", "vite.config.js": c.config, "index.html": "<div id=app></div>"})
			cp, _ := siteOf(t, src, f)
			if cp.Dest != static.Root+c.dest {
				t.Errorf("copies %s to %s, want %s", cp.Paths, cp.Dest, static.Root+c.dest)
			}
			wantNote(t, provider.MustPlan(t, src, f), rules.SiteBaseNotRead.Name, c.note)
		})
	}
}
