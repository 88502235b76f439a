package golang

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// binary is one main package the builder compiles and the runtime image ships.
type binary struct {
	Pkg   string // the package, relative to the context root: "." or "./cmd/server"
	Name  string // its file name in /out and /usr/local/bin
	Field string // the spec field it comes from, for the build step's source location
}

var (
	pkgPath     = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+$`)
	binName     = regexp.MustCompile(`[^A-Za-z0-9._-]`)
	packageLine = regexp.MustCompile(`(?m)^package\s+(\w+)`)
)

// namesNoMain reports a spec that names no main package: the context's main.go files tell.
func namesNoMain(s *spec.Spec) bool {
	return strings.TrimSpace(s.Entrypoint) == "" && len(s.Binaries) == 0
}

// likelyMains are the main files of a module at the context's root, the usual layout, read with
// the first files (lang.Language.Likely) when the spec names no main package, and the Go files
// of the main packages that listenFollow asks for (listen.go).
func likelyMains(s *spec.Spec) []string {
	if !namesNoMain(s) {
		return likelyListens(s)
	}
	return append(mainFiles(&workspace{Main: []module{{Dir: "."}}}), likelyListens(s)...)
}

// mainFiles are the files whose package clause tells the main packages apart when the spec
// names none: main.go of each main module, cmd/<name>/main.go and cmd/main.go below it.
func mainFiles(ws *workspace) []string {
	var out []string
	for _, m := range ws.Main {
		out = append(out, path.Join(m.Dir, "main.go"), path.Join(m.Dir, "cmd", "*", "main.go"), path.Join(m.Dir, "cmd", "main.go"),
			path.Join(m.Dir, "*", "main.go")) // tg-spam's app/main.go (mainBelow)
	}
	return out
}

// binaries are the main packages to build, and the index of the one the image runs:
// `binaries` (and `entrypoint` choosing among them), else `entrypoint`, else the main packages
// found by their main.go files. A binary the spec does not name is named as GoReleaser's build
// names it, else as the Makefile's go build -o does (makefileNames), else after its package.
func binaries(s *spec.Spec, ws *workspace, f lang.Facts, r *release, mk *rootMakefile) ([]binary, int, error) {
	made := makefileNames(mk, ws)
	nameOf := func(pkg string) string {
		if r != nil && r.Pkg == pkg && r.Name != "" && !ws.Work { // the program GoReleaser releases, named by the spec's entrypoint too
			return r.Name
		}
		return cmp.Or(made[pkg], programName(pkg, ws))
	}
	var out []binary
	for i, b := range s.Binaries {
		field := fmt.Sprintf("binaries[%d]", i)
		pkg, err := mainPackage(s, field, b.Package, ws)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, binary{Pkg: pkg, Name: cmp.Or(b.Name, nameOf(pkg)), Field: field})
	}
	run := 0
	if ep := strings.TrimSpace(s.Entrypoint); ep != "" {
		idx := slices.IndexFunc(out, func(b binary) bool { return b.Name == ep })
		if idx < 0 {
			pkg, err := mainPackage(s, "entrypoint", ep, ws)
			if err != nil {
				return nil, 0, err
			}
			if idx = slices.IndexFunc(out, func(b binary) bool { return b.Pkg == pkg }); idx < 0 {
				out = append(out, binary{Pkg: pkg, Name: cmp.Or(s.Name, nameOf(pkg)), Field: "entrypoint"})
				idx = len(out) - 1
			}
		}
		run = idx
	}
	if len(out) == 0 {
		var err error
		if out, run, err = found(s, ws, f, r, mk); err != nil {
			return nil, 0, err
		}
	}
	names := map[string]int{}
	for i := range out {
		if out[i].Name == "" {
			out[i].Name = nameOf(out[i].Pkg)
		}
		if j, dup := names[out[i].Name]; dup {
			return nil, 0, lang.FieldError(s, out[i].Field, "name them: binaries: [{package: "+out[i].Pkg+", name: ...}]",
				"%s and %s would both be the binary %q", out[j].Pkg, out[i].Pkg, out[i].Name)
		}
		names[out[i].Name] = i
	}
	return out, run, nil
}

// found are the main packages the context tells, when the spec names none: the program the
// root module's GoReleaser configuration builds (r, released), else those the main.go files
// declare: the root package of a module whose main.go is package main (and only it), else
// every cmd/<name>/ holding a main package for Linux (cmdMains; only main.go is read below a
// module of go.work); in a go.work, the root package of each used module
// below the root whose main.go is package main is one of them (the root module's, when it is
// one, is the only one), and only the programs of the module holding the one that runs are
// built; a go.work using one module and none found is that module, its root package built as
// a module's is without one. The image runs the only one, else the server named
// after the module (daemonNames: benbjohnson/wtf's cmd/wtfd beside its client cmd/wtf), else
// the one named after the module (in any case: FerretDB's cmd/ferretdb), else cmd/server, else the only one the root Makefile's go
// build lines build (mk); with several and no such name the spec must say which. A program
// linking a C library, not the one the image runs, is left out (helpers.go).
func found(s *spec.Spec, ws *workspace, f lang.Facts, r *release, mk *rootMakefile) ([]binary, int, error) {
	field := lang.FirstField(s, "language")
	if r != nil && !ws.Work && (ws.root() != nil || ws.Implied) {
		out := []binary{{Pkg: r.Pkg, Name: cmp.Or(s.Name, r.Name), Field: field}}
		for _, o := range r.Others { // its other builds' programs (toxiproxy's CLI), the first the one that runs
			if o.Name != out[0].Name {
				out = append(out, binary{Pkg: o.Pkg, Name: o.Name, Field: field})
			}
		}
		return out, 0, nil
	}
	var cmds []binary
	var examples []string
	for _, m := range ws.Main {
		if isMain(f, path.Join(m.Dir, "main.go")) {
			if !ws.Work || m.Dir == "." {
				name := s.Name
				if ws.Implied && name == "" { // the module below the root (homebox's backend/), named after the repository
					name = projectName(m)
				}
				return []binary{{Pkg: dotSlash(m.Dir), Name: name, Field: field}}, 0, nil
			}
			if lang.InExamples(m.Dir) { // gofr's examples/using-add-filestore: how to use the library, not what it ships
				examples = append(examples, dotSlash(m.Dir))
				continue
			}
			// a module of go.work whose root is a program (flipt's build tool in build/, beside
			// the root module's cmd/flipt): one of the workspace's programs, chosen as they are
			cmds = append(cmds, binary{Pkg: dotSlash(m.Dir), Field: field})
			continue
		}
		dirs := cmdMains(f, path.Join(m.Dir, "cmd"))
		if file := path.Join(m.Dir, "cmd", "main.go"); len(dirs) == 0 && isMain(f, file) && matchesLinux(f, file, nil, true) {
			// cmd itself the main package, beside a library at the root (pufferpanel's, statping-ng's)
			dirs = []string{path.Dir(file)}
		}
		for _, dir := range dirs {
			cmds = append(cmds, binary{Pkg: dotSlash(dir), Field: field})
		}
	}
	if len(cmds) == 0 && noRootProgram(ws, f) { // scrutiny's webapp/backend/cmd/scrutiny (nestedcmd.go)
		for _, dir := range nestedCmdMains(f, ws.Main[0].Dir) {
			cmds = append(cmds, binary{Pkg: dotSlash(dir), Field: field})
		}
	}
	slices.SortFunc(cmds, func(a, b binary) int { return strings.Compare(a.Pkg, b.Pkg) })
	switch {
	case len(cmds) == 0 && !ws.Work && len(ws.Main) == 1 && mainBelow(f, ws.Main[0].Dir) != "":
		// the module's only program one directory down, its root no program (tg-spam's app/),
		// named as the Makefile's go build there names it (plik's `cd server && go build -o
		// plikd`), else after the project
		pkg := dotSlash(mainBelow(f, ws.Main[0].Dir))
		return []binary{{Pkg: pkg, Name: cmp.Or(s.Name, makefileNames(mk, ws)[pkg], projectName(ws.Main[0])), Field: field}}, 0, nil
	case len(cmds) == 0 && ws.Implied && len(ws.Main) == 1:
		// the module below the root (homebox's backend/): its root package, as go build .
		// builds it from its directory
		return []binary{{Pkg: dotSlash(ws.Main[0].Dir), Name: cmp.Or(s.Name, projectName(ws.Main[0])), Field: field}}, 0, nil
	case len(cmds) == 0 && !ws.Work:
		return []binary{{Pkg: ".", Name: s.Name, Field: field}}, 0, nil // the root package, as go build . builds it
	case len(cmds) == 0 && len(examples) == 0 && len(ws.Main) == 1:
		// a go.work using one module (glauth's `use ./v2`, its program v2/glauth.go): that
		// module's root package, as go build . builds it from its directory
		return []binary{{Pkg: dotSlash(ws.Main[0].Dir), Name: s.Name, Field: field}}, 0, nil
	case len(cmds) == 0 && len(examples) > 0:
		return nil, 0, lang.FieldError(s, field, "set `entrypoint` to the program the image runs, e.g. entrypoint: "+examples[0],
			"the only main packages of go.work's modules are examples (%s), which show how to use the project rather than what it ships: "+
				"the frontend does not choose one", strings.Join(examples, ", "))
	case len(cmds) == 0:
		return nil, 0, lang.FieldError(s, field, "e.g. entrypoint: ./services/api/cmd/api",
			"go.work lists modules but no main package was found (main.go or cmd/<name>/main.go of package main in a used module): set `entrypoint`")
	}
	run := -1
	if len(cmds) == 1 {
		run = 0
	}
	if r := ws.root(); r != nil && run < 0 {
		want := programName(".", ws)
		// in any case: FerretDB's cmd/ferretdb of module github.com/FerretDB/FerretDB/v2; and
		// the words' separators aside: VictoriaMetrics' app/victoria-metrics
		run = slices.IndexFunc(cmds, func(b binary) bool { return sameName(path.Base(b.Pkg), want) })
		if d := slices.IndexFunc(cmds, func(b binary) bool {
			return slices.ContainsFunc(daemonNames(want), func(n string) bool { return sameName(n, path.Base(b.Pkg)) })
		}); d >= 0 {
			run = d
		}
	}
	if run < 0 { // none named after the module: the one named server (woodpecker's cmd/server beside cmd/agent and cmd/cli)
		run = slices.IndexFunc(cmds, func(b binary) bool { return path.Base(b.Pkg) == "server" })
	}
	if run < 0 { // else the only one the root Makefile's go build lines build (pagoda's `build: go build -o ./tmp/main ./cmd/web` beside `go run cmd/admin/main.go`)
		built := makefileBuilds(mk, ws)
		if in := slices.DeleteFunc(slices.Clone(cmds), func(b binary) bool { _, ok := built[b.Pkg]; return !ok }); len(in) == 1 {
			run = slices.IndexFunc(cmds, func(b binary) bool { return b.Pkg == in[0].Pkg })
		}
	}
	if run < 0 { // else the only one whose package listens (pgbackweb's cmd/app beside its cmd/changepw and cmd/resetdb)
		run = onlyListening(f, cmds)
	}
	if run < 0 {
		var pkgs []string
		for _, b := range cmds {
			pkgs = append(pkgs, b.Pkg)
		}
		return nil, 0, lang.FieldError(s, field, "e.g. entrypoint: "+cmds[0].Pkg+" (the others are built into the image too)",
			"the context has several main packages (%s) and none is named after the module or `server`: set `entrypoint` to the one the image runs",
			strings.Join(pkgs, ", "))
	}
	cmds[run].Name = s.Name
	if ws.Work { // the other modules' programs (a build tool, a code generator) stay out of the image
		mod := ws.moduleOf(cmds[run].Pkg)
		chosen := cmds[run]
		cmds = slices.DeleteFunc(cmds, func(b binary) bool { return ws.moduleOf(b.Pkg) != mod })
		run = slices.Index(cmds, chosen)
	}
	cmds, run = withoutLinkedHelpers(f, cmds, run) // maddy's PAM helper (helpers.go)
	return cmds, run, nil
}

