package node

import (
	"slices"
	"strings"

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
// patch-package nor prisma generate (prismaGenerates: deps has the Prisma schema). The same
// rules pick the scripts of a selected workspace package's closure (deferredScripts). Bun's provider
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
// of package.json, the root's and the workspace packages' (npm pkg's --prefix), with npm (in every
// node image, whatever the project's package manager), without the network; nil for none.
func dropDeferred(root []string, ws []pkgScripts) *plan.Run {
	var cmds [][]string
	del := func(names []string) []string {
		args := []string{"npm", "pkg", "delete"}
		for _, n := range names {
			args = append(args, "scripts."+n)
		}
		return args
	}
	if len(root) > 0 {
		cmds = append(cmds, del(root))
	}
	for _, d := range ws {
		cmds = append(cmds, append(del(d.names), "--prefix", d.p.dir)) // a plain directory (PlainPackage)
	}
	switch len(cmds) {
	case 0:
		return nil
	case 1:
		return &plan.Run{Args: cmds[0], NoNetwork: true}
	}
	var lines []string
	for _, c := range cmds {
		lines = append(lines, strings.Join(c, " "))
	}
	return &plan.Run{Shell: strings.Join(lines, " && "), NoNetwork: true}
}

// runDeferred are the builder's steps after the source copy that run the deferred scripts, but
// one that only runs the build script, which the builder runs next anyway: the workspace
// packages' first, dependencies first, then the root's, as the package manager runs them (npm
// runs the root's after installing the workspaces: colanode's `postinstall` copies assets into
// its apps).
func (b *build) runDeferred() []plan.Step {
	var out []plan.Step
	for _, d := range b.wsDeferred {
		for _, name := range d.names {
			if !RedundantScript(d.p.m.Scripts, name, d.p.m.Scripts["build"] != "" && b.s.Build.Command == nil) {
				out = append(out, &lang.Cmd{Args: b.pm.runIn(d.p, name)})
			}
		}
	}
	selected := b.ws != nil && b.ws.sel != nil // the builder builds a package, not the root
	for _, name := range installScripts {
		// a tail that is the build the builder runs next (hackathon-starter's `npm run scss`, its
		// start script's build) runs once
		if i := slices.IndexFunc(b.split, func(sp splitScript) bool { return sp.name == name }); i >= 0 &&
			!(b.entryBuild != nil && slices.Equal(strings.Fields(b.split[i].tail), b.entryBuild)) {
			out = append(out, b.split[i].runTail())
		}
		if !slices.Contains(b.deferred, name) || (!selected && RedundantScript(b.rootScripts, name, b.hasBuild && b.s.Build.Command == nil)) {
			continue
		}
		out = append(out, &lang.Cmd{Args: b.pm.run(name)})
	}
	return out
}

// unusedPackages are the workspace packages the builder's source copy leaves out (wsBuild.unused)
// but those a deferred install script of the root names a path in: colanode's `postinstall: tsx
// scripts/src/postinstall/index.ts` runs a file of its `scripts` package, which the server uses
// not.
func (b *build) unusedPackages() []string {
	return slices.DeleteFunc(b.ws.unused(), func(dir string) bool {
		for _, name := range b.deferred {
			for _, w := range strings.Fields(b.rootScripts[name]) {
				w = strings.TrimPrefix(strings.Trim(w, `"'`), "./")
				if w == dir || strings.HasPrefix(w, dir+"/") {
					return true
				}
			}
		}
		return false
	})
}

// pkgScripts are install scripts of one workspace package that deps leaves to the builder.
type pkgScripts struct {
	p     *wsPackage
	names []string
}

// deferredScripts are the install scripts of the packages of the selected package's closure
// that deps leaves to the builder, by the root's rules (DeferredScripts): a library's `prepare`
// that builds it, a `postinstall` generating code from its source, which fail in deps without
// the source. pnpm and yarn run a package's scripts by its name: a package without one keeps
// its scripts in deps.
func (w *wsBuild) deferredScripts(k kind, prismaGenerates bool) []pkgScripts {
	var out []pkgScripts
	for _, p := range w.build {
		if names := DeferredScripts(p.m.Scripts, prismaGenerates); len(names) > 0 && (p.m.Name != "" || k == npm) {
			out = append(out, pkgScripts{p, names})
		}
	}
	return out
}

// names are the deferred scripts for messages: "packages/data's prepare, apps/web's postinstall".
func deferredText(root []string, ws []pkgScripts) string {
	var out []string
	if len(root) > 0 {
		out = append(out, "package.json's "+strings.Join(root, ", "))
	}
	for _, d := range ws {
		out = append(out, d.p.dir+"'s "+strings.Join(d.names, ", "))
	}
	return strings.Join(out, "; ")
}
