package node

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// build is what the toolchain is declared from: the spec, what package.json and the lockfile
// say, and the choices Toolchain made from them.
type build struct {
	s        *spec.Spec
	m        manifest
	pm       manager
	ver      nodeVersion
	image    string // the builder image
	appDir   string // where the app lives in every stage
	hasBuild bool   // a build script or build.command
	// entryBuild is the framework's build command that makes the entry, run instead of the
	// build script (entry.Build).
	entryBuild []string
	// firstBuilds run before entryBuild (entry.BuildFirst).
	firstBuilds [][]string
	// alsoBuilds run after entryBuild (assets' Also scripts).
	alsoBuilds [][]string
	// nx: the workspace's root depends on nx, whose builds run without its daemon (nxEnv) and
	// with its cache mounted (buildCache); rootName is the root package's name.
	nx       bool
	rootName string
	// selScript is the selected workspace package's script that builds it (assets.script), when
	// not "build".
	selScript string
	// ws is the workspace, nil for a single package; pkgDir is the built package's directory
	// relative to the root ("." for the root).
	ws     *wsBuild
	pkgDir string
	// prisma is how a project that uses Prisma generates its clients, none for others.
	prisma prismas
	// deferred are the root's install scripts deps leaves to the builder, wsDeferred the
	// workspace packages' (lifecycle.go); rootScripts are the root package.json's scripts.
	deferred    []string
	wsDeferred  []pkgScripts
	rootScripts map[string]string
	// split are the root's install scripts whose head deps runs and whose tail the builder
	// does (splitscripts.go).
	split []splitScript
	// skipDownloads turn off the browser downloads of the install (browsers.go).
	skipDownloads []plan.Env
	// hooksStub: prod-deps' install runs a workspace install script that installs git hooks
	// with a dev dependency (gitHooksStub).
	hooksStub bool
	// buildEnv is the build commands' environment a language's default assets set
	// (spec.Assets.Env).
	buildEnv []plan.Env
	// md4 is the environment of the build and test commands for a webpack that hashes with
	// MD4 (webpack.go).
	md4 []plan.Env
}

// toolchain declares deps (the package manager and the dependency files, then the install),
// the builder (the build scripts, then the check that runs is there) and the tests. Registry
// settings reach the dependency commands only: a build script has nothing to fetch.
func (b *build) toolchain(runs lang.Expected) *lang.Toolchain {
	t := &lang.Toolchain{Image: b.image, Workdir: b.appDir, Env: b.pm.env(), ToolArgs: b.pm.toolArgs(), ToolArgsReach: lang.FetchOnly,
		Deps: b.deps(), Build: b.builder(runs),
		Test: lang.Test{Command: lang.Cmd{Args: b.test(), Env: append([]plan.Env{{Key: "CI", Value: "true"}}, b.md4...)}}}
	if b.pm.corepack != "" {
		t.Scripts = []plan.File{lang.Script("corepack.sh", corepackScript)}
	}
	return t
}

// cache is the package manager's store (see manager.cache).
func (b *build) cache() []lang.Cache {
	m := b.pm.cache()
	sharing := lang.Shared
	if m.Sharing == plan.SharingLocked {
		sharing = lang.Locked
	}
	return []lang.Cache{{ID: m.ID, Target: m.Target, Sharing: sharing}}
}

