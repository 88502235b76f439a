package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// provider is the Python provider as the registry lists it: declared, planned by the skeleton.
var provider = langtest.For(Provider{})

// files is facts with the given files, content "" unless given.
func files(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{}, kv...)
}

var reqApp = files("requirements.txt", "msf-greeting==1.0.0\n", "main.py", "")

// runs are the commands of a stage's Run steps, joined by spaces.
// runs are the commands of a stage's steps that every build runs (the cross-platform check of
// native code, which only cross-platform builds run, has tests of its own in cross_test.go).
func runs(st *plan.Stage) []string {
	var out []string
	for _, s := range st.Steps {
		if r, ok := s.(*plan.Run); ok && !r.CrossOnly {
			out = append(out, strings.Join(r.Args, " "))
		}
	}
	return out
}

func copies(st *plan.Stage) []*plan.Copy { return langtest.Steps[*plan.Copy](st) }

func runStarting(t *testing.T, st *plan.Stage, prefix string) *plan.Run {
	t.Helper()
	for _, s := range st.Steps {
		if r, ok := s.(*plan.Run); ok && strings.HasPrefix(strings.Join(r.Args, " "), prefix) {
			return r
		}
	}
	t.Fatalf("stage %s has no step starting with %q; it runs %q", st.Name, prefix, runs(st))
	return nil
}

func hasRun(st *plan.Stage, prefix string) bool {
	return slices.ContainsFunc(runs(st), func(r string) bool { return strings.HasPrefix(r, prefix) })
}

func TestPipInstallsRequirementsIntoAVenvBeforeTheSource(t *testing.T) {
	p := provider.MustPlan(t, "language: python\n", files("requirements.txt", "-r base.txt\n--constraint=pins/c.txt\nflask\n", "main.py", ""))
	deps := langtest.Deps(t, p, "python:3.11")
	want := []string{
		"python3 -m venv --without-pip /opt/venv",
		"pip --python /opt/venv/bin/python install --no-compile -r requirements.txt",
	}
	if got := runs(deps); len(got) != 3 || !slices.Equal(got[:2], want) || !strings.Contains(got[2], "compileall") {
		t.Errorf("deps runs %q", got)
	}
	cp := copies(deps)
	// one COPY --parents: the requirement files keep their paths
	if len(cp) != 1 || !slices.Equal(cp[0].Paths, []string{"."}) || cp[0].Dest != "./" ||
		!slices.Equal(cp[0].Include, []string{"requirements.txt", "base.txt", "pins/c.txt"}) {
		t.Errorf("deps copies %+v: want only the requirement files, where they live", cp)
	}
	install := runStarting(t, deps, "pip --python")
	if len(install.Mounts) != 1 || install.Mounts[0].Type != plan.MountCache || install.Mounts[0].ID != "pip" ||
		install.Mounts[0].Target != "/root/.cache/pip" {
		t.Errorf("pip install mounts %+v, want the shared pip cache", install.Mounts)
	}
	if !slices.Equal(install.UseArgs, []string{"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST"}) {
		t.Errorf("pip install gets args %q", install.UseArgs)
	}
	// the source comes after, compiled on the runtime's image (the app stage), then onto deps;
	// nothing of a local venv or stale bytecode
	app := p.Stage(lang.AppStage)
	src := copies(app)[0]
	if app.Base.Image != "python:3.11-slim" || !app.BuildPlatform || !app.Internal || !slices.Equal(src.Paths, []string{"."}) ||
		!slices.Contains(src.Exclude, ".venv") || !slices.Contains(src.Exclude, "**/__pycache__") {
		t.Errorf("app on %q copies %+v", app.Base.Image, src)
	}
	b := p.Stage("builder")
	if src := copies(b)[0]; b.Base.Stage != "deps" || src.FromStage != lang.AppStage || !slices.Equal(src.Paths, []string{appDir}) || src.Dest != appDir {
		t.Errorf("builder on %q copies %+v", b.Base.Stage, src)
	}
	if hasRun(b, "pip") {
		t.Errorf("builder installs although the project is no package: %q", runs(b))
	}
}

func TestMirrorArgsAreToolArgs(t *testing.T) {
	for _, tc := range []struct {
		facts lang.Facts
		want  []string
	}{
		{reqApp, []string{"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST"}},
		{files("poetry.lock", "", "pyproject.toml", "", "main.py", ""), []string{"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST", "POETRY_VERSION"}},
		{files("uv.lock", "", "pyproject.toml", "", "main.py", ""), []string{"UV_DEFAULT_INDEX", "UV_INDEX_URL", "UV_INDEX", "UV_EXTRA_INDEX_URL", "UV_INSECURE_HOST"}},
	} {
		p := provider.MustPlan(t, "language: python\nargs: {MODE: prod}\n", tc.facts)
		tool := langtest.ToolArgs(p)
		if !slices.Equal(tool, tc.want) {
			t.Errorf("tool args %q, want %q", tool, tc.want)
		}
		for _, e := range p.Image.Env {
			if strings.HasPrefix(e.Key, "PIP_") || strings.HasPrefix(e.Key, "UV_") || strings.HasPrefix(e.Key, "POETRY") {
				t.Errorf("the image's env has %s", e.Key)
			}
		}
	}
}

func TestPyprojectDependenciesAreInstalledWithoutThePyproject(t *testing.T) {
	pp := "[project]\nname = \"svc\"\ndependencies = [\"flask>=3\", \"gunicorn; sys_platform == 'linux'\"]\n"
	p := provider.MustPlan(t, "language: python\nentrypoint: svc\n", files("pyproject.toml", pp))
	deps := p.Stage("deps")
	if len(copies(deps)) != 0 {
		t.Errorf("deps copies %+v: a version bump in pyproject.toml would redo the install", copies(deps)[0])
	}
	install := runStarting(t, deps, "pip --python")
	if !slices.Equal(install.Args[len(install.Args)-3:], []string{"--", "flask>=3", "gunicorn; sys_platform == 'linux'"}) {
		t.Errorf("install args %q: want the dependencies as arguments after --", install.Args)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0].Msg, "no lockfile") || p.Notes[0].Rule != "MissingLockfile" || p.Notes[0].Field != "language" {
		t.Errorf("notes %+v: want a MissingLockfile note at the language line", p.Notes)
	}
	// no build system: not a package; the app is shipped and runs as a module from /app
	if len(p.Stage("runtime").Steps) != 4 || p.Image.Workdir != "/app" {
		t.Errorf("runtime steps %d, workdir %q", len(p.Stage("runtime").Steps), p.Image.Workdir)
	}
	if _, err := provider.TryPlan(t, "language: python\nentrypoint: svc\n", files("pyproject.toml", "[project]\ndependencies = [\"--index-url=http://evil\"]\n")); err == nil {
		t.Errorf("an option among the dependencies was accepted")
	}
	if _, err := provider.TryPlan(t, "language: python\n", files("pyproject.toml", "[project\n")); err == nil ||
		!strings.Contains(err.Error(), "pyproject.toml") {
		t.Errorf("broken pyproject.toml: %v", err)
	}
}

