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
// envRequireDepth files deep, with phppath.go's reader.

// envRequireDepth is how many requires deep the front controllers' files are read.
const envRequireDepth = 3

// dirName is a directory's constant or variable; dataName one named for data.
var (
	dirName  = regexp.MustCompile(`(?i)(?:dir|path|directory|folder)$`)
	dataName = regexp.MustCompile(`(?i)data`)
)

// envFiles are the front controllers and the PHP files below the project they require, to
// envRequireDepth deep, in the order read (those not yet read included, for Follow).
func envFiles(f lang.Facts) []string {
	files := dataIndexFiles(f)
	level := files
	for range envRequireDepth {
		var next []string
		for _, name := range level {
			for _, r := range requires(name, f.Text(name)) {
				if p := r.path; strings.HasPrefix(p, "../") || strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "node_modules/") ||
					slices.Contains(files, p) {
					continue
				}
				files, next = append(files, r.path), append(next, r.path)
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
		for _, d := range pathDefinitions(name, f.Text(name), paths) {
			p := d.path
			if !d.env || !dirName.MatchString(d.id) || p == "." || p == ".." || strings.HasPrefix(p, "../") ||
				p == "vendor" || p == "node_modules" ||
				slices.ContainsFunc(out, func(e envDir) bool { return e.dir == p || strings.HasPrefix(p, e.dir+"/") }) {
				continue
			}
			out = append(out, envDir{dir: p, name: strings.TrimPrefix(d.id, "$"), file: name})
		}
	}
	return out
}

// privateDirs are the directories answering 404 when the project's root is served: those whose
// .htaccess denies every request, the data directories the environment may move, those an
// autoloaded class names from the root (autoloaddata.go) and those named for data whose
// contents the .dockerignore leaves out (ignoreddirs.go); none for a framework's application.
func privateDirs(f lang.Facts, a appKind, p project) []string {
	out := deniedDirs(f)
	if p.Name == matomoName {
		out = append(out, matomoDenied...)
	}
	if !a.Laravel && !a.Symfony {
		for _, d := range envDirs(f) {
			if dataName.MatchString(d.name) {
				out = append(out, d.dir)
			}
		}
		for _, v := range autoloadDataDirs(f) {
			out = append(out, v.Dir)
		}
		for _, v := range ignoredContentDirs(f, project{}) {
			if dataName.MatchString(path.Base(v.Dir)) {
				out = append(out, v.Dir)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
