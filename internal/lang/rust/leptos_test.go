package rust

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// A Leptos application in the single-package layout of its starters: a lib for the front end
// and a main.rs whose server is behind the ssr feature, which is not a default one.
var leptosPackage = map[string]string{
	"Cargo.toml": `[package]
name = "note-site"
version = "0.1.0"
edition = "2021"

[lib]
crate-type = ["cdylib", "rlib"]

[dependencies]
leptos = { version = "0.8" }
axum = { version = "0.8", optional = true }
leptos_axum = { version = "0.8", optional = true }

[features]
hydrate = ["leptos/hydrate"]
ssr = ["dep:axum", "dep:leptos_axum", "leptos/ssr"]

[package.metadata.leptos]
output-name = "notes"
site-root = "target/site"
site-pkg-dir = "pkg"
style-file = "style/main.scss"
assets-dir = "public"
site-addr = "127.0.0.1:3000"
bin-features = ["ssr"]
lib-features = ["hydrate"]
`,
	"Cargo.lock": "version = 4\n",
	"src/main.rs": `#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    let conf = leptos::config::get_configuration(None).unwrap();
    let addr = conf.leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
}

#[cfg(not(feature = "ssr"))]
pub fn main() {}
`,
	"src/lib.rs": "pub mod app;\n",
}

func envOf(p *plan.Plan, key string) (string, bool) {
	for _, e := range p.Image.Env {
		if e.Key == key {
			return e.Value, true
		}
	}
	return "", false
}

// TestLeptosBuildsItsSite: a Cargo.toml with cargo-leptos metadata is built by cargo-leptos
// (the server with its bin-features, the front end for wasm32) and the image holds the site it
// writes, in /app/site, with the variables that point the server at it and at every interface.
// A plain cargo build made a binary that, without ssr, does nothing, and no site at all.
func TestLeptosBuildsItsSite(t *testing.T) {
	src := "language: rust\nports: [8080]\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, leptosPackage))
	deps := langtest.Runs(p.Stage("deps"))
	if !slices.ContainsFunc(deps, func(r *plan.Run) bool { return strings.Contains(r.Display, "cargo install --locked cargo-leptos") }) {
		t.Errorf("deps does not install cargo-leptos: %q", langtest.Commands(p.Stage("deps")))
	}
	if slices.ContainsFunc(deps, func(r *plan.Run) bool { return slices.Contains(r.Args, lang.ScriptDir+"/cargo-cook.sh") }) {
		t.Errorf("deps cooks the dependencies without the features cargo-leptos builds with")
	}
	b := langtest.Runs(p.Stage("builder"))
	if want := []string{"/bin/sh", lang.ScriptDir + "/leptos-build.sh", "note-site", "gnu", "target/site", "target", "release", ""}; !slices.Equal(b[0].Args, want) {
		t.Errorf("builds with %q, want %q", b[0].Args, want)
	}
	if !strings.Contains(b[0].Display, "cargo leptos build --release") {
		t.Errorf("build shows %q", b[0].Display)
	}
	if all := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(all, "/out/note-site") || !strings.Contains(all, "/out/site/pkg") {
		t.Errorf("the builder does not check for the binary and the site:\n%s", all)
	}
	if tst := langtest.Runs(p.Stage("tester")); !slices.Equal(tst[0].Args[2:], []string{"cargo", "leptos", "test"}) {
		t.Errorf("tests with %q", tst[0].Args)
	}
	copies := langtest.Copies(p.Stage("runtime"))
	if !slices.ContainsFunc(copies, func(c *plan.Copy) bool {
		return c.FromStage == "builder" && slices.Equal(c.Paths, []string{"/out/site"}) && c.Dest == "/app/site/"
	}) {
		t.Errorf("the image lacks the site: %+v", copies)
	}
	if p.Image.Workdir != "/app" || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/note-site"}) {
		t.Errorf("runs %q in %s", p.Image.Entrypoint, p.Image.Workdir)
	}
	for key, want := range map[string]string{"LEPTOS_SITE_ROOT": "site", "LEPTOS_SITE_PKG_DIR": "pkg", "LEPTOS_OUTPUT_NAME": "notes",
		"LEPTOS_ENV": "PROD", "LEPTOS_SITE_ADDR": "0.0.0.0:8080"} {
		if got, _ := envOf(p, key); got != want {
			t.Errorf("%s=%q, want %q", key, got, want)
		}
	}
	if _, ok := envOf(p, "LEPTOS_HASH_FILES"); ok {
		t.Errorf("LEPTOS_HASH_FILES set without hash-files")
	}

	// without ports, the configuration's port; the spec's env wins; the spec's features reach
	// cargo-leptos
	src = "language: rust\nfeatures: [sqlite]\nenv:\n  LEPTOS_ENV: DEV\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, leptosPackage))
	if got, _ := envOf(p, "LEPTOS_SITE_ADDR"); got != "0.0.0.0:3000" {
		t.Errorf("without ports: LEPTOS_SITE_ADDR=%q", got)
	}
	if n := len(slices.DeleteFunc(slices.Clone(p.Image.Env), func(e plan.Env) bool { return e.Key != "LEPTOS_ENV" })); n != 1 {
		t.Errorf("LEPTOS_ENV set %d times", n)
	}
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[len(b[0].Args)-1] != "--features=sqlite" {
		t.Errorf("features: builds with %q", b[0].Args)
	}

	// hashed file names: the hash file beside the binary, where the server looks for it
	hashed := maps.Clone(leptosPackage)
	hashed["Cargo.toml"] += "hash-files = true\nbin-profile-release = \"server-release\"\n"
	src = "language: rust\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, hashed))
	if b := langtest.Runs(p.Stage("builder")); !slices.Equal(b[0].Args[4:8], []string{"target/site", "target", "server-release", "hash.txt"}) {
		t.Errorf("hashed: builds with %q", b[0].Args)
	}
	if !slices.ContainsFunc(langtest.Copies(p.Stage("runtime")), func(c *plan.Copy) bool { return c.Dest == "/usr/local/bin/hash.txt" }) {
		t.Errorf("hashed: no hash file beside the binary")
	}
	if got, _ := envOf(p, "LEPTOS_HASH_FILES"); got != "true" {
		t.Errorf("hashed: LEPTOS_HASH_FILES=%q", got)
	}

	// build.command builds what it builds: no cargo-leptos of ours
	src = "language: rust\nbuild:\n  command: cargo build --release --features ssr && cp target/release/note-site /out/\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, leptosPackage))
	if _, ok := envOf(p, "LEPTOS_SITE_ROOT"); ok || strings.Contains(strings.Join(langtest.Commands(p.Stage("deps")), "\n"), "cargo-leptos") {
		t.Errorf("build.command: still a cargo-leptos build")
	}
}

