// Package node plans Node.js builds: the package manager the project's lockfile names installs
// the dependencies in deps with its store mounted, builder runs the build script, an internal
// prod-deps stage drops the dev dependencies beside the build, and the runtime image gets the
// production node_modules, the build output and package.json, run by node as a non-root user.
package node

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Provider plans Node.js projects: it declares its toolchain (lang.Declarer), and the skeleton
// builds the stages.
type Provider struct{}

// Language is Node.js's registry entry. It reads the manifest, lockfiles, package manager
// settings, version files and the frameworks' files. Never the source. A Node.js build may make
// a static site (`runtime: static`).
func (Provider) Language() lang.Language {
	return lang.Language{Name: "node", Markers: []string{"package.json"},
		Reads:  slices.Concat(installReads, siteReads, frameworkReads),
		Likely: likelyReads, Runtimes: []string{"slim", "distroless", "alpine", "static"}, ServesSites: true,
		Fields: []string{"workspace"}, // npm, yarn and pnpm workspaces (Bun's too: its provider declares the field)
		Assets: DefaultAssets}         // the UI another package of the workspace builds, which the server serves (siblingui.go)
}

// installReads are the files that say how a project installs: manifest, lockfiles, package
// manager settings, workspace globs, version files.
var installReads = []string{"package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock",
	".npmrc", ".yarnrc", ".yarnrc.yml", "pnpm-workspace.yaml", ".pnpmfile.cjs", ".nvmrc", ".node-version",
	".tool-versions", "bun.lock", "bun.lockb", "deno.lock"}

// defaultAppDir is where the app lives in every stage, so paths a build records stay valid.
const defaultAppDir = lang.AppDir

