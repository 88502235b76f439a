package golang

import (
	"bytes"
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A program may embed files that `go generate` makes and the repository does not commit:
// Gokapi's cmd/gokapi/Main.go has `//go:generate go run ../../build/go-generate/buildWasm.go`,
// which writes internal/webserver/web/main.wasm, and internal/webserver embeds it with
// `//go:embed web/main.wasm`. `go build` alone fails on the missing file; the project's own
// Dockerfile runs `go generate ./...` first.
//
// When a main package the image ships has a //go:generate directive, planning walks the
// packages of its module it imports (walkPackages, from those main packages only) and asks whether each file or directory
// their embeds name is in the context (the pattern's part before any wildcard). When one is
// not, and no UI build of the frontend makes it (assets, ui.go), the builder runs `go
// generate` on the packages walked that hold directives, before the go builds, on the build
// platform (the generators are programs that run there, `go run` builds them for it). Code
// that the directives make and the repository commits (mocks, stringer) is never made again:
// nothing runs unless an embed would fail without it.

// generateLine is a //go:generate directive at the start of a line, as the go command reads it.
var generateLine = regexp.MustCompile(`(?m)^//go:generate\s`)

// hasGenerate reports whether a Go file has a //go:generate directive.
func hasGenerate(src []byte) bool {
	return bytes.Contains(src, []byte("//go:generate")) && generateLine.Match(src)
}

// generating are the directories of the main packages whose files have directives: the walk
// starts from them only (the embeds their generators make are their imports'), so that a module
// without any (most) costs no round of reading, and the walk's bounds are spent on them.
func generating(f lang.Facts, bins []binary) []string {
	return slices.DeleteFunc(mainDirs(bins), func(dir string) bool {
		return !slices.ContainsFunc(goFiles(f, dir), func(file string) bool { return hasGenerate(f[file]) })
	})
}

// embedRoot is the part of an embed pattern (a context path) before its first wildcard: the
// file or directory that must exist for the pattern to match anything.
func embedRoot(pattern string) string {
	var keep []string
	for _, el := range strings.Split(pattern, "/") {
		if strings.ContainsAny(el, "*?[") {
			break
		}
		keep = append(keep, el)
	}
	return path.Join(keep...)
}

// generateFollow asks for the packages the programs import and whether each path their embeds
// name exists, when a main package has directives.
func generateFollow(ws *workspace, bins []binary, f lang.Facts) []string {
	dirs := generating(f, bins)
	if len(dirs) == 0 {
		return nil
	}
	pkgs, out := walkPackages(ws, dirs, f, func(walkedPackage) bool { return true })
	for _, p := range pkgs {
		for _, file := range goFiles(f, p.Dir) {
			for _, e := range embedPatterns(f[file], p.Dir) {
				if r := embedRoot(e); r != "" && r != "." {
					out = append(out, lang.Probe(r))
				}
			}
		}
	}
	return out
}

// generation is what the builder generates: the packages to run `go generate` on ("./cmd/x"),
// and the embed that needs it, as the reason ("internal/webserver/Webserver.go embeds
// web/main.wasm").
type generation struct {
	Pkgs []string
	Why  string
}

// toGenerate is the generation the build needs (see above); none (nil Pkgs) when every embed's
// path is in the context or made by a UI build (built, the context paths those write).
func toGenerate(ws *workspace, bins []binary, f lang.Facts, tags []string, built []string) generation {
	dirs := generating(f, bins)
	if len(dirs) == 0 {
		return generation{}
	}
	pkgs, _ := walkPackages(ws, dirs, f, func(walkedPackage) bool { return true })
	var g generation
	for _, p := range pkgs {
		files := slices.DeleteFunc(goFiles(f, p.Dir), func(file string) bool { return !matchesLinux(f, file, tags, true) })
		if slices.ContainsFunc(files, func(file string) bool { return hasGenerate(f[file]) }) {
			g.Pkgs = append(g.Pkgs, dotSlash(p.Dir))
		}
		for _, file := range files {
			for _, e := range embedPatterns(f[file], p.Dir) {
				r := embedRoot(e)
				if g.Why != "" || r == "" || r == "." || f.Has(r) || f.HasDir(r) || slices.ContainsFunc(built, func(b string) bool { return importsModule(r, b) || importsModule(b, r) }) {
					continue
				}
				g.Why = file + " embeds " + strings.TrimPrefix(e, p.Dir+"/") + ", which is not in the build context"
			}
		}
	}
	if g.Why == "" || len(g.Pkgs) == 0 {
		return generation{}
	}
	return g
}

// uiOutputs are the context paths the frontend's UI builds write before the go builds: the
// embedded directory of each UI found (ui.go), and the spec's assets.
func uiOutputs(s *spec.Spec, f lang.Facts, uis contextUIs, tags []string) []string {
	if s.Assets != nil {
		if s.Assets.Disabled {
			return nil
		}
		return []string{cmp.Or(s.Assets.Into, s.Assets.Output, s.Assets.Dir)}
	}
	built, _ := findUIs(s, f, uis, tags)
	var out []string
	for _, ui := range built {
		out = append(out, ui.embedded())
	}
	return out
}
