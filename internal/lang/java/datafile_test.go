package java

import (
	"testing"
)

// TestDatasourceDirIsTheUsers: a Spring Boot application's embedded database in a file (SQLite,
// H2) gets the file's directory from the runtime user, as a log file's: the working directory
// takes new files, a directory below it is the user's, an absolute one a written volume; an
// in-memory database, a server's URL and the user's home need nothing.
func TestDatasourceDirIsTheUsers(t *testing.T) {
	bootPom := string(pomWith(bootParent("3.4.1") + bootPlugin)["pom.xml"])
	res := "src/main/resources/"
	for _, tc := range []struct {
		name, config, value string
		want                []string
	}{
		{"SQLite in the working directory, with parameters", "application.properties", "spring.datasource.url=jdbc:sqlite:flows.db?busy_timeout=5000&journal_mode=WAL\n", []string{"/app 0:65532 1775"}},
		{"SQLite below it, from YAML", "application.yml", "spring:\n  datasource:\n    url: jdbc:sqlite:file:data/flows.sqlite\n", []string{"/app/data/ 65532:65532"}},
		{"H2's file mode", "application.properties", "spring.datasource.url=jdbc:h2:file:./db/shop;MODE=PostgreSQL\n", []string{"/app/db/ 65532:65532"}},
		{"H2's file without the prefix, a placeholder's default", "application.properties", "spring.datasource.url=${DB_URL:jdbc:h2:./shop}\n", []string{"/app 0:65532 1775"}},
		{"an absolute SQLite file", "application.properties", "spring.datasource.url=jdbc:sqlite:/var/lib/flows/flows.db\n", []string{"/var/lib/flows 65532:65532 755"}},
		{"SQLite in memory", "application.properties", "spring.datasource.url=jdbc:sqlite::memory:\n", nil},
		{"H2 in memory", "application.properties", "spring.datasource.url=jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1\n", nil},
		{"H2 in the user's home", "application.properties", "spring.datasource.url=jdbc:h2:~/shop\n", nil},
		{"a server", "application.properties", "spring.datasource.url=jdbc:postgresql://db:5432/shop\n", nil},
	} {
		assertOwnedDirs(t, tc.name, map[string]string{"pom.xml": bootPom, res + tc.config: tc.value}, tc.want, "spring.datasource.url")
	}
	// not a Spring Boot application: its configuration is not Spring Boot's
	assertOwnedDirs(t, "without Spring Boot", map[string]string{"pom.xml": string(pomWith("")["pom.xml"]),
		res + "application.properties": "spring.datasource.url=jdbc:sqlite:flows.db\n"}, nil, "")
}

// TestQuarkusDatasourceDirIsTheUsers: a Quarkus application's embedded database in a file, set
// by quarkus.datasource.jdbc.url (its prod profile's first, as commafeed's
// `%prod.quarkus.datasource.jdbc.url=jdbc:h2:./data/db;DEFRAG_ALWAYS=TRUE`, whose own image
// makes data/ beside its fast-jar), gets its directory from the runtime user, as a Spring Boot
// application's: H2 cannot create ./data in root's /app and Quarkus stops at start.
func TestQuarkusDatasourceDirIsTheUsers(t *testing.T) {
	res := "src/main/resources/"
	for _, tc := range []struct {
		name, config, value string
		want                []string
	}{
		{"commafeed's H2 below the working directory, the prod profile's", "application.properties",
			"quarkus.http.port=8082\n%prod.quarkus.datasource.jdbc.url=jdbc:h2:./data/db;DEFRAG_ALWAYS=TRUE\n%prod.quarkus.datasource.username=sa\n%dev.quarkus.datasource.jdbc.url=jdbc:h2:mem:dev\n",
			[]string{"/app/data/ 65532:65532"}},
		{"SQLite in the working directory, a variable's default", "application.properties",
			"quarkus.datasource.jdbc.url=jdbc:sqlite:${DB_FILE:feeds.db}\n", []string{"/app 0:65532 1775"}},
		{"from YAML", "application.yaml", "quarkus:\n  datasource:\n    jdbc:\n      url: jdbc:h2:file:./db/greeter\n", []string{"/app/db/ 65532:65532"}},
		{"an absolute file", "application.properties", "quarkus.datasource.jdbc.url=jdbc:h2:/var/lib/greeter/db\n", []string{"/var/lib/greeter 65532:65532 755"}},
		{"H2 in memory for prod, a file for dev", "application.properties",
			"%prod.quarkus.datasource.jdbc.url=jdbc:h2:mem:greeter\n%dev.quarkus.datasource.jdbc.url=jdbc:h2:./data/db\n", nil},
		{"a server", "application.properties", "quarkus.datasource.jdbc.url=jdbc:postgresql://db:5432/greeter\n", nil},
		{"a variable without a default", "application.properties", "quarkus.datasource.jdbc.url=${DB_URL}\n", nil},
	} {
		assertOwnedDirs(t, tc.name, quarkusMaven(res+tc.config, tc.value), tc.want, "quarkus.datasource.jdbc.url")
	}
}
