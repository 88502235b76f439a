package java

import (
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// TestDevelopmentProfileIsReplaced: a Spring Boot application whose packaged configuration
// activates a development profile beside a production profile's file (eladmin's shape: dev in
// src/main/resources/config/application.yml, application-prod.yml beside it, in a module) runs
// with SPRING_PROFILES_ACTIVE naming the production profile instead, the others kept; not
// without a production file, not for a profile filled in by the build (JHipster's), not when
// the spec names the profiles, and not outside Spring Boot.
func TestDevelopmentProfileIsReplaced(t *testing.T) {
	bootPom := string(pomWith(bootParent("2.7.18") + bootPlugin)["pom.xml"])
	res := "src/main/resources/"
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
		want       string
	}{
		{"dev in config/application.yml, application-prod.yml", "", map[string]string{res + "config/application.yml": "server:\n  port: 8000\nspring:\n  profiles:\n    active: dev,quartz\n",
			res + "config/application-prod.yml": "spring: {}\n", res + "config/application-dev.yml": "spring: {}\n"}, "prod,quartz"},
		{"properties, production", "", map[string]string{res + "application.properties": "spring.profiles.active=local\n", res + "application-production.properties": "x=1\n"}, "production"},
		{"a variable's default", "", map[string]string{res + "application.yml": "spring.profiles.active: ${APP_PROFILE:dev}\n", res + "application-prod.yaml": "x: 1\n"}, "prod"},
		{"config/ ranks over the root", "", map[string]string{res + "config/application.properties": "spring.profiles.active=demo\n",
			res + "application.yml": "spring.profiles.active: dev\n", res + "application-prod.yml": "x: 1\n"}, ""},
		{"no production file", "", map[string]string{res + "application.yml": "spring.profiles.active: dev\n"}, ""},
		{"filled in by the build", "", map[string]string{res + "application.yml": "spring:\n  profiles:\n    active: '@spring.profiles.active@'\n", res + "application-prod.yml": "x: 1\n"}, ""},
		{"the spec's env", "env: {SPRING_PROFILES_ACTIVE: staging}\n", map[string]string{res + "application.yml": "spring.profiles.active: dev\n", res + "application-prod.yml": "x: 1\n"}, "staging"},
		{"the spec's cmd", "cmd: [--spring.profiles.active=qa]\n", map[string]string{res + "application.yml": "spring.profiles.active: dev\n", res + "application-prod.yml": "x: 1\n"}, ""},
	} {
		ctx := map[string]string{"pom.xml": bootPom}
		for k, v := range tc.ctx {
			ctx[k] = v
		}
		src := "language: java\nports: [8000]\n" + tc.spec
		p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
		if got, _ := envOf(p.Image.Env, "SPRING_PROFILES_ACTIVE"); got != tc.want {
			t.Errorf("%s: SPRING_PROFILES_ACTIVE %q, want %q", tc.name, got, tc.want)
		}
	}

	// a module of an aggregator (eladmin-system), and a Gradle Boot project
	ctx := map[string]string{"pom.xml": string(pomWith(bootParent("2.7.18") + `<packaging>pom</packaging><modules><module>common</module><module>system</module></modules>`)["pom.xml"]),
		"common/pom.xml": "<project><artifactId>common</artifactId></project>",
		"system/pom.xml": "<project><parent><artifactId>demo</artifactId></parent><artifactId>system</artifactId><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>" + bootPlugin + "</project>",
		"system/" + res + "config/application.yml": "spring:\n  profiles:\n    active: dev\n", "system/" + res + "config/application-prod.yml": "x: 1\n"}
	p := provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx))
	if got, _ := envOf(p.Image.Env, "SPRING_PROFILES_ACTIVE"); got != "prod" {
		t.Errorf("a module's: SPRING_PROFILES_ACTIVE %q, want prod", got)
	}
	g := map[string]string{"settings.gradle": "rootProject.name = 'app'\n", "build.gradle": "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.4.1'\n}\n",
		res + "application.properties": "spring.profiles.active=dev\n", res + "application-prod.properties": "x=1\n"}
	p = provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", g))
	if got, _ := envOf(p.Image.Env, "SPRING_PROFILES_ACTIVE"); got != "prod" {
		t.Errorf("Gradle: SPRING_PROFILES_ACTIVE %q, want prod", got)
	}
	// not Spring Boot: a plain jar's configuration is not Spring's
	plain := map[string]string{"pom.xml": string(pomWith("")["pom.xml"]), res + "application.yml": "spring.profiles.active: dev\n", res + "application-prod.yml": "x: 1\n"}
	p = provider.MustPlan(t, "language: java\n", provider.Gathered(t, "language: java\n", plain))
	if got, ok := envOf(p.Image.Env, "SPRING_PROFILES_ACTIVE"); ok {
		t.Errorf("a plain jar: SPRING_PROFILES_ACTIVE %q", got)
	}
}

