package python

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestAScriptsLoopbackOptionListensOnEveryInterface: the project's only script declares its
// listen host as an option defaulting to the loopback interface (fava's click option, read from
// FAVA_HOST through auto_envvar_prefix; khoj's argparse option, in a module its script's module
// imports): the image sets the variable, or passes `--host 0.0.0.0` as its cmd, and the port
// option's when its default is not the spec's port; a spec's cmd without the option is warned
// of, one with it is not, and a default of every interface is left alone.
func TestAScriptsLoopbackOptionListensOnEveryInterface(t *testing.T) {
	project := func(kv ...string) lang.Facts {
		return langtest.With(files("pyproject.toml", "[project]\nname = \"ledger\"\nversion = \"1\"\ndependencies = [\"flask\", \"click\"]\n"+
			"[project.scripts]\nledger = \"ledger.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
			"src/ledger/__init__.py", ""), kv...)
	}
	const clickCLI = "import click\n\n\n@click.command(context_settings={\"auto_envvar_prefix\": \"LEDGER\"})\n" +
		"@click.argument(\"filenames\", nargs=-1)\n@click.option(\n    \"-p\",\n    \"--port\",\n    type=int,\n    default=5000,\n    help=\"The port (default: 5000).\",\n)\n" +
		"@click.option(\"-H\", \"--host\", type=str, default=\"localhost\", help=\"The host, (for example) 0.0.0.0.\")\ndef main(filenames, port, host):\n    pass\n"
	const argparseCLI = "import argparse\n\n\ndef cli(args):\n    parser = argparse.ArgumentParser()\n" +
		"    parser.add_argument(\"--host\", type=str, default=\"127.0.0.1\", help=\"Host address (default: 127.0.0.1)\")\n" +
		"    parser.add_argument(\"--port\", \"-p\", type=int, default=42110)\n    return parser.parse_args(args)\n"
	const importsCLI = "import sys\n\nfrom ledger.utils.cli import cli\n\n\ndef main():\n    args = cli(sys.argv[1:])\n"
	const typerCLI = "import typer\n\napp = typer.Typer()\n\n\n@app.command()\ndef main(\n    host: str = typer.Option(\"127.0.0.1\", \"--host\", \"-h\", help=\"Host, (default 127.0.0.1)\"),\n" +
		"    port: int = typer.Option(8000, envvar=\"LEDGER_PORT\"),\n):\n    pass\n"
	const annotatedCLI = "from typing import Annotated\n\nimport typer\n\n\ndef main(\n" +
		"    bind_address: Annotated[str, typer.Option(help=\"Where to listen\")] = \"localhost\",\n" +
		"    port: Annotated[int, typer.Option(\"--port\", \"-p\")] = 8000,\n):\n    pass\n"
	typed := project("src/ledger/cli.py", typerCLI)
	annotated := project("src/ledger/cli.py", annotatedCLI)
	clicky := project("src/ledger/cli.py", clickCLI)
	parsed := project("src/ledger/cli.py", importsCLI, "src/ledger/utils/__init__.py", "", "src/ledger/utils/cli.py", argparseCLI)
	everyInterface := project("src/ledger/cli.py", strings.ReplaceAll(clickCLI, `default="localhost"`, `default="0.0.0.0"`))
	for _, c := range []struct {
		name, spec string
		ctx        lang.Facts
		env        map[string]string
		cmd        []string
		note       string
	}{
		{"click's variable", "language: python\nports: [5000]\n", clicky, map[string]string{"LEDGER_HOST": "0.0.0.0", "LEDGER_PORT": ""}, nil, ""},
		{"click's port too", "language: python\nports: [8080]\ncmd: [/data/main.ledger]\n", clicky,
			map[string]string{"LEDGER_HOST": "0.0.0.0", "LEDGER_PORT": "8080"}, []string{"/data/main.ledger"}, ""},
		{"the spec's variable", "language: python\nports: [5000]\nenv: {LEDGER_HOST: \"::\"}\n", clicky, map[string]string{"LEDGER_HOST": "::"}, nil, ""},
		{"argparse's, imported", "language: python\nports: [42110]\n", parsed, nil, []string{"--host", "0.0.0.0"}, ""},
		{"argparse's port too", "language: python\nports: [8080]\n", parsed, nil, []string{"--host", "0.0.0.0", "--port", "8080"}, ""},
		{"the spec's cmd", "language: python\nports: [42110]\ncmd: [--anonymous-mode]\n", parsed, nil, []string{"--anonymous-mode"},
			"src/ledger/utils/cli.py:6 the option --host of the script ledger defaults to 127.0.0.1: inside a container that is its own loopback interface, so the published port answers nothing; add `--host 0.0.0.0` to `cmd`"},
		{"the spec's cmd gives it", "language: python\nports: [42110]\ncmd: [--host=0.0.0.0]\n", parsed, nil, []string{"--host=0.0.0.0"}, ""},
		{"typer's", "language: python\nports: [8000]\n", typed, map[string]string{"LEDGER_PORT": ""}, []string{"--host", "0.0.0.0"}, ""},
		{"typer's port in its variable", "language: python\nports: [9000]\n", typed, map[string]string{"LEDGER_PORT": "9000"}, []string{"--host", "0.0.0.0"}, ""},
		{"typer's Annotated", "language: python\nports: [9000]\n", annotated, nil, []string{"--bind-address", "0.0.0.0", "--port", "9000"}, ""},
		{"typer's, the spec's cmd", "language: python\nports: [8000]\ncmd: [--reload]\n", typed, nil, []string{"--reload"},
			"src/ledger/cli.py:8 the option --host of the script ledger defaults to 127.0.0.1"},
		{"every interface by default", "language: python\nports: [5000]\n", everyInterface, map[string]string{"LEDGER_HOST": ""}, nil, ""},
	} {
		p := entrypointIs(t, c.name, c.spec, c.ctx, []string{"/opt/venv/bin/ledger"})
		if p == nil {
			continue
		}
		for k, v := range c.env {
			if got := langtest.Env(p.Image.Env, k); got != v {
				t.Errorf("%s: %s=%q, want %q", c.name, k, got, v)
			}
		}
		if !slices.Equal(p.Image.Cmd, c.cmd) {
			t.Errorf("%s: cmd %q, want %q", c.name, p.Image.Cmd, c.cmd)
		}
		if got := noteOf(p, "ListenLocalhost"); (c.note == "") != (got == "") || !strings.Contains(got, c.note) {
			t.Errorf("%s: ListenLocalhost %q, want %q", c.name, got, c.note)
		}
	}
}

// TestCallArguments: a call's arguments split at the commas outside strings and brackets, up to
// the parenthesis that closes it; nil for a call that does not close.
func TestCallArguments(t *testing.T) {
	got := callArguments(`"-H", "--host", default="a,b)", choices=("x", "y"), help='it\'s')` + "\nrest(")
	want := []string{`"-H"`, `"--host"`, `default="a,b)"`, `choices=("x", "y")`, `help='it\'s'`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := callArguments(`"--host", default="x"`); got != nil {
		t.Errorf("unclosed: %q", got)
	}
}
