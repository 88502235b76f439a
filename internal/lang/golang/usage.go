package golang

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// usageLine is a usage synopsis in a Go file: `Usage:`, on its line or indented on the next
// (docopt's), the program's name, options in brackets, then an argument in angle brackets,
// which the convention makes required (rqlited's `Usage: rqlited [flags] <data directory>`),
// alone or as the value of an option outside brackets (glauth's `glauth [options] -c <file|s3
// url>`). The submatches: the program, the option ("" for none), the argument.
var usageLine = regexp.MustCompile(`Usage:(?:[ \t]*\n)?[ \t]+(\S+)(?:[ \t]+\[[^\]\n"]*\])*(?:[ \t]+(--?[A-Za-z][\w-]*))?[ \t]+<([^>\n"]+)>`)

// usageAlone is a further line of a docopt usage naming the program with bracketed options
// only (`  tool [options]`): the program runs without the argument after all.
var usageAlone = regexp.MustCompile(`^[ \t]+(\S+)(?:[ \t]+\[[^\]\n"]*\])*[ \t]*$`)

// argumentNotes are an ArgumentRequired note for the first usage line of the image's main
// package that names its program and a required argument, when the image runs it without
// arguments: the spec has no cmd and sub, the server subcommand, is "".
func argumentNotes(s *spec.Spec, run binary, f lang.Facts, sub string) (notes []plan.Note) {
	if s.Cmd != nil || sub != "" {
		return nil
	}
	names := []string{run.Name, path.Base(run.Pkg), "%s"}
	for _, file := range goFiles(f, strings.TrimPrefix(run.Pkg, "./")) {
		text := f.Text(file)
		if !strings.Contains(text, "Usage:") {
			continue
		}
		for _, m := range usageLine.FindAllStringSubmatchIndex(text, -1) {
			// a doc comment's usage (`// Usage: tool <file>`) is no string the program prints;
			// lang.CodeLine would take a URL before it on the line (rqlite's) for a comment
			line, _ := lang.CodeLine(text, m[0])
			before := strings.TrimSpace(text[strings.LastIndexByte(text[:m[0]], '\n')+1 : m[0]])
			prog := text[m[2]:m[3]]
			if strings.HasPrefix(before, "//") || !slices.Contains(names, prog) || runsAlone(text[m[1]:], prog) {
				continue
			}
			example := "[/data]"
			if m[4] >= 0 {
				example = "[" + text[m[4]:m[5]] + ", /data/...]"
			}
			what := "the usage `" + text[m[2]:m[1]] + "` names a required argument, <" + text[m[6]:m[7]] + ">"
			return append(notes, rules.ArgumentRequired.Note(lang.FirstField(s, "entrypoint", "language"), rules.ArgumentRequired.Format(
				file+":"+strconv.Itoa(line), what, run.Name, example)))
		}
	}
	return argCheckNotes(s, run, f) // no usage line: main's own check of its arguments (argcheck.go)
}

// runsAlone reports a line of the usage after the matched one (rest, up to a blank line) that
// names the program with bracketed options only (docopt's alternatives: `  tool [options]`).
func runsAlone(rest, prog string) bool {
	lines := strings.Split(rest, "\n")
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			return false
		}
		if m := usageAlone.FindStringSubmatch(l); m != nil && m[1] == prog {
			return true
		}
	}
	return false
}
