package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
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
	cmsOwns(t, p, "Sulu", "public/uploads")
	// Symfony without Sulu: var/ only, and public/uploads is nothing of the build's
	p = provider.MustPlan(t, "language: php\nports: [8080]\n", suluApp(t, ""))
	if copied := builderCopies(t, p, "var"); !slices.Equal(copied, []string{"/app>/app/ ", "/app/var>/app/var/ 33:33"}) {
		t.Errorf("Symfony: the runtime copies %q", copied)
	}
	if got := langtest.Commands(p.Stage("builder")); slices.ContainsFunc(got, func(c string) bool { return strings.Contains(c, "public/uploads") }) {
		t.Errorf("Symfony: builder runs %q", got)
	}
}

// TestPimcore: a Pimcore application in its skeleton's shape (Symfony without the framework
// bundle required, Pimcore's composer scripts, `/public/var/` in its .gitignore, a committed
// config/local/.gitkeep): public/var, where its assets and their thumbnails are written, is made
// and belongs to the runtime user with var/, a developer's left out of the source copy.
func TestPimcore(t *testing.T) {
	ctx := langtest.With(lang.Facts{},
		"composer.json", `{"type": "project", "require": {"pimcore/pimcore": "^11.2", "pimcore/admin-ui-classic-bundle": "^1.3", "symfony/runtime": "^6.4", "symfony/dotenv": "^6.4"},
  "config": {"allow-plugins": {"symfony/runtime": true}},
  "scripts": {"post-install-cmd": ["Pimcore\\Composer::postInstall", "@pimcore-scripts"], "pimcore-scripts": ["Pimcore\\Composer::clearCache", "Pimcore\\Composer::installAssets"]}}`,
		"composer.lock", `{"packages": []}`,
		"bin/console", "#!/usr/bin/env php\n<?php\n",
		"public/index.php", "<?php\nuse App\\Kernel;\n",
		"config/local/.gitkeep", "",
		".env", "APP_ENV=dev\nAPP_DEBUG=true\nPIMCORE_DEV_MODE=false\n",
		".gitignore", "/var/*\n!/var/.gitkeep\n!/var/classes/\n/public/var/\n/public/bundles/\n/vendor/\n")
	cmsOwns(t, provider.MustPlan(t, "language: php\nports: [8080]\n", ctx), "Pimcore", "public/var")
}

// cmsOwns checks that the builder makes the CMS's directory dir with var/, that the runtime user
// owns both, and that the source copy leaves out a developer's.
func cmsOwns(t *testing.T, p *plan.Plan, cms, dir string) {
	t.Helper()
	if got := langtest.Commands(p.Stage("builder")); !slices.Contains(got, "mkdir -p var/cache var/log "+dir) {
		t.Errorf("builder runs %q: want %s made with var/", got, dir)
	}
	ownsDirs(t, p, "var", dir)
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns var, "+dir+" (Symfony and "+cms+"'s)") {
		t.Errorf("runtime: %s", d)
	}
	if ex := langtest.Copies(p.Stage("builder"))[0].Exclude; !slices.Contains(ex, dir+"/*") {
		t.Errorf("the source copy keeps a local %s: %q", dir, ex)
	}
}
