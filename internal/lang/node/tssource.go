package node

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A TypeScript project's build compiles its server into the tsconfig's outDir, and the image runs
// that output, which planning never reads (it does not exist before the build). tsc writes each
// file of rootDir to the same path under outDir, so the file the image runs is mapped back to the
// source it is compiled from (listen.go reads that).

// tsconfigs are the tsconfig files a build compiles with, in the order tried: NestJS's
// tsconfig.build.json, then tsconfig.json, which a bare `tsc` uses.
var tsconfigs = []string{"tsconfig.build.json", "tsconfig.json"}

// compiledFrom are the source extensions tsc compiles to each output extension: .ts and .tsx to
// .js, .mts always to .mjs and .cts to .cjs. Not allowJs's scripts, which a project compiles
// beside its TypeScript, rarely as its server's entry.
var compiledFrom = map[string][]string{".js": {".ts", ".tsx"}, ".mjs": {".mts"}, ".cjs": {".cts"}}

// tsSources are the files of the source tree tsc may compile to file (relative to the package),
// most likely first, when file is under the outDir of the package's tsconfig: the same path under
// the source root (tsRoots). A bare name (NestJS's `node dist/main`) maps each file node may load
// for it. nil when file is no tsconfig's output.
func tsSources(p pkg, file string) []string {
	for _, name := range slices.Concat(scriptTsconfigs(p.m), tsconfigs) {
		o := readTsconfig(p, name)
		out := path.Clean(o.OutDir)
		rel, ok := strings.CutPrefix(path.Clean(file), out+"/")
		if o.OutDir == "" || out == "." || !ok {
			continue
		}
		var srcs []string
		for _, root := range tsRoots(p, name, o) {
			for _, c := range nodeLoads(rel) {
				stem := strings.TrimSuffix(c, path.Ext(c))
				for _, ext := range compiledFrom[path.Ext(c)] {
					src, ok := entryPath(path.Join(root, stem+ext))
					if ok && !strings.HasPrefix(src+"/", out+"/") && !slices.Contains(srcs, src) {
						srcs = append(srcs, src)
					}
				}
			}
		}
		return srcs
	}
	return nil
}

// tsRoots are the directories tsc may compile from (relative to the package): rootDir; without it,
// the tsconfig's directory with TypeScript 6 and later; before, tsc's common root of its inputs,
// which only the files tell, so each include pattern's directory (src/ without include), then the
// tsconfig's directory.
func tsRoots(p pkg, name string, o tsOptions) []string {
	dir := path.Dir(name)
	switch {
	case o.RootDir != "":
		return []string{o.RootDir}
	case tsMajor(p) >= 6:
		return []string{dir}
	case o.Include == nil:
		return []string{path.Join(dir, "src"), dir}
	}
	var roots []string
	for _, inc := range o.Include {
		roots = lang.AppendNew(roots, includeDir(inc))
	}
	return lang.AppendNew(roots, dir)
}

// includeDir is the directory an include pattern starts at: its elements before the first with a
// wildcard ("src/**/*.ts": src), a directory named alone ("src"), or a file's directory.
func includeDir(pattern string) string {
	var dir []string
	for _, el := range strings.Split(path.Clean(pattern), "/") {
		if strings.ContainsAny(el, "*?") {
			return cmp.Or(path.Join(dir...), ".")
		}
		dir = append(dir, el)
	}
	if path.Ext(pattern) != "" {
		dir = dir[:len(dir)-1]
	}
	return cmp.Or(path.Join(dir...), ".")
}

// scriptTsconfigs are the tsconfigs the package's scripts compile with (`tsc -p
// server/tsconfig.json`, `tsc --project server`: tscProject, tsrunner.go), relative
// to the package, tried before the default ones (overseerr's `build:server: tsc --project
// server/tsconfig.json`, whose outDir ../dist holds the server the image runs), sorted.
func scriptTsconfigs(m manifest) []string {
	var out []string
	for _, script := range m.Scripts {
		for _, sm := range tscProject.FindAllStringSubmatch(script, -1) {
			name, ok := entryPath(sm[1])
			if sm[1] == "" || !ok || name == "." {
				continue
			}
			if !strings.HasSuffix(name, ".json") {
				name = path.Join(name, "tsconfig.json")
			}
			if !slices.Contains(tsconfigs, name) && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}
