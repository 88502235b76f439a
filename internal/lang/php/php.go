// Package php plans PHP projects: composer install without development packages in deps, with
// composer's cache mounted and only composer.json, composer.lock and path repositories copied;
// the source, an optimized autoloader (classmap-authoritative unless the project turns it off)
// and Laravel's route, view and event caches in builder; composer's dev packages and the tests
// in tester; and php-fpm behind Caddy (or FrankenPHP) on the spec's first port (8080 without one) as a non-root user at runtime. It
// declares its toolchain (lang.Declarer): the stages are the skeleton's.
package php

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Provider plans PHP projects.
type Provider struct{}

const (
	// defaultPHP is the php tag when nothing names a version: the newest PHP with active support.
	defaultPHP = "8.4"
	// composerImage holds the composer the builder copies (composer:2's /usr/bin/composer).
	composerImage    = "composer:2"
	composerCacheDir = "/root/.cache/composer"
)

// composerCache holds composer's downloads. Locked: composer documents no guarantee for several
// installs writing one cache at once.
var composerCache = lang.Cache{ID: "composer", Target: composerCacheDir, Sharing: lang.Locked}

// composerEnv is the environment of deps, builder and tester: the cache, no questions, root allowed (a build runs as
// root, as in the composer image), and path repositories copied into vendor rather than
// symlinked out of it.
var composerEnv = []plan.Env{
	{Key: "COMPOSER_CACHE_DIR", Value: composerCacheDir},
	{Key: "COMPOSER_ALLOW_SUPERUSER", Value: "1"},
	{Key: "COMPOSER_NO_INTERACTION", Value: "1"},
	{Key: "COMPOSER_MIRROR_PATH_REPOS", Value: "1"},
}

// Language is PHP's registry entry.
func (Provider) Language() lang.Language {
	return lang.Language{
		Name: "php", Markers: []string{"composer.json", "index.php", "public/index.php"}, Supersedes: []string{"node"},
		Reads: append([]string{"composer.json", "composer.lock", "artisan", ".php-version", "index.php", "public/index.php", "web/index.php",
			"package.json", "bin/console", cakeFront, craftLicense, installerConfig, webpackConfig, mixConfig, mixManifest, ".yarnrc", "yarn.lock", ".yarnrc.yml", dockerignore}, slices.Concat(laravelFrontEnd, viteManifests, databaseReads, drupalReads, liipConfigs, privateDirReads, keptDirReads, wordPressReads, htaccessReads)...),
		Runtimes: []string{"fpm", "alpine", "frankenphp"},
		Assets:   frameworkAssets,
	}
}

