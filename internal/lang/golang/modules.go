package golang

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
	"golang.org/x/mod/modfile"
)

// module is one go.mod of the build context: where it is and what the plan needs of it.
type module struct {
	Dir  string // its directory in the context: "." or "services/api"
	Path string // the module path
	Go   string // major.minor of its go line, "" when absent
	// Toolchain is major.minor of its toolchain line ("" when absent): the release its
	// developers build with, which the go command switches to when it is newer than the go line.
	Toolchain string
	Requires  []string
	// Indirect are the requirements marked `// indirect`: needed by a dependency, not imported
	// by the module's own packages (or not yet tidied).
	Indirect []string
	// Tools are the packages of its `tool` directives (Go 1.24), programs its developers run.
	Tools []string
	// Replaces are the context directories (clean, relative to the root) that local replace
	// directives point at.
	Replaces []string
}

// workspace is what the context's Go modules are: one module at the root, or a go.work and the
// modules it uses, and the modules their local replace directives point at.
type workspace struct {
	// Work is a go.work at the root of the context.
	Work bool
	Go   string // major.minor of go.work's go line
	// Toolchain is major.minor of go.work's toolchain line, "" when absent.
	Toolchain string
	// Main are the main modules: the root module, or go.work's use directories, in order.
	Main []module
	// Local are the other modules local replace directives point at (only their go.mod and
	// go.sum matter before the sources arrive).
	Local []module
	// Dirs are the directories of every module named so far, read or not yet read.
	Dirs []string
	// Left are the directories go.work uses whose go.mod the context does not hold (its
	// .dockerignore leaves them out: cosmo's leaves out demo/ and aws-lambda-router/, which its
	// go.work uses): the go command refuses such a go.work, so the build writes one without
	// them (impliedWork), with go.work's replaces (WorkReplaces).
	Left []string
	// WorkReplaces are go.work's replace directives as `go work edit -replace` takes them, a
	// local directory made absolute in the builder (/src/libs/x).
	WorkReplaces []string
	// Implied is a context whose root has neither go.mod nor go.work, with the modules of the
	// packages the spec names below it (a service of a repository of modules, each replacing
	// the shared ones by path, built from the repository's root), or whose root module is a
	// library beside its program's module (nestedmod.go): the build writes the go.work that
	// uses them (impliedWork), as `go work init` would.
	Implied bool
}

