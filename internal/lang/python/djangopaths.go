package python

import (
	"iter"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// settingDir is the directory a setting names in the context (MEDIA_ROOT, STATIC_ROOT: re
// captures its value), read from the settings' texts (the files they were read from, for
// `__file__`): the first one below a variable of the settings. "" when none is read, or it
// leads out of the context or to its root.
func settingDir(texts, files []string, re *regexp.Regexp) string {
	for i, t := range texts {
		m := re.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		expr := m[1]
		if d := envDefault.FindStringSubmatch(expr); d != nil { // os.environ.get("MEDIA_ROOT", BASE_DIR / "media")
			expr = d[1]
		}
		if settingName.MatchString(expr) { // DEFAULT_MEDIA_ROOT, a setting of the same file that names the path
			if def := regexp.MustCompile(`(?m)^` + expr + `\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$`).FindStringSubmatch(t); def != nil {
				expr = def[1]
			}
		}
		dir, ok := settingsPath(texts, files, i, expr)
		if !ok || dir == "." {
			return ""
		}
		return dir
	}
	return ""
}

// logFilename is a "filename" entry of a dict (a LOGGING handler's), its value to the end of the
// line; plusPath a path concatenated to a directory variable (mediacms's BASE_DIR + "/media_files/").
var (
	logFilename = regexp.MustCompile(`(?m)["']filename["']\s*:\s*(.+?)\s*,?\s*(?:#.*)?$`)
	plusPath    = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)\s*\+\s*(["']/[\w./-]+["'])$`)
)

// logFileDirs are the directories in the context of the files that the settings' LOGGING file
// handlers (a dict with "filename" naming a FileHandler, RotatingFileHandler, ...) write: a path
// below a directory variable of the settings, or a variable of theirs set to one (mediacms's
// "filename": error_filename, error_filename = os.path.join(LOGS_DIR, "debug.log"), LOGS_DIR =
// os.path.join(BASE_DIR, "logs")). logging opens the file when Django configures it, before the
// server answers: in a root-owned directory it fails at start. Not the root of the context, nor a
// path read from the environment alone.
func logFileDirs(texts, files []string) []string {
	var out []string
	for i, expr := range dictValues(texts, logFilename, "FileHandler", "FileHandler") {
		if variable.MatchString(expr) { // a variable of the settings that names the file
			if def := regexp.MustCompile(`(?m)^` + expr + `\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$`).FindStringSubmatch(texts[i]); def != nil {
				expr = def[1]
				if d := envDefault.FindStringSubmatch(expr); d != nil {
					expr = d[1]
				}
			}
		}
		if file, ok := settingsPath(texts, files, i, expr); ok {
			if dir := path.Dir(file); dir != "." && !slices.Contains(out, dir) {
				out = append(out, dir)
			}
		}
	}
	return out
}

// dictValues yields, for each text holding key, the index of the text and the expression that
// re's first group matches in a {...} holding marker, unwrapped of an environment lookup's
// default (os.environ.get("X", default)).
func dictValues(texts []string, re *regexp.Regexp, key, marker string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, t := range texts {
			if !strings.Contains(t, key) {
				continue
			}
			for _, m := range re.FindAllStringSubmatchIndex(t, -1) {
				if !strings.Contains(enclosingDict(t, m[0]), marker) {
					continue
				}
				expr := t[m[2]:m[3]]
				if d := envDefault.FindStringSubmatch(expr); d != nil {
					expr = d[1]
				}
				if !yield(i, expr) {
					return
				}
			}
		}
	}
}

// variable is a Python name.
var variable = regexp.MustCompile(`^[A-Za-z_]\w*$`)

// sqliteFile is the SQLite database a DATABASES entry of the settings names in the context
// (startproject's `"NAME": BASE_DIR / "db.sqlite3"`, babybuddy's `os.getenv("DB_NAME") or
// os.path.join(BASE_DIR, "data/db.sqlite3")`, etebase's `os.environ.get("ETEBASE_DB_PATH",
// os.path.join(BASE_DIR, "db.sqlite3"))`), with the file it is read from; "" when none is
// read there (another engine, a name from the environment alone, a path out of the context).
func sqliteFile(texts, files []string) (string, string) {
	// etebase's os.environ.get("ETEBASE_DB_PATH", os.path.join(BASE_DIR, "db.sqlite3")) is its default
	for i, expr := range dictValues(texts, databaseName, "DATABASES", "sqlite3") {
		if file, ok := settingsPath(texts, files, i, expr); ok && file != "." {
			return file, files[i]
		}
	}
	return "", ""
}

// enclosingDict is the text of the innermost {...} around offset at (from its unmatched `{` to
// the matching `}`, or the end); "" outside any.
func enclosingDict(t string, at int) string {
	open, end := lang.EnclosingBlock(t, at)
	if open < 0 {
		return ""
	}
	return t[open:end]
}

// settingsPath is the path in the context that expr, in texts[i], names below a directory
// variable of the settings (BASE_DIR / "media", os.path.join(PROJECT_DIR, "data", "db.sqlite3"),
// BASE_DIR.joinpath("media"), str(...) of one of them), the variable's definition read in the
// same file, else in the first file that defines it. ok is false when the expression or the
// definition is not read, or the path leads out of the context.
func settingsPath(texts, files []string, i int, expr string) (string, bool) {
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "str(") && strings.HasSuffix(expr, ")") {
		expr = strings.TrimSpace(expr[len("str(") : len(expr)-1])
	}
	name, parts := belowVar(expr)
	if name == "" {
		return "", false
	}
	base, ok := dirVar(texts, files, i, name, 0)
	p := path.Join(append([]string{base}, parts...)...)
	if !ok || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// belowVar reads a path below a directory variable (slashPath, joinPath, joinpathPath): the
// variable and the quoted parts; "" when expr is none of them.
func belowVar(expr string) (string, []string) {
	for _, re := range []*regexp.Regexp{slashPath, joinPath, joinpathPath, plusPath} {
		if m := re.FindStringSubmatch(expr); m != nil {
			var parts []string
			for _, q := range quotedPart.FindAllStringSubmatch(m[2], -1) {
				parts = append(parts, q[1])
			}
			return m[1], parts
		}
	}
	return "", nil
}

// dirVar is the directory in the context that the settings' variable name (BASE_DIR) is, its
// definition read in texts[i], else in the first file that defines it: a form of baseDirOf, a
// directory up from another such variable (etebase's SOURCE_DIR = os.path.dirname(
// os.path.abspath(__file__)), then BASE_DIR = os.path.dirname(SOURCE_DIR)), or a path below one
// (pinry's STATIC_ROOT = os.path.join(BASE_DIR, 'static'), its MEDIA_ROOT's base), read three deep.
func dirVar(texts, files []string, i int, name string, depth int) (string, bool) {
	def := regexp.MustCompile(`(?m)^` + name + `\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$`)
	if !def.MatchString(texts[i]) {
		i = slices.IndexFunc(texts, def.MatchString)
	}
	if i < 0 {
		return "", false
	}
	expr := strings.ReplaceAll(def.FindStringSubmatch(texts[i])[1], " ", "")
	if dir, ok := baseDirOf(files[i], expr); ok || depth == 2 {
		return dir, ok
	}
	var other string
	var below []string // the parts below the other variable: pinry's MEDIA_ROOT = os.path.join(STATIC_ROOT, 'media'), STATIC_ROOT = os.path.join(BASE_DIR, 'static')
	up := 0
	if m := dirnameOfVar.FindStringSubmatch(expr); m != nil && strings.Count(m[1], "(") == len(m[3]) {
		other, up = m[2], strings.Count(m[1], "(")
	} else if m := parentOfVar.FindStringSubmatch(expr); m != nil {
		other, up = m[1]+m[2], strings.Count(m[3], ".parent")
	} else {
		other, below = belowVar(expr)
	}
	if other == "" || other == name {
		return "", false
	}
	dir, ok := dirVar(texts, files, i, other, depth+1)
	for range up {
		dir = path.Join(dir, "..")
	}
	return path.Join(append([]string{dir}, below...)...), ok
}

// baseDirOf is the directory in the context that a BASE_DIR's expression, in file, names:
// Path(__file__).resolve().parent.parent (each .parent after the first a directory up),
// .parents[N] (N up), os.path.dirname(os.path.dirname(os.path.abspath(__file__))) (each
// dirname after the first). ok is false for another expression.
func baseDirOf(file, expr string) (string, bool) {
	expr = strings.ReplaceAll(expr, " ", "")
	up := 0
	switch {
	case regexp.MustCompile(`^Path\(__file__\)(?:\.resolve\(\)|\.absolute\(\))?(?:\.parent)+$`).MatchString(expr):
		up = strings.Count(expr, ".parent") - 1
	case regexp.MustCompile(`^Path\(__file__\)(?:\.resolve\(\)|\.absolute\(\))?\.parents\[\d\]$`).MatchString(expr):
		up = int(expr[len(expr)-2] - '0')
	case regexp.MustCompile(`^(?:os\.path\.dirname\()+(?:os\.path\.(?:abspath|realpath)\(__file__\)|__file__)\)+$`).MatchString(expr):
		up = strings.Count(expr, "os.path.dirname(") - 1
	default:
		return "", false
	}
	dir := path.Dir(file)
	for range up {
		dir = path.Join(dir, "..")
	}
	return dir, true
}
