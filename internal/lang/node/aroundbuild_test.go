package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestServerAroundItsBuild: a server of the project's own that imports what a bundler's server
// build writes (React Router's node-custom-server template: server.js, Express, `await
// import(BUILD_PATH)`) ships with that build, package.json and the production node_modules,
// and what it imports and reads of the source; not the routes, configuration and public/ the
// build was made from. What planning cannot follow keeps the whole tree.
func TestServerAroundItsBuild(t *testing.T) {
	const rrPkg = `{"name": "shop", "type": "module", "scripts": {"build": "react-router build", "start": "node server.js"},
 "dependencies": {"@react-router/express": "7", "@react-router/node": "7", "express": "^5", "compression": "^1"},
 "devDependencies": {"@react-router/dev": "7", "vite": "^7"}}`
	const server = `import compression from "compression";
import express from "express";

// Short-circuit the type-checking of the built output.
const BUILD_PATH = "./build/server/index.js";
const DEVELOPMENT = process.env.NODE_ENV === "development";
const app = express();
app.use(compression());
if (DEVELOPMENT) {
  const vite = await import("vite");
  const source = await vite.ssrLoadModule("./server/app.ts");
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.use(await import(BUILD_PATH).then((mod) => mod.app));
}
app.listen(3000);
`
	rr := func(kv ...string) map[string]string {
		ctx := map[string]string{"package.json": rrPkg, "package-lock.json": "{}", "server.js": server,
			"react-router.config.ts": "export default { ssr: true };\n", "vite.config.ts": "export default {};\n",
			"app/root.tsx": "export default function App() {}\n", "app/routes.ts": "export default [];\n",
			"server/app.ts": "export const app = 1;\n", "public/favicon.ico": "x"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				delete(ctx, kv[i])
			} else {
				ctx[kv[i]] = kv[i+1]
			}
		}
		return ctx
	}
	tree := []string{"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app -> /app/"}
	around := func(more ...string) []string {
		return append([]string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/"}, more...)
	}
	for _, tc := range []struct {
		name   string
		ctx    map[string]string
		want   []string
		beside []string // what is copied when present
	}{
		{"React Router's custom server", rr(), around("builder:/app/server.js -> /app/", "builder:/app/build -> /app/build/"), nil},
		{"a static import, and a module of its own it imports", rr("server.js", "import express from 'express';\nimport { mount } from './lib/mount.js';\n"+
			"const app = express();\nmount(app);\napp.use(express.static('public'));\napp.listen(3000);\n",
			"lib/mount.js", "import * as build from '../build/server/index.js';\nimport { createRequestHandler } from '@react-router/express';\n"+
				"export const mount = (app) => app.all('*', createRequestHandler({ build }));\n"),
			around("builder:/app/server.js -> /app/", "builder:/app/lib/mount.js -> /app/", "builder:/app/build -> /app/build/", "builder:/ -> /"),
			[]string{"app/public"}},
		{"require of a directory, CommonJS", rr("package.json", strings.Replace(rrPkg, `"type": "module", `, "", 1),
			"server.js", "const express = require('express');\nconst { handler } = require('./handler');\nexpress().use(handler).listen(3000);\n",
			"handler/index.js", "module.exports.handler = require('../build/server');\n"),
			around("builder:/app/server.js -> /app/", "builder:/app/handler/index.js -> /app/", "builder:/app/build -> /app/build/"), nil},
		// what planning cannot follow: the tree
		{"an import computed in code", rr("server.js", strings.Replace(server, "import(BUILD_PATH)", "import(process.env.BUILD)", 1)), tree, nil},
		{"a read computed in code", rr("server.js", server+"app.get('/', (q, r) => r.sendFile(page));\n"), tree, nil},
		{"__dirname alone", rr("server.js", server+"app.use(express.static(__dirname));\n"), tree, nil},
		{"a built module among the sources", rr("server.js", strings.Replace(server, "./build/server/index.js", "./server/app.js", 1)), tree, nil},
		{"deeper than planning follows", rr("server.js", "import './a.js';\n", "a.js", "import './b.js';\n", "b.js", "import './build/server/index.js';\n"), tree, nil},
		{"no build of a bundler's server: tsc's", rr("package.json", strings.Replace(strings.Replace(rrPkg, `"react-router build"`, `"tsc"`, 1), `"@react-router/dev": "7", `, "", 1),
			"server.js", "import express from 'express';\nimport { app } from './dist/app.js';\nexpress().use(app).listen(3000);\n"),
			[]string{"prod-deps:/app/node_modules -> /app/node_modules/", "app:/app -> /app/"}, nil}, // the tree, built on the runtime's image (appstage.go)
		{"a start script's argument naming a file", rr("package.json", strings.Replace(rrPkg, `"node server.js"`, `"node server.js --config conf/prod.json"`, 1)), tree, nil},
		{"nothing built imported", rr("server.js", "import express from 'express';\nexpress().listen(3000);\n"), tree, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const spec = "language: node\ntest: false\n"
			p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, tc.ctx))
			if got := artifactPaths(p); !slices.Equal(got, tc.want) {
				t.Fatalf("runtime copies %q, want %q", got, tc.want)
			}
			if tc.beside != nil {
				if c := copies(p.Stage("runtime"))[len(tc.want)-1]; !slices.Equal(c.Include, tc.beside) {
					t.Errorf("copied when present %q, want %q", c.Include, tc.beside)
				}
			}
			if ep := p.Image.Entrypoint; ep[len(ep)-1] != "/app/server.js" {
				t.Errorf("entrypoint %q, want the project's server", ep)
			}
		})
	}
	// the spec's entrypoint, and SvelteKit's handler imported by a TypeScript server under tsx
	const spec = "language: node\ntest: false\nentrypoint: server.js\n"
	p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, rr("package.json", strings.Replace(rrPkg, `"start": "node server.js"`, `"start": "react-router-serve"`, 1))))
	if got, want := artifactPaths(p), around("builder:/app/server.js -> /app/", "builder:/app/build -> /app/build/"); !slices.Equal(got, want) {
		t.Errorf("with the spec's entrypoint, runtime copies %q, want %q", got, want)
	}
	svelte := map[string]string{"package.json": `{"type": "module", "scripts": {"build": "vite build", "prod": "tsx server.ts"},
 "dependencies": {"express": "^5", "tsx": "^4"}, "devDependencies": {"@sveltejs/kit": "^2", "@sveltejs/adapter-node": "^5", "vite": "^6"}}`,
		"svelte.config.js": "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
		"server.ts":        "import express from 'express';\nimport { handler } from './build/handler.js';\nimport { health } from './health.js';\nexpress().get('/healthz', health).use(handler).listen(3000);\n",
		"health.ts":        "export const health = (_q: unknown, r: any) => r.json({ ok: true });\n", "src/routes/+page.svelte": "<h1>hi</h1>\n"}
	p = provider.MustPlan(t, "language: node\ntest: false\n", langtest.Gathered(t, Provider{}, "language: node\ntest: false\n", svelte))
	if got, want := artifactPaths(p), around("builder:/app/server.ts -> /app/", "builder:/app/health.ts -> /app/", "builder:/app/build -> /app/build/"); !slices.Equal(got, want) {
		t.Errorf("a SvelteKit server under tsx: runtime copies %q, want %q", got, want)
	}
	// a Vite build's own output (React Router's RSC data-mode template: vite build writes dist/rsc,
	// which server.js imports), but not where tsc writes too
	rsc := map[string]string{"package.json": `{"type": "module", "scripts": {"build": "vite build", "start": "cross-env NODE_ENV=production node server.js"},
 "dependencies": {"express": "^5", "react-router": "7"}, "devDependencies": {"vite": "^8", "@vitejs/plugin-rsc": "^0.5"}}`, "package-lock.json": "{}",
		"server.js": "import express from 'express';\nimport build from './dist/rsc/index.js';\nconst app = express();\n" +
			"app.use(express.static('dist/client'));\napp.use(build);\napp.listen(3000);\n",
		"vite.config.ts": "export default {};\n", "src/routes.ts": "export default [];\n"}
	p = provider.MustPlan(t, "language: node\ntest: false\n", langtest.Gathered(t, Provider{}, "language: node\ntest: false\n", rsc))
	if got, want := artifactPaths(p), around("builder:/app/server.js -> /app/", "builder:/app/dist -> /app/dist/"); !slices.Equal(got, want) {
		t.Errorf("a server around Vite's build: runtime copies %q, want %q", got, want)
	}
	for _, tc := range [][2]string{{"tsconfig.json", `{"compilerOptions": {"outDir": "dist"}}`},
		{"package.json", strings.Replace(rsc["package.json"], `"vite build"`, `"tsc -p server && vite build"`, 1)}} {
		ctx := maps.Clone(rsc)
		ctx[tc[0]] = tc[1]
		p = provider.MustPlan(t, "language: node\ntest: false\n", langtest.Gathered(t, Provider{}, "language: node\ntest: false\n", ctx))
		if got := artifactPaths(p); slices.Contains(got, "builder:/app/dist -> /app/dist/") {
			t.Errorf("with tsc writing dist/ too (%s), runtime copies %q, want the tree", tc[0], got)
		}
	}
	// a package whose files say what it publishes keeps that (published.go)
	published := rr("package.json", strings.Replace(rrPkg, `"name": "shop",`, `"name": "shop", "files": ["server.js", "build", "public"],`, 1))
	p = provider.MustPlan(t, "language: node\ntest: false\n", langtest.Gathered(t, Provider{}, "language: node\ntest: false\n", published))
	if got := artifactPaths(p); !slices.Contains(got, "builder:/ -> /") || slices.Contains(got, "builder:/app/build -> /app/build/") {
		t.Errorf("with package.json's files, runtime copies %q, want what npm publishes", got)
	}
}
