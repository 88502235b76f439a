package node

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Assets are the stages that build a Node.js project for another language's build (the spec's
// `assets`): the dependency install of a Node.js build, with the project's lockfile, package
// manager, version and caches, then its build script. Nothing else of the spec applies to them
// but build.env, build.secrets, build.ssh and args: version, build.image, build.command and
// build.packages are the main build's.
type Assets struct {
	// Deps and Build are the stages, named "deps" and "builder" like a Node.js build's; Build
	// starts from Deps. Their context copies read the project's files as if it were the
	// context's root (package.json, not ui/package.json): the caller moves them. Scripts, when
	// not nil, is the "scripts" stage their steps mount (corepack's, for pnpm and yarn).
	Deps, Build, Scripts *plan.Stage
	// Dir is where the project is in Build.
	Dir string
	// Root is set when the project is a package of the context root's workspace
	// (PlanWorkspaceAssets): the stages' context copies then read the context from its root.
	Root bool
	// Args are the arguments the stages use that the main build may not declare (registry mirrors).
	Args []plan.Arg
	// Notes are what planning found worth a warning (no lockfile, no packageManager).
	Notes []plan.Note
}

// AssetsOutput is where the assets' build writes when the spec names no `assets.output`,
// relative to their directory, clean (it may start with ../): Vite's `--outDir` of the script
// that builds them (assets.script, "" for build) or `build.outDir` of its config (gotify's UI
// writes build/), else esbuild's `outdir` (esbuild.go), Create React App's build/, Vue CLI's
// outputDir or a Nuxt prerender's .output/public; "" for the default (spec.Assets.OutputDir).
func AssetsOutput(f lang.Facts, script string) string {
	if m, ok := rootManifest(f); ok {
		return assetsOutput(f, m, script)
	}
	return ""
}

// assetsOutput is AssetsOutput of a manifest already read.
func assetsOutput(f lang.Facts, m manifest, script string) string {
	out := esbuildOutDir(f, m, cmp.Or(script, "build")) // esbuild.go
	if m.Deps["vite"] || viteConfigFor(f, m, cmp.Or(script, "build")) != "" {
		out = viteOutDirAsWritten(f, m, cmp.Or(script, "build"))
	}
	if out == "" && craBuild.MatchString(m.Scripts[cmp.Or(script, "build")]) {
		out = "build" // Create React App writes build/ (traggo's ui/, which its Go package embeds)
	}
	if sm := vueCLIBuild.FindStringSubmatch(m.Scripts[cmp.Or(script, "build")]); out == "" && sm != nil {
		// Vue CLI writes dist/ unless --dest or vue.config's outputDir says otherwise (semaphore's
		// web/ writes '../api/public', which its Go server embeds)
		out = "dist"
		if d, ok := topLevelString(f.Text(f.First(vueConfigs...)), "outputDir"); ok && d != "" {
			out = d
		}
		if sm[1] != "" {
			out = sm[1]
		}
	}
	if out == "" && nuxtGenerate.MatchString(m.Scripts[cmp.Or(script, "build")]) {
		// Nuxt 3 and later prerender into .output/public (homebox's frontend/, which its Go
		// server embeds), Nuxt 2 into dist/
		out = ".output/public"
		if n := rangeMajor(m.Ranges["nuxt"]); n == 2 || n == 0 && m.Deps["nuxt-edge"] {
			out = "dist"
		}
	}
	if out == "" || path.IsAbs(out) || path.Clean(out) == "." {
		return ""
	}
	return path.Clean(out)
}

// craBuild is a script running Create React App's build, which writes build/ unless BUILD_PATH
// says otherwise, itself or through the wrappers that change its webpack configuration and run
// it (react-app-rewired: answer's ui/; craco: casdoor's web/).
var craBuild = regexp.MustCompile(`(^|[\s;&|(])(react-scripts|react-app-rewired|craco)\s+build\b`)

// vueCLIBuild is a script running Vue CLI's build, with its --dest when it has one.
var vueCLIBuild = regexp.MustCompile(`(?:^|[\s;&|(])vue-cli-service\s+build\b(?:[^;&|]*?\s--dest[\s=]+['"]?([A-Za-z0-9._/-]+))?`)