// envOf is the value of the variable key in env, and whether it is set.
func envOf(env []plan.Env, key string) (string, bool) {
	for _, e := range env {
		if e.Key == key {
			return e.Value, true
		}
	}
	return "", false
}

// TestConfiguredPortFollowsTheSpec: a Spring Boot application whose packaged configuration sets
// server.port to a port the spec does not publish (eladmin's 8000, published as 8080) gets
// SERVER_PORT, and a Quarkus one QUARKUS_HTTP_PORT (its prod profile's first), set to the
// spec's first TCP port; not when the spec publishes the configured port, sets the variable, or
// publishes nothing. A configuration that sets no port listens on the frameworks' 8080, which
// the spec's other port replaces the same way.
func TestConfiguredPortFollowsTheSpec(t *testing.T) {
	bootPom := string(pomWith(bootParent("3.4.1") + bootPlugin)["pom.xml"])
	res := "src/main/resources/"
	for _, tc := range []struct {
		name, spec, key, want string
		ctx                   map[string]string
	}{
		{"eladmin's 8000, published as 8080", "ports: [8080]\n", "SERVER_PORT", "8080", map[string]string{"pom.xml": bootPom, res + "config/application.yml": "server:\n  port: 8000\n"}},
		{"a variable's default", "ports: [9000]\n", "SERVER_PORT", "9000", map[string]string{"pom.xml": bootPom, res + "application.properties": "server.port=${PORT:8081}\n"}},
		{"published", "ports: [8000]\n", "SERVER_PORT", "", map[string]string{"pom.xml": bootPom, res + "application.yml": "server:\n  port: 8000\n"}},
		{"published among others", "ports: [9090, 8000]\n", "SERVER_PORT", "", map[string]string{"pom.xml": bootPom, res + "application.yml": "server.port: 8000\n"}},
		{"the spec's env", "ports: [8080]\nenv: {SERVER_PORT: \"7000\"}\n", "SERVER_PORT", "7000", map[string]string{"pom.xml": bootPom, res + "application.yml": "server.port: 8000\n"}},
		{"no ports", "", "SERVER_PORT", "", map[string]string{"pom.xml": bootPom, res + "application.yml": "server.port: 8000\n"}},
		{"none configured", "ports: [8080]\n", "SERVER_PORT", "", map[string]string{"pom.xml": bootPom, res + "application.yml": "spring.application.name: x\n"}},
		// Boot's default 8080 when nothing sets one (Lavalink's packaged application.yml; its
		// documented 2333 is in the example file users put beside the jar)
		{"none configured, another published", "ports: [2333]\n", "SERVER_PORT", "2333", map[string]string{"pom.xml": bootPom, res + "application.yml": "server:\n  error:\n    include-message: ALWAYS\n"}},
		{"Quarkus, none configured, another published", "ports: [9000]\n", "QUARKUS_HTTP_PORT", "9000", quarkusMaven(res+"application.properties", "quarkus.log.level=INFO\n")},
		{"Quarkus", "ports: [8080]\n", "QUARKUS_HTTP_PORT", "8080", quarkusMaven(res+"application.properties", "quarkus.http.port=8083\n%prod.quarkus.http.port=8084\n")},
		{"Quarkus, published", "ports: [8084]\n", "QUARKUS_HTTP_PORT", "", quarkusMaven(res+"application.properties", "%prod.quarkus.http.port=8084\n")},
	} {
		src := "language: java\n" + tc.spec
		p := provider.MustPlan(t, src, provider.Gathered(t, src, tc.ctx))
		if got, _ := envOf(p.Image.Env, tc.key); got != tc.want {
			t.Errorf("%s: %s %q, want %q", tc.name, tc.key, got, tc.want)
		}
	}
}
