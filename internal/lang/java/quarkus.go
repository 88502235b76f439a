package java

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Quarkus's default packaging, the fast-jar, is a directory (target/quarkus-app with Maven,
// build/quarkus-app with Gradle): quarkus-run.jar, which java -jar starts, with lib/ (the
// dependencies: lib/boot and lib/main), app/ (the project's jar) and quarkus/ (what Quarkus
// generated) beside it. The image copies it as Quarkus's own Dockerfile.jvm does, the
// dependencies first, each part a layer of its own, so a code change re-ships app/ and
// quarkus/ only. A project that asks for the uber-jar gets its <name>-runner.jar, as before;
// one that asks for the legacy-jar its <name>-runner.jar with the lib/ beside it (the runner's
// manifest names lib/<jar> on its Class-Path), lib/ first. A native executable is refused at
// plan time.

// quarkusAppDir is the fast-jar's directory in the build's output directory.
const quarkusAppDir = "quarkus-app"

// outQuarkusApp is where the builder leaves the fast-jar for the runtime.
const outQuarkusApp = "/out/" + quarkusAppDir

// quarkusParts are the fast-jar's parts in the order the image adds them: what changes least
// first (Quarkus's Dockerfile.jvm copies lib/, then *.jar, app/ and quarkus/).
var quarkusParts = []string{"lib/", "quarkus-run.jar", "app/", "quarkus/"}

// quarkusConfigs are a project's Quarkus configuration files, relative to its directory, in
// the order Quarkus ranks them: application.yaml (and .yml, ordinal 255) over
// application.properties (250).
var quarkusConfigs = []string{"src/main/resources/application.yaml", "src/main/resources/application.yml",
	"src/main/resources/application.properties"}

// A Quarkus production build's packaging, as its configuration asks for it.
const (
	fastJar   = "fast-jar" // the default: target/quarkus-app/, quarkus-run.jar beside lib/, app/, quarkus/
	uberJar   = "uber-jar" // one <name>-runner.jar
	legacyJar = "legacy-jar"
	native    = "native" // a native executable, built with GraalVM or Mandrel
)

// quarkusSource is where a Quarkus setting may be written: a configuration file, the pom's
// properties, gradle.properties, a Gradle quarkus { } block.
type quarkusSource struct {
	name string
	get  func(key string) (string, bool)
}

// packaging is what a project's configuration asks Quarkus's production build for, and the
// setting that says so ("quarkus.package.jar.type=legacy-jar in src/main/resources/application.yaml").
type packaging struct{ kind, setting string }

// quarkusPackaging reads the packaging from sources, highest precedence first. Each key is
// looked up as Quarkus does: the prod profile's (%prod.) in every source first, then the plain
// key. A native build (quarkus.native.enabled=true since Quarkus 3.10, quarkus.package.type
// native or native-sources before it) wins; then quarkus.package.jar.type (Quarkus 3.9 and
// later), quarkus.package.type, and the older quarkus.package.uber-jar=true.
func quarkusPackaging(sources ...quarkusSource) packaging {
	lookup := func(key string) (string, string, bool) {
		for _, k := range []string{"%prod." + key, key} {
			for _, src := range sources {
				if v, ok := src.get(k); ok {
					return strings.ToLower(strings.TrimSpace(v)), k + "=" + strings.TrimSpace(v) + " in " + src.name, true
				}
			}
		}
		return "", "", false
	}
	if v, set, ok := lookup("quarkus.native.enabled"); ok && v == "true" {
		return packaging{native, set}
	}
	for _, key := range []string{"quarkus.package.jar.type", "quarkus.package.type"} {
		v, set, ok := lookup(key)
		if !ok {
			continue
		}
		switch v {
		case uberJar, legacyJar:
			return packaging{v, set}
		case "legacy":
			return packaging{legacyJar, set}
		case native, "native-sources":
			if key == "quarkus.package.type" {
				return packaging{native, set}
			}
		}
		return packaging{fastJar, set} // fast-jar, mutable-jar (the fast-jar's layout), jar
	}
	if v, set, ok := lookup("quarkus.package.uber-jar"); ok && v == "true" {
		return packaging{uberJar, set}
	}
	return packaging{kind: fastJar}
}

// configSources are a project's Quarkus configuration files read from the context, in
// Quarkus's order.
func configSources(f lang.Facts, dir string) []quarkusSource {
	var out []quarkusSource
	for _, name := range quarkusConfigs {
		p := path.Join(dir, name)
		if !f.Has(p) {
			continue
		}
		out = append(out, quarkusSource{p, configProperties(f, p)})
	}
	return out
}

// configProperties are the property lookups of a Quarkus or Spring Boot configuration file: a
// .properties file's, else a YAML file's.
func configProperties(f lang.Facts, file string) func(string) (string, bool) {
	if strings.HasSuffix(file, ".properties") {
		return javaProperties(f.Text(file))
	}
	return yamlProperties(f[file])
}

// yamlProperties reads a Quarkus application.yaml as property lookups: nested keys joined with
// dots (quarkus: {package: {jar: {type: uber-jar}}} is quarkus.package.jar.type), dotted keys
// as they are, the prod profile as a "%prod" key. A file that is not YAML sets nothing
// (Quarkus fails on it).
func yamlProperties(data []byte) func(string) (string, bool) {
	m := map[string]string{}
	var doc any
	if yaml.Unmarshal(data, &doc) == nil {
		flattenYAML("", doc, m)
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// flattenYAML puts the scalars of v into m under their dotted keys below prefix; a null key
// (~) is its parent's own value, as Quarkus reads it.
func flattenYAML(prefix string, v any, m map[string]string) {
	join := func(k any) string {
		key := fmt.Sprint(k)
		switch {
		case k == nil:
			return prefix
		case prefix == "":
			return key
		}
		return prefix + "." + key
	}
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			flattenYAML(join(k), child, m)
		}
	case map[any]any:
		for k, child := range v {
			flattenYAML(join(k), child, m)
		}
	case []any, nil:
	default:
		if prefix != "" {
			m[prefix] = fmt.Sprint(v)
		}
	}
}

