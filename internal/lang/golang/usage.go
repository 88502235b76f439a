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

// usageLine is a usage synopsis in a Go file: `Usage:`, the program's name, options in brackets,
// then an argument in angle brackets, which the convention makes required (rqlited's `Usage:
// rqlited [flags] <data directory>`).
var usageLine = regexp.MustCompile(`Usage:[ \t]+(\S+)((?:[ \t]+\[[^\]\n"]*\])*)[ \t]+<([^>\n"]+)>`)

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
			if strings.HasPrefix(before, "//") || !slices.Contains(names, text[m[2]:m[3]]) {
				continue
			}
			return append(notes, rules.ArgumentRequired.Note(lang.FirstField(s, "entrypoint", "language"), rules.ArgumentRequired.Format(
				file+":"+strconv.Itoa(line), text[m[2]:m[1]], text[m[6]:m[7]], run.Name)))
		}
	}
	return nil
}
