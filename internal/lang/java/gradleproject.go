package java

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// gradleProject plans a Gradle build: the root build script, and the Gradle wrapper when the
// project has one.
func gradleProject(s *spec.Spec, f lang.Facts, t target) (*project, error) {
	g := newGradleFile(f.Text("build.gradle")+"\n"+f.Text("build.gradle.kts"), f.Text("gradle/libs.versions.toml"))
	pr := &project{
		tool: "Gradle", exe: "gradle", script: "gradle.sh",
		image:  func(v string) string { return "gradle:jdk" + v },
		caches: []lang.Cache{cacheOf("gradle", "/root/.gradle")},
		env:    []plan.Env{{Key: "GRADLE_USER_HOME", Value: "/root/.gradle"}},
		depArgs: []plan.Arg{{Name: "GRADLE_MIRROR_URL",
			Description: "Maven repository mirror for every Gradle repository and the plugin portal"}},
		// gradle/ holds the wrapper, the version catalog and applied scripts; buildSrc is build logic.
		depFiles: []string{"settings.gradle", "settings.gradle.kts", "build.gradle", "build.gradle.kts", "gradle.properties",
			"**/build.gradle", "**/build.gradle.kts", "gradle", "buildSrc"},
		exclude: []string{"build", "*/build", ".gradle"},
		title:   path.Base(t.module),
	}
	props := javaProperties(f.Text("gradle.properties")) // the release a script may take from it
	pr.java = firstOf(g.javaRelease(), g.propertyRelease(props))
	if f.Has("gradlew") && f.Has("gradle/wrapper/gradle-wrapper.properties") {
		pr.exe = "./gradlew"
		pr.image = func(v string) string { return "eclipse-temurin:" + v + "-jdk" }
		pr.depFiles = append(pr.depFiles, "gradlew")
	}
	common := []string{"--no-daemon", "--console=plain"}
	pr.deps = slices.Concat(common, []string{"--no-configuration-cache", "--init-script", lang.ScriptDir + "/resolve.gradle", "resolveDependencies"})
	catalog := f.Text("gradle/libs.versions.toml")
	if t.module == "" && t.jar == "" {
		if err := pickGradleProject(s, f, g, catalog, &t); err != nil {
			return nil, err
		}
		pr.title = path.Base(t.module)
	}
	// assemble when the fat jar's task is unknown: it runs bootJar or shadowJar too when a
	// convention plugin applies them, and the jar step then takes the one application jar.
	task := "assemble"
	app := g
	if t.module == "" {
		pr.boot, pr.bootVersion = g.springBoot()
	} else if mg, ok := gradleProjectFile(f, t.module, catalog); ok {
		// the subproject's own script: Spring Boot (its version possibly the root's, applied
		// there with `apply false`), Shadow, its Java release
		app = mg
		pr.boot, pr.bootVersion = mg.springBoot()
		if pr.boot && pr.bootVersion == "" {
			pr.bootVersion = g.bootPluginVersion()
		}
		pr.java = firstOf(mg.javaRelease(), firstOf(mg.propertyRelease(props), pr.java))
	}
	outDir, quarkus := "build/libs", false
	switch {
	case pr.boot:
		task = "bootJar"
	case app.shadow():
		task = "shadowJar"
		if d := app.shadowDir(t.module); d != "" {
			outDir = d // Suwayomi's destinationDirectory.set(File("$rootDir/server/build"))
		}
	case app.quarkus():
		// Quarkus's Gradle plugin writes its fast-jar (build/quarkus-app/) or the uber-jar the
		// project asks for into build/ itself (build/libs holds the plain jar)
		task, outDir, quarkus = "quarkusBuild", "build", true
	case app.jarDir() != "":
		outDir = app.jarDir() // traccar's jar.destinationDirectory = file("$projectDir/target")
	}
	var at []string // where the task runs: its project's path, or -p its directory
	if t.module != "" {
		if renamesProjects(f.Text("settings.gradle") + "\n" + f.Text("settings.gradle.kts")) {
			at = []string{"-p", t.module}
		} else {
			task = ":" + strings.ReplaceAll(t.module, "/", ":") + ":" + task
		}
	}
	pr.build = slices.Concat(common, at, []string{task})
	pr.test = slices.Concat(common, []string{"test"})
	if pr.boot && prodProperty.MatchString(g.text) {
		// JHipster's Gradle build applies gradle/profile_prod.gradle with -Pprod
		pr.deps = append(pr.deps, "-Pprod")
		pr.build = slices.Insert(pr.build, len(pr.build)-1, "-Pprod")
	}
	if pr.title == "." || pr.title == "" {
		pr.title = settingsName(f.Text("settings.gradle") + "\n" + f.Text("settings.gradle.kts"))
	}
	pr.jarDir, pr.jarName = t.where(outDir, "")
	pr.dir = t.dir()
	pr.mainClass, pr.sourceDirs = buildMainClass(f), sourceDirs(f)
	if quarkus && t.jar == "" {
		// the quarkus { } block, then gradle.properties, then the configuration files: the
		// Quarkus Gradle plugin's order
		script := path.Join(t.module, "build.gradle")
		if f.Has(script + ".kts") {
			script += ".kts"
		}
		sources := []quarkusSource{gradleQuarkusBlock(app.text, script), {"gradle.properties", javaProperties(f.Text("gradle.properties"))}}
		pk := quarkusPackaging(append(sources, configSources(f, t.module)...)...)
		if err := quarkusError(s, pk); err != nil {
			return nil, err
		}
		pr.quarkus = true
		switch pk.kind {
		case fastJar:
			pr.quarkusDir = pr.jarDir
		case legacyJar:
			// the runner jar, the only jar in build/, with build/lib/ beside it
			pr.beside(path.Join(pr.jarDir, "lib"), legacyOf)
		}
	}
	if copyTask, dir := app.copiedDependencies(); strings.HasSuffix(task, "assemble") && dir != "" {
		// a plain jar, in the directory the script sets, and its dependencies beside it: the
		// copy task runs with the build, named in case assemble does not depend on it
		pr.beside(path.Join(t.module, dir), classPathOf)
		if pr.libDir != "" {
			pr.build = append(pr.build, strings.TrimSuffix(task, "assemble")+copyTask)
		}
	}
	if strings.HasSuffix(task, "assemble") && t.jar == "" && pr.libDir == "" && app.application() {
		// the application plugin's layout, not its plain jar (no Main-Class, no dependencies)
		name := firstOf(app.applicationName(), pr.title)
		pr.dist = &distribution{dir: path.Join(t.module, "build/install"), name: firstOf(name, "app"), main: app.mainClass()}
		pr.build = slices.Concat(common, at, []string{strings.TrimSuffix(task, "assemble") + "installDist"})
	}
	return pr, nil
}

