package java

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// provider is the Java provider as the registry lists it: declared, planned by the skeleton.
var provider = langtest.For(Provider{})

// pomWith is a pom.xml with extra elements inside <project>.
func pomWith(extra string) lang.Facts {
	return lang.Facts{"pom.xml": []byte(`<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>1.2.3</version>
` + extra + `
</project>`)}
}

func TestJavaReleaseComesFromSpecThenBuildFile(t *testing.T) {
	for _, tc := range []struct{ src, extra, want string }{
		{"language: java\n", "", "maven:3-eclipse-temurin-17"},
		{"language: java\n", "<properties><maven.compiler.release>21</maven.compiler.release></properties>", "maven:3-eclipse-temurin-21"},
		{"language: java\n", "<properties><maven.compiler.source>1.8</maven.compiler.source></properties>", "maven:3-eclipse-temurin-8"},
		{"language: java\n", "<properties><java.version>11</java.version></properties>", "maven:3-eclipse-temurin-11"},
		{"language: java\n", "<properties><jdk>21</jdk></properties><build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId>" +
			"<configuration><release>${jdk}</release></configuration></plugin></plugins></build>", "maven:3-eclipse-temurin-21"},
		{"language: java\n", "<properties><maven.compiler.release>${unknown}</maven.compiler.release></properties>", "maven:3-eclipse-temurin-17"},
		{"language: java\nversion: \"21\"\n", "<properties><maven.compiler.release>17</maven.compiler.release></properties>", "maven:3-eclipse-temurin-21"},
		{"language: java\nbuild: {image: my/maven:1}\n", "", "my/maven:1"},
	} {
		p := provider.MustPlan(t, tc.src, pomWith(tc.extra))
		if got := p.Stage("deps").Base.Image; got != tc.want {
			t.Errorf("%q with %q: builder %q, want %q", tc.src, tc.extra, got, tc.want)
		}
	}
	provider.Refuses(t, "language: java\nversion: \"17.0.2_8\"\n", pomWith(""), `"17.0.2_8" is not a Java release at Dockerfile:2:1`)
}

func TestMavenStepsAndJar(t *testing.T) {
	p := provider.MustPlan(t, "language: java\n", pomWith(""))
	deps := p.Stage("deps")
	if !deps.BuildPlatform || deps.Workdir != "/src" {
		t.Errorf("deps stage %+v", deps)
	}
	if c := langtest.Copies(deps)[0]; !slices.Equal(c.Include, []string{"pom.xml", ".mvn"}) || c.Paths[0] != "." {
		t.Errorf("deps copies %+v, want only pom.xml and .mvn", c)
	}
	fetch := langtest.Runs(deps)[0]
	if !slices.Equal(fetch.Args[:3], []string{"/bin/sh", lang.ScriptDir + "/maven.sh", "mvn"}) ||
		!slices.Contains(fetch.Args, "dependency:resolve-plugins") || !slices.Contains(fetch.Args, "-Dmaven.repo.local=/root/.m2/repository") {
		t.Errorf("deps runs %q", fetch.Args)
	}
	if !slices.Equal(fetch.UseArgs, []string{"MAVEN_MIRROR_URL"}) {
		t.Errorf("deps step args %q", fetch.UseArgs)
	}
	var ids, tmpfs []string
	for _, m := range fetch.Mounts {
		switch m.Type {
		case plan.MountCache:
			ids = append(ids, m.ID+"@"+m.Target)
		case plan.MountTmpfs:
			tmpfs = append(tmpfs, m.Target)
		}
	}
	if len(ids) > 0 || !slices.Equal(tmpfs, []string{mirrorDir}) {
		t.Errorf("deps mounts: caches %q (the downloads belong in its layer), tmpfs %q", ids, tmpfs)
	}

	b := langtest.Runs(p.Stage("builder"))
	seeded := plan.Mount{Type: plan.MountCache, ID: "maven-repository", Target: "/root/.m2/repository", Sharing: plan.SharingLocked,
		FromStage: "deps", Source: "/root/.m2/repository"}
	if !slices.Contains(b[0].Mounts, seeded) || !slices.Contains(langtest.Runs(p.Stage("tester"))[0].Mounts, seeded) {
		t.Errorf("the build and the tests do not start from deps' repository: %+v", b[0].Mounts)
	}
	if !slices.Contains(b[0].Args, "-DskipTests") || b[0].Args[len(b[0].Args)-1] != "package" {
		t.Errorf("build runs %q", b[0].Args)
	}
	if !slices.Equal(b[1].Args[2:], []string{"target", "demo-1.2.3.jar", "/out/app.jar"}) || !b[1].NoNetwork {
		t.Errorf("jar step %q (network off: %v)", b[1].Args, b[1].NoNetwork)
	}
	if c := langtest.Copies(p.Stage("builder"))[0]; !slices.Equal(c.Exclude, []string{"target", "*/target"}) {
		t.Errorf("builder copies the context with excludes %q", c.Exclude)
	}
	tst := langtest.Runs(p.Stage("tester"))[0]
	if tst.Args[len(tst.Args)-1] != "test" || tst.Display != "mvn --batch-mode --no-transfer-progress -Dmaven.repo.local=/root/.m2/repository test" {
		t.Errorf("tester runs %q (%s)", tst.Args, tst.Display)
	}
	if !slices.Equal(p.Image.Entrypoint, []string{"java", "-jar", "/app/app.jar"}) || p.Image.Workdir != "/app" || p.Image.User != "65532:65532" {
		t.Errorf("image %+v", p.Image)
	}
	if p.Stage("runtime-user") == nil || p.Stage("runtime-base").Base.Image != "eclipse-temurin:17-jre" {
		t.Errorf("the temurin runtime gets no nonroot user")
	}
	for _, a := range p.Args {
		if a.Name == "MAVEN_MIRROR_URL" && !a.Tool {
			t.Errorf("MAVEN_MIRROR_URL is not a tool arg")
		}
	}
	for _, e := range p.Image.Env {
		if strings.HasPrefix(e.Key, "MAVEN") {
			t.Errorf("image env %v", e)
		}
	}
}

