package python

import (
	"slices"
	"strings"
	"testing"
)

// TestAMainModuleImportingWhatItsPackageLacks: a package's __main__.py importing from its own
// package a name the package lacks (sqlite-web's shape: `from tables import main` with an empty
// tables/__init__.py, main in tables/tables.py) fails planning, naming the line and the project's
// scripts, where the image ran `python -m tables` and died at the import. A name its __init__.py
// binds, a module or subpackage of the name, and `import *` run as before.
func TestAMainModuleImportingWhatItsPackageLacks(t *testing.T) {
	pyproject := "[project]\nname = \"tables\"\ndependencies = [\"flask\"]\n[project.scripts]\ntables = \"tables.tables:main\"\n" +
		"tables_wsgi = \"tables.wsgi_server:main\"\n[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"
	base := []string{"pyproject.toml", pyproject, "tables/tables.py", "def main():\n    pass\n", "tables/wsgi_server.py", "def main():\n    pass\n"}
	const main = "from tables import main\n\n\nif __name__ == '__main__':\n    main()\n"
	for _, c := range []struct {
		name string
		more []string
		err  string // "" for `python -m tables`
	}{
		{"empty __init__", []string{"tables/__init__.py", "", "tables/__main__.py", main},
			"tables/__main__.py:1 imports main from the package tables, whose __init__.py does not define it and which has no module main: `python -m tables` would fail at start with an ImportError"},
		{"relative, in parentheses", []string{"tables/__init__.py", "\"\"\"main is elsewhere\"\"\"\n", "tables/__main__.py", "from . import (\n    cli,\n    main as run,\n)\nrun()\n", "tables/cli.py", ""},
			"tables/__main__.py:1 imports main from the package tables"},
		{"bound by __init__", []string{"tables/__init__.py", "from .tables import main\n", "tables/__main__.py", main}, ""},
		{"a module of the name", []string{"tables/__init__.py", "", "tables/__main__.py", main, "tables/main.py", "def main():\n    pass\n"}, ""},
		{"a subpackage of the name", []string{"tables/__init__.py", "", "tables/__main__.py", "from . import web\nweb.run()\n", "tables/web/", "", "tables/web/__init__.py", ""}, ""},
		{"import *", []string{"tables/__init__.py", "from .tables import *\n", "tables/__main__.py", main}, ""},
	} {
		p, err := inContext(t, "language: python\nports: [8080]\n", files(append(slices.Clone(base), c.more...)...))
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.err == "":
			if want := []string{venvPython, "-m", "tables"}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("%s: entrypoint %q, want %q", c.name, p.Image.Entrypoint, want)
			}
		case err == nil:
			t.Errorf("%s: planned %q, want an error", c.name, p.Image.Entrypoint)
		case !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "set `entrypoint` to what the image runs (the project's scripts: tables, tables_wsgi)"):
			t.Errorf("%s: %v, want %q", c.name, err, c.err)
		}
	}
}

// TestTheEntrypointScriptsLoopbackOption: the script the spec's entrypoint names, one of two,
// whose optparse `--host` defaults to 127.0.0.1 (sqlite-web's `sqlite_web`), gets `--host
// 0.0.0.0` when the spec publishes ports; a spec's cmd without it is ListenLocalhost, naming
// that script.
func TestTheEntrypointScriptsLoopbackOption(t *testing.T) {
	pyproject := "[project]\nname = \"tables\"\ndependencies = [\"flask\"]\n[project.scripts]\ntables = \"tables.tables:main\"\n" +
		"tables_wsgi = \"tables.wsgi_server:main\"\n[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"
	optparse := "import optparse\n\n\ndef get_option_parser():\n    parser = optparse.OptionParser()\n    parser.add_option(\n        '-p',\n        '--port',\n        default=8080,\n        type='int')\n" +
		"    parser.add_option(\n        '-H',\n        '--host',\n        default='127.0.0.1',\n        help='Host for web interface, default=127.0.0.1')\n    return parser\n\n\ndef main():\n    get_option_parser().parse_args()\n"
	ctx := files("pyproject.toml", pyproject, "tables/__init__.py", "", "tables/tables.py", optparse, "tables/wsgi_server.py", "def main():\n    pass\n")
	scriptCmdIs(t, "entrypoint", "ports: [8080]\nentrypoint: tables\n", ctx, "tables", []string{"--host", "0.0.0.0"})
	scriptCmdIs(t, "entrypoint, another port", "ports: [9000]\nentrypoint: tables\n", ctx, "tables", []string{"--host", "0.0.0.0", "--port", "9000"})
	scriptCmdIs(t, "the other script", "ports: [8080]\nentrypoint: tables_wsgi\n", ctx, "tables_wsgi", nil)
	p := scriptCmdIs(t, "spec cmd", "ports: [8080]\nentrypoint: tables\ncmd: [/data/t.db]\n", ctx, "tables", []string{"/data/t.db"})
	if got := noteOf(p, "ListenLocalhost"); !strings.Contains(got, "tables/tables.py:11 the option --host of the script tables defaults to 127.0.0.1") {
		t.Errorf("spec cmd: ListenLocalhost %q", got)
	}
}
