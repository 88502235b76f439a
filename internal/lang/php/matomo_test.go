package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestMatomo: Matomo, served from its root, gets config, misc/user and tmp as the runtime
// user's (its installer writes config/config.ini.php), config/, core/, lang/ and tmp/
// answering 404, and a developer's config.ini.php left out of the image.
func TestMatomo(t *testing.T) {
	ctx := map[string]string{
		"composer.json":         `{"name": "matomo/matomo", "require": {"php": ">=7.2.5"}, "config": {"platform": {"php": "8.2.0"}}}`,
		"composer.lock":         `{"packages": []}`,
		"index.php":             "<?php\ndefine('PIWIK_DOCUMENT_ROOT', __DIR__);\nrequire_once PIWIK_DOCUMENT_ROOT . '/core/dispatch.php';\n",
		"core/dispatch.php":     "<?php\n",
		"config/global.ini.php": "; <?php exit; ?> DO NOT REMOVE THIS LINE\n[General]\n",
		"config/config.ini.php": "; <?php exit; ?>\n[database]\npassword = \"secret\"\n",
		"tmp/.gitkeep":          "",
		".gitignore":            "/config/config*\n/tmp/*\n!/tmp/.gitkeep\n/vendor/\n",
	}
	p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	ownsDirs(t, p, matomoDirs...)
	langtest.Has(t, "the Caddyfile", written(t, p, "/etc/caddy/Caddyfile"), "\troot * /app\n", " /config /config/* /core /core/* /lang /lang/* /tmp /tmp/*\n\trespond @private 404\n")
	leavesOut(t, langtest.Copies(p.Stage("builder"))[0], "config/config.ini.php", "tmp/*")

	// another project of the same shape is not Matomo
	ctx["composer.json"] = `{"name": "example/stats", "require": {"php": ">=8.2"}}`
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if copied := builderCopies(t, p); slices.ContainsFunc(copied, func(c string) bool { return strings.Contains(c, "/app/config>") }) {
		t.Errorf("not Matomo: %q", copied)
	}
}
