package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

func TestATypeScriptEntryNeedsANodeThatStripsTypes(t *testing.T) {
	const pkgTS = `{"main": "src/main.ts", "scripts": {"test": "node --test"}, "dependencies": {"express": "^4"}}`
	for _, tc := range []struct {
		name, spec string
		more       []string
		err        string // "" plans
	}{
		{"Node.js 18 from .tool-versions", "language: node\n", []string{".tool-versions", "nodejs 18.19.0\n"},
			"Node.js 18 (.tool-versions) cannot run src/main.ts"},
		{"the spec's version 20", "language: node\nversion: \"20\"\n", nil, "Node.js 20 (the spec's `version`) cannot run src/main.ts"},
		{"22.6 needs the flag", "language: node\nversion: \"22.6\"\n", nil, "Node.js 22.6 (the spec's `version`) cannot run"},
		{"22.18 strips", "language: node\nversion: \"22.18\"\n", nil, ""},
		{"the latest 22 strips", "language: node\nversion: \"22\"\n", nil, ""},
		{"23.6 strips", "language: node\nversion: \"23.6.0\"\n", nil, ""},
		{"the default, 24", "language: node\n", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := append([]string{"package-lock.json", "{}", "src/main.ts", "const port: number = 3000\n"}, tc.more...)
			_, err := provider.TryPlan(t, tc.spec, facts(pkgTS, files...))
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("planning failed: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "version: 24")):
				t.Errorf("error %v, want one with %q and the fix", err, tc.err)
			}
		})
	}
	// tsx's loader runs TypeScript on any line: a start script running tsx (a production dependency)
	tsx := `{"scripts": {"start": "tsx src/main.ts", "test": "node --test"}, "dependencies": {"tsx": "^4", "express": "^4"}}`
	if _, err := provider.TryPlan(t, "language: node\nversion: \"20\"\n", facts(tsx, "package-lock.json", "{}", "src/main.ts", "")); err != nil {
		t.Errorf("tsx on Node.js 20: %v", err)
	}
}

// TestAnIndexTsWithoutABuildIsWhatNodeRuns: a workspace package with no scripts and no main
// whose only module is index.ts (atproto's services/pds: its image runs `node ... index.ts` after
// building the packages it uses) runs that file with node's type stripping, as server.js and
// index.js are run; a single package too. Not when its own build compiles it, nor when it
// imports a module of its own without the extension (node would stop at start), which planning
// names among what it tried.
func TestAnIndexTsWithoutABuildIsWhatNodeRuns(t *testing.T) {
	ctx := map[string]string{
		"package.json":        `{"name": "acme", "private": true, "type": "module", "engines": {"node": ">=22"}}`,
		"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml": "packages: [services/*, packages/*]\n",
		"services/pds/package.json": `{"name": "pds-service", "private": true, "type": "module",
			"dependencies": {"@acme/pds": "workspace:^"}}`,
		"services/pds/index.ts": "import { PDS } from '@acme/pds'\n\nvoid PDS.run().catch((err: unknown) => { console.error(err); process.exitCode = 1 })\n",
		"packages/pds/package.json": `{"name": "@acme/pds", "main": "dist/index.js", "scripts": {"build": "tsc --build tsconfig.build.json"},
			"dependencies": {"express": "^5"}, "devDependencies": {"typescript": "^5.9"}}`,
		"packages/pds/src/index.ts": "export const PDS = { run: async () => {} }\n",
	}
	src := "language: node\nworkspace: services/pds\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	if want := []string{"/usr/local/bin/node", "/app/services/pds/index.ts"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if want := []string{"pnpm --filter @acme/pds run build"}; !slices.Equal(runs(p.Stage("builder")), want) {
		t.Errorf("builder runs %q, want %q", runs(p.Stage("builder")), want)
	}

	single := map[string]string{"package.json": `{"name": "hook", "type": "module", "dependencies": {"hono": "^4"}}`,
		"package-lock.json": "{}", "server.ts": "import { serve } from '@hono/node-server'\nimport { app } from './app.ts'\nserve(app)\n"}
	src = "language: node\n"
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, single))
	if want := []string{"/usr/local/bin/node", "/app/server.ts"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("a single package: entrypoint %q, want %q", p.Image.Entrypoint, want)
	}

	built := maps.Clone(single)
	built["package.json"] = `{"name": "hook", "type": "module", "scripts": {"build": "tsc"}, "dependencies": {"hono": "^4"}}`
	provider.Refuses(t, src, langtest.Gathered(t, Provider{}, src, built), "cannot tell what node runs")

	extensionless := maps.Clone(single)
	extensionless["server.ts"] = "import { serve } from '@hono/node-server'\nimport { app } from './app'\nserve(app)\n"
	provider.Refuses(t, src, langtest.Gathered(t, Provider{}, src, extensionless), "server.ts (it imports ./app without an extension")
}