var (
	versionPrefix = regexp.MustCompile(`^([0-9]+\.[0-9]+)`)
	// useDir is what a go.work use or local replace directory may be: a relative path of plain
	// characters (the copy and the patterns the frontend reads are built from it).
	useDir = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+$`)
)

// readWorkspace reads go.work (when present), go.mod and the go.mod files they lead to. A file
// not read yet (the frontend reads what Follow asks for in further rounds) is skipped.
func readWorkspace(s *spec.Spec, f lang.Facts) (*workspace, error) {
	type entry struct {
		dir  string
		main bool
	}
	ws := &workspace{}
	var queue []entry // main modules first, then replace targets as they are found
	if f.Has("go.work") {
		wf, err := modfile.ParseWork("go.work", f["go.work"], nil)
		if err != nil {
			return nil, lang.FieldError(s, "language", "fix go.work: the go command could not read it either", "%v", err)
		}
		ws.Work = true
		if wf.Go != nil {
			ws.Go = majorMinor(wf.Go.Version)
		}
		if wf.Toolchain != nil {
			ws.Toolchain = toolchainVersion(wf.Toolchain.Name)
		}
		for _, u := range wf.Use {
			dir, err := contextDir(s, ".", u.Path, "go.work uses")
			if err != nil {
				return nil, err
			}
			queue = append(queue, entry{dir, true})
		}
		for _, r := range wf.Replace {
			old, new := versioned(r.Old.Path, r.Old.Version), versioned(r.New.Path, r.New.Version)
			if r.New.Version == "" && modfile.IsDirectoryPath(r.New.Path) {
				dir, err := contextDir(s, ".", r.New.Path, "go.work replaces "+r.Old.Path+" with")
				if err != nil {
					return nil, err
				}
				queue = append(queue, entry{dir, false})
				new = path.Join(srcDir, dir)
			}
			ws.WorkReplaces = append(ws.WorkReplaces, old+"="+new)
		}
	} else if nested := nestedProgramModules(s, f); f.Has("go.mod") && len(nested) > 0 {
		for _, dir := range nested { // a program in a module of its own below the root's (nestedmod.go)
			queue = append(queue, entry{dir, true})
		}
		ws.Implied = true
	} else if f.Has("go.mod") {
		queue = append(queue, entry{".", true})
	} else {
		dirs := namedModuleDirs(s, f)
		if len(dirs) == 0 && namesNoMain(s) {
			if dir, _ := moduleBelow(f); dir != "" {
				dirs = []string{dir} // homebox's backend/
			}
		}
		for _, dir := range dirs {
			queue = append(queue, entry{dir, true})
		}
	}
	seen := map[string]bool{}
	for i := 0; i < len(queue); i++ {
		e := queue[i]
		if seen[e.dir] {
			continue
		}
		seen[e.dir] = true
		ws.Dirs = append(ws.Dirs, e.dir)
		file := path.Join(e.dir, "go.mod")
		if !f.Has(file) {
			if e.main && ws.Work {
				ws.Left = append(ws.Left, e.dir)
			}
			continue
		}
		m, err := parseModule(s, e.dir, f[file])
		if err != nil {
			return nil, err
		}
		if !newer(m.Go, "1.16") {
			m.addSummed(f[path.Join(e.dir, "go.sum")])
		}
		for _, r := range m.Replaces {
			queue = append(queue, entry{r, false})
		}
		if e.main {
			ws.Main = append(ws.Main, m)
		} else {
			ws.Local = append(ws.Local, m)
		}
	}
	ws.Implied = !ws.Work && (ws.Implied || !f.Has("go.mod")) && len(ws.Main) > 0
	if len(ws.Left) == len(ws.Main) {
		ws.Left = nil // nothing to build from: the go command's error says what go.work names
	}
	return ws, nil
}

// A repository may keep its Go module in a directory of its own, beside a front end, with no
// go.mod at the root (homebox's backend/, beside its Nuxt UI in frontend/). When the spec names
// no package and the root has neither go.mod nor go.work, the only go.mod one level down (not
// an examples' or a testdata directory) is the module built, as a package named below it would
// be (workspace.Implied); its GoReleaser configuration names the program (released).

// belowPattern asks for the go.mod files one level below the root.
const belowPattern = "*/go.mod"

// moduleBelow is the directory of the only module one level below a root that has neither
// go.mod nor go.work, "" when there is none or several; all are the directories read.
func moduleBelow(f lang.Facts) (dir string, all []string) {
	if f.Has("go.mod") || f.Has("go.work") {
		return "", nil
	}
	for _, file := range f.Glob(belowPattern) {
		if d := path.Dir(file); !lang.InExamples(d) && d != "testdata" && useDir.MatchString(d) {
			all = append(all, d)
		}
	}
	if len(all) == 1 {
		return all[0], all
	}
	return "", all
}

// versioned is a module path with its version, as go mod edit writes them (path@v1.2.3).
func versioned(p, v string) string {
	if v == "" {
		return p
	}
	return p + "@" + v
}

// namedModuleDirs are where the modules of the packages the spec names as paths
// (`entrypoint: ./internal/orders`, binaries' packages) may be, when the context's root is no
// module: each package's directory and those above it, below the root. A spec naming none
// takes the program GoReleaser's configuration builds (remark42's `dir: backend`, `main:
// ./app`), as a release would.
func namedModuleDirs(s *spec.Spec, f lang.Facts) []string {
	pkgs := []string{s.Entrypoint}
	for _, b := range s.Binaries {
		pkgs = append(pkgs, b.Package)
	}
	if namesNoMain(s) {
		if r := released(f); r != nil && r.Pkg != "." {
			pkgs = append(pkgs, r.Pkg)
		}
	}
	var out []string
	for _, p := range pkgs {
		p = strings.TrimSpace(p)
		if !strings.HasPrefix(p, "./") || !useDir.MatchString(p) {
			continue
		}
		rel, ok := lang.CleanRelPath(p)
		for dir := strings.TrimPrefix(rel, "./"); ok && dir != "." && dir != ".." && !strings.HasPrefix(dir, "../"); dir = path.Dir(dir) {
			out = lang.AppendNew(out, dir)
		}
	}
	return out
}

// parseModule reads the go.mod of the module in dir.
func parseModule(s *spec.Spec, dir string, data []byte) (module, error) {
	file := path.Join(dir, "go.mod")
	mf, err := modfile.Parse(file, data, nil)
	if err != nil {
		return module{}, lang.FieldError(s, "language", "fix "+file+": the go command could not read it either", "%v", err)
	}
	m := module{Dir: dir}
	if mf.Module != nil {
		m.Path = mf.Module.Mod.Path
	}
	if mf.Go != nil {
		m.Go = majorMinor(mf.Go.Version)
	}
	if mf.Toolchain != nil {
		m.Toolchain = toolchainVersion(mf.Toolchain.Name)
	}
	for _, r := range mf.Require {
		m.Requires = append(m.Requires, r.Mod.Path)
		if r.Indirect {
			m.Indirect = append(m.Indirect, r.Mod.Path)
		}
	}
	for _, t := range mf.Tool {
		m.Tools = append(m.Tools, t.Path)
	}
	for _, r := range mf.Replace {
		if r.New.Version != "" || !modfile.IsDirectoryPath(r.New.Path) {
			continue
		}
		target, err := contextDir(s, dir, r.New.Path, file+" replaces "+r.Old.Path+" with")
		if err != nil {
			return module{}, err
		}
		m.Replaces = append(m.Replaces, target)
	}
	return m, nil
}

// addSummed adds, as indirect requirements, the modules whose source go.sum records (a line
// with the zip's hash, not only `/go.mod`'s) that go.mod does not list. Before Go 1.17 a go.mod
// lists only what its packages import and what needed an upgrade, so a module a dependency
// imports (go-sqlite3 under a GORM dialect) is in go.sum alone; since 1.17 go.mod lists every
// module that provides a package of the build, and go.sum is not read.
func (m *module) addSummed(sum []byte) {
	for _, line := range strings.Split(string(sum), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 3 || strings.HasSuffix(fields[1], "/go.mod") || slices.Contains(m.Requires, fields[0]) {
			continue
		}
		m.Requires = append(m.Requires, fields[0])
		m.Indirect = append(m.Indirect, fields[0])
	}
}

// contextDir resolves a directory a go.mod or go.work names, relative to the directory of that
// file, and refuses one outside the build context: the build could not copy it.
func contextDir(s *spec.Spec, from, dir, what string) (string, error) {
	joined := path.Join(from, dir)
	if path.IsAbs(dir) || strings.Contains(dir, `\`) || !useDir.MatchString(dir) || joined == ".." || strings.HasPrefix(joined, "../") {
		return "", lang.FieldError(s, "language",
			"build from a directory that holds both, with `entrypoint` naming the main package by its path from there (`./services/api`), or vendor it",
			"%s %s, which is outside the build context", what, dir)
	}
	return joined, nil
}

// toolchainVersion is major.minor of a toolchain line's name (go1.22.0, go1.25.3+auto), "" for
// another name.
func toolchainVersion(name string) string {
	if v, ok := strings.CutPrefix(name, "go"); ok {
		return majorMinor(v)
	}
	return ""
}

func majorMinor(v string) string {
	if m := versionPrefix.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return ""
}

// modules are the main modules and the local ones, in order.
func (ws *workspace) modules() []module { return slices.Concat(ws.Main, ws.Local) }

// root is the module at the root of the context, if any.
func (ws *workspace) root() *module {
	for i, m := range ws.Main {
		if m.Dir == "." {
			return &ws.Main[i]
		}
	}
	return nil
}

// goVersion is the toolchain version the modules ask for: go.work's go line, else the root
// module's, else the newest of the modules' (a replaced module's too: the go command refuses a
// module whose go line is newer than the toolchain); a toolchain line newer than that go line
// wins, as the go command switches to it (GOTOOLCHAIN=auto, its default outside the golang images).
func (ws *workspace) goVersion() string {
	if ws.Go != "" || ws.Toolchain != "" {
		return newest(ws.Go, ws.Toolchain)
	}
	if r := ws.root(); r != nil {
		return newest(r.Go, r.Toolchain)
	}
	v := ""
	for _, m := range ws.modules() {
		v = newest(v, m.Go, m.Toolchain)
	}
	return v
}

// newest is the newest of major.minor versions, "" for none.
func newest(vs ...string) string {
	out := ""
	for _, v := range vs {
		if newer(v, out) {
			out = v
		}
	}
	return out
}

// newer compares major.minor versions.
func newer(a, b string) bool {
	if b == "" {
		return a != ""
	}
	var am, an, bm, bn int
	fmt.Sscanf(a, "%d.%d", &am, &an)
	fmt.Sscanf(b, "%d.%d", &bm, &bn)
	return am > bm || (am == bm && an > bn)
}

// depFiles are the files the dependency download needs, present in the context, keeping their
// paths: go.work and go.work.sum, and each module's go.mod and go.sum.
func (ws *workspace) depFiles(f lang.Facts) []string {
	var out []string
	for _, name := range []string{"go.work", "go.work.sum"} {
		if ws.Work && f.Has(name) {
			out = append(out, name)
		}
	}
	for _, m := range ws.modules() {
		for _, name := range []string{"go.mod", "go.sum"} {
			if p := path.Join(m.Dir, name); f.Has(p) && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// requires reports whether a module of the workspace requires module path p (or a major
// version of it: p/v2).
func (ws *workspace) requires(p string) bool {
	for _, m := range ws.modules() {
		if slices.ContainsFunc(m.Requires, func(r string) bool { return isModule(r, p) }) {
			return true
		}
	}
	return false
}

// requiresDirectly reports whether a module of the workspace requires p (or p/vN) without
// `// indirect`.
func (ws *workspace) requiresDirectly(p string) bool {
	for _, m := range ws.modules() {
		if slices.ContainsFunc(m.Requires, func(r string) bool { return isModule(r, p) && !slices.Contains(m.Indirect, r) }) {
			return true
		}
	}
	return false
}

// isModule reports whether the module path r is p or one of its major versions (p/v2).
func isModule(r, p string) bool {
	return r == p || (strings.HasPrefix(r, p+"/v") && strings.Trim(r[len(p)+2:], "0123456789") == "")
}

// hasRequires reports a root module that requires other modules (and so needs a go.sum).
func (ws *workspace) hasRequires() bool {
	r := ws.root()
	return r != nil && len(r.Requires) > 0
}
