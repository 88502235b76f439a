// Package java plans Java builds with Maven or Gradle: dependencies resolved in deps from the
// build files alone, the jar built without tests in builder, the tests in tester, and a JRE at
// runtime running the jar (or a Spring Boot jar's layers) as a non-root user.
package java

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// defaultJava is the release used when neither the spec nor the build files name one.
const defaultJava = "17"

const (
	srcDir    = "/src"
	outJar    = "/out/app.jar"
	layersDir = "/out/layers"
)

var (
	javaVersion  = regexp.MustCompile(`^(?:1\.)?([5-9]|[1-9][0-9])(?:\.[0-9]+)*$`) // 5 to 99; 1.8 is 8
	bootVersion  = regexp.MustCompile(`^[0-9]+\.[0-9]+(?:\.[0-9]+)?(?:[.-][A-Za-z0-9.-]+)?$`)
	jarFile      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]*\.jar$`)
	modulePath   = regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)
	jvmOptionBad = regexp.MustCompile(`[\s'"\\]`)
)

// Provider plans Maven and Gradle projects: it declares its toolchain (lang.Declarer), and the
// skeleton builds the stages.
type Provider struct{}

// markers mark a Java project. A Gradle multi-project build may have no root build script.
var markers = []string{"pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"}

// Language is Java's registry entry. It reads the build files, and the wrappers' scripts and
// properties. A package.json beside them builds the front end (JHipster, the
// frontend-maven-plugin): the program is Java's.
func (Provider) Language() lang.Language {
	return lang.Language{Name: "java", Markers: markers, Supersedes: []string{"node", "bun"},
		Reads: []string{"pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties",
			"build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts",
			"gradlew", "gradle/wrapper/gradle-wrapper.properties", "gradle/libs.versions.toml",
			"gradle.properties"}, // a Java release the scripts take from a property (gradlefile.go)
		Runtimes: []string{"slim", "alpine", "distroless"}, Fields: []string{"jvm_options"},
		Assets: resourceAssets} // a Node.js project's build a pom copies resources from (uiassets.go)
}

// javaMajor normalises a Java version (17, 1.8, 21.0.2) to its major release, "" if it is none.
func javaMajor(v string) string {
	if m := javaVersion.FindStringSubmatch(strings.TrimSpace(v)); m != nil {
		return m[1]
	}
	return ""
}

