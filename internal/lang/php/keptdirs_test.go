package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestKeptDirectories: a directory the repository keeps empty for the application's writes is
// the runtime user's, and a PHP file there answers 404 when the web root holds it: one whose
// .gitignore ignores everything in it, down to three levels (Flarum's storage/cache and
// public/assets), and one holding only a .gitkeep or .keep whose contents the root .gitignore
// ignores (Grav's cache/, Bedrock's web/app/uploads); and one the context holds whose contents
// the .dockerignore leaves out (Shaarli's `data/*`, even from a .dockerignore leaving itself
// out), or where it leaves out an SQLite database (shlink's `data/database.sqlite`), one named
// for data answering 404 from a served root. Not a keep file the root .gitignore does not
// ignore around, a .dockerignore directory with files brought back (`!tpl/default`) or that
// the context lacks, composer's install directories (Bedrock's web/app/plugins, an
// installer-paths target, and web/wp), vendor/, tests; in a Laravel or Symfony application, its
// uploads (Koillection's public/uploads, Leantime's userfiles/ and public/userfiles, a Laravel
// application's public/uploads), not what the framework writes already (storage, var) nor its
// front end's output (Leantime's Mix public path, public/dist; Encore's public/build).
func TestKeptDirectories(t *testing.T) {
	const tree = "/app>/app/ "
	for _, c := range []struct {
		name     string
		composer string
		files    []string
		want     []string
		noPHP    string // the Caddyfile's @writable path, "" for none
		private  string // a path of the Caddyfile's @private, "" for none checked
	}{
		{"Flarum's .gitignore of everything, nested", `{"require": {"flarum/core": "^1.8"}}`,
			[]string{"public/index.php", "<?php\n", "storage/cache/.gitignore", "*\n!.gitignore", "storage/logs/.gitignore", "*\n!.gitignore",
				"public/assets/.gitignore", "*\n!avatars\n!.gitignore\n", "public/assets/avatars/.gitignore", "*\n!.gitignore\n",
				"storage/views/.gitignore", "compiled.php\n"},
			[]string{tree, "/app/public/assets>/app/public/assets/ 33:33", "/app/storage/cache>/app/storage/cache/ 33:33", "/app/storage/logs>/app/storage/logs/ 33:33"},
			"path /assets/*", ""},
		{"Grav's .gitkeep the root .gitignore ignores around", `{"require": {"php": ">=8.3"}}`,
			[]string{"index.php", "<?php\n", ".gitignore", "# Grav\nvendor/*\ncache/*\n!cache/.*\n/logs/*\nuser/data/**\nimages/\n",
				"cache/.gitkeep", "", "logs/.gitkeep", "", "user/data/.gitkeep", "", "images/.gitkeep", "", "system/.gitkeep", ""},
			[]string{tree, "/app/cache>/app/cache/ 33:33", "/app/logs>/app/logs/ 33:33", "/app/user/data>/app/user/data/ 33:33"},
			"path /cache/* /logs/* /user/data/*", ""},
		{"Bedrock's uploads, not its plugins or WordPress", `{"require": {"roots/wordpress": "7.1"}, "extra": {"installer-paths": {"web/app/plugins/{$name}/": ["type:wordpress-plugin"]}, "wordpress-install-dir": "web/wp"}}`,
			[]string{"web/index.php", "<?php\n", ".gitignore", "web/app/plugins/*\n!web/app/plugins/.gitkeep\nweb/app/uploads/*\n!web/app/uploads/.gitkeep\nweb/wp/*\n",
				"web/app/plugins/.gitkeep", "", "web/app/uploads/.gitkeep", "", "web/wp/.gitkeep", ""},
			[]string{tree, "/app/web/app/uploads>/app/web/app/uploads/ 33:33"}, "path /app/uploads/*", ""},
		{"vendor, tests and node_modules", `{"require": {"php": ">=8.3"}}`,
			[]string{"public/index.php", "<?php\n", "vendor/.gitignore", "*\n", "tests/_output/.gitignore", "*\n", "node_modules/x/.gitignore", "*\n"},
			[]string{tree}, "", ""},
		{"Shaarli's .dockerignore of what they hold, itself left out", `{"require": {"php": ">=8.3"}}`,
			[]string{"index.php", "<?php\n", ".dockerignore", "# runtime\n.dockerignore\n.gitignore\ncache/*\n/data/*\nthumbs/**\ntpl/*\n!tpl/default\nvendor/*\nmissing/*\n*/x/*\n",
				"cache/a", "", "data/a", "", "thumbs/a", "", "tpl/default/page.html", "", "vendor/a", ""},
			[]string{tree, "/app/cache>/app/cache/ 33:33", "/app/data>/app/data/ 33:33", "/app/thumbs>/app/thumbs/ 33:33"},
			"path /cache/* /data/* /thumbs/*", " /data /data/*\n\trespond @private 404\n"},
		{"shlink's .dockerignore: directories below one holding its SQLite database", `{"require": {"php": ">=8.3"}}`,
			[]string{"public/index.php", "<?php\n", ".dockerignore", "data/cache/*\ndata/log/*\ndata/database.sqlite\ndata/infra\n", "data/cache/a", "", "data/log/a", ""},
			[]string{tree, "/app/data>/app/data/ 33:33"}, "", ""},
		{"a Laravel application's own, and its uploads", `{"require": {"laravel/framework": "^12.0"}}`,
			[]string{"artisan", "#!/usr/bin/env php\n", "public/index.php", "<?php\n", "storage/app/.gitignore", "*\n!public/\n!.gitignore\n",
				"bootstrap/cache/.gitignore", "*\n!.gitignore\n", "public/uploads/.gitignore", "*\n", ".dockerignore", "public/uploads/*\nstorage/logs/*\n"},
			[]string{tree, "/app/storage>/app/storage/ 33:33", "/app/bootstrap/cache>/app/bootstrap/cache/ 33:33", "/app/public/uploads>/app/public/uploads/ 33:33"},
			"", ""}, // only index.php runs
		{"Leantime's, on Laravel's components: not its Mix public path", `{"require": {"laravel/framework": "^11.0"}}`,
			[]string{"public/index.php", "<?php\n", "storage/.gitignore", "# Ignore everything in this directory\n*\n# Except this file\n!.gitignore",
				"userfiles/.gitignore", "# Ignore everything in this directory\n*\n# Except this file\n!.gitignore",
				"public/userfiles/.gitignore", "# Ignore everything in this directory\n*\n# Except this file\n!.gitignore",
				"public/dist/.gitignore", "*\n!.gitignore\n", "public/dist/mix-manifest.json", "{}",
				"webpack.mix.js", "let mix = require('laravel-mix');\nmix.setPublicPath('public/dist').js('app/app.js', 'js');\n"},
			[]string{tree, "/app/storage>/app/storage/ 33:33", "/app/bootstrap/cache>/app/bootstrap/cache/ 33:33",
				"/app/public/userfiles>/app/public/userfiles/ 33:33", "/app/userfiles>/app/userfiles/ 33:33"},
			"", ""},
		{"Koillection's, on Symfony: not var or Encore's output", `{"require": {"symfony/framework-bundle": "^7.2"}}`,
			[]string{"bin/console", "#!/usr/bin/env php\n", "public/index.php", "<?php\n",
				".gitignore", "/var/\n/vendor/\n/public/build/*\n/public/uploads/*\n!/public/uploads/.gitkeep\n/public/tmp/*\n!public/tmp/.gitkeep\n",
				"public/uploads/.gitkeep", "", "public/tmp/.gitkeep", "", "public/build/.gitkeep", "", "var/cache/.gitkeep", "",
				".dockerignore", "vendor\nvar\npublic/build\npublic/uploads\n!public/uploads/.gitkeep\n"},
			[]string{tree, "/app/var>/app/var/ 33:33", "/app/public/tmp>/app/public/tmp/ 33:33", "/app/public/uploads>/app/public/uploads/ 33:33"},
			"", ""},
	} {
		ctx := langtest.With(map[string]string{"composer.json": c.composer, "composer.lock": `{"packages": []}`}, c.files...)
		p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
		got := builderCopies(t, p)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: the runtime copies %q, want %q", c.name, got, c.want)
		}
		caddyfile := written(t, p, "/etc/caddy/Caddyfile")
		if c.noPHP == "" {
			if strings.Contains(caddyfile, "@writable") {
				t.Errorf("%s: the Caddyfile answers 404 for PHP files of writable directories:\n%s", c.name, caddyfile)
			}
		} else {
			langtest.Has(t, c.name+": the Caddyfile", caddyfile, "@writable {\n\t\t"+c.noPHP+"\n")
		}
		if c.private != "" {
			langtest.Has(t, c.name+": the Caddyfile", caddyfile, c.private)
		}
	}
}
