package java

import (
	"slices"
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

// noteUnlessCmd fails unless planning files with s gives one note starting with prefix and
// holding parts, and none once s has cmd (which it keeps, nil again).
func noteUnlessCmd(t *testing.T, s *spec.Spec, files map[string]string, cmd spec.Words, prefix string, parts ...string) {
	t.Helper()
	notes := picocliPlanNotes(t, s, files)
	if len(notes) != 1 || !strings.HasPrefix(notes[0], prefix) || slices.ContainsFunc(parts, func(p string) bool { return !strings.Contains(notes[0], p) }) {
		t.Fatalf("notes = %q", notes)
	}
	s.Cmd = &cmd
	if notes := picocliPlanNotes(t, s, files); len(notes) != 0 {
		t.Fatalf("with cmd: notes = %q", notes)
	}
	s.Cmd = nil
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
	noteUnlessCmd(t, s, files, spec.Words{"server", "local"}, "ServerSubcommandMissing: cli/src/main/java/com/example/cli/App.java:6 ",
		"(its subcommands: server, flow)", "`cmd: [<subcommand>, ...]`")
	// a main that runs new CommandLine( without subcommands in an annotation also warns
	files["cli/src/main/java/com/example/cli/App.java"] = "package com.example.cli;\npublic class App {\n  public static void main(String[] a) {\n    new CommandLine(new Top()).execute(a);\n  }\n}\n"
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

func TestMavenPicocliSubcommandMissing(t *testing.T) {
	root := `<project><groupId>com.example</groupId><artifactId>tool-parent</artifactId><version>1.0</version>
  <packaging>pom</packaging>
  <properties><main.class>com.example.tool.Main</main.class></properties>
  <modules><module>core</module><module>server</module></modules>
  <build><pluginManagement><plugins>
    <plugin><artifactId>maven-assembly-plugin</artifactId><configuration><archive><manifest><mainClass>com.example.Unused</mainClass></manifest></archive></configuration></plugin>
  </plugins></pluginManagement></build>
</project>`
	server := `<project><parent><groupId>com.example</groupId><artifactId>tool-parent</artifactId><version>1.0</version></parent>
  <artifactId>server</artifactId>
  <build><plugins>
    <plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><phase>package</phase><goals><goal>shade</goal></goals>
      <configuration><transformers>
        <transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>
        <transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>${main.class}</mainClass></transformer>
      </transformers></configuration></execution></executions></plugin>
  </plugins></build>
</project>`
	main := "package com.example.tool;\n\nimport picocli.CommandLine.Command;\n\n@Command(name = \"tool\", subcommands = {Serve.class, Migrate.class})\npublic class Main {\n  public static void main(String[] a) { System.exit(new CommandLine(new Main()).execute(a)); }\n}\n"
	files := map[string]string{
		"pom.xml":        root,
		"core/pom.xml":   "<project><artifactId>core</artifactId></project>",
		"server/pom.xml": server,
		// the main class in another module than the one that shades it
		"core/src/main/java/com/example/tool/Main.java":    main,
		"core/src/main/java/com/example/tool/Serve.java":   "@Command(name = \"serve\")\nclass Serve {}\n",
		"core/src/main/java/com/example/tool/Migrate.java": "@Command(name = \"migrate\")\nclass Migrate {}\n",
	}
	s := &spec.Spec{Language: "java", Entrypoint: "server"}
	notes := picocliPlanNotes(t, s, files)
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "ServerSubcommandMissing: core/src/main/java/com/example/tool/Main.java:5 ") ||
		!strings.Contains(notes[0], "(its subcommands: serve, migrate)") {
		t.Fatalf("shade: notes = %q", notes)
	}
	s.Cmd = &spec.Words{"serve"}
	if notes := picocliPlanNotes(t, s, files); len(notes) != 0 {
		t.Fatalf("with cmd: notes = %q", notes)
	}
	// the module runs no shade: the parent's managed assembly plugin is not its, nor the
	// property a main class of its jar
	s.Cmd = nil
	files["server/pom.xml"] = "<project><parent><groupId>com.example</groupId><artifactId>tool-parent</artifactId><version>1.0</version></parent><artifactId>server</artifactId></project>"
	if notes := picocliPlanNotes(t, s, files); len(notes) != 0 {
		t.Fatalf("no main class: notes = %q", notes)
	}
	// maven-jar-plugin's manifest, in a single-module build
	single := map[string]string{
		"pom.xml": `<project><groupId>com.example</groupId><artifactId>tool</artifactId><version>1.0</version><build><plugins>
  <plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><addClasspath>true</addClasspath><mainClass>com.example.tool.Main</mainClass></manifest></archive></configuration></plugin>
</plugins></build></project>`,
		"src/main/java/com/example/tool/Main.java":  main,
		"src/main/java/com/example/tool/Serve.java": "@Command(name = \"serve\")\nclass Serve {}\n",
	}
	if notes := picocliPlanNotes(t, &spec.Spec{Language: "java"}, single); len(notes) != 1 ||
		!strings.HasPrefix(notes[0], "ServerSubcommandMissing: src/main/java/com/example/tool/Main.java:5 ") || !strings.Contains(notes[0], "(its subcommands: serve)") {
		t.Fatalf("jar plugin: notes = %q", notes)
	}
}

func TestMavenMainClass(t *testing.T) {
	for _, c := range []struct{ name, pom, want string }{
		{"boot's start-class, not the jar plugin's", `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>
<properties><start-class>com.example.Cli</start-class></properties><build><plugins>
<plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin>
<plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>com.example.Other</mainClass></manifest></archive></configuration></plugin>
</plugins></build></project>`, "com.example.Cli"},
		{"boot's mainClass", `<project><build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>
<configuration><mainClass>com.example.App</mainClass></configuration><executions><execution><goals><goal>repackage</goal></goals></execution></executions></plugin></plugins></build></project>`, "com.example.App"},
		{"an unresolved property", `<project><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId>
<configuration><archive><manifest><mainClass>${app.main}</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`, ""},
		{"none", `<project><artifactId>lib</artifactId></project>`, ""},
	} {
		p, err := parsePOM([]byte(c.pom))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.mainClass(); got != c.want {
			t.Errorf("%s: mainClass() = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDropwizardCommandMissing(t *testing.T) {
	files := map[string]string{
		"pom.xml": `<project><artifactId>maps</artifactId><version>1.0</version><properties><app.main>com.example.maps.MapsApplication</app.main></properties>
<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><goals><goal>shade</goal></goals><configuration><transformers>
<transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>${app.main}</mainClass></transformer>
</transformers></configuration></execution></executions></plugin></plugins></build></project>`,
		"src/main/java/com/example/maps/MapsApplication.java": "package com.example.maps;\n\nimport io.dropwizard.core.Application;\n\npublic final class MapsApplication extends Application<MapsConfiguration> {\n  public static void main(String[] args) throws Exception { new MapsApplication().run(args); }\n}\n",
	}
	s := &spec.Spec{Language: "java"}
	noteUnlessCmd(t, s, files, spec.Words{"server", "config.yml"}, "ServerSubcommandMissing: src/main/java/com/example/maps/MapsApplication.java:5 is a Dropwizard command line",
		"(its subcommands: server, check)", "`cmd: [server, <config>.yml]`")
	// another framework's Application (JavaFX's) is not Dropwizard's
	files["src/main/java/com/example/maps/MapsApplication.java"] = "package com.example.maps;\nimport javafx.application.Application;\npublic class MapsApplication extends Application {\n}\n"
	if notes := picocliPlanNotes(t, s, files); len(notes) != 0 {
		t.Fatalf("javafx: notes = %q", notes)
	}
}
