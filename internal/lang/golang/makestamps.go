package golang

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/makefile"
	"github.com/org/multistage-frontend/spec"
)

// A project without GoReleaser stamps its version in its Makefile: dagu's `LDFLAGS=-X
// 'main.version=$(BUILD_VERSION)'` with `BUILD_VERSION=$(shell git describe --tags)`, coredns's
// `-X .../coremain.GitCommit=$(GITCOMMIT)` with `GITCOMMIT?=$(shell git describe --dirty
// --always)`. Planning reads the -ldflags of the Makefile's first go build line building the
// image's program, its variables expanded as make would, but for what make computes: a
// variable holding a `$(shell ...)`, or one the Makefile leaves to the environment (`make
// VERSION=1.2`), stands for the build arg VERSION, COMMIT or DATE by its name (GITCOMMIT,
// BUILD_VERSION, BUILD_TIME), else by its command (git describe or git tag for VERSION, git
// rev-parse or git log for COMMIT, date for DATE). The stamps are then made as a GoReleaser
// release's are (stampsOf): each arg declared with the source's default, a stamp of plain text
// stamped as written, and a stamp of what is not read (another function, two args in one value)
// named by VersionNotStamped.

// stampArgTemplates are the GoReleaser templates a Makefile's build args are read as by stampsOf.
var stampArgTemplates = map[string]string{"VERSION": "{{.Version}}", "COMMIT": "{{.Commit}}", "DATE": "{{.Date}}"}

var (
	// argByName classifies a variable of the Makefile by its name, in this order.
	argByName = []struct {
		re  *regexp.Regexp
		arg string
	}{
		{regexp.MustCompile(`(?i)commit|sha|revision|^rev$|hash`), "COMMIT"},
		{regexp.MustCompile(`(?i)date|time`), "DATE"},
		{regexp.MustCompile(`(?i)version|(?:^|_)tag$|release`), "VERSION"}, // loki's IMAGE_TAG
	}
	// argByCommand classifies a $(shell ...) by its command.
	argByCommand = []struct {
		re  *regexp.Regexp
		arg string
	}{
		{regexp.MustCompile(`\bgit\s+(?:describe|tag)\b`), "VERSION"},
		{regexp.MustCompile(`\bgit\s+(?:rev-parse|log|show)\b`), "COMMIT"},
		{regexp.MustCompile(`^\s*date\b`), "DATE"},
	}
	// branchCommand is a git command printing the branch, not the commit, though it is a
	// rev-parse (loki's `GIT_BRANCH := $(shell git rev-parse --abbrev-ref HEAD)`).
	branchCommand = regexp.MustCompile(`\bgit\s+(?:rev-parse\s.*--abbrev-ref|symbolic-ref|branch)\b`)
	makeCall      = regexp.MustCompile(`^\$[({]shell\s+(.*)[)}]$`)
	// builtBy is a stamp saying who built the program (`Builder=Make Script`, loki's
	// `BuildUser=$(shell whoami)@$(shell hostname)`), which this build is not, or on which
	// branch (`Branch=$(GIT_BRANCH)`), which a build context without .git does not say: left
	// out, as promu's are (promu.go).
	builtBy = regexp.MustCompile(`(?i)\.(?:built_?by|builder|build_?user|(?:git_?)?branch)=`)
	// toolVersion is the name of a variable holding a build tool's version, not the program's
	// though its name says version (gitea's `MakeVersion=$(MAKE_VERSION)`, `BuildGoVersion`):
	// this build is not made by that tool, and the stamp is left out as builtBy's is.
	toolVersion = regexp.MustCompile(`(?i)(?:^|[^a-z]|build)(?:go|golang|make|gcc|compiler|node|npm|rustc?|docker)_?version$`)
	// argRef is a reference to a stamp's build arg, as stampExpander writes it.
	argRef = regexp.MustCompile(`\$\{(VERSION|COMMIT|DATE)\}`)
)

