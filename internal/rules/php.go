package rules

import (
	"fmt"
	"strings"
)

// Rules of the PHP and Ruby providers (internal/lang/php, internal/lang/ruby).
var (
	// MissingPHPExtension: exts are the extensions (intl, pdo_mysql), framework what needs them
	// when composer does not require them ("WordPress (wp-settings.php)"; "" for composer's
	// requirements), image the runtime image that lacks them, builder the builder image.
	MissingPHPExtension = New("MissingPHPExtension", "The project requires PHP extensions the PHP images do not include",
		func(exts []string, framework, image, builder string) string {
			names := make([]string, len(exts))
			for i, e := range exts {
				names[i] = "ext-" + e
			}
			if framework != "" {
				return fmt.Sprintf("%s needs %s, which %s does not include: every request would fail without it, "+
					"and no build step checks it (nothing requires it of composer); run on an image that adds it "+
					"(`runtime`: FROM %s, RUN docker-php-ext-install %s)", framework, strings.Join(names, ", "), image, image, strings.Join(exts, " "))
			}
			return fmt.Sprintf("composer.json or its packages require %s, which %s and %s do not include: composer install fails "+
				"on the platform check, and the program could not load them; build on images that add them "+
				"(`build.image` and `runtime`: FROM %s, RUN docker-php-ext-install %s)",
				strings.Join(names, ", "), builder, image, image, strings.Join(exts, " "))
		})

	// FrontEndNotBuilt: dir is the directory of the package.json ("." at the root), script its
	// script that builds the front end, builtBy the clause saying when the language builds one,
	// output an example of where it writes.
	FrontEndNotBuilt = New("FrontEndNotBuilt", "A PHP or Python project's package.json builds a front end the image does not get",
		func(dir, script, builtBy, output string) string {
			manifest := "package.json"
			if dir != "." {
				manifest = dir + "/package.json"
			}
			return fmt.Sprintf("%s's `%s` script builds the front end, %s: "+
				"the image would lack the CSS and JavaScript it writes; "+
				"set `assets: {dir: %s, script: %s, output: <the directory it writes, e.g. %s>}`, "+
				"or skip the rule when the built files are committed", manifest, script, builtBy, dir, script, output)
		})

	// CmdReplacesEntrypoint: entrypoint is the spec's, command what the image runs (bundle exec
	// ruby exe/server sidekiq), word the cmd's first word, which runs on its own.
	CmdReplacesEntrypoint = New("CmdReplacesEntrypoint", "The spec's `cmd` starts with a command, but with a Ruby `entrypoint` it is the entrypoint's arguments",
		func(entrypoint, command, word string) string {
			return fmt.Sprintf("with `entrypoint: %s`, `cmd` is the entrypoint's arguments, so the image runs `%s`; "+
				"`%s` looks like a command of its own (a path, a program, a gem of the bundle): to run it instead, leave `entrypoint` out "+
				"(`cmd` then replaces the command after `bundle exec`), or write only the entrypoint's arguments in `cmd`",
				entrypoint, command, word)
		})

	// NoTestRunner: file is where the frontend looked ("composer.json", "Gemfile.lock"), looked
	// what it looked for, command what the tester runs instead.
	NoTestRunner = New("NoTestRunner", "Nothing in the project names a test runner for the tester stage",
		func(file, looked, command string) string {
			return fmt.Sprintf("%s names no test runner (%s), so `--target tester` runs `%s`, which may fail; "+
				"set `test` to the project's test command, or `test: false` when it has none", file, looked, command)
		})

	// PHPVersionEndOfLife: line and the date of its end of life, source of the version, and
	// the default PHP.
	PHPVersionEndOfLife = New("PHPVersionEndOfLife", "The PHP version is past its end of life",
		func(line, date, source, current string) string {
			return fmt.Sprintf("PHP %s reached its end of life on %s (%s): it gets no security fixes, and current packages "+
				"drop it from their require.php; move to %s, the default, or another supported line (the spec's `version`, "+
				".php-version, or composer.json's require.php and config.platform.php, then `composer update` so that "+
				"composer.lock resolves for it)", line, date, source, current)
		})
)
