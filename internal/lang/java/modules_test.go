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

// A Maven build in the shape of an initializr-style site: an aggregator whose parent is Spring
// Boot's, a web client module, a library, and one module that repackages the Boot application
// with a classifier beside its plain jar, its version the root's ${revision}.
func mavenSite(site string) map[string]string {
	return map[string]string{
		"pom.xml": `<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.4</version></parent>
  <groupId>org.example.site</groupId><artifactId>site-parent</artifactId><version>${revision}</version><packaging>pom</packaging>
  <properties><revision>2.1.0-SNAPSHOT</revision><java.version>21</java.version></properties>
  <modules><module>client</module><module>site</module><module>support</module></modules>
</project>`,
		"client/pom.xml": `<project><parent><groupId>org.example.site</groupId><artifactId>site-parent</artifactId><version>${revision}</version></parent>
  <artifactId>site-client</artifactId></project>`,
		"support/pom.xml": `<project><parent><groupId>org.example.site</groupId><artifactId>site-parent</artifactId><version>${revision}</version></parent>
  <artifactId>site-support</artifactId><packaging>pom</packaging><modules><module>testing</module></modules></project>`,
		"support/testing/pom.xml": `<project><artifactId>site-testing</artifactId></project>`,
		"site/pom.xml":            site,
	}
}

const siteApp = `<project><parent><groupId>org.example.site</groupId><artifactId>site-parent</artifactId><version>${revision}</version></parent>
  <artifactId>site-web</artifactId>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>
    <executions><execution><id>repackage</id><configuration><classifier>exec</classifier></configuration></execution></executions>
  </plugin></plugins></build>
</project>`

func TestMavenBootModuleIsTheApplication(t *testing.T) {
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, mavenSite(siteApp)))
	b := langtest.Runs(p.Stage("builder"))
	if !slices.Equal(b[0].Args[len(b[0].Args)-4:], []string{"--projects", "site", "--also-make", "package"}) {
		t.Errorf("builds %q, want the site module", b[0].Args)
	}
	if !slices.Equal(b[1].Args[2:4], []string{"site/target", "site-web-2.1.0-SNAPSHOT-exec.jar"}) {
		t.Errorf("takes %q, want the repackaged jar named by the classifier and the root's revision", b[1].Args)
	}
	if b[3].Args[4] != "layertools" || p.Image.Entrypoint[3] != launcher32 {
		t.Errorf("Boot 3.2 (the root's parent) layers: %q, entrypoint %q", b[3].Args, p.Image.Entrypoint)
	}
	if img := p.Stage("runtime-base").Base.Image; img != "eclipse-temurin:21-jre" {
		t.Errorf("runtime %s, want the root's java.version", img)
	}

	// the module named by the spec gets the same reading
	src = "language: java\nentrypoint: site\n"
	if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, mavenSite(siteApp))).Stage("builder")); b[1].Args[3] != "site-web-2.1.0-SNAPSHOT-exec.jar" {
		t.Errorf("entrypoint: site takes %q", b[1].Args)
	}

	// two Boot applications, or none: the spec says which
	ctx := mavenSite(siteApp)
	ctx["client/pom.xml"] = siteApp
	if _, err := provider.TryPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx)); err == nil ||
		!strings.Contains(err.Error(), "several Spring Boot applications (client, site): set `entrypoint`") {
		t.Errorf("two Boot modules: %v", err)
	}
	// the other in the repository's samples (an aggregator named *-samples): the one outside
	ctx = mavenSite(siteApp)
	ctx["pom.xml"] = strings.Replace(ctx["pom.xml"], "<module>support</module>", "<module>site-samples</module>", 1)
	ctx["site-samples/pom.xml"] = `<project><artifactId>site-samples</artifactId><packaging>pom</packaging><modules><module>boot-demo</module></modules></project>`
	ctx["site-samples/boot-demo/pom.xml"] = siteApp
	if b := langtest.Runs(provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx)).Stage("builder")); b[1].Args[2] != "site/target" {
		t.Errorf("a Boot module beside a sample's: takes %q, want site's", b[1].Args)
	}
	ctx = mavenSite(`<project><artifactId>site-web</artifactId></project>`)
	if _, err := provider.TryPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx)); err == nil ||
		!strings.Contains(err.Error(), "only aggregates modules (client, site, support)") || !strings.Contains(err.Error(), "e.g. entrypoint: client") {
		t.Errorf("no Boot module: %v", err)
	}
}

func TestMavenModuleWithAMainClassIsTheApplication(t *testing.T) {
	shaded := `<project><artifactId>web</artifactId><build><plugins><plugin><artifactId>maven-shade-plugin</artifactId>
<executions><execution><phase>package</phase><goals><goal>shade</goal></goals><configuration><transformers>
<transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>com.example.web.App</mainClass></transformer>
</transformers></configuration></execution></executions></plugin></plugins></build></project>`
	assembled := `<project><artifactId>tools</artifactId><build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId>
<configuration><archive><manifest><mainClass>com.example.tools.Bench</mainClass></manifest></archive></configuration>
<executions><execution><phase>package</phase><goals><goal>single</goal></goals></execution></executions></plugin></plugins></build></project>`
	ctx := map[string]string{
		"pom.xml":      `<project><artifactId>parent</artifactId><version>1.0</version><packaging>pom</packaging><modules><module>core</module><module>web</module><module>example</module></modules></project>`,
		"core/pom.xml": `<project><artifactId>core</artifactId></project>`, "web/pom.xml": shaded, "example/pom.xml": assembled,
	}
	src := "language: java\n"
	// no Spring Boot or Quarkus module: the one whose jar names a main class (the example's aside)
	if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder")); b[1].Args[2] != "web/target" ||
		!slices.Contains(b[0].Args, "web") {
		t.Errorf("builds %q, takes %q: want web", b[0].Args, b[1].Args)
	}
	// two: the spec says which
	ctx["pom.xml"] = strings.Replace(ctx["pom.xml"], "<module>example</module>", "<module>tools</module>", 1)
	ctx["tools/pom.xml"] = assembled
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil ||
		!strings.Contains(err.Error(), "several modules whose jars name a main class (web, tools): set `entrypoint`") {
		t.Errorf("two main classes: %v", err)
	}
}

// TestMavenShadedJarOfItsOwnName: the aggregator's one module shades a Vert.x server whose
// manifest entries name the launcher, into target/<artifactId>.jar beside the plain jar (the
// shape of kroki's server): that module, and that jar, are the image's.
func TestMavenShadedJarOfItsOwnName(t *testing.T) {
	server := `<project><parent><artifactId>diagrams</artifactId><version>2.4.0</version></parent><artifactId>diagrams-server</artifactId>
<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><version>3.6.0</version>
<executions><execution><phase>package</phase><goals><goal>shade</goal></goals><configuration><transformers>
<transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><manifestEntries>
<Main-Class>io.vertx.launcher.application.VertxApplication</Main-Class><Main-Verticle>org.example.diagrams.Server</Main-Verticle>
</manifestEntries></transformer></transformers>OUTPUT</configuration></execution></executions></plugin></plugins></build></project>`
	ctx := map[string]string{
		"pom.xml":        `<project><artifactId>diagrams</artifactId><version>2.4.0</version><packaging>pom</packaging><modules><module>server</module></modules></project>`,
		"server/pom.xml": strings.Replace(server, "OUTPUT", "<outputFile>${project.build.directory}/${project.artifactId}.jar</outputFile>", 1),
	}
	src := "language: java\nports: [8000]\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if b := langtest.Runs(p.Stage("builder")); !slices.Contains(b[0].Args, "server") {
		t.Errorf("builds %q: want the server module", b[0].Args)
	}
	takesJar(t, "outputFile", p, "server/target", "diagrams-server.jar")

	// attached beside the plain jar, with its classifier (shaded when none is given)
	ctx["server/pom.xml"] = strings.Replace(server, "OUTPUT", "<shadedArtifactAttached>true</shadedArtifactAttached><shadedClassifierName>fat</shadedClassifierName>", 1)
	takesJar(t, "attached", provider.MustPlan(t, src, provider.Gathered(t, src, ctx)), "server/target", "diagrams-server-2.4.0-fat.jar")
	ctx["server/pom.xml"] = strings.Replace(server, "OUTPUT", "<shadedArtifactAttached>true</shadedArtifactAttached>", 1)
	takesJar(t, "attached, no classifier", provider.MustPlan(t, src, provider.Gathered(t, src, ctx)), "server/target", "diagrams-server-2.4.0-shaded.jar")
	// over the plain jar, its default
	ctx["server/pom.xml"] = strings.Replace(server, "OUTPUT", "", 1)
	takesJar(t, "replacing", provider.MustPlan(t, src, provider.Gathered(t, src, ctx)), "server/target", "diagrams-server-2.4.0.jar")
	// written outside target/: not guessed, the jar step takes the one application jar there
	ctx["server/pom.xml"] = strings.Replace(server, "OUTPUT", "<outputFile>${project.basedir}/../dist/server.jar</outputFile>", 1)
	takesJar(t, "elsewhere", provider.MustPlan(t, src, provider.Gathered(t, src, ctx)), "server/target", "diagrams-server-2.4.0.jar")
}

