package python

import (
	"errors"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

var (
	moduleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	scriptFile = regexp.MustCompile(`^[A-Za-z0-9_./-]+\.py$`)
)

// defaultFiles are the entrypoint files looked for, in order, when the spec names none.
var defaultFiles = []string{"main.py", "app.py", "__main__.py"}

// entry is what the image runs.
type entry struct {
	args  []string
	title string
	// script is the [project.scripts] name the image runs, if it runs one, and command the
	// arguments it runs with by default: its command that starts the server (servecommand.go).
	script  string
	command []string
	// app: the entrypoint lives in the source tree, so /app goes into the image even for a package.
	app bool
	// runner is the script runner (Streamlit, Chainlit) whose command runs the entry script
	// (scriptrunner.go), "" for none.
	runner string
	// runs is what the build must leave for the image to run (its Field and Fix are the caller's).
	runs lang.Expected
	// web is the application a server serves (framework.go); serve then checks the server's
	// script, and desc says what runs.
	web   *webApp
	serve lang.Expected
	desc  string
	// django is the Django project of the build, whatever runs (its collectstatic).
	django *djangoProject
	// notes are the checks' warnings about what runs (WebProcessOnly).
	notes []plan.Note
}

// entrypoint reads the spec's entrypoint: a file ending in .py (python /app/<file>), a script of
// [project.scripts] (/opt/venv/bin/<script>), an application module:attribute that a server of
// the dependencies serves, or a module (python -m <module>). Without one it is the project's
// only script, else a web framework's application (framework.go), else main.py, app.py or
// __main__.py, else the only package with a __main__.py.
func entrypoint(s *spec.Spec, f lang.Facts, p *project) (entry, error) {
	ep := strings.TrimSpace(s.Entrypoint)
	if ep == "" {
		return defaultEntrypoint(s, f, p)
	}
	if a, ok := specApp(s, f, p, ep); ok {
		return serve(s, p, a, "entrypoint", true)
	}
	switch {
	case strings.HasSuffix(ep, ".py"):
		rel, ok := lang.CleanRelPath(ep)
		if !ok || !scriptFile.MatchString(ep) || rel == "." {
			return entry{}, lang.FieldError(s, "entrypoint", "write a file in the build context, e.g. main.py or src/server.py",
				"%q is not a Python file inside the build context", s.Entrypoint)
		}
		if r, ok := scriptRunnerFile(f, p, rel); ok {
			return r.entry(s, p, rel), nil
		}
		return fileEntry(p, rel), nil
	case p.pkg && slices.Contains(p.scripts, ep):
		return scriptEntry(p, ep), nil
	case moduleName.MatchString(ep):
		return moduleEntry(p, ep), nil
	}
	hint := "write a module (app or app.main: python -m), a file (main.py), an application (app.main:app) or a [project.scripts] name"
	return entry{}, lang.FieldError(s, "entrypoint", hint, "%q is neither a Python module, a .py file nor a script of the project", s.Entrypoint)
}

// defaultEntrypoint is what the project's files say runs (inferEntrypoint); when they say
// nothing the frontend can use, and a web process is written (the spec's `processes`, a
// Procfile's web line), the image is left to that process, the default target, as Heroku runs a
// Procfile: gothinkster/flask-realworld-example-app's `web: gunicorn autoapp:app ...`.
func defaultEntrypoint(s *spec.Spec, f lang.Facts, p *project) (entry, error) {
	e, err := inferEntrypoint(s, f, p)
	if err != nil && hasWebProcess(s, f) {
		why := err.Error()
		var se spec.Errors
		if errors.As(err, &se) && len(se) == 1 {
			why = se[0].Msg + " (" + se[0].Hint + ")"
		}
		e = entry{app: true, title: title(p, "app"), desc: "the web process",
			notes: append([]plan.Note(nil), rules.WebProcessOnly.Note(lang.FirstField(s, "language"), rules.WebProcessOnly.Format(why)))}
		if a, ok := findApp(s, f, p); ok {
			e.django = a.django
		}
		return e, nil
	}
	return e, err
}

var procfileWeb = regexp.MustCompile(`(?m)^\s*web\s*:\s*\S`)

// procfileWebCommand is the Procfile's web command.
var procfileWebCommand = regexp.MustCompile(`(?m)^\s*web\s*:\s*(\S.*)$`)

// commandServer is a server a command runs: its first program, or one after &&, ||, ; or exec,
// with variables set before it, run by its script or with python -m.
var commandServer = regexp.MustCompile(`(?:^|&&|\|\||;|\bexec\s)\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:(?:\S*/)?python3?\s+-m\s+|\S*/)?(gunicorn|uvicorn|waitress-serve|hypercorn|daphne|granian)\b`)

// webCommand is the command line of the web process written, the spec's (whose processes
// replace the Procfile's), else the Procfile's, and which it is; "" for none.
func webCommand(s *spec.Spec, f lang.Facts) (command, from string) {
	if s.Processes != nil {
		for _, pr := range s.Processes {
			if pr.Name == "web" {
				return strings.Join(pr.Command, " "), "the spec's web process"
			}
		}
		return "", ""
	}
	if m := procfileWebCommand.FindStringSubmatch(f.Text("Procfile")); m != nil {
		return m[1], "the Procfile's web process"
	}
	return "", ""
}

// collectstaticAtStart is a command that runs Django's collectstatic (locallibrary's Procfile:
// `web: python manage.py migrate && python manage.py collectstatic --no-input && gunicorn ...`).
var collectstaticAtStart = regexp.MustCompile(`\bmanage\.py\s+collectstatic\b|\bdjango-admin\s+collectstatic\b`)

// webProcessNeedsServer reports that the web process written (the spec's, else the Procfile's)
// runs the server planning adds for app (addedServers: gunicorn for WSGI, uvicorn for ASGI)
// while nothing among the dependencies installs it (bluelog's `web: gunicorn wsgi:app`, with no
// gunicorn in its requirements): that process would fail to start, so the server is added, as
// it is where no process is written, and p.webProcessRuns says so.
func webProcessNeedsServer(s *spec.Spec, f lang.Facts, p *project, app webApp) bool {
	command, from := webCommand(s, f)
	if _, _, served := pickServer(p.installs, app); served {
		return false
	}
	added, _, _ := strings.Cut(addedServers[app.asgi], "==")
	for _, m := range commandServer.FindAllStringSubmatch(command, -1) {
		if m[1] == servers[slices.IndexFunc(servers, func(sv server) bool { return sv.name == added })].script && !p.installs[added] {
			p.webProcessRuns = from + " runs " + added
			return true
		}
	}
	return false
}

// hasWebProcess reports a web process of the spec, else of the Procfile (internal/lang/procs
// reads and checks both; the spec's processes replace the Procfile).
func hasWebProcess(s *spec.Spec, f lang.Facts) bool {
	if s.Processes != nil {
		return slices.ContainsFunc(s.Processes, func(pr spec.Process) bool { return pr.Name == "web" })
	}
	return procfileWeb.Match(f["Procfile"])
}

// managementScriptPassedOver is the Django application served, when the project's only
// script runs Django's management commands (managementScript) and the application is found and
// served: the script is its command line, not its program (netbox). ok is false otherwise, and
// the script runs as before.
func managementScriptPassedOver(s *spec.Spec, f lang.Facts, p *project, field string) (entry, bool) {
	file, cli, ok := managementScript(f, p)
	if !ok {
		return entry{}, false
	}
	a, ok := scriptApp(f, p, f.Text(file), cli)
	if !ok {
		a, ok = findApp(s, f, p)
	}
	if !ok || a.module == "" || a.framework != cli.framework {
		return entry{}, false
	}
	// a server is added when none serves it: the script, run without a command, prints its
	// usage and exits
	e, err := serve(s, p, a, field, true)
	if err != nil {
		return entry{}, false
	}
	name := p.scripts[0]
	e.notes = append(e.notes, rules.ManagementScript.Note(field,
		rules.ManagementScript.Format(name, p.scriptTargets[name], cli.runs, file, cli.framework, e.desc)))
	return e, true
}

// scriptRule is a rule of a script passed over for the application: PrintScript,
// DevelopmentScript.
type scriptRule = *rules.Rule[func(script, target, file, framework, serves string) string]

// scriptPassedOver is the web framework's application served, when the project's only script is
// found (its file) to be none of the program's, and the application is found and a server of the
// dependencies serves it; rule says so. ok is false otherwise, and the script runs as before.
// found is printScript (uv-docker-example's `hello`, beside its FastAPI application, would print
// a line and exit) or developmentScript (mealie's `start`, a uvicorn with reload).
func scriptPassedOver(s *spec.Spec, f lang.Facts, p *project, field string, found func(lang.Facts, *project) (string, bool), rule scriptRule) (entry, bool) {
	file, ok := found(f, p)
	if !ok {
		return entry{}, false
	}
	a, ok := findApp(s, f, p)
	if !ok || a.module == "" {
		return entry{}, false
	}
	e, err := serve(s, p, a, field, false)
	if err != nil {
		return entry{}, false
	}
	name := p.scripts[0]
	e.notes = append(e.notes, rule.Note(field, rule.Format(name, p.scriptTargets[name], file, a.framework, e.desc)))
	return e, true
}

func inferEntrypoint(s *spec.Spec, f lang.Facts, p *project) (entry, error) {
	// the errors point at the language line: no entrypoint line exists to point at
	field := lang.FirstField(s, "entrypoint", "language")
	if p.pkg && len(p.scripts) == 1 {
		if e, ok := managementScriptPassedOver(s, f, p, field); ok {
			return e, nil
		}
		if e, ok := scriptPassedOver(s, f, p, field, printScript, rules.PrintScript); ok {
			return e, nil
		}
		if e, ok := scriptPassedOver(s, f, p, field, developmentScript, rules.DevelopmentScript); ok {
			return e, nil
		}
		e := scriptEntry(p, p.scripts[0])
		if name, _, ok := serverCommand(s, f, p); ok {
			e.command = []string{name}
			return e, nil
		}
		e.notes = frameworkCLIScript(f, p, field)
		if e.notes == nil {
			e.notes = commandLineScript(s, f, p, field)
		}
		if e.notes == nil {
			e.notes = argparseNote(s, f, p, field)
		}
		return e, nil
	}
	if a, ok := findApp(s, f, p); ok {
		if a.module == "" {
			return entry{}, djangoMissing(s, a, field)
		}
		// a server is added only where the alternative is an error: a web process written
		// (the spec's, a Procfile's) is what the image runs then (defaultEntrypoint), unless
		// that process runs the server that would be added and nothing installs it
		return serve(s, p, a, field, !hasWebProcess(s, f) || webProcessNeedsServer(s, f, p, a))
	}
	if e, ok, err := scriptRunnerDefault(s, f, p, field); ok || err != nil { // scriptrunner.go
		return e, err
	}
	for _, name := range defaultFiles {
		if f.Has(name) {
			return fileEntry(p, "./"+name), nil
		}
	}
	switch mains := mainPackages(f); len(mains) {
	case 1: // a package with a __main__.py runs as `python -m package`, as its author runs it
		if a, ok := mainModuleApp(f, p, mains[0]); ok { // unless the module only makes an application
			return serve(s, p, a, field, !hasWebProcess(s, f) || webProcessNeedsServer(s, f, p, a))
		}
		if name, line, ok := mainImportMissing(f, mains[0]); ok { // mainimport.go
			hint := "set `entrypoint` to what the image runs"
			if p.pkg && len(p.scripts) > 0 {
				hint += " (the project's scripts: " + strings.Join(p.scripts, ", ") + ")"
			}
			return entry{}, lang.FieldError(s, field, hint,
				"%s/__main__.py:%d imports %s from the package %s, whose __init__.py does not define it and which has no module %s: `python -m %s` would fail at start with an ImportError",
				mains[0], line, name, mains[0], name, mains[0])
		}
		e := moduleEntry(p, mains[0])
		e.notes = mainGroupNote(s, f, mains[0], field) // a command-line group (maingroup.go)
		return e, nil
	case 0:
	default:
		return entry{}, lang.FieldError(s, field, "set `entrypoint` to the one the image runs",
			"several packages of the build context have a __main__.py (%s) and no entrypoint says which one the image runs",
			strings.Join(mains, ", "))
	}
	if p.pkg && len(p.scripts) > 1 {
		return entry{}, lang.FieldError(s, field, "set `entrypoint` to one of them",
			"the project has several scripts (%s) and no entrypoint says which one the image runs", strings.Join(p.scripts, ", "))
	}
	if mods := serverMainModules(f); len(mods) == 1 { // a package's main module that serves (mainmodule.go)
		return moduleEntry(p, mods[0]), nil
	}
	fix, nested := "set `entrypoint`: a module (app, app.main), a file (server.py), an application (app.main:app) or a script", nestedProjects(f, p)
	switch {
	case nested != "" && len(p.uvMembers) > 0 && s.Workspace == "": // a uv workspace's member (uvworkspace.go)
		fix = "set `workspace` to the member the image runs, or `entrypoint`"
	case nested != "": // no entrypoint runs a project the image does not install
		fix = "build with the directory of the project as the context, or set `entrypoint`"
	}
	return entry{}, lang.FieldError(s, field, fix,
		"no entrypoint: %sthe build context has no %s, no package with a __main__.py (nor one whose main.py starts a server as a program) and the project no [project.scripts]%s",
		frameworksTried(p), strings.Join(defaultFiles, ", "), nested)
}

// frameworksTried says which frameworks of the dependencies had no application where their
// conventions put it, for the error that nothing runs.
func frameworksTried(p *project) string {
	var out []string
	if p.installs["fastapi"] {
		out = append(out, "FastAPI is a dependency, but no "+strings.Join(fastapiCandidates(p), ", ")+" defines `app` or `api` and pyproject.toml has no [tool.fastapi] entrypoint")
	}
	if p.installs["flask"] {
		out = append(out, "Flask is a dependency, but no FLASK_APP (the spec's env, "+strings.Join(flaskEnvFiles, ", ")+") names the app and no "+
			"wsgi.py, app.py (nor a wsgi or app package, at the top or under src/), package of the project's name, only package creating a Flask application, nor only webapp, wsgi, app or application module of a package creating one defines it")
	}
	if p.installs["litestar"] {
		out = append(out, "Litestar is a dependency, but no LITESTAR_APP in the spec's env names the app and no "+strings.Join(litestarFiles, ", ")+" defines it")
	}
	out = append(out, runnerTried(p)...) // Streamlit, Chainlit (scriptrunner.go)
	if p.installs["django"] {
		out = append(out, "Django is a dependency, but the build context has no manage.py (nor src/manage.py, nor one in a single directory a level down)")
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "; ") + "; "
}

// mainPattern finds the top-level packages that `python -m` can run.
const mainPattern = "*/__main__.py"

// likelyMains are mainPattern and serverMainPattern when the spec names no entrypoint, read
// with the first files (lang.Language.Likely): planning takes one round trip when no default
// file is there either. A default file makes them unused: only needsMainPackages' case looks at
// them (mainPackages, serverMainModules).
func likelyMains(s *spec.Spec) []string {
	if strings.TrimSpace(s.Entrypoint) != "" {
		return nil
	}
	return []string{mainPattern, serverMainPattern}
}

// needsMainPackages reports a spec and context whose entrypoint can only come from a package's
// __main__.py: the only case in which the provider reads the context for them.
func needsMainPackages(s *spec.Spec, f lang.Facts) bool {
	if strings.TrimSpace(s.Entrypoint) != "" {
		return false
	}
	for _, name := range defaultFiles {
		if f.Has(name) {
			return false
		}
	}
	return true
}

// mainPackages are the top-level packages with a __main__.py, tests left out.
func mainPackages(f lang.Facts) []string {
	var out []string
	for _, p := range f.Glob(mainPattern) {
		pkg := path.Dir(p)
		if moduleName.MatchString(pkg) && pkg != "tests" && pkg != "test" {
			out = append(out, pkg)
		}
	}
	return out
}

// mainFrameworks are the frameworks whose application a package's __main__.py may make without
// serving it, and the names their servers or CLIs look for.
var mainFrameworks = []struct {
	framework, class string
	names            []string
	asgi             bool
}{
	{"FastAPI", "FastAPI", []string{"app", "api"}, true},
	{"Litestar", "Litestar", []string{"app", "application"}, true},
	{"Flask", "Flask", []string{"app", "application"}, false},
}

// mainModuleApp is the application a package's __main__.py makes (a variable of a framework
// among the dependencies) when the module names no server nor run or serve call
// (startsServer): weather-api's `app = FastAPI()` in app/__main__.py, which its Dockerfile
// serves as `uvicorn app.__main__:app`, while `python -m app` would make it and exit.
func mainModuleApp(f lang.Facts, p *project, pkg string) (webApp, bool) {
	file := pkg + "/__main__.py"
	text := f.Text(file)
	if startsServer.MatchString(stripStrings(text)) {
		return webApp{}, false
	}
	for _, fw := range mainFrameworks {
		if !p.installs[normalize(fw.framework)] {
			continue
		}
		if attr := appVariable(text, fw.names, fw.class); attr != "" {
			return webApp{framework: fw.framework, asgi: fw.asgi, module: pkg + ".__main__", attr: attr, from: file}, true
		}
	}
	return webApp{}, false
}

// moduleEntry runs a module of the source tree or of the installed project with python -m.
func moduleEntry(p *project, mod string) entry {
	return entry{args: []string{venvPython, "-m", mod}, title: title(p, strings.Split(mod, ".")[0]), app: !p.pkg,
		runs: lang.Expected{Paths: modulePaths(mod), What: "the module " + mod}}
}

func fileEntry(p *project, rel string) entry {
	file := path.Join(appDir, rel)
	stem := strings.TrimSuffix(path.Base(file), ".py")
	if stem == "__main__" {
		stem = "app"
	}
	return entry{args: []string{venvPython, file}, title: title(p, stem), app: true,
		runs: lang.Expected{Paths: []string{file}, What: "the entry file"}}
}

// scriptEntry runs a [project.scripts] script, which installing the project writes into the venv.
func scriptEntry(p *project, name string) entry {
	bin := path.Join(venvDir, "bin", name)
	return entry{args: []string{bin}, title: title(p, name), script: name,
		runs: lang.Expected{Paths: []string{bin}, What: "the script " + name + " of [project.scripts]", Executable: true}}
}

// modulePaths are where `python -m mod` finds a module: the source tree (PYTHONPATH) or the
// venv's site-packages, as a file or a package with __main__.py.
func modulePaths(mod string) []string {
	rel := strings.ReplaceAll(mod, ".", "/")
	var out []string
	for _, dir := range []string{appDir, venvDir + "/lib/python*/site-packages"} {
		out = append(out, dir+"/"+rel+".py", dir+"/"+rel+"/__main__.py")
	}
	return out
}

// sourceHolds reports an entry planning saw in the build context, which the builder copies
// into the image as it is: a file or module of the source that ships (ep.app), read with the
// first files (main.py, app.py, a package's __main__.py). What the image runs is then there
// before the build runs anything, and only the spec's build command could take it away
// (compileall, collectstatic and pip install of the project write beside it): the build leaves
// out the check of its own (lang.Expect), a container start on every source change.
func sourceHolds(s *spec.Spec, f lang.Facts, ep entry) bool {
	if !ep.app || !s.Build.Command.IsZero() {
		return false
	}
	for _, p := range ep.runs.Paths {
		if rel, ok := strings.CutPrefix(p, appDir+"/"); ok && f.Has(rel) {
			return true
		}
	}
	return false
}

// title names the image: the distribution's name, else the entrypoint's.
func title(p *project, fallback string) string {
	if p.name != "" {
		return p.name
	}
	return fallback
}
