package procs

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Heroku's PHP buildpack starts a PHP application with a boot script of its own,
// `heroku-php-apache2` or `heroku-php-nginx` (from the buildpack, or from the
// heroku/heroku-buildpack-php package's vendor/bin), which runs Apache or nginx in front of
// php-fpm, serving the document root it is given: `web: vendor/bin/heroku-php-nginx -C
// nginx_app.conf public/` (firefly-iii's Procfile). The image has neither web server nor the
// script: its runtime stage serves the application the same way (php-fpm behind Caddy), so such
// a process is left out and the runtime stays the default target.

// bootScripts are the buildpack's boot scripts.
var bootScripts = []string{"heroku-php-apache2", "heroku-php-nginx"}

// bootOptions are the boot scripts' options that take a value (-C an httpd/nginx include, -F a
// php-fpm include, -i a php.ini, -l a log file to tail, -p a port).
var bootOptions = []string{"-C", "-F", "-i", "-l", "-p"}

// composerBinDir is a command's start that asks composer where the packages' executables are
// (Part-DB's `web: $(composer config bin-dir)/heroku-php-apache2 public/`): read as vendor/bin,
// composer's default, for the boot script's name and arguments only.
const composerBinDir = "$(composer config bin-dir)/"

// bootWords are the process's words as simpleWords reads them, a leading composerBinDir read
// as vendor/bin/ (a command substitution is otherwise shell syntax, which has no words).
func bootWords(pr process) []string {
	if pr.shell != "" {
		cmd := pr.shell + " "
		lead := assignments.FindString(cmd)
		if rest, ok := strings.CutPrefix(cmd[len(lead):], composerBinDir); ok {
			pr.shell = lead + "vendor/bin/" + rest
		}
	}
	return simpleWords(pr)
}

// bootScript is the boot script a process runs (its first word's name, after the NAME=value
// words), "" for another command.
func bootScript(pr process) string {
	words := bootWords(pr)
	if len(words) == 0 || !slices.Contains(bootScripts, path.Base(words[0])) {
		return ""
	}
	return path.Base(words[0])
}

// BuildpackWebRoot is the document root that the Procfile's web process (when the spec has no
// processes) gives the PHP
// buildpack's boot script (`heroku-php-nginx -C nginx_app.conf public/` -> public), relative to
// the project; "" when the web process runs no boot script, names no root, or names one outside
// the project. "." is the project's root.
func BuildpackWebRoot(s *spec.Spec, f lang.Facts) string {
	if s.Processes != nil || !f.Has(Procfile) {
		return ""
	}
	list, err := readProcfile(s, f.Text(Procfile))
	if err != nil {
		return ""
	}
	i := slices.IndexFunc(list, func(pr process) bool { return pr.name == "web" })
	if i < 0 || bootScript(list[i]) == "" {
		return ""
	}
	root := ""
	words := bootWords(list[i])[1:]
	for j := 0; j < len(words); j++ {
		switch w := words[j]; {
		case slices.Contains(bootOptions, w):
			j++
		case !strings.HasPrefix(w, "-"):
			root = w
		}
	}
	if root == "" {
		return ""
	}
	rel, ok := lang.CleanRelPath(root)
	if !ok {
		return ""
	}
	return strings.TrimPrefix(rel, "./")
}

// leaveOutBootScripts leaves out a PHP project's Procfile processes that run the buildpack's
// boot script, each with a BuildpackWebServer warning; web reports that the web process was one
// of them, so the runtime stays the default target. The spec's processes are the user's and stay.
func leaveOutBootScripts(list []process, p *plan.Plan) (out []process, web bool, notes []plan.Note) {
	for _, pr := range list {
		script := bootScript(pr)
		if p.Language != "php" || script == "" || pr.field == "processes."+pr.name {
			out = append(out, pr)
			continue
		}
		web = web || pr.name == "web"
		notes = append(notes, rules.BuildpackWebServer.Note(pr.field, rules.BuildpackWebServer.Format(pr.name, pr.from, pr.command(), script)))
	}
	return out, web, notes
}
