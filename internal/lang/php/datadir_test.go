package php

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestDataDirectory: a plain PHP application's data directory is the runtime user's, made by
// the builder when the context lacks it: one a root file the front controller requires defines
// as a data constant below the root (FreshRSS's constants.php), or one the root index.php defines
// so; and a root directory whose .gitignore ignores everything in it and whose .htaccess denies
// every request (grocy's data/), or whose contents the root .gitignore ignores, the directory
// itself (Shaarli's data/) or what the directories in it hold (DokuWiki's data/cache/*), or, for
// a directory named for logs, temporary files or caches, what it holds (Roundcube's `logs/*`,
// not its config/ of the same shape). Neither
// sign alone, a constant on another base, files the user puts in a private directory
// (PrivateBin's cfg/*), and a framework's application name none.
func TestDataDirectory(t *testing.T) {
	const (
		denyAllBoth = "# no web access\n<IfModule mod_authz_core.c>\n    Require all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n    Deny from all\n</IfModule>\n"
		tree        = "/app>/app/ "
		redirect    = "<?php\nheader('Location: web2/', true, 301);\n"
		requireUp   = "<?php\nrequire(__DIR__ . '/../settings.php');\nrun();\n"
	)
	for _, c := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"a const root and a define, through the redirect's front controller",
			[]string{"index.php", redirect, "web2/index.php", requireUp,
				"settings.php", "<?php\nconst NOTES_ROOT = __DIR__;\ndefined('NOTES_DATA_PATH') or define('NOTES_DATA_PATH', NOTES_ROOT . '/userdata');\n"},
			[]string{tree, "/app/userdata>/app/userdata/ 33:33"}},
		{"the root index.php's own, with DIRECTORY_SEPARATOR",
			[]string{"index.php", "<?php\ndefine('DATA_DIR', dirname(__FILE__) . DIRECTORY_SEPARATOR . 'store');\nrequire_once __DIR__ . '/lib/run.php';\n"},
			[]string{tree, "/app/store>/app/store/ 33:33"}},
		{"public/index.php requiring a root file",
			[]string{"public/index.php", "<?php\nrequire_once(dirname(__FILE__) . '/../boot.php');\n",
				"boot.php", "<?php\ndefine('APP_ROOT', __DIR__);\ndefine('APP_DATAPATH', APP_ROOT . '/db/');\n"},
			[]string{tree, "/app/db>/app/db/ 33:33"}},
		{"a constant on another base",
			[]string{"public/index.php", "<?php\nrequire(__DIR__ . '/../boot.php');\n",
				"boot.php", "<?php\ndefine('DATA_PATH', SYSTEM_TMP . '/notes');\n"},
			[]string{tree}},
		{"a private directory kept only to exist",
			[]string{"public/index.php", "<?php\n", "records/.gitignore", "# written at run time\n*\n!.gitignore\n!.htaccess\n", "records/.htaccess", "Deny from all\n",
				"src/.gitignore", "generated.php\n", "src/.htaccess", "Require all denied\n",
				"scratch/.gitignore", "*\n", "public/.htaccess", "RewriteEngine On\n"},
			// scratch/ is kept empty for the application's writes (keptdirs.go), not private
			[]string{tree, "/app/records>/app/records/ 33:33", "/app/scratch>/app/scratch/ 33:33"}},
		{"private directories whose contents the root .gitignore ignores (Shaarli's, DokuWiki's)",
			[]string{"index.php", "<?php\n", ".gitignore", "# runtime\nstore\n/cache/\n/wiki/pages/*\n!/wiki/pages/start.txt\n/wiki/media/**\n/settings/*\n!/settings/defaults.php\n/lib/node_modules/\nuploads\n",
				"store/.htaccess", "<IfModule !version_module>\n    Require all denied\n</IfModule>\n<Files \"theme.css\">\n  Require all granted\n</Files>\n",
				"cache/.htaccess", "Deny from all\n", "wiki/.htaccess", "Require all denied\n",
				// a directory of settings the user adds, and one with a developer's tools, are not
				"settings/.htaccess", "Require all denied\n", "lib/.htaccess", "Require all denied\n",
				// nor one the root .gitignore ignores that the web may read
				"uploads/.htaccess", "Options -Indexes\n"},
			[]string{tree, "/app/cache>/app/cache/ 33:33", "/app/store>/app/store/ 33:33", "/app/wiki>/app/wiki/ 33:33"}},
		{"directories the root .gitignore empties with DIR/*, each kept by its .htaccess (Roundcube's logs/ and temp/, not config/)",
			[]string{"index.php", "<?php\nrequire_once 'program/include/iniset.php';\n", ".gitignore", "# what the directories come to hold\nlogs/*\ntemp/*\nconfig/*\nvendor\n",
				"logs/.htaccess", denyAllBoth, "temp/.htaccess", denyAllBoth, "config/.htaccess", denyAllBoth, "config/defaults.inc.php", "<?php\n$config = [];\n"},
			[]string{tree, "/app/logs>/app/logs/ 33:33", "/app/temp>/app/temp/ 33:33"}},
		{"a .htaccess denying only some files",
			[]string{"public/index.php", "<?php\n", "records/.gitignore", "*.db\n", "records/.htaccess", "<FilesMatch \"\\.db$\">\n  Require all denied\n</FilesMatch>\n"},
			[]string{tree}},
	} {
		ctx := langtest.With(map[string]string{"composer.json": `{"require": {"php": ">=8.3"}}`, "composer.lock": `{"packages": []}`}, c.files...)
		p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
		if got := builderCopies(t, p); !slices.Equal(got, c.want) {
			t.Errorf("%s: the runtime copies %q, want %q", c.name, got, c.want)
		}
		var mkdirs []string
		for _, r := range langtest.Runs(p.Stage("builder")) {
			if len(r.Args) > 2 && r.Args[0] == "mkdir" {
				mkdirs = append(mkdirs, r.Args[2:]...)
			}
		}
		if want := len(c.want) - 1; len(mkdirs) != want {
			t.Errorf("%s: the builder makes %q, want %d directories", c.name, mkdirs, want)
		}
	}
	// a Laravel application's are Laravel's
	f := langtest.With(lang.Facts{}, "composer.json", `{"require": {"laravel/framework": "^12.0"}}`, "composer.lock", `{"packages": []}`,
		"artisan", "#!/usr/bin/env php\n", "public/index.php", "<?php\nrequire __DIR__.'/../bootstrap/app.php';\n",
		"data/.gitignore", "*\n", "data/.htaccess", "Deny from all\n")
	// (a directory it keeps empty is the user's still, keptdirs.go, but not as a data directory)
	if got := dataDirs(f, appKind{Laravel: true}); got != nil || len(dataDirs(f, appKind{})) != 1 {
		t.Errorf("Laravel: the data directories %v", got)
	}
	// Follow asks for the root files the front controllers require, the redirect's included
	got := (Provider{}).Follow(nil, lang.Facts{"index.php": []byte(redirect), "web2/index.php": []byte(requireUp)})
	if !slices.Equal(got, []string{"web2/index.php", "settings.php"}) {
		t.Errorf("Follow asks for %q", got)
	}
}

