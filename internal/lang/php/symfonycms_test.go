package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A Sulu website in the skeleton's shape: Symfony with Flex's auto-scripts, an admin build
// committed in public/build/admin, no public/uploads (its .gitignore names it).
func suluApp(t *testing.T, require string) lang.Facts {
	t.Helper()
	return langtest.With(lang.Facts{},
		"composer.json", `{"type": "project", "require": {"php": "^8.2", `+require+`"symfony/flex": "^2", "symfony/framework-bundle": "^6.4", "symfony/runtime": "^6.4", "symfony/dotenv": "^6.4"},
  "config": {"allow-plugins": {"symfony/flex": true, "symfony/runtime": true}},
  "scripts": {"auto-scripts": {"cache:clear": "symfony-cmd", "assets:install %PUBLIC_DIR%": "symfony-cmd"}, "post-install-cmd": ["@auto-scripts"]}}`,
		"composer.lock", `{"packages": []}`,
		"bin/console", "#!/usr/bin/env php\n<?php\n",
		"public/index.php", "<?php\nuse App\\Kernel;\n",
		"public/build/admin/manifest.json", `{"main.js": "/build/admin/main.1f2e3d.js"}`,
		".gitignore", "/public/bundles/\n/var/\n/vendor/\n/public/uploads\n")
}

func TestSulu(t *testing.T) {
	p := provider.MustPlan(t, "language: php\nports: [8080]\n", suluApp(t, `"sulu/sulu": "~2.6.0", `))
	if got := langtest.Commands(p.Stage("builder")); !slices.Contains(got, "mkdir -p var/cache var/log public/uploads") {
		t.Errorf("builder runs %q: want public/uploads made with var/", got)
	}
	ownsDirs(t, p, "var", "public/uploads")
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns var, public/uploads (Symfony and Sulu's)") {
		t.Errorf("runtime: %s", d)
	}
	if ex := langtest.Copies(p.Stage("builder"))[0].Exclude; !slices.Contains(ex, "public/uploads/*") {
		t.Errorf("the source copy keeps a local public/uploads: %q", ex)
	}
	// Symfony without Sulu: var/ only, and public/uploads is nothing of the build's
	p = provider.MustPlan(t, "language: php\nports: [8080]\n", suluApp(t, ""))
	if copied := builderCopies(t, p, "var"); !slices.Equal(copied, []string{"/app>/app/ ", "/app/var>/app/var/ 33:33"}) {
		t.Errorf("Symfony: the runtime copies %q", copied)
	}
	if got := langtest.Commands(p.Stage("builder")); slices.ContainsFunc(got, func(c string) bool { return strings.Contains(c, "public/uploads") }) {
		t.Errorf("Symfony: builder runs %q", got)
	}
}
