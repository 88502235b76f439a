package rust

import (
	"maps"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// TestServedUINotShipped: a workspace member serving, with warp, the directory the Vite build of
// the root's package.json writes (rustpad's `warp::fs::dir("dist")`), which the context lacks,
// is UINotShipped naming the call, the UI and the assets and files to write; a committed build is
// copied instead, and the spec's assets, another output (Vite's build.outDir) or a directory the
// build script writes are no such UI.
func TestServedUINotShipped(t *testing.T) {
	tree := map[string]string{
		"Cargo.toml":             "[workspace]\nmembers = [\"pad-server\"]\n",
		"Cargo.lock":             "version = 3\n",
		"pad-server/Cargo.toml":  "[package]\nname = \"pad-server\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nwarp = \"0.3\"\n",
		"pad-server/src/main.rs": "fn main() {\n    let routes = warp::fs::dir(\"dist\");\n    warp::serve(routes);\n}\n",
		"package.json":           `{"name": "pad", "private": true, "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6"}}`,
		"package-lock.json":      `{"lockfileVersion": 3, "packages": {}}`,
		"index.html":             "<div id=root></div>",
	}
	notes := func(src string, ctx map[string]string) []plan.Note {
		return provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Notes
	}
	uiNote := func(ns []plan.Note) string {
		for _, n := range ns {
			if n.Rule == "UINotShipped" {
				return n.Msg
			}
		}
		return ""
	}
	src := "language: rust\nports: [3030]\n"
	msg := uiNote(notes(src, tree))
	for _, want := range []string{"pad-server/src/main.rs:2 warp::fs::dir serves dist (missing from the build context), the build of the UI in .",
		"`assets: {dir: ., output: dist}`", "`files: [{src: dist, dest: dist}]`"} {
		if !strings.Contains(msg, want) {
			t.Errorf("note %q lacks %q", msg, want)
		}
	}
	if m := uiNote(notes(src+"assets: {dir: ., output: dist}\nfiles: [{src: dist, dest: dist}]\n", tree)); m != "" {
		t.Errorf("with the assets: %s", m)
	}
	other := maps.Clone(tree)
	other["vite.config.ts"] = "export default { build: { outDir: 'web' } }\n"
	if m := uiNote(notes(src, other)); m != "" {
		t.Errorf("a UI writing elsewhere: %s", m)
	}
	built := maps.Clone(tree)
	built["dist/index.html"] = "<html></html>"
	if m := uiNote(notes(src, built)); m != "" {
		t.Errorf("a committed build: %s", m)
	}
	script := maps.Clone(tree)
	script["pad-server/build.rs"] = "fn main() {\n    std::fs::create_dir_all(\"dist\").unwrap();\n}\n"
	if m := uiNote(notes(src, script)); m != "" {
		t.Errorf("a build script writing dist: %s", m)
	}
}
