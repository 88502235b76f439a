package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// djangoCtx is a Django project whose pyproject.toml is pyproject, with the context files kv
// added (pairs of a name and its content; a later one replaces an earlier).
func djangoCtx(pyproject string, kv ...string) lang.Facts {
	return langtest.With(lang.Facts{"pyproject.toml": []byte(pyproject), "manage.py": []byte(djangoManage),
		"mysite/__init__.py": nil, "mysite/settings.py": []byte("DEBUG = False\n"), "mysite/wsgi.py": []byte("application = get_wsgi_application()\n")}, kv...)
}

// TestServerInAGroupOrExtraIsInstalled: a server kept out of the main dependencies, in one
// non-development dependency group or extra (djangoproject.com's `prod` group, paperless-ngx's
// `webserver` extra), is installed in the image with that group or extra, and ServerInGroup
// says so; a development group's server (paperless-ngx's daphne in `testing`) is not.
func TestServerInAGroupOrExtraIsInstalled(t *testing.T) {
	const head = "[project]\nname = \"site\"\nrequires-python = \">=3.12\"\ndependencies = [\"django>=5.2\"]\n"
	const poetryHead = "[tool.poetry]\nname = \"site\"\npackage-mode = false\n[tool.poetry.dependencies]\npython = \"^3.12\"\ndjango = \"^5.2\"\n"
	gunicorn := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"}
	granian := []string{"/opt/venv/bin/granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "8000", "mysite.wsgi:application"}
	for _, tc := range []struct {
		name, pyproject, lock string
		entry                 []string
		deps, note            string
	}{
		{"uv group", head + "[dependency-groups]\ndev = [\"pytest\"]\ntesting = [\"daphne\"]\nprod = [\"gunicorn==23.0.0\", \"sentry-sdk\"]\n", "uv.lock", gunicorn,
			"uv export --frozen --no-dev --group prod --no-emit-workspace", "dependency group `prod`"},
		{"uv extra", head + "[project.optional-dependencies]\npostgres = [\"psycopg\"]\nwebserver = [\"granian[uvloop]~=2.7\"]\n[dependency-groups]\ntesting = [\"daphne\"]\n", "uv.lock", granian,
			"uv export --frozen --no-dev --extra webserver --no-emit-workspace", "optional extra `webserver`"},
		{"poetry group", poetryHead + "[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n[tool.poetry.group.prod.dependencies]\ngunicorn = \"^23\"\n", "poetry.lock", gunicorn,
			"/opt/poetry/bin/poetry export --only main,prod --format", "dependency group `prod`"},
		{"poetry extra", poetryHead + "granian = {version = \"^2.7\", optional = true}\n[tool.poetry.extras]\nwebserver = [\"granian\"]\n", "poetry.lock", granian,
			"/opt/poetry/bin/poetry export --only main --extras webserver --format", "optional extra `webserver`"},
		{"pyproject extra without a lock", head + "[project.optional-dependencies]\nwebserver = [\"gunicorn>=23\"]\n", "", gunicorn,
			"pip --python /opt/venv/bin/python install --no-compile -- django>=5.2 gunicorn>=23", "optional extra `webserver`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := djangoCtx(tc.pyproject)
			if tc.lock != "" {
				f[tc.lock] = []byte("version = 1\n")
			}
			p := mustContext(t, "language: python\nports: [8000]\n", f)
			if !slices.Equal(p.Image.Entrypoint, tc.entry) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, tc.entry)
			}
			if !hasRun(p.Stage("deps"), tc.deps) {
				t.Errorf("deps runs %q, want %q", runs(p.Stage("deps")), tc.deps)
			}
			if n := langtest.NoteOf(p, "ServerInGroup"); n == nil || !strings.Contains(n.Msg, tc.note) || n.Field != "language" {
				t.Errorf("notes %+v: want ServerInGroup naming the %s", p.Notes, tc.note)
			}
		})
	}

	// a server among the main dependencies: no group added, no note
	p := mustContext(t, "language: python\n", djangoCtx(strings.Replace(head, `"django>=5.2"`, `"django>=5.2", "gunicorn"`, 1)+
		"[dependency-groups]\nprod = [\"granian\"]\n", "uv.lock", ""))
	if !hasRun(p.Stage("deps"), "uv export --frozen --no-dev --no-emit-workspace") || langtest.NoteOf(p, "ServerInGroup") != nil {
		t.Errorf("server in the main dependencies: deps %q, notes %+v", runs(p.Stage("deps")), p.Notes)
	}
	// requirements files have no groups: the extra is not installed, gunicorn is added instead
	wsgi := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"}
	p = mustContext(t, "language: python\n", djangoCtx("", "requirements.txt", "django\n", "pyproject.toml",
		head+"[project.optional-dependencies]\nwebserver = [\"gunicorn\"]\n"))
	serverAdded(t, p, "gunicorn==23.0.0", wsgi, "nothing among the dependencies serves it (gunicorn, waitress, granian)")
	// only in a development group: the group is not installed, gunicorn is added
	p = mustContext(t, "language: python\n", djangoCtx(head+"[dependency-groups]\ntesting = [\"daphne\", \"gunicorn\"]\n", "uv.lock", ""))
	serverAdded(t, p, "gunicorn==23.0.0", wsgi, "nothing among the dependencies serves it (gunicorn, waitress, granian)")
	if hasRun(p.Stage("deps"), "uv export --frozen --no-dev --group testing") {
		t.Errorf("development group installed: %q", runs(p.Stage("deps")))
	}
}