// deps copies the dependency files and installs everything the build and tests need.
func (b *build) deps() lang.Deps {
	pm := b.pm
	files := []string{"package.json"}
	if pm.lockfile != "" {
		files = append(files, pm.lockfile)
	}
	install := &lang.Cmd{Args: b.install(), Caches: b.cache()}
	if early := b.prisma.onInstall(); len(early) > 0 { // the install script generates: the schema must be there before
		files = append(files, early.files()...)
		install.Env, install.Caches = early.cmdEnv(), append(install.Caches, early.caches()...)
	}
	install.Env = append(install.Env, b.skipDownloads...)
	d := lang.Deps{Description: fmt.Sprintf("install the dependencies (%s) from %s only; node %s (%s)",
		strings.Join(install.Args, " "), strings.Join(b.depFilesText(files), " "), b.ver.tag, b.ver.from)}
	// corepack provides pnpm and yarn. A version pinned by packageManager is fetched once
	// package.json is in place; otherwise before, so that it stays cached across its changes.
	if pm.yarnPath != "" {
		d.Setup = append(d.Setup, yarnLauncher(b.appDir, pm.yarnPath))
	}
	if pm.corepack != "" {
		d.Setup = append(d.Setup, &plan.Run{Args: []string{"corepack", "enable", pm.bin()}, NoNetwork: true})
	}
	fetch := &lang.Cmd{Args: lang.RunScript("corepack.sh", "install"), Display: "corepack install", Scripts: true}
	if pm.corepack != "" && pm.corepack != "project" {
		fetch.Args = append(fetch.Args, "-g", pm.corepack)
		fetch.Display += " -g " + pm.corepack
		d.Setup = append(d.Setup, fetch)
	}
	if b.ws != nil {
		d.Steps = append(d.Steps, b.ws.copyDepFiles(slices.Concat(files, pm.files)))
	} else {
		d.Files = slices.Concat(files, pm.files)
	}
	if pm.corepack == "project" {
		d.Steps = append(d.Steps, fetch)
	}
	if drop := dropDeferred(b.deferred, b.wsDeferred); drop != nil {
		d.Steps = append(d.Steps, drop)
	}
	d.Steps = append(d.Steps, setHeads(b.split)...)
	d.Steps = append(d.Steps, install)
	if late := b.prisma.afterInstall(); len(late) > 0 {
		d.Steps = append(d.Steps, late.generateSteps(lang.FirstField(b.s, "language"), b.pm)...)
		d.Description += ", then prisma generate from " + strings.Join(late.files(), " ")
	}
	return d
}

// builder copies the source onto deps and runs the build scripts, if the project has some, then
// checks that what the image runs is there. A node_modules in the context (the developer's,
// maybe for another platform) is left out.
func (b *build) builder(runs lang.Expected) lang.Build {
	st := lang.Build{Fields: []string{"language"}, Description: "copy the source",
		Exclude: slices.Concat([]string{"**/node_modules"}, b.unusedPackages(), b.prisma.sourceOutputs()), Expect: []lang.Expected{runs},
		Before: b.runDeferred()}
	deferred := len(b.deferred) > 0 || len(b.wsDeferred) > 0 || len(b.split) > 0
	if deferred {
		st.Description = "copy the source, run " + deferredText(slices.Concat(b.deferred, splitNames(b.split)), b.wsDeferred) + " (which deps left out)"
	}
	if !b.hasBuild {
		switch {
		case deferred:
		case strings.TrimSpace(b.m.Scripts["build"]) != "": // install-only assets (a language's default)
			st.Description += " (the install is the output: no script runs)"
		default:
			st.Description += " (package.json has no build script)"
		}
		return st
	}
	if c := b.s.Build.Command; c != nil {
		st.Description += " and run " + c.String()
		if env := slices.Concat(b.nxEnv(), b.buildEnv, b.md4); env != nil {
			st.Custom = &lang.Cmd{Env: env}
		}
		return st
	}
	var texts []string
	for _, args := range b.builds() {
		texts = append(texts, strings.Join(args, " "))
		st.Commands = append(st.Commands, &lang.Cmd{Args: args, Env: slices.Concat(b.nxEnv(), b.buildEnv, b.md4)})
	}
	st.Description += " and run " + strings.Join(texts, ", then ")
	return st
}

