package node

// Workspace packages a package reaches without listing them in package.json: its tsconfig's
// `paths` ("@acme/ui": ["../../packages/ui/src"]), `references` and `extends`, and its Vite
// config's aliases (excalidraw-app's `path.resolve(__dirname, "../packages/excalidraw/src")`)
// name a sibling's directory by a relative path, and its build reads that sibling's files with
// the sibling's own dependencies. Such a sibling is one more build-time dependency, as a
// devDependency would be: installed, its source copied and built before the package; the image,
// whose program the bundler or compiler made from it, does not hold it.

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// reachReads are a package's files read for relative paths to its siblings: the tsconfigs a
// build compiles with (Vite's templates keep `paths` in tsconfig.app.json) and Vite's config.
var reachReads = slices.Concat([]string{"tsconfig.json", "tsconfig.build.json", "tsconfig.app.json"}, viteConfigs)

// relativeLiteral is a string literal (JSON's, or JavaScript's quotes) of a path leaving its
// directory: "../../packages/ui/src", '../shared'.
var relativeLiteral = regexp.MustCompile("[\"'`](\\.\\./[^\"'`\\s]*)[\"'`]")

// readReach records, for each package whose configuration files were read, the other
// workspace packages those files name by a relative path (the root is none: it is always
// copied).
func (ws *workspace) readReach(f lang.Facts) {
	ws.reach = map[*wsPackage][]*wsPackage{}
	for _, p := range ws.pkgs {
		for _, name := range reachReads {
			for _, m := range relativeLiteral.FindAllSubmatch(f[path.Join(p.dir, name)], -1) {
				q := ws.holding(path.Join(p.dir, string(m[1])))
				if q != nil && q != p && !slices.Contains(ws.reach[p], q) {
					ws.reach[p] = append(ws.reach[p], q)
				}
			}
		}
		slices.SortFunc(ws.reach[p], func(a, b *wsPackage) int { return strings.Compare(a.dir, b.dir) })
	}
}

// holding is the package whose directory holds the path (relative to the root), the deepest
// of nested ones; nil for a path outside every package.
func (ws *workspace) holding(p string) *wsPackage {
	var out *wsPackage
	for _, q := range ws.pkgs {
		if (p == q.dir || strings.HasPrefix(p, q.dir+"/")) && (out == nil || len(q.dir) > len(out.dir)) {
			out = q
		}
	}
	return out
}

// reachFollow are the configuration files to read in each package of the selected package's
// closure, the reached packages' included (read in the next round): they may reach more.
func reachFollow(s *spec.Spec, f lang.Facts) []string {
	return closureFollow(s, f, func(p *wsPackage) []string { return reachReads })
}

// reachedOnly are the packages of the build that only configuration files reach, not
// package.json's dependencies: the install adds them by name, as the package manager cannot
// know of them.
func (w *wsBuild) reachedOnly(k kind) []*wsPackage {
	declared := w.ws.closureWith(w.sel, k, false, false)
	var out []*wsPackage
	for _, p := range w.build {
		if !slices.Contains(declared, p) {
			out = append(out, p)
		}
	}
	return out
}
