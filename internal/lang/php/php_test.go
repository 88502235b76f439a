package php

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

var provider = langtest.For(Provider{})

// TestMain plans on a fixed day, so that a line's end of life (PHPVersionEndOfLife) does not
// change the tests' plans as time passes: 8.1 and older have ended then, 8.2 (the example's) has not.
func TestMain(m *testing.M) {
	langtest.MainOn(m, 2026, 12, 5)
}

// written is the content of a file the runtime stage writes.
func written(t *testing.T, p *plan.Plan, name string) string {
	t.Helper()
	for _, w := range langtest.Steps[*plan.WriteFile](p.Stage("runtime")) {
		for _, f := range w.Files {
			if f.Path == name {
				return f.Data
			}
		}
	}
	t.Fatalf("the runtime writes no %s", name)
	return ""
}

// leavesOut checks that the builder's copy of the source leaves out each of excluded.
func leavesOut(t *testing.T, src *plan.Copy, excluded ...string) {
	t.Helper()
	for _, x := range excluded {
		if !slices.Contains(src.Exclude, x) {
			t.Errorf("the source copy does not leave out %s: %q", x, src.Exclude)
		}
	}
}

// builderCopies are the runtime's copies from builder, each "paths>dest chown"; the copy of the
// tree (to /app/) must leave out each of treeExcluded.
func builderCopies(t *testing.T, p *plan.Plan, treeExcluded ...string) []string {
	t.Helper()
	var copied []string
	for _, c := range langtest.Copies(p.Stage("runtime")) {
		if c.FromStage == "builder" {
			copied = append(copied, strings.Join(c.Paths, ",")+">"+c.Dest+" "+c.Chown)
			if c.Dest == "/app/" && slices.ContainsFunc(treeExcluded, func(x string) bool { return !slices.Contains(c.Exclude, x) }) {
				t.Errorf("the tree's copy keeps %q", c.Exclude)
			}
		}
	}
	return copied
}

// ownsDirs checks that the runtime copies each of dirs from builder as the runtime user's
// (33:33), the tree's copy leaving them out.
func ownsDirs(t *testing.T, p *plan.Plan, dirs ...string) {
	t.Helper()
	copied := builderCopies(t, p, dirs...)
	for _, d := range dirs {
		if !slices.Contains(copied, "/app/"+d+">/app/"+d+"/ 33:33") {
			t.Errorf("%s is not the runtime user's: %q", d, copied)
		}
	}
}

