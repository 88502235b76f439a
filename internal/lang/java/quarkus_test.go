package java

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// quarkusMaven is a Maven Quarkus application of our own, with its configuration files added.
func quarkusMaven(files ...string) map[string]string {
	return langtest.With(map[string]string{
		"pom.xml": `<project><groupId>org.example</groupId><artifactId>greeter</artifactId><version>1.0</version>
  <properties><maven.compiler.release>21</maven.compiler.release></properties>
  <build><plugins><plugin><groupId>io.quarkus.platform</groupId><artifactId>quarkus-maven-plugin</artifactId>
    <version>3.30.0</version><extensions>true</extensions></plugin></plugins></build>
</project>`,
	}, files...)
}

// takesJar checks that the builder takes jar of dir (pick-jar.sh's arguments).
func takesJar(t *testing.T, what string, p *plan.Plan, dir, jar string) {
	t.Helper()
	if b := langtest.Runs(p.Stage("builder")); !slices.Equal(b[1].Args[1:4], []string{lang.ScriptDir + "/pick-jar.sh", dir, jar}) {
		t.Errorf("%s: takes %q, want %s/%s", what, b[1].Args, dir, jar)
	}
}

// checkLegacyJar checks a plan that ships Quarkus's legacy-jar: the runner jar and the lib/
// beside it in dir, lib/ copied first.
func checkLegacyJar(t *testing.T, what string, p *plan.Plan, dir string) {
	t.Helper()
	if b := langtest.Runs(p.Stage("builder")); !slices.ContainsFunc(b, func(r *plan.Run) bool {
		return slices.Equal(r.Args[1:], []string{lang.ScriptDir + "/pick-lib.sh", dir + "/lib", "/out/lib", legacyOf})
	}) {
		t.Errorf("%s: the builder does not copy %s/lib", what, dir)
	}
	got := builderCopies(p)
	if want := []string{"/out/lib/ -> /app/lib/", "/out/app.jar -> /app/app.jar"}; !slices.Equal(got, want) {
		t.Errorf("%s: runtime copies %q, want %q", what, got, want)
	}
	if ep := p.Image.Entrypoint; !slices.Equal(ep, []string{"java", "-jar", "/app/app.jar"}) {
		t.Errorf("%s: entrypoint %q", what, ep)
	}
}

// TestQuarkusPackagingFromYAML: application.yaml (or .yml) asks for the packaging with nested
// keys, dotted keys or the prod profile's, and ranks over application.properties, as Quarkus
// ranks them.
func TestQuarkusPackagingFromYAML(t *testing.T) {
	const yml = "src/main/resources/application.yml"
	const yaml = "src/main/resources/application.yaml"
	const props = "src/main/resources/application.properties"
	src := "language: java\n"
	for _, c := range []struct {
		file, text string
		uber       bool
	}{
		{yaml, "quarkus:\n  http:\n    port: 8083\n  package:\n    jar:\n      type: uber-jar\n", true},
		{yml, "quarkus:\n  package.jar.type: uber-jar\n", true},
		{yaml, "quarkus.package.type: uber-jar\n", true},
		{yaml, "\"%prod\":\n  quarkus:\n    package:\n      jar:\n        type: uber-jar\n", true},
		{yaml, "quarkus:\n  package:\n    uber-jar: true\n", true},
		{yaml, "\"%dev\":\n  quarkus:\n    package:\n      jar:\n        type: uber-jar\n", false},
		{yaml, "quarkus:\n  package:\n    jar:\n      type: fast-jar\n", false},
		{yaml, "not: [yaml", false},
	} {
		p := provider.MustPlan(t, src, provider.Gathered(t, src, quarkusMaven(c.file, c.text)))
		if c.uber {
			takesJar(t, c.text, p, "target", "greeter-1.0-runner.jar")
		} else {
			checkFastJar(t, p, "target/quarkus-app")
		}
	}
	// application.yaml ranks over application.properties; the pom's properties come last
	p := provider.MustPlan(t, src, provider.Gathered(t, src, quarkusMaven(yaml, "quarkus.package.jar.type: fast-jar\n",
		props, "quarkus.package.jar.type=uber-jar\n")))
	checkFastJar(t, p, "target/quarkus-app")
	if got := yamlProperties([]byte("quarkus:\n  log:\n    level: INFO\n    ~: on\n")); !func() bool {
		v, ok := got("quarkus.log")
		w, _ := got("quarkus.log.level")
		return ok && v == "on" && w == "INFO"
	}() {
		t.Errorf("a null key is its parent's own value")
	}
}

