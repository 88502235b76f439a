package rules

import "fmt"

// Node.js rules about workspaces and lockfiles, reported by internal/lang/node.
var (
	// WorkspaceNotSelected: from is where the packages are declared ("pnpm-workspace.yaml"),
	// globs its globs, packages the packages found ("apps/web (@acme/web), ...").
	WorkspaceNotSelected = New("WorkspaceNotSelected", "The project is a workspace and the spec selects none of its packages",
		func(from, globs, packages string) string {
			return fmt.Sprintf("the project is a workspace (%s: %s) and the spec selects no package: the root package is built, "+
				"with every package's dependencies; set `workspace:` to one of %s", from, globs, packages)
		})

	// RootDependenciesShipped: names are the root's production dependencies no package of the
	// selected package's closure depends on, pkg the selected package's directory, install the
	// command that installs them ("pnpm install --prod --filter web..."), move the command that
	// makes them dev dependencies.
	RootDependenciesShipped = New("RootDependenciesShipped", "The workspace root's production dependencies ship in the selected package's image",
		func(names, pkg, install, move string) string {
			return fmt.Sprintf("the workspace root's package.json lists %s in dependencies, on which neither %s nor a workspace package it uses depends: "+
				"the production install (%s) installs the root's dependencies whatever it selects, so the image of %s ships them "+
				"in node_modules; unless %s requires them at run time, make them dev dependencies (`%s`)", names, pkg, install, pkg, pkg, move)
		})

	// UnknownLockfile: file is the lockfile, tool its package manager, why the build does not use
	// it; manager is the one the build runs, lockfile the one it installs from ("" for none),
	// lockCommand how to write one.
	UnknownLockfile = New("UnknownLockfile", "A lockfile of a package manager this build does not run is in the context",
		func(file, tool, why, manager, lockfile, lockCommand string) string {
			how := fmt.Sprintf("%s installs from %s instead, so the versions %s locked are not the ones built; "+
				"delete %s if the project no longer uses %s", manager, lockfile, tool, file, tool)
			if lockfile == "" {
				how = fmt.Sprintf("%s installs without a lockfile instead, resolving every version anew; commit %s's lockfile (`%s`)",
					manager, manager, lockCommand)
			}
			return fmt.Sprintf("%s is %s's lockfile, which this build does not use (%s): %s", file, tool, why, how)
		})
)

// LockfileRegistryHost: at is the lockfile and line ("yarn.lock:5231"), pkg the package and
// its version, host the registry it resolves from, more the other packages from that host
// ("" or " and 3 more"), manager the install, arg the build arg that points it at a mirror,
// fix what to write in the lockfile.
var LockfileRegistryHost = New("LockfileRegistryHost", "The lockfile downloads packages from a registry that no setting of the project names",
	func(at, pkg, host, more, manager, arg, fix string) string {
		return fmt.Sprintf("%s resolves %s%s from %s, which is neither the public registry nor one the project's .npmrc, .yarnrc or "+
			".yarnrc.yml names: %s downloads it from that host whatever registry the build is given (`--build-arg %s`, a company "+
			"mirror), so where the host is out of reach the install fails there; %s", at, pkg, more, host, manager, arg, fix)
	})