// pickGradleProject chooses the subproject a multi-project build's image runs when the spec
// names none and the root builds no jar itself (no root build script, or one that applies
// neither Java, the application plugin, Spring Boot nor Shadow): the only included project
// that applies Spring Boot, else the only one that builds a runnable jar or layout (Shadow,
// the application plugin or Micronaut's, Quarkus: micronaut-starter's). Several fail at plan
// time naming them, as does no root build script with none (the root's assemble would build no
// jar in build/libs, and the build would fail at the jar step).
func pickGradleProject(s *spec.Spec, f lang.Facts, root gradleFile, catalog string, t *target) error {
	rootScript := f.Has("build.gradle") || f.Has("build.gradle.kts")
	// what a subprojects { } block applies is the subprojects', not the root's; a root that
	// applies Spring Boot or Java with no sources of its own (conductor's, whose server is the
	// included `server`) builds the included projects' jars, not one of its own
	boot, _ := root.springBoot()
	if rootScript && (boot || root.shadow() || javaPluginRe.MatchString(withoutBlock(root.text, "subprojects"))) && rootHasSources(f, root) {
		return nil
	}
	projects := gradleIncludes(f.Text("settings.gradle") + "\n" + f.Text("settings.gradle.kts"))
	if len(projects) == 0 {
		return nil
	}
	var boots, runnable []string
	for _, d := range projects {
		if g, ok := gradleProjectFile(f, d, catalog); ok {
			if boot, _ := g.springBoot(); boot {
				boots = append(boots, d)
			} else if g.runnable() {
				runnable = append(runnable, d)
			}
		}
	}
	field := lang.FirstField(s, "entrypoint", "language")
	if len(boots) == 0 && len(runnable) > 0 {
		if d, ok := onlyProject(runnable); ok {
			t.module = d
			return nil
		}
		return lang.FieldError(s, field, "e.g. entrypoint: "+likelyServer(runnable),
			"the Gradle build's root builds no jar, and it includes several applications (%s): set `entrypoint` to the project whose jar the image runs", strings.Join(runnable, ", "))
	}
	if d, ok := onlyProject(boots); ok {
		t.module = d
		return nil
	}
	switch {
	case len(boots) > 1:
		return lang.FieldError(s, field, "e.g. entrypoint: "+boots[0],
			"the Gradle build includes several Spring Boot applications (%s): set `entrypoint` to the project whose jar the image runs", strings.Join(boots, ", "))
	case !rootScript:
		return lang.FieldError(s, field, "e.g. entrypoint: "+projects[0],
			"the Gradle build has no root build script, and includes %s: set `entrypoint` to the project whose jar the image runs", strings.Join(projects, ", "))
	}
	return nil
}

