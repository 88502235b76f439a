package python

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

const (
	pipCache = "/root/.cache/pip"
	uvCache  = "/root/.cache/uv"
	// uvImage is uv's own image; its /uv and /uvx are copied into deps, as uv's docs advise.
	uvImage = "ghcr.io/astral-sh/uv:0.13.8"
	// poetryDir is a venv of its own for Poetry, which only exports poetry.lock; never shipped.
	poetryDir     = "/opt/poetry"
	poetryVersion = "2.5.1"
	// lockedReqs and testReqs are poetry.lock and uv.lock exported to pinned, hashed requirements.
	lockedReqs = "/tmp/requirements.lock.txt"
	testReqs   = "/tmp/requirements.test.txt"
)

// Tool args reach the dependency, build and test steps when given with --build-arg, never the image.
var (
	pipArgs = []plan.Arg{
		{Name: "PIP_INDEX_URL", Description: "package index pip installs from (a company mirror of PyPI)"},
		{Name: "PIP_EXTRA_INDEX_URL", Description: "more package indexes for pip"},
		{Name: "PIP_TRUSTED_HOST", Description: "index hosts pip reaches over plain HTTP or without TLS verification"},
	}
	uvArgs = []plan.Arg{
		{Name: "UV_DEFAULT_INDEX", Description: "package index uv installs from (a company mirror of PyPI)"},
		{Name: "UV_INDEX_URL", Description: "package index uv installs from (older name of UV_DEFAULT_INDEX)"},
		{Name: "UV_INDEX", Description: "more package indexes for uv"},
		{Name: "UV_EXTRA_INDEX_URL", Description: "more package indexes for uv (older name of UV_INDEX)"},
		{Name: "UV_INSECURE_HOST", Description: "index hosts uv reaches without TLS verification"},
	}
	poetryArg = plan.Arg{Name: "POETRY_VERSION", Default: poetryVersion, HasDefault: true,
		Description: "the Poetry that exports poetry.lock (installed with pip in deps, never shipped)"}
)

// tools are the steps of one package manager: how deps, builder and tester install.
//
// Poetry and uv export their lock to pinned, hashed requirements that pip (uv pip) installs:
// neither `poetry install` (python-poetry/poetry#1632) nor `uv sync --frozen` (astral-sh/uv#6349)
// can take a PyPI mirror without editing the project, and builds behind a company mirror must work.
type tools struct {
	proj    *project
	env     []plan.Env
	caches  []plan.Mount
	secrets []plan.Mount
	// buildArgs reach builder and tester steps (the spec's args and the tool args), depArgs deps.
	buildArgs, depArgs []string
}

func newTools(s *spec.Spec, proj *project, p *plan.Plan) *tools {
	t := &tools{proj: proj, secrets: lang.SecretMounts(s)}
	args := pipArgs
	t.caches = []plan.Mount{{Type: plan.MountCache, ID: "pip", Target: pipCache}}
	switch proj.manager {
	case poetry:
		args = append(slices.Clone(pipArgs), poetryArg)
	case uv:
		args = uvArgs
		t.caches = []plan.Mount{{Type: plan.MountCache, ID: "uv", Target: uvCache}}
		// the cache is another mount: uv's hard links would fail; the images' Python is the one to use
		t.env = []plan.Env{{Key: "UV_LINK_MODE", Value: "copy"}, {Key: "UV_PYTHON_DOWNLOADS", Value: "never"}}
	}
	t.env = append(t.env, lang.BuildEnv(s)...)
	t.buildArgs, t.depArgs = lang.Args(p, s, args)
	lang.Secrets(p, s)
	if proj.manager == uv {
		p.Stages = append(p.Stages, &plan.Stage{Name: "uv", Internal: true, Description: "uv's image, for its binaries",
			Base: plan.Base{Image: uvImage}, BuildPlatform: true, Field: "language"})
	}
	return t
}

// install is a step that installs into the venv: pip, or uv pip for uv projects.
func (t *tools) install(field, display string, useArgs []string, args ...string) *plan.Run {
	cmd := []string{"pip", "--python", venvPython, "install", "--no-compile"}
	tool := "pip"
	if t.proj.manager == uv {
		cmd, tool = []string{"uv", "pip", "install", "--python", venvPython}, "uv pip"
	}
	return &plan.Run{Origin: plan.Origin{Field: field}, Args: append(cmd, args...), Display: tool + " install " + display,
		Env: t.env, Mounts: slices.Concat(t.caches, t.secrets), UseArgs: useArgs}
}

