package java

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A plain jar whose dependencies the build copies into a directory beside it, named by the
// jar's manifest Class-Path, runs with `java -jar` only with that directory at the same place
// beside it: traccar's Gradle build copies the runtime classpath into target/lib (a Copy task
// that assemble depends on) and writes `"Class-Path": "lib/..."` into a jar it builds in
// target/; a Maven build does the same with maven-dependency-plugin's copy-dependencies and
// maven-jar-plugin's `<addClasspath>true</addClasspath>` (`<classpathPrefix>lib/</classpathPrefix>`).
// The image ships the directory where the jar finds it (/app/lib beside /app/app.jar), in a
// layer before the jar's. Without the manifest's Class-Path the directory is not the jar's, and
// is not shipped.

// packagePhases are the Maven lifecycle phases that `package` runs.
var packagePhases = []string{"validate", "initialize", "generate-sources", "process-sources", "generate-resources",
	"process-resources", "compile", "process-classes", "generate-test-sources", "process-test-sources",
	"generate-test-resources", "process-test-resources", "test-compile", "process-test-classes", "test",
	"prepare-package", "package"}

// copiedDependencies is the directory, relative to the module, to which maven-dependency-plugin's
// copy-dependencies writes the dependencies during `package` (its default phase, or one up to
// package), when maven-jar-plugin writes the manifest's Class-Path; "" otherwise, and when the
// directory is not a plain one below target/.
func (p *pom) copiedDependencies() string {
	if !p.addsClasspath() {
		return ""
	}
	for _, pl := range p.buildPlugins() {
		if pl.ArtifactID != "maven-dependency-plugin" {
			continue
		}
		for _, e := range pl.Executions {
			if !slices.Contains(e.Goals, "copy-dependencies") || (e.Phase != "" && !slices.Contains(packagePhases, strings.TrimSpace(e.Phase))) {
				continue
			}
			out := firstOf(e.Configuration.OutputDirectory, firstOf(pl.Configuration.OutputDirectory, "${project.build.directory}/dependency"))
			return p.targetDir(out)
		}
	}
	return ""
}

// classpathCopy is the directory, relative to the module, where the jar's manifest Class-Path
// looks for its dependencies (maven-jar-plugin's `<classpathPrefix>`, below target/ where the
// jar is), and the arguments of maven-dependency-plugin's copy-dependencies that put them
// there with the names the manifest gives them, when the jar writes a Class-Path and the build
// copies nothing during package: hertzbeat's server jar names lib/ and only its release
// profile's assembly gathers lib/ into a tarball, so `java -jar` of the jar alone stops at its
// first dependency (NoClassDefFoundError). "", nil when the manifest has no Class-Path, the
// build copies them itself (copiedDependencies), or the prefix or layout is not a plain one.
func (p *pom) classpathCopy() (string, []string) {
	if !p.addsClasspath() || p.copiedDependencies() != "" {
		return "", nil
	}
	if slices.ContainsFunc(p.buildPlugins(), func(pl plugin) bool {
		return pl.ArtifactID == "maven-dependency-plugin" && strings.TrimSpace(pl.Configuration.OutputDirectory) != ""
	}) {
		return "", nil // the pom's own directory, which a property on the command line does not override
	}
	var prefix, unique, layout string
	for _, pl := range slices.Backward(p.jarPlugins()) { // the nearest setting last
		a := pl.Configuration.Archive
		prefix = firstOf(strings.TrimSpace(a.ClasspathPrefix), prefix)
		unique = firstOf(strings.TrimSpace(a.UseUniqueVersions), unique)
		layout = firstOf(strings.TrimSpace(a.ClasspathLayoutType), layout)
	}
	if l := p.resolve(layout); l != "" && l != "simple" {
		return "", nil
	}
	dir := p.targetDir("target/" + strings.TrimSuffix(p.resolve(prefix), "/"))
	if dir == "" || dir == "target" || strings.Count(dir, "/") != 1 {
		return "", nil
	}
	args := []string{"dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=" + dir}
	if p.resolve(unique) != "false" {
		// the manifest names a snapshot by its timestamp (useUniqueVersions' default)
		args = append(args, "-Dmdep.useBaseVersion=false")
	}
	return dir, args
}

// jarPluginMainClass is the class maven-jar-plugin's `<archive><manifest><mainClass>` writes
// into the jar's manifest as its Main-Class, from this pom's plugins, plugin management or
// active profiles, or those of the poms above it; "" when none names one this file can read.
// Unlike mainClass, no other plugin's: assembly's manifest is its own jar's, not the one the
// jar step takes.
func (p *pom) jarPluginMainClass() string {
	for _, pl := range p.jarPlugins() {
		if c := p.resolve(pl.Configuration.Archive.MainClass); javaClassName.MatchString(c) {
			return c
		}
	}
	return ""
}

