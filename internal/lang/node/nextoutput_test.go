package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/static"
)

// TestNextOutputFromTheEnvironment: next.config's `output` chosen by the environment is read as
// `next build` sees it (NODE_ENV production, the build script's variables, the spec's
// build.env): NextChat's `const mode = process.env.BUILD_MODE ?? "standalone"` with `cross-env
// BUILD_MODE=standalone next build` runs .next/standalone's server.js, where `next start`
// shipped all the production dependencies; `NODE_ENV === 'production' ? 'export'` is a static
// site, where `next start` refuses an exported app and the image exited at start.
func TestNextOutputFromTheEnvironment(t *testing.T) {
	const standalone, export, server = "/app/server.js", "site", "/app/node_modules/next/dist/bin/next"
	for _, c := range []struct {
		name, config, build, spec, want string
	}{
		{"a constant with a default (NextChat)", "const mode = process.env.BUILD_MODE ?? \"standalone\";\nconst nextConfig = {\n  output: mode,\n};\nexport default nextConfig;\n",
			"yarn mask && cross-env BUILD_MODE=standalone next build", "", standalone},
		{"the build script's export", "const mode = process.env.BUILD_MODE ?? \"standalone\";\nconst nextConfig = {\n  output: mode,\n};\nexport default nextConfig;\n",
			"cross-env BUILD_MODE=export next build", "", export},
		{"a flag the build does not set", "module.exports = {\n  output: process.env.BUILD_STANDALONE === 'true' ? 'standalone' : undefined,\n};\n",
			"next build", "", server},
		{"a flag the build script sets", "module.exports = {\n  output: process.env.BUILD_STANDALONE === 'true' ? 'standalone' : undefined,\n};\n",
			"BUILD_STANDALONE=true next build", "", standalone},
		{"a flag build.env sets", "module.exports = {\n  output: process.env.BUILD_STANDALONE === 'true' ? 'standalone' : undefined,\n};\n",
			"next build", "build: {env: {BUILD_STANDALONE: \"true\"}}\n", standalone},
		{"not on Vercel", "const nextConfig = {\n  output: process.env.VERCEL === \"1\" ? undefined : \"standalone\", // Vercel traces itself\n  poweredByHeader: false,\n};\nexport default nextConfig;\n",
			"next build", "", standalone},
		{"export in production", "const nextConfig = {\n  output: process.env.NODE_ENV === 'production' ? 'export' : undefined,\n  images: { unoptimized: true },\n};\nexport default nextConfig;\n",
			"next build", "", export},
		{"commented out", "const nextConfig = {\n  // output: process.env.NODE_ENV === 'production' ? 'standalone' : undefined,\n};\nexport default nextConfig;\n",
			"next build", "", server},
		{"a variable not read", "const isDocker = !!process.env.DOCKER;\nconst nextConfig = {\n  output: isDocker ? 'standalone' : undefined,\n};\nexport default nextConfig;\n",
			"next build", "", server},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := `{"scripts": {"build": "` + c.build + `", "start": "next start"}, "dependencies": {"next": "^15.3.0", "react": "^19.1.0"}}`
			p := provider.MustPlan(t, "language: node\nports: [3000]\n"+c.spec, facts(m, "package-lock.json", "{}", "next.config.mjs", c.config))
			got := ""
			if rt := p.Stage("runtime"); rt.Base.Image == static.Image {
				got = export
			} else {
				got = p.Image.Entrypoint[len(p.Image.Entrypoint)-1]
				if got == "start" {
					got = p.Image.Entrypoint[len(p.Image.Entrypoint)-2]
				}
			}
			if got != c.want {
				t.Errorf("got %s (entrypoint %q cmd %q), want %s", got, p.Image.Entrypoint, p.Image.Cmd, c.want)
			}
			if c.want == export {
				cp, _ := siteOf(t, "language: node\nports: [3000]\n"+c.spec, facts(m, "package-lock.json", "{}", "next.config.mjs", c.config))
				if !strings.HasSuffix(cp.Paths[0], "/out") {
					t.Errorf("site copies %q", cp.Paths)
				}
			}
		})
	}
}

