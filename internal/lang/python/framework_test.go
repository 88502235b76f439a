package python

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// The projects below are written for these tests, in the shapes the frameworks' own tutorials
// and project generators make (fastapi's full-stack template, `django-admin startproject`,
// Flask's tutorial and application factories): PyPI is unreachable here, so they are planned,
// not built.

// context plans src against a build context of files the way the frontend reads one: the
// provider's reads first, then what Follow asks for, round after round; only the files asked
// for reach planning, so a test fails when the provider forgets to ask for one.
func inContext(t *testing.T, src string, ctx lang.Facts) (*plan.Plan, error) {
	t.Helper()
	s := langtest.Spec(t, src)
	read := func(names []string, max int) (lang.Facts, error) {
		out := lang.Facts{}
		for _, n := range names {
			if p := path.Clean(n); strings.HasSuffix(n, "/") { // a probe (lang.Probe): present, not read
				if _, ok := ctx[p]; ok && out[p] == nil {
					out[p] = []byte{}
				}
				if _, ok := ctx[p+"/"]; ok { // a directory, as the context's reader records it
					out[p+"/"] = []byte{}
				}
				continue
			}
			for file, dt := range ctx {
				if ok, _ := path.Match(n, file); ok {
					out[file] = dt
				}
			}
		}
		return out, nil
	}
	f, _, err := lang.Gather(s, slices.Concat(Provider{}.Language().Reads, lang.VolumeFiles, []string{"Procfile"}), Provider{}, read) // providers.Reads adds the Procfile, declared.Reads the volume files
	if err != nil {
		t.Fatal(err)
	}
	return provider.Plan(s, f)
}

func mustContext(t *testing.T, src string, ctx lang.Facts) *plan.Plan {
	t.Helper()
	p, err := inContext(t, src, ctx)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// entrypointIs plans src in ctx and checks what the image runs; the plan, nil when planning
// failed (reported as the case's error).
func entrypointIs(t *testing.T, name, src string, ctx lang.Facts, want []string) *plan.Plan {
	t.Helper()
	p, err := inContext(t, src, ctx)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	if !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("%s: entrypoint %q, want %q", name, p.Image.Entrypoint, want)
	}
	return p
}

// with is ctx and more files.
func with(ctx lang.Facts, kv ...string) lang.Facts {
	out := lang.Facts{}
	for k, v := range ctx {
		out[k] = v
	}
	for k, v := range files(kv...) {
		out[k] = v
	}
	return out
}

// expects are the paths the builder's checks look for, one string per check.
func expects(st *plan.Stage) []string {
	var out []string
	for _, r := range runs(st) {
		if strings.Contains(r, "multistage-frontend: the build left no") {
			_, list, _ := strings.Cut(r, "for f in ")
			list, _, _ = strings.Cut(list, "; do")
			out = append(out, list)
		}
	}
	return out
}

// buildChecks are the checks of what the image runs of the stages that build the app: builder,
// and the app stage when the source is compiled on the runtime image.
func buildChecks(p *plan.Plan) []string {
	out := expects(p.Stage("builder"))
	if app := p.Stage(lang.AppStage); app != nil {
		out = append(out, expects(app)...)
	}
	return out
}

const fastapiMain = `from fastapi import FastAPI

from app.api.main import api_router
from app.core.config import settings

app = FastAPI(title=settings.PROJECT_NAME)
app.include_router(api_router, prefix=settings.API_V1_STR)
`

var fastapiReqs = files("requirements.txt", "fastapi[standard]==0.115.6\npsycopg[binary]==3.2.3\n", "app/__init__.py", "",
	"app/main.py", fastapiMain)

func TestFastAPIRunsUnderUvicornAsItsDocsDeployIt(t *testing.T) {
	p := mustContext(t, "language: python\nports: [8080]\n", fastapiReqs)
	want := []string{"/opt/venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8080"}
	if !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	// the source tree is what it imports, and planning read app/main.py in it: the build checks
	// only the server, which pip installs (sourceHolds)
	// in the app stage, which compiles the source on the runtime image, with deps' venv mounted
	b := p.Stage("builder")
	if got := buildChecks(p); len(got) != 1 || got[0] != "/opt/venv/bin/uvicorn" || len(expects(b)) != 0 {
		t.Errorf("the build checks %q, builder %q", got, expects(b))
	}
	if check := runStarting(t, p.Stage(lang.AppStage), "/bin/sh -c for f in /opt/venv/bin/uvicorn"); !slices.Equal(check.Mounts, []plan.Mount{venvMount}) || check.Exists != "" {
		t.Errorf("the server's check mounts %+v (exists %q): want deps' venv, in a container", check.Mounts, check.Exists)
	}
	if !strings.Contains(b.Description, "the image runs uvicorn app.main:app (FastAPI, app/main.py)") {
		t.Errorf("builder description %q", b.Description)
	}
	if langtest.Env(p.Image.Env, "PORT") != "8080" || langtest.Env(p.Image.Env, "PYTHONPATH") != "/app" || p.Image.Workdir != "/app" || titleOf(p) != "app" {
		t.Errorf("image env %+v workdir %q title %q", p.Image.Env, p.Image.Workdir, titleOf(p))
	}
	// no port: uvicorn's and `fastapi run`'s 8000, never 127.0.0.1
	p = mustContext(t, "language: python\n", fastapiReqs)
	if !slices.Equal(p.Image.Entrypoint[1:], []string{"app.main:app", "--host", "0.0.0.0", "--port", "8000"}) || langtest.Env(p.Image.Env, "PORT") != "" {
		t.Errorf("without ports: entrypoint %q, PORT %q", p.Image.Entrypoint, langtest.Env(p.Image.Env, "PORT"))
	}
}

func TestFastAPIAppIsFoundWhereFastapiRunLooks(t *testing.T) {
	uvicorn := files("requirements.txt", "fastapi\nuvicorn[standard]\n")
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want string
	}{
		{"main.py's api", with(uvicorn, "main.py", "import fastapi\napi = fastapi.FastAPI()\n"), "main:api"},
		{"a variable assigned FastAPI()", with(uvicorn, "api.py", "from fastapi import FastAPI\nserver: FastAPI = FastAPI()\n"), "api:server"},
		{"a factory's result", with(uvicorn, "app/main.py", "from app.factory import get_application\n\napp = get_application()\n"), "app.main:app"},
		{"an imported app", with(uvicorn, "app/app.py", "from app.routes import app  # noqa\n"), "app.app:app"},
		{"main.py before app/main.py", with(uvicorn, "main.py", "app = FastAPI()\n", "app/main.py", "app = FastAPI()\n"), "main:app"},
		{"main.py without an app", with(uvicorn, "main.py", "import uvicorn\n", "app/main.py", "app = FastAPI()\n"), "app.main:app"},
		{"[tool.fastapi] entrypoint", files("pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"fastapi[standard]>=0.115\"]\n\n[tool.fastapi]\nentrypoint = \"svc.web:create()\"\n",
			"uv.lock", "version = 1\n"), "svc.web:create"},
		// the package named as the project (uv, an application, no [tool.fastapi]): its app.py
		{"the project's package", files("pyproject.toml", "[project]\nname = \"billing\"\ndependencies = [\"fastapi>=0.115\", \"uvicorn[standard]>=0.34\"]\n",
			"uv.lock", "version = 1\n", "billing/__init__.py", "", "billing/app.py", "from billing.factory import create_app\n\napp = create_app()\n"), "billing.app:app"},
		{"the project's package under src/", files("pyproject.toml", "[project]\nname = \"billing-api\"\ndependencies = [\"fastapi[standard]\"]\n",
			"src/billing_api/__init__.py", "", "src/billing_api/main.py", "app = FastAPI()\n"), "billing_api.main:app"},
		{"main.py before the package", with(uvicorn, "pyproject.toml", "[project]\nname = \"billing\"\n", "main.py", "app = FastAPI()\n",
			"billing/__init__.py", "", "billing/app.py", "app = FastAPI()\n"), "main:app"},
		// Poetry's table form of an extra
		{"poetry extras", files("pyproject.toml", "[tool.poetry]\nname = \"svc\"\npackage-mode = false\n[tool.poetry.dependencies]\npython = \"^3.12\"\nfastapi = {version = \"^0.115\", extras = [\"standard\"]}\n",
			"poetry.lock", "", "main.py", "app = FastAPI()\n"), "main:app"},
	} {
		p, err := inContext(t, "language: python\n", tc.ctx)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got := p.Image.Entrypoint
		if len(got) < 2 || path.Base(got[0]) != "uvicorn" || !slices.Contains(got, tc.want) {
			t.Errorf("%s: entrypoint %q, want uvicorn serving %s", tc.name, got, tc.want)
		}
	}
	// a factory named in [tool.fastapi] runs with --factory
	p := mustContext(t, "language: python\n", files("pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"fastapi[standard]\"]\n[tool.fastapi]\nentrypoint = \"svc.web:create()\"\n"))
	if !slices.Equal(p.Image.Entrypoint[:3], []string{"/opt/venv/bin/uvicorn", "--factory", "svc.web:create"}) {
		t.Errorf("factory: entrypoint %q", p.Image.Entrypoint)
	}
}

