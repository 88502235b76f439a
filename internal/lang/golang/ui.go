package golang

import (
	"cmp"
	"go/build/constraint"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/spec"
	"golang.org/x/mod/modfile"
)

// A Go server's web UI is a Node.js project in a directory beside go.mod, built into a
// directory the Go build embeds with //go:embed. The UI's build output is rarely committed (a
// .gitkeep, or a placeholder page, sits there), so a build without it fails to compile, or
// worse, compiles and serves the placeholder. When the spec names no `assets`, planning reads
// the UI's package.json, its Vite config and the Go files beside it, and builds the UI as
// default assets when the Go build takes its output:
//   - a Go file in the UI's directory embeds the output (`//go:embed dist/*` or `all:dist`, as
//     a `frontend` or `ui` package exposing the built files does), or the root's main.go does
//     (`//go:embed web/dist`), or
//   - the UI's Vite build writes outside its directory, into the Go tree (build.outDir
//     '../internal/server/public_html'), which only the Go build reads (a Go file beside the
//     output that embeds it, public/*.go for '../public/dist', has its build constraint
//     checked as one in the UI's directory has); or, when its build
//     script stays inside and no Go file beside it embeds that, another script's `vite build
//     --outDir ../server/router/frontend/dist` does (memos' `release`), and that script builds it;
//   - or a script of the project copies the output into a directory a Go file embeds
//     (uiscript.go: fusion's `cp -R frontend/dist/. backend/internal/web/dist/`): it is copied
//     there.
//
// An output that already holds a built page (Vite's index.html loading its bundle with
// `crossorigin`) is committed on purpose, and is embedded as it is.
//
// The UI's directory is one of uiDirs, or a directory one level below one holding no package.json
// whose Go files embed its output (alertmanager's ui/web.go embeds `app/dist`, the Vite build
// of ui/app), else a package directory one level below `internal/`
// or `pkg/` holding a package.json (beszel's internal/site, whose embed.go embeds `all:dist`),
// else the module's root itself, whose package.json builds the UI that a Go file at the root
// embeds (dozzle: `vite build` at the root, main.go's `//go:embed all:dist`). A package.json
// there that only runs tools (commitlint, prettier) has no build script, or no Go file embeds
// what it would write, so nothing is built. A uiDir may be a JavaScript workspace instead (frp's
// web/package.json declares frps, frpc and shared, web/package-lock.json their lockfile): its
// packages are tried after uiDirs, and `assets` builds the one found as a package of that
// workspace. When several UIs are embedded (frp's web/frps and web/frpc, one per program), the
// one whose Go package the main package imports is built (cmd/frps imports web/frps).

// uiDirs are where a Go project keeps its web UI, in the order they are tried.
var uiDirs = []string{"ui", "web", "frontend", "webui"}

// uiPackageParents are the directories whose packages may hold a UI too (`internal/site`),
// tried after uiDirs, in name order.
var uiPackageParents = []string{"internal", "pkg"}

// uiReads are read first: the UIs' manifests.
func uiReads() []string {
	var out []string
	for _, d := range uiDirs {
		out = append(out, path.Join(d, "package.json"), path.Join(d, "pnpm-workspace.yaml"), path.Join(d, "*", "package.json"))
	}
	for _, d := range uiPackageParents {
		out = append(out, path.Join(d, "*", "package.json"))
	}
	return slices.Concat(out, uiScriptReads, []string{"package.json"})
}

// uiCandidates are the directories that may hold the UI, in the order they are tried: uiDirs,
// the packages of a workspace a uiDir declares, the packages below uiPackageParents holding a
// package.json, then the root.
func uiCandidates(f lang.Facts) []string {
	out := slices.Clone(uiDirs)
	for _, d := range uiDirs {
		dirs, _ := node.DeclaredPackages(f, d)
		out = append(out, dirs...)
	}
	out = append(out, nestedUIDirs(f)...)
	for _, d := range uiPackageParents {
		for _, m := range f.Glob(path.Join(d, "*", "package.json")) {
			out = append(out, path.Dir(m))
		}
	}
	for _, c := range scriptCopies(f) { // remark42's frontend/apps/remark42, whose public/ its Dockerfile copies
		for _, d := range copySourceDirs(c.Src) {
			if f.Has(path.Join(d, "package.json")) && !slices.Contains(out, d) {
				out = append(out, d)
				break
			}
		}
	}
	return append(out, ".")
}

