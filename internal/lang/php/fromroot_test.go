package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestLaravelServedFromItsRoot: a Laravel application with no public/index.php whose front
// controller is its root index.php (Winter CMS's) is served from its root, runs only that
// index.php, honours its root .htaccess's rules, and has no public/ to link storage into.
func TestLaravelServedFromItsRoot(t *testing.T) {
	f := laravelApp(t, "index.php", "<?php\nrequire __DIR__.'/bootstrap/autoload.php';\n$app = require_once __DIR__.'/bootstrap/app.php';\n",
		".htaccess", "RewriteEngine On\nRewriteRule ^config/.* index.php [L,NC]\nRewriteRule ^storage/logs/.* index.php [L,NC]\n")
	delete(f, "public/index.php")
	p := provider.MustPlan(t, "language: php\n", f)
	caddyfile := written(t, p, "/etc/caddy/Caddyfile")
	langtest.Has(t, "the Caddyfile", caddyfile, "\troot * /app\n", "@private path /vendor",
		"\t@htaccess0 path_regexp (?i)^/config/.*\n", "\t@htaccess1 path_regexp (?i)^/storage/logs/.*\n",
		"\t@php {\n\t\tpath_regexp (?i)\\.php\n\t\tnot path /index.php /index.php/*\n\t}\n\trespond @php 404\n")
	got := langtest.Commands(p.Stage("builder"))
	if slices.Contains(got, "php artisan storage:link") || !slices.Contains(got, "php artisan route:cache") {
		t.Errorf("builder runs %q: want Laravel's caches without storage:link", got)
	}
	if !strings.Contains(got[len(got)-1], "/app/index.php") {
		t.Errorf("the builder checks %q", got[len(got)-1])
	}
	// with public/index.php, public/ as before
	f["public/index.php"] = []byte("<?php\n")
	if caddyfile := written(t, provider.MustPlan(t, "language: php\n", f), "/etc/caddy/Caddyfile"); !strings.Contains(caddyfile, "\troot * /app/public\n") {
		t.Errorf("with public/index.php: serves\n%s", caddyfile)
	}
}
