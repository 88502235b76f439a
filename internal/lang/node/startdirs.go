package node

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A server that makes a directory below its working directory when it starts (homepage's
// `mkdirSync(CONF_DIR, {recursive: true})`, CONF_DIR being `process.env.HOMEPAGE_CONFIG_DIR ?
// ... : join(process.cwd(), "config")`) dies there with EACCES in an image whose /app is
// root-owned, or only warns and fails later. Such a directory is made the runtime user's, as
// `writable` would make it (lang.Runtime.Made), and the runtime stage's description names the
// file that makes it.
//
// Read: the package's server modules by convention, a bounded set of files (startDirReads): the
// JavaScript and TypeScript files of lib/, utils/ and server/ (at the package's top or under
// src/), those of their subdirectories, one level (lib/storage/, haste-server's
// lib/document_stores/), and a top-level server, app, index or main file. Not tests (`*.test.*`, `*.spec.*`). In them, outside //
// comments, a call of mkdirSync, mkdir, mkdirp, ensureDir (fs-extra) and the like whose first
// argument names a path relative to the working directory, or a call of writeFileSync,
// writeFile, appendFile or createWriteStream whose first argument names a file below a directory
// of it (overseerr's `fs.writeFileSync(SETTINGS_PATH, ...)` into config/):
//   - a relative string literal (`mkdirSync('data')`), or a join, resolve or template of
//     `process.cwd()` and literals;
//   - a relative string literal ending in `/` that a name or template part completes, which
//     names a path in that directory (haste-server's `fs.writeFileSync('./static/' + dest, ...)`,
//     the minified scripts it writes at start; `` `data/${id}.json` ``);
//   - or a name (`CONF_DIR`, `this.dataDir`) assigned in the same file such an expression,
//     alone or as the fallback of `||`, `??` or a ternary (`process.env.X || './data'`).
//
// `__dirname` is the directory the module runs from (modulesRunFrom): its own when nothing is
// built; when tsc compiles the entry's source, the same place below the entry's directory as
// the module has below its source's (overseerr's server/lib/settings.ts runs as
// dist/lib/settings.js, so its `path.join(__dirname, '../../config/settings.json')` is
// config/settings.json). Otherwise, as for a bundler, which moves modules (Next.js's
// .next/server), a path from `__dirname` is left out. So are absolute paths, `..`, hidden
// directories, node_modules, and the directories builds write (dist, build, out, public, ...):
// a script's mkdir of its output is a build step, not the server's start.

// A directory the repository keeps empty with a `.gitkeep` (kutt's `db/`), which a string literal
// of those modules names (`DB_FILENAME: str({ default: "db/data" })`, the SQLite file knex opens
// there), is one the program writes too: git keeps no empty directory, so a project keeps one
// where its program puts what it makes. The literal is the directory alone or a path below it
// (`"db"`, `"./db/data"`), not a module a require or import names.

// startDirCalls are the functions that make a directory, their first argument the path.
var startDirCall = regexp.MustCompile(`(?:^|[^\w$])(mkdirSync|mkdir|mkdirp|mkdirpSync|mkdirsSync|ensureDir|ensureDirSync)\s*\(\s*`)

// startWriteCall are the functions that write a file, their first argument its path.
var startWriteCall = regexp.MustCompile(`(?:^|[^\w$])(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream)\s*\(\s*`)

// startDirName is a name, possibly a member (`this.dataDir`, `config.dir`), as a call's argument.
var startDirName = regexp.MustCompile(`^(?:[\w$]+\.)*([\w$]+)\s*[,)]`)

var (
	startDirModules = []string{"lib", "utils", "server"}
	startDirSubdirs = []string{"*"}
	startDirTops    = []string{"server", "app", "index", "main"}
	startDirExts    = []string{"js", "mjs", "cjs", "ts", "mts"}
	// startDirSkips are directories a build writes, or that are not data
	startDirSkips = []string{"node_modules", "dist", "build", "out", "public", "coverage", "src", "lib"}
)

// keptMarker is the file that keeps an empty directory in git, read at the package's top.
const keptMarker = "*/.gitkeep"

// startDirReads are the path.Match patterns of the files read in the package's directory dir:
// the server's modules, and the directories kept empty in git (keptMarker).
func startDirReads(dir string) []string {
	return slices.Concat(startDirModuleReads(dir), []string{path.Join(dir, keptMarker)}, namedDocsReads(dir)) // and the configuration files (nameddocs.go)
}

// startDirModuleReads are the patterns of the server's modules read in dir.
func startDirModuleReads(dir string) []string {
	var out []string
	for _, ext := range startDirExts {
		for _, base := range []string{"", "src/", "server/"} {
			for _, m := range startDirModules {
				out = append(out, path.Join(dir, base+m, "*."+ext))
				for _, sub := range startDirSubdirs {
					out = append(out, path.Join(dir, base+m, sub, "*."+ext))
				}
			}
			for _, t := range startDirTops {
				out = append(out, path.Join(dir, base+t+"."+ext))
			}
		}
	}
	return out
}

// runsFrom is the directory a module of the package (a path relative to it) runs from, which
// its __dirname names; false when not known.
type runsFrom func(file string) (string, bool)

// modulesRunFrom says where the modules of p run (see above): nil when not known.
func modulesRunFrom(p pkg, e entry) runsFrom {
	if !p.hasBuild {
		return func(file string) (string, bool) { return path.Dir(file), true }
	}
	src, mapped := entrySource(p, e)
	if !mapped {
		return nil
	}
	srcDir, outDir := path.Dir(src), path.Dir(e.File)
	return func(file string) (string, bool) {
		dir := path.Dir(file)
		if srcDir == "." {
			return path.Join(outDir, dir), true
		}
		if rel, ok := strings.CutPrefix(dir+"/", srcDir+"/"); ok {
			return path.Join(outDir, rel), true
		}
		return "", false
	}
}

// serverModules are the package's server modules that startDirReads read (pkgFacts is the
// package's), sorted, not tests.
func serverModules(pkgFacts lang.Facts) []string {
	var files []string
	for _, pattern := range startDirModuleReads(".") {
		for _, name := range pkgFacts.Glob(pattern) {
			base := path.Base(name)
			if !strings.Contains(base, ".test.") && !strings.Contains(base, ".spec.") && !strings.HasSuffix(base, ".d.ts") {
				files = append(files, name)
			}
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// modulesInPlace is modulesRunFrom, and for an entry the context holds as node runs it (a
// server at the top beside a build that writes only its front end: mongo-express's app.js and
// webpack), the modules' own directories.
func modulesInPlace(p pkg, e entry) runsFrom {
	if from := modulesRunFrom(p, e); from != nil {
		return from
	}
	if p.inContext(e.File) {
		return func(file string) (string, bool) { return path.Dir(file), true }
	}
	return nil
}

// startDirs are the directories the package in dir makes, or writes files into, at start,
// relative to it, each once with how and by which file (relative to dir) as From ("made at
// start by lib/store.js"), in the files' order; from says where its modules run (nil: not known).
func startDirs(f lang.Facts, dir string, from runsFrom) []lang.Volume {
	pkgFacts := f.In(dir)
	var kept []string // the directories kept empty in git, which startDir accepts
	for _, name := range pkgFacts.Glob(keptMarker) {
		if d, ok := startDir(path.Dir(name)); ok {
			kept = append(kept, d)
		}
	}
	var out []lang.Volume
	for _, name := range serverModules(pkgFacts) {
		here := "" // __dirname: not known
		if from != nil {
			if d, ok := from(name); ok && d != "" {
				here = d
			}
		}
		add := func(dirs []string, how string) {
			for _, d := range dirs {
				if !lang.HasVolume(out, d) {
					out = append(out, lang.Volume{Dir: d, From: how + name})
				}
			}
		}
		src := pkgFacts.Text(name)
		resolve := func(n string) (string, bool) {
			if p, ok := assignedPath(src, n, here); ok {
				return p, true
			}
			return importedPath(pkgFacts, name, src, n, from)
		}
		add(callDirs(src, here, startDirCall, false, resolve), "made at start by ")
		add(callDirs(src, here, startWriteCall, true, resolve), "written into at start by ")
		add(namedKeptDirs(src, kept), "kept empty in git, named in ")
	}
	return out
}

// keptLiteral is a quoted relative path: its first element, then the rest (after a `/`).
var keptLiteral = regexp.MustCompile("(?:^|[^\\w$])(require\\(\\s*|import\\(\\s*|from\\s+)?['\"`](?:\\./)?([\\w.-]+)(/[^'\"`\\s]*)?['\"`]")

// namedKeptDirs are the directories of kept that a string literal of src names, alone or as
// the first element of a path, outside comments and module names.
func namedKeptDirs(src string, kept []string) []string {
	if len(kept) == 0 {
		return nil
	}
	var out []string
	for _, m := range lang.CodeMatchesAt(keptLiteral, src, 2) {
		if m[2] >= 0 { // a module's name
			continue
		}
		if d := src[m[4]:m[5]]; slices.Contains(kept, d) && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// madeDirs are the directories below the working directory that src's mkdir calls make; here
// is the directory __dirname names ("": not known).
func madeDirs(src, here string) []string {
	return callDirs(src, here, startDirCall, false, func(n string) (string, bool) { return assignedPath(src, n, here) })
}

// writtenDirs are the directories below the working directory that src writes files into.
func writtenDirs(src, here string) []string {
	return callDirs(src, here, startWriteCall, true, func(n string) (string, bool) { return assignedPath(src, n, here) })
}

// tmplName is a template whose first part is a name's value, a path below it following:
// pingvin-share's `${DATA_DIRECTORY}/uploads/_temp`.
var tmplName = regexp.MustCompile("^\\s*`\\$\\{([A-Za-z_$][\\w$]*)\\}/")

// callDirs are the directories of the paths that calls' first arguments name: the paths
// themselves, or the directories of files. resolve is the path a name is assigned (in src, or
// in a module src imports it from). A template starting with a name's value names a path below
// the directory the name holds, which is the program's own base directory: that directory,
// whatever the call makes or writes below it (the SQLite file pingvin-share keeps in its data
// directory too).
func callDirs(src, here string, calls *regexp.Regexp, files bool, resolve func(string) (string, bool)) []string {
	var out []string
	for _, m := range lang.CodeMatchesAt(calls, src, 1) {
		arg := src[m[1]:]
		var p string
		var ok bool
		if d := dirPrefix.FindStringSubmatch(arg); d != nil {
			p, ok = d[1]+d[2]+d[3], true // a path in the directory the literal names: that directory
		} else {
			p, ok = cwdPath(arg, here)
			if !ok {
				if n := startDirName.FindStringSubmatch(arg); n != nil {
					p, ok = resolve(n[1])
				}
			}
			if ok && files {
				p = path.Dir(path.Clean(p))
			}
			if n := tmplName.FindStringSubmatch(arg); !ok && n != nil && n[1] != "__dirname" {
				p, ok = resolve(n[1]) // the directory the name holds, below which the path is
			}
		}
		if ok {
			if d, ok := startDir(p); ok && !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// dirPrefix is a relative literal naming a directory (ending in `/`) that a concatenation or a
// template's substitution completes: `'./static/' + name`, “ `data/${id}.json` “.
var dirPrefix = regexp.MustCompile(`^\s*(?:'([^'\n\\$]*/)'\s*\+|"([^"\n\\$]*/)"\s*\+|` + "`([^`\n\\$]*/)\\$\\{)")

// cwdPath is the path, relative to the working directory, that the expression at the start of
// text names: a relative literal, or process.cwd() joined with literals, or __dirname, which is
// here, when here is known (pathExpr).
func cwdPath(text, here string) (string, bool) {
	t := strings.TrimLeft(text, " \t\r\n")
	if here == "" && strings.Contains(t[:min(len(t), 40)], "__dirname") && !pathLit.MatchString(t) {
		return "", false
	}
	return pathExpr(t, here)
}

// namedImport is an import of names from a module of the package by a relative path: `import {
// DATA_DIRECTORY, SHARE_DIRECTORY as SHARES } from "./constants"`.
var namedImport = regexp.MustCompile(`\bimport\s*\{([^}]*)\}\s*from\s*['"](\.\.?/[^'"\n]+)['"]`)

// importedPath is the path assigned to name in the module of the package that file (whose text
// is src) imports it from by a relative path (namedImport), when planning read that module
// (an import of the entry's source, files.go): pingvin-share's main.ts makes
// `${DATA_DIRECTORY}/uploads/_temp`, and its constants.ts says `export const DATA_DIRECTORY =
// process.env.DATA_DIRECTORY || "./data"`. from says where that module runs, for __dirname.
func importedPath(f lang.Facts, file, src, name string, from runsFrom) (string, bool) {
	for _, m := range lang.CodeMatches(namedImport, src) {
		exported := ""
		for _, el := range strings.Split(src[m[2]:m[3]], ",") {
			w := strings.Fields(el)
			switch {
			case len(w) == 1 && w[0] == name:
				exported = name
			case len(w) == 3 && w[1] == "as" && w[2] == name:
				exported = w[0]
			}
		}
		if exported == "" {
			continue
		}
		spec := src[m[4]:m[5]]
		stem := path.Join(path.Dir(file), spec)
		if ext := path.Ext(spec); ext == ".js" || ext == ".ts" || ext == ".mjs" {
			stem = strings.TrimSuffix(stem, ext)
		}
		for _, c := range []string{stem + ".ts", stem + ".js", stem + ".mts", stem + ".mjs", stem + "/index.ts", stem + "/index.js"} {
			if !f.Has(c) || strings.HasPrefix(c, "../") {
				continue
			}
			here := ""
			if from != nil {
				if d, ok := from(c); ok {
					here = d
				}
			}
			return assignedPath(f.Text(c), exported, here)
		}
	}
	return "", false
}

// assignedPath is the path assigned to name in src (`const CONF_DIR = ...`, `this.dataDir =
// ...`, `dataDir: ...`): the first assignment whose value, or a fallback in it after `||`, `??`
// or a ternary's `:`, is a path cwdPath reads. The value ends at a `;`, or at a line break
// whose next line does not continue it (with `?`, `:`, `||`, `??`).
func assignedPath(src, name, here string) (string, bool) {
	at := regexp.MustCompile(`(?:^|[^\w$.])(?:[\w$]+\.)*` + regexp.QuoteMeta(name) + `\s*(?:=[^=>]|:[^:])`)
	for _, m := range lang.CodeMatches(at, src) {
		value := assignedValue(src[m[1]-1:])
		candidates := []string{value}
		for i := 0; i < len(value); i++ {
			for _, sep := range []string{"||", "??", ":"} {
				if strings.HasPrefix(value[i:], sep) {
					candidates = append(candidates, value[i+len(sep):])
				}
			}
		}
		for _, c := range candidates {
			if p, ok := cwdPath(c, here); ok {
				return p, true
			}
		}
	}
	return "", false
}

// assignedValue is the value at the start of text: to a `;`, or to a line break whose next line
// does not continue it; at most 300 bytes.
func assignedValue(text string) string {
	text = text[:min(len(text), 300)]
	if end := strings.IndexByte(text, ';'); end >= 0 {
		text = text[:end]
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		next := strings.TrimLeft(text[i+1:], " \t")
		if !strings.HasPrefix(next, "?") && !strings.HasPrefix(next, ":") && !strings.HasPrefix(next, "||") {
			return text[:i]
		}
	}
	return text
}

// startDir is p as a directory the runtime user must own: relative, inside the working
// directory, not hidden, not one a build writes.
func startDir(p string) (string, bool) {
	p = strings.TrimPrefix(path.Clean(p), "./")
	if p == "." || p == "" || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "-") ||
		strings.ContainsAny(p, "*?[{$\\") {
		return "", false
	}
	top, _, _ := strings.Cut(p, "/")
	if strings.HasPrefix(top, ".") || slices.Contains(startDirSkips, top) {
		return "", false
	}
	return p, true
}

// A server that writes a file directly in its working directory (`fs.writeFileSync('buffer.txt',
// ...)`, `Bun.write('./state.json', ...)`, `Bun.file(path).writer()`, `path.join(process.cwd(),
// 'cache.json')`) fails there
// as the runtime user with EACCES, /app being root's. The working directory is then shared
// (lang.Runtime.SharedWorkdir): root's with the user's group, mode 1775, so the program adds
// its files while those of the application stay root's. Read in the same modules and with the
// same paths as startDirs' writes; package.json, and a name planning read in the context, are
// not new (the program would rewrite a root-owned file, which sharing does not allow): left out.

// workdirWriteCall is startWriteCall and Bun's own writers: Bun.write(path, data), and
// Bun.file(path) when a `.writer(` follows its call (a FileSink: substreams-sink-clickhouse's
// `Bun.file(path).writer({ highWaterMark })`); and Deno's: Deno.writeFile (matched as
// writeFile), Deno.writeTextFile, Deno.create (and their Sync forms), and Deno.openKv(path), whose database (with its
// -wal and -shm files) is made there.
var workdirWriteCall = regexp.MustCompile(`(?:^|[^\w$])(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|Bun\.write|Bun\.file|Deno\.writeTextFileSync|Deno\.writeTextFile|Deno\.createSync|Deno\.create|Deno\.openKv)\s*\(\s*`)

// fileWriter is the rest of a Bun.file call whose file is written: `path).writer(`.
var fileWriter = regexp.MustCompile(`^[^()\n]*\)\s*\.writer\(`)

// WorkdirWrites are the files src writes directly in the working directory, by their names,
// each once, in the order written; here is the directory __dirname names ("": not known).
func WorkdirWrites(src, here string) []string {
	var out []string
	for _, m := range lang.CodeMatchesAt(workdirWriteCall, src, 1) {
		arg := src[m[1]:]
		if src[m[2]:m[3]] == "Bun.file" && !fileWriter.MatchString(arg) {
			continue // read, or written by a Bun.write
		}
		p, ok := cwdPath(arg, here)
		if !ok {
			if n := startDirName.FindStringSubmatch(arg); n != nil {
				p, ok = assignedPath(src, n[1], here)
			}
		}
		if !ok {
			continue
		}
		p = strings.TrimPrefix(path.Clean(p), "./")
		if p == "." || strings.Contains(p, "/") || strings.HasPrefix(p, "-") || strings.ContainsAny(p, "*?[{$\\") || p == "package.json" {
			continue
		}
		out = lang.AppendNew(out, p)
	}
	return out
}

// sharedWorkdir says which file a server module of the package in dir writes directly in its
// working directory, and where ("buffer.txt, written at start by lib/buffer.js"), for
// lang.Runtime.SharedWorkdir; "" for none. from is as startDirs'.
func sharedWorkdir(f lang.Facts, dir string, from runsFrom) string {
	pkgFacts := f.In(dir)
	for _, name := range serverModules(pkgFacts) {
		here := ""
		if from != nil {
			if d, ok := from(name); ok && d != "" {
				here = d
			}
		}
		if why := NewWorkdirFile(pkgFacts, name, here); why != "" {
			return why
		}
	}
	return ""
}

// NewWorkdirFile is the first file the module name (of facts f) writes directly in the working
// directory that the context does not hold, with the module ("buffer.txt, written at start by
// src/buffer.ts"); "" for none.
func NewWorkdirFile(f lang.Facts, name, here string) string {
	for _, w := range WorkdirWrites(f.Text(name), here) {
		if !f.Has(w) {
			return w + ", written at start by " + name
		}
	}
	return ""
}
