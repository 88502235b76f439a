package procs_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/procs"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// laravelWithProcfile is a Laravel project of ours whose Procfile starts it with Heroku's PHP
// buildpack (firefly-iii's shape), and a queue worker.
func laravelWithProcfile(procfile string) lang.Facts {
	return lang.Facts{
		"composer.json":    []byte(`{"require": {"php": "^8.3", "laravel/framework": "^12.0"}}`),
		"composer.lock":    []byte(`{"packages": []}`),
		"artisan":          []byte("#!/usr/bin/env php\n<?php\n"),
		"public/index.php": []byte("<?php\n"),
		"Procfile":         []byte(procfile),
	}
}

// TestBuildpackWebServer: a PHP Procfile's web process running the buildpack's boot script
// (heroku-php-nginx, heroku-php-apache2) is left out with a BuildpackWebServer warning, and the
// runtime (php-serve: php-fpm and Caddy) stays the default target; the other processes are
// targets of their own. The spec's processes, and other languages' Procfiles, are left alone.
func TestBuildpackWebServer(t *testing.T) {
	f := laravelWithProcfile("web: vendor/bin/heroku-php-nginx -C nginx_app.conf public/\nworker: php artisan queue:work\n")
	p := registry.MustPlan(t, "ports: [8080]\n", f)
	if p.Default != "runtime" || p.Stage("web") != nil || p.Stage("worker") == nil || len(p.Processes) != 1 ||
		!slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/php-serve"}) || p.Processes[0].Healthcheck {
		t.Fatalf("default %q, processes %+v, entrypoint %q", p.Default, p.Processes, p.Image.Entrypoint)
	}
	i := slices.IndexFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "BuildpackWebServer" })
	if i < 0 || !strings.HasPrefix(p.Notes[i].Msg, "the Procfile's web process (Procfile line 1: vendor/bin/heroku-php-nginx -C nginx_app.conf public/) is left out: heroku-php-nginx") {
		t.Errorf("notes %+v", p.Notes)
	}
	// the web process alone: the runtime, with no process targets
	p = registry.MustPlan(t, "ports: [8080]\n", laravelWithProcfile("web: heroku-php-apache2 public/\n"))
	if p.Default != "runtime" || len(p.Processes) != 0 || !slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "BuildpackWebServer" }) {
		t.Errorf("default %q, processes %+v, notes %+v", p.Default, p.Processes, p.Notes)
	}
	// the boot script where composer says the packages' executables are (Part-DB's)
	p = registry.MustPlan(t, "ports: [8080]\n", laravelWithProcfile("web: $(composer config bin-dir)/heroku-php-apache2 public/\n"))
	if p.Default != "runtime" || len(p.Processes) != 0 || !slices.ContainsFunc(p.Notes, func(n plan.Note) bool {
		return n.Rule == "BuildpackWebServer" && strings.Contains(n.Msg, "$(composer config bin-dir)/heroku-php-apache2 public/")
	}) {
		t.Errorf("$(composer config bin-dir): default %q, processes %+v, notes %+v", p.Default, p.Processes, p.Notes)
	}
	// the spec's processes are the user's
	p = registry.MustPlan(t, "processes: {web: vendor/bin/heroku-php-nginx public/}\n", f)
	if p.Default != "web" || slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "BuildpackWebServer" }) {
		t.Errorf("the spec's process: default %q, notes %+v", p.Default, p.Notes)
	}
}

// TestBuildpackWebRoot reads the document root the web process gives the boot script: its
// last argument that is not an option or an option's value, inside the project.
func TestBuildpackWebRoot(t *testing.T) {
	for procfile, want := range map[string]string{
		"web: vendor/bin/heroku-php-nginx -C nginx_app.conf public/\n":  "public",
		"web: heroku-php-apache2 -p 8080 -F fpm.conf -i php.ini web\n":  "web",
		"web: APP_ENV=prod heroku-php-apache2 p/\n":                     "p",
		"web: $(composer config bin-dir)/heroku-php-apache2 public/\n":  "public",
		"web: $(composer config bin-dir)/other public/\n":               "",
		"web: $(composer config) heroku-php-apache2 public/\n":          "",
		"web: heroku-php-apache2 .\n":                                   ".",
		"web: heroku-php-apache2\n":                                     "",
		"web: heroku-php-apache2 ../elsewhere\n":                        "",
		"worker: heroku-php-apache2 public/\n":                          "",
		"web: php -S 0.0.0.0:$PORT -t public\n":                         "",
		"web: heroku-php-nginx -C nginx.conf public/ && echo started\n": "",
	} {
		if got := procs.BuildpackWebRoot(&spec.Spec{}, lang.Facts{"Procfile": []byte(procfile)}); got != want {
			t.Errorf("%q: web root %q, want %q", procfile, got, want)
		}
	}
}
