package python

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A web framework's application is not a program: a server imports it (module:attribute) and
// serves it, as the framework's deployment docs run it (`fastapi run` / `uvicorn app.main:app`,
// `gunicorn mysite.wsgi`, `gunicorn 'hello:create_app()'`). Running its file with python would
// start the development server, or nothing, and listen on 127.0.0.1, where no one reaches it.
//
// What the frontend knows comes from the files it reads (framework.go's reads, through
// Follow), never from importing the code: the framework and the server are dependencies the
// project names; where the application is follows the framework's own conventions.

// webApp is an application a server imports.
type webApp struct {
	// framework is FastAPI, Django or Flask; "" for an application the spec names of another.
	framework string
	// module and attr are what the server imports: app.main and app; attr may call a factory
	// (create_app()).
	module, attr string
	// asgi: the application speaks ASGI (FastAPI), not WSGI (Flask, Django's wsgi.py).
	asgi bool
	// from says what named it, for descriptions and messages.
	from string
	// django is set for a Django project: its settings and what the build runs of manage.py.
	django *djangoProject
	// src: the application's module is under src/ in a project that is no package (nothing
	// installs it into the venv), so the image imports it from /app/src (a Flask app of a src
	// layout); a package's is imported from the venv.
	src bool
}

// base is the directory of /app the application's modules are imported from: a Django
// project's (djangoProject.base), "src" for a src layout's module, else "" (/app itself).
func (a webApp) base() string {
	if b := a.django.base(); b != "" {
		return b
	}
	if a.src {
		return "src"
	}
	return ""
}

// target is the application as servers write it: module:attr.
func (a webApp) target() string { return a.module + ":" + a.attr }

// server is a program that serves WSGI or ASGI applications, installed by the dependencies.
type server struct {
	// name is the distribution; script its command in the venv's bin.
	name, script string
	// wsgi and asgi are the interfaces it serves.
	wsgi, asgi bool
	// args are its arguments serving app on port, listening on every interface.
	args func(app webApp, port int) []string
}

// serves reports whether sv serves applications of the interface (ASGI or WSGI).
func (sv server) serves(asgi bool) bool { return asgi && sv.asgi || !asgi && sv.wsgi }

// callsFactory reports whether sv can call an application factory (attr `create_app()`):
// gunicorn and hypercorn evaluate the call, uvicorn and granian take --factory, waitress --call;
// daphne imports an attribute only and has no such flag, so it would serve the function itself.
func (sv server) callsFactory() bool { return sv.name != "daphne" }

// factory reports whether the application is a factory's call.
func (a webApp) factory() bool { return strings.HasSuffix(a.attr, "()") }

// servers in the order they are preferred: the ones the frameworks' deployment docs name first.
var servers = []server{
	{"gunicorn", "gunicorn", true, false, func(a webApp, port int) []string {
		return []string{"--bind", "0.0.0.0:" + strconv.Itoa(port), a.target()} // gunicorn 20.1+ calls a factory written mod:f()
	}},
	{"uvicorn", "uvicorn", false, true, func(a webApp, port int) []string {
		if f, ok := strings.CutSuffix(a.attr, "()"); ok {
			return []string{"--factory", a.module + ":" + f, "--host", "0.0.0.0", "--port", strconv.Itoa(port)}
		}
		return []string{a.target(), "--host", "0.0.0.0", "--port", strconv.Itoa(port)}
	}},
	{"waitress", "waitress-serve", true, false, func(a webApp, port int) []string {
		if f, ok := strings.CutSuffix(a.attr, "()"); ok {
			return []string{"--listen=0.0.0.0:" + strconv.Itoa(port), "--call", a.module + ":" + f}
		}
		return []string{"--listen=0.0.0.0:" + strconv.Itoa(port), a.target()}
	}},
	{"hypercorn", "hypercorn", false, true, func(a webApp, port int) []string {
		return []string{"--bind", "0.0.0.0:" + strconv.Itoa(port), a.target()}
	}},
	{"daphne", "daphne", false, true, func(a webApp, port int) []string {
		return []string{"--bind", "0.0.0.0", "--port", strconv.Itoa(port), a.target()}
	}},
	{"granian", "granian", true, true, func(a webApp, port int) []string {
		iface := "wsgi"
		if a.asgi {
			iface = "asgi"
		}
		target := a.target()
		args := []string{"--interface", iface, "--host", "0.0.0.0", "--port", strconv.Itoa(port)}
		if f, ok := strings.CutSuffix(a.attr, "()"); ok {
			target, args = a.module+":"+f, append(args, "--factory")
		}
		return append(args, target)
	}},
}

