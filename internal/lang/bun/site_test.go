package bun

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestASiteBunBuildsIsServedByNginx: a Bun project whose build makes only files (VERT's shape: a
// SvelteKit app on adapter-static, bun.lock, `bun run build` into build/, served by nginx in its
// Dockerfile; a Vite app in a Bun workspace) is the static runtime serving the build's output,
// as Node.js's provider serves it, where planning asked for an `entrypoint` such as
// src/index.ts; `runtime: static` is taken. A project with a module bun runs stays a program.
func TestASiteBunBuildsIsServedByNginx(t *testing.T) {
	kit := map[string]string{
		"package.json": `{"name": "converter", "type": "module", "scripts": {"build": "vite build", "dev": "vite dev"},
			"devDependencies": {"@sveltejs/adapter-static": "^3", "@sveltejs/kit": "^2", "vite": "^5"}}`,
		"bun.lock":                "{}",
		"svelte.config.js":        "import adapter from \"@sveltejs/adapter-static\";\nexport default { kit: { adapter: adapter() } };\n",
		"src/routes/+page.svelte": "<h1>hi</h1>\n",
	}
	for _, src := range []string{"language: bun\n", "language: bun\nruntime: static\n"} {
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, kit))
		if p.Stage("runtime").Base.Image != "nginxinc/nginx-unprivileged:stable-alpine-slim" {
			t.Fatalf("%q: the image is on %s, want nginx", src, p.Stage("runtime").Base.Image)
		}
		if got := langtest.Shown(langtest.Runs(p.Stage("builder"))[0]); got != "bun run build" {
			t.Errorf("%q: the builder runs %q", src, got)
		}
		cp := langtest.Copies(p.Stage("runtime"))
		if !slices.ContainsFunc(cp, func(c *plan.Copy) bool {
			return c.FromStage == "builder" && slices.Equal(c.Paths, []string{"/app/build"}) && c.Dest == "/usr/share/nginx/html/"
		}) {
			t.Errorf("%q: the runtime copies %+v, want the builder's /app/build", src, cp)
		}
		if p.Stage("prod-deps") != nil {
			t.Errorf("%q: a production install, which the site does not need", src)
		}
	}

	ws := map[string]string{
		"package.json":            `{"name": "mono", "private": true, "workspaces": ["apps/*"]}`,
		"bun.lock":                "{}",
		"apps/web/package.json":   `{"name": "web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`,
		"apps/web/vite.config.ts": "export default { build: { outDir: \"public-dist\" } }\n",
		"apps/web/index.html":     "<div id=app></div>\n",
	}
	src := "language: bun\nworkspace: apps/web\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ws))
	if cp := langtest.Copies(p.Stage("runtime")); !slices.ContainsFunc(cp, func(c *plan.Copy) bool {
		return slices.Equal(c.Paths, []string{"/app/apps/web/public-dist"})
	}) {
		t.Errorf("a workspace's Vite app: the runtime copies %+v, want /app/apps/web/public-dist", cp)
	}

	server := map[string]string{
		"package.json": `{"name": "api", "module": "src/index.ts", "scripts": {"build": "vite build"}, "dependencies": {"hono": "^4"}, "devDependencies": {"vite": "^7"}}`,
		"bun.lock":     "{}", "src/index.ts": "export default { fetch() { return new Response(\"ok\") } }\n",
	}
	src = "language: bun\n"
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, server))
	if !strings.HasPrefix(p.Stage("runtime").Base.Image, "oven/bun:") {
		t.Errorf("a server with a Vite build runs on %s, want bun", p.Stage("runtime").Base.Image)
	}
}
