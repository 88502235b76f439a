package golang

import (
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// mirrorTree is a module whose urfave/cli program mirrors repositories: its main package
// hands over to its mirror package, which runs git.
var mirrorTree = map[string]string{
	"go.mod": "module example.com/mirror\n\ngo 1.26\n\nrequire github.com/urfave/cli/v3 v3.4.1\n",
	"go.sum": "github.com/urfave/cli/v3 v3.4.1 h1:x\n",
	"main.go": "package main\n\nimport (\n\t\"github.com/urfave/cli/v3\"\n\n\t\"example.com/mirror/internal/mirror\"\n)\n\n" +
		"var app = &cli.Command{Name: \"mirror\"}\n\nfunc main() { mirror.Run() }\n",
	"internal/mirror/mirror.go": "package mirror\n\nimport (\n\t\"context\"\n\t\"os/exec\"\n)\n\n" +
		"// Run fetches every mirror: exec.Command(\"hg\") was the old way.\n" +
		"func Run() {\n\tif _, err := exec.LookPath(\"git\"); err != nil {\n\t\tpanic(err)\n\t}\n" +
		"\t_ = exec.CommandContext(context.Background(), \"/usr/bin/ssh\", \"-V\").Run()\n" +
		"\t_ = \"exec.Command(\\\"curl\\\")\"\n\t_ = exec.Command(\"git\", \"fetch\").Run()\n}\n",
	"internal/mirror/open_windows.go": "package mirror\n\nimport \"os/exec\"\n\nfunc open() { _ = exec.Command(\"bash\", \"-c\", \"start\").Run() }\n",
	"internal/mirror/open.go": "package mirror\n\nimport \"os/exec\"\n\nvar browser = \"xdg-open\"\n\n" +
		"func open(url string) { _ = exec.Command(browser, url).Run(); _ = exec.Command(\"xdg-open\", url).Run() }\n",
	"internal/mirror/mirror_test.go": "package mirror\n\nimport \"os/exec\"\n\nfunc helper() { _ = exec.Command(\"rsync\").Run() }\n",
}

func runtimeInstalls(p *plan.Plan) []string {
	var out []string
	for _, r := range langtest.Steps[*plan.Run](p.Stage("runtime")) {
		out = append(out, r.Display)
	}
	return out
}

// TestRuntimeToolsPickARuntimeThatHasThem: a program naming git (exec.LookPath and
// exec.Command) and ssh (exec.CommandContext by its absolute path) in a package its urfave/cli
// main package imports gets slim with git and openssh-client installed, said in the runtime's
// description, and no warning; on alpine, apk's names. Calls in comments, strings, test files,
// a _windows.go file, a program named by a variable, and a program not in the list (xdg-open)
// count for nothing. Asking for distroless (or scratch) keeps it, with a RuntimeToolMissing
// warning per tool at `runtime`, naming the file and line.
func TestRuntimeToolsPickARuntimeThatHasThem(t *testing.T) {
	f := langtest.Gathered(t, Provider{}, "language: go\n", mirrorTree)
	if _, ok := f["internal/mirror/mirror.go"]; !ok {
		t.Fatalf("the mirror package was not read: %q", slices.Collect(maps.Keys(f)))
	}
	p := provider.MustPlan(t, "language: go\n", maps.Clone(f))
	rt := p.Stage("runtime")
	if got := p.Stage("runtime-base").Base.Image; got != "debian:bookworm-slim" {
		t.Errorf("runtime base %q, want slim", got)
	}
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install git openssh-client"}) {
		t.Errorf("runtime installs %q", got)
	}
	for _, want := range []string{`git (internal/mirror/mirror.go:10 exec.LookPath("git"))`, `ssh (internal/mirror/mirror.go:13 exec.CommandContext("/usr/bin/ssh"))`} {
		if !strings.Contains(rt.Description, want) {
			t.Errorf("runtime description %q lacks %q", rt.Description, want)
		}
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}
	if got := runtimeInstalls(provider.MustPlan(t, "language: go\nruntime: alpine\n", maps.Clone(f))); !slices.Equal(got, []string{"apk add git openssh-client"}) {
		t.Errorf("alpine installs %q", got)
	}
	for _, rtName := range []string{"distroless", "scratch"} {
		p := provider.MustPlan(t, "language: go\nruntime: "+rtName+"\n", maps.Clone(f))
		var msgs []string
		for _, n := range p.Notes {
			if n.Rule == "RuntimeToolMissing" && n.Field == "runtime" {
				msgs = append(msgs, n.Msg)
			}
		}
		if len(msgs) != 2 || !strings.HasPrefix(msgs[0], `internal/mirror/mirror.go:10 exec.LookPath("git") runs git, which the `+rtName+` runtime lacks`) ||
			!strings.Contains(msgs[0], "`packages: [git]`") || !strings.Contains(msgs[1], "runs ssh") {
			t.Errorf("%s: notes %+v", rtName, p.Notes)
		}
		if got := runtimeInstalls(p); len(got) != 0 {
			t.Errorf("%s installs %q", rtName, got)
		}
	}
	// a runtime the spec names by image is its own: nothing installed, nothing said
	if p := provider.MustPlan(t, "language: go\nruntime: debian:12-slim\n", maps.Clone(f)); len(runtimeInstalls(p)) != 0 || len(p.Notes) != 0 {
		t.Errorf("an image runtime: installs %q, notes %+v", runtimeInstalls(p), p.Notes)
	}
}

