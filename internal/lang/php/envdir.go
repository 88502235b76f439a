package php

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A plain PHP application may let its environment move the directories it writes, with its
// own below the project as the fallback: kanboard's app/constants.php (required by
// app/common.php, which the root index.php requires) defines
// `DATA_DIR` as `getenv('DATA_DIR') ?: ROOT_DIR.DIRECTORY_SEPARATOR.'data'`, its SQLite
// database and uploads, and `PLUGINS_DIR` the same way, ROOT_DIR being the file's directory
// plus '..'; its own image makes both volumes. A directory constant or variable (named ...DIR,
// ...PATH, ...DIRECTORY, ...FOLDER) defined so, from getenv() or $_ENV or $_SERVER, with a path
// below the project as the fallback, is the runtime user's; one named for data answers 404 when
// the project's root is served (kanboard's own image's nginx answers 404 for /data). They are
// read in the front controllers and the PHP files they require below the project, to
// envRequireDepth files deep; a path is the file's directory (__DIR__, dirname(__FILE__),
// dirname(__DIR__)) or a constant or variable defined so before it, joined with literals and
// DIRECTORY_SEPARATOR.

// envRequireDepth is how many requires deep the front controllers' files are read.
const envRequireDepth = 3

// pathTerm is a term of a path expression.
const pathTerm = `(?:__DIR__|dirname\(\s*(?:__FILE__|__DIR__)\s*\)|realpath\(\s*__DIR__\s*\)|\$?\w+|'[^'\\]*'|"[^"\\$]*")`

// pathDef is a constant or variable defined as a path expression, behind an environment
// variable's fallback or not.
var pathDef = regexp.MustCompile(`(?:\bdefine\(\s*['"](\w+)['"]\s*,|\bconst\s+(\w+)\s*=|(\$\w+)\s*=)\s*` +
	`((?:getenv\(\s*['"]\w+['"]\s*\)\s*\?:|\$_(?:ENV|SERVER)\[\s*['"]\w+['"]\s*\]\s*\?\?)\s*)?` +
	`(` + pathTerm + `(?:\s*\.\s*` + pathTerm + `)*)\s*[;)]`)

// pathTerms splits a path expression into its terms.
var pathTerms = regexp.MustCompile(pathTerm)

// dirName is a directory's constant or variable; dataName one named for data.
var (
	dirName  = regexp.MustCompile(`(?i)(?:dir|path|directory|folder)$`)
	dataName = regexp.MustCompile(`(?i)data`)
)

// anyRequire is a require or include of a PHP file relative to the requiring file's directory.
var anyRequire = regexp.MustCompile(`\b(?:require|require_once|include|include_once)\s*\(?\s*(?:__DIR__|dirname\(\s*__FILE__\s*\))\s*\.\s*['"]/([A-Za-z0-9_./-]+\.php)['"]`)

// envFiles are the front controllers and the PHP files below the project they require, to
// envRequireDepth deep, in the order read (those not yet read included, for Follow).
func envFiles(f lang.Facts) []string {
	files := dataIndexFiles(f)
	level := files
	for range envRequireDepth {
		var next []string
		for _, name := range level {
			for _, m := range anyRequire.FindAllStringSubmatch(f.Text(name), -1) {
				p := path.Join(path.Dir(name), m[1])
				if strings.HasPrefix(p, "../") || strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "node_modules/") ||
					slices.Contains(files, p) {
					continue
				}
				files, next = append(files, p), append(next, p)
			}
		}
		level = next
	}
	return files
}

// envFollow asks for the files the front controllers' files require, to envRequireDepth deep.
func envFollow(f lang.Facts) []string {
	index := dataIndexFiles(f)
	return slices.DeleteFunc(envFiles(f), func(n string) bool { return slices.Contains(index, n) })
}

// envDir is a directory the environment may move: its path below the project, the constant or
// variable naming it and the file defining it.
type envDir struct{ dir, name, file string }

// envDirs are the directories below the project that directory constants or variables name
// behind an environment variable's fallback, each once, none below another.
func envDirs(f lang.Facts) []envDir {
	paths := map[string]string{}
	var out []envDir
	for _, name := range envFiles(f) {
		for _, m := range pathDef.FindAllStringSubmatch(f.Text(name), -1) {
			id := m[1] + m[2] + m[3]
			p, ok := evalPath(m[5], path.Dir(name), paths)
			if !ok {
				continue
			}
			paths[id] = p
			if m[4] == "" || !dirName.MatchString(id) || p == "." || p == ".." || strings.HasPrefix(p, "../") ||
				p == "vendor" || p == "node_modules" ||
				slices.ContainsFunc(out, func(d envDir) bool { return d.dir == p || strings.HasPrefix(p, d.dir+"/") }) {
				continue
			}
			out = append(out, envDir{dir: p, name: strings.TrimPrefix(id, "$"), file: name})
		}
	}
	return out
}

// evalPath is a path expression's path relative to the project, dir being the defining file's
// directory; not ok when it starts with no directory or names one not known.
func evalPath(expr, dir string, known map[string]string) (string, bool) {
	var b strings.Builder
	for i, t := range pathTerms.FindAllString(expr, -1) {
		switch {
		case t == "__DIR__" || strings.HasPrefix(t, "realpath(") || strings.HasPrefix(t, "dirname(") && strings.Contains(t, "__FILE__"):
			t = dir
		case strings.HasPrefix(t, "dirname("):
			t = path.Dir(dir)
		case t == "DIRECTORY_SEPARATOR":
			t = "/"
		case strings.HasPrefix(t, "'") || strings.HasPrefix(t, `"`):
			t = t[1 : len(t)-1]
		default:
			p, ok := known[t]
			if !ok {
				return "", false
			}
			t = p
		}
		if i == 0 && (strings.HasPrefix(t, "/") || t == "") {
			return "", false
		}
		b.WriteString(t)
	}
	return path.Clean(b.String()), true
}

// privateDirs are the directories answering 404 when the project's root is served: those whose
// .htaccess denies every request and the data directories the environment may move; none for
// a framework's application.
func privateDirs(f lang.Facts, a appKind) []string {
	out := deniedDirs(f)
	if !a.Laravel && !a.Symfony {
		for _, d := range envDirs(f) {
			if dataName.MatchString(d.name) {
				out = append(out, d.dir)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
