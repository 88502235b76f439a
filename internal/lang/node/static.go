package node

import (
	"cmp"
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A project whose build makes only files (a single-page app, a static export) has no server to
// run. When nothing in package.json names what node runs, and the project builds with one of the
// tools below, the image is its build output served by nginx (internal/lang/static). The spec
// may also ask for it with `runtime: static`, and name the output directory with `entrypoint`.

// siteReads are the files telling where a tool writes the site and whether it exports one.
var siteReads = slices.Concat([]string{"angular.json"}, nextConfigs, nuxtConfigs, viteConfigs, eleventyConfigs, siteConfigs, reactRouterConfigs, gruntfiles,
	envSamples) // and the samples saying which variables the build bakes in (buildenv.go)

// eleventyConfigs are the files Eleventy loads its configuration from, in the order it looks for them.
var eleventyConfigs = []string{".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"}

// viteConfigs are the files Vite loads its configuration from, in the order it looks for them.
var viteConfigs = []string{"vite.config.js", "vite.config.mjs", "vite.config.ts", "vite.config.cjs", "vite.config.mts", "vite.config.cts"}

// siteTool is a tool that builds a static site: the dependency that marks it, its default output
// directory, how its hashed files are told apart (static.Site), and whether it routes on the client.
type siteTool struct {
	name, dep, out string
	hashed         []string
	pattern        string
	spa            bool
	// base is the URL path the site was built for ("/docs/"; sitebase.go), "" for the root;
	// unread, where its configuration sets one planning does not read.
	base   string
	unread *unreadBase
	// fallback is the page the SPA's build writes for the paths it did not prerender (static.Site.Fallback).
	fallback string
	// makesSite reports whether this project builds files only (Next.js exports on request); nil: always.
	makesSite func(f lang.Facts, m manifest) bool
}

// siteTools in the order they are recognised: frameworks first, since they use Vite or webpack
// underneath. Angular's output directory comes from angular.json.
var siteTools = []siteTool{
	// Analog with `static: true` prerenders its pages into dist/analog/public and builds no
	// server (Analog's static site generation docs deploy that directory); before Angular, whose
	// @angular/core it depends on
	{name: "Analog static", dep: "@analogjs/platform", out: "dist/analog/public", hashed: []string{"/assets/"}, makesSite: analogSite},
	// Nuxt built for static hosting (nuxt.go): before Vite, which it builds with
	{name: "Nuxt (prerendered)", dep: "nuxt", out: ".output/public", hashed: []string{"/_nuxt/"}}, // when nuxtSite
	{name: "Angular", dep: "@angular/core", spa: true,
		pattern: `-[A-Z0-9]{8}\.[a-z0-9]+$|\.[0-9a-f]{16,20}\.[a-z0-9]+$`}, // esbuild's main-ABCD1234.js, webpack's main.<hex>.js
	{name: "Astro", dep: "astro", out: "dist", hashed: []string{"/_astro/"}},
	{name: "Next.js static export", dep: "next", out: "out", hashed: []string{"/_next/static/"}}, // when nextExports
	// SvelteKit's adapter-static writes the prerendered pages to build/ (its `pages` option);
	// with `fallback: 'index.html'` the app routes in the browser
	{name: "SvelteKit (adapter-static)", dep: "@sveltejs/adapter-static", out: "build", hashed: []string{"/_app/immutable/"}},
	// Qwik City's static adapter generates the pages into dist/, its bundles under build/
	{name: "Qwik City (static adapter)", dep: "@builder.io/qwik-city", out: "dist", hashed: []string{"/build/", "/assets/"}, makesSite: qwikSite},
	{name: "Qwik City (static adapter)", dep: "@qwik.dev/router", out: "dist", hashed: []string{"/build/", "/assets/"}, makesSite: qwikSite},
	// React Router 7 in SPA mode (`ssr: false`) writes build/client, its pages routed in the browser
	{name: "React Router (SPA mode)", dep: "@react-router/dev", out: "build/client", hashed: []string{"/assets/"}, spa: true, makesSite: reactRouterSPA,
		fallback: "__spa-fallback.html"}, // written with prerender, whose index.html is the home page's
	// static site generators: pages written for every route, and a 404 page; VitePress before
	// Vite, which a VitePress site may list beside it
	{name: "Docusaurus", dep: "@docusaurus/core", out: "build", hashed: []string{"/assets/"}},
	{name: "Gatsby", dep: "gatsby", out: "public", hashed: []string{"/static/"}, pattern: `-[0-9a-f]{20}\.js$`}, // app-<hash>.js
	{name: "VitePress", dep: "vitepress", out: ".vitepress/dist", hashed: []string{"/assets/"}},
	{name: "Eleventy", dep: "@11ty/eleventy", out: "_site"},
	{name: "Create React App", dep: "react-scripts", out: "build", hashed: []string{"/static/"}, spa: true},
	{name: "Vue CLI", dep: "@vue/cli-service", out: "dist", pattern: `\.[0-9a-f]{8}\.[a-z0-9]+$`, spa: true},
	// Parcel on HTML entries (parcel.go): index.<8 hex>.js beside index.html
	{name: "Parcel", dep: "parcel", out: "dist", pattern: `\.[0-9a-f]{8}\.[a-z0-9]+$`, spa: true, makesSite: parcelSite},
	{name: "Vite", dep: "vite", out: "dist", hashed: []string{"/assets/"}, spa: true},
}

// serverFrameworks build a server even though Vite or Angular builds their client: a project using
// one is never taken for a static site.
var serverFrameworks = []string{"@angular/ssr", "@astrojs/node", "@sveltejs/kit", "@remix-run/dev", "@react-router/dev",
	"nuxt", "@solidjs/start", "@builder.io/qwik-city", "@qwik.dev/router", "@analogjs/platform", "vike", "waku",
	"@medusajs/medusa"} // Medusa's admin dashboard is a Vite build inside its server's

var nextExport = regexp.MustCompile(`output\s*:\s*["'\x60]export["'\x60]`)

// nextExports: `output: 'export'` in next.config (or a value of the build's environment that
// gives it, nextOutput with env, the spec's build.env), or `next export` (Next.js 13 and older)
// in the build script.
func nextExports(f lang.Facts, m manifest, env spec.KeyValues) bool {
	if strings.Contains(m.Scripts["build"], "next export") {
		return true
	}
	for _, name := range siteReads {
		// not in a spread whose condition is false (hyperdx's `...(process.env.NEXT_PUBLIC_CLICKHOUSE_BUILD
		// ? {output: 'export'} : {})`, unset: `next start` serves .next, and out/ is never written)
		if strings.HasPrefix(name, "next.config.") && (nextActive(nextExport, f.Text(name), buildScriptEnv(siteBuildScript(m), env)) != nil ||
			nextOutput(f.Text(name), siteBuildScript(m), env) == "export") {
			return true
		}
	}
	return false
}

// staticSite decides whether the image serves the build's output as a static site: when the spec
// says `runtime: static`, or when it sets no runtime and no entrypoint, package.json names no
// script for node (e.Guess) and a tool of siteTools builds the project. The site's Dir is
// relative to the project. root is the workspace root's manifest when a workspace package is
// built (its tools may be the root's), else nil.
func staticSite(s *spec.Spec, f lang.Facts, m manifest, root *manifest, e entry, hasBuild bool) (static.Site, []plan.Note, bool, error) {
	asked := s.Runtime == static.Alias
	if !asked && s.Runtime == "" && s.Entrypoint == "" && !e.Guess {
		if dir, ok := gruntSite(f, m, e); ok && hasBuild {
			return static.Site{Tool: "Grunt", Dir: dir, SPA: true}, nil, true, nil
		}
	}
	if !asked && (s.Runtime != "" || s.Entrypoint != "" || !e.Guess) {
		return static.Site{}, nil, false, nil
	}
	tool, found := findSiteTool(f, m, root, s.Build.Env)
	if !asked && !found {
		return static.Site{}, nil, false, nil
	}
	var notes []plan.Note
	if found && tool.unread != nil {
		notes = append(notes, tool.unread.note())
	}
	site := static.Site{Tool: "static files", SPA: true}
	if found {
		site = static.Site{Tool: tool.name, Dir: tool.out, Hashed: tool.hashed, HashedPattern: tool.pattern, SPA: tool.spa, Base: tool.base,
			Fallback: tool.fallback}
	}
	if s.Entrypoint != "" {
		site.Dir = e.File
	}
	switch {
	case site.Dir == "":
		var names []string
		for _, t := range siteTools {
			names = append(names, t.name)
		}
		return site, nil, false, lang.FieldError(s, lang.FirstField(s, "runtime", "language"),
			"write the directory the build writes the site to, e.g. `entrypoint: dist`",
			"cannot tell where the build writes the site: package.json uses none of %s", strings.Join(names, ", "))
	case !hasBuild:
		return site, nil, false, lang.FieldError(s, lang.FirstField(s, "runtime", "language"),
			"add a build script to package.json, or set `build.command`",
			"a static site is the output of the build, and package.json has no build script")
	}
	return site, notes, true, nil
}

// findSiteTool is the first tool of siteTools the project depends on, unless it uses a server
// framework (SvelteKit is one unless its adapter is adapter-static). A workspace package with a
// vite.config.* of its own builds with the root's Vite when the root has it (yarn and npm
// workspaces hoist the shared tools: excalidraw-app).
func findSiteTool(f lang.Facts, m manifest, root *manifest, env spec.KeyValues) (siteTool, bool) {
	if root != nil && root.Deps["vite"] && !m.Deps["vite"] && viteConfig(f) != "" {
		m.Deps = maps.Clone(m.Deps)
		m.Deps["vite"] = true
	}
	kitStatic := svelteKitAdapter(pkg{f: f, dir: ".", m: m}) == "@sveltejs/adapter-static"
	qwikStatic, ngStatic, rrSPA, analogStatic, nuxtStatic := qwikSite(f, m), angularStatic(f), reactRouterSPA(f, m), analogSite(f, m), nuxtSite(f, m, env)
	if slices.ContainsFunc(serverFrameworks, func(d string) bool {
		return m.Deps[d] && !(kitStatic && d == "@sveltejs/kit") && !(qwikStatic && slices.Contains(qwikDeps, d)) &&
			!(ngStatic && d == "@angular/ssr") && !(rrSPA && d == "@react-router/dev") && !(analogStatic && d == "@analogjs/platform") &&
			!(nuxtStatic && d == "nuxt")
	}) {
		return siteTool{}, false
	}
	for _, t := range siteTools {
		if !m.Deps[t.dep] || (t.makesSite != nil && !t.makesSite(f, m)) || t.dep == "next" && !nextExports(f, m, env) || t.dep == "nuxt" && !nuxtStatic {
			continue
		}
		if t.dep == "@sveltejs/adapter-static" {
			if !kitStatic {
				continue
			}
			config := f.Text("svelte.config.js")
			if m := sveltePages.FindStringSubmatch(config); m != nil {
				if d, ok := entryPath(m[1]); ok && d != "." {
					t.out = d
				}
			}
			t.spa = svelteSPA.MatchString(config)
		}
		if t.dep == "vite" {
			t.out = cmp.Or(viteOutDir(f, m), t.out)
			if dir := viteAssetsDir(f, m); dir != "" {
				t.hashed = []string{"/" + dir + "/"}
			}
		}
		if t.dep == "@react-router/dev" {
			t.out = reactRouterClient(f)
		}
		if t.dep == "nuxt" {
			t = nuxtSiteTool(f, m, t)
		}
		if t.dep == "parcel" {
			t = parcelSiteTool(m, t)
		}
		if t.dep == "astro" { // outDir at the top of its config, inside the project
			if dir, ok := topLevelString(firstText(f, astroConfigs), "outDir"); ok {
				t.out = cmp.Or(cleanOut(dir), t.out)
			}
		}
		if out := generatorOutDir(f, t.dep, siteBuildScript(m)); out != "" {
			t.out = out
		}
		if t.dep == "@angular/core" {
			out, ok := angularOutput(f)
			if !ok {
				return siteTool{}, false
			}
			t.out = out
		}
		t.base, t.unread = siteBase(f, t, siteBuildScript(m), env)
		return t, true
	}
	return siteTool{}, false
}

// angularTarget is the build target of an application in angular.json.
type angularTarget struct {
	Builder string `json:"builder"`
	Options struct {
		OutputPath json.RawMessage `json:"outputPath"`
		Server     json.RawMessage `json:"server"`
		SSR        json.RawMessage `json:"ssr"`
		OutputMode string          `json:"outputMode"`
		BaseHref   string          `json:"baseHref"`
		// ExternalDependencies are the packages the server bundle leaves to node_modules.
		ExternalDependencies []string `json:"externalDependencies"`
	} `json:"options"`
	// Configurations' baseHref, and the one `ng build` takes without --configuration.
	Configurations map[string]struct {
		BaseHref string `json:"baseHref"`
	} `json:"configurations"`
	DefaultConfiguration string `json:"defaultConfiguration"`
}

// angularBuild is the build target of the workspace's only application, and its name.
func angularBuild(f lang.Facts) (string, angularTarget, bool) {
	var ws struct {
		Projects map[string]struct {
			ProjectType string                   `json:"projectType"`
			Architect   map[string]angularTarget `json:"architect"`
			Targets     map[string]angularTarget `json:"targets"`
		} `json:"projects"`
	}
	if json.Unmarshal(f["angular.json"], &ws) != nil {
		return "", angularTarget{}, false
	}
	var apps []string
	for name, p := range ws.Projects {
		if p.ProjectType == "application" {
			apps = append(apps, name)
		}
	}
	if len(apps) != 1 {
		return "", angularTarget{}, false // none, or several: the spec must say which (`entrypoint`)
	}
	p := ws.Projects[apps[0]]
	build, ok := p.Architect["build"]
	if !ok {
		build = p.Targets["build"]
	}
	return apps[0], build, true
}

// angularOutputs are the directory `ng build` writes an application to (outputPath, default
// dist/<project>) and its browser files' directory below it (browser/ for the application
// builder of Angular 17+, "" for the webpack builders, which write outputPath itself).
func angularOutputs(app string, build angularTarget) (base, browser string) {
	base, browser = "dist/"+app, "browser"
	var asText string
	var asObject struct {
		Base    string  `json:"base"`
		Browser *string `json:"browser"`
	}
	switch {
	case json.Unmarshal(build.Options.OutputPath, &asText) == nil && asText != "":
		base = asText
	case json.Unmarshal(build.Options.OutputPath, &asObject) == nil && asObject.Base != "":
		base = asObject.Base
		if asObject.Browser != nil {
			browser = *asObject.Browser
		}
	}
	if !strings.HasSuffix(build.Builder, ":application") {
		browser = ""
	}
	return base, browser
}

// angularOutput is where `ng build` writes the browser files of the workspace's only application.
func angularOutput(f lang.Facts) (string, bool) {
	app, build, ok := angularBuild(f)
	if !ok {
		return "", false
	}
	base, browser := angularOutputs(app, build)
	out, ok := entryPath(path.Join(base, browser))
	return out, ok && out != "."
}

// viteConfig is the package's Vite configuration file, "" when it has none.
func viteConfig(f lang.Facts) string { return f.First(viteConfigs...) }

var (
	viteOutDirFlag = regexp.MustCompile(`\bvite\s+build\b[^&|;]*?\s--outDir[=\s]+["']?([A-Za-z0-9._/-]+)`)
	// viteConfigOutDir is build.outDir, empty too (the root itself), also after options of the
	// build block that are objects two levels deep (mathesar's `rollupOptions: {input: {...}}`
	// before it); one inside such an object is not build's.
	viteConfigOutDir = regexp.MustCompile("\\bbuild\\s*:\\s*\\{(?:[^{}]|\\{(?:[^{}]|\\{[^{}]*\\})*\\})*?\\boutDir\\s*:\\s*[\"'`]([A-Za-z0-9._/-]*)[\"'`]")
	// viteConfigFlag is the configuration a script's vite command names: opengist's
	// `vite -c public/vite.config.js build`.
	viteConfigFlag = regexp.MustCompile(`\bvite\b[^&|;]*?\s(?:-c|--config)[=\s]+["']?([A-Za-z0-9._/-]+)`)
	viteConfigRoot = regexp.MustCompile("(?m)^([ \t]*)root\\s*:\\s*[\"'`]([A-Za-z0-9._/-]+)[\"'`]")
	viteTopKey     = regexp.MustCompile(`(?m)^([ \t]*)(?:build|plugins|server|resolve)\s*:`)
)

// ViteScriptConfig is the Vite configuration a package.json script names with -c or --config,
// relative to the package; "" for none.
func ViteScriptConfig(f lang.Facts, script string) string {
	if m, ok := rootManifest(f); ok {
		return viteScriptConfig(m, script)
	}
	return ""
}

func viteScriptConfig(m manifest, script string) string {
	if sm := viteConfigFlag.FindStringSubmatch(m.Scripts[script]); sm != nil {
		if p, ok := entryPath(sm[1]); ok {
			return p
		}
	}
	return ""
}

// viteConfigFor is the configuration a script's vite reads: the one it names, else the
// package's.
func viteConfigFor(f lang.Facts, m manifest, script string) string {
	if c := viteScriptConfig(m, script); c != "" && f.Has(c) {
		return c
	}
	return viteConfig(f)
}

// AssetsOutputIsRoot reports a Vite build whose output is its root, the directory of its sources
// (opengist: root './public', outDir ”): out is relative to the package.
func AssetsOutputIsRoot(f lang.Facts, script, out string) bool {
	m, ok := rootManifest(f)
	if !ok {
		return false
	}
	root := viteRoot(f.Text(viteConfigFor(f, m, cmp.Or(script, "build"))))
	return root != "" && path.Clean(root) == path.Clean(out)
}

// viteRoot is a configuration's root, relative to the package ("" for the package itself),
// read when it stands at the indentation of the configuration's build, plugins, server or
// resolve key (the top of its object, not a nested test.root). Of those keys the least indented
// is the top's: one nested deeper comes first in a Vite+ configuration (evcc's `lint: {plugins:
// [...]}` before its top-level `root: "./assets"`).
func viteRoot(config string) string {
	keys := viteTopKey.FindAllStringSubmatch(config, -1)
	if len(keys) == 0 {
		return ""
	}
	top := keys[0][1]
	for _, m := range keys[1:] {
		if len(m[1]) < len(top) {
			top = m[1]
		}
	}
	for _, m := range viteConfigRoot.FindAllStringSubmatch(config, -1) {
		if m[1] == top {
			return m[2]
		}
	}
	return ""
}

var (
	// viteConfigAssetsDir is build.assetsDir, as viteConfigOutDir reads build.outDir.
	viteConfigAssetsDir = regexp.MustCompile("\\bbuild\\s*:\\s*\\{(?:[^{}]|\\{(?:[^{}]|\\{[^{}]*\\})*\\})*?\\bassetsDir\\s*:\\s*[\"'`]([A-Za-z0-9._/-]+)[\"'`]")
	viteAssetsDirFlag   = regexp.MustCompile(`\bvite\s+build\b[^&|;]*?\s--assetsDir[=\s]+["']?([A-Za-z0-9._/-]+)`)
)

// viteAssetsDir is the directory of the output where `vite build` writes its hashed files, when
// the build script's `--assetsDir` or the config's build.assetsDir moves it from assets/ ("" for
// assets/). bastienwirtz/homer's `assetsDir: "resources"` keeps assets/ for the files its users
// edit (assets/config.yml, which the page fetches): caching assets/ for a year, as for Vite's
// own, would have kept a changed configuration from browsers for that year.
func viteAssetsDir(f lang.Facts, m manifest) string {
	sm := viteAssetsDirFlag.FindStringSubmatch(m.Scripts["build"])
	if sm == nil {
		sm = viteConfigAssetsDir.FindStringSubmatch(f.Text(viteConfigFor(f, m, "build")))
	}
	if sm == nil {
		return ""
	}
	if d, ok := entryPath(sm[1]); ok && d != "." && d != "assets" {
		return d
	}
	return ""
}

// viteOutDir is where `vite build` writes, relative to the package, when the build script's
// `--outDir` or the config's build.outDir says ("" for Vite's dist/): the config is read as
// text, so an outDir computed in code, one after a nested object of build, or one outside the
// package is not seen (the builder's check of the directory fails then, naming it).
func viteOutDir(f lang.Facts, m manifest) string {
	if d, ok := entryPath(viteOutDirAsWritten(f, m, "build")); ok && d != "." {
		return d
	}
	return ""
}

// ViteOutDir is where a Vite build command writes, relative to the project: its --outDir, else
// its config's build.outDir, else dist. For a project that runs Vite without package.json's
// scripts (a Deno task's `npm:vite build`).
func ViteOutDir(f lang.Facts, command string) string {
	out := viteOutDirAsWritten(f, manifest{Package: Package{Scripts: map[string]string{"build": command}}}, "build")
	return path.Clean(cmp.Or(out, "dist"))
}

// viteOutDirAsWritten is the --outDir of a script (build), else the config's build.outDir, as
// written ("" for none): it may leave the package (../server/dist), which assets accept. The
// config is the one the script names (-c), else the package's; when it sets root, the output is
// relative to it, as Vite resolves it (opengist's root './public' and outDir ”: public).
func viteOutDirAsWritten(f lang.Facts, m manifest, script string) string {
	config := f.Text(viteConfigFor(f, m, script))
	out, set := "", false
	if sm := viteOutDirFlag.FindStringSubmatch(m.Scripts[script]); sm != nil {
		out, set = sm[1], true
	} else if sm := viteConfigOutDir.FindStringSubmatch(config); sm != nil {
		out, set = sm[1], true
	}
	root := viteRoot(config)
	switch {
	case root == "":
		return out
	case !set:
		out = "dist"
	}
	return path.Join(root, out)
}

// siteGenerator is the name of the static site generator the package depends on, "" for none:
// its build writes pages for every route, never a server.
func siteGenerator(m manifest) string {
	for _, t := range siteTools {
		if slices.Contains([]string{"@docusaurus/core", "gatsby", "vitepress", "@11ty/eleventy"}, t.dep) && m.Deps[t.dep] {
			return t.name
		}
	}
	return ""
}

// siteBuildScript is the text of the script that builds the site: the build script, or the only
// other build (onlyBuild: VitePress's `docs:build`), followed one level when it runs another
// script (`npm run docs:build`).
func siteBuildScript(m manifest) string {
	script := m.Scripts["build"]
	if names := otherBuilds(m); script == "" && len(names) == 1 {
		script = m.Scripts[names[0]]
	}
	if name := runsScript(strings.Fields(script)); name != "" && m.Scripts[name] != "" {
		script = m.Scripts[name]
	}
	return script
}

var (
	docusaurusOutDir = regexp.MustCompile(`\bdocusaurus\s+build\b[^&|;]*?\s--out-dir[=\s]+["']?([A-Za-z0-9._/-]+)`)
	vitepressBuild   = regexp.MustCompile(`\bvitepress\s+build\b([^&|;]*)`)
	eleventyOutFlag  = regexp.MustCompile(`\beleventy\b[^&|;]*?\s--output[=\s]+["']?([A-Za-z0-9._/-]+)`)
	eleventyDirOut   = regexp.MustCompile("\\bdir\\s*:\\s*\\{[^}]*?\\boutput\\s*:\\s*[\"'`]([A-Za-z0-9._/-]+)[\"'`]")
)

// generatorOutDir is where a static site generator writes the site, relative to the package,
// when its build command or config says ("" for the tool's default): Docusaurus's `--out-dir`;
// VitePress's `.vitepress/dist` under the root its build names (`vitepress build docs`, what
// `vitepress init` writes), or its `--outDir`, else the `outDir` of its config (relative to that
// root, read as text); Eleventy's `--output`, else the `dir.output` of
// its config, read as text.
func generatorOutDir(f lang.Facts, dep, script string) string {
	var out string
	switch dep {
	case "@docusaurus/core":
		if sm := docusaurusOutDir.FindStringSubmatch(script); sm != nil {
			out = sm[1]
		}
	case "vitepress":
		args, ok := vitepressArgs(script) // sitebase.go
		switch {
		case !ok:
			return ""
		case args.outDir != "":
			return cleanOut(args.outDir)
		}
		out = path.Join(args.root, ".vitepress/dist")
		// the config's outDir is relative to the project root
		if dir, ok := topLevelString(vitepressConfigText(f, args.root), "outDir"); ok && cleanOut(path.Join(args.root, dir)) != "" {
			out = path.Join(args.root, dir)
		}
	case "@11ty/eleventy":
		if sm := eleventyOutFlag.FindStringSubmatch(script); sm != nil {
			return cleanOut(sm[1])
		}
		for _, name := range eleventyConfigs {
			if sm := eleventyDirOut.FindStringSubmatch(f.Text(name)); sm != nil {
				out = sm[1]
				break
			}
		}
	}
	return cleanOut(out)
}

// cleanOut is an output directory inside the package, "" for one outside it or the package itself.
func cleanOut(dir string) string {
	if d, ok := entryPath(dir); ok && d != "." {
		return d
	}
	return ""
}
