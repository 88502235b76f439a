// Package deno plans Deno projects: deno install from deno.json, deno.lock and package.json in
// deps, into DENO_DIR in deps' layer; the module and what it imports cached (or `deno compile`d)
// in builder; deno test in tester; and at runtime the denoland/deno distroless image running
// the module with explicit permissions, or the compiled program on distroless cc. It declares
// its toolchain (lang.Declarer): the stages are the skeleton's.
package deno

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

// Provider plans Deno projects.
type Provider struct{}

var _ lang.Follower = Provider{}

const (
	// denoDir is DENO_DIR, the official images' value: the downloaded modules and npm
	// packages, and the transpiled code.
	denoDir = "/deno-dir"
	// defaultDeno is the denoland/deno tag when nothing pins a version: the newest release.
	// The images are tagged by full version only (no 2 or 2.9).
	defaultDeno = "2.9.6"
	// compiled is the runtime alias of a program built by `deno compile`.
	compiled = "distroless"
)

// dirCache is DENO_DIR: filled by deps in its layer (the run-mode image ships it), and mounted,
// seeded from that layer, by the commands that only read or add to it (the tests; `deno
// compile`, whose runtime download it keeps). Locked: Deno documents no guarantee for several
// processes writing one DENO_DIR.
var dirCache = lang.Cache{ID: "deno-dir", Target: denoDir, Sharing: lang.Locked, InLayer: true}

// toolArgs reach the commands that download modules.
var toolArgs = []plan.Arg{
	{Name: "NPM_CONFIG_REGISTRY", Description: "npm registry deno installs npm: packages from (a company mirror)"},
	{Name: "JSR_URL", Description: "JSR registry deno installs jsr: packages from (a company mirror)"},
}

// Language is Deno's registry entry: it supersedes Node.js, whose package.json a Deno project
// may have too, unless Node.js's lockfile says the deno.json is the tooling of a Node.js
// project (nodeTooling).
func (Provider) Language() lang.Language {
	return lang.Language{
		Name: "deno", Markers: []string{"deno.json", "deno.jsonc", "deno.lock"}, Supersedes: []string{"node"}, Tooling: nodeTooling,
		Reads:    slices.Concat(configFiles, []string{"deno.lock", "package.json", ".npmrc", ".dvmrc", ".tool-versions"}, defaultFiles, lumeConfigs, node.ViteConfigs()),
		Runtimes: []string{"deno", "slim", compiled, static.Alias}, Fields: []string{"permissions", "workspace"}, ServesSites: true,
	}
}

// nodeLockfiles are the lockfiles of Node.js package managers.
var nodeLockfiles = []string{"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"}

// nodeTooling recognises a deno.json that sits in a Node.js project as a second way to run it
// (a NestJS boilerplate's deno.json with its own tasks, beside the pnpm-lock.yaml its Dockerfile
// installs from): no deno.lock, and package.json's dependencies locked by a Node.js package
// manager, which a Deno build would not read (it resolves every version anew). It returns why,
// or "" for a Deno project.
func nodeTooling(f lang.Facts) string {
	if f.Has("deno.lock") || !f.Has("package.json") {
		return ""
	}
	for _, lock := range nodeLockfiles {
		if f.Has(lock) {
			return "package.json's dependencies are locked in " + lock + " and there is no deno.lock"
		}
	}
	return ""
}

// Follow reads the import map deno.json names, and a workspace's members' files.
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	c, err := readConfig(f)
	if err != nil {
		return nil
	}
	out := memberPatterns(c) // workspace.go
	if c.ImportMap != "" {
		out = append(out, c.ImportMap)
	}
	// the module the image runs, for a port it listens on (lang.FixedPortNotes)
	if s == nil {
		return out
	}
	if m, err := selectMember(s, c, f); err == nil {
		dir := "."
		if m != nil {
			c, dir = m.Config, m.Dir
		}
		if e, ok, err := chooseEntry(s.Entrypoint, c, f.In(dir)); ok && err == nil {
			// and the modules it imports, for its port and the files it writes (node.EntryModules)
			out = append(out, node.EntryModuleReads(f, path.Join(dir, e.File))...)
		}
	}
	return out
}

