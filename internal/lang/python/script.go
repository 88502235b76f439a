package python

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// frameworkCLI is a framework's command line a project's script may run: Django's management
// commands, which manage.py and a project's management CLI call (netbox's `netbox =
// "netbox.cli:main"`), or the Litestar CLI (litestar-fullstack's `app = "app.__main__:run_cli"`).
type frameworkCLI struct {
	framework, dist, runs string
	// call is what the script's module does to run it, read as text.
	call *regexp.Regexp
	// own are the framework's own console scripts' targets, which a project's script may name
	// itself (litestar-hello-world's `app = "litestar.__main__:run_cli"`): their modules are
	// the framework's, not in the context to be read.
	own []string
}

var frameworkCLIs = []frameworkCLI{
	{"Django", "django", "Django's management commands", regexp.MustCompile(`\b(?:execute_from_command_line|ManagementUtility)\s*\(`),
		[]string{"django.core.management:execute_from_command_line"}},
	{"Litestar", "litestar", "the Litestar CLI", regexp.MustCompile(`\blitestar_group\b|\bLitestarGroup\b|\bLitestarExtensionGroup\b|\bfrom\s+litestar\.__main__\s+import\b`),
		[]string{"litestar.__main__:run_cli", "litestar.cli.main:litestar_group", "litestar.cli:litestar_group"}},
	// flask.cli's FlaskGroup, or a subclass of it (flaskbb's FlaskBBGroup): the flask command
	// with the project's application
	{"Flask", "flask", "Flask's command line (a FlaskGroup)", regexp.MustCompile(`\bFlaskGroup\b`),
		[]string{"flask.cli:main"}},
}

// litestarAppSet is LITESTAR_APP given a default in the module (os.environ.setdefault, or set),
// the application the Litestar CLI then runs.
var litestarAppSet = regexp.MustCompile(`LITESTAR_APP["']\s*(?:,|\]\s*=)\s*["']([^"']+)["']`)

// scriptApp is the application a Litestar CLI script's module names in LITESTAR_APP; ok is
// false for none, or another framework's script (its application is found as ever).
func scriptApp(f lang.Facts, p *project, text string, cli frameworkCLI) (webApp, bool) {
	if cli.framework != "Litestar" {
		return webApp{}, false
	}
	mod, attr, ok := litestarAppOf(text)
	if !ok {
		return webApp{}, false
	}
	return webApp{framework: "Litestar", asgi: true, module: mod, attr: litestarAttr(f, p, mod, attr), from: "LITESTAR_APP in the script's module"}, true
}

// litestarAppOf is the module and attribute a module's text gives LITESTAR_APP as a default.
func litestarAppOf(text string) (mod, attr string, ok bool) {
	m := litestarAppSet.FindStringSubmatch(text)
	if m == nil {
		return "", "", false
	}
	app := appSpec.FindStringSubmatch(strings.TrimSpace(m[1]))
	if app == nil {
		return "", "", false
	}
	return app[1], app[2], true
}

// litestarAttr is the attribute LITESTAR_APP names, with "()" when it is a factory: the Litestar
// CLI calls a factory it is given, and the server must be told (--factory). The module's file
// says which: a top-level def is a factory, an assignment an instance; when no file of the
// module was read, or it only imports the name, the name says it (create_*, make_*, build_*).
func litestarAttr(f lang.Facts, p *project, mod, attr string) string {
	if strings.HasSuffix(attr, ")") {
		return attr
	}
	for _, file := range moduleCandidates(f, p, mod) {
		if !f.Has(file) {
			continue
		}
		switch definesAs(f.Text(file), attr) {
		case "function":
			return attr + "()"
		case "value":
			return attr
		}
	}
	if factoryName.MatchString(attr) {
		return attr + "()"
	}
	return attr
}

// definesAs is how a module's text defines a top-level name: "function" (def, async def),
// "value" (an assignment, annotated or not), or "" (neither: imported, or absent). The last
// definition in the file wins, as when Python runs it.
func definesAs(text, name string) string {
	re := regexp.MustCompile(`(?m)^(?:(?:async\s+)?def\s+(` + regexp.QuoteMeta(name) + `)\s*\(|(` + regexp.QuoteMeta(name) + `)\s*(?::[^=\n]*)?=[^=])`)
	kind := ""
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		if m[1] != "" {
			kind = "function"
		} else {
			kind = "value"
		}
	}
	return kind
}

// factoryName is a function name that makes an application (create_app, make_app,
// build_application): what says it is a factory when its module was not read.
var factoryName = regexp.MustCompile(`^(?:create|make|build)_\w+$`)

