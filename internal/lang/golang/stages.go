package golang

import (
	"path"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// builds is what the toolchain is declared from.
type builds struct {
	s    *spec.Spec
	f    lang.Facts
	ws   *workspace
	bins []binary
	cgo  cgoSetting
	// tags are the project build's tags (projectTags: GoReleaser's, the Makefile's), for every go command.
	tags []string
	// each are the tags of each go build, index by index with bins, when the Makefile gives
	// several programs different ones (eachProgramTags); tags is empty then.
	each [][]string
	// stamp is what GoReleaser's build stamps, from build args (stamps.go).
	stamp stamping
	// gen is what `go generate` makes before the go builds (generate.go).
	gen generation
}

// Go's caches: the module cache (downloads) and the build cache, shared by every build.
var (
	modCacheOf   = lang.Cache{ID: "go-mod", Target: modCache}
	buildCacheOf = lang.Cache{ID: "go-build", Target: buildCache}
)

// toolchain declares deps (build.packages, for cgo the target's C cross compiler, go.work and
// every module's go.mod and go.sum keeping their paths, the download), the builder (a go build
// per binary into /out) and the tester.
func (b *builds) toolchain() (*lang.Toolchain, error) {
	s := b.s
	files := b.ws.depFiles(b.f)
	t := &lang.Toolchain{Workdir: srcDir, ToolArgs: toolArgs,
		Deps: lang.Deps{Description: "download the modules of " + strings.Join(files, " "), Files: files},
		Build: lang.Build{Fields: []string{"entrypoint", "binaries", "language"},
			// build.command runs like a go build (through go-cc.sh for cgo)
			Custom: b.goCmd(nil)},
	}
	if b.cgo.On {
		t.Scripts = []plan.File{lang.Script("go-cross-cc.sh", crossScript), lang.Script("go-cc.sh", buildScript)}
		t.Deps.Setup = append(t.Deps.Setup, crossStep(lang.FirstField(s, b.cgo.Field, "language"), builderImage(s, b.ws, b.cgo)))
		if step := b.libraryDevStep(builderImage(s, b.ws, b.cgo)); step != nil { // a system library cgo links (cgolib.go)
			t.Deps.Setup = append(t.Deps.Setup, step)
		}
	}
	if !b.f.Has("go.sum") && !b.f.Has("vendor/modules.txt") && b.ws.hasRequires() && !b.ws.Work {
		t.Notes = append(t.Notes, rules.MissingLockfile.Note(lang.FirstField(s, "language"), rules.MissingLockfile.Format(
			"go.mod requires modules but the build context has no go.sum: the build cannot verify them "+
				"and fails on a missing go.sum entry; run `go mod tidy` and add go.sum to the context")))
	}
	if b.f.Has("vendor/modules.txt") {
		t.Deps.Description = "copy " + strings.Join(files, " ") + " (modules are vendored)"
	} else {
		t.Deps.Steps = []plan.Step{download()}
	}
	if b.ws.Implied || len(b.ws.Left) > 0 {
		t.Env = []plan.Env{{Key: "GOWORK", Value: impliedWork}}
		t.Deps.Steps = append(b.workInit(), t.Deps.Steps...)
	}
	if b.compiles() {
		t.Beside = b.compileStages()
	}

	var outs []string
	for _, bin := range b.bins {
		outs = append(outs, path.Join(outDir, bin.Name))
	}
	t.Build.Description = "build " + b.bins[0].Pkg + " into " + strings.Join(outs, " ")
	if len(b.bins) > 1 {
		t.Build.Description = "build " + strings.Join(outs, " ")
	}
	if s.Build.Command != nil && s.Build.LDFlags != "" {
		return nil, lang.FieldError(s, "build.ldflags", "put the flags in build.command, or remove build.command",
			"build.ldflags is added to the default build command, and build.command replaces it")
	}
	ldflags := "-s -w"
	if s.Build.LDFlags != "" {
		ldflags += " " + s.Build.LDFlags
	}
	if g := b.cgoGuard(); g != nil { // cgotool.go
		t.Build.Commands = append(t.Build.Commands, g)
	}
	if len(b.gen.Pkgs) > 0 { // generate.go: on the build platform, so no target GOOS and GOARCH
		mod, build := b.caches()
		display := "go generate " + strings.Join(b.gen.Pkgs, " ")
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: append([]string{"go", "generate"}, b.gen.Pkgs...),
			Env: b.env(), Caches: []lang.Cache{mod, build}, Field: lang.FirstField(s, "entrypoint", "binaries", "language"),
			Display: display + " (" + b.gen.Why + ")"})
		t.Build.Description += "; " + display + " first: " + b.gen.Why
	}
	for i, bin := range b.bins {
		ldflags := ldflags
		if b.stamp.of(bin) {
			ldflags += " " + b.stamp.LDFlags
		}
		c := b.goCmd([]string{"go", "build", "-trimpath", "-ldflags=" + ldflags, "-o", outs[i], bin.Pkg})
		if b.each != nil && len(b.each[i]) > 0 {
			c.Env = append(c.Env, plan.Env{Key: "GOFLAGS", Value: "-tags=" + strings.Join(b.each[i], ",") + " ${GOFLAGS}"})
		}
		c.Field, c.ExpandArgs = bin.Field, strings.Contains(ldflags, "${")
		c.Display = `go build -trimpath -ldflags="` + ldflags + `" -o ` + outs[i] + " " + bin.Pkg
		t.Build.Commands = append(t.Build.Commands, c)
		// each binary the image ships must be there, checked at the field that names it
		field := bin.Field
		if s.Build.Command != nil {
			field = "build.command"
		}
		t.Build.Expect = append(t.Build.Expect, lang.Expected{Paths: []string{outs[i]}, What: "the program " + bin.Pkg, Field: field,
			Executable: true, Fix: "`build.command` must write it there, and `entrypoint` or `binaries` must name a main package"})
	}
	t.Test = b.test()
	return t, nil
}

