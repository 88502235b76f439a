package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestAVersionFromGitWithoutGit: a package whose version comes from git (hatch-vcs, as khoj's;
// setuptools-scm by its table or its build requirement; pdm-backend's scm source) in a context
// without .git gets, on the builder's install of the project only, the variable that replaces
// git, version 0.0.0, and VersionFromGit naming build.env; with .git in the context, a version
// of its own, or the variable in build.env, neither.
func TestAVersionFromGitWithoutGit(t *testing.T) {
	pkg := func(pyproject string, kv ...string) lang.Facts {
		return langtest.With(files("pyproject.toml", "[project]\nname = \"notes\"\ndynamic = [\"version\"]\ndependencies = [\"click\"]\n"+
			"[project.scripts]\nnotes = \"notes.cli:main\"\n"+pyproject, "notes/__init__.py", "", "notes/cli.py", "def main():\n    pass\n"), kv...)
	}
	const hatch = "[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\nbuild-backend = \"hatchling.build\"\n[tool.hatch.version]\nsource = \"vcs\"\n"
	const scmTable = "[build-system]\nrequires = [\"setuptools>=64\", \"setuptools_scm[toml]>=8\"]\nbuild-backend = \"setuptools.build_meta\"\n[tool.setuptools_scm]\n"
	const scmRequired = "[build-system]\nrequires = [\"setuptools\", \"Setuptools-SCM\"]\nbuild-backend = \"setuptools.build_meta\"\n"
	const pdm = "[build-system]\nrequires = [\"pdm-backend\"]\nbuild-backend = \"pdm.backend\"\n[tool.pdm.version]\nsource = \"scm\"\n"
	for _, c := range []struct {
		name, spec string
		ctx        lang.Facts
		env, from  string
	}{
		{"hatch-vcs", "language: python\n", pkg(hatch), "SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0", `[tool.hatch.version] source = "vcs"`},
		{"setuptools-scm's table", "language: python\n", pkg(scmTable), "SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0", "[tool.setuptools_scm]"},
		{"setuptools-scm required", "language: python\n", pkg(scmRequired), "SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0", "setuptools-scm among the build requirements"},
		{"pdm-backend's scm", "language: python\n", pkg(pdm), "PDM_BUILD_SCM_VERSION=0.0.0", `[tool.pdm.version] source = "scm"`},
		{"with .git", "language: python\n", pkg(hatch, ".git/", ""), "", ""},
		{"in build.env", "language: python\nbuild: {env: {SETUPTOOLS_SCM_PRETEND_VERSION: 2.1.0}}\n", pkg(hatch), "SETUPTOOLS_SCM_PRETEND_VERSION=2.1.0", ""},
		{"a version of its own", "language: python\n", pkg(strings.ReplaceAll(hatch, "source = \"vcs\"", "path = \"notes/__init__.py\"")), "", ""},
	} {
		p := mustContext(t, c.spec, c.ctx)
		install := runStarting(t, p.Stage("builder"), "pip --python /opt/venv/bin/python install --no-compile --no-deps .")
		got := ""
		for _, e := range install.Env {
			if strings.HasSuffix(e.Key, "_VERSION") {
				got = e.Key + "=" + e.Value
			}
		}
		if got != c.env {
			t.Errorf("%s: the install's env %q, want %q", c.name, got, c.env)
		}
		note := noteOf(p, "VersionFromGit")
		if (c.from == "") != (note == "") || c.from != "" && !strings.Contains(note, "pyproject.toml's "+c.from+" takes the package's version from git") {
			t.Errorf("%s: VersionFromGit %q, want one naming %q", c.name, note, c.from)
		}
		for _, r := range langtest.Steps[*plan.Run](p.Stage("deps")) { // build.env's reach deps too; this one does not
			if !strings.HasSuffix(c.env, "=0.0.0") {
				break
			}
			for _, e := range r.Env {
				if strings.HasSuffix(e.Key, "_VERSION") {
					t.Errorf("%s: deps's %q gets %s", c.name, r.Args, e.Key)
				}
			}
		}
	}
}
