package golang

import (
	"bytes"
	"cmp"
	"go/build"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// cgoModules are modules that only work with cgo: a program requiring one, built with
// CGO_ENABLED=0, fails to build or fails at start ("requires cgo to work"). PureGo are modules
// that do the same without cgo: a project requiring one of them directly, and the cgo module only
// `// indirect`, uses its own choice (see cgoFor).
var cgoModules = []cgoModule{
	{"github.com/mattn/go-sqlite3", "compiles SQLite's C sources", pureGoSQLite, "sqlite"},
	{"github.com/confluentinc/confluent-kafka-go", "links librdkafka", nil, ""},
	{"github.com/DataDog/zstd", "compiles zstd's C sources", nil, ""},
	{"github.com/valyala/gozstd", "links zstd's C library", nil, ""},
	{"github.com/go-gl/glfw", "compiles GLFW's C sources", nil, ""},
	{"github.com/miekg/pkcs11", "loads PKCS#11 modules through dlopen", nil, ""},
	{"github.com/DataDog/golz4", "links the system's liblz4", nil, ""},
	{"github.com/cloudflare/golz4", "links the system's liblz4", nil, ""},
	{"github.com/h2non/bimg", "links the system's libvips", nil, ""},
	{"github.com/davidbyttow/govips", "links the system's libvips", nil, ""},
	{"github.com/seccomp/libseccomp-golang", "links the system's libseccomp", nil, ""},
}

// cgoModule is a module that only works with cgo, what it does with it, and the modules that
// do the same without.
type cgoModule struct {
	Path, Why string
	PureGo    []string
	// Hint is what the import path of a package reaching the module holds (sqlite), when a
	// program that imports none may not need it (cgotool.go); "" for none.
	Hint string
}

// pureGoSQLite are SQLite drivers that need no cgo. go-sqlite3 is often an indirect requirement
// of a project that chose one of them: a dependency offers it as an optional driver
// (golang-migrate's, a GORM dialect) that the project's packages never import.
var pureGoSQLite = []string{"modernc.org/sqlite", "github.com/glebarez/sqlite", "github.com/glebarez/go-sqlite",
	"github.com/ncruces/go-sqlite3"}

// cgoSetting is whether the build uses cgo, and why.
type cgoSetting struct {
	On bool
	// Field is the spec field that decided ("cgo", "build.env.CGO_ENABLED"), "" when detected.
	Field string
	// Module is the first required module that needs cgo, "" when none; Why says what it does.
	Module, Why string
	// Without says why a cgo module the project requires directly does not turn cgo on: the
	// files importing it build only with cgo, and a pure-Go alternative is imported without
	// (cgoAlternative), or why one required only indirectly is left to the tools (toolOnly);
	// "" otherwise.
	Without string
	// ToolOnly is the module toolOnly left to the tools, which deps-list checks the build does
	// not import (cgoGuard); "" otherwise.
	ToolOnly string
	// Libraries are those the cgo directives of the project's own package needing cgo name
	// (owncgo.go), when that package decided.
	Libraries []cgoLibrary
}

// cgoFor decides cgo: build.env's CGO_ENABLED, else `cgo`, else the CGO_ENABLED of the
// GoReleaser build of one of the programs, rel (the release's choice: litestream requires
// go-sqlite3 for its integration tests and releases with CGO_ENABLED=0), else on when a module of the
// workspace requires one of cgoModules, unless it is only an indirect requirement beside a
// direct one of its pure-Go alternatives (pocket-id: modernc.org/sqlite, and go-sqlite3
// `// indirect`, built with CGO_ENABLED=0 by its own Dockerfile), or, required directly beside
// one, the project chooses between them by the cgo build constraint (cgoAlternative). An
// indirect requirement alone, which a GORM dialect the project imports also makes, still turns
// cgo on. Else on when a package of the project's own that the program reaches builds only with
// cgo (ownCgo: imgproxy's vips).
func cgoFor(s *spec.Spec, ws *workspace, bins []binary, run int, f lang.Facts, tags []string, rel *release) cgoSetting {
	c := detectCgo(s, ws, bins, f, tags)
	if c.Module == "" { // else C code of the project's own (owncgo.go)
		if pkg, file, libs := ownCgo(ws, bins[run], f, tags); pkg != "" {
			c.On, c.Module, c.Why, c.Libraries = true, pkg, `holds C code: `+file+` imports "C"`, libs
		}
	}
	_, envSet := s.Build.Env.Get("CGO_ENABLED")
	if rel != nil && rel.Cgo != "" && s.Cgo == nil && !envSet && slices.ContainsFunc(bins, func(b binary) bool { return path.Clean(b.Pkg) == path.Clean(rel.Pkg) }) {
		detected := c.On
		c = cgoSetting{On: rel.Cgo == "1"}
		if detected && !c.On { // said only when the modules would have turned it on
			pkg := path.Clean(rel.Pkg)
			if pkg != "." {
				pkg = "./" + pkg
			}
			c.Without = rel.File + "'s build of " + pkg + " sets CGO_ENABLED=0, as its release builds it"
		}
	}
	if s.Cgo != nil {
		c.On, c.Field = *s.Cgo, "cgo"
	}
	if v, ok := s.Build.Env.Get("CGO_ENABLED"); ok {
		c.On, c.Field = v == "1", "build.env.CGO_ENABLED"
	}
	if c.Field != "" {
		c.Without, c.ToolOnly = "", ""
	}
	return c
}

// detectCgo is cgoFor's choice from the modules the workspace requires.
func detectCgo(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts, tags []string) cgoSetting {
	var c cgoSetting
	reached := ws.reachedBy(bins)
	for _, m := range cgoModules {
		if !reached.requires(m.Path) || !reached.requiresDirectly(m.Path) && slices.ContainsFunc(m.PureGo, reached.requiresDirectly) {
			continue
		}
		if why := cgoAlternative(s, ws, bins, f, tags, m.Path, m.PureGo); why != "" {
			c.Without = why
			continue
		}
		if why := toolOnly(s, ws, bins, f, m); why != "" {
			c.Without, c.ToolOnly = why, m.Path
			continue
		}
		c.Module, c.Why = m.Path, m.Why
		break
	}
	c.On = c.Module != ""
	return c
}

// A go.work's modules are not all the program's: etcd's tools/mod, the module of its
// developers' linters, requires go-sqlite3 `// indirect`, and the server module it builds from
// server/ neither requires it nor any workspace module that does; its build_lib.sh builds with
// CGO_ENABLED=0, and cgo was on, with a glibc runtime. Since Go 1.17 a go.mod lists every
// module that provides a package its packages import, directly or not (graph pruning), so a
// program whose module, and the workspace modules that module requires (transitively), require
// no cgo module imports none: only their requirements decide. A module before 1.17, or a
// program in no module of the workspace, leaves the whole workspace deciding.

// reachedBy is the workspace of the modules whose requirements can reach the programs' builds:
// for a go.work, the main modules holding bins and the workspace's modules (main or local)
// they require, transitively, when each is at least Go 1.17; ws itself otherwise.
func (ws *workspace) reachedBy(bins []binary) *workspace {
	if !ws.Work {
		return ws
	}
	all := ws.modules()
	var queue []module
	add := func(m module) {
		if !slices.ContainsFunc(queue, func(q module) bool { return q.Dir == m.Dir }) {
			queue = append(queue, m)
		}
	}
	for _, b := range bins {
		dir := ws.moduleOf(b.Pkg)
		i := slices.IndexFunc(ws.Main, func(m module) bool { return m.Dir == dir })
		if dir == "" || i < 0 {
			return ws
		}
		add(ws.Main[i])
	}
	for i := 0; i < len(queue); i++ {
		if !newer(queue[i].Go, "1.16") {
			return ws // before graph pruning, go.mod need not list what a dependency imports
		}
		for _, r := range queue[i].Requires {
			for _, m := range all {
				if m.Path == r {
					add(m)
				}
			}
		}
	}
	return &workspace{Work: true, Main: queue}
}

// A project may offer two drivers and let the cgo build constraint choose (syncthing: go-sqlite3
// imported in a `//go:build cgo` file, modernc.org/sqlite in its `!cgo` sibling of the same
// package; its own build is CGO_ENABLED=0). go.mod requires both directly and cannot tell, so
// when it does, and the spec does not decide, planning reads the packages of the module that
// each main package imports (walkPackages from each: two levels, bounded) and asks of each file importing
// the cgo module whether Go builds it with CGO_ENABLED=0 (go/build's file matching: its
// //go:build line, its _GOOS/_GOARCH name, an import "C", for Linux on amd64 and arm64 with the
// build's tags).

// ambiguousCgo reports a module of cgoModules required directly beside a direct requirement of
// one of its pure-Go alternatives: the requirements that make planning read the packages.
func ambiguousCgo(s *spec.Spec, ws *workspace) bool {
	if _, set := s.Build.Env.Get("CGO_ENABLED"); set || s.Cgo != nil {
		return false
	}
	return slices.ContainsFunc(cgoModules, func(m cgoModule) bool {
		return ws.requiresDirectly(m.Path) && slices.ContainsFunc(m.PureGo, ws.requiresDirectly)
	})
}

// cgoFollow asks for the packages cgoAlternative reads, when the requirements are ambiguous.
func cgoFollow(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts) []string {
	if !ambiguousCgo(s, ws) {
		return toolOnlyFollow(s, ws, bins, f)
	}
	_, wanted := cgoPackages(ws, bins, f)
	return wanted
}

// cgoPackages are the packages walkPackages reaches from each main package, walked one by one
// so that each program's imports are read within the walk's bounds (syncthing's cmd/syncthing
// imports its SQLite package, which a walk from its three programs at once would not reach
// before the bound on packages), and the patterns of those not read yet.
func cgoPackages(ws *workspace, bins []binary, f lang.Facts) (dirs, wanted []string) {
	for _, dir := range mainDirs(bins) {
		pkgs, w := walkPackages(ws, []string{dir}, f, func(walkedPackage) bool { return true })
		for _, p := range pkgs {
			if p.Read && !slices.Contains(dirs, p.Dir) {
				dirs = append(dirs, p.Dir)
			}
		}
		wanted = lang.AppendNew(wanted, w...)
	}
	return dirs, wanted
}

// cgoAlternative says why the cgo module mod, required directly beside one of its pure-Go
// alternatives, does not need cgo: every file of the packages read that imports it is left out
// of a CGO_ENABLED=0 build, and each of their packages imports an alternative in a file such a
// build takes. "" when the requirements are not ambiguous, when no file imports it (it may be
// imported beyond the packages read), or when one imports it without cgo.
func cgoAlternative(s *spec.Spec, ws *workspace, bins []binary, f lang.Facts, tags []string, mod string, pureGo []string) string {
	if !ws.requiresDirectly(mod) || !slices.ContainsFunc(pureGo, ws.requiresDirectly) || !ambiguousCgo(s, ws) {
		return ""
	}
	dirs, _ := cgoPackages(ws, bins, f)
	var cgoFiles, pureFiles []string
	for _, dir := range dirs {
		var cgoHere, pureHere string
		for _, file := range goFiles(f, dir) {
			imports := fileImports(f, []string{file})
			if slices.ContainsFunc(imports, func(imp string) bool { return importsModule(imp, mod) }) {
				if buildsWithoutCgo(f, file, tags) {
					return ""
				}
				cgoHere = cmp.Or(cgoHere, file)
			}
			if slices.ContainsFunc(imports, func(imp string) bool {
				return slices.ContainsFunc(pureGo, func(m string) bool { return importsModule(imp, m) })
			}) && buildsWithoutCgo(f, file, tags) {
				pureHere = cmp.Or(pureHere, file)
			}
		}
		if cgoHere == "" {
			continue
		}
		if pureHere == "" {
			return "" // the package has no driver without cgo
		}
		cgoFiles, pureFiles = append(cgoFiles, cgoHere), append(pureFiles, pureHere)
	}
	if len(cgoFiles) == 0 {
		return ""
	}
	return mod + " is imported only under cgo (" + strings.Join(cgoFiles, ", ") + "), a pure-Go driver without (" +
		strings.Join(pureFiles, ", ") + ")"
}

// importsModule reports an import path of the module m's packages.
func importsModule(imp, m string) bool {
	return imp == m || strings.HasPrefix(imp, m+"/")
}

// buildsWithoutCgo reports whether go build, with CGO_ENABLED=0 for Linux on amd64 or arm64 and
// the build's tags, compiles the file: an import "C", its //go:build line and its name's _GOOS
// or _GOARCH decide, as they do for go/build.
func buildsWithoutCgo(f lang.Facts, file string, tags []string) bool {
	if slices.Contains(fileImports(f, []string{file}), "C") {
		return false // go/build's Import, not MatchFile, leaves out a cgo file without cgo
	}
	return matchesLinux(f, file, tags, false)
}

// matchesLinux reports whether go build, for Linux on amd64 or arm64 with the build's tags and
// cgo on or off, compiles the file as its //go:build line and its name's _GOOS or _GOARCH say
// (go/build's file matching). A file that does not parse counts: the go command reports it.
func matchesLinux(f lang.Facts, file string, tags []string, cgo bool) bool {
	for _, arch := range []string{"amd64", "arm64"} {
		ctxt := build.Context{GOOS: "linux", GOARCH: arch, Compiler: "gc", CgoEnabled: cgo, BuildTags: tags,
			ReleaseTags: build.Default.ReleaseTags, JoinPath: path.Join,
			OpenFile: func(name string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f[name])), nil }}
		if ok, err := ctxt.MatchFile(path.Dir(file), path.Base(file)); ok || err != nil {
			return true // an error is the go command's to report: count the import
		}
	}
	return false
}