// onlyScriptModule is the module the project's only script calls ("" for none, or a script
// whose target is not a plain module:function).
func onlyScriptModule(p *project) string {
	if !p.pkg || len(p.scripts) != 1 {
		return ""
	}
	mod, _, _ := strings.Cut(strings.TrimSpace(p.scriptTargets[p.scripts[0]]), ":")
	mod = strings.TrimSpace(mod)
	if !moduleName.MatchString(mod) {
		return ""
	}
	return mod
}

// webFrameworks are the frameworks whose application the image may serve instead of the
// project's only script (managementScript, printScript).
var webFrameworks = []string{"django", "litestar", "fastapi", "flask"}

// scriptModuleFiles are the files the only script's module may be, for a project with a web
// framework (managementScript, printScript): moduleCandidates.
func scriptModuleFiles(f lang.Facts, p *project) []string {
	mod := onlyScriptModule(p)
	if mod == "" || !slices.ContainsFunc(webFrameworks, func(d string) bool { return p.installs[d] }) {
		return nil
	}
	return moduleCandidates(f, p, mod)
}

// printCall is a call a function that only says something makes: print, a logger's, click's or
// typer's echo, sys.exit, string formatting.
var printCall = regexp.MustCompile(`^(?:print|str|repr|len|format|sys\.exit|(?:click|typer|rich)\.(?:echo|secho|print)|(?:logging|logger|log|LOGGER|LOG)\.\w+|.*\.format)$`)

// callName finds the calls in a function's body: a dotted name followed by "(".
var callName = regexp.MustCompile(`([A-Za-z_][\w.]*)\s*\(`)

// printScript reports the file of the project's only script whose function only prints or logs
// (uv's templates: `def hello(): print("Hello world")`, `uv init --package`'s main): a
// placeholder, not the program, when a web framework's application is among the project's
// files. Read as text: the function is the script's top-level def; its body makes a call, and
// each is one of printCall's, so a function that calls anything else (a server, the project's
// own code), or nothing, runs as before.
func printScript(f lang.Facts, p *project) (string, bool) {
	file, body, ok := scriptFunction(f, p)
	if !ok {
		return "", false
	}
	calls := callName.FindAllStringSubmatch(stripStrings(body), -1)
	for _, m := range calls {
		if !printCall.MatchString(m[1]) {
			return "", false
		}
	}
	return file, len(calls) > 0 // an empty body (pass) says nothing: it runs
}

// scriptFunction is the body of the project's only script's function (its top-level def) in
// the first file of the script's module that was read, and that file; ok is false without one
// script, a plain function name, or the def (or with a signature over several lines).
func scriptFunction(f lang.Facts, p *project) (file, body string, ok bool) {
	if onlyScriptModule(p) == "" {
		return "", "", false
	}
	_, fn, _ := strings.Cut(p.scriptTargets[p.scripts[0]], ":")
	fn = strings.TrimSpace(fn)
	if !regexp.MustCompile(`^[A-Za-z_]\w*$`).MatchString(fn) {
		return "", "", false
	}
	for _, file := range scriptModuleFiles(f, p) {
		if f.Has(file) {
			body, ok := functionBody(f.Text(file), fn)
			return file, body, ok
		}
	}
	return "", "", false
}

// reloadRun is a call that starts a development server: uvicorn.run(..., reload=True), a
// framework's app.run(..., debug=True) or run(..., use_reloader=True), read in the script's
// function with its strings blanked.
var reloadRun = regexp.MustCompile(`\brun\((?s:[^)]*?)\b(?:reload|debug|use_reloader)\s*=\s*True\b`)

// developmentScript reports the file of the project's only script whose function starts a
// development server (reloadRun): mealie's `start = "mealie.app:main"`, uvicorn.run("app:app",
// reload=True, ...), which its Dockerfile does not run.
func developmentScript(f lang.Facts, p *project) (string, bool) {
	file, body, ok := scriptFunction(f, p)
	return file, ok && reloadRun.MatchString(stripStrings(body))
}

// functionBody is the body of a module's top-level function fn: what follows its def line's
// colon, and the lines after it up to the next line at the top level (the last def of that name,
// as Python binds it). ok is false for none, or a signature over several lines.
func functionBody(text, fn string) (string, bool) {
	defs := regexp.MustCompile(`(?m)^(?:async\s+)?def\s+`+regexp.QuoteMeta(fn)+`\s*\([^)\n]*\)\s*(?:->[^:\n]+)?:(.*)$`).FindAllStringSubmatchIndex(text, -1)
	if defs == nil {
		return "", false
	}
	return defBlock(text[defs[len(defs)-1][2]:]), true
}

