package golang

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/makefile"
	"github.com/org/multistage-frontend/spec"
	"golang.org/x/mod/modfile"
)

// A project without GoReleaser often keeps its build tags in its Makefile, and a plain `go
// build` without them fails to compile or makes another program: navidrome's main.go refers
// to buildtags.NETGO and buildtags.SQLITE_FTS5, which exist only under its Makefile's
// `GO_BUILD_TAGS=netgo,sqlite_fts5` (`go build ... -tags=$(GO_BUILD_TAGS)`), and its SQLite
// search needs FTS5. Planning reads the Makefile at the root as text (package makefile), never
// run: the first recipe line running `go build` or `go install` with -tags, once the variables
// the Makefile defines are expanded in it (yarr's `go build $(GO_FLAGS) ...`, gitea's `$(GO)
// build`), gives the tags (none when they come to nothing there: woodpecker's `-tags '$(TAGS)'`
// with `TAGS ?=`), its variables expanded from the Makefile's own definitions (the first of each, wherever it
// stands, as make expands a recipe after reading the whole file; `$(VAR)` and `${VAR}`);
// anything else make would compute (a function such as `$(if ...)` or `$(shell ...)`, a
// variable defined elsewhere or in the environment) adds nothing. The tags reach every go
// command of the build as GoReleaser's do (releaseTags), unless build.env sets GOFLAGS. When
// the spec names one program (`entrypoint`), the first such line building that package wins
// over the first line: frp's Makefile builds ./cmd/frps with `-tags frps` and ./cmd/frpc with
// `-tags frpc`, and an image of frpc takes frpc's.

var (
	goBuildCmd = regexp.MustCompile(`(?:^|[\s;&|(])go\s+(?:build|install)\b`)
	// tagsFlag is -tags (or --tags) and its value: =value, or a space then a value, each quoted or not.
	// An empty value (-tags= once a variable computed by make is left out) is no tags.
	tagsFlag = regexp.MustCompile(`(?:^|\s)--?tags(?:=|\s+)("[^"]*"|'[^']*'|\S*)`)
	makeRef  = regexp.MustCompile(`\$(?:\(([A-Za-z_][A-Za-z0-9_]*)\)|\{([A-Za-z_][A-Za-z0-9_]*)\})`)
)

// rootMakefile is the Makefile at the root, parsed once for both of its readers (makefileTags,
// makefileNames), as GoReleaser's configuration is (released); nil without one.
type rootMakefile struct {
	Name string
	makefile.File
}

func readMakefile(f lang.Facts) *rootMakefile {
	name := makefile.Find(f)
	if name == "" {
		return nil
	}
	return &rootMakefile{Name: name, File: makefile.Parse(f.Text(name))}
}

// expandedLine is recipe line i as planning reads it for a go command: $@ is the line's first
// target (targetVars), and the variables the Makefile defines are expanded (expandDefined).
func (mk *rootMakefile) expandedLine(i int) string {
	return expandDefined(mk.targetLine(i), mk.VarsAt(i))
}

// targetLine is recipe line i with the automatic variables of its first target replaced: $@ is
// the target, $(@D) its directory and $(@F) its file name (loki's `cmd/loki/loki:` target runs
// `go build $(GO_FLAGS) -o $@ ./$(@D)`, building ./cmd/loki).
func (mk *rootMakefile) targetLine(i int) string {
	line := mk.Lines[i]
	if t := mk.LineTargets[i]; len(t) > 0 {
		dir, file := path.Split(t[0])
		dir = path.Clean(dir + ".")
		line = strings.NewReplacer("$(@D)", dir, "${@D}", dir, "$(@F)", file, "${@F}", file, "$@", t[0]).Replace(line)
	}
	return line
}

// makefileTags are the build tags of the Makefile's go build, and the Makefile's name; none
// without one. pkg is the one main package the spec names ("./cmd/frpc"), "" for none; a line
// building it wins over the first line with tags. modPath is the root module's path.
func makefileTags(mk *rootMakefile, pkg, modPath string) ([]string, string) {
	return makefileTagsOf(mk, pkg, modPath, false)
}

