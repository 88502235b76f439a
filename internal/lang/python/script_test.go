package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// inventoryCLI is a management command line written for these tests, in the shape of a
// pip-installable Django application's console script: a few commands of its own, the rest
// handed to Django's management commands.
const inventoryCLI = `"""Command line of the inventory application."""
import os
import sys


def main():
    if sys.argv[1:2] == ["version"]:
        print("1.0")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inventory.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
`

// inventory is a Django application packaged with a console script, its manage.py a level
// down (inventory/manage.py, the project's modules under inventory/).
func inventory(script, cliPath, cli string) lang.Facts {
	return files("pyproject.toml", inventoryProject(script),
		"inventory/manage.py", strings.Replace(djangoManage, "mysite.settings", "inventory.settings", 1),
		"inventory/inventory/__init__.py", "", "inventory/inventory/settings.py", "WSGI_APPLICATION = 'inventory.wsgi.application'\n",
		"inventory/inventory/wsgi.py", "application = get_wsgi_application()\n", cliPath, cli)
}

// inventoryProject is its pyproject.toml, whose one script calls script (module:function).
func inventoryProject(script string) string {
	return "[project]\nname = \"inventory\"\ndependencies = [\"django>=5\", \"gunicorn\"]\n" +
		"[project.scripts]\ninventory = \"" + script + "\"\n" +
		"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
}

// noteOf is the message of the plan's note of the rule, "" when there is none.
func noteOf(p *plan.Plan, rule string) string {
	if n := langtest.NoteOf(p, rule); n != nil {
		return n.Msg
	}
	return ""
}

// TestAManagementScriptIsPassedOver: a Django project's only script that runs Django's
// management commands is its command line, not its program: the image serves the application,
// and ManagementScript says the script was passed over. A script that is a program, one the
// spec names, and one whose application no server of the dependencies serves still run.
func TestAManagementScriptIsPassedOver(t *testing.T) {
	gunicorn := []string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "inventory.wsgi:application"}
	script := []string{"/opt/venv/bin/inventory"}
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		want      []string
		note      string
	}{
		// the script's module under manage.py's directory, which the project's modules are imported from
		{"a level down", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI), gunicorn,
			"the project's only script, inventory (inventory.cli:main), runs Django's management commands (inventory/inventory/cli.py calls them)"},
		// a package's __init__.py under src/, and ManagementUtility
		{"src package", "", inventory("inventory.cli:run", "src/inventory/cli/__init__.py",
			"from django.core.management import ManagementUtility\n\ndef run():\n    ManagementUtility(None).execute()\n"), gunicorn, "src/inventory/cli/__init__.py calls them"},
		// the script is manage.py's main, at the root
		{"manage:main", "", files("pyproject.toml", inventoryProject("manage:main"),
			"manage.py", strings.Replace(djangoManage, "mysite.settings", "inventory.settings", 1), "inventory/__init__.py", "",
			"inventory/settings.py", "", "inventory/wsgi.py", "application = get_wsgi_application()\n"), gunicorn, "(manage.py calls them)"},
		// a program of the project's own: it runs
		{"a program", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", "import argparse\n\ndef main():\n    argparse.ArgumentParser().parse_args()\n"), script, ""},
		// the management call is in a comment's words only, not a call
		{"named, not called", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", "# unlike execute_from_command_line, this serves\ndef main(): pass\n"), script, ""},
		// the spec names the script
		{"spec entrypoint", "entrypoint: inventory\n", inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI), script, ""},
		// nothing serves the application: the script runs, as before
		{"no server", "", with(inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI), "pyproject.toml",
			"[project]\nname = \"inventory\"\ndependencies = [\"django>=5\"]\n[project.scripts]\ninventory = \"inventory.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"),
			script, ""},
		// the script's module is not where the project's modules are: not read, it runs
		{"module elsewhere", "", inventory("tools.cli:main", "scripts/tools/cli.py", inventoryCLI), script, ""},
	} {
		p := entrypointIs(t, tc.name, "language: python\n"+tc.src, tc.ctx, tc.want)
		if p == nil {
			continue
		}
		got := noteOf(p, "ManagementScript")
		if (tc.note == "") != (got == "") || !strings.Contains(got, tc.note) {
			t.Errorf("%s: note %q, want one with %q", tc.name, got, tc.note)
		}
	}
	p := mustContext(t, "language: python\n", inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI))
	if msg := noteOf(p, "ManagementScript"); !strings.Contains(msg, "the image serves the Django application instead: gunicorn inventory.wsgi:application") ||
		!strings.Contains(msg, "set `entrypoint: inventory` to run the script") {
		t.Errorf("note %q", msg)
	}
	if envOf(p, "PYTHONPATH") != "/app/inventory:/app" {
		t.Errorf("PYTHONPATH %q", envOf(p, "PYTHONPATH"))
	}
	// Poetry's scripts: a string is module:function; a table is not read
	poetry := func(script string) lang.Facts {
		return with(inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI), "pyproject.toml",
			"[tool.poetry]\nname = \"inventory\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\ndjango = \"^5\"\ngunicorn = \"*\"\n"+
				"[tool.poetry.scripts]\ninventory = "+script+"\n[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n",
			"poetry.lock", "")
	}
	if p := mustContext(t, "language: python\n", poetry(`"inventory.cli:main"`)); !slices.Equal(p.Image.Entrypoint, gunicorn) {
		t.Errorf("poetry script: entrypoint %q", p.Image.Entrypoint)
	}
	if p := mustContext(t, "language: python\n", poetry(`{ reference = "inventory", type = "file" }`)); !slices.Equal(p.Image.Entrypoint, script) {
		t.Errorf("poetry table script: entrypoint %q", p.Image.Entrypoint)
	}
}
