package ruby_test

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
)

// TestSprocketsPathsNameNodeModules: as the frontend plans it, a Rails app on Sprockets whose
// config/initializers/assets.rb puts npm packages' directories on the asset path (huginn's Font
// Awesome) gets package.json's packages installed in the assets' stages for assets:precompile,
// node_modules copied into the builder and left out of the image; not with a commented line, a
// path outside node_modules, no dependencies, or propshaft without sprockets-rails.
func TestSprocketsPathsNameNodeModules(t *testing.T) {
	const huginn = "# Font Awesome (from npm)\nfa_path = Rails.root.join(\"node_modules/@fortawesome/fontawesome-free\")\n" +
		"Rails.application.config.assets.paths << fa_path.join(\"css\").to_s\n"
	facts := func(gem, initializer, pkg string) lang.Facts {
		return lang.Facts{
			"Gemfile":                       []byte("source \"https://rubygems.org\"\ngem \"rails\"\n"),
			"Gemfile.lock":                  []byte("GEM\n  remote: https://rubygems.org/\n  specs:\n    railties (7.2.2)\n    " + gem + "\n\nPLATFORMS\n  ruby\n"),
			"config.ru":                     nil,
			"config/application.rb":         []byte("module Huginn\nend\n"),
			"bin/rails":                     nil,
			"package.json":                  []byte(pkg),
			"package-lock.json":             []byte(`{"lockfileVersion": 3}`),
			"config/initializers/assets.rb": []byte(initializer),
		}
	}
	const deps = `{"private": true, "dependencies": {"@fortawesome/fontawesome-free": "7.3.1"}, "scripts": {"build": "esbuild x.js"}}`
	p := langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n", facts("sprockets-rails (3.5.2)", huginn, deps))
	langtest.Ejects(t, p, "FROM assets-deps AS assets\n", "RUN --mount=type=cache,id=npm,target=/root/.npm npm ci\n",
		"COPY --from=assets /app/node_modules ./node_modules/\n", "--exclude=.rspec --exclude=node_modules --exclude=db")
	if st := p.Stage("assets"); st == nil || !strings.Contains(st.Description, "the install is the output: no script runs") {
		t.Errorf("the assets stage: %+v", st)
	}

	for name, f := range map[string]lang.Facts{
		"a commented line": facts("sprockets-rails (3.5.2)", "# Rails.application.config.assets.paths << Rails.root.join(\"node_modules\")\n", deps),
		"vendor, not npm":  facts("sprockets-rails (3.5.2)", "Rails.application.config.assets.paths << Rails.root.join(\"vendor/fonts\")\n", deps),
		"no dependencies":  facts("sprockets-rails (3.5.2)", huginn, `{"private": true, "devDependencies": {"esbuild": "*"}}`),
		"propshaft":        facts("propshaft (1.1.0)", huginn, deps),
	} {
		p := langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n", f)
		if p.Stage("assets") != nil {
			t.Errorf("%s: an assets stage", name)
		}
	}
}
