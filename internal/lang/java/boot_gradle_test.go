package java

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

const bootPlugin = `<build><plugins><plugin><groupId>org.springframework.boot</groupId>` +
	`<artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>`

// bootPluginRepackage is the plugin with its repackage execution, as a build without Boot's
// parent declares it.
const bootPluginRepackage = `<build><plugins><plugin><groupId>org.springframework.boot</groupId>` +
	`<artifactId>spring-boot-maven-plugin</artifactId><executions><execution><goals><goal>repackage</goal></goals>` +
	`</execution></executions></plugin></plugins></build>`

func bootParent(version string) string {
	return `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId>` +
		`<version>` + version + `</version></parent>`
}

func TestSpringBootLayersByVersion(t *testing.T) {
	for _, tc := range []struct{ name, extra, mode, launcher string }{
		{"3.3 parent", bootParent("3.3.1") + bootPlugin, "tools", launcher32},
		{"3.2 parent", bootParent("3.2.5") + bootPlugin, "layertools", launcher32},
		{"2.7 parent", bootParent("2.7.18") + bootPlugin, "layertools", launcherOld},
		{"BOM property", `<properties><spring-boot.version>3.1.0</spring-boot.version></properties>` +
			`<dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId>` +
			`<artifactId>spring-boot-dependencies</artifactId><version>${spring-boot.version}</version>` +
			`<type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>` + bootPluginRepackage,
			"layertools", launcherOld},
		{"unknown version", bootPluginRepackage, "tools", launcher32},
		{"4.0", bootParent("4.0.0-M1") + bootPlugin, "tools", launcher32},
		// the ZIP layout's jar starts with PropertiesLauncher, which honours loader.path (nacos's bootstrap)
		{"ZIP layout", bootParent("3.4.9") + strings.Replace(bootPlugin, "</artifactId></plugin>", "</artifactId><configuration><layout>ZIP</layout></configuration></plugin>", 1),
			"tools", "org.springframework.boot.loader.launch.PropertiesLauncher"},
		{"ZIP layout, Boot 2.7", bootParent("2.7.18") + strings.Replace(bootPlugin, "</artifactId></plugin>", "</artifactId><configuration><layout>ZIP</layout></configuration></plugin>", 1),
			"layertools", "org.springframework.boot.loader.PropertiesLauncher"},
	} {
		p := provider.MustPlan(t, "language: java\n", pomWith(tc.extra))
		b := langtest.Runs(p.Stage("builder"))
		extract := b[len(b)-1]
		if !slices.Equal(extract.Args[1:], []string{lang.ScriptDir + "/boot-extract.sh", outJar, layersDir, tc.mode, classFile(tc.launcher)}) {
			t.Errorf("%s: extract %q", tc.name, extract.Args)
		}
		if !slices.Equal(p.Image.Entrypoint, []string{"java", "-cp", "/app", tc.launcher}) {
			t.Errorf("%s: entrypoint %q", tc.name, p.Image.Entrypoint)
		}
		var layers []string
		for _, c := range langtest.Copies(p.Stage("runtime")) {
			if c.FromStage == "builder" {
				layers = append(layers, c.Paths[0])
			}
		}
		want := []string{"/out/layers/dependencies/", "/out/layers/spring-boot-loader/", "/out/layers/snapshot-dependencies/", "/out/layers/application/"}
		if !slices.Equal(layers, want) {
			t.Errorf("%s: runtime layers %q, want one copy per layer, dependencies first", tc.name, layers)
		}
	}
	// Boot 2.3 jars have no layer index unless asked for: they run as they are.
	p := provider.MustPlan(t, "language: java\n", pomWith(bootParent("2.3.12.RELEASE")+bootPlugin))
	if !slices.Equal(p.Image.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) {
		t.Errorf("Boot 2.3: entrypoint %q", p.Image.Entrypoint)
	}
	// The parent alone does not repackage: the plugin must be in the build.
	p = provider.MustPlan(t, "language: java\n", pomWith(bootParent("3.3.1")))
	if len(langtest.Runs(p.Stage("builder"))) != 3 { // the build, the jar's copy to /out/app.jar and the check that it is there
		t.Errorf("a Boot parent without the plugin is split into layers")
	}
}

