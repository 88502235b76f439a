// Package bun plans Bun projects: bun install --frozen-lockfile in deps with bun's cache
// mounted, the build script in builder, bun's tests in tester, a production install beside the
// build, and oven/bun slim (or distroless) at runtime running the entry file as a non-root user;
// Node.js instead when the start script runs node. It declares its toolchain (lang.Declarer):
// the stages are the skeleton's.
package bun

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Provider plans Bun projects.
type Provider struct{}

const (
	// defaultBun is the oven/bun tag when nothing pins a version: the newest Bun 1.
	defaultBun = "1"
	// defaultNode is the Node.js major a project that runs on node gets without engines.node:
	// the Active LTS.
	defaultNode = "24"
	// installCacheDir is bun's download cache; BUN_INSTALL_CACHE_DIR makes it explicit.
	installCacheDir = "/root/.bun/install/cache"
)

// installCache holds the packages bun downloads. Locked: bun documents no guarantee for several
// installs writing one cache at once.
var installCache = lang.Cache{ID: "bun-install", Target: installCacheDir, Sharing: lang.Locked}

// toolArgs reach bun install (dependency steps only: a build or test has nothing to fetch).
var toolArgs = []plan.Arg{
	{Name: "NPM_CONFIG_REGISTRY", Description: "npm registry bun installs from (a company mirror)"},
	{Name: "BUN_CONFIG_REGISTRY", Description: "npm registry bun installs from (bun's own name for it)"},
}

// Language is Bun's registry entry: it supersedes Node.js, whose package.json marks Bun projects too.
func (Provider) Language() lang.Language {
	return lang.Language{
		Name: "bun", Markers: []string{"bun.lock", "bun.lockb"}, Detect: detect, Supersedes: []string{"node"},
		Reads: slices.Concat([]string{"package.json", "bun.lock", "bun.lockb", "bunfig.toml", ".npmrc", ".bun-version", ".tool-versions", "tsconfig.json", "pnpm-workspace.yaml"},
			defaultFiles, otherLockfiles, node.WranglerConfigs, node.SiteReads),
		Runtimes: []string{"slim", "distroless", "alpine", static.Alias}, ServesSites: true, // a site bun builds (site.go)
		Fields: []string{"workspace"}, // Bun workspaces, selected by package (workspace.go)
	}
}