// TestLeptosWorkspaceProject: [[workspace.metadata.leptos]]'s bin-package is the server the
// image runs, among the workspace's other binaries; an entrypoint naming another binary builds
// that one as before, several projects are an error naming their servers, and metadata of
// another shape than cargo-leptos's changes nothing.
func TestLeptosWorkspaceProject(t *testing.T) {
	tree := map[string]string{
		"Cargo.toml": `[workspace]
members = ["web", "front", "tools/seed"]

[[workspace.metadata.leptos]]
name = "shop"
bin-package = "web"
lib-package = "front"
site-root = "CARGO_TARGET_DIR/site"
assets-dir = "public"
bin-features = ["ssr"]
lib-features = ["hydrate"]
`,
		"Cargo.lock":             "version = 4\n",
		"web/Cargo.toml":         "[package]\nname = \"web\"\nversion = \"0.1.0\"\n\n[dependencies]\nleptos_axum = \"0.8\"\n\n[features]\nssr = []\n",
		"web/src/main.rs":        "fn main() {}\n",
		"front/Cargo.toml":       "[package]\nname = \"front\"\nversion = \"0.1.0\"\n\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n",
		"front/src/lib.rs":       "",
		"tools/seed/Cargo.toml":  "[package]\nname = \"seed\"\nversion = \"0.1.0\"\n",
		"tools/seed/src/main.rs": "fn main() {}\n",
	}
	src := "language: rust\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, tree))
	if b := langtest.Runs(p.Stage("builder")); !slices.Equal(b[0].Args[2:7], []string{"web", "gnu", "target/site", "target", "release"}) {
		t.Errorf("builds with %q", b[0].Args)
	}
	if got, _ := envOf(p, "LEPTOS_OUTPUT_NAME"); got != "shop" {
		t.Errorf("LEPTOS_OUTPUT_NAME=%q, want the project's name", got)
	}

	src = "language: rust\nentrypoint: seed\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, tree))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[1] != lang.ScriptDir+"/cargo-build.sh" || b[0].Args[2] != "seed" {
		t.Errorf("entrypoint: seed builds with %q", b[0].Args)
	}
	if _, ok := envOf(p, "LEPTOS_SITE_ROOT"); ok {
		t.Errorf("entrypoint: seed gets the site's variables")
	}

	two := maps.Clone(tree)
	two["Cargo.toml"] += "\n[[workspace.metadata.leptos]]\nname = \"admin\"\nbin-package = \"admin-web\"\nlib-package = \"front\"\n"
	src = "language: rust\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, two)); err == nil ||
		!strings.Contains(err.Error(), "several cargo-leptos projects, whose servers are web (project shop), admin-web (project admin)") {
		t.Errorf("two projects: %v", err)
	}

	other := maps.Clone(tree)
	other["Cargo.toml"] = strings.Replace(other["Cargo.toml"], "[[workspace.metadata.leptos]]", "[workspace.metadata.leptos]", 1)
	src = "language: rust\nentrypoint: web\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, other))
	if b := langtest.Runs(p.Stage("builder")); b[0].Args[1] != lang.ScriptDir+"/cargo-build.sh" {
		t.Errorf("a table, not cargo-leptos's list: builds with %q", b[0].Args)
	}
}

func TestLeptosBuildScriptIsFixedText(t *testing.T) {
	if !strings.HasPrefix(leptosBuildScript, "set -eu\n") || strings.Contains(leptosBuildScript, "note-site") {
		t.Errorf("the script is not fixed text with set -eu")
	}
	if i, j := strings.Index(leptosBuildScript, touchSources), strings.Index(leptosBuildScript, "cargo leptos build"); i < 0 || j < i {
		t.Errorf("cargo leptos build does not run after the sources are touched")
	}
}