// mainDirs are the binaries' package directories, as walkPackages takes them.
func mainDirs(bins []binary) []string {
	var out []string
	for _, b := range bins {
		out = append(out, strings.TrimPrefix(b.Pkg, "./"))
	}
	return out
}

// env is CGO_ENABLED for the build and test steps.
func (c cgoSetting) env() plan.Env {
	if c.On {
		return plan.Env{Key: "CGO_ENABLED", Value: "1"}
	}
	return plan.Env{Key: "CGO_ENABLED", Value: "0"}
}

// notes are the CgoRequired warnings: cgo turned off for a module that needs it, or a cgo
// binary (dynamically linked against glibc) on a runtime that cannot start it.
func (c cgoSetting) notes(s *spec.Spec, rtImage, alias string) []plan.Note {
	var out []plan.Note
	if !c.On && c.Module != "" {
		out = append(out, rules.CgoRequired.Note(lang.FirstField(s, c.Field, "language"),
			rules.CgoRequired.Format(rules.CgoProblem{Module: c.Module, Why: c.Why, Field: c.Field})))
	}
	if c.On && !glibcRuntime(rtImage, alias) {
		out = append(out, rules.CgoRequired.Note(lang.FirstField(s, "runtime", c.Field, "language"),
			rules.CgoRequired.Format(rules.CgoProblem{Runtime: runtimeName(rtImage, alias)})))
	}
	return out
}

