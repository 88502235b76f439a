package ruby

import (
	"cmp"
	"encoding/json"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Vite Ruby (the vite_ruby gem, under vite_rails, vite_hanami or vite_padrino) builds the front
// end with Vite: its rake task runs `vite build` in the production mode, whose
// vite-plugin-ruby reads config/vite.json itself (its "all" section, then the mode's) and
// writes the entrypoints and their manifest into root/publicDir/publicOutputDir (public/vite by
// default; mastodon's production section says packs). The app's vite_javascript_tag reads that
// manifest at run time, and fails without it. vite_ruby hooks the build into assets:precompile,
// which needs Node.js and the packages in the builder: the default assets build it in Node.js
// stages of their own, and the builder's assets:precompile is told to skip it
// (VITE_RUBY_SKIP_ASSETS_PRECOMPILE_EXTENSION, from vite_ruby's deployment guide).

// viteRubyConfig is Vite Ruby's configuration, shared by the gem and the Vite plugin.
const viteRubyConfig = "config/vite.json"

// viteRubySettings are the keys of a config/vite.json section that say where the build goes.
type viteRubySettings struct {
	Root            string `json:"root"`
	PublicDir       string `json:"publicDir"`
	PublicOutputDir string `json:"publicOutputDir"`
}

// viteRubyOutput is where the production build goes, relative to the context: config/vite.json's
// production section over its all section over Vite Ruby's defaults (., public, vite); ok is
// false for a configuration planning cannot read or a place outside the context.
func viteRubyOutput(f lang.Facts) (string, bool) {
	var conf map[string]viteRubySettings
	if f.Has(viteRubyConfig) && json.Unmarshal(f[viteRubyConfig], &conf) != nil {
		return "", false
	}
	all, prod := conf["all"], conf["production"]
	out, ok := lang.RelPath(path.Join(cmp.Or(prod.Root, all.Root, "."), cmp.Or(prod.PublicDir, all.PublicDir, "public"),
		cmp.Or(prod.PublicOutputDir, all.PublicOutputDir, "vite")))
	return out, ok && out != "."
}

// usesViteRuby reports a project whose bundle has vite_ruby and which has a package.json to
// install Vite from.
func usesViteRuby(f lang.Facts, lock lockfile) bool {
	return lock.has("vite_ruby") && f.Has("package.json")
}

// viteRubyAssets are Vite Ruby's build as default assets: `vite build` with the project's
// Vite config, in Node.js stages of their own with the project's lockfile and package manager;
// nil without vite_ruby, or with a config/vite.json planning cannot place.
func viteRubyAssets(f lang.Facts, lock lockfile) *spec.Assets {
	if !usesViteRuby(f, lock) {
		return nil
	}
	out, ok := viteRubyOutput(f)
	if !ok {
		return nil
	}
	return &spec.Assets{Dir: ".", Output: out, Command: viteBuild,
		Env: spec.KeyValues{{Key: "RAILS_ENV", Value: "production"}, {Key: "RACK_ENV", Value: "production"}}}
}

// viteBuild is the default assets' command: Vite's build with the project's config.
var viteBuild = []string{"node_modules/.bin/vite", "build"}

// viteRubySkip makes assets:precompile leave out vite_ruby's build, which the default assets did.
var viteRubySkip = plan.Env{Key: "VITE_RUBY_SKIP_ASSETS_PRECOMPILE_EXTENSION", Value: "true"}

// viteHookNote warns of a Rake task hooked into Vite Ruby's build when the default assets
// build it (the spec names none).
func viteHookNote(s *spec.Spec, f lang.Facts) []plan.Note {
	if a := frontEndAssets(s, f); s.Assets != nil || a == nil || !slices.Equal(a.Command, viteBuild) {
		return nil
	}
	file, hook, task, ok := viteHook(f)
	if !ok {
		return nil
	}
	writes := ""
	if strings.HasPrefix(hook, "i18n") {
		writes = strings.Join(i18nJSFiles(f), " and ")
	}
	note := rules.ViteHookNotRun.Note(lang.FirstField(s, "language"), rules.ViteHookNotRun.Format(file, hook, task, writes))
	return append([]plan.Note(nil), note)
}
