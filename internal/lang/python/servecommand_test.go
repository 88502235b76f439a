package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestAScriptsServerCommandIsTheImagesCmd: the project's only script, a command line of several
// commands one of which starts a server (a typer `app.command("serve")(fn)` whose function, in
// a module the script's module imports, has its signature over several lines; a click group's
// `@cli.command("web")`; `cli.add_command(fn, "web")`; a command calling a function of its module
// that does, beside a `dev` command), runs with that command as the image's cmd, and its loopback
// host option is given after it. One command, two that serve, none that
// does, a name click and typer derive differently, and the spec's cmd keep the script alone.
func TestAScriptsServerCommandIsTheImagesCmd(t *testing.T) {
	pyproject := "[project]\nname = \"ledger\"\ndependencies = [\"fastapi\", \"uvicorn\", \"typer\", \"click\"]\n" +
		"[project.scripts]\nledger = \"ledger.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	serveModule := "import typer\nimport uvicorn\n\n\ndef serve_api(\n    host: str = typer.Option(\"0.0.0.0\"),\n    port: int = typer.Option(8000),\n) -> None:\n" +
		"    \"\"\"Start the API (uvicorn.run(...) in a docstring).\"\"\"\n    uvicorn.run(\"ledger.api:app\", host=host, port=port)\n"
	typerCLI := "import typer\n\nfrom ledger.commands.serve import serve_api\nfrom ledger.commands.export import export_rows\n\napp = typer.Typer(no_args_is_help=True)\n" +
		"app.command(\"serve\")(serve_api)\napp.command(\"export\")(export_rows)\n\n\ndef main():\n    app()\n"
	export := "import csv\n\n\ndef export_rows(path: str):\n    csv.writer(open(path, \"w\")).writerow([1])\n"
	clickCLI := "import click\nimport uvicorn\n\n\n@click.group()\ndef main():\n    pass\n\n\n@main.command(\"web\")\n@click.option(\"--host\", default=\"127.0.0.1\")\n" +
		"def run_web(host):\n    uvicorn.run(\"ledger.api:app\", host=host)\n\n\n@main.command()\ndef migrate():\n    click.echo(\"migrating\")\n"
	base := func(cli string, more ...string) lang.Facts {
		return files(append([]string{"pyproject.toml", pyproject, "ledger/__init__.py", "", "ledger/api.py", "from fastapi import FastAPI\n\napp = FastAPI()\n",
			"ledger/commands/__init__.py", "", "ledger/commands/serve.py", serveModule, "ledger/commands/export.py", export, "ledger/cli.py", cli}, more...)...)
	}
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		cmd       []string // nil for none
	}{
		{"typer, imported function", "", base(typerCLI), []string{"serve"}},
		{"relative import", "", base(strings.Replace(typerCLI, "from ledger.commands.serve import", "from .commands.serve import", 1)), []string{"serve"}},
		{"click group, loopback option", "", base(clickCLI), []string{"web", "--host", "0.0.0.0"}},
		{"add_command with a name", "", base("import click\nimport uvicorn\n\ncli = click.Group()\n\n\ndef run_web():\n    uvicorn.run(\"ledger.api:app\")\n\n\ndef check():\n    click.echo(\"ok\")\n\n\ncli.add_command(run_web, \"web\")\ncli.add_command(check, \"check\")\n\n\ndef main():\n    cli()\n"), []string{"web"}},
		// run and dev both call a helper that runs uvicorn: dev is for development
		{"helper, dev command", "", base("import typer\nimport uvicorn\n\napp = typer.Typer()\n\n\ndef _serve(reload: bool):\n    uvicorn.run(\"ledger.api:app\", reload=reload)\n\n\n" +
			"@app.command()\ndef dev():\n    _serve(reload=True)\n\n\n@app.command()\ndef run():\n    _serve(reload=False)\n\n\ndef main():\n    app()\n"), []string{"run"}},
		// the spec's cmd is the image's
		{"spec cmd", "cmd: [export, out.csv]\n", base(typerCLI), []string{"export", "out.csv"}},
		// a single typer command runs without its name
		{"one command", "", base("import typer\n\nfrom ledger.commands.serve import serve_api\n\napp = typer.Typer()\napp.command(\"serve\")(serve_api)\n\n\ndef main():\n    app()\n"), nil},
		// two commands that serve: the user's to choose
		{"two servers", "", base(strings.Replace(typerCLI, "from ledger.commands.export import export_rows", "from ledger.commands.serve import serve_api as export_rows", 1)), nil},
		// click 8.2 names run_command `run`, typer `run-command`
		{"derived name", "", base(strings.ReplaceAll(clickCLI, "@main.command(\"web\")\n@click.option(\"--host\", default=\"127.0.0.1\")\ndef run_web(host)", "@main.command()\ndef run_command(host=\"0.0.0.0\")")), nil},
		// no command starts a server
		{"none serves", "", base(strings.Replace(typerCLI, "from ledger.commands.serve import serve_api", "from ledger.commands.export import export_rows as serve_api", 1)), nil},
	} {
		p := scriptCmdIs(t, tc.name, tc.src, tc.ctx, "ledger", tc.cmd)
		if tc.cmd != nil && tc.src == "" && noteOf(p, "CommandLineScript") != "" {
			t.Errorf("%s: CommandLineScript %q", tc.name, noteOf(p, "CommandLineScript"))
		}
	}
}

// scriptCmdIs plans the spec's lines src (after `language: python`) in ctx and checks that the
// image runs the project's script with the command cmd (nil for none); the plan.
func scriptCmdIs(t *testing.T, name, src string, ctx lang.Facts, script string, cmd []string) *plan.Plan {
	t.Helper()
	p := mustContext(t, "language: python\n"+src, ctx)
	if !slices.Equal(p.Image.Entrypoint, []string{"/opt/venv/bin/" + script}) || !slices.Equal(p.Image.Cmd, cmd) {
		t.Errorf("%s: entrypoint %q cmd %q, want cmd %q", name, p.Image.Entrypoint, p.Image.Cmd, cmd)
	}
	return p
}

// TestAServingCommandLineWithoutAWebFramework: a project with no web framework planning knows
// whose only script is a click group serving its own ASGI application with uvicorn (datasette's
// shape: `serve` among other commands, its options' decorators each over several lines, `--host`
// defaulting to 127.0.0.1) runs `serve --host 0.0.0.0` when the spec publishes a port; without
// ports it is a command-line tool, run as it is.
func TestAServingCommandLineWithoutAWebFramework(t *testing.T) {
	pyproject := "[project]\nname = \"tables\"\ndependencies = [\"click\", \"uvicorn\", \"asgiref\"]\n" +
		"[project.scripts]\ntables = \"tables.cli:cli\"\n[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"
	cli := "import click\nimport uvicorn\n\nfrom .app import make_app\n\n\n@click.group()\ndef cli():\n    \"\"\"Tables.\"\"\"\n\n\n" +
		"@cli.command()\n@click.argument(\"files\", nargs=-1)\n@click.option(\n    \"--out\",\n    default=\"-\",\n)\ndef inspect(files, out):\n    click.echo(files)\n\n\n" +
		"@cli.command()\n@click.argument(\"files\", nargs=-1)\n@click.option(\n    \"-h\",\n    \"--host\",\n    default=\"127.0.0.1\",\n    help=(\n        \"Host for server.\"\n    ),\n)\n" +
		"@click.option(\n    \"-p\",\n    \"--port\",\n    default=8001,\n)\ndef serve(\n    files,\n    host,\n    port,\n):\n    uvicorn.run(make_app(files), host=host, port=port)\n"
	ctx := files("pyproject.toml", pyproject, "tables/__init__.py", "", "tables/app.py", "def make_app(files):\n    pass\n", "tables/cli.py", cli)
	scriptCmdIs(t, "ports", "ports: [8001]\n", ctx, "tables", []string{"serve", "--host", "0.0.0.0"})
	scriptCmdIs(t, "another port", "ports: [9000]\n", ctx, "tables", []string{"serve", "--host", "0.0.0.0", "--port", "9000"})
	scriptCmdIs(t, "no ports", "", ctx, "tables", nil)
	p := scriptCmdIs(t, "spec cmd", "ports: [8001]\ncmd: [serve, /data/t.db]\n", ctx, "tables", []string{"serve", "/data/t.db"})
	if got := noteOf(p, "ListenLocalhost"); !strings.Contains(got, "tables/cli.py:24 the option --host of the script tables defaults to 127.0.0.1") {
		t.Errorf("spec cmd: ListenLocalhost %q", got)
	}
}

// TestCommandsRegisteredByAFunctionOfAnotherModule: a typer script whose module registers no
// command itself and hands its application to a function of another module of the package,
// imported in a try block (fief's shape: `app = admin_add_commands(app)`, whose `add_commands`
// decorates nested functions with `@app.command("run-server", context_settings={...})`, the
// server's signature over several lines and its body forwarding to uvicorn's own click command,
// `ctx.forward(uvicorn.main, ...)`), runs that command: run without one, it printed its usage
// and exited. A registering function that is imported but not called, and nested commands none of
// which serves, keep the script alone.
func TestCommandsRegisteredByAFunctionOfAnotherModule(t *testing.T) {
	pyproject := "[project]\nname = \"gatekeep\"\ndependencies = [\"fastapi==0.115.4\", \"typer==0.12.5\", \"uvicorn[standard]==0.32.0\", \"dramatiq==1.17.1\"]\n" +
		"[project.scripts]\ngatekeep = \"gatekeep.cli.__main__:app\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	main := "import typer\n\nfrom gatekeep.cli.setup import add_commands as setup_add_commands\n\napp = typer.Typer(help=\"Manage gatekeep.\")\n" +
		"app = setup_add_commands(app)\n\ntry:\n    from gatekeep.cli.admin import add_commands as admin_add_commands\n\n    app = admin_add_commands(app)\n" +
		"except ValueError as e:\n    errors = e\n\nif __name__ == \"__main__\":\n    app()\n"
	admin := "import asyncio\n\nimport typer\nimport uvicorn\nfrom dramatiq import cli as dramatiq_cli\n\n\ndef add_commands(app: typer.Typer) -> typer.Typer:\n" +
		"    @app.command(\"migrate\")\n    def migrate():\n        asyncio.run(upgrade())\n\n" +
		"    @app.command(\n        \"run-server\",\n        context_settings={\"allow_extra_args\": True, \"ignore_unknown_options\": True},\n    )\n" +
		"    def run_server(\n        ctx: typer.Context,\n        host: str = \"0.0.0.0\",\n        migrate: bool = typer.Option(True, help=\"Migrate first.\"),\n    ):\n" +
		"        \"\"\"Run the server (not uvicorn.run() in a docstring).\"\"\"\n        if migrate:\n            asyncio.run(upgrade())\n" +
		"        ctx.forward(uvicorn.main, app=\"gatekeep.app:app\", host=host)\n\n" +
		"    @app.command(\"run-worker\")\n    def run_worker(processes: int = 1):\n        dramatiq_cli.main(dramatiq_cli.make_argument_parser().parse_args([\"gatekeep.worker\"]))\n\n" +
		"    return app\n\n\nasync def upgrade():\n    pass\n"
	setup := "import typer\n\n\ndef add_commands(app: typer.Typer) -> typer.Typer:\n    @app.command()\n    def quickstart(docker: bool = False):\n        typer.echo(\"SECRET=...\")\n\n    return app\n"
	ctx := files("pyproject.toml", pyproject, "gatekeep/__init__.py", "", "gatekeep/app.py", "from fastapi import FastAPI\n\napp = FastAPI()\n",
		"gatekeep/cli/__init__.py", "", "gatekeep/cli/__main__.py", main, "gatekeep/cli/admin.py", admin, "gatekeep/cli/setup.py", setup)
	scriptCmdIs(t, "registered in a try block", "ports: [8000]\n", ctx, "gatekeep", []string{"run-server"})
	scriptCmdIs(t, "imported, not called", "ports: [8000]\n", with(ctx, "gatekeep/cli/__main__.py", strings.Replace(main, "    app = admin_add_commands(app)\n", "", 1)), "gatekeep", nil)
	scriptCmdIs(t, "none serves", "ports: [8000]\n", with(ctx, "gatekeep/cli/admin.py", strings.Replace(admin, "ctx.forward(uvicorn.main,", "print(", 1)), "gatekeep", nil)
	if c := nestedCommands("    @app.command(\"serve\")\n    @asyncio_command\n    async def serve():\n        await x()\n\n    def helper():\n        pass\n"); len(c) != 1 || c[0].name != "serve" || strings.Contains(c[0].body, "helper") {
		t.Errorf("nestedCommands = %+v", c)
	}
}
