package php

import (
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/procs"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// appKind is the framework the project is built on, as far as the build cares.
type appKind struct {
	// Laravel: laravel/framework is required; Artisan: the artisan script is there to run.
	Laravel, Artisan bool
	// Major is laravel/framework's major version in composer.lock (0 when unknown).
	Major int
	// Statamic: a Laravel application requiring statamic/cms, the flat-file CMS (statamic.go).
	Statamic bool
	// FromRoot: a Laravel application with no public/index.php and a root index.php, its front
	// controller (Winter CMS's): served from the project's root.
	FromRoot bool
	// Symfony: symfony/framework-bundle is required and bin/console is there to run;
	// AssetMapper: symfony/asset-mapper is required (its assets are compiled at build time);
	Symfony, AssetMapper bool
	// CMS: a CMS on Symfony that writes below public/ (Sulu, Pimcore: symfonycms.go), nil for
	// none.
	CMS *symfonyCMS
	// PostInstall: composer.json has a post-install-cmd script (Flex's auto-scripts).
	PostInstall bool
	// DumpEnv: Flex's `composer dump-env prod` can compile the .env files into .env.local.php
	// (symfony/flex, allowed to run, and symfony/dotenv among the production packages).
	DumpEnv bool
	// CakePHP: cakephp/cakephp is required (cakephp.go).
	CakePHP bool
	// DrupalRoot is the web root Drupal's composer scaffold writes (drupal.go), "" for none.
	DrupalRoot string
}

func detectApp(f lang.Facts, p project) appKind {
	switch {
	case p.requires("laravel/framework"):
		return appKind{Laravel: true, Artisan: f.Has("artisan"), Major: p.laravelMajor(), Statamic: p.requires("statamic/cms"),
			FromRoot: !f.Has("public/index.php") && f.Has("index.php")}
	case f.Has("bin/console") && slices.ContainsFunc(symfonyMarkers, p.requires):
		return appKind{Symfony: true, AssetMapper: p.requires("symfony/asset-mapper"), CMS: detectSymfonyCMS(p), PostInstall: p.Scripts["post-install-cmd"],
			DumpEnv: p.requiresProd("symfony/flex") && p.pluginAllowed("symfony/flex") && p.requiresProd("symfony/dotenv")}
	case p.requires("cakephp/cakephp"):
		return appKind{CakePHP: true}
	case drupalRoot(p) != "":
		return appKind{DrupalRoot: drupalRoot(p)}
	}
	return appKind{}
}

// symfonyMarkers are the packages that, beside bin/console, make a project a Symfony
// application: the framework bundle, required or locked, or the packages of Symfony's skeleton,
// Flex and the runtime, which an application on a distribution requires rather than the bundle
// (Sylius-Standard requires sylius/sylius, symfony/flex and symfony/runtime, and has no lock).
var symfonyMarkers = []string{"symfony/framework-bundle", "symfony/flex", "symfony/runtime"}

// env is the runtime image's environment: Laravel in production, logging to stderr (the
// container's log) instead of storage/logs; Symfony in its prod environment (.env, committed,
// says dev, whose bundles composer install --no-dev left out).
func (a appKind) env() []plan.Env {
	switch {
	case a.Laravel:
		return []plan.Env{{Key: "APP_ENV", Value: "production"}, {Key: "LOG_CHANNEL", Value: "stderr"}}
	case a.Symfony:
		return []plan.Env{{Key: "APP_ENV", Value: "prod"}}
	case a.CakePHP:
		return cakeEnv
	}
	return nil
}

// buildEnv is the environment of the commands that boot the application at build time.
func (a appKind) buildEnv() []plan.Env {
	switch {
	case a.Laravel:
		return []plan.Env{{Key: "APP_ENV", Value: "production"}}
	case a.Symfony:
		return []plan.Env{{Key: "APP_ENV", Value: "prod"}, {Key: "APP_DEBUG", Value: "0"}}
	}
	return nil
}

// writable are the directories the program writes at run time (the runtime's Writable).
func (a appKind) writable() []string {
	switch {
	case a.Statamic:
		return slices.Concat(laravelWritable, statamicWritable)
	case a.Laravel:
		return laravelWritable
	case a.CMS != nil:
		return slices.Concat(symfonyWritable, a.CMS.Writable)
	case a.Symfony:
		return symfonyWritable
	case a.CakePHP:
		return cakeWritable
	}
	return nil
}

// framework names the framework whose writable directories they are.
func (a appKind) framework() string {
	switch {
	case a.Statamic:
		return "Laravel and Statamic"
	case a.Laravel:
		return "Laravel"
	case a.CakePHP:
		return "CakePHP"
	case a.CMS != nil:
		return "Symfony and " + a.CMS.Name
	}
	return "Symfony"
}

// laravelDirs are the directories Laravel writes at run time: they must exist, and belong to
// the runtime user.
var laravelDirs = []string{"storage/app/public", "storage/framework/cache/data", "storage/framework/sessions",
	"storage/framework/views", "storage/logs", "bootstrap/cache"}

// laravelWritable are the directories of laravelDirs the runtime user owns.
var laravelWritable = []string{"storage", "bootstrap/cache"}

// symfonyDirs are the directories Symfony writes at run time (kernel.cache_dir, kernel.logs_dir),
// and symfonyWritable the one the runtime user owns.
var (
	symfonyDirs     = []string{"var/cache", "var/log"}
	symfonyWritable = []string{"var"}
)

// declareLaravel adds Laravel's build: its directories (relative to the working directory), the
// public storage link, and the caches
// that depend on the code alone (routes, compiled Blade views, event listeners); the
// configuration is cached when the container starts, from its environment.
func declareLaravel(s *spec.Spec, t *lang.Toolchain, a appKind) {
	// made first, before the autoloader: its post-autoload-dump script (package:discover) writes bootstrap/cache
	t.Build.Dirs = laravelDirs
	if a.Statamic {
		declareStatamic(t)
	}
	if !a.Artisan {
		return
	}
	caches := []string{"storage:link", "route:cache", "view:cache"}
	if a.FromRoot {
		caches = caches[1:] // no public/ to link the public disk into
	}
	if a.Major == 0 || a.Major >= 6 {
		caches = append(caches, "event:cache")
	}
	for _, c := range caches {
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: []string{"php", "artisan", c}, Env: a.buildEnv()})
	}
	t.Build.Description = strings.Replace(t.Build.Description, "copy the source and", "copy the source,", 1) +
		", then Laravel's caches (php artisan " + strings.Join(caches, ", ") + ")"
}

