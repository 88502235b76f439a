package golang

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// builds is what the deps, builder and tester stages are made of.
type builds struct {
	s     *spec.Spec
	f     lang.Facts
	ws    *workspace
	bins  []binary
	cgo   cgoSetting
	image string

	buildArgs, depArgs []string
	stages             []*plan.Stage
}

var (
	modMount   = plan.Mount{Type: plan.MountCache, ID: "go-mod", Target: modCache}
	buildMount = plan.Mount{Type: plan.MountCache, ID: "go-build", Target: buildCache}
)

// plan returns the build stages: scripts (cgo only), deps, builder and tester.
func (b *builds) plan(p *plan.Plan) ([]*plan.Stage, error) {
	var out []*plan.Stage
	base := lang.FirstField(b.s, "build.image", "version", "language")
	if b.cgo.On {
		out = append(out, cgoScripts(base))
	}
	builder, err := b.builder()
	if err != nil {
		return nil, err
	}
	out = append(out, b.deps(p, base), builder)
	if t := b.tester(); t != nil {
		out = append(out, t)
	}
	return out, nil
}

// deps installs build.packages and, for cgo, the target's C cross compiler, copies go.work and
// every module's go.mod and go.sum (keeping their paths), and downloads the modules.
func (b *builds) deps(p *plan.Plan, base string) *plan.Stage {
	files := b.ws.depFiles(b.f)
	deps := &plan.Stage{
		Name: "deps", Description: "download the modules of " + strings.Join(files, " "),
		Base: plan.Base{Image: b.image}, BuildPlatform: true, Workdir: srcDir, Field: base,
	}
	if len(b.s.Build.Packages) > 0 { // before go.mod, so a dependency change does not reinstall them
		deps.Steps = append(deps.Steps, lang.InstallPackages(lang.PackageManagerOf(b.image), b.s.Build.Packages, "build.packages"))
	}
	if b.cgo.On {
		deps.Steps = append(deps.Steps, crossStep(lang.FirstField(b.s, b.cgo.Field, "language"), b.image))
	}
	cp := &plan.Copy{Origin: plan.Origin{Field: base}, Paths: files, Dest: "./"}
	if slices.ContainsFunc(files, func(f string) bool { return strings.Contains(f, "/") }) {
		// files below the root keep their paths (COPY --parents)
		cp.Paths, cp.Include, cp.Display = []string{"."}, files, strings.Join(files, " ")
	}
	deps.Steps = append(deps.Steps, cp)
	if !b.f.Has("go.sum") && !b.f.Has("vendor/modules.txt") && b.ws.hasRequires() && !b.ws.Work {
		p.Notes = append(p.Notes, rules.MissingLockfile.Note(lang.FirstField(b.s, "language"), rules.MissingLockfile.Format(
			"go.mod requires modules but the build context has no go.sum: the build cannot verify them "+
				"and fails on a missing go.sum entry; run `go mod tidy` and add go.sum to the context")))
	}
	if b.f.Has("vendor/modules.txt") {
		deps.Description = "copy " + strings.Join(files, " ") + " (modules are vendored)"
		return deps
	}
	deps.Steps = append(deps.Steps, &plan.Run{Origin: plan.Origin{Field: base},
		Args: []string{"go", "mod", "download"}, Env: lang.BuildEnv(b.s),
		Mounts: slices.Concat([]plan.Mount{modMount}, lang.SecretMounts(b.s)), UseArgs: b.depArgs})
	return deps
}

// builder copies the sources onto deps and builds each binary into /out with its own go build.
func (b *builds) builder() (*plan.Stage, error) {
	s := b.s
	env := slices.Concat([]plan.Env{b.cgo.env(), {Key: "GOOS", Value: "${TARGETOS}"}, {Key: "GOARCH", Value: "${TARGETARCH}"}}, b.crossEnv(), lang.BuildEnv(s))
	mounts := slices.Concat([]plan.Mount{modMount, buildMount}, b.scriptMount(), lang.SecretMounts(s))
	field := lang.FirstField(s, "build.command", "entrypoint", "binaries", "language")
	builder := &plan.Stage{
		Name: "builder", Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Field: field,
		Steps: []plan.Step{&plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{"."}, Dest: "./"}},
	}
	var outs []string
	for _, bin := range b.bins {
		outs = append(outs, path.Join(outDir, bin.Name))
	}
	builder.Description = "build " + b.bins[0].Pkg + " into " + strings.Join(outs, " ")
	if len(b.bins) > 1 {
		builder.Description = "build " + strings.Join(outs, " ")
	}
	if s.Build.Command != nil {
		if s.Build.LDFlags != "" {
			return nil, lang.FieldError(s, "build.ldflags", "put the flags in build.command, or remove build.command",
				"build.ldflags is added to the default build command, and build.command replaces it")
		}
		builder.Steps = append(builder.Steps, &plan.Run{Origin: plan.Origin{Field: field}, Env: env, Mounts: mounts, UseArgs: b.buildArgs,
			Args: b.wrap(s.Build.Command.Args()), Display: s.Build.Command.String()})
		builder.Steps = append(builder.Steps, b.expect(outs)...)
		return builder, nil
	}
	ldflags := "-s -w"
	if s.Build.LDFlags != "" {
		ldflags += " " + s.Build.LDFlags
	}
	for i, bin := range b.bins {
		args := []string{"go", "build", "-trimpath", "-ldflags=" + ldflags, "-o", outs[i], bin.Pkg}
		builder.Steps = append(builder.Steps, &plan.Run{Origin: plan.Origin{Field: bin.Field}, Env: env, Mounts: mounts, UseArgs: b.buildArgs,
			Args: b.wrap(args), ExpandArgs: strings.Contains(ldflags, "${"),
			Display: `go build -trimpath -ldflags="` + ldflags + `" -o ` + outs[i] + " " + bin.Pkg})
	}
	builder.Steps = append(builder.Steps, b.expect(outs)...)
	return builder, nil
}

