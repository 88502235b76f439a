package java

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

var _ lang.Follower = Provider{}

// Follow reads the build files of a multi-module build's modules: each Maven <module>'s
// pom.xml (an aggregator module's modules in the next round), and each project Gradle's
// settings include. They say which module is the application, and what it applies (Spring
// Boot, its classifier, its Java release).
func (Provider) Follow(_ *spec.Spec, f lang.Facts) []string {
	var out lang.Asks
	ask := out.Add
	if f.Has("pom.xml") {
		poms := map[string]*pom{}
		var activation []string // the files profiles activate on, asked of every module (profiles are inherited)
		for _, name := range pomFiles(f) {
			if p, err := parsePOM(f[name]); err == nil {
				poms[name] = p
				activation = append(activation, p.activationFiles()...)
			}
		}
		for _, name := range pomFiles(f) {
			p := poms[name]
			if p == nil {
				continue
			}
			for _, a := range activation {
				ask(path.Join(path.Dir(name), a))
			}
			ask(logReads(path.Dir(name))...)                    // the directories its logs go to (logdirs.go)
			ask(resourceAssetReads(f[name], path.Dir(name))...) // a UI's build it packages (uiassets.go)
			if bytes.Contains(f[name], []byte("spring-boot")) {
				// its configuration says which profiles it runs (springboot.go)
				ask(springProfileReads(f, path.Dir(name))...)
			}
			if p.quarkus() {
				// its configuration says which packaging it asks for
				for _, c := range quarkusConfigs {
					ask(path.Join(path.Dir(name), c))
				}
			}
			for _, m := range slices.Concat(p.Modules, p.profileModules()) {
				if dir, ok := moduleDir(path.Dir(name), m); ok {
					ask(path.Join(dir, "pom.xml"))
				}
			}
		}
		ask(picocliReads(f)...) // the main classes' sources, and their subcommands' (picocli.go)
		return out
	}
	catalog := f.Text("gradle/libs.versions.toml")
	quarkus := func(dir string) {
		// a Quarkus project's configuration, and the root's gradle.properties, say which
		// packaging it asks for
		g, ok := gradleProjectFile(f, dir, catalog)
		if dir == "." {
			g, ok = newGradleFile(f.Text("build.gradle")+"\n"+f.Text("build.gradle.kts"), catalog), true
		}
		if ok && g.quarkus() {
			for _, c := range quarkusConfigs {
				ask(path.Join(dir, c))
			}
			ask("gradle.properties")
		}
	}
	boot := func(dir string) {
		if strings.Contains(f.Text(path.Join(dir, "build.gradle"))+f.Text(path.Join(dir, "build.gradle.kts")), "org.springframework.boot") {
			ask(springProfileReads(f, dir)...)
		}
	}
	quarkus(".")
	boot(".")
	ask(logReads(".")...)
	ask(lang.Probe("src/main")) // whether the root has sources of its own (pickGradleProject)
	for _, dir := range gradleIncludes(f.Text("settings.gradle") + "\n" + f.Text("settings.gradle.kts")) {
		ask(dir + "/build.gradle")
		ask(dir + "/build.gradle.kts")
		ask(logReads(dir)...)
		quarkus(dir)
		boot(dir)
	}
	ask(picocliReads(f)...) // the main class's source, and its subcommands' (picocli.go)
	return out
}

