package php

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestHtaccessDenials: a project served from its root answers 404 where its own .htaccess
// files forbid (Grav's shape): a directory denying every request, down to three levels; one
// denying every request but the files a <FilesMatch> grants, for all but those; and the root
// .htaccess's unconditional RewriteRules with F (NC: case-insensitive, a pattern anchored at
// the start anchored after the path's /). Not a rule after a RewriteCond, one Go's regexp cannot
// read, one without F, nor anything when public/ is served.
func TestHtaccessDenials(t *testing.T) {
	const root = "<IfModule mod_rewrite.c>\nRewriteEngine On\n" +
		"RewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule .* index.php [L]\n" +
		"RewriteRule ^(\\.git|cache|logs|backup)/(.*) error [F,NC]\n" +
		"RewriteCond %{REQUEST_URI} !\\.png$ [NC]\nRewriteRule ^(user)/accounts/(.*) error [F,NC]\n" +
		"RewriteRule \\.md$ error [F]\n" +
		"RewriteRule (^|/)\\.(?!well-known) - [F]\n</IfModule>\n"
	const deny = "<IfModule mod_authz_core.c>\n    Require all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n    Order allow,deny\n    Deny from all\n</IfModule>\n"
	const avatars = "<FilesMatch \"(?i)\\.(jpe?g|png)$\">\n    Require all granted\n</FilesMatch>\n"
	ctx := map[string]string{"composer.json": `{"require": {"php": ">=8.4"}}`, "composer.lock": `{"packages": []}`,
		"index.php": "<?php\n", ".htaccess": root, "user/config/.htaccess": deny, "user/accounts/.htaccess": deny + avatars,
		"user/data/.htaccess": deny + "<Files \"*.pdf\">\n  Allow from all\n</Files>\n",
		"user/odd/.htaccess":  deny + "<FilesMatch \"(?<=a)\\.png$\">\n  Require all granted\n</FilesMatch>\n"}
	p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	caddyfile := written(t, p, "/etc/caddy/Caddyfile")
	langtest.Has(t, "the Caddyfile", caddyfile, " /user/config /user/config/*\n\trespond @private 404\n",
		"\t@partly0 {\n\t\tpath /user/accounts /user/accounts/*\n\t\tnot path_regexp (?i)\\.(jpe?g|png)$\n\t}\n\trespond @partly0 404\n",
		"\t@partly1 {\n\t\tpath /user/data /user/data/*\n\t\tnot path_regexp (?:^|/)[^/]*\\.pdf$\n\t}\n\trespond @partly1 404\n",
		"\t@htaccess0 path_regexp (?i)^/(\\.git|cache|logs|backup)/(.*)\n\trespond @htaccess0 404\n",
		"\t@htaccess1 path_regexp \\.md$\n\trespond @htaccess1 404\n")
	for _, not := range []string{"@htaccess2", "accounts/(.*)", "well-known", "/user/odd", "index.php [L]"} {
		if strings.Contains(caddyfile, not) {
			t.Errorf("the Caddyfile has %q:\n%s", not, caddyfile)
		}
	}
	// public/ served: the root's rules are not the web root's
	ctx["public/index.php"] = "<?php\n"
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if c := written(t, p, "/etc/caddy/Caddyfile"); strings.Contains(c, "@partly") || strings.Contains(c, "@htaccess") {
		t.Errorf("public/ is served, and the Caddyfile has the root's .htaccess rules:\n%s", c)
	}
}
