package java

// The scripts the Java steps run, mounted from the scripts stage. Each is fixed text: every
// value from the spec, the build files or a build arg reaches it as a positional argument or an
// environment variable, never spliced into the script.

import (
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// mirrorDir is a tmpfs mounted in every Maven step: the mirror settings written there vanish
// with the step, so a --build-arg value never lands in a layer.
const mirrorDir = "/run/build-mirror"

// scripts are the tool's scripts, the jar's, and Spring Boot's when it is one.
func scripts(tool string, boot bool) []plan.File {
	files := []plan.File{lang.Script("maven.sh", mavenScript)}
	if tool == "Gradle" {
		files = []plan.File{lang.Script("gradle.sh", gradleScript),
			lang.Script("resolve.gradle", resolveInit), lang.Script("mirror.gradle", mirrorInit)}
	}
	files = append(files, lang.Script("pick-jar.sh", pickJar))
	if boot {
		files = append(files, lang.Script("boot-extract.sh", bootExtract))
	}
	return files
}

// mavenScript runs "$@" (mvn or ./mvnw and its arguments). With MAVEN_MIRROR_URL set it writes
// a global settings file whose only content is a mirror of every repository, and passes it with
// -gs: global, so that a user settings file (a secret mounted at ~/.m2/settings.xml, say) still
// applies. The URL is XML-escaped; the Maven wrapper downloads Maven itself through it too.
// Maven records the URL of every repository it asked in vain (*.lastUpdated) or checked
// (resolver-status.properties) in the local repository, which deps leaves in its layer: those
// files are removed after every run, so a mirror's URL, credentials and all, stays out of layers.
const mavenScript = `set -eu
if [ -n "${MAVEN_MIRROR_URL:-}" ]; then
  url=$(printf '%s' "$MAVEN_MIRROR_URL" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g')
  printf '<settings>\n  <mirrors>\n    <mirror>\n      <id>build-arg-mirror</id>\n      <mirrorOf>*</mirrorOf>\n      <url>%s</url>\n    </mirror>\n  </mirrors>\n</settings>\n' "$url" >` + mirrorDir + `/settings.xml
  export MVNW_REPOURL="$MAVEN_MIRROR_URL"
  tool=$1
  shift
  set -- "$tool" -gs ` + mirrorDir + `/settings.xml "$@"
fi
status=0
"$@" || status=$?
find ` + mavenRepo + ` \( -name '*.lastUpdated' -o -name resolver-status.properties \) -type f -delete 2>/dev/null || true
exit "$status"
`

// gradleScript runs "$@" (gradle or ./gradlew and its arguments), with GRADLE_MIRROR_URL set
// adding the init script that sends every remote repository, the plugin portal included, to
// the mirror (the init script reads the URL from the environment itself).
const gradleScript = `set -eu
if [ -n "${GRADLE_MIRROR_URL:-}" ]; then
  tool=$1
  shift
  set -- "$tool" --init-script ` + lang.ScriptDir + `/mirror.gradle "$@"
fi
exec "$@"
`

// resolveInit adds resolveDependencies to every project: it downloads every configuration that
// can be resolved (compile, runtime and test classpaths, annotation processors). Gradle has no
// go-offline; this is the dependency step's warm-up. A configuration that does not resolve
// without the sources is reported and skipped: the build step resolves what it needs anyway.
const resolveInit = `allprojects {
    tasks.register('resolveDependencies') {
        description = 'Downloads the dependencies of every resolvable configuration.'
        def confs = project.configurations
        doLast {
            confs.findAll { it.canBeResolved }.each { conf ->
                try {
                    conf.resolve()
                } catch (Exception e) {
                    logger.warn("resolveDependencies: skipped ${conf.name}: ${e.message}")
                }
            }
        }
    }
}
`

// mirrorInit routes every http(s) Maven repository (mavenCentral(), google(), the plugin portal,
// declared in settings or in projects) and the implicit plugin portal to GRADLE_MIRROR_URL.
// Ivy repositories have another layout and are left alone; file repositories too.
const mirrorInit = `def mirror = System.getenv('GRADLE_MIRROR_URL')
def redirect = { repos ->
    repos.configureEach { repo ->
        if (repo instanceof MavenArtifactRepository && repo.url.scheme in ['http', 'https']) {
            repo.url = mirror
        }
    }
}
beforeSettings { settings ->
    if (settings.pluginManagement.repositories.isEmpty()) {
        settings.pluginManagement.repositories.maven { url = mirror }
    }
    redirect(settings.pluginManagement.repositories)
    if (settings.hasProperty('dependencyResolutionManagement')) { // Gradle 6.8 and later
        redirect(settings.dependencyResolutionManagement.repositories)
    }
}
allprojects {
    redirect(buildscript.repositories)
    redirect(repositories)
}
`

// pickJar copies the application jar to $3. With a file name ($2) it takes exactly that file
// in $1; without one it takes the only jar of $1 that is not a side artifact (sources, javadoc,
// tests, Gradle's -plain jar, the original of a repackaged jar) and fails when there are
// several: a guess could ship the wrong jar. A jar whose manifest has no Main-Class fails the
// step too (when the build image has the JDK's jar tool): the image's java -jar could not run it.
// With $4, the main class the build files give the jar's manifest (maven-jar-plugin's
// mainClass), that check is left out: it starts a JVM (the jar tool), the step's cost on a
// fresh runner (0.2 to 0.3 s of its 0.3 to 0.4 s, docs/benchmarks.md).
const pickJar = `set -eu
dir=$1 name=$2 dest=$3 main=${4:-}
if [ -n "$name" ]; then
  jar=$dir/$name
  if [ ! -f "$jar" ]; then
    echo "multistage-frontend: the build did not produce $jar; $dir holds:" >&2
    ls -l "$dir" >&2 || true
    exit 1
  fi
else
  set --
  for f in "$dir"/*.jar; do
    case ${f##*/} in
      *-sources.jar | *-javadoc.jar | *-tests.jar | *-test-sources.jar | *-test-fixtures.jar | *-plain.jar | original-*.jar) continue ;;
    esac
    if [ -f "$f" ]; then set -- "$@" "$f"; fi
  done
  if [ "$#" -ne 1 ]; then
    echo "multistage-frontend: want exactly one application jar in $dir, found $#: $*" >&2
    echo "name the jar with entrypoint in the spec, e.g. entrypoint: $dir/app.jar" >&2
    exit 1
  fi
  jar=$1
fi
# java -jar runs the manifest's Main-Class: a plain jar without one (a library's, a build
# that starts its program from a script of its own) would fail only when the container starts;
# $4 is the main class the build files write there (read at planning, no JVM started)
if [ -z "$main" ] && command -v jar >/dev/null 2>&1; then
  abs=$(cd "${jar%/*}" && pwd)/${jar##*/}
  tmp=$(mktemp -d)
  (cd "$tmp" && jar xf "$abs" META-INF/MANIFEST.MF) || true
  if ! grep -qi '^Main-Class:' "$tmp/META-INF/MANIFEST.MF" 2>/dev/null; then
    echo "multistage-frontend: $jar has no Main-Class in its manifest, so java -jar cannot run it" >&2
    echo "build a runnable jar (Spring Boot, the Shadow or shade plugin, a Main-Class attribute), apply Gradle's application plugin, or name the jar with entrypoint" >&2
    rm -rf "$tmp"
    exit 1
  fi
  rm -rf "$tmp"
fi
mkdir -p "${dest%/*}"
cp "$jar" "$dest"
`

// bootExtract splits a Spring Boot jar ($1) into its layers under $2 with the jar mode $3
// (tools: Boot 3.3 and later; layertools: 2.4 to 3.2), then checks that the launcher class the
// image will run ($4, as a path) is there: a wrong guess of the Boot version fails here, not
// when the container starts.
const bootExtract = `set -eu
jar=$1 dest=$2 mode=$3 launcher=$4
rm -rf "$dest"
case $mode in
  tools) java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination "$dest" ;;
  *) mkdir -p "$dest" && java -Djarmode=layertools -jar "$jar" extract --destination "$dest" ;;
esac
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
  mkdir -p "$dest/$layer"
done
if [ ! -f "$dest/spring-boot-loader/$launcher" ]; then
  echo "multistage-frontend: $jar has no $launcher: the Spring Boot version read from the build file does not match the jar" >&2
  ls "$dest/spring-boot-loader/org/springframework/boot/loader" >&2 || true
  exit 1
fi
`