func TestGradleBootProjectIsTheApplication(t *testing.T) {
	site := "plugins {\n  id 'java'\n  id 'org.springframework.boot' version '2.7.18'\n}\nsourceCompatibility = '11'\n"
	renderer := "plugins {\n  id 'java'\n  id 'org.springframework.boot'\n}\n"
	client := "plugins {\n  id 'base'\n}\n"
	ctx := map[string]string{
		"settings.gradle": "rootProject.name = 'portal'\n\ninclude 'portal-site', 'portal-client'\n",
		"gradlew":         "#!/bin/sh\n", "gradle/wrapper/gradle-wrapper.properties": "distributionUrl=x\n",
		"portal-site/build.gradle": site, "portal-client/build.gradle": client, "portal-renderer/build.gradle.kts": renderer,
	}
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	b := langtest.Runs(p.Stage("builder"))
	if b[0].Args[len(b[0].Args)-1] != ":portal-site:bootJar" || b[1].Args[2] != "portal-site/build/libs" {
		t.Errorf("builds %q, takes %q: want the Boot project", b[0].Args, b[1].Args)
	}
	if b[3].Args[4] != "layertools" || p.Image.Entrypoint[3] != launcherOld || p.Stage("deps").Base.Image != "eclipse-temurin:11-jdk" {
		t.Errorf("Boot 2.7 on Java 11: %q, %q, %s", b[3].Args, p.Image.Entrypoint, p.Stage("deps").Base.Image)
	}

	// a second Boot project (Kotlin DSL, its version declared by the root with apply false)
	ctx["settings.gradle"] = "rootProject.name = 'portal'\ninclude(\n  'portal-site',\n  'portal-client',\n  ':portal-renderer'\n)\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil ||
		!strings.Contains(err.Error(), "several Spring Boot applications (portal-site, portal-renderer): set `entrypoint`") {
		t.Errorf("two Boot projects: %v", err)
	}
	// the second in examples/: the one outside
	ctx["settings.gradle"] = "rootProject.name = 'portal'\ninclude 'portal-site', 'examples:portal-renderer'\n"
	ctx["examples/portal-renderer/build.gradle.kts"] = renderer
	if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":portal-site:bootJar" {
		t.Errorf("a Boot project beside an example's: builds %q, want portal-site's", b[0].Args)
	}
	ctx["settings.gradle"] = "rootProject.name = 'portal'\ninclude(\n  'portal-site',\n  'portal-client',\n  ':portal-renderer'\n)\n"
	ctx["build.gradle"] = "plugins {\n  id 'org.springframework.boot' version '3.3.4' apply false\n}\n"
	src = "language: java\nentrypoint: portal-renderer\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":portal-renderer:bootJar" || b[3].Args[4] != "tools" {
		t.Errorf("renderer, Boot 3.3 from the root: %q, %q", b[0].Args, b[3].Args)
	}

	// no root build script and no Boot project: the only application is built, and with none
	// the root builds no jar, so the spec says which
	delete(ctx, "build.gradle")
	ctx["portal-site/build.gradle"] = "plugins { id 'application' }\n"
	ctx["portal-renderer/build.gradle.kts"] = client
	if b := langtest.Runs(provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx)).Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":portal-site:installDist" {
		t.Errorf("the only application: %q", b[0].Args)
	}
	ctx["portal-site/build.gradle"] = client
	if _, err := provider.TryPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx)); err == nil ||
		!strings.Contains(err.Error(), "no root build script, and includes portal-site, portal-client, portal-renderer") {
		t.Errorf("no root script: %v", err)
	}
	// a root whose subprojects block applies Java builds no jar itself: the Boot project is picked
	ctx["portal-site/build.gradle"] = site
	ctx["build.gradle"] = "subprojects {\n  apply plugin: 'java'\n  repositories { mavenCentral() }\n}\n"
	if b := langtest.Runs(provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx)).Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":portal-site:bootJar" {
		t.Errorf("subprojects block: %q", b[0].Args)
	}
	// a root that builds the application itself (its sources, src/main) keeps it
	ctx["build.gradle"] = "plugins {\n  id 'java'\n  id 'org.springframework.boot' version '3.3.4'\n}\n"
	ctx["portal-site/build.gradle"] = site
	ctx["src/main/java/portal/Portal.java"] = "package portal;\n"
	if b := langtest.Runs(provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx)).Stage("builder")); b[0].Args[len(b[0].Args)-1] != "bootJar" {
		t.Errorf("root application: %q", b[0].Args)
	}
}

// Spring Boot applied by a profile of the parent that a file of the module activates
// (spring-petclinic-microservices: src/main/resources/application.yml): the modules that have
// the file are Boot applications, the others not; a profile only -P activates adds nothing.
func TestMavenBootByAProfile(t *testing.T) {
	ctx := mavenSite(`<project><parent><groupId>org.example.site</groupId><artifactId>site-parent</artifactId><version>${revision}</version></parent>
  <artifactId>site-web</artifactId></project>`)
	ctx["pom.xml"] = strings.Replace(ctx["pom.xml"], "</project>", `<profiles>
    <profile><id>springboot</id><activation><file><exists>${basedir}/src/main/resources/application.yml</exists></file></activation>
      <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></profile>
    <profile><id>docker</id><build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></profile>
  </profiles>
</project>`, 1)
	ctx["site/src/main/resources/application.yml"] = "server.port: 8080\n"
	src := "language: java\n"
	f := provider.Gathered(t, src, ctx)
	if !f.Has("site/src/main/resources/application.yml") || !f.Has("client/pom.xml") {
		t.Fatalf("planning did not read the module's activation file")
	}
	p := provider.MustPlan(t, src, f)
	if b := langtest.Runs(p.Stage("builder")); !slices.Equal(b[0].Args[len(b[0].Args)-4:], []string{"--projects", "site", "--also-make", "package"}) {
		t.Errorf("builds %q, want the site module, the only one the profile makes a Boot application", b[0].Args)
	}
	if p.Image.Entrypoint[3] != launcher32 {
		t.Errorf("entrypoint %q, want Boot's layers and launcher", p.Image.Entrypoint)
	}
	// without the file, no module is a Boot application
	delete(ctx, "site/src/main/resources/application.yml")
	provider.Refuses(t, src, provider.Gathered(t, src, ctx), "only aggregates modules")
}

