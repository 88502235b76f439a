package node

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// entry is what the image runs: node, its flags, a script and default arguments, and what the
// image must hold for it (ship).
type entry struct {
	// NextServer: a custom server of a Next.js app (withNextCustomServer), shipped as the build's
	// directory is, with Next.js's files beside it.
	NextServer bool
	// NextApp: Next.js's own server (standalone's server.js, `next start`), whose instrumentation
	// file runs at start (nextSources, files.go).
	NextApp bool
	// Nitro: Nuxt's or Nitro's server bundle (.output/server), whose modules of server/ run at
	// start (nitroSources, files.go).
	Nitro bool
	// File is the script in the builder, relative to the package directory.
	File  string
	Flags []string
	Args  []string
	// Image is where the script is in the image, relative to the app directory, when a
	// self-contained output moves it (.next/standalone/server.js -> server.js); "" is File.
	Image string
	// Check are the paths the build must leave, relative to the package directory, any one
	// will do (lang.Expect); nil is what node loads for File (dist/main: dist/main.js too).
	Check []string
	// From says what chose it, for messages and the stage description.
	From string
	// Env is what the framework's server needs in the image (Next.js: HOSTNAME=0.0.0.0).
	Env []plan.Env
	// BuildCache is the framework's build cache, relative to the package directory (Next.js:
	// .next/cache): a cache mount of the build step (see buildCaches).
	BuildCache string
	// Ship is what the runtime image holds.
	Ship ship
	// Data are the directories the framework's server keeps its data in, relative to the
	// working directory (Strapi's SQLite database and uploads): the runtime's Writable, copied
	// from the build with the runtime user as their owner.
	Data []string
	// Build is the command that makes File when package.json's build script does not (Nx:
	// `nx build <app>`); nil for the build script.
	Build []string
	// BuildFirst run before Build: the targets of the same Nx project that the root's scripts
	// run right before its build (ghostfolio's `nx run api:copy-assets`), see nxBuildFirst.
	BuildFirst [][]string
	// BuildScript is the package.json script that makes File in a package without a build
	// script, which its start script runs before it starts (startBuild); the package manager
	// runs it as Build.
	BuildScript string
	// StartsAs is the file the project's start script names for File when that script runs
	// inside the build's output (AdonisJS: `node bin/server.js` in build/); see withFramework.
	StartsAs string
	// Guess is set when nothing names what node runs: a static site (static.go) or an error.
	Guess bool
	// Source is the TypeScript file a bundler builds File from, when the build names it (Nx's
	// main): every module of the bundle has File's directory as its __dirname (siblingui.go).
	Source string
	// InSource: the script is a file of the source tree, not of the build's output, so the
	// image holds the built tree (uptime-kuma's `node server/server.js` serves the dist/ its
	// build makes).
	InSource bool
	// Around: File is a server of the source around the build's output, and the image holds
	// what it reaches (aroundbuild.go), not the whole tree.
	Around bool
	// Dir: File is a directory the build writes, whose index.js node loads (`node lib/`, a
	// start script naming the tsconfig's outDir): the image holds that directory (buildTop).
	Dir bool
}

// buildTop is the directory of the build's output the image holds when it holds only that:
// the entry's top directory (dist/ of dist/main.js), or the entry itself when it is one.
func (e entry) buildTop() string {
	if e.Dir {
		return e.image()
	}
	return lang.TopDir(e.image())
}

// ship is what the runtime image holds of the build, beyond node itself (see artifacts).
type ship struct {
	// Paths are files and directories of the builder's package directory, copied to the same
	// place in the app directory; a directory ends with "/". Empty: the default (ship.go).
	Paths []string
	// Root is a directory of the build whose contents become the app directory (.next/standalone);
	// without SelfContained, the package's directory, beside the production node_modules
	// (AdonisJS's build/, which holds its own package.json).
	Root string
	// Beside are paths that go where they are, beside Root's contents, and may be absent
	// (Next.js: .next/static and public/).
	Beside []string
	// Exclude are patterns left out of Paths' directories (.next/cache).
	Exclude []string
	// SelfContained outputs carry the modules they need: no node_modules, no package.json.
	SelfContained bool
	// DevDeps: the output loads dev dependencies at run time (a Vite SSR build that leaves
	// them external: Qwik City's express adapter imports express, a dev dependency), so the
	// image gets deps' node_modules, not the production ones.
	DevDeps bool
	// Writable are directories of the app the program writes to at run time that start empty
	// (.next/cache): the runtime's EmptyWritable.
	Writable []string
}

