package rust

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A Rust web server often reads files relative to its working directory at run time: its
// templates (`Tera::new("templates/**/*")`), its static assets (tower-http's
// `ServeDir::new("static")` under axum, actix-files' `Files::new("/static", "./static")`,
// Rocket's `FileServer::from("static")` or rocket_contrib's `StaticFiles::from`, a
// `NamedFile::open("static/index.html")`). An image of the binary alone answers those with 404s
// or stops at start (Tera's glob finds nothing to parse). The runtime copies the paths the
// binary's package names, as `files` would, to the same path under the working directory, as
// Go's files.go does for Go servers (the rules of lang.ContextPath and lang.CoveredByFiles).
//
// Planning reads the binary's package along its module tree (moduleTree, sqlx.go) when its
// manifest depends on one of the crates those calls come from, finds a string literal at the
// path argument of each call (a `Path::new("...")` or `PathBuf::from("...")` around it counts),
// and keeps it when it is a path of the context (a presence probe) outside the package's Rust
// sources (src/, target/). A path the context lacks that the binary's package's build script names
// as a string literal (Plume's build.rs compiles its themes into static/css and copies its
// icons into static/) is the build's output: the image takes it from the builder's tree; a
// workspace member's build script writes it below the member, where cargo runs it. Rocket's
// `FileServer::from(relative!("static"))` compiles in the absolute path of the package's
// directory in the build (/src/...): the image holds it there.
//
// A command-line argument whose default is a file of the working directory is read there too:
// pgcat's `#[arg(default_value_t = String::from("pgcat.toml"), env)]` opens pgcat.toml, the
// file its repository holds and its own image copies, and stops at start without it. A clap
// (or structopt) argument's `default_value`, `default_value_t` or `default_value_os` that is a
// path of the context is copied as the calls' paths are.

// fileCrates are the crates whose calls read files at run time: a package depending on none of
// them has its sources read for nothing.
var fileCrates = []string{"tower-http", "actix-files", "rocket", "rocket_contrib", "tera", "clap", "structopt", "warp"}

// fileCall is a call that reads a path relative to the working directory, and which argument.
type fileCall struct {
	name string
	arg  int
}

var fileCalls = []fileCall{
	{"ServeDir::new", 0},     // tower-http (axum): ServeDir::new("static")
	{"ServeFile::new", 0},    // tower-http: ServeFile::new("static/index.html")
	{"Files::new", 1},        // actix-files: Files::new("/static", "./static")
	{"FileServer::from", 0},  // Rocket 0.5: FileServer::from("static")
	{"StaticFiles::from", 0}, // rocket_contrib (Rocket 0.4)
	{"NamedFile::open", 0},   // Rocket, actix-files: NamedFile::open("static/index.html")
	{"Tera::new", 0},         // Tera: Tera::new("templates/**/*")
	{"warp::fs::dir", 0},     // warp: warp::fs::dir("dist") (rustpad)
	{"warp::fs::file", 0},    // warp: warp::fs::file("dist/index.html")
}

// fileCallAt matches any of fileCalls up to its opening parenthesis, not after an identifier
// character (MyServeDir::new) or a path separator's other half.
var fileCallAt = func() *regexp.Regexp {
	var names []string
	for _, c := range fileCalls {
		names = append(names, regexp.QuoteMeta(c.name))
	}
	return regexp.MustCompile(`(?:^|[^\w:])(` + strings.Join(names, "|") + `)\s*\(`)
}()

// pathLiteral is an argument that is a string literal, plain or wrapped in Path::new or
// PathBuf::from: its value is the first group.
var pathLiteral = regexp.MustCompile(`^\s*(?:(?:std::path::)?(?:Path::new|PathBuf::from)\s*\(\s*)?"([^"\\]*)"`)

