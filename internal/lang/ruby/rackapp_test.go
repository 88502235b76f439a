package ruby

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// imageEnv is the runtime's environment of a plan, by name.
func imageEnv(t *testing.T, src string, f lang.Facts) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, e := range provider.MustPlan(t, src, f).Image.Env {
		out[e.Key] = e.Value
	}
	return out
}

// TestRailsIsRailsConfig: a config/application.rb makes an app Rails only when it is Rails'
// (a Rails::Application subclass, or requires rails), or when railties or rails is among the
// gems. usetrmnl/byos_sinatra's config/application.rb requires sinatra and sets up Zeitwerk: as
// Rails it got RAILS_ENV and `rails server`, and its Procfile's puma, whose config/puma.rb reads
// RACK_ENV, ran in development.
func TestRailsIsRailsConfig(t *testing.T) {
	const sinatraConfig = "require \"dotenv/load\"\nrequire \"sinatra\"\nrequire \"sinatra/activerecord\"\n"
	for _, c := range []struct {
		name  string
		f     lang.Facts
		rails bool
	}{
		{"a Sinatra app's own config/application.rb", gems("gem", "puma (7.1.0)", "gem", "sinatra (4.1.1)", "gem", "activerecord (8.0.2)",
			"config/application.rb", sinatraConfig), false},
		{"Rails' config/application.rb without rails in the lock", gems("gem", "puma (7.1.0)",
			"config/application.rb", "require_relative \"boot\"\nrequire \"rails/all\"\nmodule Shop\n  class Application < Rails::Application\n  end\nend\n"), true},
		{"a subclass alone", gems("gem", "puma (7.1.0)", "config/application.rb", "module Shop\n  class Application < ::Rails::Application\n  end\nend\n"), true},
		{"railties in the lock", gems("gem", "railties (8.0.2)", "gem", "puma (7.1.0)", "config/application.rb", "module Shop\nend\n"), true},
		{"rails in a Gemfile without a lock", lang.Facts{"Gemfile": []byte("source \"https://rubygems.org\"\ngem \"rails\"\ngem \"puma\"\n"),
			"config/application.rb": []byte("module Shop\nend\n"), "config.ru": nil}, true},
	} {
		env := imageEnv(t, "language: ruby\nports: [4567]\n", c.f)
		_, rails := env["RAILS_ENV"]
		if rails != c.rails || !rails && env["RACK_ENV"] != "production" {
			t.Errorf("%s: env %v, want Rails %v", c.name, env, c.rails)
		}
	}
}

// TestPumaPortVariable: the variable a puma configuration's `port` reads is set to the spec's
// first port (byos_sinatra's `port ENV.fetch "RACK_PORT", 4567` listened on 4567 for `ports:
// [8080]`), in config/puma.rb, config/puma/production.rb or the root puma.rb; not without a
// port, not over the spec's env, and not PORT or HANAMI_PORT again.
func TestPumaPortVariable(t *testing.T) {
	for _, c := range []struct {
		name, spec, file, config, want string
	}{
		{"fetch without parentheses", "ports: [8080]\n", "config/puma.rb", "threads 1, 5\nport ENV.fetch \"RACK_PORT\", 4567\n", "RACK_PORT=8080"},
		{"Integer of an index", "ports: [8080]\n", "config/puma/production.rb", "port Integer(ENV['APP_PORT'] || 3000)\n", "APP_PORT=8080"},
		{"fetch with parentheses, the root file", "ports: [3000]\n", "puma.rb", "port(ENV.fetch('WEB_PORT') { 9000 })\n", "WEB_PORT=3000"},
		{"no port in the spec", "", "config/puma.rb", "port ENV.fetch \"RACK_PORT\", 4567\n", ""},
		{"the spec's env sets it", "ports: [8080]\nenv: {RACK_PORT: \"9000\"}\n", "config/puma.rb", "port ENV.fetch \"RACK_PORT\", 4567\n", "RACK_PORT=9000"},
		{"PORT", "ports: [8080]\n", "config/puma.rb", "port ENV.fetch(\"PORT\", 3000)\n", ""},
		{"a fixed port, a comment", "ports: [8080]\n", "config/puma.rb", "port 3000\n# port ENV.fetch(\"X_PORT\")\n", ""},
	} {
		env := imageEnv(t, "language: ruby\n"+c.spec, gems("gem", "puma (7.1.0)", "gem", "rack (3.2.4)", c.file, c.config))
		var got []string
		for k, v := range env {
			if k != "PORT" && k != "RACK_ENV" && !slices.Contains([]string{"BUNDLE_PATH", "BUNDLE_WITHOUT", "BUNDLE_DEPLOYMENT"}, k) {
				got = append(got, k+"="+v)
			}
		}
		if want := []string{c.want}; c.want == "" && len(got) != 0 || c.want != "" && !slices.Equal(got, want) {
			t.Errorf("%s: env %q, want %q", c.name, got, c.want)
		}
	}
}
