package rust

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
	"github.com/pelletier/go-toml/v2"
)

// sqlx's query macros (query!, query_as!, query_file!...) check each query against a database
// when they compile: they connect to DATABASE_URL unless SQLX_OFFLINE is true, and otherwise
// read the offline data `cargo sqlx prepare` writes. Where they read it (sqlx-macros-core's
// query/mod.rs): since sqlx 0.7 the directory SQLX_OFFLINE_DIR names, then .sqlx/ in the
// compiled crate's manifest directory, then .sqlx/ at the workspace's root; before 0.7
// sqlx-data.json in the manifest directory, then at the root, and only with sqlx's `offline`
// feature. A build step has no database, so a project that commits no offline data where its
// version reads it stops at its first query (launchbadge/realworld-axum-sqlx), after the
// dependencies compiled.
//
// Planning looks at each crate the binary compiles that may hold queries: its own package and
// its direct path dependencies that depend on sqlx (a workspace's db crate). With the offline
// data where sqlx reads it, the build sets SQLX_OFFLINE=true, so that a committed .env's
// DATABASE_URL (which sqlx reads too) does not send the macros to a database the build cannot
// reach. Without it, the crate's sources are read along its module tree (`mod x;` from src/*.rs,
// a few levels down) for a checked query, and the first is named (SqlxOfflineDataMissing) with
// the places sqlx reads; unless DATABASE_URL is given the build by the spec's build.env, a build
// secret, or .cargo/config.toml's [env].

// queryMacro is one of sqlx's checked query macros.
var queryMacro = regexp.MustCompile(`\b(query(?:_as|_scalar|_file|_file_as|_file_scalar)?(?:_unchecked)?)!\s*\(`)

// modDecl declares a module whose body is in another file: `mod x;`, `pub(crate) mod x;`.
var modDecl = regexp.MustCompile(`^\s*(?:pub(?:\s*\([^)]*\))?\s+)?mod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;`)

// Bounds on the module tree read for queries: how many directories below src/ (each one more
// round of reads), how many files per crate, and over all crates (planning reads 2000 files of
// the context at most).
const (
	maxModuleDepth = 3
	maxModuleFiles = 200
	// maxQueryFiles bounds the files read for queries over all the crates
	maxQueryFiles = 400
)

// maxDependencyDepth is how many levels of path dependencies are looked at for queries.
const maxDependencyDepth = 3

// dependent is a crate read: its directory and manifest.
type dependent struct {
	dir string
	m   *manifest
}

// sqlxSetup is what a build of the binary's crates gives sqlx's macros.
type sqlxSetup struct {
	// major and minor are sqlx-macros' locked version (0.0 when unknown: read as the newest)
	major, minor int
	// database is where a DATABASE_URL is given the build ("" for nowhere)
	database string
	// offlineDir is SQLX_OFFLINE_DIR as a context path ("" when unset or outside the context)
	offlineDir string
	// crates are the directories of the crates that may hold queries: the binary's package first
	crates []string
	// features are the sqlx features each crate's manifest turns on (by crate directory)
	features map[string][]string
}

