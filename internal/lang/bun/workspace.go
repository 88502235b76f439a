package bun

// Bun workspaces: the root's package.json declares package directories with globs (read as
// Node.js reads them: lang.WorkspaceGlobs), one bun.lock at the root locks them all, and
// packages depend on one another with workspace: ranges, which bun links from node_modules.
// The spec's `workspace` selects the package to build: bun installs its dependencies only
// (--filter), the builder runs its build script, and the image holds it with the workspace
// packages it needs at run time.

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
	"gopkg.in/yaml.v3"
)

var _ lang.Follower = Provider{}

// workspacesFrom is where a Bun workspace declares its packages, for messages: package.json's
// workspaces, or the pnpm-workspace.yaml bun migrates (rootGlobs).
func workspacesFrom(f lang.Facts) string {
	if len(lang.PackageJSONWorkspaces(f["package.json"])) == 0 && pnpmMigrated(f) {
		return "pnpm-workspace.yaml's packages, which bun migrates with pnpm-lock.yaml"
	}
	return "package.json's workspaces"
}

// packageReads are the files read in the selected package's directory: what planning reads of
// the root when it is the project.
var packageReads = slices.Concat([]string{"package.json", "tsconfig.json"}, defaultFiles, node.WranglerConfigs, node.SiteReads)

// Follow returns what to read once the root's files are known: a package.json per directory the
// workspace globs name, the selected package's own files, and whether the files the package
// (the selected one, else the root) names to run exist (entryProbes).
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	globs := rootGlobs(f)
	out := globs.Manifests()
	if len(out) == 0 { // a single package: also what its server reads beside its entry
		return singleReads(s, f)
	}
	if s.Workspace == "" {
		return append(out, entryProbes(s, f, ".")...)
	}
	dir := path.Clean(s.Workspace)
	if p := readPackages(globs, f).find(s.Workspace); p != nil {
		dir = p.dir
	}
	if lang.PlainPackageDir(dir) && dir != "." && !strings.HasPrefix(dir, "../") {
		for _, r := range packageReads {
			out = append(out, path.Join(dir, r))
		}
		out = append(out, entryProbes(s, f, dir)...)
		out = append(out, packageSourceReads(s, f, dir)...)
	}
	return out
}

// singleReads are what a package that is no workspace reads: the modules of a program its build
// compiles (compile.go), entryProbes and besideReads (beside.go) of the manifest planned.
func singleReads(s *spec.Spec, f lang.Facts) []string {
	m, err := readManifest(f["package.json"])
	if err != nil || !f.Has("package.json") {
		return nil
	}
	var out []string
	if entry := compiledEntry(s, m); entry != "" {
		_, out = compiledSources(f, entry)
	}
	m, _ = runsSource(s, f, m)
	if s.Entrypoint == "" && s.Build.Command == nil {
		out = append(out, probes(".", m)...)
	}
	e, ok := chooseEntry(s.Entrypoint, m, f, s.Build.Command == nil && m.Scripts["build"] == "")
	if !ok {
		return out
	}
	if src := portSource(s, m, e); src != "" { // the files it writes in its working directory, its port (imports.go)
		out = append(out, node.EntryModuleReads(f, src)...)
	}
	return append(out, besideReads(s, f, m, e)...)
}

// packageSourceReads are the selected workspace package's entry source and the modules it
// imports (imports.go), as singleReads reads a single package's, relative to the context.
func packageSourceReads(s *spec.Spec, f lang.Facts, dir string) []string {
	fm := f.In(dir)
	m, err := readManifest(fm["package.json"])
	if err != nil || !fm.Has("package.json") {
		return nil
	}
	e, ok := chooseEntry(s.Entrypoint, m, fm, s.Build.Command == nil && m.Scripts["build"] == "")
	if !ok {
		return nil
	}
	src := portSource(s, m, e)
	if src == "" {
		return nil
	}
	var out []string
	for _, r := range node.EntryModuleReads(fm, src) {
		out = append(out, path.Join(dir, r))
	}
	return out
}

// portSource is the source of a single package's entry read for the port it listens on: the
// entry without a build, the file a `bun build` script bundles into it; "" otherwise.
func portSource(s *spec.Spec, m manifest, e entry) string {
	switch {
	case s.Build.Command != nil:
		return ""
	case m.Scripts["build"] == "":
		return e.File
	}
	return buildSource(m.Scripts["build"])
}