// Toolchain declares a Node.js build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	if err := manifestBelow(s, f); err != nil {
		return nil, err
	}
	m, err := lang.Manifest(s, f, "package.json", "run `npm init` or set `language`", readManifest)
	if err != nil {
		return nil, err
	}
	if err := lang.NoScratch(s, "Node.js", "the node binary and the C libraries node links",
		"use `runtime: distroless`, the smallest base Node.js runs on"); err != nil {
		return nil, err
	}
	ver, notes, err := resolveVersion(s, f, m)
	if err != nil {
		return nil, err
	}
	pm, pmNotes, err := detectManager(f, m)
	if err != nil {
		return nil, lang.FieldError(s, "language", "", "%v", err)
	}
	project, _, err := nestSelection(s, f) // nest.go: a NestJS monorepo's application
	if err != nil {
		return nil, err
	}
	ws, wsNotes, err := planWorkspace(s, f, pm, m)
	if err != nil {
		return nil, err
	}
	app, pkgDir := m, "." // the package built: the root, or the workspace package selected
	if ws != nil && ws.sel != nil {
		app, pkgDir = ws.sel.m, ws.sel.dir
		app.HasProdDeps = app.HasProdDeps || ws.rootDeps // the image needs the root's node_modules (workspace.go)
	}
	only := onlyBuild(s, m, ws)
	hasBuild := s.Build.Command != nil || ws.hasBuildScript(m) || only != ""
	built := pkg{f: f, dir: pkgDir, m: app, hasBuild: hasBuild, project: project, buildEnv: s.Build.Env}
	e, tried, err := chooseEntry(s, built)
	if err != nil {
		return nil, err
	}
	if only != "" && e.Build == nil {
		e.BuildScript = cmp.Or(e.BuildScript, only)
	}
	if e.BuildScript != "" && e.Build == nil && (ws == nil || ws.sel == nil) { // the start script's build (startBuild)
		e.Build = pm.run(e.BuildScript)
	}
	if e.Build != nil && s.Build.Command == nil { // a framework's build (Nx's) beside a build script that does not make the entry
		hasBuild, built.hasBuild = true, true
	} else {
		e.Build, e.BuildFirst = nil, nil
	}
	// Static sites (static.go): when nothing names what node runs, a build that makes only files
	// is served by the static runtime. This is the last way of finding what the image runs
	// before the error that names what was tried.
	var root *manifest
	if ws != nil && ws.sel != nil {
		root = &m
	}
	site, siteNotes, isSite, err := staticSite(s, f.In(pkgDir), app, root, e, hasBuild)
	if err != nil {
		return nil, err
	}
	siteNotes = append(siteNotes, gitHistoryNotes(f, pkgDir, app)...) // gitlog.go
	if !isSite && e.Guess {
		return nil, notFound(s, built, tried, wsNotes)
	}
	if !isSite && !e.Ship.SelfContained {
		wsNotes = append(wsNotes, ws.rootDependenciesShipped(s, pm, m)...) // workspace.go
	}
	if !isSite && !hasBuild {
		if err := typeScriptEntry(s, e, ver); err != nil { // typescript.go
			return nil, err
		}
	}
	rt := runtimeFor(ver)
	_, alias := rt.RuntimeImage(s)
	appDir := AppDir(s)
	if appDir == "/" {
		return nil, lang.FieldError(s, "workdir", "use a directory of its own, e.g. /app",
			"the app cannot live in /: its files and node_modules would be spread over the image's root")
	}

	b := &build{s: s, m: app, pm: pm, ver: ver, image: builderImage(s, ver, alias), appDir: appDir, ws: ws, pkgDir: pkgDir,
		hasBuild: hasBuild, entryBuild: e.Build, firstBuilds: e.BuildFirst, nx: m.Deps["nx"], rootName: m.Name, rootScripts: m.Scripts, skipDownloads: skipBrowserDownloads(f, pm),
		hooksStub: ws.installsHooksAgain(pm, m)}
	md4, md4Why := md4Webpack(f, pm.lockfile, ver) // webpack.go
	notes = append(notes, nodeSassNotes(lang.FirstField(s, "version"), f, pm.lockfile, ver, "`version: \"%s\"` in the spec, or engines.node")...)
	if _, set := s.Build.Env.Get("NODE_OPTIONS"); set {
		md4, md4Why = nil, ""
	}
	b.md4 = md4
	b.buildEnv = envValidationSkip(s, built) // a T3 app's env validation, which the build has no secrets for (envskip.go)
	var prismaNotes []plan.Note
	switch {
	case ws == nil: // a single package
		var p *prismaSetup
		if p, prismaNotes = readPrisma(f, m, ""); p != nil {
			b.prisma = prismas{p}
		}
		prismaNotes = append(prismaNotes, prismaDotenvNotes(s, f, p)...)
	case ws.sel != nil: // the packages of the closure that hold a schema (prisma_workspace.go)
		b.prisma, prismaNotes = ws.readPrisma(f, m)
	}
	appDeferred := []string(nil)
	if ws == nil || ws.sel == nil { // the root is built: its own install scripts run with the source
		b.deferred = DeferredScripts(m.Scripts, b.prisma.generates())
		b.split = splitScripts(m.Scripts, b.prisma.generates(), b.deferred)
		appDeferred = slices.Concat(b.deferred, splitNamesOnly(b.split))
	} else { // the closure's packages' run with the source (lifecycle.go), and the root's: the
		// filtered install runs them too (npm ci runs the root's whatever --workspace selects;
		// pnpm's and yarn's installs select the root with the package)
		b.deferred = DeferredScripts(m.Scripts, b.prisma.generates())
		b.wsDeferred = ws.deferredScripts(pm.kind, b.prisma.generates())
		for _, d := range b.wsDeferred {
			if d.p == ws.sel {
				appDeferred = d.names
			}
		}
	}
	allNotes := slices.Concat(notes, pmNotes, wsNotes, prismaNotes, siteNotes, uiNotShipped(s, f, pm.kind))
	allNotes = append(allNotes, scriptNotes(s, app, b.test(), b.prisma.generates(), appDeferred)...)
	if !hasBuild {
		allNotes = append(allNotes, unrunBuilds(app, pm)...)
	}
	allNotes = append(allNotes, buildEnvNotes(s, built)...) // buildenv.go
	if isSite {
		allNotes = append(allNotes, siteConfigNotes(s, built, site)...) // the configuration its app fetches (siteconfig.go)
	}
	if !isSite {
		allNotes = append(allNotes, entryNotFound(s, built, e)...)
		allNotes = append(allNotes, startNotFollowed(s, built, e)...)
		allNotes = append(allNotes, customServerNotRun(s, built, e)...)
		allNotes = append(allNotes, startStepNotes(s, f, built, e, pm)...)
		allNotes = append(allNotes, exportsOnlyNotes(built, e)...)
		allNotes = append(allNotes, configFileNotes(s, built, e)...)         // configfile.go
		allNotes = append(allNotes, buildMigrationNotes(s, built, e, pm)...) // buildmigrate.go
		listen, readsHost := listenNotes(s, built, e)                        // listen.go
		allNotes = append(allNotes, listen...)
		if image, ours := rt.RuntimeImage(s); ours != "" { // an image of the user's may have pnpm, or a browser
			allNotes = append(allNotes, pnpmRunNotes(s, built, e, image)...)  // listen.go
			allNotes = append(allNotes, browserNotes(s, app, image, ours)...) // browsers.go
		}
		if _, set := s.Env.Get("HOST"); readsHost && !set && !slices.ContainsFunc(e.Env, func(v plan.Env) bool { return v.Key == "HOST" }) {
			e.Env = append(e.Env, plan.Env{Key: "HOST", Value: "0.0.0.0"}) // the host its listen reads
		}
	}
	for i := range allNotes { // the lint shows a note at the line of its field, else the language's
		allNotes[i].Field = cmp.Or(allNotes[i].Field, lang.FirstField(s, "language"))
	}
	runs := lang.Expected{What: "the entry file",
		Fix: "set `entrypoint` to the file the build writes (relative to the project), or fix the build"}
	if isSite {
		runs = static.Built(path.Join(b.pkgPath(), site.Dir))
	} else {
		for _, c := range e.checks() {
			runs.Paths = append(runs.Paths, path.Join(b.pkgPath(), c))
		}
	}
	t := b.toolchain(runs)
	if md4Why != "" && hasBuild {
		t.Build.Description += ", with " + md4Why
	}
	if !isSite && !hasBuild && slices.ContainsFunc(e.checks(), built.has) {
		// planning read the entry in the source, which the builder copies as it is and nothing
		// runs after: the check would cost a container start on every source change for nothing
		t.Build.Expect = nil
	}
	t.Notes = allNotes
	if !isSite {
		t.Build.Description += "; the image runs " + e.File + " (" + e.From + ")"
		if caches := b.buildCache(e); caches != nil { // the build commands, build.command's too
			for _, c := range t.Build.Commands {
				c.Caches = append(c.Caches, caches...)
			}
			if t.Build.Custom == nil {
				t.Build.Custom = &lang.Cmd{}
			}
			t.Build.Custom.Caches = append(t.Build.Custom.Caches, caches...)
		}
	}
	if isSite {
		if t.Runtime, err = b.siteRuntime(site); err != nil {
			return nil, err
		}
		return t, nil
	}
	if app.HasProdDeps && !e.Ship.SelfContained && !e.Ship.DevDeps {
		t.After = append(t.After, b.prodDeps())
	}

	rt.Title = lang.PackageTitle(cmp.Or(app.Name, m.Name))
	rt.Workdir = b.pkgPath()
	port := lang.PortEnv(b.s)
	env := slices.DeleteFunc(slices.Clone(e.Env), func(kv plan.Env) bool { return len(port) > 0 && kv.Key == "PORT" }) // the spec's port wins
	rt.Env = slices.Concat([]plan.Env{{Key: "NODE_ENV", Value: "production"}}, env, port)
	rt.Entrypoint = slices.Concat([]string{nodeBinary(alias)}, e.Flags, []string{path.Join(b.pkgPath(), e.image())})
	if b.shipsWholeTree(e) {
		e.Ship.Beside = append(e.Ship.Beside, namedDocs(f, pkgDir)...) // the Markdown files the server reads (nameddocs.go)
	}
	if b.publishes(e) { // what the server reads that package.json's files leaves out (published.go)
		tops, _ := publishedTops(app, e)
		e.Ship.Beside = append(e.Ship.Beside, unreadTops(f, pkgDir, tops, modulesInPlace(built, e))...)
	}
	rt.Artifacts = b.artifacts(e)
	if b.shipsBuildDir(e) && (ws == nil || ws.sel == nil) && s.Build.Command == nil && b.entryBuild == nil {
		// the UI of another directory that the root's build script builds, which its server serves (ship.go)
		rt.Artifacts = append(rt.Artifacts, rootUICopies(f, app, e.buildTop(), b.pkgPath(), plan.Origin{Field: lang.FirstField(s, "language")})...)
	}
	if b.buildsOnRuntime(e, alias) { // appstage.go
		image, _ := rt.RuntimeImage(s)
		b.buildOnRuntime(t, image)
		for _, c := range rt.Artifacts {
			if c.FromStage == "builder" {
				c.FromStage = lang.AppStage
			}
		}
	}
	if b.shipsBuildDir(e) || e.NextServer || e.NextApp || e.Nitro { // the files a compiled server reads beside its build (files.go)
		rt.Files = readFiles(s, built, e, lang.FirstField(s, "entrypoint", "language"))
	}
	rt.Writable, rt.BuildDir = e.Data, b.buildDir(e)
	if len(e.Data) > 0 {
		rt.WritableFrom, _, _ = strings.Cut(e.From, " (") // the framework's name: "Strapi (strapi start)"
	}
	rt.EmptyWritable = e.Ship.Writable
	rt.Made = startDirs(f, pkgDir, modulesRunFrom(built, e))              // startdirs.go
	rt.SharedWorkdir = sharedWorkdir(f, pkgDir, modulesRunFrom(built, e)) // a file it writes beside its own (startdirs.go)
	if len(e.Args) > 0 {
		rt.Cmd = e.Args // the start script's own arguments, replaced by a `cmd` in the spec
	}
	t.Runtime = rt
	return t, nil
}