// programTags are the tags of the Makefile's line building the main package pkg, none when no
// line builds it: each of several programs gets its own (frp's frps and frpc).
func programTags(mk *rootMakefile, pkg, modPath string) []string {
	tags, _ := makefileTagsOf(mk, pkg, modPath, true)
	return tags
}

// makefileTagsOf is makefileTags; exact leaves out the first line's tags when no line builds pkg.
func makefileTagsOf(mk *rootMakefile, pkg, modPath string, exact bool) ([]string, string) {
	if mk == nil {
		return nil, ""
	}
	var first, match []string                  // the first line's -tags match, the named package's line's
	var firstVars, matchVars map[string]string // the variables as each line sees them
	for i := range mk.Lines {
		line := mk.expandedLine(i)
		loc := goBuildCmd.FindStringIndex(line)
		if loc == nil {
			continue
		}
		m := tagsFlag.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if first == nil {
			first, firstVars = m, mk.VarsAt(i)
		}
		if pkg == "" {
			break
		}
		if p, _, ok := buildArgs(line[:loc[0]], shellWords(line[loc[1]:]), mk.VarsAt(i), modPath); ok && p == pkg {
			match, matchVars = m, mk.VarsAt(i)
			break
		}
	}
	if match != nil || exact {
		first, firstVars = match, matchVars
	}
	if first == nil {
		return nil, ""
	}
	if tags := tagList(expandMake(strings.Trim(first[1], `"'`), firstVars, 0)); len(tags) > 0 {
		return tags, mk.Name
	}
	return nil, "" // the build's tags are empty (TAGS ?=), or not plain tags
}

// namedMain is the one main package the spec names, as a path of the context ("./cmd/frpc"),
// by path or by an import path of the module modPath; "" when it names none or several.
func namedMain(s *spec.Spec, modPath string) string {
	e := strings.TrimSpace(s.Entrypoint)
	if e == "" || len(s.Binaries) > 0 {
		return ""
	}
	if rel, cut := strings.CutPrefix(e, modPath); modPath != "" && cut && (rel == "" || strings.HasPrefix(rel, "/")) {
		e = "." + rel
	}
	if !strings.HasPrefix(e, ".") {
		return ""
	}
	p, _ := lang.CleanRelPath(e)
	return p
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

// expandDefined replaces the references to the variables the Makefile defines in s with their
// values, expanded as expandMake does (what make would compute in them left out), and leaves the
// rest (a function call, a variable from the environment) as written: yarr's `go build
// $(GO_FLAGS) -o out/yarr ./cmd/yarr`, with `GO_FLAGS = -tags "$(GO_TAGS)" ...`, is the go build
// line its tags are read from.
func expandDefined(s string, vars map[string]string) string {
	return makeRef.ReplaceAllStringFunc(s, func(ref string) string {
		m := makeRef.FindStringSubmatch(ref)
		v, ok := vars[m[1]+m[2]]
		if !ok {
			return ref
		}
		return expandMake(v, vars, 0)
	})
}

// dropMakeCalls removes each $(...) and ${...} left, with what it encloses.
func dropMakeCalls(s string) string { return replaceRefs(s, func(string) string { return "" }) }

// replaceRefs is s with each make reference or call (`$(...)`, `${...}`, the outermost of nested
// ones) replaced by what with gives for it.
func replaceRefs(s string, with func(ref string) string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) || (s[i+1] != '(' && s[i+1] != '{') {
			b.WriteByte(s[i])
			continue
		}
		j := refEnd(s, i)
		b.WriteString(with(s[i : j+1]))
		i = j
	}
	return b.String()
}

// refEnd is the index of the parenthesis or brace closing the make reference or call whose `$`
// is at s[i] (`$(...)`, `${...}`, nested ones inside), or the last index when none closes it.
func refEnd(s string, i int) int {
	depth, j := 0, i+1
	for ; j < len(s); j++ {
		if s[j] == '(' || s[j] == '{' {
			depth++
		} else if s[j] == ')' || s[j] == '}' {
			if depth--; depth == 0 {
				break
			}
		}
	}
	return min(j, len(s)-1)
}

// tagList is a -tags value's tags (a comma list, or the older space-separated one), each once;
// none when a word is not a plain tag.
func tagList(v string) []string {
	return plainTags(strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }))
}