// nestedUIDirs are the directories one level below a uiDir holding no package.json itself that
// hold one (alertmanager's ui/app, embedded by ui/web.go as `app/dist`; stash's ui/v2.5), in
// name order, node_modules left out.
func nestedUIDirs(f lang.Facts) []string {
	var out []string
	for _, d := range uiDirs {
		if f.Has(path.Join(d, "package.json")) {
			continue
		}
		for _, m := range f.Glob(path.Join(d, "*", "package.json")) {
			if dir := path.Dir(m); path.Base(dir) != "node_modules" {
				out = append(out, dir)
			}
		}
	}
	return out
}

// uiParent is the uiDir above a nested UI directory (nestedUIDirs), whose Go files may embed its
// output; "" for another directory.
func uiParent(d string) string {
	if p := path.Dir(d); slices.Contains(uiDirs, p) {
		return p
	}
	return ""
}

// copySourceDirs are the directories above src, a copy's source (a clean path of the
// context), that may hold the UI building it, nearest first, four at most, the root left out.
func copySourceDirs(src string) []string {
	dirs := lang.DirsAbove(src)
	return dirs[:min(len(dirs)-1, 4)]
}

// uiFollow asks, for each UI directory holding a package.json, for its Vite configs and the Go
// files beside it, then for the found output's index.html.
func uiFollow(s *spec.Spec, f lang.Facts, uis contextUIs) []string {
	var out []string
	for _, d := range uiDirs { // the manifests of a workspace's packages
		_, manifests := node.DeclaredPackages(f, d)
		out = append(out, manifests...)
	}
	for _, c := range uis.copies { // the manifests above what a script or the Dockerfile copies
		for _, d := range copySourceDirs(c.Src) {
			out = append(out, path.Join(d, "package.json"))
		}
	}
	for _, p := range uis.projects {
		d := p.Dir
		out = append(out, path.Join(d, "*.go"))
		if parent := uiParent(d); parent != "" { // ui/web.go, embedding app/dist
			out = append(out, path.Join(parent, "*.go"))
		}
		for _, c := range slices.Concat(node.ViteConfigs(), node.VueConfigs()) {
			out = append(out, path.Join(d, c))
		}
		if p.ViteConfig != "" { // opengist's vite -c public/vite.config.js
			out = append(out, path.Join(d, p.ViteConfig))
		}
		if p.EsbuildFile != "" {
			out = append(out, path.Join(d, p.EsbuildFile)) // esbuild's build file, which names its outdir
		}
		if o, ok := p.output(); ok { // the Go files of its output and the directories above it, in the UI's
			for _, a := range append(between(d, o), o) {
				if inside(a, d) {
					out = append(out, path.Join(a, "*.go"))
				}
			}
			out = append(out, copiedFollow(uis.copies, o)...) // and where a script copies it
		}
	}
	// where the UI and its output are does not hang on the build's tags (only whether they
	// leave the embedding file out, Constraint): neither GoReleaser's nor the Makefile's are read
	built, tested := findUIs(s, f, uis, nil)
	for _, ui := range slices.Concat(built, tested) {
		out = append(out, path.Join(ui.Out, "index.html"))
		if !inside(ui.Out, ui.Dir) { // the Go files beside an output in the Go tree
			out = append(out, path.Join(path.Dir(ui.Out), "*.go"))
		}
	}
	return out
}

// embeddedUI is what findUI found, when it is to be built.
type embeddedUI struct {
	Dir, Out string // the UI's directory and where its build writes, clean paths in the context
	Script   string // the package.json script that writes Out, "" for build
	// File is the Go file that embeds Out ("" when the Vite build writes into the Go tree), and
	// Constraint its //go:build line when the build's tags leave the file out ("" otherwise).
	File, Constraint string
	// Built reports an output that holds a built page already (committed on purpose).
	Built bool
	// Into is the directory a script of the project copies Out into, which File embeds ("" when
	// the Go build embeds Out itself), and CopiedBy the script's line ("scripts.sh:41").
	Into, CopiedBy string
	// Copied reports an Out read from the copy, not from the UI's build (remark42's webpack
	// output, public/, which its Dockerfile copies): the assets' output, written out.
	Copied bool
}

// embedded is the directory the Go build embeds: Into, else Out.
func (ui embeddedUI) embedded() string { return cmp.Or(ui.Into, ui.Out) }

var (
	embedLine = regexp.MustCompile(`(?m)^\s*//go:embed\s+(.+)$`)
	buildLine = regexp.MustCompile(`(?m)^//go:build\s.*$`)
)

