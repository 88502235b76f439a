package java

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// bootLayers are a Spring Boot jar's layers, in the order the image adds them: what changes
// least first, so that a code change re-ships only the application layer.
var bootLayers = []string{"dependencies", "spring-boot-loader", "snapshot-dependencies", "application"}

// bootLayout is how a Boot version's jar is split and started.
type bootLayout struct {
	mode     string // tools (Boot 3.3 and later) or layertools (2.4 to 3.2)
	launcher string // the launcher's class name
}

const (
	launcher32  = "org.springframework.boot.loader.launch.JarLauncher" // Boot 3.2 moved the loader
	launcherOld = "org.springframework.boot.loader.JarLauncher"
)

// bootLayoutFor picks the layout for a Boot version. An unknown version is taken as a current
// one (3.3 or later); the extract step checks the launcher class, so a wrong guess fails the
// build instead of the container. ok is false for Boot before 2.4, whose jars have no layer
// index by default: those run with java -jar.
func bootLayoutFor(version string) (bootLayout, bool) {
	current := bootLayout{mode: "tools", launcher: launcher32}
	if version == "" {
		return current, true
	}
	major, rest, _ := strings.Cut(version, ".")
	minorText, _, _ := strings.Cut(rest, ".")
	maj, err1 := strconv.Atoi(major)
	minor, err2 := strconv.Atoi(strings.TrimRight(minorText, "-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
	switch {
	case err1 != nil || err2 != nil:
		return current, true
	case maj > 3 || (maj == 3 && minor >= 3):
		return current, true
	case maj == 3 && minor == 2:
		return bootLayout{mode: "layertools", launcher: launcher32}, true
	case maj == 3 || (maj == 2 && minor >= 4):
		return bootLayout{mode: "layertools", launcher: launcherOld}, true
	}
	return bootLayout{}, false
}

// classFile is a class name as the path of its .class file.
func classFile(class string) string {
	return strings.ReplaceAll(class, ".", "/") + ".class"
}

// bootSteps are the builder's extract step and the runtime's copies, one layer each.
func bootSteps(l bootLayout, field string) (extract *plan.Run, copies []*plan.Copy) {
	extract = &plan.Run{
		Origin:    plan.Origin{Field: field},
		Args:      lang.RunScript("boot-extract.sh", outJar, layersDir, l.mode, classFile(l.launcher)),
		Mounts:    []plan.Mount{lang.ScriptMount},
		Display:   "java -Djarmode=" + l.mode + " -jar " + outJar + " extract (Spring Boot layers into " + layersDir + ")",
		NoNetwork: true,
	}
	for _, layer := range bootLayers {
		copies = append(copies, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "builder",
			Paths: []string{layersDir + "/" + layer + "/"}, Dest: lang.AppDir + "/"})
	}
	return extract, copies
}

// A Spring Boot application whose packaged configuration activates a development profile
// (eladmin's `spring.profiles.active: dev` in src/main/resources/config/application.yml), beside
// a production profile's file (application-prod.yml), runs its development settings from a plain
// `java -jar`: its projects deploy with `--spring.profiles.active=prod`. The image sets
// SPRING_PROFILES_ACTIVE (which Spring Boot ranks over the configuration files) to the same list
// with the development profile replaced by the production one (dev,quartz is prod,quartz),
// unless the spec's env, jvm_options or cmd names the profiles. A value Maven or Gradle fills in
// at build time (JHipster's @spring.profiles.active@, built with -Pprod) is not a profile.

// springConfigs are a Spring Boot module's packaged configuration files, relative to its
// directory, in the order Spring Boot ranks them: config/ over the classpath's root,
// properties over YAML.
var springConfigs = []string{
	"src/main/resources/config/application.properties", "src/main/resources/config/application.yml", "src/main/resources/config/application.yaml",
	"src/main/resources/application.properties", "src/main/resources/application.yml", "src/main/resources/application.yaml",
}

var (
	devProfiles  = []string{"dev", "development", "local"}
	prodProfiles = []string{"prod", "production"}
)

// springSetting is the value of key in the first of the module's configuration files that sets
// it, a `${VAR:default}` as its default, trimmed; "" when none does.
func springSetting(f lang.Facts, dir, key string) string {
	for _, name := range springConfigs {
		p := path.Join(dir, name)
		if !f.Has(p) {
			continue
		}
		if v, ok := configProperties(f, p)(key); ok {
			return withoutPlaceholder(v)
		}
	}
	return ""
}

// withoutPlaceholder is v trimmed, a `${VAR:default}` as its default.
func withoutPlaceholder(v string) string {
	v = strings.TrimSpace(v)
	if d, ok := strings.CutPrefix(v, "${"); ok {
		_, v, _ = strings.Cut(strings.TrimSuffix(d, "}"), ":")
	}
	return strings.TrimSpace(v)
}

// activeProfiles are the profiles the module's configuration activates.
func activeProfiles(f lang.Facts, dir string) []string {
	var profiles []string
	if v := springSetting(f, dir, "spring.profiles.active"); v != "" {
		for _, x := range strings.Split(v, ",") {
			profiles = append(profiles, strings.TrimSpace(x))
		}
	}
	return profiles
}

// prodProfileFiles are the files of the production profiles beside the module's configuration.
func prodProfileFiles(dir string) []string {
	var out []string
	for _, prof := range prodProfiles {
		for _, res := range []string{"src/main/resources/config", "src/main/resources"} {
			for _, ext := range []string{"properties", "yml", "yaml"} {
				out = append(out, path.Join(dir, res, "application-"+prof+"."+ext))
			}
		}
	}
	return out
}

// springProfileReads are what Follow asks of a Spring Boot module: its configuration files,
// then, when they activate a development profile, whether a production profile's file is there.
func springProfileReads(f lang.Facts, dir string) []string {
	out := make([]string, 0, len(springConfigs))
	for _, c := range springConfigs {
		out = append(out, path.Join(dir, c))
	}
	if profiles := activeProfiles(f, dir); slices.ContainsFunc(profiles, isDevProfile) {
		for _, p := range prodProfileFiles(dir) {
			out = append(out, lang.Probe(p))
		}
	}
	return out
}

func isDevProfile(p string) bool { return slices.Contains(devProfiles, p) }

// productionProfileEnv is SPRING_PROFILES_ACTIVE for the image of the Spring Boot module at dir
// (see above); nil when its configuration activates no development profile, it has no
// production profile's file, or the spec names the profiles.
func productionProfileEnv(s *spec.Spec, f lang.Facts, dir string) []plan.Env {
	if _, set := s.Env.Get("SPRING_PROFILES_ACTIVE"); set {
		return nil
	}
	names := func(ws []string) bool {
		return slices.ContainsFunc(ws, func(w string) bool { return strings.Contains(w, "spring.profiles.active") })
	}
	if s.JVMOptions != nil && names(*s.JVMOptions) || s.Cmd != nil && names(*s.Cmd) {
		return nil
	}
	profiles := activeProfiles(f, dir)
	if !slices.ContainsFunc(profiles, isDevProfile) {
		return nil
	}
	prod := ""
	for _, p := range prodProfileFiles(dir) {
		if f.Has(p) {
			prod = strings.TrimSuffix(strings.TrimPrefix(path.Base(p), "application-"), path.Ext(p))
			break
		}
	}
	if prod == "" {
		return nil
	}
	var out []string
	for _, p := range profiles {
		if isDevProfile(p) {
			p = prod
		}
		out = lang.AppendNew(out, p)
	}
	return []plan.Env{{Key: "SPRING_PROFILES_ACTIVE", Value: strings.Join(out, ",")}}
}

// A Spring Boot or Quarkus application listens on the port its packaged configuration sets
// (eladmin's `server.port: 8000`), whatever the spec publishes: with `ports: [8080]` the image
// would answer nothing. When the configuration sets a port the spec does not publish (or sets
// none, and the spec does not publish the framework's default 8080), the image
// sets the framework's variable, which both rank over their files (SERVER_PORT,
// QUARKUS_HTTP_PORT), to the spec's first TCP port, as Rocket's is (rust.rocketEnv); unless the
// spec's env sets it.

// frameworkPort is where Spring Boot and Quarkus listen when their configuration sets no port:
// Lavalink's packaged application.yml sets none (its documented 2333 is in the example file
// users put beside the jar), so with `ports: [2333]` the image listened on 8080.
const frameworkPort = "8080"

// springPort is the server.port the module's configuration sets, "" for none.
func springPort(f lang.Facts, dir string) string { return springSetting(f, dir, "server.port") }

// quarkusPort is the quarkus.http.port (its prod profile's first) of the project's configuration.
func quarkusPort(f lang.Facts, dir string) string {
	v, _ := quarkusSetting(f, dir, "quarkus.http.port")
	return v
}

// quarkusSetting is key's value in the project's configuration, its prod profile's first, with
// where it is set ("quarkus.log.file.path=... in src/main/resources/application.properties");
// "" for both when no file sets it.
func quarkusSetting(f lang.Facts, dir, key string) (v, set string) {
	for _, k := range []string{"%prod." + key, key} {
		for _, src := range configSources(f, dir) {
			if v, ok := src.get(k); ok {
				return v, k + "=" + strings.TrimSpace(v) + " in " + src.name
			}
		}
	}
	return "", ""
}

// portEnv is key set to the spec's first TCP port when the configured port (a `${VAR:default}`'s
// default) is a number the spec does not publish; nil otherwise.
func portEnv(s *spec.Spec, key, configured string) []plan.Env {
	n, err := strconv.Atoi(withoutPlaceholder(configured))
	first, ok := lang.FirstTCPPort(s)
	if err != nil || n <= 0 || !ok || slices.ContainsFunc(s.Ports, func(p spec.Port) bool { return p.Protocol == "tcp" && p.Number == n }) {
		return nil
	}
	if _, set := s.Env.Get(key); set {
		return nil
	}
	return []plan.Env{{Key: key, Value: strconv.Itoa(first)}}
}
