package ruby

import (
	"encoding/json"
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A Rails app on Sprockets may take stylesheets, fonts and scripts from npm packages as they
// are, without a JavaScript build: huginn's config/initializers/assets.rb puts
// node_modules/@fortawesome/fontawesome-free/css (and webfonts) on the asset path, and its
// stylesheet requires Font Awesome from there. The source copy leaves node_modules out, so
// assets:precompile fails ("couldn't find file"). Its own image runs `npm install --production`
// first. The default assets then run that install alone (package.json's packages, its output
// node_modules, no script), the builder takes node_modules for assets:precompile, and the image
// leaves it out: the precompiled assets in public/assets are what is served.

// assetsInitializer is where a Rails app adds to its asset path.
const assetsInitializer = "config/initializers/assets.rb"

// nodeModulesPath is a line of the initializer naming node_modules: an addition to
// assets.paths, or a path the additions are made from (huginn's fa_path).
var nodeModulesPath = regexp.MustCompile(`(?m)^[^#\n]*node_modules`)

// assetsPathsAdd is an addition to the asset path (`assets.paths <<`, `+=`, `.push`, `.append`).
var assetsPathsAdd = regexp.MustCompile(`(?m)^[^#\n]*\bassets\.paths\s*(?:<<|\+=|\.(?:push|append|unshift|prepend)\b)`)

// sprocketsPackages are the default assets of a Rails app whose asset path names node_modules,
// with package.json's dependencies to put there: the install alone, into node_modules.
func sprocketsPackages(f lang.Facts, lock lockfile) *spec.Assets {
	src := f.Text(assetsInitializer)
	if !lock.has("sprockets-rails") || !nodeModulesPath.MatchString(src) || !assetsPathsAdd.MatchString(src) {
		return nil
	}
	var m struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if json.Unmarshal(f["package.json"], &m) != nil || len(m.Dependencies) == 0 {
		return nil
	}
	return &spec.Assets{Dir: ".", Output: "node_modules", InstallOnly: true}
}