// rootGlobs are the package globs of package.json's workspaces, else, when bun migrates
// pnpm-lock.yaml (pnpmMigrated), of pnpm-workspace.yaml's packages: bun install moves them and
// its catalogs into package.json's workspaces before it installs (tried with bun 1.3.14: a pnpm
// 10 workspace with `workspace:*` and `catalog:` ranges, --frozen-lockfile --filter, "migrated
// lockfile from pnpm-lock.yaml", pnpm's versions installed). wannabespace/conar's apps/api, run
// by bun in a pnpm workspace, could not be selected before.
func rootGlobs(f lang.Facts) lang.WorkspaceGlobs {
	if globs := lang.PackageJSONWorkspaces(f["package.json"]); len(globs) > 0 || !pnpmMigrated(f) {
		return lang.CleanWorkspaceGlobs(globs)
	}
	var w struct {
		Packages []string `yaml:"packages"`
	}
	_ = yaml.Unmarshal(f["pnpm-workspace.yaml"], &w)
	return lang.CleanWorkspaceGlobs(w.Packages)
}

// pnpmMigrated: the lockfile bun installs from is pnpm-lock.yaml, which it migrates with the
// pnpm-workspace.yaml beside it (no bun lockfile, and none of the lockfiles bun looks for first).
func pnpmMigrated(f lang.Facts) bool {
	if !f.Has("pnpm-workspace.yaml") || f.Has("bun.lock") || f.Has("bun.lockb") {
		return false
	}
	i := slices.IndexFunc(migratedLockfiles, func(name string) bool { return migrates(f, name) })
	return i >= 0 && migratedLockfiles[i] == "pnpm-lock.yaml"
}

// wsPackage is one package of the workspace.
type wsPackage struct {
	dir string // relative to the root: apps/api
	m   manifest
}

type packages []*wsPackage

// readPackages are the packages whose manifests were read; one that is not JSON is left out
// (planning reports it: readWorkspace).
func readPackages(globs lang.WorkspaceGlobs, f lang.Facts) packages {
	var out packages
	for _, dir := range globs.Dirs(f) {
		if m, err := readManifest(f[path.Join(dir, "package.json")]); err == nil {
			out = append(out, &wsPackage{dir: dir, m: m})
		}
	}
	return out
}

// Dir and Name make a wsPackage a lang.WorkspacePackage.
func (p *wsPackage) Dir() string  { return p.dir }
func (p *wsPackage) Name() string { return p.m.Name }

// find is the package with that directory, else with that name (lang.FindPackage).
func (ps packages) find(sel string) *wsPackage {
	p, _ := lang.FindPackage(ps, sel)
	return p
}

// closure is sel and the workspace packages its dependencies name, directly or not: what the
// program needs at run time (bun links a dependency named like a workspace package to it).
func (ps packages) closure(sel *wsPackage) packages {
	var out packages
	var visit func(p *wsPackage)
	visit = func(p *wsPackage) {
		if slices.Contains(out, p) {
			return
		}
		out = append(out, p)
		names := slices.Sorted(slices.Values(p.m.Deps))
		for _, name := range names {
			if i := slices.IndexFunc(ps, func(d *wsPackage) bool { return d.m.Name == name }); i >= 0 {
				visit(ps[i])
			}
		}
	}
	visit(sel)
	return out
}

// builtBefore are the workspace packages sel depends on (dependencies and devDependencies,
// directly or not) that have a build script, dependencies first: what `turbo build` with
// Turborepo's `dependsOn: ["^build"]`, and Node.js's workspaces here, build before the package,
// for a package may read what another's build writes (a UI bundle it serves, from dist/).
func (ps packages) builtBefore(sel *wsPackage) packages {
	var seen, out packages
	var visit func(p *wsPackage)
	visit = func(p *wsPackage) {
		if slices.Contains(seen, p) {
			return
		}
		seen = append(seen, p)
		for _, name := range slices.Sorted(slices.Values(slices.Concat(p.m.Deps, p.m.DevDeps))) {
			if i := slices.IndexFunc(ps, func(d *wsPackage) bool { return d.m.Name == name }); i >= 0 {
				visit(ps[i])
			}
		}
		if p != sel && p.m.Scripts["build"] != "" {
			out = append(out, p)
		}
	}
	visit(sel)
	return out
}

// workspace is the selected package of a Bun workspace and what it needs.
type workspace struct {
	globs lang.WorkspaceGlobs
	all   packages
	sel   *wsPackage
	// prod is sel and the workspace packages it needs at run time, sel first.
	prod packages
}