func TestActivationFile(t *testing.T) {
	for in, want := range map[string]string{
		"src/main/resources/application.yml":                      "src/main/resources/application.yml",
		"${basedir}/src/main/resources/application.yml":           "src/main/resources/application.yml",
		"${project.basedir}/./src/main/resources/application.yml": "src/main/resources/application.yml",
		"src/main/docker":               "", // a directory, perhaps: not asked
		"../shared/app.yml":             "",
		"/etc/app.yml":                  "",
		"${env.HOME}/app.yml":           "",
		"src/*.yml":                     "",
		"${basedir}/${profile.dir}/a.y": "",
	} {
		got, ok := activationFile(in)
		if got != want || ok != (want != "") {
			t.Errorf("activationFile(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// TestMavenQuarkusShipsItsFastJar: a Quarkus module (quarkus-maven-plugin) is built as Quarkus
// builds it by default, and the image gets its fast-jar (target/quarkus-app/) in four layers,
// the dependencies first, as Quarkus's Dockerfile.jvm; the plain jar beside it holds the
// project's classes only. A module whose configuration asks for the uber-jar gets
// <finalName>-runner.jar, which runs alone.
func TestMavenQuarkusShipsItsFastJar(t *testing.T) {
	ctx := map[string]string{
		"pom.xml": `<project><groupId>org.example.heroes</groupId><artifactId>heroes-parent</artifactId><version>1.0</version><packaging>pom</packaging>
  <modules><module>rest-heroes</module><module>rest-villains</module></modules></project>`,
		"rest-heroes/pom.xml": `<project><groupId>org.example.heroes</groupId><artifactId>rest-heroes</artifactId><version>1.0</version>
  <properties><quarkus.platform.group-id>io.quarkus.platform</quarkus.platform.group-id><quarkus.platform.version>3.30.0</quarkus.platform.version>
    <maven.compiler.release>21</maven.compiler.release></properties>
  <build><plugins><plugin><groupId>${quarkus.platform.group-id}</groupId><artifactId>quarkus-maven-plugin</artifactId>
    <version>${quarkus.platform.version}</version><extensions>true</extensions></plugin></plugins></build>
</project>`,
		"rest-villains/pom.xml": `<project><groupId>org.example.heroes</groupId><artifactId>rest-villains</artifactId><version>1.0</version></project>`,
	}
	src := "language: java\nentrypoint: rest-heroes\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	b := langtest.Runs(p.Stage("builder"))
	if want := []string{"-DskipTests", "--projects", "rest-heroes", "--also-make", "package"}; !slices.Equal(b[0].Args[len(b[0].Args)-len(want):], want) {
		t.Errorf("builds %q, want Quarkus's own packaging", b[0].Args)
	}
	checkFastJar(t, p, "rest-heroes/target/quarkus-app")
	// the uber-jar when the module's configuration asks for it, whichever property says so
	for _, props := range []string{"quarkus.package.jar.type=uber-jar\n", "%prod.quarkus.package.jar.type = uber-jar\n",
		"quarkus.package.type: uber-jar\n", "quarkus.package.uber-jar=true\n"} {
		uber := maps.Clone(ctx)
		uber["rest-heroes/src/main/resources/application.properties"] = "# settings\nquarkus.http.port=8083\n" + props
		p := provider.MustPlan(t, src, provider.Gathered(t, src, uber))
		if b := langtest.Runs(p.Stage("builder")); strings.Contains(strings.Join(b[0].Args, " "), "quarkus") ||
			!slices.Equal(b[1].Args[1:4], []string{lang.ScriptDir + "/pick-jar.sh", "rest-heroes/target", "rest-heroes-1.0-runner.jar"}) {
			t.Errorf("%q: builds %q, takes %q, want the runner jar", props, b[0].Args, b[1].Args)
		}
	}
	// a pom property asks for it too; fast-jar named, or the dev profile's uber-jar, does not
	uber := maps.Clone(ctx)
	uber["rest-heroes/pom.xml"] = strings.Replace(ctx["rest-heroes/pom.xml"], "<properties>", "<properties><quarkus.package.jar.type>uber-jar</quarkus.package.jar.type>", 1)
	if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, uber)).Stage("builder")); b[1].Args[3] != "rest-heroes-1.0-runner.jar" {
		t.Errorf("pom property: takes %q, want the runner jar", b[1].Args)
	}
	fast := maps.Clone(ctx)
	fast["rest-heroes/src/main/resources/application.properties"] = "%dev.quarkus.package.jar.type=uber-jar\nquarkus.package.jar.type=fast-jar\n"
	checkFastJar(t, provider.MustPlan(t, src, provider.Gathered(t, src, fast)), "rest-heroes/target/quarkus-app")
	// without entrypoint: the only Quarkus module is the application; two are named
	src = "language: java\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	checkFastJar(t, p, "rest-heroes/target/quarkus-app")
	two := maps.Clone(ctx)
	two["rest-villains/pom.xml"] = strings.Replace(ctx["rest-heroes/pom.xml"], "rest-heroes", "rest-villains", 1)
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, two)); err == nil ||
		!strings.Contains(err.Error(), "pom.xml aggregates several Quarkus applications (rest-heroes, rest-villains): set `entrypoint`") {
		t.Errorf("two Quarkus services: %v", err)
	}
	// a module without Quarkus is built and taken as before
	src = "language: java\nentrypoint: rest-villains\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	b = langtest.Runs(p.Stage("builder"))
	if strings.Contains(strings.Join(b[0].Args, " "), "quarkus") || !slices.Equal(b[1].Args[2:4], []string{"rest-villains/target", "rest-villains-1.0.jar"}) {
		t.Errorf("not Quarkus: builds %q, takes %q", b[0].Args, b[1].Args)
	}
}

// builderCopies are the runtime's copies from the builder, each "paths -> dest".
func builderCopies(p *plan.Plan) []string {
	var out []string
	for _, c := range langtest.Copies(p.Stage("runtime")) {
		if c.FromStage == "builder" {
			out = append(out, strings.Join(c.Paths, " ")+" -> "+c.Dest)
		}
	}
	return out
}

// checkFastJar checks a plan that ships Quarkus's fast-jar built into dir: the builder's copy
// of it, and the runtime's four layers, lib/ first, started with java -jar quarkus-run.jar.
func checkFastJar(t *testing.T, p *plan.Plan, dir string) {
	t.Helper()
	b := langtest.Runs(p.Stage("builder"))
	if !slices.ContainsFunc(b, func(r *plan.Run) bool {
		return slices.Equal(r.Args[1:], []string{lang.ScriptDir + "/pick-quarkus-app.sh", dir, "/out/quarkus-app"})
	}) {
		t.Errorf("builder does not copy the fast-jar %s: %q", dir, b[1].Args)
	}
	got := builderCopies(p)
	want := []string{"/out/quarkus-app/lib/ -> /app/lib/", "/out/quarkus-app/quarkus-run.jar -> /app/quarkus-run.jar",
		"/out/quarkus-app/app/ -> /app/app/", "/out/quarkus-app/quarkus/ -> /app/quarkus/"}
	if !slices.Equal(got, want) {
		t.Errorf("runtime copies %q, want %q", got, want)
	}
	if ep := p.Image.Entrypoint; !slices.Equal(ep, []string{"java", "-jar", "/app/quarkus-run.jar"}) {
		t.Errorf("entrypoint %q", ep)
	}
}