// Toolchain declares a Bun build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	m, err := lang.Manifest(s, f, "package.json", "run `bun init` or set `language`", readManifest)
	if err != nil {
		return nil, err
	}
	if err := lang.NoScratch(s, "Bun", "the bun binary and the C library it links",
		"use `runtime: distroless`, the smallest base Bun runs on"); err != nil {
		return nil, err
	}
	bunVersion, err := bunTag(s, f, m)
	if err != nil {
		return nil, err
	}
	ws, wsNotes, err := readWorkspace(s, f) // workspace.go
	if err != nil {
		return nil, err
	}
	var notCompiled string // where the modules of a program its build compiles read files by their directory (compile.go)
	if ws == nil {
		m, notCompiled = runsSource(s, f, m)
	}
	app, pkgDir := m, "." // the package built: the root, or the workspace package selected
	if ws != nil {
		app, pkgDir = ws.sel.m, ws.sel.dir
	}
	// without a build, the files package.json names were probed (entryProbes): the source's
	probed := s.Build.Command == nil && app.Scripts["build"] == ""
	e, ok := chooseEntry(s.Entrypoint, app, f.In(pkgDir), probed)
	if why, worker := cloudflareWorker(f.In(pkgDir), e); worker { // worker.go
		what := "the project"
		if ws != nil {
			what = pkgDir
		}
		return nil, lang.FieldError(s, lang.FirstField(s, "entrypoint", "workspace", "language"), workerFix, "%s runs no server of its own: %s", what, why)
	}
	site, siteNotes, isSite, err := buildsSite(s, f.In(pkgDir), app, ok) // site.go
	if err != nil {
		return nil, err
	}
	if isSite {
		ok, e = true, entry{File: site.Dir}
	}
	var next string // the build directory of a Next.js standalone server (next.go)
	if !ok && s.Entrypoint == "" {
		if dist, from, standalone := nextStandalone(s, f.In(pkgDir), app); standalone {
			next, ok, e = dist, true, entry{File: path.Join(dist, "standalone", pkgDir, "server.js"), From: from}
		}
	}
	if !ok {
		field := lang.FirstField(s, "entrypoint", "language")
		if s.Entrypoint != "" {
			return nil, lang.FieldError(s, field, "write the file bun runs, relative to the project, e.g. src/index.ts",
				"%q is not a file path inside the build context", s.Entrypoint)
		}
		if why, ok := nextApp(app); ok { // no entrypoint alone makes its image (next.go)
			what := "the image"
			if ws != nil {
				what = pkgDir
			}
			return nil, lang.FieldError(s, field, nextFix, "nothing says what %s runs: %s", what, why)
		}
		if ws != nil {
			return nil, lang.FieldError(s, "entrypoint", "set `entrypoint` to the file the image runs, relative to "+pkgDir+", e.g. src/index.ts",
				"nothing says what %s runs: no start script running bun or node on a file, no module or main in its package.json, none of %s",
				pkgDir, strings.Join(defaultFiles, ", "))
		}
		if len(wsNotes) > 0 { // a monorepo's root, which runs nothing: its packages do
			globs := rootGlobs(f)
			return nil, lang.FieldError(s, field, "set `workspace` to the package the image runs, one of "+lang.PackageList(readPackages(globs, f)),
				"nothing says what the image runs: the root package.json has no start script, module or main, and none of %s is there; "+
					"it is a workspace (%s: %s)", strings.Join(defaultFiles, ", "), workspacesFrom(f), strings.Join(globs, ", "))
		}
		return nil, lang.FieldError(s, field, "set `entrypoint` to the file the image runs, e.g. src/index.ts",
			"nothing says what the image runs: no start script running bun or node on a file, no module or main in package.json, none of %s",
			strings.Join(defaultFiles, ", "))
	}
	nodeMajor := cmp.Or(firstNumber.FindString(app.EnginesNode), firstNumber.FindString(m.EnginesNode), defaultNode)
	rt := runtimeFor(bunVersion, nodeMajor, e.OnNode)
	var compiled string // the executable a single package's build compiles (compile.go)
	if ws == nil {
		compiled = compiledOut(s, m)
	}
	if compiled != "" {
		rt = lang.Runtime{Aliases: map[string]string{"distroless": compiledImage}, Default: "distroless"}
	}
	_, alias := rt.RuntimeImage(s)
	builder := "oven/bun:" + bunVersion
	if alias == "alpine" { // musl: what bun installs and builds must load at run time
		builder += "-alpine"
	}

	lock, notes := lockfile(s, f)
	notes = append(notes, wsNotes...)
	notes = append(notes, bunfigNotes(s, f)...) // bunfig.go
	install := []string{"bun", "install"}
	if lock != "" {
		install = append(install, "--frozen-lockfile")
	}
	var filter, manifests []string
	hasProdDeps := m.HasProdDeps
	if ws != nil { // the selected package's dependencies only; every manifest, which bun.lock locks
		filter, manifests, hasProdDeps = ws.filter(m), ws.manifests(), ws.hasProdDeps(m)
	}
	depFiles := []string{"package.json"}
	migrated := []string{}
	if lock == "pnpm-lock.yaml" && f.Has("pnpm-workspace.yaml") { // bun migrates its packages, catalogs and overrides with the lockfile
		migrated = append(migrated, "pnpm-workspace.yaml")
	}
	for _, name := range slices.Concat([]string{lock}, migrated, []string{"bunfig.toml", ".npmrc"}) { // bunfig.toml and .npmrc say where to install from
		if name != "" && f.Has(name) {
			depFiles = append(depFiles, name)
		}
	}
	for _, patch := range m.Patches { // the root's: bun patch writes them there, in a workspace too
		file, ok := patchPath(patch)
		if !ok {
			return nil, lang.FieldError(s, lang.FirstField(s, "language"), "keep the patch files of patchedDependencies inside the project, as `bun patch --commit` writes them (patches/)",
				"package.json's patchedDependencies names %q, which is not a plain path inside the build context", patch)
		}
		depFiles = append(depFiles, file)
	}
	installEnv := []plan.Env{{Key: "BUN_INSTALL_CACHE_DIR", Value: installCacheDir}}
	depsSteps := []plan.Step{&lang.Cmd{Args: slices.Concat(install, filter), Env: installEnv, Caches: []lang.Cache{installCache}}}
	deferred := deferredScripts(m) // lifecycle.go
	if len(deferred) > 0 {
		depsSteps = slices.Insert(depsSteps, 0, plan.Step(dropDeferred(deferred)))
	}

	t := &lang.Toolchain{
		Image: builder, Workdir: lang.AppDir, ToolArgs: toolArgs, ToolArgsReach: lang.FetchOnly, Notes: notes,
		Deps: lang.Deps{
			Description: "install the dependencies (" + strings.Join(slices.Concat(install, filter), " ") + ") from " + strings.Join(slices.Concat(depFiles, manifests), " ") + " only; bun " + bunVersion,
			Files:       depFiles,
			Patterns:    manifests,
			Steps:       depsSteps,
		},
		Build: lang.Build{
			Description: "copy the source (package.json has no build script)",
			Fields:      []string{"language"},
			Exclude:     []string{"**/node_modules"},
		},
		Test: lang.Test{Command: lang.Cmd{Args: testCommand(app, pkgDir), Env: []plan.Env{{Key: "CI", Value: "true"}}}},
	}
	var before packages // the workspace packages it uses that build, built first (workspace.go)
	if ws != nil && s.Build.Command == nil {
		before = ws.all.builtBefore(ws.sel)
	}
	hasBuild := s.Build.Command != nil || app.Scripts["build"] != "" || len(before) > 0
	t.Build.Expect = []lang.Expected{{Paths: []string{path.Join(lang.AppDir, pkgDir, e.File)}, What: "the entry file",
		Fix: "set `entrypoint` to the file the image runs (relative to the project), or fix the build"}}
	if next != "" {
		t.Build.Expect = []lang.Expected{{Paths: []string{path.Join(lang.AppDir, pkgDir, e.File)}, What: "the server Next.js's standalone output holds",
			Fix: nextExpectFix}}
	}
	var runs []string
	for _, p := range before {
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: runScript(p.dir, "build")})
		runs = append(runs, strings.Join(runScript(p.dir, "build"), " "))
	}
	switch {
	case compiled != "":
		t.Scripts = append(t.Scripts, lang.Script("compile.sh", compileScript))
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: lang.RunScript("compile.sh"), Display: "bun run build",
			Env: []plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}}, Scripts: true})
		runs = append(runs, "bun run build (bun build --compile, for the target platform)")
		t.Build.Expect = []lang.Expected{{Paths: []string{path.Join(lang.AppDir, compiled)}, What: "the program `bun build --compile` writes",
			Fix: "make the build script write --outfile " + compiled + ", or set `entrypoint` to the file bun runs"}}
	case app.Scripts["build"] != "":
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: runScript(pkgDir, "build")})
		runs = append(runs, strings.Join(runScript(pkgDir, "build"), " "))
	case next != "" && s.Build.Command == nil: // no build script (typebot's, whose build Nx infers): Next.js's own
		build := slices.Concat(runScript(pkgDir, "next"), []string{"build"})
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: build})
		runs = append(runs, strings.Join(build, " "))
	}
	if len(runs) > 0 {
		t.Build.Description = "copy the source and run " + strings.Join(runs, ", then ")
	}
	if s.Build.Command != nil {
		t.Build.Description = "copy the source and run " + s.Build.Command.String()
	}
	if notCompiled != "" {
		t.Build.Description = "copy the source; bun runs it: the build script's `bun build --compile` is not run, since " +
			notCompiled + " reads a file by its module's directory, which the executable would not hold"
	}
	if len(deferred) > 0 {
		t.Build.Before = runDeferred(m, deferred, pkgDir == "." && app.Scripts["build"] != "" && s.Build.Command == nil)
		t.Build.Description = "copy the source, run package.json's " + strings.Join(deferred, ", ") + " (which deps left out)" +
			strings.TrimPrefix(strings.TrimPrefix(t.Build.Description, "copy the source"), " (package.json has no build script)")
	}
	if isSite { // the site alone, served by nginx: nothing of bun reaches the image
		t.Notes = append(t.Notes, siteNotes...)
		return siteToolchain(s, t, site, pkgDir, cmp.Or(app.Name, m.Name))
	}
	// a Nitro build's output needs nothing beside it, in a workspace package too: it traced what
	// the server imports, the workspace's packages among them, into .output/server/node_modules
	selfContained := nitroOutput(app, e, hasBuild) || next != "" // so is Next.js's standalone output (next.go)
	if hasProdDeps && !selfContained && compiled == "" {
		// bun install --production keeps the dev dependencies an earlier install left: it runs
		// on a fresh node_modules, from the cache
		prod := slices.Concat(install, []string{"--production"}, filter)
		step := &lang.Cmd{Args: slices.Concat([]string{"/bin/sh", "-c", `rm -rf node_modules && exec "$@"`, "sh"}, prod),
			Display: strings.Join(prod, " "), Env: installEnv, Caches: []lang.Cache{installCache}}
		if ws != nil { // every package's node_modules too (names and directories are plain: readWorkspace)
			step.Args, step.Shell = nil, ws.prodInstall(prod)
		}
		t.After = append(t.After, lang.ProdDeps(s, "the production dependencies only ("+strings.Join(prod, " ")+"), beside the build", step))
	}

	rt.Title = lang.PackageTitle(cmp.Or(app.Name, m.Name))
	rt.Workdir = path.Join(lang.AppDir, pkgDir)
	rt.Env = slices.Concat([]plan.Env{{Key: "NODE_ENV", Value: "production"}}, e.Env, lang.PortEnv(s)) // Bun.serve listens on $PORT by default
	rt.Entrypoint = []string{binary(e.OnNode, alias), path.Join(lang.AppDir, pkgDir, e.File)}
	fromBuilder := hasBuild || len(deferred) > 0
	switch {
	case compiled != "": // the executable alone: bun and the dependencies are inside
		out := path.Join(lang.AppDir, compiled)
		rt.Entrypoint = []string{out}
		rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: lang.FirstField(s, "language")}, FromStage: "builder", Paths: []string{out}, Dest: out}}
	case next != "":
		nextRuntime(s, &rt, pkgDir, next)
	case selfContained: // the build's output alone, as Node.js's provider ships it
		out := path.Join(lang.AppDir, pkgDir, nitroDir)
		rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")},
			FromStage: "builder", Paths: []string{out}, Dest: out + "/"}}
	case ws != nil:
		rt.Artifacts = ws.artifacts(s, f, m, fromBuilder)
	default:
		rt.Artifacts = artifacts(s, f, m, e, hasBuild, fromBuilder)
		rt.Files = besideFiles(s, f, m, e) // beside.go
	}
	if src := portSource(s, app, e); !selfContained && src != "" {
		t.Notes = append(t.Notes, node.EntryPortNotes(s, f, path.Join(pkgDir, src))...)
		if compiled == "" {
			rt.SharedWorkdir = workdirFile(f.In(pkgDir), app, src) // imports.go
		}
	}
	t.Runtime = rt
	return t, nil
}