// serveCall is a call that makes a program a server: net/http's ListenAndServe or Serve,
// net.Listen, or a framework's Start, Listen or Run given an address (Echo's `e.Start(address)`,
// Fiber's `app.Listen(":3000")`, Gin's `r.Run(addr)`): a literal with a colon, or a name saying
// it is one. A Start or Run without one (a scheduler's `cron.Start()`, `app.Run(ctx)`) is not.
var serveCall = regexp.MustCompile(`\b(?:ListenAndServe(?:TLS)?|http\.Serve(?:TLS)?|net\.Listen)\(|\.(?:Start|Listen|Run)(?:TLS)?\(\s*(?:"[^"\n]*:[0-9]*"|[\w.]*(?i:addr|address|port|listen|bind)\w*\b)`)

// onlyListening is the index of the only one of the main packages whose Go files read so far
// (cmd/<name>/*.go, with the first files) call a server's listen function (serveCall), -1 for
// none or several: the spec's ports are a server's, and a maintenance tool beside it listens on
// nothing. A file importing net/http/pprof is skipped, as listen.go skips it.
func onlyListening(f lang.Facts, cmds []binary) int {
	found := -1
	for i, b := range cmds {
		for _, file := range goFiles(f, strings.TrimPrefix(b.Pkg, "./")) {
			text := f.Text(file)
			if strings.Contains(text, `"net/http/pprof"`) || !listens(text) {
				continue
			}
			if found >= 0 && found != i {
				return -1
			}
			found = i
		}
	}
	return found
}