// declareSymfony adds Symfony's production build, as its deployment docs have it: var/ made
// (before the autoloader, whose scripts may boot the kernel), the cache cleared and warmed in
// the prod environment (by Flex's auto-scripts from post-install-cmd, which the composer step
// runs with APP_ENV=prod, else by cache:clear), and with the asset mapper its assets compiled
// into public/assets.
func declareSymfony(s *spec.Spec, t *lang.Toolchain, a appKind) {
	t.Build.Dirs = symfonyDirs
	if a.CMS != nil {
		declareCMS(t, a.CMS)
	}
	var cmds []string
	if !a.PostInstall {
		cmds = append(cmds, "cache:clear")
	}
	if a.AssetMapper {
		cmds = append(cmds, "asset-map:compile")
	}
	for _, c := range cmds {
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: []string{"php", "bin/console", c}, Env: a.buildEnv()})
	}
	t.Build.Description = strings.Replace(t.Build.Description, "copy the source and", "copy the source,", 1) +
		", in Symfony's prod environment"
	if a.DumpEnv {
		t.Build.Description += ", the .env files compiled (composer dump-env prod)"
	}
	if len(cmds) > 0 {
		t.Build.Description += ", then php bin/console " + strings.Join(cmds, ", ")
	}
}

// root is the web root: its directory in the project, and what the builder checks is there;
// front is the front controller when the spec names one other than index.php.
type root struct {
	dir   string
	check string
	what  string
	front string
}

// webRoot is the directory the web server serves: the spec's entrypoint (a directory, or the
// PHP file every request for a missing file goes to, in its directory: YOURLS's
// yourls-loader.php, which its own images' rewrite rules name), else the document root the
// Procfile's web process gives Heroku's PHP buildpack (procs.BuildpackWebRoot), else the root
// of a Laravel application whose front controller is its root index.php (Winter CMS's: no
// public/ at all), else public/ (Laravel, Symfony, Slim, ... and any project with
// public/index.php), else CakePHP's webroot/, else web/index.php's,
// else the directory the root index.php only redirects to, else the project's root with an
// index.php.
func webRoot(s *spec.Spec, f lang.Facts, a appKind) (root, error) {
	if s.Entrypoint != "" {
		rel, ok := lang.CleanRelPath(strings.TrimSpace(s.Entrypoint))
		if !ok || strings.ContainsAny(rel, "*?[") {
			return root{}, lang.FieldError(s, "entrypoint", "write the directory the web server serves, e.g. public, or its front controller, e.g. public/app.php",
				"%q is not a path inside the build context (`entrypoint` is the web root, or the PHP file every request goes to)", s.Entrypoint)
		}
		rel = strings.TrimPrefix(rel, "./")
		if strings.HasSuffix(rel, ".php") {
			if !f.Has(rel) {
				return root{}, lang.FieldError(s, "entrypoint", "write the front controller's path in the build context, or the directory the web server serves",
					"the build context has no %s, the front controller `entrypoint` names", rel)
			}
			front := root{dir: path.Dir(rel), check: path.Join(lang.AppDir, rel), what: "the front controller"}
			if path.Base(rel) != "index.php" {
				front.front = path.Base(rel)
			}
			return front, nil
		}
		return root{dir: rel, check: path.Join(lang.AppDir, rel), what: "the web root"}, nil
	}
	conv, err := conventionalRoot(s, f, a)
	if dir := procs.BuildpackWebRoot(s, f); dir != "" && dir != conv.dir {
		return root{dir: dir, check: path.Join(lang.AppDir, dir), what: "the document root the Procfile's web process names"}, nil
	}
	return conv, err
}

