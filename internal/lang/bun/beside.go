package bun

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/spec"
)

// A Bun server reads files of the project at run time beside its entry: the migrations Drizzle
// applies at start (`migrate(db, { migrationsFolder: "./drizzle" })`, Kyoo's API), its static
// files, its views. The image holds the entry's top directory (src/, or the build's dist/),
// package.json and node_modules only, so the runtime copies those paths from the context, as
// Node.js's provider does for a compiled server: the same reading (node.SourceReadPaths), of the
// entry's source and of the files it imports by a relative path, one level. A build's source is
// the file its `bun build` bundles (`bun build src/index.ts --outdir dist`), and `__dirname` is
// where the image runs the output. A single package only: a workspace package's are not read.

// buildSource is the file the build script's `bun build` bundles, "" for another build.
func buildSource(script string) string {
	words := strings.Fields(script)
	for i := 0; i+1 < len(words); i++ {
		if words[i] != "bun" || words[i+1] != "build" {
			continue
		}
		for j := i + 2; j < len(words) && !strings.ContainsAny(words[j], ";&|"); j++ {
			if slices.Contains(scriptExts, path.Ext(words[j])) && !strings.HasPrefix(words[j-1], "--out") {
				file, _ := entryPath(words[j])
				return file
			}
		}
	}
	return ""
}

// source is the entry's source and the directory `__dirname` names in it; ok is false when it
// is not known (a build other than `bun build`, an entry at the top, whose tree ships whole).
func source(s *spec.Spec, m manifest, e entry) (file, dir string, ok bool) {
	if lang.TopDir(e.File) == "" {
		return "", "", false
	}
	switch {
	case s.Build.Command != nil:
		return "", "", false
	case m.Scripts["build"] == "":
		file = e.File
	default:
		file = buildSource(m.Scripts["build"])
	}
	return file, path.Dir(e.File), file != ""
}

// besideSources are the sources read: the entry's, and the files it imports that the context
// holds; imports are the names each import may have, to read.
func besideSources(s *spec.Spec, f lang.Facts, m manifest, e entry) (files, dirs []string, imports []string) {
	file, dir, ok := source(s, m, e)
	if !ok {
		return nil, nil, nil
	}
	files, dirs = []string{file}, []string{dir}
	for _, cands := range node.ImportedSources(file, f.Text(file)) {
		imports = append(imports, cands...)
		// an import is bundled, or runs from the same place below the entry's directory
		rel, below := strings.CutPrefix(path.Dir(cands[0])+"/", path.Dir(file)+"/")
		if i := slices.IndexFunc(cands, f.Has); i >= 0 && below && !slices.Contains(files, cands[i]) {
			files, dirs = append(files, cands[i]), append(dirs, path.Join(dir, rel))
			if m.Scripts["build"] != "" {
				dirs[len(dirs)-1] = dir // bundled into the entry's file
			}
		}
	}
	return files, dirs, imports
}

// besideCandidates are the paths the sources name that may be copied, before probes: not in
// the entry's top directory (shipped), node_modules, package.json, a directory of the sources
// read, nor covered by the spec's files.
func besideCandidates(s *spec.Spec, f lang.Facts, m manifest, e entry) []lang.ReadPath {
	files, dirs, _ := besideSources(s, f, m, e)
	var out []lang.ReadPath
	for i, file := range files {
		for _, r := range node.SourceReadPaths(file, f.Text(file), dirs[i]) {
			top := lang.TopDir(r.Path)
			switch {
			case top == lang.TopDir(e.File), r.Path == lang.TopDir(e.File), lang.CoveredByFiles(s, r.Path), node.NotCopied(r, files, out):
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

// besideReads are what planning asks the context for: the sources, their imports, and probes
// of the paths they name.
func besideReads(s *spec.Spec, f lang.Facts, m manifest, e entry) []string {
	files, _, imports := besideSources(s, f, m, e)
	out := slices.Concat(files, imports)
	for _, r := range besideCandidates(s, f, m, e) {
		out = append(out, lang.Probe(r.Path))
	}
	return out
}

// besideFiles are the runtime's default files: the candidates the context holds, outermost.
func besideFiles(s *spec.Spec, f lang.Facts, m manifest, e entry) []lang.DefaultFile {
	var found []lang.ReadPath
	for _, r := range besideCandidates(s, f, m, e) {
		if f.Has(r.Path) || f.HasDir(r.Path) {
			found = append(found, r)
		}
	}
	return lang.Outermost(found, lang.FirstField(s, "entrypoint", "language"))
}
