package python

import (
	"fmt"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	toml "github.com/pelletier/go-toml/v2"
)

// A PDM project's pdm.lock pins every package with its hashes and, since PDM's inherit_metadata
// lock strategy (its default), the groups each is installed for and its environment marker:
// what `pdm export` writes as requirements. Planning writes those requirements itself, for the
// groups the image installs, and pip installs them --no-deps as it installs Poetry's and uv's
// exports: no PDM is downloaded, and a company mirror of PyPI works through pip's own args.

// pdmLock holds the parts of pdm.lock the provider reads.
type pdmLock struct {
	Package  []pdmPackage `toml:"package"`
	Metadata struct {
		// Groups are the groups locked ("default" and those pdm lock was given).
		Groups []string `toml:"groups"`
		// Files are the files of each package, "name version" to its files, where locks
		// before format 4.1 keep them instead of the package's own files.
		Files map[string][]pdmFile `toml:"files"`
	} `toml:"metadata"`
}

// pdmPackage is one [[package]] of pdm.lock.
type pdmPackage struct {
	Name     string    `toml:"name"`
	Version  string    `toml:"version"`
	Groups   []string  `toml:"groups"`
	Marker   string    `toml:"marker"`
	Editable bool      `toml:"editable"`
	Path     string    `toml:"path"`
	URL      string    `toml:"url"`
	Git      string    `toml:"git"`
	Revision string    `toml:"revision"`
	Files    []pdmFile `toml:"files"`
	// Extras are the extras of an entry that holds a package's extra dependencies (uvicorn
	// with ["standard"]), Dependencies what it requires (PEP 508, with markers).
	Extras       []string `toml:"extras"`
	Dependencies []string `toml:"dependencies"`
	// groupMarkers are, for a lock without groups (inheritGroups), the marker the package is
	// installed under in each group that reaches it.
	groupMarkers map[string]string
}

// pdmFile is a file of a package, a wheel or an sdist, by its hash.
type pdmFile struct {
	Hash string `toml:"hash"`
}

// readPDMLock reads pdm.lock; why says, when the lock cannot be exported, what it lacks. A lock
// that records no groups of its packages gets them from roots, the requirements of each group of
// pyproject.toml (inheritGroups); self is the project's name.
func readPDMLock(data []byte, roots map[string][]string, self string) (lock *pdmLock, why string) {
	var lk pdmLock
	if err := toml.Unmarshal(data, &lk); err != nil {
		return nil, fmt.Sprintf("is not read (%v)", err)
	}
	for i, pk := range lk.Package {
		if len(pk.Files) == 0 {
			lk.Package[i].Files = lk.Metadata.Files[pk.Name+" "+pk.Version]
		}
	}
	grouped := slices.ContainsFunc(lk.Package, func(pk pdmPackage) bool { return len(pk.Groups) > 0 })
	for _, pk := range lk.Package {
		switch {
		case pk.Name == "" || (pk.Version == "" && pk.Git == "" && pk.URL == ""):
			return nil, "has a package without a name or version"
		case grouped && len(pk.Groups) == 0:
			return nil, "says the groups of some of its packages only"
		case pk.Path != "" || pk.Editable:
			return nil, "has a local package (" + pk.Name + ", " + pk.Path + "), which the dependencies' install cannot reach"
		case strings.ContainsAny(pk.Name+pk.Version+pk.Marker+pk.URL+pk.Git+pk.Revision, "\n\r\\"):
			return nil, "has a package whose name, version, marker or source spans lines"
		}
	}
	if !grouped {
		if why := lk.inheritGroups(roots, self); why != "" {
			return nil, "records no groups of its packages (a lock written without PDM's inherit_metadata strategy) and " + why
		}
	}
	return &lk, ""
}

// has reports whether a package of the lock is installed for group (a lock made with
// `pdm lock --prod` has no development groups).
func (lk *pdmLock) has(group string) bool {
	return slices.ContainsFunc(lk.Package, func(pk pdmPackage) bool { return slices.Contains(pk.Groups, group) })
}

// requirements are the packages of groups as pinned requirements, one a line, with their
// hashes when every package has them (pip's hash-checking mode wants all or none): what
// `pdm export --no-default -G ...` writes. groups nil are the image's: "default" and
// the groups and extras that hold its server.
func (lk *pdmLock) requirements(groups []string) string {
	var pkgs []pdmPackage
	for _, pk := range lk.Package {
		if slices.ContainsFunc(pk.Groups, func(g string) bool { return slices.Contains(groups, g) }) {
			pkgs = append(pkgs, pk)
		}
	}
	hashed := !slices.ContainsFunc(pkgs, func(pk pdmPackage) bool {
		return len(pk.Files) == 0 || slices.ContainsFunc(pk.Files, func(f pdmFile) bool { return f.Hash == "" })
	})
	// one line a package: its entries of extras (uvicorn[standard]) are the same install for
	// --no-deps, under any of their markers
	var keys []string
	lines, markers := map[string]string{}, map[string]string{}
	for _, pk := range pkgs {
		key := normalize(pk.Name)
		switch {
		case pk.Git != "":
			key += " @ git+" + pk.Git
			if pk.Revision != "" {
				key += "@" + pk.Revision
			}
		case pk.URL != "":
			key += " @ " + pk.URL
		default:
			key += "==" + pk.Version
		}
		m := pk.markerIn(groups)
		if _, ok := lines[key]; ok {
			markers[key] = orMarker(markers[key], m)
			continue
		}
		keys, markers[key] = append(keys, key), m
		lines[key] = ""
		if hashed {
			for _, f := range pk.Files {
				lines[key] += " \\\n    --hash=" + f.Hash
			}
		}
	}
	var b strings.Builder
	b.WriteString("# pdm.lock: " + strings.Join(groups, ", ") + "\n")
	for _, key := range keys {
		b.WriteString(key)
		if markers[key] != "" {
			b.WriteString(" ; " + markers[key])
		}
		b.WriteString(lines[key] + "\n")
	}
	return b.String()
}

// markerIn is the marker the package is installed under in any of groups: the lock's, else
// the one inheritGroups found.
func (pk pdmPackage) markerIn(groups []string) string {
	if pk.groupMarkers == nil {
		return strings.TrimSpace(pk.Marker)
	}
	m, first := "", true
	for _, g := range groups {
		if gm, ok := pk.groupMarkers[g]; ok {
			if first {
				m, first = gm, false
			} else {
				m = orMarker(m, gm)
			}
		}
	}
	return m
}

// pdmExport writes the lock's requirements of groups to out, for pip: the step that stands
// for `pdm export`.
func (lk *pdmLock) export(out string, groups []string) plan.Step {
	return &plan.WriteFile{Display: out + ": the packages of pdm.lock's groups " + strings.Join(groups, ", ") + ", as `pdm export` writes them",
		Files: []plan.File{{Path: out, Data: lk.requirements(groups), Mode: 0o644}}}
}
