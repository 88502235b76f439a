package node

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A server of the project's own around what its build writes: React Router's and Remix's
// custom servers (`server.js` with Express, `await import("./build/server/index.js")`,
// React Router's node-custom-server template), SvelteKit's (`import { handler } from
// './build/handler.js'`). node runs a file of the source tree, so the image held the whole tree
// (entry.InSource): app/, routes, the bundler's configuration, beside the build that was made
// from them. What runs is that file, the modules it imports by a relative path (the build's
// directory, and the source files it imports, followed), the files it reads, package.json and
// the production node_modules: the frameworks' own Dockerfiles copy exactly package.json,
// server.js, build/ and node_modules.
//
// Planning reads the entry and follows its relative imports (static, `import()` and
// `require()` of a literal, or of a constant the file sets to one: `const BUILD_PATH =
// "./build/server/index.js"`), up to aroundDepth levels. A module the context lacks, below a
// directory the context lacks too, is the build's: that top directory ships from the builder.
// The paths the files read (files.go's calls: express.static, sendFile, readFileSync, joins of
// __dirname...) ship beside them when the builder has them. The image holds the whole tree, as
// before, when any of this is not known: an import or read computed in code, a module the
// context lacks in a directory it holds (a build writing into the source), one leaving the
// package or named through package.json's imports, a file whose imports were not read, a
// start script's argument or flag naming a file; and when nothing the entry reaches is the
// build's (a plain server whose build makes something else, e.g. its CSS).

// aroundDepth bounds the levels of source imports followed from the entry (each a round of
// reads: the entry's imports, and theirs); aroundFiles, the files.
const (
	aroundDepth = 2
	aroundFiles = 40
)

// aroundServer is what a source server reaches, as aroundWalk finds it.
type aroundServer struct {
	// files are the package's source files node loads, the entry first; built, the top
	// directories of the build's output they import; reads, the paths they read (relative to
	// the package). asks are the context names to read next.
	files, built, reads, asks []string
	// unknown says why the image keeps the whole tree; "" when what runs is known.
	unknown string
}

var (
	// staticFrom is a static import or re-export (`import x from "m"`, `export * from "m"`),
	// its type-only form (`import type`, erased when node strips the types) marked; sideImport
	// is `import "m"`.
	staticFrom = regexp.MustCompile(`\b(?:import|export)(\s+type\b)?[^;'"` + "`" + `]*?\bfrom\s*['"]([^'"\n]+)['"]`)
	sideImport = regexp.MustCompile(`\bimport\s*['"]([^'"\n]+)['"]`)
	// moduleCall is a dynamic import or a require at its argument.
	moduleCall = regexp.MustCompile(`(?:^|[^\w$.])(?:import|require)\s*\(\s*`)
	// callArg is the argument of moduleCall: a literal, a name, or pathToFileURL(name).href.
	callArg = regexp.MustCompile(`^(?:'([^'\n\\]*)'|"([^"\n\\]*)"|` + "`([^`$\\\\\n]*)`" +
		`|(?:url\.)?pathToFileURL\(\s*([A-Za-z_$][\w$]*)\s*\)\.href|([A-Za-z_$][\w$]*))\s*[,)]`)
)

// constPath is the path a constant the file sets names, relative to the package (dir is the
// file's directory): a literal is a module specifier, relative to the file; a join or resolve
// is relative to the working directory, the package's.
func constPath(src, name, dir string) (string, bool) {
	re := regexp.MustCompile(`\b(?:const|let|var)\s+` + regexp.QuoteMeta(name) + `\s*=\s*`)
	m := re.FindStringIndex(src)
	if m == nil || re.FindAllStringIndex(src, 2)[len(re.FindAllStringIndex(src, 2))-1][0] != m[0] {
		return "", false // unset, or set twice
	}
	rest := src[m[1]:]
	if lit := pathLit.FindStringSubmatch(rest); lit != nil {
		spec := lit[1] + lit[2] + lit[3]
		if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
			return "", false
		}
		return path.Join(dir, spec), true
	}
	return pathExpr(rest, dir)
}