// TestSpecApplicationFrameworkInAnExtra: an application the spec's entrypoint names, in a
// project whose main dependencies are its command line (typer) and whose web framework and
// server are in one extra (skyvern's `server` extra: FastAPI, uvicorn) is served as that
// framework's: by the extra's ASGI server, the extra installed (ServerInGroup), where planning
// failed asking for gunicorn. Its framework in two extras, or in a development group only,
// tells nothing: the error names the WSGI servers as before.
func TestSpecApplicationFrameworkInAnExtra(t *testing.T) {
	const head = "[project]\nname = \"agent\"\nrequires-python = \">=3.11\"\ndependencies = [\"typer>=0.16\", \"pydantic>=2\"]\n" +
		"[project.scripts]\nagent = \"agent.__main__:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	ctx := func(pyproject string) lang.Facts {
		return lang.Facts{"pyproject.toml": []byte(pyproject), "uv.lock": []byte("version = 1\n"),
			"agent/__init__.py": nil, "agent/__main__.py": []byte("from agent.cli import app\n\ndef main():\n    app()\n"),
			"agent/cli.py": []byte("import typer\n\napp = typer.Typer(no_args_is_help=True)\n"),
			"agent/api.py": []byte("from fastapi import FastAPI\n\ndef create_app() -> FastAPI:\n    return FastAPI()\n")}
	}
	spec := "language: python\nports: [8000]\nentrypoint: agent.api:create_app()\n"
	p := mustContext(t, spec, ctx(head+"[project.optional-dependencies]\nserver = [\"fastapi>=0.115\", \"uvicorn[standard]>=0.30\", \"sqlalchemy\"]\n"))
	want := []string{"/opt/venv/bin/uvicorn", "--factory", "agent.api:create_app", "--host", "0.0.0.0", "--port", "8000"}
	if !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if !hasRun(p.Stage("deps"), "uv export --frozen --no-dev --extra server --no-emit-workspace") {
		t.Errorf("deps runs %q, want the server extra exported", runs(p.Stage("deps")))
	}
	if n := langtest.NoteOf(p, "ServerInGroup"); n == nil || !strings.Contains(n.Msg, "optional extra `server`") || n.Field != "entrypoint" {
		t.Errorf("notes %+v: want ServerInGroup naming the optional extra `server`", p.Notes)
	}
	for name, extras := range map[string]string{
		"two extras":        "[project.optional-dependencies]\nserver = [\"fastapi\", \"uvicorn\"]\nembedded = [\"fastapi\", \"uvicorn\"]\n",
		"a development one": "[dependency-groups]\ndev = [\"fastapi\", \"uvicorn\"]\n",
	} {
		_, err := inContext(t, spec, ctx(head+extras))
		if err == nil || !strings.Contains(err.Error(), "nothing among the dependencies serves it (gunicorn, waitress, granian)") {
			t.Errorf("%s: err %v, want the WSGI servers asked for", name, err)
		}
	}
}

