package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A Python server may find its configuration by itself: aiohttp's demos run `python -m
// aiohttpdemo_polls`, whose settings module opens `BASE_DIR / 'config' / 'polls.yaml'` unless
// `-c` names another file. Planning reads the module the image runs (`python -m <module>`, or
// the file `python` runs) and the modules of its own package it imports, two levels down (those
// the first files hold, and a settings or config module), for a configuration file named by
// literals (lang.ConfigLiterals); those the context holds are the image's defaults
// (Runtime.ConfigFiles), read by ListenLocalhost when the command names none.

// importLine is an import of a module: `from a.b import c`, `from .b import c`, `import a.b`.
var importLine = regexp.MustCompile(`(?m)^\s*(?:from\s+(\.*[A-Za-z_][\w.]*|\.+)\s+import\b|import\s+([A-Za-z_][\w.]*))`)

// settingsModule is the name of a module that holds settings: the only modules asked for when
// not read already (a module the first files hold, `*/main.py`, is followed whatever its name),
// so that a package's other imports cost planning no round of reads.
var settingsModule = regexp.MustCompile(`(?i)^(?:settings|config|conf|configuration|cfg)$`)

// configDepth is how many levels of imports below the module run are read.
const configDepth = 2

// entrySource is the context file of the module the image runs, "" for none (a script, a
// served application).
func entrySource(f lang.Facts, e entry) string {
	switch {
	case e.web != nil || e.script != "" || len(e.args) < 2:
		return ""
	case len(e.args) == 3 && e.args[1] == "-m":
		rel := strings.ReplaceAll(e.args[2], ".", "/")
		return f.First(rel+"/__main__.py", rel+".py")
	case len(e.args) == 2 && strings.HasSuffix(e.args[1], ".py"):
		rel, ok := strings.CutPrefix(e.args[1], appDir+"/")
		if ok && f.Has(rel) {
			return rel
		}
	}
	return ""
}

// entryModules are the module the image runs and, as far as read, the modules of its own
// top-level package it imports, configDepth levels down; unread are those to read next.
func entryModules(f lang.Facts, e entry) (read, unread []string) {
	src := entrySource(f, e)
	if src == "" {
		return nil, nil
	}
	top, _, _ := strings.Cut(src, "/")
	if top == src { // a file at the root: its imports of a package beside it are not followed
		top = ""
	}
	level := []string{src}
	read = []string{src}
	for depth := 0; depth < configDepth && len(level) > 0; depth++ {
		var next []string
		for _, file := range level {
			for _, m := range importLine.FindAllStringSubmatch(f.Text(file), -1) {
				mod := m[1] + m[2]
				var rel string
				switch {
				case strings.HasPrefix(mod, "."):
					dots := len(mod) - len(strings.TrimLeft(mod, "."))
					dir := path.Dir(file)
					for range dots - 1 {
						dir = path.Dir(dir)
					}
					rest := strings.TrimLeft(mod, ".")
					if rest == "" {
						continue // from . import x: x may be a module or a name
					}
					rel = path.Join(dir, strings.ReplaceAll(rest, ".", "/"))
				case top != "" && (mod == top || strings.HasPrefix(mod, top+".")):
					rel = strings.ReplaceAll(mod, ".", "/")
				default:
					continue
				}
				c, ok := lang.ContextPath(rel + ".py")
				if !ok || slices.Contains(read, c) || slices.Contains(unread, c) {
					continue
				}
				if f.Has(c) {
					read, next = append(read, c), append(next, c)
				} else if settingsModule.MatchString(path.Base(rel)) {
					unread = append(unread, c)
				}
			}
		}
		level = next
	}
	return read, unread
}

// configDefaultReads are the modules entryModules reads next and the configuration files the
// modules read name, for Follow.
func configDefaultReads(s *spec.Spec, f lang.Facts, p *project) []string {
	if manageFile(f) != "" { // a Django project: its settings packages are read by djangoReads alone
		return nil
	}
	e, err := entrypoint(s, f, p)
	if err != nil {
		return nil
	}
	read, unread := entryModules(f, e)
	return append(unread, lang.ConfigDefaultReads(f, read)...)
}
