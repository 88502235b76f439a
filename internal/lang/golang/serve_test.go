package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// cobraApp is a module whose root main.go hands over to its cli package, where a cobra root
// command without a Run gets the subcommands serve and migrate, as go-base and many Go servers
// lay themselves out.
func cobraApp() lang.Facts {
	return lang.Facts{
		"go.mod":  []byte("module example.com/notes\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.1\n"),
		"main.go": []byte("package main\n\nimport \"example.com/notes/cli\"\n\nfunc main() { cli.Execute() }\n"),
		"cli/root.go": []byte("package cli\n\nimport (\n\t\"github.com/spf13/cobra\"\n\n\t\"example.com/notes/store\"\n)\n\n" +
			"var root = &cobra.Command{Use: \"notes\", Short: \"a notes service\"}\n\nfunc Execute() { _ = root.Execute(); _ = store.Open }\n"),
		"cli/serve.go": []byte("package cli\n\nimport \"github.com/spf13/cobra\"\n\nvar serveCmd = &cobra.Command{\n\tUse:   \"serve [flags]\",\n" +
			"\tShort: \"start the HTTP server\",\n\tRun:   func(*cobra.Command, []string) {},\n}\n\nfunc init() { root.AddCommand(serveCmd) }\n"),
		"cli/migrate.go": []byte("package cli\n\nimport \"github.com/spf13/cobra\"\n\nvar migrateCmd = &cobra.Command{Use: \"migrate\"}\n"),
		"store/store.go": []byte("package store\n\nfunc Open() {}\n"),
	}
}

// TestCobraServeIsTheDefaultCommand: the image of a cobra program whose server is its serve
// subcommand runs it (CMD ["serve"]), found in the packages the main package imports from its
// module (Follow asks for them, and for what a package importing cobra imports, no further);
// the spec's cmd replaces it. No serve command, two names, a commented one, or cobra not required
// leave the image without arguments.
func TestCobraServeIsTheDefaultCommand(t *testing.T) {
	f := cobraApp()
	s := langtest.Spec(t, "language: go\nports: [3000]\n")
	first := maps.Clone(f)
	for _, name := range []string{"cli/root.go", "cli/serve.go", "cli/migrate.go", "store/store.go"} {
		delete(first, name)
	}
	if got := (Provider{}).Follow(s, first); !slices.Contains(got, "cli/*.go") || slices.Contains(got, "store/*.go") {
		t.Errorf("with main.go read, Follow = %q, want cli/*.go (and not store/, which main does not import)", got)
	}
	second := maps.Clone(f)
	delete(second, "store/store.go")
	if got := (Provider{}).Follow(s, second); !slices.Contains(got, "store/*.go") {
		t.Errorf("with cli/ read, Follow = %q, want store/*.go: cli imports cobra, so what it imports is read too", got)
	}
	if got := (Provider{}).Follow(s, f); slices.Contains(got, "store/*.go") || slices.Contains(got, "cli/*.go") {
		t.Errorf("with everything read, Follow = %q", got)
	}
	p := provider.MustPlan(t, "language: go\nports: [3000]\n", maps.Clone(f))
	if want := []string{"serve"}; !slices.Equal(p.Image.Cmd, want) || p.Image.Entrypoint[0] != "/usr/local/bin/notes" {
		t.Errorf("runs %q %q, want /usr/local/bin/notes %q", p.Image.Entrypoint, p.Image.Cmd, want)
	}
	if p := provider.MustPlan(t, "language: go\ncmd: [serve, --port=3000]\n", maps.Clone(f)); !slices.Equal(p.Image.Cmd, []string{"serve", "--port=3000"}) {
		t.Errorf("the spec's cmd: %q", p.Image.Cmd)
	}
	for name, change := range map[string]func(lang.Facts){
		"no serve command": func(f lang.Facts) { delete(f, "cli/serve.go") },
		"serve and server": func(f lang.Facts) {
			f["cli/server.go"] = []byte("package cli\n\nimport \"github.com/spf13/cobra\"\n\nvar s = &cobra.Command{Use: \"server\"}\n")
		},
		"commented out": func(f lang.Facts) {
			f["cli/serve.go"] = []byte("package cli\n\nimport \"github.com/spf13/cobra\"\n\n// var s = &cobra.Command{Use: \"serve\"}\nvar _ cobra.Command\n")
		},
		"cobra not required": func(f lang.Facts) { f["go.mod"] = []byte("module example.com/notes\n\ngo 1.26\n") },
	} {
		g := maps.Clone(f)
		change(g)
		if p := provider.MustPlan(t, "language: go\n", g); len(p.Image.Cmd) != 0 {
			t.Errorf("%s: CMD %q, want none", name, p.Image.Cmd)
		}
	}
}

