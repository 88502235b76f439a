package golang

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A module whose root holds no Go file at all, with neither main.go, cmd/ nor a program one
// directory down, keeps its programs in a cmd/ deeper in: scrutiny's web server in
// webapp/backend/cmd/scrutiny beside its collectors in collector/cmd/, one go.mod at the root.
// `go build .` there fails ("no Go files"), so its cmd/<name>/ one or two directories down are
// searched, and chosen among as cmd/'s are (named after the module, server, the only one
// listening). A directory below a go.mod of its own is another module, which the root module
// cannot build; vendor, testdata, node_modules, hidden directories and examples are none.
// An apps/ directory at the module's root stands for cmd/ (nsq's apps/nsqd beside
// apps/nsqlookupd, apps/nsqadmin and six tools, which its Makefile builds with `go build -o $@
// ./apps/$*` and its image ships together), and so does cmds/ (hound's cmds/houndd beside its
// command-line client cmds/hound, its Makefile's `go build -o $@ .../cmds/houndd`), and so does
// app/ (VictoriaMetrics' app/victoria-metrics beside app/vmagent, app/vmalert and five more
// tools, which its Makefile builds with `go build ... $(PKG_PREFIX)/app/$(APP_NAME)`, one image
// each).

// nestedCmdPatterns are the Go files of such cmd/<name>/ directories below dir, and of
// apps/<name>/, cmds/<name>/ and app/<name>/.
func nestedCmdPatterns(dir string) []string {
	return []string{path.Join(dir, "*", "cmd", "*", "*.go"), path.Join(dir, "*", "*", "cmd", "*", "*.go"),
		path.Join(dir, "apps", "*", "*.go"), path.Join(dir, "cmds", "*", "*.go"), path.Join(dir, "app", "*", "*.go")}
}

// noRootProgram reports a lone module in dir whose root holds no Go file read (its *.go are
// read with the first files), no main package in cmd/ and no program one directory down.
func noRootProgram(ws *workspace, f lang.Facts) bool {
	if ws.Work || len(ws.Main) != 1 {
		return false
	}
	dir := ws.Main[0].Dir
	return len(f.Glob(path.Join(dir, "*.go"))) == 0 && len(cmdMains(f, path.Join(dir, "cmd"))) == 0 &&
		!isMain(f, path.Join(dir, "cmd", "main.go")) && mainBelow(f, dir) == ""
}

// nestedCmdMains are the directories of main packages for Linux in a cmd/ one or two levels
// below the module in dir, or in its apps/, cmds/ or app/, sorted, leaving out those below another go.mod (goModsAbove asks for
// them) and those in directories no program ships from.
func nestedCmdMains(f lang.Facts, dir string) []string {
	var out []string
	for _, pattern := range nestedCmdPatterns(dir) {
		for _, file := range f.Glob(pattern) {
			pkg := path.Dir(file)
			if slices.Contains(out, pkg) || strings.HasSuffix(file, "_test.go") || !isMain(f, file) || !matchesLinux(f, file, nil, true) {
				continue
			}
			if skippedDir(strings.TrimPrefix(pkg, dir+"/")) || slices.ContainsFunc(goModsAbove(dir, pkg), f.Has) {
				continue
			}
			out = append(out, pkg)
		}
	}
	slices.Sort(out)
	return out
}

// skippedDir reports a path with an element no program of the image comes from.
func skippedDir(rel string) bool {
	if lang.InExamples(rel) {
		return true
	}
	for _, e := range strings.Split(rel, "/") {
		if e == "vendor" || e == "testdata" || e == "node_modules" || strings.HasPrefix(e, ".") || strings.HasPrefix(e, "_") {
			return true
		}
	}
	return false
}

// goModsAbove are the go.mod files between the module in dir and the package pkg below it.
func goModsAbove(dir, pkg string) []string {
	var out []string
	for p := path.Dir(pkg); p != dir && p != "." && p != "/"; p = path.Dir(p) {
		out = append(out, path.Join(p, "go.mod"))
	}
	return out
}

// nestedCmdFollow asks for the nested cmd/ directories' Go files and the go.mod files above
// the main packages found there, for a module with no program at its root.
func nestedCmdFollow(ws *workspace, f lang.Facts) []string {
	if !noRootProgram(ws, f) {
		return nil
	}
	dir := ws.Main[0].Dir
	out := nestedCmdPatterns(dir)
	for _, pattern := range out {
		for _, file := range f.Glob(pattern) {
			out = lang.AppendNew(out, goModsAbove(dir, path.Dir(file))...)
		}
	}
	return out
}
