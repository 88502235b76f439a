package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// drupalProject is a site made from Drupal's recommended project template: composer.json and
// composer.lock, custom code and exported configuration, none of the web root's scaffolded files.
func drupalProject() map[string]string {
	return map[string]string{
		"composer.json": `{"name": "example/site", "type": "project",
			"require": {"composer/installers": "^2.3", "drupal/core-composer-scaffold": "^11", "drupal/core-recommended": "^11"},
			"require-dev": {"drupal/core-dev": "^11"},
			"config": {"allow-plugins": {"composer/installers": true, "drupal/core-composer-scaffold": true}, "sort-packages": true},
			"extra": {"drupal-scaffold": {"locations": {"web-root": "web/"}},
				"installer-paths": {"web/core": ["type:drupal-core"], "web/modules/contrib/{$name}": ["type:drupal-module"],
					"web/modules/custom/{$name}": ["type:drupal-custom-module"], "web/themes/contrib/{$name}": ["type:drupal-theme"]}}}`,
		"composer.lock": `{"packages": [
			{"name": "drupal/core", "version": "11.2.5", "require": {"php": ">=8.3.0", "ext-gd": "*", "ext-pdo": "*"}},
			{"name": "drupal/core-composer-scaffold", "version": "11.2.5"},
			{"name": "drupal/core-recommended", "version": "11.2.5"}],
			"packages-dev": [{"name": "phpunit/phpunit", "version": "11.5.0"}]}`,
		"web/modules/custom/greeting/greeting.info.yml":                     "name: Greeting\ntype: module\ncore_version_requirement: ^11\n",
		"web/modules/custom/greeting/src/Controller/GreetingController.php": "<?php\nnamespace Drupal\\greeting\\Controller;\nclass GreetingController {}\n",
		"config/sync/system.site.yml":                                       "name: Example\n",
		".gitignore":                                                        "/vendor/\n/web/core/\n/web/modules/contrib/\n/web/sites/*/files/\n/web/index.php\n/web/.htaccess\n",
	}
}

// TestDrupal: Drupal's composer project serves the web root its scaffold writes, which the
// builder runs, with an autoloader that is not classmap-authoritative, sites/default the
// runtime user's for the installer, and the scaffolded .htaccess's denials.
func TestDrupal(t *testing.T) {
	ctx := drupalProject()
	p := provider.MustPlan(t, "language: php\nports: [8080]\n", provider.Gathered(t, "language: php\n", ctx))
	var runs []string
	for _, r := range langtest.Runs(p.Stage("builder")) {
		runs = append(runs, strings.Join(r.Args, " "))
	}
	all := strings.Join(runs, "\n")
	if !slices.Contains(runs, "composer dump-autoload --no-dev --optimize") || strings.Contains(all, "--classmap-authoritative") ||
		!slices.Contains(runs, "composer drupal:scaffold") {
		t.Errorf("builder runs %q: want the optimized autoloader, not authoritative, and the scaffold", runs)
	}
	if i, j := slices.Index(runs, "composer drupal:scaffold"), slices.IndexFunc(runs, func(r string) bool { return strings.Contains(r, "/app/web/index.php") }); j >= 0 && j < i {
		t.Errorf("the check for web/index.php runs before the scaffold: %q", runs)
	}
	caddyfile := written(t, p, "/etc/caddy/Caddyfile")
	langtest.Has(t, "the Caddyfile", caddyfile, "\troot * /app/web\n",
		"\t\tpath_regexp (?i)^/(.+/.*|autoload)\\.php($|/)\n\t\tnot path_regexp ^/core/[^/]*\\.php$\n")
	if !strings.Contains(caddyfile, "twig|tpl") {
		t.Errorf("Drupal's source files are served:\n%s", caddyfile)
	}
	if copied := builderCopies(t, p, "web/sites/default"); !slices.Contains(copied, "/app/web/sites/default>/app/web/sites/default/ 33:33") {
		t.Errorf("web/sites/default is not the runtime user's: %q", copied)
	}
	leavesOut(t, langtest.Copies(p.Stage("builder"))[0], "web/sites/*/files", "web/sites/*/settings.local.php")

	// committed settings stay root's: only the public files are the user's
	ctx["web/sites/default/settings.php"] = "<?php\n$databases['default']['default'] = ['driver' => 'sqlite', 'database' => '/data/db.sqlite'];\n"
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if copied := builderCopies(t, p); !slices.Contains(copied, "/app/web/sites/default/files>/app/web/sites/default/files/ 33:33") ||
		slices.Contains(copied, "/app/web/sites/default>/app/web/sites/default/ 33:33") {
		t.Errorf("with a committed settings.php: %q", copied)
	}

	// a scaffold composer does not run writes nothing: nothing says what is served
	ctx = drupalProject()
	ctx["composer.json"] = strings.Replace(ctx["composer.json"], `"drupal/core-composer-scaffold": true`, `"drupal/core-composer-scaffold": false`, 1)
	provider.Refuses(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx), "nothing says what the web server serves")
}