func TestMavenJarName(t *testing.T) {
	for extra, want := range map[string]string{
		"": "demo-1.2.3.jar",
		"<build><finalName>app</finalName></build>": "app.jar",
		"<properties><revision>9</revision></properties><build><finalName>${project.artifactId}-r${revision}</finalName></build>": "demo-r9.jar",
		"<build><finalName>${git.commit}</finalName></build>":                                                                     "",
		"<build><finalName>../../etc/x</finalName></build>":                                                                       "",
	} {
		p := provider.MustPlan(t, "language: java\n", pomWith(extra))
		jar := langtest.Runs(p.Stage("builder"))[1]
		if jar.Args[3] != want {
			t.Errorf("%q: jar %q, want %q", extra, jar.Args[3], want)
		}
	}
	// a version inherited from the parent
	f := lang.Facts{"pom.xml": []byte(`<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>4.0</version></parent>` +
		`<artifactId>child</artifactId></project>`)}
	if jar := langtest.Runs(provider.MustPlan(t, "language: java\n", f).Stage("builder"))[1]; jar.Args[3] != "child-4.0.jar" {
		t.Errorf("inherited version: jar %q", jar.Args[3])
	}
}

func TestMavenWrapper(t *testing.T) {
	f := pomWith("")
	f["mvnw"] = []byte("#!/bin/sh\n")
	// mvnw without its properties is not a usable wrapper
	p := provider.MustPlan(t, "language: java\n", f)
	if run := langtest.Runs(p.Stage("deps"))[0]; run.Args[2] != "mvn" || p.Stage("deps").Base.Image != "maven:3-eclipse-temurin-17" {
		t.Errorf("mvnw without .mvn/wrapper/maven-wrapper.properties runs %q on %q", run.Args[2], p.Stage("deps").Base.Image)
	}
	f[".mvn/wrapper/maven-wrapper.properties"] = []byte("distributionUrl=https://repo.maven.apache.org/x.zip\n")
	p = provider.MustPlan(t, "language: java\n", f)
	if img := p.Stage("deps").Base.Image; img != "eclipse-temurin:17-jdk" {
		t.Errorf("builder %q, want the JDK image for ./mvnw", img)
	}
	run := langtest.Runs(p.Stage("deps"))[0]
	if run.Args[2] != "./mvnw" || !slices.Contains(langtest.Copies(p.Stage("deps"))[0].Include, "mvnw") {
		t.Errorf("the wrapper is not used: %q", run.Args)
	}
	build := langtest.Runs(p.Stage("builder"))[0]
	if !slices.ContainsFunc(build.Mounts, func(m plan.Mount) bool {
		return m.ID == "maven-wrapper" && m.Target == "/root/.m2/wrapper" && m.FromStage == "deps" && m.Source == m.Target
	}) {
		t.Errorf("no cache for the wrapper's Maven download, seeded from deps: %+v", build.Mounts)
	}
}

