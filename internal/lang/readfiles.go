package lang

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/spec"
)

// A server often reads files beside its program: templates, static assets, configuration. The
// providers that find such paths in a program's source (Go's main packages, a Node.js build's
// TypeScript entry) keep the same ones and copy them the same way (Runtime.Files): the rules
// below are theirs.

// ReadPath is a context path a program's source names as one it reads, and why ("main.go:12
// template.ParseGlob"): the copy's progress says it.
type ReadPath struct {
	Path string
	Why  string
}

// ContextPath is the context path a literal names (a glob's directory), false when it is not
// one to copy: absolute, with `..` (never outside the context), the context itself, hidden (an
// element starting with `.`: `.env` holds secrets, not assets), or not a plain path.
func ContextPath(p string) (string, bool) {
	p = GlobDir(p)
	if p == "" || path.IsAbs(p) || !pathChars.MatchString(p) {
		return "", false
	}
	for _, e := range strings.Split(p, "/") {
		if e == ".." || (strings.HasPrefix(e, ".") && e != ".") {
			return "", false
		}
	}
	c := path.Clean(p)
	return c, c != "."
}

// GlobDir is a glob's directory ("templates/*.html" -> "templates/", "*.html" -> ""), a path as it is.
func GlobDir(p string) string {
	if i := strings.IndexAny(p, "*?["); i >= 0 {
		return p[:strings.LastIndexByte(p[:i], '/')+1]
	}
	return p
}

// pathChars are what a copied path may hold: no variables, quotes, spaces or backslashes.
var pathChars = regexp.MustCompile(`^[A-Za-z0-9._/+@-]+$`)

// CoveredByFiles reports a path that an entry of the spec's files overlaps: its src or its
// dest (relative to the working directory; a glob's directory) is the path, or a directory above
// or below it. The user's entry wins: it says what of that path the image takes, and where.
func CoveredByFiles(s *spec.Spec, p string) bool {
	for _, fc := range s.Files {
		places := []string{fc.Src}
		switch {
		case fc.Dest == "":
		case path.IsAbs(fc.Dest):
			if rel, ok := strings.CutPrefix(path.Clean(fc.Dest), path.Clean(filesWorkdir(s))+"/"); ok {
				places = append(places, rel)
			}
		default:
			places = append(places, fc.Dest)
		}
		for _, c := range places {
			if c = path.Clean(GlobDir(c)); c == "." || c == p || strings.HasPrefix(p, c+"/") || strings.HasPrefix(c, p+"/") {
				return true
			}
		}
	}
	return false
}

// filesWorkdir is where the runtime puts files: the spec's workdir, else /app.
func filesWorkdir(s *spec.Spec) string {
	if s.Workdir != "" {
		return s.Workdir
	}
	return AppDir
}

// Outermost are the default files of the paths found (those the context holds and the provider
// keeps), less those inside another (resources/static beside resources), copied for field.
func Outermost(found []ReadPath, field string) []DefaultFile {
	var out []DefaultFile
	for _, r := range found {
		if slices.ContainsFunc(found, func(o ReadPath) bool { return strings.HasPrefix(r.Path, o.Path+"/") }) {
			continue
		}
		out = append(out, DefaultFile{Path: r.Path, Field: field, Why: r.Why})
	}
	return out
}

// DirsAbove are the directories holding p, a path of the context, nearest first and the
// context's root (".") last: where a project whose output p is may have its manifest. An
// absolute p (a project file's copy to "/srv/ui", say) ends at "/": path.Dir never leaves it,
// and planning must not loop on what a project file says.
func DirsAbove(p string) []string {
	var out []string
	for d := path.Dir(p); ; d = path.Dir(d) {
		out = append(out, d)
		if d == "." || d == "/" {
			return out
		}
	}
}
