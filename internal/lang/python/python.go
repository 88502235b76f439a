// Package python plans Python builds: a virtual environment at /opt/venv filled in deps from the
// project's lock (requirements.txt, poetry.lock, uv.lock, pdm.lock) or pyproject.toml's dependencies, the
// source and the project's own package added in builder, bytecode compiled there, and only the
// venv and the app copied onto a python slim (or distroless, or alpine) runtime, as non-root.
package python

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

const (
	venvDir    = "/opt/venv"
	venvPython = venvDir + "/bin/python"
	appDir     = lang.AppDir
	// stdPath is the python images' PATH, behind the venv's bin.
	stdPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
)

// Provider plans Python projects: it declares its toolchain (lang.Declarer), and the skeleton
// builds the stages.
type Provider struct{}

// markers mark a Python project.
var markers = []string{"pyproject.toml", "requirements.txt", "poetry.lock", "uv.lock", "pdm.lock", "Pipfile.lock", "setup.py", productionRequirements}

// Language is Python's registry entry. It reads the markers, the test requirements, the
// version file, the entrypoint files looked for by default, and the package.json files a level
// down (a front end that builds into the project, siblingui.go). A package.json beside them builds
// the front end's assets (a Django or Flask site with a bundler): the program is Python's,
// unless the Python files only build the documentation site (docs.go).
func (Provider) Language() lang.Language {
	return lang.Language{Name: "python", Markers: markers, Supersedes: []string{"node", "bun"}, Tooling: docsTooling,
		Reads: slices.Concat(markers, pinnedRequirements, testRequirements, serverRequirements, []string{".python-version", "runtime.txt", "setup.cfg", "ruff.toml", ".ruff.toml",
			"main.py", "app.py", "__main__.py", "package.json", siblingManifests}),
		Likely: likelyMains, Runtimes: []string{"slim", "distroless", "alpine"}, Fields: []string{"workspace"}}
}

// Follow reads the requirement files that requirements.txt includes (and theirs), the files
// where the web frameworks among the dependencies keep their application (framework.go), and
// looks for packages with a __main__.py when nothing else names what the image runs.
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	var out []string
	if root := requirementsRoot(f); root != "" {
		_, unread := requirementFiles(f, root)
		out = append(out, unread...)
		for _, name := range serverRequirements { // their includes too (optionalSets)
			if name != root && f.Has(name) {
				_, unread := requirementFiles(f, name)
				out = append(out, unread...)
			}
		}
	}
	if p, err := readProject(f); err == nil {
		out = append(out, frameworkReads(s, f, p)...)
		if s.Assets == nil && buildScript(f["package.json"], false) == "" { // a front end inside the package (frontend.go)
			out = append(out, packageFrontEndReads(p)...)
			out = append(out, siblingUIReads(f)...)       // one a level down, building into the project (siblingui.go)
			out = append(out, servedSiblingUIReads(f)...) // or into itself, where the code reads it
		}
		if p.hatchIgnores { // what hatchling leaves out of the wheel (wheel.go)
			out = append(out, ".gitignore")
		}
		out = append(out, configDefaultReads(s, f, p)...)
		out = append(out, workspaceMemberReads(p)...)    // a uv workspace's members (nested.go)
		out = append(out, vcsVersionReads(p)...)         // is .git there for a version from git (vcsversion.go)
		out = append(out, buildHookReads(s, p)...)       // a build hook running npm (buildhook.go)
		out = append(out, scriptRunnerReads(s, f, p)...) // a Streamlit or Chainlit main script (scriptrunner.go)
		out = append(out, gradioReads(s, p)...)          // a Gradio program's launch() (gradio.go)
		out = append(out, babelReads(f, p)...)           // Flask-Babel's catalogs, compiled or not (babel.go)
		out = append(out, entryFileListened(s)...)       // the entry file's listen options (clilisten.go)
		out = append(out, memberReads(s, f, p)...)       // the selected uv workspace member's files (uvworkspace.go)
	}
	if needsMainPackages(s, f) {
		out = append(out, mainPattern, serverMainPattern)
		out = append(out, mainImportReads(f)...) // what its __main__.py imports from it (mainimport.go)
	}
	if !hasMarker(f) { // a repository whose Python projects are a level down (nested.go)
		out = append(out, nestedMarkers...)
	}
	if sc, ok := lang.DockerfileStartScript(f); ok { // its migrations (migrations.go)
		out = append(out, sc.Sources...)
	}
	return out
}