func TestExampleStagesCachesAndImage(t *testing.T) {
	p := provider.MustPlan(t, "ports: [8080]\n", provider.Example(t, "php"))
	deps := langtest.Deps(t, p, "php:8.4-cli")
	copies := langtest.Copies(deps)
	if len(copies) != 2 || copies[0].FromStage != "composer" || !slices.Equal(copies[0].Paths, []string{"/usr/bin/composer"}) ||
		!slices.Equal(copies[1].Include, []string{"composer.json", "composer.lock", "packages/greeting"}) {
		t.Errorf("deps copies %+v %+v: want composer, then composer.json, composer.lock and the path repository", copies[0], copies[1])
	}
	install := langtest.Runs(deps)[0]
	cache := plan.Mount{Type: plan.MountCache, ID: "composer", Target: "/root/.cache/composer", Sharing: "locked"}
	if strings.Join(install.Args, " ") != "composer install --no-dev --no-progress --prefer-dist --no-scripts --no-autoloader" ||
		!slices.Equal(install.Mounts, []plan.Mount{cache}) {
		t.Errorf("install %+v", install)
	}
	if !slices.Contains(deps.Env, plan.Env{Key: "COMPOSER_MIRROR_PATH_REPOS", Value: "1"}) ||
		!slices.Contains(deps.Env, plan.Env{Key: "COMPOSER_CACHE_DIR", Value: "/root/.cache/composer"}) {
		t.Errorf("deps env %+v", deps.Env)
	}
	if p.Stage("composer").Base.Image != "composer:2" || p.Stage("caddy").Base.Image != "caddy:2" || p.Stage("caddy").BuildPlatform {
		t.Errorf("composer %+v caddy %+v: want composer:2 on the build platform, caddy:2 on the target's", p.Stage("composer"), p.Stage("caddy"))
	}
	b := p.Stage("builder")
	if got := langtest.Commands(b); len(got) != 2 || got[0] != "composer dump-autoload --no-dev --optimize --classmap-authoritative" ||
		!strings.Contains(got[1], "test -e \"$f\"") {
		t.Errorf("builder runs %q", got)
	}
	if src := langtest.Copies(b)[0]; !slices.Contains(src.Exclude, "vendor") || !slices.Contains(src.Exclude, "auth.json") {
		t.Errorf("the source copy keeps %+v", src.Exclude)
	}
	if got := langtest.Commands(p.Stage("tester")); !slices.Equal(got, []string{"composer install --no-progress --prefer-dist", "composer test"}) {
		t.Errorf("tester runs %q", got)
	}
	if m := langtest.Runs(p.Stage("tester"))[0].Mounts; !slices.Equal(m, []plan.Mount{cache}) {
		t.Errorf("the dev install has mounts %+v", m)
	}

	rt := p.Stage("runtime")
	if rt.Base.Image != "php:8.4-fpm" || p.Image.User != "33:33" || p.Image.Workdir != "/app" ||
		!slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/php-serve"}) || len(p.Image.Env) != 0 {
		t.Errorf("runtime %s: image %+v", rt.Base.Image, p.Image)
	}
	var copied []string
	for _, c := range langtest.Copies(rt) {
		copied = append(copied, c.FromStage+":"+strings.Join(c.Paths, ",")+">"+c.Dest+c.Chown)
	}
	if !slices.Equal(copied, []string{"caddy:/usr/bin/caddy>/usr/local/bin/caddy",
		"php-base:/usr/local/etc/php/php.ini-production>/usr/local/etc/php/php.ini", "builder:/app>/app/"}) {
		t.Errorf("the runtime copies %q", copied)
	}
	caddyfile := written(t, p, "/etc/caddy/Caddyfile")
	langtest.Has(t, "the Caddyfile", caddyfile, "admin off", "auto_https off", ":{$PORT:8080} {", "root * /app/public", "php_fastcgi 127.0.0.1:9000")
	if strings.Contains(caddyfile, "@private") {
		t.Errorf("public/ is served, and the Caddyfile still guards the project's root:\n%s", caddyfile)
	}
	if pool := written(t, p, "/usr/local/etc/php-fpm.d/zz-multistage-frontend.conf"); !strings.Contains(pool, "listen = 127.0.0.1:9000") ||
		!strings.Contains(pool, "clear_env = no") {
		t.Errorf("pool:\n%s", pool)
	}
	script := written(t, p, "/usr/local/bin/php-serve")
	langtest.Has(t, "php-serve", script, `exec "$@"`, "php-fpm --nodaemonize", "caddy run --config /etc/caddy/Caddyfile", `kill -QUIT "$fpm"`, "exit 1")
	if strings.Contains(script, "artisan") {
		t.Errorf("a plain PHP project runs artisan:\n%s", script)
	}
	if ini := written(t, p, "/usr/local/etc/php/conf.d/zz-multistage-frontend.ini"); !strings.Contains(ini, "zend_extension=opcache") ||
		!strings.Contains(ini, "opcache.validate_timestamps=0") {
		t.Errorf("ini:\n%s", ini)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}
}

func TestLaravel(t *testing.T) {
	p := provider.MustPlan(t, "language: php\n", provider.Read(t, filepath.Join("testdata", "laravel")))
	if p.Stage("deps").Base.Image != "php:8.3-cli" || p.Stage("runtime").Base.Image != "php:8.3-fpm" {
		t.Errorf("images %s %s: want PHP 8.3 from require.php", p.Stage("deps").Base.Image, p.Stage("runtime").Base.Image)
	}
	// laravel/framework comes as a zip archive: unzip is installed (apt, cached) before the files
	if setup := langtest.Commands(p.Stage("deps")); len(setup) != 2 || !strings.Contains(setup[0], "apt-get install") || setup[0][len(setup[0])-5:] != "unzip" {
		t.Errorf("deps runs %q: want unzip installed before composer install", setup)
	}
	b := p.Stage("builder")
	got := langtest.Commands(b)
	want := []string{"mkdir -p storage/app/public storage/framework/cache/data storage/framework/sessions storage/framework/views storage/logs bootstrap/cache",
		"composer dump-autoload --no-dev --optimize --classmap-authoritative", "php artisan storage:link",
		"php artisan route:cache", "php artisan view:cache", "php artisan event:cache"}
	if len(got) != len(want)+1 || !slices.Equal(got[:len(want)], want) {
		t.Errorf("builder runs %q, want %q and the check", got, want)
	}
	if r := langtest.Runs(b)[2]; !slices.Contains(r.Env, plan.Env{Key: "APP_ENV", Value: "production"}) {
		t.Errorf("artisan runs with %+v", r.Env)
	}
	leavesOut(t, langtest.Copies(b)[0], ".env", "bootstrap/cache/*.php", "storage/logs/*", "public/hot", "vendor")
	if got := langtest.Commands(p.Stage("tester")); got[len(got)-1] != "php artisan test" {
		t.Errorf("tester runs %q", got)
	}

	if copied := builderCopies(t, p, "storage", "tests"); !slices.Equal(copied, []string{"/app>/app/ ", "/app/storage>/app/storage/ 33:33", "/app/bootstrap/cache>/app/bootstrap/cache/ 33:33"}) {
		t.Errorf("the runtime copies %q: want the tree root-owned, storage and bootstrap/cache owned by www-data", copied)
	}
	if !slices.Equal(p.Image.Env, []plan.Env{{Key: "APP_ENV", Value: "production"}, {Key: "LOG_CHANNEL", Value: "stderr"}}) {
		t.Errorf("env %+v", p.Image.Env)
	}
	script := written(t, p, "/usr/local/bin/php-serve")
	if i, j := strings.Index(script, "php /app/artisan config:cache"), strings.Index(script, "php-fpm --nodaemonize"); i < 0 || j < i ||
		strings.Index(script, `exec "$@"`) > i {
		t.Errorf("php-serve does not cache the configuration at start, before the servers and after a command:\n%s", script)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}

	// a named user cannot own storage/
	if _, err := provider.TryPlan(t, "language: php\nuser: www-data\n", provider.Read(t, filepath.Join("testdata", "laravel"))); err == nil ||
		!strings.Contains(err.Error(), "must be a uid") {
		t.Errorf("user: www-data: %v", err)
	}
	// an older Laravel has no event:cache
	f := provider.Read(t, filepath.Join("testdata", "laravel"))
	f["composer.lock"] = []byte(strings.Replace(string(f["composer.lock"]), `"v11.9.2"`, `"v5.7.29"`, 1))
	if got := langtest.Commands(provider.MustPlan(t, "language: php\n", f).Stage("builder")); slices.Contains(got, "php artisan event:cache") {
		t.Errorf("Laravel 5.7: %q", got)
	}
}

