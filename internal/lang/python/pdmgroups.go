package python

import (
	"slices"
	"strings"
)

// A lock of PDM's older strategies (cross_platform alone, lock formats before 4.5's
// inherit_metadata default) records neither its packages' groups nor their markers; each
// package's dependencies, with theirs, say them. inheritGroups walks them from pyproject.toml's
// requirements of each group, as PDM does when it installs such a lock, and gives every package
// reached the group and the marker it is installed under: the markers on a way to it joined with
// `and`, the ways with `or`.

// maxMarker bounds a marker the walk writes, maxUpdates (per package) its steps: markers that
// grow past them leave the lock unused, as one without groups was.
const (
	maxMarker  = 2048
	maxUpdates = 16
)

// inheritGroups gives the packages of a lock without groups the groups of roots (group name to
// its requirements, PEP 508) that reach them, of the groups its metadata says it locked; why says what stops it, "" when nothing does.
// self is the project's own name, which a group may require (an extra of itself) and the lock
// does not hold.
func (lk *pdmLock) inheritGroups(roots map[string][]string, self string) (why string) {
	byName := map[string][]int{}
	for i, pk := range lk.Package {
		byName[normalize(pk.Name)] = append(byName[normalize(pk.Name)], i)
	}
	locked := lk.Metadata.Groups
	if len(locked) == 0 {
		locked = []string{"default"}
	}
	for _, g := range sortedKeys(roots) {
		if !slices.Contains(locked, g) {
			continue // not locked (pdm lock -G ... left it out): none of its packages is there
		}
		markers := map[int]string{}
		updates, queue := 0, []int{}
		var visit func(req, parent string) string
		visit = func(req, parent string) string {
			spec, marker, _ := strings.Cut(req, ";")
			m := requirement.FindStringSubmatch(spec)
			if m == nil {
				return ""
			}
			name, extras := normalize(m[1]), strings.Split(m[2], ",")
			if name == normalize(self) {
				return ""
			}
			marker = andMarker(parent, strings.TrimSpace(marker))
			var base []int
			for _, i := range byName[name] {
				pk := lk.Package[i]
				if len(pk.Extras) == 0 {
					base = append(base, i)
				} else if !slices.ContainsFunc(pk.Extras, func(e string) bool {
					return !slices.ContainsFunc(extras, func(x string) bool { return normalize(strings.TrimSpace(x)) == normalize(e) })
				}) {
					base = append(base, i) // the entry of the extras asked for: their dependencies
				}
			}
			switch {
			case len(base) == 0 && marker != "":
				return "" // a package for other platforms or Pythons, which the lock need not hold
			case len(base) == 0:
				return "holds no " + name + ", which " + g + " requires"
			case slices.ContainsFunc(base, func(i int) bool { return lk.Package[i].Version != lk.Package[base[0]].Version }):
				return "holds several versions of " + name + " without saying which platform takes which"
			}
			for _, i := range base {
				cur, seen := markers[i]
				next := marker
				if seen {
					next = orMarker(cur, marker)
				}
				if seen && next == cur {
					continue
				}
				if updates++; updates > maxUpdates*len(lk.Package) || len(next) > maxMarker {
					return "has markers too intricate to follow (" + name + ")"
				}
				markers[i] = next
				queue = append(queue, i)
			}
			return ""
		}
		for _, r := range roots[g] {
			if why := visit(r, ""); why != "" {
				return why
			}
		}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for _, d := range lk.Package[i].Dependencies {
				if why := visit(d, markers[i]); why != "" {
					return why
				}
			}
		}
		for i, m := range markers {
			pk := &lk.Package[i]
			pk.Groups = append(pk.Groups, g)
			if pk.groupMarkers == nil {
				pk.groupMarkers = map[string]string{}
			}
			pk.groupMarkers[g] = m
		}
	}
	return ""
}

// andMarker and orMarker join two environment markers; "" is always.
func andMarker(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return "(" + a + ") and (" + b + ")"
}

func orMarker(a, b string) string {
	switch {
	case a == "" || b == "":
		return ""
	case a == b:
		return a
	}
	return "(" + a + ") or (" + b + ")"
}
