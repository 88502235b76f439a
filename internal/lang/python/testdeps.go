package python

import (
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// testDependencies finds what the tests need beyond the runtime dependencies.
func (p *project) testDependencies(f lang.Facts, py *pyproject) {
	var names, dev []string // the main dependencies, the tests'
	if py.Project != nil {
		names = slices.Clone(py.Project.Dependencies)
	}
	switch p.manager {
	case pip:
		for _, r := range testRequirements {
			if f.Has(r) && (r != localRequirements || p.lock == productionRequirements) {
				p.testReqs = append(p.testReqs, r)
				dev = append(dev, requirementLines(f.Text(r))...)
			}
		}
		if p.requirementsLock() {
			for _, r := range p.depFiles { // requirements.txt and its includes
				names = append(names, requirementLines(f.Text(r))...)
			}
		} else {
			for _, n := range testNames {
				if py.Project != nil {
					p.testDeps = append(p.testDeps, py.Project.OptionalDependencies[n]...)
				}
				p.testDeps = append(p.testDeps, p.setupExtras[n]...)
				p.testDeps = append(p.testDeps, groupStrings(py.DependencyGroups[n])...)
				if pdm := py.Tool.PDM; pdm != nil { // PDM's own development groups, before PEP 735
					p.testDeps = append(p.testDeps, pdm.DevDependencies[n]...)
				}
			}
			dev = append(dev, p.testDeps...)
		}
	case poetry:
		po := py.Tool.Poetry
		if po == nil {
			break
		}
		for _, n := range testNames {
			if g, ok := po.Group[n]; ok {
				p.testGroups = append(p.testGroups, n)
				dev = append(dev, sortedKeys(g.Dependencies)...)
			}
		}
		if len(po.DevDependencies) > 0 {
			// Poetry 1.0's dev-dependencies are the dev group, merged with a [tool.poetry.group.dev]
			// beside them (pinry's django-extensions, its development settings' app, is only there)
			if !slices.Contains(p.testGroups, "dev") {
				p.testGroups = append(p.testGroups, "dev")
			}
			dev = append(dev, sortedKeys(po.DevDependencies)...)
		}
		names = append(names, sortedKeys(po.Dependencies)...)
	case pipenv:
		names = append(names, p.pipfileLock.names("default")...)
		if dev = p.pipfileLock.names("develop"); len(dev) > 0 {
			p.testGroups = []string{"develop"}
		}
	case pdm:
		for _, n := range testNames { // PEP 735 groups, PDM's own development groups, extras: each a group of the lock
			reqs := groupStrings(py.DependencyGroups[n])
			if pd := py.Tool.PDM; pd != nil {
				reqs = append(reqs, pd.DevDependencies[n]...)
			}
			if py.Project != nil {
				reqs = append(reqs, py.Project.OptionalDependencies[n]...)
			}
			if len(reqs) > 0 && p.pdmLock.has(n) {
				p.testGroups = append(p.testGroups, n)
				dev = append(dev, reqs...)
			}
		}
	case uv:
		for _, n := range testNames {
			if g, ok := py.DependencyGroups[n]; ok {
				p.testGroups = append(p.testGroups, n)
				dev = append(dev, groupStrings(g)...)
			}
		}
		if u := py.Tool.UV; u != nil && len(u.DevDependencies) > 0 && !slices.Contains(p.testGroups, "dev") {
			p.testGroups = append(p.testGroups, "dev") // uv's legacy dev-dependencies are the dev group
			dev = append(dev, u.DevDependencies...)
		}
	}
	p.devInstalls = map[string]bool{}
	for _, n := range dev {
		if m := requirementName.FindStringSubmatch(n); m != nil {
			p.devInstalls[normalize(m[1])] = true
		}
	}
	if py.Project != nil { // the extras of those names, which the image does not get either (uv's, Flagsmith's `dev`)
		for _, n := range testNames {
			for _, r := range py.Project.OptionalDependencies[n] {
				if m := requirementName.FindStringSubmatch(r); m != nil {
					p.devInstalls[normalize(m[1])] = true
				}
			}
		}
	}
	for _, n := range append(names, dev...) {
		if m := requirementName.FindStringSubmatch(n); m != nil && normalize(m[1]) == "pytest" {
			p.pytest = true
		}
	}
	p.pytest = p.pytest || py.Tool.Pytest != nil
}