// defBlock is a def's body from the text after the colon ending its signature: the rest of that
// line, and the lines after it up to the next line at the top level (a blank or comment line does
// not end it).
func defBlock(afterColon string) string {
	lines := strings.Split(afterColon, "\n")
	body := []string{lines[0]}
	for _, line := range lines[1:] {
		if line != "" && line[0] != ' ' && line[0] != '\t' && line[0] != '#' {
			break
		}
		body = append(body, line)
	}
	return strings.Join(body, "\n")
}

// stripStrings leaves out the text of string literals, whose words are no calls.
func stripStrings(text string) string {
	return regexp.MustCompile(`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'`).ReplaceAllString(text, `""`)
}

// moduleCandidates are the files a module may be: a file or a package at the top, under src/,
// under the directory of a manage.py a level down, which the project's modules are imported from
// (netbox/netbox/cli.py), under the directory the build backend puts its top package in (hatch's
// wheel packages, litestar-fullstack's "src/py/app": src/py/app/__main__.py; Poetry's packages'
// from; setuptools' package-dir), or under setuptools' package roots (package-dir's "",
// packages.find's where).
func moduleCandidates(f lang.Facts, p *project, mod string) []string {
	rel := strings.ReplaceAll(mod, ".", "/")
	bases := []string{"", "src"}
	if b := newDjango(f, manageFile(f)).base(); b != "" && b != "src" {
		bases = append(bases, b)
	}
	top, _, _ := strings.Cut(mod, ".")
	for _, dir := range p.packageDirs {
		if path.Base(dir) == top && path.Dir(dir) != "." && !slices.Contains(bases, path.Dir(dir)) {
			bases = append(bases, path.Dir(dir))
		}
	}
	bases = lang.AppendNew(bases, p.packageRoots...)
	var out []string
	for _, b := range bases {
		out = append(out, path.Join(b, rel+".py"), path.Join(b, rel, "__init__.py"))
	}
	return out
}

// managementScript reports the file of the project's only script that runs its framework's
// command line (frameworkCLIs), and which: the script is the project's command line for its
// application, not the program its image runs. Read as text, in the script's module, else in
// the modules of the project's own package it imports (scriptImports: wger's `wger =
// "wger.__main__:main"` runs an invoke program that wger/tasks.py makes, whose tasks call
// Django's management commands); file then says which module imported it. A script naming the
// framework's own command line (frameworkCLI.own) is one too, file then naming that module.
func managementScript(f lang.Facts, p *project) (file string, cli frameworkCLI, ok bool) {
	if p.pkg && len(p.scripts) == 1 {
		target := strings.Join(strings.Fields(p.scriptTargets[p.scripts[0]]), "")
		for _, c := range frameworkCLIs {
			if p.installs[c.dist] && slices.Contains(c.own, target) {
				mod, _, _ := strings.Cut(target, ":")
				return c.framework + "'s own module " + mod, c, true
			}
		}
	}
	find := func(files []string) (string, frameworkCLI, bool) {
		for _, file := range files {
			for _, c := range frameworkCLIs {
				if p.installs[c.dist] && c.call.MatchString(f.Text(file)) {
					return file, c, true
				}
			}
		}
		return "", frameworkCLI{}, false
	}
	if file, cli, ok := find(scriptModuleFiles(f, p)); ok {
		return file, cli, true
	}
	from, imported := scriptImports(f, p)
	if file, cli, ok := find(imported); ok {
		return file + ", which " + from + " imports", cli, true
	}
	return "", frameworkCLI{}, false
}

// maxScriptImports bounds the modules of the script's module's imports that are read.
const maxScriptImports = 8

// projectImport is an import of a module at the top level of a module's text: `from wger.tasks
// import make_program`, `from .tasks import x` (relative), `import wger.tasks`.
var projectImport = regexp.MustCompile(`(?m)^(?:from\s+(\.*[\w.]*)\s+import\b|import\s+([\w.]+))`)

// scriptImports are the files the modules of the project's own package (the script module's top
// package) may be, which the only script's module imports, one level: from is the script's
// module file (the first of scriptModuleFiles that was read), "" with none.
func scriptImports(f lang.Facts, p *project) (from string, files []string) {
	return scriptImportsOf(f, p, onlyScriptModule(p), scriptModuleFiles(f, p))
}

