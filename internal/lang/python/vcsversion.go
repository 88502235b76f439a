package python

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A package may take its version from git when it is built: hatch-vcs, setuptools-scm and
// pdm-backend's scm source run git, and fail in a build context without the repository's .git
// (khoj's .dockerignore leaves out `.*`). Planning probes the context for .git and, without it,
// gives the builder's install of the project the variable the tool reads in place of git, with
// version 0.0.0, as khoj's own Dockerfile writes `version = "0.0.0"` into pyproject.toml; the
// VersionFromGit warning says so, naming `build.env` for the real version.

// vcsVersion is how pyproject.toml takes the package's version from git: the setting that says
// so, and the variable that replaces git. from is "" for a version of its own.
type vcsVersion struct {
	from, variable string
}

// scmRequirement is setuptools-scm among the build requirements, as PEP 503 normalizes it.
func scmRequirement(reqs []string) bool {
	return slices.ContainsFunc(reqs, func(r string) bool {
		m := requirementName.FindStringSubmatch(r)
		return m != nil && strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(m[1]), "_", "-"), ".", "-") == "setuptools-scm"
	})
}

// readVCSVersion says whether pyproject.toml takes the version from git.
func readVCSVersion(py *pyproject) vcsVersion {
	dynamic := py.Project != nil && slices.Contains(py.Project.Dynamic, "version")
	var requires []string
	if py.BuildSystem != nil {
		requires = py.BuildSystem.Requires
	}
	switch {
	case !dynamic:
	case strings.EqualFold(py.Tool.Hatch.Version.Source, "vcs"):
		return vcsVersion{`[tool.hatch.version] source = "vcs"`, "SETUPTOOLS_SCM_PRETEND_VERSION"}
	case py.Tool.PDM != nil && strings.EqualFold(py.Tool.PDM.Version.Source, "scm"):
		return vcsVersion{`[tool.pdm.version] source = "scm"`, "PDM_BUILD_SCM_VERSION"}
	case py.Tool.SetuptoolsSCM != nil:
		return vcsVersion{"[tool.setuptools_scm]", "SETUPTOOLS_SCM_PRETEND_VERSION"}
	case scmRequirement(requires):
		return vcsVersion{"setuptools-scm among the build requirements", "SETUPTOOLS_SCM_PRETEND_VERSION"}
	}
	return vcsVersion{}
}

// vcsVersionReads probe the context for .git when the package's version comes from git.
func vcsVersionReads(p *project) []string {
	if p.pkg && p.vcs.from != "" {
		return []string{lang.Probe(".git")}
	}
	return nil
}

// gitVersionEnv is the variable the builder's install of the project gets in place of git, and
// the VersionFromGit note, when the version comes from git and the context has no .git, unless
// the spec's build.env gives the variable.
func gitVersionEnv(s *spec.Spec, f lang.Facts, p *project) ([]plan.Env, []plan.Note) {
	if !p.pkg || p.vcs.from == "" || f.HasDir(".git") {
		return nil, nil
	}
	if _, set := s.Build.Env.Get(p.vcs.variable); set {
		return nil, nil
	}
	note := rules.VersionFromGit.Note(lang.FirstField(s, "language"),
		rules.VersionFromGit.Format(p.vcs.from, p.vcs.variable, "the build context has no .git directory"))
	return []plan.Env{{Key: p.vcs.variable, Value: "0.0.0"}}, append([]plan.Note(nil), note)
}
