package node

import (
	"cmp"
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// framework knows what a framework's production build leaves for node to run, and what of it
// the image needs, from the package's dependencies and configuration files (frameworkReads).
type framework struct {
	name   string
	detect func(p pkg) (entry, bool)
	// final, when it says why detect found nothing, keeps later frameworks from guessing: an
	// Nx workspace's NestJS app builds where Nx says, never where `nest build` would.
	final func(p pkg) (why, fix string)
}

// frameworks in the order inferEntry tries them: each is recognised by a dependency.
var frameworks = []framework{
	{"Nx", nxEntry, nxWhy}, // first: an Nx workspace's NestJS or Express app builds where Nx says
	{"NestJS", nestEntry, nil},
	{"Next.js", nextEntry, nil},
	{"Nuxt/Nitro/vinxi", nitroEntry, nil},
	{"Analog", analogEntry, nil},
	{"Astro with @astrojs/node", astroEntry, nil},
	{"SvelteKit with adapter-node", svelteKitEntry, nil},
	{"Qwik City with a node adapter", qwikEntry, nil},
	{"Angular SSR", angularEntry, nil},
	{"React Router/Remix", serveEntry, nil},
	{"the Express generator's bin/www", wwwEntry, nil},
	{"fastify-cli", fastifyEntry, nil},
	{"AdonisJS", adonisEntry, nil},
	{"Strapi", strapiEntry, nil},
	{"Medusa", medusaEntry, nil},
	{"Egg.js", eggEntry, nil},
}

// frameworkReads are the configuration files the frameworks are read from (next.config.* is
// among siteReads), and nps's scripts (nps.go). bin/www and index.js: only whether they exist
// matters; server.js and the others of svelteKitServers are read for SvelteKit's handler, and
// typeScriptDefaults for their imports.
var frameworkReads = slices.Concat([]string{"nest-cli.json", "tsconfig.json", "tsconfig.build.json", "svelte.config.js"},
	astroConfigs, remixConfigs, []string{"bin/www", "index.js", eggConfig + ".ts", eggConfig + ".js"}, svelteKitServers, typeScriptDefaults, npsFiles, WranglerConfigs)

// frameworkWhys say why a project of a framework builds nothing node runs, and what to do
// ("" when it does, or is no such project): the first answer is in the planning error.
var frameworkWhys = []func(p pkg) (why, fix string){svelteKitWhy, astroWhy, qwikWhy, nuxtPresetWhy, nxWhy, workerWhy}

func frameworkNames() string {
	names := make([]string, len(frameworks))
	for i, fw := range frameworks {
		names[i] = fw.name
	}
	return strings.Join(names, ", ")
}

// withDeps is what a server that loads its dependencies at run time needs: the build output,
// package.json and the production node_modules (artifacts adds the last two).
func withDeps(paths ...string) ship { return ship{Paths: paths} }

// adonisBuild is a build script running AdonisJS's `ace build` (`node ace build`).
var adonisBuild = regexp.MustCompile(`(^|[\s/&;])ace(\.js)?\s+build\b`)

// adonisEntry: `node ace build` compiles the application into tsconfig.json's outDir (build/
// by default), with package.json, the lockfile, public/ and the views (adonisrc's metaFiles)
// beside it, and the start script `node bin/server.js` runs in there, as AdonisJS's docs
// deploy it (`cd build`, install the production dependencies, `node bin/server.js`): the
// working directory matters (@adonisjs/vite opens public/assets/.vite/manifest.json relative
// to it). So the build's contents are the app directory, beside the production node_modules,
// as AdonisJS's Docker recipe copies them. The server listens on HOST, which the starter kits'
// env schema requires (localhost in .env.example).
func adonisEntry(p pkg) (entry, bool) {
	if !p.m.Deps["@adonisjs/core"] || !adonisBuild.MatchString(p.m.Scripts["build"]) {
		return entry{}, false
	}
	outDir, _ := tsOutDirs(p, "tsconfig.json")
	out, ok := entryPath(cmp.Or(outDir, "build"))
	if !ok || out == "." {
		return entry{}, false
	}
	return entry{File: path.Join(out, "bin/server.js"), Image: "bin/server.js", StartsAs: "bin/server.js",
		Env: []plan.Env{{Key: "HOST", Value: "0.0.0.0"}}, From: "AdonisJS (node ace build into " + out + "/)", Ship: ship{Root: out}}, true
}

// strapiEntry: a Strapi project starts with `strapi start` (its start script), which loads the
// project from the working directory: config/, src/ (or dist/, which a TypeScript project's
// build compiles), database/, public/ and the admin panel `strapi build` writes (build/ in
// Strapi 4, dist/build in 5), as Strapi's Docker guide runs it in the built tree. So node
// runs the CLI's bin with `start`, and the image holds the built tree. Its server reads HOST
// (0.0.0.0 in the generated config/server) and PORT. It writes beside itself: the SQLite
// database of the generated config/database (.tmp/data.db, DATABASE_FILENAME's default) and the
// local upload provider's files (public/uploads), which the runtime user owns. A TypeScript
// project is one with a tsconfig.json: `strapi start` looks for it in the working directory
// (@strapi/typescript-utils' isUsingTypeScript) and loads the application from its outDir
// (dist/), where `strapi build` compiled config/ and src/; without it Strapi takes the tree for
// a JavaScript project and loads config/*.ts and src/ as they are. So the image keeps it, though
// a whole tree's copy leaves tsconfig files out (ship.go's notRun).
func strapiEntry(p pkg) (entry, bool) {
	if !p.m.Prod["@strapi/strapi"] {
		return entry{}, false
	}
	bin, ok := serverBin(p, "@strapi/strapi", "strapi")
	if !ok {
		return entry{}, false
	}
	e := entry{File: bin, Args: []string{"start"}, Check: []string{"build/index.html", "dist/build/index.html"},
		From: "Strapi (strapi start)", InSource: true, Data: []string{".tmp", "public/uploads"}}
	if p.has("tsconfig.json") {
		e.Ship.Beside = []string{"tsconfig.json"}
	}
	return e, true
}

// medusaBuild is a build script running Medusa's `medusa build`.
var medusaBuild = regexp.MustCompile(`(^|[\s/&;])medusa\s+build\b`)

// medusaEntry: Medusa 2's `medusa build` compiles the application (medusa-config, src/,
// instrumentation) into tsconfig.json's outDir (.medusa/server, the starter's and the default), with its package.json, lockfile and the admin
// dashboard's build (public/admin), and Medusa's docs deploy it there: `cd .medusa/server`,
// install the production dependencies, `medusa start`, which loads the application from the
// working directory and listens on PORT (9000 by default) on every address. So the build's
// contents are the app directory, beside the production node_modules (as AdonisJS's), and
// node runs the CLI's bin with `start`.
func medusaEntry(p pkg) (entry, bool) {
	if !p.m.Prod["@medusajs/medusa"] || !p.m.Prod["@medusajs/cli"] || !medusaBuild.MatchString(p.m.Scripts["build"]) {
		return entry{}, false
	}
	bin, ok := serverBin(p, "@medusajs/cli", "medusa")
	if !ok {
		return entry{}, false
	}
	outDir, _ := tsOutDirs(p, "tsconfig.json") // `medusa build` writes there, .medusa/server by default
	out, ok := entryPath(cmp.Or(outDir, ".medusa/server"))
	if !ok || out == "." {
		return entry{}, false
	}
	return entry{File: bin, Args: []string{"start"}, Check: []string{path.Join(out, "medusa-config.js")},
		From: "Medusa (medusa build into " + out + ", medusa start)", Ship: ship{Root: out}}, true
}

// tsOptions are what planning reads of a tsconfig: compilerOptions.outDir and rootDir, and
// include, relative to the package directory.
type tsOptions struct {
	OutDir, RootDir string
	Include         []string
}

// tsOutDirs are compilerOptions.outDir and rootDir of a tsconfig (readTsconfig).
func tsOutDirs(p pkg, name string) (outDir, rootDir string) {
	o := readTsconfig(p, name)
	return o.OutDir, o.RootDir
}

// readTsconfig reads a tsconfig of the package, following `extends` to the package's own files
// (a setting of the file extending wins, as in tsc).
func readTsconfig(p pkg, name string) tsOptions {
	var o tsOptions
	for range 4 {
		var c struct {
			Extends         any      `json:"extends"`
			Include         []string `json:"include"`
			CompilerOptions struct {
				OutDir  string `json:"outDir"`
				RootDir string `json:"rootDir"`
			} `json:"compilerOptions"`
		}
		if json.Unmarshal(lang.JSONC(p.f[p.path(name)]), &c) != nil {
			break
		}
		dir := path.Dir(name)
		if o.OutDir == "" && c.CompilerOptions.OutDir != "" {
			o.OutDir = path.Join(dir, c.CompilerOptions.OutDir)
		}
		if o.RootDir == "" && c.CompilerOptions.RootDir != "" {
			o.RootDir = path.Join(dir, c.CompilerOptions.RootDir)
		}
		if o.Include == nil && c.Include != nil {
			o.Include = []string{}
			for _, inc := range c.Include {
				o.Include = append(o.Include, path.Join(dir, inc))
			}
		}
		ext, _ := c.Extends.(string)
		if !strings.HasPrefix(ext, ".") {
			break // none, several, or a package's: not in the context
		}
		name = path.Join(dir, ext)
		if !strings.HasSuffix(name, ".json") {
			name += ".json"
		}
	}
	return o
}

// tsMajor is the TypeScript major the package asks for (0 when unknown). TypeScript 6 made
// rootDir default to the tsconfig's directory instead of the inputs' common root.
func tsMajor(p pkg) int { return rangeMajor(p.m.Ranges["typescript"]) }

// rangeMajor is the first number of a dependency's range ("^7.1.0", "~6.0", "7.x": 7), 0 when none.
func rangeMajor(r string) int {
	n, _ := strconv.Atoi(firstNumber.FindString(r))
	return n
}

var firstNumber = regexp.MustCompile(`[0-9]+`)

var (
	nextStandalone = regexp.MustCompile(`output\s*:\s*["'\x60]standalone["'\x60]`)
	nextDistDir    = regexp.MustCompile(`distDir\s*:\s*["'\x60]([A-Za-z0-9._/-]+)["'\x60]`)
)

// nextEntry: with `output: 'standalone'`, `next build` writes a self-contained server to
// .next/standalone (server.js, the traced node_modules), which needs .next/static and public/
// beside it, as Next.js's docs and with-docker example copy them; otherwise `next start` serves
// .next with the production node_modules, public/ and next.config. A static export is a site:
// the package's own next.config decides (a workspace package's, not the root's).
func nextEntry(p pkg) (entry, bool) {
	if !p.m.Deps["next"] || !nextUsed(p) || nextExports(p.f.In(p.dir), p.m, p.buildEnv) {
		return entry{}, false
	}
	config, text := "", ""
	for _, name := range siteReads {
		if strings.HasPrefix(name, "next.config.") && p.has(name) {
			config, text = name, p.text(name)
			break
		}
	}
	// what `next build` applies: not the keys of a spread whose condition is false (nextInactive)
	lookup := buildScriptEnv(siteBuildScript(p.m), p.buildEnv)
	dist := ".next"
	if m := nextActive(nextDistDir, text, lookup); m != nil {
		if d, ok := entryPath(m[1]); ok && d != "." {
			dist = d
		}
	}
	env := []plan.Env{{Key: "HOSTNAME", Value: "0.0.0.0"}} // the server listens on HOSTNAME
	cache := path.Join(dist, "cache")
	if nextActive(nextStandalone, text, lookup) != nil || nextOutput(text, siteBuildScript(p.m), p.buildEnv) == "standalone" {
		return entry{NextApp: true, File: path.Join(dist, "standalone/server.js"), Image: "server.js", Env: env, BuildCache: cache,
			From: "Next.js (output: 'standalone' in " + config + ")",
			Ship: ship{Root: path.Join(dist, "standalone"), Beside: []string{path.Join(dist, "static"), "public"},
				SelfContained: true, Writable: []string{cache}}}, true
	}
	bin, ok := serverBin(p, "next", "next")
	if !ok {
		return entry{}, false
	}
	paths := []string{dist + "/"}
	if config != "" {
		paths = append(paths, config)
	}
	// `next start` loads next.config again, and with it the package's files it imports
	// (next-i18next.config.js, a T3 app's src/env.js): they go beside it, when present
	beside := append(append([]string{"public"}, localImports(text)...), nextPluginReads(text)...)
	return entry{NextApp: true, File: bin, Args: []string{"start"}, Env: env, Check: []string{path.Join(dist, "BUILD_ID")}, BuildCache: cache,
		From: "Next.js (next start)",
		Ship: ship{Paths: paths, Beside: beside, Exclude: []string{"cache"}, Writable: []string{cache}}}, true
}

// nextPluginFiles are the package's files a plugin of next.config loads when `next start` loads
// the config, as include patterns: next-translate-plugin requires the project's i18n (i18n.js,
// i18n.json, an i18n/ directory) from the package's directory in every phase, so the server stops
// at start without it (giscus: "Cannot find module '/app/i18n'").
var nextPluginFiles = map[string][]string{"next-translate-plugin": {"i18n", "i18n.*"}}

// pluginImport is a bare import or require of a package, its name the group.
var pluginImport = regexp.MustCompile(`(?:\bfrom\s*|\b(?:import|require)\s*\(\s*|\bimport\s+)['"]([^'"./\n][^'"\n]*)['"]`)

// nextPluginReads are what next.config's text imports of nextPluginFiles' plugins load.
func nextPluginReads(text string) []string {
	var out []string
	for _, m := range lang.CodeMatches(pluginImport, text) {
		out = lang.AppendNew(out, nextPluginFiles[text[m[2]:m[3]]]...)
	}
	return out
}

// nextRun is a script that runs next (`next build`, `cross-env ... next start`, `npx next build`).
var nextRun = regexp.MustCompile(`(?:^|[\s;&|(])next(?:\s|$)`)

// nextUsed reports a package that builds with Next.js: a next.config, or a script running next.
// Next.js among the dependencies alone is not one: deiucanta/chatpad lists next (for
// @mantine/next) and builds a Parcel page, and `next start` would serve a .next its build
// never writes.
func nextUsed(p pkg) bool {
	for _, name := range nextConfigs {
		if p.has(name) {
			return true
		}
	}
	for _, script := range p.m.Scripts {
		if nextRun.MatchString(script) {
			return true
		}
	}
	return false
}

// localImports are the package's files a configuration file (read as text) imports, as include
// patterns relative to the package: a specifier with a script's extension is that file; one
// without is what Node.js or the bundler resolves it to (x.js, x.mjs, x.ts..., or the directory
// x), matched by x and x.*. Only what the file names directly (relativeImports): not what
// those files import, not paths above the package (../), not an import commented out with //,
// and not package.json, which ships anyway.
func localImports(text string) []string {
	var out []string
	for _, spec := range relativeImports(text) {
		rel, ok := entryPath(spec)
		if !ok || rel == "." || rel == "package.json" {
			continue
		}
		pats := []string{rel}
		switch path.Ext(rel) {
		case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".json":
		default:
			pats = append(pats, rel+".*")
		}
		out = lang.AppendNew(out, pats...)
	}
	return out
}

// nitroEntry: Nuxt and Nitro build a self-contained server into .output (its own node_modules
// under .output/server), which is all the image needs. So does vinxi, which SolidStart 1 and
// TanStack Start before 1.121 build with (`vinxi build`; `vinxi start` runs that server):
// its server build is Nitro's.
func nitroEntry(p pkg) (entry, bool) {
	if !p.m.Deps["nuxt"] && !p.m.Deps["nitropack"] && !p.m.Deps["nitro"] && !p.m.Deps["vinxi"] || nuxtSite(p.f.In(p.dir), p.m, p.buildEnv) {
		return entry{}, false // a prerendered Nuxt site writes no server (nuxt.go)
	}
	if why, _ := nuxtPresetWhy(p); why != "" {
		return entry{}, false // a platform's build (nuxt.go)
	}
	e := entry{File: ".output/server/index.mjs", Ship: ship{Paths: []string{".output/"}, SelfContained: true}, Nitro: true}
	if dir, ok := nuxtContentDB(p); ok {
		e.Env = append(e.Env, plan.Env{Key: "NUXT_CONTENT_DATABASE_FILENAME", Value: path.Join("/app", dir, "contents.sqlite")})
		e.Ship.Writable = append(e.Ship.Writable, dir)
	}
	return e, true
}

// analogPreset is a Nitro preset written in an Analog project's vite config, and analogStatic
// its `static: true` (prerendered pages only, no server).
var (
	analogPreset = regexp.MustCompile(`\bpreset\s*:\s*["'\x60]([A-Za-z0-9_-]+)["'\x60]`)
	analogStatic = regexp.MustCompile(`\bstatic\s*:\s*true\b`)
)

// analogEntry: Analog, Angular's Vite meta-framework (@analogjs/platform), builds its server with
// Nitro, into dist/analog: the server at dist/analog/server/index.mjs with its own node_modules,
// the pages and assets in dist/analog/public, as self-contained as Nuxt's .output, and Analog's
// deployment docs run `node dist/analog/server/index.mjs` (Nitro's node-server preset, the
// default; it listens on PORT, 3000 by default, on every address). Not with another preset in
// the vite config (a platform's functions), nor `static: true`, whose build writes pages only.
func analogEntry(p pkg) (entry, bool) {
	if !p.m.Deps["@analogjs/platform"] || !p.hasBuild {
		return entry{}, false
	}
	config := ""
	for _, name := range viteConfigs {
		if p.has(name) {
			config = p.text(name)
			break
		}
	}
	if m := analogPreset.FindStringSubmatch(config); m != nil && m[1] != "node-server" && m[1] != "node" && m[1] != "node_server" {
		return entry{}, false
	}
	if analogStatic.MatchString(config) { // a static site (analogSite)
		return entry{}, false
	}
	return entry{File: "dist/analog/server/index.mjs", Ship: ship{Paths: []string{"dist/analog/"}, SelfContained: true},
		From: "Analog (Nitro's server in dist/analog)"}, true
}

// analogSite reports an Analog project whose vite config sets `static: true`: its build
// prerenders pages into dist/analog/public and writes no server (a static site, siteTools).
func analogSite(f lang.Facts, m manifest) bool {
	return m.Deps["@analogjs/platform"] && analogStatic.MatchString(f.Text(f.First(viteConfigs...)))
}

// jsSource is a JavaScript or TypeScript file node may run.
var jsSource = regexp.MustCompile(`\.[cm]?[jt]s$`)

// withNextCustomServer is an entry the build writes that is not Next.js's own server, in a
// package whose scripts run `next build` and which needs Next.js at run time: a custom server
// (Next.js's docs' "Custom Server": `next({dev})`, `app.prepare()`; overseerr's Express server
// compiled into dist/). It serves what `next start` would, so the image holds what `next start`
// needs beside the build's directory: .next without its cache (a writable cache instead),
// next.config and the files it imports, public/.
func withNextCustomServer(p pkg, e entry) entry {
	sh := e.Ship
	if !p.hasBuild || e.Guess || e.InSource || sh.SelfContained || sh.Root != "" || len(sh.Paths) > 0 || !p.m.Prod["next"] ||
		!slices.ContainsFunc(slices.Collect(maps.Values(p.m.Scripts)), func(c string) bool { return nextBuild.MatchString(c) }) {
		return e
	}
	top := e.buildTop()
	next, ok := nextEntry(p)
	if top == "" || top == "node_modules" || !ok || next.Ship.SelfContained || slices.Contains(next.Ship.Paths, top+"/") {
		return e
	}
	e.Ship = ship{Paths: append([]string{top + "/"}, next.Ship.Paths...), Beside: next.Ship.Beside, Exclude: next.Ship.Exclude,
		Writable: next.Ship.Writable}
	e.BuildCache = cmp.Or(e.BuildCache, next.BuildCache)
	e.From += ", a Next.js custom server"
	e.NextServer = true
	return e
}

// nextBuild is a script command running `next build`.
var nextBuild = regexp.MustCompile(`(?:^|[\s;&|(])next\s+build(?:$|[\s;&|)])`)

// wwwEntry: the Express generator starts the app with bin/www (its start script says so; this
// covers a project whose start script was changed).
func wwwEntry(p pkg) (entry, bool) {
	if !p.m.Deps["express"] || !p.has("bin/www") {
		return entry{}, false
	}
	return entry{File: "bin/www"}, true
}

// serverBin is the file of a package's bin that node runs: npm's lockfile records it; else
// the path the package's releases use (react-router-serve moved to bin.cjs in 8).
func serverBin(p pkg, dep, bin string) (string, bool) {
	var lock struct {
		Packages map[string]struct {
			Version string            `json:"version"`
			Bin     map[string]string `json:"bin"`
		} `json:"packages"`
	}
	version := p.m.Ranges[dep]
	for _, name := range []string{"npm-shrinkwrap.json", "package-lock.json"} {
		if json.Unmarshal(p.f[name], &lock) != nil {
			continue
		}
		locked := lock.Packages[path.Join(p.dir, "node_modules", dep)]
		if locked.Version == "" {
			locked = lock.Packages["node_modules/"+dep] // hoisted to the workspace root
		}
		if b, ok := locked.Bin[bin]; ok {
			return entryPath(path.Join("node_modules", dep, b))
		}
		version = cmp.Or(locked.Version, version)
		break
	}
	file := map[string]string{"next": "dist/bin/next", "@remix-run/serve": "dist/cli.js", "@react-router/serve": "bin.js", "fastify-cli": "cli.js",
		"@strapi/strapi": "bin/strapi.js", "@medusajs/cli": "cli.js",
		"egg-scripts": "bin/egg-scripts.js", "@eggjs/scripts": "bin/run.js"}[dep]
	if dep == "@react-router/serve" {
		if rangeMajor(version) >= 8 {
			file = "bin.cjs"
		}
	}
	return entryPath(path.Join("node_modules", dep, file))
}
