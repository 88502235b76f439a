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

// project is what the build files say, whichever the build tool, and how to run the tool.
type project struct {
	tool   string // Maven or Gradle, for messages
	exe    string // mvn, ./mvnw, gradle or ./gradlew
	script string // the script every default command runs under: maven.sh or gradle.sh
	image  func(java string) string
	// caches are the tool's downloads (local repository, wrapper distribution, Gradle home):
	// the deps step leaves them in its layer, the build and test steps mount them seeded from it.
	caches []lang.Cache
	// scratch are mounts of every step that hold nothing across steps (the mirror settings).
	scratch []plan.Mount
	env     []plan.Env
	depArgs []plan.Arg
	// depFiles are include patterns: the build files copied into the deps stage.
	depFiles []string
	// exclude are build outputs left out when the builder copies the context.
	exclude []string
	// deps, build and test are the tool's arguments for each stage.
	deps, build, test []string
	// jarDir is where the build leaves the jar; jarName its file name, "" when only the build
	// knows it (then the single application jar in jarDir is taken).
	jarDir, jarName string
	// manifestMain is the Main-Class the build files give the jar (maven-jar-plugin's
	// manifest), "" when they do not say: the jar step then checks the manifest itself.
	manifestMain string
	// quarkusDir is the output directory holding Quarkus's fast-jar (quarkus-app/), "" when the
	// build's result is a jar.
	quarkusDir string
	// libDir is the directory of the context the build copies the jar's dependencies to, below
	// the jar's directory (Quarkus's legacy-jar's lib/, a thin jar's whose manifest's Class-Path
	// names them); libDest is its path relative to the jar's directory, where the image puts it
	// beside the jar; libOf says whose dependencies they are. "" for none.
	libDir, libDest, libOf string
	// classPathMain is the main class the image runs with the jar and libDest on the class
	// path (`java -cp`), when the jar names none itself; "" to run it with java -jar.
	classPathMain string
	// dist is the application plugin's installDist layout the image runs, nil for a jar.
	dist        *distribution
	java        string // the Java release the build files ask for, "" when they do not say
	boot        bool
	bootVersion string
	// bootZip is spring-boot-maven-plugin's ZIP layout, whose jar starts with PropertiesLauncher
	// (it honours loader.path, nacos's plugins directory) instead of JarLauncher.
	bootZip bool
	title   string
	// quarkus is a Quarkus application's build (any packaging)
	quarkus bool
	// dir is the application module's directory ("." for the root), "" when the spec names a jar
	dir string
	// mainClass is the main class the build files name, "" when they name none plainly;
	// sourceDirs the projects' directories its source may be in, the application's first.
	mainClass  string
	sourceDirs []string
}

// target is the spec's entrypoint for Java: the module whose jar is run, or the jar itself.
type target struct {
	module string // "" for the root project
	jar    string // a path in the context ending in .jar, or ""
}

// parseTarget reads the entrypoint: a module directory (app, services/api) or the jar's path
// (target/app.jar, app/build/libs/app.jar).
func parseTarget(s *spec.Spec) (target, error) {
	ep := strings.TrimSpace(s.Entrypoint)
	if ep == "" {
		return target{}, nil
	}
	rel, ok := lang.RelPath(ep)
	if !ok || !modulePath.MatchString(ep) {
		return target{}, lang.FieldError(s, "entrypoint", "write the module directory (app) or the jar's path (app/target/app.jar)",
			"%q is not a module directory or a jar inside the build context", s.Entrypoint)
	}
	if !strings.HasSuffix(rel, ".jar") {
		if rel == "." {
			rel = ""
		}
		return target{module: rel}, nil
	}
	t := target{jar: rel}
	for _, out := range []string{"/target/", "/build/libs/"} {
		if i := strings.LastIndex("/"+rel, out); i > 0 {
			t.module = rel[:i-1]
		}
	}
	return t, nil
}

// where is the jar: the entrypoint's jar, else the tool's output directory of the module, and
// the jar's name when the build files tell it ("" to take the only application jar there).
func (t target) where(outDir, name string) (dir, file string) {
	if t.jar != "" {
		return path.Dir(t.jar), path.Base(t.jar)
	}
	if t.module != "" {
		return path.Join(t.module, outDir), name
	}
	return outDir, name
}

