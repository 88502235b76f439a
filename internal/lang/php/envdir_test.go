package php

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// desk is a plain PHP application served from its root whose directories are set in a file
// two requires below the front controller, each behind an environment variable's fallback
// (kanboard's app/constants.php): its root a constant of '..', its records (data) and its
// add-ons below the root, its attachments below its records, a log file, a directory outside
// the project and one at an absolute path, and a variable from $_SERVER.
var desk = map[string]string{
	"index.php":     "<?php\ntry {\n    require __DIR__.'/core/boot.php';\n    run();\n} catch (Exception $e) {}\n",
	"core/boot.php": "<?php\nrequire __DIR__.'/../vendor/autoload.php';\nrequire_once(__DIR__ . '/paths.php');\n",
	"core/paths.php": "<?php\ndefine('DESK_ROOT', __DIR__.DIRECTORY_SEPARATOR.'..');\n" +
		"defined('RECORDS_DATA_DIR') or define('RECORDS_DATA_DIR', getenv('RECORDS_DATA_DIR') ?: DESK_ROOT.DIRECTORY_SEPARATOR.'records');\n" +
		"defined('ATTACHMENTS_DIR') or define('ATTACHMENTS_DIR', getenv('ATTACHMENTS_DIR') ?: RECORDS_DATA_DIR.DIRECTORY_SEPARATOR.'attachments');\n" +
		"defined('ADDONS_DIR') or define('ADDONS_DIR', getenv('ADDONS_DIR') ?: DESK_ROOT.'/addons');\n" +
		"defined('DESK_LOG_FILE') or define('DESK_LOG_FILE', getenv('DESK_LOG_FILE') ?: RECORDS_DATA_DIR.'/desk.log');\n" +
		"define('SHARED_DIR', getenv('SHARED_DIR') ?: __DIR__.'/../../shared');\n" +
		"define('SPOOL_DIR', getenv('SPOOL_DIR') ?: '/var/spool/desk');\n" +
		"define('THEME_DIR', DESK_ROOT.'/theme');\n" +
		"$exportPath = $_SERVER['EXPORT_PATH'] ?? dirname(__DIR__) . '/exports';\n",
	"records/.htaccess": "<IfModule mod_authz_core.c>\n  Require all denied\n</IfModule>\n",
}

// TestEnvironmentDirectories: a directory constant or variable a file the front controller
// requires (two deep) defines behind getenv() or $_SERVER with a path below the project as the
// fallback is the runtime user's, made by the builder; one below another, a file's, one outside
// the project, at an absolute path or without the environment's fallback is not.
func TestEnvironmentDirectories(t *testing.T) {
	ctx := maps.Clone(desk)
	ctx["composer.json"], ctx["composer.lock"] = `{"require": {"php": ">=8.3"}}`, `{"packages": []}`
	got := (Provider{}).Follow(nil, lang.Facts{"index.php": []byte(desk["index.php"]), "core/boot.php": []byte(desk["core/boot.php"])})
	if !slices.Equal(got, []string{"core/boot.php", "core/paths.php"}) {
		t.Errorf("Follow asks for %q, want the files the front controller requires and theirs, vendor's not", got)
	}
	p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	want := []string{"/app>/app/ ", "/app/records>/app/records/ 33:33", "/app/addons>/app/addons/ 33:33", "/app/exports>/app/exports/ 33:33"}
	if got := builderCopies(t, p); !slices.Equal(got, want) {
		t.Errorf("the runtime copies %q, want %q", got, want)
	}
	dirs := dataDirs(provider.Gathered(t, "language: php\n", ctx), appKind{})
	if len(dirs) != 3 || !strings.HasSuffix(dirs[0].From, "core/paths.php's RECORDS_DATA_DIR") {
		t.Errorf("the data directories %+v, want records/ from core/paths.php's RECORDS_DATA_DIR first", dirs)
	}
	// the same with $_ENV, and a framework's application names none
	ctx["core/paths.php"] = "<?php\n$dataDir = $_ENV['DATA_DIR'] ?? dirname(__FILE__) . '/../var/notes';\n"
	if got := builderCopies(t, provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))); !slices.Equal(got, []string{"/app>/app/ ", "/app/var/notes>/app/var/notes/ 33:33"}) {
		t.Errorf("$_ENV: the runtime copies %q", got)
	}
	ctx["artisan"], ctx["composer.json"] = "#!/usr/bin/env php\n", `{"require": {"laravel/framework": "^12.0"}}`
	if got := builderCopies(t, provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))); slices.Contains(got, "/app/var/notes>/app/var/notes/ 33:33") {
		t.Errorf("Laravel: the runtime copies %q", got)
	}
}

// TestEnvironmentDataDirectoryAnswers404: served from its root, such a data directory answers
// 404 as a denied one does (kanboard's data/, whose .htaccess its .dockerignore leaves out), its
// other directories are served; from public/, nothing is guarded.
func TestEnvironmentDataDirectoryAnswers404(t *testing.T) {
	ctx := maps.Clone(desk)
	ctx["composer.json"] = `{}`
	delete(ctx, "records/.htaccess")
	caddyfile := written(t, provider.MustPlan(t, "ports: [80]\n", provider.Gathered(t, "ports: [80]\n", ctx)), "/etc/caddy/Caddyfile")
	if !strings.Contains(caddyfile, " *.db /records /records/*\n\trespond @private 404\n") {
		t.Errorf("records/ is not guarded:\n%s", caddyfile)
	}
	private := func(caddyfile string) string { // the @private line (@writable's keep only PHP from running)
		_, line, _ := strings.Cut(caddyfile, "@private path")
		line, _, _ = strings.Cut(line, "\n")
		return line
	}
	if strings.Contains(private(caddyfile), "/addons") || strings.Contains(private(caddyfile), "/exports") {
		t.Errorf("a directory not named for data is guarded:\n%s", caddyfile)
	}
	ctx["records/.htaccess"] = desk["records/.htaccess"]
	caddyfile = written(t, provider.MustPlan(t, "ports: [80]\n", provider.Gathered(t, "ports: [80]\n", ctx)), "/etc/caddy/Caddyfile")
	if strings.Count(private(caddyfile), "/records/*") != 1 {
		t.Errorf("records/, denied and named for data, is guarded other than once:\n%s", caddyfile)
	}
	ctx["public/index.php"] = ctx["index.php"]
	if c := written(t, provider.MustPlan(t, "ports: [80]\n", provider.Gathered(t, "ports: [80]\n", ctx)), "/etc/caddy/Caddyfile"); strings.Contains(c, "@private") {
		t.Errorf("public/ is served, and the Caddyfile guards the project's root:\n%s", c)
	}
}

// TestParentOfARootFile: dirname(__DIR__) in a file at the project's root is the project's
// parent, so a directory below it is outside the project and not the runtime user's; in a file
// one directory down it is the project's root.
func TestParentOfARootFile(t *testing.T) {
	def := "<?php\ndefine('UPLOADS_DIR', getenv('UPLOADS_DIR') ?: dirname(__DIR__) . '/uploads');\n"
	for _, c := range []struct {
		files lang.Facts
		want  []string
	}{
		{lang.Facts{"index.php": []byte(def)}, nil},
		{lang.Facts{"index.php": []byte("<?php\nrequire __DIR__ . '/src/boot.php';\n"), "src/boot.php": []byte(def)}, []string{"uploads"}},
	} {
		var got []string
		for _, d := range envDirs(c.files) {
			got = append(got, d.dir)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: the environment's directories %q, want %q", slices.Sorted(maps.Keys(c.files)), got, c.want)
		}
	}
}