// moduleRef is a module a file names: a specifier as written, or a path relative to the
// package (resolved: a constant's value).
type moduleRef struct {
	spec     string
	resolved string
}

// moduleRefs are the modules src imports or requires, outside // comments; ok is false when one
// is computed in code.
func moduleRefs(src, dir string) (refs []moduleRef, ok bool) {
	for _, m := range lang.CodeMatches(staticFrom, src) {
		if m[2] < 0 {
			refs = append(refs, moduleRef{spec: src[m[4]:m[5]]})
		}
	}
	for _, m := range lang.CodeMatches(sideImport, src) {
		refs = append(refs, moduleRef{spec: src[m[2]:m[3]]})
	}
	for _, m := range lang.CodeMatches(moduleCall, src) {
		a := callArg.FindStringSubmatch(src[m[1]:])
		switch {
		case a == nil:
			return refs, false
		case a[4] != "" || a[5] != "":
			p, found := constPath(src, a[4]+a[5], dir)
			if !found {
				return refs, false
			}
			refs = append(refs, moduleRef{resolved: p})
		default:
			refs = append(refs, moduleRef{spec: a[1] + a[2] + a[3]})
		}
	}
	return refs, true
}

// moduleLoads are the files node (or tsx, for a TypeScript file) may load for a module at p,
// relative to the package, in order.
func moduleLoads(p string, ts bool) []string {
	switch ext := path.Ext(p); ext {
	case ".js", ".mjs", ".cjs":
		if ts { // tsx resolves ./x.js to x.ts
			stem := strings.TrimSuffix(p, ext)
			return []string{p, stem + strings.Replace(ext, "j", "t", 1), stem + ".tsx"}
		}
		return []string{p}
	case ".ts", ".mts", ".cts", ".tsx", ".json", ".node", ".wasm":
		return []string{p}
	}
	out := []string{p, p + ".js", p + ".mjs", p + ".cjs", p + ".json", p + "/index.js"}
	if ts {
		out = append(out, p+".ts", p+".tsx", p+"/index.ts")
	}
	return out
}

