package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// TestArgparseServerSubcommand: the project's only script, an argparse command line whose
// subcommands are required (`add_subparsers(required=True)`, `sub.required = True`), runs with
// the one subcommand that starts a server as the image's cmd: found through its parser's
// `set_defaults(func=...)` (a function of the module, or of a module of the project it imports
// it from; one parser name reused for each subcommand in turn), a chained `.set_defaults(...)`, or the `if args.command == "...":` branch that runs
// it; a single subcommand too (argparse runs none without its name). When none can be chosen
// (none serves, two do, the names are not literal, the serving one is commented out),
// ServerSubcommandMissing names the file, the subcommands and `cmd`; subcommands that are not
// required, and the spec's cmd, say nothing.
func TestArgparseServerSubcommand(t *testing.T) {
	pyproject := "[project]\nname = \"depot\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n" +
		"[project.scripts]\ndepot = \"depot.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	serveModule := "import uvicorn\n\n\ndef serve(args):\n    uvicorn.run(\"depot.web:app\", host=args.host, port=args.port)\n"
	funcs := "import argparse\n\nimport uvicorn\n\nfrom depot.server import serve\n\n\ndef prune(args):\n    print(\"pruned\")\n\n\n" +
		"def main():\n    parser = argparse.ArgumentParser(prog=\"depot\")\n    sub = parser.add_subparsers(dest=\"command\", required=True)\n" +
		"    web = sub.add_parser(\"web\", help=\"serve the API\")\n    web.add_argument(\"--host\", default=\"0.0.0.0\")\n    web.add_argument(\"--port\", type=int, default=8000)\n" +
		"    web.set_defaults(func=serve, verbose=False)\n    clean = sub.add_parser(\"prune\")\n    clean.set_defaults(func=prune)\n" +
		"    args = parser.parse_args()\n    args.func(args)\n"
	dispatch := "import argparse\nimport uvicorn\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    subparsers = parser.add_subparsers(dest=\"cmd\")\n" +
		"    subparsers.required = True\n    subparsers.add_parser(\"init\")\n    run = subparsers.add_parser(\"run\")\n    run.add_argument(\"--port\", type=int, default=8000)\n" +
		"    args = parser.parse_args()\n    if args.cmd == \"init\":\n        print(\"uvicorn.run(...) is not called here\")\n" +
		"    elif args.cmd == \"run\":\n        uvicorn.run(\"depot.web:app\", host=\"0.0.0.0\", port=args.port)\n"
	loop := "import argparse\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    sub = parser.add_subparsers(dest=\"which\")\n    sub.required = True\n" +
		"    for name in (\"init\", \"start\"):\n        sub.add_parser(name)\n    parser.parse_args()\n"
	// a framework planning does not know: the module is read when the spec publishes a port
	pyramid := files("pyproject.toml", strings.Replace(pyproject, "\"fastapi\", \"uvicorn\"", "\"pyramid\", \"waitress\"", 1), "depot/__init__.py", "", "depot/cli.py", loop)
	base := func(cli string) lang.Facts {
		return files("pyproject.toml", pyproject, "depot/__init__.py", "",
			"depot/web.py", "from fastapi import FastAPI\n\napp = FastAPI()\n",
			"depot/server.py", serveModule, "depot/cli.py", cli)
	}
	const missing = "ServerSubcommandMissing: depot/cli.py:"
	for _, tc := range []struct {
		name, src string
		ctx       lang.Facts
		cmd       []string // nil for none
		note      string   // the ServerSubcommandMissing note's start, "" for none
	}{
		{"set_defaults, imported function", "", base(funcs), []string{"web"}, ""},
		{"dispatch branch", "", base(dispatch), []string{"run"}, ""},
		// one name for each subcommand's parser in turn
		{"parser name reused", "", base("import argparse\n\nfrom depot.server import serve\n\n\ndef prune(args):\n    print(\"pruned\")\n\n\ndef main():\n" +
			"    parser = argparse.ArgumentParser()\n    sub = parser.add_subparsers(required=True)\n    p = sub.add_parser(\"prune\")\n    p.set_defaults(func=prune)\n" +
			"    p = sub.add_parser(\"web\")\n    p.set_defaults(func=serve)\n    args = parser.parse_args()\n    args.func(args)\n"), []string{"web"}, ""},
		{"chained set_defaults, one subcommand", "", base("import argparse\nimport uvicorn\n\n\ndef serve(args):\n    uvicorn.run(\"depot.web:app\")\n\n\n" +
			"def main():\n    parser = argparse.ArgumentParser()\n    sub = parser.add_subparsers(required=True)\n    sub.add_parser(\"serve\").set_defaults(handler=serve)\n" +
			"    args = parser.parse_args()\n    args.handler(args)\n"), []string{"serve"}, ""},
		// none serves
		{"none serves", "", base(strings.Replace(funcs, "from depot.server import serve", "from depot.web import app as serve", 1)), nil,
			missing + "14 is a Python argparse command line with subcommands, and the image runs it with none: it prints its usage and exits. Write the one that starts the server, with its arguments (its subcommands: web, prune): `cmd: [<subcommand>, ...]`"},
		// two serve: the user's to choose
		{"two serve", "", base(strings.Replace(funcs, "clean.set_defaults(func=prune)", "clean.set_defaults(func=serve)", 1)), nil, missing + "14 "},
		// a commented-out subcommand is none
		{"commented out", "", base(strings.Replace(dispatch, "    run = subparsers.add_parser(\"run\")", "    # run = subparsers.add_parser(\"run\")", 1)), nil, missing + "7 "},
		// names that are not literal are not read
		{"names from a loop", "", base(loop), nil, missing + "6 is a Python argparse command line with subcommands, and the image runs it with none: it prints its usage and exits. Write the one that starts the server, with its arguments: "},
		{"unknown framework, ports", "ports: [8080]\n", pyramid, nil, missing + "6 "},
		// a command-line tool's image, run with its arguments
		{"unknown framework, no ports", "", pyramid, nil, ""},
		// not required: the program may do something of its own without one
		{"not required", "", base(strings.Replace(funcs, ", required=True", "", 1)), nil, ""},
		// the spec's cmd is the image's
		{"spec cmd", "cmd: [prune]\n", base(strings.Replace(funcs, "from depot.server import serve", "from depot.web import app as serve", 1)), []string{"prune"}, ""},
	} {
		p := scriptCmdIs(t, tc.name, tc.src, tc.ctx, "depot", tc.cmd)
		got := noteOf(p, "ServerSubcommandMissing")
		if tc.note == "" && got != "" || tc.note != "" && !strings.HasPrefix("ServerSubcommandMissing: "+got, tc.note) {
			t.Errorf("%s: ServerSubcommandMissing %q, want %q...", tc.name, got, tc.note)
		}
	}
}
