package php

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestKirby: a Kirby site served from its root gets the directories Kirby writes as the runtime
// user's, and its root .htaccess's rules handing content/, site/ and kirby/ to index.php
// answer 404 for them.
func TestKirby(t *testing.T) {
	const htaccess = "RewriteEngine on\nRewriteRule (^|/)\\.(?!well-known\\/) index.php [L]\n" +
		"RewriteRule ^content/(.*) index.php [L]\nRewriteRule ^site/(.*) index.php [L]\nRewriteRule ^kirby/(.*) /index.php [L]\n" +
		"RewriteRule ^(.*) index.php [L]\n" +
		"RewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule ^(.*) index.php [L]\n"
	ctx := map[string]string{"composer.json": `{"require": {"php": "~8.4.0", "getkirby/cms": "^5.2"}}`, "composer.lock": `{"packages": []}`,
		"index.php": "<?php\nrequire __DIR__ . '/kirby/bootstrap.php';\necho (new Kirby)->render();\n", ".htaccess": htaccess,
		".gitignore": "/media/*\n!/media/index.html\n/site/cache/*\n!/site/cache/index.html\n", "site/cache/index.html": "",
		"content/home/home.txt": "Title: Home\n"}
	p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	caddyfile := written(t, p, "/etc/caddy/Caddyfile")
	langtest.Has(t, "the Caddyfile", caddyfile, "\troot * /app\n",
		"\t@htaccess0 path_regexp ^/content/(.*)\n\trespond @htaccess0 404\n",
		"\t@htaccess1 path_regexp ^/site/(.*)\n\trespond @htaccess1 404\n",
		"\t@htaccess2 path_regexp ^/kirby/(.*)\n\trespond @htaccess2 404\n")
	if strings.Contains(caddyfile, "@htaccess3") {
		t.Errorf("a catch-all or conditional rule answers 404:\n%s", caddyfile)
	}
	copied := builderCopies(t, p, "content", "media")
	for _, d := range kirbyDirs {
		if !strings.Contains(strings.Join(copied, "\n"), "/app/"+d+">/app/"+d+"/ 33:33") {
			t.Errorf("%s is not the runtime user's: %q", d, copied)
		}
	}
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns content, media, site/accounts, site/cache, site/sessions (Kirby's") {
		t.Errorf("runtime: %s", d)
	}

	// without getkirby/cms, the same tree's directories are not made the user's
	ctx["composer.json"] = `{"require": {"php": "~8.4.0"}}`
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if copied := builderCopies(t, p); strings.Contains(strings.Join(copied, " "), "/app/media") {
		t.Errorf("without Kirby: %q", copied)
	}
}