// TestGradleQuarkusShipsItsFastJar: a Gradle project applying io.quarkus runs quarkusBuild, and
// the image gets the fast-jar Quarkus writes into build/quarkus-app/ (build/libs holds the
// plain jar); with the uber-jar asked for (application.properties, gradle.properties), the one
// jar quarkusBuild writes into build/. A root that declares the plugin with `apply false` is
// not one.
func TestGradleQuarkusShipsItsFastJar(t *testing.T) {
	ctx := map[string]string{
		"settings.gradle.kts": "rootProject.name = \"greeter\"\n",
		"build.gradle.kts":    "plugins {\n    java\n    id(\"io.quarkus\")\n}\n\ndependencies {\n    implementation(enforcedPlatform(\"io.quarkus.platform:quarkus-bom:3.30.0\"))\n    implementation(\"io.quarkus:quarkus-rest\")\n}\n",
		"gradle.properties":   "quarkusPluginVersion=3.30.0\n",
	}
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	b := langtest.Runs(p.Stage("builder"))
	if want := []string{"--no-daemon", "--console=plain", "quarkusBuild"}; !slices.Equal(b[0].Args[len(b[0].Args)-3:], want) {
		t.Errorf("builds %q, want quarkusBuild", b[0].Args)
	}
	checkFastJar(t, p, "build/quarkus-app")
	for file, text := range map[string]string{"src/main/resources/application.properties": "quarkus.package.jar.type=uber-jar\n",
		"gradle.properties": "quarkusPluginVersion=3.30.0\nquarkus.package.type=uber-jar\n"} {
		uber := maps.Clone(ctx)
		uber[file] = text
		if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, uber)).Stage("builder")); !slices.Equal(b[1].Args[1:4], []string{lang.ScriptDir + "/pick-jar.sh", "build", ""}) {
			t.Errorf("uber-jar in %s: takes %q, want the one jar in build/", file, b[1].Args)
		}
	}
	// a subproject's
	sub := map[string]string{"settings.gradle": "include 'app'\n", "app/build.gradle": "plugins {\n    id 'java'\n    id 'io.quarkus'\n}\n"}
	p = provider.MustPlan(t, "language: java\nentrypoint: app\n", provider.Gathered(t, "language: java\nentrypoint: app\n", sub))
	checkFastJar(t, p, "app/build/quarkus-app")
	sub["app/src/main/resources/application.properties"] = "quarkus.package.jar.type=uber-jar\n"
	if b := langtest.Runs(provider.MustPlan(t, "language: java\nentrypoint: app\n", provider.Gathered(t, "language: java\nentrypoint: app\n", sub)).Stage("builder")); b[1].Args[2] != "app/build" {
		t.Errorf("subproject's uber-jar: takes %q", b[1].Args)
	}
	ctx["build.gradle.kts"] = "plugins {\n    java\n    application\n    id(\"io.quarkus\") version \"3.30.0\" apply false\n}\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if b = langtest.Runs(p.Stage("builder")); strings.Contains(strings.Join(b[0].Args, " "), "quarkus") || b[1].Args[2] != "build/install" {
		// not Quarkus's: the application plugin's installDist layout (TestApplicationShipsItsInstallDist)
		t.Errorf("apply false: builds %q, takes %q", b[0].Args, b[1].Args)
	}
}

// TestGradleApplicationProjectIsBuilt: a root script that builds no jar (micronaut-starter's
// convention plugins) over projects of which none applies Spring Boot: the only one building a
// runnable jar or layout (Shadow, the application plugin or Micronaut's, Quarkus) is built, not
// the root's assemble, whose build/libs would hold no jar; several fail at plan time naming
// them, the suggestion a server by its name.
func TestGradleApplicationProjectIsBuilt(t *testing.T) {
	ctx := map[string]string{
		"settings.gradle":                "rootProject.name = 'starter'\ninclude 'starter-core'\ninclude 'starter-web-netty'\n",
		"build.gradle":                   "plugins {\n    id \"io.example.internal.aggregator\"\n    id(\"io.micronaut.application\") version(\"4.5.0\") apply false\n}\n",
		"starter-core/build.gradle":      "plugins {\n    id \"io.example.internal.convention\"\n}\n",
		"starter-web-netty/build.gradle": "plugins {\n    id \"io.example.internal.convention\"\n    id \"com.github.johnrengelman.shadow\"\n    id \"io.micronaut.application\"\n}\nmicronaut {\n    runtime \"netty\"\n}\napplication {\n    mainClass = \"example.Application\"\n}\n",
	}
	src := "language: java\n"
	b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder"))
	if b[0].Args[len(b[0].Args)-1] != ":starter-web-netty:shadowJar" || b[1].Args[2] != "starter-web-netty/build/libs" {
		t.Errorf("builds %q, takes %q: want starter-web-netty's shadow jar", b[0].Args, b[1].Args)
	}
	// Micronaut's plugin alone is an application (its installDist layout)
	ctx["starter-web-netty/build.gradle"] = "plugins {\n    id(\"io.micronaut.application\")\n}\n"
	if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":starter-web-netty:installDist" {
		t.Errorf("Micronaut's application plugin: %q", b[0].Args)
	}
	// declared with apply false, it is not the root's
	if g := newGradleFile(ctx["build.gradle"], ""); g.application() || !newGradleFile(ctx["starter-web-netty/build.gradle"], "").application() {
		t.Errorf("apply false: application() %v", g.application())
	}
	ctx["settings.gradle"] += "include 'starter-cli'\ninclude 'starter-api'\n"
	ctx["starter-cli/build.gradle"] = "plugins {\n    id \"io.micronaut.application\"\n}\n"
	ctx["starter-api/build.gradle"] = "plugins {\n    id \"java-library\"\n}\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil ||
		!strings.Contains(err.Error(), "several applications (starter-web-netty, starter-cli): set `entrypoint`") ||
		!strings.Contains(err.Error(), "e.g. entrypoint: starter-web-netty") {
		t.Errorf("two applications: %v", err)
	}
}

// TestGradleRootWithoutSourcesBuildsItsApplication: a root script that applies Spring Boot
// (and java) for its projects but has no sources of its own builds the included Spring Boot
// project, not an empty root jar; settings that rename the projects get the task run in the
// project's directory (-p), its path no longer being ':' + the directory; a root with
// src/main, or with source directories of its own, is the application as before.
func TestGradleRootWithoutSourcesBuildsItsApplication(t *testing.T) {
	ctx := map[string]string{
		"settings.gradle": "rootProject.name = 'flows'\ninclude 'core'\ninclude 'server'\n",
		"build.gradle": "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.5.3'\n}\nallprojects {\n    apply plugin: 'java-library'\n" +
			"    bootJar {\n        enabled = false\n    }\n}\ntask report {\n    def main = subprojects.collect { it.sourceSets.main.allJava }\n}\n",
		"core/build.gradle":   "dependencies {\n    api 'org.slf4j:slf4j-api:2.0.16'\n}\n",
		"server/build.gradle": "plugins {\n    id 'org.springframework.boot'\n}\nbootJar {\n    archiveClassifier = 'boot'\n}\n",
	}
	src := "language: java\n"
	build := func() []string {
		return langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder"))[0].Args
	}
	jarDir := func() string {
		return langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder"))[1].Args[2]
	}
	if b := build(); b[len(b)-1] != ":server:bootJar" || jarDir() != "server/build/libs" {
		t.Errorf("builds %q from %s: want server's boot jar", b, jarDir())
	}
	ctx["settings.gradle"] += "rootProject.children.each { it.name = \"flows-${it.name}\" }\n"
	if b := build(); !slices.Equal(b[len(b)-3:], []string{"-p", "server", "bootJar"}) || jarDir() != "server/build/libs" {
		t.Errorf("renamed projects: builds %q from %s: want -p server bootJar", b, jarDir())
	}
	if !renamesProjects("project(':core').name = 'flows-core'\n") || renamesProjects("rootProject.name = 'flows'\n// it.name = 'x'\n") {
		t.Errorf("renamesProjects")
	}
	ctx["src/main/java/flows/App.java"] = "package flows;\n"
	if b := build(); b[len(b)-1] != "bootJar" || slices.Contains(b, "-p") || jarDir() != "build/libs" {
		t.Errorf("a root with sources: builds %q from %s: want its own boot jar", b, jarDir())
	}
	delete(ctx, "src/main/java/flows/App.java")
	ctx["build.gradle"] += "sourceSets {\n    main {\n        java {\n            srcDirs = ['app']\n        }\n    }\n}\n"
	if b := build(); b[len(b)-1] != "bootJar" || jarDir() != "build/libs" {
		t.Errorf("a root with source directories of its own: builds %q from %s", b, jarDir())
	}
}

