package python

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	toml "github.com/pelletier/go-toml/v2"
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

// noteIs checks the entrypoint planned from src in ctx, and rule's note: none when note is "",
// else one holding it.
func noteIs(t *testing.T, name, src string, ctx lang.Facts, want []string, rule, note string) {
	t.Helper()
	p := entrypointIs(t, name, src, ctx, want)
	if p == nil {
		return
	}
	got := noteOf(p, rule)
	if (note == "") != (got == "") || !strings.Contains(got, note) {
		t.Errorf("%s: note %q, want one with %q", name, got, note)
	}
}

// TestAManagementScriptIsPassedOver: a Django project's only script that runs Django's
// management commands (a Flask project's that is a FlaskGroup) is its command line, not its
// program: the image serves the application, with an added server when none of the dependencies
// serves it, and ManagementScript says the script was passed over. A script that is a program
// and one the spec names still run.
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
			"the project's only script, inventory (inventory.cli:main), runs Django's management commands (from inventory/inventory/cli.py)"},
		// a package's __init__.py under src/, and ManagementUtility
		{"src package", "", inventory("inventory.cli:run", "src/inventory/cli/__init__.py",
			"from django.core.management import ManagementUtility\n\ndef run():\n    ManagementUtility(None).execute()\n"), gunicorn, "(from src/inventory/cli/__init__.py)"},
		// the script is manage.py's main, at the root
		{"manage:main", "", files("pyproject.toml", inventoryProject("manage:main"),
			"manage.py", strings.Replace(djangoManage, "mysite.settings", "inventory.settings", 1), "inventory/__init__.py", "",
			"inventory/settings.py", "", "inventory/wsgi.py", "application = get_wsgi_application()\n"), gunicorn, "(from manage.py)"},
		// a program of the project's own: it runs
		{"a program", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", "import argparse\n\ndef main():\n    argparse.ArgumentParser().parse_args()\n"), script, ""},
		// the management call is in a comment's words only, not a call
		{"named, not called", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", "# unlike execute_from_command_line, this serves\ndef main(): pass\n"), script, ""},
		// the spec names the script
		{"spec entrypoint", "entrypoint: inventory\n", inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI), script, ""},
		// nothing among the dependencies serves the application: gunicorn is added (ServerAdded),
		// the script, which without a command prints its usage, passed over all the same
		{"no server", "", with(inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI), "pyproject.toml",
			"[project]\nname = \"inventory\"\ndependencies = [\"django>=5\"]\n[project.scripts]\ninventory = \"inventory.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"),
			gunicorn, "runs Django's management commands"},
		// flaskbb's shape: a FlaskGroup subclass as the script, wsgi.py assigning what create_app
		// makes to a variable of the project's name, no server among the dependencies
		{"a FlaskGroup", "", files("pyproject.toml", "[project]\nname = \"forum\"\ndependencies = [\"Flask>=3.1\"]\n[project.scripts]\nforum = \"forum.cli:forum\"\n"+
			"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
			"forum/__init__.py", "", "forum/app.py", "def create_app(config=None):\n    ...\n",
			"forum/cli.py", "import click\nfrom flask.cli import FlaskGroup\n\nclass ForumGroup(FlaskGroup):\n    pass\n\n@click.group(cls=ForumGroup)\ndef forum():\n    pass\n",
			"wsgi.py", "from forum.app import create_app\n\nforum = create_app(config=\"forum.cfg\")\n"),
			[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "wsgi:forum"}, "runs Flask's command line (a FlaskGroup) (from forum/cli.py)"},
		// wger's shape: the script's module runs a task program another module of the package
		// makes, whose tasks call Django's management commands
		{"through an import", "", with(inventory("inventory.__main__:main", "inventory/inventory/__main__.py",
			"from inventory.tasks import make_program\n\ndef main():\n    make_program().run()\n"), "inventory/inventory/tasks.py", inventoryCLI),
			gunicorn, "runs Django's management commands (from inventory/inventory/tasks.py, which inventory/inventory/__main__.py imports)"},
		// a relative import, from a module of a subpackage
		{"a relative import", "", with(inventory("inventory.cli.main:main", "inventory/inventory/cli/main.py",
			"from ..tasks import make_program\n\ndef main():\n    make_program().run()\n"), "inventory/inventory/tasks.py", inventoryCLI),
			gunicorn, "(from inventory/inventory/tasks.py, which inventory/inventory/cli/main.py imports)"},
		// an import of another package is not followed: the script runs
		{"another package's import", "", with(inventory("inventory.__main__:main", "inventory/inventory/__main__.py",
			"from tasks import make_program\n\ndef main():\n    make_program().run()\n"), "inventory/tasks.py", inventoryCLI, "tasks.py", inventoryCLI),
			script, ""},
		// the script's module is not where the project's modules are: not read, it runs
		{"module elsewhere", "", inventory("tools.cli:main", "scripts/tools/cli.py", inventoryCLI), script, ""},
	} {
		noteIs(t, tc.name, "language: python\n"+tc.src, tc.ctx, tc.want, "ManagementScript", tc.note)
	}
	p := mustContext(t, "language: python\n", inventory("inventory.cli:main", "inventory/inventory/cli.py", inventoryCLI))
	if msg := noteOf(p, "ManagementScript"); !strings.Contains(msg, "the image serves the Django application instead: gunicorn inventory.wsgi:application") ||
		!strings.Contains(msg, "set `entrypoint: inventory` to run the script") {
		t.Errorf("note %q", msg)
	}
	if langtest.Env(p.Image.Env, "PYTHONPATH") != "/app/inventory:/app" {
		t.Errorf("PYTHONPATH %q", langtest.Env(p.Image.Env, "PYTHONPATH"))
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

// TestALitestarCLIScriptIsPassedOver: a Litestar project's only script running the Litestar CLI
// (litestar-fullstack's shape: the package under src/py by hatch's wheel packages, the module
// giving LITESTAR_APP a default) is its command line: the image serves that application (a
// factory by its name), and ManagementScript says so. Without LITESTAR_APP, the application
// Litestar's autodiscovery finds; with neither, or a script that runs no CLI, the script runs.
func TestALitestarCLIScriptIsPassedOver(t *testing.T) {
	project := "[project]\nname = \"app\"\ndependencies = [\"litestar[jinja]\", \"litestar-granian[uvloop]\"]\n" +
		"[project.scripts]\napp = \"app.__main__:run_cli\"\n" +
		"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n" +
		"[tool.hatch.build.targets.wheel]\npackages = [\"src/py/app\"]\n"
	cli := "import os\n\ndef run_cli():\n    os.environ.setdefault(\"LITESTAR_APP\", \"app.server.asgi:create_app\")\n" +
		"    from litestar.cli.main import litestar_group\n    litestar_group()\n"
	granian := func(target string, factory bool) []string {
		args := []string{"/opt/venv/bin/granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "8000"}
		if factory {
			args = append(args, "--factory")
		}
		return append(args, target)
	}
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want []string
		note string
	}{
		{"LITESTAR_APP", files("pyproject.toml", project, "src/py/app/__init__.py", "", "src/py/app/__main__.py", cli),
			granian("app.server.asgi:create_app", true), "runs the Litestar CLI (from src/py/app/__main__.py)"},
		{"an instance by its name", files("pyproject.toml", project, "src/py/app/__main__.py", strings.Replace(cli, "app.server.asgi:create_app", "app.asgi:application", 1)),
			granian("app.asgi:application", false), "the image serves the Litestar application instead"},
		{"autodiscovered", files("pyproject.toml", strings.Replace(project, "src/py/app", "app", 1), "app/__main__.py", strings.Replace(cli, "LITESTAR_APP", "OTHER", 1),
			"app/__init__.py", "from litestar import Litestar\n\napp = Litestar([])\n"), granian("app:app", false), "runs the Litestar CLI (from app/__main__.py)"},
		{"no application", files("pyproject.toml", project, "src/py/app/__main__.py", strings.Replace(cli, "LITESTAR_APP", "OTHER", 1)),
			[]string{"/opt/venv/bin/app"}, ""},
		{"a program", files("pyproject.toml", project, "src/py/app/__main__.py", "def run_cli():\n    print('hello')\n"),
			[]string{"/opt/venv/bin/app"}, ""},
	} {
		managementScriptIs(t, tc.name, tc.ctx, tc.want, tc.note)
	}
}

// TestLitestarFactoryReadFromItsModule: whether the attribute LITESTAR_APP names (in the only
// script's module, or in the spec's env) is a factory is read from the module it names, found
// where the build backend puts the package; the name says it only when no file of the module
// was read, or the module only imports it.
func TestLitestarFactoryReadFromItsModule(t *testing.T) {
	project := "[project]\nname = \"shop\"\ndependencies = [\"litestar[standard]\"]\n" +
		"[project.scripts]\nshop = \"shop.cli:main\"\n" +
		"[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n" +
		"[tool.setuptools.packages.find]\nwhere = [\"lib\"]\n"
	cli := func(app string) string {
		return "import os\n\ndef main():\n    os.environ.setdefault(\"LITESTAR_APP\", \"" + app + "\")\n" +
			"    from litestar.cli.main import litestar_group\n    litestar_group()\n"
	}
	uvicorn := func(target string, factory bool) []string {
		args := []string{"/opt/venv/bin/uvicorn"}
		if factory {
			args = append(args, "--factory")
		}
		return append(args, target, "--host", "0.0.0.0", "--port", "8000")
	}
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		want      []string
	}{
		{"a factory not named as one", "language: python\n", files("pyproject.toml", project, "lib/shop/cli.py", cli("shop.web:get_application"),
			"lib/shop/web.py", "from litestar import Litestar\n\n\ndef get_application() -> Litestar:\n    return Litestar([])\n"),
			uvicorn("shop.web:get_application", true)},
		{"an instance named as a factory", "language: python\n", files("pyproject.toml", project, "lib/shop/cli.py", cli("shop.web:create_app"),
			"lib/shop/web.py", "from litestar import Litestar\n\n\ndef _build():\n    return Litestar([])\n\n\ncreate_app: Litestar = _build()\n"),
			uvicorn("shop.web:create_app", false)},
		{"an imported factory: the name says it", "language: python\n", files("pyproject.toml", project, "lib/shop/cli.py", cli("shop.web:create_app"),
			"lib/shop/web.py", "from shop.core import create_app\n"),
			uvicorn("shop.web:create_app", true)},
		{"the module not in the context: the name says it", "language: python\n", files("pyproject.toml", project, "lib/shop/cli.py", cli("shop.web:make_app")),
			uvicorn("shop.web:make_app", true)},
		{"LITESTAR_APP in the spec's env", "language: python\nenv:\n  LITESTAR_APP: shop.web:application\n",
			files("pyproject.toml", strings.Replace(project, "[project.scripts]\nshop = \"shop.cli:main\"\n", "", 1),
				"lib/shop/web.py", "from litestar import Litestar\n\n\nasync def application():\n    return Litestar([])\n"),
			uvicorn("shop.web:application", true)},
	} {
		entrypointIs(t, tc.name, tc.src, tc.ctx, tc.want)
	}
}