// goCmd is a go command of the builder (args nil: build.command's runner): cgo as the build has
// it, the target's GOOS and GOARCH, through go-cc.sh (which names the target's C compiler) for cgo.
func (b *builds) goCmd(args []string) *lang.Cmd {
	mod, build := b.caches()
	c := &lang.Cmd{Args: args, Env: append(b.env(), plan.Env{Key: "GOOS", Value: "${TARGETOS}"}, plan.Env{Key: "GOARCH", Value: "${TARGETARCH}"}),
		Caches: []lang.Cache{mod, build}}
	if b.cgo.On {
		c.Args = lang.RunScript("go-cc.sh", args...)
		c.Env = append(c.Env, plan.Env{Key: "TARGETARCH", Value: "${TARGETARCH}"}, plan.Env{Key: "BUILDARCH", Value: "${BUILDARCH}"})
		c.Scripts = true
	}
	return c
}

// env is what every go command of the build and the tests gets: cgo on or off, and the
// release's tags in GOFLAGS, before a --build-arg GOFLAGS's flags (which come later, and win).
func (b *builds) env() []plan.Env {
	env := []plan.Env{b.cgo.env()}
	if len(b.tags) > 0 {
		env = append(env, plan.Env{Key: "GOFLAGS", Value: "-tags=" + strings.Join(b.tags, ",") + " ${GOFLAGS}"})
	}
	return env
}

// test runs the tests of every main module on the builder's tree, with cgo as the build has
// it, as the runtime's user: a test that needs root, or writes where the program cannot, fails
// here rather than in production.
func (b *builds) test() lang.Test {
	args := []string{"go", "test"}
	for _, m := range b.ws.Main {
		args = append(args, "./"+path.Join(m.Dir, "..."))
	}
	if len(b.ws.Main) == 0 {
		args = append(args, "./...")
	}
	mod, build := b.caches()
	c := lang.Cmd{Args: args, Env: b.env(), Caches: []lang.Cache{mod, build}}
	user := testUser(b.s)
	if user != "" {
		c.Env = append(userEnv(), c.Env...)
		c.Caches = userCaches(mod, user)
	}
	return lang.Test{Command: c, User: user}
}

// Where a non-root user's caches are mounted in the tester.
const (
	userBuildCache = "/tmp/go-build"
	userModCache   = "/tmp/go-mod"
)