func TestMavenModules(t *testing.T) {
	f := lang.Facts{"pom.xml": []byte(`<project><groupId>g</groupId><artifactId>parent</artifactId><version>1</version>` +
		`<packaging>pom</packaging><modules><module>lib</module><module>app</module></modules></project>`)}
	provider.Refuses(t, "language: java\n", f, "pom.xml only aggregates modules (lib, app): set `entrypoint`")
	p := provider.MustPlan(t, "language: java\nentrypoint: app\n", f)
	if inc := langtest.Copies(p.Stage("deps"))[0].Include; !slices.Contains(inc, "**/pom.xml") {
		t.Errorf("deps copies %q: the modules' poms are missing", inc)
	}
	build := langtest.Runs(p.Stage("builder"))
	if !slices.Contains(build[0].Args, "--projects") || !slices.Contains(build[0].Args, "app") || !slices.Contains(build[0].Args, "--also-make") {
		t.Errorf("module build %q", build[0].Args)
	}
	if !slices.Equal(build[1].Args[2:4], []string{"app/target", ""}) {
		t.Errorf("module jar %q", build[1].Args)
	}
	p = provider.MustPlan(t, "language: java\nentrypoint: app/target/app-1.jar\n", f)
	if build := langtest.Runs(p.Stage("builder")); !slices.Equal(build[1].Args[2:4], []string{"app/target", "app-1.jar"}) || !slices.Contains(build[0].Args, "app") {
		t.Errorf("jar entrypoint: %q / %q", build[0].Args, build[1].Args)
	}
}

func TestBadBuildFilesAndEntrypointsAreRefusedAtTheirLine(t *testing.T) {
	for _, tc := range []struct{ src, pom, want string }{
		{"language: java\n", "<project><packaging>war</packaging></project>", `pom.xml builds a "war"`},
		{"language: java\n", "<project><artifactId>x</artifactId", "pom.xml is not valid XML"},
		{"language: java\nentrypoint: ../x\n", "<project/>", "is not a module directory or a jar"},
		{"language: java\nentrypoint: \"a b\"\n", "<project/>", "is not a module directory or a jar"},
		{"language: java\nentrypoint: \"$(id)\"\n", "<project/>", "is not a module directory or a jar"},
	} {
		provider.Refuses(t, "# syntax=org/multistage-frontend\n"+tc.src, lang.Facts{"pom.xml": []byte(tc.pom)}, tc.want, "Dockerfile:")
	}
	provider.Refuses(t, "language: java\n", lang.Facts{}, "no pom.xml, build.gradle or settings.gradle")
}

func TestJavaRuntimes(t *testing.T) {
	for _, tc := range []struct{ src, base, user string }{
		{"language: java\n", "eclipse-temurin:17-jre", "65532:65532"},
		{"language: java\nruntime: distroless\n", "gcr.io/distroless/java17-debian12:nonroot", "65532:65532"},
		{"language: java\nruntime: alpine\nversion: \"21\"\n", "eclipse-temurin:21-jre-alpine", "65532:65532"},
		{"language: java\nruntime: my/jre:1\nuser: \"1000\"\n", "my/jre:1", "1000"},
	} {
		p := provider.MustPlan(t, tc.src, pomWith(""))
		if base := langtest.RuntimeImage(p); base != tc.base || p.Image.User != tc.user {
			t.Errorf("%q: runtime %q as %q, want %q as %q", tc.src, base, p.Image.User, tc.base, tc.user)
		}
	}
	for src, want := range map[string]string{
		"language: java\nruntime: scratch\n":                      "a Java program needs a JRE",
		"language: java\nruntime: distroless\npackages: [curl]\n": "the distroless runtime has no package manager",
	} {
		provider.Refuses(t, src, pomWith(""), want)
	}
	p := provider.MustPlan(t, "language: java\nruntime: alpine\npackages: [curl]\n", pomWith(""))
	if run := langtest.Runs(p.Stage("runtime"))[0]; !strings.HasPrefix(run.Display, "apk add curl") {
		t.Errorf("alpine packages %q", run.Display)
	}
}

