package node

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// defaultMajor is the Node.js major used when neither the spec nor the project names one: the
// Active LTS line, 24 ("Krypton"; 26 is still the Current line). Change it, with its fixtures,
// when the next even line becomes LTS.
const defaultMajor = 24

// ltsNames are the release lines nvm's `lts/<name>` refers to.
var ltsNames = map[string]int{
	"argon": 4, "boron": 6, "carbon": 8, "dubnium": 10, "erbium": 12, "fermium": 14,
	"gallium": 16, "hydrogen": 18, "iron": 20, "jod": 22, "krypton": 24,
}

// majorOfVersionFile reads .nvmrc or .node-version: a version ("v20.11.1", "20"), an nvm alias
// ("lts/iron", "lts/*") or a range some tools accept (">=20"). ok is false when it names nothing
// usable ("node", "system", garbage).
func majorOfVersionFile(text string) (int, bool) {
	line := ""
	for _, l := range strings.Split(text, "\n") {
		l, _, _ = strings.Cut(l, "#")
		if l = strings.TrimSpace(l); l != "" {
			line = strings.ToLower(l)
			break
		}
	}
	switch {
	case line == "lts/*" || line == "lts":
		return defaultMajor, true
	case strings.HasPrefix(line, "lts/"):
		m, ok := ltsNames[strings.TrimPrefix(line, "lts/")]
		return m, ok
	}
	return majorOfRange(line)
}

// version is a partial semver: missing parts are -1 until filled in.
type version [3]int

func (v version) less(w version) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

// interval is [lo, hi) over versions; hi[0] < 0 means unbounded.
type interval struct{ lo, hi version }

var (
	comparator = regexp.MustCompile(`^(>=|<=|>|<|=|\^|~>|~)?v?(\*|x|X|[0-9]+)(?:\.(\*|x|X|[0-9]+))?(?:\.(\*|x|X|[0-9]+))?(?:[-+][0-9A-Za-z.-]*)?$`)
	spacedOp   = regexp.MustCompile(`(>=|<=|>|<|=|\^|~>|~)\s+`)
	hyphen     = regexp.MustCompile(`^(\S+)\s+-\s+(\S+)$`)
)

// majorOfRange picks the major for a semver range as npm's `engines.node` writes it (">=18",
// "^20.1", "18.x || 20.x", "16 - 20"): the default when the range allows it, else the allowed
// major closest to it, even (LTS) majors first, newer on a tie. ok is false for what it cannot read.
func majorOfRange(r string) (int, bool) {
	allows, ok := rangeAllows(r)
	if !ok {
		return 0, false
	}
	if allows(defaultMajor) {
		return defaultMajor, true
	}
	best := -1
	for _, evenOnly := range []bool{true, false} {
		for d := 1; d <= 100 && best < 0; d++ {
			for _, m := range []int{defaultMajor + d, defaultMajor - d} {
				if m >= 0 && (!evenOnly || m%2 == 0) && allows(m) {
					best = m
					break
				}
			}
		}
	}
	return best, best >= 0
}

// rangeAllows is whether the semver range r allows a release of a major; ok is false for what
// it cannot read.
func rangeAllows(r string) (allows func(major int) bool, ok bool) {
	var sets []interval
	for _, part := range strings.Split(r, "||") {
		in, ok := parseSet(strings.TrimSpace(part))
		if !ok {
			return nil, false
		}
		sets = append(sets, in)
	}
	return func(major int) bool {
		lo, hi := version{major, 0, 0}, version{major + 1, 0, 0}
		for _, in := range sets {
			if in.lo.less(hi) && (in.hi[0] < 0 || lo.less(in.hi)) {
				return true
			}
		}
		return false
	}, true
}

// parseSet reads comparators joined by spaces (an intersection) into one interval.
func parseSet(s string) (interval, bool) {
	if m := hyphen.FindStringSubmatch(s); m != nil {
		s = ">=" + m[1] + " <=" + m[2]
	}
	s = spacedOp.ReplaceAllString(s, "$1")
	in := interval{lo: version{0, 0, 0}, hi: version{-1}}
	words := strings.Fields(s)
	if len(words) == 0 {
		return in, true // "" is any version
	}
	for _, w := range words {
		c, ok := parseComparator(w)
		if !ok {
			return in, false
		}
		if in.lo.less(c.lo) {
			in.lo = c.lo
		}
		if c.hi[0] >= 0 && (in.hi[0] < 0 || c.hi.less(in.hi)) {
			in.hi = c.hi
		}
	}
	return in, true
}