// TestPackageDirectoriesOfTheBuildBackends: the package named as the project, and the only
// script's module, are looked for where setuptools (package-dir, packages.find's where) and
// Poetry (packages' from) put them, beside the top and src/.
func TestPackageDirectoriesOfTheBuildBackends(t *testing.T) {
	for _, tc := range []struct {
		name, pyproject string
		wantDirs        []string
		wantRoots       []string
	}{
		{"setuptools package-dir", "[tool.setuptools.package-dir]\n\"\" = \"lib\"\n", nil, []string{"lib"}},
		{"setuptools one package", "[tool.setuptools.package-dir]\nshop = \"code/shop\"\nother = \"code/else\"\n", []string{"code/shop"}, nil},
		{"setuptools packages.find", "[tool.setuptools.packages.find]\nwhere = [\"src\", \"plugins\"]\n", nil, []string{"src", "plugins"}},
		{"setuptools packages list", "[tool.setuptools]\npackages = [\"shop\"]\n", nil, nil},
		{"poetry", "[tool.poetry]\nname = \"shop\"\npackages = [{include = \"shop\", from = \"source\"}, {include = \"tools/*.py\"}]\n", []string{"source/shop"}, nil},
		{"hatch", "[tool.hatch.build.targets.wheel]\npackages = [\"src/py/shop\"]\n", []string{"src/py/shop"}, nil},
	} {
		var py pyproject
		if err := toml.Unmarshal([]byte(tc.pyproject), &py); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		dirs, roots := packageLayout(py)
		if !slices.Equal(dirs, tc.wantDirs) || !slices.Equal(roots, tc.wantRoots) {
			t.Errorf("%s: dirs %q roots %q, want %q %q", tc.name, dirs, roots, tc.wantDirs, tc.wantRoots)
		}
	}
	// a Flask application in the project's package under Poetry's from
	flask := files("pyproject.toml", "[tool.poetry]\nname = \"shop\"\npackages = [{include = \"shop\", from = \"source\"}]\n"+
		"[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"^3\"\ngunicorn = \"^23\"\n"+
		"[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n",
		"poetry.lock", "", "source/shop/__init__.py", "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n")
	entrypointIs(t, "Flask under Poetry's from", "language: python\n", flask,
		[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "shop:create_app()"})
}