// Toolchain declares a PHP build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	var p project
	composer := f.Has("composer.json")
	if composer {
		var err error
		if p, err = readProject(f); err != nil {
			return nil, lang.FieldError(s, "language", "", "%v", err)
		}
	}
	v, from, err := phpVersion(s, f, p)
	if err != nil {
		return nil, err
	}
	rt := runtimeFor(v)
	image, alias := rt.RuntimeImage(s)
	sh := fpm
	switch {
	case s.Runtime == "scratch":
		return nil, lang.FieldError(s, "runtime", "use `runtime: fpm` (the default), alpine or frankenphp",
			"`runtime: scratch` has no PHP: PHP runs on the php images (php-fpm with Caddy) or FrankenPHP")
	case alias == "frankenphp" || alias == "" && strings.Contains(image, "frankenphp"):
		sh = frankenphp
		if newer("8.2", minorOf(v)) {
			return nil, lang.FieldError(s, lang.FirstField(s, "runtime"), "use PHP 8.2 or later, or `runtime: fpm`",
				"FrankenPHP runs PHP 8.2 and later, and the project's PHP is %s", v)
		}
	}
	app := detectApp(f, p)
	web, err := webRoot(s, f, app)
	if err != nil {
		return nil, err
	}
	field := lang.FirstField(s, "language")

	t := &lang.Toolchain{Image: "php:" + v + "-cli", Workdir: lang.AppDir, Env: composerEnv,
		Notes: lang.EndOfLifeNote(s, rules.PHPVersionEndOfLife, v, from, endOfLife, defaultPHP)}
	if composer {
		if err := declareComposer(s, p, t, v, image, app); err != nil {
			return nil, err
		}
	} else {
		t.Build.Description = "copy the source (no composer.json: nothing to install)"
		t.Test.Command = lang.Cmd{Args: []string{"/bin/sh", "-c", lintScript}, Display: "php -l on every .php file"}
	}
	t.Build.Fields = []string{"entrypoint", "language"}
	t.Build.Exclude = append(sourceExcludes(composer, p.vendorDir(), app), craftExcludes(p, web.dir)...)
	t.Build.Exclude = append(t.Build.Exclude, matomoExcludes(p)...)
	if app.DrupalRoot != "" {
		t.Build.Exclude = append(t.Build.Exclude, drupalExcludes(web.dir)...)
	}
	switch {
	case app.Laravel:
		declareLaravel(s, t, app)
	case app.Symfony:
		declareSymfony(s, t, app)
	case app.CakePHP:
		declareCakePHP(t)
	}
	if wp := wordPress(f, p); wp != "" && !slices.Contains(p.extensions(), "mysqli") {
		t.Notes = append(t.Notes, rules.MissingPHPExtension.Note(field, rules.MissingPHPExtension.Format([]string{"mysqli"}, wp, image, t.Image)))
	}
	if ext, from := databaseDriver(f, p, app); ext != "" && alias != "" && !slices.Contains(p.extensions(), ext) { // pdodriver.go
		t.Notes = append(t.Notes, rules.MissingPHPExtension.Note(field, rules.MissingPHPExtension.Format([]string{ext}, from, image, t.Image)))
	}
	if script, output := unbuiltFrontEnd(s, f, app); script != "" {
		t.Notes = append(t.Notes, rules.FrontEndNotBuilt.Note(field, rules.FrontEndNotBuilt.Format(".", script, "which is built by default only with Vite (laravel-vite-plugin), Webpack Encore or, in Laravel, Laravel Mix", output)))
	}
	t.Build.Expect = []lang.Expected{{Paths: []string{web.check}, What: web.what, Fix: "set `entrypoint` to the directory the web server serves"}}

	dirs := slices.Concat(dataDirs(f, app), wordPressUploads(f, web.dir), kirbyData(p), craftData(p, web.dir), boltData(p, web.dir), matomoData(p))
	if app.DrupalRoot != "" && web.dir == app.DrupalRoot {
		dirs = append(dirs, drupalData(f, web.dir)...)
	}
	if app.Laravel {
		dirs = append(dirs, installerDirs(f)...)
	}
	kept := slices.Concat(keptDirs(f, p), ignoredContentDirs(f, p))
	if app.Laravel || app.Symfony || app.CakePHP {
		kept = frameworkKeptDirs(s, f, app, keptDirs(f, p)) // keptdirs.go
	}
	for _, d := range kept {
		if !slices.ContainsFunc(dirs, func(v lang.Volume) bool { return v.Dir == d.Dir || strings.HasPrefix(d.Dir, v.Dir+"/") }) {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		if d.Dir != web.dir {
			rt.Made = append(rt.Made, d)
		}
	}
	srv := server{shape: sh, root: path.Join(lang.AppDir, web.dir), appRoot: web.dir == ".", laravel: app.Laravel && app.Artisan,
		opcache: opcacheLine(sh, v), port: servePort(s), vendor: p.vendorDir(), denied: privateDirs(f, app, p), front: web.front,
		onlyIndex: (app.Laravel || app.Symfony) && (web.dir == "public" || app.FromRoot && web.dir == ".") && web.front == "", noPHP: noPHPDirs(web.dir, s.Writable, dirs, app),
		partly: partlyDeniedDirs(f), rewrites: rewriteDenials(f.Text(".htaccess")), drupal: app.DrupalRoot != "" && web.dir == app.DrupalRoot && web.front == ""}
	t.Before = append(t.Before, srv.stages(field, image)...)
	rt.Title = p.title()
	rt.Workdir = lang.AppDir
	rt.Env = append(app.env(), craftEnv(p, f)...)
	rt.Setup = srv.setup(field)
	rt.Artifacts = artifacts(field)
	rt.Writable, rt.WritableFrom = app.writable(), app.framework()
	if dir, ok := liipCacheDir(f); ok && app.Symfony {
		rt.Made = append(rt.Made, dir)
	}
	for _, c := range dataTemplates(f, dirs) {
		t.Build.After = append(t.Build.After, &lang.Cmd{Args: []string{"cp", c.template, c.file}, Field: field, NoNetwork: true,
			Display: "cp " + c.template + " " + c.file + " (the application requires " + c.file + "; the context has only the template)"})
	}
	rt.Entrypoint = []string{serveScript}
	t.Runtime = rt
	return t, nil
}

