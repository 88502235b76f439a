package php

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// laravelWorkspace is a Laravel project of ours whose Vite front end is the npm workspace
// package resources/ui (firefly-iii's shape); more replaces files ("" removes one).
func laravelWorkspace(more ...string) lang.Facts {
	f := lang.Facts{
		"composer.json": []byte(`{"require": {"laravel/framework": "^12.0"}}`), "composer.lock": []byte(`{"packages": []}`),
		"artisan": []byte("<?php\n"), "public/index.php": []byte("<?php\n"),
		"package.json":      []byte(`{"private": true, "workspaces": ["resources/ui", "resources/legacy"]}`),
		"package-lock.json": []byte(`{"lockfileVersion": 3}`),
		"resources/ui/package.json": []byte(`{"scripts": {"build": "vite build"},
			"devDependencies": {"vite": "^7.0.0", "laravel-vite-plugin": "^2.0.0"}}`),
		"resources/ui/vite.config.js":   []byte("export default defineConfig({plugins: [laravel({input: ['src/app.js'], publicDirectory: '../../public'})]})\n"),
		"resources/legacy/package.json": []byte(`{"scripts": {"production": "mix --production"}}`),
	}
	for i := 0; i+1 < len(more); i += 2 {
		if more[i+1] == "" {
			delete(f, more[i])
			continue
		}
		f[more[i]] = []byte(more[i+1])
	}
	return f
}

// TestLaravelViteInAWorkspacePackage: the one workspace package with laravel-vite-plugin and a
// build script whose Vite config sends the build into the project's public/ is the default
// assets, its output public/<buildDirectory>; Follow asks for the packages' manifests and
// configs. No default when the build stays in the package, or the root has the plugin itself.
func TestLaravelViteInAWorkspacePackage(t *testing.T) {
	spec := langtest.Spec(t, "language: php\n")
	if a := frameworkAssets(spec, laravelWorkspace()); a == nil || a.Dir != "resources/ui" || a.Output != "public/build" {
		t.Errorf("assets %+v, want resources/ui into public/build", a)
	}
	custom := "export default {plugins: [laravel({publicDirectory: \"../../public\", buildDirectory: 'ui'})]}\n"
	if a := frameworkAssets(spec, laravelWorkspace("resources/ui/vite.config.js", custom)); a == nil || a.Output != "public/ui" {
		t.Errorf("with buildDirectory: %+v", a)
	}
	for name, f := range map[string]lang.Facts{
		"no publicDirectory":     laravelWorkspace("resources/ui/vite.config.js", "export default {plugins: [laravel(['src/app.js'])]}\n"),
		"another public":         laravelWorkspace("resources/ui/vite.config.js", "laravel({publicDirectory: '../public'})\n"),
		"no build script":        laravelWorkspace("resources/ui/package.json", `{"devDependencies": {"laravel-vite-plugin": "^2.0.0"}}`),
		"not a declared package": laravelWorkspace("package.json", `{"private": true, "workspaces": ["resources/legacy"]}`),
		"not Laravel":            laravelWorkspace("artisan", ""),
	} {
		if a := frameworkAssets(spec, f); a != nil {
			t.Errorf("%s: assets %+v", name, a)
		}
	}
	got := (Provider{}).Follow(nil, laravelWorkspace())
	for _, want := range []string{"resources/ui/package.json", "resources/ui/vite.config.js", "resources/legacy/package.json"} {
		if !slices.Contains(got, want) {
			t.Errorf("Follow asks for %q, want %s among them", got, want)
		}
	}
	if got := (Provider{}).Follow(nil, laravelWorkspace("package.json", `{"workspaces": ["a"], "devDependencies": {"laravel-vite-plugin": "^2.0.0"}}`)); len(got) != 0 {
		t.Errorf("with the root's own plugin, Follow asks for %q", got)
	}
}
