package python

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// uWSGI among the dependencies is how many projects deploy (linkding's uwsgi.ini, healthchecks'
// Dockerfile), but the image does not run it: pip compiles it in deps against the builder's
// libraries (libxml2, PCRE, OpenSSL, whatever the full python image has), which the slim runtime
// lacks, and its configuration carries what suits the project's own image (uid, pidfile and
// stats paths, an HTTP router) rather than a non-root one on a read-only root. The application
// is served by the server added when none of the dependencies serves it (serve, ServerAdded),
// and the uWSGI configuration is read for what it says of the application: its module, and the
// Django settings its env sets (linkding runs bookmarks.settings.prod where manage.py's default
// loads the development settings).

// uwsgiConfigs are where a project keeps its uWSGI configuration: the root, or one directory down
// (deploy/uwsgi.ini, docker/uwsgi.ini), the only one there.
var uwsgiConfigs = []string{"uwsgi.ini", "*/uwsgi.ini"}

// uwsgiConfig is what a uWSGI ini file's [uwsgi] section says of the application.
type uwsgiConfig struct {
	// file is the configuration's path in the context.
	file string
	// module and attr are the WSGI application its module (wsgi) or wsgi-file and callable
	// name; "" when it names none this reading follows.
	module, attr string
	// env are its env options, KEY=value.
	env map[string]string
	// options are the other options it sets that the added server does not apply, sorted, each
	// once (processes, static-map, harakiri, ...), for the note.
	options []string
	// staticMaps are its static-map values (/static=static): files uWSGI served itself, which
	// the added server does not.
	staticMaps []string
}

// readUWSGI is the project's uWSGI configuration: uwsgi.ini at the root, else the only one a
// directory down (docs/, tests/ and the like aside); ok is false for none.
func readUWSGI(f lang.Facts) (uwsgiConfig, bool) {
	file := ""
	if f.Has(uwsgiConfigs[0]) {
		file = uwsgiConfigs[0]
	} else {
		var down []string
		for _, m := range f.Glob(uwsgiConfigs[1]) {
			if !slices.Contains(notProjectDirs, path.Dir(m)) {
				down = append(down, m)
			}
		}
		if len(down) != 1 {
			return uwsgiConfig{}, false
		}
		file = down[0]
	}
	return parseUWSGI(file, f.Text(file)), true
}

// uwsgiApplied are the options the added server stands in for: where the application is and
// what it listens on.
var uwsgiApplied = []string{"module", "wsgi", "wsgi-file", "file", "callable", "env", "http", "http-socket",
	"socket", "chdir", "master", "uid", "gid", "vacuum", "die-on-term", "strict", "need-app", "pythonpath",
	"home", "virtualenv", "venv", "plugin", "plugins"}

// parseUWSGI reads an ini file's [uwsgi] section: option = value lines, an option repeated adding
// values; what is inside uWSGI's if-env/if-exists ... endif blocks applies only sometimes and is
// not read, nor is a value with a %(...) placeholder or a $(...) variable.
func parseUWSGI(file, text string) uwsgiConfig {
	c := uwsgiConfig{file: file, env: map[string]string{}}
	section, depth := "", 0
	callable, wsgiFile := "", ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = strings.TrimSpace(line[1 : len(line)-1])
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || section != "uwsgi" {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case strings.HasPrefix(k, "if-"):
			depth++
			continue
		case k == "endif" || strings.HasPrefix(k, "end-if"):
			depth = max(0, depth-1)
			continue
		case depth > 0 || strings.Contains(v, "%(") || strings.Contains(v, "$("):
			continue
		}
		switch k {
		case "module", "wsgi":
			c.module, c.attr, _ = strings.Cut(v, ":")
		case "wsgi-file", "file":
			wsgiFile = v
		case "callable":
			callable = v
		case "static-map", "static-map2":
			c.staticMaps = append(c.staticMaps, v)
		case "env":
			if ek, ev, ok := strings.Cut(v, "="); ok {
				c.env[strings.TrimSpace(ek)] = strings.TrimSpace(ev)
			}
		}
		if !slices.Contains(uwsgiApplied, k) && !slices.Contains(c.options, k) {
			c.options = append(c.options, k)
		}
	}
	if c.module == "" && wsgiFile != "" {
		if rel, ok := lang.CleanRelPath(wsgiFile); ok && strings.HasSuffix(rel, ".py") {
			c.module = moduleOf(rel)
		}
	}
	if c.attr == "" {
		c.attr = callable
	}
	if c.attr == "" {
		c.attr = "application" // uWSGI's default callable
	}
	if !moduleName.MatchString(c.module) || !moduleName.MatchString(c.attr) || strings.Contains(c.attr, ".") {
		c.module, c.attr = "", ""
	}
	slices.Sort(c.options)
	return c
}

// uwsgiApp is the application the uWSGI configuration names, for the framework among the
// dependencies (Django's from its settings otherwise, Flask's by its conventions otherwise).
func uwsgiApp(p *project, framework string) (webApp, bool) {
	if p.uwsgi == nil || p.uwsgi.module == "" {
		return webApp{}, false
	}
	return webApp{framework: framework, module: p.uwsgi.module, attr: p.uwsgi.attr, from: "the module of " + p.uwsgi.file}, true
}

// uwsgiNote is what ServerAdded adds of uWSGI among the dependencies: the image does not run it,
// and what of its configuration the added server leaves out.
func uwsgiNote(p *project) string {
	what := "; uwsgi is among them, which the image does not run (pip builds it against the builder's libraries, which the slim runtime lacks)"
	if c := p.uwsgi; c != nil && len(c.options) > 0 {
		what += ", and " + c.file + "'s " + strings.Join(c.options, ", ") + " do not apply"
	}
	if c := p.uwsgi; c != nil && len(c.staticMaps) > 0 && !p.installs["whitenoise"] {
		// linkding's static-map = /static=static: behind gunicorn alone its pages lose their
		// styles and scripts
		what += "; its static-map (" + strings.Join(c.staticMaps, ", ") + ") served those files itself, which the added server " +
			"does not: they answer 404 unless whitenoise serves them (add it to the dependencies and " +
			"whitenoise.middleware.WhiteNoiseMiddleware to the settings' MIDDLEWARE) or a server in front does"
	}
	return what
}
