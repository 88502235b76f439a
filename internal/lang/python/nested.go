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
// builds as the context.

// nestedMarkers are the project files of a directory a level down.
var nestedMarkers = []string{"*/pyproject.toml", "*/requirements.txt", "*/setup.py"}

// hasMarker reports a Python project file at the root of the context.
func hasMarker(f lang.Facts) bool {
	return slices.ContainsFunc(markers, f.Has)
}

// nestedProjects says which directories a level down hold a Python project, for the error that
// nothing runs, when the root holds none: "" otherwise.
func nestedProjects(f lang.Facts) string {
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
