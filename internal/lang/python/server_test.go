package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// serverAdded checks a plan whose application nothing among the dependencies serves: deps
// installs the pinned server after the dependencies and before compiling the venv, the image
// runs it (entrypoint), the builder checks for it, and ServerAdded says msg.
func serverAdded(t *testing.T, p *plan.Plan, pinned string, entrypoint []string, msg string) {
	t.Helper()
	deps := runs(p.Stage("deps"))
	i := slices.IndexFunc(deps, func(r string) bool {
		return strings.HasSuffix(r, " install --no-compile "+pinned) || strings.HasSuffix(r, " "+pinned)
	})
	if i < 0 || i == len(deps)-1 || !strings.Contains(deps[i+1], "compileall") || !strings.Contains(deps[i], "install") {
		t.Errorf("deps does not install %s before compiling: %q", pinned, deps)
	}
	if !slices.Equal(p.Image.Entrypoint, entrypoint) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, entrypoint)
	}
	checked := slices.ContainsFunc(p.Stages, func(st *plan.Stage) bool {
		return slices.ContainsFunc(runs(st), func(r string) bool {
			return strings.Contains(r, "the build left no executable "+entrypoint[0]+", the server") && strings.Contains(r, pinned+", which deps installs")
		})
	})
	if !checked {
		t.Errorf("no stage checks for %s", entrypoint[0])
	}
	n := langtest.NoteOf(p, "ServerAdded")
	if n == nil || !strings.Contains(n.Msg, msg) || !strings.Contains(n.Msg, "so the image installs "+pinned) {
		t.Errorf("ServerAdded %+v, want %q", n, msg)
	}
}

// TestAServerIsAddedWhenNoneServes: a framework's application that nothing among the
// dependencies serves gets gunicorn (WSGI) or uvicorn (ASGI) installed by deps, pinned, with
// every package manager, and when uWSGI, which the image does not run, is among them; not when a
// web process is written (the image runs it), or for an application of no known framework; a server among the
// dependencies is never added to.
func TestAServerIsAddedWhenNoneServes(t *testing.T) {
	gunicorn := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"}
	const why = "Django application mysite.wsgi:application (settings mysite.settings from manage.py): nothing among the dependencies serves it"
	// healthchecks' shape: Django and no server in requirements.txt
	p := mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "Django==5.2\npsycopg[c]\n"))
	serverAdded(t, p, "gunicorn==23.0.0", gunicorn, why)
	if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile gunicorn==23.0.0") {
		t.Errorf("pip: %q", runs(p.Stage("deps")))
	}
	// uv and Poetry: after the lock's requirements, with their installer
	p = mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "", "pyproject.toml", "[project]\nname = \"mysite\"\nversion = \"1\"\ndependencies = [\"django>=5.2\"]\n", "uv.lock", ""))
	serverAdded(t, p, "gunicorn==23.0.0", gunicorn, why)
	if !hasRun(p.Stage("deps"), "uv pip install --python /opt/venv/bin/python gunicorn==23.0.0") {
		t.Errorf("uv: %q", runs(p.Stage("deps")))
	}
	p = mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "", "pyproject.toml", "[tool.poetry]\nname = \"mysite\"\npackage-mode = false\n[tool.poetry.dependencies]\npython = \"^3.11\"\nDjango = \"^5.1\"\n", "poetry.lock", ""))
	serverAdded(t, p, "gunicorn==23.0.0", gunicorn, why)
	// an ASGI application: uvicorn; a factory is --factory as with uvicorn among the dependencies
	p = mustContext(t, "language: python\nports: [9000]\n", files("requirements.txt", "litestar\n", "app.py", "from litestar import Litestar\n\ndef create_app():\n    return Litestar([])\n"))
	serverAdded(t, p, "uvicorn==0.34.0", []string{"/opt/venv/bin/uvicorn", "--factory", "app:create_app", "--host", "0.0.0.0", "--port", "9000"}, "Litestar application")
	// the spec's entrypoint of a known framework
	p = mustContext(t, "language: python\nentrypoint: svc:app\n", files("requirements.txt", "flask\n", "svc.py", "app = Flask(__name__)\n"))
	serverAdded(t, p, "gunicorn==23.0.0", []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "svc:app"}, "nothing among the dependencies serves it")

	// a server among the dependencies: nothing added
	p = mustContext(t, "language: python\n", djangoSite)
	if langtest.NoteOf(p, "ServerAdded") != nil || hasRun(p.Stage("deps"), "gunicorn==") {
		t.Errorf("gunicorn among the dependencies: deps %q, notes %+v", runs(p.Stage("deps")), p.Notes)
	}
	// uWSGI is the project's server, which the image does not run: one is added all the same
	// (uwsgi_test.go), but not for an application of no framework the frontend knows
	p = mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "django\nuwsgi\n"))
	serverAdded(t, p, "gunicorn==23.0.0", gunicorn, "uwsgi is among them, which the image does not run")
	if _, err := inContext(t, "language: python\nentrypoint: svc:app\n", files("requirements.txt", "uwsgi\n")); err == nil || !strings.Contains(err.Error(), "uwsgi is among them") {
		t.Errorf("uwsgi: %v", err)
	}
	// no framework known: the spec's module:attr is an error as before
	if _, err := inContext(t, "language: python\nentrypoint: svc:app\n", files("requirements.txt", "requests\n")); err == nil || !strings.Contains(err.Error(), "nothing among the dependencies serves it") {
		t.Errorf("no framework: %v", err)
	}
	// a Procfile's web process: the image runs it, as before, and nothing is added
	p = mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "django\n", "Procfile", "web: python manage.py runserver 0.0.0.0:$PORT\n"))
	if langtest.NoteOf(p, "ServerAdded") != nil || langtest.NoteOf(p, "WebProcessOnly") == nil || hasRun(p.Stage("deps"), "gunicorn==") {
		t.Errorf("web process: deps %q, notes %+v", runs(p.Stage("deps")), p.Notes)
	}
}

