package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Flask application's configuration (app.config.from_object("pkg.config.Config"), Flask's
// documented pattern) often puts the directories it writes at run time beside its own code:
// Flask's upload docs' UPLOAD_FOLDER, CTFd's `UPLOAD_FOLDER = ... or
// os.path.join(os.path.dirname(os.path.abspath(__file__)), "uploads")`, its LOG_FOLDER and its
// filesystem cache's CACHE_DIR. /app is root's in the image, so the first upload, or the log
// handler at start, fails there. Those directories are the runtime user's, as Django's
// MEDIA_ROOT is (django.go).

// flaskConfigs are the modules a Flask project keeps its configuration in: config.py at the top,
// in a top-level package, or in one under src/.
var flaskConfigs = []string{"config.py", "*/config.py", "src/*/config.py"}

// writeSetting is a configuration setting naming a directory the application writes: uploads,
// logs, data, media or a cache, a _FOLDER or _DIR (a class attribute, indented, or a module's
// variable, with or without a type annotation).
var writeSetting = regexp.MustCompile(`(?m)^[ \t]*((?:[A-Z0-9]+_)*(?:UPLOADS?|LOGS?|DATA|MEDIA|CACHE)(?:_[A-Z0-9]+)*_(?:FOLDER|DIR))\s*(?::[^=\n]*)?=([^=])`)

// flaskWriteDirs are the directories in the context that the Flask configuration modules
// (flaskConfigs) name for writing (writeSetting) below their own directory or the application's
// root path: the last alternative of the value (after `or`, a value from the environment or a
// config file coming first) is os.path.join of os.path.dirname(...__file__), or of the
// application's `current_app.root_path` (FitTrackee's uploads; rootPath, "" when not known), and
// quoted parts (or os.pardir); that base may be an environment variable's default, which the
// image leaves unset (FitTrackee's `os.getenv("UPLOAD_FOLDER", current_app.root_path)`). A
// directory out of the context, the root itself, or a value read otherwise is not followed.
func flaskWriteDirs(f lang.Facts, rootPath string) []string {
	var out []string
	for _, pattern := range flaskConfigs {
		for _, file := range f.Glob(pattern) {
			if slices.Contains(notProjectDirs, path.Dir(file)) {
				continue
			}
			text := f.Text(file)
			for _, m := range writeSetting.FindAllStringSubmatchIndex(text, -1) {
				dir, ok := joinedDir(file, rootPath, statement(text[m[4]:]))
				if ok && dir != "." && !slices.Contains(out, dir) {
					out = append(out, dir)
				}
			}
		}
	}
	return out
}

// statement is the Python expression that starts text, up to the end of its logical line:
// backslash continuations and open brackets join lines; whitespace is collapsed.
func statement(text string) string {
	depth := 0
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == '\\' && i+1 < len(text) && text[i+1] == '\n':
			i++
			c = ' '
		case c == '#': // a comment, to the end of its line (a string's # is not told apart)
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
			continue
		case c == '\n':
			if depth <= 0 {
				return strings.Join(strings.Fields(b.String()), " ")
			}
			c = ' '
		}
		b.WriteByte(c)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// flaskRootPath is a Flask application's root_path: the directory of the module that makes it
// (`Flask(__name__)`, or a subclass's: FitTrackee's `CustomFlask(__name__, ...)` in
// fittrackee/__init__.py), the application's module or one it imports (wsgi.py's `from ctf
// import create_app`); "" when neither is read to make it.
func flaskRootPath(f lang.Facts, a webApp) string {
	if a.framework != "Flask" {
		return ""
	}
	base := a.base()
	for _, file := range moduleFiles(a.module, "") {
		file = path.Join(base, file)
		if !f.Has(file) {
			continue
		}
		text := f.Text(file)
		if flaskConstructor.MatchString(text) {
			return path.Dir(file)
		}
		pkg := a.module // the package a relative import starts from
		if path.Base(file) != "__init__.py" {
			pkg = strings.ReplaceAll(strings.TrimSuffix(path.Dir(strings.ReplaceAll(a.module, ".", "/")), "."), "/", ".")
		}
		for _, m := range projectImport.FindAllStringSubmatch(text, -1) {
			name := m[2]
			if m[1] != "" {
				name = resolveImport(m[1], pkg)
			}
			if !moduleName.MatchString(name) {
				continue
			}
			for _, imp := range moduleFiles(name, "") {
				if imp = path.Join(base, imp); f.Has(imp) && flaskConstructor.MatchString(f.Text(imp)) {
					return path.Dir(imp)
				}
			}
		}
		return ""
	}
	return ""
}

// flaskConstructor makes a Flask application named after its module, whose directory is then
// its root_path: Flask(__name__), a subclass's CustomFlask(__name__, ...).
var flaskConstructor = regexp.MustCompile(`\b\w*Flask\(\s*(?:import_name\s*=\s*)?__name__\b`)

// appRootPath is the Flask application's root path as a configuration names it.
var appRootPath = regexp.MustCompile(`^(?:current_app|app|self|flask\.current_app)\.root_path$`)

// joinedDir is the directory that expr, the value of a setting in file, names in the context:
// its last `or` alternative is os.path.join(BASE, PART...) where BASE is a directory of
// __file__ (baseDirOf) or the application's root path (rootPath, when known), alone or as an
// environment variable's default (envDefault), and each PART a quoted name or os.pardir.
func joinedDir(file, rootPath, expr string) (string, bool) {
	if i := strings.LastIndex(expr, " or "); i >= 0 {
		expr = expr[i+len(" or "):]
	}
	expr = strings.TrimSpace(expr)
	inner, ok := strings.CutPrefix(expr, "os.path.join(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return "", false
	}
	args := splitArgs(strings.TrimSuffix(inner, ")"))
	if len(args) < 2 {
		return "", false
	}
	baseExpr := args[0]
	if d := envDefault.FindStringSubmatch(baseExpr); d != nil {
		baseExpr = d[1]
	}
	base, ok := baseDirOf(file, baseExpr)
	if !ok && rootPath != "" && appRootPath.MatchString(baseExpr) {
		base, ok = rootPath, true
	}
	if !ok {
		return "", false
	}
	parts := []string{base}
	for _, a := range args[1:] {
		if a == "os.pardir" {
			parts = append(parts, "..")
		} else if q := quotedPart.FindStringSubmatch(a); q != nil && q[0] == a {
			parts = append(parts, q[1])
		} else {
			return "", false
		}
	}
	p := path.Join(parts...)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// splitArgs splits a call's arguments at its top-level commas, trimmed, a trailing comma's
// empty one left out.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out, start = append(out, strings.TrimSpace(s[start:i])), i+1
			}
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		out = append(out, last)
	}
	return out
}