// dir is the directory of the module the image runs ("." for the root), "" when the spec names
// a jar.
func (t target) dir() string {
	if t.jar != "" {
		return ""
	}
	return path.Clean("./" + t.module)
}

// mavenRepo is the local repository of every Maven step, whatever the image's settings say.
const mavenRepo = "/root/.m2/repository"

// cacheOf is a cache of the tool's downloads (see project.caches), locked: neither Maven's local
// repository nor Gradle's home is safe with concurrent writers.
func cacheOf(id, target string) lang.Cache {
	return lang.Cache{ID: id, Target: target, Sharing: lang.Locked, InLayer: true}
}

// mavenProject plans a Maven build: pom.xml, and the Maven wrapper when the project has one.
func mavenProject(s *spec.Spec, f lang.Facts, t target) (*project, error) {
	p, err := parsePOM(f["pom.xml"])
	if err != nil {
		return nil, lang.FieldError(s, "language", "fix pom.xml: Maven could not read it either", "pom.xml is not valid XML: %v", err)
	}
	p.has = f.Has
	if c := s.Build.Command; !c.IsZero() {
		words := c.Exec
		if c.Exec == nil {
			words = strings.Fields(c.Shell)
		}
		p.cmdProfiles = cmdProfiles(words)
	}
	dirs, modules := mavenModules(f, p)
	if p.Packaging == "pom" && t.module == "" && t.jar == "" {
		// the application is the module that repackages a Spring Boot jar or builds a Quarkus
		// one, when only one does
		boots, kind := appModules(dirs, modules)
		mains := mainClassModules(dirs, modules)
		switch apps := withoutSamples(boots); {
		case len(boots) == 1:
			t.module = boots[0]
		case len(apps) == 1:
			// the only one outside the repository's samples (xxl-job's xxl-job-admin beside
			// xxl-job-executor-samples/*)
			t.module = apps[0]
		case len(boots) == 0 && len(mains) == 1:
			// no Spring Boot or Quarkus module: the one module whose jar names a main class
			// (a shaded or assembled jar, a manifest's Main-Class; graphhopper's web)
			t.module = mains[0]
		case len(boots) == 0 && len(mains) > 1:
			// the one depending on a server framework, the others tools beside it
			// (graphhopper's web over tools, dependency-track's apiserver over its migrator)
			dir, reason, sure := likelyService(mains, modules)
			if sure {
				t.module = dir
				break
			}
			if reason != "" {
				reason = " (" + reason + ")"
			}
			return nil, lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"), "e.g. entrypoint: "+dir+reason,
				"pom.xml aggregates several modules whose jars name a main class (%s): set `entrypoint` to the module whose jar the image runs", strings.Join(mains, ", "))
		case len(boots) == 0:
			hint := "e.g. entrypoint: " + firstOf(firstModule(dirs), "app") + " (a module of pom.xml)"
			switch pm := profileMainModules(dirs, modules); len(pm) {
			case 0:
			case 1:
				// Signal-Server's service, shaded only under -Pexclude-spam-filter
				hint = "e.g. entrypoint: " + pm[0].hint() + ", with a `build.command` that runs Maven with -P" + pm[0].id
			default:
				// nacos's address and bootstrap, under -Prelease-address and -Prelease-nacos
				var each []string
				for _, m := range pm {
					each = append(each, m.hint())
				}
				hint = "e.g. entrypoint: " + strings.Join(each, ", or ") + ", with a `build.command` that runs Maven with that -P profile"
			}
			return nil, lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"), hint,
				"pom.xml only aggregates modules (%s): set `entrypoint` to the module whose jar the image runs", strings.Join(p.modules(), ", "))
		default:
			hint := "e.g. entrypoint: " + boots[0]
			if d, ok := bundlingApp(boots, modules); ok {
				// litemall-all, which depends on litemall-wx-api and litemall-admin-api
				hint = "e.g. entrypoint: " + d + " (it depends on the others)"
			}
			return nil, lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"), hint,
				"pom.xml aggregates several %s applications (%s): set `entrypoint` to the module whose jar the image runs", kind, strings.Join(boots, ", "))
		}
	}
	if p.Packaging != "" && p.Packaging != "jar" && p.Packaging != "pom" {
		return nil, lang.FieldError(s, "language", "build a runnable jar (Spring Boot, or the shade plugin)",
			"pom.xml builds a %q: the Java runtime runs jars with java -jar", p.Packaging)
	}
	pr := &project{
		tool: "Maven", exe: "mvn", script: "maven.sh",
		image:    func(v string) string { return "maven:3-eclipse-temurin-" + v },
		caches:   []lang.Cache{cacheOf("maven-repository", mavenRepo)},
		scratch:  []plan.Mount{{Type: plan.MountTmpfs, Target: mirrorDir}},
		depArgs:  []plan.Arg{{Name: "MAVEN_MIRROR_URL", Description: "Maven repository mirror for every repository (a company Nexus or Artifactory)"}},
		depFiles: []string{"pom.xml"},
		exclude:  []string{"target", "*/target"},
		java:     p.javaRelease(),
		title:    p.ArtifactID,
	}
	if len(p.modules()) > 0 {
		pr.depFiles = append(pr.depFiles, "**/pom.xml")
	}
	pr.depFiles = append(pr.depFiles, ".mvn")
	if f.Has("mvnw") && f.Has(".mvn/wrapper/maven-wrapper.properties") {
		pr.exe = "./mvnw"
		pr.image = func(v string) string { return "eclipse-temurin:" + v + "-jdk" }
		pr.depFiles = append(pr.depFiles, "mvnw")
		pr.caches = append(pr.caches, cacheOf("maven-wrapper", "/root/.m2/wrapper"))
	}
	common := []string{"--batch-mode", "--no-transfer-progress", "-Dmaven.repo.local=" + mavenRepo}
	// resolve-plugins + resolve is go-offline, except that it honours excludeArtifactIds for
	// plugins: deploy and site are bound to every project but never run in an image build.
	pr.deps = slices.Concat(common, []string{"dependency:resolve-plugins", "dependency:resolve", "-DexcludeArtifactIds=maven-deploy-plugin,maven-site-plugin"})
	pr.build = slices.Concat(common, []string{"-DskipTests"})
	if t.module != "" {
		pr.build = append(pr.build, "--projects", t.module, "--also-make")
		pr.title = path.Base(t.module)
	}
	pr.build = append(pr.build, "package")
	pr.test = slices.Concat(common, []string{"test"})
	if mp := modules[t.module]; mp != nil || t.module == "" {
		if mp == nil {
			mp = p
		}
		if id := mp.bootUnderProfile(); id != "" {
			// its Spring Boot jar is the production profile's alone (microcks's webapp): built
			// with it, which the production profile's -P below passes to Maven
			mp.cmdProfiles = append(mp.cmdProfiles, id)
		}
	}
	name, quarkus := "", false
	switch mp := modules[t.module]; {
	case t.module == "":
		name = p.finalName()
		pr.boot, pr.bootVersion = p.springBoot()
		pr.bootZip = p.bootLayoutZip()
		quarkus = p.quarkus()
	case mp != nil:
		// a module read from the context: its jar's name, Spring Boot and release, with what it
		// does not say taken from the poms above it
		name = mp.finalName()
		pr.boot, pr.bootVersion = mp.springBoot()
		pr.bootZip = mp.bootLayoutZip()
		pr.java = mp.javaRelease()
		quarkus = mp.quarkus()
	}
	pr.jarDir, pr.jarName = t.where("target", name)
	pr.dir = t.dir()
	if mp := modules[t.module]; mp != nil || t.module == "" {
		if mp == nil {
			mp = p
		}
		pr.mainClass, pr.sourceDirs = mp.mainClass(), appFirst(path.Clean("./"+t.module), append([]string{"."}, dirs...))
	}
	if mp := modules[t.module]; pr.boot && (mp != nil || t.module == "") {
		if mp == nil {
			mp = p
		}
		if id := mp.productionProfile(); id != "" {
			// the production build JHipster documents (./mvnw -Pprod package): deps resolves
			// what the profile adds, and the builder builds it
			pr.deps = append(pr.deps, "-P"+id)
			pr.build = slices.Insert(pr.build, len(pr.build)-1, "-P"+id)
		}
	}
	if quarkus && !pr.boot && t.jar == "" {
		mp := modules[t.module]
		if mp == nil {
			mp = p
		}
		pk := quarkusPackaging(append(configSources(f, t.module), quarkusSource{path.Join(t.module, "pom.xml") + "'s properties", mp.value})...)
		if err := quarkusError(s, pk); err != nil {
			return nil, err
		}
		pr.quarkus = true
		switch {
		case pk.kind == fastJar:
			// Quarkus's default fast-jar, target/quarkus-app/: the image copies its parts
			// (quarkus.go); target/<finalName>.jar holds the project's classes only
			pr.quarkusDir = pr.jarDir
		case name != "":
			// the uber-jar the project asks for, <finalName>-runner.jar, runs alone; the
			// legacy-jar's with target/lib/ beside it
			pr.jarName = strings.TrimSuffix(name, ".jar") + "-runner.jar"
		}
		if pk.kind == legacyJar {
			pr.beside(path.Join(pr.jarDir, "lib"), legacyOf)
		}
	}
	if mp := modules[t.module]; !pr.boot && !quarkus && (mp != nil || t.module == "") {
		if mp == nil {
			mp = p
		}
		if dir := mp.copiedDependencies(); dir != "" {
			pr.beside(path.Join(t.module, dir), classPathOf)
		} else if dir, args := mp.classpathCopy(); dir != "" && t.jar == "" && pr.jarName != "" {
			// the dependencies the manifest names, copied where it names them after the
			// package (every module of the reactor copies its own into its target/)
			pr.build = append(pr.build, args...)
			pr.beside(path.Join(t.module, dir), classPathOf)
		}
		if t.jar == "" && pr.jarName != "" {
			pr.manifestMain = mp.jarPluginMainClass() // the jar plugin's jar, named by finalName
		}
		if c := mp.classPathMain(); c != "" && t.jar == "" && pr.jarName != "" && pr.libDir == "" {
			// a plain jar whose program exec-maven-plugin names (jitsi-videobridge's jvb): its
			// runtime dependencies copied beside it after the package, the class run on both
			pr.build = append(pr.build, "dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory="+execLib)
			pr.beside(path.Join(t.module, execLib), execOf)
			pr.classPathMain, pr.manifestMain = c, c
			pr.mainClass = firstOf(pr.mainClass, c)
		}
	}
	return pr, nil
}

