package rust

import (
	"path"
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// sqlx's query macros (query!, query_as!, query_file!...) check each query against a database
// when they compile: they connect to DATABASE_URL, or, without one, read the offline data
// `cargo sqlx prepare` writes (.sqlx/ since sqlx 0.7, sqlx-data.json before) beside the package
// or at the workspace's root. A build step has no database, so a project that commits no
// offline data stops at its first query (launchbadge/realworld-axum-sqlx), after the
// dependencies compiled. Planning reads the binary's package's src/*.rs for the macros and names
// the first (SqlxOfflineDataMissing), unless the offline data is in the context or the spec's
// build.env or a build secret gives DATABASE_URL or SQLX_OFFLINE_DIR.

// queryMacro is one of sqlx's checked query macros.
var queryMacro = regexp.MustCompile(`\b(query(?:_as|_scalar|_file|_file_as|_file_scalar)?)!\s*\(`)

// offlineData are the offline data's places, relative to a package or the workspace's root.
var offlineData = []string{".sqlx", "sqlx-data.json"}

// sqlxProbes ask whether the offline data is beside the package at pkgDir or at the root.
func sqlxProbes(lock []byte, pkgDir string) []string {
	if !lockHas(lock, "sqlx-macros") {
		return nil
	}
	var out []string
	for _, dir := range []string{".", pkgDir} {
		for _, d := range offlineData {
			out = append(out, lang.Probe(path.Join(dir, d)))
		}
	}
	return out
}

// sqlxNotes name the first checked query of the binary's package's sources when nothing gives
// the macros what they check against.
func sqlxNotes(s *spec.Spec, f lang.Facts, sources, pkgDir string) []plan.Note {
	if !lockHas(f["Cargo.lock"], "sqlx-macros") {
		return nil
	}
	for _, dir := range []string{".", pkgDir} {
		for _, d := range offlineData {
			if f.HasDir(dir+"/"+d) || f.Has(path.Clean(dir+"/"+d)) {
				return nil
			}
		}
	}
	for _, kv := range s.Build.Env {
		if kv.Key == "DATABASE_URL" || kv.Key == "SQLX_OFFLINE_DIR" {
			return nil
		}
	}
	for _, sec := range s.Build.Secrets {
		if sec.Env == "DATABASE_URL" || sec.Env == "SQLX_OFFLINE_DIR" {
			return nil
		}
	}
	for _, file := range f.Glob(sources) {
		for i, line := range codeLines(f[file]) {
			if m := queryMacro.FindStringSubmatch(line); m != nil {
				return append([]plan.Note(nil), rules.SqlxOfflineDataMissing.Note(lang.FirstField(s, "build.env", "language"),
					rules.SqlxOfflineDataMissing.Format(file, i+1, m[1]+"!")))
			}
		}
	}
	return nil
}