const pkgPyproject = `[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "greeter"
requires-python = ">=3.12"
dependencies = ["msf-greeting"]

[project.scripts]
greeter = "greeter.cli:main"

[project.optional-dependencies]
test = ["pytest>=8"]
`

func TestAPackageIsInstalledAfterItsDependenciesAndShippedInTheVenvOnly(t *testing.T) {
	p := provider.MustPlan(t, "language: python\n", files("pyproject.toml", pkgPyproject))
	if p.Stage("deps").Base.Image != "python:3.14" {
		t.Errorf("requires-python >=3.12 builds on %q", p.Stage("deps").Base.Image)
	}
	b := p.Stage("builder")
	got := runs(b)
	if len(got) != 3 || got[0] != "pip --python /opt/venv/bin/python install --no-compile --no-deps ." ||
		!strings.HasPrefix(got[1], "python -I -c ") || !strings.HasSuffix(got[1], " greeter") ||
		!strings.Contains(got[2], "for f in /opt/venv/bin/greeter; do test -f") {
		t.Errorf("builder runs %q: want the project without its dependencies, its own files compiled, then the check that its script is there", got)
	}
	rt := p.Stage("runtime")
	var from []string
	for _, c := range copies(rt) {
		from = append(from, c.FromStage+":"+strings.Join(c.Paths, ","))
	}
	if !slices.Equal(from, []string{"runtime-user:/out/etc/", "builder:/opt/venv"}) {
		t.Errorf("runtime copies %q, want the venv only", from)
	}
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/greeter"}) || p.Image.Workdir != "" {
		t.Errorf("entrypoint %q workdir %q", p.Image.Entrypoint, p.Image.Workdir)
	}
	for _, e := range p.Image.Env {
		if e.Key == "PYTHONPATH" {
			t.Errorf("a package image sets PYTHONPATH=%s", e.Value)
		}
	}
	// pytest is a test extra: installed in tester only, and runs the tests
	tester := p.Stage("tester")
	if got := runs(tester); len(got) != 2 || !strings.HasSuffix(got[0], "-- pytest>=8") || got[1] != "python -m pytest" {
		t.Errorf("tester runs %q", got)
	}
	if hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -- msf-greeting pytest") {
		t.Errorf("test dependencies reach deps")
	}
}

func TestSetupPyDependenciesComeWithTheSource(t *testing.T) {
	p := provider.MustPlan(t, "language: python\nentrypoint: tool\n", files("setup.py", ""))
	if hasRun(p.Stage("deps"), "pip") {
		t.Errorf("deps runs pip without a dependency file: %q", runs(p.Stage("deps")))
	}
	b := p.Stage("builder")
	if got := runs(b); len(got) != 3 || got[0] != "pip --python /opt/venv/bin/python install --no-compile ." ||
		!strings.Contains(got[1], "compileall") || !strings.HasSuffix(got[1], "/opt/venv") ||
		!strings.Contains(got[2], "for f in /app/tool.py /app/tool/__main__.py /opt/venv/lib/python*/site-packages/tool.py ") {
		t.Errorf("builder runs %q", got)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0].Msg, "known only by building") || p.Notes[0].Rule != "MissingLockfile" {
		t.Errorf("notes %+v: want a MissingLockfile note", p.Notes)
	}
}

// A requirements.txt that installs only the project itself, with its extras (zou's `-e
// .[dev,test]`, its dependencies in setup.cfg), cannot be installed in deps, before the source:
// the project's own metadata gives the dependencies, installed with it in builder, and its test
// extra the tester's.
func TestRequirementsOfOnlyTheProjectItselfAreNoLock(t *testing.T) {
	setupCfg := "[metadata]\nname = reelbox\n\n[options]\npackages = find:\ninstall_requires =\n    flask==3.1.0\n" +
		"    flask-sqlalchemy==3.1.1\n    gunicorn==23.0.0\n\n[options.extras_require]\ndev =\n    wheel\ntest =\n" +
		"    pytest==8.3.4\n    fakeredis==2.26.2\nlint =\n    black==24.10.0\n\n[options.entry_points]\nconsole_scripts =\n" +
		"    reelbox = reelbox.cli:cli\n    reelbox_thumbs = reelbox.remote.thumbs:main\n"
	app := files("setup.py", "from setuptools import setup\n\nsetup(python_requires=\">=3.10\")\n", "setup.cfg", setupCfg,
		"pyproject.toml", "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n",
		"reelbox/__init__.py", "", "reelbox/cli.py", "import click\n", "reelbox/remote/thumbs.py", "def main():\n    pass\n",
		"reelbox/app/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n")
	for _, line := range []string{"-e .[dev,test]", "--index-url https://pypi.example.com/simple\n-e .", ".", "-e file:.#egg=reelbox", "--editable=./[test]  # the project\n"} {
		p := provider.MustPlan(t, "language: python\nentrypoint: reelbox.app:app\n", with(app, "requirements.txt", line+"\n"))
		if hasRun(p.Stage("deps"), "pip") || !hasRun(p.Stage("builder"), "pip --python /opt/venv/bin/python install --no-compile .") {
			t.Errorf("%q: deps runs %q, builder %q: want the project installed with its dependencies in builder", line, runs(p.Stage("deps")), runs(p.Stage("builder")))
		}
		if n := langtest.NotesOf(p, "MissingLockfile"); len(n) != 1 || !strings.Contains(n[0].Msg, "requirements.txt installs only the project itself") {
			t.Errorf("%q: notes %+v", line, p.Notes)
		}
		if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "reelbox.app:app"}) {
			t.Errorf("%q: runtime runs %q", line, p.Image.Entrypoint)
		}
		if !hasRun(p.Stage("tester"), "pip --python /opt/venv/bin/python install --no-compile -- wheel pytest==8.3.4 fakeredis==2.26.2") {
			t.Errorf("%q: tester runs %q: want setup.cfg's dev and test extras", line, runs(p.Stage("tester")))
		}
	}
	// a requirement or an include beside it: the file is the lock, as before
	for _, reqs := range []string{"-e .\nflask==3.1.0\n", "-r base.txt\n-e .\n"} {
		p := provider.MustPlan(t, "language: python\nentrypoint: reelbox.app:app\n", with(app, "requirements.txt", reqs, "base.txt", "flask\n"))
		if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -r requirements.txt") {
			t.Errorf("%q: deps runs %q", reqs, runs(p.Stage("deps")))
		}
	}
	// without a project beside it, `-e .` is no project's: the file stays the lock
	p := provider.MustPlan(t, "language: python\n", files("requirements.txt", "-e .\n", "main.py", ""))
	if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -r requirements.txt") {
		t.Errorf("no project: deps runs %q", runs(p.Stage("deps")))
	}
}