// patchChars are those of a patch file's path: bun names a scoped package's with %2F.
var patchChars = regexp.MustCompile(`^[A-Za-z0-9._/@+%-]+$`)

// patchPath is a patch file of patchedDependencies as a context path.
func patchPath(p string) (string, bool) {
	rel, ok := lang.RelPath(strings.TrimSpace(p))
	if !ok || rel == "." || !patchChars.MatchString(rel) {
		return "", false
	}
	return rel, true
}

// lockfile is the lockfile the install follows ("" for none), with the warnings about it: the
// bun lockfile, else the first of another package manager's that bun migrates (a project moved
// to bun keeps its package-lock.json; its own `COPY . . && bun install` installs those
// versions, and the image must not resolve them anew).
func lockfile(s *spec.Spec, f lang.Facts) (lock string, notes []plan.Note) {
	field := lang.FirstField(s, "language")
	for _, name := range []string{"bun.lock", "bun.lockb"} {
		if f.Has(name) {
			lock = name
			break
		}
	}
	used := lock
	if lock == "" {
		for _, name := range migratedLockfiles {
			if migrates(f, name) {
				lock, used = name, name+", which bun migrates (no bun.lock)"
				break
			}
		}
	}
	if lock == "" {
		notes = append(notes, rules.MissingLockfile.Note(field, rules.MissingLockfile.Format(
			"the build context has no bun.lock: bun install resolves every version anew on every build; "+
				"run `bun install` and commit bun.lock (and keep it out of .dockerignore)")))
	}
	var others []string
	for _, name := range otherLockfiles {
		if f.Has(name) && name != lock {
			others = append(others, name)
		}
	}
	if len(others) > 0 {
		notes = append(notes, rules.SeveralLockfiles.Note(field, rules.SeveralLockfiles.Format("bun", cmp.Or(used, "no lockfile"), others)))
	}
	return lock, notes
}

