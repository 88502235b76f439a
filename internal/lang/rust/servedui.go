package rust

// A Rust server may serve a web UI that a Node.js build writes: rustpad's server answers with
// `warp::fs::dir("dist")`, the Vite build of the package.json at the repository's root, which
// its Dockerfile builds in a stage of its own and copies beside the binary. The context holds no
// build (dist/ is not committed), so the paths the server reads (files.go) leave it out, and the
// image would answer every request for the UI with a 404, its build and `--check` silent. When a
// directory the binary's package serves is not in the context, no build script writes it, and
// the package.json of a directory at or above it builds exactly that output (Vite's outDir, or
// dist), UINotShipped names the call, the UI and the spec lines that build and ship it:
// `assets` builds it before cargo, and a `files` entry whose src is the output copies it from
// the assets' build into the working directory.

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// uiManifests are what tells where a UI's build writes: its package.json and Vite configuration.
var uiManifests = []string{"package.json", "vite.config.*"}

// servedUIReads ask for the package.json and Vite configuration of each directory above a path
// the binary's package reads, when the spec builds no assets.
func servedUIReads(s *spec.Spec, f lang.Facts, pkgDir string, pkg *manifest) []string {
	if s.Assets != nil {
		return nil
	}
	files, _ := runtimeReadSources(f, pkgDir, pkg)
	var out []string
	for _, r := range runtimeReadPaths(s, f, pkgDir, files) {
		for _, d := range lang.DirsAbove(r.Path) {
			for _, m := range uiManifests {
				out = lang.AppendNew(out, path.Join(d, m))
			}
		}
	}
	return out
}

// servedUINotes are UINotShipped for the first path the binary's package reads that the
// context lacks (below the member too), no build script writes, and a UI's build of the
// context writes; none when the spec names assets.
func servedUINotes(s *spec.Spec, f lang.Facts, pkgDir string, pkg *manifest) []plan.Note {
	if s.Assets != nil || pkg == nil {
		return nil
	}
	written := builtRuntimeDirs(s, f, pkgDir, pkg)
	files, _ := runtimeReadSources(f, pkgDir, pkg)
	for _, r := range runtimeReadPaths(s, f, pkgDir, files) {
		if p, ok := memberPath(pkgDir, r.Path); inContext(f, r.Path) || ok && inContext(f, p) {
			continue
		}
		top := strings.Split(r.Path, "/")[0]
		if slices.ContainsFunc(written, func(c *plan.Copy) bool { return path.Base(c.Paths[0]) == top }) {
			continue
		}
		fix := func(d string) string {
			return "build it with `assets: {dir: " + d + ", output: " + r.Path + "}` and ship it with `files: [{src: " + r.Path + ", dest: " + r.Path + "}]`"
		}
		if note, ok := node.ServedUINote(f, lang.FirstField(s, "files", "entrypoint", "language"), r.Path, r.Why, lang.DirsAbove(r.Path), fix); ok {
			return append([]plan.Note(nil), note)
		}
	}
	return nil
}