// readWorkspace reads the root's workspace and resolves the spec's selection: nil when the spec
// selects no package. Without a selection, a root that declares packages is built as one project,
// with a WorkspaceNotSelected note listing them.
func readWorkspace(s *spec.Spec, f lang.Facts) (*workspace, []plan.Note, error) {
	globs := rootGlobs(f)
	for _, dir := range globs.Dirs(f) {
		if _, err := readManifest(f[path.Join(dir, "package.json")]); err != nil {
			return nil, nil, lang.FieldError(s, lang.FirstField(s, "workspace", "language"), "", "%s/%v", dir, err)
		}
	}
	all := readPackages(globs, f)
	if s.Workspace == "" {
		if len(all) == 0 {
			return nil, nil, nil
		}
		return nil, append([]plan.Note(nil), lang.WorkspaceNotSelected(s, workspacesFrom(f), globs, all)), nil
	}
	if len(globs) == 0 {
		return nil, nil, lang.FieldError(s, "workspace", "add `workspaces` to package.json, or remove the field",
			"the project declares no workspaces, so there is no package %q to select", s.Workspace)
	}
	sel := all.find(s.Workspace)
	if sel == nil {
		return nil, nil, lang.NotAPackage(s, workspacesFrom(f), globs, all)
	}
	w := &workspace{globs: globs, all: all, sel: sel, prod: all.closure(sel)}
	// names and directories reach bun's command lines and the prod-deps shell line
	for _, p := range w.all {
		if err := lang.PlainPackage(s, p.dir, p.m.Name); err != nil {
			return nil, nil, err
		}
	}
	return w, nil, nil
}

// filter are bun's --filter options for the selected package (its name, else its path) and,
// when the root declares dependencies (the build tools a monorepo keeps there), the root (./):
// a filtered install leaves the root's out.
func (w *workspace) filter(root manifest) []string {
	sel := "./" + w.sel.dir
	if w.sel.m.Name != "" {
		sel = w.sel.m.Name
	}
	if root.HasAny {
		return []string{"--filter", sel, "--filter", "./"}
	}
	return []string{"--filter", sel}
}

// manifests are every package's package.json, which the install needs to match bun.lock.
func (w *workspace) manifests() []string {
	var out []string
	for _, p := range w.all {
		out = append(out, path.Join(p.dir, "package.json"))
	}
	return out
}

// hasProdDeps reports whether the image needs a production install: a package it holds has
// dependencies.
func (w *workspace) hasProdDeps(root manifest) bool {
	return root.HasProdDeps || slices.ContainsFunc(w.prod, func(p *wsPackage) bool { return p.m.HasProdDeps })
}

// prodInstall is prod-deps' shell line: every node_modules the install in deps wrote removed,
// then the selected package's production dependencies installed afresh.
func (w *workspace) prodInstall(prod []string) string {
	dirs := []string{"node_modules"}
	for _, p := range w.all {
		dirs = append(dirs, path.Join(p.dir, "node_modules"))
	}
	return "rm -rf " + strings.Join(dirs, " ") + " && exec " + strings.Join(prod, " ")
}

// dirs are the directories of the packages the image holds.
func (w *workspace) dirs() []string {
	var out []string
	for _, p := range w.prod {
		out = append(out, p.dir)
	}
	return out
}

// artifacts are what the image holds: the production node_modules of the root and of each
// package it holds (with the isolated linker, their links point into the root's .bun store;
// hoisted, the root's holds them all), the root's package.json (and tsconfig.json, which
// packages' tsconfig extend), then the packages themselves without their node_modules: from the
// builder when it builds or runs the root's install scripts, else from the source.
func (w *workspace) artifacts(s *spec.Spec, f lang.Facts, root manifest, fromBuilder bool) []*plan.Copy {
	o := plan.Origin{Field: lang.FirstField(s, "workspace")}
	var out []*plan.Copy
	if w.hasProdDeps(root) {
		out = append(out, lang.WorkspaceProdModules(o, lang.AppDir, w.dirs()))
	}
	top := []string{"package.json"}
	if f.Has("tsconfig.json") {
		top = append(top, "tsconfig.json")
	}
	out = append(out, &plan.Copy{Origin: o, Paths: top, Dest: lang.AppDir + "/"})
	exclude := []string{"**/node_modules", "**/.npmrc", "**/bunfig.toml"}
	dirs := w.dirs()
	if fromBuilder {
		var include []string
		for _, d := range dirs {
			include = append(include, strings.TrimPrefix(path.Join(lang.AppDir, d), "/"))
		}
		return append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{"/"}, Include: include, Exclude: exclude,
			Dest: "/", Display: "/" + strings.Join(include, " /")})
	}
	return append(out, &plan.Copy{Origin: o, Paths: []string{"."}, Include: dirs, Exclude: exclude, Dest: lang.AppDir + "/",
		Display: strings.Join(dirs, " ")})
}
