package bun

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestANextAppWithoutStandaloneOutputNamesIt: a Next.js app with bun's lockfile (`next start`),
// and a workspace package whose scripts Nx infers (typebot's apps/viewer: none), whose
// next.config does not set standalone output, fail naming Next.js and the setting that makes the
// image, not an entry file to set; a Next.js app with a custom server its start script runs is
// still that server's.
func TestANextAppWithoutStandaloneOutputNamesIt(t *testing.T) {
	single := map[string]string{"package.json": `{"name": "web", "scripts": {"build": "next build", "start": "next start"},
		"dependencies": {"next": "16.0.0", "react": "19.0.0"}}`, "bun.lock": "{}", "next.config.ts": "export default {reactStrictMode: true};\n"}
	provider.Refuses(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", single),
		"nothing says what the image runs: it is a Next.js app", "set `output: \"standalone\"` in next.config")
	ws := monorepo()
	ws["apps/web/package.json"] = `{"name": "@acme/web", "dependencies": {"next": "16.0.0"}}`
	src := "workspace: apps/web\n"
	provider.Refuses(t, src, langtest.Gathered(t, Provider{}, src, ws), "nothing says what apps/web runs: it is a Next.js app")
	single["package.json"] = `{"name": "web", "scripts": {"build": "next build", "start": "bun server.ts"}, "dependencies": {"next": "16.0.0"}}`
	single["server.ts"] = "import next from \"next\";\n"
	provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", single))
}

// TestANextStandaloneAppRunsOnBun: a Next.js app with `output: "standalone"` (OpenCut's apps/web
// in a Bun workspace with Turborepo; a single app of `bun create next-app`) builds with its build
// script, or `next build` when it has none (typebot's, whose build Nx infers), and the image is
// the standalone tree with .next/static and public/ beside server.js, run by bun on HOSTNAME
// 0.0.0.0 in the package's directory, as OpenCut's Dockerfile runs it; no production install
// (the server's modules are traced into the tree), .next/cache the runtime user's, and the build
// checks server.js is where the image runs it.
func TestANextStandaloneAppRunsOnBun(t *testing.T) {
	ws := monorepo()
	ws["apps/web/package.json"] = `{"name": "@acme/web", "scripts": {"dev": "next dev --turbopack", "build": "next build", "start": "next start"},
		"dependencies": {"@acme/db": "workspace:*", "next": "^15.3.4", "react": "^19"}}`
	ws["apps/web/next.config.ts"] = "import type { NextConfig } from \"next\";\n\nconst nextConfig: NextConfig = {\n  output: \"standalone\",\n};\n\nexport default nextConfig;\n"
	single := map[string]string{"package.json": `{"name": "web", "dependencies": {"next": "16.0.0", "react": "19.0.0"}}`,
		"bun.lock": "{}", "next.config.mjs": "export default { output: 'standalone', distDir: 'build' };\n"}
	for _, tc := range []struct {
		name, src string
		ctx       map[string]string
		build     string
		copies    []string
		server    string
	}{
		{"a workspace package", "workspace: apps/web\nports: [3000]\n", ws, "bun run --cwd apps/web build",
			[]string{"/app/apps/web/.next/standalone>/app/", "/app/apps/web/.next/static>/app/apps/web/.next/static/", "/>/"},
			"/app/apps/web/server.js"},
		{"a single app without a build script", "ports: [3000]\n", single, "bun run next build",
			[]string{"/app/build/standalone>/app/", "/app/build/static>/app/build/static/", "/>/"}, "/app/server.js"},
	} {
		p := provider.MustPlan(t, tc.src, langtest.Gathered(t, Provider{}, tc.src, tc.ctx))
		if got := langtest.Commands(p.Stage("builder")); !slices.Contains(got, tc.build) {
			t.Errorf("%s: builder runs %q, want %s", tc.name, got, tc.build)
		}
		var copies []string
		for _, c := range langtest.Copies(p.Stage("runtime")) {
			if c.FromStage == "builder" {
				copies = append(copies, strings.Join(c.Paths, ",")+">"+c.Dest)
			}
		}
		if !slices.Equal(copies, tc.copies) {
			t.Errorf("%s: the image copies %q, want %q", tc.name, copies, tc.copies)
		}
		if p.Stage("prod-deps") != nil {
			t.Errorf("%s: a production install, where the standalone tree has the modules", tc.name)
		}
		if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", tc.server}) || p.Image.Workdir != strings.TrimSuffix(tc.server, "/server.js") ||
			!slices.Contains(p.Image.Env, plan.Env{Key: "HOSTNAME", Value: "0.0.0.0"}) {
			t.Errorf("%s: the image runs %q in %s with %v", tc.name, p.Image.Entrypoint, p.Image.Workdir, p.Image.Env)
		}
		if !slices.ContainsFunc(langtest.Commands(p.Stage("builder")), func(c string) bool {
			return strings.Contains(c, ".next/standalone") || strings.Contains(c, "build/standalone")
		}) {
			t.Errorf("%s: the builder does not check the standalone server: %q", tc.name, langtest.Commands(p.Stage("builder")))
		}
	}
}