// VueConfigs are the names of Vue CLI's config file, which AssetsOutput reads.
func VueConfigs() []string { return slices.Clone(vueConfigs) }

// nuxtGenerate is a script prerendering a Nuxt site (`nuxt generate`, `nuxi generate`, or
// `nuxt build --prerender`).
var nuxtGenerate = regexp.MustCompile(`(^|[\s;&|(])(nuxt|nuxi)\s+(generate\b|build\s+(\S+\s+)*--prerender\b)`)

// ViteConfigs are the names of Vite's config files, one of which AssetsOutput reads.
func ViteConfigs() []string { return slices.Clone(viteConfigs) }

// AssetsScriptNote warns, when the spec names no assets.script, of another script of the
// assets' package.json that builds with Vite into a directory outside theirs (memos' `release`,
// --outDir=../server/router/frontend/dist, where its Go server embeds a committed placeholder)
// while `build` writes inside it: the image would hold the placeholder. dir is the assets'
// directory, for the message.
func AssetsScriptNote(f lang.Facts, dir string) (n plan.Note, ok bool) {
	script, out, built, ok := AssetsScriptOutside(f)
	if !ok {
		return n, false
	}
	return rules.AssetsScript.Note("", rules.AssetsScript.Format(dir, script, path.Join(dir, out), path.Join(dir, built))), true
}

// AssetsScriptOutside is the script AssetsScriptNote warns of: another script than `build` of
// the package.json in f whose `vite build --outDir` leaves the package's directory (out, clean,
// relative to it: ../server/router/frontend/dist), while `build` writes inside it (built).
func AssetsScriptOutside(f lang.Facts) (script, out, built string, ok bool) {
	if m, ok := rootManifest(f); ok {
		return assetsScriptOutside(f, m)
	}
	return "", "", "", false
}

// assetsScriptOutside is AssetsScriptOutside of a manifest already read.
func assetsScriptOutside(f lang.Facts, m manifest) (script, out, built string, ok bool) {
	if m.Scripts["build"] == "" {
		return "", "", "", false
	}
	built = path.Clean(cmp.Or(viteOutDirAsWritten(f, m, "build"), "dist"))
	if built == ".." || strings.HasPrefix(built, "../") {
		return "", "", "", false
	}
	for _, name := range slices.Sorted(maps.Keys(m.Scripts)) {
		sm := viteOutDirFlag.FindStringSubmatch(m.Scripts[name])
		if name == "build" || sm == nil {
			continue
		}
		if out := path.Clean(sm[1]); out == ".." || strings.HasPrefix(out, "../") {
			return name, out, built, true
		}
	}
	return "", "", "", false
}

// AssetsInWorkspace reports whether the assets in dir (a clean path of the context) are a
// package of the workspace the context's root declares (package.json's workspaces,
// pnpm-workspace.yaml), to be installed from the root's lockfile with their sibling packages:
// the root has a package.json whose globs match dir, and dir has no lockfile of its own. f holds
// the context's files by their paths from its root.
func AssetsInWorkspace(f lang.Facts, dir string) bool {
	if dir == "." || !f.Has("package.json") {
		return false
	}
	for _, l := range []string{"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb"} {
		if f.Has(path.Join(dir, l)) {
			return false
		}
	}
	globs := workspaceGlobs(f)
	return len(globs) > 0 && globs.Declares(dir)
}

// AssetsWorkspace is the directory of the workspace the assets in dir (a clean path of the
// context) are a package of: the nearest directory above dir whose package.json or
// pnpm-workspace.yaml declares it (AssetsInWorkspace, read from that directory), the context's
// root (".") included. frp's web/ is one below the root: web/package.json's workspaces name
// frps, frpc and shared, and web/package-lock.json is their lockfile. False when none does.
func AssetsWorkspace(f lang.Facts, dir string) (string, bool) {
	if dir == "." {
		return "", false
	}
	for root := path.Dir(dir); ; root = path.Dir(root) {
		if AssetsInWorkspace(f.In(root), rel(root, dir)) {
			return root, true
		}
		if root == "." {
			return "", false
		}
	}
}

// rel is dir relative to root, a directory above it (both clean paths of the context).
func rel(root, dir string) string {
	if root == "." {
		return dir
	}
	return strings.TrimPrefix(dir, root+"/")
}