// notesService is a FastAPI project of ours in uv's template shape: a src/ package whose
// __init__.py holds the application and the function its only script calls (body).
func notesService(body string) lang.Facts {
	return files("pyproject.toml", "[project]\nname = \"notes-service\"\nrequires-python = \">=3.11\"\ndependencies = [\"fastapi[standard]>=0.115\"]\n"+
		"[project.scripts]\ngreet = \"notes_service:greet\"\n"+
		"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"uv.lock", "version = 1\n",
		"src/notes_service/__init__.py", "from fastapi import FastAPI\n\nnotes = FastAPI(title=\"notes\")\n\n\n"+body+"\n\n@notes.get(\"/\")\nasync def index():\n    return {\"notes\": []}\n")
}

// TestAPrintScriptIsPassedOver: a project's only script whose function only prints (uv's
// templates) beside a FastAPI application in the package's __init__.py (as `fastapi run
// src/<package>` serves it) is a placeholder: the image serves the application, and PrintScript
// says so. A function that calls anything else, or a script the spec names, still runs.
func TestAPrintScriptIsPassedOver(t *testing.T) {
	uvicorn := []string{"/opt/venv/bin/uvicorn", "notes_service:notes", "--host", "0.0.0.0", "--port", "8000"}
	script := []string{"/opt/venv/bin/greet"}
	for _, tc := range []struct {
		name, src, body string
		want            []string
	}{
		{"prints", "", "def greet():\n    print(\"Hello from notes-service\")", uvicorn},
		{"annotated, one line", "", "def greet() -> None: print('hi (there)')", uvicorn},
		{"logs and exits", "", "def greet():\n    # say hello\n    logger.info(\"hi %s\", name())\n    sys.exit(0)", script}, // name() is a call of its own
		{"logs only", "", "def greet():\n    logging.info(\"hi\")\n    sys.exit(0)", uvicorn},
		{"serves", "", "def greet():\n    import uvicorn\n    uvicorn.run(notes, host=\"0.0.0.0\")", script},
		{"calls its own code", "", "def greet():\n    start()", script},
		{"spec entrypoint", "entrypoint: greet\n", "def greet():\n    print(\"hi\")", script},
		{"does nothing", "", "def greet():\n    pass", script},
		{"several lines of parameters", "", "def greet(\n    name=\"x\",\n):\n    print(name)", script},
	} {
		p := entrypointIs(t, tc.name, "language: python\nports: [8000]\n"+tc.src, notesService(tc.body), tc.want)
		if p == nil {
			continue
		}
		got := noteOf(p, "PrintScript")
		if slices.Equal(tc.want, uvicorn) != (got != "") {
			t.Errorf("%s: note %q", tc.name, got)
		}
		if got != "" && (!strings.Contains(got, "greet (notes_service:greet), only prints or logs (in src/notes_service/__init__.py)") ||
			!strings.Contains(got, "serves the FastAPI application instead: uvicorn notes_service:notes") || !strings.Contains(got, "`entrypoint: greet`")) {
			t.Errorf("%s: note %q", tc.name, got)
		}
	}
	// without a server among the dependencies the script runs, as before
	ctx := with(notesService("def greet():\n    print(\"hi\")"), "pyproject.toml",
		"[project]\nname = \"notes-service\"\ndependencies = [\"fastapi\"]\n[project.scripts]\ngreet = \"notes_service:greet\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n")
	entrypointIs(t, "no server", "language: python\n", ctx, script)
}

