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
// src/), those of their config/, storage/, db/ and data/ subdirectories, and a top-level
// server, app, index or main file. Not tests (`*.test.*`, `*.spec.*`). In them, outside //
// comments, a call of mkdirSync, mkdir, mkdirp, ensureDir (fs-extra) and the like whose first
// argument names a path relative to the working directory:
//   - a relative string literal (`mkdirSync('data')`), or a join, resolve or template of
//     `process.cwd()` and literals;
//   - or a name (`CONF_DIR`, `this.dataDir`) assigned in the same file such an expression,
//     alone or as the fallback of `||`, `??` or a ternary (`process.env.X || './data'`).
//
// `__dirname` is left out: it is the compiled file's directory, which a bundler moves (Next.js's
// .next/server). So are absolute paths, `..`, hidden directories, node_modules, and the
// directories builds write (dist, build, out, public, ...): a script's mkdir of its output is a
// build step, not the server's start.

// startDirCalls are the functions that make a directory, their first argument the path.
var startDirCall = regexp.MustCompile(`(?:^|[^\w$])(mkdirSync|mkdir|mkdirp|mkdirpSync|mkdirsSync|ensureDir|ensureDirSync)\s*\(\s*`)

// startDirName is a name, possibly a member (`this.dataDir`, `config.dir`), as a call's argument.
var startDirName = regexp.MustCompile(`^(?:[\w$]+\.)*([\w$]+)\s*[,)]`)

var (
	startDirModules = []string{"lib", "utils", "server"}
	startDirSubdirs = []string{"config", "storage", "db", "data"}
	startDirTops    = []string{"server", "app", "index", "main"}
	startDirExts    = []string{"js", "mjs", "cjs", "ts", "mts"}
	// startDirSkips are directories a build writes, or that are not data
	startDirSkips = []string{"node_modules", "dist", "build", "out", "public", "coverage", "src", "lib"}
)

// startDirReads are the path.Match patterns of the files read in the package's directory dir.
func startDirReads(dir string) []string {
	var out []string
	for _, ext := range startDirExts {
		for _, base := range []string{"", "src/"} {
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

// startDirs are the directories the package in dir makes at start, relative to it, each once
// with the file (relative to dir) and line that makes it, in the files' order.
func startDirs(f lang.Facts, dir string) []lang.Volume {
	pkgFacts := f.In(dir)
	var files []string
	for _, pattern := range startDirReads(".") {
		for _, name := range pkgFacts.Glob(pattern) {
			base := path.Base(name)
			if !strings.Contains(base, ".test.") && !strings.Contains(base, ".spec.") && !strings.HasSuffix(base, ".d.ts") {
				files = append(files, name)
			}
		}
	}
	slices.Sort(files)
	var out []lang.Volume
	for _, name := range slices.Compact(files) {
		for _, d := range madeDirs(pkgFacts.Text(name)) {
			if !slices.ContainsFunc(out, func(v lang.Volume) bool { return v.Dir == d }) {
				out = append(out, lang.Volume{Dir: d, From: name})
			}
		}
	}
	return out
}

// madeDirs are the directories below the working directory that src's mkdir calls make.
func madeDirs(src string) []string {
	var out []string
	for _, m := range startDirCall.FindAllStringSubmatchIndex(src, -1) {
		if _, commented := lang.CodeLine(src, m[2]); commented {
			continue
		}
		arg := src[m[1]:]
		p, ok := cwdPath(arg)
		if !ok {
			if n := startDirName.FindStringSubmatch(arg); n != nil {
				p, ok = assignedPath(src, n[1])
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

// cwdPath is the path, relative to the working directory, that the expression at the start of
// text names: a relative literal, or process.cwd() joined with literals (pathExpr without
// __dirname).
func cwdPath(text string) (string, bool) {
	t := strings.TrimLeft(text, " \t\r\n")
	if strings.Contains(t[:min(len(t), 40)], "__dirname") && !pathLit.MatchString(t) {
		return "", false
	}
	return pathExpr(t, "")
}

// assignedPath is the path assigned to name in src (`const CONF_DIR = ...`, `this.dataDir =
// ...`, `dataDir: ...`): the first assignment whose value, or a fallback in it after `||`, `??`
// or a ternary's `:`, is a path cwdPath reads. The value ends at a `;`, or at a line break
// whose next line does not continue it (with `?`, `:`, `||`, `??`).
func assignedPath(src, name string) (string, bool) {
	at := regexp.MustCompile(`(?:^|[^\w$.])(?:[\w$]+\.)*` + regexp.QuoteMeta(name) + `\s*(?:=[^=>]|:[^:])`)
	for _, m := range at.FindAllStringIndex(src, -1) {
		if _, commented := lang.CodeLine(src, m[0]); commented {
			continue
		}
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
			if p, ok := cwdPath(c); ok {
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