// TestMavenProfileMainClassIsSuggested: an aggregator none of whose modules' jars names a main
// class in the default build, one of which shades its main class only under a profile -P must
// name, fails suggesting that module and the profile, not the first module; a profile active by
// default is the build's own (its module is built), and two such modules keep the plain hint.
func TestMavenProfileMainClassIsSuggested(t *testing.T) {
	shadedIn := func(id, activation string) string {
		return `<project><artifactId>relay</artifactId><profiles><profile><id>` + id + `</id>` + activation + `<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId>
<executions><execution><goals><goal>shade</goal></goals><configuration><transformers>
<transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer"><mainClass>com.example.relay.RelayServer</mainClass></transformer>
</transformers></configuration></execution></executions></plugin></plugins></build></profile></profiles></project>`
	}
	ctx := map[string]string{
		"pom.xml":      `<project><artifactId>parent</artifactId><version>1.0</version><packaging>pom</packaging><modules><module>docs</module><module>relay</module></modules></project>`,
		"docs/pom.xml": `<project><artifactId>docs</artifactId></project>`, "relay/pom.xml": shadedIn("fat", ""),
	}
	src := "language: java\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil ||
		!strings.Contains(err.Error(), "only aggregates modules (docs, relay)") ||
		!strings.Contains(err.Error(), "e.g. entrypoint: relay (its fat profile's plugin names the main class com.example.relay.RelayServer), with a `build.command` that runs Maven with -Pfat") {
		t.Errorf("a profile's main class: %v", err)
	}
	ctx["relay/pom.xml"] = shadedIn("fat", "<activation><activeByDefault>true</activeByDefault></activation>")
	if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder")); b[1].Args[2] != "relay/target" {
		t.Errorf("active by default: takes %q", b[1].Args)
	}
	ctx["relay/pom.xml"] = shadedIn("fat", "")
	ctx["docs/pom.xml"] = strings.Replace(shadedIn("site", ""), "<artifactId>relay</artifactId>", "<artifactId>docs</artifactId>", 1)
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil || !strings.Contains(err.Error(),
		"e.g. entrypoint: docs (its site profile's plugin names the main class com.example.relay.RelayServer), or relay (its fat profile's plugin names the main class com.example.relay.RelayServer), with a `build.command` that runs Maven with that -P profile") {
		t.Errorf("two profiles' main classes: %v", err)
	}
}

// TestPackagingPluginWithoutExecutionRunsNot: Maven runs spring-boot-maven-plugin's repackage,
// maven-shade-plugin's shade and maven-assembly-plugin's single only through an execution, which
// spring-boot-starter-parent declares for the first two and a build without it declares itself.
// nacos (no parent at all) has a library module naming spring-boot-maven-plugin bare and modules
// naming maven-assembly-plugin's manifest bare: each builds a plain jar, so none is the
// application; its server's jar is repackaged only under a profile, which the error names. Were
// a parent outside the context (a company's), the plugin would be taken to run, as before.
func TestPackagingPluginWithoutExecutionRunsNot(t *testing.T) {
	bare := `<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>`
	assembledBare := `<build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId><configuration><archive><manifest>
<mainClass>com.example.naming.NamingApp</mainClass></manifest></archive></configuration></plugin></plugins></build>`
	server := `<profiles><profile><id>release-server</id><build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>
<configuration><mainClass>com.example.Bootstrap</mainClass></configuration><executions><execution><goals><goal>repackage</goal></goals></execution></executions>
</plugin></plugins></build></profile></profiles>`
	module := func(name, parent, build string) string {
		return `<project>` + parent + `<artifactId>` + name + `</artifactId>` + build + `</project>`
	}
	reg := `<parent><artifactId>registry</artifactId></parent>`
	ctx := map[string]string{
		"pom.xml":           `<project><artifactId>registry</artifactId><version>1.0</version><packaging>pom</packaging><modules><module>client</module><module>naming</module><module>bootstrap</module></modules></project>`,
		"client/pom.xml":    module("client", reg, bare),
		"naming/pom.xml":    module("naming", reg, assembledBare),
		"bootstrap/pom.xml": module("bootstrap", reg, server),
	}
	src := "language: java\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil ||
		!strings.Contains(err.Error(), "only aggregates modules (client, naming, bootstrap)") ||
		!strings.Contains(err.Error(), "e.g. entrypoint: bootstrap (its release-server profile's plugin names the main class com.example.Bootstrap), with a `build.command` that runs Maven with -Prelease-server") {
		t.Errorf("bare plugins: %v", err)
	}
	for _, tc := range []struct{ name, root, want string }{
		// Boot's parent binds repackage: the client is a Spring Boot application after all
		{"spring-boot-starter-parent", `<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.5.0</version></parent>`, "client/target"},
		// a company's parent may bind it: taken to
		{"a parent outside the context", `<parent><groupId>com.example</groupId><artifactId>company-parent</artifactId><version>7</version></parent>`, "client/target"},
	} {
		c := maps.Clone(ctx)
		c["pom.xml"] = strings.Replace(c["pom.xml"], "<project>", "<project>"+tc.root, 1)
		if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, c)).Stage("builder")); b[1].Args[2] != tc.want {
			t.Errorf("%s: takes %q, want %s", tc.name, b[1].Args, tc.want)
		}
	}
	// the execution declared in the root's plugin management
	c := maps.Clone(ctx)
	c["pom.xml"] = strings.Replace(c["pom.xml"], "</modules>", `</modules><build><pluginManagement><plugins><plugin><groupId>org.springframework.boot</groupId>
<artifactId>spring-boot-maven-plugin</artifactId><executions><execution><id>repackage</id><goals><goal>repackage</goal></goals></execution></executions></plugin></plugins></pluginManagement></build>`, 1)
	if b := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, c)).Stage("builder")); b[1].Args[2] != "client/target" {
		t.Errorf("managed execution: takes %q", b[1].Args)
	}
}

// TestCatalogAliasApplyFalseAppliesNothing: a version catalog alias declared with `apply false`
// does not apply the plugin. halo's platform/application is a java-platform project whose
// plugins block names Spring Boot's alias with `apply false` (for the BOM's coordinates); it was
// taken for a second Spring Boot application beside application/, and planning failed asking
// for `entrypoint`.
func TestCatalogAliasApplyFalseAppliesNothing(t *testing.T) {
	catalog := "[versions]\nboot = \"3.5.3\"\n\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\n" +
		"quarkus = { id = \"io.quarkus\", version = \"3.30.0\" }\nshadow = { id = \"com.gradleup.shadow\", version = \"9.0.0\" }\n"
	for _, tc := range []struct {
		name, script             string
		boot, quarkus, shadowJar bool
	}{
		{"applied", "plugins {\n    id 'java'\n    alias(libs.plugins.spring.boot)\n}\n", true, false, false},
		{"apply false", "plugins {\n    id 'java-platform'\n    alias(libs.plugins.spring.boot) apply false\n}\n", false, false, false},
		{"Kotlin apply(false)", "plugins {\n    `java-platform`\n    alias(libs.plugins.spring.boot) apply(false)\n    alias(libs.plugins.quarkus) apply false\n    alias(libs.plugins.shadow) apply false\n}\n", false, false, false},
		{"Quarkus and Shadow applied", "plugins {\n    alias(libs.plugins.quarkus)\n    alias(libs.plugins.shadow)\n}\n", false, true, true},
	} {
		g := newGradleFile(tc.script, catalog)
		boot, _ := g.springBoot()
		if boot != tc.boot || g.quarkus() != tc.quarkus || g.shadow() != tc.shadowJar {
			t.Errorf("%s: boot %v quarkus %v shadow %v, want %v %v %v", tc.name, boot, g.quarkus(), g.shadow(), tc.boot, tc.quarkus, tc.shadowJar)
		}
	}
	if v := newGradleFile("plugins {\n    alias(libs.plugins.spring.boot) apply false\n}\n", catalog).bootPluginVersion(); v != "3.5.3" {
		t.Errorf("the version an apply false alias declares: %q", v)
	}

	// halo's shape: application/ applies Boot, platform/application only names it
	ctx := map[string]string{
		"settings.gradle":                   "rootProject.name = 'halo'\ninclude 'api', 'application', 'platform:application'\n",
		"build.gradle":                      "plugins {\n    id 'java'\n}\n",
		"gradle/libs.versions.toml":         catalog,
		"api/build.gradle":                  "plugins {\n    id 'java-library'\n}\n",
		"application/build.gradle":          "plugins {\n    id 'java'\n    alias(libs.plugins.spring.boot)\n}\n",
		"platform/application/build.gradle": "plugins {\n    id 'java-platform'\n    alias(libs.plugins.spring.boot) apply false\n}\n",
	}
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != ":application:bootJar" {
		t.Errorf("builds %q, want :application:bootJar", b[0].Args)
	}
}

