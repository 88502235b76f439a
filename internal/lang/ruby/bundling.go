package ruby

import (
	"encoding/json"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// bundlings are the Rails gems whose assets:precompile first runs a package.json script
// (`yarn build`, `yarn build:css`, or npm's, pnpm's, bun's), which needs Node.js in the builder,
// and the variable each reads to skip it.
var bundlings = []struct{ gem, script, skip string }{
	{"jsbundling-rails", "build", "SKIP_JS_BUILD"},
	{"cssbundling-rails", "build:css", "SKIP_CSS_BUILD"},
}

// bundledScripts are the scripts of the bundling gems the project has (lockedGems) whose
// script package.json has: what assets:precompile would run.
func bundledScripts(f lang.Facts, lock lockfile) (scripts []string, skips []plan.Env) {
	var pkg struct {
		Scripts map[string]string `json:"scripts"`
	}
	if !f.Has("package.json") || json.Unmarshal(f["package.json"], &pkg) != nil {
		return nil, nil
	}
	for _, b := range bundlings {
		if lock.has(b.gem) && strings.TrimSpace(pkg.Scripts[b.script]) != "" {
			scripts = append(scripts, b.script)
			skips = append(skips, plan.Env{Key: b.skip, Value: "1"})
		}
	}
	return scripts, skips
}

// frontEndAssets are Rails' JavaScript and CSS bundles as default assets, else Shakapacker's
// packs (packer.assets), else Vite Ruby's build (viteRubyAssets), else Hanami's (hanamiAssets): jsbundling-rails'
// `build` and cssbundling-rails' `build:css` (esbuild, rollup, webpack, Tailwind, Bootstrap's
// sass) write app/assets/builds, which the asset pipeline then digests. They are built by
// Node.js in stages of their own, with the project's lockfile and package manager, and copied
// into the builder before assets:precompile, which skips them (bundleSkips): Rails' own
// Dockerfile installs Node.js and yarn in its build stage instead, and the gems' tasks run the
// install and the build on every precompile.
func frontEndAssets(_ *spec.Spec, f lang.Facts) *spec.Assets {
	lock := lockedGems(f, readGemfile(f.Text("Gemfile")))
	scripts, _ := bundledScripts(f, lock)
	if len(scripts) > 0 {
		return &spec.Assets{Dir: ".", Output: "app/assets/builds", Script: scripts[0], Also: scripts[1:]}
	}
	if p, ok := readPacker(f, lock); ok && p.problem == "" { // Shakapacker's packs (packs.go)
		return p.assets()
	}
	if a := viteRubyAssets(f, lock); a != nil { // Vite Ruby's build (vite.go)
		return a
	}
	if a := hanamiAssets(f); a != nil { // hanami.go
		return a
	}
	return sprocketsPackages(f, lock) // sprocketspaths.go
}

// bundleSkips are the variables that make assets:precompile skip the bundles the default
// assets built; none when the spec names its own assets or none.
func bundleSkips(s *spec.Spec, f lang.Facts, lock lockfile) []plan.Env {
	if s.Assets != nil {
		return nil
	}
	scripts, skips := bundledScripts(f, lock)
	p, packs := readPacker(f, lock)
	switch {
	case len(scripts) > 0:
	case packs && p.problem == "":
		skips = append(skips, p.precompileSkip())
	case !packs && viteRubyAssets(f, lock) != nil:
		skips = append(skips, viteRubySkip)
	}
	return skips
}
