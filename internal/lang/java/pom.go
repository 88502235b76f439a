package java

import (
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
)

// pom is the part of a pom.xml the plan reads: coordinates, the Java release, the Spring Boot
// plugin and its version, modules and the jar's final name. The file is read, never evaluated:
// a value that needs more than this pom's properties (a parent's, a profile's) stays unknown.
type pom struct {
	GroupID    string     `xml:"groupId"`
	ArtifactID string     `xml:"artifactId"`
	Version    string     `xml:"version"`
	Packaging  string     `xml:"packaging"`
	Parent     coordinate `xml:"parent"`
	Properties properties `xml:"properties"`
	Modules    []string   `xml:"modules>module"`
	Build      struct {
		FinalName        string   `xml:"finalName"`
		Plugins          []plugin `xml:"plugins>plugin"`
		PluginManagement []plugin `xml:"pluginManagement>plugins>plugin"`
	} `xml:"build"`
	Managed []coordinate `xml:"dependencyManagement>dependencies>dependency"`
	// Dependencies are the pom's own, not its profiles' or its dependency management's.
	Dependencies []dependency `xml:"dependencies>dependency"`
	Profiles     []profile    `xml:"profiles>profile"`
	// has reports whether the module has a file (relative to its directory), for the profiles'
	// file activation; nil when unknown.
	has func(string) bool
	// up is the pom of the build this one is a module of (read from the context, not
	// Maven's parent resolution): a property or version this pom does not set is looked up there.
	up *pom
	// cmdProfiles are the profiles the spec's build.command activates (the root's).
	cmdProfiles []string
}

type coordinate struct {
	GroupID    string `xml:"groupId"`
	ArtifactID string `xml:"artifactId"`
	Version    string `xml:"version"`
}

type dependency struct {
	coordinate
	Scope string `xml:"scope"`
}

type plugin struct {
	coordinate
	Configuration struct {
		Release string `xml:"release"`
		Source  string `xml:"source"`
		Layers  struct {
			Enabled string `xml:"enabled"`
		} `xml:"layers"`
		// Classifier is spring-boot-maven-plugin's: the repackaged jar is <finalName>-<classifier>.jar
		Classifier string `xml:"classifier"`
		// Layout is spring-boot-maven-plugin's: ZIP starts the jar with PropertiesLauncher.
		Layout string `xml:"layout"`
		// Skip is a plugin's own switch (spring-boot-maven-plugin's: no repackage).
		Skip string `xml:"skip"`
		// OutputDirectory is maven-dependency-plugin's: where copy-dependencies writes.
		OutputDirectory string `xml:"outputDirectory"`
		shadeOutput
		mainClassConfig
	} `xml:"configuration"`
	Executions []execution `xml:"executions>execution"`
}

// shadeOutput is where maven-shade-plugin writes the shaded jar when not over the project's own
// jar: an <outputFile>, or the jar attached beside it, <finalName>-<shadedClassifierName>.jar.
type shadeOutput struct {
	OutputFile             string `xml:"outputFile"`
	ShadedArtifactAttached string `xml:"shadedArtifactAttached"`
	ShadedClassifierName   string `xml:"shadedClassifierName"`
}

type execution struct {
	Phase         string   `xml:"phase"`
	Goals         []string `xml:"goals>goal"`
	Configuration struct {
		Skip            string `xml:"skip"`
		Classifier      string `xml:"classifier"`
		OutputDirectory string `xml:"outputDirectory"`
		shadeOutput
		mainClassConfig
	} `xml:"configuration"`
}