// projectTags are the build tags the project's own build gives every go command: its
// GoReleaser build's (releaseTags), else, when no GoReleaser build is found, its Makefile's.
// None when build.env sets GOFLAGS, whose tags are the build's then, or for a go.work.
func projectTags(s *spec.Spec, f lang.Facts) (tags []string, file string) {
	return projectTagsOf(s, f, released(f), readMakefile(f))
}

// projectTagsOf are projectTags with GoReleaser's configuration and the Makefile already parsed
// (released, readMakefile), as Toolchain has them.
func projectTagsOf(s *spec.Spec, f lang.Facts, rel *release, mk *rootMakefile) (tags []string, file string) {
	if tags := releaseTags(s, f, rel); len(tags) > 0 {
		return tags, rel.File
	}
	if _, set := s.Build.Env.Get("GOFLAGS"); set || !f.Has("go.mod") || f.Has("go.work") {
		return nil, ""
	}
	if rel != nil {
		return nil, "" // the release build, which has no tags, is the project's build
	}
	mod := modfile.ModulePath(f["go.mod"])
	return makefileTags(mk, namedMain(s, mod), mod)
}

// A Makefile also names the programs: woodpecker's `go build ... -o ${DIST_DIR}/woodpecker-server
// go.woodpecker-ci.org/woodpecker/v3/cmd/server` makes woodpecker-server of cmd/server, which a
// plain go build would name server. makefileNames reads the -o of each recipe line running go
// build, for the one package it builds (a path of the context, an import path of the root
// module, a .go file's directory, or the root when none is named), the first line for each
// package winning; the file name of -o's value, its variables expanded as for the tags (and $@
// as the rule's first target), is the binary's name when it is a plain name (an output
// directory, /dev/null, or a name make would compute in part is none).

// goBuildValueFlags are go build's flags that take a value, which may follow after a space.
var goBuildValueFlags = []string{"o", "tags", "ldflags", "gcflags", "asmflags", "gccgoflags", "mod", "modfile", "p",
	"pkgdir", "buildmode", "compiler", "installsuffix", "overlay", "pgo", "toolexec", "C", "covermode", "coverpkg", "exec"}

// makefileNames maps the main packages the root Makefile's go build lines build ("." or
// "./cmd/server") to the names their -o gives.
func makefileNames(mk *rootMakefile, ws *workspace) map[string]string {
	out := map[string]string{}
	for pkg, name := range makefileBuilds(mk, ws) {
		if name != "" {
			out[pkg] = name
		}
	}
	return out
}

// makefileBuilds maps the packages the root Makefile's go build lines build to the name the
// first line building each gives with -o ("" for none, or for a name that is not one).
func makefileBuilds(mk *rootMakefile, ws *workspace) map[string]string {
	root := ws.root()
	if mk == nil || root == nil || ws.Work {
		return nil
	}
	out := map[string]string{}
	for i := range mk.Lines {
		line := mk.expandedLine(i)
		loc := goBuildOnly.FindStringIndex(line)
		if loc == nil {
			continue
		}
		pkg, output, ok := buildArgs(line[:loc[0]], shellWords(line[loc[1]:]), mk.VarsAt(i), root.Path)
		if !ok {
			continue
		}
		if n, seen := out[pkg]; !seen || n == "" {
			out[pkg] = outputName(output)
		}
	}
	return out
}

// cdBefore is a `cd DIR &&` or `cd DIR;` of a recipe line, DIR its submatch.
var cdBefore = regexp.MustCompile(`(?:^\s*[@+-]*|[\s;&|(])cd\s+("[^"]*"|'[^']*'|[^\s;&|]+)\s*(?:&&|;)`)

// goBuildOnly is a go build command (not go install, which names the binary after the package).
var goBuildOnly = regexp.MustCompile(`(?:^|[\s;&|(])go\s+build\b`)

