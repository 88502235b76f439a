package golang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// switchApp is a module whose main package picks its command by hand, as goatcounter does: the
// command is shifted off os.Args, and a switch over it runs the server for "serve".
func switchApp(body string) lang.Facts {
	return lang.Facts{
		"go.mod": []byte("module example.com/counter\n\ngo 1.26\n"),
		"main.go": []byte("package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n" + body + "}\n\n" +
			"func shiftCommand(args []string) (string, []string) {\n\tif len(args) < 2 {\n\t\treturn \"\", nil\n\t}\n\treturn args[1], args[2:]\n}\n"),
	}
}

const counterSwitch = "\tcmd, rest := shiftCommand(os.Args)\n\tswitch cmd {\n\tcase \"\", \"help\":\n\t\tfmt.Println(\"usage\")\n" +
	"\tcase \"serve\":\n\t\tfmt.Println(\"serving\", rest)\n\tcase \"import\", \"export\":\n\t\tfmt.Println(rest)\n\t}\n"

// TestHandWrittenSwitchServeIsTheDefaultCommand: the image of a program whose main package
// switches on its first argument (a variable assigned from os.Args, os.Args[1], flag.Arg(0),
// args[0] of os.Args[1:]) runs the case named serve, server or web (CMD ["serve"]); the spec's
// cmd replaces it. A switch on something else, a server case that also runs without arguments
// (case "", "serve"), two server names, or a commented switch leave the image without arguments.
func TestHandWrittenSwitchServeIsTheDefaultCommand(t *testing.T) {
	cmdOf := func(spec, body string) []string {
		return provider.MustPlan(t, spec, switchApp(body)).Image.Cmd
	}
	for name, body := range map[string]string{
		"a variable from os.Args": counterSwitch,
		"os.Args[1]":              "\tswitch os.Args[1] {\n\tcase \"serve\":\n\t\tfmt.Println()\n\tdefault:\n\t\tos.Exit(2)\n\t}\n",
		"flag.Arg(0)":             "\tswitch flag.Arg(0) {\n\tcase \"serve\", \"run\":\n\t}\n",
		"args[0]":                 "\targs := os.Args[1:]\n\tswitch args[0] {\n\tcase \"migrate\":\n\tcase \"serve\":\n\t}\n",
		// chisel: the command is taken from flag.Args() in two steps
		"a variable from a variable from flag.Args()": "\targs := flag.Args()\n\tsubcmd := \"\"\n\tif len(args) > 0 {\n\t\tsubcmd = args[0]\n\t\targs = args[1:]\n\t}\n" +
			"\tswitch subcmd {\n\tcase \"serve\":\n\t\tfmt.Println(args)\n\tcase \"client\":\n\tdefault:\n\t\tos.Exit(0)\n\t}\n",
	} {
		if got := cmdOf("language: go\n", body); !slices.Equal(got, []string{"serve"}) {
			t.Errorf("%s: cmd %q, want [serve]", name, got)
		}
	}
	if got := cmdOf("language: go\ncmd: [serve, -automigrate]\n", counterSwitch); !slices.Equal(got, []string{"serve", "-automigrate"}) {
		t.Errorf("the spec's cmd: %q", got)
	}
	for name, body := range map[string]string{
		"a switch on another value":         "\tswitch os.Getenv(\"MODE\") {\n\tcase \"serve\":\n\t}\n",
		"a variable not from the arguments": "\tcmd := os.Getenv(\"CMD\")\n\tswitch cmd {\n\tcase \"serve\":\n\t}\n",
		"serve runs without arguments":      strings.Replace(counterSwitch, "case \"serve\":", "case \"\", \"serve\":", 1),
		"serve and web":                     strings.Replace(counterSwitch, "case \"import\", \"export\":", "case \"web\":", 1),
		"commented":                         "\t// switch os.Args[1] {\n\t// case \"serve\":\n\t// }\n\tfmt.Println()\n",
	} {
		if got := cmdOf("language: go\n", body); len(got) != 0 {
			t.Errorf("%s: cmd %q, want none", name, got)
		}
	}
}