func TestFastAPIWithoutAServerOrAppSaysWhatToDo(t *testing.T) {
	p := mustContext(t, "# syntax=x\nlanguage: python\n", files("requirements.txt", "fastapi==0.115.6\n", "app/main.py", fastapiMain))
	serverAdded(t, p, "uvicorn==0.34.0", []string{"/opt/venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"},
		"FastAPI application app.main:app (app/main.py): nothing among the dependencies serves it (uvicorn, hypercorn, daphne, granian)")
	_, err := inContext(t, "language: python\n", files("requirements.txt", "fastapi[standard]\n", "src/svc/web.py", fastapiMain))
	if err == nil || !strings.Contains(err.Error(), "FastAPI is a dependency, but no main.py, app.py, api.py, app/main.py, app/app.py, app/api.py, src/main.py, src/app.py, src/api.py, src/app/main.py, src/app/app.py, src/app/api.py defines `app` or `api`") ||
		!strings.Contains(err.Error(), "an application (app.main:app)") {
		t.Errorf("no app: %v", err)
	}
	// main.py that starts its own server is what runs when it defines no app
	p = mustContext(t, "language: python\n", files("requirements.txt", "fastapi[standard]\n", "main.py", "import uvicorn\nuvicorn.run('svc.web:app', host='0.0.0.0')\n"))
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/python", "/app/main.py"}) {
		t.Errorf("main.py without an app: %q", p.Image.Entrypoint)
	}
}

const djangoManage = `#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
`

const djangoSettingsPy = `from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ROOT_URLCONF = "mysite.urls"
WSGI_APPLICATION = "mysite.wsgi.application"
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
`

var djangoSite = files("requirements.txt", "Django==5.1.4\ngunicorn==23.0.0\nwhitenoise==6.8.2\n", "manage.py", djangoManage,
	"mysite/__init__.py", "", "mysite/settings.py", djangoSettingsPy, "mysite/urls.py", "", "mysite/wsgi.py", "application = get_wsgi_application()\n",
	"mysite/asgi.py", "application = get_asgi_application()\n", "polls/views.py", "")

func TestDjangoRunsUnderGunicornWithItsStaticFilesCollected(t *testing.T) {
	p := mustContext(t, "language: python\nports: [8000]\n", djangoSite)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	b := p.Stage("builder")
	cs := runStarting(t, b, "python manage.py collectstatic --noinput")
	if !slices.Contains(cs.Env, plan.Env{Key: "DJANGO_SECRET_KEY", Value: buildPlaceholder}) || cs.NoNetwork {
		t.Errorf("collectstatic env %+v", cs.Env)
	}
	// collected after the source, before the bytecode and the check of the server (mysite/wsgi.py
	// is in the source planning read: sourceHolds)
	// between the list of /app's files and the removal of what it wrote outside STATIC_ROOT
	if r := runs(b); len(r) != 5 || r[0] != "python -I /run/multistage-frontend/django-static-only.py list /app" ||
		r[1] != "python manage.py collectstatic --noinput" ||
		r[2] != "python -I /run/multistage-frontend/django-static-only.py clean /app staticfiles" || !strings.Contains(r[3], "compileall") {
		t.Errorf("builder runs %q: want collectstatic first (only STATIC_ROOT of what it wrote kept), the bytecode, then the check", r)
	}
	if got := expects(b); len(got) != 1 || got[0] != "/opt/venv/bin/gunicorn" {
		t.Errorf("builder checks %q", got)
	}
	if tr := runs(p.Stage("tester")); tr[len(tr)-1] != "python manage.py test" {
		t.Errorf("tester runs %q, want Django's test runner", tr)
	}
	for _, e := range p.Image.Env {
		if strings.Contains(e.Value, buildPlaceholder) {
			t.Errorf("the image's env has the build's placeholder: %+v", e)
		}
	}
	// the image's settings module is the one collected with; build.env's secret is kept
	p = mustContext(t, "language: python\nenv: {DJANGO_SETTINGS_MODULE: mysite.settings}\nbuild:\n  env: {SECRET_KEY: from-build-env}\n", djangoSite)
	cs = runStarting(t, p.Stage("builder"), "python manage.py collectstatic")
	if !slices.Contains(cs.Env, plan.Env{Key: "DJANGO_SETTINGS_MODULE", Value: "mysite.settings"}) ||
		slices.Contains(cs.Env, plan.Env{Key: "SECRET_KEY", Value: buildPlaceholder}) ||
		!slices.Contains(cs.Env, plan.Env{Key: "SECRET_KEY", Value: "from-build-env"}) {
		t.Errorf("collectstatic env %+v", cs.Env)
	}
	// build.command replaces collectstatic
	p = mustContext(t, "language: python\nbuild:\n  command: python manage.py compilemessages\n", djangoSite)
	if hasRun(p.Stage("builder"), "python manage.py collectstatic") || !hasRun(p.Stage("builder"), "/bin/sh -c python manage.py compilemessages") {
		t.Errorf("build.command: builder runs %q", runs(p.Stage("builder")))
	}
	// no STATIC_ROOT: collectstatic would fail, so it does not run
	noStatic := with(djangoSite, "mysite/settings.py", strings.Replace(djangoSettingsPy, "STATIC_ROOT", "# STATIC_ROOT", 1))
	if p := mustContext(t, "language: python\n", noStatic); hasRun(p.Stage("builder"), "python manage.py collectstatic") {
		t.Errorf("collectstatic without STATIC_ROOT")
	}
}

