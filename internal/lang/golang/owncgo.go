package golang

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A project may hold C code of its own, not only through a module of cgoModules: imgproxy's
// vips package is Go files importing "C" (`#cgo pkg-config: vips`) beside its own .c files,
// which the root package the program imports uses. Built with CGO_ENABLED=0, go build leaves
// those files out and fails ("undefined: ..."), or, for a package of cgo files alone, "build
// constraints exclude all Go files". So when no module decides, planning reads the packages of
// the program the image runs (ownCgoFiles' walk: two imports deep as the others, within wider
// bounds, for imgproxy's root package imports twenty of its own before vips) and turns cgo on
// for the first of the main
// module's packages whose non-test Go files import "C" for Linux, unless the package has a file
// for a build without cgo (a `//go:build !cgo` sibling: the project offers both) or is reached
// only through files that import it under cgo. The libraries its cgo directives name that
// planning knows (cgoLibraries' Links) are installed as a cgo module's are (cgolib.go).

// The bounds of ownCgoFiles' walk: more packages than walkPackages' (maxWalkPackages), as
// many files per package.
const (
	maxCgoWalkPackages = 64
	maxCgoWalkGoFiles  = maxCgoWalkPackages * maxWalkGoFiles / maxWalkPackages
)

// ownCgoFiles are the non-test Go files of the packages ownCgo reads, and the patterns of those
// not read yet.
func ownCgoFiles(ws *workspace, run binary, f lang.Facts) (files, wanted []string) {
	pkgs, wanted := walkPackagesWithin(ws, mainDirs([]binary{run}), f, maxWalkDepth, maxCgoWalkPackages, maxCgoWalkGoFiles,
		func(walkedPackage) bool { return true })
	for _, p := range pkgs {
		files = append(files, goFiles(f, p.Dir)...)
	}
	return files, wanted
}

// ownCgoFollow asks for the files ownCgoFiles reads, when the spec does not decide cgo.
func ownCgoFollow(s *spec.Spec, ws *workspace, run binary, f lang.Facts) []string {
	if _, set := s.Build.Env.Get("CGO_ENABLED"); set || s.Cgo != nil {
		return nil
	}
	_, wanted := ownCgoFiles(ws, run, f)
	return wanted
}

// ownCgo is the first package of the main module that the program run reaches and that builds
// only with cgo, the file importing "C" there, and the libraries of cgoLibraries that the
// directives of every such package name; "" when none.
func ownCgo(ws *workspace, run binary, f lang.Facts, tags []string) (pkg, file string, libs []cgoLibrary) {
	files, _ := ownCgoFiles(ws, run, f)
	var dirs []string
	for _, file := range files {
		if d := path.Dir(file); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	main := path.Clean(strings.TrimPrefix(run.Pkg, "./"))
	for _, dir := range dirs {
		cFile := ""
		alternative := false
		for _, name := range goFiles(f, dir) {
			if slices.Contains(fileImports(f, []string{name}), "C") {
				if cFile == "" && matchesLinux(f, name, tags, true) {
					cFile = name
				}
			} else if matchesLinux(f, name, tags, false) && !matchesLinux(f, name, tags, true) {
				alternative = true // a file only a build without cgo takes: `//go:build !cgo`
			}
		}
		if cFile == "" || alternative || dir != main && !importedWithoutCgo(ws, dir, files, f, tags) {
			continue
		}
		if pkg == "" {
			pkg, file = dotSlash(dir), cFile
		}
		libs = addLibraries(libs, directiveLibraries(f, goFiles(f, dir), dotSlash(dir))...)
	}
	return pkg, file, libs
}

// importedWithoutCgo reports a file of those read, built without cgo, that imports the
// package in dir: a package imported only from files under `//go:build cgo` is left out of a
// build without cgo.
func importedWithoutCgo(ws *workspace, dir string, files []string, f lang.Facts, tags []string) bool {
	mod := moduleOf(ws, dir)
	if mod == nil || mod.Path == "" {
		return false
	}
	imports := func(imp string) bool { d, ok := moduleDir(mod, imp); return ok && d == dir }
	for _, file := range files {
		if path.Dir(file) != dir && slices.ContainsFunc(fileImports(f, []string{file}), imports) && buildsWithoutCgo(f, file, tags) {
			return true
		}
	}
	return false
}

// directiveLibraries are the cgoLibraries that the cgo directives of files name (`#cgo
// pkg-config: vips`, `#cgo LDFLAGS: -llz4`), each with pkg as the one linking it.
func directiveLibraries(f lang.Facts, files []string, pkg string) []cgoLibrary {
	var out []cgoLibrary
	for _, file := range files {
		text := f.Text(file)
		if !strings.Contains(text, `import "C"`) {
			continue
		}
		for _, m := range cgoLinks.FindAllStringSubmatch(text, -1) {
			for _, w := range strings.Fields(m[2]) {
				name := w
				if m[1] == "LDFLAGS" {
					var ok bool
					if name, ok = strings.CutPrefix(w, "-l"); !ok {
						continue
					}
				} else if strings.HasPrefix(w, "-") {
					continue // a pkg-config option (--static)
				}
				i := slices.IndexFunc(cgoLibraries, func(l cgoLibrary) bool { return slices.Contains(l.Links, name) })
				if i < 0 {
					continue
				}
				l := cgoLibraries[i]
				l.Module = pkg
				out = addLibraries(out, l)
			}
		}
	}
	return out
}
