package python

import (
	"path"
	"regexp"
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

// A front end a level down may build inside its own directory, where the Python application
// reads it: Spoolman's spoolman/main.py mounts `directory="client_v2/build"` (its SvelteKit
// client's build) and, with a variable set, "client/dist" (its Vite client's); the build is not
// committed, and the application refuses to start without it. siblingUI does not take a build
// writing inside its directory, which may be anything's; a path into it that the project's
// Python code names, and that the context lacks, says it is the application's.

// pathLiteral is a quoted relative path of two or more parts in Python code: group 1 its first
// directory, 2 the next part ("client_v2/build", "./client/dist/index.html").
var pathLiteral = regexp.MustCompile(`["'](?:\./)?([\w.-]+)/([\w.-]+)(?:/[^"'\n]*)?/?["']`)

// servedUI is a front end a level down whose build output the Python code names.
type servedUI struct {
	dir, output, file string
	line              int
}

// servedSiblingUIs are the front ends a level down (siblingUIDirs) whose directory's first-level
// entry a Python file read names in a string (pathLiteral, not on a comment line), with that
// entry as the output, the first naming of each directory, in the files' order; present are
// the outputs the context holds (none are left out when nil: what Follow probes).
func servedSiblingUIs(f lang.Facts) []servedUI {
	dirs := siblingUIDirs(f)
	if len(dirs) == 0 {
		return nil
	}
	var files []string
	for name := range f {
		if strings.HasSuffix(name, ".py") {
			files = append(files, name)
		}
	}
	slices.Sort(files)
	var out []servedUI
	for _, file := range files {
		text := f.Text(file)
		for _, m := range pathLiteral.FindAllStringSubmatchIndex(text, -1) {
			dir, entry := text[m[2]:m[3]], text[m[4]:m[5]]
			lineStart := strings.LastIndexByte(text[:m[0]], '\n') + 1
			if !slices.Contains(dirs, dir) || strings.HasPrefix(strings.TrimSpace(text[lineStart:m[0]]), "#") ||
				slices.ContainsFunc(out, func(u servedUI) bool { return u.dir == dir }) {
				continue
			}
			out = append(out, servedUI{dir: dir, output: path.Join(dir, entry), file: file, line: lang.LineAt(text, m[0])})
		}
	}
	return out
}

// servedSiblingUIReads are the probes of those outputs, for Follow.
func servedSiblingUIReads(f lang.Facts) []string {
	var out []string
	for _, u := range servedSiblingUIs(f) {
		out = append(out, lang.Probe(u.output))
	}
	return out
}

// unbuiltServedUIs are the servedSiblingUIs whose output the context lacks.
func unbuiltServedUIs(f lang.Facts) []servedUI {
	return slices.DeleteFunc(servedSiblingUIs(f), func(u servedUI) bool { return f.Has(u.output) || f.HasDir(u.output) })
}