func parseComparator(w string) (interval, bool) {
	m := comparator.FindStringSubmatch(w)
	if m == nil {
		return interval{}, false
	}
	op := m[1]
	v := version{-1, -1, -1}
	for i, p := range m[2:5] {
		n, err := strconv.Atoi(p)
		if err != nil {
			break // *, x or absent: this part and the ones after it are wildcards
		}
		v[i] = n
	}
	parts := 0
	for parts < 3 && v[parts] >= 0 {
		parts++
	}
	floor := v
	for i := parts; i < 3; i++ {
		floor[i] = 0
	}
	// next is the first version after everything the partial version names: 1.2 -> 1.3.0.
	next := func(n int) version {
		if n == 0 {
			return version{-1}
		}
		out := version{0, 0, 0}
		copy(out[:n], floor[:n])
		out[n-1]++
		return out
	}
	all := interval{lo: version{0, 0, 0}, hi: version{-1}}
	switch op {
	case "", "=":
		if parts == 0 {
			return all, true
		}
		return interval{floor, next(parts)}, true
	case ">=":
		return interval{floor, version{-1}}, true
	case ">":
		if parts == 0 {
			return interval{}, false
		}
		return interval{next(parts), version{-1}}, true
	case "<":
		if parts == 0 {
			return interval{}, false
		}
		return interval{version{0, 0, 0}, floor}, true
	case "<=":
		return interval{version{0, 0, 0}, next(parts)}, true
	case "~", "~>":
		return interval{floor, next(min(max(parts, 1), 2))}, true
	case "^":
		// ^ allows changes right of the first non-zero part that was written
		n := 1
		for n < parts && floor[n-1] == 0 {
			n++
		}
		if parts == 0 {
			return all, true
		}
		return interval{floor, next(n)}, true
	}
	return interval{}, false
}

// nodeVersion is the version in image tags and its major (distroless images exist per major).
type nodeVersion struct {
	tag   string // "20", "20.11"
	major string
	from  string // where it came from, for the stage description: "version", ".nvmrc", "engines.node >=20", "default"
}

// source names where the version came from for a message: "the spec's `version`", ".nvmrc".
func (v nodeVersion) source() string {
	switch {
	case v.from == "version":
		return "the spec's `version`"
	case strings.HasPrefix(v.from, "engines.node "):
		return "package.json's " + v.from
	case strings.HasPrefix(v.from, "lockfile "):
		return strings.TrimPrefix(v.from, "lockfile ")
	}
	return v.from
}

var specVersion = regexp.MustCompile(`^v?([0-9]+)(\.[0-9]+){0,2}$`)

// resolveVersion is the version the build uses (pickVersion), with a NodeVersionEndOfLife
// warning when that line no longer gets security releases.
func resolveVersion(s *spec.Spec, f lang.Facts, m manifest) (nodeVersion, []plan.Note, error) {
	v, notes, err := pickVersion(s, f, m)
	if err != nil {
		return v, nil, err
	}
	return v, append(notes, endOfLifeNote(v)...), nil
}