// TestBuildCommandProfilesAreActive: the profiles the spec's build.command activates with -P are
// read as active, as Maven runs them: their plugins (the module they repackage is the
// application) and their build's finalName (nacos's release-nacos profile writes
// bootstrap/target/nacos-server.jar, where the jar step looked for nacos-bootstrap-<version>.jar).
func TestBuildCommandProfilesAreActive(t *testing.T) {
	server := `<project><parent><artifactId>registry</artifactId></parent><artifactId>registry-bootstrap</artifactId><version>2.0</version>
<profiles><profile><id>release-server</id><build><finalName>registry-server</finalName><plugins><plugin><groupId>org.springframework.boot</groupId>
<artifactId>spring-boot-maven-plugin</artifactId><version>3.4.0</version><configuration><mainClass>com.example.Bootstrap</mainClass></configuration>
<executions><execution><goals><goal>repackage</goal></goals></execution></executions></plugin></plugins></build></profile></profiles></project>`
	ctx := map[string]string{
		"pom.xml":           `<project><artifactId>registry</artifactId><version>2.0</version><packaging>pom</packaging><modules><module>client</module><module>bootstrap</module></modules></project>`,
		"client/pom.xml":    `<project><parent><artifactId>registry</artifactId></parent><artifactId>client</artifactId></project>`,
		"bootstrap/pom.xml": server,
	}
	for _, tc := range []struct{ name, command string }{
		{"-Pid", "mvn -B -Prelease-server -DskipTests package"},
		{"-P id, a list", "mvn -P other,release-server package"},
		{"--activate-profiles=", "mvn --activate-profiles=release-server package"},
		{"an exec list", "[mvn, -Prelease-server, package]"},
	} {
		src := "language: java\nbuild:\n  command: " + tc.command + "\n"
		p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
		b := langtest.Runs(p.Stage("builder"))
		if b[1].Args[2] != "bootstrap/target" || b[1].Args[3] != "registry-server.jar" || !strings.HasSuffix(p.Image.Entrypoint[len(p.Image.Entrypoint)-1], "JarLauncher") {
			t.Errorf("%s: takes %q, runs %q", tc.name, b[1].Args, p.Image.Entrypoint)
		}
	}
	// deactivated, or not named: the aggregator's error, as before
	for _, command := range []string{"mvn -P!release-server package", "mvn package"} {
		src := "language: java\nbuild:\n  command: " + command + "\n"
		if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil || !strings.Contains(err.Error(), "e.g. entrypoint: bootstrap (its release-server profile") {
			t.Errorf("%s: %v", command, err)
		}
	}
	if got := cmdProfiles([]string{"mvn", "-Pa,!b,-c", "-P", "d", "--activate-profiles", "e"}); !slices.Equal(got, []string{"a", "d", "e"}) {
		t.Errorf("cmdProfiles: %q", got)
	}
}

// TestGradleShadowDeclaredAtTheRoot: a root that declares the Shadow plugin with `apply false`,
// asks about it in a subprojects { } block (`pluginManager.withPlugin`) and sets the included
// projects' source directories there builds no jar of its own: the included project that
// applies Shadow is built (reposilite's backend), not `shadowJar` at the root, whose
// build/libs stays empty.
func TestGradleShadowDeclaredAtTheRoot(t *testing.T) {
	ctx := map[string]string{
		"settings.gradle.kts": "rootProject.name = \"depot-parent\"\ninclude(\n    \"depot-frontend\",\n    \"depot-backend\"\n)\n",
		"build.gradle.kts": "plugins {\n    `java-library`\n    application\n    kotlin(\"jvm\") version \"2.1.0\"\n" +
			"    id(\"com.gradleup.shadow\") version \"9.0.0\" apply false\n}\n" +
			"allprojects {\n    apply(plugin = \"java-library\")\n    apply(plugin = \"application\")\n}\n" +
			"subprojects {\n    pluginManager.withPlugin(\"com.gradleup.shadow\") {\n        println(\"shadow\")\n    }\n" +
			"    sourceSets.main {\n        java.srcDirs(\"src/main/kotlin\")\n    }\n}\n",
		"depot-frontend/build.gradle.kts": "dependencies {\n}\n",
		"depot-backend/build.gradle.kts": "plugins {\n    kotlin(\"jvm\")\n    id(\"com.gradleup.shadow\")\n}\n" +
			"application {\n    mainClass.set(\"com.example.depot.LauncherKt\")\n}\n",
	}
	src := "language: java\n"
	runs := langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder"))
	if b := runs[0].Args; b[len(b)-1] != ":depot-backend:shadowJar" || runs[1].Args[2] != "depot-backend/build/libs" {
		t.Errorf("builds %q from %s: want depot-backend's shadow jar", b, runs[1].Args[2])
	}
	for text, want := range map[string]bool{
		`id("com.gradleup.shadow") version "9.0.0" apply false`:       false,
		`pluginManager.withPlugin("com.gradleup.shadow") {`:           false,
		`id("com.gradleup.shadow")`:                                   true,
		`id 'com.github.johnrengelman.shadow' version '8.1.1'`:        true,
		"apply plugin: 'com.github.johnrengelman.shadow'":             true,
		`id("io.github.goooler.shadow") version "8.1.8" apply(false)`: false,
	} {
		if got := newGradleFile(text, "").shadow(); got != want {
			t.Errorf("shadow(%s) = %v, want %v", text, got, want)
		}
	}
}

// TestModulesOfAProfileActiveByDefault: a root pom that lists its modules only in profiles, one
// of them active by default (code.quarkus.io's community-app), aggregates that profile's
// modules: the Quarkus application among them is built, not an error naming no module. A
// profile the build.command activates deactivates the default one, as in Maven.
func TestModulesOfAProfileActiveByDefault(t *testing.T) {
	quarkusApp := `<project><parent><artifactId>finder-parent</artifactId></parent><artifactId>finder-app</artifactId><version>1.0</version>
  <build><plugins><plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.30.0</version>
    <extensions>true</extensions></plugin></plugins></build></project>`
	ctx := map[string]string{
		"pom.xml": `<project><artifactId>finder-parent</artifactId><version>1.0</version><packaging>pom</packaging>
  <profiles>
    <profile><id>lib</id><activation><property><name>lib</name></property></activation><modules><module>core</module></modules></profile>
    <profile><id>app</id><activation><activeByDefault>true</activeByDefault></activation><modules><module>core</module><module>app</module></modules></profile>
    <profile><id>checks</id><activation><property><name>checks</name></property></activation><modules><module>checks</module></modules></profile>
  </profiles></project>`,
		"core/pom.xml":   `<project><parent><artifactId>finder-parent</artifactId></parent><artifactId>finder-core</artifactId></project>`,
		"app/pom.xml":    quarkusApp,
		"checks/pom.xml": quarkusApp,
	}
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	b := langtest.Runs(p.Stage("builder"))
	if want := []string{"--projects", "app", "--also-make", "package"}; !slices.Equal(b[0].Args[len(b[0].Args)-len(want):], want) {
		t.Errorf("builds %q, want the default profile's application module", b[0].Args)
	}
	checkFastJar(t, p, "app/target/quarkus-app")

	// -Plib deactivates the default profile: core alone, which runs nothing
	src = "language: java\nbuild:\n  command: mvn -Plib package\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil || !strings.Contains(err.Error(), "only aggregates modules (core)") {
		t.Errorf("-Plib: %v", err)
	}
	// naming the default profile with another keeps it
	src = "language: java\nbuild:\n  command: mvn -Plib,app package\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err != nil {
		t.Errorf("-Plib,app: %v", err)
	}
}