// unsupportedServers are servers among dependencies that the frontend does not run, and why: an
// error says so where no server is added (a framework's application gets one: uwsgi.go).
var unsupportedServers = map[string]string{
	"uwsgi": "uWSGI compiles against the builder's libraries (libxml2, PCRE, OpenSSL), which the slim runtime lacks, and reads its own configuration",
}

// addedServers are the servers planning installs, pinned, when nothing among the dependencies
// serves a framework's application: gunicorn for WSGI, as Django's and Flask's deployment docs
// run it, uvicorn for ASGI, as FastAPI's `fastapi run` and Litestar's `litestar run` do.
var addedServers = map[bool]string{false: "gunicorn==23.0.0", true: "uvicorn==0.34.0"}

// defaultPort is where a server listens when the spec has no TCP port: gunicorn's, uvicorn's
// and `fastapi run`'s default.
const defaultPort = 8000

// serve is the entry that serves app with the first server of the dependencies that speaks its
// interface (a Django project with an asgi module falls back to an ASGI server), on the spec's
// first TCP port. field is where an error points. With add, a framework's application that
// nothing among the dependencies serves (none there, in a development group, or in one group or
// extra, or only uWSGI, which the image does not run: uwsgi.go) gets the server of addedServers,
// which deps installs, and ServerAdded says so; without add (a script passed over for it, which
// then runs) it is an error.
func serve(s *spec.Spec, p *project, app webApp, field string, add bool) (entry, error) {
	port, ok := lang.FirstTCPPort(s)
	if !ok {
		port = defaultPort
	}
	var notes []plan.Note
	sv, app, ok := pickServer(p.installs, app)
	if !ok {
		var holding []optionalDeps // the groups and extras with a server of app
		for _, o := range p.optional {
			if _, _, in := pickServer(union(p.installs, o.installs), app); in {
				holding = append(holding, o)
			}
		}
		switch {
		case len(holding) == 1:
			o := holding[0]
			p.include(o)
			sv, app, ok = pickServer(p.installs, app)
			notes = append(notes, rules.ServerInGroup.Note(lang.FirstField(s, "entrypoint", "language"),
				rules.ServerInGroup.Format(sv.name, o.where(), p.installFlag(o))))
		case len(holding) > 1:
			return entry{}, lang.FieldError(s, field,
				"add the server to the main dependencies, or set `entrypoint` to a file that starts a server itself, or write `processes: {web: ...}`",
				"%s: no server among the main dependencies, and %s each hold one, so the image installs none of them",
				describe(app), optionalNames(holding))
		}
	}
	what := sv.name + " among the dependencies"
	if !ok {
		why := ""
		for name, reason := range unsupportedServers {
			if p.installs[name] {
				why = fmt.Sprintf("; %s is among them, which this frontend does not run: %s", name, reason)
			}
		}
		if app.factory() && p.installs["daphne"] && app.asgi {
			why = "; daphne is among them, which cannot call the factory " + app.attr + ": it has no factory flag and would serve the function itself"
		}
		devServer, _, dev := pickServer(p.devInstalls, app)
		if dev && why == "" {
			why = fmt.Sprintf("; %s is only among the development or test dependencies, which the image never gets", devServer.name)
		}
		if !add || app.framework == "" {
			return entry{}, lang.FieldError(s, field, serverHint(app),
				"%s: nothing among the dependencies serves it (%s)%s", describe(app), strings.Join(serverNames(app.asgi), ", "), why)
		}
		p.addedServer = addedServers[app.asgi]
		name, _, _ := strings.Cut(p.addedServer, "==")
		sv = servers[slices.IndexFunc(servers, func(sv server) bool { return sv.name == name })]
		what = p.addedServer + ", which deps installs: nothing among the dependencies serves the application"
		also := ""
		if dev {
			also = fmt.Sprintf(" (%s is only among the development or test dependencies, which the image never gets)", devServer.name)
		}
		if p.installs["uwsgi"] {
			also += uwsgiNote(p)
		}
		if app.factory() && p.installs["daphne"] && app.asgi {
			also += "; daphne is among them, but cannot call the factory " + app.attr + ", having no factory flag"
		}
		if p.webProcessRuns != "" {
			also += "; " + p.webProcessRuns + ", which none of them installs"
		}
		notes = append(notes, rules.ServerAdded.Note(lang.FirstField(s, "entrypoint", "language"),
			rules.ServerAdded.Format(describe(app), strings.Join(serverNames(app.asgi), ", ")+also, p.addedServer)))
	}
	bin := path.Join(venvDir, "bin", sv.script)
	name := app.framework
	if name == "" {
		name = "the application"
	}
	return entry{args: append([]string{bin}, sv.args(app, port)...), app: true, web: &app, django: app.django, title: title(p, strings.Split(app.module, ".")[0]),
		notes: notes,
		desc:  fmt.Sprintf("%s %s (%s, %s)", sv.script, app.target(), name, app.from),
		runs:  lang.Expected{Paths: importPaths(app.module, app.base()), What: "the module " + app.module + " of " + app.target()},
		serve: lang.Expected{Paths: []string{bin}, What: "the server " + sv.script + " (" + what + ")", Executable: true}}, nil
}

