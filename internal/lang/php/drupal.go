package php

import (
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// Drupal's composer project (drupal/recommended-project, the template drupal.org's install
// docs start from) commits composer.json and composer.lock alone: drupal/core-composer-scaffold,
// a composer plugin, writes the web root's index.php, update.php, .htaccess, autoload.php,
// sites/default/default.settings.php... into extra.drupal-scaffold.locations.web-root (web/)
// when composer install runs its scripts, which deps does not (--no-scripts). So:
//   - the web root is the scaffold's, and the builder runs `composer drupal:scaffold` after the
//     source copy, before the check that index.php is there;
//   - the autoloader is not classmap-authoritative: Drupal adds its modules' namespaces to
//     composer's class loader at run time (addPsr4), which an authoritative class map never
//     consults (every module class would be missing);
//   - Drupal writes uploads, aggregated CSS and JavaScript and compiled Twig below
//     sites/default/files, and its installer writes sites/default/settings.php (the official
//     drupal image makes web/sites the web server user's): sites/default is the runtime user's
//     when the project commits no settings.php there, else only sites/default/files, so that the
//     committed settings stay root's;
//   - the web server runs only the PHP files its scaffolded .htaccess lets run (the web root's
//     own, but autoload.php, and those directly in core/: install.php, update.php...), and
//     answers 404 for the source files that .htaccess denies (*.yml, *.twig, *.module, *.inc...),
//     as drupal.org's nginx recipe does;
//   - a developer's sites/*/files and settings.local.php are left out of the source copy.

// drupalScaffold is the composer plugin that writes the web root's files.
const drupalScaffold = "drupal/core-composer-scaffold"

// drupalReads are the settings a Drupal project may commit, for Language().Reads.
var drupalReads = []string{"sites/default/settings.php", "*/sites/default/settings.php"}

// drupalRoot is the web root the scaffold writes into, cleaned ("." for the project's root),
// when the project is a Drupal composer project whose scaffold plugin composer runs; "" else.
func drupalRoot(p project) string {
	if p.ScaffoldWebRoot == "" || !p.requires(drupalScaffold) || !p.pluginAllowed(drupalScaffold) {
		return ""
	}
	dir, ok := lang.RelPath(strings.TrimSuffix(p.ScaffoldWebRoot, "/"))
	if !ok || dir == ".." || strings.HasPrefix(dir, "../") {
		return ""
	}
	return dir
}

// drupalData are the directories Drupal writes, below its web root web.
func drupalData(f lang.Facts, web string) []lang.Volume {
	if f.Has(path.Join(web, "sites/default/settings.php")) {
		return []lang.Volume{{Dir: path.Join(web, "sites/default/files"),
			From: "Drupal's public files (uploads, aggregated CSS and JavaScript, compiled Twig)"}}
	}
	return []lang.Volume{{Dir: path.Join(web, "sites/default"),
		From: "Drupal's: its installer writes settings.php there, and its public files go to sites/default/files"}}
}

// drupalExcludes are a developer's local state below the web root: the public and private
// files of a local site, and its local settings.
func drupalExcludes(web string) []string {
	return []string{path.Join(web, "sites/*/files"), path.Join(web, "sites/*/private"), path.Join(web, "sites/*/settings.local.php")}
}

// drupalCaddy answers 404 for what Drupal's scaffolded .htaccess forbids: a PHP file below a
// directory of the web root but core/'s own, autoload.php, a directory's index.php, and
// Drupal's source and configuration files.
const drupalCaddy = "\t@drupalphp {\n\t\tpath_regexp (?i)^/(.+/.*|autoload)\\.php($|/)\n\t\tnot path_regexp ^/core/[^/]*\\.php$\n\t}\n\trespond @drupalphp 404\n" +
	"\t@drupalindex {\n\t\tfile {path}/index.php\n\t\tnot path /\n\t}\n\trespond @drupalindex 404\n" +
	"\t@drupalsource path_regexp (?i)\\.(engine|inc|install|make|module|profile|po|sh|[a-z]*sql|theme|twig|tpl(\\.php)?|xtmpl|yml)(~|\\.sw[op]|\\.bak|\\.orig|\\.save)?$|/web\\.config$|\\.php(~|\\.sw[op]|\\.bak|\\.orig|\\.save)$\n" +
	"\trespond @drupalsource 404\n"
