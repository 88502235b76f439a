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
	for _, m := range p.uvMembers {
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
	if len(p.uvMembers) > 0 {
		if ms := uvMembers(f, p); len(ms) > 0 {
			root := "with no [project] of its own"
			if len(p.workspaceMembers) == 0 {
				root = "whose own project runs nothing"
			}
			return "; the build context's root is a uv workspace " + root + ", and its members " +
				lang.PackageList(ms) + " are projects: set `workspace` to the one the image runs (its directory or its name), " +
				"which is then built from its directory with the workspace's uv.lock (uv export --package)"
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
