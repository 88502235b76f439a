package php

import (
	"regexp"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestHtaccessDenials: a project served from its root answers 404 where its own .htaccess
// files forbid (Grav's shape): a directory denying every request, down to three levels; one
// denying every request but the files a <FilesMatch> grants, for all but those; and the root
// .htaccess's unconditional RewriteRules with F (NC: case-insensitive, a pattern anchored at
// the start anchored after the path's /), and a negative look-ahead of a word written as what it
// means (Grav's dotfiles but .well-known). Not a rule after a RewriteCond, one Go's regexp cannot
// read (a look-behind), one without F, nor anything when public/ is served.
func TestHtaccessDenials(t *testing.T) {
	const root = "<IfModule mod_rewrite.c>\nRewriteEngine On\n" +
		"RewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule .* index.php [L]\n" +
		"RewriteRule ^(\\.git|cache|logs|backup)/(.*) error [F,NC]\n" +
		"RewriteCond %{REQUEST_URI} !\\.png$ [NC]\nRewriteRule ^(user)/accounts/(.*) error [F,NC]\n" +
		"RewriteRule \\.md$ error [F]\n" +
		"RewriteRule (^|/)\\.(?!well-known) - [F]\n" +
		"RewriteRule (?<=x)\\.txt$ - [F]\n</IfModule>\n"
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
	for _, not := range []string{"@htaccess3", "accounts/(.*)", "(?!", "(?<", "/user/odd", "index.php [L]"} {
		if strings.Contains(caddyfile, not) {
			t.Errorf("the Caddyfile has %q:\n%s", not, caddyfile)
		}
	}
	// (^|/)\.(?!well-known): every path with a dotfile or dot-directory but .well-known's
	_, dotfiles, found := strings.Cut(caddyfile, "\t@htaccess2 path_regexp ")
	dotfiles, _, _ = strings.Cut(dotfiles, "\n")
	re, err := regexp.Compile(dotfiles)
	if !found || err != nil {
		t.Fatalf("@htaccess2 %q: %v\n%s", dotfiles, err, caddyfile)
	}
	for path, want := range map[string]bool{"/.phan/config.php": true, "/.env": true, "/.": true, "/.w": true, "/.well": true,
		"/.well-knowN/x": true, "/.well-known/.env": true, "/a/.git/HEAD": true, "/.well-known": false,
		"/.well-known/acme-challenge/t": false, "/a.b/c.php": false, "/index.php": false} {
		if re.MatchString(path) != want {
			t.Errorf("@htaccess2 %s matches %s: %v, want %v", dotfiles, path, !want, want)
		}
	}
	// public/ served: the root's rules are not the web root's
	ctx["public/index.php"] = "<?php\n"
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if c := written(t, p, "/etc/caddy/Caddyfile"); strings.Contains(c, "@partly") || strings.Contains(c, "@htaccess") {
		t.Errorf("public/ is served, and the Caddyfile has the root's .htaccess rules:\n%s", c)
	}
}
