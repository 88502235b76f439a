package python

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A program of a single command may require a positional argument: sqlite-web's
// `if not args: die('Error: missing required path to database file.')` after optparse, an
// argparse positional (`parser.add_argument("database")`), a click argument
// (`@click.argument("path")`). The image runs it without one unless the spec's cmd gives it, so
// it exits at start: ArgumentRequired says so. Read as text in the module the image's script or
// program file is (the files read for its listen options); a module registering commands or
// argparse subcommands, or a click group (maingroup.go's clickGroup, add_command too), is not read (an argument may be one command's).

// noArgsExit is an `if not args:` (or a count of them compared with 0 or 1) whose next line
// exits: a die, sys.exit or exit call, parser.error, raise SystemExit.
var noArgsExit = regexp.MustCompile(`(?m)^[ \t]*if\s+(?:not\s+args|len\(args\)\s*(?:==\s*0|<\s*1))\s*:[ \t]*\n[ \t]*(?:die|sys\.exit|exit|parser\.error|\w+\.error|raise\s+SystemExit)\b`)

// positionalCall is an argparse positional or a click argument: group 1 the call's start.
var positionalCall = regexp.MustCompile(`(\.add_argument|\bclick\.argument|@argument)\s*\(\s*["']([A-Za-z_][\w-]*)["']`)

// requiredArgument is where text (a module's) requires a positional argument, and what it is;
// ok false for none, or for a module of several commands.
func requiredArgument(text string) (line int, what string, ok bool) {
	code := stripStrings(text)
	if len(scriptCommands(text)) > 1 || clickGroup.MatchString(code) || strings.Contains(code, "add_subparsers(") {
		return 0, "", false
	}
	if loc := noArgsExit.FindStringIndex(text); loc != nil {
		line, _ = lang.CodeLine(text, loc[0])
		return line, "it exits when it is given no argument (`if not args:`)", true
	}
	for _, m := range positionalCall.FindAllStringSubmatchIndex(text, -1) {
		args, _ := callArgs(text[m[1]:])
		required := true
		for _, a := range args {
			key, value, _ := strings.Cut(a, "=")
			key, value = strings.TrimSpace(key), strings.TrimSpace(value)
			switch {
			case key == "default", key == "required" && value == "False":
				required = false
			case key == "nargs" && (value == `"?"` || value == `'?'` || value == `"*"` || value == `'*'` || value == "-1"):
				required = slices.ContainsFunc(args, func(a string) bool { return strings.ReplaceAll(a, " ", "") == "required=True" })
			}
		}
		if required {
			line, _ = lang.CodeLine(text, m[0])
			return line, "its positional argument " + text[m[4]:m[5]] + " is required", true
		}
	}
	return 0, "", false
}

// requiredArgumentNote is the ArgumentRequired note for the image's program (what runs it,
// program) when its module (files, the first read) requires a positional argument and neither
// the spec's cmd nor the image's gives arguments beyond its listen options (given).
func requiredArgumentNote(s *spec.Spec, f lang.Facts, files []string, program string, given []string) []plan.Note {
	if s.Cmd != nil || len(given) > 0 && !strings.HasPrefix(given[0], "-") {
		return nil
	}
	for _, file := range files {
		if !f.Has(file) {
			continue
		}
		line, what, ok := requiredArgument(f.Text(file))
		if !ok {
			return nil
		}
		example := "[" + strings.Join(append(slices.Clone(given), "/data/..."), ", ") + "]" // its listen options kept
		return append([]plan.Note(nil), rules.ArgumentRequired.Note(lang.FirstField(s, "entrypoint", "language"),
			rules.ArgumentRequired.Format(file+":"+strconv.Itoa(line), what, program, example)))
	}
	return nil
}
