package python

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// docsTools are the distributions of documentation site generators, with their themes and
// plugins by prefix: a project whose Python dependencies are only these builds its docs with
// Python, and its program is in another language (a Next.js app with a pyproject.toml for
// MkDocs beside its package.json).
var (
	docsTools    = []string{"mkdocs", "zensical", "sphinx", "furo", "myst-parser", "pymdown-extensions", "mike"}
	docsPrefixes = []string{"mkdocs-", "sphinx-", "sphinxcontrib-"}
)

// docsTooling says why the context's Python files are a documentation site's tooling (every
// runtime dependency a docs generator, its theme or plugin), or "" when they are not: then
// another language's files beside them are the program (lang.Language.Tooling).
func docsTooling(f lang.Facts) string {
	p, err := readProject(f)
	if err != nil || len(p.scripts) > 0 {
		return ""
	}
	var names []string
	for name := range p.installs {
		if name == "python" { // Poetry's dependencies name the interpreter
			continue
		}
		if !slices.Contains(docsTools, name) && !slices.ContainsFunc(docsPrefixes, func(pre string) bool { return strings.HasPrefix(name, pre) }) {
			return ""
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	from := "pyproject.toml"
	if p.requirementsLock() {
		from = p.lock
	}
	return from + "'s dependencies are documentation tools (" + strings.Join(names, ", ") + ")"
}
