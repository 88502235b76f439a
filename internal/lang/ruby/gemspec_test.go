package ruby

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// gemProject is a Sinatra application of ours published as a gem, in gollum's shape: a Gemfile
// of `gemspec` and a gem, no Gemfile.lock, a config.ru that is only a comment and the gem's
// executable in bin/; kv adds or replaces files.
func gemProject(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"Gemfile": []byte("source 'https://rubygems.org'\n\ngroup :test do\n  gem 'capybara', require: false\nend\n\ngemspec\n\ngem 'rake', '~> 13.0'\n"),
		"lantern.gemspec": []byte("Gem::Specification.new do |s|\n  s.name = 'lantern'\n  s.executables = ['lantern', 'lantern-import']\n" +
			"  s.add_dependency 'rack', '>= 3.0'\n  s.add_dependency 'sinatra', '~> 4.0'\n  s.add_development_dependency 'puma', '~> 6'\nend\n"),
		"config.ru":   []byte("=begin\nUse this file to run Lantern as a Rack app.\n=end\n\n# enter your Ruby code here ...\n"),
		"bin/lantern": []byte("#!/usr/bin/env ruby\nrequire 'lantern'\nLantern::App.run!\n"),
	}, kv...)
}

// TestGemProjectWithoutLockfile: a project published as a gem, without Gemfile.lock, whose
// config.ru runs nothing fails planning naming config.ru and the gemspec's executable to set as
// `entrypoint`, which then plans; its gemspec's runtime dependencies count as the bundle's (a
// server there serves a config.ru that runs an application); with no server anywhere, the
// error says there is no Gemfile.lock. Follow asks for the gemspec and its executables.
func TestGemProjectWithoutLockfile(t *testing.T) {
	_, err := provider.TryPlan(t, "language: ruby\n", gemProject())
	if err == nil || !strings.Contains(err.Error(), "config.ru runs no application: it holds only comments") ||
		!strings.Contains(err.Error(), "`entrypoint: bin/lantern` (the gemspec's executable)") {
		t.Errorf("a comment for config.ru: %v", err)
	}
	p := provider.MustPlan(t, "language: ruby\nentrypoint: bin/lantern\n", gemProject())
	if got := strings.Join(p.Image.Cmd, " "); got != "ruby bin/lantern" {
		t.Errorf("entrypoint bin/lantern runs %q", got)
	}
	app := gemProject("config.ru", "require_relative 'lib/lantern'\nrun Lantern::App\n")
	if _, err := provider.TryPlan(t, "language: ruby\n", app); err == nil ||
		!strings.Contains(err.Error(), "the build context has no Gemfile.lock, and neither the Gemfile nor its gemspec names puma or rackup") ||
		!strings.Contains(err.Error(), "run `bundle lock` and commit Gemfile.lock") {
		t.Errorf("no server, no Gemfile.lock: %v", err)
	}
	withRackup := langtest.With(app, "lantern.gemspec", "Gem::Specification.new do |s|\n  s.add_dependency 'rackup', '~> 2.1'\nend\n")
	if got := strings.Join(provider.MustPlan(t, "language: ruby\n", withRackup).Image.Cmd, " "); got != "rackup" {
		t.Errorf("rackup in the gemspec: runs %q", got)
	}
	exe := "Gem::Specification.new do |s|\n  s.bindir = 'exe'\n  s.executables = %w[lantern]\nend\n"
	if got := executablePaths(exe); !slices.Equal(got, []string{"exe/lantern"}) {
		t.Errorf("%%w[] in exe/: %q", got)
	}
	if got := (Provider{}).Follow(nil, gemProject()); !slices.Contains(got, "*.gemspec") || !slices.Contains(got, "bin/lantern-import") {
		t.Errorf("Follow asks for %q", got)
	}
	if got := (Provider{}).Follow(nil, gemProject("Gemfile", "gem 'rack'\n")); slices.Contains(got, "*.gemspec") {
		t.Errorf("without `gemspec`, Follow asks for %q", got)
	}
}