// declareComposer declares composer's part: the composer binary, the dependency files, the
// install, the autoloader and the test command.
func declareComposer(s *spec.Spec, p project, t *lang.Toolchain, v, image string, app appKind) error {
	field := lang.FirstField(s, "language")
	patterns, err := p.pathPatterns()
	if err != nil {
		return lang.FieldError(s, field, "point the repository's url at a directory of the project, e.g. packages/greeting", "%v", err)
	}
	t.Before = append(t.Before, lang.ToolStage("composer", composerImage, field, "composer, from the "+composerImage+" image"))
	t.Deps.Setup = append(t.Deps.Setup, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "composer",
		Paths: []string{"/usr/bin/composer"}, Dest: "/usr/bin/composer"})
	if tools := p.fetchTools(); len(tools) > 0 {
		t.Deps.Setup = append(t.Deps.Setup, lang.InstallPackages(lang.PackageManagerOf(t.Image), tools, field))
	}
	install := []string{"composer", "install", "--no-dev", "--no-progress", "--prefer-dist", "--no-scripts", "--no-autoloader"}
	t.Deps.Files = []string{"composer.json"}
	if p.HasLock {
		t.Deps.Files = append(t.Deps.Files, "composer.lock")
	} else {
		t.Notes = append(t.Notes, rules.MissingLockfile.Note(field, rules.MissingLockfile.Format(
			"the build context has no composer.lock: composer install resolves every version anew on every build; "+
				"run `composer update` and commit composer.lock (and keep it out of .dockerignore)")))
	}
	t.Deps.Patterns = patterns
	t.Deps.Description = "install the production packages (composer install --no-dev) from " +
		strings.Join(slices.Concat(t.Deps.Files, patterns), " ") + " only"
	t.Deps.Steps = []plan.Step{&lang.Cmd{Args: install, Display: strings.Join(install, " "), Caches: []lang.Cache{composerCache}}}

	dump := []string{"composer", "dump-autoload", "--no-dev", "--optimize"}
	if (p.Authoritative == nil || *p.Authoritative) && app.DrupalRoot == "" {
		dump = append(dump, "--classmap-authoritative")
	}
	t.Build.Before = append(t.Build.Before, &lang.Cmd{Args: dump, Env: app.buildEnv()})
	if app.DrupalRoot != "" {
		// the web root's files, which composer install writes when it runs its scripts (drupal.go)
		t.Build.Before = append(t.Build.Before, &lang.Cmd{Args: []string{"composer", "drupal:scaffold"}})
	}
	if app.DumpEnv {
		// Symfony's deployment docs: the .env files compiled into .env.local.php, which the
		// application loads instead of parsing them on every request (the container's own
		// environment still wins); after the autoloader, before the scripts that boot the kernel,
		// as Symfony's Docker setup (dunglas/symfony-docker) runs it
		t.Build.Before = append(t.Build.Before, &lang.Cmd{Args: []string{"composer", "dump-env", "prod"}})
	}
	if p.Scripts["post-install-cmd"] {
		t.Build.Before = append(t.Build.Before, &lang.Cmd{Args: []string{"composer", "run-script", "--no-dev", "post-install-cmd"}, Env: app.buildEnv()})
	}
	t.Build.Description = "copy the source and write the optimized autoloader (" + strings.Join(dump, " ") + ")"
	if missing := missingExtensions(p.extensions()); len(missing) > 0 {
		t.Notes = append(t.Notes, rules.MissingPHPExtension.Note(field, rules.MissingPHPExtension.Format(missing, "", image, t.Image)))
	}

	devInstall := []string{"composer", "install", "--no-progress", "--prefer-dist"}
	t.Test.Before = []plan.Step{&lang.Cmd{Args: devInstall, Display: strings.Join(devInstall, " "), Phase: lang.Fetch,
		Caches: []lang.Cache{composerCache}}}
	cmd, found := testCommand(p, app)
	t.Test.Command = lang.Cmd{Args: cmd}
	if !found && s.Test == nil {
		t.Notes = append(t.Notes, rules.NoTestRunner.Note(field, rules.NoTestRunner.Format("composer.json",
			"a `test` script, phpunit/phpunit or pestphp/pest in require-dev", strings.Join(cmd, " "))))
	}
	return nil
}

