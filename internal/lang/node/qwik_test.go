package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
)

// qwikPkg is package.json as Qwik's starter writes it, once `qwik add <adapter>` has added the
// build.server script (%s): the start script is the dev server, Qwik itself a dev dependency
// (the starter's vite.config bundles the dev dependencies into the server build).
func qwikPkg(dep, buildServer string) string {
	return `{"name": "field-guide", "type": "module", "scripts": {"build": "qwik build", "build.client": "vite build",
 "build.server": "` + buildServer + `", "build.types": "tsc --incremental --noEmit", "dev": "vite --mode ssr",
 "preview": "qwik build preview && vite preview --open", "start": "vite --open --mode ssr", "qwik": "qwik"},
 "dependencies": {"zod": "^4.1.0"},
 "devDependencies": {"` + dep + `": "^1.17.1", "vite": "^7.1.0", "express": "^5.1.0", "typescript": "5.9.3"}}`
}

// qwikAdapterConfig is adapters/<name>/vite.config.ts as `qwik add` writes it.
func qwikAdapterConfig(router, name, fn, input string) string {
	return `import { ` + fn + ` } from "` + router + `/adapters/` + name + `/vite";
import { extendConfig } from "` + router + `/vite";
import baseConfig from "../../vite.config";

export default extendConfig(baseConfig, () => {
  return {
    build: { ssr: true, rollupOptions: { input: ["` + input + `", "@qwik-city-plan"] } },
    plugins: [` + fn + `({ name: "express" })],
  };
});
`
}

// TestQwikCityNodeAdapters: a Qwik City project whose server builds with a node adapter runs
// server/entry.<name>.js, with dist/ (the client build it serves from ../dist) and server/
// beside package.json and the production node_modules, on HOST 0.0.0.0; the adapter's config
// is the one build.server names, else the only one under adapters/ (read by a glob). When the
// vite.config does not bundle the dev dependencies into the server (the starters before Qwik
// 1.5, or the line commented out), the server imports them (express): the image gets every
// dependency the install made.
func TestQwikCityNodeAdapters(t *testing.T) {
	for _, tc := range []struct {
		name, dep, buildServer string
		config, text           string
		file                   string
		bundles                bool // vite.config bundles the dev dependencies into the server
	}{
		{"express, Qwik 1", "@builder.io/qwik-city", "vite build -c adapters/express/vite.config.ts", "adapters/express/vite.config.ts",
			qwikAdapterConfig("@builder.io/qwik-city", "node-server", "nodeServerAdapter", "src/entry.express.tsx"), "server/entry.express.js", true},
		{"node-server, Qwik 2, found under adapters/", "@qwik.dev/router", "qwik check-client src dist && vite build", "adapters/node-server/vite.config.mts",
			qwikAdapterConfig("@qwik.dev/router", "node-server", "nodeServerAdapter", "src/entry.node-server.tsx"), "server/entry.node-server.js", true},
		{"fastify, its config not read", "@builder.io/qwik-city", "vite build --config=adapters/fastify/vite.config.ts", "", "", "server/entry.fastify.js", true},
		{"express, the dev dependencies external", "@builder.io/qwik-city", "vite build -c adapters/express/vite.config.ts", "adapters/express/vite.config.ts",
			qwikAdapterConfig("@builder.io/qwik-city", "express", "expressAdapter", "src/entry.express.tsx"), "server/entry.express.js", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// commented out, the starter's line leaves every dependency external
			viteConfig := "export default defineConfig(() => ({\n  plugins: [qwikCity(), qwikVite()],\n  // ssr: { noExternal: Object.keys(devDependencies) },\n}))\n"
			if tc.bundles { // the starter's since Qwik 1.5
				viteConfig = `import pkg from "./package.json";
const { dependencies = {}, devDependencies = {} } = pkg;
export default defineConfig(({ command, mode }) => ({
  plugins: [qwikCity(), qwikVite()],
  // This tells Vite how to bundle the server code.
  ssr: command === "build" && mode === "production"
    ? { noExternal: Object.keys(devDependencies), external: Object.keys(dependencies) }
    : undefined,
}));
`
			}
			ctx := map[string]string{"package.json": qwikPkg(tc.dep, tc.buildServer), "package-lock.json": "{}",
				"vite.config.ts": viteConfig, "adapters/static/README.md": "not a config\n"}
			if tc.config != "" {
				ctx[tc.config] = tc.text
			}
			src := "language: node\nports: [3000]\n"
			p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
			if want := "/usr/local/bin/node /app/" + tc.file; strings.Join(p.Image.Entrypoint, " ") != want {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
			}
			if r := lastCheck(p); r.Display != "test -e /app/"+tc.file {
				t.Errorf("the build checks %q", r.Display)
			}
			modules := "prod-deps:/app/node_modules -> /app/node_modules/"
			if !tc.bundles { // the server imports express, a dev dependency: the image needs them all
				modules = "deps:/app/node_modules -> /app/node_modules/"
			}
			wantRuntime(t, p, []string{modules, ":package.json -> /app/",
				"builder:/app/dist -> /app/dist/", "builder:/app/server -> /app/server/"},
				plan.Env{Key: "NODE_ENV", Value: "production"}, plan.Env{Key: "HOST", Value: "0.0.0.0"}, plan.Env{Key: "PORT", Value: "3000"})
			if got := p.Stage("prod-deps") != nil; got != tc.bundles {
				t.Errorf("a prod-deps stage: %v, want %v", got, tc.bundles)
			}
		})
	}
}