// mainClassConfig is where a plugin's configuration names the jar's main class:
// spring-boot-maven-plugin's <mainClass>, the manifest's of maven-jar-plugin and
// maven-assembly-plugin, maven-shade-plugin's ManifestResourceTransformer's; each of the last
// three may write it as a manifest entry of its own (kroki's shade transformer's
// `<manifestEntries><Main-Class>io.vertx.launcher.application.VertxApplication</Main-Class>`).
type mainClassConfig struct {
	MainClass string `xml:"mainClass"`
	// Archive is maven-jar-plugin's (and maven-assembly-plugin's): addClasspath writes the
	// manifest's Class-Path.
	Archive struct {
		AddClasspath string `xml:"manifest>addClasspath"`
		MainClass    string `xml:"manifest>mainClass"`
		// ClasspathPrefix is where the Class-Path's jars are, relative to the jar;
		// UseUniqueVersions (true by default) names a snapshot by its timestamp; a
		// ClasspathLayoutType other than simple names them otherwise.
		ClasspathPrefix     string `xml:"manifest>classpathPrefix"`
		UseUniqueVersions   string `xml:"manifest>useUniqueVersions"`
		ClasspathLayoutType string `xml:"manifest>classpathLayoutType"`
		EntryMainClass      string `xml:"manifestEntries>Main-Class"`
	} `xml:"archive"`
	Transformers []struct {
		MainClass      string `xml:"mainClass"`
		EntryMainClass string `xml:"manifestEntries>Main-Class"`
	} `xml:"transformers>transformer"`
}

// classes are the main classes the configuration names, in that order.
func (c mainClassConfig) classes() []string {
	out := []string{c.MainClass, c.Archive.MainClass, c.Archive.EntryMainClass}
	for _, t := range c.Transformers {
		out = append(out, t.MainClass, t.EntryMainClass)
	}
	return out
}

// properties are a pom's <properties>, by element name.
type properties map[string]string

func (p *properties) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	m := properties{}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var v struct {
				Text string `xml:",chardata"`
			}
			if err := d.DecodeElement(&v, &t); err != nil {
				return err
			}
			m[t.Name.Local] = strings.TrimSpace(v.Text)
		case xml.EndElement:
			*p = m
			return nil
		}
	}
}