// export writes the lock's requirements (groups: "" for the runtime's) to a file.
func (t *tools) export(field, out string, groups []string) *plan.Run {
	run := &plan.Run{Origin: plan.Origin{Field: field}, Env: t.env, UseArgs: t.depArgs}
	if t.proj.manager == poetry {
		only := "main"
		if groups != nil {
			only = strings.Join(groups, ",")
		}
		run.Args = []string{poetryDir + "/bin/poetry", "export", "--only", only, "--format", "requirements.txt", "--output", out}
		run.Display = "poetry export --only " + only + " --output " + out
		return run
	}
	run.Args = []string{"uv", "export", "--frozen"}
	if groups == nil {
		run.Args = append(run.Args, "--no-dev")
	}
	for _, g := range groups {
		run.Args = append(run.Args, "--only-group", g)
	}
	run.Args = append(run.Args, "--no-emit-workspace", "--format", "requirements.txt", "--output-file", out)
	run.Display = strings.Join(run.Args, " ")
	return run
}

// depsSteps create the venv and install the dependencies from the dependency files alone.
func (t *tools) depsSteps(field string) []plan.Step {
	o := plan.Origin{Field: field}
	// --without-pip: the builder's pip installs into it (pip --python), so the image ships no pip
	steps := []plan.Step{&plan.Run{Origin: o, Args: []string{"python3", "-m", "venv", "--without-pip", venvDir}, NoNetwork: true}}
	p := t.proj
	switch p.manager {
	case poetry:
		steps = append(steps, &plan.Run{Origin: o,
			Args: []string{"/bin/sh", "-c", `python3 -m venv "$1" && "$1/bin/pip" install --no-compile "poetry==$POETRY_VERSION" poetry-plugin-export`,
				"sh", poetryDir},
			Display: "pip install poetry==$POETRY_VERSION poetry-plugin-export (into " + poetryDir + ")",
			Env:     t.env, Mounts: slices.Concat(t.caches, t.secrets), UseArgs: t.depArgs})
	case uv:
		steps = append(steps, &plan.Copy{Origin: o, FromStage: "uv", Paths: []string{"/uv", "/uvx"}, Dest: "/usr/local/bin/"})
	}
	root, nested := depDirs(p.depFiles)
	if len(root) > 0 {
		steps = append(steps, &plan.Copy{Origin: o, Paths: root, Dest: "./"})
	}
	for _, f := range nested {
		steps = append(steps, &plan.Copy{Origin: o, Paths: []string{f}, Dest: f})
	}
	switch {
	case p.manager == poetry || p.manager == uv:
		steps = append(steps, t.export(field, lockedReqs, nil),
			t.install(field, "--no-deps -r "+lockedReqs, t.depArgs, "--no-deps", "-r", lockedReqs))
	case p.lock == "requirements.txt":
		steps = append(steps, t.install(field, "-r requirements.txt", t.depArgs, "-r", "requirements.txt"))
	case len(p.declared) > 0:
		// the declared dependencies, not pyproject.toml: a version bump keeps this step cached
		steps = append(steps, t.install(field, "<the dependencies of pyproject.toml>", t.depArgs,
			append([]string{"--"}, p.declared...)...))
	default:
		return steps
	}
	return append(steps, compileDirs(field, venvDir))
}

// projectSteps install the project itself, from the source, without resolving again: its
// dependencies are in the venv already (unless only a build could tell them).
func (t *tools) projectSteps(field string) []plan.Step {
	p := t.proj
	if !p.pkg {
		return nil
	}
	if p.dynamic {
		return []plan.Step{t.install(field, ".", t.buildArgs, "."), compileDirs(field, venvDir)}
	}
	steps := []plan.Step{t.install(field, "--no-deps .", t.buildArgs, "--no-deps", ".")}
	if p.name == "" {
		return append(steps, compileDirs(field, venvDir))
	}
	return append(steps, compileDistribution(field, p.name))
}

// testDepsSteps install what the tests need beyond the runtime's dependencies, in tester only.
func (t *tools) testDepsSteps(field string) []plan.Step {
	p := t.proj
	var steps []plan.Step
	if len(p.testReqs) > 0 {
		var args []string
		for _, r := range p.testReqs {
			args = append(args, "-r", r)
		}
		steps = append(steps, t.install(field, strings.Join(args, " "), t.buildArgs, args...))
	}
	if len(p.testDeps) > 0 {
		steps = append(steps, t.install(field, "<the test dependencies of pyproject.toml>", t.buildArgs,
			append([]string{"--"}, p.testDeps...)...))
	}
	if len(p.testGroups) > 0 {
		steps = append(steps, t.export(field, testReqs, p.testGroups),
			t.install(field, "--no-deps -r "+testReqs, t.buildArgs, "--no-deps", "-r", testReqs))
	}
	return steps
}

// testCommand is pytest when the project depends on it, else unittest's discovery.
func (t *tools) testCommand() []string {
	if t.proj.pytest {
		return []string{"python", "-m", "pytest"}
	}
	return []string{"python", "-m", "unittest", "discover"}
}
