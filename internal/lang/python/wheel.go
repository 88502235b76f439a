package python

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A package project reaches the image as the wheel `pip install .` builds (the image ships the
// venv only), so a front end built into the package's directory (`assets` whose output lands
// there: dispatch's src/dispatch/static/dispatch/dist) reaches it only when the build backend
// puts it in the wheel. Hatchling leaves out what the first .gitignore found in the project's
// root (or above it) names, unless `artifacts` names it or `ignore-vcs` is set (hatch's build
// configuration, "File selection"); the built files, which a .gitignore names as a rule, then
// never reach the image. Other backends are not read: setuptools keeps package data by its
// MANIFEST.in, package-data and plugins, which planning does not follow.

// hatchFiles are the settings of a hatch build table that decide whether .gitignore applies.
type hatchFiles struct {
	IgnoreVCS *bool    `toml:"ignore-vcs"`
	Artifacts []string `toml:"artifacts"`
}

// hatchIgnoresVCS reports that hatchling builds the wheel and nothing in its build tables
// ([tool.hatch.build], its wheel target's) says otherwise of .gitignore: no ignore-vcs, no
// artifacts (whose patterns are not matched here: any leaves the wheel to them).
func hatchIgnoresVCS(py pyproject) bool {
	if py.BuildSystem == nil || strings.TrimSpace(py.BuildSystem.Backend) != "hatchling.build" {
		return false
	}
	b := py.Tool.Hatch.Build
	for _, h := range []hatchFiles{b.hatchFiles, b.Targets.Wheel.hatchFiles} {
		if h.IgnoreVCS != nil || len(h.Artifacts) > 0 {
			return false
		}
	}
	return true
}

// wheelLeavesOut is the package directory holding output (a directory of the build context)
// and the line of the context's .gitignore that makes hatchling leave output out of the wheel;
// "" when the wheel keeps it, or when that is not known.
func wheelLeavesOut(f lang.Facts, p *project, output string) (pkg, line string) {
	out, ok := lang.CleanRelPath(output)
	if !ok || !p.pkg || !p.hatchIgnores || !f.Has(".gitignore") {
		return "", ""
	}
	out = strings.TrimPrefix(out, "./")
	for _, d := range packageFrontEndDirs(p) {
		if strings.HasPrefix(out+"/", d+"/") && out != d {
			pkg = d
			break
		}
	}
	if pkg == "" {
		return "", ""
	}
	if line = gitignored(string(f[".gitignore"]), out); line == "" {
		return "", ""
	}
	return pkg, line
}

// gitignored is the first line of a .gitignore that ignores name (a directory, relative to the
// .gitignore's) or a directory above it; "" for none. Only plain patterns are read: a pattern with
// `**` inside is passed over, and a negation (`!`) that may bring back name or a file below it
// (one anchored at name, above or below it; any unanchored one) makes it "", so that what is
// reported is what git (and hatchling) would leave out.
func gitignored(gitignore, name string) string {
	segs := strings.Split(name, "/")
	hit := ""
	for _, line := range strings.Split(gitignore, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" || line[0] == '#' {
			continue
		}
		negated := line[0] == '!'
		pat := strings.TrimPrefix(strings.TrimSuffix(strings.TrimPrefix(line, "!"), "/"), "**/")
		if pat == "" || strings.Contains(pat, "**") || strings.ContainsAny(pat, `\[`) {
			if negated {
				return ""
			}
			continue
		}
		anchored := strings.Contains(pat, "/") // a slash at the start or in the middle anchors it to the root
		pats := strings.Split(strings.TrimPrefix(pat, "/"), "/")
		switch {
		case negated && (!anchored || segmentsMatch(pats, segs)):
			return ""
		case negated || hit != "":
		case anchored && len(pats) <= len(segs) && segmentsMatch(pats, segs):
			hit = line
		case !anchored && slices.ContainsFunc(segs, func(seg string) bool { ok, _ := path.Match(pats[0], seg); return ok }):
			hit = line
		}
	}
	return hit
}

// segmentsMatch reports that the patterns match the leading segments, as far as the shorter of
// the two goes: the pattern names the path, a directory above it or a path below it.
func segmentsMatch(pats, segs []string) bool {
	for i := 0; i < len(pats) && i < len(segs); i++ {
		if ok, _ := path.Match(pats[i], segs[i]); !ok {
			return false
		}
	}
	return true
}

// writtenOutputs are the directories the spec's `assets` copy into the builder as written:
// each entry's `into`, else its `output`; one with neither (its output then where its bundler's
// configuration says, else <dir>/dist) is not taken.
func writtenOutputs(s *spec.Spec) []string {
	if s.Assets == nil || s.Assets.Disabled {
		return nil
	}
	var out []string
	for _, a := range append([]spec.Assets{*s.Assets}, s.Assets.More...) {
		if o := cmp.Or(a.Into, a.Output); o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}
