package golang

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// docoptApp is a module requiring docopt-go whose main package's usage text is usage, as
// ergo's is.
func docoptApp(require, usage string) lang.Facts {
	return lang.Facts{
		"go.mod": []byte("module example.com/irc\n\ngo 1.26\n\nrequire " + require + " v0.0.0-20180111231733-ee0de3bc6815\n"),
		"main.go": []byte("package main\n\nimport \"github.com/docopt/docopt-go\"\n\nfunc main() {\n\tusage := `irc.\n" + usage +
			"Options:\n\t--conf <filename>  Configuration file to use [default: ircd.yaml].\n\t-h --help          Show this screen.`\n" +
			"\targuments, _ := docopt.ParseArgs(usage, nil, \"1.0\")\n\t_ = arguments\n}\n"),
	}
}

const ergoUsage = "Usage:\n\tirc initdb [--conf <filename>] [--quiet]\n\tirc importdb <database.json> [--conf <filename>]\n\tirc mkcerts [--conf <filename>]\n" +
	"\tirc run [--conf <filename>] [--quiet] [--smoke]\n\tirc -h | --help\n\tirc --version\n"

// TestDocoptServerCommand: a docopt usage whose every line needs a command or an option runs
// its only server command by default (ergo's `run`, among initdb, mkcerts and the rest); the
// spec's cmd replaces it. A line running the program alone, two server commands, a server
// command needing an argument, or a module not requiring docopt leave the image without one.
func TestDocoptServerCommand(t *testing.T) {
	const docopt = "github.com/docopt/docopt-go"
	cmdOf := func(spec string, f lang.Facts) []string { return provider.MustPlan(t, spec, f).Image.Cmd }
	for name, tc := range map[string]struct {
		require, usage string
		want           []string
	}{
		"ergo's run":                   {docopt, ergoUsage, []string{"run"}},
		"serve over run":               {docopt, "Usage:\n  irc serve [--port=<n>]\n  irc run <script>\n  irc start\n", []string{"serve"}},
		"the usage on its line":        {docopt, "Usage: irc web [--quiet]\n       irc gentoken\n", []string{"web"}},
		"the older module path":        {"github.com/docopt/docopt.go", ergoUsage, []string{"run"}},
		"the program runs alone":       {docopt, "Usage:\n  irc [options]\n  irc run\n", nil},
		"the program alone, bare":      {docopt, "Usage:\n  irc\n  irc serve\n", nil},
		"two server commands":          {docopt, "Usage:\n  irc serve\n  irc web\n", nil},
		"run and start":                {docopt, "Usage:\n  irc run\n  irc start\n", nil},
		"a server needing an argument": {docopt, "Usage:\n  irc serve <dir>\n  irc init\n", nil},
		"no docopt in go.mod":          {"github.com/other/cli", ergoUsage, nil},
		"one line":                     {docopt, "Usage: irc run\n", nil},
	} {
		if got := cmdOf("language: go\n", docoptApp(tc.require, tc.usage)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: cmd %q, want %q", name, got, tc.want)
		}
	}
	if got := cmdOf("language: go\ncmd: [initdb]\n", docoptApp(docopt, ergoUsage)); !slices.Equal(got, []string{"initdb"}) {
		t.Errorf("the spec's cmd: %q", got)
	}
}
