package java

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// gatherNotes plans files as a build context, following what Follow asks for.
func picocliPlanNotes(t *testing.T, s *spec.Spec, files map[string]string) []string {
	t.Helper()
	read := func(names []string, _ int) (lang.Facts, error) {
		out := lang.Facts{}
		for _, n := range names {
			if c, ok := files[n]; ok {
				out[n] = []byte(c)
			}
		}
		return out, nil
	}
	first := append(Provider{}.Language().Reads, "cli/build.gradle")
	f, _, err := lang.Gather(s, first, Provider{}, read)
	if err != nil {
		t.Fatal(err)
	}
	tc, err := Provider{}.Toolchain(s, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range tc.Notes {
		out = append(out, n.Rule+": "+n.Msg)
	}
	return out
}

func TestPicocliSubcommandMissing(t *testing.T) {
	app := `package com.example.cli;

import com.example.cli.commands.ServerCommand;
import picocli.CommandLine;

@CommandLine.Command(
    name = "tool",
    subcommands = {
        ServerCommand.class,
        FlowCommand.class,
    }
)
public class App {
    public static void main(String[] args) { new CommandLine(new App()).execute(args); }
}
`
	files := map[string]string{
		"settings.gradle": "include 'cli'\n",
		"build.gradle":    "plugins { id 'application' }\nfinal mainClassName = \"com.example.cli.App\"\napplication {\n    mainClass = mainClassName\n}\n",
		"cli/src/main/java/com/example/cli/App.java":                    app,
		"cli/src/main/java/com/example/cli/commands/ServerCommand.java": "@CommandLine.Command(name = \"server\", subcommands = {Local.class})\nclass ServerCommand {}\n",
		"cli/src/main/java/com/example/cli/FlowCommand.java":            "@Command(name = \"flow\")\nclass FlowCommand {}\n",
	}
	s := &spec.Spec{Language: "java"}
	notes := picocliPlanNotes(t, s, files)
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "ServerSubcommandMissing: cli/src/main/java/com/example/cli/App.java:6 ") ||
		!strings.Contains(notes[0], "(its subcommands: server, flow)") || !strings.Contains(notes[0], "`cmd: [<subcommand>, ...]`") {
		t.Fatalf("notes = %q", notes)
	}
	// a spec that gives cmd is quiet
	s.Cmd = &spec.Words{"server", "local"}
	if notes := picocliPlanNotes(t, s, files); len(notes) != 0 {
		t.Fatalf("with cmd: notes = %q", notes)
	}
	// a main that runs new CommandLine( without subcommands in an annotation also warns
	files["cli/src/main/java/com/example/cli/App.java"] = "package com.example.cli;\npublic class App {\n  public static void main(String[] a) {\n    new CommandLine(new Top()).execute(a);\n  }\n}\n"
	s.Cmd = nil
	if notes := picocliPlanNotes(t, s, files); len(notes) != 1 || !strings.Contains(notes[0], "App.java:4 ") {
		t.Fatalf("new CommandLine: notes = %q", notes)
	}
	// a @Command of its own without subcommands runs its call(): quiet
	files["cli/src/main/java/com/example/cli/App.java"] = "package com.example.cli;\n@Command(name = \"serve\")\npublic class App implements Runnable {\n  public static void main(String[] a) {\n    new CommandLine(new App()).execute(a);\n  }\n}\n"
	if notes := picocliPlanNotes(t, s, files); len(notes) != 0 {
		t.Fatalf("single command: notes = %q", notes)
	}
}

func TestPlainSpringBootIsNoPicocli(t *testing.T) {
	files := map[string]string{
		"build.gradle": "plugins { id 'org.springframework.boot' version '3.2.0'\n id 'java' }\nspringBoot {\n    mainClass = 'com.example.DemoApplication'\n}\napplication { mainClass = 'com.example.DemoApplication' }\n",
		"src/main/java/com/example/DemoApplication.java": "package com.example;\n@SpringBootApplication\npublic class DemoApplication {\n  public static void main(String[] args) { SpringApplication.run(DemoApplication.class, args); }\n}\n",
	}
	if notes := picocliPlanNotes(t, &spec.Spec{Language: "java"}, files); len(notes) != 0 {
		t.Fatalf("notes = %q", notes)
	}
}
