package php

import (
	"encoding/json"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// appKind is the framework the project is built on, as far as the build cares.
type appKind struct {
	// Laravel: laravel/framework is required; Artisan: the artisan script is there to run.
	Laravel, Artisan bool
	// Major is laravel/framework's major version in composer.lock (0 when unknown).
	Major int
}

func detectApp(f lang.Facts, p project) appKind {
	if !p.requires("laravel/framework") {
		return appKind{}
	}
	return appKind{Laravel: true, Artisan: f.Has("artisan"), Major: p.laravelMajor()}
}

// env is the runtime image's environment: Laravel in production, logging to stderr (the
// container's log) instead of storage/logs.
func (a appKind) env() []plan.Env {
	if !a.Laravel {
		return nil
	}
	return []plan.Env{{Key: "APP_ENV", Value: "production"}, {Key: "LOG_CHANNEL", Value: "stderr"}}
}

// buildEnv is the environment of the commands that boot the application at build time.
func (a appKind) buildEnv() []plan.Env {
	if !a.Laravel {
		return nil
	}
	return []plan.Env{{Key: "APP_ENV", Value: "production"}}
}

// laravelDirs are the directories Laravel writes at run time: they must exist, and belong to
// the runtime user.
var laravelDirs = []string{"storage/app/public", "storage/framework/cache/data", "storage/framework/sessions",
	"storage/framework/views", "storage/logs", "bootstrap/cache"}

// writable are the directories of laravelDirs the runtime copies with their owner.
var writable = []string{"storage", "bootstrap/cache"}

// declareLaravel adds Laravel's build: its directories (relative to the working directory), the
// public storage link, and the caches
// that depend on the code alone (routes, compiled Blade views, event listeners); the
// configuration is cached when the container starts, from its environment.
func declareLaravel(s *spec.Spec, t *lang.Toolchain, a appKind) {
	// before the autoloader: its post-autoload-dump script (package:discover) writes bootstrap/cache
	mkdir := &plan.Run{Origin: plan.Origin{Field: lang.FirstField(s, "language")}, Args: append([]string{"mkdir", "-p"}, laravelDirs...),
		NoNetwork: true}
	t.Build.Before = append([]plan.Step{mkdir}, t.Build.Before...)
	if !a.Artisan {
		return
	}
	caches := []string{"storage:link", "route:cache", "view:cache"}
	if a.Major == 0 || a.Major >= 6 {
		caches = append(caches, "event:cache")
	}
	for _, c := range caches {
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: []string{"php", "artisan", c}, Env: a.buildEnv()})
	}
	t.Build.Description = strings.Replace(t.Build.Description, "copy the source and", "copy the source,", 1) +
		", then Laravel's caches (php artisan " + strings.Join(caches, ", ") + ")"
}

// root is the web root: its directory in the project, and what the builder checks is there.
type root struct {
	dir   string
	check string
	what  string
}

// webRoot is the directory the web server serves: the spec's entrypoint, else public/ (Laravel,
// Symfony, Slim, ... and any project with public/index.php), else web/index.php's, else the
// project's root with an index.php.
func webRoot(s *spec.Spec, f lang.Facts, a appKind) (root, error) {
	if s.Entrypoint != "" {
		rel, ok := lang.CleanRelPath(strings.TrimSpace(s.Entrypoint))
		if !ok || strings.HasSuffix(rel, ".php") || strings.ContainsAny(rel, "*?[") {
			return root{}, lang.FieldError(s, "entrypoint", "write the directory the web server serves, e.g. public",
				"%q is not a directory inside the build context (`entrypoint` is the web root; its index.php is the front controller)", s.Entrypoint)
		}
		dir := strings.TrimPrefix(rel, "./")
		return root{dir: dir, check: path.Join(appDir, dir), what: "the web root"}, nil
	}
	switch {
	case a.Laravel || f.Has("public/index.php"):
		return root{dir: "public", check: path.Join(appDir, "public/index.php"), what: "the front controller"}, nil
	case f.Has("web/index.php"):
		return root{dir: "web", check: path.Join(appDir, "web/index.php"), what: "the front controller"}, nil
	case f.Has("index.php"):
		return root{dir: ".", check: path.Join(appDir, "index.php"), what: "the front controller"}, nil
	}
	return root{}, lang.FieldError(s, lang.FirstField(s, "language"), "set `entrypoint` to the directory the web server serves, e.g. public",
		"nothing says what the web server serves: no public/index.php, web/index.php or index.php")
}