func TestDjangoLayouts(t *testing.T) {
	split := files("requirements.txt", "-r requirements/production.txt\n", "requirements/production.txt", "-r base.txt\ngunicorn\n",
		"requirements/base.txt", "django>=5\n",
		"manage.py", strings.Replace(djangoManage, "mysite.settings", "config.settings.local", 1),
		"config/__init__.py", "", "config/settings/__init__.py", "", "config/settings/local.py", "from .base import *\nDEBUG = True\n",
		"config/settings/base.py", "WSGI_APPLICATION = 'config.wsgi.application'\nSTATIC_ROOT = BASE_DIR / 'static'\n",
		"config/wsgi.py", "", "config/asgi.py", "")
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		want      []string
	}{
		// requirements three files deep; split settings whose base names the WSGI application
		{"split settings", "", split, []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"}},
		// no WSGI_APPLICATION: the wsgi.py beside the settings package, as startproject lays it out
		{"wsgi.py beside", "", with(djangoSite, "mysite/settings.py", "DEBUG = False\n"), []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"}},
		// no WSGI server, an ASGI one: asgi.py
		{"asgi", "", with(djangoSite, "requirements.txt", "django\nuvicorn\n"), []string{"/opt/venv/bin/uvicorn", "mysite.asgi:application", "--host", "0.0.0.0", "--port", "8000"}},
		// Django Channels' daphne serves the ASGI application; granian either
		{"daphne", "", with(djangoSite, "requirements.txt", "django\nchannels[daphne]\ndaphne\n"), []string{"/opt/venv/bin/daphne", "--bind", "0.0.0.0", "--port", "8000", "mysite.asgi:application"}},
		{"granian", "", with(djangoSite, "requirements.txt", "django\ngranian\n"), []string{"/opt/venv/bin/granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "8000", "mysite.wsgi:application"}},
		// no asgi.py but an asgi package beside the settings module (saleor's shape), served by
		// the one server among the dependencies; a wsgi package likewise
		{"asgi package", "", files("requirements.txt", "django\nuvicorn[standard]\n", "manage.py", strings.Replace(djangoManage, "mysite.settings", "shop.settings", 1),
			"shop/__init__.py", "", "shop/settings.py", "STATIC_ROOT: str = os.path.join(PROJECT_ROOT, 'static')\n", "shop/asgi/__init__.py", "from .handler import get_asgi_application\napplication = get_asgi_application()\n",
			"shop/asgi/handler.py", ""), []string{"/opt/venv/bin/uvicorn", "shop.asgi:application", "--host", "0.0.0.0", "--port", "8000"}},
		{"wsgi package", "", files("requirements.txt", "django\ngunicorn\n", "manage.py", strings.Replace(djangoManage, "mysite.settings", "shop.settings", 1),
			"shop/settings.py", "", "shop/wsgi/__init__.py", "application = get_wsgi_application()\n"), []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi:application"}},
		// the spec's settings module, in env, decides where the application is
		{"settings from env", "env: {DJANGO_SETTINGS_MODULE: shop.settings}\n", files("requirements.txt", "django\nwaitress\n", "manage.py", djangoManage,
			"shop/settings.py", "", "shop/wsgi.py", ""), []string{"/opt/venv/bin/waitress-serve", "--listen=0.0.0.0:8000", "shop.wsgi:application"}},
		// the spec's entrypoint names the application: the server serves it
		{"spec entrypoint", "entrypoint: mysite.asgi:application\n", with(djangoSite, "requirements.txt", "django\nuvicorn\ngunicorn\n"),
			[]string{"/opt/venv/bin/uvicorn", "mysite.asgi:application", "--host", "0.0.0.0", "--port", "8000"}},
	} {
		p := entrypointIs(t, tc.name, "language: python\n"+tc.src, tc.ctx, tc.want)
		if tc.name == "asgi package" && p != nil && !hasRun(p.Stage("builder"), "python manage.py collectstatic") {
			t.Errorf("%s: no collectstatic (an annotated STATIC_ROOT)", tc.name)
		}
	}
	p := mustContext(t, "language: python\n", split)
	if cp := copies(p.Stage("deps")); len(cp) != 1 || !slices.Equal(cp[0].Include, []string{"requirements.txt", "requirements/production.txt", "requirements/base.txt"}) {
		t.Errorf("deps copies %+v, want the three requirement files", cp)
	}
	if !hasRun(p.Stage("builder"), "python manage.py collectstatic") {
		t.Errorf("split settings: no collectstatic (STATIC_ROOT is in base.py)")
	}
	// a spec entrypoint keeps Django's build
	p = mustContext(t, "language: python\nentrypoint: mysite.wsgi:application\n", djangoSite)
	if !hasRun(p.Stage("builder"), "python manage.py collectstatic") || runs(p.Stage("tester"))[0] != "python manage.py test" {
		t.Errorf("spec entrypoint: builder %q tester %q", runs(p.Stage("builder")), runs(p.Stage("tester")))
	}
}

func TestDjangoErrorsSayWhatIsMissing(t *testing.T) {
	// no server: gunicorn is added, as Django's deployment docs run it (django-realworld's Django 1.10)
	p := mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "Django==1.10.5\n"))
	serverAdded(t, p, "gunicorn==23.0.0", []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"},
		"Django application mysite.wsgi:application (settings mysite.settings from manage.py): nothing among the dependencies serves it (gunicorn, waitress, granian), so the image installs gunicorn==23.0.0")
	if n := langtest.NoteOf(p, "ServerAdded"); n != nil && strings.Contains(n.Msg, "development or test") {
		t.Errorf("no server anywhere: %s", n.Msg)
	}
	// the server only where the tests get it (Poetry 1's dev-dependencies, requirements-dev.txt):
	// added all the same, and the warning says where it is (django_start's gunicorn, twelfth Python sweep)
	for name, ctx := range map[string]lang.Facts{
		"poetry dev-dependencies": with(djangoSite, "pyproject.toml", "[tool.poetry]\nname = \"mysite\"\npackage-mode = false\n[tool.poetry.dependencies]\npython = \"^3.11\"\nDjango = \"^5.1\"\n"+
			"[tool.poetry.dev-dependencies]\ngunicorn = \"^23\"\n", "poetry.lock", ""),
		"requirements-dev.txt": with(djangoSite, "requirements.txt", "django\n", "requirements-dev.txt", "pytest\ngunicorn\n"),
	} {
		t.Log(name)
		p := mustContext(t, "language: python\n", ctx)
		serverAdded(t, p, "gunicorn==23.0.0", []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"},
			"nothing among the dependencies serves it (gunicorn, waitress, granian (gunicorn is only among the development or test dependencies, which the image never gets))")
	}
	// uWSGI among the dependencies, which the image does not run: a server is added and the
	// warning says so (uwsgi_test.go); an application of no known framework is an error naming it
	p = mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "django\nuwsgi\n"))
	serverAdded(t, p, "gunicorn==23.0.0", []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"},
		"nothing among the dependencies serves it (gunicorn, waitress, granian; uwsgi is among them, which the image does not run")
	_, err := inContext(t, "language: python\nentrypoint: svc:app\n", files("requirements.txt", "uwsgi\n", "svc.py", "app = object()\n"))
	if err == nil || !strings.Contains(err.Error(), "uwsgi is among them, which this frontend does not run: uWSGI compiles against the builder's libraries") {
		t.Errorf("uwsgi: %v", err)
	}
	noWSGI := files("requirements.txt", "django\ngunicorn\n", "manage.py", djangoManage, "mysite/settings.py", "")
	_, err = inContext(t, "language: python\n", noWSGI)
	if err == nil || !strings.Contains(err.Error(), "its settings set no WSGI_APPLICATION or ASGI_APPLICATION and there is no mysite/wsgi.py or mysite/asgi.py (or such a package)") {
		t.Errorf("no wsgi.py: %v", err)
	}
	_, err = inContext(t, "language: python\n", files("requirements.txt", "django\ngunicorn\n", "manage.py", "import sys\n"))
	if err == nil || !strings.Contains(err.Error(), "manage.py sets no DJANGO_SETTINGS_MODULE") {
		t.Errorf("no settings: %v", err)
	}
}