// A requirements.lock.txt that pins what requirements.txt names loosely (contentdb's, `pip
// freeze` of it, which its Dockerfile installs) is the lock: deps installs it, not the loose
// names, which would resolve to whatever is newest at build time.
func TestPinnedRequirementsBesideLooseOnesAreTheLock(t *testing.T) {
	loose := "Flask\nFlask-SQLAlchemy\ncelery[redis]\ngunicorn\n"
	pinned := "# pip freeze\ncelery==5.4.0\nflask==3.0.3\nFlask-SQLAlchemy==3.1.1\ngunicorn==22.0.0 \\\n    --hash=sha256:0123\n" +
		"redis==5.0.4 ; python_version >= \"3.8\"\nwerkzeug===3.0.3\n"
	site := files("requirements.txt", loose, "modhub/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n")
	for _, name := range []string{"requirements.lock.txt", "requirements-lock.txt"} {
		p := mustContext(t, "language: python\n", with(site, name, pinned))
		deps := p.Stage("deps")
		if !hasRun(deps, "pip --python /opt/venv/bin/python install --no-compile -r "+name) || hasRun(deps, "pip --python /opt/venv/bin/python install --no-compile -r requirements.txt") {
			t.Errorf("%s: deps runs %q", name, runs(deps))
		}
		if cp := copies(deps); len(cp) != 1 || !slices.Equal(cp[0].Paths, []string{name}) {
			t.Errorf("%s: deps copies %+v", name, cp)
		}
		if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "modhub:app"}) || len(langtest.NotesOf(p, "ServerAdded")) > 0 {
			t.Errorf("%s: runtime runs %q, notes %+v: want the lock's gunicorn", name, p.Image.Entrypoint, p.Notes)
		}
	}
	// requirements.txt pinned itself is the lock; a lock with a loose name is none
	for _, tc := range []struct{ reqs, lock string }{
		{"flask==3.0.3\ngunicorn==22.0.0\n", pinned},
		{loose, pinned + "requests>=2\n"},
		{loose, "-r requirements.txt\ncelery==5.4.0\n"},
	} {
		p := mustContext(t, "language: python\n", with(site, "requirements.txt", tc.reqs, "requirements.lock.txt", tc.lock))
		if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -r requirements.txt") {
			t.Errorf("%q beside %q: deps runs %q", tc.reqs, tc.lock, runs(p.Stage("deps")))
		}
	}
}

func TestPoetryExportsTheLockForPip(t *testing.T) {
	pp := "[tool.poetry]\nname = \"svc\"\npackage-mode = false\n[tool.poetry.dependencies]\npython = \"^3.11\"\nflask = \"*\"\n" +
		"[tool.poetry.group.test.dependencies]\npytest = \"*\"\n"
	p := provider.MustPlan(t, "language: python\n", files("pyproject.toml", pp, "poetry.lock", "", "app.py", ""))
	deps := p.Stage("deps")
	want := []string{
		"python3 -m venv --without-pip /opt/venv",
		`/bin/sh -c python3 -m venv "$1" && "$1/bin/pip" install --no-compile "poetry==$POETRY_VERSION" poetry-plugin-export sh /opt/poetry`,
		"/opt/poetry/bin/poetry export --only main --format requirements.txt --output /tmp/requirements.lock.txt",
		"pip --python /opt/venv/bin/python install --no-compile --no-deps -r /tmp/requirements.lock.txt",
	}
	if got := runs(deps); !slices.Equal(got[:4], want) {
		t.Errorf("deps runs\n%q\nwant\n%q", got, want)
	}
	if c := copies(deps); len(c) != 1 || !slices.Equal(c[0].Paths, []string{"pyproject.toml", "poetry.lock"}) {
		t.Errorf("deps copies %+v", c)
	}
	if i := slices.IndexFunc(p.Args, func(a plan.Arg) bool { return a.Name == "POETRY_VERSION" }); i < 0 || p.Args[i].Default != "2.5.1" {
		t.Errorf("args %+v", p.Args)
	}
	if hasRun(p.Stage("builder"), "pip") {
		t.Errorf("package-mode = false still installs the project")
	}
	if got := runs(p.Stage("tester")); len(got) != 3 || got[0] != "/opt/poetry/bin/poetry export --only test --format requirements.txt --output /tmp/requirements.test.txt" ||
		got[2] != "python -m pytest" {
		t.Errorf("tester runs %q", got)
	}
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/python", "/app/app.py"}) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
}

