package python

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A web server is often kept out of a project's main dependencies, in a dependency group
// (PEP 735 [dependency-groups], Poetry's groups) or an optional extra that production installs:
// djangoproject.com's gunicorn is in its `prod` group, paperless-ngx's granian in its
// `webserver` extra. When the application's server is in none of the main dependencies and in
// exactly one such group or extra, the image installs it too (serve, in framework.go), and the
// ServerInGroup check says so. A project whose requirements.txt is the lock may keep its server
// in a requirements file of its own beside it (SearXNG's granian in requirements-server.txt,
// which its container installs with requirements.txt): such a file is one of these sets.

// optionalDeps is a dependency group or an extra of pyproject.toml that the image does not get
// unless the server the application needs is only there.
type optionalDeps struct {
	// extra: an optional extra ([project.optional-dependencies], [tool.poetry.extras]), else a
	// dependency group ([dependency-groups], [tool.poetry.group.NAME]), or with files a
	// requirements file (serverRequirements).
	extra bool
	name  string
	// files are a requirements file's name and the files it includes that deps does not copy
	// already; nil for a group or an extra.
	files []string
	// reqs are its requirements (PEP 508), for pip, which installs them as declared ones.
	reqs []string
	// installs are the distributions they name (PEP 503 normalized).
	installs map[string]bool
}

// kind is how pyproject.toml calls it.
func (o optionalDeps) kind() string {
	switch {
	case o.files != nil:
		return "requirements file"
	case o.extra:
		return "optional extra"
	}
	return "dependency group"
}

// where is the set and the file that declares it, for ServerInGroup.
func (o optionalDeps) where() string {
	if o.files != nil {
		return o.kind() + " `" + o.name + "`"
	}
	return o.kind() + " `" + o.name + "` of pyproject.toml"
}

// serverRequirements are requirements files beside requirements.txt that a project keeps its
// production server in, by their names (SearXNG's requirements-server.txt, the common
// requirements-prod.txt or -production.txt, cookiecutter-django's requirements/production.txt
// when requirements.txt is not made of it): the image installs one of them too when it holds the
// server the application needs and the image's requirements hold none.
var serverRequirements = []string{"requirements-server.txt", "requirements-prod.txt", "requirements-production.txt", productionRequirements}

// devNames are the groups and extras of development, never installed in the image for its
// server: a server in them (paperless-ngx's daphne in `testing`) is there for the tests.
var devNames = []string{"dev", "develop", "development", "test", "tests", "testing", "lint", "linting", "linters",
	"docs", "doc", "documentation", "typing", "types", "mypy", "typecheck", "format", "formatting", "style", "ci",
	"coverage", "bench", "benchmark", "benchmarks", "debug", "local", "tools", "pre-commit"}

func isDevName(name string) bool { return slices.Contains(devNames, normalize(name)) }