// scriptImportsOf is scriptImports for the script module mod and the files it may be
// (servedScriptModule and servedScriptFiles).
func scriptImportsOf(f lang.Facts, p *project, mod string, modFiles []string) (from string, files []string) {
	for _, file := range modFiles {
		if !f.Has(file) {
			continue
		}
		top, _, _ := strings.Cut(mod, ".")
		pkg := mod // the package a relative import starts from
		if path.Base(file) != "__init__.py" {
			pkg = strings.TrimSuffix(path.Dir(strings.ReplaceAll(mod, ".", "/")), ".")
			pkg = strings.ReplaceAll(pkg, "/", ".")
		}
		var seen []string
		for _, m := range projectImport.FindAllStringSubmatch(f.Text(file), -1) {
			name := m[2]
			if m[1] != "" {
				name = resolveImport(m[1], pkg)
			}
			if t, _, _ := strings.Cut(name, "."); t != top || name == mod || slices.Contains(seen, name) || !moduleName.MatchString(name) {
				continue
			}
			if seen = append(seen, name); len(seen) > maxScriptImports {
				break
			}
			files = append(files, moduleCandidates(f, p, name)...)
		}
		return file, files
	}
	return "", nil
}

// cliLibrary is a command-line library a script's module imports: its first submatch the name.
var cliLibrary = regexp.MustCompile(`(?m)^\s*(?:import|from)\s+(click|typer|argparse|fire|cyclopts)\b`)

// startsServer is what a module that may serve names: a server, an HTTP library, a run or serve
// call (asyncio.run and subprocess.run too: a module that runs something may serve).
var startsServer = regexp.MustCompile(`\b(?:uvicorn|gunicorn|granian|hypercorn|waitress|daphne|werkzeug|bjoern|cheroot|aiohttp|tornado|twisted|cherrypy|socketserver|wsgiref|http\.server|execute_from_command_line|ManagementUtility)\b|\.run\(|\brun_app\(|\bserve\(|\bserve_forever\(|\brun_simple\(`)

// commandLineScript is the CommandLineScript note, when the project's only script runs (it is no
// management script and does not only print) and its module, read as text, imports a
// command-line library and names no server nor run or serve call, while a web framework's
// application is found that a server of the main dependencies serves: the image runs a command
// line that, without a command, prints its usage and exits (a click or typer CLI over a Django
// project). None otherwise; either way the script runs.
func commandLineScript(s *spec.Spec, f lang.Facts, p *project, field string) []plan.Note {
	for _, file := range scriptModuleFiles(f, p) {
		if !f.Has(file) {
			continue
		}
		text := f.Text(file)
		lib := cliLibrary.FindStringSubmatch(text)
		if lib == nil || startsServer.MatchString(stripStrings(text)) {
			return nil
		}
		a, ok := findApp(s, f, p)
		if !ok || a.module == "" {
			return nil
		}
		sv, a, ok := pickServer(p.installs, a)
		if !ok {
			return nil
		}
		return commandLineNote(p, field, "a "+lib[1]+" command line", file,
			fmt.Sprintf("the %s, which %s among the dependencies serves, is not run", describe(a), sv.name),
			fmt.Sprintf("set `entrypoint: %s` to serve the application (and `processes` for the script's commands)", a.target()))
	}
	return nil
}

// frameworkCLIScript is the CommandLineScript note, when the project's only script runs and is
// its framework's command line (managementScript: Django's management commands, the Litestar
// CLI, a FlaskGroup), whose application planning did not find, so it was not passed over
// (managementScriptPassedOver): run without a command it prints its usage and exits (indico's
// `indico`, a FlaskGroup subclass over an application its factory makes). None otherwise.
func frameworkCLIScript(f lang.Facts, p *project, field string) []plan.Note {
	file, cli, ok := managementScript(f, p)
	if !ok {
		return nil
	}
	return commandLineNote(p, field, cli.runs, file,
		"no "+cli.framework+" application is found where planning looks for one",
		"set `entrypoint` to the application (`module:attribute`, or `module:factory()` for a function that makes it), which a server serves (one of the dependencies, else one the image adds)")
}

// commandLineNote is a CommandLineScript note of the project's only script.
func commandLineNote(p *project, field, what, file, unserved, fix string) []plan.Note {
	name := p.scripts[0]
	return append([]plan.Note(nil), rules.CommandLineScript.Note(field, rules.CommandLineScript.Format(name, p.scriptTargets[name], what, file, unserved, fix)))
}