// joinLiteral is a path joined onto a directory the program finds at run time
// (`root.join("static")`, docs.rs's `root.join(STATIC_DIR_NAME)`, where root is its working
// directory or the package's): the literal is the first group, a constant's name the second.
var joinLiteral = regexp.MustCompile(`^\s*[\w.]+(?:\(\))?\.join\s*\(\s*(?:"([^"\\]*)"|([A-Z][A-Z0-9_]*))\s*\)`)

// argDefault is a clap or structopt argument's default that is a string literal, plain or made a
// String or PathBuf (`default_value = "config.toml"`, `default_value_t = String::from("pgcat.toml")`,
// `default_value_os = "data"`): the literal is the first group.
var argDefault = regexp.MustCompile(`\bdefault_value(?:_t|_os)?\s*=\s*(?:(?:String|PathBuf|OsString)::from\s*\(\s*)?"([^"\\]*)"`)

// strConst is a string constant of a file: `const STATIC_DIR_NAME: &str = "static";`.
var strConst = regexp.MustCompile(`(?m)^\s*(?:pub(?:\([\w:]+\))?\s+)?const\s+([A-Z][A-Z0-9_]*)\s*:\s*&(?:'static\s+)?str\s*=\s*"([^"\\]*)"\s*;`)

// joinedPath is the path a `<dir>.join(...)` argument names, a constant's value for a name,
// with consts the file's string constants; false for another argument.
func joinedPath(arg string, consts map[string]string) (string, bool) {
	m := joinLiteral.FindStringSubmatch(arg)
	switch {
	case m == nil:
		return "", false
	case m[2] != "":
		v, ok := consts[m[2]]
		return v, ok
	}
	return m[1], true
}

// relativeLiteral is Rocket's `relative!("static")`: the path below the package's directory at
// build time, CARGO_MANIFEST_DIR, compiled into the binary as an absolute path of the build's tree.
var relativeLiteral = regexp.MustCompile(`^\s*(?:rocket::fs::)?relative!\s*\(\s*"([^"\\]*)"\s*\)`)

// runtimeReadSources are the binary's package's files read for paths it reads at run time, and
// the files of its module tree not read yet; none when it depends on none of fileCrates.
func runtimeReadSources(f lang.Facts, pkgDir string, pkg *manifest) (files, asks []string) {
	if pkg == nil || !slices.ContainsFunc(fileCrates, func(c string) bool { _, ok := pkg.Dependencies[c]; return ok }) {
		return nil, nil
	}
	files, asks = moduleTree(f, pkgDir)
	return files, append([]string{path.Join(pkgDir, "src/*.rs")}, asks...)
}

// runtimeReadPaths are the context paths the files name in fileCalls, each with the first call
// naming it ("src/main.rs:12 ServeDir::new"), in order; those the spec's files cover are left out.
func runtimeReadPaths(s *spec.Spec, f lang.Facts, pkgDir string, files []string) []lang.ReadPath {
	return scanReadPaths(s, f, pkgDir, files, false)
}

// relativeReadPaths are the context paths the files name as Rocket's `relative!(...)` in
// fileCalls (relative to the package's directory), each with the first call naming it.
func relativeReadPaths(s *spec.Spec, f lang.Facts, pkgDir string, files []string) []lang.ReadPath {
	return scanReadPaths(s, f, pkgDir, files, true)
}