// nxEnv is the build commands' environment in an Nx workspace: NX_DAEMON=false. Nx turns its
// daemon off in CI and in Docker, which it recognizes by /.dockerenv or a docker cgroup, and a
// BuildKit step has neither: the build started the daemon, which the step's end kills, and left
// its files in the layer (.nx/workspace-data/d/daemon.log, server-process.json). The tester runs
// with CI=true, which turns it off.
func (b *build) nxEnv() []plan.Env {
	if !b.nx {
		return nil
	}
	return []plan.Env{{Key: "NX_DAEMON", Value: "false"}}
}

// buildCache is a framework's build cache (Next.js: .next/cache) as a cache of the build
// commands, per app, locked (two builds must not write it at once), so that a rebuild on a warm
// builder compiles only what changed. Unlike the dependency caches it is not seeded from a
// layer: it holds the compiled source, which no step before the build has, so a fresh CI
// runner starts it empty (Next.js says "No build cache found").
//
// Nx keeps its task cache in .nx/cache and, since Nx 20, the record of what it holds in a
// database under .nx/workspace-data (it restores no output the database does not know): the
// workspace's .nx is a cache of the build commands too, so that a rebuild whose change is
// outside a project's inputs (a README, another application) restores that project's build.
func (b *build) buildCache(e entry) []lang.Cache {
	if !b.hasBuild {
		return nil
	}
	var out []lang.Cache
	if e.BuildCache != "" {
		out = append(out, lang.Cache{ID: "next-cache-" + lang.PackageTitle(cmp.Or(b.m.Name, "app")), Target: path.Join(b.pkgPath(), e.BuildCache), Sharing: lang.Locked})
	}
	if b.nx {
		out = append(out, lang.Cache{ID: "nx-" + lang.PackageTitle(cmp.Or(b.rootName, "workspace")), Target: path.Join(b.appDir, ".nx"), Sharing: lang.Locked})
	}
	return out
}

// prodDeps drops the dev dependencies from deps (see manager.prodInstall). It depends on deps
// only, so it runs beside the build and stays cached when only the source changes.
func (b *build) prodDeps() *plan.Stage {
	prune := &lang.Cmd{Caches: b.cache()}
	prune.Args, prune.Shell = b.prodInstall()
	pre := b.prisma.beforeProdInstall(b.pm, b.ws != nil && b.ws.sel != nil)
	if b.hooksStub {
		pre = append(pre, "mkdir -p "+hooksStub+" && for t in "+strings.Join(gitHookTools, " ")+"; do ln -sf /bin/true "+hooksStub+"/$t; done && export PATH="+hooksStub+":$PATH")
	}
	if len(pre) > 0 {
		prune.Args, prune.Shell = nil, strings.Join(append(pre, cmp.Or(prune.Shell, strings.Join(prune.Args, " "))), " && ")
	}
	prune.Display = prune.Shell // as a Dockerfile shows a RUN in shell form
	st := lang.ProdDeps(b.s, "deps without the dev dependencies ("+cmp.Or(prune.Shell, strings.Join(prune.Args, " "))+"), beside the build", prune)
	if drop := b.prisma.dropCLI(b.pm.kind, b.cache()); len(drop) > 0 {
		st.Steps = append(st.Steps, drop...)
		st.Description += ", without the Prisma CLI"
	}
	if keep := b.prisma.keepOutputs(b.appDir, b.ws, b.pm.kind, st.Field); len(keep) > 0 {
		st.Steps = append(st.Steps, keep...)
		st.Description += ", with the Prisma client deps generated"
	}
	return st
}

// siteRuntime is the static runtime serving the builder's output.
func (b *build) siteRuntime(site static.Site) (lang.Runtime, error) {
	site.FromStage, site.Dir = "builder", path.Join(b.pkgPath(), site.Dir)
	rt, err := site.Runtime(b.s)
	rt.Title = lang.PackageTitle(b.m.Name)
	return rt, err
}

// pkgPath is where the built package lives in every stage: the app directory, or its
// directory below it in a workspace.
func (b *build) pkgPath() string { return path.Join(b.appDir, b.pkgDir) }