func TestFlaskRunsUnderGunicornAsItsDeploymentDocsSay(t *testing.T) {
	reqs := "Flask==3.1.0\ngunicorn==23.0.0\n"
	for _, tc := range []struct {
		name string
		src  string
		ctx  lang.Facts
		want string
	}{
		{".flaskenv", "", files("requirements.txt", reqs, ".flaskenv", "FLASK_APP=blog.py\nFLASK_DEBUG=1\n", "blog.py", "from app import create_app\napp = create_app()\n"), "blog:app"},
		{".flaskenv module:attr", "", files("requirements.txt", reqs, ".flaskenv", "FLASK_APP=\"site:build()\"\n"), "site:build()"},
		{".flaskenv package", "", files("requirements.txt", reqs, ".flaskenv", "export FLASK_APP=shop\n", "shop/__init__.py", "def create_app(config=None):\n    pass\n"), "shop:create_app()"},
		{"env", "env: {FLASK_APP: serve.py}\n", files("requirements.txt", reqs, "serve.py", "application = Flask(__name__)\n"), "serve:application"},
		{"wsgi.py", "", files("requirements.txt", reqs, "wsgi.py", "from shop import create_app\napp = create_app()\n", "app.py", "app = Flask(__name__)\n"), "wsgi:app"},
		{"app.py factory", "", files("requirements.txt", reqs, "app.py", "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n"), "app:create_app()"},
		{"a variable assigned Flask()", "", files("requirements.txt", reqs, "app.py", "import flask\nserver = flask.Flask(__name__)\n"), "app:server"},
		// Flask's tutorial: a package named as the project, with a factory taking a test config
		{"project package", "", files("pyproject.toml", "[project]\nname = \"flaskr\"\ndependencies = [\"flask\", \"gunicorn\"]\n[build-system]\nrequires = [\"flit_core<4\"]\nbuild-backend = \"flit_core.buildapi\"\n",
			"flaskr/__init__.py", "def create_app(test_config=None):\n    app = Flask(__name__)\n    return app\n"), "flaskr:create_app()"},
	} {
		p, err := inContext(t, "language: python\n"+tc.src, tc.ctx)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", tc.want}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s: entrypoint %q, want %q", tc.name, p.Image.Entrypoint, want)
		}
	}
	// waitress, which Flask's docs also deploy with: a factory is --call
	p := mustContext(t, "language: python\nports: [5000]\n", files("requirements.txt", "flask\nwaitress\n", "app.py", "def create_app():\n    pass\n"))
	if want := []string{"/opt/venv/bin/waitress-serve", "--listen=0.0.0.0:5000", "--call", "app:create_app"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("waitress: %q", p.Image.Entrypoint)
	}
	// no server: gunicorn added, not Flask's development server on 127.0.0.1
	p = mustContext(t, "language: python\n", files("requirements.txt", "flask\n", "app.py", "app = Flask(__name__)\napp.run()\n"))
	serverAdded(t, p, "gunicorn==23.0.0", []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"},
		"Flask application app:app (app.py): nothing among the dependencies serves it (gunicorn, waitress, granian)")
	// ... which the spec can still ask for
	p = mustContext(t, "language: python\nentrypoint: app.py\n", files("requirements.txt", "flask\n", "app.py", "app = Flask(__name__)\n"))
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/python", "/app/app.py"}) {
		t.Errorf("entrypoint app.py: %q", p.Image.Entrypoint)
	}
	// an app.py of something else is not Flask's
	p = mustContext(t, "language: python\n", files("requirements.txt", "flask\ngunicorn\n", "app.py", "import sys\nprint(sys.argv)\n"))
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/python", "/app/app.py"}) {
		t.Errorf("app.py without an app: %q", p.Image.Entrypoint)
	}
}

// TestFlaskAppFromDotenvAndPackages: FLASK_APP in .env, which the flask command loads before
// .flaskenv and which wins over it; Flask's own `app` and `wsgi` modules as packages; and, when
// nothing names the application, the only top-level package that creates one (a compose
// project's shape: FLASK_APP only in the compose file's env file, outside the build context).
func TestFlaskAppFromDotenvAndPackages(t *testing.T) {
	reqs := "Flask==3.1.0\nFlask-SQLAlchemy==3.1.1\ngunicorn==23.0.0\n"
	shop := "from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object(\"shop.config.Config\")\n"
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want string // "" for an error
	}{
		{".env", files("requirements.txt", reqs, ".env", "DATABASE_URL=postgresql://db/shop\nFLASK_APP=shop.wsgi  # the production app\n", "shop/__init__.py", "",
			"shop/wsgi.py", "from shop.factory import create_app\napplication = create_app()\n"), "shop.wsgi:application"},
		{".env a path, quoted", files("requirements.txt", reqs, ".env", "export FLASK_APP='shop/__init__.py'\n", "shop/__init__.py", shop), "shop:app"},
		{".env over .flaskenv", files("requirements.txt", reqs, ".flaskenv", "FLASK_APP=dev.py\nFLASK_DEBUG=1\n", ".env", "FLASK_APP=prod.py\n",
			"prod.py", "app = Flask(__name__)\n", "dev.py", "app = Flask(__name__)\n"), "prod:app"},
		{".env's last line", files("requirements.txt", reqs, ".env", "FLASK_APP=dev.py\nFLASK_APP=\"prod.py\"\n", "prod.py", "app = Flask(__name__)\n"), "prod:app"},
		{".env without FLASK_APP: .flaskenv", files("requirements.txt", reqs, ".env", "SECRET_KEY=x\n", ".flaskenv", "FLASK_APP=dev.py\n", "dev.py", "app = Flask(__name__)\n"), "dev:app"},
		// python-dotenv expands it from the environment, and .flaskenv no longer sets it
		{".env expanding a variable", files("requirements.txt", reqs, ".env", "FLASK_APP=${APP}\n", ".flaskenv", "FLASK_APP=dev.py\n", "dev.py", "app = Flask(__name__)\n"), ""},
		// `flask run` imports app, a package as well as a file (the Flask Mega-Tutorial's layout)
		{"app package", files("requirements.txt", reqs, "app/__init__.py", "from flask import Flask\n\napp = Flask(__name__)\n\nfrom app import routes\n", "app/routes.py", ""), "app:app"},
		{"wsgi package factory", files("requirements.txt", reqs, "wsgi/__init__.py", "from flask import Flask\n\ndef create_app(test_config=None, *, instance=None):\n    return Flask(__name__)\n"), "wsgi:create_app()"},
		// the only package that creates a Flask application, a test package's aside
		{"the only package", files("requirements.txt", reqs, "shop/__init__.py", shop, "shop/config.py", "class Config:\n    pass\n",
			"manage.py", "from flask.cli import FlaskGroup\n\nfrom shop import app, db\n\ncli = FlaskGroup(app)\n",
			"tests/__init__.py", "from flask import Flask\napp = Flask(\"test\")\n", "migrations/__init__.py", ""), "shop:app"},
		{"the only package, under src", files("requirements.txt", reqs, "src/shop/__init__.py", "import flask\n\ndef create_app():\n    return flask.Flask(__name__)\n"), "shop:create_app()"},
		{"two packages", files("requirements.txt", reqs, "shop/__init__.py", shop, "admin/__init__.py", shop), ""},
		// the only webapp, wsgi, app or application module of a package that creates one
		// (SearXNG's searx/webapp.py), when no package's __init__.py does
		{"the only package's webapp module", files("requirements.txt", reqs, "searx/__init__.py", "import logging\n",
			"searx/webapp.py", "from flask import Flask\n\napp = Flask(__name__, static_folder=None)\n",
			"searx/engines/__init__.py", "", "tests/app.py", "app = Flask(\"test\")\n"), "searx.webapp:app"},
		{"the only package's app module, under src", files("requirements.txt", reqs, "src/shop/__init__.py", "",
			"src/shop/app.py", "import flask\n\ndef create_app():\n    return flask.Flask(__name__)\n"), "shop.app:create_app()"},
		// the wsgi module of the package named as the project (ihatemoney's ihatemoney/wsgi.py),
		// which makes the application with the project's factory
		{"the project's package's wsgi module", files("pyproject.toml", "[project]\nname = \"shop\"\nversion = \"1\"\ndependencies = [\"flask\", \"gunicorn\"]\n",
			"shop/__init__.py", "", "shop/run.py", "def create_app(instance_path=None):\n    return Flask(__name__)\n",
			"shop/wsgi.py", "from shop.run import create_app\n\napplication = create_app()\n"), "shop.wsgi:application"},
		{"two packages' webapp modules", files("requirements.txt", reqs, "searx/webapp.py", "app = Flask(__name__)\n",
			"admin/wsgi.py", "application = Flask(__name__)\n"), ""},
		{"a package's __init__.py first", files("requirements.txt", reqs, "shop/__init__.py", shop,
			"admin/webapp.py", "app = Flask(__name__)\n"), "shop:app"},
		// a package that imports an app created elsewhere is not the one that creates it
		{"a package without Flask()", files("requirements.txt", reqs, "shop/__init__.py", "from shop.web import app\n"), ""},
		// flask calls a factory without arguments: one that needs some is not Flask's to find
		{"a factory that needs an argument", files("requirements.txt", reqs, "app/__init__.py", "def create_app(config_name):\n    app = Flask(__name__)\n    return app\n"), ""},
	} {
		p, err := inContext(t, "language: python\n", tc.ctx)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%s: planned %q, want an error", tc.name, p.Image.Entrypoint)
		case tc.want == "" && !strings.Contains(err.Error(), "no FLASK_APP (the spec's env, .env, .flaskenv) names the app"):
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "":
			if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", tc.want}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("%s: entrypoint %q, want %q", tc.name, p.Image.Entrypoint, want)
			}
		}
	}
	// where the application was found, in the builder's description
	p := mustContext(t, "language: python\n", files("requirements.txt", reqs, "shop/__init__.py", shop))
	if d := p.Stage("builder").Description; !strings.Contains(d, "shop/__init__.py, the only package that creates a Flask application") {
		t.Errorf("builder: %q", d)
	}
	p = mustContext(t, "language: python\n", files("requirements.txt", reqs, ".env", "FLASK_APP=shop\n", "shop/__init__.py", shop))
	if d := p.Stage("builder").Description; !strings.Contains(d, "FLASK_APP in .env") {
		t.Errorf("builder: %q", d)
	}
}

