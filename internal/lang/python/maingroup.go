package python

// A package's __main__.py may run a command-line group rather than a program: mher/flower's adds
// its click command to Celery's CLI (`celery.add_command(flower)`) and runs Celery's main(), so
// `python -m flower` prints the usage and exits. The image runs `python -m <package>` as before;
// without a spec's `cmd`, ServerSubcommandMissing names the group's line and its commands.

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// clickGroup is a click group a module declares (`@click.group()`, `@cli.group()`) or adds a
// command to (`cli.add_command(serve)`, the command's name captured).
var clickGroup = regexp.MustCompile(`(?m)^[ \t]*(?:@(?:click\.)?group\b|@[A-Za-z_][\w.]*\.group\b|[A-Za-z_][\w.]*\.add_command\(\s*([A-Za-z_][\w.]*))`)

// mainGroupNote is the ServerSubcommandMissing note of an image running `python -m pkg` whose
// __main__.py runs a click group or an argparse command line of required subcommands, when the
// spec gives no `cmd`; nil otherwise.
func mainGroupNote(s *spec.Spec, f lang.Facts, pkg, field string) []plan.Note {
	if s.Cmd != nil && len(*s.Cmd) > 0 {
		return nil
	}
	file := pkg + "/__main__.py"
	text := f.Text(file)
	kind, line, names := "", 0, []string(nil)
	if l, cmds, required := argparseSubcommands(text); required {
		kind, line = "Python argparse", l
		for _, c := range cmds {
			names = append(names, c.name)
		}
	} else if code := stripStrings(text); clickGroup.MatchString(code) { // its lines stay where they were
		ms := clickGroup.FindAllStringSubmatchIndex(code, -1)
		kind, line = "click", strings.Count(code[:ms[0][0]], "\n")+1
		for _, m := range ms {
			if m[2] >= 0 {
				name := code[m[2]:m[3]]
				names = append(names, name[strings.LastIndexByte(name, '.')+1:])
			}
		}
	}
	if kind == "" {
		return nil
	}
	fix := fmt.Sprintf("`cmd: [<command>, ...]` (the image runs `python -m %s <command>`)", pkg)
	if len(names) == 1 {
		fix = fmt.Sprintf("`cmd: [%s, ...]` (the image runs `python -m %s %s`)", names[0], pkg, names[0])
	}
	return append([]plan.Note(nil), rules.ServerSubcommandMissing.Note(field, rules.ServerSubcommandMissing.Format(file, line, kind, names, fix)))
}