// sqlxFor is the setup of the binary's build; nil when sqlx-macros is not locked.
func sqlxFor(s *spec.Spec, f lang.Facts, pkgDir string, pkg, root *manifest) *sqlxSetup {
	lock := f["Cargo.lock"]
	if !lockHas(lock, "sqlx-macros") || pkg == nil {
		return nil
	}
	st := &sqlxSetup{features: map[string][]string{}}
	st.major, st.minor = lockVersion(lock, "sqlx-macros")
	env := cargoConfigEnv(firstPresent(f, ".cargo/config.toml", ".cargo/config"))
	for _, kv := range s.Build.Env {
		env[kv.Key] = kv.Value
	}
	switch {
	case slices.ContainsFunc(s.Build.Env, func(kv spec.KeyValue) bool { return kv.Key == "DATABASE_URL" }):
		st.database = "build.env"
	case slices.ContainsFunc(s.Build.Secrets, func(sec spec.Secret) bool { return sec.Env == "DATABASE_URL" }):
		st.database = "a build secret"
	case env["DATABASE_URL"] != "":
		st.database = ".cargo/config.toml"
	}
	if dir := env["SQLX_OFFLINE_DIR"]; dir != "" && !path.IsAbs(dir) {
		// relative to the directory cargo runs rustc in: the workspace's root
		if c := path.Clean(dir); lang.CheckContextName(c) == nil {
			st.offlineDir = c
		}
	}
	st.crates = append(st.crates, pkgDir)
	st.features[pkgDir] = sqlxFeatures(pkg, root)
	// the path dependencies, and theirs among the manifests read (a workspace's members),
	// maxDependencyDepth levels down: a crate the binary reaches through another
	seen := []string{pkgDir}
	level := []dependent{{pkgDir, pkg}}
	for depth := 0; depth < maxDependencyDepth && len(level) > 0; depth++ {
		var next []dependent
		for _, d := range level {
			for _, dir := range pathDeps(d.m, root, d.dir) {
				dm, err := parseManifest(f[dir+"/Cargo.toml"])
				if slices.Contains(seen, dir) || err != nil || !f.Has(dir+"/Cargo.toml") {
					continue
				}
				seen = append(seen, dir)
				next = append(next, dependent{dir, dm})
				if dm.Dependencies["sqlx"] != nil {
					st.crates = append(st.crates, dir)
					st.features[dir] = sqlxFeatures(dm, root)
				}
			}
		}
		level = next
	}
	return st
}

// newer reports sqlx 0.7 or later (an unknown version counts as newer).
func (st *sqlxSetup) newer() bool {
	return st.major > 0 || st.minor >= 7 || st.major == 0 && st.minor == 0
}

// places are the context paths where sqlx reads the offline data of the crate at dir, in its
// order.
func (st *sqlxSetup) places(dir string) []string {
	if !st.newer() {
		return slices.Compact([]string{path.Join(dir, "sqlx-data.json"), "sqlx-data.json"})
	}
	var out []string
	if st.offlineDir != "" {
		out = append(out, st.offlineDir)
	}
	return slices.Compact(append(out, path.Join(dir, ".sqlx"), ".sqlx"))
}

// probes ask whether each crate's offline data is there, and, for sqlx 0.7 and later, whether
// the sqlx-data.json of an older sqlx is.
func (st *sqlxSetup) probes() []string {
	var out []string
	for _, dir := range st.crates {
		for _, p := range slices.Concat(st.places(dir), st.stale(dir)) {
			out = append(out, lang.Probe(p))
		}
	}
	return out
}

// stale are the places of the offline data of sqlx before 0.7, which sqlx 0.7 and later do not
// read, for the crate at dir; none before 0.7.
func (st *sqlxSetup) stale(dir string) []string {
	if !st.newer() {
		return nil
	}
	return slices.Compact([]string{path.Join(dir, "sqlx-data.json"), "sqlx-data.json"})
}

// hasData reports the offline data of the crate at dir where sqlx reads it.
func (st *sqlxSetup) hasData(f lang.Facts, dir string) bool {
	for _, p := range st.places(dir) {
		if st.newer() && f.HasDir(p) || !st.newer() && f.Has(p) {
			return true
		}
	}
	return false
}

// offlineFeature reports whether sqlx before 0.7 reads offline data in the crate at dir: only
// with its `offline` feature.
func (st *sqlxSetup) offlineFeature(dir string) bool {
	return st.newer() || slices.Contains(st.features[dir], "offline")
}