// conventionalRoot is the web root by the frameworks' conventions, with its front controller.
func conventionalRoot(s *spec.Spec, f lang.Facts, a appKind) (root, error) {
	switch {
	case a.FromRoot:
		return root{dir: ".", check: path.Join(lang.AppDir, "index.php"), what: "the front controller (a Laravel application without public/index.php)"}, nil
	case a.DrupalRoot != "":
		return root{dir: a.DrupalRoot, check: path.Join(lang.AppDir, a.DrupalRoot, "index.php"), what: "the front controller, which Drupal's scaffold writes"}, nil
	case a.Laravel || f.Has("public/index.php"):
		return root{dir: "public", check: path.Join(lang.AppDir, "public/index.php"), what: "the front controller"}, nil
	case a.CakePHP && f.Has(cakeFront):
		return root{dir: cakeWebroot, check: path.Join(lang.AppDir, cakeFront), what: "the front controller"}, nil
	case f.Has("web/index.php"):
		return root{dir: "web", check: path.Join(lang.AppDir, "web/index.php"), what: "the front controller"}, nil
	case redirectDir(f) != "" && f.Has(redirectDir(f)+"/index.php"): // redirect.go
		dir := redirectDir(f)
		return root{dir: dir, check: path.Join(lang.AppDir, dir, "index.php"), what: "the front controller the root index.php redirects to"}, nil
	case f.Has("index.php"):
		return root{dir: ".", check: path.Join(lang.AppDir, "index.php"), what: "the front controller"}, nil
	}
	fix := "set `entrypoint` to the directory the web server serves, e.g. public, or to the PHP file every request goes to (its front controller)"
	if names := f.Glob("*.php"); len(names) > 0 && len(names) <= maxFrontCandidates {
		fix += ", one of the root's " + strings.Join(names, ", ")
	}
	return root{}, lang.FieldError(s, lang.FirstField(s, "language"), fix,
		"nothing says what the web server serves: no public/index.php, web/index.php or index.php")
}

// maxFrontCandidates is how many root PHP files the error naming none of the front
// controllers lists at the most.
const maxFrontCandidates = 8

// sourceExcludes never reach the builder: the local vendor/ (deps installed it; vendor is
// config.vendor-dir, where composer installs), composer's
// credentials, and Laravel's local state: .env, logs, sessions, compiled views, the cached
// configuration (which would freeze a developer's settings), Vite's dev-server marker and the
// storage link (recreated).
func sourceExcludes(composer bool, vendor string, a appKind) []string {
	out := []string{".git", "auth.json", "node_modules"}
	if composer {
		out = append(out, vendor)
	}
	if a.Laravel {
		out = append(out, ".env", "storage/logs/*", "storage/framework/cache/data/*", "storage/framework/sessions/*",
			"storage/framework/views/*", "bootstrap/cache/*.php", "public/hot", "public/storage")
	}
	if a.Symfony {
		// .env is committed and holds the defaults Symfony reads; the local overrides and the
		// developer's cache and logs are not, nor what the build writes again (assets:install's
		// public/bundles, asset-map:compile's public/assets)
		out = append(out, ".env.local", ".env.local.php", ".env.*.local", "var/*", "public/bundles", "public/assets")
	}
	if a.CMS != nil {
		out = append(out, a.CMS.localContent()...) // made again on request, or a developer's media
	}
	if a.CakePHP {
		out = append(out, cakeLocal...)
	}
	return out
}

// runtimeExcludes are left out of the image: the tests and their settings.
var runtimeExcludes = []string{"tests", "phpunit.xml", "phpunit.xml.dist", "phpunit.dist.xml", ".phpunit.result.cache"}