func TestUvCopiesItsBinariesAndExportsTheLock(t *testing.T) {
	pp := "[project]\nname = \"svc\"\nrequires-python = \">=3.12\"\ndependencies = [\"flask\"]\n[dependency-groups]\ndev = [\"pytest\", {include-group = \"lint\"}]\nlint = [\"ruff\"]\n"
	p := provider.MustPlan(t, "language: python\nentrypoint: svc.main\n", files("pyproject.toml", pp, "uv.lock", "", ".python-version", "3.13\n"))
	if uvs := p.Stage("uv"); uvs == nil || !uvs.Internal || uvs.Base.Image != "ghcr.io/astral-sh/uv:0.13.8" {
		t.Fatalf("uv stage %+v", uvs)
	}
	deps := p.Stage("deps")
	if deps.Base.Image != "python:3.13" {
		t.Errorf(".python-version 3.13 builds on %q", deps.Base.Image)
	}
	c := copies(deps)
	if len(c) != 2 || c[0].FromStage != "uv" || !slices.Equal(c[0].Paths, []string{"/uv", "/uvx"}) ||
		!slices.Equal(c[1].Paths, []string{"pyproject.toml", "uv.lock"}) {
		t.Errorf("deps copies %+v %+v", c[0], c[len(c)-1])
	}
	exp := runStarting(t, deps, "uv export")
	if !slices.Contains(exp.Args, "--frozen") || !slices.Contains(exp.Args, "--no-dev") || !slices.Contains(exp.Args, "--no-emit-workspace") {
		t.Errorf("export %q", exp.Args)
	}
	inst := runStarting(t, deps, "uv pip install --python /opt/venv/bin/python --no-deps -r /tmp/requirements.lock.txt")
	if len(inst.Mounts) != 1 || inst.Mounts[0].ID != "uv" || inst.Mounts[0].Target != "/root/.cache/uv" {
		t.Errorf("uv pip install mounts %+v", inst.Mounts)
	}
	if !slices.Contains(inst.Env, plan.Env{Key: "UV_LINK_MODE", Value: "copy"}) {
		t.Errorf("uv env %+v", inst.Env)
	}
	tester := p.Stage("tester")
	if got := runs(tester); len(got) != 3 || !strings.HasPrefix(got[0], "uv export --frozen --only-group dev ") || got[2] != "python -m pytest" {
		t.Errorf("tester runs %q", got)
	}
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/python", "-m", "svc.main"}) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
}

func TestLockWithoutPyprojectIsAnError(t *testing.T) {
	_, err := provider.TryPlan(t, "# syntax=org/multistage-frontend\nlanguage: python\n", files("uv.lock", ""))
	if err == nil || err.Error() != "uv.lock without pyproject.toml at Dockerfile:2:1" {
		t.Errorf("err = %v", err)
	}
}

// TestVersionComesFromSpecThenFileThenRequiresPython: the spec's version, else .python-version's,
// else Heroku's runtime.txt's, else what requires-python allows.
func TestVersionComesFromSpecThenFileThenRequiresPython(t *testing.T) {
	pp := "[project]\nrequires-python = \">=3.12\"\n"
	for _, tc := range []struct {
		src   string
		facts lang.Facts
		want  string
	}{
		{"language: python\n", reqApp, "python:3.11"},
		{"language: python\nversion: \"3.12\"\n", files("pyproject.toml", pp, ".python-version", "3.10", "main.py", ""), "python:3.12"},
		{"language: python\n", files("pyproject.toml", pp, ".python-version", "3.10.4\n", "main.py", ""), "python:3.10"},
		{"language: python\n", files("pyproject.toml", pp, "main.py", ""), "python:3.14"},
		{"language: python\n", files("requirements.txt", "", "runtime.txt", "python-3.12.7\n", "main.py", ""), "python:3.12"},
		{"language: python\n", files("requirements.txt", "", ".python-version", "3.13\n", "runtime.txt", "python-3.12.7\n", "main.py", ""), "python:3.13"},
		{"language: python\nbuild: {image: my/python:3}\n", reqApp, "my/python:3"},
		{"language: python\nruntime: alpine\n", reqApp, "python:3.11-alpine"},
		{"language: python\nruntime: distroless\n", reqApp, "python:3.11-bookworm"},
	} {
		p := provider.MustPlan(t, tc.src, tc.facts)
		if got := p.Stage("deps").Base.Image; got != tc.want {
			t.Errorf("%q: builder %q, want %q", tc.src, got, tc.want)
		}
	}
	_, err := provider.TryPlan(t, "language: python\nversion: 3.11-slim\n", reqApp)
	if err == nil || !strings.Contains(err.Error(), `"3.11-slim" is not a Python version at Dockerfile:2:1`) {
		t.Errorf("bad version: %v", err)
	}
	_, err = provider.TryPlan(t, "language: python\n", files("pyproject.toml", "[project]\nrequires-python = \"<3\"\n", "main.py", ""))
	if err == nil || !strings.Contains(err.Error(), "allows none of Python") {
		t.Errorf("impossible requires-python: %v", err)
	}
}

func TestEntrypoints(t *testing.T) {
	pkg := files("pyproject.toml", pkgPyproject)
	for _, tc := range []struct {
		src   string
		facts lang.Facts
		want  []string
	}{
		{"entrypoint: greeter\n", reqApp, []string{"/opt/venv/bin/python", "-m", "greeter"}},
		{"entrypoint: app.server\n", reqApp, []string{"/opt/venv/bin/python", "-m", "app.server"}},
		{"entrypoint: src/serve.py\n", reqApp, []string{"/opt/venv/bin/python", "/app/src/serve.py"}},
		{"entrypoint: ./serve.py\n", reqApp, []string{"/opt/venv/bin/python", "/app/serve.py"}},
		{"", reqApp, []string{"/opt/venv/bin/python", "/app/main.py"}},
		{"", files("requirements.txt", "", "app.py", "", "__main__.py", ""), []string{"/opt/venv/bin/python", "/app/app.py"}},
		{"", files("requirements.txt", "", "__main__.py", ""), []string{"/opt/venv/bin/python", "/app/__main__.py"}},
		{"", pkg, []string{"/opt/venv/bin/greeter"}},
		{"entrypoint: greeter\n", pkg, []string{"/opt/venv/bin/greeter"}}, // the script wins over the module
		{"entrypoint: greeter.cli\n", pkg, []string{"/opt/venv/bin/python", "-m", "greeter.cli"}},
		// a package with a __main__.py, as examples/python's greeter (tests/ is never what runs)
		{"", files("requirements.txt", "", "greeter/__main__.py", "", "tests/__main__.py", ""), []string{"/opt/venv/bin/python", "-m", "greeter"}},
		{"", files("requirements.txt", "", "main.py", "", "greeter/__main__.py", ""), []string{"/opt/venv/bin/python", "/app/main.py"}},
	} {
		p := provider.MustPlan(t, "language: python\n"+tc.src, tc.facts)
		if !slices.Equal(p.Image.Entrypoint, tc.want) {
			t.Errorf("%q: entrypoint %q, want %q", tc.src, p.Image.Entrypoint, tc.want)
		}
	}
	// a file entrypoint of a package ships the source as well
	p := provider.MustPlan(t, "language: python\nentrypoint: tools/run.py\n", pkg)
	if len(copies(p.Stage("runtime"))) != 3 {
		t.Errorf("file entrypoint of a package does not ship /app")
	}
}

