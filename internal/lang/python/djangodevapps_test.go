package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestDjangoAppOnlyInTheDevelopmentDependencies: the settings module manage.py defaults to
// installs an app that only a development extra, group or requirements file provides (a uv
// project's `dev` extra, a requirements-dev.txt): DjangoAppNotInstalled names the app, its line,
// the distribution, that collectstatic fails the build, and the production settings beside it.
// An app the main dependencies provide, one added under a condition, one the production settings
// do not install (the spec's env), and a module of the project are not warned of.
func TestDjangoAppOnlyInTheDevelopmentDependencies(t *testing.T) {
	pyproject := func(extra string) string {
		return "[project]\nname = \"depot\"\nversion = \"1.0\"\nrequires-python = \">=3.12\"\ndependencies = [\"django>=5\", \"gunicorn\"]\n" +
			"[project.optional-dependencies]\ndev = [" + extra + "]\n"
	}
	local := "from depot.settings.base import *\n\nDEBUG = True\n\nINSTALLED_APPS.extend(\n    [\n        \"depot.inventory\",\n        \"debug_toolbar\",\n    ]\n)\n"
	project := func(pp, localPy string, more ...string) lang.Facts {
		return files(append([]string{"pyproject.toml", pp, "uv.lock", "version = 1\n",
			"manage.py", "import os\n\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"depot.settings.local\")\n",
			"depot/__init__.py", "", "depot/wsgi.py", "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
			"depot/settings/__init__.py", "", "depot/settings/base.py", "INSTALLED_APPS = [\"django.contrib.staticfiles\"]\nSTATIC_ROOT = \"static\"\n",
			"depot/settings/local.py", localPy, "depot/settings/production.py", "from depot.settings.base import *\n"}, more...)...)
	}
	pipProject := func(localPy string) lang.Facts {
		return files("requirements.txt", "django==5.2\ngunicorn==23.0.0\n", "requirements-dev.txt", "django-extensions==4.1\n",
			"manage.py", "import os\n\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"depot.settings.local\")\n",
			"depot/__init__.py", "", "depot/wsgi.py", "application = None\n", "depot/settings/__init__.py", "",
			"depot/settings/base.py", "INSTALLED_APPS = []\n", "depot/settings/local.py", localPy, "depot/settings/prod.py", "")
	}
	poetryProject := func(localPy string) lang.Facts {
		return files("pyproject.toml", "[tool.poetry]\nname = \"depot\"\nversion = \"1.0\"\npackage-mode = false\n[tool.poetry.dependencies]\npython = \">=3.11\"\ndjango = \"^5\"\ngunicorn = \"^23\"\n"+
			"[tool.poetry.dev-dependencies]\nflake8 = \"*\"\ndjango-extensions = \"*\"\n[tool.poetry.group.dev.dependencies]\njinja2 = \"3.0.3\"\n", "poetry.lock", "",
			"manage.py", "import os\n\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"depot.settings.local\")\n",
			"depot/__init__.py", "", "depot/wsgi.py", "application = None\n", "depot/settings/__init__.py", "",
			"depot/settings/base.py", "INSTALLED_APPS = []\n", "depot/settings/local.py", localPy)
	}
	for _, tc := range []struct {
		name, spec string
		ctx        lang.Facts
		want       string // "" for no note
	}{
		{"uv dev extra", "", project(pyproject(`"django-debug-toolbar>=4"`), local),
			"the settings module depot.settings.local (from manage.py) installs debug_toolbar (depot/settings/local.py:8), which only the development dependencies provide (django-debug-toolbar): " +
				"the image never gets them, so collectstatic fails the build importing it, and the server would at start; set `env: {DJANGO_SETTINGS_MODULE: depot.settings.production}`, or move django-debug-toolbar to the main dependencies"},
		{"requirements-dev.txt", "", pipProject("INSTALLED_APPS += [\"django_extensions\"]\n"),
			"installs django_extensions (depot/settings/local.py:1), which only the development dependencies provide (django-extensions): the image never gets them, so the server fails at start importing it; set `env: {DJANGO_SETTINGS_MODULE: depot.settings.prod}`"},
		{"middleware", "", project(pyproject(`"django-debug-toolbar"`), "MIDDLEWARE = [\n    \"debug_toolbar.middleware.DebugToolbarMiddleware\",\n]\n"), "installs debug_toolbar (depot/settings/local.py:2)"},
		{"main dependency", "", project(strings.Replace(pyproject(`"django-debug-toolbar"`), `"gunicorn"]`, `"gunicorn", "django-debug-toolbar"]`, 1), local), ""},
		{"guarded", "", project(pyproject(`"django-debug-toolbar"`), "try:\n    import debug_toolbar\n    INSTALLED_APPS.append(\"debug_toolbar\")\nexcept ImportError:\n    pass\n"), ""},
		{"production settings", "env: {DJANGO_SETTINGS_MODULE: depot.settings.production}\n", project(pyproject(`"django-debug-toolbar"`), local), ""},
		{"not a dev distribution", "", project(pyproject(`"pytest"`), local), ""},
		// Poetry merges the legacy dev-dependencies into a [tool.poetry.group.dev] beside them (pinry's)
		{"poetry dev-dependencies beside the dev group", "", poetryProject("INSTALLED_APPS += [\n    \"django_extensions\",\n]\n"),
			"installs django_extensions (depot/settings/local.py:2), which only the development dependencies provide (django-extensions)"},
	} {
		p := mustContext(t, "language: python\n"+tc.spec, tc.ctx)
		n := langtest.NoteOf(p, "DjangoAppNotInstalled")
		switch {
		case tc.want == "" && n != nil:
			t.Errorf("%s: %q, want none", tc.name, n.Msg)
		case tc.want != "" && (n == nil || !strings.Contains(n.Msg, tc.want)):
			t.Errorf("%s: %+v, want %q", tc.name, n, tc.want)
		}
	}
}