// TestFastAPIInThePackageInit: without a script, a FastAPI application in the __init__.py of the
// package named as the project is found, as `fastapi run src/<package>` imports it.
func TestFastAPIInThePackageInit(t *testing.T) {
	ctx := notesService("")
	ctx["pyproject.toml"] = []byte(strings.Replace(string(ctx["pyproject.toml"]), "[project.scripts]\ngreet = \"notes_service:greet\"\n", "", 1))
	entrypointIs(t, "package init", "language: python\n", ctx, []string{"/opt/venv/bin/uvicorn", "notes_service:notes", "--host", "0.0.0.0", "--port", "8000"})
}

// shopCLI is a click command line written for these tests, in the shape of a Django project's
// admin tool: commands of its own, none of which serves.
const shopCLI = `"""shopctl: the shop's administration commands."""
import click


@click.group()
def main():
    """Administer the shop."""


@click.command()
@click.argument("sku")
def reindex(sku):
    from shop.search import reindex_product

    reindex_product(sku)


main.add_command(reindex)
`

// TestACommandLineScriptOverAnApplication: the project's only script, a command line (click,
// typer, argparse) whose module starts no server, still runs, and CommandLineScript names the
// application a server of the dependencies would serve. A script that serves, one the spec names,
// one whose module was not read, and one beside an application nothing serves are not warned of.
func TestACommandLineScriptOverAnApplication(t *testing.T) {
	script := []string{"/opt/venv/bin/inventory"}
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		note      string // "" for none
	}{
		{"click over Django", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", shopCLI),
			"the image runs the project's only script, inventory (inventory.cli:main), a click command line (in inventory/inventory/cli.py) that starts no server, " +
				"while the Django application inventory.wsgi:application (settings inventory.settings from inventory/manage.py), which gunicorn among the dependencies serves, is not run"},
		{"typer over Django", "", inventory("inventory.cli:app", "inventory/inventory/cli.py", "from typer import Typer\n\napp = Typer()\n\n@app.command()\ndef export(path: str):\n    pass\n"),
			"a typer command line (in inventory/inventory/cli.py)"},
		{"argparse", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", "import argparse\n\ndef main():\n    argparse.ArgumentParser().parse_args()\n"),
			"set `entrypoint: inventory.wsgi:application` to serve the application"},
		// a command line that starts a server
		{"typer serve", "", inventory("inventory.cli:app", "inventory/inventory/cli.py", "import typer\nimport uvicorn\n\napp = typer.Typer()\n\n@app.command()\ndef serve(port: int = 8000):\n    uvicorn.run(\"inventory.asgi:application\", port=port)\n"), ""},
		{"click app.run", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", "import click\n\n@click.command()\ndef main():\n    from inventory.web import app\n    app.run()\n"), ""},
		// the server's name in a string only is no server
		{"server named in a string", "", inventory("inventory.cli:main", "inventory/inventory/cli.py", "import click\n\nfrom inventory.sync import sync\n\n@click.command()\ndef main():\n    click.echo(\"syncing; run gunicorn yourself\")\n    sync()\n"),
			"a click command line"},
		{"spec entrypoint", "entrypoint: inventory\n", inventory("inventory.cli:main", "inventory/inventory/cli.py", shopCLI), ""},
		{"module elsewhere", "", inventory("tools.cli:main", "scripts/tools/cli.py", shopCLI), ""},
		{"no server", "", with(inventory("inventory.cli:main", "inventory/inventory/cli.py", shopCLI), "pyproject.toml",
			"[project]\nname = \"inventory\"\ndependencies = [\"django>=5\"]\n[project.scripts]\ninventory = \"inventory.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"), ""},
	} {
		p := entrypointIs(t, tc.name, "language: python\n"+tc.src, tc.ctx, script)
		if p == nil {
			continue
		}
		got := noteOf(p, "CommandLineScript")
		if (tc.note == "") != (got == "") || !strings.Contains(got, tc.note) {
			t.Errorf("%s: note %q, want one with %q", tc.name, got, tc.note)
		}
		if n := langtest.NoteOf(p, "CommandLineScript"); n != nil && n.Field != "language" {
			t.Errorf("%s: note at %q", tc.name, n.Field)
		}
	}
	// a FastAPI application beside a typer CLI: uvicorn would serve it
	pp := "[project]\nname = \"svc\"\ndependencies = [\"fastapi[standard]\", \"typer\"]\n[project.scripts]\nsvc = \"svc.cli:app\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	p := mustContext(t, "language: python\n", files("pyproject.toml", pp, "main.py", "app = FastAPI()\n", "svc/__init__.py", "", "svc/cli.py", "import typer\n\napp = typer.Typer()\n"))
	if got := noteOf(p, "CommandLineScript"); !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/svc"}) || !strings.Contains(got, "FastAPI application main:app (main.py), which uvicorn among the dependencies serves") {
		t.Errorf("FastAPI: entrypoint %q, note %q", p.Image.Entrypoint, got)
	}
}

