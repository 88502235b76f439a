package python

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A package's __main__.py may import from its own package a name the package does not have:
// sqlite-web's `from sqlite_web import main`, whose sqlite_web/__init__.py is empty (main is in
// sqlite_web/sqlite_web.py). `python -m sqlite_web` then fails at start with an ImportError,
// so the image planning would run by default dies, and the build says nothing. Read as text:
// the __main__.py's top-level `from PKG import a, b` (or `from . import a`) naming the package
// itself; a name is missing when the package's __init__.py, read, names it nowhere (nor
// imports `*`) and the package has no module or subpackage of that name.

// ownPackageImport is a top-level import from a package: group 1 the module (`.` for the
// package itself, relative), 2 the names, on one line or in parentheses.
var ownPackageImport = regexp.MustCompile(`(?m)^from\s+(\.|[A-Za-z_][\w.]*)\s+import\s+(\([^)]*\)|[^\n#]+)`)

// mainOwnImports are the names a package's __main__.py imports from the package itself, and
// the line of each import.
func mainOwnImports(f lang.Facts, pkg string) (names []string, lines []int) {
	text := f.Text(pkg + "/__main__.py")
	for _, m := range ownPackageImport.FindAllStringSubmatchIndex(text, -1) {
		if from := text[m[2]:m[3]]; from != "." && from != pkg {
			continue
		}
		line, _ := lang.CodeLine(text, m[0])
		for _, n := range strings.Split(strings.Trim(text[m[4]:m[5]], "() \t\n"), ",") {
			n, _, _ = strings.Cut(strings.TrimSpace(n), " ") // `main as run`
			if moduleName.MatchString(n) && !strings.Contains(n, ".") {
				names, lines = append(names, n), append(lines, line)
			}
		}
	}
	return names, lines
}

// mainImportReads are the files that tell whether each name a package's __main__.py imports
// from its own package is there: its __init__.py, a module of the name, a subpackage (a probe).
func mainImportReads(f lang.Facts) []string {
	var out []string
	for _, pkg := range mainPackages(f) {
		names, _ := mainOwnImports(f, pkg)
		if len(names) > 0 {
			out = append(out, pkg+"/__init__.py")
		}
		for _, n := range names {
			out = append(out, lang.Probe(pkg+"/"+n+".py"), lang.Probe(pkg+"/"+n))
		}
	}
	return out
}

// mainImportMissing is the first name a package's __main__.py imports from the package itself
// that the package does not have (see above), and the line of its import; ok false for none,
// or when the package's __init__.py was not read.
func mainImportMissing(f lang.Facts, pkg string) (name string, line int, ok bool) {
	if !f.Has(pkg + "/__init__.py") {
		return "", 0, false
	}
	init := stripStrings(f.Text(pkg + "/__init__.py"))
	if strings.Contains(init, "import *") {
		return "", 0, false
	}
	names, lines := mainOwnImports(f, pkg)
	for i, n := range names {
		if regexp.MustCompile(`\b`+n+`\b`).MatchString(init) || f.Has(pkg+"/"+n+".py") || f.HasDir(pkg+"/"+n) {
			continue
		}
		return n, lines[i], true
	}
	return "", 0, false
}
