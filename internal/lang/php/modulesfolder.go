package php

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A PHP application may take its front-end libraries from npm as they are, without a build:
// grocy's .yarnrc says `--modules-folder public/packages`, so yarn 1 installs package.json's
// packages into its web root, where its pages link them (/packages/bootstrap/dist/css/...).
// Without the install the image serves its pages without their scripts and styles, and nothing
// says so. The default assets then run that install alone (its output the modules folder, no
// script), and the folder is copied into the builder, as a build's output is.

// modulesFolder is yarn 1's modules folder given as a command-line flag in .yarnrc, for every
// command or for install.
var modulesFolder = regexp.MustCompile(`(?m)^[ \t]*--(?:install\.)?modules-folder[ \t]+"?([^"\s]+)"?[ \t]*$`)

// yarnModulesFolder is the directory, relative to the project, that yarn 1 installs into
// instead of node_modules, when .yarnrc names one inside the project and yarn 1 installs
// (a yarn.lock, no .yarnrc.yml of a later yarn).
func yarnModulesFolder(f lang.Facts) (string, bool) {
	m := modulesFolder.FindStringSubmatch(f.Text(".yarnrc"))
	if m == nil || !f.Has("yarn.lock") || f.Has(".yarnrc.yml") {
		return "", false
	}
	dir, ok := lang.CleanRelPath(m[1])
	dir = strings.TrimPrefix(dir, "./")
	if !ok || dir == "." || dir == "node_modules" {
		return "", false
	}
	return dir, true
}

// installedAssets are the default assets of a project whose front end is its packages as yarn
// installs them into a modules folder: package.json has dependencies and no build script.
func installedAssets(f lang.Facts, m packageJSON) *spec.Assets {
	dir, ok := yarnModulesFolder(f)
	if !ok || len(m.Dependencies) == 0 || strings.TrimSpace(m.Scripts["build"]) != "" {
		return nil
	}
	return &spec.Assets{Dir: ".", Output: dir, InstallOnly: true}
}
