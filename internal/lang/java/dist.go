package java

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// Gradle's application plugin builds a plain jar (no Main-Class, its dependencies elsewhere)
// and, with installDist, the layout the project is meant to run from: build/install/<name>/
// holding lib/ (the jar and its runtime classpath) and bin/<name>, a start script that puts
// lib/ on the class path, adds the build script's applicationDefaultJvmArgs and JAVA_OPTS, and
// runs the main class. A project that applies the plugin and builds no fat jar (Spring Boot,
// Shadow, Quarkus) or thin jar with its dependencies beside it ships that layout: /app/lib and
// /app/bin, run by its start script, as the Dockerfiles written for such projects do
// (`COPY --from=build /app/build/install/app /app`, `ENTRYPOINT ["/app/bin/app"]`). On
// distroless, which has no shell for the script, the image runs the main class the build
// script names with lib/ on the class path.

var (
	// applicationRe is the application plugin applied (id, apply plugin, Kotlin's bare
	// `application` in a plugins block) or configured (`application { }`, `mainClassName =`).
	applicationRe = regexp.MustCompile("(?m)id\\s*\\(?\\s*[\"']application[\"']|apply\\s*\\(?\\s*plugin\\s*[:=]\\s*[\"']application[\"']|^\\s*application\\s*(?:\\{|$)|^\\s*mainClassName\\s*=")
	// mainClassRe is the main class as a literal: `mainClass = '...'`, `mainClass.set("...")`,
	// the older `mainClassName = '...'`.
	mainClassRe = regexp.MustCompile(`(?m)(?:^|[{;])\s*(?:application\s*\.\s*)?(?:mainClass(?:Name)?\s*=|mainClass\s*\.\s*set\s*\()\s*["']([A-Za-z_$][A-Za-z0-9_$.]*)["']`)
	// appNameRe is the start script's and install directory's name when the script sets it.
	appNameRe = regexp.MustCompile(`(?m)(?:^|[{;])\s*(?:application\s*\.\s*)?applicationName\s*(?:=|\.set\s*\()\s*["']([A-Za-z0-9._-]+)["']`)
)

// outDist is where the builder leaves the installed distribution for the runtime.
const outDist = "/out/dist"

// distribution is an application plugin's installDist layout.
type distribution struct {
	dir  string // build/install of the project, relative to the context
	name string // the install directory's and the start script's name
	main string // the main class, "" when the build script does not name it plainly
}

// application reports the application plugin, or Micronaut's, which applies it.
func (g gradleFile) application() bool {
	return applicationRe.MatchString(g.text) || micronautApp(g.text)
}

// mainClass is the application's main class when the script writes it as a literal.
func (g gradleFile) mainClass() string { return g.applicationSetting(mainClassRe) }

// applicationName is the start script's name the script sets, "" when it sets none.
func (g gradleFile) applicationName() string { return g.applicationSetting(appNameRe) }

// applicationSetting is a literal re finds in the application { } block, else at the top of
// the script (`application.mainClass = ...`, `mainClassName = ...`): a JavaExec task's
// mainClass in a block of its own is not the application's.
func (g gradleFile) applicationSetting(re *regexp.Regexp) string {
	for _, text := range append(blocks(g.text, "application"), topLevel(g.text)) {
		if m := re.FindStringSubmatch(text); m != nil {
			return m[1]
		}
	}
	return ""
}

// topLevel is a build script's text outside its blocks.
func topLevel(text string) string {
	var b strings.Builder
	depth := 0
	for _, r := range text {
		switch r {
		case '{':
			depth++
		case '}':
			depth = max(0, depth-1)
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// distSteps are the builder's step that takes the installed distribution, and the runtime's
// copies of its lib/ (first: it changes least) and bin/.
func distSteps(d *distribution, field string) (pick *plan.Run, copies []*plan.Copy) {
	pick = &plan.Run{Origin: plan.Origin{Field: field}, Args: lang.RunScript("pick-dist.sh", d.dir, d.name, outDist),
		Display: "cp -R " + path.Join(d.dir, d.name) + " " + outDist + " (installDist's layout)", Mounts: []plan.Mount{lang.ScriptMount}, NoNetwork: true}
	for _, part := range []string{"lib", "bin"} {
		copies = append(copies, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "builder",
			Paths: []string{outDist + "/" + part + "/"}, Dest: lang.AppDir + "/" + part + "/"})
	}
	return pick, copies
}

// pickDist copies the distribution installDist wrote in $1/$2 to $3, with its start script at
// bin/$2. When the name read from the build files is not the one Gradle used (a name computed
// in the script, a root project named after its directory), the only directory of $1 is taken
// and its only start script is renamed $2, which the image's entrypoint names.
const pickDist = `set -eu
dir=$1 name=$2 dest=$3
src=$dir/$name
if [ ! -d "$src" ]; then
  set --
  for d in "$dir"/*/; do
    if [ -d "$d" ]; then set -- "$@" "${d%/}"; fi
  done
  if [ "$#" -ne 1 ]; then
    echo "multistage-frontend: want the application installDist wrote in $dir, found $# directories: $*" >&2
    exit 1
  fi
  src=$1
fi
rm -rf "$dest"
mkdir -p "${dest%/*}"
cp -R "$src" "$dest"
mkdir -p "$dest/lib" "$dest/bin"
rm -f "$dest"/bin/*.bat
if [ ! -f "$dest/bin/$name" ]; then
  set --
  for f in "$dest"/bin/*; do
    if [ -f "$f" ]; then set -- "$@" "$f"; fi
  done
  if [ "$#" -ne 1 ]; then
    echo "multistage-frontend: want one start script in $src/bin, found $#: $*" >&2
    exit 1
  fi
  mv "$1" "$dest/bin/$name"
fi
`