// TestQwikCityOtherAdapters: a platform's adapter (Cloudflare Pages, Vercel's edge), or none,
// builds nothing node runs, and Vite among the dependencies does not make it a static site:
// planning fails naming the adapter and `qwik add express`. The static adapter's dist/ is a
// static site.
func TestQwikCityOtherAdapters(t *testing.T) {
	for _, tc := range []struct {
		name, dep, buildServer, config, text, want string
	}{
		{"cloudflare-pages, Qwik 2", "@qwik.dev/router", "vite build -c adapters/cloudflare-pages/vite.config.ts", "adapters/cloudflare-pages/vite.config.ts",
			qwikAdapterConfig("@qwik.dev/router", "cloudflare-pages", "cloudflarePagesAdapter", "src/entry.cloudflare-pages.tsx"),
			"Qwik City with the cloudflare-pages adapter (adapters/cloudflare-pages/vite.config.ts), which builds for Cloudflare Pages, not a server node runs"},
		{"vercel-edge", "@builder.io/qwik-city", "vite build -c adapters/vercel-edge/vite.config.ts", "adapters/vercel-edge/vite.config.ts",
			qwikAdapterConfig("@builder.io/qwik-city", "vercel-edge", "vercelEdgeAdapter", "src/entry.vercel-edge.tsx"),
			"Qwik City with the vercel-edge adapter (adapters/vercel-edge/vite.config.ts), which builds for Vercel's edge functions"},
		{"no adapter", "@builder.io/qwik-city", `echo 'Run \"npm run qwik add\" to install a server adapter'`, "", "",
			"Qwik City without a server adapter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := map[string]string{"package.json": qwikPkg(tc.dep, tc.buildServer), "package-lock.json": "{}"}
			if tc.config != "" {
				ctx[tc.config] = tc.text
			}
			src := "language: node\nports: [3000]\n"
			_, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "`npm run qwik add express`") {
				t.Errorf("%v, want %q and what to add", err, tc.want)
			}
		})
	}
	ctx := map[string]string{"package.json": qwikPkg("@builder.io/qwik-city", "vite build -c adapters/static/vite.config.ts"), "package-lock.json": "{}",
		"adapters/static/vite.config.ts": qwikAdapterConfig("@builder.io/qwik-city", "static", "staticAdapter", "@qwik-city-plan")}
	src := "language: node\n"
	c, conf := siteOf(t, src, provider.Gathered(t, src, ctx))
	if c.Paths[0] != "/app/dist" || c.Dest != static.Root+"/" || !strings.Contains(conf, "Qwik City (static adapter)") {
		t.Errorf("static adapter: copy %+v, config %q", c, conf)
	}
}
