package rust

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// TestLoopbackListenIsNamed: a loopback address the binary's source binds (actix-web's guide's
// `.bind(("127.0.0.1", 8080))`, axum's `TcpListener::bind("127.0.0.1:3000")`, an address from
// [127, 0, 0, 1] or Ipv4Addr::LOCALHOST) is a ListenLocalhost note at its file and line; 0.0.0.0,
// a commented line, the file's test module and another binary's file are not. The file is found
// by Follow: the root package's src/main.rs, a [[bin]]'s path, src/bin/<name>.rs, a workspace
// member's src/main.rs.
func TestLoopbackListenIsNamed(t *testing.T) {
	actix := "use actix_web::{App, HttpServer};\n\n#[actix_web::main]\nasync fn main() -> std::io::Result<()> {\n" +
		"    HttpServer::new(|| App::new())\n        .bind((\"127.0.0.1\", 8080))?\n        .run()\n        .await\n}\n"
	for _, tc := range []struct {
		name string
		ctx  map[string]string
		want []string // file:line of each note
	}{
		{"actix's tuple", map[string]string{"src/main.rs": actix}, []string{"src/main.rs:6 binds 127.0.0.1:"}},
		{"axum's TcpListener", map[string]string{"src/main.rs": "async fn main() {\n    let listener = tokio::net::TcpListener::bind(\"127.0.0.1:3000\").await.unwrap();\n}\n"},
			[]string{"src/main.rs:2 binds 127.0.0.1:3000:"}},
		{"an address of parts", map[string]string{"src/main.rs": "fn main() {\n    let addr = SocketAddr::from(([127, 0, 0, 1], 3000));\n    let a = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 80);\n}\n"},
			[]string{"src/main.rs:2 listens on a loopback address, [127, 0, 0, 1]:", "src/main.rs:3 listens on a loopback address, Ipv4Addr::LOCALHOST:"}},
		{"all interfaces, a comment, the tests", map[string]string{"src/main.rs": "fn main() {\n    // .bind((\"127.0.0.1\", 8080))\n    HttpServer::new(app).bind((\"0.0.0.0\", 8080));\n}\n\n#[cfg(test)]\nmod tests {\n    fn t() { TcpListener::bind(\"127.0.0.1:0\"); }\n}\n"},
			nil},
		{"another binary's file", map[string]string{"src/main.rs": "fn main() {}\n", "src/bin/dev.rs": actix}, nil},
		{"a [[bin]]'s path", map[string]string{"Cargo.toml": pkg + "\n[[bin]]\nname = \"web\"\npath = \"app/web.rs\"\n", "app/web.rs": actix},
			[]string{"app/web.rs:6 binds 127.0.0.1:"}},
		{"a workspace member", map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"server\"]\n",
			"server/Cargo.toml": "[package]\nname = \"server\"\nversion = \"0.1.0\"\n", "server/src/main.rs": actix},
			[]string{"server/src/main.rs:6 binds 127.0.0.1:"}},
	} {
		ctx := map[string]string{"Cargo.toml": pkg, "Cargo.lock": "version = 3\n"}
		for k, v := range tc.ctx {
			ctx[k] = v
		}
		src := "language: rust\nports: [8080]\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		wantListens(t, tc.name, p, tc.want)
	}
}

