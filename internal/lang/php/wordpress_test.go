package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestWordPress: a WordPress site, by Composer (Bedrock's roots/wordpress) or checked in
// (wp-settings.php), is warned of by MissingPHPExtension for mysqli, which the php images lack
// and without which WordPress stops at every request, unless composer.json requires it (then
// composer's own warning names it); a site checked in gets wp-content/uploads as the runtime
// user's, PHP there answering 404. A project of neither gets neither.
func TestWordPress(t *testing.T) {
	for _, c := range []struct {
		name    string
		files   []string
		warn    string // in MissingPHPExtension's message, "" for no WordPress warning
		uploads bool
	}{
		{"Bedrock", []string{"composer.json", `{"require": {"php": ">=8.4", "roots/wordpress": "7.1"}, "extra": {"wordpress-install-dir": "web/wp"}}`,
			"composer.lock", `{"packages": []}`, "web/index.php", "<?php\n", "web/wp-config.php", "<?php\n"},
			"WordPress (composer.json requires roots/wordpress) needs ext-mysqli, which php:8.4-fpm does not include", false},
		{"Bedrock requiring mysqli", []string{"composer.json", `{"require": {"php": ">=8.4", "ext-mysqli": "*", "johnpbloch/wordpress": "6.8"}}`,
			"composer.lock", `{"packages": []}`, "web/index.php", "<?php\n"}, "", false},
		{"checked in", []string{"index.php", "<?php\nrequire __DIR__ . '/wp-blog-header.php';\n", "wp-settings.php", "<?php\n",
			"wp-config-sample.php", "<?php\n", "wp-content/index.php", "<?php\n"}, "WordPress (wp-settings.php) needs ext-mysqli", true},
		{"not WordPress", []string{"index.php", "<?php\n", "wp-content/index.php", "<?php\n"}, "", false},
	} {
		ctx := langtest.With(map[string]string{}, c.files...)
		p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
		var warned []string
		for _, n := range p.Notes {
			if n.Rule == "MissingPHPExtension" && strings.Contains(n.Msg, "WordPress") {
				warned = append(warned, n.Msg)
			}
		}
		switch {
		case c.warn == "" && len(warned) > 0:
			t.Errorf("%s: warned %q", c.name, warned)
		case c.warn != "" && (len(warned) != 1 || !strings.Contains(warned[0], c.warn) || !strings.Contains(warned[0], "docker-php-ext-install mysqli")):
			t.Errorf("%s: warned %q, want one naming %q", c.name, warned, c.warn)
		}
		copies := builderCopies(t, p)
		if got := slices.Contains(copies, "/app/wp-content/uploads>/app/wp-content/uploads/ 33:33"); got != c.uploads {
			t.Errorf("%s: the runtime copies %q, want wp-content/uploads the user's: %v", c.name, copies, c.uploads)
		}
		if c.uploads {
			langtest.Has(t, c.name+": the Caddyfile", written(t, p, "/etc/caddy/Caddyfile"), "@writable {\n\t\tpath /wp-content/uploads/*\n")
		}
	}
}
