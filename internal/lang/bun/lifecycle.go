package bun

import (
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
)

// bun install runs the root package's own lifecycle scripts (preinstall, install, postinstall,
// prepare), which deps runs with the dependency files alone, so that a source change does not
// reinstall: a script that reads the source fails there (a monorepo's `postinstall: turbo build
// --filter=shared`, without turbo.json or the packages' sources). As for Node.js, by Node.js's
// rules (node.DeferredScripts), deps installs from a package.json without those scripts, and the
// builder runs them once the source is there; the source copy puts the project's package.json
// back. One that patches or generates into node_modules (patch-package, prisma generate) stays
// in deps, where prod-deps and the image get its work, and so does `only-allow bun`, which reads
// only which package manager installs. The dependencies' own scripts are untouched (bun runs
// those of its trusted dependencies). deps has no Prisma schema: a `prisma generate` is not one
// deps can run (node.DeferredScripts' prismaGenerates).

// deferredScripts are the root package's install scripts that deps leaves to the builder.
func deferredScripts(m manifest) []string {
	return node.DeferredScripts(m.Scripts, false)
}

// dropDeferred is deps' step before the install that removes the deferred scripts from its copy
// of package.json, with bun itself (the only tool its image is sure to have), without the network.
// The names are of installScripts, plain words.
func dropDeferred(names []string) *plan.Run {
	js := `const fs=require("fs"),f="package.json",p=JSON.parse(fs.readFileSync(f,"utf8"));` +
		`for(const n of ["` + strings.Join(names, `","`) + `"])delete p.scripts[n];` +
		`fs.writeFileSync(f,JSON.stringify(p,null,2)+"\n")`
	return &plan.Run{Args: []string{"bun", "-e", js}, NoNetwork: true}
}

// runDeferred are the builder's steps after the source copy that run the deferred scripts, in the
// project's root, but one that only runs the build script, which the builder runs next anyway
// (buildsRoot: the root package's build script is the build).
func runDeferred(m manifest, names []string, buildsRoot bool) []plan.Step {
	var out []plan.Step
	for _, name := range names {
		if node.RedundantScript(m.Scripts, name, buildsRoot) {
			continue
		}
		out = append(out, &lang.Cmd{Args: runScript(".", name)})
	}
	return out
}
