package python

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// packageOutsideContext is the first of Poetry's packages whose directory (its from and include)
// leads out of the build context, "" for none.
func packageOutsideContext(py pyproject) string {
	if po := py.Tool.Poetry; po != nil {
		for _, pk := range po.Packages {
			if d := path.Join(strings.TrimSpace(pk.From), strings.TrimSpace(pk.Include)); d == ".." || strings.HasPrefix(d, "../") {
				return d
			}
		}
	}
	return ""
}

// packageLayout are the package directories and package roots the build backend's settings
// name (project.packageDirs, project.packageRoots): hatch's, Poetry's and setuptools'.
func packageLayout(py pyproject) (dirs, roots []string) {
	clean := func(d string) string {
		if c, ok := lang.CleanRelPath(d); ok && c != "." {
			return strings.TrimPrefix(c, "./")
		}
		return ""
	}
	addDir := func(d string) {
		if c := clean(d); c != "" && !slices.Contains(dirs, c) {
			dirs = append(dirs, c)
		}
	}
	addRoot := func(d string) {
		if c := clean(d); c != "" && !slices.Contains(roots, c) {
			roots = append(roots, c)
		}
	}
	for _, d := range py.Tool.Hatch.Build.Targets.Wheel.Packages {
		addDir(d)
	}
	if po := py.Tool.Poetry; po != nil {
		for _, pk := range po.Packages {
			// an include is a package (a directory) or a module; a glob says no directory
			if inc := strings.TrimSuffix(strings.TrimSpace(pk.Include), "/"); moduleName.MatchString(strings.ReplaceAll(inc, "/", ".")) {
				addDir(path.Join(strings.TrimSpace(pk.From), inc))
			}
		}
	}
	st := py.Tool.Setuptools
	for _, name := range slices.Sorted(maps.Keys(st.PackageDir)) { // in order: the first dir matching a file names its module
		d := st.PackageDir[name]
		switch {
		case name == "":
			addRoot(d)
		case !strings.Contains(name, ".") && path.Base(clean(d)) == name:
			addDir(d) // a package whose directory is named as it is
		}
	}
	if t, ok := st.Packages.(map[string]any); ok {
		if find, ok := t["find"].(map[string]any); ok {
			if where, ok := find["where"].([]any); ok {
				for _, w := range where {
					if w, ok := w.(string); ok {
						addRoot(w)
					}
				}
			}
		}
	}
	return dirs, roots
}