// TestDefaultAddressIsNamed: a loopback host:port string on a port the spec publishes, in a
// source file beside the binary's (a constant or a flag's default, as meilisearch's
// `const DEFAULT_HTTP_ADDR: &str = "localhost:7700";` in its option.rs), is a ListenLocalhost
// note; not on another port (a client's address), nor in the test module, nor when the spec's
// env or cmd or the project's Dockerfile gives an address of every interface (a network such as
// 10.0.0.0/8 is not one); a line that binds is named once.
func TestDefaultAddressIsNamed(t *testing.T) {
	opts := "use clap::Parser;\n\nconst DEFAULT_ADDR: &str = \"localhost:8080\";\nconst REDIS: &str = \"redis://127.0.0.1:6379\";\n"
	member := "[package]\nname = \"searchd\"\nversion = \"0.1.0\"\n"
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
		want       []string // the start of each note
	}{
		{"a constant", "", map[string]string{"src/options.rs": opts}, []string{"src/options.rs:3 has the default address localhost:8080:"}},
		{"another port", "", map[string]string{"src/options.rs": "const DB: &str = \"127.0.0.1:5432\";\n"}, nil},
		{"the test module", "", map[string]string{"src/options.rs": "#[cfg(test)]\nmod tests {\n    const A: &str = \"127.0.0.1:8080\";\n}\n"}, nil},
		{"the spec's env", "env: {APP_ADDR: \"0.0.0.0:8080\"}\n", map[string]string{"src/options.rs": opts}, nil},
		{"the spec's cmd", "cmd: [--addr, \"[::]:8080\"]\n", map[string]string{"src/options.rs": opts}, nil},
		{"a network in the spec's env", "env: {TRUSTED: \"10.0.0.0/8\"}\n", map[string]string{"src/options.rs": opts}, []string{"src/options.rs:3 has the default address localhost:8080:"}},
		{"the project's Dockerfile", "", map[string]string{"src/options.rs": opts, "Dockerfile": "FROM scratch\nWORKDIR /app\nENV APP_ADDR=0.0.0.0:8080\n"}, nil},
		{"a flag's loopback default", "", map[string]string{"src/main.rs": "#[derive(Parser)]\nstruct Args {\n    #[clap(long, value_parser, default_value = \"::1\")]\n    /// where\n    listen: IpAddr,\n    #[arg(short, default_value = \"127.0.0.1\")]\n    host: String,\n    #[arg(long, default_value = \"0.0.0.0\")]\n    bind_addr: String,\n}\n"},
			[]string{"src/main.rs:3 defaults a flag to the loopback address ::1: inside a container that is its own loopback interface, so the published port answers nothing; write `cmd: [--listen, \"::\"]`",
				"src/main.rs:6 defaults a flag to the loopback address 127.0.0.1: inside a container that is its own loopback interface, so the published port answers nothing; give the program an address of every interface (0.0.0.0)"}},
		{"a flag's loopback default, the spec's cmd", "cmd: [--listen, \"::\"]\n", map[string]string{"src/main.rs": "struct Args {\n    #[clap(long, default_value = \"::1\")]\n    listen: IpAddr,\n}\n"}, nil},
		{"a bind, once", "", map[string]string{"src/main.rs": "fn main() {\n    TcpListener::bind(\"127.0.0.1:8080\");\n}\n"},
			[]string{"src/main.rs:2 binds 127.0.0.1:8080:"}},
		{"a workspace member's", "", map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"search\", \"tools\"]\n",
			"search/Cargo.toml": member + "[dependencies]\naxum = \"0.8\"\n", "search/src/main.rs": "fn main() {}\n", "search/src/opt.rs": opts,
			"tools/Cargo.toml": "[package]\nname = \"tool\"\nversion = \"0.1.0\"\n", "tools/src/main.rs": "fn main() {}\n", "tools/src/opt.rs": opts},
			[]string{"search/src/opt.rs:3 has the default address localhost:8080:"}},
	} {
		ctx := map[string]string{"Cargo.toml": pkg, "Cargo.lock": "version = 3\n", "src/main.rs": "fn main() {}\n"}
		for k, v := range tc.ctx {
			ctx[k] = v
		}
		src := "language: rust\nports: [8080]\n" + tc.spec
		f := provider.Gathered(t, src, ctx)
		if df, ok := ctx["Dockerfile"]; ok { // read for every language (lang.VolumeFiles)
			f["Dockerfile"] = []byte(df)
		}
		p := provider.MustPlan(t, src, f)
		wantListens(t, tc.name, p, tc.want)
	}
}

// wantListens checks the plan's ListenLocalhost notes, each against the start of one of want.
func wantListens(t *testing.T, name string, p *plan.Plan, want []string) {
	t.Helper()
	wantNotes(t, name, p, rules.ListenLocalhost.Name, want)
}

// planWith plans a package (pkg, src/main.rs) with lock as its Cargo.lock and ctx's files added,
// and the spec's fields after language and ports.
func planWith(t *testing.T, fields, lock string, ctx map[string]string) *plan.Plan {
	t.Helper()
	files := map[string]string{"Cargo.toml": pkg, "Cargo.lock": lock, "src/main.rs": "fn main() {}\n"}
	for k, v := range ctx {
		files[k] = v
	}
	src := "language: rust\nports: [8080]\n" + fields
	return provider.MustPlan(t, src, provider.Gathered(t, src, files))
}