// PlaceholderTest tells the test script `npm init` writes, `echo "Error: no test specified" &&
// exit 1`, which a project that never wrote tests keeps: it is no test script, and fails.
func PlaceholderTest(script string) bool {
	return strings.Contains(script, "no test specified") && strings.HasSuffix(strings.TrimSpace(script), "exit 1")
}

// installScripts are the scripts a package manager runs when it installs the package, in the
// order npm runs them.
var installScripts = []string{"preinstall", "install", "postinstall", "prepare"}

// scriptNotes warn about package.json scripts that will not do what the project expects. An
// install script that only runs `prisma generate` works when deps has the schema (prismaGenerates),
// and one the builder runs with the source (deferred) works too.
func scriptNotes(s *spec.Spec, m manifest, test []string, prismaGenerates bool, deferred []string) []plan.Note {
	var notes []plan.Note
	switch {
	case s.Test != nil:
	case m.Scripts["test"] == "":
		notes = append(notes, rules.NoTestScript.Note("", rules.NoTestScript.Format(strings.Join(test, " "))))
	case PlaceholderTest(m.Scripts["test"]):
		notes = append(notes, rules.NoTestScript.Note("", fmt.Sprintf("package.json's test script is the placeholder `npm init` writes, "+
			"which fails on purpose, so `--target tester` (%s) fails; write one or set `test: false`", strings.Join(test, " "))))
	}
	for _, name := range installScripts {
		if m.Scripts[name] != "" && !dependencyOnly(m.Scripts[name], prismaGenerates) && !slices.Contains(deferred, name) {
			notes = append(notes, rules.InstallScript.Note("", rules.InstallScript.Format(name)))
		}
	}
	return notes
}

