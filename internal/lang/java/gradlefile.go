package java

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// gradleFile is a root build.gradle or build.gradle.kts and the version catalog, read with
// patterns, never run: Groovy and Kotlin build scripts are programs, so anything computed
// stays unknown and the plan falls back to its defaults.
type gradleFile struct {
	text    string // comments removed
	catalog string // gradle/libs.versions.toml
}

var (
	lineComment  = regexp.MustCompile(`(?m)^\s*//.*$`)
	blockComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

	toolchainRe    = regexp.MustCompile(`JavaLanguageVersion\.of\(\s*["']?(\d+)["']?\s*\)|jvmToolchain\(\s*(\d+)\s*\)`)
	compatVarRe    = regexp.MustCompile(`(?:source|target)Compatibility\s*(?:=|\()\s*([A-Za-z_]\w*)\s*(?:\)|$|\n)`)
	compatRe       = regexp.MustCompile(`(?:source|target)Compatibility\s*(?:=|\()\s*(?:JavaVersion\.VERSION_(\d+(?:_\d+)?)|JavaVersion\.toVersion\(\s*["']?(\d+(?:\.\d+)?)["']?\s*\)|["']?(\d+(?:\.\d+)?)["']?)`)
	bootPluginRe   = regexp.MustCompile(`id\s*\(?\s*["']org\.springframework\.boot["']\s*\)?(?:\s*version\s*\(?\s*["']([^"']+)["']\s*\)?)?(\s*apply\s*\(?\s*false)?`)
	bootApplyRe    = regexp.MustCompile(`apply\s*\(?\s*plugin\s*[:=]\s*["']org\.springframework\.boot["']`)
	bootClassRe    = regexp.MustCompile(`spring-boot-gradle-plugin:(\d[^"':)\s]*)`)
	catalogAliasRe = regexp.MustCompile(`alias\(\s*libs\.plugins\.([A-Za-z0-9_.-]+)\s*\)(\s*apply\s*\(?\s*false)?`)
	rootNameRe     = regexp.MustCompile(`rootProject\.name\s*=\s*["']([A-Za-z0-9._-]+)["']`)
	quarkusRe      = regexp.MustCompile(`id\s*\(?\s*["']io\.quarkus["']\s*\)?(?:\s*version\s*\(?\s*["'][^"']*["']\s*\)?)?(\s*apply\s*\(?\s*false)?`)
	// prodProperty is a root script choosing its production build by a project property
	// (JHipster's `if (project.hasProperty("prod")) { apply from: "gradle/profile_prod.gradle" }`).
	prodProperty = regexp.MustCompile(`hasProperty\(\s*["']prod["']\s*\)`)
	// shadowRe is the Shadow plugin's id: the first group a call that only asks about it
	// (`pluginManager.withPlugin("com.gradleup.shadow") { ... }`), the second `apply false`
	// (reposilite's root declares the version for its server project).
	shadowRe = regexp.MustCompile(`((?:withPlugin|hasPlugin|findPlugin)\s*\(\s*)?["'](?:com\.github\.johnrengelman\.shadow|com\.gradleup\.shadow|io\.github\.goooler\.shadow)["']\s*\)?(?:\s*version\s*\(?\s*["'][^"']*["']\s*\)?)?(\s*apply\s*\(?\s*false)?`)
)

func newGradleFile(text, catalog string) gradleFile {
	text = blockComment.ReplaceAllString(text, "")
	return gradleFile{text: lineComment.ReplaceAllString(text, ""), catalog: catalog}
}

// javaRelease is the toolchain's language version, else the source or target compatibility.
func (g gradleFile) javaRelease() string {
	for _, re := range []*regexp.Regexp{toolchainRe, compatRe} {
		if m := re.FindStringSubmatch(g.text); m != nil {
			for _, v := range m[1:] {
				if r := javaMajor(strings.ReplaceAll(v, "_", ".")); r != "" {
					return r
				}
			}
		}
	}
	// a variable the script defines (kestra's `final targetJavaVersion = JavaVersion.VERSION_21`,
	// then `sourceCompatibility = targetJavaVersion`)
	for _, m := range compatVarRe.FindAllStringSubmatch(g.text, -1) {
		def := regexp.MustCompile(`(?m)^\s*(?:(?:final|def|val|var|static|private)\s+)*(?:JavaVersion\s+|int\s+|Integer\s+)?` +
			regexp.QuoteMeta(m[1]) + `\s*(?::\s*\w+\s*)?=\s*(?:JavaVersion\.VERSION_(\d+(?:_\d+)?)|JavaVersion\.toVersion\(\s*["']?(\d+(?:\.\d+)?)["']?\s*\)|["']?(\d+(?:\.\d+)?)["']?\s*$)`)
		if d := def.FindStringSubmatch(g.text); d != nil {
			for _, v := range d[1:] {
				if r := javaMajor(strings.ReplaceAll(v, "_", ".")); r != "" {
					return r
				}
			}
		}
	}
	// the version catalog's (Suwayomi's `JavaVersion.toVersion(libs.versions.jvmTarget.get())`,
	// jvmTarget = "21" in libs.versions.toml), then Kotlin's jvmTarget, which javac's release
	// follows in a mixed build: either needs a JDK of that release
	for _, m := range catalogReleaseRe.FindAllStringSubmatch(g.text, -1) {
		if r := javaMajor(g.catalogVersion(m[1])); r != "" {
			return r
		}
	}
	if m := kotlinTargetRe.FindStringSubmatch(g.text); m != nil {
		if r := javaMajor(m[1] + m[2]); r != "" {
			return r
		}
	}
	return ""
}