// buildArgs are the package a go build's arguments build and its -o value ("" without -o), each
// expanded; false when there is more than one package (or a pattern such as ./...). before is
// the recipe line before the go build: a `cd DIR &&` or `cd DIR;` there, or the build's `-C DIR`,
// makes a relative package one of DIR (plik's `cd server && go build -o plikd` builds ./server).
func buildArgs(before string, words []string, vars map[string]string, modPath string) (pkg, output string, ok bool) {
	var pkgs []string
	dir := "."
	if m := cdBefore.FindAllStringSubmatch(before, -1); m != nil {
		dir = expandMake(strings.Trim(m[len(m)-1][1], `"'`), vars, 0)
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == ";" || w == "&&" || w == "||" || w == "|" {
			break
		}
		if !strings.HasPrefix(w, "-") {
			if e := expandMake(w, vars, 0); e != "" { // a variable make leaves empty is no word (stash's $(STASH_OUTPUT))
				pkgs = append(pkgs, e)
			}
			continue
		}
		flag, value, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if !hasValue && slices.Contains(goBuildValueFlags, flag) && i+1 < len(words) {
			i++
			value = words[i]
		}
		switch flag {
		case "o":
			output = expandMake(value, vars, 0)
		case "C":
			dir = path.Join(dir, expandMake(value, vars, 0))
		}
	}
	if len(pkgs) > 1 {
		return "", "", false
	}
	p := "."
	if len(pkgs) == 1 {
		p = pkgs[0]
	}
	if strings.HasSuffix(p, ".go") {
		p = path.Dir(p)
	}
	if p == "." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
		p = path.Join(dir, p) // a package relative to the directory the build runs in
	}
	if rel, cut := strings.CutPrefix(p, modPath); cut && (rel == "" || strings.HasPrefix(rel, "/")) {
		p = "." + rel
	}
	rel, clean := lang.CleanRelPath(p)
	if !clean || !pkgPath.MatchString(rel) || strings.Contains(rel, "...") {
		return "", "", false
	}
	return rel, output, true
}

// outputName is the file name of a -o value (a trailing .exe left out), "" when it names a
// directory or a device, or holds what make computed (an empty part: dist/app-$(GOOS)).
// platformSuffix is the operating system and architecture a cross build's output name ends
// with (chisel's `-o ${DIR}/chisel-linux_amd64`), which the image's one program does not need.
var platformSuffix = regexp.MustCompile(`[-_.](?:linux|darwin|windows|freebsd|openbsd|netbsd|dragonfly|solaris|illumos|aix|android|plan9)` +
	`(?:[-_.](?:amd64|arm64|386|armv?[5-7]?|ppc64le|ppc64|s390x|riscv64|mips64le|mips64|mipsle|mips|loong64|x86_64|aarch64))?$`)

func outputName(output string) string {
	if output == "" || strings.HasSuffix(output, "/") || strings.HasPrefix(output, "/dev/") {
		return ""
	}
	n := strings.TrimSuffix(path.Base(output), ".exe")
	n = platformSuffix.ReplaceAllString(n, "") // a cross build's chisel-freebsd_amd64 is chisel
	// main is a placeholder (air's and many a Makefile's ./tmp/main), not what a program is called
	if n == "." || n == ".." || n == "main" || binName.MatchString(n) || strings.Contains(n, "--") ||
		strings.HasPrefix(n, "-") || strings.HasSuffix(n, "-") || strings.HasSuffix(n, "_") || strings.HasSuffix(n, ".") {
		return ""
	}
	return n
}

// shellWords splits a recipe line into words as the shell would for plain arguments: quotes
// group (and are removed), a make reference ($(...) or ${...}) stays one word, ;, &&, ||
// and | are words of their own, and a # starting a word starts a comment.
func shellWords(line string) []string {
	var out []string
	var w strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			out = append(out, w.String())
		}
		w.Reset()
		inWord = false
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				end = len(line) - i - 1
			}
			w.WriteString(line[i+1 : i+1+end])
			inWord, i = true, i+1+end
		case c == '$' && i+1 < len(line) && (line[i+1] == '(' || line[i+1] == '{'):
			j := refEnd(line, i)
			w.WriteString(line[i : j+1])
			inWord, i = true, j
		case c == '#' && !inWord: // a comment to the end of the line (chartmuseum's `... main.go  # windows`)
			i = len(line)
		case c == ' ' || c == '\t':
			flush()
		case c == ';' || c == '|' || c == '&':
			flush()
			op := string(c)
			if i+1 < len(line) && line[i+1] == c {
				op, i = op+op, i+1
			}
			out = append(out, op)
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return out
}
