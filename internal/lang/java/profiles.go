package java

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// profile is a pom's <profile>: how it is activated, and the plugins it adds to the build.
// spring-petclinic-microservices applies spring-boot-maven-plugin to every module of its parent
// pom that has src/main/resources/application.yml, through a profile activated by that file.
type profile struct {
	ID         string     `xml:"id"`
	Properties properties `xml:"properties"`
	Activation struct {
		ActiveByDefault string `xml:"activeByDefault"`
		File            struct {
			Exists  string `xml:"exists"`
			Missing string `xml:"missing"`
		} `xml:"file"`
	} `xml:"activation"`
	Build struct {
		FinalName string   `xml:"finalName"`
		Plugins   []plugin `xml:"plugins>plugin"`
	} `xml:"build"`
	// Modules are the modules the profile adds to the build (code.quarkus.io's root lists its
	// modules only in profiles, one of them active by default).
	Modules []string `xml:"modules>module"`
}

// activationFile is a file activation's path relative to the module (${basedir}/ and
// ${project.basedir}/ dropped), when it is a plain path inside it with a file extension:
// planning reads such a file to tell whether it exists (a directory cannot be asked for), and
// a profile on anything else is taken as inactive.
func activationFile(p string) (string, bool) {
	p = strings.TrimSpace(p)
	for _, prefix := range []string{"${basedir}/", "${project.basedir}/"} {
		p = strings.TrimPrefix(p, prefix)
	}
	rel, ok := lang.RelPath(p)
	if !ok || rel == "." || strings.ContainsAny(rel, "${}*?[") || path.Ext(rel) == "" || lang.CheckContextName(rel) != nil {
		return "", false
	}
	return rel, true
}

// activationFiles are the files the profiles of p ask about.
func (p *pom) activationFiles() []string {
	var out []string
	for _, pr := range p.Profiles {
		for _, f := range []string{pr.Activation.File.Exists, pr.Activation.File.Missing} {
			if rel, ok := activationFile(f); ok && !slices.Contains(out, rel) {
				out = append(out, rel)
			}
		}
	}
	return out
}

// active reports whether the profile is active in the module m without -P: by a file the
// module has (or lacks), or by default. Activation by a property, the JDK or the OS is not
// evaluated, and such a profile is taken as inactive.
func (pr profile) active(m *pom) bool {
	if m.named(strings.TrimSpace(pr.ID)) {
		return true
	}
	a := pr.Activation
	switch {
	case a.File.Exists != "":
		rel, ok := activationFile(a.File.Exists)
		return ok && m.has != nil && m.has(rel)
	case a.File.Missing != "":
		rel, ok := activationFile(a.File.Missing)
		return ok && m.has != nil && !m.has(rel)
	}
	return strings.TrimSpace(a.ActiveByDefault) == "true"
}