func TestJVMOptionsBecomeJavaToolOptions(t *testing.T) {
	p := provider.MustPlan(t, "language: java\njvm_options: -XX:MaxRAMPercentage=75 -Dfile.encoding=UTF-8\n", pomWith(""))
	if !slices.Contains(p.Image.Env, plan.Env{Key: "JAVA_TOOL_OPTIONS", Value: "-XX:MaxRAMPercentage=75 -Dfile.encoding=UTF-8"}) {
		t.Errorf("image env %+v", p.Image.Env)
	}
	for _, st := range []string{"deps", "builder", "tester"} {
		for _, r := range langtest.Runs(p.Stage(st)) {
			if slices.ContainsFunc(r.Env, func(e plan.Env) bool { return e.Key == "JAVA_TOOL_OPTIONS" }) {
				t.Errorf("%s runs with the runtime's JVM options", st)
			}
		}
	}
	for src, want := range map[string]string{
		"language: java\njvm_options: [\"-Da=b c\"]\n":                         `"-Da=b c" is not a JVM option: options start with '-' and hold no spaces, quotes or backslashes at Dockerfile:2:15`,
		"language: java\njvm_options: [-Xmx1g, \"@/etc/args\"]\n":              `"@/etc/args" is not a JVM option: options start with '-' and hold no spaces, quotes or backslashes at Dockerfile:2:23`,
		"language: java\njvm_options: [Xmx1g]\n":                               `"Xmx1g" is not a JVM option`,
		"language: java\njvm_options: [-Xmx1g]\nenv: {JAVA_TOOL_OPTIONS: x}\n": "both set the JVM's options",
	} {
		provider.Refuses(t, src, pomWith(""), want)
	}
}

func TestUserBuildAndTestCommandsReplaceTheDefaults(t *testing.T) {
	p := provider.MustPlan(t, "language: java\nbuild: {command: [mvn, -B, verify]}\ntest: [mvn, -B, verify, -Pit]\n", pomWith(""))
	if b := langtest.Runs(p.Stage("builder")); !slices.Equal(b[0].Args, []string{"mvn", "-B", "verify"}) || b[1].Args[1] != lang.ScriptDir+"/pick-jar.sh" {
		t.Errorf("builder runs %q then %q", b[0].Args, b[1].Args)
	}
	if tst := langtest.Runs(p.Stage("tester"))[0]; !slices.Equal(tst.Args, []string{"mvn", "-B", "verify", "-Pit"}) {
		t.Errorf("tester runs %q", tst.Args)
	}
	if p := provider.MustPlan(t, "language: java\ntest: false\n", pomWith("")); p.Stage("tester") != nil {
		t.Errorf("test: false keeps the tester")
	}
}

func TestBuildPackagesComeFirstInDeps(t *testing.T) {
	p := provider.MustPlan(t, "language: java\nbuild: {packages: [git]}\n", pomWith(""))
	if r, ok := p.Stage("deps").Steps[0].(*plan.Run); !ok || !strings.HasPrefix(r.Display, "apt-get install git") {
		t.Errorf("deps starts with %+v", p.Stage("deps").Steps[0])
	}
	// only the scripts the plan runs: Maven's and the jar's
	var names []string
	for _, f := range p.Stage("scripts").Steps[0].(*plan.WriteFile).Files {
		names = append(names, f.Path)
	}
	if !slices.Equal(names, []string{"/scripts/maven.sh", "/scripts/pick-jar.sh"}) {
		t.Errorf("scripts %q", names)
	}
}

