package php

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Laravel application installed through the web installer of rachidlaasri/laravel-installer
// lists in config/installer.php's `permissions` the directories its requirements page checks
// are writable: Laravel's own, and those the application writes besides. FreeScout's adds
// public/css/builds and public/js/builds (the bundles its minifier writes on request),
// public/modules and Modules (the modules its admin installs). Root-owned in the image, they
// fail at the first write. Those below the project are the runtime user's, made when missing.

// installerConfig is the installer's configuration, for Language().Reads.
const installerConfig = "config/installer.php"

var (
	// installerPermissions is the `permissions` array.
	installerPermissions = regexp.MustCompile(`(?s)['"]permissions['"]\s*=>\s*(?:\[|array\s*\()(.*?)[\])]`)
	// installerDir is one of its entries: 'public/css/builds/' => '775'.
	installerDir = regexp.MustCompile(`['"]([A-Za-z0-9_.][A-Za-z0-9_./-]*)['"]\s*=>\s*['"]?[0-7]{3,4}['"]?`)
)

// installerDirs are the directories config/installer.php asks to be writable, relative to the
// root, but Laravel's (storage, bootstrap/cache, which the runtime user owns already), in the
// file's order.
func installerDirs(f lang.Facts) []lang.Volume {
	m := installerPermissions.FindStringSubmatch(f.Text(installerConfig))
	if m == nil {
		return nil
	}
	var out []lang.Volume
	for _, e := range installerDir.FindAllStringSubmatch(m[1], -1) {
		dir := path.Clean(e[1])
		if dir == "." || strings.HasPrefix(dir, "..") || dir == "storage" || strings.HasPrefix(dir, "storage/") || dir == "bootstrap/cache" {
			continue
		}
		out = append(out, lang.Volume{Dir: dir, From: installerConfig + "'s permissions, which its installer checks"})
	}
	return out
}
