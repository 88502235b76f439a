package node

// Workspaces (npm, yarn and pnpm): the root declares package directories with globs (package.json
// `workspaces`, or pnpm-workspace.yaml `packages`); the frontend reads every package's manifest in
// a second round (Follow), and the spec's `workspace` selects the package to build.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
	"gopkg.in/yaml.v3"
)

var _ lang.Follower = Provider{}

// packageReads are the files read in the selected workspace package's directory: what
// planning reads of a package (its manifest, what says where a site is written and what node
// runs there: frameworks.go), as the root's.
var packageReads = slices.Concat([]string{"package.json"}, siteReads, frameworkReads)

// Follow returns what to read once the root's files are known: a package.json per directory the
// workspace globs name (path.Match patterns), and the selected package's own files.
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	var out []string
	globs := workspaceGlobs(f)
	out = append(out, globs.Manifests()...)
	if dir, ok := selectedDir(s, f); ok && len(out) > 0 {
		for _, r := range packageReads {
			out = append(out, path.Join(dir, r))
		}
	}
	out = append(out, entryFollow(s, f)...)
	if !f.Has("package.json") {
		out = append(out, belowManifests) // the package.json one level down that the error names (manifestBelow)
	}
	if dir, ok := selectedDir(s, f); ok {
		out = append(out, startDirReads(dir)...)      // the directories its server makes at start (startdirs.go)
		out = append(out, envProbes(dir)...)          // the .env files its build loads (buildenv.go)
		out = append(out, siteConfigReads(f, dir)...) // the samples of its public directory (siteconfig.go)
		if m, err := readManifest(f[path.Join(dir, "package.json")]); err == nil && f.Has(path.Join(dir, "package.json")) {
			out = append(out, pathsIn(dir, scriptTsconfigs(m))...) // the tsconfigs its build compiles with (tssource.go)
		}
	} else {
		out = append(out, startDirReads(".")...)
		out = append(out, envProbes(".")...)
		out = append(out, siteConfigReads(f, ".")...)
		if m, ok := rootManifest(f); ok {
			out = append(out, scriptTsconfigs(m)...)
		}
	}
	out = append(out, nestFollow(f)...)           // a NestJS monorepo's applications' tsconfigs (nest.go)
	out = append(out, vitepressReads(f, ".")...)  // the site's configuration, in the root its build names (sitebase.go)
	out = append(out, gitHistoryReads(f, ".")...) // whether a site's build has the git history it reads (gitlog.go)
	if dir, ok := selectedDir(s, f); ok {
		out = append(out, vitepressReads(f, dir)...)
		out = append(out, gitHistoryReads(f, dir)...)
	}
	if root, ok := rootManifest(f); ok {
		out = append(out, nxReads(root)...)
		out = append(out, rootUIReads(root)...) // the UIs its build script builds (ship.go)
		out = append(out, patchGlobs(root)...)  // patches.go
		// the root's schema, also beside workspace globs: a pnpm-workspace.yaml written for its
		// settings (umami's `packages: ['**']`) matches no package, and the root is built alone
		out = append(out, prismaReads(f, root)...)      // prisma.go
		out = append(out, buildMigrationReads(root)...) // the modules its build steps run, for a migration (buildmigrate.go)
	}
	out = append(out, siblingUIReads(s, f)...) // the server's sources, for a UI it serves that another build writes (siblingui.go)
	if len(globs) > 0 {
		out = append(out, prismaFollow(s, f)...) // the selected package's closure (prisma_workspace.go)
		out = append(out, reachFollow(s, f)...)  // and the siblings its configuration reaches (reach.go)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// entryFollow are the scripts the spec and package.json name in the package built (the root, or
// the selected workspace package once its manifest is read): whether the context holds them
// tells a project without a build that runs a file it does not have (entryReads).
func entryFollow(s *spec.Spec, f lang.Facts) []string {
	dir := "."
	if d, ok := selectedDir(s, f); ok {
		dir = d
	}
	manifestFile := path.Join(dir, "package.json")
	m, err := readManifest(f[manifestFile])
	if !f.Has(manifestFile) || err != nil {
		return nil
	}
	hasBuild := s.Build.Command != nil || m.Scripts["build"] != "" || dir == "." && onlyBuild(s, m, nil) != ""
	project, _, _ := nestSelection(s, f)
	return entryReads(s, pkg{f: f, dir: dir, m: m, hasBuild: hasBuild || project != "", project: project, buildEnv: s.Build.Env})
}

// selectedDir is the directory of the spec's workspace: the one whose package has that name,
// else the value as a directory.
func selectedDir(s *spec.Spec, f lang.Facts) (string, bool) {
	if _, nest, _ := nestSelection(s, f); s.Workspace == "" || nest {
		return "", false
	}
	if ws, err := readWorkspace(f); err == nil && ws != nil {
		if p := ws.find(s.Workspace); p != nil {
			return p.dir, true
		}
	}
	dir := path.Clean(s.Workspace)
	if dir == "." || strings.HasPrefix(dir, "../") || path.IsAbs(dir) || strings.HasPrefix(dir, "@") {
		return "", false
	}
	return dir, true
}

// workspaceGlobs are the package globs the root declares: pnpm-workspace.yaml's packages, else
// package.json's workspaces (a list, or yarn 1's {packages: [...]}). Cleaned; "!" negates.
func workspaceGlobs(f lang.Facts) lang.WorkspaceGlobs {
	if !f.Has("pnpm-workspace.yaml") {
		return lang.CleanWorkspaceGlobs(lang.PackageJSONWorkspaces(f["package.json"]))
	}
	var w struct {
		Packages []string `yaml:"packages"`
	}
	_ = yaml.Unmarshal(f["pnpm-workspace.yaml"], &w)
	return lang.CleanWorkspaceGlobs(w.Packages)
}

// workspace is the root's declared packages, each with its manifest.
type workspace struct {
	globs lang.WorkspaceGlobs // as declared, "!" negating
	from  string              // where they are declared, for messages
	pkgs  []*wsPackage
	// reach are the packages each package's configuration files name by a relative path
	// (reach.go), for the packages whose files were read.
	reach map[*wsPackage][]*wsPackage
}

// wsPackage is one package of a workspace.
type wsPackage struct {
	dir string // relative to the root: apps/web
	m   manifest
	// prod are its dependencies, optionalDependencies and peerDependencies, dev its
	// devDependencies: name to version range.
	prod, dev map[string]string
	// files is package.json's files: what the package publishes, so what another package uses.
	files []string
}

// readWorkspace reads the root's workspace globs and the manifests the frontend followed them
// to. It is nil when the root declares no workspace.
func readWorkspace(f lang.Facts) (*workspace, error) {
	globs := workspaceGlobs(f)
	if len(globs) == 0 {
		return nil, nil
	}
	ws := &workspace{globs: globs, from: "package.json's workspaces"}
	if f.Has("pnpm-workspace.yaml") {
		ws.from = "pnpm-workspace.yaml"
	}
	for _, dir := range globs.Dirs(f) {
		p, err := readPackage(dir, f[dir+"/package.json"])
		if err != nil {
			return nil, err
		}
		ws.pkgs = append(ws.pkgs, p)
	}
	ws.readReach(f)
	return ws, nil
}

func readPackage(dir string, data []byte) (*wsPackage, error) {
	m, err := readManifest(data)
	if err != nil {
		return nil, fmt.Errorf("%s/%v", dir, err)
	}
	var raw struct {
		Dependencies, OptionalDependencies, PeerDependencies, DevDependencies map[string]any
		Files                                                                 []any
	}
	_ = json.Unmarshal(data, &raw)
	p := &wsPackage{dir: dir, m: m, prod: map[string]string{}, dev: map[string]string{}}
	for _, d := range []map[string]any{raw.Dependencies, raw.OptionalDependencies, raw.PeerDependencies} {
		for k, v := range d {
			p.prod[k], _ = v.(string)
		}
	}
	for k, v := range raw.DevDependencies {
		p.dev[k], _ = v.(string)
	}
	for _, f := range raw.Files {
		if s, ok := f.(string); ok {
			p.files = append(p.files, s)
		}
	}
	return p, nil
}

// Dir and Name make a wsPackage a lang.WorkspacePackage.
func (p *wsPackage) Dir() string  { return p.dir }
func (p *wsPackage) Name() string { return p.m.Name }

// find is the package with that directory, else with that name (lang.FindPackage).
func (ws *workspace) find(sel string) *wsPackage {
	p, _ := lang.FindPackage(ws.pkgs, sel)
	return p
}

func (ws *workspace) byName(name string) *wsPackage {
	for _, p := range ws.pkgs {
		if p.m.Name == name {
			return p
		}
	}
	return nil
}

// closure is sel and the workspace packages it depends on, directly or not, dependencies first
// (the order their builds run in). prodOnly follows dependencies only, not devDependencies:
// what the program needs at run time. pnpm links a workspace package only for a `workspace:`
// range (unless configured otherwise); npm and yarn link any dependency named like one. The
// build's closure also holds the packages configuration files reach (reach.go).
func (ws *workspace) closure(sel *wsPackage, k kind, prodOnly bool) []*wsPackage {
	return ws.closureWith(sel, k, prodOnly, !prodOnly)
}

// closureWith is closure, following the packages configuration files reach when reach is set.
func (ws *workspace) closureWith(sel *wsPackage, k kind, prodOnly, reach bool) []*wsPackage {
	var out []*wsPackage
	seen := map[*wsPackage]bool{}
	var visit func(p *wsPackage)
	visit = func(p *wsPackage) {
		if seen[p] {
			return
		}
		seen[p] = true
		deps := []map[string]string{p.prod}
		if !prodOnly {
			deps = append(deps, p.dev)
		}
		var names []string
		for _, d := range deps {
			for name, rng := range d {
				if k == pnpm && !strings.HasPrefix(rng, "workspace:") {
					continue
				}
				names = append(names, name)
			}
		}
		slices.Sort(names)
		for _, name := range slices.Compact(names) {
			if dep := ws.byName(name); dep != nil {
				visit(dep)
			}
		}
		if reach {
			for _, dep := range ws.reach[p] {
				visit(dep)
			}
		}
		out = append(out, p)
	}
	visit(sel)
	return out
}

// wsBuild is the workspace part of a build: the package to build and what it needs.
type wsBuild struct {
	ws       *workspace
	rootName string     // the root package.json's name
	sel      *wsPackage // nil: no package is selected, the root is built with the whole workspace
	// build are the packages built, dependencies first, sel last; prod those the image holds.
	build, prod []*wsPackage
	// installs are the packages whose manifests deps copies; nil: every package. yarn 1 has
	// no install of one package's closure (its --focus fetches the siblings from the
	// registry), but it installs what the manifests it finds declare, and its
	// --frozen-lockfile accepts the workspace's whole lockfile with fewer packages (yarn
	// 1.22.22, tried): given the closure's alone (yarnInstalls), it installs no other app's
	// dependencies (turborepo-starter's web app's package, missing from the registry, stopped
	// the build of its API).
	installs []*wsPackage
	// rootDeps: the selected package declares no production dependency and the root does, so
	// the root's are the ones it runs on (rootHoldsDependencies).
	rootDeps bool
}

// rootHoldsDependencies reports a selected package that declares no production dependency in a
// workspace whose root declares them: postiz's pnpm workspace keeps every dependency of its
// apps in the root's package.json (one version of each for all, Nx's single-version policy)
// and its backend's package.json lists none; the backend's compiled server requires
// @nestjs/core and the rest from the root's node_modules, as its Dockerfile runs it in the
// whole tree. The image then holds the root's production node_modules, which pnpm's filtered
// install, npm's prune and yarn 1 install beside the package anyway, and yarn 2+'s focus of
// the package and the root.
func rootHoldsDependencies(sel *wsPackage, root manifest) bool {
	return sel != nil && !sel.m.HasProdDeps && root.HasProdDeps
}

// planWorkspace reads the workspace and resolves the spec's selection. Without a selection, a
// root that declares packages gets a WorkspaceNotSelected note listing them, unless it depends
// on all of them.
func planWorkspace(s *spec.Spec, f lang.Facts, pm manager, root manifest) (*wsBuild, []plan.Note, error) {
	ws, err := readWorkspace(f)
	if err != nil {
		return nil, nil, lang.FieldError(s, cmp.Or(lang.FirstField(s, "workspace"), "language"), "", "%v", err)
	}
	if s.Workspace == "" {
		if ws == nil || len(ws.pkgs) == 0 {
			return nil, nil, nil
		}
		uis := rootUIDirs(root) // the packages the root's build script builds (ship.go): its UI
		if !slices.ContainsFunc(ws.pkgs, func(p *wsPackage) bool {
			return (p.m.Name == "" || !root.Deps[p.m.Name]) && !slices.Contains(uis, p.dir)
		}) {
			// the root depends on every package: it is the app, they are its libraries (solid-docs'
			// theme in osmium/), and building it with them is what the project does
			return &wsBuild{ws: ws, rootName: root.Name}, nil, nil
		}
		note := lang.WorkspaceNotSelected(s, ws.from, ws.globs, ws.pkgs)
		return &wsBuild{ws: ws, rootName: root.Name}, append([]plan.Note(nil), note), nil
	}
	if _, nest, _ := nestSelection(s, f); nest {
		return nil, nil, nil // an application of a NestJS monorepo (nest.go)
	}
	if ws == nil {
		return nil, nil, lang.FieldError(s, "workspace", "add `workspaces` to package.json (npm, yarn) or a pnpm-workspace.yaml, or remove the field",
			"the project declares no workspaces, so there is no package %q to select", s.Workspace)
	}
	sel := ws.find(s.Workspace)
	if sel == nil {
		dir := path.Clean(s.Workspace)
		if f.Has(path.Join(dir, "package.json")) {
			return nil, nil, lang.FieldError(s, "workspace", fmt.Sprintf("add it to %s", ws.from),
				"%s has a package.json but is not a package of the workspace (%s: %s)", dir, ws.from, strings.Join(ws.globs, ", "))
		}
		return nil, nil, lang.NotAPackage(s, ws.from, ws.globs, ws.pkgs)
	}
	if sel.m.Name == "" && pm.kind != npm {
		return nil, nil, lang.FieldError(s, "workspace", `add a "name" to `+sel.dir+"/package.json",
			"%s/package.json has no name: %s selects workspace packages by name", sel.dir, pm.bin())
	}
	w := &wsBuild{ws: ws, rootName: root.Name, sel: sel, build: ws.closure(sel, pm.kind, false), prod: ws.closure(sel, pm.kind, true),
		rootDeps: rootHoldsDependencies(sel, root)}
	if pm.kind == yarnClassic {
		w.installs = w.yarnInstalls(root)
	}
	// names and directories reach the package manager's command lines (and pnpm's prune, a shell)
	for _, p := range w.build {
		if err := lang.PlainPackage(s, p.dir, p.m.Name); err != nil {
			return nil, nil, err
		}
	}
	return w, nil, nil
}

// rootDependenciesShipped warns of the root's production dependencies that no package of the
// selected package's production closure depends on: pnpm's filtered install installs the root
// whatever it selects (its maintainers: the root's node_modules serves every package), npm's
// prune keeps it (--include-workspace-root) and yarn 1 installs every package's, so they ship
// in the image (novel's root `turbo` and `@changesets/cli`). yarn 2+'s focus leaves the root out.
// For an image that holds the production node_modules (not a static site, not a self-contained
// output). None when the root's dependencies are the package's (rootHoldsDependencies): moving
// them to the dev dependencies would break its image.
func (w *wsBuild) rootDependenciesShipped(s *spec.Spec, pm manager, root manifest) []plan.Note {
	if w == nil || w.sel == nil || pm.kind == yarnBerry || w.rootDeps {
		return nil
	}
	var names []string
	for _, name := range slices.Sorted(maps.Keys(root.Prod)) {
		if root.Prod[name] && w.ws.byName(name) == nil && !slices.ContainsFunc(w.prod, func(p *wsPackage) bool { _, ok := p.prod[name]; return ok }) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	list := strings.Join(names, " ")
	install, move := "npm prune --omit=dev --workspace "+w.sel.dir+" --include-workspace-root",
		"npm uninstall "+list+" && npm install --save-dev "+list
	switch pm.kind {
	case pnpm:
		install, move = "pnpm install --prod --filter "+w.sel.m.Name+"...", "pnpm remove "+list+" && pnpm add -D -w "+list
	case yarnClassic:
		install, move = "yarn install --production", "yarn remove -W "+list+" && yarn add -D -W "+list
	}
	note := rules.RootDependenciesShipped.Note(lang.FirstField(s, "workspace"),
		rules.RootDependenciesShipped.Format(strings.Join(names, ", "), w.sel.dir, install, move))
	return append([]plan.Note(nil), note)
}

// yarnInstalls are the packages built and the closure of each workspace package the root
// depends on (turborepo-starter's eslint-config-custom): without its manifest, yarn 1 would
// look for such a package in the registry, and its --frozen-lockfile refuses that.
func (w *wsBuild) yarnInstalls(root manifest) []*wsPackage {
	out := slices.Clone(w.build)
	for _, name := range slices.Sorted(maps.Keys(root.Deps)) {
		if p := w.ws.byName(name); p != nil {
			out = lang.AppendNew(out, w.ws.closure(p, yarnClassic, false)...)
		}
	}
	return out
}

// manifests are every package's package.json, which the install needs to match the lockfile,
// or those of installs.
func (w *wsBuild) manifests() []string {
	pkgs := w.ws.pkgs
	if w.installs != nil {
		pkgs = w.installs
	}
	var out []string
	for _, p := range pkgs {
		out = append(out, path.Join(p.dir, "package.json"))
	}
	return out
}

// patches are the patch files the packages' manifests name (yarn's patch: protocol).
func (w *wsBuild) patches() []string {
	var out []string
	for _, p := range w.ws.pkgs {
		out = append(out, p.m.Patches...)
	}
	return out
}

// pathsIn are the paths, relative to dir, joined to it.
func pathsIn(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = path.Join(dir, p)
	}
	return out
}

// A project whose package.json is not at the root (NodeBB keeps it in install/, which its setup
// copies to the root) has nothing planning can read: the error names the package.json files one
// level below the root, so the user sees where the package is and what to build.

// belowManifests are the package.json files one level below the root, read without a root one.
const belowManifests = "*/package.json"

// manifestBelow is the error of a context without a root package.json that has one a level
// below (node_modules' aside), naming it; nil otherwise, and Need's error then says the rest.
func manifestBelow(s *spec.Spec, f lang.Facts) error {
	if f.Has("package.json") {
		return nil
	}
	below := slices.DeleteFunc(f.Glob(belowManifests), func(p string) bool { return lang.TopDir(p) == "node_modules" })
	if len(below) == 0 {
		return nil
	}
	dirs := make([]string, len(below))
	for i, p := range below {
		dirs[i] = path.Dir(p) + "/"
	}
	hint := fmt.Sprintf("build %s as the context, or copy %s to the root before the build (as a setup script that copies it there would)", dirs[0], below[0])
	if len(below) > 1 {
		hint = fmt.Sprintf("build the directory of the package the image runs (one of %s) as the context, or put its package.json at the root", strings.Join(dirs, ", "))
	}
	return lang.FieldError(s, "language", hint, "no package.json at the root of the build context, only below it: %s", strings.Join(below, ", "))
}
