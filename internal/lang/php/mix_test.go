package php_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/php"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
)

// mixApp is a Laravel application of ours built with Laravel Mix (LinkAce's shape: its public
// path set to public, outputs below public/assets/dist, the manifest not committed); kv adds or
// replaces files.
func mixApp(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"composer.json":     []byte(`{"require": {"laravel/framework": "^12.0"}}`),
		"composer.lock":     []byte(`{"packages": []}`),
		"artisan":           []byte("<?php\n"),
		"public/index.php":  []byte("<?php\n"),
		"package.json":      []byte(`{"private": true, "scripts": {"dev": "mix", "production": "mix --production"}, "devDependencies": {"laravel-mix": "^6.0.49"}}`),
		"package-lock.json": []byte(`{"lockfileVersion": 3}`),
		"webpack.mix.js": []byte("const mix = require('laravel-mix');\nmix.setPublicPath('public')\n" +
			"  .js('resources/js/app.js', 'assets/dist/js')\n  .combine(['node_modules/a/a.js'], 'public/assets/dist/js/dependencies.js');\n"),
	}, kv...)
}

// without is f without the files names.
func without(f lang.Facts, names ...string) lang.Facts {
	for _, n := range names {
		delete(f, n)
	}
	return f
}

// TestLaravelMix: a Laravel application depending on laravel-mix, whose manifest is not
// committed, gets Mix's production build as its default assets: built in its public path in
// place (the assets' build copies public/ with the rest, and checks the manifest is there), and
// the builder takes public/ whole from it, less the dev-server marker and the storage link it
// leaves out of its own copy; no FrontEndNotBuilt. Mix's public path is public/ unless
// setPublicPath names another; none when the manifest is committed, the public path is the
// root or computed, no webpack.mix.js, no production script, or not Laravel.
func TestLaravelMix(t *testing.T) {
	planner := langtest.PlanFunc(providers.Plan)
	p := planner.MustPlan(t, "language: php\n", mixApp())
	langtest.Ejects(t, p, "FROM assets-deps AS assets\nCOPY --exclude=**/node_modules . ./\nARG SOURCE_DATE_EPOCH\nRUN npm run production\n# test -e /app/public/mix-manifest.json\n",
		"--exclude=public/hot --exclude=public/storage --exclude=public . ./\nCOPY --from=assets --exclude=hot --exclude=storage /app/public ./public/\n")
	langtest.Ejects(t, p, "the build left no /app/public/mix-manifest.json, the manifest the assets'\\'' build writes, which the image runs: "+
		"fix the build: its `production` script must write it")
	for _, n := range p.Notes {
		if n.Rule == "FrontEndNotBuilt" {
			t.Errorf("%s: %s", n.Rule, n.Msg)
		}
	}
	// Mix sets public/ for Laravel itself; another public path is read, its manifest followed
	other := mixApp("webpack.mix.js", "mix.setPublicPath('web/').js('resources/js/app.js', 'js')\n")
	if got := (php.Provider{}).Follow(nil, other); !slices.Contains(got, "web/mix-manifest.json") {
		t.Errorf("Follow asks for %q, want web/mix-manifest.json among them", got)
	}
	langtest.Ejects(t, planner.MustPlan(t, "language: php\n", other), "# test -e /app/web/mix-manifest.json\n", "COPY --from=assets /app/web ./web/\n")
	langtest.Ejects(t, planner.MustPlan(t, "language: php\n", mixApp("webpack.mix.js", "mix.js('resources/js/app.js', 'public/js');\n",
		"package.json", `{"scripts": {"prod": "mix --production"}, "devDependencies": {"laravel-mix": "^6"}}`)), "RUN npm run prod\n")
	// a vendor path in webpack.mix.js: the build gets deps' vendor/
	langtest.Ejects(t, planner.MustPlan(t, "language: php\n", mixApp("webpack.mix.js", "mix.copy('vendor/x/y/dist', 'public/vendor/y');\n")),
		"COPY --exclude=**/node_modules --exclude=vendor . ./\nCOPY --from=deps /app/vendor /app/vendor/\n")

	for name, f := range map[string]lang.Facts{
		"manifest committed":  mixApp("public/mix-manifest.json", `{"/js/app.js": "/js/app.js?id=1"}`),
		"elsewhere committed": mixApp("webpack.mix.js", "mix.setPublicPath('web')\n", "web/mix-manifest.json", "{}"),
		"the root":            mixApp("webpack.mix.js", "mix.setPublicPath('./')\n"),
		"outside":             mixApp("webpack.mix.js", "mix.setPublicPath('../public')\n"),
		"computed":            mixApp("webpack.mix.js", "mix.setPublicPath(path.join(__dirname, 'public'))\n"),
		"no webpack.mix.js":   without(mixApp(), "webpack.mix.js"),
		"no production":       mixApp("package.json", `{"scripts": {"dev": "mix"}, "devDependencies": {"laravel-mix": "^6"}}`),
		"not Laravel":         without(mixApp("composer.json", `{"require": {"slim/slim": "^4"}}`), "artisan"),
	} {
		if st := planner.MustPlan(t, "language: php\n", f).Stage("assets"); st != nil {
			t.Errorf("%s: an assets stage: %s", name, st.Description)
		}
	}
	// without its manifest, and without the default, FrontEndNotBuilt names the script
	p = planner.MustPlan(t, "language: php\n", mixApp("webpack.mix.js", "mix.setPublicPath(path.join(__dirname, 'public'))\n"))
	if !slices.ContainsFunc(p.Notes, func(n plan.Note) bool {
		return n.Rule == "FrontEndNotBuilt" && strings.Contains(n.Msg, "`production` script")
	}) {
		t.Errorf("a computed public path: notes %+v, want FrontEndNotBuilt", p.Notes)
	}
}