func TestBadEntrypointsAreRefusedAtTheirLine(t *testing.T) {
	for _, entry := range []string{"../up.py", "/abs/main.py", "a b.py", "app-server", "app..main", "$(id)", "a;b"} {
		_, err := provider.TryPlan(t, "language: python\nentrypoint: \""+entry+"\"\n", reqApp)
		if err == nil || !strings.Contains(err.Error(), "at Dockerfile:2:1") {
			t.Errorf("entrypoint %q: %v", entry, err)
		}
	}
	_, err := provider.TryPlan(t, "language: python\n", files("requirements.txt", ""))
	if err == nil || !strings.Contains(err.Error(), "no entrypoint: the build context has no main.py, app.py, __main__.py") {
		t.Errorf("no entrypoint: %v", err)
	}
	_, err = provider.TryPlan(t, "language: python\n", files("requirements.txt", "", "api/__main__.py", "", "worker/__main__.py", ""))
	if err == nil || !strings.Contains(err.Error(), "several packages of the build context have a __main__.py (api, worker)") ||
		!strings.Contains(err.Error(), "at Dockerfile:") {
		t.Errorf("two main packages: %v", err)
	}
	two := strings.Replace(pkgPyproject, "[project.scripts]\n", "[project.scripts]\nother = \"x:y\"\n", 1)
	_, err = provider.TryPlan(t, "language: python\n", files("pyproject.toml", two))
	if err == nil || !strings.Contains(err.Error(), "several scripts (greeter, other)") {
		t.Errorf("two scripts: %v", err)
	}
}

func TestRuntimes(t *testing.T) {
	// slim: python's slim image, nonroot added on the build platform, the venv and the app copied
	p := provider.MustPlan(t, "language: python\n", reqApp)
	if rt := p.Stage("runtime-base"); rt == nil || rt.Base.Image != "python:3.11-slim" || p.Stage("runtime-user") == nil {
		t.Fatalf("slim runtime stages: %+v", p.Stages)
	}
	if p.Image.User != "65532:65532" || p.Image.Workdir != "/app" {
		t.Errorf("user %q workdir %q", p.Image.User, p.Image.Workdir)
	}
	for _, want := range []plan.Env{{Key: "PATH", Value: "/opt/venv/bin:" + stdPath}, {Key: "PYTHONUNBUFFERED", Value: "1"}, {Key: "PYTHONPATH", Value: "/app"}} {
		if !slices.Contains(p.Image.Env, want) {
			t.Errorf("image env %+v lacks %+v", p.Image.Env, want)
		}
	}

	// distroless: its python is /usr/bin/python3.11; the venv is pointed at it in a copy
	p = provider.MustPlan(t, "language: python\nruntime: distroless\n", reqApp)
	vs := p.Stage("runtime-venv")
	if vs == nil || !vs.Internal || vs.Base.Stage != "deps" || !vs.BuildPlatform { // the build leaves the venv as deps made it
		t.Fatalf("runtime-venv %+v", vs)
	}
	relink := vs.Steps[0].(*plan.Run)
	if !relink.NoNetwork || relink.Args[len(relink.Args)-1] != "/usr/bin/python3.11" {
		t.Errorf("relink %q (network off: %v)", relink.Args, relink.NoNetwork)
	}
	rt := p.Stage("runtime")
	if rt.Base.Image != "gcr.io/distroless/python3-debian12:nonroot" || copies(rt)[0].FromStage != "runtime-venv" ||
		copies(rt)[1].FromStage != "builder" {
		t.Errorf("distroless runtime %+v", rt)
	}
	if p.Stage("runtime-user") != nil {
		t.Errorf("distroless has nonroot already")
	}
	_, err := provider.TryPlan(t, "language: python\nversion: \"3.12\"\nruntime: distroless\n", reqApp)
	if err == nil || !strings.Contains(err.Error(), "has Python 3.11, not 3.12 at Dockerfile:2:1") {
		t.Errorf("distroless 3.12: %v", err)
	}

	// alpine: built on alpine too (musl), packages with apk
	p = provider.MustPlan(t, "language: python\nruntime: alpine\nbuild: {packages: [gcc, musl-dev]}\npackages: [libpq]\n", reqApp)
	if got := runs(p.Stage("deps"))[0]; !strings.Contains(got, "apk add") {
		t.Errorf("alpine build packages: %q", got)
	}
	if !hasRun(p.Stage("runtime"), "/bin/sh -c apk add") {
		t.Errorf("alpine runtime packages: %q", runs(p.Stage("runtime")))
	}

	// scratch cannot run Python
	_, err = provider.TryPlan(t, "language: python\nruntime: scratch\n", reqApp)
	if err == nil || !strings.Contains(err.Error(), "the scratch runtime has none at Dockerfile:2:1, use slim") {
		t.Errorf("scratch: %v", err)
	}

	// an image reference: the builder is python:<version>
	p = provider.MustPlan(t, "language: python\nruntime: registry.example/base/python:3.11\n", reqApp)
	if p.Stage("runtime").Base.Image != "registry.example/base/python:3.11" || p.Stage("deps").Base.Image != "python:3.11" {
		t.Errorf("custom runtime %q on %q", p.Stage("runtime").Base.Image, p.Stage("deps").Base.Image)
	}
}

