package node

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Node.js server whose entry listens on localhost answers nobody outside its container:
// `server.listen(PORT, 'localhost')`, `listen({ port, host: '127.0.0.1' })`, a hapi server made with
// `Hapi.server({ port, host: 'localhost' })` (its getting-started guide's), and a Fastify app's
// `listen({ port })` without host, which Fastify binds to localhost (its documentation: use
// host '0.0.0.0' in a container; Express and node:http listen on every interface without one).
// Planning reads the entry file only, when the context holds it and it is not in a directory a
// build writes (dist/, build/, ...: a committed copy there is replaced by the build), or, for a
// file under a tsconfig's outDir, the source tsc compiles it from (tssource.go); never a
// build's output, and nothing the entry imports.

// hapiServer opens the options of a hapi server: `Hapi.server({`, `new Hapi.Server({`.
const hapiServer = `\b[Hh]api\.[Ss]erver\(\s*\{`

const loopbackHost = `['"` + "`" + `](localhost|127\.0\.0\.1|::1)['"` + "`" + `]`

var (
	listenHostArg  = regexp.MustCompile(`\.listen\(\s*[^,(){}]+,\s*` + loopbackHost)
	listenHostProp = regexp.MustCompile(`\.listen\(\s*\{[^}]*\bhost\s*:\s*` + loopbackHost)
	// hapiHostProp: hapi listens where its server's options say (Hapi.server({ port, host }),
	// new Hapi.Server({...})), on every interface without a host, as its tutorials do not write it
	hapiHostProp   = regexp.MustCompile(hapiServer + `[^}]*\bhost\s*:\s*` + loopbackHost)
	listenObject   = regexp.MustCompile(`\.listen\(\s*\{([^}]*)\}`)
	hostKey        = regexp.MustCompile(`\bhost\b`)
	mentionFastify = regexp.MustCompile(`\bfastify\b`)
)

// buildOutputs are the top directories a build writes a server to: an entry there is not read.
var buildOutputs = map[string]bool{"dist": true, "build": true, ".output": true, ".next": true, "out": true}

// listenNotes is a ListenLocalhost note for each loopback listen in the entry file p runs, or,
// when the build compiles it with tsc, in the source it is compiled from (tssource.go: fastify's
// demo runs dist/server.js, src/server.ts listens). hostEnv reports a listen whose host reads
// process.env.HOST (listenReadsHost), which the image then sets to 0.0.0.0.
func listenNotes(s *spec.Spec, p pkg, e entry) (notes []plan.Note, hostEnv bool) {
	file, mapped := entrySource(p, e)
	if file == "" {
		return nil, false
	}
	compiled := ""
	if mapped {
		compiled = "(the source of " + e.File + ", which the image runs) "
	}
	src := p.text(file)
	add := func(line int, what, fix string) {
		notes = append(notes, rules.ListenLocalhost.Note(lang.FirstField(s, "entrypoint"),
			rules.ListenLocalhost.Format(p.path(file), line, compiled+what, fix)))
	}
	for line, m := range lang.CodeMatches(listenHostArg, src) {
		add(line, "calls listen with the host '"+src[m[2]:m[3]]+"'", "leave the host out, or pass '0.0.0.0'")
	}
	for line, m := range lang.CodeMatches(listenHostProp, src) {
		add(line, "calls listen with host: '"+src[m[2]:m[3]]+"'", "write host: '0.0.0.0'")
	}
	for line, m := range lang.CodeMatches(hapiHostProp, src) {
		add(line, "makes its hapi server with host: '"+src[m[2]:m[3]]+"'", "write host: '0.0.0.0', or leave it out (hapi then listens on every interface)")
	}
	if p.m.Prod["fastify"] && mentionFastify.MatchString(src) {
		for line, m := range lang.CodeMatches(listenObject, src) {
			if !hostKey.MatchString(src[m[2]:m[3]]) {
				add(line, "calls Fastify's listen without host, and Fastify listens on localhost by default",
					"add host: '0.0.0.0', as Fastify's documentation says for containers")
			}
		}
	}
	notes = append(notes, lang.FixedPortNotes(s, p.path(file), src)...) // a port of its own: PortNotPublished
	return notes, listenReadsHost(src)
}

// entrySource is the file of the entry planning read (listen.go and files.go read the same): the
// entry file, when the context holds it and it is not in a directory a build writes, or, with a
// tsc build, the source it is compiled from (mapped). "" when planning read none.
func entrySource(p pkg, e entry) (file string, mapped bool) {
	if e.Guess {
		return "", false
	}
	files := nodeLoads(e.File)
	if p.hasBuild {
		if srcs := tsSources(p, e.File); srcs != nil {
			files, mapped = srcs, true
		} else if src := bundleSource(p, e.File); src != "" { // bundle.go
			files, mapped = []string{src}, true
		} else if buildOutputs[lang.TopDir(e.File)] {
			return "", false
		}
	}
	for _, c := range files {
		if p.has(c) {
			return c, mapped
		}
	}
	return "", false
}

const hostEnv = `process\.env(?:\.HOST\b|\[\s*['"]HOST['"]\s*\])`

