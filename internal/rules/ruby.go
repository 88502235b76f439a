package rules

import "fmt"

// RubyVersionEndOfLife: branch and the date of its end of life, source of the version, and the
// default Ruby.
var RubyVersionEndOfLife = New("RubyVersionEndOfLife", "The Ruby version is past its end of life",
	func(branch, date, source, current string) string {
		return fmt.Sprintf("Ruby %s reached its end of life on %s (%s): it gets no security fixes, and current gems drop it "+
			"from their required_ruby_version; move to %s, the default, or another supported branch (the version file, the "+
			"Gemfile's `ruby` and Gemfile.lock's RUBY VERSION together: bundler refuses a Ruby other than an exact one the Gemfile names)",
			branch, date, source, current)
	})
