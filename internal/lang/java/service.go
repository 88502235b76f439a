package java

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// serverFrameworks are the dependencies, by groupId, that make a module's program a server:
// the web servers and the frameworks built on one. A client of them (Jetty's or Quarkus's
// REST client) is not one; Netty, gRPC and Armeria are libraries clients use as much.
var serverFrameworks = map[string][]string{
	"io.dropwizard":                   {"dropwizard-core"},
	"org.eclipse.jetty":               {"jetty-server", "jetty-servlet"},
	"io.undertow":                     {"undertow-core", "undertow-servlet"},
	"io.javalin":                      {"javalin", "javalin-bundle"},
	"org.springframework.boot":        {"spring-boot-starter-web", "spring-boot-starter-webflux", "spring-boot-starter-jersey"},
	"io.quarkus":                      {"quarkus-vertx-http", "quarkus-rest", "quarkus-rest-jackson", "quarkus-resteasy", "quarkus-resteasy-jackson", "quarkus-resteasy-reactive", "quarkus-undertow"},
	"io.micronaut":                    {"micronaut-http-server", "micronaut-http-server-netty"},
	"io.helidon.webserver":            {"helidon-webserver"},
	"io.helidon.microprofile.bundles": {"helidon-microprofile", "helidon-microprofile-core"},
	"io.helidon.microprofile.server":  {"helidon-microprofile-server"},
	"io.vertx":                        {"vertx-web"},
	"org.apache.tomcat.embed":         {"tomcat-embed-core"},
	"com.sparkjava":                   {"spark-core"},
}

// serverFramework is the first server framework (serverFrameworks) the pom's own dependencies
// name outside the test scope, as groupId:artifactId; "" for none. The dependencies of the
// poms above it are every module's, and tell none apart.
func (p *pom) serverFramework() string {
	for _, d := range p.Dependencies {
		if d.Scope != "test" && slices.Contains(serverFrameworks[strings.TrimSpace(d.GroupID)], strings.TrimSpace(d.ArtifactID)) {
			return strings.TrimSpace(d.GroupID) + ":" + strings.TrimSpace(d.ArtifactID)
		}
	}
	return ""
}

// toolDirNames are the names of the directories a repository keeps the programs it runs beside
// its service in (a benchmark, a migrator, a command-line client), whole or as a suffix
// (dependency-track's support/v4-migrator, a graphhopper-tools).
var toolDirNames = []string{"tools", "tool", "support", "benchmark", "benchmarks", "bench", "cli", "migrator", "migration", "migrations", "scripts", "dev"}

// inToolDir reports a module directory below or at one of toolDirNames.
func inToolDir(dir string) bool { return lang.InDirNamed(dir, toolDirNames) }

// likelyService is, of the modules whose jars name a main class, the one an image most likely
// runs, and why: a module depending on a server framework over one that does not, then one
// outside the tools directories (inToolDir), then the first. sure is when a single module
// depends on a server framework and it is outside the tools directories: the others are
// programs run beside the service (graphhopper's benchmark in tools, dependency-track's
// migrator in support/v4-migrator). reason is "" when nothing tells them apart.
func likelyService(mains []string, poms map[string]*pom) (dir, reason string, sure bool) {
	var servers []string
	for _, d := range mains {
		if poms[d].serverFramework() != "" {
			servers = append(servers, d)
		}
	}
	candidates := servers
	if len(candidates) == 0 {
		candidates = mains
	}
	outside := slices.DeleteFunc(slices.Clone(candidates), inToolDir)
	switch {
	case len(servers) == 1:
		dir = servers[0]
		reason = "the only one depending on a server framework, " + poms[dir].serverFramework()
		return dir, reason, !inToolDir(dir)
	case len(servers) > 1:
		dir, reason = servers[0], ""
		if len(outside) > 0 && len(outside) < len(servers) {
			dir, reason = outside[0], ", outside the tools directories"
		}
		return dir, "it depends on a server framework, " + poms[dir].serverFramework() + reason, false
	case len(outside) > 0 && len(outside) < len(mains):
		return outside[0], "none depends on a server framework, and it is outside the tools directories", false
	}
	return mains[0], "", false
}