// listens reports a serveCall in the Go source that no line comment comments out.
func listens(text string) bool {
	for range lang.CodeMatches(serveCall, text) {
		return true
	}
	return false
}

// mainBelow is the only directory one level below the module in dir (not cmd/, examples or
// testdata) whose main.go is a main package for Linux, when none of the Go files read at the
// module's root is one: a module whose program is app/ (tg-spam's app/main.go, built with `cd
// app && go build` and GoReleaser's `dir: app`, which its .dockerignore leaves out) would
// otherwise build its root, which holds no program. "" for none or several.
func mainBelow(f lang.Facts, dir string) string {
	for _, file := range f.Glob(path.Join(dir, "*.go")) {
		if !strings.HasSuffix(file, "_test.go") && isMain(f, file) && matchesLinux(f, file, nil, true) {
			return ""
		}
	}
	var out []string
	for _, file := range f.Glob(path.Join(dir, "*", "main.go")) {
		d := path.Dir(file)
		if base := path.Base(d); base != "cmd" && base != "testdata" && !lang.InExamples(d) && isMain(f, file) && matchesLinux(f, file, nil, true) {
			out = append(out, d)
		}
	}
	if len(out) != 1 {
		return ""
	}
	return out[0]
}

// cmdMains are the directories below cmd (a path of the context) holding a main package for
// Linux: a non-test Go file of package main there that a Linux build compiles, main.go or
// another (Gokapi's cmd/gokapi/Main.go); a directory whose files are all for another platform
// (`//go:build js && wasm`, a WebAssembly program) or left out (`//go:build ignore`) is none.
func cmdMains(f lang.Facts, cmd string) []string {
	var out []string
	for file := range f {
		dir := path.Dir(file)
		if path.Dir(dir) != cmd || !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") || slices.Contains(out, dir) {
			continue
		}
		if isMain(f, file) && matchesLinux(f, file, nil, true) {
			out = append(out, dir)
		}
	}
	return out
}