// TestCommandLibraryServerIsTheDefaultCommand: urfave/cli (v1 to v3) and kong programs whose
// server is a subcommand get it as the image's CMD, as cobra's do: a urfave/cli command literal
// named web (gogs' and gitea's name for it), a kong command field Serve. A kong command run by
// default or renamed by its tag, two server names, or the library not required leave none.
func TestCommandLibraryServerIsTheDefaultCommand(t *testing.T) {
	releases := map[string]string{"": "v1.22.16", "/v2": "v2.27.5", "/v3": "v3.9.0"}
	urfave := func(version string) lang.Facts {
		return lang.Facts{
			"go.mod": []byte("module example.com/forge\n\ngo 1.26\n\nrequire github.com/urfave/cli" + version + " " + releases[version] + "\n"),
			"cmd/forge/main.go": []byte("package main\n\nimport (\n\t\"context\"\n\t\"os\"\n\n\t\"github.com/urfave/cli" + version + "\"\n)\n\n" +
				"var webCommand = cli.Command{\n\tName:  \"web\",\n\tUsage: \"start the web server\",\n}\n\n" +
				"var adminCommand = cli.Command{Name: \"admin\"}\n\nfunc main() {\n\tapp := &cli.Command{Name: \"forge\", Commands: []*cli.Command{&webCommand, &adminCommand}}\n" +
				"\t_ = app.Run(context.Background(), os.Args)\n}\n"),
		}
	}
	for _, version := range []string{"", "/v2", "/v3"} {
		if p := provider.MustPlan(t, "language: go\nports: [3000]\n", urfave(version)); !slices.Equal(p.Image.Cmd, []string{"web"}) {
			t.Errorf("urfave/cli%s: CMD %q, want [web]", version, p.Image.Cmd)
		}
	}
	kong := func(field string) lang.Facts {
		return lang.Facts{
			"go.mod":  []byte("module example.com/feeds\n\ngo 1.26\n\nrequire github.com/alecthomas/kong v1.12.1\n"),
			"main.go": []byte("package main\n\nimport \"example.com/feeds/internal/cli\"\n\nfunc main() { cli.Run() }\n"),
			"internal/cli/cli.go": []byte("package cli\n\nimport \"github.com/alecthomas/kong\"\n\ntype CLI struct {\n\tDebug bool `help:\"debug logs\"`\n\n" +
				field + "\n\tImport ImportCmd `cmd:\"\" help:\"import feeds\"`\n}\n\ntype ServeCmd struct{ Addr string }\n\ntype ImportCmd struct{}\n\n" +
				"func Run() {\n\tvar c CLI\n\tctx := kong.Parse(&c)\n\t_ = ctx.Run()\n}\n"),
		}
	}
	if p := provider.MustPlan(t, "language: go\nports: [8080]\n", kong("\tServe ServeCmd `cmd:\"\" help:\"run the server\"`")); !slices.Equal(p.Image.Cmd, []string{"serve"}) {
		t.Errorf("kong: CMD %q, want [serve]", p.Image.Cmd)
	}
	for name, f := range map[string]lang.Facts{
		"kong default command": kong("\tServe ServeCmd `cmd:\"\" default:\"withargs\" help:\"run the server\"`"),
		"kong renamed":         kong("\tServe ServeCmd `cmd:\"\" name:\"run\"`"),
		"kong commented":       kong("\t// Serve ServeCmd `cmd:\"\"`"),
		"kong flag, no cmd":    kong("\tServe bool `help:\"serve too\"`"),
		"urfave web and serve": func() lang.Facts {
			f := urfave("/v2")
			f["cmd/forge/serve.go"] = []byte("package main\n\nimport \"github.com/urfave/cli/v2\"\n\nvar serveCommand = cli.Command{Name: \"serve\"}\n")
			return f
		}(),
		"urfave not required": func() lang.Facts {
			f := urfave("/v2")
			f["go.mod"] = []byte("module example.com/forge\n\ngo 1.26\n")
			return f
		}(),
	} {
		if p := provider.MustPlan(t, "language: go\n", f); len(p.Image.Cmd) != 0 {
			t.Errorf("%s: CMD %q, want none", name, p.Image.Cmd)
		}
	}
}