// glibcRuntime reports a runtime base that can start a binary dynamically linked against glibc:
// not scratch, not a static distroless, not Alpine (musl).
func glibcRuntime(image, alias string) bool {
	switch {
	case image == "", alias == "alpine":
		return false
	case strings.Contains(image, "distroless/static"), strings.Contains(image, "alpine"):
		return false
	}
	return true
}

func runtimeName(image, alias string) string {
	switch {
	case alias != "":
		return alias
	case image == "":
		return "scratch"
	}
	return image
}

// crossScript installs Debian's C cross compiler and C library for the target's architecture
// when it is not the build platform's, for cgo to compile the target's C code. It runs with
// the apt caches mounted; on the build platform's own architecture it does nothing.
const crossScript = `set -eu
[ "${TARGETARCH:-}" = "${BUILDARCH:-}" ] && exit 0
` + archCase + `if command -v "$gcc-gcc" >/dev/null 2>&1 && [ -e "/usr/$gcc/lib/crti.o" ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "multistage-frontend: cgo for $TARGETARCH needs a C cross compiler ($gcc-gcc) and this builder has no apt-get: use a Debian builder image or set CC in build.env" >&2
  exit 1
fi
rm -f /etc/apt/apt.conf.d/docker-clean
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "gcc-$(printf '%s' "$gcc" | tr _ -)" "libc6-dev-$deb-cross"
`

