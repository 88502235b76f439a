package php

import (
	"slices"
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

// TestVendorDir: composer's config.vendor-dir (grocy's packages/) is what the builder's copy of
// the source leaves out, so a local install never replaces deps', and what answers 404 when the
// project's root is served; a value that is no plain directory of the project is vendor/.
func TestVendorDir(t *testing.T) {
	for dir, want := range map[string]string{`"packages"`: "packages", `"./lib/vendor/"`: "lib/vendor", `"{$home}/vendor"`: "vendor",
		`"../shared"`: "vendor", `"."`: "vendor", `7`: "vendor"} {
		f := lang.Facts{"index.php": []byte("<?php\n"), "composer.lock": []byte(`{"packages": []}`),
			"composer.json": []byte(`{"require": {"php": "^8.3"}, "config": {"vendor-dir": ` + dir + `}}`)}
		p := provider.MustPlan(t, "ports: [8080]\n", f)
		src := langtest.Copies(p.Stage("builder"))[0]
		if !slices.Contains(src.Exclude, want) || want != "vendor" && slices.Contains(src.Exclude, "vendor") {
			t.Errorf("vendor-dir %s: the source copy leaves out %q, want %s", dir, src.Exclude, want)
		}
		langtest.Has(t, "the Caddyfile", written(t, p, "/etc/caddy/Caddyfile"), "@private path /"+want+" /"+want+"/* /composer.json")
	}
}

// TestDeniedDirectoriesAnswer404: when the project's root is served, a directory at the root
// whose .htaccess denies every request (kanboard's app/, in Apache 2.2's and 2.4's words inside
// <IfVersion>) answers 404 as composer's files and SQLite databases do, since Caddy reads no
// .htaccess; a .htaccess
// that only rewrites, or denies some files, keeps its directory served; a served public/ needs
// no guard.
func TestDeniedDirectoriesAnswer404(t *testing.T) {
	deny := "<IfVersion >= 2.3>\n    Require all denied\n</IfVersion>\n<IfVersion < 2.3>\n    Order allow,deny\n    Deny from all\n</IfVersion>\n"
	f := lang.Facts{"index.php": []byte("<?php\n"), "composer.json": []byte(`{}`), "app/.htaccess": []byte(deny),
		"libs/.htaccess": []byte("Deny from all\n"), "assets/.htaccess": []byte("RewriteEngine On\n"),
		"plugins/.htaccess": []byte("<Files \"*.php\">\n    Require all denied\n</Files>\n")}
	caddyfile := written(t, provider.MustPlan(t, "ports: [80]\n", f), "/etc/caddy/Caddyfile")
	langtest.Has(t, "the Caddyfile", caddyfile, "/.env* *.sqlite *.sqlite3 *.db /app /app/* /libs /libs/*\n\trespond @private 404\n")
	if strings.Contains(caddyfile, "/assets") || strings.Contains(caddyfile, "/plugins") {
		t.Errorf("a directory its .htaccess does not deny is guarded:\n%s", caddyfile)
	}
	f["public/index.php"] = []byte("<?php\n")
	if c := written(t, provider.MustPlan(t, "ports: [80]\n", f), "/etc/caddy/Caddyfile"); strings.Contains(c, "@private") {
		t.Errorf("public/ is served, and the Caddyfile guards the project's root:\n%s", c)
	}
}

// TestFrontControllerEntrypoint: `entrypoint` naming a PHP file serves its directory, and a
// request for a file or directory index that is not there goes to that file (a link shortener's
// router.php at the root, as its own images' rewrite rules send it), in both shapes; the builder
// checks the file; index.php named so is the plain web root. With no index.php anywhere, the
// error names the root's PHP files, which Follow asks for only then.
func TestFrontControllerEntrypoint(t *testing.T) {
	f := lang.Facts{"composer.json": []byte(`{}`), "router.php": []byte("<?php\nrequire __DIR__ . '/lib/boot.php';\n"),
		"stats.php": []byte("<?php\n"), "admin/index.php": []byte("<?php\n"), "web/app.php": []byte("<?php\n"), "public/index.php": []byte("<?php\n")}
	rewrite := "\t@front not file {path} {path}/index.php\n\trewrite @front /router.php\n"
	for _, c := range []struct{ spec, file, want string }{
		{"entrypoint: router.php\n", "/etc/caddy/Caddyfile", "\troot * /app\n"},
		{"entrypoint: ./router.php\n", "/etc/caddy/Caddyfile", rewrite + "\tphp_fastcgi 127.0.0.1:9000\n"},
		{"entrypoint: router.php\nruntime: frankenphp\n", "/etc/frankenphp/Caddyfile", rewrite + "\tphp_server {\n"},
		{"entrypoint: web/app.php\n", "/etc/caddy/Caddyfile", "\troot * /app/web\n"},
		{"entrypoint: web/app.php\n", "/etc/caddy/Caddyfile", "\trewrite @front /app.php\n"},
	} {
		p := provider.MustPlan(t, "language: php\n"+c.spec, f)
		langtest.Has(t, c.spec, written(t, p, c.file), c.want)
	}
	p := provider.MustPlan(t, "language: php\nentrypoint: router.php\n", f)
	if runs := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(runs, "/app/router.php") {
		t.Errorf("the builder checks no front controller:\n%s", runs)
	}
	if c := written(t, p, "/etc/caddy/Caddyfile"); !strings.Contains(c, "@private path /vendor") {
		t.Errorf("the project's root is served unguarded:\n%s", c)
	}
	p = provider.MustPlan(t, "language: php\nentrypoint: public/index.php\n", f)
	if c := written(t, p, "/etc/caddy/Caddyfile"); !strings.Contains(c, "root * /app/public\n") || strings.Contains(c, "@front") {
		t.Errorf("public/index.php: serves\n%s", c)
	}
	// no index.php: the root's PHP files are asked for and named
	bare := lang.Facts{"composer.json": []byte(`{}`), "router.php": nil, "stats.php": nil, "admin/index.php": nil}
	if got := (Provider{}).Follow(nil, bare); !slices.Contains(got, "*.php") {
		t.Errorf("Follow asks for %q, want the root's PHP files", got)
	}
	if got := (Provider{}).Follow(nil, f); slices.Contains(got, "*.php") {
		t.Errorf("Follow asks for %q with public/index.php there", got)
	}
	if _, err := provider.TryPlan(t, "language: php\n", bare); err == nil ||
		!strings.Contains(err.Error(), "or to the PHP file every request goes to (its front controller), one of the root's router.php, stats.php") {
		t.Errorf("no index.php: %v", err)
	}
}

// TestWritableDirectoriesRunNoPHP: below the web root, a PHP file in a directory the runtime
// user writes answers 404 (an upload never runs), and so does a directory there whose
// index.php php_fastcgi would run: the spec's writable directories inside the
// web root, the application's data directories when the root is served, Laravel's public disk
// link; none outside the web root, and no matcher without such a directory. Laravel and
// Symfony served from public/ run only public/index.php, as their nginx configurations do.
func TestWritableDirectoriesRunNoPHP(t *testing.T) {
	block := func(dirs string) string {
		return "\t@writable {\n\t\tpath " + dirs + "\n\t\tpath_regexp (?i)\\.php\n\t}\n\trespond @writable 404\n" +
			"\t@writableindex {\n\t\tpath " + dirs + "\n\t\tfile {path}/index.php\n\t}\n\trespond @writableindex 404\n"
	}
	root := lang.Facts{"composer.json": []byte(`{}`), "index.php": []byte("<?php\n"),
		"records/.gitignore": []byte("*\n"), "records/.htaccess": []byte("Deny from all\n")}
	public := lang.Facts{"composer.json": []byte(`{}`), "public/index.php": []byte("<?php\n")}
	laravel := lang.Facts{"composer.json": []byte(`{"require": {"laravel/framework": "^12.0"}}`), "artisan": []byte("#!/usr/bin/env php\n"),
		"public/index.php": []byte("<?php\n")}
	onlyIndex := "\t@php {\n\t\tpath_regexp (?i)\\.php\n\t\tnot path /index.php /index.php/*\n\t}\n\trespond @php 404\n" +
		"\t@phpindex {\n\t\tfile {path}/index.php\n\t\tnot path /\n\t}\n\trespond @phpindex 404\n"
	symfony := lang.Facts{"composer.json": []byte(`{"require": {"symfony/framework-bundle": "^7.3"}}`), "bin/console": []byte("#!/usr/bin/env php\n"),
		"public/index.php": []byte("<?php\n")}
	for _, c := range []struct {
		name string
		f    lang.Facts
		spec string
		want string
	}{
		{"the root served", root, "writable: [uploads, ./media/]\n", block("/media/* /records/* /uploads/*")},
		{"public/ served", public, "writable: [public/files, cache]\n", block("/files/*")},
		{"Laravel", laravel, "", onlyIndex},
		{"Symfony", symfony, "writable: [public/media]\n", onlyIndex},
		{"Laravel served from its root", laravel, "entrypoint: .\n", block("/public/storage/*")},
		{"none", public, "writable: [cache]\n", ""},
	} {
		got := written(t, provider.MustPlan(t, "language: php\n"+c.spec, c.f), "/etc/caddy/Caddyfile")
		if c.want != onlyIndex && strings.Contains(got, "@php") || c.want == "" && strings.Contains(got, "@writable") ||
			!strings.Contains(got, c.want+"\tphp_fastcgi") {
			t.Errorf("%s: the Caddyfile\n%s\nwant before php_fastcgi:\n%s", c.name, got, c.want)
		}
	}
}