// laravelApp is testdata/laravel with more files (name, content pairs).
func laravelApp(t *testing.T, more ...string) lang.Facts {
	return langtest.With(provider.Read(t, filepath.Join("testdata", "laravel")), more...)
}

func composerFacts(json string, more ...string) lang.Facts {
	return langtest.With(lang.Facts{"composer.json": []byte(json), "composer.lock": []byte(`{"packages": []}`), "public/index.php": nil}, more...)
}

func TestVersion(t *testing.T) {
	for _, c := range []struct {
		spec, json, file, want string
	}{
		{"", `{}`, "", "8.4"},
		{"version: 8.3\n", `{"require": {"php": "^8.1"}}`, "", "8.3"},
		{"version: \"8.3.14\"\n", `{}`, "", "8.3.14"},
		{"", `{"require": {"php": "^8.1"}, "config": {"platform": {"php": "8.2.10"}}}`, "8.0", "8.2"},
		{"", `{"require": {"php": "^8.1"}}`, "8.3.2\n", "8.3"},
		{"", `{"require": {"php": ">=8.1 <8.4"}}`, "", "8.1"},
		{"", `{"require": {"php": "^7.4 || ^8.1"}}`, "", "8.1"},
		{"", `{"require": {"php": "~8.3.0"}}`, "", "8.3"},
		{"", `{"require": {"php": "8.2.*"}}`, "", "8.2"},
		{"", `{"require": {"php": "^8"}}`, "", "8.0"},
		{"", `{"require": {"php": "*"}}`, "", "8.4"},
	} {
		f := composerFacts(c.json)
		if c.file != "" {
			f[".php-version"] = []byte(c.file)
		}
		p := provider.MustPlan(t, "language: php\n"+c.spec, f)
		if got := p.Stage("deps").Base.Image; got != "php:"+c.want+"-cli" {
			t.Errorf("%s%s %q: builder %s, want PHP %s", c.spec, c.json, c.file, got, c.want)
		}
	}
	if _, err := provider.TryPlan(t, "language: php\nversion: latest\n", composerFacts(`{}`)); err == nil ||
		!strings.Contains(err.Error(), "not a PHP version") {
		t.Errorf("version: latest: %v", err)
	}
}

