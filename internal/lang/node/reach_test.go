package node

import (
	"maps"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// reachWorkspace is a workspace whose web app (a Vite site) reaches three siblings without
// listing them in package.json: packages/ui through a Vite alias and a tsconfig path,
// packages/tsconfig through its tsconfig's extends; packages/ui's tsconfig references
// packages/icons in turn. apps/api and packages/other it does not reach.
var reachWorkspace = map[string]string{
	"apps/web/package.json": `{"name": "@acme/web", "private": true, "scripts": {"build": "vite build"},
		"dependencies": {"react": "^19"}, "devDependencies": {"vite": "^7"}}`,
	"apps/web/vite.config.ts": `import path from "node:path";
import { defineConfig } from "vite";
export default defineConfig({
  resolve: { alias: { "@acme/ui": path.resolve(__dirname, "../../packages/ui/src") } },
  envDir: "../../",
});`,
	"apps/web/tsconfig.json": `{"extends": "../../packages/tsconfig/base.json",
		"compilerOptions": {"paths": {"@acme/ui": ["../../packages/ui/src/index.ts"], "~/*": ["./src/*"]}}}`,
	"packages/ui/package.json":       `{"name": "@acme/ui", "private": true, "scripts": {"build": "tsc -b"}, "dependencies": {"clsx": "^2"}}`,
	"packages/ui/tsconfig.json":      `{"references": [{"path": "../icons"}], "exclude": ["../../node_modules"]}`,
	"packages/icons/package.json":    `{"name": "@acme/icons", "private": true}`,
	"packages/tsconfig/package.json": `{"name": "@acme/tsconfig", "private": true}`,
	"packages/other/package.json":    `{"name": "@acme/other", "private": true, "scripts": {"build": "tsc"}}`,
	"apps/api/package.json":          `{"name": "@acme/api", "private": true, "scripts": {"start": "node server.js"}}`,
	"apps/api/vite.config.ts":        `export default { resolve: { alias: { "@other": "../../packages/other/src" } } }`,
}

// TestSiblingsReachedByConfigurationAreBuilt: the packages a package's tsconfig (paths,
// extends, references) and Vite config (aliases) name by a relative path are build-time
// dependencies, transitively: installed by name beside the selected package, their source in
// the builder, built before it; the packages nothing reaches stay out. The image, a static
// site, holds none of them.
func TestSiblingsReachedByConfigurationAreBuilt(t *testing.T) {
	for _, tc := range []struct {
		k       kind
		root    map[string]string
		install string
		builds  string
	}{
		{pnpm, map[string]string{"package.json": `{"name": "acme", "private": true}`, "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
			"pnpm-workspace.yaml": "packages: [apps/*, packages/*]\n"},
			"pnpm install --frozen-lockfile --filter @acme/web... --filter @acme/tsconfig... --filter @acme/icons... --filter @acme/ui...",
			"pnpm --filter @acme/ui run build; pnpm --filter @acme/web run build"},
		{npm, map[string]string{"package.json": `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}`, "package-lock.json": "{}"},
			"npm ci --workspace apps/web --workspace packages/tsconfig --workspace packages/icons --workspace packages/ui --include-workspace-root",
			"npm run build --workspace packages/ui; npm run build --workspace apps/web"},
		{yarnBerry, map[string]string{"package.json": `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}`, "yarn.lock": "__metadata:\n  version: 8\n",
			".yarnrc.yml": "nodeLinker: node-modules\n"},
			"yarn workspaces focus acme @acme/web @acme/tsconfig @acme/icons @acme/ui",
			"yarn workspace @acme/ui run build; yarn workspace @acme/web run build"},
	} {
		t.Run(string(tc.k), func(t *testing.T) {
			ctx := maps.Clone(reachWorkspace)
			maps.Copy(ctx, tc.root)
			src := "language: node\nworkspace: apps/web\n"
			got := workspaceSteps(provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx)))
			if got.install != tc.install {
				t.Errorf("install:\n got %q\nwant %q", got.install, tc.install)
			}
			if got.builds != tc.builds {
				t.Errorf("builds:\n got %q\nwant %q", got.builds, tc.builds)
			}
			if want := []string{"**/node_modules", "apps/api", "packages/other"}; !slices.Equal(got.builderExcludes, want) {
				t.Errorf("builder leaves out %q, want %q", got.builderExcludes, want)
			}
			if want := []string{"builder:/app/apps/web/dist -> /usr/share/nginx/html/"}; !slices.Equal(got.runtime, want) {
				t.Errorf("runtime copies %q, want %q", got.runtime, want)
			}
		})
	}
}

// TestReachedPackagesAreNotShipped: a server whose tsconfig extends a sibling's by path gets the
// sibling in its build, and not in its image, which holds what package.json's dependencies name.
func TestReachedPackagesAreNotShipped(t *testing.T) {
	ctx := map[string]string{
		"package.json":          `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}`,
		"package-lock.json":     "{}",
		"apps/api/package.json": `{"name": "@acme/api", "scripts": {"build": "tsc", "start": "node dist/main.js"}, "dependencies": {"@acme/db": "*"}}`,
		"apps/api/tsconfig.json": `{"extends": "../../packages/tsconfig/node.json", "compilerOptions": {"outDir": "dist"},
			"references": [{"path": "../../packages/db"}]}`,
		"packages/db/package.json":       `{"name": "@acme/db", "main": "dist/index.js", "files": ["dist"], "scripts": {"build": "tsc"}}`,
		"packages/tsconfig/package.json": `{"name": "@acme/tsconfig"}`,
	}
	src := "language: node\nworkspace: apps/api\n"
	got := workspaceSteps(provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx)))
	if want := "npm ci --workspace apps/api --workspace packages/tsconfig --include-workspace-root"; got.install != want {
		t.Errorf("install %q, want %q: the package referenced is a dependency already", got.install, want)
	}
	if want := []string{"**/node_modules"}; !slices.Equal(got.builderExcludes, want) {
		t.Errorf("builder leaves out %q, want %q", got.builderExcludes, want)
	}
	want := []string{"prod-deps:/ app/node_modules app/packages/db/node_modules app/apps/api/node_modules -> /",
		"builder:/ app/packages/db/package.json app/packages/db/dist -> /",
		":apps/api/package.json -> /app/apps/api/", "builder:/app/apps/api/dist -> /app/apps/api/dist/"}
	if !slices.Equal(got.runtime, want) {
		t.Errorf("runtime copies:\n got %q\nwant %q", got.runtime, want)
	}
}