// makefileRelease is the stamping of the Makefile's go build line building pkg (a path of the
// context, "." or "./cmd/app"), read as a GoReleaser build's (stampsOf): its -X of an arg as
// templates, those of plain text as Consts, the others in Left as written. nil without such a
// line or without -X; modPath is the root module's path.
func makefileRelease(mk *rootMakefile, pkg, modPath string) (*release, []string) {
	if mk == nil {
		return nil, nil
	}
	for i := range mk.Lines {
		raw := mk.targetLine(i)
		vars := mk.VarsAt(i)
		x := stampExpander{vars: vars, origin: map[string]string{}}
		line := x.expand(raw, 0)
		loc := goBuildCmd.FindStringIndex(line)
		if loc == nil {
			continue
		}
		words := shellWords(line[loc[1]:])
		if p, _, ok := buildArgs(line[:loc[0]], words, vars, modPath); !ok || p != pkg {
			continue
		}
		r := &release{Pkg: pkg, File: mk.Name, Said: map[string]string{}}
		var left []string
		for _, stamp := range ldflagStamps(words) {
			variable, value, _ := strings.Cut(stamp, "=")
			refs := argRef.FindAllStringSubmatch(value, -1)
			switch {
			case builtBy.MatchString(stamp) || toolVersion.MatchString(variableName(variable)):
			case len(refs) == 1 && !strings.ContainsAny(argRef.ReplaceAllString(value, ""), "$"):
				tmpl := variable + "=" + argRef.ReplaceAllString(value, stampArgTemplates[refs[0][1]])
				r.Stamps = append(r.Stamps, tmpl)
				r.Said[tmpl] = variable + "=" + x.origin[refs[0][1]]
			case !strings.Contains(value, "$") && plainStamp.MatchString(stamp) && stampArgOf(variableName(variable), "") != "":
				// a version written out (dozzle's `cli.Version=local`) marks a build of the
				// Makefile's, not the release: the arg of its name stamps it
				arg := stampArgOf(variableName(variable), "")
				tmpl := variable + "=" + stampArgTemplates[arg]
				r.Stamps = append(r.Stamps, tmpl)
				r.Said[tmpl] = variable + "=\"" + value + "\" written out"
			case !strings.Contains(value, "$") && plainStamp.MatchString(stamp):
				r.Consts = append(r.Consts, stamp)
			default:
				left = append(left, stamp)
			}
		}
		if len(r.Stamps)+len(r.Consts)+len(left) == 0 {
			return nil, nil
		}
		return r, left
	}
	return nil, nil
}