// TestADevelopmentScriptIsPassedOver: a project's only script whose function starts a
// development server (uvicorn's reload, Flask's debug) is passed over for the framework's
// application when a server of the dependencies serves it (mealie's `start`, whose
// uvicorn.run("app:app", reload=True) imports a module only its source directory has), and
// DevelopmentScript says so; reload off, no server, or the spec's entrypoint: the script runs.
func TestADevelopmentScriptIsPassedOver(t *testing.T) {
	project := func(deps, appPy, script string) lang.Facts {
		return files("pyproject.toml", "[project]\nname = \"recipes\"\ndependencies = ["+deps+"]\n[project.scripts]\nstart = \"recipes.app:main\"\n"+
			"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
			"recipes/__init__.py", "", "recipes/app.py", appPy+"\n\ndef main():\n"+script+"\n\n\nif __name__ == \"__main__\":\n    main()\n")
	}
	const fastapi = "import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()"
	const flask = "from flask import Flask\n\napp = Flask(__name__)"
	uvicorn := []string{"/opt/venv/bin/uvicorn", "recipes.app:app", "--host", "0.0.0.0", "--port", "9000"}
	script := []string{"/opt/venv/bin/start"}
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		want      []string
		note      string
	}{
		{"uvicorn with reload", "", project(`"fastapi", "uvicorn[standard]"`, fastapi,
			"    uvicorn.run(\n        \"app:app\",\n        host=\"0.0.0.0\",\n        port=9000,\n        reload=True,\n        log_config=None,\n    )"),
			uvicorn, "the project's only script, start (recipes.app:main), starts a development server (in recipes/app.py: reload or debug on)"},
		// Flask's debug, the application in the package's __init__.py, where Flask looks
		{"Flask's debug", "", files("pyproject.toml", "[project]\nname = \"recipes\"\ndependencies = [\"flask\", \"gunicorn\"]\n[project.scripts]\nstart = \"recipes:main\"\n"+
			"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
			"recipes/__init__.py", flask+"\n\n\ndef main():\n    app.run(host=\"0.0.0.0\", port=9000, debug=True)\n"),
			[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:9000", "recipes:app"}, "so the image serves the Flask application instead: gunicorn recipes:app"},
		// a production run: the script is the program
		{"reload off", "", project(`"fastapi", "uvicorn"`, fastapi, "    uvicorn.run(app, host=\"0.0.0.0\", port=9000, reload=False)"), script, ""},
		// the words in a string only
		{"in a string", "", project(`"fastapi", "uvicorn"`, fastapi, "    print(\"run(reload=True) is for development\")\n    uvicorn.run(app)"), script, ""},
		{"no server", "", project(`"flask"`, flask, "    app.run(debug=True)"), script, ""},
		{"spec entrypoint", "entrypoint: start\n", project(`"fastapi", "uvicorn"`, fastapi, "    uvicorn.run(\"app:app\", reload=True)"), script, ""},
	} {
		noteIs(t, tc.name, "language: python\nports: [9000]\n"+tc.src, tc.ctx, tc.want, "DevelopmentScript", tc.note)
	}
}

// TestFastAPIInThePackageMain: a FastAPI application made at the top of the project package's
// __main__.py (LNbits' shape: two scripts, one serving pkg.__main__:app with uvicorn) is served,
// where `python -m` of the package would make the application and exit. A __main__.py with no
// application still runs with `python -m`, and an application in main.py wins.
func TestFastAPIInThePackageMain(t *testing.T) {
	ctx := files("pyproject.toml", "[project]\nname = \"ledger\"\nversion = \"1\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n"+
		"[project.scripts]\nledger = \"ledger.server:main\"\nledger-admin = \"ledger.admin:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"ledger/__init__.py", "", "ledger/factory.py", "def create_app():\n    return FastAPI()\n",
		"ledger/__main__.py", "from .factory import create_app\n\napp = create_app()\n")
	entrypointIs(t, "__main__.py", "language: python\nports: [5000]\n", ctx, []string{"/opt/venv/bin/uvicorn", "ledger.__main__:app", "--host", "0.0.0.0", "--port", "5000"})
	entrypointIs(t, "no application", "language: python\n", with(ctx, "ledger/__main__.py", "from .server import main\n\nmain()\n"), []string{"/opt/venv/bin/python", "-m", "ledger"})
	entrypointIs(t, "main.py first", "language: python\n", with(ctx, "main.py", "from ledger.factory import create_app\napp = create_app()\n"), []string{"/opt/venv/bin/uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"})
}

// TestSetupPyConsoleScripts: setup.py's entry_points console_scripts, a literal list, are the
// project's scripts as [project.scripts] are (changedetection.io's `changedetection.io =
// changedetectionio:main`, which starts its own server): its only one is what the image runs,
// where planning failed (a Flask application made in a function is found by no convention).
func TestSetupPyConsoleScripts(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       map[string]string
	}{
		{"one", `setup(name="watch.io", entry_points={"console_scripts": ["watch.io=watchio:main"]})`, map[string]string{"watch.io": "watchio:main"}},
		{"several, spaced, an extra, single quotes", "setup(\n    entry_points={\n        'console_scripts': [\n            'watch = watchio.cli : main',\n" +
			"            \"watch-worker=watchio.worker:run [queue]\",\n        ],\n        'gui_scripts': ['watch-gui = watchio.gui:main'],\n    },\n)\n",
			map[string]string{"watch": "watchio.cli:main", "watch-worker": "watchio.worker:run"}},
		{"built by code", "scripts = ['watch=watchio:main']\nsetup(entry_points={'console_scripts': scripts})\n", map[string]string{}},
	} {
		if got := setupScripts(tc.text); !maps.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}

	watch := func(kv ...string) lang.Facts {
		return langtest.With(files("requirements.txt", "flask>=3.1\n", "setup.py",
			"from setuptools import setup\n\nsetup(name='watch.io', entry_points={'console_scripts': ['watch.io=watchio:main']}, packages=['watchio'])\n",
			"watchio/__init__.py", "import getopt, os\nfrom flask import Flask\n\n\ndef main():\n    app = Flask(__name__)\n"+
				"    app.run(host='0.0.0.0', port=int(os.environ.get('PORT', 5000)))\n"), kv...)
	}
	entrypointIs(t, "the only script", "language: python\n", watch(), []string{"/opt/venv/bin/watch.io"})
	entrypointIs(t, "the spec names it", "language: python\nentrypoint: watch.io\n", watch(), []string{"/opt/venv/bin/watch.io"})
	// a pyproject.toml's [project] says what the scripts are: setup.py's are not read
	if _, err := inContext(t, "language: python\n", watch("pyproject.toml", "[project]\nname = \"watch.io\"\ndynamic = [\"version\"]\n"+
		"[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n")); err == nil || !strings.Contains(err.Error(), "no entrypoint") {
		t.Errorf("with [project]: %v, want the error that nothing runs", err)
	}
}