// TestQuarkusLegacyJar: legacy-jar writes <name>-runner.jar with lib/ beside it, which the
// runner's manifest names on its Class-Path: the image gets both, lib/ first.
func TestQuarkusLegacyJar(t *testing.T) {
	src := "language: java\n"
	for file, text := range map[string]string{
		"src/main/resources/application.properties": "quarkus.package.jar.type=legacy-jar\n",
		"src/main/resources/application.yaml":       "quarkus:\n  package:\n    type: legacy-jar\n",
	} {
		p := provider.MustPlan(t, src, provider.Gathered(t, src, quarkusMaven(file, text)))
		takesJar(t, file, p, "target", "greeter-1.0-runner.jar")
		checkLegacyJar(t, file, p, "target")
	}
	gradle := map[string]string{
		"settings.gradle.kts": "rootProject.name = \"greeter\"\n",
		"build.gradle.kts":    "plugins {\n    java\n    id(\"io.quarkus\")\n}\n",
		"gradle.properties":   "quarkus.package.jar.type=legacy-jar\n",
	}
	p := provider.MustPlan(t, src, provider.Gathered(t, src, gradle))
	takesJar(t, "gradle", p, "build", "")
	checkLegacyJar(t, "gradle", p, "build")
}

// TestQuarkusGradleBlock: a Gradle quarkus { } block's settings (set(name, value) below
// quarkus., or quarkusBuildProperties.put) rank over gradle.properties and the configuration
// files, as the Quarkus Gradle plugin ranks them.
func TestQuarkusGradleBlock(t *testing.T) {
	src := "language: java\n"
	base := map[string]string{
		"settings.gradle": "rootProject.name = 'greeter'\n",
		"build.gradle":    "plugins {\n    id 'java'\n    id 'io.quarkus'\n}\n\nquarkus {\n    set(\"package.jar.type\", \"uber-jar\")\n}\n",
	}
	takesJar(t, "set", provider.MustPlan(t, src, provider.Gathered(t, src, base)), "build", "")
	kts := map[string]string{
		"settings.gradle.kts": "rootProject.name = \"greeter\"\n",
		"build.gradle.kts":    "plugins {\n    java\n    id(\"io.quarkus\")\n}\n\nquarkus {\n    quarkusBuildProperties.put(\"quarkus.package.jar.type\", \"legacy-jar\")\n}\n",
		"gradle.properties":   "quarkus.package.jar.type=uber-jar\n",
	}
	checkLegacyJar(t, "quarkusBuildProperties", provider.MustPlan(t, src, provider.Gathered(t, src, kts)), "build")
	// gradle.properties ranks over application.properties
	fast := maps.Clone(kts)
	fast["build.gradle.kts"] = "plugins {\n    java\n    id(\"io.quarkus\")\n}\n"
	fast["gradle.properties"] = "quarkus.package.jar.type=fast-jar\n"
	fast["src/main/resources/application.properties"] = "quarkus.package.jar.type=uber-jar\n"
	checkFastJar(t, provider.MustPlan(t, src, provider.Gathered(t, src, fast)), "build/quarkus-app")
	// a block elsewhere (a task's) is not the extension's
	other := maps.Clone(base)
	other["build.gradle"] = "plugins {\n    id 'java'\n    id 'io.quarkus'\n}\n\ntasks {\n    set('package.jar.type', 'uber-jar')\n}\n"
	checkFastJar(t, provider.MustPlan(t, src, provider.Gathered(t, src, other)), "build/quarkus-app")
}

// TestQuarkusNativeIsRefused: a native executable asked for in the configuration fails at plan
// time, naming the setting and the file, and what to do.
func TestQuarkusNativeIsRefused(t *testing.T) {
	src := "language: java\n"
	for _, c := range []struct {
		ctx  map[string]string
		want string
	}{
		{quarkusMaven("src/main/resources/application.yaml", "quarkus:\n  native:\n    enabled: true\n"),
			"quarkus.native.enabled=true in src/main/resources/application.yaml asks Quarkus for a native executable"},
		{quarkusMaven("src/main/resources/application.properties", "%prod.quarkus.package.type=native\n"),
			"%prod.quarkus.package.type=native in src/main/resources/application.properties asks"},
		{map[string]string{"settings.gradle": "", "build.gradle": "plugins {\n    id 'java'\n    id 'io.quarkus'\n}\nquarkus {\n    set('native.enabled', 'true')\n}\n"},
			"quarkus.native.enabled=true in build.gradle's quarkus { } block asks"},
	} {
		provider.Refuses(t, src, provider.Gathered(t, src, c.ctx), c.want, "which the frontend does not build", "the image ships the fast-jar")
	}
	// the native profile of Quarkus's pom is not active by default: the fast-jar
	ok := quarkusMaven()
	ok["pom.xml"] = strings.Replace(ok["pom.xml"], "</project>", "<profiles><profile><id>native</id><activation><property><name>native</name></property></activation>"+
		"<properties><quarkus.native.enabled>true</quarkus.native.enabled></properties></profile></profiles></project>", 1)
	checkFastJar(t, provider.MustPlan(t, src, provider.Gathered(t, src, ok)), "target/quarkus-app")
}