var (
	// listenHostExpr is a listen call's host: its second argument, or its object's host
	// property; the group is the expression's first word. listenHostShort: `{ port, host }`.
	listenHostExpr  = regexp.MustCompile(`\.listen\(\s*(?:[^,(){}]+,\s*|\{[^}]*\bhost\s*:\s*)(` + hostEnv + `|[A-Za-z_$][\w$]*)`)
	listenHostShort = regexp.MustCompile(`(?:\.listen\(\s*\{|` + hapiServer + `)[^}]*\b(host)\s*[,}]`)
	hapiHostExpr    = regexp.MustCompile(hapiServer + `[^}]*\bhost\s*:\s*(` + hostEnv + `|[A-Za-z_$][\w$]*)`)
	readsHostEnv    = regexp.MustCompile(`^` + hostEnv)
)

// listenReadsHost reports a listen in src whose host is process.env.HOST, directly
// (`listen({ port, host: process.env.HOST ?? 'localhost' })`, `listen(PORT, process.env.HOST)`)
// or through a variable the file assigns it to (`const host = process.env.HOST || '127.0.0.1'`).
// Such a server listens where HOST says, and on localhost or every interface without it (Fastify:
// localhost): HOST=0.0.0.0 in the image is what the code asks for, and changes nothing else it
// visibly does with it.
func listenReadsHost(src string) bool {
	for _, re := range []*regexp.Regexp{listenHostExpr, listenHostShort, hapiHostExpr} {
		for _, m := range lang.CodeMatches(re, src) {
			expr := src[m[2]:m[3]]
			if readsHostEnv.MatchString(expr) ||
				regexp.MustCompile(`\b(?:const|let|var)\s+`+regexp.QuoteMeta(expr)+`\s*=\s*`+hostEnv).MatchString(src) {
				return true
			}
		}
	}
	return false
}

// A server may run pnpm itself: etherpad-lite's plugin manager runs `pnpm --version` and `pnpm
// ls` at start (`runCmd(['pnpm', '--version'])` in a module its server.ts imports). The runtime
// image has node and npm, and corepack without its pnpm shim, so the call fails with ENOENT.
// In a project installed with pnpm, planning reads the entry's source and the modules it imports
// by a relative path (one level, as files.go does) for such a call, and PackageManagerAtRunTime
// names its file and line.

// pnpmRun is a command running pnpm: the program of spawn, execFile or execa, the start of
// exec's command line, or an array (an argv) of pnpm then a flag or one of its commands, which
// a list of package managers (`['pnpm', 'yarn', 'npm']`) is not.
var pnpmRun = regexp.MustCompile(`\b(?:spawn|spawnSync|execFile|execFileSync|execa|execaSync)\(\s*['"]pnpm['"]\s*[,\)]` +
	"|\\b(?:exec|execSync)\\(\\s*['\"`]pnpm[\\s'\"`]" +
	`|\[\s*['"]pnpm['"]\s*,\s*['"](?:-|(?:install|i|add|remove|rm|ls|list|run|exec|update|up|view|info|outdated|why|dlx|link|unlink)['"])`)

// usesPnpm reports a project installed with pnpm (its lockfile, or the root's packageManager),
// the only ones read for pnpmRun: reading the entry's imports takes another round trip to the
// context, which the others are spared.
func usesPnpm(p pkg) bool {
	root, _ := rootManifest(p.f)
	return p.f.Has("pnpm-lock.yaml") || strings.HasPrefix(root.PackageManager, "pnpm@") || strings.HasPrefix(p.m.PackageManager, "pnpm@")
}

// pnpmRunImports are the entry's source and, for each module it imports by a relative path,
// the files that may be it, in a project installed with pnpm; "" for others.
func pnpmRunImports(p pkg, e entry) (string, [][]string) {
	if !usesPnpm(p) {
		return "", nil
	}
	return entryImports(p, e)
}

// entryImports are the entry's source ("" when not in the context) and, for each module it
// imports by a relative path, the files that may be it.
func entryImports(p pkg, e entry) (string, [][]string) {
	file, _ := entrySource(p, e)
	if file == "" || !p.has(file) {
		return "", nil
	}
	return file, importedFiles(file, p.text(file), []string{".ts", ".js", ".mts", ".mjs", ".cjs", "/index.ts", "/index.js"})
}

// importedReads are the candidates of every import, to read.
func importedReads(p pkg, imports [][]string) []string {
	var out []string
	for _, cands := range imports {
		for _, c := range cands {
			out = append(out, p.path(c))
		}
	}
	return out
}

// withImported are file and, of each import, the first candidate the context holds.
func withImported(p pkg, file string, imports [][]string) []string {
	files := []string{file}
	for _, cands := range imports {
		if i := slices.IndexFunc(cands, p.has); i >= 0 {
			files = append(files, cands[i])
		}
	}
	return files
}

// pnpmRunReads are the modules the entry's source imports by a relative path, read for pnpmRun.
func pnpmRunReads(p pkg, e entry) []string {
	_, imports := pnpmRunImports(p, e)
	return importedReads(p, imports)
}

// pnpmRunNotes warn of the first call that runs pnpm in the entry's source or its imports.
func pnpmRunNotes(s *spec.Spec, p pkg, e entry, runtime string) []plan.Note {
	file, imports := pnpmRunImports(p, e)
	if file == "" {
		return nil
	}
	for _, name := range withImported(p, file, imports) {
		src := p.text(name)
		for line := range lang.CodeMatches(pnpmRun, src) {
			where := p.path(name) + ":" + strconv.Itoa(line)
			return append([]plan.Note(nil), rules.PackageManagerAtRunTime.Note(lang.FirstField(s, "runtime", "language"),
				rules.PackageManagerAtRunTime.Format(where, runtime)))
		}
	}
	return nil
}