// wantNotes checks the plan's notes of a rule, each against the start of one of want.
func wantNotes(t *testing.T, name string, p *plan.Plan, rule string, want []string) {
	t.Helper()
	msgs := langtest.Messages(p, rule)
	if len(msgs) != len(want) {
		t.Errorf("%s: %s %q, want %d", name, rule, msgs, len(want))
		return
	}
	for i, w := range want {
		if !strings.HasPrefix(msgs[i], w) {
			t.Errorf("%s: ListenLocalhost %q, want it to start %q", name, msgs[i], w)
		}
	}
}

// TestRocketListensOnAllInterfaces: with rocket locked, the image sets ROCKET_ADDRESS=0.0.0.0
// and ROCKET_PORT to the spec's first port (Rocket listens on 127.0.0.1:8000 otherwise), each
// unless the spec's env sets it; without rocket, neither.
func TestRocketListensOnAllInterfaces(t *testing.T) {
	env := func(src, lock string) []plan.Env {
		f := cargo(pkg)
		f["Cargo.lock"] = []byte(lock)
		return provider.MustPlan(t, "language: rust\n"+src, f).Image.Env
	}
	rocket := "version = 4\n\n[[package]]\nname = \"rocket\"\nversion = \"0.5.1\"\n"
	has := func(e []plan.Env, kv string) bool {
		return slices.ContainsFunc(e, func(x plan.Env) bool { return x.Key+"="+x.Value == kv })
	}
	if e := env("ports: [8080]\n", rocket); !has(e, "ROCKET_ADDRESS=0.0.0.0") || !has(e, "ROCKET_PORT=8080") {
		t.Errorf("rocket: env %v, want ROCKET_ADDRESS=0.0.0.0 and ROCKET_PORT=8080", e)
	}
	if e := env("", rocket); !has(e, "ROCKET_ADDRESS=0.0.0.0") || slices.ContainsFunc(e, func(x plan.Env) bool { return x.Key == "ROCKET_PORT" }) {
		t.Errorf("rocket without ports: env %v, want ROCKET_ADDRESS only (Rocket's own port)", e)
	}
	if e := env("ports: [8080]\nenv: {ROCKET_ADDRESS: \"::\", ROCKET_PORT: \"9000\"}\n", rocket); has(e, "ROCKET_ADDRESS=0.0.0.0") || has(e, "ROCKET_PORT=8080") {
		t.Errorf("rocket with the spec's env: env %v, want the spec's values only", e)
	}
	if e := env("ports: [8080]\n", "version = 4\n\n[[package]]\nname = \"rocket_codegen\"\nversion = \"0.5.1\"\n"); slices.ContainsFunc(e, func(x plan.Env) bool { return strings.HasPrefix(x.Key, "ROCKET_") }) {
		t.Errorf("no rocket: env %v", e)
	}
}

// TestDockerfileListenArgsAreTheCmd: when the project's Dockerfile runs the binary with an
// address of every interface (sshx's `CMD ["./sshx-server", "--listen", "::"]`), those arguments
// are the image's cmd and the flag's loopback default is not named; the spec's cmd wins, and a
// Dockerfile command with no such address, or running another program, gives none.
func TestDockerfileListenArgsAreTheCmd(t *testing.T) {
	flag := "struct Args {\n    #[clap(long, default_value = \"::1\")]\n    listen: IpAddr,\n}\n"
	for _, tc := range []struct {
		name, spec, dockerfile string
		cmd                    []string
		notes                  int
	}{
		{"the Dockerfile's address", "", "FROM alpine\nWORKDIR /root\nCMD [\"./web-server\", \"--listen\", \"::\"]\n", []string{"--listen", "::"}, 0},
		{"its port the spec's", "", "FROM alpine\nWORKDIR /root\nENTRYPOINT [\"/usr/local/bin/web-server\"]\nCMD [\"--bind=0.0.0.0:3000\"]\n", []string{"--bind=0.0.0.0:8080"}, 0},
		{"the spec's cmd", "cmd: [--listen, \"0.0.0.0\"]\n", "FROM alpine\nWORKDIR /root\nCMD [\"./web-server\", \"--listen\", \"::\"]\n", []string{"--listen", "0.0.0.0"}, 0},
		{"no address", "", "FROM alpine\nWORKDIR /root\nCMD [\"./web-server\", \"--verbose\"]\n", nil, 1},
		{"another program", "", "FROM alpine\nWORKDIR /root\nCMD [\"./other\", \"--listen\", \"::\"]\n", nil, 1},
	} {
		ctx := map[string]string{"Cargo.toml": pkg, "Cargo.lock": "version = 3\n", "src/main.rs": "fn main() {}\n", "src/args.rs": flag}
		src := "language: rust\nports: [8080]\n" + tc.spec
		f := provider.Gathered(t, src, ctx)
		f["Dockerfile"] = []byte(tc.dockerfile) // read for every language (lang.VolumeFiles)
		p := provider.MustPlan(t, src, f)
		if !slices.Equal(p.Image.Cmd, tc.cmd) {
			t.Errorf("%s: cmd %q, want %q", tc.name, p.Image.Cmd, tc.cmd)
		}
		if n := len(langtest.Messages(p, rules.ListenLocalhost.Name)); n != tc.notes {
			t.Errorf("%s: %d ListenLocalhost notes, want %d", tc.name, n, tc.notes)
		}
	}
}