// project is what is built: the root's config and, for a workspace member, the member's.
type project struct {
	// root is the context's config; c the config of what is built (root's, or the member's).
	root, c config
	// dir is the member's directory, "." for the root; f the context's facts.
	dir string
	f   lang.Facts
}

// rel is a path of the project relative to the context.
func (p project) rel(file string) string { return path.Join(p.dir, file) }

// task runs a task of the project's config: in the member's directory, as Deno runs a member's
// tasks.
func (p project) task(name string) []string {
	if p.dir == "." {
		return []string{"deno", "task", name}
	}
	return []string{"deno", "task", "--cwd", p.dir, name}
}

// Toolchain declares a Deno build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	root, err := readConfig(f)
	if err != nil {
		return nil, lang.FieldError(s, "language", "", "%v", err)
	}
	m, err := selectMember(s, root, f) // workspace.go
	if err != nil {
		return nil, err
	}
	p := project{root: root, c: root, dir: ".", f: f}
	if m != nil {
		p.c, p.dir = m.Config, m.Dir
	}
	c, fm := p.c, f.In(p.dir)
	if s.Runtime == "scratch" || s.Runtime == "alpine" {
		return nil, lang.FieldError(s, "runtime", "use `runtime: deno` (the default), `slim`, or `distroless` for a compiled program",
			"Deno cannot run on %s: deno and the programs `deno compile` writes need glibc", s.Runtime)
	}
	v, err := denoVersion(s, f)
	if err != nil {
		return nil, err
	}
	site, isSite, err := staticSite(s, c, fm, p.dir) // site.go
	if err != nil {
		return nil, err
	}
	if isSite {
		return siteToolchain(s, p, v, site)
	}
	e, ok, err := chooseEntry(s.Entrypoint, c, fm)
	field := lang.FirstField(s, "entrypoint", "language")
	switch {
	case err != nil:
		return nil, lang.FieldError(s, field, "set `entrypoint` (and `permissions`) in the spec", "%v", err)
	case !ok && s.Entrypoint != "":
		return nil, lang.FieldError(s, field, "write the module deno runs, relative to the project, e.g. main.ts",
			"%q is not a module path inside the build context", s.Entrypoint)
	case !ok:
		return nil, lang.FieldError(s, field, "set `entrypoint` to the module the image runs, e.g. main.ts",
			"nothing says what the image runs: no start or dev task in %s running a module, none of %s, no exports", cmp.Or(c.File, "deno.json"), strings.Join(defaultFiles, ", "))
	}
	perms, permsFrom, err := permissions(s, c, e)
	if err != nil {
		return nil, err
	}
	shared := workdirFile(fm, e.File)
	if permsFrom == defaultFrom {
		perms = append(perms, writePermission(s, path.Join(lang.AppDir, p.dir), shared != "")...)
	}

	rt := runtimeFor(v)
	_, alias := rt.RuntimeImage(s)
	compile := alias == compiled
	if compile && e.Serve {
		return nil, lang.FieldError(s, lang.FirstField(s, "runtime"), "use `runtime: deno` (the default) for a `deno serve` module",
			"%s runs %s with `deno serve`, which a compiled program does not do", e.From, e.File)
	}
	kv := readKV(fm, e.File) // kv.go
	e.Flags = append(slices.Clone(e.Flags), unstableKV(kv, e.Flags, p.root, p.c)...)
	t, frozen := toolchain(s, p, v, perms)
	t.Notes = append(t.Notes, allowAllNote(s, perms, permsFrom)...)
	for _, dep := range taskDeps(p.c, e.Task) { // what `deno task start` runs first (fedify's codegen)
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: p.task(dep)})
	}
	module := p.rel(e.File)
	if !e.Serve && c.Tasks["build"] == "" && s.Build.Command == nil { // the module's source: deno serve's port is its flag
		t.Notes = append(t.Notes, node.EntryPortNotes(s, f, module)...)
	}
	t.Build.Description = "copy the source and cache " + module + " with what it imports"
	name := c.name()
	if compile {
		t.Build.Description = "copy the source and compile " + module + " into one program (deno compile)"
		t.Scripts = []plan.File{lang.Script("compile.sh", compileScript)}
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{
			Args:    lang.RunScript("compile.sh", slices.Concat(frozen, e.Flags, perms, []string{"--output", "/out/" + name, module})...),
			Display: strings.Join(slices.Concat([]string{"deno", "compile"}, frozen, e.Flags, perms, []string{"--output", "/out/" + name, module}), " "),
			Env:     []plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}}, Caches: []lang.Cache{dirCache}, Scripts: true})
		t.Build.Expect = []lang.Expected{{Paths: []string{"/out/" + name}, What: "the program", Executable: true,
			Fix: "set `entrypoint` to the module to compile, or make `build.command` write /out/" + name}}
	} else {
		// no cache mount: what this adds to DENO_DIR (modules the lockfile does not list, the
		// transpiled code) lands in the builder's layer, which the image copies
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: slices.Concat([]string{"deno", "install"}, frozen, []string{"--entrypoint", module}),
			Phase: lang.Fetch})
		t.Build.Expect = []lang.Expected{{Paths: []string{path.Join(lang.AppDir, module)}, What: "the module deno runs",
			Fix: "set `entrypoint` to the module the image runs (relative to the project), or fix the build"}}
	}

	rt.Title = name
	// Deno.serve listens on 8000 unless the program passes a port: a program reading $PORT (as
	// Cloud Run and the projects' own Dockerfiles set it: begoon/deno-hono's 9000 without it)
	// listens on the spec's
	port := lang.PortEnv(s) // the spec's port wins over a PORT the start task sets
	taskEnv := slices.DeleteFunc(slices.Clone(e.Env), func(v plan.Env) bool {
		return slices.ContainsFunc(port, func(p plan.Env) bool { return p.Key == v.Key })
	})
	rt.Env = slices.Concat([]plan.Env{{Key: "DENO_NO_UPDATE_CHECK", Value: "1"}}, taskEnv, port)
	if s.Cmd == nil && len(e.Args) > 0 {
		rt.Cmd = e.Args
	}
	o := plan.Origin{Field: field}
	if compile {
		rt.Entrypoint = []string{"/usr/local/bin/" + name}
		rt.Artifacts = []*plan.Copy{{Origin: o, FromStage: "builder", Paths: []string{"/out/" + name}, Dest: "/usr/local/bin/" + name}}
	} else {
		rt.Workdir = path.Join(lang.AppDir, p.dir) // a member runs in its directory, as its tasks do
		rt.SharedWorkdir = shared
		rt.DataVolumes = kvVolume(kv, p.dir)
		rt.Env = append(rt.Env, plan.Env{Key: "DENO_DIR", Value: denoDir})
		sub := "run"
		if e.Serve {
			sub = "serve"
		}
		rt.Entrypoint = slices.Concat(launcher(alias), []string{sub, "--cached-only"}, servePort(s, e), perms, []string{path.Join(lang.AppDir, module)})
		tree := "builder"
		if st := membersFilter(s, p, module, frozen, perms); st != nil { // members.go
			t.Scripts = append(t.Scripts, lang.Script("members.js", membersScript))
			t.After, tree = append(t.After, st), st.Name
		}
		rt.Artifacts = []*plan.Copy{
			{Origin: o, FromStage: "builder", Paths: []string{denoDir}, Dest: denoDir + "/"},
			{Origin: o, FromStage: tree, Paths: []string{lang.AppDir}, Dest: lang.AppDir + "/", Exclude: runtimeExcludes},
		}
	}
	t.Runtime = rt
	return t, nil
}