// TestGoFlagsServerIsTheDefaultCommand: a go-flags program whose options struct has a command
// field tagged command:"server" beside others (a comment engine's import and backup) exits
// asking for a command when run without one; the image runs the server, as for cobra. The
// parser's AddCommand("serve", ...) counts too. A server flag (long:"server"), go-flags not
// required, or two server commands leave none.
func TestGoFlagsServerIsTheDefaultCommand(t *testing.T) {
	goflags := func(opts string) lang.Facts {
		return lang.Facts{
			"go.mod": []byte("module example.com/comments\n\ngo 1.26\n\nrequire github.com/jessevdk/go-flags v1.6.1\n"),
			"main.go": []byte("package main\n\nimport (\n\t\"os\"\n\n\tflags \"github.com/jessevdk/go-flags\"\n)\n\n" +
				"type Opts struct {\n" + opts + "\n\tImportCmd ImportCommand `command:\"import\" description:\"import comments\"`\n" +
				"\tDbg bool `long:\"dbg\" env:\"DEBUG\"`\n}\n\ntype ServerCommand struct{}\n\ntype ImportCommand struct{}\n\n" +
				"func main() {\n\tvar opts Opts\n\tp := flags.NewParser(&opts, flags.Default)\n\tif _, err := p.Parse(); err != nil {\n\t\tos.Exit(1)\n\t}\n}\n"),
		}
	}
	server := "\tServerCmd ServerCommand `command:\"server\"`"
	if p := provider.MustPlan(t, "language: go\nports: [8080]\n", goflags(server)); !slices.Equal(p.Image.Cmd, []string{"server"}) {
		t.Errorf("go-flags command field: CMD %q, want [server]", p.Image.Cmd)
	}
	added := goflags("")
	added["commands.go"] = []byte("package main\n\nimport flags \"github.com/jessevdk/go-flags\"\n\n" +
		"func register(p *flags.Parser) {\n\t_, _ = p.AddCommand(\"serve\", \"run the server\", \"\", &ServerCommand{})\n}\n")
	if p := provider.MustPlan(t, "language: go\nports: [8080]\n", added); !slices.Equal(p.Image.Cmd, []string{"serve"}) {
		t.Errorf("go-flags AddCommand: CMD %q, want [serve]", p.Image.Cmd)
	}
	for name, f := range map[string]lang.Facts{
		"a server flag": goflags("\tServer string `long:\"server\" description:\"upstream server\"`"),
		"two servers":   goflags(server + "\n\tWebCmd ServerCommand `command:\"web\"`"),
		"commented":     goflags("\t// ServerCmd ServerCommand `command:\"server\"`"),
		"go-flags not required": func() lang.Facts {
			f := goflags(server)
			f["go.mod"] = []byte("module example.com/comments\n\ngo 1.26\n")
			return f
		}(),
	} {
		if p := provider.MustPlan(t, "language: go\n", f); len(p.Image.Cmd) != 0 {
			t.Errorf("%s: CMD %q, want none", name, p.Image.Cmd)
		}
	}
}

