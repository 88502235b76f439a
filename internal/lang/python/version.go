package python

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// defaultVersion is the Python used when nothing names one: Debian 12's, the only one the
// distroless runtime (python3-debian12) has, so every runtime is available by default.
const (
	defaultVersion = "3.11"
	defaultMinor   = 11
)

// endOfLife is the day each Python line stops getting security fixes, as the Python developer's
// guide gives it (devguide.python.org/versions, its release-cycle.json); for the lines still
// supported, which it gives as a month, the last day of that month, as 3.9's turned out. A line
// missing here (a newer one) is taken as supported (lang.EndOfLifeNote).
var endOfLife = map[string]string{
	"2.6": "2013-10-29", "2.7": "2020-01-01", "3.0": "2009-06-27", "3.1": "2012-04-09", "3.2": "2016-02-20",
	"3.3": "2017-09-29", "3.4": "2019-03-18", "3.5": "2020-09-30", "3.6": "2021-12-23", "3.7": "2023-06-27",
	"3.8": "2024-10-07", "3.9": "2025-10-31", "3.10": "2026-10-31", "3.11": "2027-10-31", "3.12": "2028-10-31",
	"3.13": "2029-10-31", "3.14": "2030-10-31",
}

// knownMinors are the Python 3 minor versions requires-python is matched against.
var knownMinors = []int{14, 13, 12, 11, 10, 9}

var (
	imageVersion  = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,2}$`)
	pinnedVersion = regexp.MustCompile(`^\s*(?:cpython-|python-?)?([0-9]+)\.([0-9]+)`)
	clause        = regexp.MustCompile(`^(~=|===|==|!=|<=|>=|<|>|\^|~)?\s*v?([0-9]+(?:\.[0-9]+)*)(\.\*)?`)
)

// pythonVersionFile reads .python-version (pyenv, uv), or runtime.txt (Heroku's python-3.12.4):
// the major.minor of its first version line.
func pythonVersionFile(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := pinnedVersion.FindStringSubmatch(line); m != nil {
			return m[1] + "." + m[2]
		}
		return "" // "system", "pypy3.10": not a CPython image tag
	}
	return ""
}

// versionFor picks a Python for a requires-python specifier (PEP 440, or Poetry's ^ ~ and ||):
// the default when it satisfies it, else the newest known one that does. A floor above the
// default (a pinned framework's oldest Python, pythonFloor) picks the oldest known Python at or
// above it that the specifier allows.
func versionFor(spec string, floor int) (string, error) {
	if floor > defaultMinor {
		for i := len(knownMinors) - 1; i >= 0; i-- {
			if m := knownMinors[i]; m >= floor {
				if strings.TrimSpace(spec) == "" {
					return "3." + strconv.Itoa(m), nil
				}
				if good, err := allows(spec, m); good && err == nil {
					return "3." + strconv.Itoa(m), nil
				}
			}
		}
	}
	if strings.TrimSpace(spec) == "" {
		return defaultVersion, nil
	}
	def, err := allows(spec, defaultMinor)
	if err != nil || def {
		return defaultVersion, err
	}
	for _, m := range knownMinors {
		if good, _ := allows(spec, m); good {
			return "3." + strconv.Itoa(m), nil
		}
	}
	return "", fmt.Errorf("requires-python %q allows none of Python 3.%d to 3.%d", spec, knownMinors[len(knownMinors)-1], knownMinors[0])
}

// allows reports whether some release of 3.<minor> satisfies the specifier: the image of a
// minor version carries its newest patch release, whatever that is.
func allows(spec string, minor int) (bool, error) {
	for _, alt := range strings.Split(spec, "||") {
		clauses, err := parseClauses(alt)
		if err != nil {
			return false, err
		}
		for patch := 0; patch <= 30; patch++ {
			v := []int{3, minor, patch}
			if !slices.ContainsFunc(clauses, func(c constraint) bool { return !c.allows(v) }) {
				return true, nil
			}
		}
	}
	return false, nil
}

type constraint struct {
	op       string
	version  []int
	wildcard bool
}

func parseClauses(s string) ([]constraint, error) {
	var out []constraint
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" || part == "*" {
			continue
		}
		m := clause.FindStringSubmatch(part)
		if m == nil || strings.TrimSpace(part[len(m[0]):]) != "" {
			return nil, fmt.Errorf("requires-python %q: cannot read %q", s, part)
		}
		c := constraint{op: m[1], wildcard: m[3] != ""}
		for _, n := range strings.Split(m[2], ".") {
			i, err := strconv.Atoi(n)
			if err != nil {
				return nil, fmt.Errorf("requires-python %q: cannot read %q", s, part)
			}
			c.version = append(c.version, i)
		}
		out = append(out, c)
	}
	return out, nil
}

func (c constraint) allows(v []int) bool {
	cmp := compare(v, c.version)
	switch c.op {
	case "", "==", "===":
		if c.op == "" || c.wildcard {
			return prefixOf(c.version, v) // Poetry's bare 3.11 and ==3.11.* mean any 3.11
		}
		return cmp == 0
	case "!=":
		if c.wildcard {
			return !prefixOf(c.version, v)
		}
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	case "~=": // ~=3.10 is >=3.10, ==3.*
		if len(c.version) < 2 {
			return cmp >= 0
		}
		return cmp >= 0 && prefixOf(c.version[:len(c.version)-1], v)
	case "^": // Poetry: ^3.11 is >=3.11, <4
		return cmp >= 0 && v[0] == c.version[0]
	case "~": // Poetry: ~3.11 is >=3.11, <3.12
		n := min(len(c.version), 2)
		return cmp >= 0 && prefixOf(c.version[:n], v)
	}
	return false
}

// compare orders release numbers, missing parts counting as 0.
func compare(a, b []int) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y int
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func prefixOf(prefix, v []int) bool {
	for i, p := range prefix {
		if i >= len(v) {
			if p != 0 {
				return false
			}
			continue
		}
		if v[i] != p {
			return false
		}
	}
	return true
}

// pythonFloors are the oldest Python a framework's releases from a major version on support,
// where that is above the default: Django 6.0 needs Python 3.12.
var pythonFloors = []struct {
	dist         string
	major, minor int
}{{"django", 6, 12}}

// pinnedRequirement is a requirement with a lower bound: name, extras, and the bound's major.
var pinnedRequirement = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:===|==|~=|>=)\s*v?([0-9]+)\b`)

