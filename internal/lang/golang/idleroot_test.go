package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestIdleRootRun: the one detector of a run or start command beside a root that runs
// nothing, for cobra and urfave/cli, on the files' text. A root given Run or RunE in its
// literal, or later (`rootCmd.Run = serve` in an init function, `root.RunE = run` before a
// constructor returns it), runs something, so its run command is not the image's; a root with
// neither gets its only run or start command (sablier's `start`, maddy's and pufferpanel's
// `run`).
func TestIdleRootRun(t *testing.T) {
	const cobraPrelude = "package main\n\nimport \"github.com/spf13/cobra\"\n\n"
	runCmd := cobraPrelude + "var runCmd = &cobra.Command{Use: \"run\", Short: \"Runs the panel\", Run: func(*cobra.Command, []string) {}}\n"
	startCmd := cobraPrelude + "func newStart() *cobra.Command {\n\treturn &cobra.Command{Use: \"start\", RunE: func(*cobra.Command, []string) error { return nil }}\n}\n"
	executed := cobraPrelude + "func main() { _ = rootCmd.Execute() }\n"
	constructed := cobraPrelude + "func main() {\n\tcmd := NewRoot()\n\t_ = cmd.Execute()\n}\n"
	for _, c := range []struct {
		name  string
		libs  []commandLibrary
		texts []string
		want  string
	}{
		{"cobra root without Run", cobraLibs(), []string{runCmd, executed,
			cobraPrelude + "var rootCmd = &cobra.Command{\n\tUse:   \"panel\",\n\tShort: \"Game server panel\",\n}\n"}, "run"},
		{"cobra root with Run in its literal", cobraLibs(), []string{runCmd, executed,
			cobraPrelude + "var rootCmd = &cobra.Command{Use: \"panel\", Run: serve}\n"}, ""},
		{"cobra root with RunE after a function", cobraLibs(), []string{runCmd, executed,
			cobraPrelude + "var rootCmd = &cobra.Command{\n\tUse: \"panel\",\n\tPersistentPreRun: func(*cobra.Command, []string) { setup() },\n\tRunE: serve,\n}\n"}, ""},
		{"cobra root given Run later", cobraLibs(), []string{runCmd, executed,
			cobraPrelude + "var rootCmd = &cobra.Command{Use: \"panel\"}\n\nfunc init() { rootCmd.Run = serve }\n"}, ""},
		{"cobra root given RunE later, in main", cobraLibs(), []string{runCmd,
			cobraPrelude + "var rootCmd = &cobra.Command{Use: \"panel\"}\n\nfunc main() {\n\trootCmd.RunE = serve\n\t_ = rootCmd.Execute()\n}\n"}, ""},
		{"cobra root returned by a function, without Run", cobraLibs(), []string{startCmd, constructed,
			cobraPrelude + "func NewRoot() *cobra.Command {\n\troot := &cobra.Command{Use: \"waker\", PersistentPreRunE: func(*cobra.Command, []string) error { return nil }}\n" +
				"\troot.AddCommand(newStart())\n\treturn root\n}\n"}, "start"},
		{"cobra root returned by a function, given RunE before", cobraLibs(), []string{startCmd, constructed,
			cobraPrelude + "func NewRoot() *cobra.Command {\n\troot := &cobra.Command{Use: \"waker\"}\n\troot.RunE = serve\n\treturn root\n}\n"}, ""},
		{"cobra root literal returned directly", cobraLibs(), []string{startCmd, constructed,
			cobraPrelude + "func NewRoot() *cobra.Command {\n\treturn &cobra.Command{Use: \"waker\"}\n}\n"}, "start"},
		{"cobra run taking an argument", cobraLibs(), []string{executed,
			cobraPrelude + "var rootCmd = &cobra.Command{Use: \"tool\"}\n\nvar runCmd = &cobra.Command{Use: \"run\", Args: cobra.ExactArgs(1)}\n"}, ""},
		{"cobra run and start", cobraLibs(), []string{runCmd, startCmd, executed,
			cobraPrelude + "var rootCmd = &cobra.Command{Use: \"panel\"}\n"}, ""},
		{"cobra run commented out", cobraLibs(), []string{executed,
			cobraPrelude + "var rootCmd = &cobra.Command{Use: \"panel\"}\n\n// var runCmd = &cobra.Command{Use: \"run\"}\n"}, ""},
		{"urfave/cli App without Action", urfaveLibs(), []string{
			"package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\nfunc main() {\n\tapp := cli.NewApp()\n" +
				"\tapp.Commands = []*cli.Command{{Name: \"run\", Action: run}}\n\t_ = app.Run(os.Args)\n}\n"}, "run"},
		{"urfave/cli App given an Action later", urfaveLibs(), []string{
			"package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\nfunc main() {\n\tapp := cli.NewApp()\n\tapp.Action = serve\n" +
				"\tapp.Commands = []*cli.Command{{Name: \"run\", Action: run}}\n\t_ = app.Run(os.Args)\n}\n"}, ""},
		{"urfave/cli App with an Action in its literal", urfaveLibs(), []string{
			"package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\nfunc main() {\n\tapp := &cli.App{Action: serve, Commands: []*cli.Command{{Name: \"run\"}}}\n" +
				"\t_ = app.Run(os.Args)\n}\n"}, ""},
	} {
		if got := idleRootCommand(c.libs, c.texts); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func cobraLibs() []commandLibrary  { return []commandLibrary{{module: cobraModule}} }
func urfaveLibs() []commandLibrary { return []commandLibrary{{module: urfaveModule}} }

// TestServerGroupRunsItsRun: a server command that is a group running nothing itself, whose one
// run or start subcommand runs the server (ezbookkeeping's urfave/cli v3 `server` holding `run`,
// which its image's script runs as `server run`), is the image's CMD with that subcommand; not
// when the group has an Action, holds run and start, or its run takes an argument (CMD
// ["server"] as before). urfave/cli v2 writes the subcommands as Subcommands.
func TestServerGroupRunsItsRun(t *testing.T) {
	books := lang.Facts{
		"go.mod": []byte("module example.com/books\n\ngo 1.26\n\nrequire github.com/urfave/cli/v3 v3.3.8\n"),
		"main.go": []byte("package main\n\nimport (\n\t\"context\"\n\t\"os\"\n\n\t\"github.com/urfave/cli/v3\"\n\n\t\"example.com/books/cmd\"\n)\n\n" +
			"func main() {\n\tapp := &cli.Command{Name: \"books\", Commands: []*cli.Command{cmd.WebServer}}\n\t_ = app.Run(context.Background(), os.Args)\n}\n"),
		"cmd/webserver.go": []byte("package cmd\n\nimport \"github.com/urfave/cli/v3\"\n\nvar WebServer = &cli.Command{\n\tName:  \"server\",\n\tUsage: \"web server operation\",\n" +
			"\tCommands: []*cli.Command{\n\t\t{\n\t\t\tName:   \"run\",\n\t\t\tAction: startWebServer,\n\t\t},\n\t},\n}\n"),
	}
	server := string(books["cmd/webserver.go"])
	groupCmds(t, books, "cmd/webserver.go", map[string]groupCase{
		"a group holding run":       {server, []string{"server", "run"}},
		"v2's Subcommands":          {strings.Replace(server, "Commands:", "Subcommands:", 1), []string{"server", "run"}},
		"a group with an Action":    {strings.Replace(server, "\tUsage:", "\tAction: serve,\n\tUsage:", 1), []string{"server"}},
		"run and start":             {strings.Replace(server, "\t\t},\n\t},", "\t\t},\n\t\t{Name: \"start\"},\n\t},", 1), []string{"server"}},
		"run taking an argument":    {strings.Replace(server, "\t\t\tName:   \"run\",", "\t\t\tName:   \"run\",\n\t\t\tArgsUsage: \"FILE\",", 1), []string{"server"}},
		"a server with no subgroup": {strings.Replace(server, "\tCommands: []*cli.Command{\n\t\t{\n\t\t\tName:   \"run\",\n\t\t\tAction: startWebServer,\n\t\t},\n\t},\n", "\tAction: startWebServer,\n", 1), []string{"server"}},
	})
}

// groupCase is a server command's file and the CMD it gives.
type groupCase struct {
	file string
	want []string
}

// groupCmds plans facts with each case's file at name, and checks the image's CMD.
func groupCmds(t *testing.T, facts lang.Facts, name string, cases map[string]groupCase) {
	t.Helper()
	for c, tc := range cases {
		p := provider.MustPlan(t, "language: go\nports: [8080]\n", langtest.With(maps.Clone(facts), name, tc.file))
		if !slices.Equal(p.Image.Cmd, tc.want) {
			t.Errorf("%s: CMD %q, want %q", c, p.Image.Cmd, tc.want)
		}
	}
}

// TestCobraServerGroupRunsItsStart: a cobra `server` command running nothing itself, whose
// subcommands are given by AddCommand (gotosocial's `serverCmd.AddCommand(serverStartCmd)`,
// its image running `server start`), is the image's CMD with its one run or start subcommand:
// local variables, package-level ones added in init, or a literal written in the call. Not when
// the group runs something, its start takes an argument, or start is added to another command.
func TestCobraServerGroupRunsItsStart(t *testing.T) {
	const local = "package main\n\nimport \"github.com/spf13/cobra\"\n\n" +
		"func serverCommands() *cobra.Command {\n\tserverCmd := &cobra.Command{\n\t\tUse:   \"server\",\n\t\tShort: \"server tasks\",\n\t}\n" +
		"\tstartCmd := &cobra.Command{\n\t\tUse:  \"start\",\n\t\tRunE: func(cmd *cobra.Command, args []string) error { return start() },\n\t}\n" +
		"\tpauseCmd := &cobra.Command{\n\t\tUse:  \"pause\",\n\t\tRunE: func(cmd *cobra.Command, args []string) error { return pause() },\n\t}\n" +
		"\tserverCmd.AddCommand(startCmd)\n\tserverCmd.AddCommand(pauseCmd)\n\treturn serverCmd\n}\n"
	const global = "package main\n\nimport \"github.com/spf13/cobra\"\n\n" +
		"var serverCmd = &cobra.Command{Use: \"server\"}\n\nvar startCmd = &cobra.Command{Use: \"start\", Run: func(*cobra.Command, []string) { start() }}\n\n" +
		"func init() {\n\tserverCmd.AddCommand(startCmd)\n}\n"
	inCall := "package main\n\nimport \"github.com/spf13/cobra\"\n\n" +
		"func serverCommands() *cobra.Command {\n\tcmd := &cobra.Command{Use: \"server\"}\n\tcmd.AddCommand(&cobra.Command{Use: \"start\", RunE: run}, &cobra.Command{Use: \"check\", RunE: check})\n\treturn cmd\n}\n"
	facts := lang.Facts{
		"go.mod": []byte("module example.com/social\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.9.1\n"),
		"cmd/social/main.go": []byte("package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/spf13/cobra\"\n)\n\n" +
			"func main() {\n\troot := &cobra.Command{Use: \"social\"}\n\troot.AddCommand(serverCommands())\n\tif err := root.Execute(); err != nil {\n\t\tos.Exit(1)\n\t}\n}\n"),
	}
	groupCmds(t, facts, "cmd/social/server.go", map[string]groupCase{
		"local variables":           {local, []string{"server", "start"}},
		"package-level, in init":    {global + "\nfunc serverCommands() *cobra.Command { return serverCmd }\n", []string{"server", "start"}},
		"literals in the call":      {inCall, []string{"server", "start"}},
		"a group running something": {strings.Replace(local, "Short: \"server tasks\",", "RunE:  serve,", 1), []string{"server"}},
		"start taking an argument":  {strings.Replace(local, "Use:  \"start\",", "Use:  \"start\",\n\t\tArgs: cobra.ExactArgs(1),", 1), []string{"server"}},
		"start added to another":    {strings.Replace(local, "serverCmd.AddCommand(startCmd)", "pauseCmd.AddCommand(startCmd)", 1), []string{"server"}},
	})
}

// TestProgramRunByOSExecIsNoRoot: a function of the project's named Command (a removed
// feature's `func Command() *cli.Command`, a literal without an Action) is not the root that
// `c := exec.Command(name, args...); c.Run()` executes: that runs another program (os/exec),
// so the tunnel's `run` subcommand does not become the image's CMD beside a root given its
// Action after its literal (cloudflared's `app.Action = action(...)`, whose `run` belongs to
// `tunnel`). The same project with the helper calling a function of its own named Command
// still reads that function's root.
func TestProgramRunByOSExecIsNoRoot(t *testing.T) {
	facts := lang.Facts{
		"go.mod": []byte("module example.com/tunneld\n\ngo 1.26\n\nrequire github.com/urfave/cli/v2 v2.27.7\n"),
		"cmd/tunneld/main.go": []byte("package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n\n\t\"example.com/tunneld/cmd/tunneld/legacy\"\n\t\"example.com/tunneld/cmd/tunneld/tunnel\"\n)\n\n" +
			"func main() {\n\tapp := &cli.App{}\n\tapp.Name = \"tunneld\"\n\tapp.Action = serviceMode\n" +
			"\tapp.Commands = []*cli.Command{tunnel.Command(), legacy.Command()}\n\t_ = app.Run(os.Args)\n}\n\n" +
			"func serviceMode(c *cli.Context) error { return tunnel.Start(c) }\n"),
		"cmd/tunneld/tunnel/cmd.go": []byte("package tunnel\n\nimport \"github.com/urfave/cli/v2\"\n\n" +
			"func Command() *cli.Command {\n\treturn &cli.Command{\n\t\tName:   \"tunnel\",\n\t\tAction: Start,\n" +
			"\t\tSubcommands: []*cli.Command{{Name: \"run\", Action: Start}},\n\t}\n}\n\n" +
			"func Start(c *cli.Context) error { return nil }\n"),
		"cmd/tunneld/legacy/cmd.go": []byte("package legacy\n\nimport \"github.com/urfave/cli/v2\"\n\n" +
			"// Command is a removed feature, kept for its error message.\nfunc Command() *cli.Command {\n\treturn &cli.Command{Name: \"proxy-dns\", Hidden: true}\n}\n"),
		"cmd/tunneld/access/ssh.go": []byte("package access\n\nimport (\n\t\"os/exec\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\n" +
			"func Run(c *cli.Context) error {\n\tcmd := exec.Command(c.Args().First(), c.Args().Tail()...)\n\treturn cmd.Run()\n}\n\n" +
			"func Open(url string) error { return exec.Command(\"xdg-open\", url).Run() }\n"),
	}
	facts["cmd/tunneld/main.go"] = []byte(strings.Replace(string(facts["cmd/tunneld/main.go"]),
		"\t\"example.com/tunneld/cmd/tunneld/legacy\"\n", "\t\"example.com/tunneld/cmd/tunneld/access\"\n\t\"example.com/tunneld/cmd/tunneld/legacy\"\n", 1))
	facts["cmd/tunneld/main.go"] = []byte(strings.Replace(string(facts["cmd/tunneld/main.go"]),
		"func serviceMode", "var _ = access.Run\n\nfunc serviceMode", 1))
	p := provider.MustPlan(t, "language: go\n", facts)
	if len(p.Image.Cmd) != 0 {
		t.Errorf("CMD %q, want none: the root runs the service itself, and run is tunnel's", p.Image.Cmd)
	}
	// a root of the project's own, returned by its Command and executed, with run beside it
	own := maps.Clone(facts)
	own["cmd/tunneld/main.go"] = []byte("package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\n" +
		"func Command() *cli.App {\n\treturn &cli.App{Name: \"tunneld\", Commands: []*cli.Command{{Name: \"run\", Action: start}}}\n}\n\n" +
		"func start(c *cli.Context) error { return nil }\n\nfunc main() {\n\tapp := Command()\n\t_ = app.Run(os.Args)\n}\n")
	if p := provider.MustPlan(t, "language: go\n", own); !slices.Equal(p.Image.Cmd, []string{"run"}) {
		t.Errorf("a root of its own: CMD %q, want [run]", p.Image.Cmd)
	}
}