// TestPHPVersionEndOfLife: a version of a line past its end of life, wherever it comes from, is
// warned of with its date and source, at `version` when the spec names it; a supported one, a
// major alone and the default are not.
func TestPHPVersionEndOfLife(t *testing.T) {
	dotFile := func(v string) lang.Facts { return composerFacts(`{}`, ".php-version", v) }
	for _, c := range []struct {
		src   string
		facts lang.Facts
		want  string // the warning's start, "" for none
	}{
		// Slim-Skeleton's: the newest alternative's lower bound, 8.0
		{"", composerFacts(`{"require": {"php": "^7.4 || ^8.0"}}`),
			"PHP 8.0 reached its end of life on 2023-11-26 (composer.json's require.php \"^7.4 || ^8.0\")"},
		{"version: \"8.1\"\n", composerFacts(`{}`), "PHP 8.1 reached its end of life on 2025-12-31 (the spec's `version`)"},
		{"version: 7.4.33\n", composerFacts(`{}`), "PHP 7.4 reached its end of life on 2022-11-28 (the spec's `version`)"},
		{"", composerFacts(`{"config": {"platform": {"php": "7.3.0"}}}`),
			"PHP 7.3 reached its end of life on 2021-12-06 (composer.json's config.platform.php 7.3.0)"},
		{"", dotFile("5.6\n"), "PHP 5.6 reached its end of life on 2018-12-31 (.php-version 5.6)"},
		{"", composerFacts(`{"require": {"php": "^8.2"}}`), ""},
		{"", dotFile("8.3.2\n"), ""},
		{"version: \"8\"\n", composerFacts(`{}`), ""},
		{"version: \"9.0\"\n", composerFacts(`{}`), ""},
		{"", composerFacts(`{}`), ""},
	} {
		provider.EndOfLife(t, "php", "PHPVersionEndOfLife", "8.4", c.src, c.facts, c.want)
	}
	// a line's end of life is a day: the day before, 8.4 is supported. examples/php and the
	// e2e fixtures are on the testbed's PHP 8.4 stand-in: from 2028-12-31 their check warns
	// PHPVersionEndOfLife and nothing else, which is why no test may assert a clean check of
	// them on the wall clock (the e2e tests build through the frontend image, whose day is the
	// machine's; none asserts their warnings).
	for _, dir := range []string{"examples/php", "internal/e2e/testdata/php-symfony", "internal/e2e/testdata/php-data", "internal/e2e/testdata/php-yarn-packages",
		"internal/e2e/testdata/php-mix"} {
		dir = filepath.Join("..", "..", "..", dir)
		src, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
		if err != nil {
			t.Fatal(err)
		}
		facts := provider.ReadFollowed(t, langtest.Spec(t, string(src)), dir)
		for day, want := range map[int]string{30: "", 31: "PHPVersionEndOfLife"} {
			langtest.OnDay(t, 2028, 12, day)
			if rules := langtest.Rules(provider.MustPlan(t, string(src), facts)); strings.Join(rules, " ") != want {
				t.Errorf("%s (PHP 8.4) on 2028-12-%d warns %q, want %q", dir, day, rules, want)
			}
		}
	}
}

func TestRuntimes(t *testing.T) {
	f := composerFacts(`{"require": {"php": "^8.3"}}`)
	p := provider.MustPlan(t, "language: php\nruntime: alpine\n", f)
	if p.Stage("runtime").Base.Image != "php:8.3-fpm-alpine" || p.Image.User != "82:82" || p.Stage("caddy") == nil {
		t.Errorf("alpine: %s as %s", p.Stage("runtime").Base.Image, p.Image.User)
	}

	p = provider.MustPlan(t, "language: php\nruntime: frankenphp\n", f)
	if p.Stage("runtime").Base.Image != "dunglas/frankenphp:1-php8.3" || p.Image.User != "33:33" || p.Stage("caddy") != nil {
		t.Errorf("frankenphp: %s as %s, caddy stage %v", p.Stage("runtime").Base.Image, p.Image.User, p.Stage("caddy") != nil)
	}
	caddyfile := written(t, p, "/etc/frankenphp/Caddyfile")
	if !strings.Contains(caddyfile, "\tfrankenphp\n") || !strings.Contains(caddyfile, "php_server") || strings.Contains(caddyfile, "php_fastcgi") {
		t.Errorf("FrankenPHP's Caddyfile:\n%s", caddyfile)
	}
	if script := written(t, p, "/usr/local/bin/php-serve"); !strings.Contains(script, "exec frankenphp run --config /etc/frankenphp/Caddyfile") ||
		strings.Contains(script, "php-fpm") {
		t.Errorf("FrankenPHP's php-serve:\n%s", script)
	}
	if ini := written(t, p, "/usr/local/etc/php/conf.d/zz-multistage-frontend.ini"); strings.Contains(ini, "zend_extension") {
		t.Errorf("FrankenPHP loads OPcache already:\n%s", ini)
	}
	if ini := written(t, provider.MustPlan(t, "language: php\nversion: \"8.5\"\n", f), "/usr/local/etc/php/conf.d/zz-multistage-frontend.ini"); strings.Contains(ini, "zend_extension") {
		t.Errorf("PHP 8.5 builds OPcache in:\n%s", ini)
	}

	for spec, want := range map[string]string{
		"runtime: frankenphp\nversion: \"8.1\"\n": "FrankenPHP runs PHP 8.2 and later",
		"runtime: scratch\n":                      "`runtime: scratch` has no PHP",
	} {
		if _, err := provider.TryPlan(t, "language: php\n"+spec, f); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", spec, err, want)
		}
	}
	p = provider.MustPlan(t, "language: php\nruntime: registry.example.com/php:8.3-fpm-intl\n", f)
	if p.Stage("caddy") == nil || p.Image.User != lang.NonRoot {
		t.Errorf("an image of one's own: caddy %v, user %s", p.Stage("caddy") != nil, p.Image.User)
	}
}

