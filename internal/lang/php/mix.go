package php

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// Laravel Mix, the bundler of Laravel's skeleton before Vite, writes into its public path:
// public/ in a Laravel project (Mix sets it when it sees artisan), else the one webpack.mix.js
// gives setPublicPath. Every output of webpack.mix.js lands below it (mix.js(..., 'js') writes
// public/js, LinkAce's 'assets/dist/js' public/assets/dist/js), and so do the fonts and images
// its CSS refers to (public/fonts, public/images) and its manifest, public/mix-manifest.json,
// which the mix() helper reads on every page. No one directory of outputs carries all of it
// without the front controller beside it, so the default assets build the public path in
// place: the assets' build copies it with the rest of the project and runs Mix's production
// script, and the builder takes public/ whole from there (spec.Assets.InPlace), the manifest
// checked (spec.Assets.Expect). A committed manifest is a committed build (pixelfed's).

// mixConfig is Laravel Mix's configuration, read for its public path.
const mixConfig = "webpack.mix.js"

// mixManifestName is the manifest Mix writes into its public path.
const mixManifestName = "mix-manifest.json"

// mixManifest is Laravel's (public path public/), read to tell a committed build.
const mixManifest = "public/" + mixManifestName

// mixSetPublicPath is a literal setPublicPath in webpack.mix.js.
var mixSetPublicPath = regexp.MustCompile(`\.setPublicPath\(\s*['"]([^'"]+)['"]\s*\)`)

// mixPublicPath is the directory Mix writes into, relative to the project: the one literal
// setPublicPath names (every call naming the same), else public (Laravel's); "" when
// webpack.mix.js is not there, or its public path is computed, the project's root or outside it.
func mixPublicPath(f lang.Facts) string {
	if !f.Has(mixConfig) {
		return ""
	}
	dir := "public"
	for i, m := range mixSetPublicPath.FindAllStringSubmatch(f.Text(mixConfig), -1) {
		d, ok := lang.CleanRelPath(m[1])
		d = strings.TrimPrefix(d, "./")
		if !ok || d == "." || i > 0 && d != dir {
			return ""
		}
		dir = d
	}
	if strings.Contains(f.Text(mixConfig), "setPublicPath(") && !mixSetPublicPath.MatchString(f.Text(mixConfig)) {
		return "" // computed
	}
	return dir
}

// mixScript is the script running Mix's production build: production (the skeleton's), else
// prod, else build.
func mixScript(m packageJSON) string {
	for _, name := range []string{"production", "prod", "build"} {
		if strings.TrimSpace(m.Scripts[name]) != "" {
			return name
		}
	}
	return ""
}

// mixAssets are the default assets of a Laravel project built with Laravel Mix whose manifest is
// not committed: its production script, writing the public path in place; nil for another
// project, or one whose public path or script is not known.
func mixAssets(f lang.Facts, m packageJSON) *spec.Assets {
	if !f.Has("artisan") || !m.dependsOn("laravel-mix") {
		return nil
	}
	public, script := mixPublicPath(f), mixScript(m)
	if public == "" || script == "" || f.Has(path.Join(public, mixManifestName)) {
		return nil
	}
	a := &spec.Assets{Dir: ".", Output: public, InPlace: true, Expect: path.Join(public, mixManifestName)}
	if script != "build" {
		a.Script = script
	}
	if vendorPath.MatchString(f.Text(mixConfig)) { // mix.copy('vendor/...'), a Sass include path there
		a.FromDeps = []string{"vendor"}
	}
	return a
}

// mixFollow asks for the manifest in a public path other than Laravel's (Reads has public/'s).
func mixFollow(f lang.Facts) []string {
	if public := mixPublicPath(f); public != "" && public != "public" {
		return []string{path.Join(public, mixManifestName)}
	}
	return nil
}