// TestRuntimeToolsInTheBaseAreNotInstalled: sh is in slim's base, so a program running
// `sh -c` gets slim with nothing installed; told to use slim, it installs nothing either, and
// the spec's packages are still installed.
func TestRuntimeToolsInTheBaseAreNotInstalled(t *testing.T) {
	tree := map[string]string{
		"go.mod":  "module example.com/hook\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"os/exec\"\n\nfunc main() { _ = exec.Command(\"sh\", \"-c\", \"echo hi\").Run() }\n",
	}
	f := langtest.Gathered(t, Provider{}, "language: go\n", tree)
	p := provider.MustPlan(t, "language: go\n", maps.Clone(f))
	if got := p.Stage("runtime-base").Base.Image; got != "debian:bookworm-slim" || len(runtimeInstalls(p)) != 0 {
		t.Errorf("runtime %q installs %q", got, runtimeInstalls(p))
	}
	p = provider.MustPlan(t, "language: go\nruntime: slim\npackages: [curl]\n", maps.Clone(f))
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install curl"}) {
		t.Errorf("installs %q, want the spec's curl only", got)
	}
	p = provider.MustPlan(t, "language: go\nruntime: distroless\n", maps.Clone(f))
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0].Msg, "main.go:5 exec.Command(\"sh\") runs sh") || strings.Contains(p.Notes[0].Msg, "packages:") {
		t.Errorf("notes %+v", p.Notes)
	}
}

// TestRuntimeToolsUsedWhenPresentDoNotCount: a program that runs git only when exec.LookPath
// finds it (`if _, err := exec.LookPath("git"); err == nil { ... }`, goatcounter's -dev mode)
// keeps distroless, for that tool; one that stops without it (`err != nil`, gogs) does not.
func TestRuntimeToolsUsedWhenPresentDoNotCount(t *testing.T) {
	main := func(body string) map[string]string {
		return map[string]string{
			"go.mod":  "module example.com/dev\n\ngo 1.26\n",
			"main.go": "package main\n\nimport (\n\t\"log\"\n\t\"os/exec\"\n)\n\nfunc main() {\n" + body + "}\n",
		}
	}
	optional := "\tif _, err := exec.LookPath(\"git\"); err == nil {\n\t\t_, _ = exec.Command(\"git\", \"log\").Output()\n\t}\n\tlog.Print()\n"
	f := langtest.Gathered(t, Provider{}, "language: go\n", main(optional))
	if p := provider.MustPlan(t, "language: go\n", f); p.Stage("runtime").Base.Image != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("git used when present: runtime %q", p.Stage("runtime").Base.Image)
	}
	// the guard covers its tool only: curl run in it counts
	f = langtest.Gathered(t, Provider{}, "language: go\n", main(strings.Replace(optional, `"git", "log"`, `"curl", "-V"`, 1)))
	if got := runtimeInstalls(provider.MustPlan(t, "language: go\n", f)); !slices.Equal(got, []string{"apt-get install curl"}) {
		t.Errorf("curl in git's guard: installs %q", got)
	}
	required := "\tif _, err := exec.LookPath(\"git\"); err != nil {\n\t\tlog.Fatal(err)\n\t}\n"
	f = langtest.Gathered(t, Provider{}, "language: go\n", main(required))
	if got := runtimeInstalls(provider.MustPlan(t, "language: go\n", f)); !slices.Equal(got, []string{"apt-get install git"}) {
		t.Errorf("git required: installs %q", got)
	}
}

