package python

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// An argparse command line whose subcommands are required (`add_subparsers(required=True)`, or
// `subparsers.required = True` after it) exits at start when run with none: argparse prints its
// usage and that a subcommand is required (Kinto's `kinto`). Its subcommands are the
// `add_parser` calls of a literal name; each one's function is a name its parser's
// `set_defaults` gives (`func=serve`), else the branch that compares the parsed command with its
// name (`if args.command == "serve":`). serverCommand takes the one that starts a server, as it
// does a click or typer command; argparseNote warns when none can be chosen.

// addSubparsers is a parser's add_subparsers call: group 1 the name it is assigned to.
var addSubparsers = regexp.MustCompile(`(?m)(?:^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*)?\b\w+\.add_subparsers\(`)

// addParser is a subcommand of a literal name: group 1 the name its parser is assigned to, 2
// the subparsers it is added to, 3 the subcommand's name.
var addParser = regexp.MustCompile(`(?m)(?:^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*)?\b(\w+)\.add_parser\(\s*(?:name\s*=\s*)?["']([\w-]+)["']`)

// requiredTrue is a `required=True` argument.
var requiredTrue = regexp.MustCompile(`\brequired\s*=\s*True\b`)

// defaultName is a set_defaults keyword whose value is a name (`func=serve`): group 1.
var defaultName = regexp.MustCompile(`^\s*\w+\s*=\s*([A-Za-z_]\w*)\s*$`)

// pyCommented reports whether a `#` comment starts before at on its line.
func pyCommented(text string, at int) bool {
	return strings.Contains(stripStrings(text[strings.LastIndexByte(text[:at], '\n')+1:at]), "#")
}

// argparseSubcommands are the literal subcommands of the module text's argparse parser, in the
// order written, and the line of its add_subparsers call; required is false when it has none or
// they are not required.
func argparseSubcommands(text string) (line int, cmds []scriptCommand, required bool) {
	subparsers := "" // the name they are assigned to: a nested command's subcommands are not the script's
	for _, m := range addSubparsers.FindAllStringSubmatchIndex(text, -1) {
		call := m[1] - 1
		if pyCommented(text, call) {
			continue
		}
		args, _ := bracketed(text, call)
		required = requiredTrue.MatchString(stripStrings(args))
		if subparsers = lang.Submatch(text, m, 1); !required && subparsers != "" {
			required = regexp.MustCompile(`(?m)^[ \t]*` + regexp.QuoteMeta(subparsers) + `\.required\s*=\s*True\b`).MatchString(text)
		}
		line = lang.LineAt(text, call)
		break
	}
	if !required {
		return 0, nil, false
	}
	parsers := addParser.FindAllStringSubmatchIndex(text, -1)
	for i, m := range parsers {
		name := lang.Submatch(text, m, 3)
		if subparsers != "" && lang.Submatch(text, m, 2) != subparsers {
			continue
		}
		if pyCommented(text, m[4]) || slices.ContainsFunc(cmds, func(c scriptCommand) bool { return c.name == name }) {
			continue
		}
		c := scriptCommand{name: name}
		call := strings.LastIndexByte(text[:m[6]], '(') // the add_parser call's
		args, _ := bracketed(text, call)
		after := text[call+len(args):]
		if v := lang.Submatch(text, m, 1); v != "" {
			next := len(text) // its set_defaults come before the next subcommand's parser, which may reuse the name
			if i+1 < len(parsers) {
				next = parsers[i+1][0]
			}
			c.fn = setDefaultsName(text[m[1]:next], `\b`+regexp.QuoteMeta(v)+`\.set_defaults\(`)
		} else if strings.HasPrefix(after, ".set_defaults(") {
			c.fn = setDefaultsName(after, `^\.set_defaults\(`)
		}
		if c.fn == "" {
			c.body = dispatchBranch(text, name)
		}
		cmds = append(cmds, c)
	}
	return line, cmds, true
}

