package python

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// The settings module the image runs with may install an app that only the development
// dependencies provide: Flagsmith's api/manage.py and app/wsgi.py default to
// app.settings.local, whose `INSTALLED_APPS.extend(["debug_toolbar", "django_extensions"])`
// names two packages of its `dev` extra. The image never gets them, so collectstatic at build
// time, and the server at start, fail importing them (its own image sets
// DJANGO_SETTINGS_MODULE=app.settings.production). Read as text: a statement at the top level of
// the settings module's own file that assigns or adds to INSTALLED_APPS or MIDDLEWARE, whose
// quoted entries' top module is such a distribution's (debug_toolbar: django-debug-toolbar;
// django_extensions: django-extensions). An entry added under a condition (djangoproject.com's
// dev.py adds debug_toolbar after a guarded import) is not read.

// appsStatement starts a top-level statement that sets or adds to the installed apps or the
// middleware: `INSTALLED_APPS = [`, `+= [`, `.extend([`, `.append(`, `.insert(0, `.
var appsStatement = regexp.MustCompile(`(?m)^(?:INSTALLED_APPS|MIDDLEWARE)\s*(?:\+?=\s*[\[(]|\.(?:extend|append|insert)\s*\()`)

// quotedModule is a quoted dotted name: group 1 its top module.
var quotedModule = regexp.MustCompile(`["']([A-Za-z_]\w*)(?:\.[\w.]*)?["']`)

// devOnlyApp is an app the settings module installs from a development-only distribution.
type devOnlyApp struct {
	app, dist, file string
	line            int
}

// settingsModuleFile is the file of d's settings module in the context ("" for none read).
func settingsModuleFile(f lang.Facts, d *djangoProject) string {
	dir := path.Join(d.base(), settingsDirs(d.settings)[0])
	for _, file := range []string{dir + ".py", dir + "/__init__.py"} {
		if f.Has(file) {
			return file
		}
	}
	return ""
}

// developmentOnlyApp is the first app d's settings module installs whose distribution only the
// development dependencies name (p.devInstalls, not p.installs); ok is false for none.
func developmentOnlyApp(f lang.Facts, p *project, d *djangoProject) (devOnlyApp, bool) {
	if d == nil || d.settings == "" || d.missing != "" {
		return devOnlyApp{}, false
	}
	file := settingsModuleFile(f, d)
	if file == "" {
		return devOnlyApp{}, false
	}
	text := f.Text(file)
	for _, loc := range appsStatement.FindAllStringIndex(text, -1) {
		span, ok := bracketed(text, loc[1]-1)
		if !ok {
			continue
		}
		for _, m := range quotedModule.FindAllStringSubmatchIndex(span, -1) {
			mod := span[m[2]:m[3]]
			for _, dist := range []string{normalize(mod), "django-" + normalize(mod)} {
				if p.devInstalls[dist] && !p.installs[dist] {
					return devOnlyApp{app: mod, dist: dist, file: file, line: lang.LineAt(text, loc[1]-1+m[0])}, true
				}
			}
		}
	}
	return devOnlyApp{}, false
}

// bracketed is text from its opening bracket at open to the one that closes it.
func bracketed(text string, open int) (string, bool) {
	depth := 0
	for i := open; i < len(text); i++ {
		switch text[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth--; depth == 0 {
				return text[open : i+1], true
			}
		}
	}
	return "", false
}

// productionSettings is the production module beside d's settings module in its package
// (production.py, else prod.py), as a module name; "" for none, or when the settings are it.
func productionSettings(f lang.Facts, d *djangoProject) string {
	parts := strings.Split(d.settings, ".")
	if len(parts) < 2 {
		return ""
	}
	pkg := strings.Join(parts[:len(parts)-1], ".")
	for _, name := range []string{"production", "prod"} {
		if name != parts[len(parts)-1] && f.Has(path.Join(d.base(), strings.ReplaceAll(pkg, ".", "/"), name+".py")) {
			return pkg + "." + name
		}
	}
	return ""
}
