package java

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestProductionProfileIsBuilt: a Spring Boot application whose pom has a profile named prod (or
// production) setting spring.profiles.active, beside a development profile active by default
// (JHipster's shape), resolves and builds with -Pprod; the tests keep the default profiles. A
// prod profile that sets no Spring profile, and one outside a Spring Boot build, are not asked
// for. JHipster's Gradle build (`project.hasProperty("prod")`) builds with -Pprod too.
func TestProductionProfileIsBuilt(t *testing.T) {
	profiles := func(id, props string) string {
		return `<profiles><profile><id>dev</id><activation><activeByDefault>true</activeByDefault></activation>` +
			`<properties><spring.profiles.active>dev</spring.profiles.active></properties></profile>` +
			`<profile><id>` + id + `</id><properties>` + props + `</properties></profile></profiles>`
	}
	for _, c := range []struct {
		name, extra, want string
	}{
		{"JHipster's prod", bootParent("3.4.1") + bootPlugin + profiles("prod", "<spring.profiles.active>prod${profile.tls}</spring.profiles.active>"), "-Pprod"},
		{"production", bootParent("3.4.1") + bootPlugin + profiles("production", "<spring.profiles.active>production</spring.profiles.active>"), "-Pproduction"},
		{"a prod profile setting no Spring profile", bootParent("3.4.1") + bootPlugin + profiles("prod", "<deploy.url>x</deploy.url>"), ""},
		{"no Spring Boot", profiles("prod", "<spring.profiles.active>prod</spring.profiles.active>"), ""},
	} {
		p := provider.MustPlan(t, "language: java\n", pomWith(c.extra))
		deps, build := langtest.Runs(p.Stage("deps"))[0].Args, langtest.Runs(p.Stage("builder"))[0].Args
		test := langtest.Runs(p.Stage("tester"))[0].Args
		if slices.ContainsFunc(test, isProfileFlag) {
			t.Errorf("%s: the tests ask for a profile: %q", c.name, test)
		}
		if c.want == "" {
			if slices.ContainsFunc(build, isProfileFlag) || slices.ContainsFunc(deps, isProfileFlag) {
				t.Errorf("%s: asks for a profile: %q, %q", c.name, deps, build)
			}
			continue
		}
		if deps[len(deps)-1] != c.want || !slices.Equal(build[len(build)-2:], []string{c.want, "package"}) {
			t.Errorf("%s: resolves %q, builds %q, want %s", c.name, deps, build, c.want)
		}
	}

	gradleBoot := "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.4.1'\n}\nif (project.hasProperty(\"prod\")) {\n    apply from: \"gradle/profile_prod.gradle\"\n} else {\n    apply from: \"gradle/profile_dev.gradle\"\n}\n"
	p := provider.MustPlan(t, "language: java\n", gradle(map[string]string{"build.gradle": gradleBoot, "settings.gradle": "rootProject.name = 'jh'\n"}))
	if b := langtest.Runs(p.Stage("builder"))[0].Args; !slices.Equal(b[len(b)-2:], []string{"-Pprod", "bootJar"}) {
		t.Errorf("Gradle: builds %q", b)
	}
}

func isProfileFlag(a string) bool { return len(a) > 2 && a[:2] == "-P" }