func TestJavaMajor(t *testing.T) {
	for in, want := range map[string]string{"17": "17", "1.8": "8", "21.0.2": "21", "11.0": "11", "1": "", "1.4": "", "x": "", "": "", "017": ""} {
		if got := javaMajor(in); got != want {
			t.Errorf("javaMajor(%q) = %q, want %q", in, got, want)
		}
	}
}

// thinMaven is a pom's <build> whose jar names its dependencies on its manifest's Class-Path
// (classpathPrefix lib/) and that copies them into target/lib at prepare-package, with the
// copy's settings and the jar's replaced as the cases need.
func thinMaven(copyConf, execExtra, jarConf string) string {
	return `<dependencies><dependency><groupId>org.example</groupId><artifactId>text</artifactId><version>2.0</version></dependency></dependencies>
<build><plugins>
  <plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest>
    <mainClass>com.example.Main</mainClass>` + jarConf + `
  </manifest></archive></configuration></plugin>
  <plugin><artifactId>maven-dependency-plugin</artifactId><executions><execution>
    <id>copy-libs</id>` + execExtra + `
    <goals><goal>copy-dependencies</goal></goals>
    <configuration>` + copyConf + `<includeScope>runtime</includeScope></configuration>
  </execution></executions></plugin>
</plugins></build>`
}

const classpathLib = "<addClasspath>true</addClasspath><classpathPrefix>lib/</classpathPrefix>"

// shipsBeside checks a plan that ships the jar's dependencies: the builder copies dir (in the
// context) to /out/lib, and the runtime puts it at dest beside /app/app.jar, in a layer before
// the jar's, run with java -jar.
func shipsBeside(t *testing.T, what string, p *plan.Plan, dir, dest string) {
	t.Helper()
	if b := langtest.Runs(p.Stage("builder")); !slices.ContainsFunc(b, func(r *plan.Run) bool {
		return slices.Equal(r.Args[1:], []string{lang.ScriptDir + "/pick-lib.sh", dir, "/out/lib", classPathOf})
	}) {
		t.Errorf("%s: the builder does not copy %s", what, dir)
	}
	if got, want := builderCopies(p), []string{"/out/lib/ -> " + dest, "/out/app.jar -> /app/app.jar"}; !slices.Equal(got, want) {
		t.Errorf("%s: runtime copies %q, want %q", what, got, want)
	}
	if ep := p.Image.Entrypoint; !slices.Equal(ep, []string{"java", "-jar", "/app/app.jar"}) {
		t.Errorf("%s: entrypoint %q", what, ep)
	}
}

// shipsJarAlone checks a plan that ships no dependency directory: the builder copies none, and
// the runtime's copies from it are the jar's (or a Spring Boot jar's layers).
func shipsJarAlone(t *testing.T, what string, p *plan.Plan) {
	t.Helper()
	if slices.ContainsFunc(langtest.Runs(p.Stage("builder")), func(r *plan.Run) bool { return slices.Contains(r.Args, lang.ScriptDir+"/pick-lib.sh") }) ||
		slices.ContainsFunc(builderCopies(p), func(c string) bool { return strings.HasPrefix(c, "/out/lib/") }) {
		t.Errorf("%s: ships a dependency directory: %q", what, builderCopies(p))
	}
}

