package php

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A plain PHP application keeps what it writes at run time (its users' databases, its settings,
// caches) in a directory of its own below its root, which its own images make the web server
// user's: FreshRSS's data/ (constants.php: `DATA_PATH`, FRESHRSS_PATH . '/data', "This
// directory must be writable"), grocy's data/ (committed with only a .gitignore ignoring
// everything in it and a .htaccess denying every request). Root-owned in the image, the
// application fails at its first write. Such a directory is the runtime user's, as a
// framework's are; two signs name it:
//   - a constant the root's PHP code defines as the root's directory plus a name, the constant
//     named for data (`DATA_PATH`, `DATA_DIR`, `GROCY_DATAPATH`), read in the root index.php,
//     the web root's, and the root's files they require (constants.php), with phppath.go's
//     reader, each file's paths on their own;
//   - a directory at the root whose .htaccess denies every request (but for the files a <Files>
//     section grants) and whose contents git ignores: kept in the repository only to exist, and
//     kept from the web. Its own .gitignore ignores everything in it (grocy's data/), or the
//     root .gitignore ignores the directory, its .htaccess alone committed (Shaarli's data/,
//     cache/, pagecache/ and tmp/, which its own image makes nginx's), or what the directories
//     below it hold (DokuWiki's data/: `/data/cache/*`, `/data/pages/*`, `/data/media/*`...).
//     When the root .gitignore ignores what it holds (`logs/*`), the directory may as well hold
//     committed settings the application only reads (Roundcube's config/, PrivateBin's cfg/,
//     each with a .htaccess denying every request), so only the names of what a program
//     writes are taken: Roundcube's logs/ and temp/ (its INSTALL: "make sure that the
//     following directories are writable by the webserver: /temp /logs"), each committed with
//     its .htaccess alone.

// privateDirReads are the files of the second sign, for Language().Reads.
var privateDirReads = []string{".gitignore", "*/.gitignore", "*/.htaccess"}

// scratchNames are the names of directories a program writes its logs, temporary files and
// caches into.
var scratchNames = []string{"cache", "log", "logs", "temp", "tmp"}

// indexFiles are the front controllers whose requires are followed, the redirect's added.
var indexFiles = []string{"index.php", "public/index.php", "web/index.php"}

// rootFile is a file at the root as a require names it: the requiring file's directory, its
// parents, a name.
var rootFile = regexp.MustCompile(`^(?:\.\./)*[A-Za-z0-9_.-]+\.php$`)

// dataFollow asks for the root's PHP files the index files require (FreshRSS's p/index.php
// requires ../constants.php).
func dataFollow(f lang.Facts) []string {
	var out []string
	for _, name := range dataIndexFiles(f) {
		out = append(out, requiredRootFile(name, f.Text(name))...)
	}
	return out
}

// dataIndexFiles are the index files read, the redirect's directory's included.
func dataIndexFiles(f lang.Facts) []string {
	names := slices.Clone(indexFiles)
	if dir := redirectDir(f); dir != "" {
		names = append(names, dir+"/index.php")
	}
	return slices.DeleteFunc(names, func(n string) bool { return !f.Has(n) })
}

// requiredRootFile are the files at the project's root that the file name requires.
func requiredRootFile(name, src string) []string {
	var out []string
	for _, r := range requires(name, src) {
		if rootFile.MatchString(r.written) && !strings.Contains(r.path, "/") && r.path != "index.php" && !slices.Contains(out, r.path) {
			out = append(out, r.path)
		}
	}
	return out
}

// dataConst is a data directory's constant.
var dataConst = regexp.MustCompile(`^\w*DATA_?(?:PATH|DIR)$`)

// dataDirs are the application's data directories, relative to the root, each with the file
// that says so; none for a framework's application, whose directories are its framework's.
func dataDirs(f lang.Facts, a appKind) []lang.Volume {
	if a.Laravel || a.Symfony {
		return nil
	}
	var out []lang.Volume
	add := func(dir, from string) {
		if dir != "vendor" && dir != "node_modules" && !lang.HasVolume(out, dir) {
			out = append(out, lang.Volume{Dir: dir, From: from})
		}
	}
	for _, name := range dataFiles(f) {
		for _, d := range pathDefinitions(name, f.Text(name), map[string]string{}) {
			if !d.env && !d.literal && dataConst.MatchString(d.id) && d.path != "." && d.path != ".." && !strings.Contains(d.path, "/") {
				add(d.path, "the application's data directory, "+name+"'s "+d.id)
			}
		}
	}
	for _, v := range autoloadDataDirs(f) {
		add(v.Dir, v.From)
	}
	root := f.Text(".gitignore")
	for _, name := range f.Glob("*/.htaccess") {
		dir := path.Dir(name)
		if denied, _, ok := htaccessDenial(f.Text(name)); !ok || !denied {
			continue
		}
		switch {
		case ignoresAll(f.Text(dir + "/.gitignore")):
			add(dir, "the application's data: its .gitignore ignores its files, its .htaccess denies every request")
		case gitignoresDir(root, dir):
			add(dir, "the application's data: the root .gitignore ignores it, its .htaccess denies every request")
		case gitignoresKeptBelow(root, dir):
			add(dir, "the application's data: the root .gitignore ignores what the directories in it hold, its .htaccess denies every request")
		case slices.Contains(scratchNames, dir) && slices.Contains(rootIgnoredContents(root), dir):
			add(dir, "the application's "+dir+": the root .gitignore ignores what it holds, its .htaccess denies every request")
		}
	}
	for _, d := range envDirs(f) {
		if !slices.ContainsFunc(out, func(v lang.Volume) bool { return d.dir == v.Dir || strings.HasPrefix(d.dir, v.Dir+"/") }) {
			add(d.dir, "the directory the application writes when the environment sets no "+d.name+", "+d.file+"'s "+d.name)
		}
	}
	return out
}

// dataFiles are the root files whose data constants are read: the root index.php and the
// root files the index files require.
func dataFiles(f lang.Facts) []string {
	var files []string
	for _, name := range dataIndexFiles(f) {
		if !strings.Contains(name, "/") {
			files = append(files, name)
		}
		files = append(files, requiredRootFile(name, f.Text(name))...)
	}
	return slices.Compact(files)
}

// An application may refuse to start without a settings file in its data directory that it
// ships only as a template at its root: grocy's app.php requires GROCY_DATAPATH . '/config.php'
// (its PrerequisiteChecker: "Have you copied config-dist.php to the data directory and renamed
// it to config.php?"), and its data/ is committed empty. Its defaults are the template's (grocy
// loads config-dist.php after it for what the copy lacks), and its own images copy it there. The
// builder does the same when the context has no such file, so the image starts; the settings
// stay the user's to change (a volume on the data directory, `files`, or the environment).

// dataFileRequire is a require of a PHP file in the directory a data constant names.
var dataFileRequire = regexp.MustCompile(`\b(?:require|require_once|include|include_once)\s*\(?\s*(\w*DATA\w*)\s*\.\s*['"]/([A-Za-z0-9_-]+)\.php['"]`)

// templateSuffixes make a template's name from the file's (config-dist.php for config.php).
var templateSuffixes = []string{"-dist", ".dist", "-sample", ".sample", "-example", ".example"}

// dataTemplate is a root template the builder copies into a data directory.
type dataTemplate struct{ template, file string }

// dataRequires are the data directories' files the root files require: the constant, the name.
func dataRequires(f lang.Facts) [][2]string {
	var out [][2]string
	for _, name := range dataFiles(f) {
		for _, m := range dataFileRequire.FindAllStringSubmatch(f.Text(name), -1) {
			out = append(out, [2]string{m[1], m[2]})
		}
	}
	return out
}

// templateFollow asks for the templates of the files the root files require from a data
// directory, and whether the context has those files.
func templateFollow(f lang.Facts) []string {
	var out []string
	for _, r := range dataRequires(f) {
		for _, sfx := range templateSuffixes {
			out = append(out, r[1]+sfx+".php")
		}
		for _, d := range dataDirs(f, appKind{}) {
			out = append(out, lang.Probe(d.Dir+"/"+r[1]+".php"))
		}
	}
	return out
}

// dataTemplates are the copies of root templates into the data directories dirs: for each file
// the root files require from a directory a data constant names (the constant's, or the only
// one), which the context lacks, the first template there is.
func dataTemplates(f lang.Facts, dirs []lang.Volume) []dataTemplate {
	var out []dataTemplate
	for _, r := range dataRequires(f) {
		var dir string
		for _, d := range dirs {
			if strings.HasSuffix(d.From, "'s "+r[0]) || len(dirs) == 1 {
				dir = d.Dir
			}
		}
		file := path.Join(dir, r[1]+".php")
		if dir == "" || f.Has(file) || slices.ContainsFunc(out, func(t dataTemplate) bool { return t.file == file }) {
			continue
		}
		for _, sfx := range templateSuffixes {
			if f.Has(r[1] + sfx + ".php") {
				out = append(out, dataTemplate{template: r[1] + sfx + ".php", file: file})
				break
			}
		}
	}
	return out
}

// gitignoreLines are a .gitignore's patterns that ignore (not its comments and negations),
// without a leading or trailing slash.
func gitignoreLines(src string) []string {
	var out []string
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "!") {
			continue
		}
		out = append(out, strings.Trim(line, "/"))
	}
	return out
}

