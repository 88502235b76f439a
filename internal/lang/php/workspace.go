package php

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A Laravel application may keep its Vite front end in a package of an npm or yarn workspace
// (firefly-iii's resources/assets/v2, beside a committed Laravel Mix build): the root
// package.json declares the workspaces and has no laravel-vite-plugin, and the package's Vite
// config points the plugin's publicDirectory at the project's public/ (`'../../../public'`), so
// its build writes public/build, whose manifest @vite reads at run time.

// viteConfigs are the Vite configs read in a workspace package.
var viteConfigs = []string{"vite.config.js", "vite.config.ts", "vite.config.mjs"}

// pluginDir is a literal publicDirectory or buildDirectory option of laravel-vite-plugin.
var pluginDir = regexp.MustCompile(`\b(publicDirectory|buildDirectory)\s*:\s*['"]([^'"]+)['"]`)

// workspaceFollow asks for the workspace packages' manifests and Vite configs of a Laravel
// project whose root package.json has no laravel-vite-plugin.
func workspaceFollow(f lang.Facts) []string {
	m, ok := readPackageJSON(f)
	if !f.Has("artisan") || !ok || m.dependsOn("laravel-vite-plugin") {
		return nil
	}
	return workspaceGlobs(f).Patterns(append([]string{"package.json"}, viteConfigs...)...)
}

func workspaceGlobs(f lang.Facts) lang.WorkspaceGlobs {
	return lang.CleanWorkspaceGlobs(lang.PackageJSONWorkspaces(f["package.json"]))
}

// workspaceViteAssets is the Vite build of the one workspace package that depends on
// laravel-vite-plugin, has a build script and whose Vite config sends the build into the
// project's public/ (a literal publicDirectory); nil for none or several.
func workspaceViteAssets(f lang.Facts) *spec.Assets {
	gs := workspaceGlobs(f)
	var found []*spec.Assets
	for _, pattern := range gs.Manifests() {
		for _, manifest := range f.Glob(pattern) {
			dir := path.Dir(manifest)
			m, ok := readPackageJSON(f.In(dir))
			if !gs.Declares(dir) || !ok || !m.dependsOn("laravel-vite-plugin") || strings.TrimSpace(m.Scripts["build"]) == "" {
				continue
			}
			opts := map[string]string{"buildDirectory": "build"}
			for _, o := range pluginDir.FindAllStringSubmatch(f.In(dir).Text(f.In(dir).First(viteConfigs...)), -1) {
				opts[o[1]] = o[2]
			}
			public, ok := lang.RelPath(path.Join(dir, opts["publicDirectory"]))
			if opts["publicDirectory"] == "" || !ok || public != "public" {
				continue
			}
			if out, ok := lang.RelPath(path.Join(public, opts["buildDirectory"])); ok && strings.HasPrefix(out, "public/") {
				found = append(found, &spec.Assets{Dir: dir, Output: out})
			}
		}
	}
	if len(found) != 1 {
		return nil
	}
	return found[0]
}