// Toolchain declares a Java build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	t, err := parseTarget(s)
	if err != nil {
		return nil, err
	}
	var pr *project
	switch {
	case f.Has("pom.xml"):
		pr, err = mavenProject(s, f, t)
	case f.Has("build.gradle") || f.Has("build.gradle.kts") || f.Has("settings.gradle") || f.Has("settings.gradle.kts"):
		pr, err = gradleProject(s, f, t)
	default:
		err = lang.FieldError(s, "language", "add a pom.xml (Maven) or build.gradle (Gradle), or set `language`",
			"no pom.xml, build.gradle or settings.gradle in the build context")
	}
	if err != nil {
		return nil, err
	}
	version := pr.java
	if version == "" {
		version = defaultJava
	}
	if s.Version != "" {
		if version = javaMajor(s.Version); version == "" {
			return nil, lang.FieldError(s, "version", "write the Java release, e.g. 17 or 21",
				"%q is not a Java release", s.Version)
		}
	}
	rt, err := runtimeFor(s, version)
	if err != nil {
		return nil, err
	}
	wrap := func(args []string) []string { return lang.RunScript(pr.script, append([]string{pr.exe}, args...)...) }
	// deps downloads into its layer, so a registry cache carries the downloads to a fresh
	// runner; the build and test steps mount the caches seeded from it (InLayer)
	run := func(args []string) *lang.Cmd {
		return &lang.Cmd{Args: wrap(args), Display: pr.exe + " " + strings.Join(args, " "), Caches: pr.caches, Mounts: pr.scratch, Scripts: true}
	}
	pick := []string{pr.jarDir, pr.jarName, outJar}
	if pr.manifestMain != "" {
		pick = append(pick, pr.manifestMain)
	}
	jarText := pr.jarDir + "/" + pr.jarName
	if pr.jarName == "" {
		jarText = "the application jar of " + pr.jarDir
	}
	layout, layered := bootLayoutFor(pr.bootVersion)
	layered = layered && pr.boot
	if pr.bootZip {
		layout.launcher = strings.Replace(layout.launcher, "JarLauncher", "PropertiesLauncher", 1)
	}
	test := run(pr.test)
	test.Phase = lang.Compile // the tests may resolve what deps did not (surefire's providers): secrets reach them
	tc := &lang.Toolchain{
		Image: pr.image(version), Workdir: srcDir, CmdEnv: pr.env, ToolArgs: pr.depArgs, Scripts: scripts(pr.tool, layered),
		Deps: lang.Deps{Description: "resolve the " + pr.tool + " plugins and dependencies of the build files", Patterns: pr.depFiles,
			Steps: []plan.Step{run(pr.deps)}},
		Build: lang.Build{Description: "build the jar with " + pr.tool + ", without running the tests", Exclude: pr.exclude,
			Commands: []*lang.Cmd{run(pr.build)},
			Output: []plan.Step{&plan.Run{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "build.command", "language")},
				Args:    lang.RunScript("pick-jar.sh", pick...),
				Display: "cp " + jarText + " " + outJar, Mounts: []plan.Mount{lang.ScriptMount}, NoNetwork: true}},
			Expect: []lang.Expected{{Paths: []string{outJar}, What: "the application jar",
				Fix: "`build.command` must build it, and `entrypoint` must name the jar or its module"}}},
		Test: lang.Test{Command: *test},
	}

	rt.Title = pr.title
	if rt.Title == "" {
		rt.Title = "app"
	}
	artifactField := lang.FirstField(s, "entrypoint", "language")
	switch {
	case pr.quarkusDir != "":
		pick, copies := quarkusSteps(pr.quarkusDir, artifactField)
		tc.Build.Output = []plan.Step{pick}
		tc.Build.Expect = []lang.Expected{{Paths: []string{outQuarkusApp + "/quarkus-run.jar"}, What: "Quarkus's fast-jar",
			Fix: "`build.command` must build it, and `entrypoint` must name its module"}}
		// the fast-jar's step replaces the jar's
		tc.Scripts = append(slices.DeleteFunc(tc.Scripts, func(f plan.File) bool { return f.Path == lang.Script("pick-jar.sh", "").Path }),
			lang.Script("pick-quarkus-app.sh", pickQuarkusApp))
		tc.Build.Description = "build Quarkus's fast-jar with " + pr.tool + ", without running the tests"
		rt.Artifacts = copies
		rt.Entrypoint = []string{"java", "-jar", lang.AppDir + "/quarkus-run.jar"}
	case pr.dist != nil:
		pick, copies := distSteps(pr.dist, artifactField)
		tc.Build.Output = []plan.Step{pick}
		tc.Build.Expect = []lang.Expected{{Paths: []string{outDist + "/bin/" + pr.dist.name}, What: "the application's start script",
			Fix: "`build.command` must run installDist, and `entrypoint` must name its project"}}
		tc.Scripts = append(slices.DeleteFunc(tc.Scripts, func(f plan.File) bool { return f.Path == lang.Script("pick-jar.sh", "").Path }),
			lang.Script("pick-dist.sh", pickDist))
		tc.Build.Description = "build the application's installDist layout with " + pr.tool + ", without running the tests"
		rt.Artifacts = copies
		rt.Entrypoint = []string{lang.AppDir + "/bin/" + pr.dist.name}
		if s.Runtime == "distroless" {
			// no shell for the start script: the main class, with lib/ on the class path
			if pr.dist.main == "" {
				return nil, lang.FieldError(s, "runtime", "use slim or alpine, which run the start script, or write `mainClass = '...'` in the application block",
					"distroless has no shell for the application plugin's start script, and the build script names no main class plainly")
			}
			rt.Entrypoint = []string{"java", "-cp", lang.AppDir + "/lib/*", pr.dist.main}
		}
	case layered:
		extract, copies := bootSteps(layout, artifactField)
		tc.Build.After = append(tc.Build.After, extract)
		tc.Build.Description += ", and split the Spring Boot jar into its layers"
		rt.Artifacts = copies
		rt.Entrypoint = []string{"java", "-cp", lang.AppDir, layout.launcher}
	default:
		rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: artifactField}, FromStage: "builder", Paths: []string{outJar}, Dest: lang.AppDir + "/app.jar"}}
		rt.Entrypoint = []string{"java", "-jar", lang.AppDir + "/app.jar"}
		if pr.classPathMain != "" && pr.libDest != "" {
			// a jar without a Main-Class: its main class, on the jar and its dependencies
			rt.Entrypoint = []string{"java", "-cp", lang.AppDir + "/app.jar:" + lang.AppDir + "/" + pr.libDest + "/*", pr.classPathMain}
		}
	}
	if pr.libDir != "" { // the jar's dependencies beside it, in a layer before it
		pick, lib := libSteps(pr.libDir, pr.libDest, pr.libOf, artifactField)
		tc.Build.Output = append(tc.Build.Output, pick)
		tc.Scripts = append(tc.Scripts, lang.Script("pick-lib.sh", pickLib))
		if pr.libOf == legacyOf {
			tc.Build.Description = "build Quarkus's legacy-jar with " + pr.tool + ", without running the tests"
		} else {
			tc.Build.Description += ", with its dependencies beside it"
		}
		rt.Artifacts = append([]*plan.Copy{lib}, rt.Artifacts...)
	}
	switch {
	case pr.boot && pr.dir != "":
		rt.Env = append(rt.Env, productionProfileEnv(s, f, pr.dir)...)
		rt.Env = append(rt.Env, portEnv(s, "SERVER_PORT", firstOf(springPort(f, pr.dir), frameworkPort))...)
	case pr.quarkus && pr.dir != "":
		rt.Env = append(rt.Env, portEnv(s, "QUARKUS_HTTP_PORT", firstOf(quarkusPort(f, pr.dir), frameworkPort))...)
	}
	if pr.dir != "" {
		own := func(d logDir, shared string) {
			switch {
			case d.dir == ".":
				rt.SharedWorkdir = shared
			case path.IsAbs(d.dir):
				rt.DataVolumes = append(rt.DataVolumes, lang.Volume{Dir: d.dir, From: d.why, Written: true})
			default:
				rt.Made = append(rt.Made, lang.Volume{Dir: d.dir, From: d.why})
			}
		}
		// the directories its logback or Log4j2 file appenders, or Quarkus's file log, write (logdirs.go)
		for _, d := range logDirs(f, pr.dir, rt.Home(s), pr.boot, pr.quarkus) {
			own(d, "its log files, "+d.why)
		}
		if d, ok := datasourceDir(f, pr.dir, rt.Home(s), pr.boot, pr.quarkus); ok {
			own(d, d.why) // its embedded database's file (datafile.go)
		}
	}
	tc.Runtime = rt
	tc.Notes = append(tc.Notes, picocliNotes(s, f, pr.mainClass, pr.sourceDirs)...)
	return tc, nil
}

