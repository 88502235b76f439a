package golang

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/makefile"
	"github.com/org/multistage-frontend/spec"
)

// A project without GoReleaser often keeps its build tags in its Makefile, and a plain `go
// build` without them fails to compile or makes another program: navidrome's main.go refers
// to buildtags.NETGO and buildtags.SQLITE_FTS5, which exist only under its Makefile's
// `GO_BUILD_TAGS=netgo,sqlite_fts5` (`go build ... -tags=$(GO_BUILD_TAGS)`), and its SQLite
// search needs FTS5. Planning reads the Makefile at the root as text (package makefile), never
// run: the first recipe line running `go build` or `go install` with -tags gives the tags (none
// when they come to nothing there: woodpecker's `-tags '$(TAGS)'` with `TAGS ?=`), its
// variables expanded from the Makefile's own definitions (the first of each, wherever it
// stands, as make expands a recipe after reading the whole file; `$(VAR)` and `${VAR}`);
// anything else make would compute (a function such as `$(if ...)` or `$(shell ...)`, a
// variable defined elsewhere or in the environment) adds nothing. The tags reach every go
// command of the build as GoReleaser's do (releaseTags), unless build.env sets GOFLAGS.

var (
	goBuildCmd = regexp.MustCompile(`(?:^|[\s;&|(])go\s+(?:build|install)\b`)
	// tagsFlag is -tags (or --tags) and its value: =value, or a space then a value, each quoted or not.
	tagsFlag = regexp.MustCompile(`(?:^|\s)--?tags(?:=|\s+)("[^"]*"|'[^']*'|\S+)`)
	makeRef  = regexp.MustCompile(`\$(?:\(([A-Za-z_][A-Za-z0-9_]*)\)|\{([A-Za-z_][A-Za-z0-9_]*)\})`)
)

// makefileTags are the build tags of the Makefile's go build, and the Makefile's name; none
// without one.
func makefileTags(f lang.Facts) ([]string, string) {
	name := makefile.Find(f)
	if name == "" {
		return nil, ""
	}
	mk := makefile.Parse(f.Text(name))
	for _, line := range mk.Lines {
		if !goBuildCmd.MatchString(line) {
			continue
		}
		if m := tagsFlag.FindStringSubmatch(line); m != nil {
			if tags := tagList(expandMake(strings.Trim(m[1], `"'`), mk.Vars, 0)); len(tags) > 0 {
				return tags, name
			}
			return nil, "" // the build's tags are empty (TAGS ?=), or not plain tags
		}
	}
	return nil, ""
}

// expandMake replaces the references to the Makefile's variables in s with their values, and
// drops what make would compute: a reference to a variable it does not define, a function call.
func expandMake(s string, vars map[string]string, depth int) string {
	s = makeRef.ReplaceAllStringFunc(s, func(ref string) string {
		m := makeRef.FindStringSubmatch(ref)
		v, ok := vars[m[1]+m[2]]
		if !ok || depth > 8 {
			return ""
		}
		return expandMake(v, vars, depth+1)
	})
	return dropMakeCalls(s)
}

// dropMakeCalls removes each $(...) and ${...} left, with what it encloses.
func dropMakeCalls(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) || (s[i+1] != '(' && s[i+1] != '{') {
			b.WriteByte(s[i])
			continue
		}
		depth := 0
		for i++; i < len(s); i++ { // to the closing parenthesis, or the end
			if s[i] == '(' || s[i] == '{' {
				depth++
			} else if s[i] == ')' || s[i] == '}' {
				if depth--; depth == 0 {
					break
				}
			}
		}
	}
	return b.String()
}

// tagList is a -tags value's tags (a comma list, or the older space-separated one), each once;
// none when a word is not a plain tag.
func tagList(v string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if !buildTag.MatchString(t) {
			return nil
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// projectTags are the build tags the project's own build gives every go command: its
// GoReleaser build's (releaseTags), else, when no GoReleaser build is found, its Makefile's.
// None when build.env sets GOFLAGS, whose tags are the build's then, or for a go.work.
func projectTags(s *spec.Spec, f lang.Facts) (tags []string, file string) {
	return projectTagsOf(s, f, released(f))
}

// projectTagsOf are projectTags with GoReleaser's configuration already parsed (released), as
// Toolchain has it.
func projectTagsOf(s *spec.Spec, f lang.Facts, rel *release) (tags []string, file string) {
	if tags := releaseTags(s, f, rel); len(tags) > 0 {
		return tags, rel.File
	}
	if _, set := s.Build.Env.Get("GOFLAGS"); set || !f.Has("go.mod") || f.Has("go.work") {
		return nil, ""
	}
	if rel != nil {
		return nil, "" // the release build, which has no tags, is the project's build
	}
	return makefileTags(f)
}