func TestSystemPackages(t *testing.T) {
	p := provider.MustPlan(t, "language: python\nbuild:\n  packages: [gcc, libpq-dev]\npackages: [libpq5]\n", reqApp)
	deps := p.Stage("deps")
	apt := deps.Steps[0].(*plan.Run)
	if !slices.Equal(apt.Args[len(apt.Args)-2:], []string{"gcc", "libpq-dev"}) || apt.Field != "build.packages" || len(apt.Mounts) != 2 {
		t.Errorf("build packages step %q (%s)", apt.Args, apt.Field)
	}
	rt := p.Stage("runtime")
	var kinds []string
	for _, st := range rt.Steps {
		switch v := st.(type) {
		case *plan.Run:
			kinds = append(kinds, "run:"+v.Args[len(v.Args)-1])
		case *plan.Copy:
			kinds = append(kinds, "copy:"+v.FromStage)
		case *plan.Mkdir:
			kinds = append(kinds, "mkdir")
		}
	}
	// the packages come before the app, so a code change does not install them again
	if !slices.Equal(kinds, []string{"copy:runtime-user", "mkdir", "run:libpq5", "copy:deps", "copy:app"}) {
		t.Errorf("runtime steps %q", kinds)
	}
	if hasRun(rt, "/bin/sh -c rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && apt-get install -y --no-install-recommends \"$@\" sh gcc") {
		t.Errorf("build packages reach the runtime")
	}
	_, err := provider.TryPlan(t, "language: python\nruntime: distroless\npackages: [libpq5]\n", reqApp)
	if err == nil || !strings.Contains(err.Error(), "no package manager") {
		t.Errorf("distroless packages: %v", err)
	}
}

func TestTester(t *testing.T) {
	p := provider.MustPlan(t, "language: python\n", reqApp)
	if got := runs(p.Stage("tester")); !slices.Equal(got, []string{"python -m unittest discover"}) {
		t.Errorf("default tester %q", got)
	}
	f := files("requirements.txt", "flask\n", "requirements-dev.txt", "pytest==8.3\n", "main.py", "")
	p = provider.MustPlan(t, "language: python\n", f)
	if got := runs(p.Stage("tester")); len(got) != 2 || !strings.HasSuffix(got[0], "-r requirements-dev.txt") || got[1] != "python -m pytest" {
		t.Errorf("tester with requirements-dev.txt %q", got)
	}
	// the other order of the words (pinterest/snappass's)
	p = provider.MustPlan(t, "language: python\n", files("requirements.txt", "flask\n", "dev-requirements.txt", "pytest==8.3\nfakeredis\n", "main.py", ""))
	if got := runs(p.Stage("tester")); len(got) != 2 || !strings.HasSuffix(got[0], "-r dev-requirements.txt") || got[1] != "python -m pytest" {
		t.Errorf("tester with dev-requirements.txt %q", got)
	}
	p = provider.MustPlan(t, "language: python\ntest: python -m pytest -x tests/unit\n", f)
	if got := runs(p.Stage("tester")); got[1] != "/bin/sh -c python -m pytest -x tests/unit" {
		t.Errorf("spec test %q", got)
	}
	p = provider.MustPlan(t, "language: python\ntest: false\n", reqApp)
	if p.Stage("tester") != nil {
		t.Errorf("test: false keeps a tester")
	}
}

func TestBuildCommandRunsAfterTheSourceInBuilder(t *testing.T) {
	p := provider.MustPlan(t, "language: python\nbuild:\n  command: python manage.py collectstatic --noinput\n  env: {DJANGO_SETTINGS_MODULE: site.settings}\n", reqApp)
	b := p.Stage("builder")
	r := runStarting(t, b, "/bin/sh -c python manage.py collectstatic")
	if r.Field != "build.command" || !slices.Contains(r.Env, plan.Env{Key: "DJANGO_SETTINGS_MODULE", Value: "site.settings"}) {
		t.Errorf("build command %+v", r)
	}
	// the bytecode compiled after the build command, then the check of what the image runs
	if got := runs(b); len(got) != 3 || !strings.HasPrefix(got[0], "/bin/sh -c python manage.py collectstatic") ||
		!strings.Contains(got[1], "compileall") || !strings.Contains(got[2], "for f in /app/main.py;") {
		t.Errorf("builder runs %q, want the build command, the bytecode, the check", got)
	}
}

func TestRequirementFiles(t *testing.T) {
	f := files("requirements.txt", "# pins\n-r base.txt\n--requirement=dev/extra.txt\n-c ./constraints.txt\n-rinline.txt\n"+
		"-r https://example.com/r.txt\n-r ../outside.txt\nflask>=3 # comment\n-e .\n-r base.txt\n")
	got, unread := requirementFiles(f, "requirements.txt")
	want := []string{"requirements.txt", "base.txt", "dev/extra.txt", "constraints.txt", "inline.txt"}
	if !slices.Equal(got, want) || !slices.Equal(unread, want[1:]) {
		t.Errorf("requirement files %q (unread %q), want %q", got, unread, want)
	}
	// the includes of included files, relative to the file that names them, as pip reads them
	// (wagtail/bakerydemo: requirements.txt -> requirements/production.txt -> requirements/base.txt)
	f = files("requirements.txt", "-r requirements/production.txt\n", "requirements/production.txt", "-r base.txt\ngunicorn\n",
		"requirements/base.txt", "-c ../pins.txt\n-r requirements/production.txt\ndjango>=5\n")
	got, unread = requirementFiles(f, "requirements.txt")
	want = []string{"requirements.txt", "requirements/production.txt", "requirements/base.txt", "pins.txt", "requirements/requirements/production.txt"}
	if !slices.Equal(got, want) || !slices.Equal(unread, want[3:]) {
		t.Errorf("nested requirement files %q (unread %q), want %q", got, unread, want)
	}
	if p, err := readProject(f); err != nil || !p.installs["django"] || !p.installs["gunicorn"] || !slices.Equal(p.depFiles, want) {
		t.Errorf("project %+v, %v: want django and gunicorn from the included files, every file copied", p, err)
	}
}

