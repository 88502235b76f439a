package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// Django projects whose settings are not where startproject puts them, in the shapes the
// twenty-ninth Python sweep met (written for these tests): a manage.py that puts src/ or another
// directory on sys.path (ephios, apprise-api), a dict of defaults instead of setdefault
// (python-discord/site), a settings module at the top with wsgi.py beside it (djangopackages),
// and a wsgi.py naming settings the context lacks (bugsink's bugsink_conf).

const manageSrcPath = `#!/usr/bin/env python
import os
import sys


def main():
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rota.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
`

func TestDjangoSettingsOnManagePySysPath(t *testing.T) {
	// a package of a src layout (hatchling), whose manage.py at the root puts src/ on sys.path
	ctx := files("pyproject.toml", "[project]\nname = \"rota\"\nrequires-python = \">=3.11\"\ndependencies = [\"Django>=5.2,<5.3\", \"gunicorn\"]\n"+
		"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n", "uv.lock", "version = 1\n",
		"manage.py", manageSrcPath,
		"src/rota/__init__.py", "", "src/rota/settings.py", strings.ReplaceAll(djangoSettingsPy, "mysite", "rota"),
		"src/rota/wsgi.py", "application = get_wsgi_application()\n", "src/rota/urls.py", "")
	p := mustContext(t, "language: python\nports: [8000]\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "rota.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if got := langtest.Env(p.Image.Env, "PYTHONPATH"); got != "/app/src:/app" {
		t.Errorf("PYTHONPATH %q, want /app/src first", got)
	}
	runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput")

	// the same with pathlib, into a directory that is no src/ (apprise-api's apprise_api/), its
	// wsgi.py naming the production settings where manage.py names the debug ones
	ctx = files("requirements.txt", "django\ngunicorn\n",
		"manage.py", "import sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).resolve().parent / \"webapp\"))\n\n"+
			"def main():\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"core.settings.debug\")\n    execute_from_command_line(sys.argv)\n",
		"webapp/core/__init__.py", "", "webapp/core/settings/__init__.py", "WSGI_APPLICATION = \"core.wsgi.application\"\n",
		"webapp/core/settings/debug/__init__.py", "from .. import *\nDEBUG = True\n",
		"webapp/core/wsgi.py", "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"core.settings\")\napplication = get_wsgi_application()\n")
	p = mustContext(t, "language: python\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "core.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("webapp: entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if got, s := langtest.Env(p.Image.Env, "PYTHONPATH"), langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"); got != "/app/webapp:/app" || s != "core.settings" {
		t.Errorf("webapp: PYTHONPATH %q DJANGO_SETTINGS_MODULE %q, want /app/webapp first and wsgi.py's core.settings", got, s)
	}
}

func TestDjangoSettingsInADictOfDefaults(t *testing.T) {
	manage := "import os\n\nDEFAULT_ENVS = {\n    \"DJANGO_SETTINGS_MODULE\": \"mysite.settings\",\n    \"SUPER_USERNAME\": \"admin\",\n}\n\n" +
		"for key, value in DEFAULT_ENVS.items():\n    os.environ.setdefault(key, value)\n"
	p := mustContext(t, "language: python\n", with(djangoSite, "manage.py", manage, "requirements.txt", "django\nwaitress\n"))
	if want := []string{"/opt/venv/bin/waitress-serve", "--listen=0.0.0.0:8000", "mysite.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
}

func TestDjangoSettingsModuleAtTheTop(t *testing.T) {
	manage := strings.Replace(djangoManage, "mysite.settings", "settings", 1)
	ctx := files("pyproject.toml", "[project]\nname = \"directory\"\nrequires-python = \">=3.12\"\ndependencies = [\"django\", \"gunicorn\", \"django-environ\"]\n",
		"uv.lock", "version = 1\n", "manage.py", manage,
		"settings.py", "ROOT_URLCONF = \"urls\"\nWSGI_APPLICATION = \"wsgi.application\"\nSTATIC_ROOT = BASE_DIR / \"collected_static\"\n",
		"urls.py", "", "wsgi.py", "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"settings\")\napplication = get_wsgi_application()\n",
		"grid/models.py", "")
	p := mustContext(t, "language: python\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput")
	// no WSGI_APPLICATION: the wsgi.py beside the settings, at the top
	p = mustContext(t, "language: python\n", with(ctx, "settings.py", "DEBUG = False\n"))
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("wsgi.py beside: entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	// neither: the error names the files looked for
	noWSGI := with(ctx, "settings.py", "DEBUG = False\n")
	delete(noWSGI, "wsgi.py")
	if _, err := inContext(t, "language: python\n", noWSGI); err == nil || !strings.Contains(err.Error(), "there is no wsgi.py or asgi.py (or such a package)") {
		t.Errorf("no wsgi.py: %v", err)
	}
}

func TestDjangoWsgiNamesSettingsTheContextLacks(t *testing.T) {
	// the project's wsgi.py names a module at the top that its Dockerfile copies from a template
	// (bugsink's bugsink_conf): the application is that wsgi.py, and the settings are warned of
	ctx := files("requirements.txt", "Django==5.2\ngunicorn\n",
		"manage.py", strings.Replace(djangoManage, "mysite.settings", "tracker.settings.development", 1),
		"tracker/__init__.py", "", "tracker/settings/__init__.py", "", "tracker/settings/default.py", "WSGI_APPLICATION = \"tracker.wsgi.application\"\n",
		"tracker/settings/development.py", "from .default import *\n",
		"tracker/wsgi.py", "import django\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker_conf')\napplication = CustomWSGIHandler()\n")
	p := mustContext(t, "language: python\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "tracker.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	msgs := langtest.Messages(p, "DjangoSettingsMissing")
	if len(msgs) != 1 || !strings.Contains(msgs[0], "the settings module tracker_conf (from tracker/wsgi.py) is not in the build context: tracker_conf.py is missing") {
		t.Errorf("notes %q, want DjangoSettingsMissing naming tracker_conf.py", msgs)
	}
	// written into the context: no warning; set in the spec's env to one that is there: neither
	for name, tc := range map[string]struct{ src, file string }{
		"in the context": {"", "tracker_conf.py"},
		"the spec's env": {"env: {DJANGO_SETTINGS_MODULE: tracker.settings.default}\n", "unused.py"},
	} {
		p := mustContext(t, "language: python\n"+tc.src, with(ctx, tc.file, "from tracker.settings.default import *\n"))
		if msgs := langtest.Messages(p, "DjangoSettingsMissing"); len(msgs) != 0 {
			t.Errorf("%s: %q, want none", name, msgs)
		}
		if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "tracker.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s: entrypoint %q, want %q", name, p.Image.Entrypoint, want)
		}
	}
}

// Settings that read their database, cache and mail from the environment with django-environ and
// no default (djangopackages' `env.db("DATABASE_URL")`, ephios's `env.db_url()`, cookiecutter-
// django's base.py) raise ImproperlyConfigured when imported without them: collectstatic gets a
// placeholder each can parse, as the projects' own Dockerfiles set `DATABASE_URL=sqlite://:memory:`
// for it; never the image.
func TestCollectstaticGetsPlaceholdersOfRequiredEnvironment(t *testing.T) {
	settings := "import environ\n\nenv = environ.Env(\n    DEBUG=(bool, False),\n    TIMEOUT_PERIOD=(int, 5),\n)\n\n" +
		"DEBUG = env(\"DEBUG\")\nTIMEOUT = env(\"TIMEOUT_PERIOD\")\nSECRET_KEY = env(\"SECRET_KEY\")\n" +
		"ALLOWED_HOSTS = env.list(\"ALLOWED_HOSTS\")\nSITE_URL = env.str(\"SITE_URL\").rstrip(\"/\")\n" +
		"DATA_DIR = env.str(\"DATA_DIR\", os.path.join(BASE_DIR, \"data\"))\nSTATIC_URL = env.str(\"STATIC_URL\", default=\"/static/\")\n" +
		"DATABASES = {\n    \"default\": env.db(engine=\"django_prometheus.db.backends.postgresql\"),\n    \"metrics\": env.db(\"METRICS_DB_URL\"),\n}\n" +
		"CACHES = {\"default\": env.cache_url(default=\"locmemcache://\")}\nEMAIL_CONFIG = env.email_url(\"EMAIL_URL\")\n" +
		"WSGI_APPLICATION = \"mysite.wsgi.application\"\nSTATIC_ROOT = BASE_DIR / \"staticfiles\"\n"
	ctx := with(djangoSite, "requirements.txt", "django\ngunicorn\ndjango-environ\n", "mysite/settings.py", settings)
	p := mustContext(t, "language: python\nbuild:\n  env: {SITE_URL: https://rota.example}\n", ctx)
	cs := runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput")
	got := map[string]string{}
	for _, e := range cs.Env {
		got[e.Key] = e.Value
	}
	for k, v := range map[string]string{"ALLOWED_HOSTS": "", "DATABASE_URL": "sqlite://:memory:", "METRICS_DB_URL": "sqlite://:memory:",
		"EMAIL_URL": "smtp://localhost", "SECRET_KEY": buildPlaceholder} {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("collectstatic %s=%q (set %v), want %q", k, g, ok, v)
		}
	}
	// a default (in the call, or the Env's schema), or build.env's value: no placeholder
	for _, k := range []string{"DEBUG", "TIMEOUT_PERIOD", "DATA_DIR", "STATIC_URL", "CACHE_URL"} {
		if v, ok := got[k]; ok {
			t.Errorf("collectstatic %s=%q, want none", k, v)
		}
	}
	if v := got["SITE_URL"]; v == buildPlaceholder {
		t.Errorf("collectstatic SITE_URL=%q, want build.env's", v)
	}
	for _, e := range p.Image.Env {
		if e.Key == "DATABASE_URL" || e.Key == "ALLOWED_HOSTS" {
			t.Errorf("the image has the placeholder %s=%q", e.Key, e.Value)
		}
	}
	// settings without django-environ: nothing added
	p = mustContext(t, "language: python\n", djangoSite)
	for _, e := range runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput").Env {
		if e.Key != "DJANGO_SECRET_KEY" && e.Key != "SECRET_KEY" {
			t.Errorf("djangoSite: collectstatic env %s=%q", e.Key, e.Value)
		}
	}
}

func TestDjangoSettingsOfTheApplicationTheSettingsName(t *testing.T) {
	// the WSGI module WSGI_APPLICATION names is a package away from the settings (Grafana
	// OnCall's engine/wsgi.py beside settings/): manage.py sets the development settings, the
	// server imports engine/wsgi.py, whose default is the one the image runs with
	ctx := files("requirements.txt", "Django==5.2.4\ngunicorn==23.0.0\n",
		"manage.py", strings.Replace(djangoManage, "mysite.settings", "settings.dev", 1),
		"settings/__init__.py", "", "settings/base.py", "WSGI_APPLICATION = \"engine.wsgi.application\"\nSTATIC_ROOT = \"./static/\"\n",
		"settings/dev.py", "from .base import *  # noqa\nDEBUG = True\n",
		"settings/hobby.py", "from .base import *  # noqa\n",
		"engine/__init__.py", "", "engine/urls.py", "",
		"engine/wsgi.py", "import os\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"settings.prod\")\n\napplication = get_wsgi_application()\n")
	// its default is not in the context: warned of, naming the field, and the image runs what
	// the server would, not manage.py's settings (collectstatic cannot import them)
	p := mustContext(t, "language: python\nports: [8000]\n", ctx)
	if want := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "engine.wsgi:application"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	msgs := langtest.Messages(p, "DjangoSettingsMissing")
	if len(msgs) != 1 || !strings.Contains(msgs[0], "the settings module settings.prod (from engine/wsgi.py) is not in the build context: settings/prod.py is missing") ||
		!strings.Contains(msgs[0], "set DJANGO_SETTINGS_MODULE in `env`") {
		t.Errorf("notes %q, want DjangoSettingsMissing naming settings/prod.py and `env`", msgs)
	}
	if got := langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"); got != "settings.prod" {
		t.Errorf("DJANGO_SETTINGS_MODULE %q, want engine/wsgi.py's settings.prod", got)
	}
	// there: the image and collectstatic run with it, unwarned
	p = mustContext(t, "language: python\nports: [8000]\n", with(ctx, "settings/prod.py", "from .base import *  # noqa\nDEBUG = False\n"))
	if msgs := langtest.Messages(p, "DjangoSettingsMissing"); len(msgs) != 0 {
		t.Errorf("settings/prod.py there: %q, want none", msgs)
	}
	if got := langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"); got != "settings.prod" {
		t.Errorf("settings/prod.py there: DJANGO_SETTINGS_MODULE %q, want settings.prod", got)
	}
	if cs := runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput"); langtest.Env(cs.Env, "DJANGO_SETTINGS_MODULE") != "settings.prod" {
		t.Errorf("settings/prod.py there: collectstatic env %+v, want settings.prod", cs.Env)
	}
	// the spec's env chooses: unwarned
	p = mustContext(t, "language: python\nports: [8000]\nenv: {DJANGO_SETTINGS_MODULE: settings.hobby}\n", ctx)
	if msgs := langtest.Messages(p, "DjangoSettingsMissing"); len(msgs) != 0 {
		t.Errorf("env: %q, want none", msgs)
	}
	if cs := runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput"); langtest.Env(cs.Env, "DJANGO_SETTINGS_MODULE") != "settings.hobby" {
		t.Errorf("env: collectstatic env %+v, want settings.hobby", cs.Env)
	}
}