// TestMavenThinJarShipsItsDependencies: a jar whose manifest's Class-Path names lib/ and whose
// dependencies maven-dependency-plugin copies into target/lib during package ships with
// target/lib at /app/lib; the plugin's default directory (target/dependency) goes to
// /app/dependency; a module's goes from its own target. Without the Class-Path, or in a Spring
// Boot jar, the jar ships alone.
func TestMavenThinJarShipsItsDependencies(t *testing.T) {
	src := "language: java\n"
	for _, c := range []struct {
		name, build, dir, dest string
	}{
		{"copy into target/lib", thinMaven("<outputDirectory>${project.build.directory}/lib</outputDirectory>", "<phase>prepare-package</phase>", classpathLib), "target/lib", "/app/lib/"},
		{"the basedir's target/libs", thinMaven("<outputDirectory>${project.basedir}/target/libs</outputDirectory>", "", "<addClasspath>true</addClasspath><classpathPrefix>libs/</classpathPrefix>"), "target/libs", "/app/libs/"},
		{"the default directory", thinMaven("", "", "<addClasspath>true</addClasspath><classpathPrefix>dependency</classpathPrefix>"), "target/dependency", "/app/dependency/"},
		{"no Class-Path", thinMaven("<outputDirectory>${project.build.directory}/lib</outputDirectory>", "", ""), "", ""},
		// the build's own copy does not put them where the manifest names them: the
		// builder's copy-dependencies does (TestMavenThinJarWithoutACopyGetsOne)
		{"bound to install", thinMaven("<outputDirectory>${project.build.directory}/lib</outputDirectory>", "<phase>install</phase>", classpathLib), "target/lib", "/app/lib/"},
		{"outside target", thinMaven("<outputDirectory>${basedir}/lib</outputDirectory>", "", classpathLib), "target/lib", "/app/lib/"},
		{"a Spring Boot jar", strings.Replace(thinMaven("<outputDirectory>${project.build.directory}/lib</outputDirectory>", "", classpathLib),
			"<plugins>", "<plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.3.1</version>"+
				"<executions><execution><goals><goal>repackage</goal></goals></execution></executions></plugin>", 1), "", ""},
	} {
		p := provider.MustPlan(t, src, pomWith(c.build))
		if c.dir == "" {
			shipsJarAlone(t, c.name, p)
			continue
		}
		takesJar(t, c.name, p, "target", "demo-1.2.3.jar")
		shipsBeside(t, c.name, p, c.dir, c.dest)
		if d := p.Stage("builder").Description; !strings.HasSuffix(d, ", with its dependencies beside it") {
			t.Errorf("%s: builder %q", c.name, d)
		}
	}

	// a module of an aggregator, named by entrypoint
	ctx := map[string]string{
		"pom.xml":        "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>all</artifactId><version>1</version><packaging>pom</packaging><modules><module>server</module></modules></project>",
		"server/pom.xml": "<project><modelVersion>4.0.0</modelVersion><artifactId>server</artifactId><version>1</version>" + thinMaven("<outputDirectory>${project.build.directory}/lib</outputDirectory>", "", classpathLib) + "</project>",
	}
	src = "language: java\nentrypoint: server\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	takesJar(t, "module", p, "server/target", "server-1.jar")
	shipsBeside(t, "module", p, "server/target/lib", "/app/lib/")
}

// traccarLike is a Gradle build script of traccar's shape (written here): the jar in target/,
// the runtime classpath copied into target/lib by a task assemble depends on, and the jar's
// manifest naming it.
const traccarLike = `plugins {
    id "java"
}
jar.destinationDirectory = file("$projectDir/target")

tasks.register('copyDependencies', Copy) {
    into "$projectDir/target/lib"
    from configurations.runtimeClasspath
}
assemble.dependsOn(copyDependencies)

jar {
    manifest {
        attributes("Main-Class": "org.example.Main",
                "Class-Path": configurations.runtimeClasspath.files.collect { "lib/$it.name" }.join(" "))
    }
}
`