// TestCobraRunBesideAnIdleRoot: a cobra program whose root command does nothing (no Run, so
// cobra prints its help and exits) and whose only command taking no argument is `run`
// (pufferpanel's `Use: "run"`, which its image's script runs) gets CMD ["run"]; not when the
// root runs something itself, when its literal cannot be read whole (a function inside it may
// hide a Run), when `run` takes an argument (a tool's `run <script>`, Args: cobra.ExactArgs(1)),
// when a serve command is there (it wins), nor when the run command is commented out.
func TestCobraRunBesideAnIdleRoot(t *testing.T) {
	panel := lang.Facts{
		"go.mod":  []byte("module example.com/panel/v3\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.1\n"),
		"main.go": []byte("package panel\n"),
		"cmd/main.go": []byte("package main\n\nimport \"github.com/spf13/cobra\"\n\nvar rootCmd = &cobra.Command{\n\tUse:   \"panel\",\n\tShort: \"Game server panel\",\n}\n\n" +
			"func init() { rootCmd.AddCommand(runCmd, userCmd) }\n\nfunc main() {\n\tif err := rootCmd.Execute(); err != nil {\n\t\tpanic(err)\n\t}\n}\n"),
		"cmd/run.go": []byte("package main\n\nimport \"github.com/spf13/cobra\"\n\nvar runCmd = &cobra.Command{\n\tUse:    \"run\",\n\tShort:  \"Runs the panel\",\n" +
			"\tRun:    func(*cobra.Command, []string) { serve() },\n\tHidden: true,\n}\n\nfunc serve() {}\n"),
		"cmd/user.go": []byte("package main\n\nimport \"github.com/spf13/cobra\"\n\nvar userCmd = &cobra.Command{Use: \"user\", Run: func(*cobra.Command, []string) {}}\n"),
	}
	p := provider.MustPlan(t, "language: go\nports: [8080]\n", maps.Clone(panel))
	if want := []string{"run"}; !slices.Equal(p.Image.Cmd, want) || p.Image.Entrypoint[0] != "/usr/local/bin/panel" {
		t.Errorf("runs %q %q, want /usr/local/bin/panel %q", p.Image.Entrypoint, p.Image.Cmd, want)
	}
	for name, kv := range map[string][]string{
		"the root runs": {"cmd/main.go", strings.Replace(string(panel["cmd/main.go"]), "Short: \"Game server panel\",", "Short: \"Game server panel\",\n\tRunE:  rootRun,", 1)},
		"the root runs after a function": {"cmd/main.go", strings.Replace(string(panel["cmd/main.go"]), "Short: \"Game server panel\",",
			"Short: \"Game server panel\",\n\tPersistentPreRun: func(*cobra.Command, []string) { setup() },\n\tRun: rootRun,", 1)},
		"run takes a script":    {"cmd/run.go", strings.Replace(string(panel["cmd/run.go"]), `Use:    "run",`, `Use:    "run <script>",`, 1)},
		"run needs an argument": {"cmd/run.go", strings.Replace(string(panel["cmd/run.go"]), `Use:    "run",`, "Use:    \"run\",\n\tArgs:   cobra.ExactArgs(1),", 1)},
		"a serve command":       {"cmd/serve.go", "package main\n\nimport \"github.com/spf13/cobra\"\n\nvar serveCmd = &cobra.Command{Use: \"serve\"}\n"},
		"run commented out":     {"cmd/run.go", "package main\n\nimport \"github.com/spf13/cobra\"\n\n// var runCmd = &cobra.Command{Use: \"run\"}\nvar runCmd cobra.Command\n"},
	} {
		p := provider.MustPlan(t, "language: go\nports: [8080]\n", langtest.With(maps.Clone(panel), kv...))
		want := []string(nil)
		if name == "a serve command" {
			want = []string{"serve"}
		}
		if !slices.Equal(p.Image.Cmd, want) {
			t.Errorf("%s: CMD %q, want %q", name, p.Image.Cmd, want)
		}
	}
}

// TestProbedMainGoOfAPackage: the search for programs probes cmd/main.go, which may be a file of
// a package that is not main (answer's cmd/main.go of package cmd, whose command.go holds the
// cobra root and its `run`, imported by cmd/answer): the package's other files are read too, as
// planning gathers them, so its idle root's run is found.
func TestProbedMainGoOfAPackage(t *testing.T) {
	ctx := map[string]string{
		"go.mod":              "module example.com/answers\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.1\n",
		"cmd/answers/main.go": "package main\n\nimport answercmd \"example.com/answers/cmd\"\n\nfunc main() { answercmd.Main() }\n",
		"cmd/main.go":         "package cmd\n\nvar Version = \"0.0.0\"\n\nfunc Main() { Execute() }\n",
		"cmd/command.go": "package cmd\n\nimport \"github.com/spf13/cobra\"\n\nvar (\n\trootCmd = &cobra.Command{Use: \"answers\"}\n" +
			"\trunCmd  = &cobra.Command{Use: \"run\", Run: func(*cobra.Command, []string) {}}\n\tinitCmd = &cobra.Command{Use: \"init\", Run: func(*cobra.Command, []string) {}}\n)\n\n" +
			"func init() {\n\tfor _, c := range []*cobra.Command{initCmd, runCmd} {\n\t\trootCmd.AddCommand(c)\n\t}\n}\n\nfunc Execute() { _ = rootCmd.Execute() }\n",
	}
	f := langtest.Gathered(t, Provider{}, "language: go\n", ctx)
	if !f.Has("cmd/command.go") {
		t.Fatalf("cmd/command.go not read")
	}
	p := provider.MustPlan(t, "language: go\n", f)
	if want := []string{"run"}; !slices.Equal(p.Image.Cmd, want) || p.Image.Entrypoint[0] != "/usr/local/bin/answers" {
		t.Errorf("runs %q %q, want /usr/local/bin/answers %q", p.Image.Entrypoint, p.Image.Cmd, want)
	}
}

