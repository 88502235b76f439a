package python

import (
	"maps"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestSetupCfgAndSetupPyRequirementsAreRead: a setuptools project without [project] names its
// dependencies in setup.cfg's [options] install_requires (comments and markers among them) or
// setup.py's install_requires literals: the framework and the server they name are found, as
// pyproject.toml's are; python_requires picks the image, console_scripts are scripts. Before,
// such a Django project had no dependencies planning knew of: "no entrypoint".
func TestSetupCfgAndSetupPyRequirementsAreRead(t *testing.T) {
	const cfg = "[metadata]\nname = site\n\n[options]\npackages = find:\npython_requires = >=3.12,<3.13\ninstall_requires =\n" +
		"    # Essential packages\n    django>=4.2\n    gunicorn\n    pywin32; sys_platform == \"win32\"\n\n" +
		"[options.extras_require]\ndev =\n    pytest\n"
	django := with(djangoSite, "requirements.txt", "", "setup.py", "from setuptools import setup\nsetup()\n", "setup.cfg", cfg)
	delete(django, "requirements.txt")
	p := entrypointIs(t, "setup.cfg", "language: python\n", django, []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"})
	if got := langtest.RuntimeImage(p); got != "python:3.12-slim" {
		t.Errorf("setup.cfg: runtime %s, want python:3.12-slim (python_requires)", got)
	}
	proj, err := readProject(django)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"django", "gunicorn", "pywin32"}; !slices.Equal(slices.Sorted(maps.Keys(proj.installs)), want) {
		t.Errorf("setup.cfg: installs %v, want %v", proj.installs, want)
	}

	flask := files("setup.py", "from setuptools import setup\n\nsetup(\n    name=\"hello\",\n    install_requires=[\n        \"Flask>=3\",  # the app\n        'gunicorn',\n    ],\n)\n",
		"app.py", "from flask import Flask\n\napp = Flask(__name__)\n")
	entrypointIs(t, "setup.py's literals", "language: python\n", flask, []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"})

	scripts := files("setup.py", "from setuptools import setup\nsetup()\n", "setup.cfg",
		"[options]\ninstall_requires = click\n\n[options.entry_points]\nconsole_scripts =\n    tool = tool.cli:main\n", "tool/__init__.py", "", "tool/cli.py", "def main():\n    pass\n")
	entrypointIs(t, "setup.cfg's console_scripts", "language: python\n", scripts, []string{"/opt/venv/bin/tool"})
}
