package golang

import (
	"cmp"
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A UI outside the directories searched for one (uiCandidates), or served from a directory
// rather than embedded, is built by no default; two shapes of it are warned of, walking the
// packages the search for runtime tools reads (toolFiles), when the spec has no `assets`:
//   - a Go file embeds a directory holding no index.html (a gitkeep at most), and the webpack or
//     Vite configuration of a package.json in a top-level directory not searched names it by
//     a string literal relative to that directory (a webpack output computed in code:
//     `path.resolve(__dirname, '../build/static')` in client/webpack.common.js for main.go's
//     `//go:embed build`). Its output is computed and its script may not be `build`, so it is
//     not built on that guess (WebUINotBuilt);
//   - a Go file serves a directory by a literal (`http.Dir("./browser/ui/dist/")`, readCalls)
//     that is not in the context, and the package.json of a directory above it builds exactly
//     that output (`vite build`, dist). The image needs the build and a copy where the program
//     reads it, `assets` and `files`, which UINotShipped names, as for a UI the project's
//     Dockerfile copies beside its program (imageUINote).

// bundlerConfigs are the files of a UI that may name where its build writes, read as text.
var bundlerConfigs = []string{"webpack*.js", "webpack*.cjs", "webpack*.mjs", "webpack*.ts", "vite.config.*"}

// unbuiltUIFollow asks for the top-level package.json files and the bundler configurations of
// those not searched, whether each directory the program embeds exists and holds an
// index.html, and, for each directory it serves by a literal, whether it exists and for the
// package.json and Vite configuration of the directories above it.
func unbuiltUIFollow(s *spec.Spec, ws *workspace, run binary, f lang.Facts) []string {
	if s.Assets != nil {
		return nil
	}
	out := []string{"*/package.json"}
	for _, d := range unsearchedUIDirs(f) {
		for _, c := range slices.Concat(bundlerConfigs, node.VueConfigs()) { // Vue CLI's outputDir too (scriptedUIs)
			out = append(out, path.Join(d, c))
		}
	}
	files, _ := toolFiles(ws, run, f)
	for _, file := range files {
		for _, e := range embedPatterns(f[file], path.Dir(file)) {
			if e = strings.TrimSuffix(e, "/*"); !strings.ContainsAny(e, "*?[") {
				out = append(out, lang.Probe(e), path.Join(e, "index.html"))
			} else if d := globDir(e, path.Dir(file)); d != "" { // a glob's directory (embedmissing.go)
				out = append(out, lang.Probe(d))
			}
		}
	}
	for _, r := range servedPaths(s, f, files) {
		out = append(out, lang.Probe(r.Path))
		for _, d := range copySourceDirs(r.Path) {
			out = append(out, path.Join(d, "package.json"))
			for _, c := range node.ViteConfigs() {
				out = append(out, path.Join(d, c))
			}
		}
	}
	return out
}

// unsearchedUIDirs are the top-level directories holding a package.json that uiCandidates does
// not try (client/), in name order.
func unsearchedUIDirs(f lang.Facts) []string {
	searched := uiCandidates(f)
	var out []string
	for _, m := range f.Glob("*/package.json") {
		if d := path.Dir(m); !slices.Contains(searched, d) {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return out
}

// servedPaths are the directories the Go files read by a readCall that serves files (http.Dir,
// .Static, static.New) and no entry of the spec's files covers.
func servedPaths(s *spec.Spec, f lang.Facts, files []string) []readPath {
	var out []readPath
	for _, file := range files {
		for _, r := range readPaths(file, f[file]) {
			if servesDir(r.Call) && !lang.CoveredByFiles(s, r.Path) {
				out = append(out, r)
			}
		}
	}
	return out
}

// servesDir reports a readCall, as written, that serves a directory's files.
func servesDir(call string) bool {
	return call == "http.Dir" || call == "static.New" || strings.HasSuffix(call, ".Static") || call == "Static"
}

// unbuiltUINote is WebUINotBuilt for the first embedded directory of the first shape above,
// none otherwise.
func unbuiltUINote(s *spec.Spec, ws *workspace, run binary, f lang.Facts) (notes []plan.Note) {
	if s.Assets != nil {
		return nil
	}
	files, _ := toolFiles(ws, run, f)
	uis := unsearchedUIDirs(f)
	for _, file := range files {
		for _, e := range embedPatterns(f[file], path.Dir(file)) {
			e = strings.TrimSuffix(e, "/*")
			if strings.ContainsAny(e, "*?[") || !f.HasDir(e) || f.Has(path.Join(e, "index.html")) {
				continue
			}
			for _, d := range uis {
				if config, lit, ok := namesOutput(f, d, e); ok {
					fix := "`assets: {dir: " + d + ", script: " + prodBuildScript(f, d) + ", output: " + path.Join(d, lit) + "}`"
					return append(notes, rules.WebUINotBuilt.Note(lang.FirstField(s, "entrypoint", "language"),
						rules.WebUINotBuilt.Format(file, e, config, lit, d, fix)))
				}
			}
		}
	}
	return nil
}

// servedUINote is UINotShipped for the first directory a Go file serves by a literal that is
// not in the context and that the package.json of a directory above it builds, as imageUINote
// says for one the project's Dockerfile copies; none otherwise.
func servedUINote(s *spec.Spec, ws *workspace, run binary, f lang.Facts) (notes []plan.Note) {
	if s.Assets != nil {
		return nil
	}
	files, _ := toolFiles(ws, run, f)
	for _, r := range servedPaths(s, f, files) {
		if f.Has(r.Path) || f.HasDir(r.Path) {
			continue
		}
		why := r.File + ":" + strconv.Itoa(r.Line) + " (" + r.Call + ")"
		fix := func(d string) string {
			return "build it with `assets: {dir: " + d + "}` and ship it with `files: [{src: " + r.Path + ", dest: " + r.Path + "}]`"
		}
		if note, ok := node.ServedUINote(f, lang.FirstField(s, "files", "language"), r.Path, why, copySourceDirs(r.Path), fix); ok {
			return append(notes, note)
		}
	}
	return nil
}

// namesOutput finds, among the bundler configurations of the UI in dir, the first holding a
// string literal that names the directory e from dir (`'../build'` or below it,
// `'../build/static'`), a path outside dir: the configuration and the literal.
func namesOutput(f lang.Facts, dir, e string) (config, lit string, ok bool) {
	rel := strings.Repeat("../", strings.Count(dir, "/")+1) + e
	re := regexp.MustCompile(`["'` + "`" + `](` + regexp.QuoteMeta(rel) + `(?:/[^"'` + "`" + `\s]*)?)["'` + "`" + `]`)
	for _, c := range bundlerConfigs {
		for _, file := range f.Glob(path.Join(dir, c)) {
			if m := re.FindSubmatch(f[file]); m != nil {
				return file, strings.TrimSuffix(string(m[1]), "/"), true
			}
		}
	}
	return "", "", false
}

// prodBuildScript is the script of dir's package.json that builds for production: build, else the
// only one named build-* or build:* that is not for development, else a placeholder.
func prodBuildScript(f lang.Facts, dir string) string {
	var m struct{ Scripts map[string]string }
	_ = json.Unmarshal(f[path.Join(dir, "package.json")], &m)
	if m.Scripts["build"] != "" {
		return "build"
	}
	prod := lang.Only(slices.Collect(maps.Keys(m.Scripts)), func(name string) bool {
		return (strings.HasPrefix(name, "build-") || strings.HasPrefix(name, "build:")) && !strings.Contains(name, "dev") && !strings.Contains(name, "watch")
	})
	return cmp.Or(prod, "<its build script>")
}