// TestCommandTableServeIsTheDefaultCommand: a main package whose commands sit in a table of
// names and functions (mox's `var commands = []struct{cmd string; fn func(c *cmd)}{{"serve",
// cmdServe}, ...}`) runs its serve entry (CMD ["serve"]); not a table of other pairs (a string
// and a number), nor one of a single entry, nor a table with serve and web.
func TestCommandTableServeIsTheDefaultCommand(t *testing.T) {
	table := "var commands = []struct {\n\tcmd string\n\tfn  func(args []string)\n}{\n\t{\"serve\", cmdServe},\n\t{\"quickstart\", cmdQuickstart},\n" +
		"\t{\"stop\", func(args []string) {}},\n}\n\nfunc cmdServe(args []string)      {}\nfunc cmdQuickstart(args []string) {}\n"
	for name, c := range map[string]struct {
		src  string
		want []string
	}{
		"a command table":       {table, []string{"serve"}},
		"names and numbers":     {"var limits = []struct {\n\tname string\n\tn    int\n}{{\"serve\", 1}, {\"web\", 2}}\n", nil},
		"one entry":             {"var commands = []struct {\n\tcmd string\n\tfn  func()\n}{{\"serve\", run}}\n\nfunc run() {}\n", nil},
		"serve and web":         {strings.Replace(table, "\"stop\"", "\"web\"", 1), nil},
		"a table in a function": {"func commands() {\n\t_ = []struct {\n\t\tcmd string\n\t\tfn  func()\n\t}{{\"serve\", run}, {\"stop\", run}}\n}\n\nfunc run() {}\n", nil},
	} {
		f := lang.Facts{"go.mod": []byte("module example.com/mail\n\ngo 1.26\n"), "main.go": []byte("package main\n\nfunc main() {}\n"), "commands.go": []byte("package main\n\n" + c.src)}
		if got := provider.MustPlan(t, "language: go\n", f).Image.Cmd; !slices.Equal(got, c.want) {
			t.Errorf("%s: CMD %q, want %q", name, got, c.want)
		}
	}
}

// TestCommandTableListenOfAnotherCommand: a loopback listen flag declared in the function a
// command table runs for another command than the image's (mox's `updates serve` helper,
// `--address 127.0.0.1:8596`) is not the server's, so ListenLocalhost says nothing of it; one
// declared in the serve command's function is warned of.
func TestCommandTableListenOfAnotherCommand(t *testing.T) {
	src := "package main\n\nimport \"flag\"\n\nvar commands = []struct {\n\tcmd string\n\tfn  func()\n}{\n\t{\"serve\", cmdServe},\n\t{\"updates serve\", cmdUpdatesServe},\n}\n\n" +
		"func cmdServe() {}\n\nfunc cmdUpdatesServe() {\n\tvar address string\n\tflag.StringVar(&address, \"address\", \"127.0.0.1:8596\", \"address to serve on\")\n}\n\nfunc main() {}\n"
	f := lang.Facts{"go.mod": []byte("module example.com/mail\n\ngo 1.26\n"), "main.go": []byte(src)}
	p := provider.MustPlan(t, "language: go\n", f)
	if n := langtest.NoteOf(p, "ListenLocalhost"); n != nil || !slices.Equal(p.Image.Cmd, []string{"serve"}) {
		t.Errorf("another command's flag: note %+v, CMD %q", n, p.Image.Cmd)
	}
	f["main.go"] = []byte(strings.Replace(src, "func cmdServe() {}\n\nfunc cmdUpdatesServe() {", "func cmdUpdatesServe() {}\n\nfunc cmdServe() {", 1))
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\n", f), "ListenLocalhost"); n == nil || !strings.Contains(n.Msg, "cmd: [serve, -address=:8596]") {
		t.Errorf("the serve command's flag: note %+v", n)
	}
}