// TestDemoModulesAreNotTheApplication: a Spring Boot module beside a Quarkus one in the
// repository's demos (Sentinel's sentinel-demo/sentinel-demo-quarkus beside its dashboard) is
// built alone, as a module beside a samples directory is.
func TestDemoModulesAreNotTheApplication(t *testing.T) {
	boot := `<project><parent><artifactId>guard-parent</artifactId></parent><artifactId>guard-console</artifactId>
  <properties><spring.boot.version>2.7.18</spring.boot.version></properties>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>${spring.boot.version}</version>
    <executions><execution><goals><goal>repackage</goal></goals></execution></executions></plugin></plugins></build></project>`
	quarkusDemo := `<project><parent><artifactId>guard-demo</artifactId></parent><artifactId>guard-demo-quarkus</artifactId>
  <build><plugins><plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.30.0</version>
    <extensions>true</extensions></plugin></plugins></build></project>`
	for _, demo := range []string{"guard-demo", "demos", "guard_demo"} {
		ctx := map[string]string{
			"pom.xml": `<project><artifactId>guard-parent</artifactId><version>1.0</version><packaging>pom</packaging>
  <modules><module>guard-core</module><module>guard-console</module><module>` + demo + `</module></modules></project>`,
			"guard-core/pom.xml":    `<project><parent><artifactId>guard-parent</artifactId></parent><artifactId>guard-core</artifactId></project>`,
			"guard-console/pom.xml": boot,
			demo + "/pom.xml": `<project><parent><artifactId>guard-parent</artifactId></parent><artifactId>guard-demo</artifactId><packaging>pom</packaging>
  <modules><module>guard-demo-quarkus</module></modules></project>`,
			demo + "/guard-demo-quarkus/pom.xml": quarkusDemo,
		}
		src := "language: java\n"
		p, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx))
		if err != nil {
			t.Errorf("%s: %v", demo, err)
			continue
		}
		if b := langtest.Runs(p.Stage("builder")); !slices.Contains(b[0].Args, "guard-console") {
			t.Errorf("%s: builds %q, want the console", demo, b[0].Args)
		}
	}
}

