package ruby

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Hanami 2.1 and later bundle their assets with esbuild through the hanami-assets npm package:
// `hanami assets compile` runs `node config/assets.js -- --path=app --dest=public/assets` for
// the app (when app/assets is there), and for each slice with an assets/ directory
// `--path=slices/NAME --dest=public/assets/_NAME`, with the slice's own config/assets.js when it
// has one (hanami-cli's assets command; Hanami::Assets.public_assets_dir). In production the
// app serves them itself only with HANAMI_SERVE_ASSETS=true (Hanami's assets guide: for Docker
// without a proxy in front), which byos_hanami's Dockerfile sets.

// hanamiAssetsConfig is the file `hanami assets` runs with node.
const hanamiAssetsConfig = "config/assets.js"

// hanamiSlicePatterns find the slices with assets: the files directly in a slice's assets/js
// and assets/css, where hanami-assets takes its entry points from (app.js, app.css).
var hanamiSlicePatterns = []string{"slices/*/assets/js/*", "slices/*/assets/css/*", "slices/*/config/assets.js"}

// hanamiFollow asks for the app's assets directory and the slices' assets when the project
// compiles its assets with hanami-assets.
func hanamiFollow(f lang.Facts) []string {
	if !usesHanamiAssets(f) {
		return nil
	}
	return append([]string{lang.Probe("app/assets")}, hanamiSlicePatterns...)
}

// usesHanamiAssets reports a Hanami app (the hanami gem, not Rails) whose package.json depends
// on hanami-assets, with the config/assets.js it runs.
func usesHanamiAssets(f lang.Facts) bool {
	if !f.Has(hanamiAssetsConfig) || !f.Has("package.json") || f.Has("config/application.rb") {
		return false
	}
	if lock := lockedGems(f, readGemfile(f.Text("Gemfile"))); !lock.has("hanami") || lock.has("railties") {
		return false
	}
	var m struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if json.Unmarshal(f["package.json"], &m) != nil {
		return false
	}
	_, prod := m.Dependencies["hanami-assets"]
	_, dev := m.DevDependencies["hanami-assets"]
	return prod || dev
}

// hanamiAssets are `hanami assets compile`'s commands as default assets, built by Node.js in
// stages of their own (the project's lockfile and package manager), into public/assets; nil
// without hanami-assets or anything to compile.
func hanamiAssets(f lang.Facts) *spec.Assets {
	if !usesHanamiAssets(f) {
		return nil
	}
	var cmds [][]string
	if f.HasDir("app/assets") {
		cmds = append(cmds, []string{"node", hanamiAssetsConfig, "--", "--path=app", "--dest=public/assets"})
	}
	var slicesWith []string
	for _, p := range slices.Concat(f.Glob(hanamiSlicePatterns[0]), f.Glob(hanamiSlicePatterns[1])) {
		if name := strings.Split(p, "/")[1]; !slices.Contains(slicesWith, name) {
			slicesWith = append(slicesWith, name)
		}
	}
	slices.Sort(slicesWith)
	for _, name := range slicesWith {
		dir, config := "slices/"+name, hanamiAssetsConfig
		if own := dir + "/" + hanamiAssetsConfig; f.Has(own) {
			config = own
		}
		cmds = append(cmds, []string{"node", config, "--", "--path=" + dir, "--dest=public/assets/_" + name})
	}
	if len(cmds) == 0 {
		return nil
	}
	return &spec.Assets{Dir: ".", Output: "public/assets", Command: cmds[0], AlsoCommands: cmds[1:]}
}

// hanamiServeAssets is HANAMI_SERVE_ASSETS=true when the image holds hanami-assets' build (the
// default assets, or the spec's), since nothing else in it serves them; nil when the spec's env
// sets it or `assets: false`.
func hanamiServeAssets(s *spec.Spec, f lang.Facts) []plan.Env {
	if _, set := s.Env.Get("HANAMI_SERVE_ASSETS"); set || s.Assets != nil && s.Assets.Disabled || !usesHanamiAssets(f) {
		return nil
	}
	if s.Assets == nil && hanamiAssets(f) == nil {
		return nil
	}
	return []plan.Env{{Key: "HANAMI_SERVE_ASSETS", Value: "true"}}
}