// runtimeFor is the runtime table: a JRE image for the Java release, and the JVM options.
func runtimeFor(s *spec.Spec, version string) (lang.Runtime, error) {
	rt := lang.Runtime{
		Aliases: map[string]string{
			"slim":       "eclipse-temurin:" + version + "-jre",
			"alpine":     "eclipse-temurin:" + version + "-jre-alpine",
			"distroless": "gcr.io/distroless/java" + version + "-debian12:nonroot",
		},
		Default: "slim",
		Shells:  []string{"slim", "alpine"},
		AddUser: []string{"slim", "alpine"},
		Workdir: lang.AppDir,
	}
	if s.Runtime == "scratch" {
		return rt, lang.FieldError(s, "runtime", "use slim (eclipse-temurin JRE), alpine or distroless",
			"a Java program needs a JRE: the scratch runtime has none")
	}
	if s.JVMOptions != nil && len(*s.JVMOptions) > 0 {
		for i, w := range *s.JVMOptions {
			if jvmOptionBad.MatchString(w) || strings.HasPrefix(w, "@") || !strings.HasPrefix(w, "-") {
				return rt, lang.FieldError(s, fmt.Sprintf("jvm_options[%d]", i), "one option per word, e.g. -XX:MaxRAMPercentage=75",
					"%q is not a JVM option: options start with '-' and hold no spaces, quotes or backslashes", w)
			}
		}
		for _, kv := range s.Env {
			if kv.Key == "JAVA_TOOL_OPTIONS" {
				return rt, lang.FieldError(s, "jvm_options", "keep one of them",
					"`jvm_options` and `env.JAVA_TOOL_OPTIONS` both set the JVM's options")
			}
		}
		// JAVA_TOOL_OPTIONS, not arguments: every JVM in the image reads it (jcmd, a healthcheck's
		// java), and `docker run -e JAVA_TOOL_OPTIONS=...` retunes the image without rebuilding it.
		rt.Env = append(rt.Env, plan.Env{Key: "JAVA_TOOL_OPTIONS", Value: strings.Join(*s.JVMOptions, " ")})
	}
	return rt, nil
}
