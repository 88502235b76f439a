package python

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

var (
	moduleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	scriptFile = regexp.MustCompile(`^[A-Za-z0-9_./-]+\.py$`)
)

// defaultFiles are the entrypoint files looked for, in order, when the spec names none.
var defaultFiles = []string{"main.py", "app.py", "__main__.py"}

// entry is what the image runs.
type entry struct {
	args  []string
	title string
	// app: the entrypoint lives in the source tree, so /app goes into the image even for a package.
	app bool
	// runs is what the build must leave for the image to run (its Field and Fix are the caller's).
	runs lang.Expected
}

// entrypoint reads the spec's entrypoint: a file ending in .py (python /app/<file>), a script of
// [project.scripts] (/opt/venv/bin/<script>), or a module (python -m <module>). Without one it
// is the project's only script, else main.py, app.py or __main__.py.
func entrypoint(s *spec.Spec, f lang.Facts, p *project) (entry, error) {
	ep := strings.TrimSpace(s.Entrypoint)
	if ep == "" {
		return defaultEntrypoint(s, f, p)
	}
	switch {
	case strings.HasSuffix(ep, ".py"):
		rel, ok := lang.CleanRelPath(ep)
		if !ok || !scriptFile.MatchString(ep) || rel == "." {
			return entry{}, lang.FieldError(s, "entrypoint", "write a file in the build context, e.g. main.py or src/server.py",
				"%q is not a Python file inside the build context", s.Entrypoint)
		}
		return fileEntry(p, rel), nil
	case p.pkg && slices.Contains(p.scripts, ep):
		return scriptEntry(p, ep), nil
	case moduleName.MatchString(ep):
		return entry{args: []string{venvPython, "-m", ep}, title: title(p, strings.Split(ep, ".")[0]), app: !p.pkg,
			runs: lang.Expected{Paths: modulePaths(ep), What: "the module " + ep}}, nil
	}
	hint := "write a module (app or app.main: python -m), a file (main.py) or a [project.scripts] name"
	return entry{}, lang.FieldError(s, "entrypoint", hint, "%q is neither a Python module, a .py file nor a script of the project", s.Entrypoint)
}

func defaultEntrypoint(s *spec.Spec, f lang.Facts, p *project) (entry, error) {
	if p.pkg && len(p.scripts) == 1 {
		return scriptEntry(p, p.scripts[0]), nil
	}
	for _, name := range defaultFiles {
		if f.Has(name) {
			return fileEntry(p, "./"+name), nil
		}
	}
	if p.pkg && len(p.scripts) > 1 {
		return entry{}, lang.FieldError(s, "entrypoint", "set `entrypoint` to one of them",
			"the project has several scripts (%s) and no entrypoint says which one the image runs", strings.Join(p.scripts, ", "))
	}
	return entry{}, lang.FieldError(s, "entrypoint", "set `entrypoint`: a module (app, app.main), a file (server.py) or a script",
		"no entrypoint: the build context has no %s and the project no [project.scripts]", strings.Join(defaultFiles, ", "))
}

func fileEntry(p *project, rel string) entry {
	file := path.Join(appDir, rel)
	stem := strings.TrimSuffix(path.Base(file), ".py")
	if stem == "__main__" {
		stem = "app"
	}
	return entry{args: []string{venvPython, file}, title: title(p, stem), app: true,
		runs: lang.Expected{Paths: []string{file}, What: "the entry file"}}
}

// scriptEntry runs a [project.scripts] script, which installing the project writes into the venv.
func scriptEntry(p *project, name string) entry {
	bin := path.Join(venvDir, "bin", name)
	return entry{args: []string{bin}, title: title(p, name),
		runs: lang.Expected{Paths: []string{bin}, What: "the script " + name + " of [project.scripts]", Executable: true}}
}

// modulePaths are where `python -m mod` finds a module: the source tree (PYTHONPATH) or the
// venv's site-packages, as a file or a package with __main__.py.
func modulePaths(mod string) []string {
	rel := strings.ReplaceAll(mod, ".", "/")
	var out []string
	for _, dir := range []string{appDir, venvDir + "/lib/python*/site-packages"} {
		out = append(out, dir+"/"+rel+".py", dir+"/"+rel+"/__main__.py")
	}
	return out
}

// title names the image: the distribution's name, else the entrypoint's.
func title(p *project, fallback string) string {
	if p.name != "" {
		return p.name
	}
	return fallback
}
