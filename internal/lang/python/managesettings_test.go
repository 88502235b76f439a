package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// manageTrying is a manage.py of ours that chooses its settings in code, as dpaste's does: the
// local settings when they import, else the base ones.
const manageTrying = `import os
import sys


def main():
    try:
        import mysite.settings.local
        settings = "mysite.settings.local"
    except ImportError:
        settings = "mysite.settings.base"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`

// TestManagePyChoosesItsSettingsInCode: manage.py's DJANGO_SETTINGS_MODULE default given as a
// variable is read as manage.py runs in the image: a module imported in a try and the one its
// except falls back to are chosen by what the context holds (dpaste, twenty-first Python sweep),
// and the image sets the chosen one, which its wsgi.py's default (the missing local settings)
// would not. A module chosen from the environment or a condition is an error naming the `env`
// lines to write.
func TestManagePyChoosesItsSettingsInCode(t *testing.T) {
	site := files("requirements.txt", "django\ngunicorn\n", "manage.py", manageTrying,
		"mysite/__init__.py", "", "mysite/settings/__init__.py", "", "mysite/settings/base.py", "STATIC_ROOT = '/app/static'\n",
		"mysite/settings/local.py.example", "from .base import *\n",
		"mysite/wsgi.py", "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings.local\")\napplication = get_wsgi_application()\n")
	for name, tc := range map[string]struct {
		local    bool
		settings string
	}{
		"without the local settings": {false, "mysite.settings.base"},
		"with them":                  {true, "mysite.settings.local"},
	} {
		ctx := site
		if tc.local {
			ctx = with(site, "mysite/settings/local.py", "from .base import *\n")
		}
		p, err := inContext(t, "language: python\n", ctx)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"); got != tc.settings {
			t.Errorf("%s: image DJANGO_SETTINGS_MODULE=%q, want %s", name, got, tc.settings)
		}
		cs := runStarting(t, p.Stage("builder"), "python manage.py collectstatic --noinput")
		if langtest.Env(cs.Env, "DJANGO_SETTINGS_MODULE") != tc.settings {
			t.Errorf("%s: collectstatic env %+v", name, cs.Env)
		}
		if msgs := langtest.Messages(p, "DjangoSettingsMissing"); len(msgs) != 0 {
			t.Errorf("%s: %q", name, msgs)
		}
	}
	p := mustContext(t, "language: python\n", site)
	if d := p.Stage("builder").Description; !strings.Contains(d, "settings mysite.settings.base from manage.py, as mysite.settings.local, which it imports when it can, is not in the build context") {
		t.Errorf("builder: %s", d)
	}

	// one module assigned: that module, as a quoted default is
	one := strings.Replace(strings.Replace(manageTrying, `settings = "mysite.settings.local"`, `settings = "mysite.settings.base"`, 1), "import mysite.settings.local", "pass", 1)
	p = mustContext(t, "language: python\n", with(site, "manage.py", one, "mysite/wsgi.py", "application = get_wsgi_application()\n"))
	if got := langtest.Env(p.Image.Env, "DJANGO_SETTINGS_MODULE"); got != "" || !strings.Contains(p.Stage("builder").Description, "settings mysite.settings.base from manage.py)") {
		t.Errorf("one module: image %q, builder %s", got, p.Stage("builder").Description)
	}

	// chosen from the environment or by a condition: the error names the modules to write
	for name, tc := range map[string]struct{ manage, want string }{
		"an f-string": {"import os\nenv = os.getenv(\"DJANGO_ENV\", \"local\")\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", f\"mysite.settings.{env}\")\n",
			"manage.py chooses DJANGO_SETTINGS_MODULE in code (`f\"mysite.settings.{env}\"`), which planning does not run at Dockerfile:1:1, write `env: {DJANGO_SETTINGS_MODULE: mysite.settings.base}` or `env: {DJANGO_SETTINGS_MODULE: mysite.settings.production}`"},
		"a condition": {"import os\nif os.getenv(\"PROD\"):\n    s = \"mysite.settings.production\"\nelse:\n    s = \"mysite.settings.base\"\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", s)\n",
			"chooses DJANGO_SETTINGS_MODULE in code (`s`), which planning does not run at Dockerfile:1:1, write `env: {DJANGO_SETTINGS_MODULE: mysite.settings.production}` or `env: {DJANGO_SETTINGS_MODULE: mysite.settings.base}`"},
		"a call": {"import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", pick())\n",
			"chooses DJANGO_SETTINGS_MODULE in code (`pick()`), which planning does not run at Dockerfile:1:1, set DJANGO_SETTINGS_MODULE in `env`"},
	} {
		_, err := inContext(t, "language: python\n", with(site, "manage.py", tc.manage, "mysite/settings/production.py", "from .base import *\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v\nwant %s", name, err, tc.want)
		}
	}
}