// TestMavenBootSkippedIsNoApplication: a library module under Spring Boot's parent that names
// spring-boot-maven-plugin only to skip it (`<skip>true</skip>`, hertzbeat's AI module) builds a
// plain jar, no Boot application; the application is the module beside it whose jar names a
// main class. The same for a skip in an execution, in the plugin management above, or the
// spring-boot.repackage.skip property; a skip of false is none.
func TestMavenBootSkippedIsNoApplication(t *testing.T) {
	build := func(ai string) map[string]string {
		return map[string]string{
			"pom.xml": `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent>
  <groupId>org.example.watch</groupId><artifactId>watch</artifactId><version>1.0</version><packaging>pom</packaging>
  <properties><skip.boot>true</skip.boot></properties>
  <modules><module>watch-server</module><module>watch-ai</module></modules></project>`,
			"watch-server/pom.xml": `<project><parent><artifactId>watch</artifactId></parent><artifactId>watch-server</artifactId>
  <dependencies><dependency><groupId>org.example.watch</groupId><artifactId>watch-ai</artifactId></dependency></dependencies>
  <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest>
    <mainClass>org.example.watch.WatchApplication</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
			"watch-ai/pom.xml": `<project><parent><artifactId>watch</artifactId></parent><artifactId>watch-ai</artifactId>` + ai + `</project>`,
		}
	}
	boot := func(conf string) string {
		return `<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>` + conf + `</plugin></plugins></build>`
	}
	src := "language: java\n"
	for _, c := range []struct{ name, ai, want string }{
		{"skip", boot("<configuration><skip>true</skip></configuration>"), "watch-server"},
		{"a property", boot("<configuration><skip>${skip.boot}</skip></configuration>"), "watch-server"},
		{"every execution", boot("<executions><execution><goals><goal>repackage</goal></goals><configuration><skip>true</skip></configuration></execution></executions>"), "watch-server"},
		{"the repackage property", `<properties><spring-boot.repackage.skip>true</spring-boot.repackage.skip></properties>` + boot(""), "watch-server"},
		{"managed above", boot("") + `<build><pluginManagement><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>
  <configuration><skip>true</skip></configuration></plugin></plugins></pluginManagement></build>`, "watch-server"},
		{"skip false", boot("<configuration><skip>false</skip></configuration>"), "watch-ai"},
	} {
		ctx := build(c.ai)
		if c.name == "managed above" {
			// the skip in the root's plugin management, the plugin in the module's plugins
			ctx["pom.xml"] = strings.Replace(ctx["pom.xml"], "<modules>", `<build><pluginManagement><plugins><plugin><groupId>org.springframework.boot</groupId>
  <artifactId>spring-boot-maven-plugin</artifactId><configuration><skip>true</skip></configuration></plugin></plugins></pluginManagement></build><modules>`, 1)
			ctx["watch-ai/pom.xml"] = `<project><parent><artifactId>watch</artifactId></parent><artifactId>watch-ai</artifactId>` + boot("") + `</project>`
		}
		p, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if b := langtest.Runs(p.Stage("builder")); !slices.Contains(b[0].Args, c.want) {
			t.Errorf("%s: builds %q, want %s", c.name, b[0].Args, c.want)
		}
	}
}

// TestGradleMovedProjectIsTheApplication: settings that include `:chat-server` and move its
// directory (`project(":chat-server").projectDir = file("$rootDir/ChatServer")`, Lavalink's
// shape) put the project in ChatServer: its Spring Boot script (applied with apply(plugin = ...),
// the version the root's `apply false`) makes it the application, built from its directory
// (-p, its path not being its directory's). The root applies Kotlin to itself with no sources.
// A project moved out of the context is not followed.
func TestGradleMovedProjectIsTheApplication(t *testing.T) {
	ctx := map[string]string{
		"settings.gradle.kts": `rootProject.name = "Chat-Parent"

include(":chat-server")
include(":protocol")

project(":chat-server").projectDir = file("$rootDir/ChatServer")
`,
		"build.gradle.kts": `plugins {
    id("org.springframework.boot") version "3.1.0" apply false
    id("org.jetbrains.kotlin.jvm") version "2.1.20"
}
`,
		"ChatServer/build.gradle.kts": `plugins {
    application
    kotlin("jvm")
}

apply(plugin = "org.springframework.boot")

application {
    mainClass = "chat.server.Launcher"
}
`,
		"protocol/build.gradle.kts": "plugins {\n    `java-library`\n}\n",
		"gradlew":                   "#!/bin/sh\n", "gradle/wrapper/gradle-wrapper.properties": "distributionUrl=x\n",
	}
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	b := langtest.Runs(p.Stage("builder"))
	if got := b[0].Args[len(b[0].Args)-3:]; !slices.Equal(got, []string{"-p", "ChatServer", "bootJar"}) || b[1].Args[2] != "ChatServer/build/libs" {
		t.Errorf("builds %q, takes %q: want ChatServer's Boot jar", b[0].Args, b[1].Args)
	}
	if p.Image.Entrypoint[3] != launcherOld {
		t.Errorf("Boot 3.1 (the root's apply false): entrypoint %q", p.Image.Entrypoint)
	}

	for settings, want := range map[string][]string{
		"include ':web', ':lib'\nproject(':web').projectDir = new File(settingsDir, 'apps/web')\n": {"apps/web", "lib"},
		"include(\"web\")\nproject(\":web\").projectDir = File(rootDir, \"services/web\")\n":       {"services/web"},
		"include ':web', ':lib'\nproject(':web').projectDir = file('../web')\n":                    {"lib"},
		"include ':web'\nproject(':web').projectDir = file(someDir)\n":                             nil,
	} {
		if got := gradleIncludes(settings); !slices.Equal(got, want) {
			t.Errorf("%q: includes %q, want %q", settings, got, want)
		}
	}
}

// TestGradleShadowJarElsewhereAndTheCatalogsRelease: a server project (Suwayomi's shape) whose
// shadowJar block sets destinationDirectory to File("$rootDir/server/build") leaves its jar in
// server/build, where the jar step takes it; the root takes the Java release from the version
// catalog (JavaVersion.toVersion(libs.versions.jvmTarget.get()), jvmTarget = "21"), so the JDK
// compiles for 21, not the default 17.
func TestGradleShadowJarElsewhereAndTheCatalogsRelease(t *testing.T) {
	ctx := map[string]string{
		"settings.gradle.kts": "rootProject.name = \"Reader-Server\"\ninclude(\"server\")\ninclude(\"server:config\")\ninclude(\"compat\")\n",
		"build.gradle.kts": `plugins {
    alias(libs.plugins.kotlin.jvm) apply false
}
subprojects {
    plugins.withType<JavaPlugin> {
        extensions.configure<JavaPluginExtension> {
            val javaVersion = JavaVersion.toVersion(libs.versions.jvmTarget.get())
            sourceCompatibility = javaVersion
        }
    }
}
`,
		"gradle/libs.versions.toml": "[versions]\nkotlin = \"2.2.0\"\njvmTarget = \"21\"\n\n[plugins]\nkotlin-jvm = { id = \"org.jetbrains.kotlin.jvm\", version.ref = \"kotlin\" }\nshadowjar = { id = \"com.gradleup.shadow\", version = \"8.3.11\" }\n",
		"server/build.gradle.kts": `plugins {
    application
    alias(libs.plugins.kotlin.jvm)
    alias(libs.plugins.shadowjar)
}
application {
    mainClass.set("reader.server.MainKt")
}
tasks {
    shadowJar {
        manifest {
            attributes("Main-Class" to "reader.server.MainKt")
        }
        archiveBaseName.set(rootProject.name)
        archiveClassifier.set("")
        destinationDirectory.set(File("$rootDir/server/build"))
    }
}
`,
		"server/config/build.gradle.kts": "plugins {\n    alias(libs.plugins.kotlin.jvm)\n}\n",
		"compat/build.gradle.kts":        "plugins {\n    `java-library`\n}\n",
		"gradlew":                        "#!/bin/sh\n", "gradle/wrapper/gradle-wrapper.properties": "distributionUrl=x\n",
	}
	src := "language: java\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	runs := langtest.Runs(p.Stage("builder"))
	if b := runs[0].Args; b[len(b)-1] != ":server:shadowJar" || runs[1].Args[2] != "server/build" {
		t.Errorf("builds %q, takes from %s: want server's shadow jar in server/build", b, runs[1].Args[2])
	}
	if img := p.Stage("deps").Base.Image; img != "eclipse-temurin:21-jdk" {
		t.Errorf("deps on %s, want the catalog's 21", img)
	}

	for text, want := range map[string]string{
		"shadowJar {\n  destinationDirectory.set(File(\"$rootDir/server/build\"))\n}\n":    "build",
		"tasks.shadowJar {\n  destinationDirectory = file(\"$buildDir/dist\")\n}\n":        "build/dist",
		"shadowJar {\n  destinationDirectory.set(File(\"$rootDir/other/build\"))\n}\n":     "",
		"shadowJar {\n  destinationDirectory.set(layout.buildDirectory.dir(\"out\"))\n}\n": "build/out",
		"shadowJar {\n  archiveClassifier.set(\"\")\n}\n":                                  "",
	} {
		if got := newGradleFile(text, "").shadowDir("server"); got != want {
			t.Errorf("shadowDir(%q) = %q, want %q", text, got, want)
		}
	}
	for text, want := range map[string]string{
		"kotlin {\n  compilerOptions {\n    jvmTarget.set(JvmTarget.JVM_17)\n  }\n}\n":                            "17",
		"tasks.withType<KotlinCompile> {\n  kotlinOptions.jvmTarget = \"11\"\n}\n":                                "11",
		"java {\n  toolchain {\n    languageVersion = JavaLanguageVersion.of(libs.versions.java.get())\n  }\n}\n": "25",
	} {
		if got := newGradleFile(text, "[versions]\njava = \"25\"\n").javaRelease(); got != want {
			t.Errorf("javaRelease(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestGradleReleaseFromAProperty: the toolchain's release is a Gradle property that
// gradle.properties sets (tolgee's `JavaLanguageVersion.of(javaVersion.toInteger())`, with
// javaVersion=25 there): the build's JDK and the runtime's Java are that release, not the
// default, which Gradle's toolchain resolution would refuse (no JDK 25 in the image to find).
func TestGradleReleaseFromAProperty(t *testing.T) {
	api := `plugins {
    id 'java'
    id 'org.jetbrains.kotlin.jvm'
    id 'org.springframework.boot'
}
java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(javaVersion.toInteger())
    }
}
`
	ctx := map[string]string{
		"settings.gradle":   "rootProject.name = 'glossary'\ninclude 'api', 'library'\n",
		"build.gradle":      "plugins {\n    id 'org.springframework.boot' version \"${springBootVersion}\" apply false\n}\n",
		"gradle.properties": "# Versions\nkotlinVersion=2.3.0\njavaVersion = 25\nspringBootVersion=4.0.1\n",
		"api/build.gradle":  api, "library/build.gradle": "plugins {\n    id 'java-library'\n}\n",
		"gradlew": "#!/bin/sh\n", "gradle/wrapper/gradle-wrapper.properties": "distributionUrl=x\n",
	}
	src := "language: java\nports: [8080]\n"
	release := func() (string, string) {
		t.Helper()
		p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
		return p.Stage("deps").Base.Image, p.Stage("runtime-base").Base.Image
	}
	if b, r := release(); b != "eclipse-temurin:25-jdk" || r != "eclipse-temurin:25-jre" {
		t.Errorf("javaVersion from gradle.properties: builds on %s, runs on %s, want 25", b, r)
	}
	for _, form := range []string{
		"kotlin {\n    jvmToolchain(property(\"javaVersion\").toString().toInt())\n}\n",
		"java {\n    sourceCompatibility = javaVersion\n}\n",
		"java {\n    toolchain { languageVersion.set(JavaLanguageVersion.of((project.property(\"javaVersion\") as String).toInt())) }\n}\n",
	} {
		ctx["api/build.gradle"] = "plugins {\n    id 'java'\n    id 'org.springframework.boot'\n}\n" + form
		if b, _ := release(); b != "eclipse-temurin:25-jdk" {
			t.Errorf("%q: builds on %s, want 25", form, b)
		}
	}
	// a release the script writes itself is its own, whatever the property
	ctx["api/build.gradle"] = strings.Replace(api, "javaVersion.toInteger()", "21", 1)
	if b, _ := release(); b != "eclipse-temurin:21-jdk" {
		t.Errorf("a literal toolchain: builds on %s, want 21", b)
	}
	// a property gradle.properties does not set: the default
	ctx["gradle.properties"] = "kotlinVersion=2.3.0\n"
	ctx["api/build.gradle"] = api
	if b, _ := release(); b != "eclipse-temurin:17-jdk" {
		t.Errorf("an unknown property: builds on %s, want the default 17", b)
	}
}
