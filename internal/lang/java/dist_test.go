package java

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestApplicationShipsItsInstallDist: a Gradle project applying the application plugin, and
// building neither a fat jar nor a thin jar with its dependencies beside it, runs installDist
// and ships build/install/<name>/'s lib/ and bin/, started by its start script (its plain jar
// has no Main-Class and no dependencies: `java -jar` would fail at start). On distroless the
// main class runs with lib/ on the class path.
func TestApplicationShipsItsInstallDist(t *testing.T) {
	kts := `plugins {
    application
}
dependencies { implementation("com.google.guava:guava:33.0.0-jre") }
application {
    mainClass.set("com.example.Main")
    applicationDefaultJvmArgs = listOf("-Dio.ktor.development=false")
}
`
	groovy := "plugins {\n    id 'java'\n    id 'application'\n}\nmainClassName = 'com.example.Server'\n"
	for _, c := range []struct {
		name, file, script, settings, task, dir, app, main string
	}{
		{"Kotlin DSL, bare application", "build.gradle.kts", kts, "rootProject.name = \"hello-app\"\n", "installDist", "build/install", "hello-app", "com.example.Main"},
		{"Groovy, mainClassName", "build.gradle", groovy, "rootProject.name = 'server'\n", "installDist", "build/install", "server", "com.example.Server"},
		{"applicationName set", "build.gradle", groovy + "application { applicationName = 'tracker' }\n", "rootProject.name = 'server'\n", "installDist", "build/install", "tracker", "com.example.Server"},
		{"no root name: the only directory, its script renamed", "build.gradle", "apply plugin: 'application'\napplication { mainClass = 'a.B' }\n", "", "installDist", "build/install", "app", "a.B"},
		{"a JavaExec task's main class first", "build.gradle", "plugins { id 'application' }\ntasks.register('cluster', JavaExec) {\n    mainClass = 'a.Cluster'\n}\napplication {\n    mainClass.set(\"a.App\")\n}\n", "rootProject.name = 'x'\n", "installDist", "build/install", "x", "a.App"},
		{"a main class computed", "build.gradle.kts", "plugins { application }\napplication { mainClass.set(project.property(\"main\") as String) }\n", "rootProject.name = \"x\"\n", "installDist", "build/install", "x", ""},
	} {
		p := provider.MustPlan(t, "language: java\n", gradle(map[string]string{c.file: c.script, "settings.gradle": c.settings}))
		b := langtest.Runs(p.Stage("builder"))
		if got := b[0].Args[len(b[0].Args)-1]; got != c.task {
			t.Errorf("%s: builds %q, want %s", c.name, b[0].Args, c.task)
		}
		if !slices.Equal(b[1].Args[1:], []string{lang.ScriptDir + "/pick-dist.sh", c.dir, c.app, outDist}) {
			t.Errorf("%s: takes %q, want %s/%s", c.name, b[1].Args, c.dir, c.app)
		}
		if got, want := builderCopies(p), []string{"/out/dist/lib/ -> /app/lib/", "/out/dist/bin/ -> /app/bin/"}; !slices.Equal(got, want) {
			t.Errorf("%s: runtime copies %q, want %q", c.name, got, want)
		}
		if ep := p.Image.Entrypoint; !slices.Equal(ep, []string{"/app/bin/" + c.app}) {
			t.Errorf("%s: entrypoint %q", c.name, ep)
		}
		dp, err := provider.TryPlan(t, "language: java\nruntime: distroless\n", gradle(map[string]string{c.file: c.script, "settings.gradle": c.settings}))
		switch {
		case c.main == "" && (err == nil || !strings.Contains(err.Error(), "no main class")):
			t.Errorf("%s: distroless without a main class: %v", c.name, err)
		case c.main != "" && err != nil:
			t.Errorf("%s: distroless: %v", c.name, err)
		case c.main != "" && !slices.Equal(dp.Image.Entrypoint, []string{"java", "-cp", "/app/lib/*", c.main}):
			t.Errorf("%s: distroless entrypoint %q", c.name, dp.Image.Entrypoint)
		}
	}

	// a subproject named by entrypoint: its own installDist, its directory's name
	src := "language: java\nentrypoint: server\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, map[string]string{"settings.gradle": "include 'server'\n", "server/build.gradle": groovy}))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":server:installDist" ||
		!slices.Equal(b[1].Args[2:4], []string{"server/build/install", "server"}) {
		t.Errorf("subproject: %q then %q", b[0].Args, b[1].Args)
	}

	// not the application plugin's layout: Spring Boot, Shadow, a thin jar with its lib/,
	// a jar named by entrypoint, no application plugin
	for _, c := range []struct{ name, script, entrypoint string }{
		{"Spring Boot", groovy + "plugins { id 'org.springframework.boot' version '3.3.2' }\n", ""},
		{"Shadow", strings.Replace(groovy, "id 'application'", "id 'application'\n    id 'com.gradleup.shadow' version '8.3.0'", 1), ""},
		{"a thin jar with its lib/", strings.Replace(traccarLike, `id "java"`, "id \"java\"\n    id 'application'", 1), ""},
		{"a jar named", groovy, "build/libs/server.jar"},
		{"plain java", "plugins { id 'java' }\njar { manifest { attributes 'Main-Class': 'a.B' } }\n", ""},
	} {
		src := "language: java\n"
		if c.entrypoint != "" {
			src += "entrypoint: " + c.entrypoint + "\n"
		}
		p := provider.MustPlan(t, src, gradle(map[string]string{"build.gradle": c.script, "settings.gradle": "rootProject.name = 'server'\n"}))
		if slices.ContainsFunc(langtest.Runs(p.Stage("builder")), func(r *plan.Run) bool { return slices.Contains(r.Args, lang.ScriptDir+"/pick-dist.sh") }) {
			t.Errorf("%s: ships installDist's layout", c.name)
		}
		if ep := p.Image.Entrypoint; len(ep) > 0 && strings.HasPrefix(ep[0], "/app/bin/") {
			t.Errorf("%s: entrypoint %q", c.name, ep)
		}
	}
}
