package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// esbuildServer is a SvelteKit app (adapter-node) behind an Express server of its own that a
// build file bundles with esbuild into build/main.js, kener's shape: the server imports a
// knexfile from the project's top, whose migrations and seeds knex reads from the working
// directory at start.
var esbuildServer = map[string]string{
	"package.json": `{"name": "status", "type": "module", "scripts": {"build": "vite build && node scripts/build-server.js",
 "start": "node build/main.js", "test": "vitest run"},
 "dependencies": {"esbuild": "^0.25.0", "express": "^5.1.0", "knex": "^3.1.0", "better-sqlite3": "^12.0.0"},
 "devDependencies": {"@sveltejs/kit": "^2.50.0", "@sveltejs/adapter-node": "^5.4.0", "vite": "^7.0.0", "vitest": "^4.0.0"}}`,
	"package-lock.json": `{"lockfileVersion": 3}`,
	"svelte.config.js":  "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
	"scripts/build-server.js": `import * as esbuild from "esbuild";
// entryPoints: ["scripts/old.ts"] in an older layout
await esbuild.build({
  entryPoints: ["scripts/main.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: "build/main.js",
  packages: "external",
});
`,
	"scripts/main.ts": `import express from "express";
import knex from "knex";
import knexOb from "../knexfile.js";
import { startup } from "../src/lib/server/startup.ts";
const app = express();
const db = knex(knexOb);
await db.migrate.latest();
await db.seed.run();
const { handler } = await import("../build/handler.js");
app.use(handler);
app.listen(process.env.PORT || 3000);
`,
	"knexfile.ts": `const knexOb = {
  migrations: { directory: "./migrations" },
  seeds: {
    directory: './seeds',
  },
  client: "better-sqlite3",
  connection: { filename: "./database/app.db" },
};
export default knexOb;
`,
	"src/lib/server/startup.ts":   "export function startup() {}\n",
	"migrations/20250101_init.ts": "export async function up(knex) {}\n",
	"seeds/site.ts":               "export async function seed(knex) {}\n",
	"src/routes/+page.svelte":     "<h1>up</h1>\n",
}

// TestEsbuildBundledServer: the source of a server esbuild bundles is its build file's entry
// point (or the command's argument), read as a tsc build's source is: the knex migrations and
// seeds directories the knexfile it imports names (from the project's top: the bundle inlines
// it, and it runs from build/) are copied beside the build; the listen it makes is read.
func TestEsbuildBundledServer(t *testing.T) {
	cli := langtest.With(maps.Clone(esbuildServer), "package.json", strings.Replace(esbuildServer["package.json"], "node scripts/build-server.js",
		"esbuild scripts/main.ts --bundle --platform=node --packages=external --outfile=build/main.js", 1))
	for _, tc := range []struct {
		name string
		ctx  map[string]string
	}{
		{"a build file", esbuildServer},
		{"the command", cli},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const spec = "language: node\nports: [3000]\n"
			p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, tc.ctx))
			if want := []string{"/usr/local/bin/node", "/app/build/main.js"}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q", p.Image.Entrypoint)
			}
			want := []string{
				"language: migrations -> /app/migrations migrations (knexfile.ts:2 migrations.directory:)",
				"language: seeds -> /app/seeds seeds (knexfile.ts:3 seeds.directory:)",
				"language: package.json -> /app/ ",
			}
			if got := copiesFromContext(p); !slices.Equal(got, want) {
				t.Errorf("copies from the context:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// A pnpm workspace's API with neither a start script nor a main, whose build bundles it for node
// with esbuild through a script of its own (quanphm/hoalu's apps/api: `build: pnpm run build:api
// && pnpm run build:types`, `build:api: esbuild src/index.ts --bundle --platform=node
// --format=cjs --outfile=dist/index.cjs --external:argon2`; its Dockerfile runs `node
// index.cjs`): the image runs the bundle, which the builder must leave. A browser bundle, or two
// scripts bundling different files, is no server to guess.
func TestTheNodeBundleOfABuildIsTheEntry(t *testing.T) {
	ctx := map[string]string{
		"package.json":        `{"name": "ledger", "private": true, "packageManager": "pnpm@10.20.0", "devDependencies": {"turbo": "^2.6.0"}}`,
		"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n",
		"apps/api/package.json": `{"name": "@ledger/api", "type": "module", "files": ["dist"], "scripts": {
 "build:api": "esbuild src/index.ts --bundle --platform=node --format=cjs --outfile=dist/index.cjs --external:argon2",
 "build:types": "tsc -p tsconfig.build.json", "build": "pnpm run build:api && pnpm run build:types", "dev": "tsx watch src/index.ts"},
 "dependencies": {"@ledger/money": "workspace:*", "argon2": "^0.44.0", "hono": "^4.9.0", "@hono/node-server": "^1.19.0"},
 "devDependencies": {"esbuild": "^0.25.0", "typescript": "^5.9.0", "tsx": "^4.20.0"}}`,
		"apps/api/src/index.ts":       "import { serve } from '@hono/node-server'\nimport { Hono } from 'hono'\nserve({ fetch: new Hono().fetch, port: 3000 })\n",
		"packages/money/package.json": `{"name": "@ledger/money", "type": "module", "exports": {".": "./src/index.ts"}}`,
		"packages/money/src/index.ts": "export const cents = (n: number) => Math.round(n * 100)\n",
	}
	const src = "language: node\nworkspace: apps/api\nports: [3000]\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/apps/api/dist/index.cjs"}) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
	if got := runs(p.Stage("builder")); !slices.Contains(got, "pnpm --filter @ledger/api run build") {
		t.Errorf("builder runs %q", got)
	}
	for name, script := range map[string]string{
		"browser": "esbuild src/index.ts --bundle --platform=browser --outfile=dist/index.js",
		"two":     "esbuild src/index.ts --bundle --platform=node --outfile=dist/index.cjs && esbuild src/worker.ts --bundle --platform=node --outfile=dist/worker.cjs",
	} {
		c := maps.Clone(ctx)
		c["apps/api/package.json"] = strings.Replace(ctx["apps/api/package.json"],
			"esbuild src/index.ts --bundle --platform=node --format=cjs --outfile=dist/index.cjs --external:argon2", script, 1)
		if _, err := provider.Plan(langtest.Spec(t, src), provider.Gathered(t, src, c)); err == nil || !strings.Contains(err.Error(), "set `entrypoint`") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