// env is SQLX_OFFLINE=true for the build when a crate's offline data is there and nothing gives
// a database (nor sets SQLX_OFFLINE).
func (st *sqlxSetup) env(s *spec.Spec, f lang.Facts) []plan.Env {
	if st == nil || st.database != "" || slices.ContainsFunc(s.Build.Env, func(kv spec.KeyValue) bool { return kv.Key == "SQLX_OFFLINE" }) {
		return nil
	}
	for _, dir := range st.crates {
		if st.hasData(f, dir) && st.offlineFeature(dir) {
			return []plan.Env{{Key: "SQLX_OFFLINE", Value: "true"}}
		}
	}
	return nil
}

// reads are what Follow asks for: the probes, then the module tree of each crate without its
// offline data, until a checked query is found in it.
func (st *sqlxSetup) reads(f lang.Facts) []string {
	if st == nil {
		return nil
	}
	out := st.probes()
	if st.database != "" {
		return out
	}
	read := 0 // the crates' files read so far: past maxQueryFiles, no more are asked for
	for _, dir := range st.crates {
		if st.hasData(f, dir) {
			continue
		}
		files, asks := moduleTree(f, dir)
		read += len(files)
		if firstQuery(f, files) == nil && read < maxQueryFiles {
			out = append(out, path.Join(dir, "src/*.rs"))
			out = append(out, asks...)
		}
	}
	return out
}

// notes name, for each crate without offline data where sqlx reads it, its first checked query
// (or, before sqlx 0.7, data that the `offline` feature being off leaves unread).
func (st *sqlxSetup) notes(s *spec.Spec, f lang.Facts) []plan.Note {
	if st == nil || st.database != "" {
		return nil
	}
	var out []plan.Note
	field := lang.FirstField(s, "build.env", "language")
	for _, dir := range st.crates {
		if st.hasData(f, dir) && st.offlineFeature(dir) {
			continue
		}
		files, _ := moduleTree(f, dir)
		q := firstQuery(f, files)
		if q == nil {
			continue
		}
		var where string
		switch {
		case st.hasData(f, dir):
			where = "sqlx " + st.version() + " reads its offline data (" + strings.Join(st.places(dir), ", ") +
				") only with sqlx's `offline` feature, which " + path.Join(dir, "Cargo.toml") + " does not turn on: add \"offline\" to sqlx's features"
		case st.newer():
			where = "the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx " +
				st.version() + " reads from " + orList(dirs(st.places(dir))) + ": commit that directory (the build sets SQLX_OFFLINE=true then)"
			if i := slices.IndexFunc(st.stale(dir), f.Has); i >= 0 {
				where += "; " + st.stale(dir)[i] + " is the offline data of sqlx before 0.7, which this one does not read: run `cargo sqlx prepare` again"
			}
		default:
			where = "the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx " +
				st.version() + " reads from " + orList(st.places(dir)) + " with its `offline` feature: commit that file"
			if !st.offlineFeature(dir) {
				where += ", and add \"offline\" to sqlx's features in " + path.Join(dir, "Cargo.toml")
			}
		}
		out = append(out, rules.SqlxOfflineDataMissing.Note(field, rules.SqlxOfflineDataMissing.Format(q.file, q.line, q.macro, where)))
	}
	return out
}

func (st *sqlxSetup) version() string {
	if st.major == 0 && st.minor == 0 {
		return "(of Cargo.lock)"
	}
	return strconv.Itoa(st.major) + "." + strconv.Itoa(st.minor)
}

// dirs are paths written as directories.
func dirs(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p + "/"
	}
	return out
}

func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// query is a checked query in a source file.
type query struct {
	file  string
	line  int
	macro string
}

// firstQuery is the first checked query of files, in their order; nil for none.
func firstQuery(f lang.Facts, files []string) *query {
	for _, file := range files {
		for i, line := range codeLines(f[file]) {
			if m := queryMacro.FindStringSubmatch(line); m != nil {
				return &query{file, i + 1, m[1] + "!"}
			}
		}
	}
	return nil
}

