package node

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// A package's main is what `require('pkg')` loads: for a package that is also a library, a module
// of exports (CyberChef's `main: src/node/wrapper.js`, its Node.js API, while the project itself is
// a site its Grunt build writes). When nothing else names what runs, the image runs main, and node
// loads it and exits at once, the build and the check clean. The EntrypointOnlyExports check says
// so when every statement of main's source only imports or exports.

var (
	jsComments = regexp.MustCompile(`(?s:/\*.*?\*/)|(?m:^\s*//[^\n]*)`)
	// exportsOnly is a line of a module that only imports or exports: module.exports or exports.X
	// assigned, an export or import declaration, a require bound to a name, 'use strict'.
	exportsOnly = regexp.MustCompile(`^(?:module\.exports\b|exports\.[\w$]+\s*=|export\s|import\s|(?:const|let|var)\s+[\w${}\s,]+=\s*require\(|['"]use strict['"])`)
)

// onlyExports reports whether the source src starts nothing: it has statements, and each
// statement's first line only imports or exports (exportsOnly); the lines of a statement that
// continues (an object, a function body) are its own.
func onlyExports(src string) bool {
	statements := 0
	for _, line := range strings.Split(jsComments.ReplaceAllString(src, ""), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || line[0] == ' ' || line[0] == '\t' || strings.ContainsAny(t[:1], "})]") {
			continue // a statement's continuation, or nothing
		}
		if !exportsOnly.MatchString(t) {
			return false
		}
		statements++
	}
	return statements > 0
}

// exportsOnlyNotes warn when the image runs package.json's main (nothing else named what runs)
// and its source, read by planning, only imports or exports.
func exportsOnlyNotes(p pkg, e entry) []plan.Note {
	if e.From != "package.json's main" {
		return nil
	}
	file, mapped := entrySource(p, e)
	if file == "" || mapped || !onlyExports(p.text(file)) {
		return nil
	}
	return append([]plan.Note(nil), rules.EntrypointOnlyExports.Note("", rules.EntrypointOnlyExports.Format(e.File)))
}