// artifacts are what the image holds: the built tree, root-owned (the runtime copies the
// directories the program writes with their owner).
func artifacts(field string) []*plan.Copy {
	return []*plan.Copy{{Origin: plan.Origin{Field: field}, FromStage: "builder", Paths: []string{lang.AppDir}, Dest: lang.AppDir + "/",
		Exclude: slices.Clone(runtimeExcludes)}}
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

// packageJSON is what the PHP provider reads of a package.json beside composer.json.
type packageJSON struct {
	Scripts         map[string]string `json:"scripts"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
}

func readPackageJSON(f lang.Facts) (packageJSON, bool) {
	var m packageJSON
	if !f.Has("package.json") || json.Unmarshal(f["package.json"], &m) != nil {
		return m, false
	}
	return m, true
}

func (m packageJSON) dependsOn(name string) bool {
	_, dev := m.DevDependencies[name]
	_, prod := m.Dependencies[name]
	return dev || prod
}

// frameworkAssets are the front end a PHP framework builds by its convention, as its deployment
// docs build it; nil for any other project, or one whose package.json has no build script:
//   - Laravel with Vite (laravel-vite-plugin, the skeleton's since Laravel 9.19): `npm run
//     build` writes public/build, whose manifest the @vite directive reads at run time; or the
//     build of a workspace package writing there (workspaceViteAssets);
//   - Laravel with Laravel Mix (laravel-mix) and no committed manifest: its `production` script,
//     built in its public path (mixAssets);
//   - Symfony with Webpack Encore (@symfony/webpack-encore, bin/console): the script running
//     `encore production` (`build` in the recipe; wallabag's `build:prod`) writes Encore's
//     output path, the string webpack.config.js gives setOutputPath (public/build in the
//     recipe; wallabag's web/build/), whose entrypoints.json the Twig helpers read at run time;
//     Encore may come through another package (a script running encore production), and a
//     webpack.config.js naming a path into vendor/ (Sylius's entries) gets deps' vendor/.
func frameworkAssets(_ *spec.Spec, f lang.Facts) *spec.Assets {
	m, ok := readPackageJSON(f)
	if !ok {
		return nil
	}
	switch {
	case f.Has("artisan") && m.dependsOn("laravel-vite-plugin") && strings.TrimSpace(m.Scripts["build"]) != "":
		a := &spec.Assets{Dir: ".", Output: "public/build"}
		if frontEndReadsVendor(f) {
			a.FromDeps = []string{"vendor"}
		}
		return a
	case f.Has("artisan") && !m.dependsOn("laravel-vite-plugin"):
		if a := mixAssets(f, m); a != nil { // mix.go
			return a
		}
		return workspaceViteAssets(f) // workspace.go
	case f.Has("bin/console") && (m.dependsOn("@symfony/webpack-encore") || runsEncore(m)):
		script := encoreScript(m)
		if script == "" {
			return nil
		}
		a := &spec.Assets{Dir: ".", Output: encoreOutput(f.Text(webpackConfig))}
		if script != "build" {
			a.Script = script
		}
		if vendorPath.MatchString(f.Text(webpackConfig)) {
			a.FromDeps = []string{"vendor"}
		}
		return a
	}
	return installedAssets(f, m) // modulesfolder.go
}

// laravelFrontEnd are the files of a Laravel front end read for a path into vendor/: the Vite
// and Tailwind configurations and the skeleton's entries.
var laravelFrontEnd = []string{"vite.config.js", "vite.config.ts", "vite.config.mjs", "tailwind.config.js", "tailwind.config.ts",
	"tailwind.config.cjs", "resources/js/app.js", "resources/js/app.ts", "resources/css/app.css"}

// vendorPath is a relative or root-relative path into vendor/ in a string or url(): Breeze's and
// Jetstream's `import { ZiggyVue } from '../../vendor/tightenco/ziggy'`, their Tailwind content
// './vendor/laravel/framework/src/Illuminate/Pagination/resources/views/*.blade.php', a Filament
// theme's @import '/vendor/filament/...'.
var vendorPath = regexp.MustCompile(`['"(](?:\.\./|\./|/)*vendor/[A-Za-z0-9_.-]+/`)

// frontEndReadsVendor reports whether the Laravel front end reads Composer's packages (vendor/),
// which the assets' build then needs: without it Vite fails on the import, or Tailwind leaves
// out the classes of the views it scans there.
func frontEndReadsVendor(f lang.Facts) bool {
	return slices.ContainsFunc(laravelFrontEnd, func(name string) bool { return vendorPath.MatchString(f.Text(name)) })
}

// webpackConfig is Encore's configuration, read for its output path.
const webpackConfig = "webpack.config.js"

var (
	encoreProduction = regexp.MustCompile(`(^|[\s;&|(])encore\s+(production|prod)\b`)
	encoreOutputPath = regexp.MustCompile(`\.setOutputPath\(\s*['"]([^'"]+)['"]\s*\)`)
)

// runsEncore reports a script running Encore's production build: Encore may come through
// another package (Sylius-Standard's @sylius-ui/frontend), not a dependency of the project's own.
func runsEncore(m packageJSON) bool {
	for _, cmd := range m.Scripts {
		if encoreProduction.MatchString(cmd) {
			return true
		}
	}
	return false
}

// encoreScript is the script that runs Encore's production build: `build` when it does, else
// the only other script that does, else `build` when there is one (the recipe's name, whatever
// it runs); "" for none.
func encoreScript(m packageJSON) string {
	if encoreProduction.MatchString(m.Scripts["build"]) {
		return "build"
	}
	if prod := lang.Only(slices.Collect(maps.Keys(m.Scripts)), func(name string) bool {
		return encoreProduction.MatchString(m.Scripts[name])
	}); prod != "" {
		return prod
	}
	if strings.TrimSpace(m.Scripts["build"]) != "" {
		return "build"
	}
	return ""
}

// encoreOutput is the directory webpack.config.js gives Encore's setOutputPath, when it is one
// literal inside the project; else the recipe's public/build.
func encoreOutput(config string) string {
	ms := encoreOutputPath.FindAllStringSubmatch(config, -1)
	if len(ms) == 1 {
		if d := path.Clean(strings.TrimPrefix(ms[0][1], "./")); d != "." && !path.IsAbs(d) && d != ".." && !strings.HasPrefix(d, "../") {
			return d
		}
	}
	return "public/build"
}

// unbuiltFrontEnd is the script of a Laravel or Symfony project's package.json that builds its
// front end when frameworkAssets knows no convention for it (Laravel Mix, esbuild, sass, plain
// webpack), so the image gets none of what it builds: a production build's script when there is
// one (`production`: Laravel Mix's, and BookStack's, whose `build` is a development build;
// `build:production` or `build:prod`: pterodactyl's, whose `build` runs webpack with
// NODE_ENV=development), else `build`; "" for none, when Laravel Mix's manifest is
// committed, or when package.json names no package, so nothing its scripts run is installed.
// output is the directory webpack.config.js writes to when it says so (webpackOutput), else
// an example.
func unbuiltFrontEnd(s *spec.Spec, f lang.Facts, a appKind) (script, output string) {
	if s.Assets != nil || !a.Laravel && !a.Symfony || frameworkAssets(s, f) != nil || f.Has(mixManifest) || viteBuildCommitted(f) ||
		mixPublicPath(f) != "" && f.Has(path.Join(mixPublicPath(f), mixManifestName)) {
		return "", ""
	}
	m, ok := readPackageJSON(f)
	if !ok || len(m.Dependencies)+len(m.DevDependencies) == 0 {
		// no package to install: the scripts cannot run (FreeScout's `production` runs
		// node_modules/webpack/bin/webpack.js, and its built public/js and public/css are committed)
		return "", ""
	}
	output = "public/dist"
	if dir := webpackOutput(f.Text(webpackConfig)); dir != "" {
		output = dir
	}
	for _, script := range []string{"production", "build:production", "build:prod", "build"} {
		if strings.TrimSpace(m.Scripts[script]) != "" {
			return script, output
		}
	}
	return "", ""
}

// webpackOutputPath is webpack's output.path joined to the configuration's directory
// (pterodactyl's `output: {path: path.join(__dirname, '/public/assets')}`).
var webpackOutputPath = regexp.MustCompile(`\boutput\s*:\s*\{[^{}]*?\bpath\s*:\s*path\.(?:join|resolve)\(\s*__dirname\s*,\s*['"]([^'"]+)['"]\s*\)`)

// webpackOutput is the directory of the project webpack.config.js writes to, when it names one
// output.path inside the project; "" otherwise.
func webpackOutput(config string) string {
	ms := webpackOutputPath.FindAllStringSubmatch(config, -1)
	if len(ms) != 1 {
		return ""
	}
	d := path.Clean(strings.TrimPrefix(strings.TrimPrefix(ms[0][1], "/"), "./"))
	if d == "." || d == ".." || strings.HasPrefix(d, "../") {
		return ""
	}
	return d
}