// moduleTree are the files of the crate at dir read so far along its module tree: its
// src/*.rs (the crate roots and their top modules), then the files of the modules those declare
// (`mod x;` is x.rs or x/mod.rs in the directory of a crate root or a mod.rs, in x's parent's
// own directory otherwise), at most maxModuleDepth directories below src/ and maxModuleFiles
// files; asks are the files of declared modules not read yet.
func moduleTree(f lang.Facts, dir string) (files, asks []string) {
	src := path.Join(dir, "src")
	queue := f.Glob(src + "/*.rs")
	for len(queue) > 0 && len(files) < maxModuleFiles {
		file := queue[0]
		queue = queue[1:]
		if slices.Contains(files, file) {
			continue
		}
		files = append(files, file)
		sub := strings.TrimSuffix(file, ".rs")
		if b := path.Base(file); b == "main.rs" || b == "lib.rs" || b == "mod.rs" {
			sub = path.Dir(file)
		}
		if strings.Count(strings.TrimPrefix(sub, src), "/") >= maxModuleDepth {
			continue
		}
		for _, line := range codeLines(f[file]) {
			m := modDecl.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			cands := []string{sub + "/" + m[1] + ".rs", sub + "/" + m[1] + "/mod.rs"}
			if i := slices.IndexFunc(cands, f.Has); i >= 0 {
				queue = append(queue, cands[i])
			} else {
				asks = append(asks, cands...)
			}
		}
	}
	return files, asks
}

// lockVersion is the major and minor version of a package of Cargo.lock (the first listed);
// 0, 0 when it is not there.
func lockVersion(lock []byte, crate string) (major, minor int) {
	m := regexp.MustCompile(`(?m)^name = "` + regexp.QuoteMeta(crate) + `"\s*\nversion = "([0-9]+)\.([0-9]+)`).FindSubmatch(lock)
	if m == nil {
		return 0, 0
	}
	major, _ = strconv.Atoi(string(m[1]))
	minor, _ = strconv.Atoi(string(m[2]))
	return major, minor
}

// sqlxFeatures are the features a manifest turns on for its sqlx dependency, with those of the
// workspace's when it inherits it.
func sqlxFeatures(m, root *manifest) []string {
	var out []string
	add := func(d any) {
		t, _ := d.(map[string]any)
		fs, _ := t["features"].([]any)
		for _, x := range fs {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	d := m.Dependencies["sqlx"]
	add(d)
	if t, _ := d.(map[string]any); t != nil && t["workspace"] == true && root != nil && root.Workspace != nil {
		add(root.Workspace.Dependencies["sqlx"])
	}
	return out
}

// cargoConfigEnv is the [env] table of .cargo/config.toml, which cargo sets for rustc and so
// for the macros: a plain string, or a table's value.
func cargoConfigEnv(config []byte) map[string]string {
	var c struct {
		Env map[string]any `toml:"env"`
	}
	out := map[string]string{}
	if toml.Unmarshal(config, &c) != nil {
		return out
	}
	for k, v := range c.Env {
		switch v := v.(type) {
		case string:
			out[k] = v
		case map[string]any:
			if s, ok := v["value"].(string); ok {
				out[k] = s
			}
		}
	}
	return out
}

// binarySqlx is the sqlx setup of the build of the binary name: its package's, nil without
// sqlx-macros or a known package.
func binarySqlx(s *spec.Spec, m *manifest, name string, f lang.Facts) *sqlxSetup {
	dir, pkg := binaryPackage(m, name, f)
	if pkg == nil {
		return nil
	}
	return sqlxFor(s, f, dir, pkg, m)
}

// binaryPackage is the directory and manifest of the package that builds the binary name: the
// root's, else the workspace member's whose sources the facts hold; nil when unknown.
func binaryPackage(m *manifest, name string, f lang.Facts) (string, *manifest) {
	if m.Package != nil {
		return ".", m
	}
	dir := packageDir(binarySource(m, name, f))
	if dir == "" {
		return "", nil
	}
	pm, err := parseManifest(f[dir+"/Cargo.toml"])
	if err != nil {
		return "", nil
	}
	return dir, pm
}