// TestNextConfigOfAGuardedSpread: keys that next.config sets in a spread guarded by a
// condition, `...(buildKind && { output: buildKind, distDir: 'build' })` (big-AGI's shape, its
// condition a constant set by a ternary of several lines), apply only when the condition
// holds as `next build` sees it: without the variable, `next start` serves .next (the build
// checked .next/BUILD_ID, not build/BUILD_ID, which no build writes); with it in build.env, the
// standalone server of build/standalone; a condition not read keeps the keys.
func TestNextConfigOfAGuardedSpread(t *testing.T) {
	config := `import type { NextConfig } from 'next';

const buildKind =
  process.env.HARBOUR_BUILD === 'standalone' ? 'standalone' as const
    : process.env.HARBOUR_BUILD === 'static' ? 'export' as const
      : undefined;

const nextConfig: NextConfig = {
  reactStrictMode: true,
  ...(buildKind && {
    output: buildKind,
    distDir: 'build',
    images: { unoptimized: true },
  }),
  ...(process.env.HARBOUR_DIST && { distDir: process.env.HARBOUR_DIST }),
};

export default nextConfig;
`
	m := `{"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "^15.3.0", "react": "^19.1.0"}}`
	for _, c := range []struct {
		name, config, spec string
		entry, check       string
	}{
		{"the variable unset", config, "", "/app/node_modules/next/dist/bin/next", "/app/.next/BUILD_ID"},
		{"standalone in build.env", config, "build: {env: {HARBOUR_BUILD: standalone}}\n", "/app/server.js", "/app/build/standalone/server.js"},
		{"a negated flag", strings.Replace(config, "...(buildKind && {\n    output: buildKind,", "...(!process.env.VERCEL && {\n    output: 'standalone',", 1), "", "/app/server.js", "/app/build/standalone/server.js"},
		{"a flag set", strings.Replace(config, "...(buildKind && {\n    output: buildKind,", "...(process.env.DOCKER === '1' && {\n    output: 'standalone',", 1),
			"build: {env: {DOCKER: \"1\"}}\n", "/app/server.js", "/app/build/standalone/server.js"},
		{"a flag unset", strings.Replace(config, "...(buildKind && {\n    output: buildKind,", "...(process.env.DOCKER === '1' && {\n    output: 'standalone',", 1),
			"", "/app/node_modules/next/dist/bin/next", "/app/.next/BUILD_ID"},
		{"a condition not read", strings.Replace(config, "...(buildKind && {", "...(isProd() && {", 1), "", "/app/node_modules/next/dist/bin/next", "/app/build/BUILD_ID"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [3000]\n"+c.spec, facts(m, "package-lock.json", "{}", "next.config.ts", c.config))
			if !slices.Contains(p.Image.Entrypoint, c.entry) {
				t.Errorf("entrypoint %q, want %s", p.Image.Entrypoint, c.entry)
			}
			if r := lastCheck(p); r.Display != "test -e "+c.check {
				t.Errorf("the builder's check is %q, want test -e %s", r.Display, c.check)
			}
		})
	}
}

// TestNextConfigOfATernarySpread: hyperdx's app sets its output in spreads of the form
// `...(COND ? { ... } : {})`: `output: 'standalone'` when NEXT_OUTPUT_STANDALONE is 'true' (its
// Dockerfile sets it), `output: 'export'` when NEXT_PUBLIC_CLICKHOUSE_BUILD is set. With neither,
// `next start` serves .next (it was planned as a static site from out/, which no build writes);
// with the first in build.env, the standalone server; with the second, the static export.
func TestNextConfigOfATernarySpread(t *testing.T) {
	config := `const nextConfig = {
  reactStrictMode: true,
  ...(process.env.NEXT_OUTPUT_STANDALONE === 'true'
    ? {
        output: 'standalone',
      }
    : {}),
  ...(process.env.NEXT_PUBLIC_CLICKHOUSE_BUILD
    ? {
        basePath: '/clickstack',
        images: { unoptimized: true },
        output: 'export',
      }
    : {}),
};

export default nextConfig;
`
	m := `{"scripts": {"build": "next build --webpack", "start": "next start"}, "dependencies": {"next": "^16.0.0", "react": "^19.1.0"}}`
	for _, c := range []struct{ name, spec, entry string }{
		{"neither set", "", "/app/node_modules/next/dist/bin/next"},
		{"standalone in build.env", "build: {env: {NEXT_OUTPUT_STANDALONE: \"true\"}}\n", "/app/server.js"},
	} {
		p := provider.MustPlan(t, "language: node\nports: [3000]\n"+c.spec, facts(m, "package-lock.json", "{}", "next.config.mjs", config))
		if !slices.Contains(p.Image.Entrypoint, c.entry) {
			t.Errorf("%s: entrypoint %q, want %s", c.name, p.Image.Entrypoint, c.entry)
		}
	}
	p := provider.MustPlan(t, "language: node\nbuild: {env: {NEXT_PUBLIC_CLICKHOUSE_BUILD: \"true\"}}\n", facts(m, "package-lock.json", "{}", "next.config.mjs", config))
	if !strings.Contains(p.Stage("runtime").Base.Image, "nginx") {
		t.Errorf("the static export is served from %s", p.Stage("runtime").Base.Image)
	}
}