// findUI is the first UI directory whose output the Go build takes, as the comment above says,
// or, of several, the first whose Go package the main package imports; tags are the build's
// (buildTags), which decide whether a //go:build line leaves the file embedding the output out
// (Constraint).
func findUI(s *spec.Spec, f lang.Facts, uis contextUIs, tags []string) (embeddedUI, bool) {
	built, _ := findUIs(s, f, uis, tags)
	if len(built) == 0 {
		return embeddedUI{}, false
	}
	return built[0], true
}

// findUIs are the UIs whose output the Go build takes (uiIn), in two lists: those the image's
// programs embed (built), and the others (tested), which only `go test ./...` compiles. When
// several are found, built are those whose Go package a main package built imports (frp's
// cmd/frps imports web/frps, cmd/frpc web/frpc); when none is imported (the output is embedded
// by the root's main.go, or written into the Go tree), the first found is built.
func findUIs(s *spec.Spec, f lang.Facts, uis contextUIs, tags []string) (built, tested []embeddedUI) {
	var found []embeddedUI
	for _, p := range uis.projects {
		if ui, ok := uiIn(f, p, uis.copies, tags); ok {
			found = append(found, ui)
		}
	}
	found = append(found, scriptedUIs(f, tags)...)
	if len(found) <= 1 {
		return found, nil
	}
	imports := mainImports(s, f)
	for _, ui := range found {
		if ui.File != "" && slices.Contains(imports, path.Dir(ui.File)) {
			built = append(built, ui)
		} else {
			tested = append(tested, ui)
		}
	}
	if len(built) == 0 {
		return found[:1], found[1:]
	}
	return built, tested
}

// scriptedUIs are the UIs of the top-level directories uiCandidates does not try (coroot's
// front/) whose production build script (build, else the only build-* or build:* script not
// for development: coroot's build-prod, beside its build-dev --watch) writes outside the
// directory (`vue-cli-service build --dest=../static`, `vite build --outDir ../web/dist`) into
// a directory that a Go file beside that directory embeds (coroot's main.go, `//go:embed
// static`): the project's build tells where its UI is, as a UI in ui/ writing into the Go tree
// does. A script whose output is computed in code (a webpack configuration's path.resolve) is
// not one (WebUINotBuilt may name it).
func scriptedUIs(f lang.Facts, tags []string) []embeddedUI {
	var out []embeddedUI
	for _, d := range unsearchedUIDirs(f) {
		script := prodBuildScript(f, d)
		if strings.HasPrefix(script, "<") {
			continue
		}
		name := script
		if name == "build" {
			name = ""
		}
		o := node.AssetsOutput(f.In(d), name)
		target := path.Join(d, o)
		if o == "" || inside(target, d) || target == "." || target == ".." || strings.HasPrefix(target, "../") {
			continue
		}
		ui := embeddedUI{Dir: d, Out: target, Script: name, Built: builtPage(f[path.Join(target, "index.html")])}
		if ui.embeddedBy(f, tags, f.Glob(path.Join(path.Dir(target), "*.go"))) {
			out = append(out, ui)
		}
	}
	return out
}

// uiProject is a directory that may hold the UI (uiCandidates) and has a package.json, and what
// its package.json says, read once.
type uiProject struct {
	Dir string
	node.UIBuild
}

// contextUIs are the context's UI projects (uiProjects) and the copies its scripts make
// (scriptCopies), read once per planning step and shared by findUIs and unbuiltUIs.
type contextUIs struct {
	projects []uiProject
	copies   []scriptCopy
}

// readUIs reads the context's UI projects and its scripts' copies.
func readUIs(f lang.Facts) contextUIs {
	return contextUIs{projects: uiProjects(f), copies: scriptCopies(f)}
}

// uiProjects are the candidates holding a package.json, in uiCandidates' order.
func uiProjects(f lang.Facts) []uiProject {
	var out []uiProject
	for _, d := range uiCandidates(f) {
		if !f.Has(path.Join(d, "package.json")) {
			continue
		}
		if b, ok := node.ReadUIBuild(f.In(d)); ok {
			out = append(out, uiProject{Dir: d, UIBuild: b})
		}
	}
	return out
}