func TestWebRoot(t *testing.T) {
	for _, c := range []struct {
		spec  string
		files []string
		root  string
	}{
		{"", []string{"public/index.php", "index.php"}, "/app/public"},
		{"", []string{"web/index.php"}, "/app/web"},
		{"", []string{"index.php"}, "/app"},
		{"entrypoint: htdocs\n", []string{"index.php"}, "/app/htdocs"},
	} {
		f := lang.Facts{"composer.json": []byte(`{}`)}
		for _, name := range c.files {
			f[name] = nil
		}
		p := provider.MustPlan(t, "language: php\n"+c.spec, f)
		caddyfile := written(t, p, "/etc/caddy/Caddyfile")
		if !strings.Contains(caddyfile, "root * "+c.root+"\n") {
			t.Errorf("%s%q: serves\n%s", c.spec, c.files, caddyfile)
		}
		if guarded := strings.Contains(caddyfile, "@private path /vendor"); guarded != (c.root == "/app") {
			t.Errorf("%s%q: private files guarded %v:\n%s", c.spec, c.files, guarded, caddyfile)
		}
	}
	for spec, want := range map[string]string{
		"":                             "no public/index.php, web/index.php or index.php",
		"entrypoint: public/app.php\n": "the build context has no public/app.php, the front controller `entrypoint` names",
		"entrypoint: ../www\n":         "not a path inside the build context",
	} {
		if _, err := provider.TryPlan(t, "language: php\n"+spec, lang.Facts{"composer.json": []byte(`{}`)}); err == nil ||
			!strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", spec, err, want)
		}
	}
}

func TestNotes(t *testing.T) {
	f := lang.Facts{"composer.json": []byte(`{"require": {"ext-intl": "*", "ext-mbstring": "*", "acme/x": "^1"}}`), "index.php": nil}
	p := provider.MustPlan(t, "language: php\n", f)
	if got := langtest.Rules(p); !slices.Equal(got, []string{"MissingLockfile", "MissingPHPExtension", "NoTestRunner"}) {
		t.Errorf("notes %q", got)
	}
	for _, n := range p.Notes {
		if n.Rule == "MissingPHPExtension" && (!strings.Contains(n.Msg, "ext-intl") || strings.Contains(n.Msg, "mbstring") ||
			!strings.Contains(n.Msg, "php:8.4-fpm")) {
			t.Errorf("%s", n.Msg)
		}
	}
	if got := langtest.Rules(provider.MustPlan(t, "language: php\ntest: php -l index.php\n", f)); slices.Contains(got, "NoTestRunner") {
		t.Errorf("a spec test command still warns: %q", got)
	}
	for json, want := range map[string]string{
		`{"require-dev": {"pestphp/pest": "^2"}}`:                                 "vendor/bin/pest",
		`{"require-dev": {"phpunit/phpunit": "^11"}}`:                             "vendor/bin/phpunit",
		`{"scripts": {"test": "phpunit"}, "require-dev": {"pestphp/pest": "^2"}}`: "composer test",
	} {
		got := langtest.Commands(provider.MustPlan(t, "language: php\n", composerFacts(json)).Stage("tester"))
		if got[len(got)-1] != want {
			t.Errorf("%s: tests run %q, want %s", json, got, want)
		}
	}
}

func TestWithoutComposer(t *testing.T) {
	p := provider.MustPlan(t, "ports: [8080]\n", lang.Facts{"index.php": []byte("<?php echo 1;")})
	if p.Stage("composer") != nil || len(langtest.Runs(p.Stage("deps"))) != 0 {
		t.Errorf("a project without composer.json installs: %q", langtest.Commands(p.Stage("deps")))
	}
	if got := langtest.Commands(p.Stage("tester")); len(got) != 1 || !strings.Contains(got[0], "php -l") {
		t.Errorf("tester runs %q, want PHP's syntax check", got)
	}
	if src := langtest.Copies(p.Stage("builder"))[0]; slices.Contains(src.Exclude, "vendor") {
		t.Errorf("a committed vendor/ is left out: %q", src.Exclude)
	}
}

