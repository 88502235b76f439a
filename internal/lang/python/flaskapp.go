package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// Where a Flask application is: as `flask run` finds it (FLASK_APP, else its wsgi and app
// modules), or the package named as the project, with the attribute that makes it.

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