// quarkusBlockSet is a setting of a Gradle quarkus { } block: `set("package.jar.type",
// "uber-jar")` (the key below quarkus.) or `quarkusBuildProperties.put("quarkus.package.jar.type",
// "uber-jar")`, with either quote.
var quarkusBlockSet = regexp.MustCompile(`(?:\bset|quarkusBuildProperties\s*\.\s*(put|set))\s*\(?\s*["']([A-Za-z0-9._%-]+)["']\s*,\s*["']([^"']*)["']`)

// gradleQuarkusBlock reads the settings of a build script's top-level quarkus { } blocks,
// which the Quarkus Gradle plugin ranks over gradle.properties and the configuration files.
func gradleQuarkusBlock(text, file string) quarkusSource {
	m := map[string]string{}
	for _, block := range blocks(text, "quarkus") {
		for _, sm := range quarkusBlockSet.FindAllStringSubmatch(block, -1) {
			key := sm[2]
			if sm[1] == "" { // set(name, value) sets quarkus.<name>
				key = "quarkus." + key
			}
			m[key] = sm[3]
		}
	}
	return quarkusSource{file + "'s quarkus { } block", func(k string) (string, bool) { v, ok := m[k]; return v, ok }}
}

// quarkusError is the plan-time error of a packaging the image cannot ship: a native
// executable, which the frontend does not build.
func quarkusError(s *spec.Spec, pk packaging) error {
	if pk.kind != native {
		return nil
	}
	return lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"),
		"remove it, or keep it in a profile the build does not activate (the native profile of Quarkus's pom, run with -Dnative), "+
			"and the image ships the fast-jar (or set quarkus.package.jar.type=uber-jar for one jar)",
		"%s asks Quarkus for a native executable, which the frontend does not build (that needs GraalVM or Mandrel in the builder)", pk.setting)
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
			Paths: []string{outQuarkusApp + "/" + part}, Dest: lang.AppDir + "/" + part})
	}
	return pick, copies
}

// pickQuarkusApp copies the fast-jar directory $1 to $2, after checking that the build wrote
// its quarkus-run.jar: a project whose configuration asks for another packaging where
// planning does not read it (a setting computed in a build script) fails here, naming what the
// output directory holds.
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

// legacyLib is where the builder leaves the jar's dependencies for the runtime.
const legacyLib = "/out/lib"

// Whose dependencies a lib directory holds, for the build's description and the pick step's
// messages.
const (
	legacyOf    = "Quarkus's legacy-jar"
	classPathOf = "the thin jar, named by its manifest's Class-Path"
)

// libSteps are the builder's step that puts the jar's dependencies (dir, in the build's output
// directory: a legacy-jar's lib/) in /out/lib, and the runtime's copy of it to dest beside the
// jar, which comes before the jar's: the dependencies change least.
func libSteps(dir, dest, of, field string) (pick *plan.Run, lib *plan.Copy) {
	pick = &plan.Run{Origin: plan.Origin{Field: field}, Args: lang.RunScript("pick-lib.sh", dir, legacyLib, of),
		Display: "cp -R " + dir + " " + legacyLib + " (the dependencies of " + of + ")", Mounts: []plan.Mount{lang.ScriptMount}, NoNetwork: true}
	return pick, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "builder", Paths: []string{legacyLib + "/"}, Dest: lang.AppDir + "/" + dest + "/"}
}

// pickLib copies the jar's dependency directory $1 to $2; $3 says whose they are.
const pickLib = `set -eu
src=$1 dest=$2 of=$3
if [ ! -d "$src" ]; then
  echo "multistage-frontend: the build did not produce $src (the dependencies of $of); ${src%/*} holds:" >&2
  ls -l "${src%/*}" >&2 || true
  exit 1
fi
rm -rf "$dest"
mkdir -p "${dest%/*}"
cp -R "$src" "$dest"
`

// quarkusLogDir is the directory Quarkus's file log writes, when the project's configuration
// enables it (quarkus.log.file.enabled, or the older .enable; its prod profile's first):
// quarkus.log.file.path's, ${name:default} substituted from the configuration, else Quarkus's
// default quarkus.log in the working directory (logdirs.go).
func quarkusLogDir(f lang.Facts, dir string) (d, why string, ok bool) {
	on, set := quarkusSetting(f, dir, "quarkus.log.file.enabled")
	if set == "" {
		on, set = quarkusSetting(f, dir, "quarkus.log.file.enable")
	}
	if !strings.EqualFold(strings.TrimSpace(on), "true") {
		return "", "", false
	}
	file, from := quarkusSetting(f, dir, "quarkus.log.file.path")
	if from == "" {
		return ".", "written by Quarkus's file log, quarkus.log by default, " + set, true
	}
	get := func(n string) (string, bool) {
		v, from := quarkusSetting(f, dir, n)
		return v, from != ""
	}
	file, ok = expandVars(strings.TrimSpace(file), smallRyeSep, get, 0)
	return path.Dir(file), "written by Quarkus's file log, " + from, ok
}