func TestSpecApplicationEntrypoint(t *testing.T) {
	for _, tc := range []struct {
		reqs, ep string
		want     []string
	}{
		{"starlette\nuvicorn\n", "svc.asgi:app", []string{"/opt/venv/bin/uvicorn", "svc.asgi:app", "--host", "0.0.0.0", "--port", "9000"}},
		{"bottle\ngunicorn\n", "svc:application", []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:9000", "svc:application"}},
		{"litestar\nhypercorn\n", "svc:create_app()", []string{"/opt/venv/bin/hypercorn", "--bind", "0.0.0.0:9000", "svc:create_app()"}},
	} {
		p := mustContext(t, "language: python\nports: [9000]\nentrypoint: \""+tc.ep+"\"\n", files("requirements.txt", tc.reqs))
		if !slices.Equal(p.Image.Entrypoint, tc.want) {
			t.Errorf("%s with %q: entrypoint %q, want %q", tc.ep, tc.reqs, p.Image.Entrypoint, tc.want)
		}
	}
	_, err := inContext(t, "language: python\nentrypoint: svc:app\n", files("requirements.txt", "requests\n"))
	if err == nil || !strings.Contains(err.Error(), "at Dockerfile:2:1") || !strings.Contains(err.Error(), "nothing among the dependencies serves it") {
		t.Errorf("no server: %v", err)
	}
}

// TestAScriptWinsOverAFramework: the project's only script is what its author runs.
func TestAScriptWinsOverAFramework(t *testing.T) {
	pp := "[project]\nname = \"svc\"\ndependencies = [\"fastapi[standard]\"]\n[project.scripts]\nsvc = \"svc.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	p := mustContext(t, "language: python\n", files("pyproject.toml", pp, "main.py", "app = FastAPI()\n"))
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/svc"}) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
}

// TestFrameworkReadsFollowTheDependencies: the frameworks' files are asked for only when the
// framework is a dependency, and Django's settings only once manage.py names them.
func TestFrameworkReadsFollowTheDependencies(t *testing.T) {
	follow := func(src string, f lang.Facts) []string {
		s := langtest.Spec(t, src)
		return Provider{}.Follow(s, f)
	}
	if got := follow("language: python\n", files("requirements.txt", "requests\n", "main.py", "")); len(got) != 0 {
		t.Errorf("no framework: follows %q", got)
	}
	if got := follow("language: python\n", files("requirements.txt", "fastapi\n")); !slices.Equal(got, slices.Concat(fastapiFiles, fastapiSrcFiles, []string{mainPattern, serverMainPattern})) {
		t.Errorf("FastAPI: follows %q", got)
	}
	if got := follow("language: python\nentrypoint: main:app\n", files("requirements.txt", "fastapi\n")); len(got) != 0 {
		t.Errorf("FastAPI with an entrypoint: follows %q", got)
	}
	got := follow("language: python\nentrypoint: main:app\n", files("requirements.txt", "django\n", "manage.py", strings.Replace(djangoManage, "mysite.settings", "config.settings.prod", 1)))
	if want := []string{"manage.py", "src/manage.py", managePattern, "config/settings/prod/*.py", "config/settings/*.py", "config/*.py", "config/settings/prod.py.*",
		"config/settings/wsgi/__init__.py", "config/settings/asgi/__init__.py", "config/wsgi/__init__.py", "config/asgi/__init__.py"}; !slices.Equal(got, want) {
		t.Errorf("Django: follows %q, want %q", got, want)
	}
}

func titleOf(p *plan.Plan) string {
	for _, l := range p.Image.Labels {
		if l.Key == "org.opencontainers.image.title" {
			return l.Value
		}
	}
	return ""
}

// TestAWebProcessRunsWhenNothingElseIs: when the project's files name nothing the frontend can
// run, a web process (a Procfile's, written for Heroku, or the spec's processes) is what the
// image runs, as the default target; the runtime stage itself runs nothing of the project.
func TestAWebProcessRunsWhenNothingElseIs(t *testing.T) {
	realworld := files("requirements.txt", "-r requirements/prod.txt\n", "requirements/prod.txt", "Flask==2.2\ngunicorn>=19\n",
		"autoapp.py", "from conduit.app import create_app\napp = create_app(ProdConfig)\n",
		"Procfile", "web: gunicorn autoapp:app -b 0.0.0.0:$PORT -w 3\n")
	p := mustContext(t, "language: python\nports: [5000]\n", realworld)
	if p.Image.Entrypoint != nil || len(expects(p.Stage("builder"))) != 0 || !strings.Contains(p.Stage("builder").Description, "the image runs the web process") {
		t.Errorf("entrypoint %q, checks %q, builder %q", p.Image.Entrypoint, expects(p.Stage("builder")), p.Stage("builder").Description)
	}
	// a warning says what the project's files lacked: a Procfile may be for development
	if n := p.Notes; len(n) != 1 || n[0].Rule != "WebProcessOnly" || n[0].Field != "language" ||
		!strings.Contains(n[0].Msg, "because the project's files alone say: no entrypoint: Flask is a dependency, but no FLASK_APP") {
		t.Errorf("notes %+v", n)
	}
	if !slices.ContainsFunc(copies(p.Stage("runtime")), func(c *plan.Copy) bool { return slices.Equal(c.Paths, []string{"/app"}) }) {
		t.Errorf("the app is not shipped")
	}
	// the spec's processes likewise; without either, the error
	p = mustContext(t, "language: python\nprocesses: {web: [gunicorn, autoapp:app]}\n", with(realworld, "Procfile", ""))
	if p.Image.Entrypoint != nil {
		t.Errorf("spec processes: entrypoint %q", p.Image.Entrypoint)
	}
	if _, err := inContext(t, "language: python\nprocesses: {worker: [rq, worker]}\n", with(realworld, "Procfile", "worker: rq worker\n")); err == nil {
		t.Errorf("no web process: planned")
	}
	// what the project's files say wins over the Procfile
	p = mustContext(t, "language: python\n", with(realworld, ".flaskenv", "FLASK_APP=autoapp.py\n"))
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "autoapp:app"}) {
		t.Errorf("with .flaskenv: %q", p.Image.Entrypoint)
	}
}

