package rust

import (
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
)

// sysLibrary is a -sys crate that links a system library dynamically unless the crate that
// builds the library from source (its bundled feature) is in the lock too: the rust image (its
// buildpack-deps base has the -dev packages) links it, and distroless cc lacks it, so the
// binary would not start (lemmy's diesel with PostgreSQL: pq-sys, libpq.so.5).
type sysLibrary struct {
	crate, bundled string
	lib            lang.Library
}

var sysLibraries = []sysLibrary{
	{"pq-sys", "pq-src", lang.Library{Apt: "libpq5", Apk: "libpq"}},
	{"mysqlclient-sys", "mysqlclient-src", lang.Library{Apt: "libmariadb3", Apk: "mariadb-connector-c"}},
}

// nativeLibraries are the system libraries the locked crates link dynamically.
func nativeLibraries(lock []byte) []lang.Library {
	var out []lang.Library
	for _, l := range sysLibraries {
		if lockHas(lock, l.crate) && !lockHas(lock, l.bundled) {
			out = append(out, l.lib)
		}
	}
	return out
}

// lockHas reports a package of Cargo.lock by name.
func lockHas(lock []byte, crate string) bool {
	return regexp.MustCompile(`(?m)^name = "` + regexp.QuoteMeta(crate) + `"\s*$`).Match(lock)
}
