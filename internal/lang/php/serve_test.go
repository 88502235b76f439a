package php

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestServesOnTheSpecsPort: Caddy (and FrankenPHP) listen on the spec's first TCP port, the one
// the image exposes (a project whose own image serves on 80 says `ports: [80]`), unless PORT is
// set at run time; 8080 without one.
func TestServesOnTheSpecsPort(t *testing.T) {
	index := lang.Facts{"index.php": []byte("<?php echo 1;")}
	for _, c := range []struct{ spec, file, want string }{
		{"ports: [80]\n", "/etc/caddy/Caddyfile", ":{$PORT:80} {"},
		{"ports: [\"53/udp\", 8001]\n", "/etc/caddy/Caddyfile", ":{$PORT:8001} {"},
		{"language: php\n", "/etc/caddy/Caddyfile", ":{$PORT:8080} {"},
		{"ports: [80]\nruntime: frankenphp\n", "/etc/frankenphp/Caddyfile", ":{$PORT:80} {"},
	} {
		p := provider.MustPlan(t, c.spec, index)
		langtest.Has(t, c.spec, written(t, p, c.file), c.want)
	}
}

// TestProcfileWebRoot: the document root the Procfile's web process gives Heroku's PHP
// buildpack is the one served, over the project's root index.php (a plain PHP project whose
// application lives in p/); the spec's entrypoint wins; a Procfile naming the conventional root
// keeps its front controller check.
func TestProcfileWebRoot(t *testing.T) {
	f := lang.Facts{"index.php": []byte("<?php header('Location: p/');"), "composer.json": []byte(`{}`), "composer.lock": []byte(`{}`),
		"Procfile": []byte("web: heroku-php-apache2 p/\n")}
	p := provider.MustPlan(t, "ports: [80]\n", f)
	langtest.Has(t, "the Caddyfile", written(t, p, "/etc/caddy/Caddyfile"), "root * /app/p\n")
	if c := written(t, p, "/etc/caddy/Caddyfile"); strings.Contains(c, "@private") {
		t.Errorf("p/ is served, and the Caddyfile still guards the project's root:\n%s", c)
	}
	p = provider.MustPlan(t, "ports: [80]\nentrypoint: .\n", f)
	langtest.Has(t, "the Caddyfile", written(t, p, "/etc/caddy/Caddyfile"), "root * /app\n")
	f["public/index.php"], f["Procfile"] = []byte("<?php\n"), []byte("web: heroku-php-apache2 public/\n")
	p = provider.MustPlan(t, "ports: [80]\n", f)
	if runs := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(runs, "/app/public/index.php") {
		t.Errorf("the builder checks no front controller:\n%s", runs)
	}
}
