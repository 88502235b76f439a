package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// uwsgiIni is a uWSGI configuration of our own in the shape self-hosted Django apps deploy with:
// the application, production settings in env, options of uWSGI's own, and a block that applies
// only when a variable is set.
const uwsgiIni = `[uwsgi]
module = mysite.wsgi:application
env = DJANGO_SETTINGS_MODULE=mysite.settings_prod
processes = 4
static-map = /static=static
uid = www-data

if-env = SITE_DEBUG
env = DJANGO_SETTINGS_MODULE=mysite.settings
harakiri = %(_)
endif =
`

// TestUWSGIAmongTheDependencies: a framework's application whose only server among the
// dependencies is uWSGI, which the image does not run, is served by the added gunicorn, and
// ServerAdded says uWSGI is not run and which options of its configuration do not apply. The
// configuration's env chooses the Django settings (collectstatic's and the image's), its module
// or wsgi-file the application where the framework's conventions find none; a Procfile's uwsgi
// still runs as the web process.
func TestUWSGIAmongTheDependencies(t *testing.T) {
	gunicorn := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:9090", "mysite.wsgi:application"}
	site := with(djangoSite, "requirements.txt", "Django==5.2\nuwsgi==2.0.31\n", "mysite/settings_prod.py", "from .settings import *\nDEBUG = False\n")

	// no configuration: gunicorn, manage.py's settings
	p := mustContext(t, "language: python\nports: [9090]\n", site)
	serverAdded(t, p, "gunicorn==23.0.0", gunicorn, "(settings mysite.settings from manage.py): nothing among the dependencies serves it (gunicorn, waitress, granian; uwsgi is among them, which the image does not run")
	if langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE") != "" {
		t.Errorf("manage.py's settings: DJANGO_SETTINGS_MODULE=%q in the image", langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"))
	}

	// uwsgi.ini's settings, its options named; what its if-env block sets is not read
	for _, file := range []string{"uwsgi.ini", "deploy/uwsgi.ini"} {
		p = mustContext(t, "language: python\nports: [9090]\n", with(site, file, uwsgiIni))
		serverAdded(t, p, "gunicorn==23.0.0", gunicorn, "(settings mysite.settings_prod from "+file+")")
		if n := langtest.NoteOf(p, "ServerAdded"); n == nil || !strings.Contains(n.Msg, file+"'s processes, static-map do not apply") {
			t.Errorf("%s: ServerAdded %+v", file, n)
		}
		// the static files it served itself: 404 behind gunicorn alone, whitenoise named
		if n := langtest.NoteOf(p, "ServerAdded"); n == nil || !strings.Contains(n.Msg, "its static-map (/static=static) served those files itself") ||
			!strings.Contains(n.Msg, "whitenoise.middleware.WhiteNoiseMiddleware") {
			t.Errorf("%s: ServerAdded %+v", file, n)
		}
		cs := runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput")
		if !slices.Contains(cs.Env, plan.Env{Key: "DJANGO_SETTINGS_MODULE", Value: "mysite.settings_prod"}) {
			t.Errorf("%s: collectstatic env %+v", file, cs.Env)
		}
		if got := langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"); got != "mysite.settings_prod" {
			t.Errorf("%s: image DJANGO_SETTINGS_MODULE=%q", file, got)
		}
	}
	// with whitenoise among the dependencies, the static files are its to serve
	p = mustContext(t, "language: python\nports: [9090]\n", with(site, "uwsgi.ini", uwsgiIni, "requirements.txt", "Django==5.2\nuwsgi==2.0.31\nwhitenoise\n"))
	if n := langtest.NoteOf(p, "ServerAdded"); n == nil || strings.Contains(n.Msg, "whitenoise") {
		t.Errorf("whitenoise: ServerAdded %+v", n)
	}
	// the spec's env wins, and is the image's as the spec sets it
	p = mustContext(t, "language: python\nports: [9090]\nenv: {DJANGO_SETTINGS_MODULE: mysite.settings}\n", with(site, "uwsgi.ini", uwsgiIni))
	serverAdded(t, p, "gunicorn==23.0.0", gunicorn, "(settings mysite.settings from the spec's env)")
	// a uwsgi.ini without uWSGI among the dependencies is not read
	p = mustContext(t, "language: python\n", with(djangoSite, "uwsgi.ini", uwsgiIni))
	if n := langtest.NoteOf(p, "ServerAdded"); n != nil || langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE") != "" {
		t.Errorf("gunicorn among the dependencies: %+v, %q", n, langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"))
	}

	// Flask: the application the configuration names where Flask's conventions find none
	flask := files("requirements.txt", "flask\nuwsgi\n", "server/__init__.py", "", "server/run.py", "from server.factory import build\nweb = build()\n",
		"uwsgi.ini", "[uwsgi]\nwsgi-file = server/run.py\ncallable = web\nhttp-socket = :8080\nmaster = true\n")
	p = mustContext(t, "language: python\nports: [8080]\n", flask)
	serverAdded(t, p, "gunicorn==23.0.0", []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8080", "server.run:web"}, "Flask application server.run:web (the module of uwsgi.ini)")
	if n := langtest.NoteOf(p, "ServerAdded"); n == nil || strings.Contains(n.Msg, "do not apply") {
		t.Errorf("every option stood in for: ServerAdded %+v", n)
	}
	// module = name with uWSGI's default callable
	p = mustContext(t, "language: python\n", with(flask, "uwsgi.ini", "[uwsgi]\nmodule = server.run\n"))
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "server.run:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("module: %q, want %q", p.Image.Entrypoint, want)
	}

	// a Procfile's uwsgi is the web process, as before
	p = mustContext(t, "language: python\n", with(site, "uwsgi.ini", uwsgiIni, "Procfile", "web: uwsgi --ini uwsgi.ini --http :$PORT\n"))
	if p.Image.Entrypoint != nil || langtest.NoteOf(p, "ServerAdded") != nil || hasRun(p.Stage("deps"), "gunicorn==") {
		t.Errorf("web process: entrypoint %q, deps %q", p.Image.Entrypoint, runs(p.Stage("deps")))
	}
}

