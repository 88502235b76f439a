package rust

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/rules"
)

// TestEmbeddedUIIsDefaultAssets: a directory the binary compiles in that the context lacks, which
// the Vite build of the Node.js project above it writes (openobserve's shape: the root package
// depends on its UI crate below src/, whose rust-embed-for-web #[folder] is web/dist), is the
// default assets, and no warning; a project building elsewhere, none, one whose scripts run cargo
// or a Java tool (warpgate's postinstall runs openapi-generator-cli), or `assets: false`, keep
// IncludedFileMissing.
func TestEmbeddedUIIsDefaultAssets(t *testing.T) {
	base := map[string]string{
		"Cargo.toml": "[package]\nname = \"observe\"\n[dependencies]\nweb.workspace = true\n\n[workspace]\nmembers = [\"src/web\"]\n\n" +
			"[workspace.dependencies]\nweb = { path = \"src/web\" }\nrust-embed-for-web = \"11\"\n",
		"src/main.rs":        "fn main() {}\n",
		"src/web/Cargo.toml": "[package]\nname = \"web\"\n[dependencies]\nrust-embed-for-web.workspace = true\n",
		"src/web/src/lib.rs": "use rust_embed_for_web::RustEmbed;\n\n#[derive(RustEmbed)]\n#[folder = \"../../web/dist/\"]\npub struct WebAssets;\n",
		"web/vite.config.ts": "export default defineConfig({ plugins: [vue()] })\n",
	}
	const warned = "src/web/src/lib.rs:4 #[folder] web/dist,"
	for _, tc := range []struct {
		name, fields, manifest string
		want                   string // the assets' dir and output, "" for none (and the warning)
	}{
		{"a Vite build writing web/dist", "", `{"scripts": {"build": "run-p type-check build-only", "build-only": "vite build"}}`, "web web/dist"},
		{"a build writing elsewhere", "", `{"scripts": {"build": "vite build --outDir ../public"}}`, ""},
		{"no build script", "", `{"scripts": {"dev": "vite"}}`, ""},
		{"a postinstall running a Java tool", "", `{"scripts": {"build": "vite build", "postinstall": "npm run client", ` +
			`"client": "openapi-generator-cli generate -g typescript-fetch -i schema.json -o src/api"}}`, ""},
		{"a build running cargo", "", `{"scripts": {"build": "cargo run -p gen > src/schema.json && vite build"}}`, ""},
		{"assets: false", "assets: false\n", `{"scripts": {"build": "vite build"}}`, ""},
	} {
		ctx := map[string]string{"web/package.json": tc.manifest}
		for k, v := range base {
			ctx[k] = v
		}
		src := "language: rust\nports: [5080]\n" + tc.fields
		f := provider.Gathered(t, src, ctx)
		got := ""
		if a := embeddedUIAssets(langtest.Spec(t, src), f); a != nil && tc.fields == "" {
			got = a.Dir + " " + a.Output
		}
		if got != tc.want {
			t.Errorf("%s: default assets %q, want %q", tc.name, got, tc.want)
		}
		var want []string
		if tc.want == "" {
			want = []string{warned}
		}
		wantNotes(t, tc.name, planWith(t, tc.fields, "version = 3\n", ctx), rules.IncludedFileMissing.Name, want)
	}
}