// scanReadPaths are runtimeReadPaths, or with relative relativeReadPaths.
func scanReadPaths(s *spec.Spec, f lang.Facts, pkgDir string, files []string, relative bool) []lang.ReadPath {
	var out []lang.ReadPath
	for _, file := range files {
		consts := map[string]string{}
		for _, c := range strConst.FindAllStringSubmatch(string(f[file]), -1) {
			consts[c[1]] = c[2]
		}
		for i, line := range codeLines(f[file]) {
			for _, m := range fileCallAt.FindAllStringSubmatchIndex(line, -1) {
				name := line[m[2]:m[3]]
				c := fileCalls[slices.IndexFunc(fileCalls, func(c fileCall) bool { return c.name == name })]
				args := splitArgs(line[m[1]:])
				if c.arg >= len(args) {
					continue
				}
				lit, why := pathLiteral.FindStringSubmatch(args[c.arg]), name
				if relative {
					lit, why = relativeLiteral.FindStringSubmatch(args[c.arg]), name+"(relative!)"
				} else if p, ok := joinedPath(args[c.arg], consts); lit == nil && ok {
					lit, why = []string{"", p}, name+"(.join)"
				}
				if lit == nil {
					continue
				}
				p, ok := lang.ContextPath(lit[1])
				if relative && ok {
					p, ok = lang.ContextPath(path.Join(pkgDir, lit[1]))
				}
				if !ok || !runtimePathKept(pkgDir, p) || (!relative && lang.CoveredByFiles(s, p)) ||
					slices.ContainsFunc(out, func(o lang.ReadPath) bool { return o.Path == p }) {
					continue
				}
				out = append(out, lang.ReadPath{Path: p, Why: file + ":" + strconv.Itoa(i+1) + " " + why})
			}
			if relative {
				continue
			}
			for _, m := range argDefault.FindAllStringSubmatch(line, -1) {
				p, ok := lang.ContextPath(m[1])
				if !ok || !runtimePathKept(pkgDir, p) || lang.CoveredByFiles(s, p) ||
					slices.ContainsFunc(out, func(o lang.ReadPath) bool { return o.Path == p }) {
					continue
				}
				out = append(out, lang.ReadPath{Path: p, Why: file + ":" + strconv.Itoa(i+1) + " an argument's default"})
			}
		}
	}
	return out
}

// runtimePathKept reports a path that is not the package's Rust sources or build output.
func runtimePathKept(pkgDir, p string) bool {
	for _, d := range []string{"src", "target", path.Join(pkgDir, "src"), path.Join(pkgDir, "target")} {
		if p == d || strings.HasPrefix(p, d+"/") {
			return false
		}
	}
	return true
}

// splitArgs are a call's arguments, from the text after its opening parenthesis to its
// closing one on the same line, split at the top level's commas.
func splitArgs(text string) []string {
	var args []string
	depth, start, inStr := 0, 0, false
	for i := 0; i < len(text); i++ {
		switch ch := text[i]; {
		case inStr && ch == '\\':
			i++
		case ch == '"':
			inStr = !inStr
		case inStr:
		case ch == '(' || ch == '[' || ch == '{':
			depth++
		case (ch == ')' || ch == ']' || ch == '}') && depth > 0:
			depth--
		case ch == ')':
			return append(args, text[start:i])
		case ch == ',' && depth == 0:
			args = append(args, text[start:i])
			start = i + 1
		}
	}
	return append(args, text[start:])
}

// runtimeReadProbes ask whether each path the files name is in the context, and for a
// workspace member's, below the member (memberPath).
func runtimeReadProbes(s *spec.Spec, f lang.Facts, pkgDir string, files []string) []string {
	var out []string
	for _, r := range runtimeReadPaths(s, f, pkgDir, files) {
		out = append(out, lang.Probe(r.Path))
		if p, ok := memberPath(pkgDir, r.Path); ok {
			out = append(out, lang.Probe(p))
		}
	}
	for _, r := range relativeReadPaths(s, f, pkgDir, files) {
		out = append(out, lang.Probe(r.Path))
	}
	return out
}

// memberPath is p below a workspace member's directory, where a path its program reads from
// the working directory is when the context's root lacks it: the member's `cargo run` works
// there, and the project's image copies it from there (docs.rs's
// crates/bin/docs_rs_web/static into its working directory); false for the root package.
func memberPath(pkgDir, p string) (string, bool) {
	if pkgDir == "." || pkgDir == "" {
		return "", false
	}
	return lang.ContextPath(path.Join(pkgDir, p))
}