// TestAServerTheWebProcessRunsIsAdded: a web process written (a Procfile's, the spec's) that runs
// the server planning adds (gunicorn for WSGI, uvicorn for ASGI), which nothing among the
// dependencies installs (bluelog's `web: gunicorn wsgi:app --log-file -` beside a requirements.txt
// without gunicorn), gets it added, as it is without a web process; another server, or one the
// dependencies install, changes nothing.
func TestAServerTheWebProcessRunsIsAdded(t *testing.T) {
	flask := files("requirements.txt", "flask==3.1\n", "wsgi.py", "from flask import Flask\n\napp = Flask(__name__)\n")
	gunicorn := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "wsgi:app"}
	for _, procfile := range []string{"web: gunicorn wsgi:app --log-file -\n", "web: flask db upgrade && exec gunicorn wsgi:app\n", "web: PYTHONUNBUFFERED=1 python -m gunicorn wsgi:app\n"} {
		p := mustContext(t, "language: python\n", with(flask, "Procfile", procfile))
		serverAdded(t, p, "gunicorn==23.0.0", gunicorn, "the Procfile's web process runs gunicorn, which none of them installs")
	}
	// the spec's web process, an ASGI application: uvicorn
	fastapi := files("requirements.txt", "fastapi\n", "main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
	p := mustContext(t, "language: python\nprocesses:\n  web: uvicorn main:app --host 0.0.0.0\n", fastapi)
	serverAdded(t, p, "uvicorn==0.34.0", []string{"/opt/venv/bin/uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"},
		"the spec's web process runs uvicorn, which none of them installs")
	for name, ctx := range map[string]lang.Facts{
		"another server":          with(flask, "Procfile", "web: waitress-serve wsgi:app\n"),
		"installed":               with(flask, "requirements.txt", "flask\ngunicorn\n", "Procfile", "web: gunicorn wsgi:app\n"),
		"a word, not the program": with(flask, "Procfile", "web: python run.py --gunicorn\n"),
	} {
		p, err := inContext(t, "language: python\n", ctx)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if langtest.NoteOf(p, "ServerAdded") != nil || hasRun(p.Stage("deps"), "gunicorn==") {
			t.Errorf("%s: deps %q, notes %+v", name, runs(p.Stage("deps")), p.Notes)
		}
	}
}

