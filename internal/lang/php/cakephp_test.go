package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// cakeApp is a CakePHP application laid out as the skeleton has it: a root index.php and
// .htaccess sending everything into webroot/, tmp/'s directories kept with a .gitkeep.
func cakeApp(more ...string) lang.Facts {
	return langtest.With(lang.Facts{}, slices.Concat([]string{
		"composer.json", `{"require": {"php": ">=8.4", "cakephp/cakephp": "^5.1"}, "scripts": {"post-install-cmd": "App\\Console\\Installer::postInstall", "test": "phpunit"}}`,
		"composer.lock", `{"packages": []}`,
		"index.php", "<?php\nrequire 'webroot' . DIRECTORY_SEPARATOR . 'index.php';\n",
		".htaccess", "RewriteEngine on\nRewriteRule ^$ webroot/ [L]\nRewriteRule (.*) webroot/$1 [L]\n",
		"webroot/index.php", "<?php\n$server = new Server(new Application(dirname(__DIR__) . '/config'));\n",
		".gitignore", "/config/app_local.php\n/logs/*\n/tmp/*\n/vendor/*\n",
		"tmp/sessions/.gitkeep", "", "tmp/cache/models/.gitkeep", "",
	}, more)...)
}

func TestCakePHP(t *testing.T) {
	p := provider.MustPlan(t, "language: php\n", cakeApp())
	if caddyfile := written(t, p, "/etc/caddy/Caddyfile"); !strings.Contains(caddyfile, "root * /app/webroot\n") {
		t.Errorf("serves, want webroot/:\n%s", caddyfile)
	}
	b := p.Stage("builder")
	if got := langtest.Commands(b); len(got) < 2 || got[0] != "mkdir -p logs tmp/cache/models tmp/cache/persistent tmp/cache/views tmp/sessions" ||
		!strings.HasPrefix(got[1], "composer dump-autoload") {
		t.Errorf("builder runs %q: want CakePHP's directories made before the autoloader and its installer", got)
	}
	leavesOut(t, langtest.Copies(b)[0], "config/app_local.php", "logs/*", "tmp/*", "vendor")
	if copied := builderCopies(t, p, "logs", "tmp", "tests"); !slices.Equal(copied, []string{"/app>/app/ ", "/app/logs>/app/logs/ 33:33", "/app/tmp>/app/tmp/ 33:33"}) {
		t.Errorf("the runtime copies %q: want the tree root-owned, logs and tmp www-data's", copied)
	}
	if !slices.Equal(p.Image.Env, []plan.Env{{Key: "DEBUG", Value: "false"}}) {
		t.Errorf("env %+v, want DEBUG=false (app_local.php's debug defaults to true)", p.Image.Env)
	}
	if d := p.Stage("runtime").Description; !strings.Contains(d, "who owns logs, tmp (CakePHP's)") {
		t.Errorf("runtime: %s", d)
	}

	// the spec's entrypoint and env win (an image's later ENV overrides)
	p = provider.MustPlan(t, "language: php\nentrypoint: .\nenv: {DEBUG: \"true\"}\n", cakeApp())
	if caddyfile := written(t, p, "/etc/caddy/Caddyfile"); !strings.Contains(caddyfile, "root * /app\n") {
		t.Errorf("entrypoint: .: serves\n%s", caddyfile)
	}
	if env := p.Image.Env; len(env) == 0 || env[len(env)-1] != (plan.Env{Key: "DEBUG", Value: "true"}) {
		t.Errorf("env: {DEBUG: true}: %+v, want the spec's set last", env)
	}
	// a plain application with a webroot/ but no CakePHP is served as before
	f := cakeApp()
	f["composer.json"] = []byte(`{"require": {"php": ">=8.4"}}`)
	if caddyfile := written(t, provider.MustPlan(t, "language: php\n", f), "/etc/caddy/Caddyfile"); !strings.Contains(caddyfile, "root * /app\n") {
		t.Errorf("without cakephp/cakephp: serves\n%s", caddyfile)
	}
}