// modules are the modules p aggregates without -P (or with the spec's build.command's): its own,
// then those of its active profiles. As Maven has it, a profile active by default is not when
// another profile of the same pom is active.
func (p *pom) modules() []string {
	out := slices.Clone(p.Modules)
	var byDefault, others []profile
	for _, pr := range p.Profiles {
		if !pr.active(p) {
			continue
		}
		if strings.TrimSpace(pr.Activation.ActiveByDefault) == "true" && !p.named(strings.TrimSpace(pr.ID)) {
			byDefault = append(byDefault, pr)
		} else {
			others = append(others, pr)
		}
	}
	if len(others) == 0 {
		others = byDefault
	}
	for _, pr := range others {
		for _, m := range pr.Modules {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// profileModules are the modules every profile of p adds, active or not: planning reads their
// poms, and tells later which profiles are active.
func (p *pom) profileModules() []string {
	var out []string
	for _, pr := range p.Profiles {
		out = append(out, pr.Modules...)
	}
	return out
}

// named reports a profile id the spec's build.command activates with -P (nacos's
// -Prelease-nacos, which the error for its aggregator asks for).
func (p *pom) named(id string) bool {
	for q := p; q != nil; q = q.up {
		if slices.Contains(q.cmdProfiles, id) {
			return true
		}
	}
	return false
}

// cmdProfiles are the profiles a Maven command line activates: -Pa,b, -P a, --activate-profiles
// a (a `!` or `-` before an id deactivates it, and is left out).
func cmdProfiles(args []string) []string {
	var out []string
	for i, a := range args {
		var list string
		switch {
		case a == "-P" || a == "--activate-profiles":
			if i+1 < len(args) {
				list = args[i+1]
			}
		case strings.HasPrefix(a, "--activate-profiles="):
			list = strings.TrimPrefix(a, "--activate-profiles=")
		case strings.HasPrefix(a, "-P"):
			list = a[2:]
		}
		for _, id := range strings.Split(list, ",") {
			if id = strings.TrimSpace(id); id != "" && !strings.HasPrefix(id, "!") && !strings.HasPrefix(id, "-") {
				out = append(out, id)
			}
		}
	}
	return out
}

// buildPlugins are the plugins of p's build: its own, then those its active profiles and the
// active profiles of the poms above it add (Maven's children inherit their parent's profiles,
// evaluated in the child).
func (p *pom) buildPlugins() []plugin {
	out := slices.Clone(p.Build.Plugins)
	for q := p; q != nil; q = q.up {
		for _, pr := range q.Profiles {
			if pr.active(p) {
				out = append(out, pr.Build.Plugins...)
			}
		}
	}
	return out
}

// productionProfile is the profile a Spring Boot application's production build is asked for
// with: one named prod or production that sets the Spring profile the jar's configuration is
// filtered with (JHipster's `<spring.profiles.active>prod...` beside its default dev profile,
// whose jar runs with H2 and the development front end), in this pom or those above it; ""
// for none. Maven does not activate it without -P, so the image would run the dev profile.
func (p *pom) productionProfile() string {
	for q := p; q != nil; q = q.up {
		for _, pr := range q.Profiles {
			id := strings.TrimSpace(pr.ID)
			if _, ok := pr.Properties["spring.profiles.active"]; ok && (id == "prod" || id == "production") {
				return id
			}
		}
	}
	return ""
}

// bootUnderProfile is the production profile (productionProfile) under which alone the pom
// repackages a Spring Boot jar, "" when it repackages one without it, or not with it either:
// microcks's webapp binds spring-boot-maven-plugin's repackage (and its exec classifier), and
// builds its Angular UI, only in its prod profile, the build its BUILDING.md documents (`mvn
// -Pprod package`); without it the jar is a plain one java -jar cannot run.
func (p *pom) bootUnderProfile() string {
	if ok, _ := p.springBoot(); ok {
		return ""
	}
	id := p.productionProfile()
	if id == "" || p.named(id) {
		return ""
	}
	with := *p
	with.cmdProfiles = append(slices.Clone(p.cmdProfiles), id)
	if ok, _ := with.springBoot(); ok {
		return id
	}
	return ""
}

// profileMainClass is the first profile of p that is not active without -P and whose plugins
// name a main class for the jar (a shade or assembly manifest, maven-jar-plugin's, Spring Boot's
// mainClass), with that class: Signal-Server's service shades WhisperServerService only under
// its exclude-spam-filter profile, so its plain build makes a jar java -jar cannot run.
func (p *pom) profileMainClass() (id, class string) {
	kinds := []string{"maven-shade-plugin", "maven-assembly-plugin", "maven-jar-plugin", "spring-boot-maven-plugin"}
	for _, pr := range p.Profiles {
		if pr.active(p) {
			continue
		}
		for _, pl := range pr.Build.Plugins {
			if !slices.Contains(kinds, pl.ArtifactID) || !pl.bound() && !p.runs(pl.ArtifactID) {
				continue // declared without the execution that runs it (nacos's config module's springboot profile)
			}
			for _, c := range pl.classes() {
				if c = p.resolve(c); javaClassName.MatchString(c) {
					return strings.TrimSpace(pr.ID), c
				}
			}
		}
	}
	return "", ""
}

// profileModule is a module whose jar names a main class only under a profile -P must name.
type profileModule struct{ dir, id, class string }

// hint is how the error names it.
func (m profileModule) hint() string {
	return m.dir + " (its " + m.id + " profile's plugin names the main class " + m.class + ")"
}

// profileMainModules are the modules of dirs whose jar names a main class under a profile -P must
// name (profileMainClass), with the profile and the class, in module order.
func profileMainModules(dirs []string, poms map[string]*pom) []profileModule {
	var out []profileModule
	for _, d := range dirs {
		if p := poms[d]; p != nil {
			if i, c := p.profileMainClass(); c != "" {
				out = append(out, profileModule{d, i, c})
			}
		}
	}
	return out
}
