package java

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Spring Boot or Quarkus application whose packaged datasource is an embedded database in a file
// (conductor's `spring.datasource.url=jdbc:sqlite:c123.db?busy_timeout=15000`, H2's
// `jdbc:h2:file:./data/app`) creates that file, and SQLite's journal beside it, relative to its
// working directory: /app, root's, where the first connection fails ("unable to open database
// file", H2's "Could not create directory") and the application stops at start. The file's
// directory is then the runtime user's, as a log file's is (logdirs.go): the working directory
// itself takes new files from the user (lang.Runtime.SharedWorkdir), a directory below it is
// made the user's, an absolute one is a data volume. An in-memory database, a server's URL, the
// user's home or /tmp need nothing. Quarkus's is quarkus.datasource.jdbc.url, its prod profile's
// first (commafeed's `%prod.quarkus.datasource.jdbc.url=jdbc:h2:./data/db;DEFRAG_ALWAYS=TRUE`,
// whose own image makes /commafeed/data beside its fast-jar).

// embeddedDBFile is the file of a SQLite or H2 JDBC URL (jdbc:sqlite:FILE?params,
// jdbc:h2:[file:]PATH;params), submatch 1 SQLite's, 2 H2's.
var embeddedDBFile = regexp.MustCompile(`^jdbc:(?:sqlite:(?:file:)?([^?]*)|h2:(?:file:)?([^;:]+(?:;|$)))`)

// datasourceDir is the directory the Spring Boot (boot) or Quarkus (quarkus) module at dir keeps
// its embedded database's file in, as lang.OwnedDir gives it for the runtime user's home, with
// what says so; false for none.
func datasourceDir(f lang.Facts, dir, home string, boot, quarkus bool) (logDir, bool) {
	var url, set string
	switch {
	case boot:
		url, set = springSetting(f, dir, "spring.datasource.url"), "spring.datasource.url"
	case quarkus:
		v, from := quarkusSetting(f, dir, "quarkus.datasource.jdbc.url")
		get := func(n string) (string, bool) {
			v, from := quarkusSetting(f, dir, n)
			return v, from != ""
		}
		if u, ok := expandVars(strings.TrimSpace(v), smallRyeSep, get, 0); ok {
			url, set = u, from
		}
	}
	m := embeddedDBFile.FindStringSubmatch(url)
	if m == nil {
		return logDir{}, false
	}
	file := strings.TrimSuffix(m[1]+m[2], ";")
	if file == "" || strings.HasPrefix(file, ":memory:") || strings.HasPrefix(file, "~") {
		return logDir{}, false
	}
	d, ok := lang.OwnedDir(path.Dir(file), home)
	return logDir{d, "the database file " + file + " of " + set}, ok
}