// ldflagStamps are the `name=value` of each -X in the -ldflags of a go build's words (the
// first -ldflags), split as the go command splits the flag's value (quotes group words).
func ldflagStamps(words []string) []string {
	var flags string
	for i, w := range words {
		if w == ";" || w == "&&" || w == "||" || w == "|" {
			break
		}
		flag, value, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if !strings.HasPrefix(w, "-") || flag != "ldflags" {
			continue
		}
		if !hasValue && i+1 < len(words) {
			value = words[i+1]
		}
		flags = value
		break
	}
	var out []string
	for _, x := range xFlags(shellWords(flags)) { // the go command's split honours quotes as the shell's does
		if strings.Contains(x, "=") && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// xFlags are the values of the linker's -X flags among the words of an -ldflags value
// (`-X name=value`, `-X=name=value`), in order.
func xFlags(fields []string) []string {
	var out []string
	for i, w := range fields {
		x, ok := strings.CutPrefix(w, "-X=")
		if !ok && (w == "-X" || w == "--X") && i+1 < len(fields) {
			x, ok = fields[i+1], true
		}
		if ok {
			out = append(out, x)
		}
	}
	return out
}

// stampExpander expands the Makefile's references in s as make would, but for what make
// computes: a variable holding a $(shell ...), or not defined in the Makefile, becomes the build
// arg its name or command stands for (`${VERSION}`), and stays as written when neither tells
// one; a function call stays as written, but a $(shell ...) that tells its arg. A variable
// defined empty (`VERSION ?=`) is one the command line gives, as one not defined.
type stampExpander struct {
	vars   map[string]string
	origin map[string]string // what each build arg stands for, as the Makefile writes it
}

func (x stampExpander) expand(s string, depth int) string {
	return replaceRefs(s, func(ref string) string { return x.ref(ref, depth) })
}

// ref is one reference's expansion.
func (x stampExpander) ref(ref string, depth int) string {
	if m := makeRef.FindStringSubmatch(ref); m != nil && m[0] == ref {
		v := m[1] + m[2]
		value, defined := x.vars[v]
		switch {
		case depth > 8:
			return ref
		case !defined || strings.TrimSpace(value) == "" || strings.Contains(value, "$(shell") || strings.Contains(value, "${shell"):
			if arg := stampArgOf(v, value); arg != "" {
				x.said(arg, ref, value)
				return "${" + arg + "}"
			}
			if strings.TrimSpace(value) != "" {
				return x.expand(value, depth+1) // a $(shell ...) it holds may tell
			}
			return ref
		}
		return x.expand(value, depth+1)
	}
	if m := makeCall.FindStringSubmatch(ref); m != nil {
		if arg := commandArg(m[1]); arg != "" {
			x.said(arg, ref, "")
			return "${" + arg + "}"
		}
	}
	return ref
}

// commandArg is the build arg a $(shell ...) command stands for (argByCommand), "" for none
// and for a command printing the branch.
func commandArg(command string) string {
	if branchCommand.MatchString(command) {
		return ""
	}
	for _, c := range argByCommand {
		if c.re.MatchString(command) {
			return c.arg
		}
	}
	return ""
}

// said records what the build arg arg stands for: the reference, and the value make computes
// it from (`$(BUILD_VERSION)`, `$(shell git describe --tags)`).
func (x stampExpander) said(arg, ref, value string) {
	if value = strings.TrimSpace(value); value != "" {
		ref += ", " + value
	}
	if _, seen := x.origin[arg]; !seen {
		x.origin[arg] = ref
	}
}

// stampArgOf is the build arg a computed variable stands for: by its name, else by the
// $(shell ...) command of its value; "" for none, and for a build tool's version.
func stampArgOf(name, value string) string {
	if toolVersion.MatchString(name) {
		return ""
	}
	for _, c := range argByName {
		if c.re.MatchString(name) {
			return c.arg
		}
	}
	if m := makeCall.FindStringSubmatch(strings.TrimSpace(value)); m != nil {
		return commandArg(m[1])
	}
	return ""
}

// projectStamps are the stamps of the project's release build of the program run: GoReleaser's
// (rel), else, without a GoReleaser configuration, the root Makefile's go build line building it.
func projectStamps(s *spec.Spec, f lang.Facts, ws *workspace, rel *release, mk *rootMakefile, run binary, modPath string) stamping {
	if rel != nil || ws.Work || ws.root() == nil {
		st := stampsOf(s, f, rel, modPath)
		st.leftDefaults(f, modPath)
		return st
	}
	r, left := makefileRelease(mk, run.Pkg, modPath)
	if r == nil {
		r, left = dockerfileRelease(f, run.Pkg, modPath)
	}
	st := stampsOf(s, f, r, modPath)
	left = slices.DeleteFunc(left, func(x string) bool {
		variable, _, _ := strings.Cut(x, "=")
		return undeclared(f, run.Pkg, modPath, variable)
	})
	if r != nil && len(left) > 0 && s.Build.LDFlags == "" && s.Build.Command == nil {
		st.Pkg, st.File, st.Left = r.Pkg, r.File, append(st.Left, left...)
	}
	st.leftDefaults(f, modPath)
	return st
}

// stampsRelease is the release whose stamps stampFollow reads the packages of: rel, else the
// Makefile's build of the program run (as projectStamps).
func stampsRelease(f lang.Facts, ws *workspace, rel *release, mk *rootMakefile, run binary, modPath string) *release {
	if rel != nil || ws.Work || ws.root() == nil {
		return rel
	}
	r, _ := makefileRelease(mk, run.Pkg, modPath)
	if r == nil {
		r, _ = dockerfileRelease(f, run.Pkg, modPath)
	}
	return r
}

// Without a GoReleaser configuration or a Makefile stamping the program, its project's own
// Dockerfile may: wings' `ARG VERSION` and `go build -ldflags="-s -w -X
// github.com/pterodactyl/wings/system.Version=$VERSION" ... wings.go`. Each RUN line running go
// build is read as a Makefile's recipe line (makefileRelease): the shell's `$NAME` and `${NAME}`
// are make's `$(NAME)`, an ARG without a default (the build's --build-arg) a variable left to
// the environment, named VERSION, COMMIT or DATE by its name, and a command substitution,
// `$(git describe --tags)`, make's `$(shell ...)`, named by its command.

// shellVar is a shell variable reference, $NAME or ${NAME}; shellCommand a command
// substitution's start, $( or a backquoted command.
var (
	shellVar     = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)
	shellCommand = regexp.MustCompile("`([^`]*)`")
	makeVar      = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)
)

// dockerfileRelease is makefileRelease of the go build lines of the project's Dockerfile, its
// name the file's.
func dockerfileRelease(f lang.Facts, pkg, modPath string) (*release, []string) {
	name, runs := lang.DockerfileGoBuilds(f)
	for _, run := range runs {
		line := shellCommand.ReplaceAllString(run.Line, "$$(shell $1)")
		line = strings.ReplaceAll(line, "$(", "$(shell ")
		line = strings.ReplaceAll(line, "$(shell shell ", "$(shell ")
		line = shellVar.ReplaceAllString(line, "$$($1$2)")
		mk := &rootMakefile{Name: name, File: makefile.File{Lines: []string{line}, LineTargets: [][]string{nil}, Vars: run.Vars}}
		if r, left := makefileRelease(mk, pkg, modPath); r != nil {
			for k, v := range r.Said { // as the Dockerfile writes it
				r.Said[k] = makeVar.ReplaceAllString(strings.ReplaceAll(v, "$(shell ", "$("), "$${$1}")
			}
			return r, left
		}
	}
	return nil, nil
}

// variableName is the name of a stamped variable (`main.version` → version).
func variableName(variable string) string {
	return variable[strings.LastIndex(variable, ".")+1:]
}
