package golang

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A docopt program declares its commands in its usage text, which docopt-go parses: ergo's
// `Usage:` lists `ergo initdb [--conf <filename>]`, `ergo mkcerts ...`, `ergo run [--conf
// <filename>] [--quiet] [--smoke]`, `ergo -h | --help` and `ergo --version`. No line runs the
// program alone, so without arguments docopt prints the usage and it exits; its own image's
// script ends in `exec ergo run`. When the module requires docopt-go directly and the image's
// main package holds such a usage, its server command is the default argument (`cmd`): the
// only command named serve, server or web, else the only one named run or start (a root that
// does nothing, as idleroot.go takes for cobra and urfave/cli), on a line needing no argument
// outside brackets. A usage with a line naming the program with bracketed options only (`tool
// [options]`) runs without a command, so none is added; the spec's cmd replaces it.

var docoptModules = []string{"github.com/docopt/docopt-go", "github.com/docopt/docopt.go"}

// docoptUsage is a usage section: what follows `Usage:` on its line, then the indented lines
// after it, up to a blank or unindented line (`Options:`).
var docoptUsage = regexp.MustCompile(`(?i)usage:([^\n]*(?:\n[ \t]+\S[^\n]*)*)`)

// bracketed is an optional element of a usage line, innermost first.
var bracketed = regexp.MustCompile(`\[[^\[\]]*\]`)

// docoptCommand is the server command of the image's main package's docopt usage, "" for none.
func docoptCommand(s *spec.Spec, ws *workspace, bin binary, f lang.Facts) string {
	if s.Cmd != nil || !slices.ContainsFunc(docoptModules, ws.requiresDirectly) {
		return ""
	}
	for _, file := range goFiles(f, strings.TrimPrefix(bin.Pkg, "./")) {
		text := f.Text(file)
		for _, m := range lang.CodeMatches(docoptUsage, text) {
			if cmd, ok := usageServer(text[m[2]:m[3]]); ok {
				return cmd
			}
		}
	}
	return ""
}

// usageServer reads a usage section's lines: ok when it is one (two lines or more naming the
// same program), with its server command, "" when a line runs the program without one or no
// single command is the server.
func usageServer(usage string) (cmd string, ok bool) {
	var prog string
	var servers, runs []string
	lines := 0
	for _, l := range strings.Split(usage, "\n") {
		words := strings.Fields(l)
		if len(words) == 0 {
			continue
		}
		if prog == "" {
			prog = words[0]
		}
		if words[0] != prog {
			continue
		}
		lines++
		rest := strings.Join(words[1:], " ")
		for bracketed.MatchString(rest) {
			rest = bracketed.ReplaceAllString(rest, "")
		}
		args := strings.Fields(rest)
		if len(args) == 0 {
			return "", true // the program alone, or with options only in brackets
		}
		w := args[0]
		if !commandWord.MatchString(w) || strings.Contains(rest, "<") {
			continue // options or an argument required, or a command that needs one
		}
		switch {
		case slices.Contains(serverCommands, w) && !slices.Contains(servers, w):
			servers = append(servers, w)
		case (w == "run" || w == "start") && !slices.Contains(runs, w):
			runs = append(runs, w)
		}
	}
	if lines < 2 {
		return "", false
	}
	if len(servers) == 1 {
		return servers[0], true
	}
	if len(servers) == 0 && len(runs) == 1 {
		return runs[0], true
	}
	return "", true
}

// commandWord is a docopt command: a word, not an option, an argument or a group.
var commandWord = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