// toolchain is what every Deno build has: the deps stage, the builder's source copy and build
// task, the tests with the program's permissions. frozen is --frozen with a deno.lock.
func toolchain(s *spec.Spec, p project, v string, perms []string) (t *lang.Toolchain, frozen []string) {
	lock := p.f.Has("deno.lock")
	if lock {
		frozen = []string{"--frozen"}
	}
	t = &lang.Toolchain{
		Image: "denoland/deno:" + v, Workdir: lang.AppDir, ToolArgs: toolArgs, ToolArgsReach: lang.FetchOnly,
		Env:   []plan.Env{{Key: "DENO_DIR", Value: denoDir}, {Key: "DENO_NO_UPDATE_CHECK", Value: "1"}},
		Notes: lockNotes(s, p.root, lock, p.f),
		Deps:  deps(p.root, p.f, frozen, v),
		Build: lang.Build{Fields: []string{"entrypoint", "language"}, Exclude: []string{"**/node_modules"}},
		Test:  lang.Test{Command: lang.Cmd{Args: testCommand(p, perms), Caches: []lang.Cache{dirCache}}},
	}
	if p.c.Tasks["build"] != "" {
		t.Build.Commands = append(t.Build.Commands, &lang.Cmd{Args: p.task("build")})
	}
	return t, frozen
}

