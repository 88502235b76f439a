package php

import (
	"path"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// Craft CMS (craftcms/cms, on Yii) serves web/ (the craftcms/craft starter's web/index.php).
// Its bootstrap checks, at every request, that storage/ is writable (it makes storage/runtime
// and storage/logs there: compiled templates, caches, logs, backups) and, unless the
// environment gives CRAFT_LICENSE_KEY, that it can write the license key file, config/license.key
// by default: else every request answers 503 with "... isn't writable by PHP. Please fix that."
// Its install docs also ask for config/project (the project config's YAML, written at install
// and on admin changes) and web/cpresources (the control panel's published resources) to be
// writable. storage, config/project and the web root's cpresources are the runtime user's; the
// license key goes to storage/license.key (CRAFT_LICENSE_KEY_PATH) when the project commits
// none, so that config/, PHP code, stays root's. The starter's bootstrap.php loads .env with
// values that override the environment's (createUnsafeMutable), so a developer's .env (dev mode,
// database passwords) is left out of the image, as are the storage's and cpresources' contents
// (a developer's caches, logs and backups); CRAFT_ENVIRONMENT is production, as the starter's
// .env.example.production has it.

// craftPackage is what makes a project Craft's.
const craftPackage = "craftcms/cms"

// craftLicense is the license key file Craft writes when the environment has no key.
const craftLicense = "config/license.key"

// craftDirs are the directories Craft writes, relative to the project's root, but the web
// root's cpresources.
var craftDirs = []string{"storage", "config/project"}

// craftLocal are a developer's local state: the .env file, and what Craft wrote below storage/
// (the directories the starter's storage/.gitignore names; storage/rebrand, the control panel's
// logo, stays) and the web root's cpresources, which Craft makes again.
var craftLocal = []string{".env", "storage/runtime", "storage/logs", "storage/backups", "storage/composer-backups", "storage/config-backups"}

// craftData are Craft's directories as the application's, web the web root.
func craftData(p project, web string) []lang.Volume {
	if !p.requires(craftPackage) {
		return nil
	}
	return writtenBy(append(craftDirs, path.Join(web, "cpresources")), "Craft's (craftcms/cms): it writes there at run time")
}

// craftEnv is a Craft application's environment: production, and the license key written to
// storage/ when the project commits none.
func craftEnv(p project, f lang.Facts) []plan.Env {
	if !p.requires(craftPackage) {
		return nil
	}
	env := []plan.Env{{Key: "CRAFT_ENVIRONMENT", Value: "production"}}
	if !f.Has(craftLicense) {
		env = append(env, plan.Env{Key: "CRAFT_LICENSE_KEY_PATH", Value: path.Join(lang.AppDir, "storage/license.key")})
	}
	return env
}

// craftExcludes are a Craft project's files left out of the builder's source copy.
func craftExcludes(p project, web string) []string {
	if !p.requires(craftPackage) {
		return nil
	}
	return append(append([]string{}, craftLocal...), path.Join(web, "cpresources/*"))
}
