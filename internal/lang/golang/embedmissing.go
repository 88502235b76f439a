package golang

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A //go:embed of a path the build context lacks fails `go build` ("pattern defaultTheme: no
// matching files found"), late and far from the cause: komari's web/public embeds
// defaultTheme, the build of another repository that its readme says to copy there first. When
// no default builds it (a UI found, ui.go; go generate, generate.go) and the spec has no
// `assets`, planning probes each literal path (no glob) that the non-test Go files of the
// program's packages embed (toolFiles' walk, the files a Linux build takes with the build's
// tags) and warns of the first the context lacks (EmbedNotInContext). A glob is probed by its
// directory, the elements before the first holding a wildcard (hound's ui/bindata.go embeds
// `.build/ui/**`, the webpack build its Makefile makes, which is not committed), when that is
// below the package's own.

// globDir is the directory of an embedded pattern p of the package in dir that planning probes:
// p itself when it holds no wildcard, else its elements before the first holding one, "" when
// those are the package's directory.
func globDir(p, dir string) string {
	if !strings.ContainsAny(p, "*?[") {
		return p
	}
	rel, ok := strings.CutPrefix(p, dir+"/")
	if dir == "." {
		rel, ok = p, true
	}
	if !ok {
		return ""
	}
	root := embedRoot(rel) // generate.go
	if root == "" {
		return ""
	}
	return path.Join(dir, root)
}

// missingEmbedNote is EmbedNotInContext for the first embedded path the context lacks.
func missingEmbedNote(s *spec.Spec, ws *workspace, run binary, f lang.Facts, tags []string, cgo bool, gen generation, built []string) (notes []plan.Note) {
	if s.Assets != nil || len(gen.Pkgs) > 0 {
		return nil
	}
	files, _ := toolFiles(ws, run, f)
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") || !matchesLinux(f, file, tags, cgo) {
			continue
		}
		text := f.Text(file)
		for _, m := range embedLine.FindAllStringSubmatchIndex(text, -1) {
			for _, p := range embedPatterns([]byte(text[m[0]:m[1]]), path.Dir(file)) {
				pattern := strings.TrimPrefix(p, path.Dir(file)+"/")
				if p = globDir(p, path.Dir(file)); p == "" || f.Has(p) || f.HasDir(p) || p == "." || strings.HasPrefix(p, "../") ||
					slices.ContainsFunc(built, func(b string) bool { return p == b || inside(p, b) || inside(b, p) }) {
					continue
				}
				line, _ := lang.CodeLine(text, m[0]+strings.Index(text[m[0]:m[1]], "//go:embed"))
				return append(notes, rules.EmbedNotInContext.Note(lang.FirstField(s, "entrypoint", "language"),
					rules.EmbedNotInContext.Format(file, line, p, pattern)))
			}
		}
	}
	return nil
}