var _ lang.Follower = Provider{}

// Toolchain declares a Python build: a venv in deps, the project and the source in builder.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	proj, err := readProject(f)
	if err != nil {
		return nil, lang.FieldError(s, "language", "", "%v", err)
	}
	if s.Workspace != "" { // a uv workspace's member, planned in its directory (uvworkspace.go)
		if f, proj, err = selectedMember(s, f, proj); err != nil {
			return nil, err
		}
	}
	version, from, err := pythonVersion(s, f, proj)
	if err != nil {
		return nil, err
	}
	b, err := basesFor(s, version, from)
	if err != nil {
		return nil, err
	}
	ep, err := entrypoint(s, f, proj)
	if err != nil {
		return nil, err
	}

	t := newTools(proj)
	var vcsNotes []plan.Note
	t.projectEnv, vcsNotes = gitVersionEnv(s, f, proj)
	tc := &lang.Toolchain{
		Image: b.builder, Workdir: appDir, CmdEnv: t.env, ToolArgs: t.args, Notes: proj.notes,
		Env: []plan.Env{{Key: "VIRTUAL_ENV", Value: venvDir}, {Key: "PATH", Value: venvDir + "/bin:" + stdPath},
			{Key: "PIP_DISABLE_PIP_VERSION_CHECK", Value: "1"}},
		Scripts: []plan.File{lang.Script("native-check.py", nativeCheckScript)},
		Deps:    t.deps(),
		Build: lang.Build{Description: builderText(proj), Exclude: []string{".venv", "**/__pycache__"},
			Before: t.projectSteps(), Custom: &lang.Cmd{Caches: t.caches}},
		Test: lang.Test{Command: lang.Cmd{Args: t.testCommand(f)}, Before: t.testDepsSteps()},
	}
	// catalogs the project compiles in its image, before the package takes them (babel.go)
	tc.Build.Before = append(compileCatalogs(uncompiledCatalogs(f, proj)), tc.Build.Before...)
	if proj.member != nil {
		memberBuild(s, tc, t, proj.member)
	}
	tc.Notes = append(tc.Notes, vcsNotes...)
	tc.Notes = append(tc.Notes, lang.EndOfLifeNote(s, rules.PythonVersionEndOfLife, version, from, endOfLife, defaultVersion)...)
	if proj.unlocked != "" {
		tc.Notes = append(tc.Notes, rules.MissingLockfile.Note(lang.FirstField(s, "language"), rules.MissingLockfile.Format(proj.unlocked)))
	}
	hookNotes := nodeBuildHookNote(s, f, proj)
	tc.Notes = append(tc.Notes, hookNotes...)
	if dir, script, output := unbuiltFrontEnd(s, f, proj); script != "" && len(hookNotes) == 0 { // the hook's names the assets
		switch {
		case output != "": // where its bundler's configuration says
		case dir == ".":
			output = "static/dist"
		default:
			output = path.Join(dir, "dist")
		}
		msg := rules.FrontEndNotBuilt.Format(dir, script, "which a Python build runs only as the spec's `assets`", output)
		if _, line := wheelLeavesOut(f, proj, output); line != "" && !ep.app { // the image gets the package as its wheel only
			msg += "; with that output, also " + rules.HatchArtifacts(output) + ": " + rules.HatchDrops(line) + ", and the wheel is all of the package the image gets"
		}
		tc.Notes = append(tc.Notes, rules.FrontEndNotBuilt.Note(lang.FirstField(s, "language"), msg))
	}
	if dir, _, _ := unbuiltFrontEnd(s, f, proj); dir == "" && len(hookNotes) == 0 && s.Assets == nil && buildScript(f["package.json"], false) == "" {
		for _, u := range unbuiltServedUIs(f) { // a front end a level down building where the code reads it (siblingui.go)
			tc.Notes = append(tc.Notes, rules.FrontEndNotBuilt.Note(lang.FirstField(s, "language"), rules.FrontEndNotBuilt.Format(u.dir, "build",
				fmt.Sprintf("which a Python build runs only as the spec's `assets`, and whose output %s, which the context lacks, %s names (line %d)", u.output, u.file, u.line), u.output)))
		}
	}
	for _, out := range writtenOutputs(s) {
		if pkg, line := wheelLeavesOut(f, proj, out); line != "" && !ep.app {
			tc.Notes = append(tc.Notes, rules.WheelLeavesOutAssets.Note(lang.FirstField(s, "assets"), rules.WheelLeavesOutAssets.Format(out, pkg, line)))
		}
	}
	if proj.manager == uv {
		tc.Before = append(tc.Before, lang.ToolStage("uv", uvImage, "language", "uv's image, for its binaries"))
	}
	runs := ep.runs
	runs.Fix = "set `entrypoint` to what the project runs"
	tc.Notes = append(tc.Notes, ep.notes...)
	tc.Notes = append(tc.Notes, migrationNotes(s, f, ep)...)
	switch {
	case len(runs.Paths) == 0: // none when the image is left to the web process
		tc.Build.Description += "; the image runs the web process"
	case !sourceHolds(s, f, ep):
		tc.Build.Expect = []lang.Expected{runs}
	}
	if ep.web != nil || len(ep.serve.Paths) > 0 { // a server, or Streamlit's streamlit
		sv := ep.serve
		sv.Fix = "add it to the dependencies, or set `entrypoint` to what the project runs"
		tc.Build.Expect = append(tc.Build.Expect, sv)
		tc.Build.Description += "; the image runs " + ep.desc
	}
	collect := ep.django.collectstatic(s)
	if slices.ContainsFunc(collect, func(c *lang.Cmd) bool { return c.Scripts }) {
		tc.Scripts = append(tc.Scripts, lang.Script(staticOnlyName, staticOnlyScript))
	}
	tc.Build.Commands = append(tc.Build.Commands, collect...)
	tc.Deps.Setup = append(geoBuildPackages(s, b.builder, ep.django), tc.Deps.Setup...)
	shipApp := ep.app || !proj.pkg
	shipped := []string{venvDir}
	appFrom := "builder"
	switch {
	case shipApp && compilesOnRuntime(s, b, tc.Build): // the app stage compiles and checks it (bytecode.go)
		tc.Beside = append(tc.Beside, compileStage(s, b.image, tc.Build))
		tc.Build.Source, appFrom, tc.Build.Expect = lang.AppStage, lang.AppStage, nil
	case shipApp: // part of the build, before the check of what the image runs when there is one (a step of its own: compileall names no entry file)
		tc.Build.Output = append(tc.Build.Output, compileDirs(appDir))
		shipped = append(shipped, appDir)
		fallthrough
	default:
		tc.Build.After = append(tc.Build.After, nativeCheck(shipped...))
	}

	// The venv comes from deps when the build leaves it as deps made it (no project installed into
	// it, no build.command): a source change then reruns neither the runtime's copy of it nor the
	// runtime-venv stage, and a CI runner with only the registry cache need not fetch the venv's
	// layers to checksum what the builder's copy would be.
	venvFrom := "builder"
	if len(tc.Build.Before) == 0 && s.Build.Command == nil {
		venvFrom = "deps"
	}
	if b.interpreter != "" {
		vs := venvStage(b, lang.FirstField(s, "runtime", "language"), venvFrom)
		tc.After = append(tc.After, vs)
		venvFrom = vs.Name
	}
	rt := b.runtime
	rt.Packages = nativeLibraries(proj.installs, b.alias, ep.django)
	rt.Title = ep.title
	rt.Entrypoint = ep.args
	if modules, _ := entryModules(f, ep); len(modules) > 0 && manageFile(f) == "" {
		rt.ConfigFiles = lang.ConfigDefaults(f, modules)
	}
	if ep.script != "" {
		// the project's own image passes it the address to listen on (Radicale's --hosts)
		rt.Cmd = lang.DockerfileListenArgs(s, f, ep.script)
	}
	var listenEnv []plan.Env
	if ep.script != "" {
		// its own options' loopback defaults (fava's --host, khoj's): clilisten.go
		var args []string
		var notes []plan.Note
		listenEnv, args, notes = scriptListen(s, f, proj, ep.script, rt.Cmd)
		if len(rt.Cmd) == 0 { // the Dockerfile's arguments name their command themselves
			rt.Cmd = slices.Clone(ep.command)
		}
		rt.Cmd = append(rt.Cmd, args...)
		tc.Notes = append(tc.Notes, notes...)
		// a positional argument its module requires (requiredarg.go)
		tc.Notes = append(tc.Notes, requiredArgumentNote(s, f, servedScriptFiles(s, f, proj), ep.script, rt.Cmd)...)
	} else if rel, ok := programFile(ep); ok {
		// a program file's own options' loopback defaults (a Gradio program's --host): clilisten.go
		var notes []plan.Note
		listenEnv, rt.Cmd, notes = fileListen(s, f, rel)
		tc.Notes = append(tc.Notes, notes...)
		if _, ports := lang.FirstTCPPort(s); ports {
			tc.Notes = append(tc.Notes, requiredArgumentNote(s, f, []string{rel}, "python "+rel, rt.Cmd)...)
		}
	}
	// PYTHONUNBUFFERED: print() reaches the container's log at once, not when a buffer fills.
	rt.Env = []plan.Env{{Key: "PATH", Value: venvDir + "/bin:" + stdPath}, {Key: "VIRTUAL_ENV", Value: venvDir},
		{Key: "PYTHONUNBUFFERED", Value: "1"}}
	rt.Env = append(rt.Env, lang.PortEnv(s)...) // gunicorn, and a Procfile's commands, listen on $PORT
	rt.Env = append(rt.Env, listenEnv...)
	rt.Env = append(rt.Env, gradioEnv(s, proj, ep)...) // a Gradio program's launch() on every interface (gradio.go)
	tc.Notes = append(tc.Notes, gradioLoopback(s, f, proj, ep)...)
	artifactField := lang.FirstField(s, "entrypoint", "language")
	rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: artifactField}, FromStage: venvFrom, Paths: []string{venvDir}, Dest: venvDir}}
	if shipApp {
		rt.Artifacts = append(rt.Artifacts, &plan.Copy{Origin: plan.Origin{Field: artifactField},
			FromStage: appFrom, Paths: []string{appDir}, Dest: appDir})
		rt.Workdir = appDir
		// the app's modules import whatever the working directory (`workdir` may move it)
		pythonPath := appDir
		b := ep.django.base()
		if ep.web != nil {
			b = ep.web.base()
		}
		if b != "" {
			pythonPath = appDir + "/" + b + ":" + appDir // a Django project, or a Flask app, under src/ imports from there
		}
		rt.Env = append(rt.Env, plan.Env{Key: "PYTHONPATH", Value: pythonPath})
		if ep.runner == chainlitRunner.framework && !rootUser(s.User) && s.Workdir == "" {
			// what Chainlit writes into its working directory at start (scriptrunner.go)
			rt.Writable, rt.WritableFrom = append(rt.Writable, chainlitDirs...), chainlitRunner.framework
			if !f.Has(chainlitReadme) {
				rt.SharedWorkdir = "Chainlit's " + chainlitReadme + ", which `chainlit run` writes when the project has none"
			}
		}
		if ep.web != nil {
			if dir := flaskInstanceDir(f, *ep.web); dir != "" {
				// Flask's instance folder, where the application writes its database or files
				rt.Writable, rt.WritableFrom = append(rt.Writable, dir), "Flask"
			}
			if ep.web.framework == "Flask" {
				// its configuration's upload, log and cache folders beside its code (CTFd's)
				for _, dir := range flaskWriteDirs(f, flaskRootPath(f, *ep.web)) {
					if !slices.Contains(rt.Writable, dir) {
						rt.Writable, rt.WritableFrom = append(rt.Writable, dir), "Flask"
					}
				}
			}
		}
		// the files the processes' commands write at start: log and pid files, beat's schedule (processwrites.go)
		dirs, from, shared, outside := processWrites(s, f, rt.Home(s))
		for _, v := range outside {
			if !lang.HasVolume(rt.DataVolumes, v.Dir) {
				rt.DataVolumes = append(rt.DataVolumes, v) // made the runtime user's, none for root (lang.Runtime)
			}
		}
		if !rootUser(s.User) && s.Workdir == "" {
			for _, dir := range dirs {
				if !slices.Contains(rt.Writable, dir) {
					rt.Writable = append(rt.Writable, dir)
					rt.WritableFrom = cmp.Or(rt.WritableFrom, from)
				}
			}
			if shared != "" && rt.SharedWorkdir == "" {
				rt.SharedWorkdir = shared
			}
		}
		// a Flask configuration's default SQLite file beside its code (flasky's, microblog's), also
		// when the web process serves it: SQLite writes the file and its journal there
		if db, from := flaskSQLiteFile(f); proj.installs["flask"] && db != "" && !rootUser(s.User) && s.Workdir == "" && !f.Has(db) {
			if dir := path.Dir(db); dir != "." {
				if !slices.Contains(rt.Writable, dir) {
					rt.Writable, rt.WritableFrom = append(rt.Writable, dir), "Flask"
				}
			} else {
				rt.SharedWorkdir = "Flask's SQLite file " + db + ", from " + from
			}
		}
		if d := ep.django; d != nil {
			if d.missing != "" {
				tc.Notes = append(tc.Notes, rules.DjangoSettingsMissing.Note(lang.FirstField(s, "env", "language"),
					rules.DjangoSettingsMissing.Format(d.settings, "from "+d.settingsFrom, d.missing, d.sample)))
			}
			if a, ok := developmentOnlyApp(f, proj, d); ok {
				fix := "set `env: {DJANGO_SETTINGS_MODULE: <the production settings>}`"
				if prod := productionSettings(f, d); prod != "" {
					fix = "set `env: {DJANGO_SETTINGS_MODULE: " + prod + "}`"
				}
				fix += ", or move " + a.dist + " to the main dependencies"
				tc.Notes = append(tc.Notes, rules.DjangoAppNotInstalled.Note(lang.FirstField(s, "env", "language"),
					rules.DjangoAppNotInstalled.Format(d.settings, "from "+d.settingsFrom, a.file, a.line, a.app, a.dist, len(collect) > 0, fix)))
			}
			if _, set := s.Env.Get("DJANGO_SETTINGS_MODULE"); !set && d.settingsEnv() {
				// the server's settings (uWSGI's env, wsgi.py's default), for manage.py too
				rt.Env = append(rt.Env, plan.Env{Key: "DJANGO_SETTINGS_MODULE", Value: d.settings})
			}
			// uploads: Django's file storage writes them below MEDIA_ROOT at run time; SQLite
			// writes its database and the journal beside it
			static := "" // collectstatic at start rewrites its manifest there (whitenoise's, Django's)
			if cmd, _ := webCommand(s, f); collectstaticAtStart.MatchString(cmd) {
				static = d.static
			}
			for _, dir := range append([]string{d.media, path.Dir(d.sqlite), static}, d.logs...) {
				if dir != "" && dir != "." && !slices.Contains(rt.Writable, dir) {
					rt.Writable, rt.WritableFrom = append(rt.Writable, dir), "Django"
				}
			}
			if d.sqlite != "" && path.Dir(d.sqlite) == "." && !rootUser(s.User) {
				if f.Has(d.sqlite) || s.Workdir != "" || d.base() != "" {
					// the context's file would ship root's, read-only; another working directory,
					// or a project below /app, is not where BASE_DIR is
					tc.Notes = append(tc.Notes, rules.DatabaseNotWritable.Note(lang.FirstField(s, "language"),
						rules.DatabaseNotWritable.Format(d.sqliteFrom, d.sqlite, appDir, f.Has(d.sqlite))))
				} else {
					// Django's default (BASE_DIR / "db.sqlite3", beside manage.py): the runtime
					// user creates it, and its journal, in /app, whose files stay root's
					rt.SharedWorkdir = "Django's SQLite file " + d.sqlite + ", from " + d.sqliteFrom
				}
			}
		}
	}
	tc.Runtime = rt
	return tc, nil
}