// pickServer is the first server of installs that serves app; a Django project with an asgi
// module falls back to an ASGI server, which then serves that module.
func pickServer(installs map[string]bool, app webApp) (server, webApp, bool) {
	pick := func(asgi bool) (server, bool) {
		for _, sv := range servers {
			if sv.serves(asgi) && installs[sv.name] && (sv.callsFactory() || !app.factory()) {
				return sv, true
			}
		}
		return server{}, false
	}
	if sv, ok := pick(app.asgi); ok {
		return sv, app, true
	}
	if app.django != nil && app.django.asgi != "" {
		if sv, ok := pick(true); ok {
			app.asgi = true
			app.module, app.attr, _ = strings.Cut(app.django.asgi, ":")
			return sv, app, true
		}
	}
	return server{}, app, false
}

func union(a, b map[string]bool) map[string]bool {
	out := maps.Clone(a)
	for k := range b {
		out[k] = true
	}
	return out
}

func serverNames(asgi bool) []string {
	var out []string
	for _, sv := range servers {
		if sv.serves(asgi) {
			out = append(out, sv.name)
		}
	}
	return out
}

func describe(a webApp) string {
	if a.framework == "" {
		return "the application " + a.target() + " (" + a.from + ")"
	}
	return a.framework + " application " + a.target() + " (" + a.from + ")"
}

// serverHint says what to add: the server the framework's deployment docs use.
func serverHint(a webApp) string {
	switch {
	case a.framework == "FastAPI":
		return "add `fastapi[standard]` (or uvicorn) to the dependencies, as FastAPI's docs deploy it; or set `entrypoint` to a file that starts a server itself"
	case a.framework == "Litestar":
		return "add `litestar[standard]` (or uvicorn) to the dependencies, as `litestar run` needs; or set `entrypoint` to a file that starts a server itself"
	case a.asgi:
		return "add uvicorn to the dependencies; or set `entrypoint` to a file that starts a server itself"
	case a.framework == "Django":
		return "add gunicorn to the dependencies, as Django's deployment docs run it (manage.py runserver is for development only)"
	}
	return "add gunicorn to the dependencies (the development server is not for production); or set `entrypoint` to a file that starts a server itself"
}

