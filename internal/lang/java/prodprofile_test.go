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

// TestBootOnlyUnderTheProductionProfile: a module that repackages its Spring Boot jar only in its
// production profile (microcks's webapp: the prod profile binds repackage with an exec
// classifier, sets spring.profiles.active and builds the UI, the build its docs give, `mvn
// -Pprod package`) is a Spring Boot application: the only one of an aggregator is picked, and it
// builds with -Pprod into the classifier's jar, split into Boot's layers; beside a Quarkus
// module it is named among the applications and suggested first. Without the Spring profile the
// profile is not the production build, and the module no application.
func TestBootOnlyUnderTheProductionProfile(t *testing.T) {
	app := func(props string) string {
		return `<project><parent><groupId>org.example</groupId><artifactId>mocks</artifactId><version>1.4.0-SNAPSHOT</version></parent>
  <artifactId>mocks-app</artifactId><properties><java.version>21</java.version></properties>
  <dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>${spring-boot.version}</version></plugin></plugins></build>
  <profiles><profile><id>prod</id><build><plugins>
    <plugin><groupId>com.github.eirslett</groupId><artifactId>frontend-maven-plugin</artifactId><executions><execution><id>npm build</id><goals><goal>npm</goal></goals></execution></executions></plugin>
    <plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>${spring-boot.version}</version>
      <configuration><classifier>exec</classifier></configuration>
      <executions><execution><goals><goal>repackage</goal></goals></execution></executions></plugin>
  </plugins></build><properties>` + props + `</properties></profile></profiles></project>`
	}
	ctx := func(props string, worker bool) map[string]string {
		modules := "<module>commons</module><module>app</module>"
		if worker {
			modules += "<module>worker</module>"
		}
		c := map[string]string{
			"pom.xml": `<project><groupId>org.example</groupId><artifactId>mocks</artifactId><version>1.4.0-SNAPSHOT</version><packaging>pom</packaging>
  <properties><spring-boot.version>3.5.4</spring-boot.version></properties><modules>` + modules + `</modules></project>`,
			"commons/pom.xml": `<project><parent><groupId>org.example</groupId><artifactId>mocks</artifactId><version>1.4.0-SNAPSHOT</version></parent><artifactId>mocks-commons</artifactId></project>`,
			"app/pom.xml":     app(props),
		}
		if worker {
			c["worker/pom.xml"] = `<project><parent><groupId>org.example</groupId><artifactId>mocks</artifactId><version>1.4.0-SNAPSHOT</version></parent><artifactId>mocks-worker</artifactId>
  <build><plugins><plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><extensions>true</extensions></plugin></plugins></build></project>`
		}
		return c
	}
	prod := "<spring.profiles.active>prod</spring.profiles.active>"
	for _, src := range []string{"language: java\n", "language: java\nentrypoint: app\n"} {
		p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx(prod, src == "language: java\nentrypoint: app\n")))
		deps, build := langtest.Runs(p.Stage("deps"))[0].Args, langtest.Runs(p.Stage("builder"))[0].Args
		if deps[len(deps)-1] != "-Pprod" || !slices.Equal(build[len(build)-4:], []string{"app", "--also-make", "-Pprod", "package"}) {
			t.Errorf("%q: resolves %q, builds %q, want app with -Pprod", src, deps, build)
		}
		takesJar(t, src, p, "app/target", "mocks-app-1.4.0-SNAPSHOT-exec.jar")
		if !slices.Equal(p.Image.Entrypoint, []string{"java", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"}) {
			t.Errorf("%q: entrypoint %q, want Boot 3.2+'s layers", src, p.Image.Entrypoint)
		}
	}
	provider.Refuses(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx(prod, true)),
		"several Spring Boot and Quarkus applications (app, worker)", "e.g. entrypoint: app")
	provider.Refuses(t, "language: java\n", provider.Gathered(t, "language: java\n", ctx("<frontend.build>true</frontend.build>", false)),
		"only aggregates modules")
}