// AssetsRootReads are the files of the directories above the assets in dir, the context's root
// included, that tell whether the assets are a package of a workspace there, and how that
// workspace installs.
func AssetsRootReads(dir string) []string {
	var out []string
	for root := path.Dir(path.Clean(dir)); ; root = path.Dir(root) {
		for _, r := range installReads {
			out = append(out, path.Join(root, r))
		}
		if root == "." || root == "/" {
			return out
		}
	}
}

// AssetsFollow are the workspace packages' manifests (path.Match patterns, paths of the
// context), to read once the files above dir are known, when the assets in dir are a package of
// a workspace (AssetsWorkspace).
func AssetsFollow(f lang.Facts, dir string) []string {
	root, ok := AssetsWorkspace(f, dir)
	if !ok {
		return nil
	}
	var out []string
	for _, m := range workspaceGlobs(f.In(root)).Manifests() {
		out = append(out, path.Join(root, m))
	}
	return out
}

// PlanAssets plans the stages building the Node.js project whose files f holds (read relative to
// the project's directory); out is the directory its build writes, relative to the project, which
// the build stage checks it left (lang.Expect).
func PlanAssets(s *spec.Spec, f lang.Facts, out string) (*Assets, error) {
	return planAssets(s, f, "", out)
}

// PlanWorkspaceAssets plans the stages building the package in dir of the context root's
// workspace (AssetsInWorkspace), as a Node.js build with `workspace: <dir>` does: the root's
// lockfile and every package's manifest, the install filtered to the package and the workspace
// packages it depends on, and their build scripts, dependencies first. f holds the context's
// files by their paths from its root; out is relative to dir.
func PlanWorkspaceAssets(s *spec.Spec, f lang.Facts, dir, out string) (*Assets, error) {
	return planAssets(s, f, dir, out)
}

// planAssets plans a standalone project (dir "") or a workspace package. A standalone UI's
// install scripts are deferred to its build stage, after its source copy, as a root package's
// are (lifecycle.go: navidrome's `postinstall: bin/update-workbox.sh` needs the UI's bin/), but
// for a git hook installer, which needs the .git that no stage has: it stays in the install,
// where InstallScript warns of it.
func planAssets(s *spec.Spec, f lang.Facts, dir, out string) (*Assets, error) {
	if !f.Has(path.Join(dir, "package.json")) {
		return nil, fmt.Errorf("no package.json")
	}
	root, err := readManifest(f["package.json"])
	if err != nil {
		return nil, err
	}
	m := root
	if dir != "" {
		if m, err = readManifest(f[path.Join(dir, "package.json")]); err != nil {
			return nil, err
		}
	}
	script := "build"
	if s.Assets != nil {
		script = cmp.Or(s.Assets.Script, script)
	}
	var also []string
	if s.Assets != nil && dir == "" {
		also = s.Assets.Also
	}
	var command []string
	var env []plan.Env
	if s.Assets != nil && dir == "" && len(s.Assets.Command) > 0 { // a language's default: a program, not a script
		command = s.Assets.Command
		for _, kv := range s.Assets.Env {
			env = append(env, plan.Env{Key: kv.Key, Value: kv.Value})
		}
	}
	installOnly := s.Assets != nil && dir == "" && s.Assets.InstallOnly
	for _, sc := range append([]string{script}, also...) {
		if m.Scripts[sc] == "" && command == nil && !installOnly {
			return nil, fmt.Errorf("package.json has no %s script", sc)
		}
	}
	sub := *s // the main build's toolchain settings are not the project's
	sub.Version, sub.Workdir, sub.Runtime, sub.Entrypoint = "", "", "", ""
	sub.Build.Image, sub.Build.Command, sub.Build.Packages = "", nil, nil
	ver, notes, err := resolveVersion(&sub, f, root)
	if err != nil {
		return nil, err
	}
	pm, pmNotes, err := detectManager(f, root)
	if err != nil {
		return nil, err
	}
	notes = append(notes, nodeSassNotes(lang.FirstField(s, "assets"), f, pm.lockfile, ver, "engines.node or .nvmrc `%s`, which the assets' build reads")...)
	sub.Packages = nil
	b := &build{s: &sub, m: m, rootScripts: m.Scripts, pm: pm, ver: ver, image: builderImage(&sub, ver, ""), appDir: defaultAppDir, hasBuild: !installOnly,
		entryBuild: pm.run(script), skipDownloads: skipBrowserDownloads(f, pm), buildEnv: env}
	if command != nil {
		b.entryBuild = command
		b.alsoBuilds = slices.Clone(s.Assets.AlsoCommands)
	}
	for _, sc := range also {
		b.alsoBuilds = append(b.alsoBuilds, pm.run(sc))
	}
	if dir == "" { // the UI's own install scripts run with its source, as a root package's do
		b.deferred = slices.DeleteFunc(DeferredScripts(m.Scripts, false), func(name string) bool {
			return installsGitHooks(m.Scripts[name])
		})
	}
	if dir != "" {
		sub.Workspace = dir
		ws, _, err := planWorkspace(&sub, f, pm, root)
		if err != nil {
			return nil, err
		}
		b.ws, b.pkgDir, b.entryBuild, b.selScript = ws, ws.sel.dir, nil, script
	}
	left := lang.Expected{Paths: []string{path.Join(b.pkgPath(), out)}, What: "the assets' output",
		Field: lang.FirstField(s, "assets.output", "assets"),
		Fix:   "set `assets.output` to the directory the build writes (relative to the build context), or fix the build"}
	if s.Assets != nil && dir == "" && s.Assets.Expect != "" { // a file of the output, which the context holds (InPlace)
		left.Paths = []string{path.Join(b.pkgPath(), s.Assets.Expect)}
		left.What = "the manifest the assets' build writes"
		left.Fix = "fix the build: its `" + script + "` script must write it (or commit the built files with it)"
	}
	p, err := b.toolchain(left).BuildStages(&sub, "node")
	if err != nil {
		return nil, err
	}
	a := &Assets{Deps: p.Stage("deps"), Build: p.Stage("builder"), Scripts: p.Stage("scripts"), Dir: b.pkgPath(),
		Root: dir != "", Notes: append(notes, pmNotes...)}
	for _, name := range installScripts { // the install runs them before the UI's source is there, and without .git
		if m.Scripts[name] != "" && !dependencyOnly(m.Scripts[name], false) && !slices.Contains(b.deferred, name) {
			a.Notes = append(a.Notes, rules.InstallScript.Note("", rules.InstallScript.Format(name)))
		}
	}
	for _, arg := range p.Args {
		if arg.Tool {
			a.Args = append(a.Args, arg)
		}
	}
	return a, nil
}