// gitignoresDir reports a root .gitignore that ignores the directory dir of the root itself
// (`data`, `/data/`).
func gitignoresDir(root, dir string) bool {
	return slices.Contains(gitignoreLines(root), dir)
}

// gitignoresKeptBelow reports a root .gitignore that ignores what a directory below the
// directory dir of the root holds (`/data/cache/*`, `data/pages/**`): a directory kept for the
// application's writes. Files named in it (PrivateBin's `cfg/*`, the settings its users copy
// there) are not a sign: the application may only read them.
func gitignoresKeptBelow(root, dir string) bool {
	return slices.ContainsFunc(rootIgnoredContents(root), func(d string) bool {
		return strings.HasPrefix(d, dir+"/")
	})
}

// ignoresAll reports a .gitignore whose first pattern ignores everything in its directory.
func ignoresAll(src string) bool {
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return line == "*" || line == "/*"
	}
	return false
}

// denyAll is an Apache directive refusing every request (2.2's and 2.4's).
var denyAll = regexp.MustCompile(`(?im)^\s*(?:deny\s+from\s+all|require\s+all\s+denied)\s*$`)

// deniedDirs are the directories at the root whose .htaccess denies every request: the project
// keeps them from the web under Apache (kanboard's app/, its code, and data/, its SQLite
// database; its own image's nginx answers 404 for /data), which Caddy does not read, so when
// the root is served they answer 404 as composer's files do.
func deniedDirs(f lang.Facts) []string {
	var out []string
	for _, pat := range htaccessReads[1:] { // three levels down (Grav's user/config)
		for _, name := range f.Glob(pat) {
			if deniesAll(f.Text(name)) {
				out = append(out, path.Dir(name))
			}
		}
	}
	slices.Sort(out)
	return out
}

// deniesAll reports a .htaccess that refuses every request outside any section.
func deniesAll(src string) bool {
	return denyAll.MatchString(src) && !strings.Contains(src, "<Files")
}
