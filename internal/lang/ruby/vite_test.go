package ruby

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// viteRails is a Rails app of ours on Vite Ruby (vite_rails), with propshaft for its other
// assets, as manyfold, mastodon and chatwoot are built; more replaces or adds files ("<none>"
// removes one).
func viteRails(more ...string) lang.Facts {
	f := gems(append([]string{"gem", "railties (8.0.2)", "gem", "propshaft (1.1.0)", "gem", "vite_rails (3.0.19)", "gem", "vite_ruby (3.9.2)",
		"config/application.rb", "module Shelf\nend\n", "bin/rails", "",
		"package.json", `{"private": true, "devDependencies": {"vite": "^6.3.5", "vite-plugin-ruby": "^5.1.1"}}`,
		"package-lock.json", `{"lockfileVersion": 3}`}, more...)...)
	for name, dt := range f {
		if string(dt) == "<none>" {
			delete(f, name)
		}
	}
	return f
}

// TestViteRuby: Vite Ruby's build is default assets, `vite build` in Node.js stages of their
// own, into where config/vite.json's production (else all) section puts it, public/vite by
// default; the builder's assets:precompile then skips vite_ruby's own build, which would need
// Node.js there. Without a package.json, or with a configuration planning cannot place, there
// are none; the spec's assets replace them and keep vite_ruby's hook.
func TestViteRuby(t *testing.T) {
	for _, c := range []struct {
		name   string
		f      lang.Facts
		output string // "" for no default assets
	}{
		{"defaults", viteRails(), "public/vite"},
		{"production's output", viteRails("config/vite.json", `{"all": {"sourceCodeDir": "app/javascript"}, "production": {"publicOutputDir": "packs"},
			"development": {"publicOutputDir": "vite-dev"}}`), "public/packs"},
		{"all's public dir and root", viteRails("config/vite.json", `{"all": {"root": "web", "publicDir": "static"}}`), "web/static/vite"},
		{"outside the context", viteRails("config/vite.json", `{"all": {"publicDir": "../public"}}`), ""},
		{"not JSON", viteRails("config/vite.json", `{"all": `), ""},
		{"no package.json", viteRails("package.json", "<none>"), ""},
	} {
		a := frontEndAssets(langtest.Spec(t, "language: ruby\n"), c.f)
		p := provider.MustPlan(t, "language: ruby\n", c.f)
		precompile, skips := precompileEnv(t, p.Stage("builder"))
		if c.output == "" {
			if a != nil || skips {
				t.Errorf("%s: assets %+v, assets:precompile %q", c.name, a, precompile)
			}
			continue
		}
		if a == nil || a.Dir != "." || a.Output != c.output || !slices.Equal(a.Command, []string{"node_modules/.bin/vite", "build"}) || !skips {
			t.Errorf("%s: assets %+v, assets:precompile %q", c.name, a, precompile)
		}
	}
	// the spec's assets: vite_ruby's own hook is left as it is
	p := provider.MustPlan(t, "language: ruby\nassets: {dir: ., script: build:vite, output: public/vite}\n", viteRails())
	if env, skips := precompileEnv(t, p.Stage("builder")); skips {
		t.Errorf("with the spec's assets, assets:precompile has %+v", env)
	}
	// without vite_ruby in the bundle: nothing, whatever the files say
	if a := frontEndAssets(langtest.Spec(t, "language: ruby\n"), gems("gem", "railties (8.0.2)", "package.json", `{}`, "config/vite.json", `{}`)); a != nil {
		t.Errorf("without the gem: %+v", a)
	}
}

// precompileEnv is the environment of the builder's assets:precompile, and whether it skips
// vite_ruby's build.
func precompileEnv(t *testing.T, builder *plan.Stage) ([]plan.Env, bool) {
	t.Helper()
	for _, r := range langtest.Runs(builder) {
		if slices.Contains(r.Args, "assets:precompile") {
			return r.Env, slices.Contains(r.Env, viteRubySkip)
		}
	}
	t.Fatal("the builder runs no assets:precompile")
	return nil, false
}