// userCaches are the test caches of a non-root user: the builder's module cache, read-only to
// it, and a module and a build cache of its own, owned by it (the builder's are root's).
func userCaches(mod lang.Cache, user string) []lang.Cache {
	uid, _ := ids(user)
	suffix := "-" + strconv.Itoa(uid)
	return []lang.Cache{mod, lang.Cache{ID: "go-mod" + suffix, Target: userModCache}.OwnedBy(user),
		lang.Cache{ID: "go-build" + suffix, Target: userBuildCache}.OwnedBy(user)}
}

// userEnv points go at a non-root user's caches. Its module cache is filled from the downloads
// deps made, read through a file:// proxy from the builder's module cache, and from the public
// module proxy for what is not there (a module cache pruned by the builder's garbage collection
// while deps' step stayed cached): the tests never depend on a cache mount's content alone.
// GONOPROXY=none sends GOPRIVATE modules through that list too. The command sets GOPROXY and
// GONOPROXY itself, so the build args of those names do not reach it.
func userEnv() []plan.Env {
	return []plan.Env{{Key: "GOCACHE", Value: userBuildCache}, {Key: "GOMODCACHE", Value: userModCache}, {Key: "HOME", Value: "/tmp"},
		{Key: "GOPROXY", Value: "file://" + modCache + "/cache/download,https://proxy.golang.org,direct"}, {Key: "GONOPROXY", Value: "none"}}
}

// testUser is the user the tests run as: the runtime's, numeric ("" for root). A user given by
// name, which the builder image does not know, runs them as 65532.
func testUser(s *spec.Spec) string {
	u := s.User
	if u == "" {
		return lang.NonRoot
	}
	name, group, hasGroup := strings.Cut(u, ":")
	if name == "root" || (name != "" && strings.Trim(name, "0") == "") {
		return ""
	}
	if _, err := strconv.Atoi(name); err != nil {
		return lang.NonRoot
	}
	if _, err := strconv.Atoi(group); !hasGroup || err != nil {
		group = name
	}
	return name + ":" + group
}

func ids(user string) (uid, gid int) {
	u, g, _ := strings.Cut(user, ":")
	uid, _ = strconv.Atoi(u)
	gid, _ = strconv.Atoi(g)
	return uid, gid
}

// impliedWork is the go.work the build writes for a context whose root is no module
// (workspace.Implied), or whose go.work uses directories the context lacks (workspace.Left):
// outside the source directory, which deps-list mounts the context over.
const impliedWork = "/go.work"

// workInit writes impliedWork with the modules of the named packages, or of go.work's modules
// the context holds, after their go.mod files are copied: `go work init` names them relative
// to it and writes the toolchain's go line, which every module's accepts (the builder image is
// at least the newest module's version); go.work's replaces follow (`go work edit -replace`).
func (b *builds) workInit() []plan.Step {
	args := []string{"go", "work", "init"}
	for _, m := range b.ws.Main {
		args = append(args, dotSlash(m.Dir))
	}
	field := lang.FirstField(b.s, "entrypoint", "binaries", "language")
	why := "the context's root is no module"
	if b.f.Has("go.mod") {
		why = "the program's module is below the root module, which does not hold it"
	}
	if len(b.ws.Left) > 0 {
		why = "go.work without " + strings.Join(b.ws.Left, ", ") + ", which the build context does not hold (.dockerignore)"
	}
	out := []plan.Step{&lang.Cmd{Args: args, NoNetwork: true, NoSecrets: true, Field: field,
		Display: strings.Join(args, " ") + " (GOWORK=" + impliedWork + ": " + why + ")"}}
	if len(b.ws.Left) > 0 && len(b.ws.WorkReplaces) > 0 {
		edit := []string{"go", "work", "edit"}
		for _, r := range b.ws.WorkReplaces {
			edit = append(edit, "-replace="+r)
		}
		out = append(out, &lang.Cmd{Args: edit, NoNetwork: true, NoSecrets: true, Field: field,
			Display: "go work edit -replace ... (go.work's replaces)"})
	}
	return out
}