func gradle(files map[string]string) lang.Facts { return langtest.WithContext(lang.Facts{}, files) }

func TestGradleBuilds(t *testing.T) {
	groovyBoot := `plugins {
    id 'java'
    id 'org.springframework.boot' version '3.3.2'
    id 'io.spring.dependency-management' version '1.1.6'
}
// id 'com.gradleup.shadow' version '8.3.0' (a comment: not applied)
java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }
`
	p := provider.MustPlan(t, "language: java\n", gradle(map[string]string{"build.gradle": groovyBoot, "settings.gradle": "rootProject.name = 'shop'\n"}))
	deps := p.Stage("deps")
	if deps.Base.Image != "gradle:jdk21" {
		t.Errorf("builder %q, want gradle:jdk21 (toolchain 21, no wrapper)", deps.Base.Image)
	}
	inc := langtest.Copies(deps)[0].Include
	for _, want := range []string{"settings.gradle", "build.gradle.kts", "**/build.gradle", "gradle.properties", "gradle", "buildSrc"} {
		if !slices.Contains(inc, want) {
			t.Errorf("deps copies %q, lacking %s", inc, want)
		}
	}
	fetch := langtest.Runs(deps)[0]
	if fetch.Args[2] != "gradle" || !slices.Contains(fetch.Args, "resolveDependencies") || !slices.Contains(fetch.Args, lang.ScriptDir+"/resolve.gradle") {
		t.Errorf("deps runs %q", fetch.Args)
	}
	if !slices.Contains(fetch.Env, plan.Env{Key: "GRADLE_USER_HOME", Value: "/root/.gradle"}) ||
		slices.ContainsFunc(fetch.Mounts, func(m plan.Mount) bool { return m.Type == plan.MountCache }) {
		t.Errorf("the Gradle home is not in deps' layer: env %v mounts %+v", fetch.Env, fetch.Mounts)
	}
	b := langtest.Runs(p.Stage("builder"))
	if !slices.Contains(b[0].Mounts, plan.Mount{Type: plan.MountCache, ID: "gradle", Target: "/root/.gradle", Sharing: plan.SharingLocked, FromStage: "deps", Source: "/root/.gradle"}) {
		t.Errorf("the build's Gradle home is not seeded from deps: %+v", b[0].Mounts)
	}
	if b[0].Args[len(b[0].Args)-1] != "bootJar" || !slices.Equal(b[1].Args[2:4], []string{"build/libs", ""}) {
		t.Errorf("builder runs %q then %q", b[0].Args, b[1].Args)
	}
	if b[3].Args[4] != "tools" || p.Image.Entrypoint[3] != launcher32 {
		t.Errorf("Boot 3.3 layers: %q, entrypoint %q", b[3].Args, p.Image.Entrypoint)
	}
	if p.Stage("runtime-base").Base.Image != "eclipse-temurin:21-jre" {
		t.Errorf("runtime %q", p.Stage("runtime-base").Base.Image)
	}
	var title string
	for _, l := range p.Image.Labels {
		if l.Key == "org.opencontainers.image.title" {
			title = l.Value
		}
	}
	if title != "shop" {
		t.Errorf("title %q, want rootProject.name", title)
	}

	kts := `plugins {
    application
    alias(libs.plugins.spring.boot)
}
kotlin { jvmToolchain(17) }
`
	catalog := "[versions]\nspringBoot = \"3.2.1\"\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"springBoot\" }\n"
	p = provider.MustPlan(t, "language: java\n", gradle(map[string]string{"build.gradle.kts": kts, "gradle/libs.versions.toml": catalog,
		"gradlew": "#!/bin/sh\n", "gradle/wrapper/gradle-wrapper.properties": "distributionUrl=x\n"}))
	if img := p.Stage("deps").Base.Image; img != "eclipse-temurin:17-jdk" {
		t.Errorf("wrapper build on %q", img)
	}
	b = langtest.Runs(p.Stage("builder"))
	if b[0].Args[2] != "./gradlew" || b[3].Args[4] != "layertools" || p.Image.Entrypoint[3] != launcher32 {
		t.Errorf("catalog Boot 3.2 with the wrapper: %q, %q, %q", b[0].Args, b[3].Args, p.Image.Entrypoint)
	}

	shadow := "plugins {\n  id 'java'\n  id 'com.gradleup.shadow' version '8.3.0'\n}\nsourceCompatibility = JavaVersion.VERSION_11\n"
	p = provider.MustPlan(t, "language: java\n", gradle(map[string]string{"build.gradle": shadow}))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != "shadowJar" || p.Stage("deps").Base.Image != "gradle:jdk11" {
		t.Errorf("shadow build %q on %q", b[0].Args, p.Stage("deps").Base.Image)
	}

	// the release through a variable of the script (kestra's), Groovy and Kotlin
	for _, v := range []string{
		"final targetJavaVersion = JavaVersion.VERSION_21\njava {\n    sourceCompatibility = targetJavaVersion\n}\n",
		"def javaRelease = '21'\nsourceCompatibility = javaRelease\n",
		"val targetJavaVersion: JavaVersion = JavaVersion.toVersion(21)\njava {\n    targetCompatibility = targetJavaVersion\n}\n",
	} {
		p = provider.MustPlan(t, "language: java\n", gradle(map[string]string{"build.gradle": "plugins {\n  id 'java'\n  id 'com.gradleup.shadow' version '8.3.0'\n}\n" + v}))
		if img := p.Stage("deps").Base.Image; img != "gradle:jdk21" {
			t.Errorf("%q: builds on %q, want gradle:jdk21", v, img)
		}
	}
	p = provider.MustPlan(t, "language: java\n", gradle(map[string]string{"build.gradle": "plugins { id 'java' }\nsourceCompatibility = someUndefinedVersion\n"}))
	if img := p.Stage("deps").Base.Image; img != "gradle:jdk17" {
		t.Errorf("an undefined variable: builds on %q, want the default", img)
	}

	// a multi-project build without a root build script, building one subproject
	p = provider.MustPlan(t, "language: java\nentrypoint: services/api\n", gradle(map[string]string{"settings.gradle.kts": "include(\"services:api\")\n"}))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":services:api:assemble" || b[1].Args[2] != "services/api/build/libs" {
		t.Errorf("subproject build %q, jar from %q", b[0].Args, b[1].Args)
	}
}

