package rust

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// webTree is an axum server of ours whose main.rs parses Tera templates and hands its routes to
// a module that serves static/ with tower-http, opens a NamedFile below it, and names paths the
// context lacks, its own sources, and a Files::new mount whose directory is not a literal.
var webTree = map[string]string{
	"Cargo.toml": pkg + "\n[dependencies]\naxum = \"0.7\"\ntower-http = { version = \"0.5\", features = [\"fs\"] }\ntera = \"1\"\n",
	"Cargo.lock": "version = 3\n",
	"src/main.rs": "mod web;\n\n// Tera::new(\"old/**/*\") is a comment\nfn main() {\n    let tera = Tera::new(\"templates/**/*.html\").unwrap();\n" +
		"    let _ = web::routes(tera);\n}\n",
	"src/web/mod.rs": "pub fn routes() {\n    Router::new().nest_service(\"/static\", ServeDir::new(\"./static\"))\n" +
		"        .fallback_service(ServeFile::new(\"static/index.html\"));\n    let _ = NamedFile::open(Path::new(\"public/\").join(file));\n" +
		"    let _ = ServeDir::new(\"missing\");\n    let _ = ServeDir::new(\"src/web\");\n    let _ = Files::new(\"/x\", dir);\n}\n",
	"templates/index.html": "<p>{{ name }}</p>", "static/index.html": "<html></html>", "static/app.css": "",
	"public/robots.txt": "", "old/a.html": "",
}

// TestRuntimeFilesCopied: the paths the binary's package reads at run time that the context
// holds are copied to the same path under /app, each saying which call read it; a path the
// context lacks, one below src/, a comment's and a non-literal are not, and the spec's files win.
func TestRuntimeFilesCopied(t *testing.T) {
	src := "language: rust\nports: [3000]\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, webTree))
	rt := p.Stage("runtime")
	var copies []string
	for _, c := range langtest.Steps[*plan.Copy](rt) {
		if c.FromStage == "" {
			copies = append(copies, strings.Join(c.Paths, " ")+" -> "+c.Dest+" "+c.Display)
		}
	}
	want := []string{"templates -> /app/templates templates (src/main.rs:5 Tera::new)", "static -> /app/static static (src/web/mod.rs:2 ServeDir::new)",
		"public -> /app/public public (src/web/mod.rs:4 NamedFile::open)"}
	if !slices.Equal(copies, want) {
		t.Errorf("copies:\n%s\nwant\n%s", strings.Join(copies, "\n"), strings.Join(want, "\n"))
	}
	if rt.Workdir != "/app" {
		t.Errorf("workdir %q", rt.Workdir)
	}
	langtest.Ejects(t, p, "COPY templates /app/templates\n", "COPY static /app/static\n")

	// the spec's files win over the paths they cover (by src or by dest)
	src = "language: rust\nfiles: [{src: static, dest: assets}, templates]\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, webTree))
	copies = nil
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		if c.FromStage == "" {
			copies = append(copies, c.Field+": "+strings.Join(c.Paths, " ")+" -> "+c.Dest)
		}
	}
	want = []string{"language: public -> /app/public", "files[0]: static -> /app/assets", "files[1]: templates -> /app/templates"}
	if !slices.Equal(copies, want) {
		t.Errorf("with files: copies %q, want %q", copies, want)
	}

	// a package on none of the crates those calls come from: nothing read, nothing copied
	plain := map[string]string{}
	for k, v := range webTree {
		plain[k] = v
	}
	plain["Cargo.toml"] = pkg + "\n[dependencies]\nhyper = \"1\"\n"
	src = "language: rust\n"
	for _, c := range langtest.Steps[*plan.Copy](provider.MustPlan(t, src, provider.Gathered(t, src, plain)).Stage("runtime")) {
		if c.FromStage == "" {
			t.Errorf("without a file-serving crate: copies %q", c.Paths)
		}
	}
}

