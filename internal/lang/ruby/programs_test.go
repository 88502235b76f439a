package ruby

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestGemPrograms: a Rails application whose gems run a program gets the program's package in
// the runtime: hcb's shape (its Gemfile names mini_magick and rtesseract, and its
// config/application.rb sets Active Storage's variant processor to :mini_magick) gets
// imagemagick and tesseract-ocr; so does a Rails 6.1 application on image_processing with no
// variant processor set (Rails' default then was mini_magick), and the production environment's
// setting wins over the application's. mini_magick only locked as image_processing's dependency
// on Rails 7+ defaults (vips), or with `:vips` set, gets no ImageMagick; a spec's runtime image
// gets nothing.
func TestGemPrograms(t *testing.T) {
	app := func(defaults string) string {
		return "require_relative \"boot\"\nrequire \"rails/all\"\n\nmodule Ledger\n  class Application < Rails::Application\n" +
			"    config.load_defaults " + defaults + "\n"
	}
	imageGems := []string{"gem", "rails (8.0.2)", "gem", "pg (1.5.9)", "gem", "image_processing (1.14.0)", "gem", "mini_magick (5.3.1)",
		"gem", "ruby-vips (2.3.0)", "bin/rails", "#!/usr/bin/env ruby\n"}
	for _, c := range []struct {
		name, spec string
		files      []string
		want       string // the runtime's package step
	}{
		{"hcb's shape", "", []string{"gem", "rtesseract (3.1.4)", "Gemfile", "source \"https://rubygems.org\"\ngem \"rails\", \"~> 8.0\"\ngem \"pg\"\ngem \"image_processing\", \"~> 1.2\"\ngem \"mini_magick\"\ngem \"rtesseract\"\n",
			"config/application.rb", app("8.0") + "    config.active_storage.variant_processor = :mini_magick\n  end\nend\n"},
			"apt-get install imagemagick libpq5 libvips42 tesseract-ocr"},
		{"Rails 6.1 defaults", "", []string{"config/application.rb", app("6.1") + "  end\nend\n"}, "apt-get install imagemagick libpq5 libvips42"},
		{"Rails 6.1, vips in production", "", []string{"config/application.rb", app("6.1") + "  end\nend\n",
			"config/environments/production.rb", "Rails.application.configure do\n  config.active_storage.variant_processor = :vips\nend\n"}, "apt-get install libpq5 libvips42"},
		{"Rails 7 defaults", "", []string{"config/application.rb", app("7.1") + "  end\nend\n"}, "apt-get install libpq5 libvips42"},
		{"set, but commented out", "", []string{"config/application.rb", app("8.0") + "    # config.active_storage.variant_processor = :mini_magick\n  end\nend\n"},
			"apt-get install libpq5 libvips42"},
		{"on alpine", "runtime: alpine\n", []string{"config/application.rb", app("6.0") + "  end\nend\n"}, "apk add imagemagick libpq vips"},
		{"a runtime of the spec's", "runtime: registry.example.com/rails-base:3.4\n", []string{"config/application.rb", app("6.0") + "  end\nend\n"}, ""},
	} {
		p := provider.MustPlan(t, "language: ruby\nversion: \"3.4\"\nports: [3000]\n"+c.spec, gems(append(append([]string{}, imageGems...), c.files...)...))
		var install string
		for _, r := range langtest.Runs(p.Stage("runtime")) {
			if strings.HasPrefix(r.Display, "apt-get install") || strings.HasPrefix(r.Display, "apk add") {
				install = r.Display
			}
		}
		if install != c.want {
			t.Errorf("%s: the runtime installs %q, want %q", c.name, install, c.want)
		}
	}
}
