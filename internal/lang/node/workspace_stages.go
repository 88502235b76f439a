package node

// How a workspace changes the stages: every manifest is copied with its path before the install,
// the package manager installs, builds, tests and prunes the selected package's closure only,
// and the image holds that package with the workspace packages it uses at run time.

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// yarnRootIdent is yarn berry's name for a root workspace without a name: "root-workspace-" and
// the first six hex digits of the SHA-512 of its relative path, ".".
const yarnRootIdent = "root-workspace-0b6124"

// install is deps' install command: in a workspace, of the selected package's closure and the
// root's own dependencies (the build tools a monorepo keeps there), and of the packages only
// its configuration files reach (reach.go), which the package manager does not know it needs.
// yarn 1 has no such install (its --focus fetches sibling packages from the registry instead
// of linking them): it installs what the manifests deps copies declare, the closure's
// (wsBuild.installs).
func (b *build) install() []string {
	w, pm := b.ws, b.pm
	if w == nil || w.sel == nil {
		return pm.install()
	}
	sel := append([]*wsPackage{w.sel}, w.reachedOnly(pm.kind)...)
	var args []string
	for _, p := range sel {
		switch {
		case pm.kind == npm:
			args = append(args, "--workspace", p.dir)
		case p.m.Name == "": // pnpm and yarn select by name: none to give
		case pm.kind == pnpm:
			args = append(args, "--filter", p.m.Name+"...")
		default:
			args = append(args, p.m.Name)
		}
	}
	switch pm.kind {
	case npm:
		return slices.Concat(pm.install(), args, []string{"--include-workspace-root"})
	case pnpm:
		return append(pm.install(), args...)
	case yarnBerry:
		return append([]string{"yarn", "workspaces", "focus", w.rootIdent()}, args...)
	}
	return pm.install()
}

// prodInstall is prod-deps' command, as exec arguments or a shell line. pnpm's filtered install
// leaves the dev dependencies in its store's directory when it prunes, so prod-deps installs
// the production closure afresh from the store instead. npm's prune of a workspace runs the
// workspace packages' install scripts again (a `postinstall: prisma generate` of packages/db,
// without the variables deps gave it, failed there), though it installs nothing: every script
// ran in deps, so it runs none (--ignore-scripts).
func (b *build) prodInstall() (args []string, shell string) {
	w, pm := b.ws, b.pm
	if w == nil || w.sel == nil {
		return pm.prodInstall(), ""
	}
	switch pm.kind {
	case npm:
		return []string{"npm", "prune", "--omit=dev", "--workspace", w.sel.dir, "--include-workspace-root", "--ignore-scripts"}, ""
	case pnpm:
		dirs := []string{"node_modules"}
		for _, p := range w.build {
			dirs = append(dirs, path.Join(p.dir, "node_modules"))
		}
		return nil, "rm -rf " + strings.Join(dirs, " ") + " && pnpm install --prod --frozen-lockfile --filter " + w.sel.m.Name + "..."
	case yarnBerry:
		if w.rootDeps { // the root's dependencies are the package's (rootHoldsDependencies)
			return []string{"yarn", "workspaces", "focus", "--production", w.rootIdent(), w.sel.m.Name}, ""
		}
		return []string{"yarn", "workspaces", "focus", "--production", w.sel.m.Name}, ""
	}
	return pm.prodInstall(), ""
}

// hooksStub is a directory on the PATH of prod-deps' install holding a husky, a lefthook and
// a simple-git-hooks that do nothing (as prismaStub): pnpm's filtered install and yarn's focus
// run the workspace's own install scripts again, the root's `prepare: husky` among them
// (powercoach), and fail there (exit 127) once the tool, a dev dependency, is gone. An image
// has no git hooks to install; deps ran the script already.
const hooksStub = "/tmp/git-hooks-stub"

// installsHooksAgain reports an install script of the root or of a package of the closure
// that installs git hooks, in a workspace whose production install runs those scripts again
// (pnpm's, yarn 2+'s; npm's prune runs none, yarn 1 installs every package's afresh).
func (w *wsBuild) installsHooksAgain(pm manager, root manifest) bool {
	if w == nil || w.sel == nil || (pm.kind != pnpm && pm.kind != yarnBerry) {
		return false
	}
	scripts := []map[string]string{root.Scripts}
	for _, p := range w.build {
		scripts = append(scripts, p.m.Scripts)
	}
	for _, sc := range scripts {
		for _, name := range installScripts {
			if installsGitHooks(sc[name]) {
				return true
			}
		}
	}
	return false
}

// builds are the builder's commands: the build script of each package of the closure that has
// one, dependencies first; a single nil for build.command, which runs at the root.
func (b *build) builds() [][]string {
	w := b.ws
	switch {
	case b.s.Build.Command != nil:
		return [][]string{nil}
	case b.entryBuild != nil:
		return slices.Concat(b.firstBuilds, [][]string{b.entryBuild}, b.alsoBuilds)
	case w == nil || w.sel == nil:
		if pre := copyingPreStart(b.m); pre != "" { // the build script's, then the files npm's start puts in place
			return [][]string{b.pm.run("build"), b.pm.run(pre)}
		}
		return [][]string{b.pm.run("build")}
	}
	var out [][]string
	for _, p := range w.build {
		script := "build"
		if p == w.sel {
			script = cmp.Or(b.selScript, script)
		}
		if p.m.Scripts[script] != "" && (p.m.Name != "" || b.pm.kind == npm) { // pnpm and yarn run by name
			out = append(out, b.pm.runIn(p, script))
		}
	}
	return out
}

