package ruby

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestHanamiAssets: a Hanami app with hanami-assets compiles its assets as `hanami assets
// compile` does, in Node.js stages of their own: the app's into public/assets, each slice with
// assets into public/assets/_NAME with its own config/assets.js when it has one, and the image
// serves them itself (HANAMI_SERVE_ASSETS=true), nothing else in it being a web server.
func TestHanamiAssets(t *testing.T) {
	src := "language: ruby\nports: [2300]\n"
	f := provider.Gathered(t, src, hanamiApp())
	a := frontEndAssets(langtest.Spec(t, src), f)
	want := [][]string{
		{"node", "config/assets.js", "--", "--path=app", "--dest=public/assets"},
		{"node", "slices/admin/config/assets.js", "--", "--path=slices/admin", "--dest=public/assets/_admin"},
		{"node", "config/assets.js", "--", "--path=slices/auth", "--dest=public/assets/_auth"},
	}
	if a == nil || a.Dir != "." || a.Output != "public/assets" || !slices.Equal(a.Command, want[0]) ||
		!slices.EqualFunc(a.AlsoCommands, want[1:], slices.Equal) {
		t.Fatalf("assets %+v", a)
	}
	env := func(src string, f lang.Facts) string {
		var kv []string
		for _, e := range provider.MustPlan(t, src, f).Image.Env {
			kv = append(kv, e.Key+"="+e.Value)
		}
		return strings.Join(kv, " ")
	}
	if got := env(src, f); !strings.Contains(got, "HANAMI_SERVE_ASSETS=true") {
		t.Errorf("env %s", got)
	}
	for name, c := range map[string]struct {
		src string
		ctx map[string]string
	}{
		"assets: false":            {src + "assets: false\n", hanamiApp()},
		"the spec's env sets it":   {src + "env: {HANAMI_SERVE_ASSETS: \"false\"}\n", hanamiApp()},
		"no hanami-assets":         {src, hanamiApp("package.json", `{"dependencies": {"htmx.org": "^2.0.8"}}`)},
		"no config/assets.js":      {src, hanamiApp("config/assets.js", "<none>")},
		"nothing to compile":       {src, hanamiApp("app/assets/js/app.js", "<none>", "app/assets/css/app.css", "<none>", "slices/admin/assets/js/app.js", "<none>", "slices/auth/assets/css/app.css", "<none>")},
		"Rails with hanami-assets": {src, hanamiApp("config/application.rb", "module Shop\nend\n")},
	} {
		f := provider.Gathered(t, c.src, c.ctx)
		got := env(c.src, f)
		if strings.Contains(got, "HANAMI_SERVE_ASSETS=true") {
			t.Errorf("%s: env %s", name, got)
		}
		if a := frontEndAssets(langtest.Spec(t, c.src), f); a != nil && name != "assets: false" && name != "the spec's env sets it" {
			t.Errorf("%s: assets %+v", name, a)
		}
	}
	// only the app's: no slice
	f = provider.Gathered(t, src, hanamiApp("slices/admin/assets/js/app.js", "<none>", "slices/auth/assets/css/app.css", "<none>"))
	if a := frontEndAssets(langtest.Spec(t, src), f); a == nil || !slices.Equal(a.Command, want[0]) || len(a.AlsoCommands) != 0 {
		t.Errorf("the app's assets alone: %+v", a)
	}
}

// hanamiApp is a Hanami 2 app shaped as `hanami new` makes it, with hanami-assets: the app's
// assets, and a slice with assets of its own (byos_hanami's slices/authentication).
func hanamiApp(more ...string) map[string]string {
	ctx := map[string]string{
		"Gemfile":      "source \"https://rubygems.org\"\ngem \"hanami\", \"~> 2.3\"\ngem \"hanami-assets\", \"~> 2.3\"\ngem \"puma\"\n",
		"Gemfile.lock": "GEM\n  remote: https://rubygems.org/\n  specs:\n    hanami (2.3.1)\n    hanami-assets (2.3.0)\n    puma (7.1.0)\n    rack (3.2.4)\n\nPLATFORMS\n  ruby\n\nRUBY VERSION\n   ruby 3.4.7p58\n",
		"config.ru":    "require \"hanami/boot\"\nrun Hanami.app\n", "config/puma.rb": "port ENV.fetch(\"HANAMI_PORT\", 2300)\n",
		"package.json":                          `{"name": "shop", "private": true, "type": "module", "dependencies": {"hanami-assets": "^2.3.0"}}`,
		"package-lock.json":                     `{"lockfileVersion": 3}`,
		"config/assets.js":                      "import * as assets from \"hanami-assets\";\n\nawait assets.run();\n",
		"app/assets/js/app.js":                  "import \"../css/app.css\";\n",
		"app/assets/css/app.css":                "body { margin: 0; }\n",
		"slices/admin/assets/js/app.js":         "console.log(\"admin\");\n",
		"slices/admin/config/assets.js":         "import * as assets from \"hanami-assets\";\n\nawait assets.run();\n",
		"slices/auth/assets/css/app.css":        "form { width: 20rem; }\n",
		"slices/health/action.rb":               "module Health\nend\n",
		"slices/health/templates/show.html.erb": "ok\n",
	}
	for i := 0; i+1 < len(more); i += 2 {
		if more[i+1] == "<none>" {
			delete(ctx, more[i])
			continue
		}
		ctx[more[i]] = more[i+1]
	}
	return ctx
}
