package ruby

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A social network its users install on PostgreSQL or MySQL, in diaspora's shape: each adapter
// in an optional group of its own, a sample database.yml whose production entry merges the
// chosen adapter through anchors, and a configuration script that sets `bundle config with`.
const optionalGemfile = `source "https://rubygems.org"

gem "rails", "7.1.5"
gem "puma", "6.5.0", require: false

# Database

group :mysql, optional: true do
  gem "mysql2", "0.5.6"
end
group :postgresql, optional: true do
  gem "pg",     "1.5.9"
end

group :production do
  platforms :ruby do
    gem "unicorn-worker-killer"
  end
  gem "redis-namespace"
end

group :development, :test do
  gem "rspec-rails", "6.1.0"
end
`

const anchoredDatabaseYML = `postgresql: &postgresql
  adapter: postgresql
  host: "localhost"

mysql: &mysql
  adapter: mysql2
  host: "localhost"

common: &common
  <<: *postgresql
  pool: <%= ENV.fetch("DB_POOL", 5) %>

production:
  <<: *common
  database: "federation_production"
`

func optionalApp(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"Gemfile":               []byte(optionalGemfile),
		"Gemfile.lock":          []byte("GEM\n  remote: https://rubygems.org/\n  specs:\n    activerecord (7.1.5)\n    mysql2 (0.5.6)\n    pg (1.5.9)\n    railties (7.1.5)\n\nPLATFORMS\n  ruby\n"),
		"config.ru":             nil,
		"config/application.rb": []byte("module Federation\nend\n"),
		"bin/rails":             nil,
	}, kv...)
}

// TestOptionalDatabaseGroup: the adapters only in optional groups are installed and loaded for
// the production adapter config/database.yml names (through anchors and ERB), in every stage
// and the image; with no such file, or an adapter from the environment, OptionalDatabaseGroup
// names the groups; nothing with BUNDLE_WITH in build.env, or an adapter in the default group.
func TestOptionalDatabaseGroup(t *testing.T) {
	for _, c := range []struct{ name, spec, yml, want string }{
		{"anchored postgresql", "", anchoredDatabaseYML, "postgresql"},
		{"mysql2, multi-database", "", "production:\n  primary:\n    adapter: mysql2\n    database: f\n  cache:\n    adapter: mysql2\n", "mysql"},
	} {
		p := provider.MustPlan(t, "language: ruby\n"+c.spec, optionalApp("config/database.yml", c.yml))
		if got := langtest.Env(p.Image.Env, "BUNDLE_WITH"); got != c.want {
			t.Errorf("%s: the image's BUNDLE_WITH is %q, want %q", c.name, got, c.want)
		}
		if got := langtest.Env(p.Stage("deps").Env, "BUNDLE_WITH"); got != c.want {
			t.Errorf("%s: deps' BUNDLE_WITH is %q, want %q", c.name, got, c.want)
		}
		if got := langtest.Messages(p, "OptionalDatabaseGroup"); len(got) != 0 {
			t.Errorf("%s: %q", c.name, got)
		}
	}
	for name, f := range map[string]lang.Facts{
		"no database.yml":  optionalApp("config/database.yml.example", anchoredDatabaseYML),
		"adapter from ERB": optionalApp("config/database.yml", "production:\n  adapter: <%= ENV['DB_ADAPTER'] %>\n"),
	} {
		p := provider.MustPlan(t, "language: ruby\n", f)
		got := strings.Join(langtest.Messages(p, "OptionalDatabaseGroup"), "\n")
		if !strings.Contains(got, "optional groups (pg in postgresql; mysql2 in mysql)") || !strings.Contains(got, "`build: {env: {BUNDLE_WITH: postgresql}}`") {
			t.Errorf("%s: %q", name, got)
		}
		if with := langtest.Env(p.Image.Env, "BUNDLE_WITH"); with != "" {
			t.Errorf("%s: BUNDLE_WITH %q", name, with)
		}
	}
	inDefault := optionalApp()
	inDefault["Gemfile"] = []byte(strings.Replace(optionalGemfile, "# Database\n", "gem \"sqlite3\", \"2.1.0\"\n", 1))
	for name, c := range map[string]struct {
		spec string
		f    lang.Facts
	}{
		"BUNDLE_WITH in build.env":        {"build: {env: {BUNDLE_WITH: mysql}}\nenv: {BUNDLE_WITH: mysql}\n", optionalApp()},
		"an adapter in the default group": {"", inDefault},
	} {
		p := provider.MustPlan(t, "language: ruby\n"+c.spec, c.f)
		if got := langtest.Messages(p, "OptionalDatabaseGroup"); len(got) != 0 {
			t.Errorf("%s: %q", name, got)
		}
		if with := langtest.Env(p.Stage("deps").Env, "BUNDLE_WITH"); with != "" {
			t.Errorf("%s: deps' BUNDLE_WITH %q", name, with)
		}
	}
}

// TestOptionalGems: the gems of optional groups, nested blocks and all, apart from the rest.
func TestOptionalGems(t *testing.T) {
	optional, elsewhere := optionalGems(optionalGemfile + "group(:sqlite, :dev_db, optional: true) do\n  if ENV[\"X\"]\n    gem 'sqlite3'\n  end\nend\ngem \"sidekiq\"\n")
	if got := strings.Join(optional["sqlite3"], ","); got != "sqlite,dev_db" {
		t.Errorf("sqlite3's groups %q", got)
	}
	if len(optional) != 3 || optional["pg"][0] != "postgresql" || optional["mysql2"][0] != "mysql" {
		t.Errorf("optional %v", optional)
	}
	if got := strings.Join(elsewhere, " "); got != "rails puma unicorn-worker-killer redis-namespace rspec-rails sidekiq" {
		t.Errorf("elsewhere %q", got)
	}
}