// migrates: bun migrates that lockfile of another package manager, which the context holds
// (yarn 2+'s is not migrated).
func migrates(f lang.Facts, name string) bool {
	return f.Has(name) && (name != "yarn.lock" || !strings.Contains(f.Text(name), "__metadata:"))
}

// bunTag is the oven/bun tag: the spec's version, else packageManager's bun@, else
// .bun-version, else the `bun` line of asdf's and mise's .tool-versions, else engines.bun (a
// range becomes its major), else 1.
func bunTag(s *spec.Spec, f lang.Facts, m manifest) (string, error) {
	if s.Version != "" {
		v := version.FindStringSubmatch(s.Version)
		if v == nil {
			return "", lang.FieldError(s, "version", "write a Bun version, e.g. 1, 1.2 or 1.2.19", "%q is not a Bun version", s.Version)
		}
		return v[1], nil
	}
	if pm, ok := strings.CutPrefix(m.PackageManager, "bun@"); ok {
		if v := version.FindStringSubmatch(strings.SplitN(pm, "+", 2)[0]); v != nil {
			return v[1], nil
		}
	}
	if v := version.FindStringSubmatch(strings.TrimSpace(f.Text(".bun-version"))); v != nil {
		return v[1], nil
	}
	for _, l := range strings.Split(f.Text(".tool-versions"), "\n") {
		l, _, _ = strings.Cut(l, "#")
		if w := strings.Fields(l); len(w) >= 2 && w[0] == "bun" {
			if v := version.FindStringSubmatch(w[1]); v != nil {
				return v[1], nil
			}
		}
	}
	return cmp.Or(versionFrom(m.EnginesBun), defaultBun), nil
}

