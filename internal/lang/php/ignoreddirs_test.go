package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestDockerignoredContentsAreWritable: the directories the project's .dockerignore keeps while
// leaving out what they hold (Shaarli's `data/*`, `cache/*`; shlink's `data/cache/*`), and the
// directory of an SQLite database it leaves out by name (shlink's `data/database.sqlite`), are
// the runtime user's when the context holds them; one named for data answers 404 when the root
// is served. Not one it brings files back into (`tpl/*`, `!tpl/default`), one the context lacks,
// vendor/, a pattern with a wildcard in the directory, nor a framework's application.
func TestDockerignoredContentsAreWritable(t *testing.T) {
	const tree = "/app>/app/ "
	for _, c := range []struct {
		name       string
		files      []string
		want       []string
		privateDir string
	}{
		{"Shaarli's shape, served from the root",
			[]string{"index.php", "<?php\n", ".dockerignore", "# runtime\n.dockerignore\n.gitignore\ncache/*\n/data/*\nthumbs/**\ntpl/*\n!tpl/default\nvendor/*\nmissing/*\n*/x/*\n",
				"cache/a", "", "data/a", "", "thumbs/a", "", "tpl/default/page.html", "", "vendor/a", ""},
			[]string{tree, "/app/cache>/app/cache/ 33:33", "/app/data>/app/data/ 33:33", "/app/thumbs>/app/thumbs/ 33:33"},
			"/data /data/*"},
		{"shlink's shape: directories below one that holds the database",
			[]string{"public/index.php", "<?php\n", ".dockerignore", "data/cache/*\ndata/log/*\ndata/database.sqlite\ndata/infra\n",
				"data/cache/a", "", "data/log/a", ""},
			[]string{tree, "/app/data>/app/data/ 33:33"}, ""},
		{"a Laravel application's are Laravel's",
			[]string{"artisan", "#!/usr/bin/env php\n", "public/index.php", "<?php\n", ".dockerignore", "uploads/*\n", "uploads/a", ""},
			[]string{tree, "/app/storage>/app/storage/ 33:33", "/app/bootstrap/cache>/app/bootstrap/cache/ 33:33"}, ""},
	} {
		ctx := map[string]string{"composer.json": `{"require": {"php": ">=8.3"}}`, "composer.lock": `{"packages": []}`}
		if c.files[0] == "artisan" {
			ctx["composer.json"] = `{"require": {"laravel/framework": "^12.0"}}`
		}
		for i := 0; i < len(c.files); i += 2 {
			ctx[c.files[i]] = c.files[i+1]
		}
		p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
		if got := builderCopies(t, p); !slices.Equal(got, c.want) {
			t.Errorf("%s: the runtime copies %q, want %q", c.name, got, c.want)
		}
		caddyfile := written(t, p, "/etc/caddy/Caddyfile")
		if c.privateDir != "" {
			langtest.Has(t, c.name+": the Caddyfile", caddyfile, c.privateDir+"\n\trespond @private 404\n")
		} else if strings.Contains(caddyfile, " /data /data/*") {
			t.Errorf("%s: the Caddyfile hides /data:\n%s", c.name, caddyfile)
		}
	}
}
