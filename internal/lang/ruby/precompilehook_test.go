package ruby_test

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
)

// TestPrecompileRunsNode: a Rake task hooked into assets:precompile (huginn's %w[...].each with
// enhance, Rake::Task[...].enhance, task "assets:precompile" =>) in a Rake file that shells out
// to a Node.js tool (sh; system, as railsdevs.com's css:redesign; backticks; %x()) is warned of
// with the file, the task and the command; not a hook running Ruby, a Node.js command hooked
// nowhere, nor with the spec's build command.
func TestPrecompileRunsNode(t *testing.T) {
	const huginn = "namespace :javascript_agent do\n  task :build_url_polyfill do\n    sh \"npm run build\"\n  end\nend\n\n" +
		"%w[assets:precompile spec].each do |name|\n  Rake::Task[name].enhance([\"javascript_agent:build_url_polyfill\"]) if Rake::Task.task_defined?(name)\nend\n"
	rails := func(rake string) lang.Facts {
		return lang.Facts{
			"Gemfile":               []byte("source \"https://rubygems.org\"\ngem \"rails\"\n"),
			"Gemfile.lock":          []byte("GEM\n  remote: https://rubygems.org/\n  specs:\n    railties (7.2.2)\n    sprockets-rails (3.5.2)\n\nPLATFORMS\n  ruby\n"),
			"config.ru":             nil,
			"config/application.rb": []byte("module Huginn\nend\n"),
			"bin/rails":             nil,
			"lib/tasks/hook.rake":   []byte(rake),
		}
	}
	for _, c := range []struct{ name, spec, rake, want string }{
		{"huginn's", "", huginn, "lib/tasks/hook.rake makes assets:precompile run javascript_agent:build_url_polyfill first, which runs `npm run build`"},
		{"enhance", "", "Rake::Task[\"assets:precompile\"].enhance([\"icons:build\"])\ntask \"icons:build\" do\n  sh(\"yarn icons\")\nend\n",
			"makes assets:precompile run icons:build first, which runs `yarn icons`"},
		{"a prerequisite", "", "task \"assets:precompile\" => \"routes:js\"\nnamespace :routes do\n  task :js do\n    sh 'npx js-routes'\n  end\nend\n",
			"run routes:js first, which runs `npx js-routes`"},
		{"system, guarded (railsdevs')", "", "namespace :css do\n  task :redesign do\n    unless system \"yarn install && yarn build:redesign\"\n" +
			"      raise \"Command css:redesign failed\"\n    end\n  end\nend\n\nif Rake::Task.task_defined?(\"assets:precompile\")\n" +
			"  Rake::Task[\"assets:precompile\"].enhance([\"css:redesign\"])\nend\n",
			"makes assets:precompile run css:redesign first, which runs `yarn install && yarn build:redesign`"},
		{"backticks", "", "task \"assets:precompile\" => :icons\ntask :icons do\n  `npm run icons`\nend\n", "run icons first, which runs `npm run icons`"},
		{"%x()", "", "task \"assets:precompile\" => :icons\ntask :icons do\n  %x(pnpm run icons)\nend\n", "which runs `pnpm run icons`"},
		{"system running Ruby", "", "Rake::Task[\"assets:precompile\"].enhance([\"i18n:export\"])\ntask \"i18n:export\" do\n  system \"bundle exec i18n export\"\nend\n", ""},
		{"a hook running Ruby", "", "Rake::Task[\"assets:precompile\"].enhance([\"i18n:export\"])\n", ""},
		{"node hooked nowhere", "", "task :lint do\n  sh \"npm run lint\"\nend\n", ""},
		{"the spec's build command", "build: {command: [bundle, exec, rake, assets:precompile]}\n", huginn, ""},
	} {
		p := langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n"+c.spec, rails(c.rake))
		got := strings.Join(langtest.Messages(p, "PrecompileRunsNode"), "\n")
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestExecJSRuntimeMissing: a bundle with execjs (postal's: the Gemfile names it, and
// autoprefixer-rails, coffee-script and uglifier depend on it) and no JavaScript engine is
// warned of, naming the gems that use it; not with mini_racer in the bundle, nodejs in
// build.packages, a builder image of the spec's, or without execjs.
func TestExecJSRuntimeMissing(t *testing.T) {
	lock := func(extra string) lang.Facts {
		return lang.Facts{
			"Gemfile": []byte("source \"https://rubygems.org\"\ngem \"rails\"\ngem \"execjs\"\n"),
			"Gemfile.lock": []byte("GEM\n  remote: https://rubygems.org/\n  specs:\n    autoprefixer-rails (10.4.13.0)\n      execjs (~> 2)\n" +
				"    coffee-script (2.4.1)\n      coffee-script-source\n      execjs\n    execjs (2.7.0)\n    railties (7.1.5.2)\n" +
				"    sprockets-rails (3.5.2)\n    uglifier (4.2.0)\n      execjs (>= 0.3.0, < 3)\n" + extra +
				"\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  autoprefixer-rails\n  execjs (~> 2.7, < 2.8)\n  rails (= 7.1.5.2)\n"),
			"config.ru":             nil,
			"config/application.rb": []byte("module Postal\nend\n"),
			"bin/rails":             nil,
		}
	}
	for _, c := range []struct {
		name, spec string
		f          lang.Facts
		want       string
	}{
		{"postal's", "", lock(""), "Gemfile.lock has execjs (for the Gemfile, autoprefixer-rails, coffee-script, uglifier), which finds a JavaScript runtime"},
		{"mini_racer", "", lock("    mini_racer (0.21.0)\n"), ""},
		{"nodejs in build.packages", "build: {packages: [nodejs]}\n", lock(""), ""},
		{"a builder image of the spec's", "build: {image: \"registry.example.com/ruby-node:3.4\"}\n", lock(""), ""},
		{"no execjs", "", lang.Facts{"Gemfile": []byte("gem \"rails\"\n"), "Gemfile.lock": []byte("GEM\n  specs:\n    railties (7.1.5.2)\n"),
			"config.ru": nil, "config/application.rb": nil, "bin/rails": nil}, ""},
	} {
		p := langtest.PlanFunc(providers.Plan).MustPlan(t, "language: ruby\n"+c.spec, c.f)
		got := strings.Join(langtest.Messages(p, "ExecJSRuntimeMissing"), "\n")
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

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