// bundlingApp is the one of apps whose pom depends on every other one's artifact: the
// application that runs them all in one process; false when none or several do.
func bundlingApp(apps []string, poms map[string]*pom) (string, bool) {
	var found []string
	for _, d := range apps {
		if poms[d] == nil {
			continue
		}
		all := true
		for _, o := range apps {
			if o != d && (poms[o] == nil || !slices.ContainsFunc(poms[d].Dependencies, func(dep dependency) bool {
				return strings.TrimSpace(dep.ArtifactID) == poms[o].ArtifactID
			})) {
				all = false
				break
			}
		}
		if all {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

// beside ships dir, where the build copies the jar's dependencies, beside the jar in the image,
// at its place relative to the jar, when it is below the jar's directory; of says whose they are.
func (pr *project) beside(dir, of string) {
	if sub, ok := strings.CutPrefix(dir, pr.jarDir+"/"); ok {
		pr.libDir, pr.libDest, pr.libOf = dir, sub, of
	}
}

// firstModule is the first module's directory, "" for none.
func firstModule(dirs []string) string {
	if len(dirs) == 0 {
		return ""
	}
	return dirs[0]
}

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
		java:    g.javaRelease(),
		title:   path.Base(t.module),
	}
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
		pr.java = firstOf(mg.javaRelease(), pr.java)
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