// TestRuntimeToolsOfAStandardLibraryProgram: a server on the standard library alone keeps its
// work in packages of its own too (gonic's jukebox runs mpv, its main package imports it and
// requires no web framework or command library), so the packages its main package imports are
// read for tools: mpv, named by a constant of its file (`const mpvName = "mpv"`), gets slim
// with mpv installed, and ffmpeg too when a file that runs a program named by a variable writes
// an ffmpeg command line. Its main package's calls count, as before.
func TestRuntimeToolsOfAStandardLibraryProgram(t *testing.T) {
	tree := maps.Clone(mirrorTree)
	tree["go.mod"] = "module example.com/mirror\n\ngo 1.26\n"
	tree["main.go"] = "package main\n\nimport \"example.com/mirror/internal/mirror\"\n\nfunc main() { mirror.Run() }\n"
	f := langtest.Gathered(t, Provider{}, "language: go\n", tree)
	if _, ok := f["internal/mirror/mirror.go"]; !ok {
		t.Error("planning did not read the mirror package of a standard-library program")
	}
	if got := runtimeInstalls(provider.MustPlan(t, "language: go\n", maps.Clone(f))); !slices.Equal(got, []string{"apt-get install git openssh-client"}) {
		t.Errorf("installs %q, want git and openssh-client", got)
	}
	jukebox := map[string]string{
		"go.mod":  "module example.com/music\n\ngo 1.26\n",
		"main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/music/jukebox\"\n)\n\nfunc main() { jukebox.Start(); _ = http.ListenAndServe(\":4747\", nil) }\n",
		"jukebox/jukebox.go": "package jukebox\n\nimport (\n\t\"fmt\"\n\t\"os/exec\"\n)\n\n" +
			"func Start() error {\n\tconst mpvName = \"mpv\"\n\tif _, err := exec.LookPath(mpvName); err != nil {\n\t\treturn fmt.Errorf(\"look path: %w\", err)\n\t}\n" +
			"\treturn exec.Command(mpvName, \"--idle\").Start()\n}\n",
	}
	p := provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", jukebox))
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install mpv"}) {
		t.Errorf("jukebox installs %q, want mpv", got)
	}
	if want := `mpv (jukebox/jukebox.go:10 exec.LookPath(mpvName))`; !strings.Contains(p.Stage("runtime").Description, want) {
		t.Errorf("runtime description %q lacks %q", p.Stage("runtime").Description, want)
	}
	// gonic's transcoding profiles: command lines its file splits into words and runs by
	// exec.LookPath(parts[0]); a line whose second word is no flag, and one in a file that runs
	// no program by a variable, are not
	jukebox["transcode/transcode.go"] = "package transcode\n\nimport (\n\t\"os/exec\"\n\t\"strings\"\n)\n\n" +
		"var MP3 = `ffmpeg -v 0 -i <file> -f mp3 -`\n\nvar hint = \"git is not used\"\n\n" +
		"func Run(profile string) error {\n\tparts := strings.Fields(profile)\n\tname, err := exec.LookPath(parts[0])\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn exec.Command(name, parts[1:]...).Run()\n}\n"
	jukebox["tags/tags.go"] = "package tags\n\nimport \"os/exec\"\n\nvar probe = \"ffprobe -v 0\"\n\nfunc Read() { _ = exec.Command(\"true\").Run() }\n"
	jukebox["main.go"] = strings.Replace(jukebox["main.go"], "\t\"example.com/music/jukebox\"\n", "\t\"example.com/music/jukebox\"\n\t\"example.com/music/tags\"\n\t\"example.com/music/transcode\"\n", 1)
	jukebox["main.go"] = strings.Replace(jukebox["main.go"], "jukebox.Start();", "jukebox.Start(); tags.Read(); _ = transcode.Run(transcode.MP3);", 1)
	p = provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", jukebox))
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install mpv ffmpeg"}) {
		t.Errorf("jukebox and transcoding install %q, want mpv and ffmpeg", got)
	}
	if want := `ffmpeg (transcode/transcode.go:8 exec.LookPath(parts[0]) of "ffmpeg -v ...")`; !strings.Contains(p.Stage("runtime").Description, want) {
		t.Errorf("runtime description %q lacks %q", p.Stage("runtime").Description, want)
	}
	tree["main.go"] = "package main\n\nimport \"os/exec\"\n\nfunc main() { _ = exec.Command(\"ffmpeg\", \"-version\").Run() }\n"
	f = langtest.Gathered(t, Provider{}, "language: go\n", tree)
	if got := runtimeInstalls(provider.MustPlan(t, "language: go\n", f)); !slices.Equal(got, []string{"apt-get install ffmpeg"}) {
		t.Errorf("installs %q", got)
	}
}

