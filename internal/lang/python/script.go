package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// frameworkCLI is a framework's command line a project's script may run: Django's management
// commands, which manage.py and a project's management CLI call (netbox's `netbox =
// "netbox.cli:main"`), or the Litestar CLI (litestar-fullstack's `app = "app.__main__:run_cli"`).
type frameworkCLI struct {
	framework, dist, runs string
	// call is what the script's module does to run it, read as text.
	call *regexp.Regexp
}

var frameworkCLIs = []frameworkCLI{
	{"Django", "django", "Django's management commands", regexp.MustCompile(`\b(?:execute_from_command_line|ManagementUtility)\s*\(`)},
	{"Litestar", "litestar", "the Litestar CLI", regexp.MustCompile(`\blitestar_group\b|\bLitestarGroup\b|\bLitestarExtensionGroup\b|\bfrom\s+litestar\.__main__\s+import\b`)},
}

// litestarAppSet is LITESTAR_APP given a default in the module (os.environ.setdefault, or set),
// the application the Litestar CLI then runs.
var litestarAppSet = regexp.MustCompile(`LITESTAR_APP["']\s*(?:,|\]\s*=)\s*["']([^"']+)["']`)

// scriptApp is the application a Litestar CLI script's module names in LITESTAR_APP; ok is
// false for none, or another framework's script (its application is found as ever).
func scriptApp(text string, cli frameworkCLI) (webApp, bool) {
	if cli.framework != "Litestar" {
		return webApp{}, false
	}
	m := litestarAppSet.FindStringSubmatch(text)
	if m == nil {
		return webApp{}, false
	}
	app := appSpec.FindStringSubmatch(strings.TrimSpace(m[1]))
	if app == nil {
		return webApp{}, false
	}
	attr := app[2]
	if factoryName.MatchString(attr) {
		attr += "()" // the CLI calls a factory it is given; the server must be told
	}
	return webApp{framework: "Litestar", asgi: true, module: app[1], attr: attr, from: "LITESTAR_APP in the script's module"}, true
}

// factoryName is a function name that makes an application (create_app, make_app,
// build_application): the module it is in is not read, so the name says it.
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

// scriptModuleFiles are the files the only script's module may be, for a project whose
// framework has a command line (managementScript): a file or a package at the top, under src/,
// under the directory of a manage.py a level down, which the project's modules are imported from
// (netbox/netbox/cli.py), or under the directory hatch's wheel packages put the package in
// (litestar-fullstack's packages = ["src/py/app"]: src/py/app/__main__.py).
func scriptModuleFiles(f lang.Facts, p *project) []string {
	mod := onlyScriptModule(p)
	if mod == "" || !slices.ContainsFunc(frameworkCLIs, func(c frameworkCLI) bool { return p.installs[c.dist] }) {
		return nil
	}
	rel := strings.ReplaceAll(mod, ".", "/")
	bases := []string{"", "src"}
	if b := (&djangoProject{manage: manageFile(f)}).base(); b != "" && b != "src" {
		bases = append(bases, b)
	}
	top, _, _ := strings.Cut(mod, ".")
	for _, dir := range p.packageDirs {
		if path.Base(dir) == top && path.Dir(dir) != "." && !slices.Contains(bases, path.Dir(dir)) {
			bases = append(bases, path.Dir(dir))
		}
	}
	var out []string
	for _, b := range bases {
		out = append(out, path.Join(b, rel+".py"), path.Join(b, rel, "__init__.py"))
	}
	return out
}

// managementScript reports the file of the project's only script that runs its framework's
// command line (frameworkCLIs), and which: the script is the project's command line for its
// application, not the program its image runs. Read as text: a script that reaches it through
// another module is not seen.
func managementScript(f lang.Facts, p *project) (file string, cli frameworkCLI, ok bool) {
	for _, file := range scriptModuleFiles(f, p) {
		for _, c := range frameworkCLIs {
			if p.installs[c.dist] && c.call.MatchString(f.Text(file)) {
				return file, c, true
			}
		}
	}
	return "", frameworkCLI{}, false
}
