package java

import (
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// Quarkus's default packaging, the fast-jar, is a directory (target/quarkus-app with Maven,
// build/quarkus-app with Gradle): quarkus-run.jar, which java -jar starts, with lib/ (the
// dependencies: lib/boot and lib/main), app/ (the project's jar) and quarkus/ (what Quarkus
// generated) beside it. The image copies it as Quarkus's own Dockerfile.jvm does, the
// dependencies first, each part a layer of its own, so a code change re-ships app/ and
// quarkus/ only. A project that asks for the uber-jar gets its <name>-runner.jar, as before.

// quarkusAppDir is the fast-jar's directory in the build's output directory.
const quarkusAppDir = "quarkus-app"

// outQuarkusApp is where the builder leaves the fast-jar for the runtime.
const outQuarkusApp = "/out/" + quarkusAppDir

// quarkusParts are the fast-jar's parts in the order the image adds them: what changes least
// first (Quarkus's Dockerfile.jvm copies lib/, then *.jar, app/ and quarkus/).
var quarkusParts = []string{"lib/", "quarkus-run.jar", "app/", "quarkus/"}

// applicationProperties is a project's Quarkus configuration, relative to its directory.
const applicationProperties = "src/main/resources/application.properties"

// quarkusJarKeys are the properties that choose the jar packaging, the prod profile's first:
// quarkus.package.jar.type since Quarkus 3.9, quarkus.package.type before it.
var quarkusJarKeys = []string{"%prod.quarkus.package.jar.type", "quarkus.package.jar.type",
	"%prod.quarkus.package.type", "quarkus.package.type"}

// quarkusUberJarAsked reports whether the project's configuration asks Quarkus's production
// build for the uber-jar: quarkus.package.jar.type (or quarkus.package.type) uber-jar, or the
// older quarkus.package.uber-jar=true. Each source is a lookup of a property (the module's
// application.properties, the pom's properties, gradle.properties), the first that sets one
// of the keys deciding.
func quarkusUberJarAsked(sources ...func(string) (string, bool)) bool {
	for _, get := range sources {
		for _, k := range quarkusJarKeys {
			if v, ok := get(k); ok {
				return strings.EqualFold(strings.TrimSpace(v), "uber-jar")
			}
		}
		for _, k := range []string{"%prod.quarkus.package.uber-jar", "quarkus.package.uber-jar"} {
			if v, ok := get(k); ok {
				return strings.EqualFold(strings.TrimSpace(v), "true")
			}
		}
	}
	return false
}

// javaProperties reads a .properties file's keys and values as lookups: `key=value`,
// `key: value` or `key value`, comments (# and !) skipped. Continuation lines and escapes are
// not read: the keys that matter here are plain.
func javaProperties(text string) func(string) (string, bool) {
	m := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		i := strings.IndexAny(line, "=: \t")
		if i < 0 {
			m[line] = ""
			continue
		}
		key, val := line[:i], strings.TrimSpace(line[i:])
		val = strings.TrimSpace(strings.TrimLeft(val, "=:"))
		m[key] = val
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// quarkusSteps are the builder's step that puts the fast-jar of dir (the build's output
// directory, quarkus-app below it) in /out, and the runtime's copies, one layer per part.
func quarkusSteps(dir, field string) (pick *plan.Run, copies []*plan.Copy) {
	src := path.Join(dir, quarkusAppDir)
	pick = &plan.Run{Origin: plan.Origin{Field: field},
		Args:    lang.RunScript("pick-quarkus-app.sh", src, outQuarkusApp),
		Display: "cp -R " + src + " " + outQuarkusApp + " (Quarkus's fast-jar)", Mounts: []plan.Mount{lang.ScriptMount}, NoNetwork: true}
	for _, part := range quarkusParts {
		copies = append(copies, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "builder",
			Paths: []string{outQuarkusApp + "/" + part}, Dest: appDir + "/" + part})
	}
	return pick, copies
}

// pickQuarkusApp copies the fast-jar directory $1 to $2, after checking that the build wrote
// its quarkus-run.jar: a project whose configuration asks for another packaging (legacy-jar,
// a native executable) fails here, naming what the output directory holds.
const pickQuarkusApp = `set -eu
src=$1 dest=$2
if [ ! -f "$src/quarkus-run.jar" ]; then
  echo "multistage-frontend: the build did not produce $src/quarkus-run.jar (Quarkus's fast-jar); ${src%/*} holds:" >&2
  ls -l "${src%/*}" >&2 || true
  echo "the image runs Quarkus's fast-jar, or its uber-jar when application.properties sets quarkus.package.jar.type=uber-jar" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "${dest%/*}"
cp -R "$src" "$dest"
for d in lib app quarkus; do mkdir -p "$dest/$d"; done
`