// appSpec is the spec's `module:attribute` entrypoint: an application a server imports.
var appSpec = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*):([A-Za-z_][A-Za-z0-9_]*(?:\(\))?)$`)

// specApp is the application the spec's entrypoint names as module:attribute; its interface is
// the framework's among the dependencies (ASGI unless a WSGI framework is one, or the module is
// Django's wsgi). With no framework among the main dependencies, the framework of the one
// group or extra that holds one tells it (skyvern's FastAPI and uvicorn, in its `server`
// extra): serve then finds the server there and installs that set, where a WSGI server was
// asked for.
func specApp(s *spec.Spec, f lang.Facts, p *project, ep string) (webApp, bool) {
	m := appSpec.FindStringSubmatch(ep)
	if m == nil {
		return webApp{}, false
	}
	a := webApp{module: m[1], attr: m[2], from: "the spec's entrypoint"}
	installs := p.installs
	if !hasFramework(installs) {
		var holding []optionalDeps
		for _, o := range p.optional {
			if hasFramework(o.installs) {
				holding = append(holding, o)
			}
		}
		if len(holding) == 1 {
			installs = holding[0].installs
		}
	}
	switch {
	case installs["fastapi"]:
		a.framework, a.asgi = "FastAPI", true
	case installs["django"]:
		a.framework, a.asgi = "Django", strings.HasSuffix(a.module, "asgi")
		if d, ok := djangoApp(s, f); ok {
			a.django = d.django // its settings: collectstatic still runs
			a.django.wsgi, a.django.asgi = "", ""
		}
	case installs["flask"]:
		a.framework = "Flask"
	default:
		for _, d := range asgiFrameworks {
			if installs[d] {
				a.asgi = true
			}
		}
	}
	return a, true
}

// hasFramework reports a web framework specApp tells the interface of among installs.
func hasFramework(installs map[string]bool) bool {
	return installs["fastapi"] || installs["django"] || installs["flask"] || slices.ContainsFunc(asgiFrameworks, func(d string) bool { return installs[d] })
}

// asgiFrameworks are frameworks whose applications speak ASGI.
var asgiFrameworks = []string{"starlette", "litestar", "quart", "sanic", "falcon"}

// findApp is the application of a framework among the dependencies, found by the framework's
// conventions in the files read; ok is false when there is none. An error says what was found
// and what is missing.
func findApp(s *spec.Spec, f lang.Facts, p *project) (webApp, bool) {
	if p.installs["django"] {
		if a, ok := djangoApp(s, f); ok {
			if u, ok := uwsgiApp(p, "Django"); ok && a.module == "" {
				u.django = a.django // its settings: collectstatic runs
				return u, true
			}
			return a, true
		}
	}
	if p.installs["fastapi"] {
		if a, ok := fastapiApp(f, p); ok {
			return a, true
		}
	}
	if p.installs["flask"] {
		if a, ok := flaskApp(s, f, p); ok {
			return a, true
		}
		if a, ok := uwsgiApp(p, "Flask"); ok {
			return a, true
		}
	}
	if p.installs["litestar"] {
		if a, ok := litestarApp(s, f, p); ok {
			return a, true
		}
	}
	return webApp{}, false
}

// litestarFiles are the modules `litestar run` autodiscovers an application in, in order (its
// docs' canonical modules: app.py, app/__init__.py, the submodules of app, then the same of
// application); a pattern stands for a package's submodules.
var litestarFiles = []string{"app.py", "app/__init__.py", "app/*.py", "application.py", "application/__init__.py", "application/*.py"}

// litestarFactory is a top-level function: its name, and its return annotation when it is Litestar.
var litestarFactory = regexp.MustCompile(`(?m)^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\([^)]*\)\s*(->\s*["']?Litestar["']?)?\s*:`)

// litestarApp: LITESTAR_APP in the spec's env (module:attr, as `litestar run` reads it), else the
// first of litestarFiles with an `app` or `application`, a variable assigned Litestar(...), a
// create_app factory or a function annotated to return Litestar. Of a package's submodules
// (litestar-pg-redis-docker's app/main.py), which the CLI imports in the order the directory
// lists them, only one may have it: two leave the choice to the spec.
func litestarApp(s *spec.Spec, f lang.Facts, p *project) (webApp, bool) {
	a := webApp{framework: "Litestar", asgi: true}
	if mod, attr, ok := litestarEnvApp(s); ok {
		a.module, a.attr, a.from = mod, litestarAttr(f, p, mod, attr), "LITESTAR_APP in the spec's env"
		return a, true
	}
	for _, pattern := range litestarFiles {
		found := []webApp(nil)
		for _, file := range f.Glob(pattern) {
			if attr := litestarAttrOf(f.Text(file)); attr != "" && (path.Base(file) != "__init__.py" || !strings.Contains(pattern, "*")) {
				found = append(found, webApp{framework: "Litestar", asgi: true, module: moduleOf(file), attr: attr, from: file})
			}
		}
		if len(found) == 1 {
			return found[0], true
		}
	}
	return a, false
}

// litestarAttrOf is what a module makes that the Litestar CLI serves: an `app` or `application`,
// a variable assigned Litestar(...), else a create_app factory or a function annotated to return
// Litestar (with "()"); "" for none.
func litestarAttrOf(text string) string {
	if attr := appVariable(text, []string{"app", "application"}, "Litestar"); attr != "" {
		return attr
	}
	for _, m := range litestarFactory.FindAllStringSubmatch(text, -1) {
		if m[1] == "create_app" || m[2] != "" {
			return m[1] + "()"
		}
	}
	return ""
}

// litestarEnvApp is the module and attribute LITESTAR_APP in the spec's env names.
func litestarEnvApp(s *spec.Spec) (mod, attr string, ok bool) {
	v, ok := s.Env.Get("LITESTAR_APP")
	if !ok {
		return "", "", false
	}
	m := appSpec.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// fastapiFiles are where `fastapi run` looks for the application when given no path, in order.
var fastapiFiles = []string{"main.py", "app.py", "api.py", "app/main.py", "app/app.py", "app/api.py"}

// fastapiCandidates are the files a FastAPI application is looked for in, in order: fastapiFiles,
// the same three in the package named as the project (polar's polar/app.py), then that
// package's __init__.py (`fastapi run src/<package>` imports it: uv-docker-example's), then
// fastapiFiles under src/, then the package's __main__.py (LNbits' `app = create_app()`, which its own script serves as
// lnbits.__main__:app; `python -m` of it would build the application and exit).
func fastapiCandidates(p *project) []string {
	return slices.Concat(fastapiFiles, packageFiles(p, "main.py", "app.py", "api.py"), packageInits(p), fastapiSrcFiles, packageFiles(p, "__main__.py"))
}

// fastapiSrcFiles are fastapiFiles under src/, which a project that is no package, or whose
// package is src itself, imports from there as its own image does (hotelhub's src/main.py,
// `uvicorn main:app` in src/; FastAPI-boilerplate's src/app/main.py, copied to the image's
// app/ and served as app.main:app).
var fastapiSrcFiles = []string{"src/main.py", "src/app.py", "src/api.py", "src/app/main.py", "src/app/app.py", "src/app/api.py"}

// fastapiApp: pyproject.toml's [tool.fastapi] entrypoint, else the first of fastapiCandidates
// that has an `app` or `api` (the names `fastapi run` tries), or a variable it assigns
// FastAPI(...) to.
func fastapiApp(f lang.Facts, p *project) (webApp, bool) {
	a := webApp{framework: "FastAPI", asgi: true}
	if m := appSpec.FindStringSubmatch(p.fastapiEntry); m != nil {
		a.module, a.attr, a.from = m[1], m[2], "[tool.fastapi] entrypoint in pyproject.toml"
		return a, true
	}
	for _, file := range fastapiCandidates(p) {
		if !f.Has(file) {
			continue
		}
		if attr := appVariable(f.Text(file), []string{"app", "api"}, "FastAPI"); attr != "" {
			a.module, a.attr, a.from, a.src = p.moduleOf(file), attr, file, srcModule(p, file)
			return a, true
		}
	}
	// no application made at import: a factory (uvicorn --factory main:create_app, as uvicorn's
	// docs serve one), which without this ran as `python main.py`, made nothing and exited
	for _, file := range fastapiCandidates(p) {
		if name := fastapiFactory(f.Text(file)); name != "" {
			a.module, a.attr, a.from, a.src = p.moduleOf(file), name+"()", file, srcModule(p, file)
			return a, true
		}
	}
	return a, false
}

// topLevelDef is a function defined at the top level of a module: its name, its parameters and
// its return annotation.
var topLevelDef = regexp.MustCompile(`(?m)^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:->\s*["']?([\w.]+)["']?)?\s*:`)

// fastapiFactory is the name of a top-level function of text, a module that imports FastAPI,
// that makes its application and takes no argument it must be given: one annotated to return
// FastAPI, else one named as factories are (create_app, make_app, get_app, get_application,
// build_app); "" for none.
func fastapiFactory(text string) string {
	if !strings.Contains(text, "FastAPI") {
		return ""
	}
	named := ""
	for _, m := range topLevelDef.FindAllStringSubmatch(text, -1) {
		if !noRequiredParams(m[2]) {
			continue
		}
		if m[3] == "FastAPI" || m[3] == "fastapi.FastAPI" {
			return m[1]
		}
		if named == "" && slices.Contains([]string{"create_app", "make_app", "get_app", "get_application", "build_app"}, m[1]) {
			named = m[1]
		}
	}
	return named
}

// flaskFiles are the modules `flask run` imports when FLASK_APP names none, in order: wsgi and
// app, each a file or a package (Flask imports the name, and the package wins over the file);
// then the same under src/, where a src layout keeps its modules.
var flaskFiles = []string{"wsgi/__init__.py", "wsgi.py", "app/__init__.py", "app.py",
	"src/wsgi/__init__.py", "src/wsgi.py", "src/app/__init__.py", "src/app.py"}

// flaskPackageModules are the modules of the package named as the project a Flask application is
// looked for in after its __init__.py: ihatemoney's ihatemoney/wsgi.py, `application =
// create_app()`, which its Dockerfile's gunicorn serves.
var flaskPackageModules = []string{"wsgi.py", "app.py"}

// flaskPackagePatterns find the top-level packages, for a Flask application defined in the only
// one that defines one (flaskOnlyPackage).
var flaskPackagePatterns = []string{"*/__init__.py", "src/*/__init__.py"}

// flaskModulePatterns find the modules of top-level packages that conventionally hold a web
// application, for a Flask application made in the only one of them that makes one when no
// package's __init__.py does (SearXNG's searx/webapp.py, which its container serves as
// searx.webapp:app).
var flaskModulePatterns = []string{"*/webapp.py", "*/wsgi.py", "*/app.py", "*/application.py",
	"src/*/webapp.py", "src/*/wsgi.py", "src/*/app.py", "src/*/application.py"}

// flaskEnvFiles are the files the flask command loads FLASK_APP from (with python-dotenv), the
// first winning: python-dotenv loads .env, then .flaskenv without overriding what .env set.
var flaskEnvFiles = []string{".env", ".flaskenv"}

// flaskApp: FLASK_APP (the spec's env, else .env, else .flaskenv, which the flask command loads),
// else the wsgi or app module, else the project's own package (pyproject.toml's name), else the
// only top-level package that creates a Flask application; in the module, its `app` or
// `application`, a variable it assigns Flask(...) to, or its create_app or make_app factory, the
// names `flask` looks for.
func flaskApp(s *spec.Spec, f lang.Facts, p *project) (webApp, bool) {
	a := webApp{framework: "Flask"}
	if v, from := flaskAppVar(s, f); v != "" {
		mod, attr, _ := strings.Cut(v, ":")
		file := ""
		if strings.HasSuffix(mod, ".py") {
			file, mod = path.Clean(mod), moduleOf(mod)
		}
		if !moduleName.MatchString(mod) {
			return a, false
		}
		if attr == "" {
			attr = flaskAttr(f, moduleFiles(mod, file))
		}
		if !regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\(\))?$`).MatchString(attr) {
			return a, false // arguments to the factory: the spec must say how it runs
		}
		a.module, a.attr, a.from = mod, attr, "FLASK_APP in "+from
		for _, m := range moduleFiles(mod, file) {
			if f.Has(m) {
				a.src = srcModule(p, m)
				break
			}
		}
		return a, true
	}
	for _, file := range slices.Concat(flaskFiles, packageInits(p), packageFiles(p, flaskPackageModules...)) {
		if !f.Has(file) {
			continue
		}
		if attr := flaskAttr(f, []string{file}); attr != "" && (attr != "app" || mentionsApp(f.Text(file))) {
			a.module, a.attr, a.from, a.src = p.moduleOf(file), attr, file, srcModule(p, file)
			return a, true
		}
	}
	if file, attr, ok := flaskOnlyPackage(f, flaskPackagePatterns); ok {
		a.module, a.attr, a.from, a.src = p.moduleOf(file), attr, file+", the only package that creates a Flask application", srcModule(p, file)
		return a, true
	}
	if file, attr, ok := flaskOnlyPackage(f, flaskModulePatterns); ok {
		a.module, a.attr, a.from, a.src = p.moduleOf(file), attr, file+", the only module of a package's webapp, wsgi, app or application that creates a Flask application", srcModule(p, file)
		return a, true
	}
	return a, false
}

// srcModule reports a module file under src/ that is imported from there: the project is no
// package, so nothing installs src/'s modules into the venv (moduleOf names them without src/),
// or its package is src itself (Poetry's `packages = [{include = "src"}]`: the venv has
// src.app, not app).
func srcModule(p *project, file string) bool {
	return (!p.pkg || slices.Contains(p.packageDirs, "src")) && strings.HasPrefix(path.Clean(file), "src/")
}

// flaskOnlyPackage is the only file of the patterns' in a top-level package (or package under
// src/) that creates a Flask application, and the application's attribute: with
// flaskPackagePatterns, an __init__.py (flask-on-docker's project/__init__.py, `app =
// Flask(__name__)`, which its gunicorn serves through manage.py); with flaskModulePatterns, a
// webapp, wsgi, app or application module (SearXNG's searx/webapp.py). ok is false when none or
// several do. Tests' and documentation's packages are not the image's.
func flaskOnlyPackage(f lang.Facts, patterns []string) (string, string, bool) {
	var found []string
	attr := ""
	for _, pattern := range patterns {
		for _, file := range f.Glob(pattern) {
			switch path.Base(path.Dir(file)) {
			case "test", "tests", "testing", "docs", "doc", "examples", "migrations":
				continue
			}
			text := f.Text(file)
			if !regexp.MustCompile(`\bFlask\(`).MatchString(text) {
				continue
			}
			if a := flaskAttr(f, []string{file}); a != "" {
				found, attr = append(found, file), a
			}
		}
	}
	if len(found) != 1 {
		return "", "", false
	}
	return found[0], attr, true
}

// flaskAppVar is FLASK_APP from the spec's env, else from .env, else from .flaskenv, and where it
// was found. A value that expands a variable is not read (nor, after it, .flaskenv's).
func flaskAppVar(s *spec.Spec, f lang.Facts) (string, string) {
	if v, ok := s.Env.Get("FLASK_APP"); ok && !strings.Contains(v, "$") {
		return strings.TrimSpace(v), "the spec's env"
	}
	for _, file := range flaskEnvFiles {
		if v, ok := lang.DotenvValue(f.Text(file), "FLASK_APP"); ok {
			if strings.Contains(v, "$") {
				break // set from elsewhere: the later files set it no more
			}
			return v, file
		}
	}
	return "", ""
}

// flaskAttr is the application of the first of files that was read: app, application, a
// variable assigned Flask(...), else a create_app or make_app factory that takes no argument
// (flask calls it without any); "app" when none was read.
func flaskAttr(f lang.Facts, files []string) string {
	for _, file := range files {
		if !f.Has(file) {
			continue
		}
		text := f.Text(file)
		if attr := appVariable(text, []string{"app", "application"}, "Flask"); attr != "" {
			return attr
		}
		// a variable of another name assigned what the factory makes (flaskbb's wsgi.py:
		// flaskbb = create_app(config="flaskbb.cfg"))
		if m := factoryResult.FindStringSubmatch(text); m != nil {
			return m[1]
		}
		for _, fn := range []string{"create_app", "make_app"} {
			if m := regexp.MustCompile(`(?m)^def\s+` + fn + `\s*\(([^)]*)\)`).FindStringSubmatch(text); m != nil && noRequiredParams(m[1]) {
				return fn + "()"
			}
		}
		return ""
	}
	return "app"
}

// factoryResult is a top-level variable assigned a call of a Flask factory: its name.
var factoryResult = regexp.MustCompile(`(?m)^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:[\w.]+\.)?(?:create_app|make_app)\(`)

// flaskInstanceUse is a Flask application module that writes in its instance folder: it names
// the folder (app.instance_path, the tutorial's os.makedirs(app.instance_path) and its SQLite
// database there) or makes its configuration relative to it.
var flaskInstanceUse = regexp.MustCompile(`\.instance_path\b|\binstance_relative_config\s*=\s*True\b`)

// flaskInstanceDir is the Flask application's instance folder in the context, when the module
// it is made in writes there (flaskInstanceUse): Flask puts it beside the top-level package or
// module the application's import name starts with, "instance" for one at the root of the
// context (imported from /app), "src/instance" for a src layout's imported from /app/src; ""
// otherwise (a package's module under src/ is imported from the venv, whose instance folder is
// elsewhere).
func flaskInstanceDir(f lang.Facts, a webApp) string {
	if a.framework != "Flask" {
		return ""
	}
	top, _, _ := strings.Cut(a.module, ".")
	base := a.base()
	if !f.Has(path.Join(base, top+".py")) && !f.Has(path.Join(base, top, "__init__.py")) {
		return ""
	}
	for _, file := range moduleFiles(a.module, "") {
		if f.Has(file) && flaskInstanceUse.MatchString(stripStrings(f.Text(file))) {
			return path.Join(base, "instance")
		}
	}
	return ""
}

// noRequiredParams reports a parameter list every parameter of which has a default (or is *args,
// **kwargs, or the `*` and `/` markers): a function that can be called without arguments.
func noRequiredParams(params string) bool {
	for _, p := range strings.Split(params, ",") {
		p = strings.TrimSpace(p)
		if p != "" && p != "/" && !strings.HasPrefix(p, "*") && !strings.Contains(p, "=") {
			return false
		}
	}
	return true
}

// mentionsApp reports a module that defines or imports something named app (wsgi.py or app.py
// without one is no Flask application).
func mentionsApp(text string) bool {
	return appVariable(text, []string{"app", "application"}, "Flask") != ""
}

// appVariable is the first of names that the module text assigns or imports at its top level,
// else a top-level variable assigned cls(...): a regular-expression reading, not Python's.
func appVariable(text string, names []string, cls string) string {
	for _, n := range names {
		assigned := regexp.MustCompile(`(?m)^` + n + `\s*(:[^=\n]*)?=[^=]`)
		imported := regexp.MustCompile(`(?m)^from\s+[\w.]+\s+import\s+[^#\n]*\b` + n + `\b`)
		if assigned.MatchString(text) || imported.MatchString(text) {
			return n
		}
	}
	if m := regexp.MustCompile(`(?m)^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*(?:\w+\.)?` + cls + `\(`).FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// moduleOf is the module a file of the context is imported as: app/main.py -> app.main,
// flaskr/__init__.py -> flaskr, src/flaskr/__init__.py -> flaskr (installed from src/).
func moduleOf(file string) string {
	file = strings.TrimPrefix(path.Clean(file), "src/")
	file = strings.TrimSuffix(strings.TrimSuffix(file, ".py"), "/__init__")
	return strings.ReplaceAll(file, "/", ".")
}

// moduleOf is the module a file of the project is imported as once installed: below a
// directory the build backend puts packages in (a package directory's parent, a package root:
// source/shop/__init__.py -> shop with Poetry's from = "source"), else as moduleOf says.
func (p *project) moduleOf(file string) string {
	file = path.Clean(file)
	for _, dir := range p.packageDirs {
		if parent := path.Dir(dir); parent != "." && (file == dir+".py" || strings.HasPrefix(file, dir+"/")) {
			return moduleOf(strings.TrimPrefix(file, parent+"/"))
		}
	}
	for _, root := range p.packageRoots {
		if strings.HasPrefix(file, root+"/") {
			return moduleOf(strings.TrimPrefix(file, root+"/"))
		}
	}
	return moduleOf(file)
}

// moduleFiles are the files a module may be: a file or a package, at the top or under src/.
func moduleFiles(mod, file string) []string {
	if file != "" {
		return []string{file}
	}
	rel := strings.ReplaceAll(mod, ".", "/")
	return []string{rel + ".py", rel + "/__init__.py", "src/" + rel + "/__init__.py"}
}

// packageInits are the __init__.py files of the package named as the project is: at the top,
// under src/, where the build backend's settings put it (packageDirs, packageRoots).
func packageInits(p *project) []string {
	name := strings.ReplaceAll(normalize(p.name), "-", "_")
	if !moduleName.MatchString(name) || strings.Contains(name, ".") {
		return nil
	}
	out := []string{name + "/__init__.py", "src/" + name + "/__init__.py"}
	add := func(file string) {
		out = lang.AppendNew(out, file)
	}
	for _, dir := range p.packageDirs {
		if path.Base(dir) == name {
			add(dir + "/__init__.py")
		}
	}
	for _, root := range p.packageRoots {
		add(path.Join(root, name, "__init__.py"))
	}
	return out
}

// packageFiles are files of the package named as the project is (packageInits).
func packageFiles(p *project, names ...string) []string {
	var out []string
	for _, init := range packageInits(p) {
		for _, n := range names {
			out = append(out, path.Join(path.Dir(init), n))
		}
	}
	return out
}

// frameworkReads are the files the conventions of the frameworks among the dependencies name,
// asked for through Follow: Django's manage.py, then its settings' packages (for its tests and
// collectstatic, whatever the entrypoint); without an entrypoint, the files `fastapi run` and
// `flask run` look at, .flaskenv, and what they lead to (FLASK_APP's module, the project's
// package).
func frameworkReads(s *spec.Spec, f lang.Facts, p *project) []string {
	var out []string
	if p.installs["uwsgi"] {
		out = append(out, uwsgiConfigs...) // its application, and the Django settings it sets
	}
	if p.installs["django"] {
		out = append(out, "manage.py", "src/manage.py", managePattern)
		out = append(out, djangoReads(s, f)...)
	}
	if p.installs["flask"] {
		out = append(out, flaskDBConfigs...) // the directories its configuration writes (flaskdirs.go, flasksqlite.go)
	}
	// the script the image runs: its commands and listen options (argparse.go, clilisten.go)
	served := servedScriptFiles(s, f, p)
	out = append(out, served...)
	_, imported := scriptImportsOf(f, p, servedScriptModule(s, p), served)
	out = append(out, imported...)
	// the modules whose functions register its commands on its group (servecommand.go)
	out = append(out, registrarReads(f, p, servedScriptModule(s, p), served)...)
	if strings.TrimSpace(s.Entrypoint) == "" {
		if p.installs["fastapi"] {
			out = append(out, fastapiCandidates(p)...)
		}
		if p.installs["litestar"] {
			out = append(out, litestarFiles...)
			// the module LITESTAR_APP names, in the spec's env or the only script's module: is
			// the attribute a factory or an instance (litestarAttr)?
			if mod, _, ok := litestarEnvApp(s); ok {
				out = append(out, moduleCandidates(f, p, mod)...)
			}
			if file, cli, ok := managementScript(f, p); ok && cli.framework == "Litestar" {
				if mod, _, ok := litestarAppOf(f.Text(file)); ok {
					out = append(out, moduleCandidates(f, p, mod)...)
				}
			}
		}
		if p.installs["flask"] {
			out = append(out, flaskFiles...)
			out = append(out, flaskEnvFiles...)
			out = append(out, packageInits(p)...)
			out = append(out, packageFiles(p, flaskPackageModules...)...)
			out = append(out, flaskPackagePatterns...)
			out = append(out, flaskModulePatterns...)
			if v, _ := flaskAppVar(s, f); v != "" {
				mod, _, _ := strings.Cut(v, ":")
				if strings.HasSuffix(mod, ".py") {
					out = append(out, path.Clean(mod))
				} else if moduleName.MatchString(mod) {
					out = append(out, moduleFiles(mod, "")...)
				}
			}
		}
	}
	return slices.DeleteFunc(out, func(n string) bool { return lang.CheckContextName(n) != nil })
}