// uiIn is the UI in the project's directory when the Go build takes its output, where it is
// written or where one of copies puts it.
func uiIn(f lang.Facts, p uiProject, copies []scriptCopy, tags []string) (embeddedUI, bool) {
	d := p.Dir
	if !p.Build {
		return embeddedUI{}, false
	}
	out, ok := p.output()
	if !ok {
		return embeddedUI{}, false // outside the context: assets refuse it, so nothing to default to
	}
	ui := embeddedUI{Dir: d, Out: out}
	ui.Built = builtPage(f[path.Join(out, "index.html")])
	if !inside(out, d) {
		// the UI's build writes into the Go tree: the Go file beside the output that embeds it
		// (public/dist, embedded by public/*.go), if one does
		ui.embeddedBy(f, tags, f.Glob(path.Join(path.Dir(out), "*.go")))
		return ui, true
	}
	files := append(f.Glob(path.Join(d, "*.go")), "main.go")
	if parent := uiParent(d); parent != "" { // the Go package above a nested UI (alertmanager's ui/web.go)
		files = append(files, f.Glob(path.Join(parent, "*.go"))...)
	}
	for _, a := range append(between(d, out), out) { // the output's own Go files too: opengist's public/fs_embed.go, in Vite's root
		files = append(files, f.Glob(path.Join(a, "*.go"))...)
	}
	if ui.embeddedBy(f, tags, files) {
		return ui, true
	}
	if ui, ok := copiedUI(f, p, out, copies, tags); ok {
		return ui, true
	}
	for _, c := range copies { // a build whose output planning does not read (webpack's), copied from below the UI
		if c.Src != out && inside(c.Src, d) && p.Output == "" && !strings.HasPrefix(c.Src, path.Join(d, "node_modules")+"/") {
			if ui, ok := copiedUI(f, p, c.Src, copies, tags); ok {
				ui.Copied = true
				return ui, true
			}
		}
	}
	if p.Outside.Script != "" {
		if out := path.Join(d, p.Outside.Out); out != ".." && !strings.HasPrefix(out, "../") {
			return embeddedUI{Dir: d, Out: out, Script: p.Outside.Script, Built: builtPage(f[path.Join(out, "index.html")])}, true
		}
	}
	return embeddedUI{}, false
}

// mainImports are the directories of the root module's packages that the main packages' Go files
// import, as paths of the context: frp's cmd/frps/main.go imports
// github.com/fatedier/frp/web/frps, web/frps. The main packages are the programs built
// (binaries), else the files likelyListens names (the spec's entrypoint's and binaries', or
// the root's and cmd/*'s).
func mainImports(s *spec.Spec, f lang.Facts) []string {
	mod := modfile.ModulePath(f["go.mod"])
	if mod == "" {
		return nil
	}
	patterns := likelyListens(s)
	if ws, err := readWorkspace(s, f); err == nil {
		if bins, _, err := binaries(s, ws, f, released(f), readMakefile(f)); err == nil {
			patterns = nil
			for _, b := range bins {
				patterns = append(patterns, path.Join(strings.TrimPrefix(b.Pkg, "./"), "*.go"))
			}
		}
	}
	var files []string
	for _, pattern := range patterns {
		files = append(files, f.Glob(pattern)...)
	}
	var out []string
	for _, imp := range fileImports(f, files) { // packages.go
		if dir, ok := strings.CutPrefix(imp, mod+"/"); ok {
			out = append(out, dir)
		}
	}
	return out
}

// inside reports a clean path at or below the directory dir, a clean path of the context ("."
// holds every path).
func inside(p, dir string) bool {
	return dir == "." || strings.HasPrefix(p, dir+"/")
}

// output is where the project's build writes, a path of the context: its Vite or esbuild
// output, else dist; false when outside the context.
func (p uiProject) output() (string, bool) {
	out := path.Join(p.Dir, "dist")
	if p.Output != "" {
		out = path.Join(p.Dir, p.Output)
	}
	return out, out != "." && out != ".." && !strings.HasPrefix(out, "../")
}

// between are the directories above out and below dir, nearest first (dir "ui", out
// "ui/server/public/dist": ui/server/public, ui/server); none when out is not below dir.
func between(dir, out string) []string {
	var dirs []string
	for a := path.Dir(out); a != dir && a != "." && inside(a, dir); a = path.Dir(a) {
		dirs = append(dirs, a)
	}
	return dirs
}

// embeddedBy looks among the Go files for the first that embeds the output, and records it as
// File, with its //go:build line as Constraint when the build's tags (buildTags) leave it out.
// It reports whether one does.
func (ui *embeddedUI) embeddedBy(f lang.Facts, tags []string, files []string) bool {
	return ui.embeddedByMatching(f, tags, files, embeds)
}

// embeddedByMatching is embeddedBy with match telling whether a file embeds the output.
func (ui *embeddedUI) embeddedByMatching(f lang.Facts, tags []string, files []string, match func(src []byte, dir, out string) bool) bool {
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") || !match(f[file], path.Dir(file), ui.embedded()) {
			continue
		}
		ui.File = file
		if c := buildLine.Find(f[file]); c != nil && !buildTagsMatch(string(c), tags) {
			ui.Constraint = strings.TrimSpace(strings.TrimPrefix(string(c), "//go:build"))
		}
		return true
	}
	return false
}

