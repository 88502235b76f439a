package ruby

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestTheTestCommand: a Rakefile whose default task runs the suites and which has no test task
// runs as `rake` (roda-sequel-stack's); rspec-rails in a Gemfile without a lock is RSpec
// (publify's).
func TestTheTestCommand(t *testing.T) {
	minitest := []string{"gem", "rack (3.1.8)", "gem", "puma (6.5.0)", "gem", "minitest (5.25.4)"}
	specs := "spec = proc do |type|\n  task :\"#{type}_spec\" do\n    sh \"ruby spec/#{type}.rb\"\n  end\nend\n" +
		"spec.call('model')\nspec.call('web')\n\ndesc \"Run all specs\"\ntask default: [:model_spec, :web_spec]\n" +
		"task \"annotate\" do\n  Sequel::Annotate.annotate(Dir['models/**/*.rb'])\nend\n"
	for _, c := range []struct {
		name  string
		files []string
		want  string
	}{
		{"default task, no test task", []string{"Rakefile", specs}, "bundle exec rake"},
		{"task :default do", []string{"Rakefile", "task :default do\n  sh 'ruby -Itest test/all.rb'\nend\n"}, "bundle exec rake"},
		{"a test task too", []string{"Rakefile", specs + "task :test => :default\n"}, "bundle exec rake test"},
		{"Rake::TestTask", []string{"Rakefile", "require 'rake/testtask'\nRake::TestTask.new do |t|\n  t.pattern = 'test/*_test.rb'\nend\ntask default: :test\n"}, "bundle exec rake test"},
		{"Minitest::TestTask", []string{"Rakefile", "require 'minitest/test_task'\nMinitest::TestTask.create\ntask default: :test\n"}, "bundle exec rake test"},
		{"a test task in lib/tasks", []string{"Rakefile", specs, "lib/tasks/test.rake", "task(:test) { ruby 'test/all.rb' }\n"}, "bundle exec rake test"},
		{"rakelib/", []string{"Rakefile", specs, "rakelib/ci.rake", "task :ci\n"}, "bundle exec rake test"},
		{"files loaded", []string{"Rakefile", "Dir['tasks/*.rake'].each { |f| load f }\n" + specs}, "bundle exec rake test"},
		{"no default task", []string{"Rakefile", "task :console do\n  exec 'irb'\nend\n"}, "bundle exec rake test"},
		{"no Rakefile", nil, "bundle exec rake test"},
	} {
		p := provider.MustPlan(t, "language: ruby\n", gems(append(append([]string{}, minitest...), c.files...)...))
		if got := langtest.Commands(p.Stage("tester")); got[len(got)-1] != c.want {
			t.Errorf("%s: tests %q, want %s", c.name, got, c.want)
		}
		if rules := langtest.Rules(p); len(rules) != 1 || rules[0] != "RubyVersionEndOfLife" {
			t.Errorf("%s: notes %q", c.name, rules)
		}
	}

	// publify's: no lock, rspec-rails in the Gemfile's test group
	f := lang.Facts{"Gemfile": []byte("source \"https://rubygems.org\"\ngem \"rails\", \"~> 7.1.5\"\ngem \"puma\"\n" +
		"group :development, :test do\n  gem \"rspec-rails\", \"~> 7.1\"\nend\n"), "config.ru": nil, "bin/rails": nil,
		"config/application.rb": []byte("require \"rails/all\"\nmodule Publify\n  class Application < Rails::Application\n  end\nend\n")}
	if got := langtest.Commands(provider.MustPlan(t, "language: ruby\n", f).Stage("tester")); got[len(got)-1] != "bundle exec rspec" {
		t.Errorf("rspec-rails without a lock: tests %q", got)
	}
}
