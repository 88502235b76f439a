package bun

import (
	"path"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A Next.js app whose package manager is bun (`bun create next-app`; typebot's, Zero's and
// OpenCut's apps) has no start script running a file: `next start` runs Next.js's own server.
// With `output: 'standalone'` in next.config, `next build` writes a self-contained server,
// .next/standalone/server.js with the modules it traced, which Next.js's Docker recipe ships
// with .next/static and public/ beside it; OpenCut's Dockerfile runs it with bun (`bun
// apps/web/server.js`). The image does the same: bun runs server.js in the package's directory
// of the standalone tree (which mirrors the workspace from its root), on HOSTNAME 0.0.0.0,
// without node_modules. Without standalone output, planning fails naming the setting that
// makes the image, rather than hinting at an entry file that is not the fix.

// nextFix is the hint of that failure.
const nextFix = "set `output: \"standalone\"` in next.config (Next.js's Docker recipe): the image then runs the standalone server.js with bun, " +
	".next/static and public/ beside it; or build it with a Dockerfile of its own"

// nextExpectFix is the hint when the build leaves no standalone server where planning looks.
const nextExpectFix = "keep `output: \"standalone\"` in next.config; in a workspace, server.js is below the package's directory in " +
	".next/standalone when outputFileTracingRoot is the workspace's root (Next.js's default, from the lockfile's directory)"

// nextApp says why the package is a Next.js app this provider does not build.
func nextApp(m manifest) (string, bool) {
	if !slices.Contains(m.Deps, "next") && !slices.Contains(m.DevDeps, "next") {
		return "", false
	}
	return "it is a Next.js app (next in its package.json) whose next.config does not set `output: \"standalone\"`: " +
		"its server is `next start`, which the Bun provider does not build", true
}

// nextStandalone is the build directory of the package's Next.js standalone server (f is the
// package's directory's), as Node.js's provider reads next.config.
func nextStandalone(s *spec.Spec, f lang.Facts, m manifest) (dist, from string, ok bool) {
	if _, isNext := nextApp(m); !isNext {
		return "", "", false
	}
	return node.NextStandaloneOf(s, f)
}

// nextRuntime makes rt run the standalone server of the package in pkgDir, built into dist:
// the standalone tree as /app, .next/static and public/ (when present) beside server.js, and
// .next/cache (the image optimizer's) the runtime user's.
func nextRuntime(s *spec.Spec, rt *lang.Runtime, pkgDir, dist string) {
	o := plan.Origin{Field: lang.FirstField(s, "workspace", "language")}
	built := path.Join(lang.AppDir, pkgDir, dist)
	public := path.Join(pkgDir, "public")
	if pkgDir == "." {
		public = "public"
	}
	rt.Artifacts = []*plan.Copy{
		{Origin: o, FromStage: "builder", Paths: []string{path.Join(built, "standalone")}, Dest: lang.AppDir + "/"},
		{Origin: o, FromStage: "builder", Paths: []string{path.Join(built, "static")}, Dest: path.Join(built, "static") + "/"},
		{Origin: o, FromStage: "builder", Paths: []string{"/"}, Include: []string{path.Join(lang.AppDir, public)[1:]}, Dest: "/",
			Display: path.Join(lang.AppDir, public)[1:] + " (when present)"},
	}
	rt.Entrypoint = []string{rt.Entrypoint[0], path.Join(lang.AppDir, pkgDir, "server.js")}
	rt.Env = append(rt.Env, plan.Env{Key: "HOSTNAME", Value: "0.0.0.0"}) // the server listens on HOSTNAME
	rt.EmptyWritable = []string{path.Join(dist, "cache")}
}