// TestRunOrStartBesideAnIdleRoot: the files are parsed, so a cobra root holding a function and
// returned by one (sablier: `cmd := sabliercmd.NewRootCommand(); cmd.Execute()`, its root a
// PersistentPreRunE and no Run) is read as running nothing, and its only `start` command is the
// image's CMD; a urfave/cli App made by cli.NewApp() with no Action (maddy's) gets its `run`.
// Not when the root has an Action, when run takes arguments, nor when run and start are both
// there.
func TestRunOrStartBesideAnIdleRoot(t *testing.T) {
	proxy := lang.Facts{
		"go.mod":            []byte("module example.com/waker\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.1\n"),
		"cmd/waker/main.go": []byte("package main\n\nimport \"example.com/waker/pkg/wakecmd\"\n\nfunc main() {\n\tcmd := wakecmd.NewRoot()\n\t_ = cmd.Execute()\n}\n"),
		"pkg/wakecmd/root.go": []byte("package wakecmd\n\nimport \"github.com/spf13/cobra\"\n\nfunc NewRoot() *cobra.Command {\n\troot := &cobra.Command{\n\t\tUse: \"waker\",\n" +
			"\t\tPersistentPreRunE: func(cmd *cobra.Command, args []string) error { return nil },\n\t}\n\troot.AddCommand(newStart(), &cobra.Command{Use: \"version\", Run: func(*cobra.Command, []string) {}})\n\treturn root\n}\n"),
		"pkg/wakecmd/start.go": []byte("package wakecmd\n\nimport \"github.com/spf13/cobra\"\n\nfunc newStart() *cobra.Command {\n\treturn &cobra.Command{\n\t\tUse:  \"start\",\n" +
			"\t\tRunE: func(*cobra.Command, []string) error { return nil },\n\t}\n}\n"),
	}
	if p := provider.MustPlan(t, "language: go\nports: [10000]\n", maps.Clone(proxy)); !slices.Equal(p.Image.Cmd, []string{"start"}) {
		t.Errorf("cobra start beside a returned idle root: CMD %q, want [start]", p.Image.Cmd)
	}
	mail := lang.Facts{
		"go.mod":           []byte("module example.com/mail\n\ngo 1.26\n\nrequire github.com/urfave/cli/v2 v2.27.5\n"),
		"cmd/mail/main.go": []byte("package main\n\nimport (\n\t_ \"example.com/mail\"\n\tmailcli \"example.com/mail/internal/cli\"\n)\n\nfunc main() { mailcli.Run() }\n"),
		"internal/cli/app.go": []byte("package mailcli\n\nimport (\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\nvar app *cli.App\n\n" +
			"func init() {\n\tapp = cli.NewApp()\n\tapp.Commands = []*cli.Command{{Name: \"help-all\", Hidden: true}}\n}\n\n" +
			"func Add(c *cli.Command) { app.Commands = append(app.Commands, c) }\n\nfunc Run() { _ = app.Run(os.Args) }\n"),
		"mail.go": []byte("package mail\n\nimport (\n\t\"github.com/urfave/cli/v2\"\n\n\tmailcli \"example.com/mail/internal/cli\"\n)\n\n" +
			"func init() {\n\tmailcli.Add(&cli.Command{\n\t\tName:   \"run\",\n\t\tFlags:  []cli.Flag{&cli.StringFlag{Name: \"log\"}},\n\t\tAction: func(*cli.Context) error { return nil },\n\t})\n}\n"),
	}
	if p := provider.MustPlan(t, "language: go\nports: [2525]\n", maps.Clone(mail)); !slices.Equal(p.Image.Cmd, []string{"run"}) {
		t.Errorf("urfave/cli run beside an App without Action: CMD %q, want [run]", p.Image.Cmd)
	}
	for name, c := range map[string]struct {
		f  lang.Facts
		kv []string
	}{
		"cobra root runs":               {proxy, []string{"pkg/wakecmd/root.go", strings.Replace(string(proxy["pkg/wakecmd/root.go"]), "\t\tUse: \"waker\",", "\t\tUse: \"waker\",\n\t\tRunE: rootRun,", 1)}},
		"cobra run and start":           {proxy, []string{"pkg/wakecmd/run.go", "package wakecmd\n\nimport \"github.com/spf13/cobra\"\n\nvar runCmd = &cobra.Command{Use: \"run\", Run: func(*cobra.Command, []string) {}}\n"}},
		"cobra start needs an argument": {proxy, []string{"pkg/wakecmd/start.go", strings.Replace(string(proxy["pkg/wakecmd/start.go"]), "\t\tUse:  \"start\",", "\t\tUse:  \"start\",\n\t\tArgs: cobra.ExactArgs(1),", 1)}},
		"urfave app has an Action":      {mail, []string{"internal/cli/app.go", strings.Replace(string(mail["internal/cli/app.go"]), "\tapp = cli.NewApp()\n", "\tapp = cli.NewApp()\n\tapp.Action = serve\n", 1)}},
		"urfave run takes arguments":    {mail, []string{"mail.go", strings.Replace(string(mail["mail.go"]), "\t\tName:   \"run\",", "\t\tName:   \"run\",\n\t\tArgsUsage: \"SCRIPT\",", 1)}},
	} {
		p := provider.MustPlan(t, "language: go\nports: [8080]\n", langtest.With(maps.Clone(c.f), c.kv...))
		if len(p.Image.Cmd) != 0 {
			t.Errorf("%s: CMD %q, want none", name, p.Image.Cmd)
		}
	}
}