// aroundWalk follows what the package's source entry reaches (see the top of this file).
func aroundWalk(p pkg, e entry) aroundServer {
	var w aroundServer
	ask := func(name string) { w.asks = append(w.asks, p.path(name)) }
	fail := func(why string) aroundServer { return aroundServer{asks: w.asks, unknown: why} } // what was asked is still asked
	for _, a := range slices.Concat(e.Args, e.Flags) {
		if a != "tsx" && (strings.Contains(a, "/") || jsSource.MatchString(a) || strings.HasSuffix(a, ".json")) {
			return fail("its command line names " + a)
		}
	}
	ts := slices.Contains(e.Flags, "tsx") || strings.HasSuffix(e.File, "ts")
	level := []string(nil)
	for _, c := range nodeLoads(e.File) {
		if p.has(c) {
			level = []string{c}
			break
		}
	}
	if level == nil {
		return fail("planning did not read " + e.File)
	}
	w.files = level
	for depth := 0; len(level) > 0; depth++ {
		var next []string
		for _, file := range level {
			if !jsSource.MatchString(file) {
				continue // JSON, a native addon: loaded, importing nothing
			}
			src := p.text(file)
			refs, ok := moduleRefs(src, path.Dir(file))
			if !ok {
				return fail(file + " imports a module computed in code")
			}
			for _, r := range refs {
				target := r.resolved
				switch spec := r.spec; {
				case target != "":
				case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
					target = path.Join(path.Dir(file), spec)
				case strings.HasPrefix(spec, "#") || p.m.Name != "" && (spec == p.m.Name || strings.HasPrefix(spec, p.m.Name+"/")):
					return fail(file + " imports " + spec + ", through package.json")
				default:
					continue // node's own, or a dependency's
				}
				if target == ".." || strings.HasPrefix(target, "../") || target == "." {
					return fail(file + " imports " + target + ", outside the package")
				}
				found := ""
				for _, c := range moduleLoads(target, ts) {
					if path.Ext(c) == "" { // a name that may be a directory: probed, then read
						probe := lang.Probe(p.path(c))
						w.asks = append(w.asks, probe)
						if !p.has(c) {
							continue
						}
					}
					ask(c)
					if p.has(c) {
						found = c
						break
					}
				}
				top := lang.TopDir(target)
				switch {
				case found != "" && !slices.Contains(w.files, found):
					if depth+1 >= aroundDepth || len(w.files) >= aroundFiles {
						return fail("its imports go deeper than planning reads (" + found + ")")
					}
					w.files = append(w.files, found)
					next = append(next, found)
				case found != "":
				case top == "":
					return fail(file + " imports " + target + ", which the context lacks")
				default:
					w.asks = append(w.asks, lang.Probe(p.path(top)))
					if p.has(top) || p.f.HasDir(p.path(top)) {
						return fail(file + " imports " + target + ", which the build writes among the sources of " + top + "/")
					}
					w.built = lang.AppendNew(w.built, top)
				}
			}
		}
		level = next
	}
	for _, file := range w.files {
		if !jsSource.MatchString(file) {
			continue
		}
		src := p.text(file)
		if why := unresolvedRead(src, path.Dir(file)); why != "" {
			return fail(file + " reads " + why + ", a path computed in code")
		}
		for _, r := range namedPaths(file, src, path.Dir(file)) {
			c, ok := lang.ContextPath(r.Path)
			switch {
			case !ok:
				return fail(r.Why + " reads " + r.Path)
			case slices.Contains(w.built, lang.TopDir(c)) || slices.Contains(w.built, c) || slices.Contains(w.files, c) ||
				slices.Contains(w.reads, c) || c == "package.json" || c == "node_modules" || strings.HasPrefix(c, "node_modules/"):
			default:
				w.reads = append(w.reads, c)
			}
		}
	}
	for _, d := range configDirs(p, e) {
		w.reads = lang.AppendNew(w.reads, d.Path)
	}
	if len(w.built) == 0 {
		return aroundServer{asks: w.asks, unknown: "it imports nothing the build writes"}
	}
	bundled := bundledServerDirs(p)
	for _, d := range w.built {
		if !slices.Contains(bundled, d) {
			return fail("it imports " + d + "/, which no bundler's server build of the package writes")
		}
	}
	slices.Sort(w.built)
	return w
}

// unresolvedRead is the first call of readCalls, or path from the program's place (fromHere),
// whose path is not one pathExpr reads (a variable, `fileURLToPath(new URL(...))`, __dirname
// alone): a file the server reads that planning cannot name. "" when there is none.
func unresolvedRead(src, dir string) string {
	for _, m := range lang.CodeMatchesAt(readCallAt, src, 2) {
		name, method := src[m[4]:m[5]], src[m[2]:m[3]] == "."
		c := readCalls[slices.IndexFunc(readCalls, func(c jsReadCall) bool { return c.Name == name })]
		at, ok := m[1], true
		if c.Key != "" {
			at, ok = afterKey(src, at, c.Key)
		}
		if !ok || c.Method && !method {
			continue
		}
		if _, ok := pathExpr(src[at:], dir); !ok {
			return name + "(" + oneLine(strings.SplitN(src[at:], "\n", 2)[0])
		}
	}
	for _, m := range lang.CodeMatchesAt(fromHere, src, 1) {
		if _, ok := pathExpr(src[m[2]:], dir); !ok {
			return oneLine(strings.SplitN(src[m[2]:], "\n", 2)[0])
		}
	}
	return ""
}

// aroundCandidate reports an entry whose image would hold the whole tree because node runs a
// file of the source in a package with a build: the entries aroundWalk may narrow.
func aroundCandidate(p pkg, e entry) bool {
	sh := e.Ship
	if !e.InSource || !p.hasBuild || e.Guess || e.NextServer || sh.SelfContained || sh.DevDeps || sh.Root != "" ||
		len(sh.Paths) > 0 || len(sh.Beside) > 0 {
		return false
	}
	_, published := publishedTops(p.m, e) // what the package says it runs with (published.go) wins
	return !published
}

// viteBuildCmd is a script's `vite build`, with its --outDir when it names one.
var viteBuildCmd = regexp.MustCompile(`\bvite\s+build\b[^&|;]*`)