// setDefaultsName is the first name (not True, False or None) a keyword of the set_defaults call
// call finds in text gives.
func setDefaultsName(text, call string) string {
	for _, loc := range regexp.MustCompile(call).FindAllStringIndex(text, -1) {
		if pyCommented(text, loc[0]) {
			continue
		}
		args, ok := bracketed(text, loc[1]-1)
		if !ok {
			continue
		}
		for _, kw := range strings.Split(args[1:len(args)-1], ",") {
			if m := defaultName.FindStringSubmatch(kw); m != nil && !slices.Contains([]string{"True", "False", "None"}, m[1]) {
				return m[1]
			}
		}
	}
	return ""
}

// dispatchBranch is the body, strings blanked, of the if or elif that compares the parsed
// command with name (`if args.command == "serve":`, `elif parsed["cmd"] == 'serve':`): its
// lines indented deeper than it. "" for none.
func dispatchBranch(text, name string) string {
	re := regexp.MustCompile(`(?m)^([ \t]*)(?:el)?if\s+[\w.]+(?:\[\s*["']\w+["']\s*\])?\s*==\s*["']` + regexp.QuoteMeta(name) + `["']\s*:`)
	m := re.FindStringSubmatchIndex(text)
	if m == nil {
		return ""
	}
	indent := m[3] - m[2]
	lines := strings.Split(text[m[1]:], "\n")
	body := []string{lines[0]}
	for _, line := range lines[1:] {
		if trimmed := strings.TrimLeft(line, " \t"); trimmed != "" && len(line)-len(trimmed) <= indent {
			break
		}
		body = append(body, line)
	}
	return stripStrings(strings.Join(body, "\n"))
}

// servedScriptFiles are the files the module of the script the image runs may be
// (servedScriptModule), read for its commands (serverCommand, argparseNote) and its listen
// options (scriptOptions): in a project with a web framework (as scriptModuleFiles), or one whose
// spec publishes ports (Kinto's Pyramid is no framework planning knows; datasette serves its own
// ASGI application with uvicorn): a command-line tool's image, run with its arguments, is not
// warned of.
func servedScriptFiles(s *spec.Spec, f lang.Facts, p *project) []string {
	mod := servedScriptModule(s, p)
	if mod == "" || len(s.Ports) == 0 && !slices.ContainsFunc(webFrameworks, func(d string) bool { return p.installs[d] }) {
		return nil
	}
	return moduleCandidates(f, p, mod)
}

// servedScriptModule is the module of the script the image runs: the one the spec's
// entrypoint names (sqlite-web's `entrypoint: sqlite_web`, one of two), else the project's only
// script (onlyScriptModule); "" for none.
func servedScriptModule(s *spec.Spec, p *project) string {
	if name := strings.TrimSpace(s.Entrypoint); p.pkg && slices.Contains(p.scripts, name) {
		mod, _, _ := strings.Cut(strings.TrimSpace(p.scriptTargets[name]), ":")
		if mod = strings.TrimSpace(mod); moduleName.MatchString(mod) {
			return mod
		}
		return ""
	}
	return onlyScriptModule(p)
}

// argparseNote is the ServerSubcommandMissing note when the project's only script is an argparse
// command line whose subcommands are required and serverCommand chose none, and neither the
// spec nor the project's Dockerfile gives the image's arguments (servedScriptFiles). nil
// otherwise.
func argparseNote(s *spec.Spec, f lang.Facts, p *project, field string) []plan.Note {
	if s.Cmd != nil && len(*s.Cmd) > 0 || len(lang.DockerfileListenArgs(s, f, p.scripts[0])) > 0 {
		return nil
	}
	for _, file := range servedScriptFiles(s, f, p) {
		if !f.Has(file) {
			continue
		}
		line, cmds, required := argparseSubcommands(f.Text(file))
		if !required {
			return nil
		}
		var names []string
		for _, c := range cmds {
			names = append(names, c.name)
		}
		fix := fmt.Sprintf("`cmd: [<subcommand>, ...]` (the script runs as `%s <subcommand>`)", p.scripts[0])
		return append([]plan.Note(nil), rules.ServerSubcommandMissing.Note(field,
			rules.ServerSubcommandMissing.Format(file, line, "Python argparse", names, fix)))
	}
	return nil
}