// programFile is the file of the context a program entry runs (`python /app/app.py`), ok false
// for any other entry.
func programFile(ep entry) (string, bool) {
	if len(ep.args) != 2 || ep.args[0] != venvPython || ep.runner != "" {
		return "", false
	}
	return strings.CutPrefix(ep.args[1], appDir+"/")
}

// rootUser: the spec runs the image as root, who writes anywhere.
func rootUser(u string) bool {
	return u == "root" || u == "0" || strings.HasPrefix(u, "0:") || strings.HasPrefix(u, "root:")
}

// pythonVersion is the spec's version, else .python-version's, else runtime.txt's, else
// Pipfile.lock's, else the project's own Dockerfile's image's (dockerfilePython), else the one
// requires-python allows (the default when it does), else the
// default; from says where it came from, for a message ("" for the default).
func pythonVersion(s *spec.Spec, f lang.Facts, p *project) (v, from string, err error) {
	if s.Version != "" {
		if !imageVersion.MatchString(s.Version) {
			return "", "", lang.FieldError(s, "version", "write a Python version such as 3.12 or 3.11.9",
				"%q is not a Python version", s.Version)
		}
		return s.Version, "the spec's `version`", nil
	}
	if v := pythonVersionFile(f.Text(".python-version")); v != "" {
		return v, ".python-version's " + v, nil
	}
	// Heroku's runtime.txt (python-3.12.4), which its buildpack and Dokku's read when no
	// .python-version is there
	if v := pythonVersionFile(f.Text("runtime.txt")); v != "" {
		return v, "runtime.txt's " + v, nil
	}
	if p.pipfileLock != nil { // Pipfile's [requires] python_version, which pipenv checks
		if v := pythonVersionFile(p.pipfileLock.Meta.Requires.PythonVersion); v != "" {
			return v, "Pipfile.lock's python_version " + v, nil
		}
	}
	reqs := slices.Clone(p.declared)
	if p.requirementsLock() {
		for _, name := range p.depFiles {
			reqs = append(reqs, requirementLines(f.Text(name))...)
		}
	}
	floor, why := pythonFloor(reqs)
	if minor, from := ruffFloor(f, p); minor > floor {
		floor, why = minor, from
	}
	// the project's own image's Python, which the distroless runtime (Debian 12's 3.11) never has
	if v, from := dockerfilePython(f, p.requiresPython, floor); v != "" && s.Runtime != "distroless" {
		return v, from, nil
	}
	v, err = versionFor(p.requiresPython, floor)
	if err != nil {
		return "", "", lang.FieldError(s, "version", "set `version`", "%v", err)
	}
	switch {
	case v == defaultVersion:
	case floor > defaultMinor:
		from = why
	default:
		from = fmt.Sprintf("requires-python %q", p.requiresPython)
	}
	return v, from, nil
}

