package python

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// Flask-Babel translates from the compiled catalogs (messages.mo) of the `translations`
// directory beside the application (BABEL_TRANSLATION_DIRECTORIES' default, below its root
// path), and finds no catalog where there is only the source one (messages.po): every page is
// then in the source language, and nothing fails. Projects that do not commit the compiled
// catalogs compile them in their image (pinterest/snappass's Dockerfile runs `pybabel compile -d
// snappass/translations`, before `setup.py install` puts them into the package). A project with
// Babel among its dependencies whose translations directory holds a messages.po without its
// messages.mo gets the same step in builder, before the project is installed, with the pybabel
// of the venv (Babel, which Flask-Babel depends on).

// catalogSources are the source catalogs of a Flask-Babel translations directory: at the top,
// in a package, or in one under src/.
var catalogSources = []string{"translations/*/LC_MESSAGES/messages.po", "*/translations/*/LC_MESSAGES/messages.po",
	"src/*/translations/*/LC_MESSAGES/messages.po"}

// usesBabel reports a project that translates with Babel's catalogs.
func usesBabel(p *project) bool {
	return p.installs["flask-babel"] || p.installs["flask-babelex"] || p.installs["babel"]
}

// babelReads are the source catalogs (read) and their compiled ones (probed: .mo files are
// binary, and only their presence matters), for Follow.
func babelReads(f lang.Facts, p *project) []string {
	if !usesBabel(p) {
		return nil
	}
	out := slices.Clone(catalogSources)
	for _, pat := range catalogSources {
		for _, po := range f.Glob(pat) {
			out = append(out, lang.Probe(compiledCatalog(po)))
		}
	}
	return out
}

func compiledCatalog(po string) string { return strings.TrimSuffix(po, ".po") + ".mo" }

// uncompiledCatalogs are the translations directories holding a source catalog whose compiled
// one the context lacks, sorted.
func uncompiledCatalogs(f lang.Facts, p *project) []string {
	if !usesBabel(p) {
		return nil
	}
	var dirs []string
	for _, pat := range catalogSources {
		for _, po := range f.Glob(pat) {
			if mo := compiledCatalog(po); !f.Has(mo) {
				dirs = lang.AppendNew(dirs, path.Dir(path.Dir(path.Dir(po))))
			}
		}
	}
	slices.Sort(dirs)
	return dirs
}

// compileCatalogs compiles the catalogs of dirs with pybabel, in the source tree.
func compileCatalogs(dirs []string) []plan.Step {
	var out []plan.Step
	for _, d := range dirs {
		out = append(out, &plan.Run{Args: []string{venvDir + "/bin/pybabel", "compile", "-d", d},
			Display:   "pybabel compile -d " + d + " (its messages.po, whose messages.mo the context lacks: Flask-Babel reads only the compiled catalog)",
			NoNetwork: true})
	}
	return out
}
