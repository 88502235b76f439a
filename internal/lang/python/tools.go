package python

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

const (
	pipCacheDir = "/root/.cache/pip"
	uvCacheDir  = "/root/.cache/uv"
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

// Caches of the installers, shared by every build: pip and uv download wheels into them.
var (
	pipCache = lang.Cache{ID: "pip", Target: pipCacheDir}
	uvCache  = lang.Cache{ID: "uv", Target: uvCacheDir}
)

// tools are the steps of one package manager: how deps, builder and tester install. Its
// commands are lang.Cmds: the skeleton gives each its build args, secrets and build.env.
//
// Poetry and uv export their lock to pinned, hashed requirements that pip (uv pip) installs:
// neither `poetry install` (python-poetry/poetry#1632) nor `uv sync --frozen` (astral-sh/uv#6349)
// can take a PyPI mirror without editing the project, and builds behind a company mirror must work.
type tools struct {
	proj   *project
	env    []plan.Env
	caches []lang.Cache
	args   []plan.Arg
	// projectEnv is set for the install of the project itself (vcsversion.go).
	projectEnv []plan.Env
}

func newTools(proj *project) *tools {
	t := &tools{proj: proj, args: pipArgs, caches: []lang.Cache{pipCache}}
	switch proj.manager {
	case poetry:
		t.args = append(slices.Clone(pipArgs), poetryArg)
	case uv:
		t.args, t.caches = uvArgs, []lang.Cache{uvCache}
		// the cache is another mount: uv's hard links would fail; the images' Python is the one to use
		t.env = []plan.Env{{Key: "UV_LINK_MODE", Value: "copy"}, {Key: "UV_PYTHON_DOWNLOADS", Value: "never"}}
	}
	return t
}

// install is a command that installs into the venv: pip, or uv pip for uv projects. phase is
// Compile for an install outside deps: the spec's args reach it, and the secrets.
func (t *tools) install(phase lang.Phase, display string, args ...string) *lang.Cmd {
	cmd := []string{"pip", "--python", venvPython, "install", "--no-compile"}
	tool := "pip"
	if t.proj.manager == uv {
		cmd, tool = []string{"uv", "pip", "install", "--python", venvPython}, "uv pip"
		if t.proj.member != nil {
			// a workspace member's `{ workspace = true }` sources name a workspace that its
			// directory, copied alone, is not in: --no-deps installs none of them anyway
			cmd = append(cmd, "--no-sources")
		}
	}
	return &lang.Cmd{Args: append(cmd, args...), Display: tool + " install " + display, Phase: phase, Caches: t.caches}
}

// export writes the lock's requirements (groups: nil for the runtime's) to a file.
func (t *tools) export(out string, groups []string) plan.Step {
	c := &lang.Cmd{Phase: lang.Fetch}
	if t.proj.manager == pipenv {
		return t.proj.pipfileLock.export(out, groups)
	}
	if t.proj.manager == pdm {
		if groups == nil {
			groups = slices.Concat([]string{"default"}, t.proj.withGroups, t.proj.withExtras)
		}
		return t.proj.pdmLock.export(out, groups)
	}
	if t.proj.manager == poetry {
		only := strings.Join(append([]string{"main"}, t.proj.withGroups...), ",")
		var extras []string
		if groups != nil {
			only = strings.Join(groups, ",")
		} else {
			for _, e := range t.proj.withExtras {
				extras = append(extras, "--extras", e)
			}
		}
		c.Args = append([]string{poetryDir + "/bin/poetry", "export", "--only", only}, extras...)
		c.Args = append(c.Args, "--format", "requirements.txt", "--output", out)
		c.Display = strings.Join(append([]string{"poetry", "export", "--only", only}, extras...), " ") + " --output " + out
		return c
	}
	c.Args = []string{"uv", "export", "--frozen"}
	if m := t.proj.member; m != nil { // the member's dependencies, from the workspace's lock (uvworkspace.go)
		c.Args = append(c.Args, "--project", workspaceDir, "--package", m.name)
	}
	if groups == nil { // the runtime's: no dev group; the group or extra of the server (optional.go)
		if t.proj.defaultGroups {
			c.Args = append(c.Args, "--no-default-groups") // the ones it installs are withGroups
		} else {
			c.Args = append(c.Args, "--no-dev")
		}
		for _, g := range t.proj.withGroups {
			c.Args = append(c.Args, "--group", g)
		}
		for _, e := range t.proj.withExtras {
			c.Args = append(c.Args, "--extra", e)
		}
	}
	for _, g := range groups {
		c.Args = append(c.Args, "--only-group", g)
	}
	c.Args = append(c.Args, "--no-emit-workspace", "--format", "requirements.txt", "--output-file", out)
	c.Display = strings.Join(c.Args, " ")
	return c
}

// deps creates the venv and installs the dependencies from the dependency files alone.
func (t *tools) deps() lang.Deps {
	p := t.proj
	d := lang.Deps{Description: "a virtual environment at " + venvDir + " with " + depsText(p), Files: p.depFiles,
		// --without-pip: the builder's pip installs into it (pip --python), so the image ships no pip
		Setup: []plan.Step{&plan.Run{Args: []string{"python3", "-m", "venv", "--without-pip", venvDir}, NoNetwork: true}}}
	switch p.manager {
	case poetry:
		d.Setup = append(d.Setup, &lang.Cmd{
			Args: []string{"/bin/sh", "-c", `python3 -m venv "$1" && "$1/bin/pip" install --no-compile "poetry==$POETRY_VERSION" poetry-plugin-export`,
				"sh", poetryDir},
			Display: "pip install poetry==$POETRY_VERSION poetry-plugin-export (into " + poetryDir + ")", Caches: t.caches})
	case uv:
		d.Setup = append(d.Setup, &plan.Copy{FromStage: "uv", Paths: []string{"/uv", "/uvx"}, Dest: "/usr/local/bin/"})
	}
	switch {
	case p.manager == poetry || p.manager == uv || p.manager == pdm || p.manager == pipenv:
		d.Steps = append(d.Steps, t.export(lockedReqs, nil), t.install(lang.Fetch, "--no-deps -r "+lockedReqs, "--no-deps", "-r", lockedReqs))
	case p.requirementsLock():
		args := []string{"-r", p.lock}
		for _, name := range p.withFiles { // the server's requirements file (optional.go)
			args = append(args, "-r", name)
		}
		d.Steps = append(d.Steps, t.install(lang.Fetch, strings.Join(args, " "), args...))
	case len(p.declared) > 0:
		// the declared dependencies, not pyproject.toml: a version bump keeps this step cached
		d.Steps = append(d.Steps, t.install(lang.Fetch, "<the dependencies of pyproject.toml>", append([]string{"--"}, p.declared...)...))
	case p.addedServer == "":
		return d
	}
	if p.addedServer != "" { // after the lock's install, which would not resolve it
		d.Steps = append(d.Steps, t.install(lang.Fetch, p.addedServer+" (the server the image runs, not among the dependencies)", p.addedServer))
	}
	d.Steps = append(d.Steps, compileDirs(venvDir))
	return d
}

// projectSteps install the project itself, from the source, without resolving again: its
// dependencies are in the venv already (unless only a build could tell them).
func (t *tools) projectSteps() []plan.Step {
	p := t.proj
	if !p.pkg {
		return nil
	}
	if p.dynamic {
		return []plan.Step{t.projectInstall(".", "."), compileDirs(venvDir)}
	}
	steps := []plan.Step{t.projectInstall("--no-deps .", "--no-deps", ".")}
	if p.name == "" {
		return append(steps, compileDirs(venvDir))
	}
	return append(steps, compileDistribution(p.name))
}

// projectInstall is the install of the project itself, with projectEnv.
func (t *tools) projectInstall(display string, args ...string) *lang.Cmd {
	c := t.install(lang.Compile, display, args...)
	c.Env = t.projectEnv
	return c
}

// testDepsSteps install what the tests need beyond the runtime's dependencies, in tester only.
func (t *tools) testDepsSteps() []plan.Step {
	p := t.proj
	var steps []plan.Step
	if len(p.testReqs) > 0 {
		var args []string
		for _, r := range p.testReqs {
			args = append(args, "-r", r)
		}
		steps = append(steps, t.install(lang.Compile, strings.Join(args, " "), args...))
	}
	if len(p.testDeps) > 0 {
		of := "pyproject.toml"
		if len(p.setupExtras) > 0 {
			of = "setup.cfg" // a setuptools project without [project]: its extras are there
		}
		steps = append(steps, t.install(lang.Compile, "<the test dependencies of "+of+">", append([]string{"--"}, p.testDeps...)...))
	}
	if len(p.testGroups) > 0 {
		steps = append(steps, t.export(testReqs, p.testGroups),
			t.install(lang.Compile, "--no-deps -r "+testReqs, "--no-deps", "-r", testReqs))
	}
	return steps
}

// testCommand is pytest when the project depends on it, else Django's test runner for a Django
// project (unittest alone would find its tests without settings), else unittest's discovery.
func (t *tools) testCommand(f lang.Facts) []string {
	mf := manageFile(f)
	switch {
	case t.proj.pytest:
		return []string{"python", "-m", "pytest"}
	case t.proj.installs["django"] && mf == "manage.py":
		return []string{"python", "manage.py", "test"}
	case t.proj.installs["django"] && mf != "":
		// from src/ (or manage.py's directory), where the test modules import as the project's packages
		return []string{"/bin/sh", "-c", "cd " + path.Dir(mf) + " && exec python manage.py test"}
	}
	return []string{"python", "-m", "unittest", "discover"}
}