// answerTree is a cobra program whose image runs `answer run` (its root runs nothing) and
// whose `build` command, a developer's, clones a module with git, two calls down in its cli
// package (apache/answer's cmd/command.go and internal/cli/build.go); the install package the
// server imports calls another function of cli.
var answerTree = map[string]string{
	"go.mod":  "module example.com/answer\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.9.1\n",
	"go.sum":  "github.com/spf13/cobra v1.9.1 h1:x\n",
	"main.go": "package main\n\nimport \"example.com/answer/cmd\"\n\nfunc main() { cmd.Main() }\n",
	"cmd/command.go": "package cmd\n\nimport (\n\t\"github.com/spf13/cobra\"\n\n\t\"example.com/answer/internal/cli\"\n\t\"example.com/answer/internal/install\"\n)\n\n" +
		"var (\n\trootCmd = &cobra.Command{Use: \"answer\"}\n" +
		"\trunCmd = &cobra.Command{\n\t\tUse: \"run\",\n\t\tRun: func(_ *cobra.Command, _ []string) { install.Serve() },\n\t}\n" +
		"\tbuildCmd = &cobra.Command{\n\t\tUse: \"build\",\n\t\tRun: func(_ *cobra.Command, _ []string) { _ = cli.BuildNewAnswer(\"out\") },\n\t}\n)\n\n" +
		"func Main() {\n\tfor _, c := range []*cobra.Command{runCmd, buildCmd} {\n\t\trootCmd.AddCommand(c)\n\t}\n\t_ = rootCmd.Execute()\n}\n",
	"internal/install/install.go": "package install\n\nimport \"example.com/answer/internal/cli\"\n\nfunc Serve() { _ = cli.CheckConfigFile(\"c.yaml\") }\n",
	"internal/cli/check.go":       "package cli\n\nimport \"os\"\n\nfunc CheckConfigFile(p string) bool { _, err := os.Stat(p); return err == nil }\n",
	"internal/cli/build.go": "package cli\n\nimport \"os/exec\"\n\n" +
		"func BuildNewAnswer(out string) error { return downloadGoModFile(out) }\n\n" +
		"func downloadGoModFile(out string) error { _, err := resolve(out); return err }\n\n" +
		"func resolve(out string) (string, error) { return out, exec.Command(\"git\", \"clone\", out).Run() }\n",
}