// gitHookTools are the programs that install git hooks from a package.json script.
var gitHookTools = []string{"husky", "lefthook", "simple-git-hooks"}

// installsGitHooks reports a script that installs git hooks (husky, lefthook, simple-git-hooks),
// which needs the repository's .git, whichever stage runs it.
func installsGitHooks(script string) bool {
	for _, command := range scriptCommands.Split(script, -1) {
		if w := binCommand(strings.TrimSpace(command)); len(w) > 0 && slices.Contains(gitHookTools, w[0]) {
			return true
		}
	}
	return false
}

// DeclaredPackages are the workspace packages that dir's package.json or pnpm-workspace.yaml
// declares (a UI's directory web/ holding frp's web/frps and web/frpc), by their paths in the
// context, those whose manifest f holds, sorted; and the manifests' patterns to read for them.
// None when dir declares no workspace.
func DeclaredPackages(f lang.Facts, dir string) (dirs, manifests []string) {
	globs := workspaceGlobs(f.In(dir))
	for _, m := range globs.Manifests() {
		manifests = append(manifests, path.Join(dir, m))
	}
	for _, d := range globs.Dirs(f.In(dir)) {
		dirs = append(dirs, path.Join(dir, d))
	}
	return dirs, manifests
}

// AppDir is where a Node.js build puts the project in every stage and in the image: the spec's
// workdir, else /app.
func AppDir(s *spec.Spec) string { return path.Clean(cmp.Or(s.Workdir, defaultAppDir)) }

// BuiltPackage is the directory of the workspace package the spec's `workspace` selects, clean,
// "." for the root (no selection, or a NestJS monorepo's application).
func BuiltPackage(s *spec.Spec, f lang.Facts) string {
	if dir, ok := selectedDir(s, f); ok {
		return dir
	}
	return "."
}