// TestServerInSeveralGroupsIsAnError: several groups or extras with a server, none is chosen;
// the error names them and what to write.
func TestServerInSeveralGroupsIsAnError(t *testing.T) {
	const pyproject = "[project]\nname = \"site\"\ndependencies = [\"django\"]\n[project.optional-dependencies]\nwebserver = [\"granian\"]\n" +
		"[dependency-groups]\nprod = [\"gunicorn\"]\n"
	_, err := inContext(t, "language: python\n", djangoCtx(pyproject, "uv.lock", ""))
	if err == nil || !strings.Contains(err.Error(), "the dependency group `prod`, the optional extra `webserver` each hold one") ||
		!strings.Contains(err.Error(), "add the server to the main dependencies") || !strings.Contains(err.Error(), "`entrypoint`") {
		t.Errorf("several groups: %v", err)
	}
}

// TestDjangoOneDirectoryDown: netbox's netbox/manage.py is found when there is none at the
// root or in src/, and used as src/ is (PYTHONPATH, collectstatic, the tests' directory);
// docs/manage.py is not the project's, and two candidates are none.
func TestDjangoOneDirectoryDown(t *testing.T) {
	ctx := files("pyproject.toml", "[project]\nname = \"inventory\"\nrequires-python = \">=3.12\"\ndependencies = [\"django~=5.2\", \"gunicorn>=23\"]\n",
		"uv.lock", "version = 1\n",
		"inventory/manage.py", strings.Replace(djangoManage, "mysite.settings", "inventory.settings", 1),
		"inventory/inventory/__init__.py", "", "inventory/inventory/settings.py", strings.ReplaceAll(djangoSettingsPy, "mysite", "inventory"),
		"inventory/inventory/wsgi.py", "application = get_wsgi_application()\n", "docs/manage.py", djangoManage)
	p := mustContext(t, "language: python\nports: [8000]\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "inventory.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if langtest.Env(p.Image.Env, "PYTHONPATH") != "/app/inventory:/app" || p.Image.Workdir != "/app" {
		t.Errorf("PYTHONPATH %q workdir %q, want /app/inventory first", langtest.Env(p.Image.Env, "PYTHONPATH"), p.Image.Workdir)
	}
	runStarting(t, p.Stage("builder"), "python inventory/manage.py collectstatic --noinput")
	if tr := runs(p.Stage("tester")); tr[len(tr)-1] != "/bin/sh -c cd inventory && exec python manage.py test" {
		t.Errorf("tester runs %q", tr)
	}
	// two projects a level down: none is chosen, the error as before
	two := with(ctx, "other/manage.py", djangoManage)
	if _, err := inContext(t, "language: python\n", two); err == nil || !strings.Contains(err.Error(), "no manage.py") {
		t.Errorf("two manage.py a level down: %v", err)
	}
}

// TestUVDefaultGroups: uv installs tool.uv.default-groups (a list, or "all") where `uv sync`
// runs; the image gets the ones that are not development groups, named after
// --no-default-groups, so that its export is what the frontend plans from. A server in one of
// them is installed without ServerInGroup, and no group is left to choose between.
func TestUVDefaultGroups(t *testing.T) {
	const head = "[project]\nname = \"site\"\nrequires-python = \">=3.12\"\ndependencies = [\"django>=5.2\"]\n"
	gunicorn := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"}
	for _, tc := range []struct {
		name, pyproject, deps string
	}{
		{"a list", head + "[tool.uv]\ndefault-groups = [\"dev\", \"prod\", \"test\"]\n[dependency-groups]\ndev = [\"pytest\"]\ntest = [\"pytest-django\"]\nprod = [\"gunicorn==23.0.0\"]\n",
			"uv export --frozen --no-default-groups --group prod --no-emit-workspace"},
		{"all", head + "[tool.uv]\ndefault-groups = \"all\"\n[dependency-groups]\nlint = [\"ruff\"]\nprod = [\"gunicorn\"]\nsentry = [\"sentry-sdk\"]\n",
			"uv export --frozen --no-default-groups --group prod --group sentry --no-emit-workspace"},
		// a server in a default group and another in an extra: the default group's is installed, no choice to make
		{"and an extra", head + "[project.optional-dependencies]\nwebserver = [\"granian\"]\n[tool.uv]\ndefault-groups = [\"prod\"]\n[dependency-groups]\nprod = [\"gunicorn\"]\n",
			"uv export --frozen --no-default-groups --group prod --no-emit-workspace"},
	} {
		p, err := inContext(t, "language: python\nports: [8000]\n", djangoCtx(tc.pyproject, "uv.lock", "version = 1\n"))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(p.Image.Entrypoint, gunicorn) || !hasRun(p.Stage("deps"), tc.deps) || langtest.NoteOf(p, "ServerInGroup") != nil {
			t.Errorf("%s: entrypoint %q, deps %q (want %q), notes %+v", tc.name, p.Image.Entrypoint, runs(p.Stage("deps")), tc.deps, p.Notes)
		}
	}
	// only development groups by default: none in the image, which leaves them all out
	p := mustContext(t, "language: python\n", djangoCtx(strings.Replace(head, `"django>=5.2"`, `"django>=5.2", "gunicorn"`, 1)+
		"[tool.uv]\ndefault-groups = [\"dev\", \"lint\"]\n[dependency-groups]\ndev = [\"pytest\"]\nlint = [\"ruff\"]\n", "uv.lock", ""))
	if !hasRun(p.Stage("deps"), "uv export --frozen --no-default-groups --no-emit-workspace") {
		t.Errorf("development default groups: deps %q", runs(p.Stage("deps")))
	}
	// without default-groups, uv's default is the dev group: --no-dev, as before
	p = mustContext(t, "language: python\n", djangoCtx(strings.Replace(head, `"django>=5.2"`, `"django>=5.2", "gunicorn"`, 1)+
		"[dependency-groups]\ndev = [\"pytest\"]\n", "uv.lock", ""))
	if !hasRun(p.Stage("deps"), "uv export --frozen --no-dev --no-emit-workspace") {
		t.Errorf("no default-groups: deps %q", runs(p.Stage("deps")))
	}
}

// TestPDMDevDependencies: PDM's own development groups ([tool.pdm.dev-dependencies], before
// PEP 735) are known as such: a test group's requirements are the tester's, not the image's.
func TestPDMDevDependencies(t *testing.T) {
	pp := "[project]\nname = \"tool\"\nrequires-python = \">=3.12\"\ndependencies = [\"httpx\"]\n" +
		"[tool.pdm.dev-dependencies]\ntest = [\"pytest>=8\", \"respx\"]\nlint = [\"ruff\"]\n"
	p := mustContext(t, "language: python\n", files("pyproject.toml", pp, "main.py", "print('hi')\n"))
	if got := runs(p.Stage("tester")); len(got) != 2 || !strings.HasSuffix(got[0], "-- pytest>=8 respx") || got[1] != "python -m pytest" {
		t.Errorf("tester runs %q: want the test group installed and pytest run", got)
	}
	if d := runs(p.Stage("deps")); !slices.ContainsFunc(d, func(r string) bool { return strings.HasSuffix(r, "-- httpx") }) {
		t.Errorf("deps runs %q: want the main dependencies only", d)
	}
}

// TestServerInARequirementsFile: a project whose requirements.txt is the lock and serves its
// application with nothing keeps its server in a requirements file beside it (SearXNG's granian
// in requirements-server.txt): the image installs that file with requirements.txt, with what it
// includes, and serves with its server; ServerInGroup says so. A file requirements.txt includes
// already, one without a server, or a server among requirements.txt's change nothing; two files
// with a server are an error naming both.
func TestServerInARequirementsFile(t *testing.T) {
	flask := func(kv ...string) lang.Facts {
		return langtest.With(files("requirements.txt", "flask==3.1.3\n", "search/__init__.py", "",
			"search/webapp.py", "from flask import Flask\n\napp = Flask(__name__)\n"), kv...)
	}
	granian := []string{"/opt/venv/bin/granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "8080", "search.webapp:app"}
	gunicorn := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8080", "search.webapp:app"}
	depsFiles := func(p *plan.Plan) []string {
		var out []string
		for _, c := range copies(p.Stage("deps")) {
			switch {
			case c.FromStage != "":
			case len(c.Include) > 0: // the files below the root, where they live
				out = append(out, c.Include...)
			default:
				out = append(out, c.Paths...)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name  string
		ctx   lang.Facts
		entry []string
		deps  string
		files []string
		note  string
	}{
		{"requirements-server.txt", flask("requirements-server.txt", "granian[pname]==2.8.1\n"), granian,
			"pip --python /opt/venv/bin/python install --no-compile -r requirements.txt -r requirements-server.txt",
			[]string{"requirements-server.txt", "requirements.txt"},
			"granian, the server the image runs, is only in the requirements file `requirements-server.txt`, not among the main dependencies: " +
				"the image installs that requirements file too (pip install -r requirements.txt -r requirements-server.txt)"},
		// a production file that includes the lock and a file of its own
		{"requirements-prod.txt with includes", flask("requirements-prod.txt", "-r requirements.txt\n-r deploy/pins.txt\ngunicorn==23.0.0\n", "deploy/pins.txt", "setproctitle==1.3.6\n"),
			gunicorn, "pip --python /opt/venv/bin/python install --no-compile -r requirements.txt -r requirements-prod.txt",
			[]string{"deploy/pins.txt", "requirements-prod.txt", "requirements.txt"}, "requirements file `requirements-prod.txt`"},
		// requirements.txt includes it: its server is the image's already
		{"included", flask("requirements.txt", "flask==3.1.3\n-r requirements-server.txt\n", "requirements-server.txt", "granian==2.8.1\n"), granian,
			"pip --python /opt/venv/bin/python install --no-compile -r requirements.txt", []string{"requirements-server.txt", "requirements.txt"}, ""},
		// a server among requirements.txt: the production file is not installed
		{"server in the lock", flask("requirements.txt", "flask==3.1.3\ngunicorn==23.0.0\n", "requirements-production.txt", "granian==2.8.1\nsentry-sdk\n"), gunicorn,
			"pip --python /opt/venv/bin/python install --no-compile -r requirements.txt", []string{"requirements.txt"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustContext(t, "language: python\nports: [8080]\n", tc.ctx)
			if !slices.Equal(p.Image.Entrypoint, tc.entry) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, tc.entry)
			}
			if got := runs(p.Stage("deps")); !slices.Contains(got, tc.deps) {
				t.Errorf("deps runs %q, want %q", got, tc.deps)
			}
			if got := depsFiles(p); !slices.Equal(got, tc.files) {
				t.Errorf("deps copies %q, want %q", got, tc.files)
			}
			n := langtest.NoteOf(p, "ServerInGroup")
			if (tc.note == "") != (n == nil) || n != nil && !strings.Contains(n.Msg, tc.note) {
				t.Errorf("notes %+v, want ServerInGroup with %q", p.Notes, tc.note)
			}
		})
	}

	// no server in the file: gunicorn is added, the file is not installed
	p := mustContext(t, "language: python\nports: [8080]\n", flask("requirements-prod.txt", "psycopg[binary]==3.2.9\n"))
	serverAdded(t, p, "gunicorn==23.0.0", gunicorn, "nothing among the dependencies serves it (gunicorn, waitress, granian)")
	if got := depsFiles(p); !slices.Equal(got, []string{"requirements.txt"}) {
		t.Errorf("no server in the file: deps copies %q", got)
	}
	// two files with a server: none is chosen
	_, err := inContext(t, "language: python\n", flask("requirements-prod.txt", "gunicorn\n", "requirements-server.txt", "granian\n"))
	if err == nil || !strings.Contains(err.Error(), "the requirements file `requirements-server.txt`, the requirements file `requirements-prod.txt` each hold one") {
		t.Errorf("two files: %v", err)
	}
}