// propertyRelease is the Java release the script takes from a Gradle property that
// gradle.properties sets, read with props: tolgee's `JavaLanguageVersion.of(javaVersion.toInteger())`
// with `javaVersion=25` there, `jvmToolchain(property("jdk").toString().toInt())`,
// `sourceCompatibility = javaVersion`; "" when none does.
func (g gradleFile) propertyRelease(props func(string) (string, bool)) string {
	var names []string
	for _, m := range releasePropRe.FindAllStringSubmatch(g.text, -1) {
		names = append(names, m[1]+m[2])
	}
	for _, m := range compatVarRe.FindAllStringSubmatch(g.text, -1) {
		names = append(names, m[1])
	}
	for _, n := range names {
		if v, ok := props(n); ok {
			if r := javaMajor(v); r != "" {
				return r
			}
		}
	}
	return ""
}

// releasePropRe is a toolchain's or compatibility's release taken from a name: a property the
// script reads by name, or a bare identifier (Groovy's project properties, Kotlin's
// `val javaVersion: String by project`).
var releasePropRe = regexp.MustCompile(`(?:JavaLanguageVersion\.of|jvmToolchain|JavaVersion\.toVersion|JvmTarget\.fromTarget)\(\s*\(?\s*(?:project\.)?` +
	`(?:(?:property|findProperty|providers\.gradleProperty)\(\s*["']([\w.-]+)["']\s*\)|([A-Za-z_]\w*)\s*(?:\.|\bas\b|\)))`)

var (
	// catalogReleaseRe is a Java release the script takes from the version catalog.
	catalogReleaseRe = regexp.MustCompile(`(?:JavaVersion\.toVersion|JavaLanguageVersion\.of|jvmToolchain|JvmTarget\.fromTarget)\(\s*libs\.versions\.([A-Za-z0-9_.]+)\.get\(\)(?:\.toInt\(\))?\s*\)`)
	// kotlinTargetRe is Kotlin's jvmTarget set to a literal release.
	kotlinTargetRe = regexp.MustCompile(`\bjvmTarget\s*(?:=|\.set\s*\()\s*(?:JvmTarget\.JVM_(\d+)|["'](\d+(?:\.\d+)?)["'])`)
)

// catalogVersion is the version catalog's [versions] entry of an accessor (libs.versions.jvm.target
// for jvm-target, jvm_target or jvm.target), "" when it has none that is a plain string.
func (g gradleFile) catalogVersion(accessor string) string {
	var cat struct {
		Versions map[string]any `toml:"versions"`
	}
	if g.catalog == "" || toml.Unmarshal([]byte(g.catalog), &cat) != nil {
		return ""
	}
	norm := func(s string) string { return strings.NewReplacer("-", ".", "_", ".").Replace(strings.ToLower(s)) }
	for _, key := range slices.Sorted(maps.Keys(cat.Versions)) {
		if v, ok := cat.Versions[key].(string); ok && norm(key) == norm(accessor) {
			return v
		}
	}
	return ""
}

// springBoot reports whether the org.springframework.boot plugin is applied and its version
// ("" when unknown): from the plugins block, a buildscript classpath, or the version catalog.
func (g gradleFile) springBoot() (bool, string) {
	for _, m := range bootPluginRe.FindAllStringSubmatch(g.text, -1) {
		if m[2] == "" { // not `apply false`: a root declaring the version for its subprojects
			return true, bootVersionOrEmpty(m[1])
		}
	}
	if bootApplyRe.MatchString(g.text) {
		v := ""
		if m := bootClassRe.FindStringSubmatch(g.text); m != nil {
			v = m[1]
		}
		return true, bootVersionOrEmpty(v)
	}
	for _, a := range g.appliedAliases() {
		if id, version := g.catalogPlugin(a); id == "org.springframework.boot" {
			return true, bootVersionOrEmpty(version)
		}
	}
	return false, ""
}