// TestDjangoSettingsOfWsgiPy: a wsgi.py that sets another settings module than manage.py's
// (cookiecutter-django's manage.py config.settings.local, wsgi.py config.settings.production)
// decides the settings the server runs with: collectstatic runs with them, the image sets them
// for manage.py's commands, and STATIC_ROOT is read from them.
func TestDjangoSettingsOfWsgiPy(t *testing.T) {
	ctx := files("requirements.txt", "django\ngunicorn\n",
		"manage.py", strings.Replace(djangoManage, "mysite.settings", "config.settings.local", 1),
		"config/__init__.py", "", "config/settings/__init__.py", "", "config/settings/base.py", "DEBUG = False\n",
		"config/settings/local.py", "from .base import *\nDEBUG = True\n",
		"config/settings/production.py", "from .base import *\nSTATIC_ROOT = '/app/staticfiles'\n",
		"config/wsgi.py", "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.production\")\napplication = get_wsgi_application()\n")
	p := mustContext(t, "language: python\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	cs := runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput")
	if !slices.Contains(cs.Env, plan.Env{Key: "DJANGO_SETTINGS_MODULE", Value: "config.settings.production"}) {
		t.Errorf("collectstatic env %+v", cs.Env)
	}
	if got := langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"); got != "config.settings.production" {
		t.Errorf("image DJANGO_SETTINGS_MODULE=%q", got)
	}
	if !strings.Contains(p.Stage("builder").Description, "settings config.settings.production from config/wsgi.py") {
		t.Errorf("builder: %s", p.Stage("builder").Description)
	}

	// the same module in both, or none in wsgi.py: manage.py's, nothing set in the image
	for _, wsgi := range []string{"os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local')\n", "application = get_wsgi_application()\n"} {
		p = mustContext(t, "language: python\n", with(ctx, "config/wsgi.py", wsgi))
		if langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE") != "" || !strings.Contains(p.Stage("builder").Description, "settings config.settings.local from manage.py") {
			t.Errorf("%q: image %q, builder %s", wsgi, langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"), p.Stage("builder").Description)
		}
	}
}