// moduleOf is the directory of the main module holding the package pkg (a path of the context,
// ./cmd/flipt): the deepest one above it, "" for none.
func (ws *workspace) moduleOf(pkg string) string {
	dir, out := strings.TrimPrefix(pkg, "./"), ""
	for _, m := range ws.Main {
		if (m.Dir == "." || dir == m.Dir || strings.HasPrefix(dir, m.Dir+"/")) && len(m.Dir) >= len(out) {
			out = m.Dir
		}
	}
	return out
}

// sameName reports two names equal in any case and without the separators between their
// words: victoria-metrics is VictoriaMetrics, ferret_db FerretDB.
func sameName(a, b string) bool {
	return strings.EqualFold(wordSeparators.Replace(a), wordSeparators.Replace(b))
}

// wordSeparators drops the separators between a name's words (sameName).
var wordSeparators = strings.NewReplacer("-", "", "_", "", ".", "")

// daemonNames are the names of the server of a module named name, beside its command-line
// client: wtfd beside wtf, as Unix names its daemons, or wtf-server.
func daemonNames(name string) []string {
	return []string{name + "d", name + "-server", name + "server"}
}

// isMain reports a Go file of package main.
func isMain(f lang.Facts, file string) bool {
	m := packageLine.FindSubmatch(f[file])
	return m != nil && string(m[1]) == "main"
}

