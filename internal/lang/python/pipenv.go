package python

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

// A Pipenv project's Pipfile.lock pins every package of its `default` section (the
// application's) and its `develop` section (the tests' and tools'), each with its hashes and
// environment marker: what `pipenv requirements` writes. Planning writes those requirements
// itself and pip installs them --no-deps, as it installs Poetry's, uv's and PDM's exports: no
// Pipenv is downloaded.

// pipfileLock holds the parts of Pipfile.lock the provider reads.
type pipfileLock struct {
	Meta struct {
		Requires struct {
			PythonVersion string `json:"python_version"`
		} `json:"requires"`
	} `json:"_meta"`
	Default map[string]pipfilePackage `json:"default"`
	Develop map[string]pipfilePackage `json:"develop"`
}

// pipfilePackage is one package of a section of Pipfile.lock.
type pipfilePackage struct {
	Version  string   `json:"version"` // "==1.1.2"
	Hashes   []string `json:"hashes"`
	Markers  string   `json:"markers"`
	Extras   []string `json:"extras"`
	Git      string   `json:"git"`
	Ref      string   `json:"ref"`
	Path     string   `json:"path"`
	File     string   `json:"file"`
	Editable bool     `json:"editable"`
}

// readPipfileLock reads Pipfile.lock; why says, when the lock cannot be exported, what it holds
// that pip cannot install from it (a local package other than the project itself, a file).
func readPipfileLock(data []byte) (lock *pipfileLock, why string) {
	var lk pipfileLock
	if err := json.Unmarshal(data, &lk); err != nil {
		return nil, "cannot be read (" + err.Error() + ")"
	}
	for _, section := range []map[string]pipfilePackage{lk.Default, lk.Develop} {
		for name, pk := range section {
			switch {
			case pk.Path != "" && pk.Path != ".":
				return nil, "holds the local package " + name + " (" + pk.Path + ")"
			case pk.File != "":
				return nil, "holds " + name + " from a file or URL (" + pk.File + ")"
			case pk.Git == "" && pk.Path == "" && !strings.HasPrefix(pk.Version, "=="):
				return nil, "pins no version of " + name
			}
		}
	}
	return &lk, ""
}

// section is the lock's section of group: "default" (the image's), else "develop".
func (lk *pipfileLock) section(group string) map[string]pipfilePackage {
	if group == "develop" {
		return lk.Develop
	}
	return lk.Default
}

// names are the packages of group with the extras they are installed with (uvicorn[standard]),
// as requirements name them.
func (lk *pipfileLock) names(group string) []string {
	var out []string
	for name, pk := range lk.section(group) {
		if pk.Path == "." {
			continue // the project itself, installed from the source
		}
		if len(pk.Extras) > 0 {
			name += "[" + strings.Join(pk.Extras, ",") + "]"
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// requirements are the packages of the groups as pinned requirements, one a line, sorted, with
// their markers and, when every package has them (pip wants all or none), their hashes: what
// `pipenv requirements` writes. The project itself (`path = "."`) is left out.
func (lk *pipfileLock) requirements(groups []string) string {
	pkgs := map[string]pipfilePackage{}
	for _, g := range groups {
		for name, pk := range lk.section(g) {
			if pk.Path != "." {
				pkgs[normalize(name)] = pk
			}
		}
	}
	hashed := true
	for _, pk := range pkgs {
		hashed = hashed && len(pk.Hashes) > 0
	}
	var b strings.Builder
	b.WriteString("# Pipfile.lock: " + strings.Join(groups, ", ") + "\n")
	for _, name := range sortedKeys(pkgs) {
		pk := pkgs[name]
		line := name
		if pk.Git != "" {
			line += " @ git+" + pk.Git
			if pk.Ref != "" {
				line += "@" + pk.Ref
			}
		} else {
			line += pk.Version
		}
		if m := strings.TrimSpace(pk.Markers); m != "" {
			line += " ; " + m
		}
		if hashed && pk.Git == "" {
			for _, h := range pk.Hashes {
				line += " \\\n    --hash=" + h
			}
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// export writes the lock's requirements of groups (nil: the image's, "default") to out, for
// pip: the step that stands for `pipenv requirements`.
func (lk *pipfileLock) export(out string, groups []string) plan.Step {
	if groups == nil {
		groups = []string{"default"}
	}
	return &plan.WriteFile{Display: out + ": the packages of Pipfile.lock's " + strings.Join(groups, ", ") + ", as `pipenv requirements` writes them",
		Files: []plan.File{{Path: out, Data: lk.requirements(groups), Mode: 0o644}}}
}