// TestServeBesideARootThatRuns: a serve command is not the image's when the root the program
// executes runs something itself (a relay whose root, made by a function of another package,
// starts the server, and whose `serve` is a development file server): run without arguments,
// the program is the server, as its own image runs it. A root that runs nothing, or only prints
// its help, still gets its serve command; urfave/cli's root Action the same.
func TestServeBesideARootThatRuns(t *testing.T) {
	const runs = "Run: func(cmd *cobra.Command, _ []string) { start(cmd, configFile) },"
	relay := func(run string) lang.Facts {
		return lang.Facts{
			"go.mod": []byte("module example.com/relay/v2\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.1\n"),
			"main.go": []byte("package main\n\nimport (\n\t\"example.com/relay/v2/internal/root\"\n\t\"example.com/relay/v2/internal/tools\"\n)\n\n" +
				"func main() {\n\tcmd := root.New()\n\tcmd.AddCommand(tools.Version(), tools.FileServer())\n\t_ = cmd.Execute()\n}\n"),
			"internal/root/root.go": []byte("package root\n\nimport \"github.com/spf13/cobra\"\n\nfunc New() *cobra.Command {\n\tvar configFile string\n" +
				"\tcmd := &cobra.Command{\n\t\tUse:   \"\",\n\t\tShort: \"message relay\",\n\t\t" + run + "\n\t}\n" +
				"\tcmd.Flags().StringVarP(&configFile, \"config\", \"c\", \"relay.json\", \"configuration file\")\n\treturn cmd\n}\n\n" +
				"func start(*cobra.Command, string) {}\n"),
			"internal/tools/tools.go": []byte("package tools\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/spf13/cobra\"\n)\n\n" +
				"func Version() *cobra.Command { return &cobra.Command{Use: \"version\", Run: func(*cobra.Command, []string) {}} }\n\n" +
				"func FileServer() *cobra.Command {\n\treturn &cobra.Command{\n\t\tUse:   \"serve\",\n\t\tShort: \"serve a directory (development only)\",\n" +
				"\t\tRun: func(*cobra.Command, []string) { _ = http.ListenAndServe(\":3000\", http.FileServer(http.Dir(\".\"))) },\n\t}\n}\n"),
		}
	}
	for _, c := range []struct {
		name, run string
		want      []string
	}{
		{"the root starts the server", runs, nil},
		{"the root runs a named function", "RunE: run,", nil},
		{"the root prints its help", "Run: func(cmd *cobra.Command, _ []string) { _ = cmd.Help() },", []string{"serve"}},
		{"the root returns its help", "RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },", []string{"serve"}},
		{"the root prints its help and exits", "Run: func(cmd *cobra.Command, _ []string) {\n\t\t\t_ = cmd.Help()\n\t\t\tos.Exit(0)\n\t\t},", []string{"serve"}},
		{"the root prints its help, then starts", "Run: func(cmd *cobra.Command, _ []string) {\n\t\t\t_ = cmd.Help()\n\t\t\tstart(cmd, configFile)\n\t\t},", nil},
		{"the root runs nothing", "Long:  \"relays messages\",", []string{"serve"}},
	} {
		if p := provider.MustPlan(t, "language: go\nports: [8000]\n", relay(c.run)); !slices.Equal(p.Image.Cmd, c.want) {
			t.Errorf("%s: CMD %q, want %q", c.name, p.Image.Cmd, c.want)
		}
	}
	urfave := func(action string) lang.Facts {
		return lang.Facts{
			"go.mod": []byte("module example.com/forge\n\ngo 1.26\n\nrequire github.com/urfave/cli/v2 v2.27.5\n"),
			"main.go": []byte("package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/urfave/cli/v2\"\n)\n\n" +
				"func main() {\n\tapp := &cli.App{\n\t\tName: \"forge\",\n\t\t" + action + "\n\t\tCommands: []*cli.Command{{Name: \"web\", Action: web}},\n\t}\n" +
				"\t_ = app.Run(os.Args)\n}\n\nfunc serve(*cli.Context) error { return nil }\n\nfunc web(*cli.Context) error { return nil }\n"),
		}
	}
	if p := provider.MustPlan(t, "language: go\nports: [3000]\n", urfave("Action: serve,")); len(p.Image.Cmd) != 0 {
		t.Errorf("urfave/cli root with an Action: CMD %q, want none", p.Image.Cmd)
	}
	if p := provider.MustPlan(t, "language: go\nports: [3000]\n", urfave("Action: func(c *cli.Context) error { return cli.ShowAppHelp(c) },")); !slices.Equal(p.Image.Cmd, []string{"web"}) {
		t.Errorf("urfave/cli root showing its help: CMD %q, want [web]", p.Image.Cmd)
	}
}