// compileDirs compiles the Python files under dirs into hash-checked .pyc files (see the docs:
// they stay valid when copying rewrites timestamps, and the non-root runtime cannot write its
// own). A file that does not compile (test data, a Python 2 leftover) is left to run time, as
// pip does, rather than failing the build.
func compileDirs(dirs ...string) *plan.Run {
	script := `python -m compileall -q -j 0 --invalidation-mode checked-hash "$@" || ` +
		`echo "some files did not compile; Python compiles them when they are imported" >&2`
	return &plan.Run{Args: append([]string{"/bin/sh", "-c", script, "sh"}, dirs...),
		Display:   "python -m compileall --invalidation-mode checked-hash " + strings.Join(dirs, " "),
		NoNetwork: true}
}

// compileDistribution compiles the files one installed distribution put into the venv, and only
// those (compileall would recompile every dependency). -I keeps the working directory, where a
// build leaves NAME.egg-info, out of the metadata search.
func compileDistribution(name string) *plan.Run {
	script := strings.Join([]string{
		"import importlib.metadata as md, py_compile as pc, sys",
		"for f in md.distribution(sys.argv[1]).files or ():",
		"    if f.suffix == '.py':",
		"        try: pc.compile(str(f.locate()), doraise=True, invalidation_mode=pc.PycInvalidationMode.CHECKED_HASH)",
		"        except pc.PyCompileError as e: print(e, file=sys.stderr)",
	}, "\n")
	return &plan.Run{Args: []string{"python", "-I", "-c", script, name},
		Display: "python -m py_compile (the files of " + name + ")", NoNetwork: true}
}

func depsText(p *project) string {
	switch {
	case p.lock != "":
		return "the dependencies of " + strings.Join(append([]string{p.lock}, p.withFiles...), " and ")
	case len(p.declared) > 0:
		return "the dependencies of pyproject.toml"
	}
	return "no dependencies yet"
}

func builderText(p *project) string {
	what := "the source in " + appDir
	if p.pkg {
		what += ", the project installed into " + venvDir
	}
	return what + ", compiled to bytecode"
}