// pomFiles are the pom.xml files read: the root's and its modules', sorted.
func pomFiles(f lang.Facts) []string {
	var out []string
	for name := range f {
		if name == "pom.xml" || strings.HasSuffix(name, "/pom.xml") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// moduleDir is a <module>'s directory relative to the context: the module is a directory (or
// its pom file) relative to the pom naming it; false when it leaves the context.
func moduleDir(base, module string) (string, bool) {
	module = strings.TrimSpace(module)
	if strings.HasSuffix(module, ".xml") {
		module = path.Dir(module)
	}
	d := path.Clean(path.Join(base, module))
	if module == "" || d == "." || path.IsAbs(d) || d == ".." || strings.HasPrefix(d, "../") || !modulePath.MatchString(d) {
		return "", false
	}
	return d, true
}

// mavenModules are the modules of the build read from the context, each with its directory and
// its pom (linked to the pom that lists it, for inherited properties and versions), in the
// order the poms list them.
func mavenModules(f lang.Facts, root *pom) (dirs []string, poms map[string]*pom) {
	poms = map[string]*pom{}
	var walk func(base string, p *pom, depth int)
	walk = func(base string, p *pom, depth int) {
		for _, m := range p.modules() {
			dir, ok := moduleDir(base, m)
			if !ok || poms[dir] != nil || depth > lang.MaxFollowRounds {
				continue
			}
			mp, err := parsePOM(f[dir+"/pom.xml"])
			if !f.Has(dir+"/pom.xml") || err != nil {
				continue
			}
			mp.up, mp.has = p, func(rel string) bool { return f.Has(path.Join(dir, rel)) }
			poms[dir] = mp
			dirs = append(dirs, dir)
			walk(dir, mp, depth+1)
		}
	}
	walk("", root, 0)
	return dirs, poms
}

// appModules are the modules that build an application, a Spring Boot jar (perhaps under the
// production profile alone, bootUnderProfile) or a Quarkus one, and what they are ("Spring Boot", "Quarkus", or both names when they are of both).
func appModules(dirs []string, poms map[string]*pom) ([]string, string) {
	var out, kinds []string
	for _, d := range dirs {
		kind := ""
		if ok, _ := poms[d].springBoot(); ok || poms[d].bootUnderProfile() != "" {
			kind = "Spring Boot"
		} else if poms[d].quarkus() {
			kind = "Quarkus"
		}
		if kind != "" {
			out = append(out, d)
			kinds = lang.AppendNew(kinds, kind)
		}
	}
	return out, strings.Join(kinds, " and ")
}

// demoNames are the directory names a Java build keeps runnable demonstrations of its library
// in, beside the examples and samples of every language: Sentinel's sentinel-demo aggregates
// some thirty, a Quarkus one among them, beside its dashboard.
var demoNames = []string{"demo", "demos"}

// withoutSamples are the modules of dirs outside the repository's examples, samples and demos.
func withoutSamples(dirs []string) []string {
	return slices.DeleteFunc(lang.WithoutExamples(dirs), func(d string) bool { return lang.InDirNamed(d, demoNames) })
}

// mainClassModules are the modules whose jar names a main class (pom.mainClass), or whose
// exec-maven-plugin runs one on the jar's class path (pom.classPathMain), outside the
// repository's samples when any is not one of them.
func mainClassModules(dirs []string, poms map[string]*pom) []string {
	var out []string
	for _, d := range dirs {
		if pk := poms[d].Packaging; (pk == "" || pk == "jar") && (poms[d].mainClass() != "" || poms[d].classPathMain() != "") {
			out = append(out, d)
		}
	}
	if apps := withoutSamples(out); len(apps) > 0 {
		return apps
	}
	return out
}

var (
	includeRe = regexp.MustCompile(`(?m)^\s*include\s*\(?((?:\s*["'][^"'\n]+["']\s*,?)+)`)
	quotedRe  = regexp.MustCompile(`["']([^"'\n]+)["']`)
)

// gradleIncludes are the directories of the projects settings.gradle(.kts) includes (':a:b' is
// a/b, Gradle's default project directory), in order; a project whose directory the settings
// move with a plain path (`project(":Lavalink-Server").projectDir = file("$rootDir/LavalinkServer")`,
// Lavalink's) is in that directory, and one moved out of the context, or where this reading
// cannot follow, is not followed.
func gradleIncludes(settings string) []string {
	settings = lineComment.ReplaceAllString(blockComment.ReplaceAllString(settings, ""), "")
	moved := map[string]string{} // a project's path (without the leading ':') to its directory, "" when unknown
	for _, m := range projectDirRe.FindAllStringSubmatch(settings, -1) {
		moved[strings.Trim(m[1], ":")] = m[2]
	}
	var out []string
	for _, m := range includeRe.FindAllStringSubmatch(settings, -1) {
		for _, q := range quotedRe.FindAllStringSubmatch(m[1], -1) {
			name := strings.Trim(q[1], ":")
			dir := strings.ReplaceAll(name, ":", "/")
			if d, ok := moved[name]; ok {
				dir = d
			} else if strings.Contains(settings, "projectDir") && movedElsewhere(settings, name) {
				continue
			}
			if c, ok := lang.CleanRelPath(dir); ok && dir != "" && "./"+dir == c && modulePath.MatchString(dir) && !slices.Contains(out, dir) {
				out = append(out, dir)
			}
		}
	}
	return out
}

// projectDirRe is a settings script moving a project's directory to a plain path relative to the
// root: `project(":a").projectDir = file("dir")`, `file("$rootDir/dir")`, `new File(rootDir, 'dir')`,
// `File(settingsDir, "dir")`.
var projectDirRe = regexp.MustCompile(`project\s*\(\s*["'](:?[A-Za-z0-9._:-]+)["']\s*\)\s*\.projectDir\s*=\s*(?:new\s+)?(?:file|File)\s*\(\s*(?:(?:rootDir|settingsDir|rootProject\.projectDir)\s*,\s*)?["'](?:\$\{?(?:rootDir|settingsDir|rootProject\.projectDir)\}?/)?([A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*)["']\s*\)`)

// movedElsewhere reports settings that move the project name's directory in a way projectDirRe
// does not read (out of the context, computed): its default directory is not its.
func movedElsewhere(settings, name string) bool {
	re := regexp.MustCompile(`project\s*\(\s*["']:?` + regexp.QuoteMeta(name) + `["']\s*\)\s*\.projectDir\s*=`)
	return re.MatchString(settings)
}

// gradleProjectFile is an included project's build script, "" when it has none read.
func gradleProjectFile(f lang.Facts, dir, catalog string) (gradleFile, bool) {
	text := f.Text(dir+"/build.gradle") + "\n" + f.Text(dir+"/build.gradle.kts")
	return newGradleFile(text, catalog), f.Has(dir+"/build.gradle") || f.Has(dir+"/build.gradle.kts")
}

// javaPluginRe is a root build script applying a plugin that makes it build a jar itself.
var javaPluginRe = regexp.MustCompile("(?m)id\\s*\\(?\\s*[\"'](?:java|application|java-library)[\"']|apply\\s*\\(?\\s*plugin\\s*[:=]\\s*[\"'](?:java|application|java-library)[\"']|^\\s*(?:java|application|`java-library`)\\s*$")

// withoutBlock is a build script's text without its top-level `name { ... }` blocks (braces
// counted, strings not parsed): what `subprojects { apply plugin: 'java' }` applies is not the
// root project's.
func withoutBlock(text, name string) string {
	for {
		start, _, end := nextBlock(text, name)
		if start < 0 {
			return text
		}
		text = text[:start] + text[end:]
	}
}

// blocks are the contents of a build script's top-level `name { ... }` blocks.
func blocks(text, name string) []string {
	var out []string
	for {
		start, body, end := nextBlock(text, name)
		if start < 0 {
			return out
		}
		out = append(out, text[body:max(body, end-1)])
		text = text[end:]
	}
}

// nextBlock finds the first `name {` at a line's start: where it starts, where its contents
// start, and the end of its closing brace (the text's end when it has none); start is -1 for none.
func nextBlock(text, name string) (start, body, end int) {
	re := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(name) + `\s*\{`)
	loc := re.FindStringIndex(text)
	if loc == nil {
		return -1, -1, -1
	}
	return loc[0], loc[1], lang.BlockEnd(text, loc[1]-1)
}
