package python

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// requirement is a PEP 508 requirement's name and extras: `fastapi[standard]>=0.115; ...`.
var requirement = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?`)

// extrasBring are distributions an extra of another is known to install: what a framework's
// server comes with (`fastapi[standard]` installs uvicorn and the fastapi command,
// `litestar[standard]` uvicorn, and so do its `cli` and `full` extras); the extra "" is the distribution itself, with or without
// extras (litestar-granian, the plugin `litestar run` serves with, installs granian).
var extrasBring = map[string]map[string][]string{
	"litestar":         {"standard": {"uvicorn"}, "cli": {"uvicorn"}, "full": {"uvicorn"}},
	"litestar-granian": {"": {"granian"}},
	"fastapi": {
		"standard":                      {"uvicorn", "fastapi-cli"},
		"standard-no-fastapi-cloud-cli": {"uvicorn", "fastapi-cli"},
		"all":                           {"uvicorn", "fastapi-cli"},
	},
	"fastapi-cli": {"standard": {"uvicorn"}},
	"psycopg":     {"binary": {"psycopg-binary"}, "c": {"psycopg-c"}},
	"pyvips":      {"binary": {"pyvips-binary"}},
}

// installs are the distributions the runtime's dependencies name, normalized (PEP 503), with
// what their known extras bring: the lines of requirements.txt and of every file it includes
// that was read; pyproject.toml's [project] dependencies; Poetry's main dependencies (not the
// optional ones, which only an extra installs). A lock's
// other entries (transitive, or of dependency groups the image does not get) are not counted:
// a framework and its server are direct dependencies of an application.
func installs(f lang.Facts, p *project, py *pyproject) map[string]bool {
	out := map[string]bool{}
	add := func(req string) {
		m := requirement.FindStringSubmatch(req)
		if m == nil {
			return
		}
		name := normalize(m[1])
		out[name] = true
		for _, extra := range append(strings.Split(m[2], ","), "") {
			for _, d := range extrasBring[name][normalize(strings.TrimSpace(extra))] {
				out[d] = true
			}
		}
	}
	if p.manager == pipenv {
		for _, name := range p.pipfileLock.names("default") {
			add(name)
		}
		return out
	}
	if p.requirementsLock() {
		for _, name := range p.depFiles { // requirements.txt and its includes
			for _, line := range requirementLines(f.Text(name)) {
				add(line)
			}
		}
		return out
	}
	if py.Project != nil {
		for _, d := range py.Project.Dependencies {
			add(d)
		}
	}
	for _, d := range p.setupRequires { // setup.cfg's or setup.py's, for a setuptools project
		add(d)
	}
	if p.mainGroup != "" {
		for _, d := range p.declared { // the group taken as the dependencies
			add(d)
		}
	}
	if po := py.Tool.Poetry; po != nil {
		for name, v := range po.Dependencies {
			extras := ""
			if t, ok := v.(map[string]any); ok {
				if opt, _ := t["optional"].(bool); opt {
					continue // installed only with an extra of [tool.poetry.extras]
				}
				if list, ok := t["extras"].([]any); ok {
					for _, e := range list {
						if s, ok := e.(string); ok {
							extras += s + ","
						}
					}
				}
			}
			add(name + "[" + extras + "]")
		}
	}
	return out
}