// buildScript runs "$@" (go build, or go test) with CC set to the target's C cross compiler
// when the target is another architecture and the environment names none.
const buildScript = `set -eu
if [ "${TARGETARCH:-}" != "${BUILDARCH:-}" ] && [ -z "${CC:-}" ]; then
` + archCase + `  export CC="$gcc-gcc"
fi
exec "$@"
`

// archCase maps Go's TARGETARCH to Debian's GNU triple ($gcc) and architecture ($deb).
const archCase = `case ${TARGETARCH:-} in
  amd64) gcc=x86_64-linux-gnu deb=amd64 ;;
  arm64) gcc=aarch64-linux-gnu deb=arm64 ;;
  arm) gcc=arm-linux-gnueabihf deb=armhf ;;
  386) gcc=i686-linux-gnu deb=i386 ;;
  riscv64) gcc=riscv64-linux-gnu deb=riscv64 ;;
  ppc64le) gcc=powerpc64le-linux-gnu deb=ppc64el ;;
  s390x) gcc=s390x-linux-gnu deb=s390x ;;
  *) echo "multistage-frontend: no C cross compiler known for the architecture '${TARGETARCH:-}': set CC in build.env" >&2; exit 1 ;;
esac
`

// crossStep installs the C cross compiler in deps, with the apt caches the build.packages step
// of image uses; the graph leaves it out when the target is the build platform.
func crossStep(field, image string) *plan.Run {
	apt := lang.InstallPackages(lang.PackageManagerOf(image), nil, field).Mounts
	return &plan.Run{Origin: plan.Origin{Field: field}, Args: lang.RunScript("go-cross-cc.sh"),
		Display: "apt-get install gcc-<triple> libc6-dev-<TARGETARCH>-cross (the C cross compiler, when TARGETARCH is not BUILDARCH)",
		Env:     []plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}, {Key: "BUILDARCH", Value: "${BUILDARCH}"}},
		Mounts:  append([]plan.Mount{lang.ScriptMount}, apt...), CrossOnly: true}
}