// Ech0's shape: the root opens a terminal UI, and `serve` has a deprecated, hidden alias `web`.
func TestServeBesideATerminalUIRootAndAnAlias(t *testing.T) {
	journal := func(root, alias string) lang.Facts {
		return lang.Facts{
			"go.mod":              []byte("module example.com/journal\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.1\n"),
			"cmd/journal/main.go": []byte("package main\n\nimport \"example.com/journal/cmd\"\n\nfunc main() { cmd.Execute() }\n"),
			"cmd/root.go": []byte("package cmd\n\nimport (\n\t\"example.com/journal/internal/cli\"\n\t\"github.com/spf13/cobra\"\n)\n\n" +
				"var rootCmd = &cobra.Command{\n\tUse: \"journal\",\n\tRun: func(cmd *cobra.Command, args []string) {\n\t\t" + root + "\n\t},\n}\n\n" +
				"func Execute() { _ = rootCmd.Execute() }\n"),
			"cmd/serve.go": []byte("package cmd\n\nimport (\n\t\"example.com/journal/internal/cli\"\n\t\"github.com/spf13/cobra\"\n)\n\n" +
				"var serveCmd = &cobra.Command{\n\tUse: \"serve\",\n\tRun: func(*cobra.Command, []string) { cli.Serve() },\n}\n\n" +
				"var webCmd = &cobra.Command{\n\tUse: \"web\",\n\t" + alias + "\n\tRun: func(*cobra.Command, []string) { cli.Serve() },\n}\n\n" +
				"func init() { rootCmd.AddCommand(serveCmd, webCmd) }\n"),
			"internal/cli/cli.go": []byte("package cli\n\nimport \"net/http\"\n\nfunc Serve() { _ = http.ListenAndServe(\":6277\", nil) }\n\nfunc DoTui() {}\n\nfunc Start() {}\n"),
		}
	}
	for _, c := range []struct {
		name, root, alias string
		want              []string
	}{
		{"a terminal UI root and a deprecated, hidden alias", "cli.DoTui()", "Deprecated: \"use serve instead\",\n\tHidden: true,", []string{"serve"}},
		{"a terminal UI root and a hidden alias", "cli.DoTui()", "Hidden: true,", []string{"serve"}},
		{"a terminal UI root and two server commands", "cli.DoTui()", "Short: \"the web server\",", nil},
		{"a root that runs something else", "cli.Start()", "Deprecated: \"use serve instead\",", nil},
		{"a root that opens its terminal UI, then starts", "cli.DoTui()\n\t\tcli.Start()", "Hidden: true,", nil},
	} {
		if p := provider.MustPlan(t, "language: go\nports: [6277]\n", journal(c.root, c.alias)); !slices.Equal(p.Image.Cmd, c.want) {
			t.Errorf("%s: CMD %q, want %q", c.name, p.Image.Cmd, c.want)
		}
	}
}

