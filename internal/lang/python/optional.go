package python

import (
	"slices"
	"strings"
)

// A web server is often kept out of a project's main dependencies, in a dependency group
// (PEP 735 [dependency-groups], Poetry's groups) or an optional extra that production installs:
// djangoproject.com's gunicorn is in its `prod` group, paperless-ngx's granian in its
// `webserver` extra. When the application's server is in none of the main dependencies and in
// exactly one such group or extra, the image installs it too (serve, in framework.go), and the
// ServerInGroup check says so.

// optionalDeps is a dependency group or an extra of pyproject.toml that the image does not get
// unless the server the application needs is only there.
type optionalDeps struct {
	// extra: an optional extra ([project.optional-dependencies], [tool.poetry.extras]), else a
	// dependency group ([dependency-groups], [tool.poetry.group.NAME]).
	extra bool
	name  string
	// reqs are its requirements (PEP 508), for pip, which installs them as declared ones.
	reqs []string
	// installs are the distributions they name (PEP 503 normalized).
	installs map[string]bool
}

// kind is how pyproject.toml calls it.
func (o optionalDeps) kind() string {
	if o.extra {
		return "optional extra"
	}
	return "dependency group"
}

// devNames are the groups and extras of development, never installed in the image for its
// server: a server in them (paperless-ngx's daphne in `testing`) is there for the tests.
var devNames = []string{"dev", "develop", "development", "test", "tests", "testing", "lint", "linting", "linters",
	"docs", "doc", "documentation", "typing", "types", "mypy", "typecheck", "format", "formatting", "style", "ci",
	"coverage", "bench", "benchmark", "benchmarks", "debug", "local", "tools", "pre-commit"}

func isDevName(name string) bool { return slices.Contains(devNames, normalize(name)) }

// optionalSets are the groups and extras the project's manager can add to the image: uv's
// dependency groups and extras, Poetry's groups and extras, and for a pyproject.toml without
// a lock its extras and dependency groups, installed as declared dependencies. A requirements
// file, and dependencies only a build can tell, have none.
func optionalSets(p *project, py *pyproject) []optionalDeps {
	var out []optionalDeps
	add := func(extra bool, name string, reqs []string) {
		if isDevName(name) || len(reqs) == 0 {
			return
		}
		o := optionalDeps{extra: extra, name: name, reqs: reqs, installs: map[string]bool{}}
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
	case p.manager == uv && o.extra:
		return "uv export --extra " + o.name
	case p.manager == uv:
		return "uv export --group " + o.name
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