// sourceExcludes never reach the builder: the local vendor/ (deps installed it), composer's
// credentials, and Laravel's local state: .env, logs, sessions, compiled views, the cached
// configuration (which would freeze a developer's settings), Vite's dev-server marker and the
// storage link (recreated).
func sourceExcludes(composer bool, a appKind) []string {
	out := []string{".git", "auth.json", "node_modules"}
	if composer {
		out = append(out, "vendor")
	}
	if a.Laravel {
		out = append(out, ".env", "storage/logs/*", "storage/framework/cache/data/*", "storage/framework/sessions/*",
			"storage/framework/views/*", "bootstrap/cache/*.php", "public/hot", "public/storage")
	}
	return out
}

// runtimeExcludes are left out of the image: the tests and their settings.
var runtimeExcludes = []string{"tests", "phpunit.xml", "phpunit.xml.dist", ".phpunit.result.cache"}

// artifacts are what the image holds: the built tree, root-owned, then the directories the
// program writes, owned by the runtime user.
func artifacts(field string, a appKind, owner string) []*plan.Copy {
	o := plan.Origin{Field: field}
	exclude := slices.Clone(runtimeExcludes)
	if a.Laravel {
		exclude = append(exclude, writable...)
	}
	out := []*plan.Copy{{Origin: o, FromStage: "builder", Paths: []string{appDir}, Dest: appDir + "/", Exclude: exclude}}
	if a.Laravel {
		for _, d := range writable {
			out = append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{path.Join(appDir, d)},
				Dest: path.Join(appDir, d) + "/", Chown: owner})
		}
	}
	return out
}

// builtin are the extensions of the official php images (those PHP builds by default, the ones
// their configure line adds, and OPcache, which the runtime turns on).
var builtin = []string{"core", "ctype", "curl", "date", "dom", "fileinfo", "filter", "ftp", "hash", "iconv", "json", "libxml",
	"mbstring", "mysqlnd", "opcache", "openssl", "pcre", "pdo", "pdo_sqlite", "phar", "posix", "random", "readline", "reflection",
	"session", "simplexml", "sodium", "spl", "sqlite3", "standard", "tokenizer", "xml", "xmlreader", "xmlwriter", "zlib",
	"zend-opcache"}

// missingExtensions are the required extensions the php images lack.
func missingExtensions(required []string) []string {
	var out []string
	for _, e := range required {
		if !slices.Contains(builtin, e) {
			out = append(out, e)
		}
	}
	return out
}

// laravelAssets are the front end a Laravel application builds with Vite (laravel-vite-plugin,
// the skeleton's since Laravel 9.19): `npm run build` writes public/build, whose manifest the
// @vite directive reads at run time, as Laravel's deployment docs build it. nil for any other
// project, or one whose package.json has no build script.
func laravelAssets(f lang.Facts) *spec.Assets {
	if !f.Has("artisan") || !f.Has("package.json") {
		return nil
	}
	var m struct {
		Scripts         map[string]string `json:"scripts"`
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if json.Unmarshal(f["package.json"], &m) != nil || strings.TrimSpace(m.Scripts["build"]) == "" {
		return nil
	}
	if _, ok := m.DevDependencies["laravel-vite-plugin"]; !ok {
		if _, ok := m.Dependencies["laravel-vite-plugin"]; !ok {
			return nil
		}
	}
	return &spec.Assets{Dir: ".", Output: "public/build"}
}
