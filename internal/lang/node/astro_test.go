package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// astroPkg is package.json as `npm create astro` writes it once `astro add node` has run: no
// start script (dev, build, preview), the adapter among the dependencies.
const astroPkg = `{"name": "field-notes", "type": "module", "version": "0.0.1",
 "scripts": {"dev": "astro dev", "build": "astro build", "preview": "astro preview", "astro": "astro"},
 "dependencies": {"@astrojs/node": "^9.5.1", "astro": "^5.16.4"}}`

const astroStandalone = `// @ts-check
import { defineConfig } from 'astro/config';

import node from '@astrojs/node';

// https://astro.build/config
export default defineConfig({
  output: 'server',
  adapter: node({
    mode: 'standalone',
  }),
});
`

// TestAstroNodeStandalone: @astrojs/node in mode 'standalone' builds <outDir>/server/entry.mjs,
// which node runs on HOST 0.0.0.0 and the spec's PORT; the image holds <outDir> (the server and
// the client files it serves), package.json and the production node_modules, not the source.
func TestAstroNodeStandalone(t *testing.T) {
	for _, tc := range []struct {
		name, config, text string
		out, file          string
		also               []string // directories shipped beside out
	}{
		{"astro add node", "astro.config.mjs", astroStandalone, "dist", "dist/server/entry.mjs", nil},
		{"outDir", "astro.config.ts", strings.Replace(astroStandalone, "output: 'server',", "output: 'server',\n  outDir: './build',", 1),
			"build", "build/server/entry.mjs", nil},
		{"serverEntry", "astro.config.mjs", strings.Replace(astroStandalone, "output: 'server',", "output: 'server',\n  build: { serverEntry: \"main.mjs\" },", 1),
			"dist", "dist/server/main.mjs", nil},
		{"no config read", "", "", "dist", "dist/server/entry.mjs", nil},
		{"build.server and build.client inside outDir", "astro.config.mjs", strings.Replace(astroStandalone, "output: 'server',",
			"output: 'server',\n  outDir: './build',\n  // relative to outDir\n  build: { server: './node-server', client: \"./static\", serverEntry: 'main.mjs' },\n  server: { port: 4000 },", 1),
			"build", "build/node-server/main.mjs", nil},
		{"build.client outside outDir", "astro.config.mjs", strings.Replace(astroStandalone, "output: 'server',",
			"output: 'server',\n  build: {\n    client: '../public-files',\n  },", 1),
			"dist", "dist/server/entry.mjs", []string{"public-files"}},
		{"build.server computed, or outside the package: the default", "astro.config.mjs", strings.Replace(astroStandalone, "output: 'server',",
			"output: 'server',\n  build: { server: new URL('./srv', import.meta.url), client: '../../x' },\n  vite: { build: { server: 'no' } },", 1),
			"dist", "dist/server/entry.mjs", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var files []string
			if tc.config != "" {
				files = []string{tc.config, tc.text}
			}
			p := provider.MustPlan(t, "language: node\nports: [4321]\n", facts(astroPkg, files...))
			if want := []string{"/usr/local/bin/node", "/app/" + tc.file}; !slices.Equal(p.Image.Entrypoint, want) || p.Image.Cmd != nil {
				t.Errorf("entrypoint %q cmd %q, want %q", p.Image.Entrypoint, p.Image.Cmd, want)
			}
			if r := lastCheck(p); r.Display != "test -e /app/"+tc.file {
				t.Errorf("the build checks %q", r.Display)
			}
			copies := []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/",
				"builder:/app/" + tc.out + " -> /app/" + tc.out + "/"}
			for _, d := range tc.also {
				copies = append(copies, "builder:/app/"+d+" -> /app/"+d+"/")
			}
			wantRuntime(t, p, copies,
				plan.Env{Key: "NODE_ENV", Value: "production"}, plan.Env{Key: "HOST", Value: "0.0.0.0"}, plan.Env{Key: "PORT", Value: "4321"})
			if d := p.Stage("builder").Description; !strings.Contains(d, "the image runs "+tc.file+" (Astro with @astrojs/node") {
				t.Errorf("builder description %q", d)
			}
		})
	}
	// a start script running the server wins, as for every framework
	pkg := strings.Replace(astroPkg, `"astro": "astro"}`, `"astro": "astro", "start": "node ./dist/server/entry.mjs"}`, 1)
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "astro.config.mjs", astroStandalone))
	if want := []string{"/usr/local/bin/node", "/app/dist/server/entry.mjs"}; !slices.Equal(p.Image.Entrypoint, want) ||
		!strings.Contains(p.Stage("builder").Description, "start script") {
		t.Errorf("entrypoint %q (%s)", p.Image.Entrypoint, p.Stage("builder").Description)
	}
}

// TestAstroNodeMiddlewareSaysWhatToDo: in mode 'middleware' the adapter builds a handler and no
// server: planning fails naming the mode, the file and what to change. A project that runs its
// own server around the handler names it in a start script, which is used.
func TestAstroNodeMiddlewareSaysWhatToDo(t *testing.T) {
	config := strings.Replace(astroStandalone, "mode: 'standalone'", `mode: "middleware"`, 1)
	_, err := provider.TryPlan(t, "language: node\nports: [8080]\n", facts(astroPkg, "astro.config.mjs", config))
	for _, want := range []string{"cannot tell what node runs in this project",
		"Astro with @astrojs/node in mode 'middleware' (astro.config.mjs), which builds a handler for another server",
		"set `mode: 'standalone'` in astro.config.mjs's node() adapter", "set `entrypoint`"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if err != nil && !strings.Contains(err.Error(), "Dockerfile:1:1") {
		t.Errorf("error %v, want it at the language line", err)
	}
	pkg := strings.Replace(astroPkg, `"astro": "astro"}`, `"astro": "astro", "start": "node server.mjs"}`, 1)
	pkg = strings.Replace(pkg, `"astro": "^5.16.4"`, `"astro": "^5.16.4", "express": "^5.1.0"`, 1)
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "astro.config.mjs", config, "server.mjs", "import express from 'express';\n"))
	if want := []string{"/usr/local/bin/node", "/app/server.mjs"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want the project's server", p.Image.Entrypoint)
	}
}

// TestAstroWithoutTheNodeAdapterIsAStaticSite: Astro alone builds files, served by nginx, as
// before; the adapter makes it a server.
func TestAstroWithoutTheNodeAdapterIsAStaticSite(t *testing.T) {
	pkg := strings.Replace(astroPkg, `"@astrojs/node": "^9.5.1", `, "", 1)
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "astro.config.mjs", "import { defineConfig } from 'astro/config';\nexport default defineConfig({});\n"))
	if len(p.Image.Entrypoint) > 0 && strings.Contains(p.Image.Entrypoint[0], "node") {
		t.Errorf("a static Astro site runs %q", p.Image.Entrypoint)
	}
	if p.Stage("prod-deps") != nil || !strings.Contains(p.Stage("runtime").Base.Image, "nginx") {
		t.Errorf("runtime %+v, want nginx serving dist", p.Stage("runtime").Base)
	}
}
