package php

import (
	"encoding/json"
	"path"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Laravel project may commit its Vite build: crater builds with innocenzi/laravel-vite (the
// `laravel-vite` npm package, whose plugin runs `php artisan vite:config`, so the build needs PHP
// beside Node.js) into public/build and commits it, manifest.json and the files it names. Its
// front end is built already, as a committed Laravel Mix manifest says (pixelfed's): no
// FrontEndNotBuilt. A manifest committed without its entries' files (a stale leftover) is no
// build.

// viteManifests are where Vite writes its manifest in Laravel's build directory: public/build
// (Vite 4 and earlier; laravel-vite-plugin's, innocenzi's build_path) and its .vite/ (Vite 5 on).
var viteManifests = []string{"public/build/manifest.json", "public/build/.vite/manifest.json"}

// viteEntryFiles are the files of a Vite manifest's entries, relative to the build directory.
func viteEntryFiles(src []byte) []string {
	var m map[string]struct {
		File    string `json:"file"`
		IsEntry bool   `json:"isEntry"`
	}
	if json.Unmarshal(src, &m) != nil {
		return nil
	}
	var out []string
	for _, e := range m {
		if e.IsEntry && e.File != "" {
			out = append(out, e.File)
		}
	}
	slices.Sort(out)
	return out
}

// viteFollow asks whether the entries of a committed Vite manifest are in the context.
func viteFollow(f lang.Facts) []string {
	var out []string
	for _, name := range viteManifests {
		for _, file := range viteEntryFiles(f[name]) {
			out = append(out, lang.Probe(path.Join("public/build", file)))
		}
	}
	return out
}

// viteBuildCommitted reports a committed Vite manifest in public/build whose entries' files are
// committed too.
func viteBuildCommitted(f lang.Facts) bool {
	for _, name := range viteManifests {
		files := viteEntryFiles(f[name])
		if len(files) > 0 && !slices.ContainsFunc(files, func(file string) bool { return !f.Has(path.Join("public/build", file)) }) {
			return true
		}
	}
	return false
}
