package python

import "github.com/org/multistage-frontend/internal/lang"

// runtimeLibrary is a shared library a distribution loads at run time, which the slim and
// alpine images lack while the builder (a full python image) has its -dev package, so a source
// build links it and succeeds: the image would fail on the import.
type runtimeLibrary struct {
	// dist needs the library unless unless (a distribution bundling it) is installed too.
	dist, unless string
	// lib is the runtime packages holding it, on Debian (bookworm and trixie) and Alpine.
	lib lang.Library
}

// runtimeLibraries: psycopg2 and mysqlclient publish no Linux wheels and compile against
// libpq and MariaDB's client library; psycopg 3 loads libpq itself unless its binary extra
// (psycopg-binary) brings a copy.
var runtimeLibraries = []runtimeLibrary{
	{dist: "psycopg2", lib: lang.Library{Apt: "libpq5", Apk: "libpq"}},
	{dist: "psycopg", unless: "psycopg-binary", lib: lang.Library{Apt: "libpq5", Apk: "libpq"}},
	{dist: "mysqlclient", lib: lang.Library{Apt: "libmariadb3", Apk: "mariadb-connector-c"}},
}

// nativeLibraries are the runtime packages the dependencies need, for the runtime alias's
// package manager, sorted, each once; none for distroless (no package manager) or an image the
// spec names (its packages are its own).
func nativeLibraries(installs map[string]bool, alias string) []string {
	var libs []lang.Library
	for _, l := range runtimeLibraries {
		if installs[l.dist] && (l.unless == "" || !installs[l.unless]) {
			libs = append(libs, l.lib)
		}
	}
	return lang.LibraryPackages(libs, alias)
}