// taskDeps are the tasks the entry's task depends on, which `deno task` runs before it
// (fedify's hono-sample: `"start": {"command": "deno run -A main.ts", "dependencies":
// ["codegen"]}`, the codegen writing a module the program imports, which git ignores): the
// builder runs them, in their order, after the build task, which it runs anyway. Each runs its
// own dependencies.
func taskDeps(c config, task string) []string {
	var out []string
	for _, dep := range c.TaskDeps[task] {
		ran := dep == "build" && c.Tasks["build"] != "" // toolchain's
		if !ran && (c.Tasks[dep] != "" || len(c.TaskDeps[dep]) > 0) && plainTask.MatchString(dep) {
			out = lang.AppendNew(out, dep)
		}
	}
	return out
}

// plainTask is a task name the builder may run in exec form.
var plainTask = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9:._-]*$`)

// siteToolchain builds a static site with the build task and serves its output on the static
// runtime: nothing of Deno reaches the image.
func siteToolchain(s *spec.Spec, p project, v string, site static.Site) (*lang.Toolchain, error) {
	t, _ := toolchain(s, p, v, defaultPermissions)
	t.Build.Description = "copy the source and build the " + site.Tool + " site into " + site.Dir
	t.Build.Expect = []lang.Expected{static.Built(site.Dir)}
	return site.Serve(s, t, p.c.name())
}

// runtimeExcludes never reach the image: the registry settings may hold tokens.
var runtimeExcludes = []string{".git", ".npmrc"}

// deps is the deps stage: the config, the lockfile, package.json, .npmrc and the import map,
// and a workspace's members' configs, then deno install into DENO_DIR (in the layer: the image
// takes it from there), which installs every member's dependencies.
func deps(c config, f lang.Facts, frozen []string, v string) lang.Deps {
	var files []string
	names := []string{c.File, "deno.lock", "package.json", ".npmrc", c.ImportMap}
	for _, m := range members(c, f) {
		for _, name := range []string{"deno.json", "deno.jsonc", "package.json"} {
			names = append(names, path.Join(m.Dir, name))
		}
	}
	for _, name := range names {
		if name != "" && f.Has(name) && !slices.Contains(files, name) {
			files = append(files, name)
		}
	}
	install := slices.Concat([]string{"deno", "install"}, frozen)
	what := "the dependencies"
	if len(files) > 0 {
		what += " from " + strings.Join(files, " ") + " only"
	}
	return lang.Deps{
		Description: "install " + what + " (" + strings.Join(install, " ") + ") into DENO_DIR; deno " + v,
		Files:       files,
		// DENO_DIR exists even when there is nothing to install: later steps mount it seeded from here
		Steps: []plan.Step{&lang.Cmd{Args: slices.Concat([]string{"/bin/sh", "-c", `mkdir -p "$DENO_DIR" && exec "$@"`, "sh"}, install),
			Display: strings.Join(install, " "), Caches: []lang.Cache{dirCache}}},
	}
}

// compileScript runs deno compile for the target platform ($TARGETARCH): Deno downloads the
// runtime of that target (denort) into DENO_DIR and writes a program for it, so a build for
// another platform runs nothing under emulation.
const compileScript = `set -eu
case "${TARGETARCH:-}" in
amd64) target=x86_64-unknown-linux-gnu ;;
arm64) target=aarch64-unknown-linux-gnu ;;
*) echo "multistage-frontend: deno compile has no Linux target for the architecture '${TARGETARCH:-}' (amd64 and arm64 only)" >&2; exit 1 ;;
esac
mkdir -p /out
exec deno compile --target "$target" "$@"
`

// testCommand is the test task when deno.json has one, else deno test with the program's
// permissions: the tests exercise what the program does. --permit-no-files: a project without
// test modules passes, as `go test ./...` does (deno test alone fails "No test modules found").
func testCommand(p project, perms []string) []string {
	if p.c.Tasks["test"] != "" {
		return p.task("test")
	}
	cmd := slices.Concat([]string{"deno", "test", "--permit-no-files"}, perms)
	if p.dir != "." {
		cmd = append(cmd, p.dir) // the member's test modules
	}
	return cmd
}

// runtimeFor is the runtime table: denoland/deno's distroless image (the default) or its Debian
// one running the module, or distroless cc running a compiled program.
func runtimeFor(v string) lang.Runtime {
	return lang.Runtime{
		Aliases: map[string]string{
			"deno":   "denoland/deno:distroless-" + v,
			"slim":   "denoland/deno:" + v,
			compiled: "gcr.io/distroless/cc-debian12:nonroot",
		},
		Default: "deno", Shells: []string{"slim"},
		// the Debian image's own user; distroless has none of its own (it runs as root): nonroot.
		// No Homes: denoland/deno_docker's `useradd --uid 1993 --user-group deno` makes no home.
		Users: map[string]string{"slim": "1993:1993"},
	}
}

// launcher starts deno: under the official images' tini, which forwards signals to deno and
// reaps its children (deno as PID 1 would ignore SIGTERM); on an image the spec names, deno
// from PATH.
func launcher(alias string) []string {
	switch alias {
	case "deno":
		return []string{"/tini", "--", "/bin/deno"}
	case "slim":
		return []string{"/tini", "--", "/usr/bin/deno"}
	}
	return []string{"deno"}
}

// lockNotes warn about an unlocked project.
func lockNotes(s *spec.Spec, c config, lock bool, f lang.Facts) []plan.Note {
	field := lang.FirstField(s, "language")
	var notes []plan.Note
	if !lock && (c.File != "" || f.Has("package.json")) {
		notes = append(notes, rules.MissingLockfile.Note(field, rules.MissingLockfile.Format(
			"the build context has no deno.lock: deno install resolves every version anew on every build; "+
				"run `deno install` and commit deno.lock (and keep it out of .dockerignore)")))
	}
	return notes
}

// version is a Deno release: the denoland/deno images are tagged by full version.
var version = regexp.MustCompile(`^v?([0-9]+\.[0-9]+\.[0-9]+)$`)

// denoVersion is the denoland/deno tag: the spec's version, else .dvmrc, else .tool-versions'
// deno line, else defaultDeno.
func denoVersion(s *spec.Spec, f lang.Facts) (string, error) {
	if s.Version != "" {
		if m := version.FindStringSubmatch(s.Version); m != nil {
			return m[1], nil
		}
		return "", lang.FieldError(s, "version", "write a whole release, e.g. "+defaultDeno,
			"%q is not a Deno release: the denoland/deno images are tagged by full version only", s.Version)
	}
	from := map[string]string{".dvmrc": strings.TrimSpace(f.Text(".dvmrc"))}
	for _, line := range strings.Split(f.Text(".tool-versions"), "\n") {
		if w := strings.Fields(line); len(w) >= 2 && w[0] == "deno" {
			from[".tool-versions"] = w[1]
		}
	}
	for _, file := range []string{".dvmrc", ".tool-versions"} {
		if v := from[file]; v != "" {
			m := version.FindStringSubmatch(v)
			if m == nil {
				return "", lang.FieldError(s, lang.FirstField(s, "language"), "write a whole release there (e.g. "+defaultDeno+"), or set `version`",
					"%s names Deno %q, and the denoland/deno images are tagged by full version only", file, v)
			}
			return m[1], nil
		}
	}
	return defaultDeno, nil
}

// A Deno program that writes a file directly in its working directory (`Deno.writeTextFile
// ("state.json", ...)`, `Deno.openKv("kv.db")`) fails there as the runtime user, /app being
// root's: the working directory is then shared as Node.js's and Bun's are (node.NewWorkdirFile,
// lang.Runtime.SharedWorkdir), read in the module the image runs and those it imports by a
// relative path, one level (node.EntryModules). import.meta.dirname is the module's directory.

// workdirFile says which file the module (relative to the project's directory, whose facts f
// are) or one it imports writes directly in the working directory; "" for none.
func workdirFile(f lang.Facts, module string) string {
	for _, file := range node.EntryModules(f, module) {
		if why := node.NewWorkdirFile(f, file, path.Dir(file)); why != "" {
			return why
		}
	}
	return ""
}
