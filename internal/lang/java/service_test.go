package java

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// shadedModule is a module's pom whose shaded jar names a main class, with the dependencies given.
func shadedModule(name, deps string) string {
	return `<project><artifactId>` + name + `</artifactId><dependencies>` + deps + `</dependencies>
<build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><goals><goal>shade</goal></goals>
<configuration><transformers><transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">
<mainClass>com.example.` + strings.ReplaceAll(name, "-", "") + `.Main</mainClass></transformer></transformers></configuration></execution></executions></plugin></plugins></build></project>`
}

func dep(group, artifact, scope string) string {
	return "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><scope>" + scope + "</scope></dependency>"
}

// A Maven aggregator of several modules whose jars name a main class, without Spring Boot or
// Quarkus: the one depending on a server framework, outside the tools directories, is the
// application (a ledger service beside its importer); otherwise the error suggests the likeliest.
func TestMavenServerModuleAmongMainClassModules(t *testing.T) {
	ctx := map[string]string{
		"pom.xml": `<project><artifactId>ledger-parent</artifactId><version>1.0</version><packaging>pom</packaging>
<modules><module>model</module><module>tools/importer</module><module>service</module></modules></project>`,
		"model/pom.xml":          `<project><artifactId>ledger-model</artifactId></project>`,
		"tools/importer/pom.xml": shadedModule("ledger-importer", dep("org.apache.commons", "commons-csv", "")),
		"service/pom.xml":        shadedModule("ledger-service", dep("io.javalin", "javalin", "")+dep("org.eclipse.jetty", "jetty-client", "")),
	}
	src := "language: java\n"
	builds := func() []string {
		t.Helper()
		return langtest.Runs(provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Stage("builder"))[0].Args
	}
	fails := func(what, want string) {
		t.Helper()
		if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", what, err, want)
		}
	}
	if b := builds(); !slices.Contains(b, "service") {
		t.Errorf("the module on Javalin beside an importer: builds %q, want service", b)
	}
	// the importer outside a tools directory: the server is still the only one
	ctx["pom.xml"] = strings.Replace(ctx["pom.xml"], "tools/importer", "importer", 1)
	ctx["importer/pom.xml"] = ctx["tools/importer/pom.xml"]
	if b := builds(); !slices.Contains(b, "service") {
		t.Errorf("the module on Javalin beside an importer module: builds %q, want service", b)
	}
	ctx["pom.xml"] = strings.Replace(ctx["pom.xml"], "<module>importer", "<module>tools/importer", 1)

	// Javalin in the tests only, a client of Jetty: no server, the module outside tools/ suggested
	ctx["service/pom.xml"] = shadedModule("ledger-service", dep("io.javalin", "javalin", "test")+dep("org.eclipse.jetty", "jetty-client", ""))
	fails("no server framework", "(tools/importer, service): set `entrypoint` to the module whose jar the image runs")
	fails("no server framework", "e.g. entrypoint: service (none depends on a server framework, and it is outside the tools directories)")

	// the only server is in tools/: suggested, not chosen
	ctx["tools/importer/pom.xml"] = shadedModule("ledger-importer", dep("io.undertow", "undertow-core", ""))
	fails("a server in tools/", "e.g. entrypoint: tools/importer (the only one depending on a server framework, io.undertow:undertow-core)")

	// two servers: the one outside tools/
	ctx["service/pom.xml"] = shadedModule("ledger-service", dep("io.dropwizard", "dropwizard-core", ""))
	fails("two servers", "e.g. entrypoint: service (it depends on a server framework, io.dropwizard:dropwizard-core, outside the tools directories)")
	// two servers, neither in tools/: the first, with its framework
	ctx["pom.xml"] = strings.Replace(ctx["pom.xml"], "tools/importer", "importer", 1)
	ctx["importer/pom.xml"] = ctx["tools/importer/pom.xml"]
	fails("two servers outside tools/", "e.g. entrypoint: importer (it depends on a server framework, io.undertow:undertow-core)")

	// nothing tells them apart: the first, no reason
	ctx["importer/pom.xml"] = shadedModule("ledger-importer", "")
	ctx["service/pom.xml"] = shadedModule("ledger-service", "")
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil || !strings.HasSuffix(err.Error(), "e.g. entrypoint: importer") {
		t.Errorf("no difference: %v, want the first module, no reason", err)
	}
}

func TestInToolDir(t *testing.T) {
	for dir, want := range map[string]bool{
		"tools": true, "tools/bench": true, "support/v2-migrator": true, "ledger-cli": true, "benchmarks/jmh": true,
		"service": false, "web": false, "apiserver": false, "toolkit": false, "core/supporting": false,
	} {
		if got := inToolDir(dir); got != want {
			t.Errorf("inToolDir(%q) = %v, want %v", dir, got, want)
		}
	}
}
