package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A package's __main__.py that runs a command-line group prints its usage when run without a
// command (mher/flower's adds its command to Celery's click CLI): warned, naming the commands.
func TestAMainModuleRunningACommandGroupIsWarned(t *testing.T) {
	base := lang.Facts{"requirements.txt": []byte("click\n"), "tool/__init__.py": []byte("")}
	for _, c := range []struct{ name, src, main, want string }{
		{"a command added to a group", "language: python\n",
			"import sys\nfrom click import Group\nfrom tool.command import serve\n\ncli = Group(\"tool\")\n\ndef main():\n    cli.add_command(serve)\n    sys.exit(cli())\n\nif __name__ == \"__main__\":\n    main()\n",
			"tool/__main__.py:8 is a click command line with subcommands, and the image runs it with none: it prints its usage and exits. Write the one that starts the server, with its arguments (its subcommands: serve): `cmd: [serve, ...]` (the image runs `python -m tool serve`)"},
		{"a group declared", "language: python\n",
			"import click\n\n@click.group()\ndef cli():\n    pass\n\n@cli.command()\ndef web():\n    pass\n\ncli()\n",
			"tool/__main__.py:3 is a click command line with subcommands"},
		{"argparse's required subcommands", "language: python\n",
			"import argparse\n\np = argparse.ArgumentParser()\nsub = p.add_subparsers(dest=\"cmd\", required=True)\nsub.add_parser(\"serve\")\nsub.add_parser(\"migrate\")\np.parse_args()\n",
			"tool/__main__.py:4 is a Python argparse command line with subcommands"},
		{"the spec's cmd", "language: python\ncmd: [serve]\n", "import click\n\n@click.group()\ndef cli():\n    pass\n\ncli()\n", ""},
		{"a program", "language: python\n", "import click\n\n@click.command()\ndef main():\n    print(\"hi\")\n\nmain()\n", ""},
		{"a group's name in a string", "language: python\n", "print(\"@click.group() and cli.add_command(x)\")\n", ""},
	} {
		p, err := inContext(t, c.src, with(base, "tool/__main__.py", c.main))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := langtest.Messages(p, "ServerSubcommandMissing")
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s: warned %q", c.name, got)
		case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
			t.Errorf("%s: notes %q, want %q", c.name, got, c.want)
		}
	}
}
