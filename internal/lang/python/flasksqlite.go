package python

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Flask application's configuration often defaults its database to a SQLite file beside the
// code: Flask-SQLAlchemy's tutorials' `'sqlite:///' + os.path.join(basedir, 'data.sqlite')`
// with `basedir = os.path.abspath(os.path.dirname(__file__))` (flasky, microblog), or sayhello's
// `prefix + os.path.join(os.path.dirname(app.root_path), 'data.db')`. SQLite writes the file
// and its journal beside it, so that directory must be the runtime user's, as for Django
// (django.go's sqlite): /app itself, which stays root's, is shared (lang.Runtime.SharedWorkdir).

// flaskDBConfigs are flaskConfigs and the settings.py a package loads with
// `app.config.from_pyfile('settings.py')` (sayhello's).
var flaskDBConfigs = append([]string{"settings.py", "*/settings.py"}, flaskConfigs...)

var (
	// sqliteJoin is os.path.join of a directory and a database file's name: its arguments.
	sqliteJoin = regexp.MustCompile(`os\.path\.join\(([^()]*(?:\([^()]*(?:\([^()]*\))?[^()]*\))?[^()]*)\)`)
	// dbFileName is a quoted file name of a SQLite database.
	dbFileName = regexp.MustCompile(`^["']([\w.-]+\.(?:db|sqlite3?))["']$`)
	// baseVariable is a module variable assigned an expression (basedir = ...).
	baseVariable = regexp.MustCompile(`(?m)^([A-Za-z_]\w*)\s*=\s*(.+?)\s*(?:#.*)?$`)
	// absPath is os.path.abspath (or realpath) of an expression, spaces removed: the expression.
	absPath = regexp.MustCompile(`^os\.path\.(?:abspath|realpath)\((.*)\)$`)
	// sqliteFString is an f-string SQLite URI of a directory expression, the directories below
	// it and the file's name: f"sqlite:///{basedir}/data/app.db".
	sqliteFString = regexp.MustCompile(`f["']sqlite:///\{([^{}"']+)\}(/(?:[\w.-]+/)*)([\w.-]+\.(?:db|sqlite3?))["']`)
	// appRootParent is the directory above the application's package: os.path.dirname(app.root_path).
	appRootParent = regexp.MustCompile(`^os\.path\.dirname\(\w+\.root_path\)$`)
)

// flaskSQLiteFile is the SQLite file a Flask configuration module (flaskDBConfigs) defaults its
// database to, in the context, with the module it was read from: os.path.join of a directory
// of the module (baseDirOf, directly or through a module variable; os.path.dirname of the
// application's root_path, the module's package being the application's), quoted directories,
// and a file name ending in .db, .sqlite or .sqlite3. "" when none is read so.
func flaskSQLiteFile(f lang.Facts) (file, from string) {
	for _, pattern := range flaskDBConfigs {
		for _, cfg := range f.Glob(pattern) {
			text := f.Text(cfg)
			if !strings.Contains(text, "sqlite") {
				continue
			}
			vars := map[string]string{}
			for _, m := range baseVariable.FindAllStringSubmatch(text, -1) {
				vars[m[1]] = m[2]
			}
			for _, m := range sqliteJoin.FindAllStringSubmatch(text, -1) {
				args := splitArgs(m[1])
				if len(args) < 2 {
					continue
				}
				name := dbFileName.FindStringSubmatch(args[len(args)-1])
				if name == nil {
					continue
				}
				parts, quoted := []string{}, true
				for _, a := range args[1 : len(args)-1] { // directories between: 'instance', 'data'
					q := quotedPart.FindStringSubmatch(a)
					quoted = quoted && q != nil && q[0] == a
					if quoted {
						parts = append(parts, q[1])
					}
				}
				if !quoted {
					continue
				}
				if p, ok := flaskDBPath(cfg, vars, args[0], parts, name[1]); ok {
					return p, cfg
				}
			}
			// an f-string URI (CTFd's f"sqlite:///{os.path.dirname(os.path.abspath(__file__))}/ctfd.db")
			for _, m := range sqliteFString.FindAllStringSubmatch(text, -1) {
				parts := strings.Split(strings.Trim(m[2], "/"), "/")
				if m[2] == "/" {
					parts = nil
				}
				if p, ok := flaskDBPath(cfg, vars, m[1], parts, m[3]); ok {
					return p, cfg
				}
			}
		}
	}
	return "", ""
}

// flaskDBPath is the path in the context of the database file name in the directories parts
// below base, an expression of the configuration module cfg (or a module variable of vars naming
// one): a directory of cfg (baseDirOf), or os.path.dirname of the application's root_path. ok is
// false for another expression, or a path out of the context.
func flaskDBPath(cfg string, vars map[string]string, base string, parts []string, name string) (string, bool) {
	base = strings.ReplaceAll(base, " ", "")
	if v, ok := vars[base]; ok {
		base = strings.ReplaceAll(v, " ", "")
	}
	if m := absPath.FindStringSubmatch(base); m != nil { // abspath(dirname(__file__)) is dirname's
		base = m[1]
	}
	dir, ok := baseDirOf(cfg, base)
	if !ok && appRootParent.MatchString(base) {
		dir, ok = path.Dir(path.Dir(cfg)), true
	}
	p := path.Join(append(append([]string{dir}, parts...), name)...)
	return p, ok && p != ".." && !strings.HasPrefix(p, "../")
}