// hasBuildScript reports a build script in the closure (or at the root, without a selection).
func (w *wsBuild) hasBuildScript(root manifest) bool {
	if w == nil || w.sel == nil {
		return root.Scripts["build"] != ""
	}
	return slices.ContainsFunc(w.build, func(p *wsPackage) bool { return p.m.Scripts["build"] != "" })
}

// test is the tester's default command: the selected package's tests.
func (b *build) test() []string {
	if b.ws == nil || b.ws.sel == nil {
		return b.pm.test()
	}
	return b.pm.runIn(b.ws.sel, "test")
}

// runIn runs a script of one workspace package, the way its package manager's users write it.
func (m manager) runIn(p *wsPackage, script string) []string {
	switch m.kind {
	case pnpm:
		return []string{"pnpm", "--filter", p.m.Name, "run", script}
	case yarnClassic, yarnBerry:
		return []string{"yarn", "workspace", p.m.Name, "run", script}
	}
	return []string{"npm", "run", script, "--workspace", p.dir}
}

// rootIdent is the root workspace's name for yarn's commands.
func (w *wsBuild) rootIdent() string {
	if w.rootName != "" {
		return w.rootName
	}
	return yarnRootIdent
}

// depFilesText names deps' files for the stage's description: the root's, then the globs.
func (b *build) depFilesText(root []string) []string {
	if b.ws == nil {
		return root
	}
	return slices.Concat(root, b.ws.manifestGlobs())
}

func (w *wsBuild) manifestGlobs() []string {
	if w.installs != nil {
		return w.manifests()
	}
	var out []string
	for _, g := range w.ws.globs {
		if !strings.HasPrefix(g, "!") {
			out = append(out, path.Join(g, "package.json"))
		}
	}
	return out
}

// copyDepFiles copies the root's dependency files and every package's manifest keeping their
// paths, in one step (COPY --parents).
func (w *wsBuild) copyDepFiles(root []string) *plan.Copy {
	files := lang.Unique(slices.Concat(root, w.manifests(), w.patches()))
	return &plan.Copy{Paths: []string{"."}, Include: files, Dest: "./",
		Display: strings.Join(lang.Unique(slices.Concat(root, w.manifestGlobs())), " ")}
}

// unused are the directories of the packages the selected one does not need to build: the
// builder leaves their source out, so a change there does not rebuild it.
func (w *wsBuild) unused() []string {
	if w == nil || w.sel == nil {
		return nil
	}
	var out []string
	for _, p := range w.ws.pkgs {
		used := slices.ContainsFunc(w.build, func(b *wsPackage) bool {
			return b == p || strings.HasPrefix(b.dir+"/", p.dir+"/")
		})
		if !used && lang.PlainPackageDir(p.dir) {
			out = append(out, p.dir)
		}
	}
	return out
}

// artifacts are the image's copies besides the selected package's own files: the production
// node_modules of the root and of each package it uses (their links point into one another),
// then the files those packages publish (package.json's `files`, else the whole directory, as
// npm pack would) from the builder, where they are built.
func (w *wsBuild) artifacts(appDir string, hasProdDeps bool, o plan.Origin) []*plan.Copy {
	if !hasProdDeps {
		return nil
	}
	var dirs []string
	for _, p := range w.prod {
		dirs = append(dirs, p.dir)
	}
	out := []*plan.Copy{lang.WorkspaceProdModules(o, appDir, dirs)}
	rel := func(p ...string) string { return strings.TrimPrefix(path.Join(append([]string{appDir}, p...)...), "/") }

	var include, exclude []string
	for _, p := range w.prod {
		if p == w.sel {
			continue
		}
		if len(p.files) == 0 {
			include = append(include, rel(p.dir))
			continue
		}
		include = append(include, rel(p.dir, "package.json"))
		if main, ok := entryPath(p.m.Main); ok && main != "." && !slices.ContainsFunc(p.files, func(f string) bool {
			return main == path.Clean(f) || strings.HasPrefix(main, path.Clean(f)+"/")
		}) {
			include = append(include, rel(p.dir, main)) // npm packs main even when files leaves it out
		}
		for _, f := range p.files {
			neg := strings.HasPrefix(f, "!")
			f = strings.TrimPrefix(f, "!")
			if c := path.Clean(f); !filesEntry.MatchString(f) || c == "." || c == ".." || strings.HasPrefix(c, "../") {
				continue // not a path of the package this copy can express
			}
			if neg {
				exclude = append(exclude, rel(p.dir, f))
			} else {
				include = append(include, rel(p.dir, f))
			}
		}
	}
	if len(include) == 0 {
		return out
	}
	for _, ex := range runtimeExcludes {
		exclude = append(exclude, "**/"+strings.TrimPrefix(ex, "**/"))
	}
	return append(out, &plan.Copy{Origin: o, FromStage: "builder", Paths: []string{"/"}, Include: lang.Unique(include),
		Exclude: exclude, Dest: "/", Display: "/" + strings.Join(lang.Unique(include), " /")})
}

// filesEntry is a `files` entry a copy pattern can hold as written.
var filesEntry = regexp.MustCompile(`^[A-Za-z0-9_./@+*?-]+$`)
