package golang

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// Since Go 1.24 a go.mod's `tool` directives name programs the developers run (`go tool
// migrate`), and go.mod requires what those tools import, `// indirect`, beside what the
// program does. go-clean-template's tool block lists golang-migrate's CLI, whose SQLite driver
// puts github.com/mattn/go-sqlite3 in go.mod, though the program imports no SQLite: cgo was on,
// with a glibc runtime, where the project builds with CGO_ENABLED=0. When a cgo module with
// an import hint (SQLite's) is only an indirect requirement of a module that has tools, and
// no package of the program that planning reads (the walk of walkPackages) imports a package
// whose path holds the hint (gorm.io/driver/sqlite, a migrate driver database/sqlite3 would),
// cgo is off. A dependency that imports the module under another name is not seen by planning,
// so the builder lists every package the programs import before go build and fails the build
// when one is the module's (cgoGuard), naming `cgo: true`: never an image that fails at start.

// toolModules are the tool directives of the main modules.
func (ws *workspace) toolModules() []string {
	var out []string
	for _, m := range ws.Main {
		out = append(out, m.Tools...)
	}
	return out
}

// toolOnlyCandidate reports whether the cgo module m may be needed by the tools alone: it has
// an import hint, the main modules require it only indirectly and have tools, a local module
// (a replace target) that requires it directly is a tool's module (fixtures/seed for `tool
// example.com/seed/cmd/seed`), and the build is the default one, whose builder checks the
// guess.
func toolOnlyCandidate(s *spec.Spec, ws *workspace, f lang.Facts, m cgoModule) bool {
	tools := ws.toolModules()
	if m.Hint == "" || len(tools) == 0 || s.Build.Command != nil || f.Has("vendor/modules.txt") {
		return false
	}
	direct := func(mod module) bool {
		return slices.ContainsFunc(mod.Requires, func(r string) bool { return isModule(r, m.Path) && !slices.Contains(mod.Indirect, r) })
	}
	if slices.ContainsFunc(ws.Main, direct) {
		return false
	}
	return !slices.ContainsFunc(ws.Local, func(mod module) bool {
		return direct(mod) && !slices.ContainsFunc(tools, func(t string) bool { return importsModule(t, mod.Path) })
	})
}

// toolOnlyFollow asks for the packages toolOnly reads, when a cgo module may be the tools'.
func toolOnlyFollow(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts) []string {
	if s.Cgo != nil || !slices.ContainsFunc(cgoModules, func(m cgoModule) bool { return ws.requires(m.Path) && toolOnlyCandidate(s, ws, f, m) }) {
		return nil
	}
	if _, set := s.Build.Env.Get("CGO_ENABLED"); set {
		return nil
	}
	_, wanted := walkPackages(ws, mainDirs(bins), f, func(walkedPackage) bool { return true })
	return wanted
}

// toolOnly says why the cgo module m, which toolOnlyCandidate allows, does not need cgo: no
// file of the packages read imports a package whose path holds its hint; "" when one does, or
// when a main package was not read.
func toolOnly(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts, m cgoModule) string {
	if !toolOnlyCandidate(s, ws, f, m) {
		return ""
	}
	pkgs, _ := walkPackages(ws, mainDirs(bins), f, func(walkedPackage) bool { return true })
	for _, p := range pkgs {
		if p.Depth == 0 && !p.Read {
			return ""
		}
		if slices.ContainsFunc(p.Imports, func(imp string) bool {
			return strings.Contains(strings.ToLower(imp), m.Hint) || slices.ContainsFunc(ws.Local, func(l module) bool { return importsModule(imp, l.Path) })
		}) {
			return "" // a SQLite package, or one of a local module (which may be the tool's, requiring it)
		}
	}
	tools := ws.toolModules()
	if len(tools) > 3 {
		tools = append(tools[:3:3], "...")
	}
	return m.Path + " is only an indirect requirement, which go.mod's tool directives may explain (" +
		strings.Join(tools, ", ") + "), and no package of the program read imports " + m.Hint +
		" (the build checks that none does)"
}

// cgoGuard is the builder's step before go build when toolOnly turned cgo off for a module:
// it lists the packages the programs import and fails the build when one is the module's,
// naming `cgo: true`; nil otherwise.
func (b *builds) cgoGuard() *lang.Cmd {
	mod := b.cgo.ToolOnly
	if mod == "" || b.cgo.On {
		return nil
	}
	var pkgs []string
	for _, bin := range b.bins {
		pkgs = lang.AppendNew(pkgs, bin.Pkg)
	}
	msg := "multistage-frontend: the program imports " + mod + " (through a dependency), which needs cgo; " +
		"cgo was off because only the tools of go.mod seemed to require it: set cgo: true in the build file"
	c := b.goCmd(append([]string{"/bin/sh", "-c", `if go list -e -deps -f '{{.ImportPath}}' "$@" | grep -Eq '^` + regexp.QuoteMeta(mod) + `(/|$)'; then
  echo '` + msg + `' >&2
  exit 1
fi`, "sh"}, pkgs...))
	c.Field = lang.FirstField(b.s, "entrypoint", "binaries", "language")
	c.Display = "go list -deps " + strings.Join(pkgs, " ") + ": none is of " + mod + ", which needs cgo (cgo is off)"
	return c
}
