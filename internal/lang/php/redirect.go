package php

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A plain PHP application may keep its front controller in a directory of its own and put at
// the project's root only an index.php that redirects there (FreshRSS's `header('Location: p/',
// true, 301)`), so that a server pointed at the root still finds it. Served from the root, the
// image would answer for every other file of the project too (FreshRSS's data/, its users'
// databases and logs, is the runtime's to write); the directory redirected to is the web root.

var _ lang.Follower = Provider{}

// rootRedirect is a header() call sending a Location of a directory next to the root index.php.
var rootRedirect = regexp.MustCompile(`\bheader\(\s*['"]Location:\s*(?:\./)?([A-Za-z0-9_-]+)/?['"]`)

// redirectDir is the directory the root index.php redirects to, "" when it does not: a file
// that does more than redirect (a front controller that redirects on some path) has a require,
// an include of PHP or a class, and is taken as the front controller.
func redirectDir(f lang.Facts) string {
	src := f.Text("index.php")
	m := rootRedirect.FindStringSubmatch(src)
	if m == nil || frontControllerCode.MatchString(src) {
		return ""
	}
	return m[1]
}

// frontControllerCode is what an index.php that is more than a redirect does: loads code.
var frontControllerCode = regexp.MustCompile(`\b(?:require|require_once|include_once)\b|\binclude\s*\(?\s*['"][^'"]+\.php['"]|\bclass\s+\w|\bnew\s+\w`)

// Follow asks whether the directory the root index.php redirects to has an index.php, and for
// a Laravel front end in a workspace package (workspace.go), and for the root's files the front
// controllers require, which may name a data directory (datadir.go), and the files below the
// project those require, to envRequireDepth deep (envdir.go), and the PHP files of composer's
// psr-4 directories when the root index.php defines its root (autoloaddata.go); and whether the front controller
// the spec's entrypoint names is there, or, when no index.php says what is served, for the
// root's PHP files, which the error names.
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	var out []string
	if dir := redirectDir(f); dir != "" {
		out = append(out, dir+"/index.php")
	}
	var entry string
	if s != nil {
		entry = strings.TrimPrefix(strings.TrimSpace(s.Entrypoint), "./")
	}
	switch {
	case strings.HasSuffix(entry, ".php"):
		out = append(out, lang.Probe(entry))
	case entry == "" && !f.Has("index.php") && !f.Has("public/index.php") && !f.Has("web/index.php"):
		out = append(out, "*.php")
	}
	var asks lang.Asks
	asks.Add(slices.Concat(out, workspaceFollow(f), dataFollow(f), envFollow(f), templateFollow(f), mixFollow(f), viteFollow(f), autoloadFollow(f), ignoredContentFollow(f))...)
	return asks
}
