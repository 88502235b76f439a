package rust

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// sysLibrary is a -sys crate that links a system library dynamically unless the crate that
// builds the library from source (its bundled feature) is in the lock too: the rust image (its
// buildpack-deps base has the -dev packages) links it, and distroless cc lacks it, so the
// binary would not start (lemmy's diesel with PostgreSQL: pq-sys, libpq.so.5).
//
// The rust image lacks some -dev packages: odbc-sys (sqlx-oldapi's `odbc`, SQLPage's) links
// libodbc, whose unixodbc-dev the builder then installs (dev), or the link fails ("unable to
// find library -lodbc"). Its bundled crate, unix-odbc, is in the lock whenever any feature of the
// workspace could turn it on (Cargo locks the optional dependencies of every feature: SQLPage's
// own `odbc-static = ["odbc-sys/vendored-unix-odbc"]`), so for such a crate (feature) the lock
// proves nothing when the root package names the feature: it is bundled only when a feature the
// build enables turns it on, or the dependency's own table does.
type sysLibrary struct {
	crate, bundled string
	lib            lang.Library
	dev            string // the builder's package for the link, when the rust image lacks it
	feature        string // the crate's feature that turns bundled on
}

var sysLibraries = []sysLibrary{
	{crate: "pq-sys", bundled: "pq-src", lib: lang.Library{Apt: "libpq5", Apk: "libpq"}},
	{crate: "mysqlclient-sys", bundled: "mysqlclient-src", lib: lang.Library{Apt: "libmariadb3", Apk: "mariadb-connector-c"}},
	{crate: "odbc-sys", bundled: "unix-odbc", lib: lang.Library{Apt: "libodbc2", Apk: "unixodbc"}, dev: "unixodbc-dev", feature: "vendored-unix-odbc"},
}

// nativeLibraries are the locked crates that link a system library dynamically, for the build
// of the root package m with the spec's features.
func nativeLibraries(s *spec.Spec, m *manifest, lock []byte) []sysLibrary {
	var out []sysLibrary
	for _, l := range sysLibraries {
		if lockHas(lock, l.crate) && (!lockHas(lock, l.bundled) || l.feature != "" && !bundledOn(s, m, l)) {
			out = append(out, l)
		}
	}
	return out
}

// bundledOn reports whether the build turns l's bundled feature on: a feature the build enables
// names "crate/feature", or the dependency's table lists it; true as well when the package names
// it nowhere (a dependency of the lock turns it on).
func bundledOn(s *spec.Spec, m *manifest, l sysLibrary) bool {
	if m == nil {
		return true
	}
	names := func(entry string) bool {
		return entry == l.crate+"/"+l.feature || entry == l.crate+"?/"+l.feature
	}
	if dep, ok := m.Dependencies[l.crate].(map[string]any); ok {
		if fs, ok := dep["features"].([]any); ok && slices.ContainsFunc(fs, func(v any) bool { return v == l.feature }) {
			return true
		}
	}
	named := false
	for _, entries := range m.Features {
		named = named || slices.ContainsFunc(entries, names)
	}
	if !named {
		return true
	}
	on := enabledFeatures(s, m)
	for name := range on {
		if slices.ContainsFunc(m.Features[name], names) {
			return true
		}
	}
	return false
}

// enabledFeatures are the root package's features the build turns on: `default` unless the
// spec turns it off, the spec's, and the features they name, transitively.
func enabledFeatures(s *spec.Spec, m *manifest) map[string]bool {
	on := map[string]bool{}
	var add func(string)
	add = func(name string) {
		if on[name] {
			return
		}
		on[name] = true
		for _, e := range m.Features[name] {
			if !strings.Contains(e, "/") && !strings.HasPrefix(e, "dep:") {
				add(e)
			}
		}
	}
	if s.DefaultFeatures == nil || *s.DefaultFeatures {
		add("default")
	}
	for _, f := range s.Features {
		add(f)
	}
	return on
}

// runtimeLibraries are libs' runtime libraries.
func runtimeLibraries(libs []sysLibrary) []lang.Library {
	var out []lang.Library
	for _, l := range libs {
		out = append(out, l.lib)
	}
	return out
}

// devPackages are the builder's packages libs need for the link, each once.
func devPackages(libs []sysLibrary) []string {
	var out []string
	for _, l := range libs {
		if l.dev != "" && !slices.Contains(out, l.dev) {
			out = append(out, l.dev)
		}
	}
	return out
}

// lockHas reports a package of Cargo.lock by name.
func lockHas(lock []byte, crate string) bool {
	return regexp.MustCompile(`(?m)^name = "` + regexp.QuoteMeta(crate) + `"\s*$`).Match(lock)
}