func TestPathRepositories(t *testing.T) {
	p := provider.MustPlan(t, "language: php\n", composerFacts(`{"repositories": {"local": {"type": "path", "url": "./packages/*"},
		"vcs": {"type": "vcs", "url": "https://example.com/x.git"}}}`))
	if cp := langtest.Copies(p.Stage("deps"))[1]; !slices.Equal(cp.Include, []string{"composer.json", "composer.lock", "packages/*"}) {
		t.Errorf("deps copies %q", cp.Include)
	}
	for _, url := range []string{"../shared", "/opt/pkg", "."} {
		_, err := provider.TryPlan(t, "language: php\n", composerFacts(`{"repositories": [{"type": "path", "url": "`+url+`"}]}`))
		if err == nil || !strings.Contains(err.Error(), "not a directory inside the build context") {
			t.Errorf("path repository %s: %v", url, err)
		}
	}
	p = provider.MustPlan(t, "language: php\n", composerFacts(`{"config": {"classmap-authoritative": false}}`))
	if got := langtest.Commands(p.Stage("builder"))[0]; got != "composer dump-autoload --no-dev --optimize" {
		t.Errorf("the project turns the authoritative classmap off, and the builder runs %q", got)
	}
}

// A Symfony application in the shape of the skeleton with Flex's auto-scripts and the asset
// mapper: .env (committed) says dev, whose bundles composer install --no-dev leaves out, so
// every command that boots the kernel, at build time and in the image, runs in prod.
func TestSymfony(t *testing.T) {
	composerJSON := `{
  "type": "project",
  "require": {"php": ">=8.2", "symfony/framework-bundle": "7.3.*", "symfony/asset-mapper": "7.3.*", "symfony/runtime": "7.3.*"},
  "require-dev": {"phpunit/phpunit": "^11.5", "symfony/web-profiler-bundle": "7.3.*"},
  "scripts": {
    "auto-scripts": {"cache:clear": "symfony-cmd", "assets:install %PUBLIC_DIR%": "symfony-cmd", "importmap:install": "symfony-cmd"},
    "post-install-cmd": ["@auto-scripts"]
  }
}`
	facts := func(json string) lang.Facts {
		return langtest.With(lang.Facts{}, "composer.json", json, "composer.lock", `{"packages": []}`,
			"bin/console", "#!/usr/bin/env php\n", "public/index.php", "<?php\n")
	}
	p := provider.MustPlan(t, "language: php\n", facts(composerJSON))
	b := p.Stage("builder")
	want := []string{"mkdir -p var/cache var/log",
		"composer dump-autoload --no-dev --optimize --classmap-authoritative",
		"composer run-script --no-dev post-install-cmd", "php bin/console asset-map:compile"}
	if got := langtest.Commands(b); len(got) != len(want)+1 || !slices.Equal(got[:len(want)], want) {
		t.Errorf("builder runs %q, want %q and the check", got, want)
	}
	for _, r := range langtest.Runs(b)[1:4] {
		if !slices.Equal(r.Env, []plan.Env{{Key: "APP_ENV", Value: "prod"}, {Key: "APP_DEBUG", Value: "0"}}) {
			t.Errorf("%q runs with %+v, want APP_ENV=prod APP_DEBUG=0", r.Args, r.Env)
		}
	}
	src := langtest.Copies(b)[0]
	leavesOut(t, src, ".env.local", ".env.local.php", ".env.*.local", "var/*", "public/bundles", "public/assets", "vendor")
	if slices.Contains(src.Exclude, ".env") {
		t.Errorf("the source copy leaves out .env, which Symfony reads: %q", src.Exclude)
	}
	if copied := builderCopies(t, p, "var", "phpunit.dist.xml"); !slices.Equal(copied, []string{"/app>/app/ ", "/app/var>/app/var/ 33:33"}) {
		t.Errorf("the runtime copies %q: want the tree root-owned, var/ owned by www-data", copied)
	}
	if !slices.Equal(p.Image.Env, []plan.Env{{Key: "APP_ENV", Value: "prod"}}) {
		t.Errorf("env %+v", p.Image.Env)
	}
	if script := written(t, p, "/usr/local/bin/php-serve"); strings.Contains(script, "artisan") {
		t.Errorf("php-serve runs artisan:\n%s", script)
	}
	if _, err := provider.TryPlan(t, "language: php\nuser: www-data\n", facts(composerJSON)); err == nil || !strings.Contains(err.Error(), "must be a uid") {
		t.Errorf("user: www-data: %v", err)
	}

	// without Flex's scripts the cache is cleared by the build; without the asset mapper nothing is compiled
	bare := `{"require": {"symfony/framework-bundle": "^7.3"}}`
	if got := langtest.Commands(provider.MustPlan(t, "language: php\n", facts(bare)).Stage("builder")); !slices.Contains(got, "php bin/console cache:clear") ||
		slices.Contains(got, "php bin/console asset-map:compile") {
		t.Errorf("builder without auto-scripts runs %q", got)
	}
	// the bundle without bin/console (a library, a micro-kernel script) is no Symfony application
	f := facts(bare)
	delete(f, "bin/console")
	if p := provider.MustPlan(t, "language: php\n", f); len(p.Image.Env) != 0 {
		t.Errorf("no bin/console: env %+v", p.Image.Env)
	}
}

