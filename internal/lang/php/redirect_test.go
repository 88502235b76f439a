package php

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestRootIndexRedirects: a root index.php that only redirects to a directory with an
// index.php of its own (FreshRSS's p/) makes that directory the web root, which Follow asks
// for; an index.php that redirects and loads code is the front controller, and so is one
// redirecting to a directory without an index.php.
func TestRootIndexRedirects(t *testing.T) {
	redirect := "<?php\ndeclare(strict_types=1);\n\nheader('Location: app/', true, 301);\ninclude('index.html');\n"
	for _, c := range []struct {
		name, index string
		appIndex    bool
		want        string
	}{
		{"a redirect", redirect, true, "root * /app/app\n"},
		{"a redirect with double quotes", `<?php header("Location: ./app");`, true, "root * /app/app\n"},
		{"no index.php there", redirect, false, "root * /app\n"},
		{"a front controller that redirects", "<?php\nrequire __DIR__ . '/lib/boot.php';\nif (!installed()) { header('Location: app/'); exit; }\n", true, "root * /app\n"},
		{"a redirect elsewhere", "<?php header('Location: https://example.com/');", true, "root * /app\n"},
	} {
		f := lang.Facts{"index.php": []byte(c.index), "composer.json": []byte(`{}`), "composer.lock": []byte(`{}`)}
		if c.appIndex {
			f["app/index.php"] = []byte("<?php\n")
		}
		p := provider.MustPlan(t, "ports: [80]\n", f)
		langtest.Has(t, c.name, written(t, p, "/etc/caddy/Caddyfile"), c.want)
	}
	if got := (Provider{}).Follow(nil, lang.Facts{"index.php": []byte(redirect)}); !slices.Equal(got, []string{"app/index.php"}) {
		t.Errorf("Follow asks for %q", got)
	}
}