// bundlerRun is a command that builds: a bundler's or a framework's build, TypeScript's
// compiler (the NestJS CLI's `nest build` runs it, or SWC or webpack), a static site
// generator's build, or a stylesheet compiler writing the CSS a server serves (Sass, Less,
// Tailwind's CLI: hackathon-starter's `scss: sass ... ./public/css:./public/css`, which its
// start script runs before `node app.js`).
var bundlerRun = regexp.MustCompile(`(?:^|[\s;&|(])(?:vite build|webpack|rollup|esbuild|tsup|tsdown|tsc|rspack build|parcel build|` +
	`next build|nuxt build|nuxi build|astro build|ng build|react-scripts build|vue-cli-service build|svelte-kit build|nest build|` +
	`vitepress build|docusaurus build|gatsby build|sass|node-sass|lessc|tailwindcss)(?:$|[\s;&|)])`)

// otherBuilds are a package's scripts named build:* or build-*, *:build (`docs:build`, what
// `vitepress init` writes), or compile (Feathers' and gts' TypeScript templates: `compile: shx
// rm -rf lib/ && tsc`), compile:* or compile-*, that build with a bundler or a compiler (not
// those that build container images), sorted.
func otherBuilds(m manifest) []string {
	var names []string
	for name, script := range m.Scripts {
		named := name == "compile" || strings.HasSuffix(name, ":build")
		for _, prefix := range []string{"build:", "build-", "compile:", "compile-"} {
			named = named || strings.HasPrefix(name, prefix)
		}
		if named && bundlerRun.MatchString(script) && !strings.Contains(script, "docker") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// onlyBuild is the build of a package without a build script that has one script of
// otherBuilds (dockge's build:frontend, vite build, whose output its server serves; a NestJS
// app's build:prod, nest build): the project's way of building, which the builder runs as it
// would the build script. With several, build:prod when the image runs start:prod (the pair
// NestJS boilerplates name for production), else which to run is the project's to say
// (unrunBuilds). "" for none.
func onlyBuild(s *spec.Spec, m manifest, ws *wsBuild) string {
	if s.Build.Command != nil || m.Scripts["build"] != "" || ws != nil && ws.sel != nil {
		return ""
	}
	names := otherBuilds(m)
	switch {
	case len(names) == 1:
		return names[0]
	case m.Scripts["start:prod"] != "" && slices.Contains(names, "build:prod"):
		return "build:prod"
	case len(names) == 0:
		return preStartBuild(m)
	}
	return startRunsBuild(m, names)
}

// startRunsBuild is the one of names (otherBuilds) that the first of the production start
// scripts the package has (startScripts, then otherStarts) runs among its commands: lemmy-ui's
// `run:prod: node generate_translations.js && pnpm build:prod && node dist/js/server.js`, beside
// build:dev and themes:build, is how the project builds for production. "" for none.
func startRunsBuild(m manifest, names []string) string {
	for _, name := range slices.Concat(startScripts, otherStarts) {
		script := m.Scripts[name]
		if script == "" {
			continue
		}
		for _, seg := range strings.Split(script, "&&") {
			if run := runsScript(strings.Fields(seg)); slices.Contains(names, run) {
				return run
			}
		}
		return ""
	}
	return ""
}

// preStartBuild is the pre script of start:prod, else of start, when it compiles (bundlerRun):
// npm and yarn 1 run `prestart:prod` before `start:prod`, so `prestart:prod: tsc` beside
// `start:prod: node dist/main.js` is the project's build (lujakob's nestjs-realworld-example-app,
// older NestJS starters). Only when the start script runs a file with node: a start script that
// builds and runs (`nest start`) has its own entry rules. "" for none.
func preStartBuild(m manifest) string {
	for _, name := range []string{"start:prod", "start"} {
		pre := m.Scripts["pre"+name]
		if start := m.Scripts[name]; start == "" || pre == "" {
			continue
		}
		if (bundlerRun.MatchString(pre) && !strings.Contains(pre, "docker") || copiesFiles(pre)) && nodeFileRun.MatchString(m.Scripts[name]) {
			return "pre" + name
		}
		return ""
	}
	return ""
}

// fileStep is a command that only copies a file into place or tests for one: `cp A B`, `mkdir
// -p D`, `test -f F`, `[ -f F ]`, negated or not.
var fileStep = regexp.MustCompile(`^(?:cp(?:\s+-[a-zA-Z]+)*\s+[\w./@-]+\s+[\w./@-]+|mkdir\s+-p(?:\s+[\w./@-]+)+|test\s+(?:!\s+)?-[efd]\s+[\w./@-]+|\[\s+(?:!\s+)?-[efd]\s+[\w./@-]+\s+\])$`)

// copiesFiles reports a script of fileSteps joined by && or || that copies at least one file:
// mirotalk's `prestart: test -f app/src/config.js || cp app/src/config.template.js
// app/src/config.js`, which npm runs before `start: node app/src/server.js`, and which an image
// running node itself must have run (its server requires ./config at start). Its Dockerfile
// copies the template in place.
func copiesFiles(script string) bool {
	copies := false
	for _, seg := range andOr.Split(script, -1) {
		seg = strings.TrimSpace(seg)
		if !fileStep.MatchString(seg) {
			return false
		}
		copies = copies || strings.HasPrefix(seg, "cp ")
	}
	return copies
}

// copyingPreStart is the pre script of start:prod, else of start, when the start script runs
// a file with node and the pre script only copies files into place (copiesFiles): beside a
// build script, which preStartBuild leaves it, the builder runs it after the build. "" for none.
func copyingPreStart(m manifest) string {
	for _, name := range []string{"start:prod", "start"} {
		if start := m.Scripts[name]; start != "" {
			if pre := m.Scripts["pre"+name]; copiesFiles(pre) && nodeFileRun.MatchString(start) {
				return "pre" + name
			}
			return ""
		}
	}
	return ""
}

var andOr = regexp.MustCompile(`&&|\|\|`)

// nodeFileRun is a script that runs a file with node.
var nodeFileRun = regexp.MustCompile(`(?:^|[\s;&|(])node\s+(?:-\S+\s+)*[\w./-]+`)

// unrunBuilds is a BuildScriptNotRun note when a project without a build script has several
// scripts of otherBuilds, which nothing runs.
func unrunBuilds(m manifest, pm manager) []plan.Note {
	names := otherBuilds(m)
	if len(names) == 0 {
		return nil
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	suggest := names[0] // a production build first (lemmy-ui's build:prod, not its build:dev)
	if i := slices.IndexFunc(names, func(n string) bool { return strings.Contains(n, "prod") }); i >= 0 {
		suggest = names[i]
	}
	var out []plan.Note
	return append(out, rules.BuildScriptNotRun.Note("", rules.BuildScriptNotRun.Format(strings.Join(quoted, ", "), strings.Join(pm.run(suggest), " "))))
}

// runtimeFor are the runtime bases for a Node.js version. Builder and runtime are both Debian
// 12 (bookworm) unless the runtime is alpine, so that native addons link against the same libc.
func runtimeFor(v nodeVersion) lang.Runtime {
	return lang.Runtime{
		Aliases: map[string]string{
			"slim":       "node:" + v.tag + "-bookworm-slim",
			"distroless": "gcr.io/distroless/nodejs" + v.major + "-debian12:nonroot",
			"alpine":     "node:" + v.tag + "-alpine",
		},
		Default: "slim",
		Shells:  []string{"slim", "alpine"},
		// node images ship the `node` user, uid 1000; numeric so runAsNonRoot can check it
		Users: map[string]string{"slim": "1000:1000", "alpine": "1000:1000"},
		Homes: map[string]string{"slim": "/home/node", "alpine": "/home/node"},
	}
}

// builderImage is the spec's build.image, else the full node image matching the runtime's libc.
func builderImage(s *spec.Spec, v nodeVersion, alias string) string {
	if s.Build.Image != "" {
		return s.Build.Image
	}
	if alias == "alpine" {
		return "node:" + v.tag + "-alpine"
	}
	return "node:" + v.tag + "-bookworm"
}

// nodeBinary is node's path in the runtime base; on an image the spec names, PATH finds it.
func nodeBinary(alias string) string {
	switch alias {
	case "distroless":
		return "/nodejs/bin/node"
	case "slim", "alpine":
		return "/usr/local/bin/node"
	}
	return "node"
}
