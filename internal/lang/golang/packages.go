package golang

import (
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// Some of what planning looks for in the code is written outside the main package: a cobra
// program's serve command (serve.go), a server's templates parsed in its web package
// (files.go). walkPackages reads the packages of the main package's own module that it imports,
// level by level (a further round of reading the context each), never a dependency's: an
// import path is followed only when it is the module's path or below it, to a directory of the
// context. The walk is bounded, so that planning a large module stays a few reads of the context:
// at most maxWalkDepth imports below the main package, maxWalkPackages packages (the main ones
// included), and no package is added once the packages read hold maxWalkGoFiles Go files (test
// files included: the *.go pattern reads them). Packages are taken in the order the files
// import them, breadth first, so that the bound keeps the nearest.

const (
	// maxWalkDepth is how many imports below the main package the walk goes at most.
	maxWalkDepth = 2
	// maxWalkPackages is how many packages the walk visits at most, the main ones included.
	maxWalkPackages = 24
	// maxWalkGoFiles is how many Go files the packages read may hold before no package is added.
	maxWalkGoFiles = 240
)

// walkedPackage is a package the walk reached: its directory, how many imports below a main
// package, and the import paths of its non-test files (none when they are not read yet).
type walkedPackage struct {
	Dir     string
	Depth   int
	Read    bool
	Imports []string
}

// walkPackages walks from the main packages in mainDirs through the imports of their modules'
// packages, following the imports of a package only when descend says so (the main packages'
// are followed always). It returns the packages reached, in walk order, and the *.go patterns
// of those not read yet below the main ones: what Follow asks for.
func walkPackages(ws *workspace, mainDirs []string, f lang.Facts, descend func(p walkedPackage) bool) (pkgs []walkedPackage, wanted []string) {
	return walkPackagesTo(ws, mainDirs, f, maxWalkDepth, descend)
}

// walkPackagesTo is walkPackages going at most maxDepth imports below the main packages, within
// the same bounds on packages and files.
func walkPackagesTo(ws *workspace, mainDirs []string, f lang.Facts, maxDepth int, descend func(p walkedPackage) bool) (pkgs []walkedPackage, wanted []string) {
	return walkPackagesWithin(ws, mainDirs, f, maxDepth, maxWalkPackages, maxWalkGoFiles, descend)
}

// walkPackagesWithin is walkPackagesTo within bounds of maxPackages packages and maxGoFiles Go
// files of its own.
func walkPackagesWithin(ws *workspace, mainDirs []string, f lang.Facts, maxDepth, maxPackages, maxGoFiles int, descend func(p walkedPackage) bool) (pkgs []walkedPackage, wanted []string) {
	seen := map[string]bool{}
	type root struct {
		dir string
		mod *module
	}
	var level []root
	for _, dir := range mainDirs {
		if mod := moduleOf(ws, dir); mod != nil && mod.Path != "" && !seen[dir] {
			seen[dir] = true
			level = append(level, root{dir, mod})
		}
	}
	goFilesRead := 0
	for depth := 0; depth <= maxDepth && len(level) > 0; depth++ {
		var next []root
		for _, r := range level {
			p := walkedPackage{Dir: r.dir, Depth: depth}
			files := goFiles(f, r.dir)
			if len(files) == 0 {
				if depth > 0 { // a main package's files are listenFollow's to ask for
					wanted = append(wanted, path.Join(r.dir, "*.go"))
				}
				pkgs = append(pkgs, p)
				continue
			}
			if depth > 0 && len(files) == 1 && path.Base(files[0]) == "main.go" {
				// main.go alone may be what the search for programs probed (answer's cmd/main.go
				// of package cmd, beside its command.go): the package's other files are asked for
				// (again: Gather asks for a pattern once)
				wanted = append(wanted, path.Join(r.dir, "*.go"))
			}
			p.Read, p.Imports = true, fileImports(f, files)
			pkgs = append(pkgs, p)
			goFilesRead += len(f.Glob(path.Join(r.dir, "*.go")))
			if depth == maxDepth || depth > 0 && !descend(p) {
				continue
			}
			for _, imp := range p.Imports {
				d, ok := moduleDir(r.mod, imp)
				if !ok || seen[d] || len(seen) >= maxPackages || goFilesRead >= maxGoFiles {
					continue
				}
				seen[d] = true
				next = append(next, root{d, r.mod})
			}
		}
		level = next
	}
	return pkgs, wanted
}

// moduleDir is the context directory of an import path of the module mod, false for another
// module's package (a dependency, or one of the module's paths outside the context).
func moduleDir(mod *module, imp string) (string, bool) {
	rel, ok := strings.CutPrefix(imp, mod.Path)
	if !ok || rel != "" && !strings.HasPrefix(rel, "/") {
		return "", false
	}
	d := path.Join(mod.Dir, strings.TrimPrefix(rel, "/"))
	if d == ".." || strings.HasPrefix(d, "../") || !pkgPath.MatchString(d) {
		return "", false // not a package directory of the context
	}
	return d, true
}

// moduleOf is the main module holding the package in dir.
func moduleOf(ws *workspace, dir string) *module {
	var best *module
	for i, m := range ws.Main {
		if (m.Dir == "." || dir == m.Dir || strings.HasPrefix(dir, m.Dir+"/")) && (best == nil || len(m.Dir) > len(best.Dir)) {
			best = &ws.Main[i]
		}
	}
	return best
}

// goFiles are the non-test Go files read of the package in dir, sorted.
func goFiles(f lang.Facts, dir string) []string {
	files := slices.DeleteFunc(f.Glob(path.Join(dir, "*.go")), func(n string) bool { return strings.HasSuffix(n, "_test.go") })
	slices.Sort(files)
	return files
}

// fileImports are the import paths of the files, each once; a file that does not parse adds none.
func fileImports(f lang.Facts, files []string) []string {
	var out []string
	for _, file := range files {
		parsed, err := parser.ParseFile(token.NewFileSet(), file, f[file], parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range parsed.Imports {
			if p, err := strconv.Unquote(imp.Path.Value); err == nil && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