// mainPackage is a package the spec names, as a path relative to the context root: a path in
// the context, or an import path in one of the workspace's main modules.
func mainPackage(s *spec.Spec, field, p string, ws *workspace) (string, error) {
	for _, m := range ws.Main {
		if m.Path != "" && (p == m.Path || strings.HasPrefix(p, m.Path+"/")) {
			p = "./" + path.Join(m.Dir, strings.TrimPrefix(p, m.Path))
			break
		}
	}
	rel, ok := lang.CleanRelPath(p)
	if !ok || !pkgPath.MatchString(p) {
		return "", lang.FieldError(s, field, "write the main package as a path in the module, e.g. ./cmd/server",
			"%q is not a package directory inside the build context", p)
	}
	return rel, nil
}

// programName names a binary after its package directory, or after its module for a module's
// root package (example.com/tool/v2 -> tool) and for the module's cmd/ itself, whose directory
// names no program (pufferpanel's cmd/main.go beside its library at the root), as GoReleaser
// names it after the project. A module below the root named after its directory
// (example.com/tool/backend in backend/) is named after the element above: the repository's.
func programName(pkg string, ws *workspace) string {
	name := path.Base(pkg)
	dir := strings.TrimPrefix(pkg, "./")
	for _, m := range ws.Main {
		switch {
		case m.Path == "":
		case m.Dir == dir && m.Dir != "." && slices.Contains(placeNames, path.Base(m.Dir)) && moduleName(m.Path) == path.Base(m.Dir):
			// a module below the root named after a directory that names no program
			// (cadvisor's cmd/, module .../cadvisor/cmd; etcd's server/, module
			// go.etcd.io/etcd/server/v3): the project's, as its build names it
			name = projectName(m)
		case m.Dir == dir:
			name = moduleName(m.Path)
		case path.Join(m.Dir, "cmd") == dir:
			name = projectName(m)
		}
	}
	name = binName.ReplaceAllString(name, "-")
	if name == "" || name == "." || name == "/" || strings.HasPrefix(name, "-") {
		return "app"
	}
	return name
}

// projectName is what a module's project is called: its path's last element, or for a module
// below the root named after its directory (example.com/tool/backend in backend/) the element
// above, the repository's.
func projectName(m module) string {
	name := moduleName(m.Path)
	if m.Dir != "." && name == path.Base(m.Dir) && strings.Count(unversioned(m.Path), "/") > 1 {
		name = moduleName(path.Dir(unversioned(m.Path)))
	}
	return name
}

// placeNames are directory names that say where a program is, not what it is called.
var placeNames = []string{"cmd", "server", "backend", "app", "src"}

// unversioned is a module path without its major version suffix (`example.com/tool/v2` →
// `example.com/tool`).
func unversioned(modPath string) string {
	if dir, v := path.Dir(modPath), path.Base(modPath); len(v) > 1 && v[0] == 'v' && strings.Trim(v[1:], "0123456789") == "" && dir != "." {
		return dir
	}
	return modPath
}

// moduleName is a module path's last element, before a major version suffix
// (`example.com/tool/v2` → `tool`).
func moduleName(modPath string) string {
	name := path.Base(modPath)
	if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" && strings.Contains(modPath, "/") {
		name = path.Base(path.Dir(modPath))
	}
	return name
}

func dotSlash(dir string) string {
	if dir == "." {
		return "."
	}
	return "./" + dir
}
