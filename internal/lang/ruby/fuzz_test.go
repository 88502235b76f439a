package ruby

import (
	"regexp"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// FuzzRubyContextFiles: the Gemfile, Gemfile.lock and .ruby-version come from the build
// context, so anyone who can send a context writes them. Whatever they hold, planning and
// converting to LLB ends in a plan or an error, never a panic; copies stay inside the context,
// and the images are ruby:<version> and ruby:<version>-slim.
func FuzzRubyContextFiles(f *testing.F) {
	f.Add("source \"https://rubygems.org\"\nruby \"~> 3.2\"\ngem \"rails\"\ngemspec\n",
		"PATH\n  remote: engines/x\n  specs:\n    x (1.0)\n\nGEM\n  specs:\n    railties (7.1.5)\n    pg (1.5.9)\n\nRUBY VERSION\n   ruby 3.3.6p108\n", "3.3.6\n")
	f.Add("ruby file: \".ruby-version\"\n", "GIT\n  remote: https://x/y.git\n  specs:\n    y (0.1-x86_64-linux)\n", "ruby-3.1")
	f.Add("gem 'puma'\n", "PATH\n  remote: ../outside\n", "")
	s := langtest.Spec(f, "language: ruby\n")
	tag := regexp.MustCompile(`^ruby:[0-9]+\.[0-9]+(\.[0-9]+)?(-slim)?$`)
	hostile := langtest.Hostile{Dest: true, Plain: true, Images: map[string]*regexp.Regexp{"deps": tag, "runtime-base": tag}}
	f.Fuzz(func(t *testing.T, gemfile, lock, rubyVersion string) {
		facts := lang.Facts{"Gemfile": []byte(gemfile), "Gemfile.lock": []byte(lock), ".ruby-version": []byte(rubyVersion), "config.ru": nil}
		hostile.Plans(t, provider, s, facts)
	})
}