// TestRuntimeToolsOfAnotherCommand: a tool run only by a command the image does not run is not
// the image's: answer's image runs `run` (found: its root runs nothing) and only `build` clones
// with git, so the runtime stays distroless with no warning; with `cmd: [build]`, or when the
// server's own path reaches the clone (install calling it), or a package-level variable does,
// git counts. A function no searched file calls still counts (a package not read may).
func TestRuntimeToolsOfAnotherCommand(t *testing.T) {
	f := langtest.Gathered(t, Provider{}, "language: go\n", answerTree)
	p := provider.MustPlan(t, "language: go\n", maps.Clone(f))
	if got := p.Image.Cmd; !slices.Equal(got, []string{"run"}) {
		t.Fatalf("cmd %q, want [run]", got)
	}
	if base := p.Stage("runtime-base"); base != nil || len(runtimeInstalls(p)) != 0 {
		t.Errorf("installs %q: git is run by `build` only", runtimeInstalls(p))
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}
	if got := runtimeInstalls(provider.MustPlan(t, "language: go\ncmd: [build, --output, out]\n", maps.Clone(f))); !slices.Equal(got, []string{"apt-get install git"}) {
		t.Errorf("cmd build: installs %q, want git", got)
	}
	p = provider.MustPlan(t, "language: go\nruntime: distroless\ncmd: [build]\n", maps.Clone(f))
	if len(p.Notes) != 1 || p.Notes[0].Rule != "RuntimeToolMissing" || !strings.HasPrefix(p.Notes[0].Msg, `internal/cli/build.go:9 exec.Command("git")`) {
		t.Errorf("cmd build on distroless: notes %+v", p.Notes)
	}
	for name, change := range map[string][2]string{
		"the server's path":        {"internal/install/install.go", "_ = cli.CheckConfigFile(\"c.yaml\")"},
		"a package-level variable": {"internal/cli/check.go", "_, err := os.Stat(p); return err == nil"},
		"an unread caller":         {"internal/cli/build.go", "return downloadGoModFile(out)"},
	} {
		tree := maps.Clone(answerTree)
		switch name {
		case "the server's path":
			tree[change[0]] = strings.Replace(tree[change[0]], change[1], "_ = cli.BuildNewAnswer(\"x\")", 1)
		case "a package-level variable":
			tree[change[0]] += "\nvar resolved, _ = resolve(\"x\")\n"
		case "an unread caller":
			tree["cmd/command.go"] = strings.Replace(tree["cmd/command.go"], "_ = cli.BuildNewAnswer(\"out\")", "", 1)
			tree["cmd/command.go"] = strings.Replace(tree["cmd/command.go"], "\t\"example.com/answer/internal/cli\"\n", "", 1)
		}
		p := provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", tree))
		if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install git"}) {
			t.Errorf("%s: installs %q, want git", name, got)
		}
	}
}

// TestRuntimeToolsOfAnRPCServer: a server on connect-go or gRPC keeps its handlers in packages
// of its own, as one on gin does, so those its main package imports are read: OliveTin's
// actions run `sh -c` in internal/executor (executor_unix.go), and its image got distroless,
// which has no shell. Required directly, connect or grpc make the walk, and sh gets slim.
func TestRuntimeToolsOfAnRPCServer(t *testing.T) {
	for _, lib := range []string{"connectrpc.com/connect v1.20.0", "google.golang.org/grpc v1.82.0"} {
		tree := map[string]string{
			"go.mod":                        "module example.com/actions\n\ngo 1.26\n\nrequire " + lib + "\n",
			"main.go":                       "package main\n\nimport \"example.com/actions/internal/executor\"\n\nfunc main() { executor.Start() }\n",
			"internal/executor/executor.go": "package executor\n\nfunc Start() { run(\"uptime\") }\n",
			"internal/executor/executor_unix.go": "//go:build !windows\n\npackage executor\n\nimport (\n\t\"context\"\n\t\"os/exec\"\n)\n\n" +
				"func run(line string) { _ = exec.CommandContext(context.Background(), \"sh\", \"-c\", line).Run() }\n",
		}
		p := provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", tree))
		if base := p.Stage("runtime-base"); base == nil || base.Base.Image != "debian:bookworm-slim" {
			t.Errorf("%s: runtime %q, want debian:bookworm-slim (the actions run sh)", lib, p.Stage("runtime").Base.Image)
		}
	}
}

