// Package java plans Java builds with Maven or Gradle: dependencies resolved in deps from the
// build files alone, the jar built without tests in builder, the tests in tester, and a JRE at
// runtime running the jar (or a Spring Boot jar's layers) as a non-root user.
package java

import (
	"fmt"
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
	appDir    = "/app"
)

var (
	javaVersion  = regexp.MustCompile(`^(?:1\.)?([5-9]|[1-9][0-9])(?:\.[0-9]+)*$`) // 5 to 99; 1.8 is 8
	bootVersion  = regexp.MustCompile(`^[0-9]+\.[0-9]+(?:\.[0-9]+)?(?:[.-][A-Za-z0-9.-]+)?$`)
	jarFile      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]*\.jar$`)
	modulePath   = regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)
	jvmOptionBad = regexp.MustCompile(`[\s'"\\]`)
)

// Provider plans Maven and Gradle projects.
type Provider struct{}

// Name is the spec's language value.
func (Provider) Name() string { return "java" }

// Markers mark a Java project. A Gradle multi-project build may have no root build script.
func (Provider) Markers() []string {
	return []string{"pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"}
}

// Reads are the files Plan looks at: the build files, and the wrappers' scripts and properties.
func (Provider) Reads() []string {
	return []string{"pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties",
		"build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts",
		"gradlew", "gradle/wrapper/gradle-wrapper.properties", "gradle/libs.versions.toml"}
}

// javaMajor normalises a Java version (17, 1.8, 21.0.2) to its major release, "" if it is none.
func javaMajor(v string) string {
	if m := javaVersion.FindStringSubmatch(strings.TrimSpace(v)); m != nil {
		return m[1]
	}
	return ""
}

// Plan expands a Java spec.
func (Provider) Plan(s *spec.Spec, f lang.Facts) (*plan.Plan, error) {
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
	image := s.Build.Image
	if image == "" {
		image = pr.image(version)
	}
	rt, err := runtimeFor(s, version)
	if err != nil {
		return nil, err
	}

	p := &plan.Plan{Language: "java", Default: "runtime"}
	buildArgs, depArgs := lang.Args(p, s, pr.depArgs)
	lang.Secrets(p, s)
	env := slices.Concat(pr.env, lang.BuildEnv(s))
	// deps downloads into its layer, so a registry cache carries the downloads to a fresh
	// runner; the build and test steps start from them (see lang.SeededFrom).
	depMounts := slices.Concat(pr.scratch, []plan.Mount{lang.ScriptMount}, lang.SecretMounts(s))
	mounts := slices.Concat(lang.SeededFrom("deps", pr.caches...), depMounts)
	wrap := func(args []string) []string { return lang.RunScript(pr.script, append([]string{pr.exe}, args...)...) }
	base := lang.FirstField(s, "build.image", "version", "language")

	deps := &plan.Stage{
		Name: "deps", Description: "resolve the " + pr.tool + " plugins and dependencies of the build files",
		Base: plan.Base{Image: image}, BuildPlatform: true, Workdir: srcDir, Field: base,
	}
	if len(s.Build.Packages) > 0 { // before the build files, so a dependency change does not reinstall them
		deps.Steps = append(deps.Steps, lang.InstallPackages(lang.PackageManagerOf(image), s.Build.Packages, "build.packages"))
	}
	deps.Steps = append(deps.Steps,
		&plan.Copy{Origin: plan.Origin{Field: base}, Paths: []string{"."}, Include: pr.depFiles, Dest: "./",
			Display: strings.Join(pr.depFiles, " ")},
		&plan.Run{Origin: plan.Origin{Field: base}, Args: wrap(pr.deps), Display: pr.exe + " " + strings.Join(pr.deps, " "),
			Env: env, Mounts: depMounts, UseArgs: depArgs})

	buildField := lang.FirstField(s, "build.command", "entrypoint", "language")
	build := &plan.Run{Origin: plan.Origin{Field: buildField}, Env: env, Mounts: mounts, UseArgs: buildArgs}
	if s.Build.Command != nil {
		build.Args, build.Display = s.Build.Command.Args(), s.Build.Command.String()
	} else {
		build.Args, build.Display = wrap(pr.build), pr.exe+" "+strings.Join(pr.build, " ")
	}
	jarField := lang.FirstField(s, "entrypoint", "build.command", "language")
	jarText := pr.jarDir + "/" + pr.jarName
	if pr.jarName == "" {
		jarText = "the application jar of " + pr.jarDir
	}
	builder := &plan.Stage{
		Name: "builder", Description: "build the jar with " + pr.tool + ", without running the tests",
		Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Field: buildField,
		Steps: []plan.Step{
			&plan.Copy{Origin: plan.Origin{Field: buildField}, Paths: []string{"."}, Dest: "./", Exclude: pr.exclude},
			build,
			&plan.Run{Origin: plan.Origin{Field: jarField}, Args: lang.RunScript("pick-jar.sh", pr.jarDir, pr.jarName, outJar),
				Display: "cp " + jarText + " " + outJar, Mounts: []plan.Mount{lang.ScriptMount}, NoNetwork: true},
			lang.Expect(lang.Expected{Paths: []string{outJar}, What: "the application jar", Field: jarField,
				Fix: "`build.command` must build it, and `entrypoint` must name the jar or its module"}),
		},
	}
	layout, layered := bootLayoutFor(pr.bootVersion)
	layered = layered && pr.boot
	p.Stages = append(p.Stages, scripts(base, pr.tool, layered), deps, builder)

	testStep := plan.Run{Env: env, Mounts: mounts, UseArgs: buildArgs, Display: pr.exe + " " + strings.Join(pr.test, " ")}
	if t := lang.Tester(s, wrap(pr.test), testStep); t != nil {
		if s.Test == nil {
			t.Description = "run the tests (" + testStep.Display + ") on the builder's tree"
		}
		p.Stages = append(p.Stages, t)
	}

	rt.BuilderImage = image
	rt.Title = pr.title
	if rt.Title == "" {
		rt.Title = "app"
	}
	artifactField := lang.FirstField(s, "entrypoint", "language")
	if layered {
		extract, copies := bootSteps(layout, artifactField)
		builder.Steps = append(builder.Steps, extract)
		builder.Description += ", and split the Spring Boot jar into its layers"
		rt.Artifacts = copies
		rt.Entrypoint = []string{"java", "-cp", appDir, layout.launcher}
	} else {
		rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: artifactField}, FromStage: "builder", Paths: []string{outJar}, Dest: appDir + "/app.jar"}}
		rt.Entrypoint = []string{"java", "-jar", appDir + "/app.jar"}
	}
	return rt.Finish(s, p)
}

// runtimeFor is the runtime stage's setup: a JRE image for the Java release, the JVM options,
// and the spec's system packages.
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
		Workdir: appDir,
	}
	image, alias := rt.RuntimeImage(s)
	if s.Runtime == "scratch" {
		return rt, lang.FieldError(s, "runtime", "use slim (eclipse-temurin JRE), alpine or distroless",
			"a Java program needs a JRE: the scratch runtime has none")
	}
	setup, err := lang.RuntimePackages(s, image, alias)
	if err != nil {
		return rt, err
	}
	rt.Setup = setup
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
