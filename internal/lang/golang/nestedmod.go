package golang

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A repository may publish a library as its root module and keep its program in a module of
// its own below it, which requires the library and replaces it by the directory above:
// cadvisor's root (doc.go, package cadvisor) beside cmd/go.mod (module .../cadvisor/cmd, `replace
// github.com/google/cadvisor => ../`), whose build script builds ./cmd from there. The root
// module does not hold cmd/'s packages, so `go build .` built the library (no executable), and
// `entrypoint: ./cmd` failed too ("main module does not contain package"). With no go.work, the
// module of such a program is built as a go.work using it would build it (workspace.Implied:
// the build writes the go.work, `go work init ./cmd`), the root module through its replace
// directive: when the spec names packages below a go.mod of their own, each one's deepest, and
// when it names none, cmd/go.mod whose directory holds a main package beside a root that is no
// program (its main.go is not package main).

// nestedModulePatterns ask for what nestedProgramModules reads: cmd/'s go.mod, go.sum and Go
// files, or the go.mod files above the packages the spec names.
func nestedModulePatterns(s *spec.Spec) []string {
	if namesNoMain(s) {
		return []string{"cmd/go.mod", "cmd/go.sum", "cmd/*.go"}
	}
	var out []string
	for _, dir := range namedModuleDirs(s, nil) {
		out = append(out, path.Join(dir, "go.mod"))
	}
	return out
}

// nestedProgramModules are the directories of the modules below the root module that hold the
// programs (see above), none when the programs are the root module's.
func nestedProgramModules(s *spec.Spec, f lang.Facts) []string {
	if namesNoMain(s) {
		if !f.Has("cmd/go.mod") || isMain(f, "main.go") || !slices.ContainsFunc(f.Glob("cmd/*.go"), func(file string) bool {
			return !strings.HasSuffix(file, "_test.go") && isMain(f, file) && matchesLinux(f, file, nil, true)
		}) {
			return nil
		}
		return []string{"cmd"}
	}
	pkgs := []string{s.Entrypoint}
	for _, b := range s.Binaries {
		pkgs = append(pkgs, b.Package)
	}
	var out []string
	root := false
	for _, p := range pkgs {
		rel, ok := lang.CleanRelPath(strings.TrimSpace(p))
		if !ok || !strings.HasPrefix(strings.TrimSpace(p), "./") {
			continue
		}
		dir := strings.TrimPrefix(rel, "./")
		for ; dir != "." && dir != "/" && dir != "" && !f.Has(path.Join(dir, "go.mod")); dir = path.Dir(dir) {
		}
		if dir == "." || dir == "/" || dir == "" {
			root = true
			continue
		}
		out = lang.AppendNew(out, dir)
	}
	if len(out) > 0 && root {
		out = append([]string{"."}, out...) // the root module's programs beside a nested one's
	}
	return out
}