// optionalSets are the groups and extras the project's manager can add to the image: uv's
// dependency groups and extras, Poetry's groups and extras, PDM's groups (PEP 735's and its own
// dev-dependencies) and extras, each a group of pdm.lock, for a pyproject.toml without a lock
// its extras and dependency groups, installed as declared dependencies, and for requirements.txt
// as the lock the serverRequirements files beside it. Dependencies only a build can tell have
// none.
func optionalSets(f lang.Facts, p *project, py *pyproject) []optionalDeps {
	var out []optionalDeps
	add := func(extra bool, name string, reqs []string, files ...string) {
		if isDevName(name) || len(reqs) == 0 {
			return
		}
		o := optionalDeps{extra: extra, name: name, reqs: reqs, files: files, installs: map[string]bool{}}
		for _, r := range reqs {
			if m := requirement.FindStringSubmatch(r); m != nil {
				o.installs[normalize(m[1])] = true
			}
		}
		out = append(out, o)
	}
	extras := func() {
		if py.Project != nil {
			for _, n := range sortedKeys(py.Project.OptionalDependencies) {
				add(true, n, py.Project.OptionalDependencies[n])
			}
		}
	}
	groups := func() {
		for _, n := range sortedKeys(py.DependencyGroups) {
			if n != p.mainGroup { // installed as the dependencies already
				add(false, n, groupStrings(py.DependencyGroups[n]))
			}
		}
	}
	switch {
	case p.manager == uv:
		groups()
		extras()
	case p.manager == pdm:
		groups()
		if pd := py.Tool.PDM; pd != nil {
			for _, n := range sortedKeys(pd.DevDependencies) {
				if _, ok := py.DependencyGroups[n]; !ok {
					add(false, n, pd.DevDependencies[n])
				}
			}
		}
		extras()
	case p.manager == poetry:
		if po := py.Tool.Poetry; po != nil {
			for _, n := range sortedKeys(po.Group) {
				add(false, n, sortedKeys(po.Group[n].Dependencies))
			}
			for _, n := range sortedKeys(po.Extras) {
				add(true, n, po.Extras[n])
			}
		}
		extras()
	case p.lock == "" && len(p.declared) > 0 && !p.dynamic:
		extras()
		groups()
	case p.requirementsLock():
		for _, name := range serverRequirements {
			if !f.Has(name) || slices.Contains(p.depFiles, name) {
				continue // absent, or the lock itself or one of its includes
			}
			files, _ := requirementFiles(f, name)
			files = slices.DeleteFunc(files, func(n string) bool { return slices.Contains(p.depFiles, n) })
			var reqs []string
			for _, n := range files {
				reqs = append(reqs, requirementLines(f.Text(n))...)
			}
			add(false, name, reqs, files...)
		}
	}
	return out
}

// includeDefaultGroups installs uv's default groups (tool.uv.default-groups, a list or "all"),
// as `uv sync --no-dev` does, leaving out the development ones (devNames, which uv would
// install too: the image is not a development environment). Without the setting, uv's default
// is the dev group alone, which `--no-dev` leaves out.
func (p *project) includeDefaultGroups(py *pyproject) {
	u := py.Tool.UV
	if u == nil || u.DefaultGroups == nil {
		return
	}
	p.defaultGroups = true
	var names []string
	switch v := u.DefaultGroups.(type) {
	case string:
		if v == "all" {
			names = sortedKeys(py.DependencyGroups)
		}
	case []any:
		names = groupStrings(v)
	}
	for _, n := range names {
		i := slices.IndexFunc(p.optional, func(o optionalDeps) bool { return !o.extra && normalize(o.name) == normalize(n) })
		if i < 0 {
			continue // a development group, an empty one, or none of that name
		}
		p.include(p.optional[i])
		p.optional = slices.Delete(p.optional, i, i+1)
	}
}

// include adds o to what the image installs.
func (p *project) include(o optionalDeps) {
	for n := range o.installs {
		p.installs[n] = true
	}
	switch {
	case o.files != nil: // installed from the file, with the lock (tools.deps)
		p.depFiles = append(p.depFiles, o.files...)
		p.withFiles = append(p.withFiles, o.name)
	case p.manager == pip:
		p.declared = append(p.declared, o.reqs...)
	case o.extra:
		p.withExtras = append(p.withExtras, o.name)
	default:
		p.withGroups = append(p.withGroups, o.name)
	}
}

// installFlag is how the manager installs o: uv export --group prod, poetry export --with
// prod, pip's project[webserver].
func (p *project) installFlag(o optionalDeps) string {
	switch {
	case o.files != nil:
		return "pip install -r " + p.lock + " -r " + o.name
	case p.manager == uv && o.extra:
		return "uv export --extra " + o.name
	case p.manager == uv:
		return "uv export --group " + o.name
	case p.manager == pdm:
		return "pdm export -G " + o.name
	case p.manager == poetry && o.extra:
		return "poetry export --extras " + o.name
	case p.manager == poetry:
		return "poetry export --only main," + o.name
	}
	return "pip install of its requirements with the declared dependencies"
}

// names lists the groups and extras as pyproject.toml writes them.
func optionalNames(os []optionalDeps) string {
	var out []string
	for _, o := range os {
		out = append(out, "the "+o.kind()+" `"+o.name+"`")
	}
	return strings.Join(out, ", ")
}