// addsClasspath reports maven-jar-plugin's `<archive><manifest><addClasspath>true`, in this
// pom's plugins, plugin management or active profiles, or in those of the poms above it.
func (p *pom) addsClasspath() bool {
	return slices.ContainsFunc(p.jarPlugins(), func(pl plugin) bool {
		return p.resolve(pl.Configuration.Archive.AddClasspath) == "true"
	})
}

// jarPlugins are maven-jar-plugin's entries in this pom's plugins, plugin management and active
// profiles, then in those of the poms above it, nearest first.
func (p *pom) jarPlugins() []plugin {
	var out []plugin
	for q := p; q != nil; q = q.up {
		for _, pl := range append(q.plugins(), q.buildPlugins()...) {
			if pl.ArtifactID == "maven-jar-plugin" {
				out = append(out, pl)
			}
		}
	}
	return out
}

// targetDir is a Maven directory setting as a path relative to the module, when it is a plain
// directory below target/ (`${project.build.directory}/lib` is target/lib); "" otherwise.
func (p *pom) targetDir(dir string) string {
	dir = strings.TrimSpace(dir)
	for _, prefix := range []string{"${project.basedir}/", "${basedir}/"} {
		dir = strings.TrimPrefix(dir, prefix)
	}
	rel, ok := lang.RelPath(p.resolve(strings.ReplaceAll(dir, "${project.build.directory}", "target")))
	if !ok || !strings.HasPrefix(rel, "target/") || !modulePath.MatchString(rel) {
		return ""
	}
	return rel
}

var (
	// jarDestLine is the jar task's output directory set at the top of a build script
	// (traccar's `jar.destinationDirectory = file("$projectDir/target")`), and destLine inside
	// a `jar { }` block.
	jarDestLine = regexp.MustCompile(`(?m)^\s*(?:tasks\.)?jar\s*\.\s*destination(?:Directory|Dir)\s*(?:=|\.set\s*\()\s*(.+)$`)
	destLine    = regexp.MustCompile(`(?m)^\s*destination(?:Directory|Dir)\s*(?:=|\.set\s*\()\s*(.+)$`)
	// gradleDir is a directory as a build script writes it: a string relative to the project's
	// directory ($projectDir/, or none) or its build directory ($buildDir/, layout.buildDirectory.dir),
	// possibly in file(...) or layout.projectDirectory.dir(...).
	gradleDir = regexp.MustCompile(`^(?:(?:project\.)?file\s*\(\s*|layout\.projectDirectory\.dir\s*\(\s*|(layout\.buildDirectory\.dir)\s*\(\s*)?["'](?:\$\{?(?:project\.)?(projectDir|buildDir)\}?/)?([A-Za-z0-9._/-]+)["']`)
	// runtimeFrom is a copy's source: the runtime classpath's files.
	runtimeFrom = regexp.MustCompile(`\bfrom\s*\(?\s*(?:project\.)?configurations\.(?:runtimeClasspath|runtime)\b`)
	intoLine    = regexp.MustCompile(`(?m)^\s*into\s*\(?\s*(.+)$`)
	// copyTask is the head of a Copy or Sync task's block: its name.
	copyTask = regexp.MustCompile(`(?:tasks\.(?:register|create)\s*(?:<\s*(?:Copy|Sync)\s*>)?\s*\(\s*["']([A-Za-z0-9_]+)["']\s*(?:,\s*(?:Copy|Sync)(?:::class(?:\.java)?)?\s*)?\)` +
		`|\btask\s+([A-Za-z0-9_]+)\s*\(\s*type\s*:\s*(?:Copy|Sync)\s*\)` +
		`|\bval\s+([A-Za-z0-9_]+)\s+by\s+tasks\.registering\s*\(\s*(?:Copy|Sync)::class\s*\))\s*$`)
	classPathAttr = regexp.MustCompile(`["']Class-Path["']`)
)

// gradlePath is a directory expression of a build script as a path relative to the project's
// directory, "" when it is not a plain one.
func gradlePath(expr string) string {
	m := gradleDir.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil {
		return ""
	}
	p := m[3]
	if m[1] != "" || m[2] == "buildDir" {
		p = "build/" + p
	}
	rel, ok := lang.RelPath(p)
	if !ok || rel == "." || !modulePath.MatchString(rel) {
		return ""
	}
	return rel
}

// jarDir is the directory the build script sets for the jar task's output, relative to the
// project's directory; "" when it sets none (build/libs) or one that is not plain.
func (g gradleFile) jarDir() string {
	var exprs []string
	for _, m := range jarDestLine.FindAllStringSubmatch(g.text, -1) {
		exprs = append(exprs, m[1])
	}
	for _, b := range slices.Concat(blocks(g.text, "jar"), blocks(g.text, "tasks.jar")) {
		for _, m := range destLine.FindAllStringSubmatch(b, -1) {
			exprs = append(exprs, m[1])
		}
	}
	if len(exprs) == 0 {
		return ""
	}
	return gradlePath(exprs[len(exprs)-1])
}

