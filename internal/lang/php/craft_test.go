package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestCraft: a project on Craft CMS's starter (web/ served, storage/ holding only a .gitignore
// naming what Craft writes there) gets storage, config/project and web/cpresources as the
// runtime user's, the license key written to storage/ when none is committed, production as its
// environment, and a developer's .env and storage contents left out of the image.
func TestCraft(t *testing.T) {
	ctx := map[string]string{
		"composer.json": `{"require": {"craftcms/cms": "^5.0.0", "vlucas/phpdotenv": "^5.4.0"}, "config": {"platform": {"php": "8.2"}}}`,
		"composer.lock": `{"packages": [{"name": "craftcms/cms", "version": "5.4.0"}]}`,
		"bootstrap.php": "<?php\ndefine('CRAFT_BASE_PATH', __DIR__);\nrequire_once CRAFT_BASE_PATH . '/vendor/autoload.php';\n" +
			"Dotenv\\Dotenv::createUnsafeMutable(CRAFT_BASE_PATH)->safeLoad();\n",
		"web/index.php":               "<?php\nrequire dirname(__DIR__) . '/bootstrap.php';\n$app = require CRAFT_VENDOR_PATH . '/craftcms/cms/bootstrap/web.php';\n$app->run();\n",
		"web/cpresources/.gitignore":  "*\n!.gitignore\n",
		"storage/.gitignore":          "backups\ncomposer-backups\nconfig-backups\nlogs\nruntime\n",
		"storage/logs/web.log":        "a developer's log\n",
		"config/general.php":          "<?php\nreturn craft\\config\\GeneralConfig::create()->omitScriptNameInUrls();\n",
		"config/project/project.yaml": "system:\n  edition: solo\n",
		".env":                        "CRAFT_ENVIRONMENT=dev\nCRAFT_DEV_MODE=true\nCRAFT_DB_PASSWORD=secret\n",
		"templates/index.twig":        "<h1>{{ siteName }}</h1>\n",
	}
	p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	ownsDirs(t, p, "storage", "config/project", "web/cpresources")
	if copied := strings.Join(builderCopies(t, p), "\n"); strings.Contains(copied, "/app/config>") {
		t.Errorf("config/, PHP code, is the runtime user's: %q", copied)
	}
	for _, e := range []plan.Env{{Key: "CRAFT_ENVIRONMENT", Value: "production"}, {Key: "CRAFT_LICENSE_KEY_PATH", Value: "/app/storage/license.key"}} {
		if !slices.Contains(p.Image.Env, e) {
			t.Errorf("the image's environment lacks %s=%s: %+v", e.Key, e.Value, p.Image.Env)
		}
	}
	leavesOut(t, langtest.Copies(p.Stage("builder"))[0], ".env", "storage/logs", "storage/runtime", "web/cpresources/*")
	if caddyfile := written(t, p, "/etc/caddy/Caddyfile"); !strings.Contains(caddyfile, "\troot * /app/web\n") {
		t.Errorf("not web/ served:\n%s", caddyfile)
	}

	// a committed license key is Craft's to read where it is
	ctx["config/license.key"] = strings.Repeat("k", 250)
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if slices.ContainsFunc(p.Image.Env, func(e plan.Env) bool { return e.Key == "CRAFT_LICENSE_KEY_PATH" }) {
		t.Errorf("a committed config/license.key is moved: %+v", p.Image.Env)
	}

	// without craftcms/cms, storage/ is not the user's
	ctx["composer.json"] = `{"require": {"php": "^8.2"}}`
	ctx["composer.lock"] = `{"packages": []}`
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if copied := strings.Join(builderCopies(t, p), "\n"); strings.Contains(copied, "/app/storage>") || len(p.Image.Env) != 0 {
		t.Errorf("without Craft: %q, env %+v", copied, p.Image.Env)
	}
}