// image is where the script is in the image, relative to the app directory.
func (e entry) image() string {
	if e.Image != "" {
		return e.Image
	}
	return e.File
}

// checks are the paths the build must leave for the entry, relative to the package directory.
// A directory the build writes (entry.Dir) is what node loads only through its index.js (tsc
// writes no package.json there): the directory itself, which `test -e` accepts, is not enough
// (`node ./dist` of a tsc build whose sources have no index.ts fails at start).
func (e entry) checks() []string {
	switch {
	case e.Check != nil:
		return e.Check
	case e.Dir:
		return []string{path.Join(e.File, "index.js")}
	}
	return nodeLoads(e.File)
}

// nodeLoads are the files `node FILE` may load: FILE itself, or as CommonJS resolves a main
// module without an extension, FILE.js, FILE.cjs or FILE/index.js.
func nodeLoads(file string) []string {
	switch path.Ext(file) {
	case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts":
		return []string{file}
	}
	return []string{file, file + ".js", file + ".cjs", file + "/index.js"}
}

// loadAsks are the context names to read for the files `node FILE` may load in the package at
// dir (nodeLoads), given the facts f read so far. A FILE without a script's extension may be a
// directory (`node server` runs server/index.js), and a read of a directory fails planning, so
// it is probed first (lang.Probe) and read once the probe found a file (the Express
// generator's bin/www).
func loadAsks(f lang.Facts, dir, file string) []string {
	loads, out := nodeLoads(file), []string(nil)
	for i, c := range loads {
		c = path.Join(dir, c)
		if i == 0 && len(loads) > 1 {
			out = append(out, lang.Probe(c))
			if !f.Has(c) {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// pkg is the package whose entry is inferred: its manifest and the context files read around
// it. dir is its directory in the context ("." for the root; a workspace's, e.g. apps/web).
type pkg struct {
	f        lang.Facts
	dir      string
	m        manifest
	hasBuild bool
	// project is the application of a single package's monorepo that the spec's workspace
	// selects (a NestJS monorepo's, nest.go): its framework's build and output come first.
	project string
	// buildEnv is the spec's build.env, which a framework's configuration may read
	// (svelteKitAdapter).
	buildEnv spec.KeyValues
}

// path is a file of the package as a context path.
func (p pkg) path(name string) string { return path.Join(p.dir, name) }

// has reports whether the context holds a file of the package (only files that were read).
func (p pkg) has(name string) bool { return p.f.Has(p.path(name)) }

// text is a file of the package ("" when absent).
func (p pkg) text(name string) string { return p.f.Text(p.path(name)) }

// inContext reports whether the context holds one of the files node may load for file.
func (p pkg) inContext(file string) bool { return slices.ContainsFunc(nodeLoads(file), p.has) }

// startScripts are the package.json scripts that say how the project runs in production, in order.
var startScripts = []string{"start:prod", "start"}

// inferEntry finds what node runs in the package p, in this order: a `start:prod` or `start`
// script running `node FILE` (or `tsx FILE`, with tsx among the production dependencies), also
// as its last command after steps the image does not run (startSteps: a migration); what the build of a framework the package uses leaves
// (frameworks.go, remix.go: NestJS, Next.js, Nuxt and Nitro, SvelteKit's adapter-node, React Router and
// Remix, the Express generator's bin/www); package.json's main; then server.js (npm start's
// default) and index.js (main's) when the context holds them. It never picks a file a project
// without a build does not have; when nothing is found the entry is a Guess, and tried says
// what was looked at. Workspaces call it with the package's own directory.
func inferEntry(p pkg) (e entry, tried []string) {
	if p.project != "" { // the start scripts run the default application
		if e, ok := nestEntry(p); ok {
			return e, nil
		}
	}
	for _, name := range startScripts {
		script := p.m.Scripts[name]
		if script == "" {
			continue
		}
		cmd, env, via := p.start(name)
		from := "package.json's " + name + " script"
		switch {
		case via != "":
			from += " (nps's in " + via + ": " + oneLine(cmd) + ")"
		case cmd != strings.TrimSpace(script):
			from += " (" + oneLine(cmd) + ")"
		}
		if rt := otherRuntime(cmd); rt != "" { // main is then not node's to run
			tried = append(tried, fmt.Sprintf("package.json's %s script (`%s` runs %s, not node)", name, oneLine(script), rt))
			return entry{Guess: true}, tried
		}
		buildScript, cmd := startBuild(p.m.Scripts, cmd)
		if _, isServer := parseServer(cmd); !isServer && via == "" && startSteps(p.m.Scripts, cmd) != nil {
			// steps before the server, which StartStepsNotRun names: the image runs the server
			server, serverEnv, _ := lastServer(p.m.Scripts, cmd)
			cmd, env = server, append(env, serverEnv...)
			from = "the last command of package.json's " + name + " script"
		}
		sf, ok := parseStart(cmd)
		tsx, runsTsx := parseTsx(cmd)
		if runsTsx {
			sf, ok = tsx, true
		}
		if tsf, hook, isTS := parseTSRunner(cmd); isTS {
			src, _ := entryPath(tsf.File)
			file, out, built := compiledFile(p, src)
			if !built {
				tried = append(tried, fmt.Sprintf("package.json's %s script (`%s` runs %s through %s, and no tsc build with an outDir compiles it)", name, oneLine(script), src, hook))
				continue
			}
			// the TypeScript source through a loader, in development's way (the loader is a
			// dev dependency, as esbuild-register is in Turborepo's starter): the image runs
			// what the build's tsc wrote for it, as the project's own Dockerfile does
			return withFramework(p, entry{File: file, Flags: imageFlags(tsf.Flags), Args: tsf.Args, Env: env, BuildScript: buildScript,
				From: fmt.Sprintf("%s, which runs %s through %s: its build's tsc writes %s (%s)", from, src, hook, file, out)}), tried
		}
		sf.Flags = imageFlags(sf.Flags)
		file, valid := entryPath(sf.File)
		switch {
		case ok && valid && file != "." && runsTsx && !p.m.Prod["tsx"]:
			tried = append(tried, fmt.Sprintf("package.json's %s script (`%s` runs tsx, a dev dependency, which the image does not have)", name, oneLine(script)))
			continue
		case ok && valid && file != "." && runsTsx:
			// tsx runs the source as node does with tsx's loader registered (tsx's docs: node
			// --import tsx): a file of the source tree, so the image holds the built tree
			return entry{File: file, Flags: append([]string{"--import", "tsx"}, sf.Flags...), Args: sf.Args, Env: env,
				From: from, InSource: true, BuildScript: buildScript}, tried
		case ok && valid && file != "." && via != "" && buildScript == "":
			e := withFramework(p, entry{File: file, Flags: sf.Flags, Args: sf.Args, Env: env, From: from})
			if e.Build == nil {
				e.Build = p.npsBuild() // nps's build script, which package.json does not run
			}
			return e, tried
		case ok && valid && file != "." && svelteKitWrapperWhy(p, file) != "":
			// a wrapper of the source around a SvelteKit build the adapter does not make for
			// node: the error names the adapter and the build.env that chooses adapter-node
			tried = append(tried, fmt.Sprintf("package.json's %s script (`%s`: %s)", name, oneLine(script), svelteKitWrapperWhy(p, file)))
			return entry{Guess: true}, tried
		case ok && valid && file != ".":
			return withFramework(p, entry{File: file, Flags: sf.Flags, Args: sf.Args, Env: env, From: from, BuildScript: buildScript,
				Dir: builtDir(p, sf.File, file)}), tried
		case ok && valid: // `node .` runs main, with the script's flags and arguments
			if e, ok := mainEntry(p); ok {
				e.Flags, e.Args, e.Env, e.From = sf.Flags, sf.Args, env, from+", node . runs main"
				return e, tried
			}
		}
		tried = append(tried, fmt.Sprintf("package.json's %s script (`%s` is not `node FILE`)", name, oneLine(script)))
	}
	if len(tried) == 0 {
		tried = append(tried, "package.json's start:prod and start scripts (none)")
	}
	for _, fw := range frameworks {
		if e, ok := fw.detect(p); ok {
			e.From = cmp.Or(e.From, fw.name)
			return e, tried
		}
		if fw.final != nil {
			if why, _ := fw.final(p); why != "" {
				break
			}
		}
	}
	if why, _ := frameworkWhy(p); why != "" {
		tried = append(tried, why)
	} else {
		tried = append(tried, "what the frameworks it knows build ("+frameworkNames()+": none is a dependency)")
	}
	e, others, ok := otherStartScript(p)
	if ok {
		return e, tried
	}
	tried = append(tried, others...)
	if e, ok := mainEntry(p); ok {
		return e, tried
	}
	if p.m.Main == "" && p.hasBuild {
		if e, ok := nodeBundleEntry(p); ok { // bundle.go
			return e, tried
		}
	}
	switch main, ok := entryPath(p.m.Main); {
	case p.m.Main == "":
		tried = append(tried, "package.json's main (unset)")
	case !ok || main == ".":
		tried = append(tried, fmt.Sprintf("package.json's main (%q is not a script path)", p.m.Main))
	case electronMain(p.m, main):
		tried = append(tried, fmt.Sprintf("package.json's main (%s is Electron's main process, which a script runs with electron, not node)", main))
	case siteGenerator(p.m) != "":
		tried = append(tried, fmt.Sprintf("package.json's main (%s is not in the build context, and the build is %s's, which writes pages)", main, siteGenerator(p.m)))
	default:
		tried = append(tried, fmt.Sprintf("package.json's main (%s is not in the build context, and there is no build script)", main))
	}
	for _, name := range []string{"server.js", "index.js"} {
		if p.has(name) {
			return entry{File: name, From: name + ", which `npm start` runs by default"}, tried
		}
	}
	tried = append(tried, "server.js and index.js (not in the build context)")
	if e, why := typeScriptDefault(p); why == "" {
		return e, tried
	} else if why != "-" {
		tried = append(tried, why)
	}
	return entry{Guess: true}, tried
}

// typeScriptDefaults are the TypeScript files a package without a build runs as server.js and
// index.js: node runs them as they are since 22.18 and 23.6 (type stripping), as atproto's PDS
// image runs its services/pds/index.ts (`node ... index.ts`; no scripts, no main).
var typeScriptDefaults = []string{"server.ts", "index.ts"}

// typeScriptDefault is the first of typeScriptDefaults in a package without a build of its own
// (a build compiles them: the image runs its output; a workspace package's may only build the
// packages it uses, as the PDS's does), unless it imports a module of its own without the
// extension, which node's type stripping does not resolve (it stops at start on
// ERR_MODULE_NOT_FOUND: a bundler's or tsx's source). why says why none was taken, "-" when the
// package has none or builds.
func typeScriptDefault(p pkg) (e entry, why string) {
	if p.m.Scripts["build"] != "" || p.hasBuild && p.dir == "." { // a workspace package's closure may build: not it
		return entry{}, "-"
	}
	for _, name := range typeScriptDefaults {
		if !p.has(name) {
			continue
		}
		for _, spec := range relativeImports(p.text(name)) {
			if path.Ext(spec) == "" || !slices.Contains([]string{".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"}, path.Ext(spec)) {
				return entry{}, fmt.Sprintf("%s (it imports %s without an extension, which node does not resolve when it runs TypeScript)", name, spec)
			}
		}
		return entry{File: name, From: name + ", which node runs as it is: no build compiles it"}, ""
	}
	return entry{}, "-"
}

// otherStarts are the scripts, beside start:prod and start, that some projects run their built
// server with, when start is absent or runs a development server: Turborepo's templates'
// `preview: node ./dist/server.js`, a `serve` or `prod` script, lemmy-ui's `run:prod` (which
// builds first: `node generate_translations.js && pnpm build:prod && node dist/js/server.js`,
// its last command the server, as a start script's may be). Tried after the frameworks, whose
// knowledge is surer, and only as `node FILE`: Vite's `preview` runs its own preview server.
var otherStarts = []string{"start:production", "prod", "run:prod", "serve", "preview"}

// otherStartScript is the first of otherStarts that runs `node FILE`, with what tried them.
func otherStartScript(p pkg) (e entry, tried []string, ok bool) {
	for _, name := range otherStarts {
		script := p.m.Scripts[name]
		if script == "" {
			continue
		}
		cmd, env, _ := p.start(name)
		if server, serverEnv, ok := lastServer(p.m.Scripts, cmd); ok { // steps, then the server (startsteps.go)
			cmd, env = server, append(env, serverEnv...)
		}
		sf, isNode := parseStart(cmd)
		tsx, runsTsx := parseTsx(cmd)
		if runsTsx && p.m.Prod["tsx"] { // as a start script's: the source tree, tsx's loader registered
			sf, isNode = tsx, true
		}
		file, valid := entryPath(sf.File)
		if !isNode || !valid || file == "." {
			tried = append(tried, fmt.Sprintf("package.json's %s script (`%s` is not `node FILE`)", name, oneLine(script)))
			continue
		}
		if runsTsx {
			return entry{File: file, Flags: append([]string{"--import", "tsx"}, imageFlags(sf.Flags)...), Args: sf.Args, Env: env,
				From: "package.json's " + name + " script", InSource: true}, tried, true
		}
		return withFramework(p, entry{File: file, Flags: imageFlags(sf.Flags), Args: sf.Args, Env: env,
			From: "package.json's " + name + " script", Dir: builtDir(p, sf.File, file)}), tried, true
	}
	return entry{}, tried, false
}

// withFramework is a start script's entry with what a framework knows of the same file: a
// script running `node .output/server/index.mjs` runs Nuxt's build, whose output is
// self-contained, so the image is that output alone, as with no script (elk's start script
// is `PORT=5314 node .output/server/index.mjs`), and AdonisJS's `node bin/server.js` runs the
// one its build writes to build/ (entry.StartsAs). The script's flags, arguments and variables
// stay; its variables win over the framework's.
func withFramework(p pkg, e entry) entry {
	for _, fw := range frameworks {
		fe, ok := fw.detect(p)
		moved := ok && fw.name == "NestJS" && nestMoved(p, fe.File, e.File)
		// a framework's own build (Nx's `nx build api`) of the file the script names as node
		// finds it (ghostfolio's `start: node dist/apps/api/main`): without it nothing builds it
		loads := ok && fe.Build != nil && slices.Contains(nodeLoads(e.File), fe.File)
		if !ok || (fe.File != e.File && (fe.StartsAs == "" || fe.StartsAs != e.File) && !moved && !loads) {
			continue
		}
		fe.Flags, fe.Args = e.Flags, e.Args
		if moved {
			fe.From = e.From + ", which names " + e.File + " where " + cmp.Or(fe.From, fw.name) + " writes " + fe.File
		} else {
			fe.From = e.From + ", " + cmp.Or(fe.From, fw.name) + "'s output"
		}
		fe.Env = slices.DeleteFunc(fe.Env, func(fv plan.Env) bool {
			return slices.ContainsFunc(e.Env, func(v plan.Env) bool { return v.Key == fv.Key })
		})
		fe.Env = append(fe.Env, e.Env...)
		return fe
	}
	return e
}

// nestMoved reports a start script naming NestJS's entry where `nest build` does not write it:
// `node dist/main` when the tsconfig's rootDir (`.`, or TypeScript 6's default) puts it at
// dist/src/main.js (next-nest-monorepo). The same name in the same output directory, a file
// the context does not hold: the image runs what the build writes.
func nestMoved(p pkg, built, named string) bool {
	trim := func(f string) string {
		for _, ext := range []string{".js", ".cjs", ".mjs"} {
			f = strings.TrimSuffix(f, ext)
		}
		return f
	}
	return trim(built) != trim(named) && !p.inContext(named) && lang.TopDir(built) == lang.TopDir(named) &&
		path.Base(trim(built)) == path.Base(trim(named)) && path.Dir(trim(named)) == lang.TopDir(named)
}

// builtDir reports a start script's file that is a directory the build writes: written with a
// trailing slash (`node lib/`, Feathers' start script), or the tsconfig's outDir (`node lib`).
func builtDir(p pkg, written, file string) bool {
	if !p.hasBuild || strings.Contains(file, "/") || path.Ext(file) != "" || p.inContext(file) {
		return false
	}
	out, _ := tsOutDirs(p, "tsconfig.json")
	out, _ = entryPath(out)
	return strings.HasSuffix(written, "/") || out == file
}

// frameworkWhy is the first of frameworkWhys' answers.
func frameworkWhy(p pkg) (why, fix string) {
	for _, w := range frameworkWhys {
		if why, fix := w(p); why != "" {
			return why, fix
		}
	}
	return "", ""
}

// mainEntry is package.json's main, when a build may make it or the context holds it. A static
// site generator's build makes pages, not a script: a main the context lacks is `npm init`'s
// default (nodepads, a VitePress site: `"main": "index.js"`), not the build's output.
func mainEntry(p pkg) (entry, bool) {
	main, ok := entryPath(p.m.Main)
	if !ok || main == "." || (!p.hasBuild || siteGenerator(p.m) != "") && !p.inContext(main) || electronMain(p.m, main) {
		return entry{}, false
	}
	return entry{File: main, From: "package.json's main"}, true
}

// electronMain reports a main that is Electron's main process, not a server: the package
// depends on electron and a script runs it with `electron .` (or names main), as hollama's
// `"electron": "electron ."` beside its SvelteKit app. node alone cannot run it (its
// require('electron') is the path of a binary the image does not hold).
func electronMain(m manifest, main string) bool {
	if !m.Deps["electron"] {
		return false
	}
	for _, script := range m.Scripts {
		words := strings.Fields(script)
		for i, w := range words[:max(len(words)-1, 0)] {
			if (w == "electron" || strings.HasSuffix(w, "/electron")) && slices.Contains([]string{".", "./", main, "./" + main}, words[i+1]) {
				return true
			}
		}
	}
	return false
}

// chooseEntry is the spec's entrypoint, else what inferEntry finds in the project at the root.
func chooseEntry(s *spec.Spec, p pkg) (entry, []string, error) {
	ep := strings.TrimSpace(s.Entrypoint)
	if ep == "" {
		e, tried := inferEntry(p)
		e.InSource = p.hasBuild && !e.Guess && len(e.Ship.Paths) == 0 && e.Ship.Root == "" && p.inContext(e.File)
		return withAroundBuild(p, withNextCustomServer(p, withRemixPublic(p, e))), tried, nil
	}
	f, ok := entryPath(ep)
	if !ok || f == "." {
		return entry{}, nil, lang.FieldError(s, "entrypoint", "write the script node runs, relative to the project, e.g. dist/server.js",
			"%q is not a script path inside the build context", s.Entrypoint)
	}
	// a custom server of a Next.js app the build writes needs what `next start` would (withNextCustomServer)
	return withAroundBuild(p, withNextCustomServer(p, withRemixPublic(p, entry{File: f, From: "the spec's entrypoint", InSource: p.hasBuild && p.inContext(f)}))), nil, nil
}

// otherRuntime is the language of the runtime other than node a start command runs its program
// with ("" for none): deno, whatever it runs (openstatus's apps/server, a pnpm workspace
// package, starts with `deno run -A src/serve.ts`, and its main, src/index.ts, only exports the
// app), and bun running a script file (`bun run next start` runs next's bin, by its shebang on
// node).
func otherRuntime(cmd string) string {
	w := strings.Fields(cmd)
	switch {
	case len(w) < 2:
		return ""
	case w[0] == "deno":
		return "deno"
	case w[0] != "bun":
		return ""
	}
	for _, a := range w[1:] {
		switch {
		case a == "run" || strings.HasPrefix(a, "-"):
			continue
		case scriptPath.MatchString(a):
			return "bun"
		}
		return ""
	}
	return ""
}

// scriptPath is a JavaScript or TypeScript file's path.
var scriptPath = regexp.MustCompile(`^[\w./@-]+\.(?:[cm]?[jt]s|[jt]sx)$`)

// oneLine shortens a script for a message.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}
