package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// flagBoard is a server at the root of a pnpm workspace whose build script also builds the web
// UI of frontend/ (a Vite app writing build/, as its config says) which the server serves, the
// way Unleash lays itself out: `pnpm --dir ./frontend run build` among the build's scripts.
var flagBoard = map[string]string{
	"package.json": `{"name": "flagboard", "scripts": {"build": "pnpm run clean && pnpm run build:frontend && pnpm run build:backend",
 "clean": "del-cli --force dist", "build:frontend": "pnpm --dir ./frontend run build", "build:backend": "tsc --pretty",
 "start": "TZ=UTC node ./dist/server.js", "test": "vitest run"},
 "dependencies": {"express": "^5.1.0"}, "devDependencies": {"typescript": "~5.9.3", "del-cli": "^6.0.0", "vitest": "^3.2.4"}}`,
	"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
	"pnpm-workspace.yaml": "packages:\n  - frontend\n",
	"tsconfig.json":       `{"compilerOptions": {"outDir": "./dist", "rootDir": "./src"}}`,
	"frontend/package.json": `{"name": "flagboard-frontend", "private": true, "scripts": {"build": "tsc && vite build"},
 "devDependencies": {"vite": "^7.1.0", "typescript": "~5.9.3"}}`,
	"frontend/vite.config.mts": "import { defineConfig } from 'vite';\nexport default defineConfig({\n  base: '',\n  build: {\n    outDir: 'build',\n  },\n});\n",
}

// TestRootBuildOfAUIShipsIt: the UI that the root package's build script builds in another
// directory by a package manager's directory flag ships from the builder beside the server's
// build, at its place (Vite's outDir, else dist/); a workspace whose packages the root builds
// so is no WorkspaceNotSelected. Not without the UI's Vite (or esbuild) build, nor when the
// spec's build.command replaces the build script.
func TestRootBuildOfAUIShipsIt(t *testing.T) {
	src := "language: node\nports: [4242]\n"
	plan := func(ctx map[string]string, src string) []string {
		t.Helper()
		p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
		if slices.Contains(langtest.Rules(p), "WorkspaceNotSelected") {
			t.Errorf("notes %q: the root builds its package", langtest.Rules(p))
		}
		return artifactPaths(p)
	}
	base := []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/app/dist -> /app/dist/"}
	if got, want := plan(flagBoard, src), append(slices.Clone(base), "builder:/app/frontend/build -> /app/frontend/build/"); !slices.Equal(got, want) {
		t.Errorf("pnpm --dir: runtime copies %q, want %q", got, want)
	}

	npm := maps.Clone(flagBoard)
	npm["package.json"] = `{"name": "flagboard", "scripts": {"build": "npm run build --prefix client && tsc", "start": "node dist/server.js", "test": "vitest run"},
 "dependencies": {"express": "^5.1.0"}, "devDependencies": {"typescript": "~5.9.3"}}`
	npm["package-lock.json"] = "{}"
	delete(npm, "pnpm-lock.yaml")
	delete(npm, "pnpm-workspace.yaml")
	npm["client/package.json"], npm["client/vite.config.ts"] = npm["frontend/package.json"], "export default {}\n"
	if got, want := plan(npm, src), append(slices.Clone(base), "builder:/app/client/dist -> /app/client/dist/"); !slices.Equal(got, want) {
		t.Errorf("npm --prefix, Vite's default outDir: runtime copies %q, want %q", got, want)
	}

	ws := maps.Clone(npm) // an npm workspace's package, by its directory
	ws["package.json"] = strings.Replace(ws["package.json"], `"npm run build --prefix client && tsc"`, `"npm run build -w client && tsc"`, 1)
	ws["package.json"] = strings.Replace(ws["package.json"], `"name": "flagboard",`, `"name": "flagboard", "workspaces": ["client"],`, 1)
	if got, want := plan(ws, src), append(slices.Clone(base), "builder:/app/client/dist -> /app/client/dist/"); !slices.Equal(got, want) {
		t.Errorf("npm run build -w: runtime copies %q, want %q", got, want)
	}

	noVite := maps.Clone(npm)
	noVite["client/package.json"] = `{"name": "docs", "scripts": {"build": "node make-docs.js"}}`
	if got := plan(noVite, src); !slices.Equal(got, base) {
		t.Errorf("a build of another kind: runtime copies %q, want %q", got, base)
	}
	if got := plan(npm, src+"build: {command: tsc}\n"); !slices.Equal(got, base) {
		t.Errorf("build.command: runtime copies %q, want %q", got, base)
	}
}

// TestRootStartOfAPackageNamesTheWorkspace: a workspace root whose start script runs a script of
// one of its packages (docmost's `pnpm --filter ./apps/server run start:prod`; npm's `-w`,
// yarn's `workspace`; etherpad's prod script) runs nothing node could, and the planning error
// says which `workspace` to select; for a package the workspace does not declare, it names the
// one package with a start script (onlyStarter).
func TestRootStartOfAPackageNamesTheWorkspace(t *testing.T) {
	ctx := map[string]string{
		"pnpm-lock.yaml":           "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml":      "packages:\n  - apps/*\n",
		"apps/server/package.json": `{"name": "server", "scripts": {"build": "nest build", "start:prod": "node dist/main"}}`,
		"apps/client/package.json": `{"name": "client", "scripts": {"build": "vite build"}}`,
	}
	for start, want := range map[string]string{
		"pnpm --filter ./apps/server run start:prod": "set `workspace: apps/server`: the start script runs that package's start:prod script",
		"pnpm -F server start:prod":                  "set `workspace: apps/server`: the start script runs that package's start:prod script",
		"npm run start:prod -w apps/server":          "set `workspace: apps/server`",
		"yarn workspace server start:prod":           "set `workspace: apps/server`",
		// a package the workspace does not declare: the one package with a start script instead
		"pnpm --filter ./apps/worker run start": "set `workspace: apps/server`: of the workspace's packages, only server has a start:prod script",
		// a prod script, tried after the frameworks (etherpad's)
		"prod=pnpm --filter server run prod": "set `workspace: apps/server`: the prod script runs that package's prod script",
	} {
		c := maps.Clone(ctx)
		name := "start"
		if n, cmd, ok := strings.Cut(start, "="); ok {
			name, start = n, cmd
		}
		c["package.json"] = `{"name": "wiki", "private": true, "scripts": {"build": "nx run-many -t build", "` + name + `": "` + start + `"}}`
		src := "language: node\n"
		_, err := provider.TryPlan(t, src, provider.Gathered(t, src, c))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("start %q: %v, want %q", start, err, want)
		}
	}
}
