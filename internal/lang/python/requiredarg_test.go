package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// TestAProgramsRequiredArgumentIsWarned: the image's script or program file of one command that
// requires a positional argument (sqlite-web's `if not args: die(...)` after optparse, an
// argparse positional, a click argument) exits at start without the spec's cmd: ArgumentRequired
// names the line, with the listen options the image gives kept in its example. An optional
// argument, a module of several commands and a spec's cmd are not warned of.
func TestAProgramsRequiredArgumentIsWarned(t *testing.T) {
	pyproject := "[project]\nname = \"tables\"\ndependencies = [\"flask\", \"click\"]\n[project.scripts]\ntables = \"tables.cli:main\"\n" +
		"[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"
	optparse := "import optparse\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\ndef main():\n    parser = optparse.OptionParser()\n" +
		"    parser.add_option('-H', '--host', default='127.0.0.1')\n    options, args = parser.parse_args()\n    if not args:\n        die('Error: missing required path to database file.')\n    app.run(host=options.host)\n"
	argparseCLI := "import argparse\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument(\"database\", help=\"the file\")\n    parser.parse_args()\n"
	clickCLI := "import click\n\n\n@click.command()\n@click.argument(\"path\", type=click.Path())\ndef main(path):\n    pass\n"
	for _, c := range []struct {
		name, src, cli, note string
	}{
		{"if not args", "ports: [8080]\n", optparse, "tables/cli.py:12: it exits when it is given no argument (`if not args:`), and the image runs tables without one (the spec has no `cmd`), so it exits at start; give it in `cmd` (a directory on a volume, for data), e.g. `cmd: [--host, 0.0.0.0, /data/...]`"},
		{"argparse positional", "ports: [8080]\n", argparseCLI, "tables/cli.py:6: its positional argument database is required"},
		{"click argument", "ports: [8080]\n", clickCLI, "tables/cli.py:5: its positional argument path is required"},
		{"optional", "ports: [8080]\n", strings.Replace(argparseCLI, "help=", "nargs=\"?\", help=", 1), ""},
		{"click, any number", "ports: [8080]\n", strings.Replace(clickCLI, "type=click.Path()", "nargs=-1", 1), ""},
		{"click, at least one", "ports: [8080]\n", strings.Replace(clickCLI, "type=click.Path()", "nargs=-1, required=True", 1), "its positional argument path is required"},
		{"several commands", "ports: [8080]\n", "import click\n\n\n@click.group()\ndef main():\n    pass\n\n\n@main.command()\n@click.argument(\"path\")\ndef export(path):\n    pass\n", ""},
		{"the spec's cmd", "ports: [8080]\ncmd: [/data/t.db]\n", optparse, ""},
	} {
		ctx := files("pyproject.toml", pyproject, "tables/__init__.py", "", "tables/cli.py", c.cli)
		p, err := inContext(t, "language: python\n"+c.src, ctx)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := noteOf(p, "ArgumentRequired"); (c.note == "") != (got == "") || !strings.Contains(got, c.note) {
			t.Errorf("%s: ArgumentRequired %q, want %q", c.name, got, c.note)
		}
	}
	// a program file the image runs
	program := "import optparse\nfrom http.server import HTTPServer, SimpleHTTPRequestHandler\n\nparser = optparse.OptionParser()\noptions, args = parser.parse_args()\n" +
		"if not args:\n    sys.exit('a directory to serve')\nHTTPServer(('', 8080), SimpleHTTPRequestHandler).serve_forever()\n"
	p := mustContext(t, "language: python\nports: [8080]\n", lang.Facts{"requirements.txt": []byte("requests\n"), "app.py": []byte(program)})
	if got := noteOf(p, "ArgumentRequired"); !strings.Contains(got, "app.py:6: it exits when it is given no argument") || !strings.Contains(got, "runs python app.py without one") {
		t.Errorf("program file: ArgumentRequired %q", got)
	}
}
