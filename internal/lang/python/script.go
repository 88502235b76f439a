package python

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// managementCall is a call of Django's management entry points, which manage.py and a
// project's management CLI make (netbox's `netbox = "netbox.cli:main"`).
var managementCall = regexp.MustCompile(`\b(?:execute_from_command_line|ManagementUtility)\s*\(`)

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

// scriptModuleFiles are the files the only script's module may be, for a Django project
// (managementScript): a file or a package at the top, under src/, or under the directory of
// a manage.py a level down, which the project's modules are imported from (netbox/netbox/cli.py).
func scriptModuleFiles(f lang.Facts, p *project) []string {
	mod := onlyScriptModule(p)
	if mod == "" || !p.installs["django"] {
		return nil
	}
	rel := strings.ReplaceAll(mod, ".", "/")
	bases := []string{"", "src"}
	if b := (&djangoProject{manage: manageFile(f)}).base(); b != "" && b != "src" {
		bases = append(bases, b)
	}
	var out []string
	for _, b := range bases {
		out = append(out, path.Join(b, rel+".py"), path.Join(b, rel, "__init__.py"))
	}
	return out
}

// managementScript reports the file of the project's only script that runs Django's
// management commands (execute_from_command_line, ManagementUtility): the script is the
// project's command line for its Django application, not the program its image runs. Read as
// text: a script that reaches them through another module is not seen.
func managementScript(f lang.Facts, p *project) (file string, ok bool) {
	for _, file := range scriptModuleFiles(f, p) {
		if managementCall.MatchString(f.Text(file)) {
			return file, true
		}
	}
	return "", false
}
