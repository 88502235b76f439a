package lang_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// toy is a declared language with one of everything the skeleton handles.
type toy struct{}

var (
	toyDownloads = lang.Cache{ID: "toy-downloads", Target: "/root/.toy", InLayer: true}
	toyObjects   = lang.Cache{ID: "toy-objects", Target: "/root/.cache/toy", Sharing: lang.Locked}
)

func (toy) Language() lang.Language {
	return lang.Language{Name: "toy", Markers: []string{"toy.mod"}, Reads: []string{"toy.mod", "toy.lock"}, Runtimes: []string{"slim"}}
}

func (toy) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	return &lang.Toolchain{
		Image:    "toy:1",
		Workdir:  "/src",
		CmdEnv:   []plan.Env{{Key: "TOY_HOME", Value: "/root/.toy"}},
		ToolArgs: []plan.Arg{{Name: "TOY_MIRROR", Description: "a mirror"}},
		Scripts:  []plan.File{lang.Script("toy.sh", "set -eu\nexec \"$@\"\n")},
		Deps: lang.Deps{
			Description: "fetch",
			Files:       []string{"toy.mod", "toy.lock"},
			Steps:       []plan.Step{&lang.Cmd{Args: []string{"toy", "fetch"}, Caches: []lang.Cache{toyDownloads}}},
		},
		Build: lang.Build{
			Description: "build",
			Exclude:     []string{"out"},
			Commands: []*lang.Cmd{{Args: lang.RunScript("toy.sh", "toy", "build"), Display: "toy build", Scripts: true,
				Env: []plan.Env{{Key: "TOY_OS", Value: "${TARGETOS}"}}, Caches: []lang.Cache{toyDownloads, toyObjects}}},
			Output: []plan.Step{&plan.Run{Args: []string{"cp", "out/app", "/out/app"}, NoNetwork: true}},
			Expect: []lang.Expected{{Paths: []string{"/out/app"}, What: "the program", Executable: true}},
			After:  []plan.Step{&plan.Run{Args: []string{"strip", "/out/app"}, NoNetwork: true}},
		},
		Test: lang.Test{
			Command: lang.Cmd{Args: []string{"toy", "test"}, Caches: []lang.Cache{toyDownloads, toyObjects.OwnedBy("65532:65532")}},
			User:    "65532:65532",
		},
		Runtime: lang.Runtime{
			Aliases: map[string]string{"slim": "toy-runtime:1"}, Default: "slim", Title: "app",
			Entrypoint: []string{"/app/app"},
			Artifacts:  []*plan.Copy{{FromStage: "builder", Paths: []string{"/out/app"}, Dest: "/app/app"}},
		},
	}, nil
}

var toyProvider = lang.Skeleton(toy{})

func run(t *testing.T, st *plan.Stage, i int) *plan.Run {
	t.Helper()
	runs := langtest.Steps[*plan.Run](st)
	if i >= len(runs) {
		t.Fatalf("stage %s has %d runs", st.Name, len(runs))
	}
	return runs[i]
}

