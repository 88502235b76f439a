package node

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/org/multistage-frontend/internal/lang"
)

// With lockfiles of several package managers and no packageManager field, the order (pnpm,
// yarn, npm) picks one; a lockfile left behind when a project moved to another tool then
// drifts, and a frozen install from it fails at the build's first step. omni-tools keeps a
// pnpm-lock.yaml last written a year before its package.json, which names 28 dependencies
// that lockfile has not got, beside the package-lock.json its Dockerfile and CI install from:
// `pnpm install --frozen-lockfile` stops with ERR_PNPM_OUTDATED_LOCKFILE. A lockfile that
// records every dependency of package.json is chosen over one that misses some (lockChoice).

// lockDeps are the dependencies of package.json a lockfile must record: those of dependencies,
// devDependencies and optionalDependencies, but for a workspace's own packages and local paths
// (workspace:, file:, link:, portal:), which yarn 1 does not lock.
func lockDeps(data []byte) []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	var out []string
	for _, key := range []string{"dependencies", "devDependencies", "optionalDependencies"} {
		var d map[string]string
		if json.Unmarshal(m[key], &d) != nil {
			continue
		}
		for name, spec := range d {
			if !localSpec(spec) {
				out = lang.AppendNew(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}

func localSpec(spec string) bool {
	for _, p := range []string{"workspace:", "file:", "link:", "portal:", "./", "../", "/"} {
		if strings.HasPrefix(spec, p) {
			return true
		}
	}
	return false
}

// lockedNames are the package names a lockfile records at the project's root; ok is false when
// it cannot be read.
func lockedNames(name string, data []byte) (names map[string]bool, ok bool) {
	names = map[string]bool{}
	switch name {
	case "package-lock.json", "npm-shrinkwrap.json":
		var l struct {
			Packages     map[string]json.RawMessage
			Dependencies map[string]json.RawMessage // lockfileVersion 1
		}
		if json.Unmarshal(data, &l) != nil {
			return nil, false
		}
		for key := range l.Packages {
			if n, ok := strings.CutPrefix(key, "node_modules/"); ok && !strings.Contains(n, "/node_modules/") {
				names[n] = true
			}
		}
		var root map[string]map[string]string
		if json.Unmarshal(l.Packages[""], &root) == nil {
			for _, d := range root {
				for n := range d {
					names[n] = true
				}
			}
		}
		for n := range l.Dependencies {
			names[n] = true
		}
	case "pnpm-lock.yaml":
		type deps = map[string]yaml.Node
		type lists struct {
			Dependencies         deps `yaml:"dependencies"`
			DevDependencies      deps `yaml:"devDependencies"`
			OptionalDependencies deps `yaml:"optionalDependencies"`
			Specifiers           deps `yaml:"specifiers"` // before lockfile 6
		}
		var l struct {
			Importers map[string]lists `yaml:"importers"`
			lists     `yaml:",inline"` // a single project's, before lockfile 9
		}
		if yaml.Unmarshal(data, &l) != nil {
			return nil, false
		}
		root := l.Importers["."]
		for _, d := range []deps{root.Dependencies, root.DevDependencies, root.OptionalDependencies,
			l.Dependencies, l.DevDependencies, l.OptionalDependencies, l.Specifiers} {
			for n := range d {
				names[n] = true
			}
		}
	case "yarn.lock": // the entries' keys: `"@scope/name@^1.0.0", name@npm:^2:` (yarn 1 and berry)
		for _, line := range strings.Split(string(data), "\n") {
			if line == "" || line[0] == ' ' || line[0] == '#' || !strings.HasSuffix(line, ":") {
				continue
			}
			for _, key := range strings.Split(strings.TrimSuffix(line, ":"), ",") {
				key = strings.Trim(strings.TrimSpace(key), `"`)
				if at := strings.LastIndex(key, "@"); at > 0 {
					names[key[:at]] = true
				}
			}
		}
		// berry: `"name@npm:^1"` leaves "name@npm" above; its keys' protocol is after the @
		for n := range names {
			if base, _, ok := strings.Cut(n[1:], "@"); ok {
				names[n[:1]+base] = true
			}
		}
	default:
		return nil, false
	}
	return names, true
}

// lockMisses are the dependencies of deps the lockfile does not record; ok is false when it
// cannot be read (it is not judged).
func lockMisses(f lang.Facts, lockfile string, deps []string) (misses []string, ok bool) {
	names, ok := lockedNames(lockfile, f[lockfile])
	if !ok {
		return nil, false
	}
	for _, d := range deps {
		if !names[d] {
			misses = append(misses, d)
		}
	}
	return misses, true
}

// lockChoice is the package manager of another lockfile, when the one of k (the order's choice)
// misses dependencies of package.json and that other records them all; why says so. ok is false
// when k's stands: it records them all, or none of the others does, or there is no other.
func lockChoice(f lang.Facts, k kind) (other kind, why string, ok bool) {
	used := presentLockfile(f, k)
	var others []kind // those with a lockfile of their own, read only when there is one
	for _, o := range []kind{pnpm, yarnClassic, npm} {
		if l := presentLockfile(f, o); l != "" && l != used {
			others = append(others, o)
		}
	}
	if used == "" || len(others) == 0 {
		return k, "", false
	}
	deps := lockDeps(f["package.json"])
	if len(deps) == 0 {
		return k, "", false
	}
	misses, read := lockMisses(f, used, deps)
	if !read || len(misses) == 0 {
		return k, "", false
	}
	for _, o := range others {
		l := presentLockfile(f, o)
		if m, read := lockMisses(f, l, deps); read && len(m) == 0 {
			if o == yarnClassic {
				o = yarnKind(f)
			}
			shown := misses
			if len(shown) > 3 {
				shown = append(slices.Clone(shown[:3]), "...")
			}
			return o, fmt.Sprintf("%s lacks %d of package.json's %d dependencies (%s), so a frozen install from it would fail; %s records them all: ",
				used, len(misses), len(deps), strings.Join(shown, ", "), l), true
		}
	}
	return k, "", false
}
