package node

import (
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// SiteReads are the files SiteOf reads beside package.json: where each site tool writes its
// output, and whether the project exports a site.
var SiteReads = slices.Concat(siteReads, []string{"svelte.config.js"})

// SiteOf is the static site the package.json project in f builds, as this provider decides it
// when package.json names nothing node runs (static.go): for Bun, whose projects build Vite apps
// and SvelteKit's adapter-static sites with the same tools (VERT's `bun run build` into build/,
// served by nginx). hasBuild says a build script or the spec's build.command makes it. The
// site's Dir is relative to f's directory. ok is false for a project that builds no site.
func SiteOf(s *spec.Spec, f lang.Facts, hasBuild bool) (site static.Site, notes []plan.Note, ok bool, err error) {
	m, err := readManifest(f["package.json"])
	if err != nil {
		return static.Site{}, nil, false, nil
	}
	e := entry{Guess: true}
	if s.Entrypoint != "" {
		file, valid := entryPath(s.Entrypoint)
		if !valid {
			return static.Site{}, nil, false, nil
		}
		e = entry{File: file}
	}
	return staticSite(s, f, m, nil, e, hasBuild)
}
