package node

import (
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// The package manager runs the project's own lifecycle scripts (preinstall, install,
// postinstall, prepare) during the install, which deps runs with the dependency files alone, so
// that a source change does not reinstall: a script that reads the source fails there (elk's
// `prepare: node scripts/prepare.ts`) or does nothing (`nuxt prepare` without nuxt.config).
// Projects' own Dockerfiles install with --ignore-scripts, copy the source and run them after;
// --ignore-scripts would skip the dependencies' scripts too (native addons), so deps instead
// installs from a package.json without the project's scripts, and the builder runs them, in the
// order npm does, once the source is there. The source copy puts the project's package.json
// back. A script that also patches or generates into node_modules (patch-package, prisma
// generate) stays in deps, where prod-deps and the image get its work.

// DeferredScripts are the install scripts of a root package's scripts that deps leaves to the
// builder, in the order they run: those that are not dependencyOnly and run neither
// patch-package nor prisma generate (prismaGenerates: deps has the Prisma schema). A selected
// workspace package's build keeps every script in deps (InstallScript warns). Bun's provider
// uses the same rules for bun install, which runs the same scripts of the root package.
func DeferredScripts(scripts map[string]string, prismaGenerates bool) []string {
	var out []string
	for _, name := range installScripts {
		script := scripts[name]
		if script == "" || dependencyOnly(script, prismaGenerates) || patchPackageRun.MatchString(script) ||
			slices.ContainsFunc(scriptCommands.Split(script, -1), runsPrismaGenerate) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// RedundantScript reports a deferred script that the builder need not run: one that only runs
// the build script (or is it), which the builder runs next anyway (buildsNext: the package's
// build script, not a build command of the spec).
func RedundantScript(scripts map[string]string, name string, buildsNext bool) bool {
	return buildsNext && runsBuild(scripts, scripts[name])
}

// dropDeferred is deps' step before the install that removes the deferred scripts from its copy
// of package.json, with npm (in every node image, whatever the project's package manager), without
// the network.
func dropDeferred(names []string) *plan.Run {
	args := []string{"npm", "pkg", "delete"}
	for _, n := range names {
		args = append(args, "scripts."+n)
	}
	return &plan.Run{Args: args, NoNetwork: true}
}

// runDeferred are the builder's steps after the source copy that run the deferred scripts, but
// one that only runs the build script, which the builder runs next anyway.
func (b *build) runDeferred() []plan.Step {
	var out []plan.Step
	for _, name := range b.deferred {
		if RedundantScript(b.m.Scripts, name, b.hasBuild && b.s.Build.Command == nil) {
			continue
		}
		out = append(out, &lang.Cmd{Args: b.pm.run(name)})
	}
	return out
}