func TestGradleMirrorIsAToolArg(t *testing.T) {
	p := provider.MustPlan(t, "language: java\nargs: {FLAVOUR: x}\n", gradle(map[string]string{"build.gradle": "plugins { id 'java' }\n"}))
	tool := langtest.ToolArgs(p)
	if !slices.Equal(tool, []string{"GRADLE_MIRROR_URL"}) {
		t.Errorf("tool args %q", tool)
	}
	for _, st := range []string{"deps", "builder", "tester"} {
		if r := langtest.Runs(p.Stage(st))[0]; !slices.Contains(r.UseArgs, "GRADLE_MIRROR_URL") {
			t.Errorf("%s does not get the mirror: %q", st, r.UseArgs)
		}
	}
	if !strings.Contains(gradleScript, "--init-script "+lang.ScriptDir+"/mirror.gradle") ||
		!strings.Contains(mirrorInit, "System.getenv('GRADLE_MIRROR_URL')") {
		t.Errorf("the mirror init script does not read the URL from the environment")
	}
}

func TestBootLayoutFor(t *testing.T) {
	for v, want := range map[string]string{
		"": "tools", "3.3.0": "tools", "3.10.1": "tools", "4.0.0": "tools", "3.2.12": "layertools",
		"3.0.0": "layertools", "2.4.0": "layertools", "3.3.0-SNAPSHOT": "tools", "2.7.18": "layertools",
	} {
		if l, ok := bootLayoutFor(v); !ok || l.mode != want {
			t.Errorf("%q: %+v %v, want %s", v, l, ok, want)
		}
	}
	if _, ok := bootLayoutFor("2.3.12.RELEASE"); ok {
		t.Errorf("Boot 2.3 is layered")
	}
}