// pythonFloor is the oldest Python minor the runtime dependencies' pinned or lower-bounded
// releases need (pythonFloors), and the requirement that says so; 0 when none does.
func pythonFloor(reqs []string) (minor int, why string) {
	for _, r := range reqs {
		m := pinnedRequirement.FindStringSubmatch(r)
		if m == nil {
			continue
		}
		major, _ := strconv.Atoi(m[2])
		for _, fl := range pythonFloors {
			if normalize(m[1]) == fl.dist && major >= fl.major && fl.minor > minor {
				minor, why = fl.minor, strings.TrimSpace(r)
			}
		}
	}
	return minor, why
}

// pythonImage is a python image's reference (docker.io/library/python:3.13.5-bookworm, or uv's
// ghcr.io/astral-sh/uv:python3.12-bookworm-slim) naming a Python minor version: group 1 the minor.
var pythonImage = regexp.MustCompile(`^(?:[^/@]+/)*(?:python:|uv:python)3\.([0-9]+)(?:[.-]|@|$)`)

// dockerfilePython is the Python of the images the project's own Dockerfile builds on
// (lang.DockerfileBaseImages: its last stage's first), when it is newer than the default and
// requires-python and the floor allow it: what the project's image runs (fief's docker/Dockerfile
// `FROM python:3.12-slim` beside `requires-python = ">=3.12"`, which alone would pick the
// newest). An older one is passed over: the default serves every runtime, and a Dockerfile's
// older Python is usually one no longer supported. "" for none; from names the file and image.
func dockerfilePython(f lang.Facts, requiresPython string, floor int) (v, from string) {
	file, images := lang.DockerfileBaseImages(f)
	for _, image := range images {
		m := pythonImage.FindStringSubmatch(image)
		if m == nil {
			continue
		}
		minor, err := strconv.Atoi(m[1])
		if err != nil || minor <= defaultMinor || minor < floor || !slices.Contains(knownMinors, minor) {
			return "", ""
		}
		if strings.TrimSpace(requiresPython) != "" {
			if ok, err := allows(requiresPython, minor); !ok || err != nil {
				return "", ""
			}
		}
		return "3." + m[1], file + "'s image " + image
	}
	return "", ""
}

// ruffTarget is Ruff's target-version of a ruff.toml (a top-level key): group 1 the minor.
var ruffTarget = regexp.MustCompile(`(?m)^target-version\s*=\s*["']py3([0-9]+)["']`)

// ruffFloor is the Python minor that Ruff's target-version names, the oldest the project's code
// is written for (Ruff's docs: "the minimum Python version to target"), and where it is set:
// DefectDojo's ruff.toml `target-version = "py313"`, with no requires-python, beside code using
// itertools.batched and `type` statements, which Python 3.11 fails to import. ruff.toml and
// .ruff.toml come before pyproject.toml's [tool.ruff], as Ruff reads them; 0 for none.
func ruffFloor(f lang.Facts, p *project) (int, string) {
	target, from := p.ruffTarget, p.ruffFrom
	for _, name := range []string{".ruff.toml", "ruff.toml"} {
		if m := ruffTarget.FindStringSubmatch(f.Text(name)); m != nil {
			target, from = "py3"+m[1], name
		}
	}
	minor, err := strconv.Atoi(strings.TrimPrefix(target, "py3"))
	if err != nil || !strings.HasPrefix(target, "py3") {
		return 0, ""
	}
	return minor, from + "'s Ruff target-version " + target
}
