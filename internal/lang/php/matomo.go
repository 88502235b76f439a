package php

import "github.com/org/multistage-frontend/internal/lang"

// Matomo (composer.json's name matomo/matomo: its repository and its release archive) is served
// from its root. Its installer writes config/config.ini.php and stops at its system check when
// config/ is not writable; it writes its caches, sessions, logs and merged assets below tmp/ at
// every request, and a custom logo into misc/user. Its own image makes the whole tree
// www-data's. config, tmp and misc/user are the runtime user's (made when missing), a PHP file
// there answers 404 (the installer's config.ini.php is included, never requested), and, as its
// own nginx configuration (matomo-nginx) denies them, config/, tmp/, core/ and lang/ answer 404
// whole: tmp/ holds its logs and sessions. A developer's config.ini.php and tmp/ stay out of the
// image.

// matomoName is composer.json's name in Matomo's repository and release.
const matomoName = "matomo/matomo"

// matomoDirs are the directories Matomo writes, and matomoDenied those never served.
var (
	matomoDirs   = []string{"config", "misc/user", "tmp"}
	matomoDenied = []string{"config", "core", "lang", "tmp"}
)

// matomoLocal are a developer's local install, left out of the source copy: its configuration
// (the database's credentials) and what it wrote below tmp/.
var matomoLocal = []string{"config/config.ini.php", "tmp/*"}

// matomoExcludes are a Matomo project's files left out of the builder's source copy.
func matomoExcludes(p project) []string {
	if p.Name != matomoName {
		return nil
	}
	return matomoLocal
}

// matomoData are Matomo's directories as the application's.
func matomoData(p project) []lang.Volume {
	if p.Name != matomoName {
		return nil
	}
	return writtenBy(matomoDirs, "Matomo's: its installer writes config/config.ini.php, its caches and logs go to tmp/, a custom logo to misc/user")
}