// bundledServerDirs are the top directories into which a bundler builds the package's server
// code, self-contained but for node_modules: React Router's and Remix's build/ (React Router's
// buildDirectory), SvelteKit's adapter-node output, Astro's outDir with its Node adapter, a
// Vite build's outDir (--outDir, the config's build.outDir, dist/ by default: its server and RSC
// environments bundle too, as React Router's RSC data-mode template's dist/rsc/index.js). A compiler's output (tsc's dist/) is not among
// them: it mirrors the source tree, whose files its modules may read beside it (files.go).
func bundledServerDirs(p pkg) []string {
	var out []string
	add := func(dir string) {
		if d, ok := entryPath(dir); ok && d != "." && !slices.Contains(out, lang.TopDir(d+"/x")) {
			out = append(out, lang.TopDir(d+"/x"))
		}
	}
	if p.m.Deps["@react-router/dev"] {
		add(path.Dir(reactRouterClient(p.f.In(p.dir))))
	}
	if p.m.Deps["@remix-run/dev"] {
		add("build")
	}
	if svelteKitAdapter(p) == "@sveltejs/adapter-node" {
		out := "build"
		if m := svelteOut.FindStringSubmatch(p.text("svelte.config.js")); m != nil {
			out = m[1]
		}
		add(out)
	}
	if p.m.Deps["astro"] && p.m.Deps["@astrojs/node"] {
		dir := "dist"
		if m := astroOutDir.FindStringSubmatch(func() string { _, t := astroConfig(p); return t }()); m != nil {
			dir = m[1]
		}
		add(dir)
	}
	for _, name := range slices.Sorted(maps.Keys(p.m.Scripts)) {
		for _, b := range viteBuildCmd.FindAllString(p.m.Scripts[name], -1) {
			dir := "dist"
			if m := viteConfigOutDir.FindStringSubmatch(p.text(p.f.In(p.dir).First(viteConfigs...))); m != nil && m[1] != "" {
				dir = m[1]
			}
			if m := viteOutDirFlag.FindStringSubmatch(b); m != nil {
				dir = m[1]
			}
			if out, _ := tsOutDirs(p, "tsconfig.json"); buildEmitsTsc(p.m) ||
				out != "" && lang.TopDir(path.Clean(out)+"/x") == lang.TopDir(path.Clean(dir)+"/x") {
				continue // tsc may write there too: the sources' mirror, not a bundle alone (thelounge's tsc -p server && vite build)
			}
			add(dir)
		}
	}
	return out
}

// withAroundBuild is an entry whose image holds what its source server reaches, when that is
// known (aroundWalk): the server's files and the build's directories it imports, with what they
// read beside them.
func withAroundBuild(p pkg, e entry) entry {
	if !aroundCandidate(p, e) {
		return e
	}
	w := aroundWalk(p, e)
	if w.unknown != "" {
		return e
	}
	paths := slices.Clone(w.files)
	for _, d := range w.built {
		paths = append(paths, d+"/")
	}
	e.Ship, e.Around = ship{Paths: paths, Beside: w.reads}, true
	return e
}

// aroundReads are the context names aroundWalk asks for, for an entry it may narrow.
func aroundReads(p pkg, e entry) []string {
	if !e.Around && !aroundCandidate(p, e) {
		return nil
	}
	return aroundWalk(p, e).asks
}

// buildEmitsTsc reports a build script that runs tsc, followed through the scripts it runs, not
// with --noEmit: its output may share a directory with the bundler's.
func buildEmitsTsc(m manifest) bool {
	var walk func(script string, depth int) bool
	walk = func(script string, depth int) bool {
		for _, seg := range scriptCommands.Split(script, -1) {
			words := strings.Fields(seg)
			if name := runsScript(words); name != "" && depth < maxScriptDepth {
				if walk(m.Scripts[name], depth+1) {
					return true
				}
				continue
			}
			if len(words) > 0 && (words[0] == "tsc" || strings.HasSuffix(words[0], "/tsc")) && !slices.Contains(words, "--noEmit") {
				return true
			}
		}
		return false
	}
	return walk(m.Scripts["build"], 0)
}