func TestPytestIsDetectedFromTheDependencies(t *testing.T) {
	for _, tc := range []struct {
		facts lang.Facts
		want  bool
	}{
		{files("requirements.txt", "pytest-cov\n"), false},
		{files("requirements.txt", "flask\n", "requirements-test.txt", "PyTest>=8\n"), true},
		{files("pyproject.toml", "[tool.pytest.ini_options]\naddopts = \"-q\"\n"), true},
		{files("pyproject.toml", "[dependency-groups]\ntest = [\"pytest\"]\n"), true},
		{files("pyproject.toml", "[project]\ndependencies = [\"pytest-django\"]\n"), false},
	} {
		p, err := readProject(tc.facts)
		if err != nil {
			t.Fatal(err)
		}
		if p.pytest != tc.want {
			t.Errorf("%v: pytest %v, want %v", tc.facts, p.pytest, tc.want)
		}
	}
}

// TestFollowLooksForMainPackagesOnlyWhenNeeded: the provider asks the context for */__main__.py
// and */main.py only when neither the spec nor a default file names what runs, so planning reads no more than
// it needs.
func TestFollowLooksForMainPackagesOnlyWhenNeeded(t *testing.T) {
	for _, tc := range []struct {
		src   string
		facts lang.Facts
		want  []string
	}{
		{"language: python\n", files("requirements.txt", ""), []string{mainPattern, serverMainPattern}},
		{"language: python\n", reqApp, nil},
		{"language: python\nentrypoint: app.server\n", files("requirements.txt", ""), nil},
	} {
		s := langtest.Spec(t, tc.src)
		if got := (Provider{}).Follow(s, tc.facts); !slices.Equal(got, tc.want) {
			t.Errorf("%q with %d files: follows %q, want %q", tc.src, len(tc.facts), got, tc.want)
		}
	}
}

