package ruby

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// TestAssetsGroup: a Gemfile with an assets group (rubygems.org's `group :assets, :development`
// holding tailwindcss-rails, whose build assets:precompile runs only when the gem is loaded)
// gets assets:precompile with RAILS_GROUPS=assets, which Rails' Bundler.require(*Rails.groups)
// reads; other groups, and a group named only in a comment, do not.
func TestAssetsGroup(t *testing.T) {
	groups := plan.Env{Key: "RAILS_GROUPS", Value: "assets"}
	for gemfile, want := range map[string]bool{
		"group :assets, :development do\n  gem \"tailwindcss-rails\"\nend\n": true,
		"group(:development, :assets) do\n  gem \"sassc-rails\"\nend\n":      true,
		"group \"assets\" do\n  gem \"tailwindcss-rails\"\nend\n":            true,
		"group :development, :test do\n  gem \"debug\"\nend\n":               false,
		"group :development do # :assets were here\n  gem \"debug\"\nend\n":  false,
		"gem \"tailwindcss-rails\"\n":                                        false,
	} {
		f := viteRails("Gemfile", "source \"https://rubygems.org\"\ngem \"rails\"\n"+gemfile, "package.json", "<none>")
		env, _ := precompileEnv(t, provider.MustPlan(t, "language: ruby\n", f).Stage("builder"))
		if slices.Contains(env, groups) != want {
			t.Errorf("%q: assets:precompile has %+v, want RAILS_GROUPS=assets: %v", gemfile, env, want)
		}
	}
}
