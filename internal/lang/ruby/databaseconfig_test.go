package ruby_test

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
)

// TestDatabaseConfigMissing: a Rails app with Active Record whose context has samples of
// config/database.yml and not the file (fat_free_crm's config/database.*.yml, lobsters'
// config/database.yml.sample; redmine's .example, without a Gemfile.lock) is warned of, naming
// the samples; not with the file, with
// DATABASE_URL in build.env, without Active Record, nor without a sample.
func TestDatabaseConfigMissing(t *testing.T) {
	rails := func(kv ...string) lang.Facts {
		return langtest.With(lang.Facts{"Gemfile": []byte("gem \"rails\"\n"), "config.ru": nil, "config/application.rb": []byte("module Crm\nend\n"), "bin/rails": nil,
			"Gemfile.lock": []byte("GEM\n  specs:\n    activerecord (8.0.2)\n    railties (8.0.2)\n\nDEPENDENCIES\n  rails\n")}, kv...)
	}
	want := map[string]string{
		"": "config/database.yml is not in the build context, only config/database.postgres.yml, config/database.sqlite.yml, config/database.yml.sample: ",
		"build: {env: {DATABASE_URL: \"postgres://b@localhost/b\"}}\n": ""}
	noLock := rails("config/database.yml.example", "")
	delete(noLock, "Gemfile.lock")
	if got := langtest.Messages(langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n", noLock), "DatabaseConfigMissing"); len(got) != 1 {
		t.Errorf("redmine's, no Gemfile.lock and gem \"rails\": %q, want the warning", got)
	}
	for spec, msg := range want {
		f := rails("config/database.postgres.yml", "", "config/database.sqlite.yml", "", "config/database.yml.sample", "")
		if got := strings.Join(langtest.Messages(langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n"+spec, f), "DatabaseConfigMissing"), "\n"); msg == "" && got != "" || !strings.HasPrefix(got, msg) {
			t.Errorf("spec %q: %q, want %q", spec, got, msg)
		}
	}
	noActiveRecord := rails("config/database.yml.example", "")
	noActiveRecord["Gemfile.lock"] = []byte("GEM\n  specs:\n    railties (8.0.2)\n")
	for name, f := range map[string]lang.Facts{
		"the file":  rails("config/database.yml", "production:\n  url: <%= ENV['DATABASE_URL'] %>\n", "config/database.yml.example", ""),
		"no sample": rails(), "no Active Record": noActiveRecord,
	} {
		if got := langtest.Messages(langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n", f), "DatabaseConfigMissing"); len(got) != 0 {
			t.Errorf("%s: %q", name, got)
		}
	}
}