// rootDirPath is a directory expression relative to the root project (`File("$rootDir/server/build")`,
// `file("${rootDir}/x")`, `rootProject.layout.projectDirectory.dir("x")`), "" when it is not one.
var rootDirPath = regexp.MustCompile(`^(?:new\s+)?(?:file|File)\s*\(\s*["']\$\{?(?:rootDir|rootProject\.projectDir)\}?/([A-Za-z0-9._/-]+)["']\s*\)|^rootProject\.layout\.projectDirectory\.dir\s*\(\s*["']([A-Za-z0-9._/-]+)["']\s*\)`)

// shadowDir is the directory the script sets for the Shadow jar's output (Suwayomi's
// `shadowJar { destinationDirectory.set(File("$rootDir/server/build")) }`), relative to the
// project's directory module ("" for the root); "" when it sets none (build/libs), or one that
// is not plain or not below the project.
func (g gradleFile) shadowDir(module string) string {
	var exprs []string
	for _, b := range slices.Concat(blocks(g.text, "shadowJar"), blocks(g.text, "tasks.shadowJar"), blocks(g.text, `tasks.named<ShadowJar>("shadowJar")`)) {
		for _, m := range destLine.FindAllStringSubmatch(b, -1) {
			exprs = append(exprs, strings.TrimSpace(m[1]))
		}
	}
	if len(exprs) == 0 {
		return ""
	}
	expr := strings.TrimSuffix(strings.TrimSpace(exprs[len(exprs)-1]), ")")
	if m := rootDirPath.FindStringSubmatch(expr + ")"); m != nil {
		rel, ok := lang.RelPath(m[1] + m[2])
		if !ok {
			return ""
		}
		if module != "" {
			if rel, ok = strings.CutPrefix(rel, module+"/"); !ok {
				return ""
			}
		}
		if !modulePath.MatchString(rel) {
			return ""
		}
		return rel
	}
	return gradlePath(expr)
}

// copiedDependencies is the Copy (or Sync) task that copies the runtime classpath into a
// directory, and that directory relative to the project's directory, when the jar's manifest
// has a Class-Path; "", "" otherwise.
func (g gradleFile) copiedDependencies() (task, dir string) {
	if !classPathAttr.MatchString(g.text) {
		return "", ""
	}
	for _, loc := range runtimeFrom.FindAllStringIndex(g.text, -1) {
		open, end := lang.EnclosingBlock(g.text, loc[0])
		if open < 0 {
			continue
		}
		head := g.text[strings.LastIndexAny(g.text[:open], "\n;}")+1 : open]
		m := copyTask.FindStringSubmatch(head)
		into := intoLine.FindStringSubmatch(g.text[open+1 : end-1])
		if m == nil || into == nil {
			continue
		}
		if dir := gradlePath(strings.TrimSuffix(strings.TrimSpace(into[1]), ")")); dir != "" {
			return m[1] + m[2] + m[3], dir
		}
	}
	return "", ""
}

// A plain jar whose program the project starts by its main class on a class path, the way
// exec-maven-plugin's exec:java does (its mainClass parameter, or the exec.mainClass property
// it reads): jitsi-videobridge's jvb module sets `<exec.mainClass>org.jitsi.videobridge.MainKt`,
// builds a jar without a Main-Class (its shade execution is bound to no phase) and starts it
// from a script with `java -cp jitsi-videobridge.jar:lib/* org.jitsi.videobridge.MainKt`, its
// assembly's lib/ holding the runtime dependencies. `java -jar` cannot run such a jar; the
// image runs the class on the jar and its dependencies, which the build copies beside it.

// execLib is where the build copies such a jar's runtime dependencies, relative to its module.
const execLib = "target/lib"

// execOf says whose dependencies execLib holds.
const execOf = "the main class exec-maven-plugin names, run on a class path"

// execMainClass is the main class this pom's own exec-maven-plugin configuration (its plugin's,
// an execution's, or their plugin management's) or its own exec.mainClass property names, ""
// when none names one plainly. A parent's property is not the module's: every module of the
// build inherits it.
func (p *pom) execMainClass() string {
	var candidates []string
	for _, pl := range append(p.plugins(), p.buildPlugins()...) {
		if pl.ArtifactID == "exec-maven-plugin" {
			candidates = append(candidates, pl.Configuration.MainClass)
			for _, e := range pl.Executions {
				candidates = append(candidates, e.Configuration.MainClass)
			}
		}
	}
	candidates = append(candidates, p.Properties["exec.mainClass"])
	for _, c := range candidates {
		if c = p.resolve(c); javaClassName.MatchString(c) {
			return c
		}
	}
	return ""
}

// classPathMain is the main class the image runs on the class path of the module's jar and its
// copied dependencies (execMainClass), when the jar names none itself (no Spring Boot, Quarkus,
// shade, assembly or jar plugin's manifest) and the build copies no dependencies for a manifest
// Class-Path; "" otherwise.
func (p *pom) classPathMain() string {
	if b, _ := p.springBoot(); b || p.quarkus() || p.mainClass() != "" || p.addsClasspath() {
		return ""
	}
	return p.execMainClass()
}