// TestTheScriptGetsTheAddressItsOwnImageGivesIt: the project's only script, run by its own
// Dockerfile with an address of every interface (Radicale's shape: `--hosts 0.0.0.0:5232` after
// an entrypoint of python and the script, its default being localhost), gets those arguments as
// the image's cmd, with the spec's port; not when the Dockerfile runs another program or gives no
// such address, and the spec's cmd wins.
func TestTheScriptGetsTheAddressItsOwnImageGivesIt(t *testing.T) {
	cal := func(dockerfile string) lang.Facts {
		return files("pyproject.toml", "[project]\nname = \"cal\"\nversion = \"1\"\ndependencies = [\"vobject\"]\n"+
			"[project.scripts]\ncal = \"cal.__main__:run\"\n[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n", "cal/__init__.py", "", "cal/__main__.py", "def run():\n    pass\n",
			"Dockerfile", dockerfile)
	}
	const own = "FROM python:3-alpine\nENTRYPOINT [\"/app/bin/python\", \"/app/bin/cal\"]\nCMD [\"--hosts\", \"0.0.0.0:5232,[::]:5232\"]\n"
	for _, c := range []struct {
		name, spec, dockerfile string
		want                   []string
	}{
		{"its own image's address", "language: python\nports: [5232]\n", own, []string{"--hosts", "0.0.0.0:5232,[::]:5232"}},
		{"the spec's port", "language: python\nports: [8080]\n", own, []string{"--hosts", "0.0.0.0:8080,[::]:8080"}},
		{"the spec's cmd", "language: python\nports: [5232]\ncmd: [--debug]\n", own, []string{"--debug"}},
		{"another program", "language: python\n", "FROM python\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:80\", \"cal:app\"]\n", nil},
		{"no address", "language: python\n", "FROM python\nCMD [\"cal\", \"--config\", \"/etc/cal\"]\n", nil},
	} {
		p := entrypointIs(t, c.name, c.spec, cal(c.dockerfile), []string{"/opt/venv/bin/cal"})
		if p != nil && !slices.Equal(p.Image.Cmd, c.want) {
			t.Errorf("%s: cmd %q, want %q", c.name, p.Image.Cmd, c.want)
		}
	}
}