// TestGradleThinJarShipsItsDependencies: a plain jar whose manifest has a Class-Path and whose
// runtime classpath a Copy (or Sync) task copies below the jar's directory ships with that
// directory beside it, the task named on the build's command line; the jar's directory set by
// the script (jar.destinationDirectory) is where the jar is taken from. Without the Class-Path,
// with the copy outside the jar's directory or done by a distribution's contents, the jar
// ships alone; a Spring Boot project's bootJar is not touched.
func TestGradleThinJarShipsItsDependencies(t *testing.T) {
	src := "language: java\n"
	kts := `plugins { java }
tasks.register<Sync>("libs") {
    from(configurations.runtimeClasspath)
    into(layout.buildDirectory.dir("libs/deps"))
}
tasks.jar {
    manifest { attributes("Class-Path" to configurations.runtimeClasspath.get().joinToString(" ") { "deps/" + it.name }) }
}
`
	for _, c := range []struct {
		name, file, script      string
		task, jarDir, dir, dest string
	}{
		{"traccar's shape", "build.gradle", traccarLike, "copyDependencies", "target", "target/lib", "/app/lib/"},
		{"Kotlin, a Sync task into the build directory", "build.gradle.kts", kts, "libs", "build/libs", "build/libs/deps", "/app/deps/"},
		{"an old task of type Copy", "build.gradle", "apply plugin: 'java'\ntask copyLibs(type: Copy) {\n    from configurations.runtime\n    into \"$buildDir/libs/lib\"\n}\njar { manifest { attributes 'Class-Path': 'lib/a.jar' } }\n",
			"copyLibs", "build/libs", "build/libs/lib", "/app/lib/"},
		{"no Class-Path", "build.gradle", strings.Replace(traccarLike, `"Class-Path"`, `"Implementation-Version"`, 1), "", "target", "", ""},
		{"outside the jar's directory", "build.gradle", strings.Replace(traccarLike, `into "$projectDir/target/lib"`, `into "$buildDir/lib"`, 1), "", "target", "", ""},
		{"a distribution's contents", "build.gradle", "plugins { id 'java' }\ndistributions { main { contents {\n    from configurations.runtimeClasspath\n    into 'lib'\n} } }\njar { manifest { attributes 'Class-Path': 'lib/a.jar' } }\n",
			"", "build/libs", "", ""},
	} {
		p := provider.MustPlan(t, src, gradle(map[string]string{c.file: c.script, "settings.gradle": "rootProject.name = 'tracker'\n"}))
		b := langtest.Runs(p.Stage("builder"))
		want := []string{"assemble"}
		if c.task != "" {
			want = append(want, c.task)
		}
		if got := b[0].Args[len(b[0].Args)-len(want):]; !slices.Equal(got, want) {
			t.Errorf("%s: builds %q, want it to end %q", c.name, b[0].Args, want)
		}
		takesJar(t, c.name, p, c.jarDir, "")
		if c.dir == "" {
			shipsJarAlone(t, c.name, p)
			continue
		}
		shipsBeside(t, c.name, p, c.dir, c.dest)
	}

	// a subproject, named by entrypoint
	ctx := map[string]string{"settings.gradle": "include 'server'\n", "server/build.gradle": traccarLike}
	src = "language: java\nentrypoint: server\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if b := langtest.Runs(p.Stage("builder")); !slices.Equal(b[0].Args[len(b[0].Args)-2:], []string{":server:assemble", ":server:copyDependencies"}) {
		t.Errorf("subproject: builds %q", b[0].Args)
	}
	takesJar(t, "subproject", p, "server/target", "")
	shipsBeside(t, "subproject", p, "server/target/lib", "/app/lib/")

	// Spring Boot's jar is bootJar's, in build/libs, whatever the plain jar's directory
	boot := strings.Replace(traccarLike, `id "java"`, "id \"java\"\n    id 'org.springframework.boot' version '3.3.2'", 1)
	p = provider.MustPlan(t, "language: java\n", gradle(map[string]string{"build.gradle": boot}))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != "bootJar" || !slices.Equal(b[1].Args[2:4], []string{"build/libs", ""}) {
		t.Errorf("Spring Boot: %q then %q", b[0].Args, b[1].Args)
	}
}

// TestJarStepTrustsThePomsMainClass: the jar plugin's manifest mainClass, a literal or a
// property of the pom, reaches pick-jar.sh, which then starts no JVM to check the manifest;
// without one, an unresolved one, or a Spring Boot jar (whose launcher is the Main-Class), the
// step checks it.
func TestJarStepTrustsThePomsMainClass(t *testing.T) {
	jarPlugin := func(main string) string {
		return "<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>" +
			main + "</mainClass></manifest></archive></configuration></plugin></plugins></build>"
	}
	for _, tc := range []struct{ src, extra, want string }{
		{"language: java\n", jarPlugin("com.example.Main"), "com.example.Main"},
		{"language: java\n", "<properties><main.class>a.B</main.class></properties>" + jarPlugin("${main.class}"), "a.B"},
		{"language: java\n", jarPlugin("${main.class}"), ""},
		{"language: java\n", "", ""},
		{"language: java\nentrypoint: target/other.jar\n", jarPlugin("com.example.Main"), ""},
	} {
		p := provider.MustPlan(t, tc.src, pomWith(tc.extra))
		args := langtest.Runs(p.Stage("builder"))[1].Args
		got := ""
		if len(args) > 5 {
			got = args[5]
		}
		if got != tc.want {
			t.Errorf("%q with %q: pick-jar.sh %q, want the main class %q", tc.src, tc.extra, args, tc.want)
		}
	}
}