// TestDataDirectoryTemplate: a settings file the root files require from the data directory
// (grocy's app.php: GROCY_DATAPATH . '/config.php'), which the context lacks, is copied there
// from its root template (config-dist.php) after the builder makes the directory; not when the
// context has the file, without a template, nor for a file required from elsewhere.
func TestDataDirectoryTemplate(t *testing.T) {
	grocy := map[string]string{
		"composer.json": `{"require": {"php": ">=8.3"}}`, "composer.lock": `{"packages": []}`,
		"public/index.php": "<?php\ndefine('GROCY_DATAPATH', $datapath);\nrequire_once __DIR__ . '/../app.php';\n",
		"app.php":          "<?php\nrequire_once __DIR__ . '/packages/autoload.php';\nrequire_once GROCY_DATAPATH . '/config.php';\nrequire_once __DIR__ . '/config-dist.php';\n",
		"config-dist.php":  "<?php\nSetting('MODE', 'production');\n",
		"data/.gitignore":  "*\n!.gitignore\n", "data/.htaccess": "Deny from all\n",
	}
	for _, c := range []struct {
		name   string
		change map[string]string // "" deletes
		want   []string
	}{
		{"grocy's", nil, []string{"mkdir -p data", "cp config-dist.php data/config.php"}},
		{"the context has the file", map[string]string{"data/config.php": "<?php\n"}, []string{"mkdir -p data"}},
		{"a template of another name", map[string]string{"config-dist.php": "", "config.sample.php": "<?php\n"}, []string{"mkdir -p data", "cp config.sample.php data/config.php"}},
		{"no template", map[string]string{"config-dist.php": ""}, []string{"mkdir -p data"}},
		{"required from elsewhere", map[string]string{"app.php": "<?php\nrequire_once APP_ROOT . '/config.php';\n"}, []string{"mkdir -p data"}},
	} {
		ctx := maps.Clone(grocy)
		for k, v := range c.change {
			if v == "" {
				delete(ctx, k)
			} else {
				ctx[k] = v
			}
		}
		p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
		var got []string
		for _, r := range langtest.Runs(p.Stage("builder")) {
			if r.Args[0] == "mkdir" || r.Args[0] == "cp" {
				got = append(got, strings.Join(r.Args, " "))
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: the builder runs %q, want %q", c.name, got, c.want)
		}
	}
}