// testCommand is the test script when package.json has one (not npm init's placeholder, which
// fails on purpose: Elysia's template keeps it), else bun's own test runner: in a workspace
// package's directory (dir), the package's.
func testCommand(m manifest, dir string) []string {
	if m.Scripts["test"] != "" && !node.PlaceholderTest(m.Scripts["test"]) {
		return runScript(dir, "test")
	}
	if dir != "." {
		return []string{"bun", "test", "--cwd", dir}
	}
	return []string{"bun", "test"}
}

// runScript runs a package.json script of the package in dir (a workspace package's, or the root's).
func runScript(dir, script string) []string {
	if dir != "." {
		return []string{"bun", "run", "--cwd", dir, script}
	}
	return []string{"bun", "run", script}
}

// runtimeFor is the runtime table: oven/bun's images, or node's when the project runs on node.
// Both bun and node images ship a non-root user 1000 (bun, node); distroless has nonroot.
func runtimeFor(bunVersion, nodeMajor string, onNode bool) lang.Runtime {
	aliases := map[string]string{
		"slim":       "oven/bun:" + bunVersion + "-slim",
		"distroless": "oven/bun:" + bunVersion + "-distroless",
		"alpine":     "oven/bun:" + bunVersion + "-alpine",
	}
	home := "/home/bun"
	if onNode {
		aliases = map[string]string{
			"slim":       "node:" + nodeMajor + "-bookworm-slim",
			"distroless": "gcr.io/distroless/nodejs" + nodeMajor + "-debian12:nonroot",
			"alpine":     "node:" + nodeMajor + "-alpine",
		}
		home = "/home/node"
	}
	return lang.Runtime{Aliases: aliases, Default: "slim", Shells: []string{"slim", "alpine"},
		Users: map[string]string{"slim": "1000:1000", "alpine": "1000:1000"},
		Homes: map[string]string{"slim": home, "alpine": home}}
}