// bootPluginVersion is the version the plugins block gives org.springframework.boot, applied or
// not (a root's `id 'org.springframework.boot' version '3.3.2' apply false`), "" when none.
func (g gradleFile) bootPluginVersion() string {
	if m := bootPluginRe.FindStringSubmatch(g.text); m != nil {
		return bootVersionOrEmpty(m[1])
	}
	for _, m := range catalogAliasRe.FindAllStringSubmatch(g.text, -1) {
		if id, version := g.catalogPlugin(m[1]); id == "org.springframework.boot" {
			return bootVersionOrEmpty(version)
		}
	}
	return ""
}

// quarkus reports the Quarkus plugin (io.quarkus, not `apply false`), whose quarkusBuild task
// writes build/quarkus-app/ by default and build/<name>-<version>-runner.jar as an uber-jar.
func (g gradleFile) quarkus() bool {
	for _, m := range quarkusRe.FindAllStringSubmatch(g.text, -1) {
		if m[1] == "" {
			return true
		}
	}
	for _, a := range g.appliedAliases() {
		if id, _ := g.catalogPlugin(a); id == "io.quarkus" {
			return true
		}
	}
	return false
}

// shadow reports the Shadow plugin, whose shadowJar task builds the fat jar.
// runnable reports a script that builds a runnable jar or layout of its own: Shadow's jar, the
// application plugin (Micronaut's applies it), Quarkus's.
func (g gradleFile) runnable() bool { return g.shadow() || g.application() || g.quarkus() }

// micronautAppRe is Micronaut's application plugin, which applies Gradle's, on a line.
var micronautAppRe = regexp.MustCompile(`(?m)^.*id\s*\(?\s*["']io\.micronaut\.application["'].*$`)

// micronautApp reports Micronaut's application plugin applied, not only declared (`apply false`,
// a root's for its subprojects).
func micronautApp(text string) bool {
	for _, line := range micronautAppRe.FindAllString(text, -1) {
		if !strings.Contains(line, "apply false") {
			return true
		}
	}
	return false
}

func (g gradleFile) shadow() bool {
	for _, m := range shadowRe.FindAllStringSubmatch(g.text, -1) {
		if m[1] == "" && m[2] == "" {
			return true
		}
	}
	for _, a := range g.appliedAliases() {
		switch id, _ := g.catalogPlugin(a); id {
		case "com.github.johnrengelman.shadow", "com.gradleup.shadow", "io.github.goooler.shadow":
			return true
		}
	}
	return false
}

// appliedAliases are the version catalog's plugin aliases the script applies: not those it only
// declares with `apply false` (halo's java-platform project names the Spring Boot plugin for its
// BOM's coordinates, and builds no jar).
func (g gradleFile) appliedAliases() []string {
	var out []string
	for _, m := range catalogAliasRe.FindAllStringSubmatch(g.text, -1) {
		if m[2] == "" {
			out = append(out, m[1])
		}
	}
	return out
}

// catalogPlugin looks a plugin alias (libs.plugins.spring.boot) up in libs.versions.toml,
// where it may be written spring-boot, spring_boot or spring.boot.
func (g gradleFile) catalogPlugin(accessor string) (id, version string) {
	var cat struct {
		Versions map[string]any `toml:"versions"`
		Plugins  map[string]any `toml:"plugins"`
	}
	if g.catalog == "" || toml.Unmarshal([]byte(g.catalog), &cat) != nil {
		return "", ""
	}
	norm := func(s string) string { return strings.NewReplacer("-", ".", "_", ".").Replace(strings.ToLower(s)) }
	keys := slices.Sorted(maps.Keys(cat.Plugins))
	for _, key := range keys {
		if norm(key) != norm(accessor) {
			continue
		}
		def := cat.Plugins[key]
		switch d := def.(type) {
		case string: // "org.springframework.boot:3.3.0"
			id, version, _ = strings.Cut(d, ":")
		case map[string]any:
			id, _ = d["id"].(string)
			switch v := d["version"].(type) {
			case string:
				version = v
			case map[string]any:
				ref, _ := v["ref"].(string)
				version, _ = cat.Versions[ref].(string)
			}
		}
		return id, version
	}
	return "", ""
}

// settingsName is rootProject.name from settings.gradle(.kts), "" when it is not set plainly.
func settingsName(settings string) string {
	if m := rootNameRe.FindStringSubmatch(settings); m != nil {
		return m[1]
	}
	return ""
}

func bootVersionOrEmpty(v string) string {
	if bootVersion.MatchString(v) {
		return v
	}
	return ""
}
