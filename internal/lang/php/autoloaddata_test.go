package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestAutoloadedDataDirectory: a data directory named only in an autoloaded class, from a
// constant the root index.php defines as the root (PrivateBin's PATH . 'data' in
// lib/Configuration.php, PATH being the empty string), is the runtime user's, made by the builder, and answers
// 404 when the root is served; not from a constant on another base, a commented line, a name not
// of data, a static property, or a file below the psr-4 directory's own level.
func TestAutoloadedDataDirectory(t *testing.T) {
	const (
		tree     = "/app>/app/ "
		composer = `{"require": {"php": ">=8.3"}, "autoload": {"psr-4": {"Pastes\\": "src/"}}}`
		store    = "<?php\nnamespace Pastes;\nclass Store {\n    public static function defaults() {\n        return ['dir' => 'store', 'dsn' => 'sqlite:' . APP_ROOT . 'data' . DIRECTORY_SEPARATOR . 'notes.sq3'];\n    }\n}\n"
	)
	for _, c := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"an empty root constant",
			[]string{"index.php", "<?php\ndefine('APP_ROOT', '');\nrequire APP_ROOT . 'vendor/autoload.php';\n(new Pastes\\App())->run();\n", "src/Store.php", store},
			[]string{tree, "/app/data>/app/data/ 33:33"}},
		{"the index's own directory, a psr-4 list",
			[]string{"composer.json", `{"autoload": {"psr-4": {"Pastes\\": ["lib/", "../outside/"]}}}`,
				"index.php", "<?php\ndefine('APP_ROOT', __DIR__ . '/');\nrequire __DIR__ . '/vendor/autoload.php';\n",
				"lib/Files.php", "<?php\nclass Files { const DIR = APP_ROOT . '/upload_data/'; }\n"},
			[]string{tree, "/app/upload_data>/app/upload_data/ 33:33"}},
		{"a constant on another base",
			[]string{"index.php", "<?php\ndefine('APP_ROOT', '/srv/notes/');\n", "src/Store.php", store},
			[]string{tree}},
		{"a commented line, a name not of data, a static property, a nested class",
			[]string{"index.php", "<?php\ndefine('APP_ROOT', '');\n",
				"src/Store.php", "<?php\n// $dir = APP_ROOT . 'data';\n$tpl = APP_ROOT . 'templates';\n$x = self::APP_ROOT . 'olddata';\n",
				"src/Model/Db.php", "<?php\n$f = APP_ROOT . 'dbdata';\n"},
			[]string{tree}},
	} {
		ctx := langtest.With(map[string]string{"composer.json": composer, "composer.lock": `{"packages": []}`}, c.files...)
		p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
		if got := builderCopies(t, p); !slices.Equal(got, c.want) {
			t.Errorf("%s: the runtime copies %q, want %q", c.name, got, c.want)
		}
		if len(c.want) > 1 {
			dir := strings.TrimPrefix(strings.Split(c.want[1], ">")[0], "/app/")
			langtest.Has(t, c.name+": the Caddyfile", written(t, p, "/etc/caddy/Caddyfile"), " /"+dir+" /"+dir+"/*")
		}
	}
	// Follow asks for the psr-4 directories' files only when the root index.php defines its root
	f := lang.Facts{"composer.json": []byte(composer), "index.php": []byte("<?php\ndefine('APP_ROOT', '');\n")}
	if got := autoloadFollow(f); !slices.Equal(got, []string{"src/*.php"}) {
		t.Errorf("Follow asks for %q", got)
	}
	f["index.php"] = []byte("<?php\nrequire __DIR__ . '/vendor/autoload.php';\n")
	if got := autoloadFollow(f); len(got) != 0 {
		t.Errorf("without a root constant, Follow asks for %q", got)
	}
}