// TestRuntimeToolsThreeImportsDown: a cobra program whose git runs three imports below its
// main package (cmd, tasks, gitlib: semaphore's cli/cmd, services/tasks, db_lib) and which
// asks ansible its version in a package two down gets slim with ansible and git installed,
// both named with their calls in the runtime's description; a git four imports down is not
// read (the walk's bound), and, alone, keeps distroless.
func TestRuntimeToolsThreeImportsDown(t *testing.T) {
	pkg := func(name, imp, body string) string {
		return "package " + name + "\n\nimport (\n\t\"os/exec\"\n\n\t\"" + imp + "\"\n)\n\n" + body
	}
	tree := map[string]string{
		"go.mod":  "module example.com/runner\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.9.1\n",
		"go.sum":  "github.com/spf13/cobra v1.9.1 h1:x\n",
		"main.go": "package main\n\nimport \"example.com/runner/cmd\"\n\nfunc main() { cmd.Execute() }\n",
		"cmd/root.go": "package cmd\n\nimport (\n\t\"github.com/spf13/cobra\"\n\n\t\"example.com/runner/tasks\"\n\t\"example.com/runner/util\"\n)\n\n" +
			"func Execute() { _ = util.AnsibleVersion(); tasks.Run(); _ = (&cobra.Command{}).Execute() }\n",
		"util/config.go": "package util\n\nimport \"os/exec\"\n\nfunc AnsibleVersion() string {\n\tout, _ := exec.Command(\"ansible\", \"--version\").Output()\n\treturn string(out)\n}\n",
		"tasks/tasks.go": "package tasks\n\nimport \"example.com/runner/gitlib\"\n\nfunc Run() { gitlib.Clone() }\n",
		"gitlib/git.go":  pkg("gitlib", "example.com/runner/deep", "func Clone() { deep.Fetch(); _ = exec.Command(\"git\", \"clone\").Run() }\n"),
		"deep/deep.go":   "package deep\n\nimport \"os/exec\"\n\nfunc Fetch() { _ = exec.Command(\"rsync\").Run() }\n",
	}
	f := langtest.Gathered(t, Provider{}, "language: go\n", tree)
	p := provider.MustPlan(t, "language: go\n", maps.Clone(f))
	if got := p.Stage("runtime-base").Base.Image; got != "debian:bookworm-slim" {
		t.Errorf("runtime base %q, want slim", got)
	}
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install ansible git"}) {
		t.Errorf("runtime installs %q, want ansible and git (not the rsync four imports down)", got)
	}
	rt := p.Stage("runtime")
	for _, want := range []string{`ansible (util/config.go:6 exec.Command("ansible"))`, `git (gitlib/git.go:9 exec.Command("git"))`} {
		if !strings.Contains(rt.Description, want) {
			t.Errorf("runtime description %q lacks %q", rt.Description, want)
		}
	}
	// alpine's package has the same name
	if got := runtimeInstalls(provider.MustPlan(t, "language: go\nruntime: alpine\n", maps.Clone(f))); !slices.Equal(got, []string{"apk add ansible git"}) {
		t.Errorf("alpine installs %q", got)
	}
	delete(tree, "util/config.go")
	tree["cmd/root.go"] = strings.Replace(tree["cmd/root.go"], "_ = util.AnsibleVersion(); ", "", 1)
	tree["cmd/root.go"] = strings.Replace(tree["cmd/root.go"], "\t\"example.com/runner/util\"\n", "", 1)
	tree["tasks/tasks.go"] = "package tasks\n\nimport \"example.com/runner/more\"\n\nfunc Run() { more.Run() }\n"
	tree["more/more.go"] = "package more\n\nimport \"example.com/runner/gitlib\"\n\nfunc Run() { gitlib.Clone() }\n"
	f = langtest.Gathered(t, Provider{}, "language: go\n", tree)
	if p := provider.MustPlan(t, "language: go\n", maps.Clone(f)); p.Stage("runtime-base") != nil || len(runtimeInstalls(p)) != 0 {
		t.Errorf("git four imports down: installs %q; want distroless (not read)", runtimeInstalls(p))
	}
}