// rootHasSources reports a root project with sources of its own: a src/main directory, or
// source directories its build script sets (`srcDirs = ['src']`, `srcDir("app")`) outside a
// subprojects { } block, whose settings are the included projects' (reposilite's
// `java.srcDirs("src/main/kotlin")` there).
func rootHasSources(f lang.Facts, root gradleFile) bool {
	return f.HasDir("src/main") || srcDirRe.MatchString(withoutBlock(root.text, "subprojects"))
}

var srcDirRe = regexp.MustCompile(`\bsrcDirs?\s*(?:=|\+=|\(|["'])`)

// renamedProjectRe is a settings script renaming a project (conductor's
// `rootProject.children.each {it.name="conductor-${it.name}"}`, `project(':a').name = 'b'`);
// the root project's name is not a project path.
var renamedProjectRe = regexp.MustCompile(`(?:^|[^\w.])(\w+|project\s*\([^)]*\))\.name\s*=[^=]`)

// renamesProjects reports settings that rename an included project or move its directory
// (projectDirRe): its path is then not
// ':' + its directory, so the build runs the task in the project's directory (-p), where
// Gradle selects the project whatever its name.
func renamesProjects(settings string) bool {
	settings = lineComment.ReplaceAllString(blockComment.ReplaceAllString(settings, ""), "")
	if projectDirRe.MatchString(settings) {
		return true // a project moved to another directory: its path is not its directory's
	}
	for _, m := range renamedProjectRe.FindAllStringSubmatch(settings, -1) {
		if m[1] != "rootProject" {
			return true
		}
	}
	return false
}

// onlyProject is the only one of dirs, else the only one outside the repository's samples and
// examples; false for none or several.
func onlyProject(dirs []string) (string, bool) {
	if len(dirs) == 1 {
		return dirs[0], true
	}
	if apps := withoutSamples(dirs); len(apps) == 1 {
		return apps[0], true
	}
	return "", false
}

// likelyServer is the first of projects named as a server (web, server, api in its last
// element) outside the tools directories, else the first.
func likelyServer(projects []string) string {
	for _, d := range projects {
		base := path.Base(d)
		if !inToolDir(d) && (strings.Contains(base, "web") || strings.Contains(base, "server") || strings.Contains(base, "api")) {
			return d
		}
	}
	return projects[0]
}