// TestKingpinServerIsTheDefaultCommand: a kingpin application with commands refuses to run
// without one, so a forge of ours whose main registers `app.Command("server", "starts the
// server")` from another package (gitness's shape: `server.Register(app, ...)` taking a
// *kingpin.Application) runs `server` in its image, at both of kingpin's import paths, and the
// package's own application (`kingpin.Command("serve", ...)`) too. None when the server
// command is the default (`.Default()`, chained or later), has subcommands of its own (which
// it then needs), or belongs to another clause (a backup tool's `parent.Command("server",
// ...)` below `repository connect`, its parent an interface).
func TestKingpinServerIsTheDefaultCommand(t *testing.T) {
	forge := func(path, register string) lang.Facts {
		return lang.Facts{
			"go.mod": []byte("module example.com/forge\n\ngo 1.26\n\nrequire " + strings.Fields(path)[0] + " " + strings.Fields(path)[1] + "\n"),
			"cmd/forge/main.go": []byte("package main\n\nimport (\n\t\"os\"\n\n\t\"" + strings.Fields(path)[2] + "\"\n\n\t\"example.com/forge/cli/migrate\"\n\t\"example.com/forge/cli/server\"\n)\n\n" +
				"func main() {\n\tapp := kingpin.New(\"forge\", \"a code forge\")\n\tmigrate.Register(app)\n\tserver.Register(app)\n\tkingpin.MustParse(app.Parse(os.Args[1:]))\n}\n"),
			"cli/migrate/migrate.go": []byte("package migrate\n\nimport \"" + strings.Fields(path)[2] + "\"\n\n" +
				"func Register(app *kingpin.Application) {\n\tcmd := app.Command(\"migrate\", \"migrate the database\")\n\tcmd.Command(\"current\", \"the current version\")\n\tcmd.Command(\"to\", \"migrate to a version\")\n}\n"),
			"cli/server/server.go": []byte("package server\n\nimport \"" + strings.Fields(path)[2] + "\"\n\ntype command struct{ envfile string }\n\n" +
				"func (c *command) run(*kingpin.ParseContext) error { return nil }\n\n" +
				"// Register the server command.\nfunc Register(app *kingpin.Application) {\n\tc := new(command)\n" + register + "\n}\n"),
		}
	}
	v2 := "gopkg.in/alecthomas/kingpin.v2 v2.2.6 gopkg.in/alecthomas/kingpin.v2"
	v2new := "github.com/alecthomas/kingpin/v2 v2.4.0 github.com/alecthomas/kingpin/v2"
	server := "\tcmd := app.Command(\"server\", \"starts the server\").\n\t\tAction(c.run)\n\n\tcmd.Arg(\"envfile\", \"load the environment variable file\").\n\t\tDefault(\"\").\n\t\tStringVar(&c.envfile)"
	for _, path := range []string{v2, v2new} {
		if p := provider.MustPlan(t, "language: go\nports: [3000]\n", forge(path, server)); !slices.Equal(p.Image.Cmd, []string{"server"}) {
			t.Errorf("%s: CMD %q, want [server]", strings.Fields(path)[0], p.Image.Cmd)
		}
	}
	global := forge(v2new, "\t_ = c")
	global["cli/server/serve.go"] = []byte("package server\n\nimport \"github.com/alecthomas/kingpin/v2\"\n\nvar serveCmd = kingpin.Command(\"serve\", \"serve the API\")\n")
	if p := provider.MustPlan(t, "language: go\n", global); !slices.Equal(p.Image.Cmd, []string{"serve"}) {
		t.Errorf("kingpin.Command: CMD %q, want [serve]", p.Image.Cmd)
	}
	for name, register := range map[string]string{
		"default, chained": "\tapp.Command(\"server\", \"starts the server\").Default().Action(c.run)",
		"default, later":   server + "\n\tcmd.Default()",
		"subcommands":      "\tcmd := app.Command(\"server\", \"server tasks\")\n\tcmd.Command(\"start\", \"start it\").Action(c.run)\n\tcmd.Command(\"check\", \"check it\")",
		"another clause's": "\t_ = c\n}\n\ntype parent interface {\n\tCommand(name, help string) *kingpin.CmdClause\n}\n\nfunc connect(p parent) {\n\tp.Command(\"server\", \"connect to a repository server\")",
		"commented":        "\t_ = c\n\t// app.Command(\"server\", \"starts the server\")",
		"another name":     "\tapp.Command(\"daemon\", \"starts the server\").Action(c.run)",
		"server and web":   server + "\n\tapp.Command(\"web\", \"the web UI\")",
	} {
		if p := provider.MustPlan(t, "language: go\n", forge(v2, register)); len(p.Image.Cmd) != 0 {
			t.Errorf("%s: CMD %q, want none", name, p.Image.Cmd)
		}
	}
}
