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
	Package []pdmPackage `toml:"package"`
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
}

// pdmFile is a file of a package, a wheel or an sdist, by its hash.
type pdmFile struct {
	Hash string `toml:"hash"`
}

// readPDMLock reads pdm.lock; why says, when the lock cannot be exported, what it lacks.
func readPDMLock(data []byte) (lock *pdmLock, why string) {
	var lk pdmLock
	if err := toml.Unmarshal(data, &lk); err != nil {
		return nil, fmt.Sprintf("is not read (%v)", err)
	}
	for _, pk := range lk.Package {
		switch {
		case pk.Name == "" || (pk.Version == "" && pk.Git == "" && pk.URL == ""):
			return nil, "has a package without a name or version"
		case len(pk.Groups) == 0:
			return nil, "says no groups of its packages (a lock written without PDM's inherit_metadata strategy: `pdm lock --strategy inherit_metadata` writes them)"
		case pk.Path != "" || pk.Editable:
			return nil, "has a local package (" + pk.Name + ", " + pk.Path + "), which the dependencies' install cannot reach"
		case strings.ContainsAny(pk.Name+pk.Version+pk.Marker+pk.URL+pk.Git+pk.Revision, "\n\r\\"):
			return nil, "has a package whose name, version, marker or source spans lines"
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
	var b strings.Builder
	b.WriteString("# pdm.lock: " + strings.Join(groups, ", ") + "\n")
	seen := map[string]bool{}
	for _, pk := range pkgs {
		line := normalize(pk.Name)
		switch {
		case pk.Git != "":
			line += " @ git+" + pk.Git
			if pk.Revision != "" {
				line += "@" + pk.Revision
			}
		case pk.URL != "":
			line += " @ " + pk.URL
		default:
			line += "==" + pk.Version
		}
		if m := strings.TrimSpace(pk.Marker); m != "" {
			line += " ; " + m
		}
		if seen[line] { // the same package again with an extra (uvicorn[standard]): --no-deps installs it once
			continue
		}
		seen[line] = true
		b.WriteString(line)
		if hashed {
			for _, f := range pk.Files {
				b.WriteString(" \\\n    --hash=" + f.Hash)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// pdmExport writes the lock's requirements of groups to out, for pip: the step that stands
// for `pdm export`.
func (lk *pdmLock) export(out string, groups []string) plan.Step {
	return &plan.WriteFile{Display: out + ": the packages of pdm.lock's groups " + strings.Join(groups, ", ") + ", as `pdm export` writes them",
		Files: []plan.File{{Path: out, Data: lk.requirements(groups), Mode: 0o644}}}
}