// TestAFrameworkCommandLineWithoutItsApplication: the project's only script is its framework's
// command line (a FlaskGroup subclass in a module the script's module imports, indico's shape;
// Django's management commands) and planning finds no application to serve instead (a factory
// of another name, in a module no convention names): the script runs, and CommandLineScript
// says it prints its usage and exits, naming `entrypoint`. Found, the application is served
// (ManagementScript) and nothing more is said.
func TestAFrameworkCommandLineWithoutItsApplication(t *testing.T) {
	events := func(deps, cli string, kv ...string) lang.Facts {
		return langtest.With(files("pyproject.toml", "[project]\nname = \"events\"\ndependencies = ["+deps+"]\n"+
			"[project.scripts]\nevents = \"events.cli.core:cli\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
			"events/__init__.py", "", "events/cli/__init__.py", "", "events/cli/core.py", cli,
			"events/web/factory.py", "from flask import Flask\n\n\ndef build():\n    return Flask(__name__)\n"), kv...)
	}
	const group = "import click\n\nfrom events.cli.util import EventsGroup\n\n\n@click.group(cls=EventsGroup)\ndef cli():\n    pass\n"
	const util = "from flask.cli import FlaskGroup\n\n\nclass EventsGroup(FlaskGroup):\n    pass\n"
	for _, c := range []struct {
		name string
		ctx  lang.Facts
		want string
	}{
		{"a FlaskGroup subclass", events(`"flask>=3"`, group, "events/cli/util.py", util),
			"the image runs the project's only script, events (events.cli.core:cli), Flask's command line (a FlaskGroup) (in events/cli/util.py, which events/cli/core.py imports) " +
				"that starts no server, while no Flask application is found where planning looks for one: a command line run without a command prints its usage and exits; set `entrypoint` to the application"},
		{"Django's management commands", events(`"django>=5"`, "import sys\n\nfrom django.core.management import execute_from_command_line\n\n\ndef cli():\n    execute_from_command_line(sys.argv)\n"),
			"Django's management commands (in events/cli/core.py) that starts no server, while no Django application is found"},
		{"a click group of its own", events(`"flask>=3"`, group, "events/cli/util.py", "import click\n\n\nclass EventsGroup(click.Group):\n    pass\n"), ""},
	} {
		p := entrypointIs(t, c.name, "language: python\n", c.ctx, []string{"/opt/venv/bin/events"})
		if p == nil {
			continue
		}
		if got := noteOf(p, "CommandLineScript"); (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: CommandLineScript %q, want one with %q", c.name, got, c.want)
		}
	}
	// the application found (a wsgi.py of the project's package): served, the script passed over
	p := mustContext(t, "language: python\n", events(`"flask>=3"`, group, "events/cli/util.py", util,
		"events/wsgi.py", "from events.web.factory import build\n\napp = build()\n"))
	if langtest.NoteOf(p, "ManagementScript") == nil || langtest.NoteOf(p, "CommandLineScript") != nil {
		t.Errorf("with events/wsgi.py: entrypoint %q, notes %+v", p.Image.Entrypoint, p.Notes)
	}
}