// TestEntryPlanningSawIsNotCheckedAgain: an entry file or module that planning read in the
// build context reaches the image with the source copy, so the builder runs no check of its own
// for it (a container start on every source change); one the build must make or install, or
// that the spec's build command could move, is checked after the build (lang.Expect).
func TestEntryPlanningSawIsNotCheckedAgain(t *testing.T) {
	pkgProject := files("pyproject.toml", "[project]\nname = \"greeter\"\nversion = \"1.0\"\n", "greeter/__main__.py", "")
	for _, tc := range []struct {
		name, spec string
		ctx        lang.Facts
		want       []string // the paths the builder checks
	}{
		{"a package's __main__.py", "language: python\n", files("requirements.txt", "", "greeter/__main__.py", ""), nil},
		{"main.py", "language: python\n", reqApp, nil},
		{"a file the spec names, which planning does not read", "language: python\nentrypoint: src/server.py\n",
			files("requirements.txt", "", "src/server.py", ""), []string{"/app/src/server.py"}},
		{"a module not in the context", "language: python\nentrypoint: greeter.nosuch\n", files("requirements.txt", "", "greeter/__main__.py", ""),
			[]string{"/app/greeter/nosuch.py /app/greeter/nosuch/__main__.py /opt/venv/lib/python*/site-packages/greeter/nosuch.py /opt/venv/lib/python*/site-packages/greeter/nosuch/__main__.py"}},
		{"a build command", "language: python\nbuild:\n  command: python tools/gen.py\n", reqApp, []string{"/app/main.py"}},
		{"an installed package's module", "language: python\nentrypoint: greeter\n", pkgProject,
			[]string{"/app/greeter.py /app/greeter/__main__.py /opt/venv/lib/python*/site-packages/greeter.py /opt/venv/lib/python*/site-packages/greeter/__main__.py"}},
	} {
		p := mustContext(t, tc.spec, tc.ctx)
		if got := buildChecks(p); !slices.Equal(got, tc.want) {
			t.Errorf("%s: the builder checks %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The runtime takes the venv from deps when the build leaves it as deps made it, so that a
// source change reruns neither that copy nor runtime-venv; from the builder when the build
// installs the project into it (TestAPackageIsInstalledAfterItsDependenciesAndShippedInTheVenvOnly)
// or runs build.command, which may.
func TestVenvFromDepsUnlessTheBuildMayWriteIt(t *testing.T) {
	for src, want := range map[string]string{
		"language: python\n": "deps",
		"language: python\nbuild: {command: python -m pip install -e .}\n": "builder",
		"language: python\nruntime: distroless\n":                          "runtime-venv",
	} {
		p := provider.MustPlan(t, src, reqApp)
		var from string
		for _, c := range copies(p.Stage("runtime")) {
			if slices.Equal(c.Paths, []string{"/opt/venv"}) {
				from = c.FromStage
			}
		}
		if from != want {
			t.Errorf("%q: the venv comes from %q, want %q", src, from, want)
		}
	}
}

// TestNativeLibrariesReachTheRuntime: a distribution that loads a shared library the slim and
// alpine images lack (psycopg2 and mysqlclient, built from source against the builder's -dev
// packages; psycopg 3 without its binary extra) gets the library's runtime package, once,
// beside the spec's; psycopg[binary], distroless and an image the spec names get none.
func TestNativeLibrariesReachTheRuntime(t *testing.T) {
	installed := func(src, reqs string) []string {
		t.Helper()
		p := provider.MustPlan(t, src, files("requirements.txt", reqs, "main.py", ""))
		var out []string
		for _, st := range p.Stage("runtime").Steps {
			if r, ok := st.(*plan.Run); ok && (strings.Contains(strings.Join(r.Args, " "), "apt-get install") || strings.Contains(strings.Join(r.Args, " "), "apk add")) {
				out = append(out, r.Args[slices.Index(r.Args, "sh")+1:]...)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name, src, reqs string
		want            []string
	}{
		{"psycopg2 from source", "", "-r requirements/heroku.txt\n", nil}, // the include is not in the context
		{"psycopg2", "", "Flask==3.1\npsycopg2==2.9.10\n", []string{"libpq5"}},
		{"psycopg2 and the spec's libpq5", "packages: [libpq5, curl]\n", "psycopg2\n", []string{"libpq5", "curl"}},
		{"psycopg 3", "", "psycopg[pool]>=3.2\n", []string{"libpq5"}},
		{"psycopg[binary]", "", "psycopg[binary,pool]>=3.2\n", nil},
		{"psycopg2-binary", "", "psycopg2-binary\n", nil},
		{"mysqlclient and psycopg2", "", "mysqlclient\npsycopg2\n", []string{"libmariadb3", "libpq5"}},
		{"alpine", "runtime: alpine\n", "mysqlclient\n", []string{"mariadb-connector-c"}},
		// libraries loaded through ctypes or cffi (saleor's python-magic)
		{"python-magic", "", "Django==5.1\npython-magic==0.4.27\n", []string{"libmagic1"}},
		{"python-magic on alpine", "runtime: alpine\n", "python-magic\n", []string{"libmagic"}},
		{"pyvips", "", "pyvips>=2.2\n", []string{"libvips42"}},
		{"pyvips[binary]", "", "pyvips[binary]>=2.2\n", nil},
		{"WeasyPrint", "", "WeasyPrint==63.1\n", []string{"libharfbuzz-subset0", "libpango-1.0-0", "libpangoft2-1.0-0"}},
		{"CairoSVG and cairocffi", "", "CairoSVG\ncairocffi\n", []string{"libcairo2"}},
		{"python-magic-bin is another distribution", "", "python-magic-bin\n", nil},
		{"an image of the spec's", "runtime: registry.example/base/python:3.11\n", "psycopg2\n", nil},
	} {
		if got := installed("language: python\n"+tc.src, tc.reqs); !slices.Equal(got, tc.want) {
			t.Errorf("%s: the runtime installs %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, err := provider.TryPlan(t, "language: python\nruntime: distroless\n", files("requirements.txt", "psycopg2\n", "main.py", "")); err != nil {
		t.Errorf("distroless with psycopg2: %v", err)
	}
}

// TestGeoDjangoGetsGDAL: a Django project whose settings install GeoDjango (its app, or one of
// its database engines) loads GDAL and GEOS at import: the runtime gets them (gdal-bin on
// Debian, which depends on the release's libgdal; gdal, geos and proj on Alpine), and so does
// deps, before the dependencies, for builder's collectstatic and the tests. A Django project
// without it gets neither.
func TestGeoDjangoGetsGDAL(t *testing.T) {
	packages := func(st *plan.Stage) []string {
		var out []string
		for _, step := range st.Steps {
			if r, ok := step.(*plan.Run); ok && (strings.Contains(strings.Join(r.Args, " "), "apt-get install") || strings.Contains(strings.Join(r.Args, " "), "apk add")) {
				out = append(out, r.Args[slices.Index(r.Args, "sh")+1:]...)
			}
		}
		return out
	}
	app := with(djangoSite, "mysite/settings.py", djangoSettingsPy+"INSTALLED_APPS = [\n    \"django.contrib.gis\",\n    \"polls\",\n]\n")
	engine := with(djangoSite, "mysite/settings.py", djangoSettingsPy+"from .db import *\n",
		"mysite/db.py", "DATABASES = {\"default\": dj_database_url.config(engine=\"django.contrib.gis.db.backends.postgis\")}\n")
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		runtime   []string
		deps      []string
	}{
		{"the app", "", app, []string{"gdal-bin"}, []string{"gdal-bin"}},
		{"an engine in another file of the settings' package", "", engine, []string{"gdal-bin"}, []string{"gdal-bin"}},
		{"beside psycopg2", "", with(app, "requirements.txt", "Django==5.1.4\ngunicorn\npsycopg2\n"), []string{"gdal-bin", "libpq5"}, []string{"gdal-bin"}},
		{"alpine", "runtime: alpine\n", app, []string{"gdal", "geos", "proj"}, []string{"gdal", "geos", "proj"}},
		{"no GeoDjango", "", djangoSite, nil, nil},
	} {
		p := mustContext(t, "language: python\n"+tc.src, tc.ctx)
		if got := packages(p.Stage("runtime")); !slices.Equal(got, tc.runtime) {
			t.Errorf("%s: runtime packages %q, want %q", tc.name, got, tc.runtime)
		}
		if got := packages(p.Stage("deps")); !slices.Equal(got, tc.deps) {
			t.Errorf("%s: deps packages %q, want %q", tc.name, got, tc.deps)
		}
	}
}

// TestAPackagesServingMainModuleRuns: with no default file, no __main__.py and no script, the
// one top-level package whose main.py starts a server when run as a program (aiohttp's demos'
// `web.run_app(app)` under `if __name__ == "__main__":`) runs as `python -m package.main`; a
// main.py that only defines, one that serves on import alone, one whose guard starts no server,
// tests/main.py, and two such packages leave the error that nothing runs.
func TestAPackagesServingMainModuleRuns(t *testing.T) {
	const serves = "from aiohttp import web\n\n\ndef main():\n    web.run_app(init_app())\n\n\nif __name__ == '__main__':\n    main()\n"
	for _, tc := range []struct {
		name string
		ctx  map[string]string
		want []string // nil: the error
	}{
		{"aiohttp's run_app", map[string]string{"chat/main.py": serves}, []string{"/opt/venv/bin/python", "-m", "chat.main"}},
		{"a __main__.py wins", map[string]string{"chat/main.py": serves, "polls/__main__.py": "from polls.main import main\nmain()\n"}, []string{"/opt/venv/bin/python", "-m", "polls"}},
		{"no guard", map[string]string{"chat/main.py": "from aiohttp import web\n\napp = web.Application()\n"}, nil},
		{"serves on import, no guard", map[string]string{"chat/main.py": "from aiohttp import web\n\nweb.run_app(web.Application())\n"}, nil},
		{"the guard starts no server", map[string]string{"chat/main.py": "import sys\n\nif __name__ == \"__main__\":\n    print(sys.argv)\n"}, nil},
		{"tests", map[string]string{"tests/main.py": serves}, nil},
		{"two packages", map[string]string{"chat/main.py": serves, "blog/main.py": serves}, nil},
	} {
		args := []string{"requirements.txt", "aiohttp\n"}
		for name, text := range tc.ctx {
			args = append(args, name, text)
		}
		p, err := inContext(t, "language: python\n", files(args...))
		if tc.want == nil {
			if err == nil || !strings.Contains(err.Error(), "nor one whose main.py starts a server as a program") {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(p.Image.Entrypoint, tc.want) {
			t.Errorf("%s: entrypoint %q, want %q", tc.name, p.Image.Entrypoint, tc.want)
		}
	}
}