// A Laravel or Symfony front end built by a script the frontend does not build by default
// (a BookStack-shaped package.json: esbuild and sass into public/dist by `production`, a
// development `build`; pterodactyl's webpack, `build:production` into webpack.config.js's
// output.path) is a FrontEndNotBuilt warning naming the script and, when webpack's
// configuration says, its output; the Vite and Encore builds, which are default assets, a
// committed build (Mix's manifest, pixelfed's; a Vite manifest in public/build with its
// entries' files, crater's; not a manifest without them) and a spec's assets are not.
func TestFrontEndNotBuilt(t *testing.T) {
	laravel := provider.Read(t, filepath.Join("testdata", "laravel"))
	withPackage := func(f lang.Facts, pkg string) lang.Facts {
		out := lang.Facts{"package.json": []byte(pkg)}
		for k, v := range f {
			out[k] = v
		}
		return out
	}
	esbuild := `{"private": true, "scripts": {"build": "npm-run-all --parallel build:*:dev", "build:js:dev": "node dev/build/esbuild.js",
  "production": "npm-run-all --parallel build:*:production", "build:css:production": "sass ./resources/sass:./public/dist -s compressed"},
  "devDependencies": {"esbuild": "^0.25", "sass": "^1.89", "npm-run-all": "^4.1"}}`
	symfony := langtest.With(lang.Facts{}, "composer.json", `{"require": {"symfony/framework-bundle": "^7.3"}}`, "composer.lock", `{"packages": []}`,
		"bin/console", "", "public/index.php", "")
	notes := func(src string, f lang.Facts) []string {
		var out []string
		for _, n := range provider.MustPlan(t, src, f).Notes {
			if n.Rule == "FrontEndNotBuilt" {
				out = append(out, n.Rule+": "+n.Msg)
			}
		}
		return out
	}
	got := notes("language: php\n", withPackage(laravel, esbuild))
	if len(got) != 1 || !strings.HasPrefix(got[0], "FrontEndNotBuilt: package.json's `production` script builds the front end") ||
		!strings.Contains(got[0], "assets: {dir: ., script: production, output: <the directory it writes") {
		t.Errorf("esbuild and sass: %q", got)
	}
	// pterodactyl's: plain webpack, `build` a development build, `build:production` the
	// production one, into the output.path webpack.config.js joins to its directory
	webpack := `{"scripts": {"build": "cross-env NODE_ENV=development webpack --progress", "build:production": "cross-env NODE_ENV=production webpack --mode production"},
  "devDependencies": {"webpack": "^5"}}`
	config := "module.exports = {\n    output: {\n        path: path.join(__dirname, '/public/assets'),\n        filename: 'bundle.[chunkhash:8].js',\n    },\n};\n"
	got = notes("language: php\n", langtest.With(withPackage(laravel, webpack), "webpack.config.js", config))
	if len(got) != 1 || !strings.Contains(got[0], "`build:production` script") || !strings.Contains(got[0], "script: build:production, output: <the directory it writes, e.g. public/assets>") {
		t.Errorf("webpack's production build: %q", got)
	}
	for _, odd := range []string{"path.join(__dirname, '../shared')", "path.join(__dirname, '/')", "path.resolve(__dirname, dir)"} {
		got = notes("language: php\n", langtest.With(withPackage(laravel, webpack), "webpack.config.js", strings.Replace(config, "path.join(__dirname, '/public/assets')", odd, 1)))
		if len(got) != 1 || !strings.Contains(got[0], "e.g. public/dist>") {
			t.Errorf("webpack's output.path %s: %q", odd, got)
		}
	}
	mix := `{"scripts": {"dev": "npm run development", "build": "mix --production"}, "devDependencies": {"laravel-mix": "^6"}}`
	laravelVite := `{"private": true, "scripts": {"dev": "vite", "build": "vite build"}, "devDependencies": {"laravel-vite": "^0.0.7", "vite": "^2.6"}}`
	viteManifest := `{"resources/scripts/main.js": {"file": "assets/main.4c1d2e9a.js", "src": "resources/scripts/main.js", "isEntry": true,
  "imports": ["_vendor.77b0c3f1.js"]}, "_vendor.77b0c3f1.js": {"file": "assets/vendor.77b0c3f1.js"}}`
	if got := notes("language: php\n", withPackage(laravel, laravelVite)); len(got) != 1 || !strings.Contains(got[0], "`build` script") {
		t.Errorf("laravel-vite, nothing committed: %q", got)
	}
	if got := notes("language: php\n", withPackage(symfony, mix)); len(got) != 1 || !strings.Contains(got[0], "`build` script") {
		t.Errorf("Symfony with another bundler's build: %q", got)
	}
	for name, f := range map[string]lang.Facts{
		"Vite":       withPackage(laravel, `{"scripts": {"build": "vite build"}, "devDependencies": {"laravel-vite-plugin": "^2", "vite": "^7"}}`),
		"Encore":     withPackage(symfony, `{"scripts": {"build": "encore production"}, "devDependencies": {"@symfony/webpack-encore": "^5"}}`),
		"no scripts": withPackage(laravel, `{"devDependencies": {"axios": "^1"}}`),
		// FreeScout's: Mix's scripts, no package to run them, the built files committed
		"no packages": withPackage(laravel, `{"scripts": {"production": "cross-env NODE_ENV=production node_modules/webpack/bin/webpack.js"}, "devDependencies": {}}`),
		"not Laravel": withPackage(composerFacts(`{"require": {"slim/slim": "^4"}}`), esbuild),
		// pixelfed's: Mix's `production`, its output and manifest committed
		"Mix's manifest committed": langtest.With(withPackage(laravel, `{"scripts": {"development": "mix", "production": "mix --production"}, "devDependencies": {"laravel-mix": "^6"}}`),
			"public/mix-manifest.json", `{"/js/app.js": "/js/app.js?id=1"}`),
		// crater's: Vite through the laravel-vite package (innocenzi's, whose plugin runs PHP),
		// its build in public/build committed, the manifest and its entries' files
		"a Vite build committed": langtest.With(withPackage(laravel, laravelVite), "public/build/manifest.json", viteManifest,
			"public/build/assets/main.4c1d2e9a.js", "console.log(1)\n"),
		"a Vite 5 build committed": langtest.With(withPackage(laravel, laravelVite), "public/build/.vite/manifest.json", viteManifest,
			"public/build/assets/main.4c1d2e9a.js", "console.log(1)\n"),
	} {
		if got := notes("language: php\n", f); len(got) != 0 {
			t.Errorf("%s: %q", name, got)
		}
	}
	// the manifest committed, the files it names not: no build
	if got := notes("language: php\n", langtest.With(withPackage(laravel, laravelVite), "public/build/manifest.json", viteManifest)); len(got) != 1 {
		t.Errorf("a Vite manifest without its files: %q", got)
	}
	if got := notes("language: php\nassets: {dir: ., script: production, output: public/dist}\n", withPackage(laravel, esbuild)); len(got) != 0 {
		t.Errorf("assets in the spec: %q", got)
	}
}