func TestSplitArgs(t *testing.T) {
	for in, want := range map[string][]string{
		`"/static", "./static").show_files_listing()`: {`"/static"`, ` "./static"`},
		`Path::new("a,b").join(x))`:                   {`Path::new("a,b").join(x)`},
		`"x\")"`:                                      {`"x\")"`},
	} {
		if got := splitArgs(in); !slices.Equal(got, want) {
			t.Errorf("splitArgs(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBuildScriptOutputCopied: a path the program reads that the context lacks and the root
// package's build.rs names is the build's output, copied from the builder's tree into /app; one
// the build script does not name is not.
func TestBuildScriptOutputCopied(t *testing.T) {
	p, copies := runtimeCopies(t, rocketTree(
		"build.rs", "fn main() {\n    std::fs::create_dir_all(Path::new(\"static\").join(\"css\")).unwrap();\n}\n",
		"src/main.rs", "fn files(file: PathBuf) -> Option<NamedFile> {\n    NamedFile::open(Path::new(\"static/\").join(file)).ok()\n}\nfn up() { let _ = FileServer::from(\"uploads\"); }\n"))
	rt := p.Stage("runtime")
	if !slices.Contains(copies, "builder: /src/static -> /app/static/ static (src/main.rs:2 NamedFile::open, written by build.rs)") ||
		slices.ContainsFunc(copies, func(c string) bool { return strings.Contains(c, "uploads") }) || rt.Workdir != "/app" {
		t.Errorf("copies %q, workdir %q", copies, rt.Workdir)
	}
	langtest.Ejects(t, p, "WORKDIR /app\n", "COPY --from=builder /src/static /app/static/\n")
}

// TestRocketRelativeCopied: Rocket's relative!("static") is the package's directory in the
// build's tree, compiled in: the context's static/ goes to /src/static in the image, and not
// under the working directory.
func TestRocketRelativeCopied(t *testing.T) {
	p, copies := runtimeCopies(t, rocketTree(
		"src/main.rs", "#[launch]\nfn rocket() -> _ {\n    rocket::build().mount(\"/\", FileServer::from(relative!(\"static\")))\n}\n",
		"static/index.html", "<html></html>"))
	if !slices.Contains(copies, ": static -> /src/static static (src/main.rs:3 FileServer::from(relative!))") ||
		slices.ContainsFunc(copies, func(c string) bool { return strings.Contains(c, "/app/static") }) {
		t.Errorf("copies %q", copies)
	}
	langtest.Ejects(t, p, "COPY static /src/static\n")
}

// runtimeCopies plans tree with `language: rust` and lists the runtime's copies: stage: paths ->
// dest progress.
func runtimeCopies(t *testing.T, tree map[string]string) (*plan.Plan, []string) {
	t.Helper()
	src := "language: rust\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, tree))
	var copies []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		copies = append(copies, c.FromStage+": "+strings.Join(c.Paths, " ")+" -> "+c.Dest+" "+c.Display)
	}
	return p, copies
}

// rocketTree is a package on rocket with files (name, content pairs) beside its manifest and lock.
func rocketTree(files ...string) map[string]string {
	return langtest.With(map[string]string{"Cargo.toml": pkg + "\n[dependencies]\nrocket = \"0.5\"\n", "Cargo.lock": "version = 3\n"}, files...)
}

// TestMemberBuildScriptOutputCopied: a workspace member's build script runs in the member's
// directory, so what it writes and the program reads is copied from below the member in the
// builder's tree; another member's build script, or a member whose own names nothing, copies none.
func TestMemberBuildScriptOutputCopied(t *testing.T) {
	tree := map[string]string{
		"Cargo.toml":     "[workspace]\nmembers = [\"web\", \"tool\"]\n",
		"Cargo.lock":     "version = 3\n",
		"web/Cargo.toml": "[package]\nname = \"site\"\nversion = \"0.1.0\"\n\n[dependencies]\nrocket = \"0.5\"\n",
		"web/build.rs":   "fn main() {\n    std::fs::write(\"static/app.css\", css()).unwrap();\n}\n",
		"web/src/main.rs": "#[get(\"/<file..>\")]\nasync fn files(file: PathBuf) -> Option<NamedFile> {\n" +
			"    NamedFile::open(Path::new(\"static/\").join(file)).await.ok()\n}\n",
		"tool/Cargo.toml": "[package]\nname = \"tool\"\nversion = \"0.1.0\"\n",
		"tool/build.rs":   "fn main() { let _ = \"uploads\"; }\n",
		"tool/src/lib.rs": "\n",
	}
	p, copies := runtimeCopies(t, tree)
	if !slices.Equal(copies, []string{"builder: /src/web/static -> /app/static/ static (web/src/main.rs:3 NamedFile::open, written by web/build.rs)",
		"builder: /out/site -> /usr/local/bin/site "}) || p.Stage("runtime").Workdir != "/app" {
		t.Errorf("copies %q, workdir %q", copies, p.Stage("runtime").Workdir)
	}
	langtest.Ejects(t, p, "WORKDIR /app\n", "COPY --from=builder /src/web/static /app/static/\n")

	// an entrypoint naming the member among several binaries: its sources are read all the same
	ws := maps.Clone(tree)
	ws["Cargo.toml"] = "[workspace]\nmembers = [\"web\", \"tool\", \"cli\"]\n"
	ws["cli/Cargo.toml"], ws["cli/src/main.rs"] = "[package]\nname = \"cli\"\nversion = \"0.1.0\"\n", "fn main() {}\n"
	src := "language: rust\nentrypoint: site\n"
	langtest.Ejects(t, provider.MustPlan(t, src, provider.Gathered(t, src, ws)), "WORKDIR /app\n", "COPY --from=builder /src/web/static /app/static/\n")

	// the member's build script names another directory: nothing copied, the workdir unchanged
	tree["web/build.rs"] = "fn main() {\n    std::fs::write(\"assets/app.css\", css()).unwrap();\n}\n"
	if p, copies = runtimeCopies(t, tree); len(copies) != 1 || p.Stage("runtime").Workdir == "/app" {
		t.Errorf("a build script naming another directory: copies %q, workdir %q", copies, p.Stage("runtime").Workdir)
	}
}

// TestMemberDirsJoinedAtRunTime: a workspace member whose server joins its directories' names
// onto a directory found at run time (docs.rs's `ServeDir::new(root.join(STATIC_DIR_NAME))`,
// root its working directory, the names constants) and keeps them beside its manifest, not at
// the context's root, gets them copied from below the member into /app, as its image does; its
// build script naming them does not make them build output; a name the context lacks nowhere
// is not copied.
func TestMemberDirsJoinedAtRunTime(t *testing.T) {
	tree := map[string]string{
		"Cargo.toml": "[workspace]\nmembers = [\"crates/bin/*\"]\n", "Cargo.lock": "version = 3\n",
		"crates/bin/web/Cargo.toml":  "[package]\nname = \"web\"\nversion = \"0.1.0\"\n\n[dependencies]\naxum = \"0.8\"\ntower-http = { version = \"0.6\", features = [\"fs\"] }\n",
		"crates/bin/web/src/main.rs": "mod statics;\nfn main() {}\n",
		"crates/bin/web/src/statics.rs": "const STATIC_DIR_NAME: &str = \"static\";\npub(crate) const VENDOR: &'static str = \"vendor\";\nconst GONE: &str = \"gone\";\n" +
			"fn router(root: &Path) {\n    let _ = ServeDir::new(root.join(STATIC_DIR_NAME))\n        .fallback(ServeDir::new(root.join(VENDOR)));\n" +
			"    let _ = ServeDir::new(root.join(GONE));\n    let _ = ServeDir::new(root.join(\"assets\"));\n}\n",
		"crates/bin/web/build.rs":           "const STATIC_DIRS: &[&str] = &[\"static\", \"vendor\"];\nfn main() {}\n",
		"crates/bin/web/static/style.css":   "",
		"crates/bin/web/vendor/pure/a.css":  "",
		"crates/bin/web/assets/favicon.ico": "",
	}
	src := "language: rust\nports: [3000]\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, tree))
	var copies []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		if c.Dest != "/usr/local/bin/web" {
			copies = append(copies, c.FromStage+":"+strings.Join(c.Paths, " ")+" -> "+c.Dest+" "+c.Display)
		}
	}
	want := []string{
		":crates/bin/web/static -> /app/static crates/bin/web/static (crates/bin/web/src/statics.rs:5 ServeDir::new(.join))",
		":crates/bin/web/vendor -> /app/vendor crates/bin/web/vendor (crates/bin/web/src/statics.rs:6 ServeDir::new(.join))",
		":crates/bin/web/assets -> /app/assets crates/bin/web/assets (crates/bin/web/src/statics.rs:8 ServeDir::new(.join))",
	}
	if !slices.Equal(copies, want) {
		t.Errorf("copies:\n%s\nwant\n%s", strings.Join(copies, "\n"), strings.Join(want, "\n"))
	}
	if p.Stage("runtime").Workdir != "/app" {
		t.Errorf("workdir %q", p.Stage("runtime").Workdir)
	}
}

// TestArgDefaultFileCopied: a clap argument whose default names a file of the context (a
// proxy of ours reading relay.toml unless told otherwise) gets the file in its working
// directory; a default the context lacks, a number and a comment's are not copied, and the
// spec's files win.
func TestArgDefaultFileCopied(t *testing.T) {
	tree := map[string]string{
		"Cargo.toml":  pkg + "\n[dependencies]\nclap = { version = \"4\", features = [\"derive\", \"env\"] }\ntokio = \"1\"\n",
		"Cargo.lock":  "version = 3\n",
		"src/main.rs": "mod args;\n\nfn main() {\n    let a = args::Args::parse();\n    relay::run(a);\n}\n",
		"src/args.rs": "#[derive(Parser)]\npub struct Args {\n    #[arg(default_value_t = String::from(\"relay.toml\"), env)]\n    pub config: String,\n" +
			"    #[arg(long, default_value = \"info\")]\n    pub log_level: String,\n    #[arg(long, default_value_t = 7000)]\n    pub port: u16,\n" +
			"    // #[arg(long, default_value = \"old.toml\")]\n    #[clap(long, default_value_os = \"rules\")]\n    pub rules: PathBuf,\n}\n",
		"relay.toml": "[relay]\nport = 7000\n", "conf/relay.toml": "", "rules/a.toml": "", "old.toml": "", "info.txt": "",
	}
	copies := func(src string) []string {
		var out []string
		for _, c := range langtest.Steps[*plan.Copy](provider.MustPlan(t, src, provider.Gathered(t, src, tree)).Stage("runtime")) {
			if c.FromStage == "" {
				out = append(out, strings.Join(c.Paths, " ")+" -> "+c.Dest+" "+c.Display)
			}
		}
		return out
	}
	want := []string{"relay.toml -> /app/relay.toml relay.toml (src/args.rs:3 an argument's default)",
		"rules -> /app/rules rules (src/args.rs:10 an argument's default)"}
	if got := copies("language: rust\nports: [7000]\n"); !slices.Equal(got, want) {
		t.Errorf("copies:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	want = []string{"rules -> /app/rules rules (src/args.rs:10 an argument's default)", "conf/relay.toml -> /app/relay.toml "}
	got := copies("language: rust\nports: [7000]\nfiles: [{src: conf/relay.toml, dest: relay.toml}]\n")
	if len(got) != 2 || got[0] != want[0] || !strings.HasPrefix(got[1], "conf/relay.toml -> /app/relay.toml") {
		t.Errorf("with files: copies %q", got)
	}
}
