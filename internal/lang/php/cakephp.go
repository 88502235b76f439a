package php

import (
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// CakePHP's application skeleton (cakephp/app) serves webroot/: the root index.php only
// requires webroot/index.php and the root .htaccess rewrites every path into webroot/, so that
// a server pointed at the project's root still works, but CakePHP's deployment docs point the
// document root at webroot/. Served from the root, CSS, JavaScript and images (webroot/css...)
// reach the router and 404, and logs/ and tmp/ are files of the site. CakePHP writes its caches
// and sessions below tmp/ and its log files into logs/ (config/paths.php's TMP and LOGS), which
// the skeleton's installer (post-install-cmd) makes and makes world-writable: the runtime user
// owns them. The installer writes config/app_local.php from app_local.example.php, whose
// `'debug' => env('DEBUG', true)` shows every error's stack trace and source to visitors: the
// image sets DEBUG=false, as CakePHP's deployment checklist asks.

const (
	cakeWebroot = "webroot"
	cakeFront   = cakeWebroot + "/index.php"
)

// cakeDirs are the directories the skeleton's installer makes, made before the autoloader.
var cakeDirs = []string{"logs", "tmp/cache/models", "tmp/cache/persistent", "tmp/cache/views", "tmp/sessions"}

// cakeWritable are the directories of cakeDirs the runtime user owns.
var cakeWritable = []string{"logs", "tmp"}

// cakeEnv turns app_local.php's debug mode off.
var cakeEnv = []plan.Env{{Key: "DEBUG", Value: "false"}}

// cakeLocal are a developer's local state, which the skeleton's .gitignore names: the local
// configuration (the installer writes one from the example), its .env, logs and caches.
var cakeLocal = []string{"config/app_local.php", "config/.env", "logs/*", "tmp/*"}

// declareCakePHP makes CakePHP's directories before the autoloader (the installer, a
// post-install-cmd script, writes below them).
func declareCakePHP(t *lang.Toolchain) {
	t.Build.Dirs = cakeDirs
	t.Build.Description = strings.Replace(t.Build.Description, "copy the source and", "copy the source, make CakePHP's logs and tmp and", 1)
}
