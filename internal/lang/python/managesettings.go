package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// manageChoice is what manage.py's DJANGO_SETTINGS_MODULE default says when it is not a quoted
// module: a variable, a module chosen in code, or an expression planning does not run.
type manageChoice struct {
	// settings is the module manage.py sets in the image ("" when planning cannot tell), from
	// saying how it was read.
	settings, from string
	// tried is the module manage.py imports first and falls back from (dpaste's
	// dpaste.settings.local), when the context lacks it: a wsgi.py naming it is not taken.
	tried string
	// expr is the expression manage.py passes when settings is "", and candidates the settings
	// modules it may choose that the context holds, for the error to name the `env` line.
	expr       string
	candidates []string
}

var (
	// settingsVar is DJANGO_SETTINGS_MODULE's default given as a variable (dpaste's `settings`)
	settingsVar = regexp.MustCompile(`setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)`)
	// settingsExpr is any other default, to the end of its line
	settingsExpr = regexp.MustCompile(`(?m)setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*([^\s)][^\n]*?)\s*\)\s*(?:#.*)?$`)
	// settingsPrefix is the quoted package an f-string or a concatenation puts the module in
	// (f"config.settings.{env}", "config.settings." + env)
	settingsPrefix = regexp.MustCompile(`^f?["']([A-Za-z_][A-Za-z0-9_.]*)\.(?:\{|["']\s*\+)`)
	// importFailed is an except clause that catches a failed import
	importFailed = regexp.MustCompile(`(?m)^\s*except\b[^\n]*\b(?:ImportError|ModuleNotFoundError|Exception)\b`)
)

// readManageChoice reads manage.py's (mf's) default of DJANGO_SETTINGS_MODULE when it is not a
// quoted module. A variable assigned one module is that module. Two modules, the first
// imported in a try whose except catches ImportError and assigns the second (dpaste's manage.py),
// are chosen as manage.py chooses them in the image: the first when the context holds it, else
// the second. Anything else (a module from the environment, a condition) is left to the spec's
// `env`, with the modules it may be. ok is false when manage.py names no default in these forms.
func readManageChoice(f lang.Facts, mf string) (manageChoice, bool) {
	t := f.Text(mf)
	base := newDjango(f, mf).base()
	if m := settingsVar.FindStringSubmatch(t); m != nil {
		mods, at := varModules(t, m[1])
		switch {
		case len(mods) == 1:
			return manageChoice{settings: mods[0], from: mf}, true
		case len(mods) == 2 && triesImport(t, mods[0], at[0], at[1]):
			if moduleIn(f, base, mods[0]) {
				return manageChoice{settings: mods[0], from: mf + ", which imports it when it can"}, true
			}
			return manageChoice{settings: mods[1], tried: mods[0],
				from: mf + ", as " + mods[0] + ", which it imports when it can, is not in the build context"}, true
		case len(mods) >= 2:
			return manageChoice{expr: m[1], candidates: slices.DeleteFunc(mods, func(mod string) bool { return !moduleIn(f, base, mod) })}, true
		}
		return manageChoice{expr: m[1]}, true
	}
	m := settingsExpr.FindStringSubmatch(t)
	if m == nil {
		return manageChoice{}, false
	}
	c := manageChoice{expr: m[1]}
	if p := settingsPrefix.FindStringSubmatch(m[1]); p != nil {
		c.candidates = packageModules(f, base, p[1])
	}
	return c, true
}

// manageChoiceReads are the files readManageChoice looks for: the modules a variable is
// assigned (is the first in the context?) and the package an expression chooses in.
func manageChoiceReads(f lang.Facts, mf string) []string {
	t := f.Text(mf)
	base := newDjango(f, mf).base()
	var out []string
	if m := settingsVar.FindStringSubmatch(t); m != nil {
		mods, _ := varModules(t, m[1])
		for _, mod := range mods {
			file := path.Join(base, strings.ReplaceAll(mod, ".", "/"))
			out = append(out, file+".py", file+"/__init__.py")
		}
		return out
	}
	if m := settingsExpr.FindStringSubmatch(t); m != nil {
		if p := settingsPrefix.FindStringSubmatch(m[1]); p != nil {
			out = append(out, path.Join(base, strings.ReplaceAll(p[1], ".", "/"))+"/*.py")
		}
	}
	return out
}

// varModules are the distinct quoted modules manage.py's text t assigns to name, in order, with
// the offset of each first assignment.
func varModules(t, name string) ([]string, []int) {
	assign := regexp.MustCompile(`(?m)^[ \t]*` + name + `[ \t]*=[ \t]*["']([A-Za-z_][A-Za-z0-9_.]*)["'][ \t]*(?:#.*)?$`)
	var mods []string
	var at []int
	for _, m := range assign.FindAllStringSubmatchIndex(t, -1) {
		if mod := t[m[2]:m[3]]; !slices.Contains(mods, mod) {
			mods, at = append(mods, mod), append(at, m[0])
		}
	}
	return mods, at
}

// triesImport: t imports mod in a try before its assignment at first, and an except catching a
// failed import lies between that and the other assignment at second.
func triesImport(t, mod string, first, second int) bool {
	imp := regexp.MustCompile(`(?m)^[ \t]*(?:import[ \t]+` + regexp.QuoteMeta(mod) + `|from[ \t]+` + regexp.QuoteMeta(mod) + `[ \t]+import)\b`)
	i := imp.FindStringIndex(t)
	if i == nil || i[0] > first || !strings.Contains(t[:i[0]], "try:") || second < first {
		return false
	}
	e := importFailed.FindStringIndex(t[first:])
	return e != nil && first+e[0] < second
}

// moduleIn reports whether the context holds mod, a module of the project imported from base.
func moduleIn(f lang.Facts, base, mod string) bool {
	file := path.Join(base, strings.ReplaceAll(mod, ".", "/"))
	return f.Has(file+".py") || f.Has(file+"/__init__.py")
}

// packageModules are the modules of pkg in the context (its .py files but __init__.py).
func packageModules(f lang.Facts, base, pkg string) []string {
	var out []string
	for _, file := range f.Glob(path.Join(base, strings.ReplaceAll(pkg, ".", "/")) + "/*.py") {
		if name := strings.TrimSuffix(path.Base(file), ".py"); name != "__init__" && moduleName.MatchString(name) {
			out = append(out, pkg+"."+name)
		}
	}
	return out
}

// envLines are the `env` lines that set each of mods, for an error to name.
func envLines(mods []string) string {
	var lines []string
	for _, mod := range mods {
		lines = append(lines, "`env: {DJANGO_SETTINGS_MODULE: "+mod+"}`")
	}
	return strings.Join(lines, " or ")
}