func parsePOM(data []byte) (*pom, error) {
	var p pom
	if err := xml.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

var placeholder = regexp.MustCompile(`\$\{[^}]+\}`)

// resolve replaces ${...} from this pom's coordinates and properties. It returns "" when a
// placeholder is left that this file alone cannot answer.
func (p *pom) resolve(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < 8 && strings.Contains(s, "${"); i++ {
		s = placeholder.ReplaceAllStringFunc(s, func(m string) string {
			if v, ok := p.value(m[2 : len(m)-1]); ok {
				return v
			}
			return m
		})
	}
	if strings.Contains(s, "${") {
		return ""
	}
	return s
}

func (p *pom) value(key string) (string, bool) {
	switch strings.TrimPrefix(strings.TrimPrefix(key, "project."), "pom.") {
	case "artifactId":
		return p.ArtifactID, p.ArtifactID != ""
	case "groupId":
		return firstOf(p.GroupID, p.Parent.GroupID), firstOf(p.GroupID, p.Parent.GroupID) != ""
	case "version":
		return firstOf(p.Version, p.Parent.Version), firstOf(p.Version, p.Parent.Version) != ""
	case "parent.version":
		return p.Parent.Version, p.Parent.Version != ""
	}
	if v, ok := p.Properties[key]; ok {
		return v, ok
	}
	if p.up != nil {
		return p.up.value(key)
	}
	return "", false
}

// finalName is the jar's file name Maven gives it (target/<finalName>.jar), "" when unknown.
func (p *pom) finalName() string {
	name := p.Build.FinalName
	for _, pr := range p.Profiles {
		if f := strings.TrimSpace(pr.Build.FinalName); f != "" && pr.active(p) {
			name = f // an active profile's build overrides the pom's (nacos's release-nacos: nacos-server)
		}
	}
	if name == "" {
		name = "${project.artifactId}-${project.version}"
	}
	name = p.resolve(name)
	if name == "" || !jarFile.MatchString(name+".jar") {
		return ""
	}
	if c := p.bootClassifier(); c != "" {
		if c = p.resolve(c); c == "" || !jarFile.MatchString(name+"-"+c+".jar") {
			return ""
		}
		name += "-" + c
	}
	return name + ".jar"
}

// shadedJar is the file name of the jar maven-shade-plugin writes into target/ beside the
// project's plain one, "" when it replaces that jar (its default), or writes elsewhere, or this
// reading cannot tell: kroki's server, `<outputFile>${project.build.directory}/${project.artifactId}.jar`,
// whose plain kroki-server-<version>.jar has no Main-Class.
func (p *pom) shadedJar(plain string) string {
	if !p.runs("maven-shade-plugin") {
		return ""
	}
	for _, pl := range p.buildPlugins() {
		if pl.ArtifactID != "maven-shade-plugin" {
			continue
		}
		outs := []shadeOutput{pl.Configuration.shadeOutput}
		for _, e := range pl.Executions {
			outs = append(outs, e.Configuration.shadeOutput)
		}
		file, attached, classifier := "", "", ""
		for _, o := range outs { // an execution's over the plugin's
			file = firstOf(strings.TrimSpace(o.OutputFile), file)
			attached = firstOf(strings.TrimSpace(o.ShadedArtifactAttached), attached)
			classifier = firstOf(strings.TrimSpace(o.ShadedClassifierName), classifier)
		}
		if file != "" {
			for _, dir := range []string{"${project.build.directory}/", "${basedir}/target/", "${project.basedir}/target/", "target/"} {
				if rest, ok := strings.CutPrefix(file, dir); ok {
					if name := p.resolve(rest); jarFile.MatchString(name) && !strings.Contains(name, "/") {
						return name
					}
				}
			}
			return ""
		}
		if p.resolve(attached) == "true" && plain != "" {
			return strings.TrimSuffix(plain, ".jar") + "-" + firstOf(p.resolve(classifier), "shaded") + ".jar"
		}
	}
	return ""
}

// bootLayoutZip reports spring-boot-maven-plugin's ZIP layout (`<layout>ZIP</layout>`, or DIR,
// its older name), whose jar's Main-Class is PropertiesLauncher.
func (p *pom) bootLayoutZip() bool {
	for _, pl := range p.buildPlugins() {
		if pl.ArtifactID == "spring-boot-maven-plugin" {
			switch strings.ToUpper(p.resolve(pl.Configuration.Layout)) {
			case "ZIP", "DIR":
				return true
			}
		}
	}
	return false
}

// bootClassifier is the classifier spring-boot-maven-plugin gives the repackaged jar (at the
// plugin, or in an execution: start.spring.io's repackage writes start-site-<v>-exec.jar beside
// the plain jar), "" for none.
func (p *pom) bootClassifier() string {
	for _, pl := range p.buildPlugins() {
		if pl.ArtifactID != "spring-boot-maven-plugin" {
			continue
		}
		if c := strings.TrimSpace(pl.Configuration.Classifier); c != "" {
			return c
		}
		for _, e := range pl.Executions {
			if c := strings.TrimSpace(e.Configuration.Classifier); c != "" {
				return c
			}
		}
	}
	return ""
}

// javaRelease is the Java release the pom compiles for, "" when it does not say.
func (p *pom) javaRelease() string {
	var compiler plugin
	for _, pl := range p.plugins() {
		if pl.ArtifactID == "maven-compiler-plugin" {
			compiler = pl
		}
	}
	for _, v := range []string{
		compiler.Configuration.Release, p.Properties["maven.compiler.release"],
		compiler.Configuration.Source, p.Properties["maven.compiler.source"],
		p.Properties["java.version"], p.Properties["maven.compiler.target"],
	} {
		if r := javaMajor(p.resolve(v)); r != "" {
			return r
		}
	}
	if p.up != nil {
		return p.up.javaRelease()
	}
	return ""
}

// springBoot reports whether the build repackages a Spring Boot jar (the plugin is in
// <build><plugins>, layers not turned off, and its repackage goal runs) and the Boot version,
// "" when unknown.
func (p *pom) springBoot() (bool, string) {
	found := false
	for _, pl := range p.buildPlugins() {
		if pl.ArtifactID == "spring-boot-maven-plugin" && pl.Configuration.Layers.Enabled != "false" {
			found = true
		}
	}
	if !found || !p.repackages() || p.bootSkipped() {
		return false, ""
	}
	return true, p.bootVersion()
}

// bootSkipped reports a repackage the pom turns off: `<skip>true</skip>` in
// spring-boot-maven-plugin's configuration (its own, its executions', or its plugin
// management's in the poms above), or the spring-boot.repackage.skip property. hertzbeat's
// hertzbeat-ai, a library whose parent is Boot's, names the plugin only to skip it; its
// application is the module beside it that depends on it.
func (p *pom) bootSkipped() bool {
	skipped := func(v string) bool { return strings.EqualFold(p.resolve(v), "true") }
	if v, ok := p.value("spring-boot.repackage.skip"); ok && skipped(v) {
		return true
	}
	var set []string // the skip values, the nearest last
	for q := p; q != nil; q = q.up {
		for _, pl := range slices.Backward(q.Build.PluginManagement) {
			if pl.ArtifactID == "spring-boot-maven-plugin" && strings.TrimSpace(pl.Configuration.Skip) != "" {
				set = append([]string{pl.Configuration.Skip}, set...)
			}
		}
	}
	for _, pl := range p.buildPlugins() {
		if pl.ArtifactID != "spring-boot-maven-plugin" {
			continue
		}
		if strings.TrimSpace(pl.Configuration.Skip) != "" {
			set = append(set, pl.Configuration.Skip)
		}
		if len(pl.Executions) > 0 && !slices.ContainsFunc(pl.Executions, func(e execution) bool { return !skipped(e.Configuration.Skip) }) {
			return true // every execution skips
		}
	}
	return len(set) > 0 && skipped(set[len(set)-1])
}

// bootStarterParent is the parent whose plugin management binds spring-boot-maven-plugin's
// repackage goal (and maven-shade-plugin's shade) to the package phase.
const bootStarterParent = "spring-boot-starter-parent"

// goalsOf are the goals that make a packaging plugin run in `mvn package` when an execution
// names one: Maven runs such a plugin's goal only through an execution.
var goalsOf = map[string][]string{
	"spring-boot-maven-plugin": {"repackage"},
	"maven-shade-plugin":       {"shade"},
	"maven-assembly-plugin":    {"single", "attached", "assembly"},
}

// bound reports an execution of the packaging plugin pl that names one of its goals (goalsOf).
func (pl plugin) bound() bool {
	return slices.ContainsFunc(pl.Executions, func(e execution) bool {
		return slices.ContainsFunc(e.Goals, func(g string) bool { return slices.Contains(goalsOf[pl.ArtifactID], strings.TrimSpace(g)) })
	})
}

// repackages reports whether `mvn package` runs spring-boot-maven-plugin's repackage goal.
func (p *pom) repackages() bool { return p.runs("spring-boot-maven-plugin") }

// runs reports whether `mvn package` runs the packaging plugin artifact (goalsOf): an execution
// names its goal in the plugin's declaration, in the poms above, or in their plugin management;
// spring-boot-starter-parent's plugin management declares Boot's repackage and the shade
// plugin's, and a build without that parent declares them itself (Spring Boot's "Using the
// Plugin Without the Parent POM"). A module that only names the plugin, in a build whose poms all
// sit in the context and none of which is that parent's child, does not run it: nacos's
// maintainer-client (a library naming spring-boot-maven-plugin) and its modules naming
// maven-assembly-plugin's manifest without an execution build plain jars, and are no
// applications. A parent outside the context (a company's, which may bind it) is taken to.
func (p *pom) runs(artifact string) bool {
	if goalsOf[artifact] == nil {
		return true // maven-jar-plugin: the jar packaging's own
	}
	bound := func(pl plugin) bool { return pl.ArtifactID == artifact && pl.bound() }
	if slices.ContainsFunc(p.buildPlugins(), bound) {
		return true
	}
	for q := p; q != nil; q = q.up {
		if slices.ContainsFunc(q.plugins(), bound) {
			return true
		}
		parent := strings.TrimSpace(q.Parent.ArtifactID)
		switch {
		case parent == "":
			return false // the top of the build: every pom read
		case parent == bootStarterParent:
			return artifact != "maven-assembly-plugin"
		case q.up == nil || q.up.ArtifactID != parent:
			return true // a parent outside the context: unknown
		}
	}
	return false
}

// quarkus reports whether the build runs the Quarkus Maven plugin (io.quarkus's or
// io.quarkus.platform's quarkus-maven-plugin), whose build writes target/quarkus-app/ (a
// directory the plain jar beside it needs) unless told to write one runnable jar.
func (p *pom) quarkus() bool {
	return slices.ContainsFunc(p.buildPlugins(), func(pl plugin) bool { return pl.ArtifactID == "quarkus-maven-plugin" })
}

// bootVersion is the Spring Boot version this pom manages (its parent, plugin management,
// the BOM import, spring-boot.version), whether it applies the plugin or not; "" when unknown.
func (p *pom) bootVersion() string {
	var candidates []string
	for _, pl := range p.plugins() {
		if pl.ArtifactID == "spring-boot-maven-plugin" {
			candidates = append(candidates, pl.Version)
		}
	}
	if p.Parent.GroupID == "org.springframework.boot" {
		candidates = append(candidates, p.Parent.Version)
	}
	for _, m := range p.Managed {
		if m.GroupID == "org.springframework.boot" && m.ArtifactID == "spring-boot-dependencies" {
			candidates = append(candidates, m.Version)
		}
	}
	candidates = append(candidates, p.Properties["spring-boot.version"])
	for _, v := range candidates {
		if v = p.resolve(v); bootVersion.MatchString(v) {
			return v
		}
	}
	if p.up != nil {
		return p.up.bootVersion()
	}
	return ""
}

// mainClass is the main class the pom gives its jar, "" when it names none it can resolve.
// With Spring Boot's plugin, its <mainClass> (or the start-class property Boot's parent passes
// it), which is the jar's Start-Class; else maven-shade-plugin's manifest transformer,
// maven-assembly-plugin's or maven-jar-plugin's manifest. A plugin the build runs is read with
// its configuration in this pom's plugins, its active profiles' and the plugin management of
// the poms above (maven-jar-plugin runs in every jar build).
func (p *pom) mainClass() string {
	used := slices.DeleteFunc(p.buildPlugins(), func(pl plugin) bool { return !p.runs(pl.ArtifactID) })
	var candidates []string
	add := func(kinds ...string) {
		for _, pl := range used {
			if slices.Contains(kinds, pl.ArtifactID) {
				candidates = append(candidates, pl.classes()...)
			}
		}
		for q := p; q != nil; q = q.up {
			for _, pl := range q.Build.PluginManagement {
				if slices.Contains(kinds, pl.ArtifactID) && (pl.ArtifactID == "maven-jar-plugin" ||
					slices.ContainsFunc(used, func(u plugin) bool { return u.ArtifactID == pl.ArtifactID })) {
					candidates = append(candidates, pl.classes()...)
				}
			}
		}
	}
	if boot, _ := p.springBoot(); boot {
		add("spring-boot-maven-plugin")
		if v, ok := p.value("start-class"); ok {
			candidates = append(candidates, v)
		}
	} else {
		add("maven-shade-plugin", "maven-assembly-plugin", "maven-jar-plugin")
	}
	for _, c := range candidates {
		if c = p.resolve(c); javaClassName.MatchString(c) {
			return c
		}
	}
	return ""
}

// classes are the main classes a plugin's configuration and executions name.
func (pl plugin) classes() []string {
	out := pl.Configuration.classes()
	for _, e := range pl.Executions {
		out = append(out, e.Configuration.classes()...)
	}
	return out
}

// javaClassName is a fully qualified class name.
var javaClassName = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$`)

// plugins are the build's plugins and their managed versions.
func (p *pom) plugins() []plugin {
	return append(append([]plugin(nil), p.Build.PluginManagement...), p.Build.Plugins...)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
