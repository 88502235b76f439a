package python

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A repository may keep its Python projects a level down (opencve's web/ and scheduler/, each
// with a requirements.txt): with the repository as the build context, planning finds nothing
// to run at the root. The error then names the directories that hold a project, which the user
// builds as the context. A uv workspace's root that is no project itself (the
// full-stack-fastapi-template's `[tool.uv.workspace] members = ["backend"]`, with the uv.lock
// of the whole workspace) is named the same way, with its members.

// nestedMarkers are the project files of a directory a level down.
var nestedMarkers = []string{"*/pyproject.toml", "*/requirements.txt", "*/setup.py"}

// hasMarker reports a Python project file at the root of the context.
func hasMarker(f lang.Facts) bool {
	return slices.ContainsFunc(markers, f.Has)
}

// workspaceMemberReads are the pyproject.toml files of a virtual uv workspace root's members,
// for Follow.
func workspaceMemberReads(p *project) []string {
	var out []string
	for _, m := range p.workspaceMembers {
		if n := path.Join(m, "pyproject.toml"); lang.CheckContextName(n) == nil {
			out = append(out, n)
		}
	}
	return out
}

// nestedProjects says which directories a level down hold a Python project, for the error that
// nothing runs, when the root holds none, or which members of the uv workspace whose root is
// no project do: "" otherwise.
func nestedProjects(f lang.Facts, p *project) string {
	if len(p.workspaceMembers) > 0 {
		var dirs []string
		for _, r := range workspaceMemberReads(p) {
			for _, file := range f.Glob(r) {
				dirs = append(dirs, path.Dir(file)+"/")
			}
		}
		if len(dirs) > 0 {
			slices.Sort(dirs)
			return "; the build context's root is a uv workspace with no [project] of its own, and its members " +
				strings.Join(dirs, ", ") + " are the projects: build with one of them as the context (its dependencies then come " +
				"from its pyproject.toml, not the workspace's uv.lock, which a member's directory does not hold)"
		}
	}
	if hasMarker(f) {
		return ""
	}
	var dirs []string
	for _, pattern := range nestedMarkers {
		for _, file := range f.Glob(pattern) {
			if d := path.Dir(file); !slices.Contains(dirs, d+"/") && !slices.Contains(notProjectDirs, d) {
				dirs = append(dirs, d+"/")
			}
		}
	}
	if len(dirs) == 0 {
		return ""
	}
	slices.Sort(dirs)
	return "; the build context's root holds no Python project (no pyproject.toml, requirements.txt or setup.py), and " +
		strings.Join(dirs, ", ") + " do: build with one of them as the context"
}