// TestIncludedFileMissing: a path the binary's package compiles in (include_str! relative to
// the source file, include_dir! and rust-embed's #[folder] relative to the package) that the
// context lacks is named at plan time, also in a direct path dependency that depends on
// include_dir or rust-embed (a path, or a workspace dependency); one the context has, one the
// spec's assets are copied into, a path computed with env!, one in the test module, and one of
// a path dependency that embeds nothing are not.
func TestIncludedFileMissing(t *testing.T) {
	docs := "const SPEC: &str = include_str!(\"../docs/openapi/dist/openapi.yaml\");\n"
	embed := "static UI: Dir = include_dir!(\"$CARGO_MANIFEST_DIR/static\");\n#[derive(RustEmbed)]\n#[folder = \"web/dist/\"]\nstruct Assets;\nconst OUT: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/gen.rs\"));\n"
	member := "[package]\nname = \"server\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\n"
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
		want       []string
	}{
		{"include_str! of a build's output", "", map[string]string{"src/docs.rs": docs},
			[]string{"src/docs.rs:1 include_str! docs/openapi/dist/openapi.yaml, which is not in the build context: cargo stops there. If a build of the project writes it first (a front end's), build it with `assets: {dir: ..., into: docs/openapi/dist}`"}},
		// a git submodule the context lacks (oxigraph's cli/templates/yasgui): the fix is its checkout
		{"in a git submodule", "", map[string]string{"src/docs.rs": docs, ".gitmodules": "[submodule \"docs/openapi\"]\n\tpath = docs/openapi\n\turl = https://example.com/openapi.git\n"},
			[]string{"src/docs.rs:1 include_str! docs/openapi/dist/openapi.yaml, which is not in the build context: cargo stops there. docs/openapi is a git submodule (.gitmodules) the context lacks: check it out before the build (`git submodule update --init --recursive`)"}},
		{"in the context", "", map[string]string{"src/docs.rs": docs, "docs/openapi/dist/openapi.yaml": "openapi: 3.0.0\n"}, nil},
		{"the assets' output", "assets: {dir: docs/openapi, output: docs/openapi/dist}\n", map[string]string{"src/docs.rs": docs, "docs/openapi/package.json": "{}"}, nil},
		{"include_dir! and #[folder], env! passed over", "", map[string]string{"src/ui.rs": embed},
			[]string{"src/ui.rs:1 include_dir! static,", "src/ui.rs:3 #[folder] web/dist,"}},
		{"a directory present", "", map[string]string{"src/ui.rs": embed, "static/index.html": "", "web/dist/index.html": ""}, nil},
		{"the test module", "", map[string]string{"src/main.rs": "fn main() {}\n#[cfg(test)]\nmod tests {\n    const F: &str = include_str!(\"../fixtures/a.json\");\n}\n"}, nil},
		{"a workspace member's", "", map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"crates/*\"]\n", "crates/server/Cargo.toml": member,
			"crates/server/src/main.rs": "fn main() {}\n", "crates/server/src/ui.rs": embed},
			[]string{"crates/server/src/ui.rs:1 include_dir! crates/server/static,", "crates/server/src/ui.rs:3 #[folder] crates/server/web/dist,"}},
		{"a path dependency that embeds", "", map[string]string{"Cargo.toml": pkg + "[dependencies]\nresources = { path = \"resources\" }\nplain = { path = \"plain\" }\n",
			"resources/Cargo.toml": "[package]\nname = \"resources\"\n[dependencies]\ninclude_dir = \"0.7\"\n", "resources/src/lib.rs": embed,
			"plain/Cargo.toml": "[package]\nname = \"plain\"\n", "plain/src/lib.rs": docs},
			[]string{"resources/src/lib.rs:1 include_dir! resources/static,", "resources/src/lib.rs:3 #[folder] resources/web/dist,"}},
		{"a workspace dependency of a member (kellnr's shape)", "", map[string]string{
			"Cargo.toml":               "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\nkellnr-embedded = { version = \"1\", path = \"./crates/embedded\" }\ninclude_dir = \"0.7\"\n",
			"crates/server/Cargo.toml": member + "kellnr-embedded.workspace = true\n", "crates/server/src/main.rs": "fn main() {}\n",
			"crates/embedded/Cargo.toml": "[package]\nname = \"kellnr-embedded\"\n[dependencies]\ninclude_dir.workspace = true\n",
			"crates/embedded/src/lib.rs": "static D: Dir = include_dir!(\"$CARGO_MANIFEST_DIR/static\");\n"},
			[]string{"crates/embedded/src/lib.rs:1 include_dir! crates/embedded/static,"}},
		// warpgate's shape: the binary depends on a protocol crate, which depends on the crate
		// embedding the UI's build; members, so read without asking
		{"a member two path dependencies down", "", map[string]string{
			"Cargo.toml":            "[workspace]\nmembers = [\"gate\", \"gate-http\", \"gate-web\"]\ndefault-members = [\"gate\"]\n",
			"gate/Cargo.toml":       "[package]\nname = \"gate\"\n[dependencies]\ngate-http = { path = \"../gate-http\" }\n",
			"gate/src/main.rs":      "fn main() {}\n",
			"gate-http/Cargo.toml":  "[package]\nname = \"gate-http\"\n[dependencies]\npoem = \"3\"\ngate-web = { path = \"../gate-web\" }\ngate = { path = \"../gate\" }\n",
			"gate-http/src/lib.rs":  "pub fn serve() {}\n",
			"gate-web/Cargo.toml":   "[package]\nname = \"gate-web\"\n[dependencies]\nrust-embed = \"8\"\n",
			"gate-web/src/lib.rs":   "use rust_embed::RustEmbed;\n\n#[derive(RustEmbed)]\n#[folder = \"../gate-web/dist\"]\npub struct Assets;\n",
			"gate-web/package.json": "{}"},
			[]string{"gate-web/src/lib.rs:4 #[folder] gate-web/dist,"}},
		// openobserve's shape: the root package depends on its UI crate below src/ by the
		// workspace's path, which embeds the UI's build with rust-embed-for-web
		{"rust-embed-for-web in a crate below src/", "", map[string]string{
			"Cargo.toml": "[package]\nname = \"observe\"\n[dependencies]\nweb.workspace = true\n\n[workspace]\nmembers = [\"src/web\"]\n\n" +
				"[workspace.dependencies]\nweb = { path = \"src/web\" }\nrust-embed-for-web = \"11\"\n",
			"src/main.rs":        "fn main() {}\n",
			"src/web/Cargo.toml": "[package]\nname = \"web\"\n[dependencies]\nrust-embed-for-web.workspace = true\n",
			"src/web/src/lib.rs": "use rust_embed_for_web::RustEmbed;\n\n#[derive(RustEmbed)]\n#[folder = \"../../web/dist/\"]\npub struct WebAssets;\n",
			"web/package.json":   "{}"},
			[]string{"src/web/src/lib.rs:4 #[folder] web/dist,"}},
	} {
		wantNotes(t, tc.name, planWith(t, tc.spec, "version = 3\n", tc.ctx), rules.IncludedFileMissing.Name, tc.want)
	}
}

