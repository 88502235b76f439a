package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
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