func TestSkeletonBuildsEveryStage(t *testing.T) {
	src := "language: go\nargs: {VERSION: 1}\nbuild: {packages: [gcc], secrets: [netrc], env: {CGO: 1}}\npackages: [tzdata]\n"
	p := langtest.MustPlan(t, toyProvider, src, lang.Facts{"toy.mod": nil})
	names := langtest.Names(p.Stages)
	if !slices.Equal(names, []string{"scripts", "deps", "builder", "tester", "runtime"}) || p.Language != "toy" || p.Default != "runtime" {
		t.Fatalf("stages %q of %s", names, p.Language)
	}

	deps := p.Stage("deps")
	if deps.Base.Image != "toy:1" || deps.Workdir != "/src" || !deps.BuildPlatform {
		t.Errorf("deps %+v", deps)
	}
	if pkgs := run(t, deps, 0); !strings.HasPrefix(pkgs.Display, "apt-get install gcc") {
		t.Errorf("build.packages do not come first: %q", pkgs.Display)
	}
	if cp := langtest.Steps[*plan.Copy](deps)[0]; !slices.Equal(cp.Paths, []string{"toy.mod", "toy.lock"}) || cp.Dest != "./" {
		t.Errorf("dependency files copied as %+v", cp)
	}
	fetch := run(t, deps, 1)
	// the downloads land in deps' layer: no cache mount; the secret and the mirror reach it,
	// the spec's args and SOURCE_DATE_EPOCH do not
	if len(fetch.Mounts) != 1 || fetch.Mounts[0].Type != plan.MountSecret || !slices.Equal(fetch.UseArgs, []string{"TOY_MIRROR"}) ||
		!slices.Equal(fetch.Env, []plan.Env{{Key: "TOY_HOME", Value: "/root/.toy"}, {Key: "CGO", Value: "1"}}) {
		t.Errorf("fetch %+v", fetch)
	}

	b := p.Stage("builder")
	if cp := langtest.Steps[*plan.Copy](b)[0]; !slices.Equal(cp.Paths, []string{"."}) || !slices.Equal(cp.Exclude, []string{"out"}) {
		t.Errorf("source copy %+v", cp)
	}
	build := run(t, b, 0)
	want := []plan.Mount{
		{Type: plan.MountCache, ID: "toy-downloads", Target: "/root/.toy", FromStage: "deps", Source: "/root/.toy"},
		{Type: plan.MountCache, ID: "toy-objects", Target: "/root/.cache/toy", Sharing: "locked"},
		lang.ScriptMount,
		{Type: plan.MountSecret, ID: "netrc", Target: "/run/secrets/netrc"},
	}
	if !slices.Equal(build.Mounts, want) || !slices.Equal(build.UseArgs, []string{"VERSION", plan.EpochArg, "TOY_MIRROR"}) ||
		build.Env[1] != (plan.Env{Key: "TOY_OS", Value: "${TARGETOS}"}) || build.Field != "language" {
		t.Errorf("build %+v", build)
	}
	// the build, its output put in place, the check that the program is there, then After
	if out, check, after := run(t, b, 1), run(t, b, 2), run(t, b, 3); out.Args[0] != "cp" || out.Field != "language" ||
		check.Display != "test -x /out/app" || check.Field != "language" || after.Args[0] != "strip" {
		t.Errorf("builder ends with %+v, %+v, %+v", out, check, after)
	}

	tst := p.Stage("tester")
	test := run(t, tst, 0)
	if tst.User != "65532:65532" || !strings.HasSuffix(tst.Description, " as 65532:65532") || test.Mounts[1].UID != 65532 ||
		slices.ContainsFunc(test.Mounts, func(m plan.Mount) bool { return m.Type == plan.MountSecret }) {
		t.Errorf("tester %+v runs %+v: want the runtime's user, its cache owned by it, no secrets", tst, test)
	}

	rt := p.Stage("runtime")
	if rt.Base.Image != "toy-runtime:1" || !strings.HasPrefix(run(t, rt, 0).Display, "apt-get install tzdata") ||
		!slices.Equal(p.Image.Entrypoint, []string{"/app/app"}) || p.Image.User != lang.NonRoot {
		t.Errorf("runtime %+v image %+v", rt, p.Image)
	}
}

func TestSkeletonOverrides(t *testing.T) {
	src := "language: go\nbuild: {image: 'toy:2', command: make app}\ntest: [make, check]\n"
	p := langtest.MustPlan(t, toyProvider, src, lang.Facts{})
	if p.Stage("deps").Base.Image != "toy:2" {
		t.Errorf("build.image is not the builder")
	}
	build := run(t, p.Stage("builder"), 0)
	// build.command runs like the default command: its caches, env and scripts
	if !slices.Equal(build.Args, []string{"/bin/sh", "-c", "make app"}) || build.Display != "make app" ||
		build.Field != "build.command" || len(build.Mounts) != 3 || build.Mounts[2] != lang.ScriptMount {
		t.Errorf("build.command runs %+v", build)
	}
	test := run(t, p.Stage("tester"), 0)
	if !slices.Equal(test.Args, []string{"make", "check"}) || test.Field != "test" {
		t.Errorf("test runs %+v", test)
	}
	if p := langtest.MustPlan(t, toyProvider, "language: go\ntest: false\n", lang.Facts{}); p.Stage("tester") != nil {
		t.Errorf("test: false keeps the tester")
	}
}

// fetchOnly declares a toolchain whose mirrors reach only the download, and a custom
// build.command runner.
type fetchOnly struct{ toy }

func (fetchOnly) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	t, _ := toy{}.Toolchain(s, f)
	t.ToolArgsReach = lang.FetchOnly
	t.Deps.Files, t.Deps.Patterns = []string{"toy.mod", "sub/toy.mod"}, []string{"**/toy.sum"}
	t.Build.Custom = &lang.Cmd{Args: lang.RunScript("toy.sh"), Scripts: true}
	t.Test.Prefix = lang.RunScript("toy.sh")
	t.Beside = []*plan.Stage{{Name: "recipe", Internal: true, Base: plan.Base{Stage: "deps"},
		Steps: []plan.Step{&lang.Cmd{Args: []string{"toy", "cook"}, Phase: lang.Prepare, Caches: []lang.Cache{toyDownloads}}}}}
	return t, nil
}

