package bun

import (
	"path"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// buildsSite reports a Bun project whose build makes a static site and nothing bun runs: Vite,
// SvelteKit's adapter-static and the other tools Node.js's provider knows (node.SiteOf), when
// package.json names no file bun runs and none of defaultFiles is there (found is false), or
// the spec says `runtime: static`. VERT (a SvelteKit adapter-static app, `bun install`, `bun run
// build`, nginx serving build/) failed planning asking for an `entrypoint` such as
// src/index.ts, and `runtime: static` was refused. f is the package's directory's.
func buildsSite(s *spec.Spec, f lang.Facts, m manifest, found bool) (static.Site, []plan.Note, bool, error) {
	if found && s.Runtime != static.Alias || s.Runtime != "" && s.Runtime != static.Alias {
		return static.Site{}, nil, false, nil
	}
	return node.SiteOf(s, f, s.Build.Command != nil || m.Scripts["build"] != "")
}

// siteToolchain is t, whose deps install and whose builder builds, serving the site the build
// writes below the package's directory (pkgDir) from the builder on the static runtime, without
// a production install.
func siteToolchain(s *spec.Spec, t *lang.Toolchain, site static.Site, pkgDir, name string) (*lang.Toolchain, error) {
	site.FromStage, site.Dir = "builder", path.Join(lang.AppDir, pkgDir, site.Dir)
	t.Build.Description += "; the " + site.Tool + " site it writes to " + site.Dir + " is the image's"
	t.Build.Expect = []lang.Expected{static.Built(site.Dir)}
	t.After = nil
	return site.Serve(s, t, lang.PackageTitle(name))
}