// Symfony's deployment docs compile the .env files for production with Flex's `composer
// dump-env prod` (the skeleton's .env says so; Symfony's Docker setup runs it after the
// autoloader, before post-install-cmd): it runs when Flex is a production package composer may
// run (allow-plugins) and symfony/dotenv, which it loads, is installed without the dev packages.
func TestSymfonyDumpEnv(t *testing.T) {
	facts := func(json string) lang.Facts {
		return langtest.With(lang.Facts{}, "composer.json", json, "composer.lock", `{"packages": []}`,
			"bin/console", "#!/usr/bin/env php\n", "public/index.php", "<?php\n")
	}
	skeleton := `{"type": "project",
  "require": {"php": ">=8.2", "symfony/dotenv": "7.3.*", "symfony/flex": "^2", "symfony/framework-bundle": "7.3.*", "symfony/runtime": "7.3.*"},
  "config": {"allow-plugins": {"symfony/flex": true, "symfony/runtime": true}},
  "scripts": {"auto-scripts": {"cache:clear": "symfony-cmd"}, "post-install-cmd": ["@auto-scripts"]}}`
	want := []string{"mkdir -p var/cache var/log", "composer dump-autoload --no-dev --optimize --classmap-authoritative",
		"composer dump-env prod", "composer run-script --no-dev post-install-cmd"}
	if got := langtest.Commands(provider.MustPlan(t, "language: php\n", facts(skeleton)).Stage("builder")); len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("builder runs %q, want %q first", got, want)
	}
	for name, json := range map[string]string{
		"Flex not allowed": strings.Replace(skeleton, `"symfony/flex": true`, `"symfony/flex": false`, 1),
		"no allow-plugins": strings.Replace(skeleton, `"allow-plugins"`, `"sort-packages": true, "x"`, 1),
		"dotenv for dev only": strings.Replace(strings.Replace(skeleton, `"symfony/dotenv": "7.3.*", `, "", 1),
			`"config"`, `"require-dev": {"symfony/dotenv": "7.3.*"}, "config"`, 1),
		"no Flex": strings.Replace(skeleton, `"symfony/flex": "^2", `, "", 1),
	} {
		if got := langtest.Commands(provider.MustPlan(t, "language: php\n", facts(json)).Stage("builder")); slices.Contains(got, "composer dump-env prod") {
			t.Errorf("%s: builder runs %q", name, got)
		}
	}
}