// TestSqlxOfflineDataMissing: sqlx's checked query macros in a crate the binary compiles (its
// package, or a path dependency that depends on sqlx), with sqlx-macros locked, no database for
// the build and no offline data where the locked sqlx reads it (SQLX_OFFLINE_DIR, the crate's
// directory, the root; .sqlx/ since 0.7, sqlx-data.json with the `offline` feature before), are
// named at their first use, found along the module tree (realworld-axum-sqlx's queries in
// src/http/articles/); with the data there, the build and the tests get SQLX_OFFLINE=true.
func TestSqlxOfflineDataMissing(t *testing.T) {
	lock := "version = 3\n\n[[package]]\nname = \"sqlx-macros\"\nversion = \"0.8.2\"\n"
	lock06 := "version = 3\n\n[[package]]\nname = \"sqlx-macros\"\nversion = \"0.6.3\"\n"
	db := "async fn users(pool: &PgPool) {\n    let rows = sqlx::query_as!(User, \"SELECT * FROM users\").fetch_all(pool).await;\n}\n"
	member := "[package]\nname = \"server\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\n"
	ws := "[workspace]\nmembers = [\"server\", \"db\"]\n"
	dbCrate := "[package]\nname = \"db\"\n[dependencies]\nsqlx = { version = \"0.8\", features = [\"postgres\"] }\n"
	const offline = "SQLX_OFFLINE=true"
	for _, tc := range []struct {
		name, spec, lock string
		ctx              map[string]string
		want             []string
		env              string
	}{
		{"no offline data", "", lock, map[string]string{"src/db.rs": db},
			[]string{"src/db.rs:2 query_as! checks its query against a database when it compiles, and the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx 0.8 reads from .sqlx/: commit that directory"}, ""},
		{".sqlx at the root", "", lock, map[string]string{"src/db.rs": db, ".sqlx/query-1.json": "{}"}, nil, offline},
		{"sqlx 0.8 does not read sqlx-data.json", "", lock, map[string]string{"src/db.rs": db, "sqlx-data.json": "{}"},
			[]string{"src/db.rs:2 query_as! checks its query against a database when it compiles, and the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx 0.8 reads from .sqlx/: commit that directory (the build sets SQLX_OFFLINE=true then); sqlx-data.json is the offline data of sqlx before 0.7"}, ""},
		{"sqlx 0.6's sqlx-data.json with the offline feature", "", lock06, map[string]string{"Cargo.toml": pkg + "[dependencies]\nsqlx = { version = \"0.6\", features = [\"postgres\", \"offline\"] }\n",
			"src/db.rs": db, "sqlx-data.json": "{}"}, nil, offline},
		{"sqlx 0.6's sqlx-data.json without it", "", lock06, map[string]string{"Cargo.toml": pkg + "[dependencies]\nsqlx = { version = \"0.6\", features = [\"postgres\"] }\n",
			"src/db.rs": db, "sqlx-data.json": "{}"},
			[]string{"src/db.rs:2 query_as! checks its query against a database when it compiles, and sqlx 0.6 reads its offline data (sqlx-data.json) only with sqlx's `offline` feature, which Cargo.toml does not turn on"}, ""},
		{"sqlx 0.6 without data", "", lock06, map[string]string{"src/db.rs": db},
			[]string{"src/db.rs:2 query_as! checks its query against a database when it compiles, and the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx 0.6 reads from sqlx-data.json with its `offline` feature"}, ""},
		{"build.env's DATABASE_URL", "build:\n  env: {DATABASE_URL: \"postgres://db/app\"}\n", lock, map[string]string{"src/db.rs": db, ".sqlx/q.json": "{}"}, nil, ""},
		{"a secret", "build:\n  secrets: [{id: db, env: DATABASE_URL}]\n", lock, map[string]string{"src/db.rs": db}, nil, ""},
		{".cargo/config.toml's DATABASE_URL", "", lock, map[string]string{"src/db.rs": db, ".cargo/config.toml": "[env]\nDATABASE_URL = \"sqlite:app.db\"\n"}, nil, ""},
		{"SQLX_OFFLINE_DIR in .cargo/config.toml", "", lock, map[string]string{"src/db.rs": db,
			".cargo/config.toml": "[env]\nSQLX_OFFLINE_DIR = { value = \"db/queries\", relative = true }\n", "db/queries/q.json": "{}"}, nil, offline},
		{"SQLX_OFFLINE_DIR in build.env, not there", "build:\n  env: {SQLX_OFFLINE_DIR: queries}\n", lock, map[string]string{"src/db.rs": db},
			[]string{"src/db.rs:2 query_as! checks its query against a database when it compiles, and the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx 0.8 reads from queries/ or .sqlx/"}, ""},
		{"the unchecked function", "", lock, map[string]string{"src/db.rs": "let r = sqlx::query(\"SELECT 1\");\n"}, nil, ""},
		{"no sqlx-macros", "", "version = 3\n", map[string]string{"src/db.rs": db, ".sqlx/q.json": "{}"}, nil, ""},
		{"in the module tree (realworld-axum-sqlx's shape)", "", lock, map[string]string{"src/main.rs": "mod http;\nfn main() {}\n",
			"src/http/mod.rs": "pub mod articles;\nmod users;\n", "src/http/users.rs": "fn f() {}\n",
			"src/http/articles/mod.rs": "mod comments;\n", "src/http/articles/comments.rs": "use sqlx;\n\n" + db,
			"src/unused/other.rs": db},
			[]string{"src/http/articles/comments.rs:4 query_as! checks"}, ""},
		{"a module below the depth read", "", lock, map[string]string{"src/main.rs": "mod a;\nfn main() {}\n", "src/a.rs": "mod b;\n",
			"src/a/b.rs": "mod c;\n", "src/a/b/c.rs": "mod d;\n", "src/a/b/c/d.rs": db}, nil, ""},
		{"a member's, its .sqlx beside it", "", lock, map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"server\"]\n",
			"server/Cargo.toml": member, "server/src/main.rs": "fn main() {}\n", "server/src/db.rs": db, "server/.sqlx/q.json": "{}"}, nil, offline},
		{"a member's, without", "", lock, map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"server\"]\n",
			"server/Cargo.toml": member, "server/src/main.rs": "fn main() {}\n", "server/src/db.rs": db},
			[]string{"server/src/db.rs:2 query_as! checks its query against a database when it compiles, and the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx 0.8 reads from server/.sqlx/ or .sqlx/"}, ""},
		{"a path dependency's queries, the data beside the binary's package", "", lock, map[string]string{"Cargo.toml": ws,
			"server/Cargo.toml": member + "db = { path = \"../db\" }\n", "server/src/main.rs": "fn main() {}\n", "server/.sqlx/q.json": "{}",
			"db/Cargo.toml": dbCrate, "db/src/lib.rs": "mod users;\n", "db/src/users.rs": db},
			[]string{"db/src/users.rs:2 query_as! checks its query against a database when it compiles, and the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx 0.8 reads from db/.sqlx/ or .sqlx/"}, offline},
		{"a crate reached through another (a workspace member)", "", lock, map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"server\", \"api\", \"db\"]\n",
			"server/Cargo.toml": member + "api = { path = \"../api\" }\n", "server/src/main.rs": "fn main() {}\n",
			"api/Cargo.toml": "[package]\nname = \"api\"\n[dependencies]\ndb = { path = \"../db\" }\n", "api/src/lib.rs": "pub fn f() {}\n",
			"db/Cargo.toml": dbCrate, "db/src/lib.rs": db},
			[]string{"db/src/lib.rs:2 query_as! checks its query against a database when it compiles, and the build has neither DATABASE_URL nor the offline data `cargo sqlx prepare` writes, which sqlx 0.8 reads from db/.sqlx/ or .sqlx/"}, ""},
		{"a path dependency's queries and data", "", lock, map[string]string{"Cargo.toml": ws,
			"server/Cargo.toml": member + "db = { path = \"../db\" }\n", "server/src/main.rs": "fn main() {}\n",
			"db/Cargo.toml": dbCrate, "db/src/lib.rs": db, "db/.sqlx/q.json": "{}"}, nil, offline},
	} {
		p := planWith(t, tc.spec, tc.lock, tc.ctx)
		wantNotes(t, tc.name, p, rules.SqlxOfflineDataMissing.Name, tc.want)
		for _, st := range []string{"builder", "tester"} {
			var got []string
			for _, r := range langtest.Runs(p.Stage(st)) {
				for _, e := range r.Env {
					if e.Key == "SQLX_OFFLINE" {
						got = append(got, e.Key+"="+e.Value)
					}
				}
			}
			if tc.env == "" && len(got) > 0 || tc.env != "" && (len(got) == 0 || got[0] != tc.env) {
				t.Errorf("%s: %s's SQLX_OFFLINE %q, want %q", tc.name, st, got, tc.env)
			}
		}
	}
}
