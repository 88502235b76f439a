package node

import (
	"path"
	"regexp"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// A copy of the whole tree leaves the Markdown files at the package's top out (notRun's
// `*.md`: the README, the changelog). A server may read one, as seejohnrun/haste-server does:
// its config.js (JSON) names `"documents": {"about": "./about.md"}`, which server.js reads and
// stores at start, and without it the server died there (ENOENT). namedDocs are those files:
// a Markdown file at the package's top that a string literal names (`"./about.md"`,
// `'about.md'`), outside // comments, in the server's modules (startDirModuleReads) or its
// configuration file at the top (docConfigs). They ship beside the tree (ship.Beside, a copy
// that matches nothing when the file is absent).

// docConfigs are the configuration files at the package's top read for namedDocs.
var docConfigs = []string{"config.js", "config.cjs", "config.mjs", "config.json"}

// docLiteral is a string literal naming a Markdown file at the top, the name its group.
var docLiteral = regexp.MustCompile(`['"](?:\./)?([\w-][\w.-]*\.md)['"]`)

// namedDocsReads are the patterns of the files namedDocs reads in the package's directory dir.
func namedDocsReads(dir string) []string {
	var out []string
	for _, c := range docConfigs {
		out = append(out, path.Join(dir, c))
	}
	return out
}

// namedDocs are the Markdown files at the top of the package in dir that its server's modules
// or configuration file name.
func namedDocs(f lang.Facts, dir string) []string {
	pkgFacts := f.In(dir)
	var files []string
	for _, pattern := range append(startDirModuleReads("."), docConfigs...) {
		files = append(files, pkgFacts.Glob(pattern)...)
	}
	slices.Sort(files)
	var out []string
	for _, name := range slices.Compact(files) {
		src := pkgFacts.Text(name)
		for _, m := range lang.CodeMatches(docLiteral, src) {
			if doc := src[m[2]:m[3]]; !slices.Contains(out, doc) {
				out = append(out, doc)
			}
		}
	}
	return out
}