// TestReachUnkeyedCommandLiteral: a cobra.Command literal with unkeyed fields (it does not
// compile, but planning reads what it is given) names no command and does not stop planning.
func TestReachUnkeyedCommandLiteral(t *testing.T) {
	src := "package cmd\n\nimport \"github.com/spf13/cobra\"\n\nvar c = cobra.Command{\"build\", nil}\n"
	parsed, err := parser.ParseFile(token.NewFileSet(), "cmd/c.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := newReach([]parsedGo{{name: "cmd/c.go", dir: "cmd", file: parsed}}, []string{"run"}, func(string) string { return "" })
	if r.image || len(r.excluded) != 0 {
		t.Errorf("newReach = image %v, excluded %v, want neither", r.image, r.excluded)
	}
}

// TestRuntimeToolNamedByAPackageMap: a program named by a package-level map of strings at a
// literal key (go2rtc's `exec.Command(defaults["bin"], "-version")` in version.go, with
// `var defaults = map[string]string{"bin": "ffmpeg", ...}` in ffmpeg.go) counts, as its image
// installs ffmpeg; a key the map lacks, or a map declared twice with another value there, does
// not.
func TestRuntimeToolNamedByAPackageMap(t *testing.T) {
	tree := map[string]string{
		"go.mod":  "module example.com/relay\n\ngo 1.26\n",
		"main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/relay/internal/media\"\n)\n\nfunc main() { media.Init(); _ = http.ListenAndServe(\":1984\", nil) }\n",
		"internal/media/media.go": "package media\n\nvar defaults = map[string]string{\n\t\"bin\":    \"ffmpeg\",\n\t\"global\": \"-hide_banner\",\n}\n\n" +
			"func Init() { _, _ = Version() }\n",
		"internal/media/version.go": "package media\n\nimport \"os/exec\"\n\nfunc Version() (string, error) {\n\tb, err := exec.Command(defaults[\"bin\"], \"-version\").Output()\n\treturn string(b), err\n}\n",
	}
	p := provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", tree))
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install ffmpeg"}) {
		t.Errorf("installs %q, want ffmpeg", got)
	}
	if want := `ffmpeg (internal/media/version.go:6 exec.Command(defaults["bin"]))`; !strings.Contains(p.Stage("runtime").Description, want) {
		t.Errorf("runtime description %q lacks %q", p.Stage("runtime").Description, want)
	}
	for name, change := range map[string][2]string{
		"a key the map lacks": {"internal/media/version.go", strings.Replace(tree["internal/media/version.go"], `defaults["bin"]`, `defaults["path"]`, 1)},
		"declared twice with another value": {"internal/media/media_other.go",
			"package media\n\nvar defaults = map[string]string{\"bin\": \"avconv\"}\n"},
	} {
		changed := langtest.With(langtest.Gathered(t, Provider{}, "language: go\n", tree), change[0], change[1])
		if got := runtimeInstalls(provider.MustPlan(t, "language: go\n", changed)); len(got) != 0 {
			t.Errorf("%s: installs %q, want none", name, got)
		}
	}
}

// TestRuntimeToolNamedByAPackageVariable: a package-level variable holding a program's name,
// which a setting may change (a forge's `var GitExecutable = "git"`, run by
// `exec.CommandContext(ctx, GitExecutable, args...)`), names git as a constant does: the
// runtime is slim with git. A variable of a function, or one a call initializes, names none.
func TestRuntimeToolNamedByAPackageVariable(t *testing.T) {
	forge := func(decl string) map[string]string {
		return map[string]string{
			"go.mod":  "module example.com/forge\n\ngo 1.26\n",
			"main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/forge/git/command\"\n)\n\nfunc main() {\n\tcommand.Setup()\n\t_ = http.ListenAndServe(\":3000\", nil)\n}\n",
			"git/command/command.go": "package command\n\nimport (\n\t\"context\"\n\t\"os\"\n\t\"os/exec\"\n)\n\n" + decl + "\n\n" +
				"func Setup() {\n\tif p := os.Getenv(\"FORGE_GIT\"); p != \"\" {\n\t\tGitExecutable = p\n\t}\n}\n\n" +
				"func Run(ctx context.Context, args ...string) error {\n\treturn exec.CommandContext(ctx, GitExecutable, args...).Run()\n}\n",
		}
	}
	p := provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", forge("var (\n\tGitExecutable = \"git\"\n)")))
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install git"}) {
		t.Errorf("installs %q, want git", got)
	}
	for name, decl := range map[string]string{
		"initialized by a call":  "var GitExecutable = defaultGit()\n\nfunc defaultGit() string { return \"git\" }",
		"declared without value": "var GitExecutable string",
	} {
		p := provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", forge(decl)))
		if got := runtimeInstalls(p); len(got) != 0 {
			t.Errorf("%s: installs %q, want none", name, got)
		}
	}
}