// TestAFastAPIFactoryIsServed: a FastAPI module that makes no application at import but has a
// factory taking no argument (annotated to return FastAPI, or named create_app, get_application
// ...) is served by calling it, with the server's factory flag; an application made at import
// wins, and a factory that needs an argument is no application.
func TestAFastAPIFactoryIsServed(t *testing.T) {
	const factory = "from fastapi import FastAPI\n\n\ndef create_app(debug: bool = False) -> FastAPI:\n    return FastAPI(debug=debug)\n"
	uvicorn := func(target string) []string {
		return []string{"/opt/venv/bin/uvicorn", "--factory", target, "--host", "0.0.0.0", "--port", "8000"}
	}
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want []string
	}{
		{"create_app in main.py", files("requirements.txt", "fastapi\nuvicorn\n", "main.py", factory), uvicorn("main:create_app")},
		{"annotated, in app/main.py", files("requirements.txt", "fastapi\nuvicorn\n", "app/__init__.py", "",
			"app/main.py", "import fastapi\n\ndef setup_logging(level):\n    pass\n\nasync def build() -> fastapi.FastAPI:\n    return fastapi.FastAPI()\n"), uvicorn("app.main:build")},
		{"granian", files("requirements.txt", "fastapi\ngranian\n", "main.py", factory),
			[]string{"/opt/venv/bin/granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "8000", "--factory", "main:create_app"}},
		{"an application made at import", files("requirements.txt", "fastapi\nuvicorn\n", "main.py", factory+"\napp = create_app()\n"),
			[]string{"/opt/venv/bin/uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"}},
		{"a factory needing an argument", files("requirements.txt", "fastapi\nuvicorn\n", "main.py", "from fastapi import FastAPI\n\ndef create_app(settings):\n    return FastAPI()\n"),
			[]string{"/opt/venv/bin/python", "/app/main.py"}},
	} {
		entrypointIs(t, tc.name, "language: python\n", tc.ctx, tc.want)
	}
}

// TestDaphneDoesNotServeAFactory: daphne has no factory flag and imports an attribute only, so
// an application factory is served by another ASGI server among the dependencies (granian's
// --factory), else by the added uvicorn, which ServerAdded says daphne cannot stand in for (the
// spec's `module:factory()` too); an application made at import is still daphne's.
func TestDaphneDoesNotServeAFactory(t *testing.T) {
	const factory = "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n    return FastAPI()\n"
	entrypointIs(t, "daphne and granian", "language: python\n", files("requirements.txt", "fastapi\ndaphne\ngranian\n", "main.py", factory),
		[]string{"/opt/venv/bin/granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "8000", "--factory", "main:create_app"})
	p := entrypointIs(t, "daphne alone", "language: python\n", files("requirements.txt", "fastapi\ndaphne\n", "main.py", factory),
		[]string{"/opt/venv/bin/uvicorn", "--factory", "main:create_app", "--host", "0.0.0.0", "--port", "8000"})
	if msgs := langtest.Messages(p, "ServerAdded"); len(msgs) != 1 || !strings.Contains(msgs[0], "daphne is among them, but cannot call the factory create_app()") {
		t.Errorf("daphne alone: ServerAdded %q, want it to say daphne cannot call the factory", msgs)
	}
	entrypointIs(t, "an application made at import", "language: python\n",
		files("requirements.txt", "fastapi\ndaphne\n", "main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"),
		[]string{"/opt/venv/bin/daphne", "--bind", "0.0.0.0", "--port", "8000", "main:app"})
	entrypointIs(t, "the spec's factory", "language: python\nentrypoint: main:create_app()\n", files("requirements.txt", "fastapi\ndaphne\n", "main.py", factory),
		[]string{"/opt/venv/bin/uvicorn", "--factory", "main:create_app", "--host", "0.0.0.0", "--port", "8000"})
}

// TestAFastAPIApplicationUnderSrc: `fastapi run`'s files under src/ are looked for after the
// top-level ones and the package's: a project that is no package (hotelhub's src/main.py), or
// whose package is src itself (Poetry's include of src: FastAPI-boilerplate's src/app/main.py,
// which its own image copies to app/), is served as its image serves it, from /app/src. Before,
// planning found no application.
func TestAFastAPIApplicationUnderSrc(t *testing.T) {
	const app = "from fastapi import FastAPI\n\napp = FastAPI()\n"
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want string
	}{
		{"no package", files("requirements.txt", "fastapi\nuvicorn\n", "src/main.py", app), "main:app"},
		{"Poetry's package src", files("pyproject.toml", "[tool.poetry]\nname = \"svc\"\npackages = [{ include = \"src\" }]\n\n"+
			"[tool.poetry.dependencies]\npython = \"^3.11\"\nfastapi = \"*\"\nuvicorn = \"*\"\n\n[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n",
			"src/__init__.py", "", "src/app/__init__.py", "", "src/app/main.py", "from .api import router\n"+app), "app.main:app"},
	} {
		p := entrypointIs(t, tc.name, "language: python\n", tc.ctx, []string{"/opt/venv/bin/uvicorn", tc.want, "--host", "0.0.0.0", "--port", "8000"})
		if p != nil && langtest.Env(p.Image.Env, "PYTHONPATH") != "/app/src:/app" {
			t.Errorf("%s: PYTHONPATH %q, want /app/src first", tc.name, langtest.Env(p.Image.Env, "PYTHONPATH"))
		}
	}
	// a top-level main.py still wins
	entrypointIs(t, "main.py beside src/", "language: python\n", files("requirements.txt", "fastapi\nuvicorn\n", "main.py", app, "src/main.py", app),
		[]string{"/opt/venv/bin/uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"})
}