// testCommand is the project's test runner: composer's `test` script, Laravel's `php artisan
// test`, Pest, PHPUnit; else `composer test` (found is false).
func testCommand(p project, app appKind) (cmd []string, found bool) {
	phpunit, pest := p.requiresDev("phpunit/phpunit"), p.requiresDev("pestphp/pest")
	switch {
	case p.Scripts["test"]:
		return []string{"composer", "test"}, true
	case app.Laravel && app.Artisan && (phpunit || pest):
		return []string{"php", "artisan", "test"}, true
	case pest:
		return []string{"vendor/bin/pest"}, true
	case phpunit:
		return []string{"vendor/bin/phpunit"}, true
	}
	return []string{"composer", "test"}, false
}

// lintScript is the tester of a project without composer.json: PHP's syntax check of every file.
const lintScript = `find . -name '*.php' -not -path './vendor/*' -exec php -l {} + >/dev/null`

// phpVersion is the php image tag's version: the spec's, else composer.json's
// config.platform.php, else .php-version, else composer.json's require.php, else 8.4; from says
// where it came from, for a message ("" for the default).
func phpVersion(s *spec.Spec, f lang.Facts, p project) (v, from string, err error) {
	if s.Version != "" {
		if !tagVersion.MatchString(s.Version) {
			return "", "", lang.FieldError(s, "version", "write a PHP version, e.g. 8.3 or 8.3.14", "%q is not a PHP version", s.Version)
		}
		return s.Version, "the spec's `version`", nil
	}
	file := strings.TrimSpace(f.Text(".php-version"))
	for _, c := range []struct{ v, from string }{
		{minorOf(p.Platform), "composer.json's config.platform.php " + p.Platform},
		{minorOf(file), ".php-version " + file},
		{constraintVersion(p.Require["php"]), "composer.json's require.php \"" + p.Require["php"] + "\""},
	} {
		if c.v != "" {
			return c.v, c.from, nil
		}
	}
	return defaultPHP, "", nil
}

// runtimeFor is the runtime table: the official php-fpm images with Caddy beside php-fpm, or
// FrankenPHP; www-data is 33 on Debian and 82 on Alpine.
func runtimeFor(v string) lang.Runtime {
	return lang.Runtime{
		Aliases: map[string]string{
			"fpm":        "php:" + v + "-fpm",
			"alpine":     "php:" + v + "-fpm-alpine",
			"frankenphp": "dunglas/frankenphp:1-php" + v,
		},
		Default: "fpm", Shells: []string{"fpm", "alpine", "frankenphp"},
		Users: map[string]string{"fpm": "33:33", "alpine": "82:82", "frankenphp": "33:33"},
		// Alpine's www-data is made by busybox adduser, which makes /home/www-data its own
		// (docker-library/php's Alpine Dockerfiles); Debian's has /var/www, root's: none known
		Homes: map[string]string{"alpine": "/home/www-data"},
	}
}