// TestMavenThinJarWithoutACopyGetsOne: a jar whose manifest's Class-Path names lib/ in a build
// that copies nothing during package (a release profile's assembly gathers lib/ into a tarball,
// as hertzbeat's server does) would stop at its first dependency; the builder copies the
// runtime classpath into target/lib with copy-dependencies and the image ships it at /app/lib.
// A snapshot is named by its timestamp unless the manifest says useUniqueVersions false; a
// layout other than simple, or no prefix, copies nothing.
func TestMavenThinJarWithoutACopyGetsOne(t *testing.T) {
	jar := func(manifest string) string {
		return `<dependencies><dependency><groupId>org.example</groupId><artifactId>text</artifactId><version>2.0</version></dependency></dependencies>
<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest>
  <mainClass>com.example.Main</mainClass>` + manifest + `
</manifest><manifestEntries><Class-Path>. config</Class-Path></manifestEntries></archive></configuration></plugin></plugins></build>
<profiles><profile><id>release</id><build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId>
  <executions><execution><phase>package</phase><goals><goal>single</goal></goals>
  <configuration><descriptors><descriptor>assembly.xml</descriptor></descriptors></configuration></execution></executions>
</plugin></plugins></build></profile></profiles>`
	}
	src := "language: java\n"
	for _, c := range []struct {
		name, manifest string
		want           []string // the build's arguments after package, nil for no copy
	}{
		{"base versions", "<useUniqueVersions>false</useUniqueVersions>" + classpathLib,
			[]string{"dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=target/lib"}},
		{"unique versions", "<addClasspath>true</addClasspath><classpathPrefix>libs</classpathPrefix>",
			[]string{"dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=target/libs", "-Dmdep.useBaseVersion=false"}},
		{"no prefix", "<addClasspath>true</addClasspath>", nil},
		{"a repository layout", classpathLib + "<classpathLayoutType>repository</classpathLayoutType>", nil},
		{"a prefix outside", "<addClasspath>true</addClasspath><classpathPrefix>../lib/</classpathPrefix>", nil},
	} {
		p := provider.MustPlan(t, src, pomWith(jar(c.manifest)))
		b := langtest.Runs(p.Stage("builder"))
		i := slices.Index(b[0].Args, "package")
		if got := b[0].Args[i+1:]; !slices.Equal(got, c.want) {
			t.Errorf("%s: builds %q, want %q after package", c.name, b[0].Args, c.want)
		}
		if c.want == nil {
			shipsJarAlone(t, c.name, p)
			continue
		}
		takesJar(t, c.name, p, "target", "demo-1.2.3.jar")
		dir := strings.TrimPrefix(c.want[2], "-DoutputDirectory=")
		shipsBeside(t, c.name, p, dir, "/app/"+strings.TrimPrefix(dir, "target/")+"/")
	}

	// a module of an aggregator, whose Spring Boot parent would repackage a Boot jar had the
	// module applied the plugin: its own target/lib
	ctx := map[string]string{
		"pom.xml": `<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent>
  <groupId>g</groupId><artifactId>all</artifactId><version>1</version><packaging>pom</packaging><modules><module>common</module><module>startup</module></modules></project>`,
		"common/pom.xml": `<project><parent><artifactId>all</artifactId></parent><artifactId>common</artifactId></project>`,
		"startup/pom.xml": `<project><parent><artifactId>all</artifactId></parent><artifactId>startup</artifactId>` +
			strings.Replace(jar("<useUniqueVersions>false</useUniqueVersions>"+classpathLib), "<build>", "<build><finalName>app-server</finalName>", 1) + `</project>`,
	}
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	takesJar(t, "module", p, "startup/target", "app-server.jar")
	shipsBeside(t, "module", p, "startup/target/lib", "/app/lib/")
}
