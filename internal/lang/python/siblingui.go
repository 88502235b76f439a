package python

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
)

// A front end may sit a level down, beside the Python project rather than in it, and write its
// build into it: mathesar's mathesar_ui/, whose Vite `outDir: '../mathesar/static/mathesar/'`
// is a directory its Django settings collect. Its package.json is neither the root's nor inside
// the Python package, where unbuiltFrontEnd looked, and the image shipped without the UI. A
// package.json a level down (not in a directory of tests, docs or examples) whose build writes
// outside its own directory into the rest of the context (its Vite outDir, Vue CLI's
// outputDir, esbuild's outdir, read as node reads them for `assets`) is such a front end: that
// output is where the application reads it. A build writing inside its directory (dist/) may be
// anything's (an e2e suite, a documentation site), and is not taken.

// siblingManifests is where such a front end's package.json is.
const siblingManifests = "*/package.json"

// siblingUIReads are the files that say where a front end a level down writes (its Vite and Vue
// configs, its esbuild file), for the package.json files read with a build script (with the
// first files: Language's Reads), for Follow.
func siblingUIReads(f lang.Facts) []string {
	var out []string
	for _, dir := range siblingUIDirs(f) {
		b, _ := node.ReadUIBuild(f.In(dir))
		for _, c := range slices.Concat(node.ViteConfigs(), node.VueConfigs()) {
			out = append(out, path.Join(dir, c))
		}
		for _, c := range []string{b.ViteConfig, b.EsbuildFile} {
			if c != "" {
				out = append(out, path.Join(dir, c))
			}
		}
	}
	return slices.DeleteFunc(out, func(n string) bool { return lang.CheckContextName(n) != nil })
}

// siblingUIDirs are the directories a level down whose package.json has a build script.
func siblingUIDirs(f lang.Facts) []string {
	var out []string
	for _, m := range f.Glob(siblingManifests) {
		dir := path.Dir(m)
		if slices.Contains(notProjectDirs, dir) || slices.Contains(notProjectDirs, strings.TrimPrefix(dir, ".")) {
			continue
		}
		if b, ok := node.ReadUIBuild(f.In(dir)); ok && b.Build {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out
}

// siblingUI is the first directory a level down whose front end's build writes into the rest of
// the context, and that output (a context path); "" for none.
func siblingUI(f lang.Facts) (dir, output string) {
	for _, d := range siblingUIDirs(f) {
		b, _ := node.ReadUIBuild(f.In(d))
		if !strings.HasPrefix(b.Output, "../") {
			continue
		}
		if out := path.Join(d, b.Output); out != "." && !strings.HasPrefix(out, "../") && out != ".." {
			return d, out
		}
	}
	return "", ""
}