// expect checks, once the build is done, that each binary the image ships is there, at the
// field that names it (lang.Expect): a build.command that writes elsewhere fails here.
func (b *builds) expect(outs []string) []plan.Step {
	var steps []plan.Step
	for i, bin := range b.bins {
		field := bin.Field
		if b.s.Build.Command != nil {
			field = "build.command"
		}
		steps = append(steps, lang.Expect(lang.Expected{Paths: []string{outs[i]}, What: "the program " + bin.Pkg, Field: field,
			Executable: true, Fix: "`build.command` must write it there, and `entrypoint` or `binaries` must name a main package"}))
	}
	return steps
}

// wrap runs a build command through go-cc.sh for cgo, which names the target's C compiler.
func (b *builds) wrap(args []string) []string {
	if b.cgo.On {
		return lang.RunScript("go-cc.sh", args...)
	}
	return args
}

func (b *builds) crossEnv() []plan.Env {
	if b.cgo.On {
		return []plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}, {Key: "BUILDARCH", Value: "${BUILDARCH}"}}
	}
	return nil
}

func (b *builds) scriptMount() []plan.Mount {
	if b.cgo.On {
		return []plan.Mount{lang.ScriptMount}
	}
	return nil
}

// tester runs the tests of every main module on the builder's tree, with cgo as the build has
// it, as the runtime's user: a test that needs root, or writes where the program cannot, fails
// here rather than in production.
func (b *builds) tester() *plan.Stage {
	def := []string{"go", "test"}
	for _, m := range b.ws.Main {
		def = append(def, "./"+path.Join(m.Dir, "..."))
	}
	if len(b.ws.Main) == 0 {
		def = append(def, "./...")
	}
	env := slices.Concat([]plan.Env{b.cgo.env()}, lang.BuildEnv(b.s))
	user := testUser(b.s)
	mounts := []plan.Mount{modMount, buildMount}
	args := b.buildArgs
	if user != "" {
		env = append(userCaches(user, &mounts), env...)
		// the step sets these itself (a --build-arg would replace them in the graph and not in
		// the ejected Dockerfile, where the RUN's own assignment wins)
		args = slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "GOPROXY" || a == "GONOPROXY" })
	}
	t := lang.Tester(b.s, def, plan.Run{Env: env, Mounts: mounts, UseArgs: args})
	if t != nil {
		t.User = user
		if user != "" {
			t.Description += " as " + user
		}
	}
	return t
}

// Where a non-root user's caches are mounted in the tester.
const (
	userBuildCache = "/tmp/go-build"
	userModCache   = "/tmp/go-mod"
)

// userCaches gives a non-root test user caches it can write, owned by it (the builder's are
// root's), and returns the environment pointing go at them. Its module cache is filled from
// the downloads deps made, read through a file:// proxy from the builder's module cache, and
// from the public module proxy for what is not there (a module cache pruned by the builder's
// garbage collection while deps' step stayed cached): the tests never depend on a cache mount's
// content alone. GONOPROXY=none sends GOPRIVATE modules through that list too.
func userCaches(user string, mounts *[]plan.Mount) []plan.Env {
	uid, gid := ids(user)
	suffix := "-" + strconv.Itoa(uid)
	*mounts = append(*mounts,
		plan.Mount{Type: plan.MountCache, ID: "go-mod" + suffix, Target: userModCache, UID: uid, GID: gid},
		plan.Mount{Type: plan.MountCache, ID: "go-build" + suffix, Target: userBuildCache, UID: uid, GID: gid})
	*mounts = slices.DeleteFunc(*mounts, func(m plan.Mount) bool { return m.Target == buildCache })
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