func TestSkeletonPhasesAndPlaces(t *testing.T) {
	p := langtest.MustPlan(t, lang.Skeleton(fetchOnly{}), "language: go\nargs: {V: 1}\nbuild: {command: make}\ntest: make check\n", lang.Facts{})
	if cp := langtest.Steps[*plan.Copy](p.Stage("deps"))[0]; !slices.Equal(cp.Paths, []string{"."}) ||
		!slices.Equal(cp.Include, []string{"toy.mod", "sub/toy.mod", "**/toy.sum"}) {
		t.Errorf("nested dependency files are not copied with their paths: %+v", cp)
	}
	if build := run(t, p.Stage("builder"), 0); !slices.Equal(build.Args, []string{"/bin/sh", lang.ScriptDir + "/toy.sh", "/bin/sh", "-c", "make"}) ||
		!slices.Equal(build.UseArgs, []string{"V", plan.EpochArg}) || len(build.Mounts) != 1 {
		t.Errorf("build.command through the custom runner: %+v", build)
	}
	if test := run(t, p.Stage("tester"), 0); !slices.Equal(test.Args, []string{"/bin/sh", lang.ScriptDir + "/toy.sh", "/bin/sh", "-c", "make check"}) {
		t.Errorf("the spec's test is not prefixed: %q", test.Args)
	}
	recipe := p.Stage("recipe")
	if i := slices.Index(p.Stages, recipe); i != 2 || p.Stages[i+1].Name != "builder" {
		t.Fatalf("the Beside stage is not between deps and builder")
	}
	// a recipe compiles dependencies: the spec's args and the mirrors, never SOURCE_DATE_EPOCH,
	// and the downloads seeded from deps' layer
	if cook := run(t, recipe, 0); !slices.Equal(cook.UseArgs, []string{"V", "TOY_MIRROR"}) || cook.Mounts[0].FromStage != "deps" {
		t.Errorf("cook %+v", cook)
	}
}

type badScripts struct{ toy }

func (badScripts) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	t, _ := toy{}.Toolchain(s, f)
	t.Scripts = nil
	return t, nil
}

func TestSkeletonRefusesAScriptMountWithoutScripts(t *testing.T) {
	if _, err := langtest.Plan(t, lang.Skeleton(badScripts{}), "language: go\n", lang.Facts{}); err == nil {
		t.Error("a command mounting scripts that do not exist was planned")
	}
}

func TestUnknownSharingModeIsAProgrammingError(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("an unknown sharing mode did not panic")
		}
	}()
	bad := lang.Cache{ID: "x", Target: "/x", Sharing: "sometimes"}
	langtest.MustPlan(t, lang.Skeleton(withCache{bad}), "language: go\n", lang.Facts{})
}

type withCache struct{ c lang.Cache }

func (withCache) Language() lang.Language { return toy{}.Language() }

func (w withCache) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	t, _ := toy{}.Toolchain(s, f)
	t.Deps.Steps = []plan.Step{&lang.Cmd{Args: []string{"toy", "fetch"}, Caches: []lang.Cache{w.c}}}
	return t, nil
}

func TestDescribeBothShapes(t *testing.T) {
	if l := lang.Describe(toyProvider); l.Name != "toy" || !slices.Equal(l.Runtimes, []string{"slim"}) {
		t.Errorf("declared: %+v", l)
	}
	if _, ok := toyProvider.(lang.Follower); !ok {
		t.Error("the adapter hides Follow")
	}
}

// withPackages is toy whose program needs a system package at run time.
type withPackages struct{ toy }

func (w withPackages) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	t, err := w.toy.Toolchain(s, f)
	t.Runtime.Packages = []string{"libtoy1", "tzdata"}
	t.Runtime.Aliases["distroless"] = "gcr.io/distroless/cc-debian12:nonroot"
	return t, err
}

// TestSkeletonInstallsRuntimePackages: the toolchain's runtime packages and the spec's are
// installed in one step on the target platform, first in the runtime, each once; a runtime with
// no package manager is refused at the line that chose it.
func TestSkeletonInstallsRuntimePackages(t *testing.T) {
	prov := lang.Skeleton(withPackages{})
	p := langtest.MustPlan(t, prov, "language: go\npackages: [tzdata, curl]\n", lang.Facts{"toy.mod": nil})
	rt := p.Stage("runtime")
	install, ok := rt.Steps[0].(*plan.Run)
	if !ok || install.Display != "apt-get install libtoy1 tzdata curl" || install.Field != "packages" ||
		!strings.Contains(install.Mounts[0].ID, "${TARGETPLATFORM}") {
		t.Fatalf("the runtime starts with %+v", rt.Steps[0])
	}
	p = langtest.MustPlan(t, prov, "language: go\n", lang.Facts{"toy.mod": nil})
	if install, ok := p.Stage("runtime").Steps[0].(*plan.Run); !ok || install.Display != "apt-get install libtoy1 tzdata" || install.Field != "language" {
		t.Errorf("without spec packages the runtime starts with %+v", p.Stage("runtime").Steps[0])
	}
	langtest.Refuses(t, prov, "language: go\nruntime: distroless\n", lang.Facts{"toy.mod": nil},
		"the distroless runtime has no package manager to install libtoy1, tzdata with at Dockerfile:2:1")
}