// pickVersion is the spec's version as written, else the major of .nvmrc, .node-version,
// .tool-versions (asdf, mise) or engines.node (package.json's, else the one package-lock.json records for the root), else the
// default. A project file names the major only: the image tag then follows that line's security
// releases, where an exact pin would freeze a developer's machine into the image.
func pickVersion(s *spec.Spec, f lang.Facts, m manifest) (nodeVersion, []plan.Note, error) {
	if s.Version != "" {
		sm := specVersion.FindStringSubmatch(s.Version)
		if sm == nil {
			return nodeVersion{}, nil, lang.FieldError(s, "version", "write a Node.js version: 24, 24.11 or 24.11.1",
				"%q is not a Node.js version", s.Version)
		}
		return nodeVersion{tag: strings.TrimPrefix(s.Version, "v"), major: sm[1], from: "version"}, nil, nil
	}
	var notes []plan.Note
	found := func(major int, from string) nodeVersion {
		return nodeVersion{tag: strconv.Itoa(major), major: strconv.Itoa(major), from: from}
	}
	// a version file's major that package.json's engines.node does not allow is a file left
	// behind (Nightscout's .nvmrc 16.16.0 beside engines >=20.x, its image on node:22): the
	// packages require what engines says, so engines decides, and the file is named
	fromFile := func(major int, file string) (nodeVersion, []plan.Note) {
		allows, ok := rangeAllows(m.EnginesNode)
		if m.EnginesNode == "" || !ok || allows(major) {
			return found(major, file), notes
		}
		v, _ := majorOfRange(m.EnginesNode)
		return found(v, "engines.node "+m.EnginesNode), append(notes, rules.NodeVersion.Note("", fmt.Sprintf(
			"%s names Node.js %d, which package.json's engines.node %q does not allow: the build uses %d, as engines allows; "+
				"update %s, or set `version` in the spec", file, major, m.EnginesNode, v, file)))
	}
	for _, file := range []string{".nvmrc", ".node-version"} {
		if !f.Has(file) {
			continue
		}
		if major, ok := majorOfVersionFile(f.Text(file)); ok {
			v, notes := fromFile(major, file)
			return v, notes, nil
		}
		notes = append(notes, rules.NodeVersion.Note("", rules.NodeVersion.Format(file, firstLine(f.Text(file)))))
	}
	if v, ok := toolVersion(f.Text(".tool-versions")); ok {
		if major, ok := majorOfRange(v); ok {
			v, notes := fromFile(major, ".tool-versions")
			return v, notes, nil
		}
		notes = append(notes, rules.NodeVersion.Note("", rules.NodeVersion.Format(".tool-versions", "nodejs "+v)))
	}
	if m.EnginesNode != "" {
		if major, ok := majorOfRange(m.EnginesNode); ok {
			return found(major, "engines.node "+m.EnginesNode), notes, nil
		}
		notes = append(notes, rules.NodeVersion.Note("", rules.NodeVersion.Format("package.json's engines.node", m.EnginesNode)))
	} else if lock, file := lockedEngines(f); lock != "" {
		if major, ok := majorOfRange(lock); ok {
			return found(major, "lockfile "+file+"'s engines.node "+lock), notes, nil
		}
		notes = append(notes, rules.NodeVersion.Note("", rules.NodeVersion.Format(file+"'s engines.node", lock)))
	}
	return found(defaultMajor, "default"), notes, nil
}

// toolVersion is the Node.js version asdf's and mise's .tool-versions names: the first version
// of its `nodejs` (asdf) or `node` (mise) line, "23.11.0" of `nodejs 23.11.0 22.14.0`. ok is
// false when the file has no such line; a version that is not a number (`system`,
// `ref:v22.1.0`, `latest`) is returned for majorOfRange to refuse.
func toolVersion(text string) (string, bool) {
	for _, l := range strings.Split(text, "\n") {
		l, _, _ = strings.Cut(l, "#")
		if w := strings.Fields(l); len(w) >= 2 && (w[0] == "nodejs" || w[0] == "node") {
			return w[1], true
		}
	}
	return "", false
}

// lockedEngines is the engines.node that npm's lockfile records for the root package
// (packages[""].engines), which npm copies from package.json: it speaks for a package.json whose
// engines were dropped or are not in the context's copy.
func lockedEngines(f lang.Facts) (constraint, file string) {
	for _, name := range []string{"npm-shrinkwrap.json", "package-lock.json"} {
		if !f.Has(name) {
			continue
		}
		var lock struct {
			Packages map[string]struct {
				Engines json.RawMessage `json:"engines"`
			} `json:"packages"`
		}
		if json.Unmarshal(f[name], &lock) != nil {
			return "", ""
		}
		var engines struct{ Node string }
		if json.Unmarshal(lock.Packages[""].Engines, &engines) != nil || engines.Node == "" {
			return "", ""
		}
		return engines.Node, name
	}
	return "", ""
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if len(l) > 40 {
		l = l[:40] + "..."
	}
	return l
}
