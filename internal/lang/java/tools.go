package java

import (
	"path"
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

// beside ships dir, where the build copies the jar's dependencies, beside the jar in the image,
// at its place relative to the jar, when it is below the jar's directory; of says whose they are.
func (pr *project) beside(dir, of string) {
	if sub, ok := strings.CutPrefix(dir, pr.jarDir+"/"); ok {
		pr.libDir, pr.libDest, pr.libOf = dir, sub, of
	}
}