// binary is the runtime's bun or node; on an image the spec names, PATH finds it.
func binary(onNode bool, alias string) string {
	switch {
	case onNode && alias == "distroless":
		return "/nodejs/bin/node"
	case onNode && alias != "":
		return "/usr/local/bin/node"
	case onNode:
		return "node"
	case alias != "":
		return "/usr/local/bin/bun"
	}
	return "bun"
}

// nitroDir is where Nitro builds its server (Nuxt, Nitro, vinxi, TanStack Start on Nitro): with
// the node_modules it traces under .output/server, all that the server needs.
const nitroDir = ".output"

// nitroOutput: the image runs the server a Nitro build writes, which is self-contained, so
// neither the production node_modules nor package.json is shipped beside it.
func nitroOutput(m manifest, e entry, hasBuild bool) bool {
	if !hasBuild || lang.TopDir(e.File) != nitroDir {
		return false
	}
	return slices.ContainsFunc(slices.Concat(m.Deps, m.DevDeps), func(d string) bool {
		return d == "nuxt" || d == "nitropack" || d == "nitro" || d == "vinxi"
	})
}

// runtimeExcludes never reach the image when the whole tree is copied: dependencies come from
// prod-deps, and package manager settings (.npmrc, bunfig.toml) may hold registry tokens.
var runtimeExcludes = []string{"**/node_modules", ".git", ".npmrc", "bunfig.toml"}

// artifacts are what the image holds, what changes least often first: the production
// node_modules, package.json, then the program: the entry file's top directory (from the build,
// or the source with tsconfig.json, whose paths bun resolves imports with), or the whole tree
// when the entry file is at the top. bunfig.toml stays out (it may hold registry tokens):
// `files` adds it. The program comes from the builder when it builds or runs the root's install
// scripts (fromBuilder: what they write is the image's), else from the context.
func artifacts(s *spec.Spec, f lang.Facts, m manifest, e entry, hasBuild, fromBuilder bool) []*plan.Copy {
	o := plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")}
	var out []*plan.Copy
	if m.HasProdDeps {
		out = append(out, lang.ProdModules(o, lang.AppDir))
	}
	dir := lang.TopDir(e.File)
	switch {
	case dir == "" || dir == "node_modules":
		from := ""
		if fromBuilder {
			from = "builder"
		}
		src := "."
		if fromBuilder {
			src = lang.AppDir
		}
		return append(out, &plan.Copy{Origin: o, FromStage: from, Paths: []string{src}, Dest: lang.AppDir + "/", Exclude: runtimeExcludes})
	}
	top := []string{"package.json"}
	if !hasBuild {
		if f.Has("tsconfig.json") {
			top = append(top, "tsconfig.json")
		}
	}
	out = append(out, &plan.Copy{Origin: o, Paths: top, Dest: lang.AppDir + "/"})
	if fromBuilder {
		return append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{path.Join(lang.AppDir, dir)}, Dest: path.Join(lang.AppDir, dir) + "/"})
	}
	return append(out, &plan.Copy{Origin: o, Paths: []string{dir}, Dest: path.Join(lang.AppDir, dir) + "/"})
}