// tags is what -tags needs for Constraint: its tag when it is one, else a placeholder.
func (ui embeddedUI) tags() string {
	if e, err := constraint.Parse("//go:build " + ui.Constraint); err == nil {
		if t, ok := e.(*constraint.TagExpr); ok {
			return t.Tag
		}
	}
	return "<tags>"
}

// uiAssets are Go's default assets (lang.Language.Assets): the UIs findUIs finds, unless an
// output is committed built, or the file embedding it is left out by the build's tags (the
// EmbeddedUIBuildTag check says so then). Those the image's programs embed are copied into the
// builder; the others, which only the tests compile, into the tester (TestOnly).
func uiAssets(s *spec.Spec, f lang.Facts) *spec.Assets {
	project, _ := projectTags(s, f)
	built, tested := findUIs(s, f, readUIs(f), buildTags(s, project))
	var all []spec.Assets
	for i, ui := range slices.Concat(built, tested) {
		if !ui.Built && ui.Constraint == "" {
			a := spec.Assets{Dir: ui.Dir, Script: ui.Script, Into: ui.Into, TestOnly: i >= len(built)}
			if ui.Copied {
				a.Output = ui.Out
			}
			all = append(all, a)
		}
	}
	if len(all) == 0 {
		return nil
	}
	a := all[0]
	a.More = all[1:]
	return &a
}

// embeds reports a //go:embed directive of src, a Go file in dir, naming the directory out (a
// path of the context), a pattern inside it (`dist`, `dist/*`, `all:dist`, "dist/index.html"),
// or a directory above it (mailpit's server/embed.go embeds `ui`, whose dist/ the UI's build
// writes).
func embeds(src []byte, dir, out string) bool {
	for _, p := range embedPatterns(src, dir) {
		if p == out || strings.HasPrefix(p, out+"/") || strings.HasPrefix(out, p+"/") {
			return true
		}
	}
	return false
}

// embedPatterns are the patterns of the //go:embed directives of src, a Go file in dir, as
// paths of the context.
func embedPatterns(src []byte, dir string) []string {
	var out []string
	for _, m := range embedLine.FindAllSubmatch(src, -1) {
		for _, p := range strings.Fields(string(m[1])) {
			out = append(out, path.Join(dir, strings.TrimPrefix(strings.Trim(p, "\"`"), "all:")))
		}
	}
	return out
}

// builtPage reports an index.html that Vite built: its bundle loaded as a module script with
// `crossorigin`, which Vite writes and a project's source page or placeholder does not.
func builtPage(html []byte) bool {
	return viteBundle.Match(html)
}

var viteBundle = regexp.MustCompile(`<script\s[^>]*\bcrossorigin\b[^>]*\bsrc=|<script\s[^>]*\bsrc=[^>]*\bcrossorigin\b`)

// buildTags are the tags a go command of the build gets: the project's (projectTags), else
// those of build.env's GOFLAGS.
func buildTags(s *spec.Spec, project []string) []string {
	if len(project) > 0 {
		return project
	}
	return goflagsTags(s)
}

// buildTagsMatch reports whether a //go:build line holds for the build: Linux on any
// architecture, any go1.N, cgo either way, and the build's tags (buildTags); any other tag is
// off, as it is for a go build without -tags.
func buildTagsMatch(line string, tags []string) bool {
	expr, err := constraint.Parse(line)
	if err != nil {
		return true // the go command reports it
	}
	return expr.Eval(func(tag string) bool {
		return tag == "linux" || tag == "unix" || tag == "gc" || tag == "cgo" || strings.HasPrefix(tag, "go1.") ||
			goArches[tag] || slices.Contains(tags, tag)
	})
}

// goArches are the architectures a Linux image may be built for: a constraint on one holds.
var goArches = map[string]bool{"amd64": true, "arm64": true, "arm": true, "386": true, "riscv64": true,
	"ppc64le": true, "s390x": true, "loong64": true, "mips64le": true}

// goflagsTags are the tags build.env's GOFLAGS gives every go command (-tags=a,b).
func goflagsTags(s *spec.Spec) []string {
	v, _ := s.Build.Env.Get("GOFLAGS")
	var out []string
	for _, flag := range strings.Fields(v) {
		if list, ok := strings.CutPrefix(strings.TrimLeft(flag, "-"), "tags="); ok {
			out = append(out, strings.Split(list, ",")...)
		}
	}
	return out
}