// TestDjangoBuildsForItsWebProcess: a Django project whose web process is the Procfile's
// (wagtail/bakerydemo: uWSGI) still collects its static files.
func TestDjangoBuildsForItsWebProcess(t *testing.T) {
	p := mustContext(t, "language: python\n", with(djangoSite, "requirements.txt", "django\nuwsgi\n", "Procfile", "web: uwsgi ./etc/uwsgi.ini\n"))
	if p.Image.Entrypoint != nil || !hasRun(p.Stage("builder"), "python manage.py collectstatic") {
		t.Errorf("entrypoint %q, builder %q", p.Image.Entrypoint, runs(p.Stage("builder")))
	}
}

// A Django project whose manage.py and packages live under src/ (paperless-ngx's layout), with
// uv and a pyproject.toml at the root: its settings and application are found there, the
// image imports from /app/src, collectstatic and the tests run with src/manage.py.
func TestDjangoUnderSrc(t *testing.T) {
	ctx := files("pyproject.toml", "[project]\nname = \"archive\"\nrequires-python = \">=3.11\"\ndependencies = [\"django~=5.2\", \"gunicorn>=23\"]\n",
		"uv.lock", "version = 1\n",
		"src/manage.py", strings.Replace(djangoManage, "mysite.settings", "archive.settings", 1),
		"src/archive/__init__.py", "", "src/archive/settings.py", strings.ReplaceAll(djangoSettingsPy, "mysite", "archive"),
		"src/archive/wsgi.py", "application = get_wsgi_application()\n", "src/documents/models.py", "")
	p := mustContext(t, "language: python\nports: [8000]\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "archive.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if langtest.Env(p.Image.Env, "PYTHONPATH") != "/app/src:/app" || p.Image.Workdir != "/app" {
		t.Errorf("PYTHONPATH %q workdir %q, want /app/src first", langtest.Env(p.Image.Env, "PYTHONPATH"), p.Image.Workdir)
	}
	b := p.Stage("builder")
	runStarting(t, b, "python src/manage.py collectstatic --noinput")
	// the application's module was read in src/: no check of it, only of the server
	if got := expects(b); len(got) != 1 || got[0] != "/opt/venv/bin/gunicorn" {
		t.Errorf("builder checks %q", got)
	}
	if tr := runs(p.Stage("tester")); tr[len(tr)-1] != "/bin/sh -c cd src && exec python manage.py test" {
		t.Errorf("tester runs %q", tr)
	}
	// read, not found: the error names src/manage.py and the wsgi.py looked for under src/
	noWSGI := with(ctx, "src/archive/settings.py", "DEBUG = False\n")
	delete(noWSGI, "src/archive/wsgi.py")
	if _, err := inContext(t, "language: python\n", noWSGI); err == nil || !strings.Contains(err.Error(), "settings archive.settings from src/manage.py") ||
		!strings.Contains(err.Error(), "no src/archive/wsgi.py") {
		t.Errorf("no wsgi.py: %v", err)
	}
}

// TestLitestarAppIsFoundWhereLitestarRunLooks: a Litestar application in the modules `litestar
// run` autodiscovers (an app instance, a create_app factory, a function annotated to return
// Litestar; in app, application or one submodule of theirs), or named by LITESTAR_APP in the
// spec's env, is served by the server its dependencies bring: litestar[standard]'s (or [cli]'s)
// uvicorn, litestar-granian's granian.
func TestLitestarAppIsFoundWhereLitestarRunLooks(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		want      []string
	}{
		{"app.py", "", files("requirements.txt", "litestar[standard]>=2.12\n", "app.py", "from litestar import Litestar, get\n\napp = Litestar(route_handlers=[index])\n"),
			[]string{"/opt/venv/bin/uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"}},
		{"a factory in app/", "", files("requirements.txt", "litestar\nlitestar-granian[uvloop]\n", "app/__init__.py", "from litestar import Litestar\n\n\ndef create_app() -> Litestar:\n    return Litestar([])\n"),
			[]string{"/opt/venv/bin/granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "8000", "--factory", "app:create_app"}},
		{"an annotated factory", "", files("requirements.txt", "litestar\nuvicorn\n", "application.py", "def helper():\n    pass\n\n\ndef build(\n    debug: bool = False,\n) -> \"Litestar\":\n    return Litestar([])\n"),
			[]string{"/opt/venv/bin/uvicorn", "--factory", "application:build", "--host", "0.0.0.0", "--port", "8000"}},
		{"LITESTAR_APP", "env: {LITESTAR_APP: \"svc.main:api\"}\n", files("requirements.txt", "litestar[standard]\n", "svc/main.py", "api = Litestar([])\n"),
			[]string{"/opt/venv/bin/uvicorn", "svc.main:api", "--host", "0.0.0.0", "--port", "8000"}},
		// litestar-fullstack's shape: the application named in the spec, two levels into the package
		{"the spec's factory", "entrypoint: app.server.asgi:create_app()\n", files("requirements.txt", "litestar[jinja]\nlitestar-granian[uvloop]\n", "app/server/asgi.py", "def create_app() -> Litestar:\n    ...\n"),
			[]string{"/opt/venv/bin/granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "8000", "--factory", "app.server.asgi:create_app"}},
	} {
		entrypointIs(t, tc.name, "language: python\n"+tc.src, tc.ctx, tc.want)
	}
	// a submodule of app (litestar-pg-redis-docker's app/main.py), as the CLI's autodiscovery
	// looks there; litestar[cli] brings uvicorn, as litestar[standard] does
	entrypointIs(t, "a submodule of app", "language: python\n", files("requirements.txt", "litestar[redis,cli]\n", "app/__init__.py", "",
		"app/main.py", "from litestar import Litestar\n\napp = Litestar(route_handlers=[])\n", "app/lib.py", "def helper():\n    pass\n"),
		[]string{"/opt/venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"})
	for name, ctx := range map[string]lang.Facts{
		"outside the canonical modules": files("requirements.txt", "litestar[standard]\n", "svc/routes.py", "app = Litestar([])\n"),
		"two submodules":                files("requirements.txt", "litestar[standard]\n", "app/a.py", "app = Litestar([])\n", "app/b.py", "app = Litestar([])\n"),
	} {
		_, err := inContext(t, "language: python\n", ctx)
		if err == nil || !strings.Contains(err.Error(), "Litestar is a dependency, but no LITESTAR_APP in the spec's env names the app and no app.py, app/__init__.py, app/*.py, application.py, application/__init__.py, application/*.py defines it") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// no server: uvicorn added, as `litestar run` serves with it
	p := mustContext(t, "language: python\n", files("requirements.txt", "litestar\n", "app.py", "app = Litestar([])\n"))
	serverAdded(t, p, "uvicorn==0.34.0", []string{"/opt/venv/bin/uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"},
		"Litestar application app:app (app.py): nothing among the dependencies serves it (uvicorn, hypercorn, daphne, granian)")
}

// TestDjangoCompressOffline: settings turning on django-compressor's offline compression get
// `manage.py compress --force` after collectstatic (with its env), so the {% compress %} blocks
// have their manifest; without the setting, or with it off, nothing more runs.
func TestDjangoCompressOffline(t *testing.T) {
	site := with(djangoSite, "requirements.txt", "Django==5.1.4\ngunicorn==23.0.0\ndjango-compressor==4.6\n",
		"mysite/settings.py", djangoSettingsPy+"COMPRESS_OFFLINE = True\n")
	p := mustContext(t, "language: python\n", site)
	if r := runs(p.Stage("builder")); len(r) < 4 || r[1] != "python manage.py collectstatic --noinput" || r[2] != "python manage.py compress --force" ||
		!strings.Contains(r[3], "django-static-only.py clean /app staticfiles") {
		t.Errorf("builder runs %q: want collectstatic, then compress, then the removal of what they wrote outside STATIC_ROOT", r)
	}
	// a COMPRESS_ROOT of its own: compress writes there, so /app keeps what they wrote
	p = mustContext(t, "language: python\n", with(site, "mysite/settings.py", djangoSettingsPy+"COMPRESS_OFFLINE = True\nCOMPRESS_ROOT = BASE_DIR / \"compressed\"\n"))
	if r := runs(p.Stage("builder")); r[0] != "python manage.py collectstatic --noinput" || hasRun(p.Stage("builder"), "python -I /run/multistage-frontend/django-static-only.py") {
		t.Errorf("COMPRESS_ROOT: builder runs %q", r)
	}
	if c := runStarting(t, p.Stage("builder"), "python manage.py compress"); !slices.Contains(c.Env, plan.Env{Key: "DJANGO_SECRET_KEY", Value: buildPlaceholder}) {
		t.Errorf("compress env %+v", c.Env)
	}
	for _, settings := range []string{djangoSettingsPy, djangoSettingsPy + "COMPRESS_OFFLINE = False\n", djangoSettingsPy + "COMPRESS_OFFLINE = not DEBUG\n"} {
		p := mustContext(t, "language: python\n", with(site, "mysite/settings.py", settings))
		if hasRun(p.Stage("builder"), "python manage.py compress") {
			t.Errorf("%q: compress runs", settings)
		}
	}
}

// TestDjango6NeedsPython312: Django 6 supports Python 3.12 and later, so a project pinning it
// (or bounding it from 6 up) that names no Python gets 3.12, not the default 3.11, where its
// install would fail; requires-python is still obeyed, and the spec's version wins.
func TestDjango6NeedsPython312(t *testing.T) {
	wantRuntimes(t, []runtimeCase{
		{"Django 6 pinned", "language: python\n", with(djangoSite, "requirements.txt", "Django[argon2]==6.1\ngunicorn==23.0.0\n"), "python:3.12-slim"},
		{"Django 6 bounded", "language: python\n", with(djangoSite, "requirements.txt", "django>=6.0,<7\ngunicorn\n"), "python:3.12-slim"},
		{"Django 5", "language: python\n", djangoSite, "python:3.11-slim"},
		{"the spec's version", "language: python\nversion: \"3.14\"\n", with(djangoSite, "requirements.txt", "Django==6.1\ngunicorn\n"), "python:3.14-slim"},
		{"requires-python", "language: python\n", files("pyproject.toml", "[project]\nname = \"site\"\nrequires-python = \">=3.13\"\ndependencies = [\"django>=6\", \"gunicorn\"]\n",
			"manage.py", djangoManage, "mysite/__init__.py", "", "mysite/settings.py", djangoSettingsPy, "mysite/wsgi.py", ""), "python:3.13-slim"},
	})
	if m, why := pythonFloor([]string{"gunicorn==23", "Django [argon2] == 6.1"}); m != 12 || why != "Django [argon2] == 6.1" {
		t.Errorf("pythonFloor = %d %q", m, why)
	}
}

// TestFlaskUnderSrc: a Flask application in a src layout of a project that is no package (nothing
// installs src/'s modules into the venv) is imported from /app/src: PYTHONPATH puts it first,
// whether found as the only package creating the app, FLASK_APP's module, or src/app.py. A
// package's (a build system) is installed and imported from the venv: PYTHONPATH stays /app.
func TestFlaskUnderSrc(t *testing.T) {
	const shop = "from flask import Flask\n\napp = Flask(__name__)\n"
	for _, tc := range []struct {
		name       string
		ctx        lang.Facts
		entry, env string
	}{
		{"the only package", files("requirements.txt", "flask\ngunicorn\n", "src/shop/__init__.py", shop), "shop:app", "/app/src:/app"},
		{"FLASK_APP", files("requirements.txt", "flask\ngunicorn\n", ".flaskenv", "FLASK_APP=shop\n", "src/shop/__init__.py", shop, "src/other/__init__.py", shop), "shop:app", "/app/src:/app"},
		{"src/app.py", files("requirements.txt", "flask\ngunicorn\n", "src/app.py", shop), "app:app", "/app/src:/app"},
		{"app.py at the top first", files("requirements.txt", "flask\ngunicorn\n", "app.py", shop, "src/app.py", shop), "app:app", "/app"},
		{"a package", files("pyproject.toml", "[project]\nname = \"shop\"\nversion = \"1\"\ndependencies = [\"flask\", \"gunicorn\"]\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
			"src/shop/__init__.py", shop), "shop:app", "/app"},
	} {
		p := entrypointIs(t, tc.name, "language: python\n", tc.ctx, []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", tc.entry})
		if p == nil {
			continue
		}
		if got := langtest.Env(p.Image.Env, "PYTHONPATH"); got != tc.env {
			t.Errorf("%s: PYTHONPATH %q, want %q", tc.name, got, tc.env)
		}
	}
}

// TestCookiecutterDjangoRequirements: a project with cookiecutter-django's requirements/
// (base.txt, production.txt including it, local.txt for development) and no requirements.txt is
// Python's: deps installs requirements/production.txt with base.txt beside it, the tester
// requirements/local.txt, and the server runs with the settings wsgi.py names. A
// requirements.txt wins.
func TestCookiecutterDjangoRequirements(t *testing.T) {
	ctx := files("requirements/base.txt", "django==5.2\npsycopg2==2.9.10\n", "requirements/production.txt", "-r ./base.txt\n\ngunicorn==23.0.0\n",
		"requirements/local.txt", "-r base.txt\npytest==8.3\n", "pyproject.toml", "[tool.ruff]\nline-length = 119\n",
		"manage.py", strings.Replace(djangoManage, "mysite.settings", "config.settings.local", 1),
		"config/__init__.py", "", "config/settings/__init__.py", "", "config/settings/base.py", "STATIC_ROOT = str(BASE_DIR / 'staticfiles')\n",
		"config/settings/local.py", "from .base import *\n", "config/settings/production.py", "from .base import *\n",
		"config/wsgi.py", "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.production\")\napplication = get_wsgi_application()\n")
	p := mustContext(t, "ports: [8000]\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -r requirements/production.txt") {
		t.Errorf("deps runs %q", runs(p.Stage("deps")))
	}
	if cp := copies(p.Stage("deps")); len(cp) != 1 || !slices.Equal(cp[0].Include, []string{"requirements/production.txt", "requirements/base.txt"}) {
		t.Errorf("deps copies %+v: want the two requirement files, where they live", cp)
	}
	tr := runs(p.Stage("tester"))
	if !slices.ContainsFunc(tr, func(r string) bool { return strings.HasSuffix(r, "-r requirements/local.txt") }) || tr[len(tr)-1] != "python -m pytest" {
		t.Errorf("tester runs %q", tr)
	}
	if !slices.ContainsFunc(runs(p.Stage("runtime")), func(r string) bool { return strings.Contains(r, "apt-get install") && strings.Contains(r, "libpq5") }) {
		t.Errorf("runtime runs %q: want libpq5 for psycopg2 of requirements/base.txt", runs(p.Stage("runtime")))
	}
	// a requirements.txt is the image's, and local.txt is not the tests' then
	p = mustContext(t, "ports: [8000]\n", with(ctx, "requirements.txt", "django==5.2\ngunicorn\n"))
	if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -r requirements.txt") || hasRun(p.Stage("tester"), "pip --python /opt/venv/bin/python install --no-compile -r requirements/local.txt") {
		t.Errorf("requirements.txt: deps %q, tester %q", runs(p.Stage("deps")), runs(p.Stage("tester")))
	}
}

// TestADependencyGroupAsTheDependencies: a pyproject.toml with no [project] whose only group
// not for development holds the dependencies (bookwyrm's [dependency-groups] main, installed by
// its Dockerfile with pip install --group main) has them installed as pyproject.toml's
// dependencies, and the Django application they serve is found; the dev group is the tests'.
// Two such groups, or a [project], take none.
func TestADependencyGroupAsTheDependencies(t *testing.T) {
	site := lang.Facts{}
	for k, v := range djangoSite {
		if k != "requirements.txt" {
			site[k] = v
		}
	}
	groups := "[dependency-groups]\nmain = [\"Django==5.2\", \"gunicorn==23.0.0\"]\ndev = [\"pytest==8.3\"]\n"
	p := mustContext(t, "language: python\n", with(site, "pyproject.toml", groups))
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if !hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -- Django==5.2 gunicorn==23.0.0") {
		t.Errorf("deps runs %q", runs(p.Stage("deps")))
	}
	if !hasRun(p.Stage("tester"), "pip --python /opt/venv/bin/python install --no-compile -- pytest==8.3") {
		t.Errorf("tester runs %q", runs(p.Stage("tester")))
	}
	if n := langtest.NoteOf(p, "MissingLockfile"); n == nil || !strings.Contains(n.Msg, "its dependency group main, the only one not for development") {
		t.Errorf("MissingLockfile %+v", n)
	}
	for name, py := range map[string]string{
		"two groups":  groups + "web = [\"whitenoise\"]\n",
		"a [project]": "[project]\nname = \"mysite\"\nversion = \"1\"\n" + groups,
	} {
		p, err := inContext(t, "language: python\n", with(site, "pyproject.toml", py))
		if err == nil && hasRun(p.Stage("deps"), "pip --python /opt/venv/bin/python install --no-compile -- Django==5.2") {
			t.Errorf("%s: the group installed as the dependencies: %q", name, runs(p.Stage("deps")))
		}
	}
}

// A package's __main__.py that makes a framework's application and serves nothing (weather-api's
// `app = FastAPI()` in app/__main__.py, which its Dockerfile serves with uvicorn) is served by
// the dependencies' server: `python -m app` made the application and exited. A __main__.py
// that runs a server itself, or a framework not among the dependencies, still runs with python -m.
func TestAMainModuleThatOnlyMakesAnApplicationIsServed(t *testing.T) {
	fastapiMain := "from fastapi import FastAPI\n\nfrom .routes import router\n\napp = FastAPI()\napp.include_router(router)\n"
	for name, tc := range map[string]struct {
		ctx  lang.Facts
		want []string
	}{
		"FastAPI": {files("requirements.txt", "fastapi==0.115.0\nuvicorn==0.34.0\n", "svc/__init__.py", "", "svc/__main__.py", fastapiMain),
			[]string{"/opt/venv/bin/uvicorn", "svc.__main__:app", "--host", "0.0.0.0", "--port", "8000"}},
		"Flask, served by the added gunicorn": {files("requirements.txt", "flask==3.1.0\n", "svc/__init__.py", "",
			"svc/__main__.py", "from flask import Flask\n\napplication = Flask(__name__)\n"),
			[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "svc.__main__:application"}},
		"a module that runs its server": {files("requirements.txt", "fastapi==0.115.0\nuvicorn==0.34.0\n",
			"svc/__main__.py", fastapiMain+"\nif __name__ == \"__main__\":\n    uvicorn.run(app, host=\"0.0.0.0\")\n"),
			[]string{"/opt/venv/bin/python", "-m", "svc"}},
		"Flask's run": {files("requirements.txt", "flask==3.1.0\n", "svc/__main__.py", "from flask import Flask\n\napp = Flask(__name__)\napp.run()\n"),
			[]string{"/opt/venv/bin/python", "-m", "svc"}},
		"no framework among the dependencies": {files("requirements.txt", "httpx\n", "svc/__main__.py", "app = FastAPI()\n"),
			[]string{"/opt/venv/bin/python", "-m", "svc"}},
	} {
		entrypointIs(t, name, "language: python\nports: [8000]\n", tc.ctx, tc.want)
	}
}

// TestDjangoSettingsNotInTheContext: a settings module the context lacks while holding its
// package (a sample shipped in its place) is named by DjangoSettingsMissing with the sample, and
// collectstatic, which would fail to import it, is left out; a module of a package the context
// does not hold, a build.command that may write it, or the module present, get neither.
func TestDjangoSettingsNotInTheContext(t *testing.T) {
	site := with(djangoSite, "mysite/settings.py.example", djangoSettingsPy, "mysite/base.py", "STATIC_ROOT = BASE_DIR / \"static\"\n")
	delete(site, "mysite/settings.py")
	p := mustContext(t, "language: python\n", site)
	msgs := langtest.Messages(p, "DjangoSettingsMissing")
	if len(msgs) != 1 || !strings.Contains(msgs[0], "the settings module mysite.settings (from manage.py) is not in the build context: mysite/settings.py is missing (the project ships mysite/settings.py.example") {
		t.Errorf("notes %q, want DjangoSettingsMissing naming mysite/settings.py and its sample", msgs)
	}
	if hasRun(p.Stage("builder"), "python manage.py collectstatic") {
		t.Error("collectstatic runs without the settings module")
	}
	for name, tc := range map[string]struct {
		src string
		ctx lang.Facts
	}{
		"present":           {"", with(site, "mysite/settings.py", djangoSettingsPy)},
		"a build.command":   {"build:\n  command: [cp, mysite/settings.py.example, mysite/settings.py]\n", site},
		"another package's": {"env: {DJANGO_SETTINGS_MODULE: vendor.settings}\nentrypoint: mysite.wsgi:application\n", site},
	} {
		p, err := inContext(t, "language: python\n"+tc.src, tc.ctx)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if msgs := langtest.Messages(p, "DjangoSettingsMissing"); len(msgs) != 0 {
			t.Errorf("%s: %q, want none", name, msgs)
		}
	}
}