// TestAScriptNamingTheFrameworksOwnCLIIsPassedOver: a project's only script that names the
// framework's own command line (litestar-hello-world's `app = "litestar.__main__:run_cli"`),
// whose module is the framework's and not in the context, is passed over for the application as
// one whose module calls it is; a script of the project's own module of that name is not.
func TestAScriptNamingTheFrameworksOwnCLIIsPassedOver(t *testing.T) {
	project := func(deps, target string) string {
		return "[project]\nname = \"hello\"\ndependencies = [" + deps + "]\n[project.scripts]\napp = \"" + target + "\"\n" +
			"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	}
	litestar := "from litestar import Litestar\n\napp = Litestar(route_handlers=[])\n"
	for _, tc := range []struct {
		name string
		ctx  lang.Facts
		want []string
		note string
	}{
		{"the Litestar CLI", files("pyproject.toml", project(`"litestar[standard]>=2.4"`, "litestar.__main__:run_cli"), "app.py", litestar),
			[]string{"/opt/venv/bin/uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"},
			"runs the Litestar CLI (from Litestar's own module litestar.__main__)"},
		{"its group", files("pyproject.toml", project(`"litestar", "uvicorn"`, "litestar.cli.main:litestar_group"), "app.py", litestar),
			[]string{"/opt/venv/bin/uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"}, "runs the Litestar CLI"},
		{"Flask's", files("pyproject.toml", project(`"flask", "gunicorn"`, "flask.cli:main"), "app.py", "from flask import Flask\n\napp = Flask(__name__)\n"),
			[]string{"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"}, "runs Flask's command line"},
		{"the framework is not a dependency", files("pyproject.toml", project(`"uvicorn"`, "litestar.__main__:run_cli"), "app.py", litestar),
			[]string{"/opt/venv/bin/app"}, ""},
		{"no application", files("pyproject.toml", project(`"litestar[standard]"`, "litestar.__main__:run_cli")),
			[]string{"/opt/venv/bin/app"}, ""},
	} {
		managementScriptIs(t, tc.name, tc.ctx, tc.want, tc.note)
	}
}

// managementScriptIs checks the entrypoint of a two-line spec in ctx, and that ManagementScript
// says note ("" for no such note).
func managementScriptIs(t *testing.T, name string, ctx lang.Facts, want []string, note string) {
	t.Helper()
	p := entrypointIs(t, name, "language: python\n", ctx, want)
	if p == nil {
		return
	}
	if got := noteOf(p, "ManagementScript"); (note == "") != (got == "") || !strings.Contains(got, note) {
		t.Errorf("%s: note %q, want one with %q", name, got, note)
	}
}

// TestProjectsALevelDownAreNamed: a context whose root holds no Python project fails with "no
// entrypoint" naming the directories a level down that hold one (opencve's web/ and
// scheduler/), read through Follow, and not docs/ or tests/; a root project's error does not.
func TestProjectsALevelDownAreNamed(t *testing.T) {
	ctx := map[string]string{"web/requirements.txt": "django\n", "scheduler/pyproject.toml": "[project]\nname = \"s\"\n",
		"docs/requirements.txt": "sphinx\n", "README.md": ""}
	_, err := provider.TryPlan(t, "language: python\n", provider.Gathered(t, "language: python\n", ctx))
	if err == nil || !strings.Contains(err.Error(), "the build context's root holds no Python project (no pyproject.toml, requirements.txt or setup.py), and scheduler/, web/ do: build with one of them as the context") {
		t.Errorf("err %v, want it to name scheduler/ and web/", err)
	}
	ctx["requirements.txt"] = "requests\n"
	_, err = provider.TryPlan(t, "language: python\n", provider.Gathered(t, "language: python\n", ctx))
	if err == nil || strings.Contains(err.Error(), "web/") {
		t.Errorf("a root project: err %v, want no entrypoint without the directories", err)
	}
}

// TestAUvWorkspaceRootNamesItsMembers: a context whose root is a uv workspace with no [project]
// of its own (full-stack-fastapi-template's `members = ["backend"]`, a glob too) fails with "no
// entrypoint" naming the members that hold a pyproject.toml, read through Follow, and asks for a
// member's directory as the context; a root that is a project of its own is not such a root.
func TestAUvWorkspaceRootNamesItsMembers(t *testing.T) {
	ctx := map[string]string{"pyproject.toml": "[dependency-groups]\ndev = [\"ruff\"]\n\n[tool.uv.workspace]\nmembers = [\"backend\", \"libs/*\"]\n",
		"uv.lock": "version = 1\n", "backend/pyproject.toml": "[project]\nname = \"app\"\ndependencies = [\"fastapi[standard]\"]\n",
		"backend/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n", "libs/common/pyproject.toml": "[project]\nname = \"common\"\n"}
	_, err := provider.TryPlan(t, "language: python\n", provider.Gathered(t, "language: python\n", ctx))
	for _, want := range []string{"the build context's root is a uv workspace with no [project] of its own, and its members backend (app), libs/common (common) are projects: set `workspace` to the one the image runs",
		"set `workspace` to the member the image runs, or `entrypoint`"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err %v, want it to say %q", err, want)
		}
	}
	ctx["pyproject.toml"] = "[project]\nname = \"root\"\n\n[tool.uv.workspace]\nmembers = [\"backend\"]\n"
	_, err = provider.TryPlan(t, "language: python\n", provider.Gathered(t, "language: python\n", ctx))
	if err == nil || !strings.Contains(err.Error(), "a uv workspace whose own project runs nothing, and its members backend (app) are projects") {
		t.Errorf("a root project: err %v, want no entrypoint naming the members", err)
	}
}

// TestAPoetryPackageOutsideTheContext: a Poetry package taken from outside the build context
// (doccano's backend/: `{ include = "backend", from = ".." }`) fails planning, naming it and
// package-mode, where pip install . would fail in builder; package-mode = false runs the source.
func TestAPoetryPackageOutsideTheContext(t *testing.T) {
	pyproject := "[tool.poetry]\nname = \"annot\"\nversion = \"1.0\"\npackages = [{ include = \"backend\", from = \"..\" }]\n" +
		"[tool.poetry.dependencies]\npython = \">=3.10\"\nflask = \"^3\"\n[tool.poetry.scripts]\nannot = \"backend.cli:main\"\n" +
		"[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n"
	ctx := files("pyproject.toml", pyproject, "poetry.lock", "", "cli.py", "def main():\n    pass\n", "__init__.py", "")
	_, err := inContext(t, "language: python\n", ctx)
	if err == nil || !strings.Contains(err.Error(), "packages take ../backend, outside the build context") || !strings.Contains(err.Error(), "`package-mode = false`") {
		t.Errorf("outside the context: %v", err)
	}
	noPackage := strings.Replace(pyproject, "version = \"1.0\"\n", "version = \"1.0\"\npackage-mode = false\n", 1)
	if _, err := inContext(t, "language: python\nentrypoint: cli.py\n", with(ctx, "pyproject.toml", noPackage)); err != nil && strings.Contains(err.Error(), "outside the build context") {
		t.Errorf("package-mode = false: %v", err)
	}
}
