package java

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

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
	if mp := modules[t.module]; !pr.boot && !quarkus && (mp != nil || t.module == "") {
		if mp == nil {
			mp = p
		}
		if sj := mp.shadedJar(name); sj != "" {
			name = sj // the shaded jar beside the plain one (kroki's server)
		}
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

// firstModule is the first module's directory, "" for none.
func firstModule(dirs []string) string {
	if len(dirs) == 0 {
		return ""
	}
	return dirs[0]
}