// inContext reports a file or directory of the context.
func inContext(f lang.Facts, p string) bool { return f.Has(p) || f.HasDir(p) }

// relativeCopies copy from the context, to the same path of the build's tree (/src) in the
// image, what Rocket's `relative!` names: the binary reads it there, wherever it runs.
func relativeCopies(s *spec.Spec, f lang.Facts, pkgDir string, pkg *manifest) []*plan.Copy {
	files, _ := runtimeReadSources(f, pkgDir, pkg)
	var out []*plan.Copy
	for _, r := range relativeReadPaths(s, f, pkgDir, files) {
		if f.Has(r.Path) || f.HasDir(r.Path) {
			out = append(out, &plan.Copy{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")},
				Paths: []string{r.Path}, Dest: path.Join(srcDir, r.Path), Display: r.Path + " (" + r.Why + ")"})
		}
	}
	return out
}

// runtimeFiles are the default files of the binary's package: the paths it reads at run time
// that the context holds.
func runtimeFiles(s *spec.Spec, f lang.Facts, pkgDir string, pkg *manifest) []lang.DefaultFile {
	files, _ := runtimeReadSources(f, pkgDir, pkg)
	var found, member []lang.ReadPath
	for _, r := range runtimeReadPaths(s, f, pkgDir, files) {
		if inContext(f, r.Path) {
			found = append(found, r)
		} else if _, ok := memberPath(pkgDir, r.Path); ok && inContext(f, path.Join(pkgDir, r.Path)) {
			member = append(member, r)
		}
	}
	field := lang.FirstField(s, "entrypoint", "language")
	out := lang.Outermost(found, field)
	for _, d := range lang.Outermost(member, field) { // from below the member, to the same path of /app
		d.Path, d.Dest = path.Join(pkgDir, d.Path), d.Path
		out = append(out, d)
	}
	return out
}

// runtimeReads are what Follow asks for: the package's sources and build script, then the
// paths they name.
func runtimeReads(s *spec.Spec, f lang.Facts, pkgDir string, pkg *manifest) []string {
	files, asks := runtimeReadSources(f, pkgDir, pkg)
	if len(asks) > 0 {
		asks = append(asks, path.Join(pkgDir, "build.rs"))
	}
	return append(asks, runtimeReadProbes(s, f, pkgDir, files)...)
}

// builtRuntimeDirs copy from the builder's tree the paths the binary's package reads at run time
// that the context lacks and its build script (build.rs) names as a string literal, to the same
// path under /app, root-owned as the files are. Cargo runs a build script in its package's
// directory: a workspace member's writes below the member (/src/<member>/static).
func builtRuntimeDirs(s *spec.Spec, f lang.Facts, pkgDir string, pkg *manifest) []*plan.Copy {
	script := string(f[path.Join(pkgDir, "build.rs")])
	if script == "" {
		return nil
	}
	files, _ := runtimeReadSources(f, pkgDir, pkg)
	var out []*plan.Copy
	for _, r := range runtimeReadPaths(s, f, pkgDir, files) {
		if p, ok := memberPath(pkgDir, r.Path); inContext(f, r.Path) || ok && inContext(f, p) {
			continue // the context's (runtimeFiles)
		}
		top := strings.Split(r.Path, "/")[0]
		if !strings.Contains(script, `"`+top+`"`) && !strings.Contains(script, `"`+top+`/`) {
			continue
		}
		from := path.Join(srcDir, pkgDir, top)
		if slices.ContainsFunc(out, func(c *plan.Copy) bool { return c.Paths[0] == from }) {
			continue
		}
		out = append(out, &plan.Copy{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")}, FromStage: "builder",
			Paths: []string{from}, Dest: path.Join(lang.AppDir, top) + "/",
			Display: top + " (" + r.Why + ", written by " + path.Join(pkgDir, "build.rs") + ")"})
	}
	return out
}
