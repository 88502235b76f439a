package node

import (
	"path"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// NextStandaloneOf is the build directory (.next, or next.config's distDir) of the package.json
// project in f when `next build` writes Next.js's standalone server there (`output:
// 'standalone'`, read as this provider reads it: nextEntry), for Bun, whose projects build
// Next.js apps with the same tool (OpenCut's `apps/web`, run by `bun apps/web/server.js`). from
// says where it was read. ok is false for a project that builds no standalone server.
func NextStandaloneOf(s *spec.Spec, f lang.Facts) (dist, from string, ok bool) {
	m, err := readManifest(f["package.json"])
	if err != nil {
		return "", "", false
	}
	e, ok := nextEntry(pkg{f: f, dir: ".", m: m, hasBuild: true, buildEnv: s.Build.Env})
	if !ok || e.Ship.Root == "" {
		return "", "", false
	}
	return path.Dir(e.Ship.Root), e.From, true
}
