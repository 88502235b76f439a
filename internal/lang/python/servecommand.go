package python

import (
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A project's only script may be a command line of several commands, one of which starts the
// server: private-gpt's `private-gpt = "private_gpt.cli.main:main"`, a typer application whose
// `serve` command (`app.command("serve")(serve_command)`, the function in a module the script's
// module imports) runs uvicorn. Run without a command it prints its usage and exits; its own
// image runs `private-gpt serve`. When exactly one command of the script's module runs a server
// in its function (or in a function of that module it calls: docling-serve's `run` calls
// `_run`), a development command (`dev`) aside, the image runs the script with that command as
// its cmd.

// typerCommandCall registers a function as a command: typer's `app.command("serve")(fn)`, or
// `app.command()(fn)`. Group 1 is the call's arguments, 2 the function.
var typerCommandCall = regexp.MustCompile(`\b\w+\.command\(([^)]*)\)\s*\(\s*([A-Za-z_]\w*)\s*\)`)

// commandDecorator registers the function it decorates as a command of a group: typer's
// `@app.command()`, click's `@cli.command("serve")` (not `@click.command`, a command of no
// group). Group 1 is the decorator's arguments, 2 the function. The decorators between it and
// the def may take several lines each (datasette's `@click.option(\n    "-h",\n ...\n)`): the
// lines passed over start with "@", blank space or the ")" that closes one.
var commandDecorator = regexp.MustCompile(`(?m)^@(?:\w+\.)*\w+\.command\(([^)]*)\)\s*\n(?:[@ \t)].*\n)*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(`)

// addCommand adds a function as a command of a click group: `cli.add_command(serve)`, or
// `cli.add_command(serve, "serve")` (name= too). Group 1 is the function, 2 the name given.
var addCommand = regexp.MustCompile(`\b\w+\.add_command\(\s*([A-Za-z_]\w*)\s*(?:,\s*(?:name\s*=\s*)?["']([\w-]+)["'])?\s*\)`)

// commandName is a command's name in its registration's arguments: the first, a string.
var commandName = regexp.MustCompile(`^\s*(?:name\s*=\s*)?["']([\w-]+)["']`)

// derivedSuffix ends a function whose command name click 8.2 and later derive without it
// (serve_command is `serve`), and older click and typer with it (`serve-command`): which one
// runs is the installed click's, not read, so such a command is not taken.
var derivedSuffix = regexp.MustCompile(`_(?:command|cmd|group|grp)$`)

// serverCall is a call in a command's function that starts a server: uvicorn's run or Server,
// granian's Granian, hypercorn's, waitress's serve, aiohttp's run_app, werkzeug's run_simple,
// a socketserver's serve_forever, Django's execute_from_command_line (read with the strings
// blanked).
var serverCall = regexp.MustCompile(`\b(?:uvicorn\.(?:run|Server)|Granian|hypercorn\.[\w.]*serve|waitress\.serve|run_app|run_simple|serve_forever)\s*\(`)

// developmentCommands are the names of a command that serves for development, with a reloader
// (docling-serve's `dev`, beside its `run`): not the image's.
var developmentCommands = []string{"dev", "develop", "development", "debug"}

// startsServerIn reports a function body that makes a serverCall, itself or in a top-level
// function of its module text it calls (docling-serve's `run` and `dev` call `_run`, which runs
// uvicorn), one level.
func startsServerIn(text, body string) bool {
	if serverCall.MatchString(body) {
		return true
	}
	for _, m := range callName.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(m[1], ".") {
			if inner, ok := defBody(text, m[1]); ok && serverCall.MatchString(inner) {
				return true
			}
		}
	}
	return false
}

// scriptCommand is a command of the script's module and the function it runs, or the code it
// runs (body, strings blanked: an argparse subcommand's dispatch branch, argparse.go).
type scriptCommand struct{ name, fn, body string }

// scriptCommands are the commands the module's text registers, in the order written; a command
// named by neither its registration nor a plain function name is left out.
func scriptCommands(text string) []scriptCommand {
	var out []scriptCommand
	add := func(args, fn string) {
		name := ""
		if m := commandName.FindStringSubmatch(args); m != nil {
			name = m[1]
		} else if !derivedSuffix.MatchString(fn) {
			name = strings.ReplaceAll(strings.ToLower(fn), "_", "-")
		}
		if name != "" {
			out = append(out, scriptCommand{name: name, fn: fn})
		}
	}
	for _, m := range typerCommandCall.FindAllStringSubmatch(text, -1) {
		add(m[1], m[2])
	}
	for _, m := range commandDecorator.FindAllStringSubmatch(text, -1) {
		add(m[1], m[2])
	}
	for _, m := range addCommand.FindAllStringSubmatch(text, -1) {
		if m[2] != "" { // without, the name is the one its own decorator gives, not read
			add(`"`+m[2]+`"`, m[1])
		}
	}
	return out
}

// fromImport is a `from` import at the top level: the module, and the names (a parenthesized
// list over several lines too).
var fromImport = regexp.MustCompile(`(?m)^from\s+(\.*[\w.]*)\s+import\s+(?:\(([^)]*)\)|(.*))`)

// importedFrom is the module a module's text imports name from (`from private_gpt.cli.commands.serve
// import serve_command`), relative imports resolved against pkg (the package the module is in),
// and the name there (`import serve as serve_cmd`); "" when it does not.
func importedFrom(text, name, pkg string) (mod, orig string) {
	for _, m := range fromImport.FindAllStringSubmatch(text, -1) {
		for _, item := range strings.Split(m[2]+m[3], ",") {
			switch f := strings.Fields(item); {
			case len(f) == 1 && f[0] == name:
				return resolveImport(m[1], pkg), name
			case len(f) >= 3 && f[1] == "as" && f[2] == name:
				return resolveImport(m[1], pkg), f[0]
			}
		}
	}
	return "", ""
}

// resolveImport is the module a `from` import names, a relative one against pkg.
func resolveImport(name, pkg string) string {
	rel := strings.TrimLeft(name, ".")
	if rel == name {
		return name
	}
	base := pkg
	for range len(name) - len(rel) - 1 { // each dot past the first is a parent
		base = base[:max(strings.LastIndex(base, "."), 0)]
	}
	return strings.Trim(base+"."+rel, ".")
}

// defBody is the body of a module's top-level function fn, whose signature may run over several
// lines (private-gpt's serve_command): what follows the colon that ends it, and the lines after
// up to the next line at the top level. ok is false for none.
func defBody(text, fn string) (string, bool) {
	loc := regexp.MustCompile(`(?m)^(?:async\s+)?def\s+`+regexp.QuoteMeta(fn)+`\s*\(`).FindAllStringIndex(stripStrings(text), -1)
	if loc == nil {
		return "", false
	}
	stripped := stripStrings(text)
	open := loc[len(loc)-1][1] - 1
	sig, ok := bracketed(stripped, open)
	rest := stripped[open+len(sig):]
	colon := strings.IndexByte(rest, ':')
	if !ok || colon < 0 {
		return "", false
	}
	return defBlock(rest[colon+1:]), true
}

// serverCommand is the command of the project's only script that starts a server, and the file
// of its function: the only one, among two or more commands the script's module registers (a
// single typer command runs without its name), whose function (in that module, else in the
// module of the project's package it is imported from) makes a serverCall. ok is false for none
// or several.
func serverCommand(s *spec.Spec, f lang.Facts, p *project) (name, file string, ok bool) {
	mod := onlyScriptModule(p)
	for _, modFile := range servedScriptFiles(s, f, p) {
		if !f.Has(modFile) {
			continue
		}
		text := f.Text(modFile)
		cmds := scriptCommands(text)
		if _, sub, required := argparseSubcommands(text); required && len(cmds) == 0 {
			cmds = sub // argparse runs none without its name, even a single one
		} else if len(cmds) < 2 {
			return "", "", false
		}
		pkg := mod
		if path := strings.ReplaceAll(mod, ".", "/"); !strings.HasSuffix(modFile, path+"/__init__.py") {
			pkg = mod[:max(strings.LastIndex(mod, "."), 0)]
		}
		top, _, _ := strings.Cut(mod, ".")
		for _, c := range cmds {
			where := modFile
			body, found := c.body, c.body != ""
			if c.fn != "" {
				body, found = defBody(text, c.fn)
			}
			if !found && c.fn != "" {
				from, orig := importedFrom(text, c.fn, pkg)
				if t, _, _ := strings.Cut(from, "."); t != top || !moduleName.MatchString(from) {
					continue
				}
				for _, cand := range moduleCandidates(f, p, from) {
					if f.Has(cand) {
						where = cand
						body, found = defBody(f.Text(cand), orig)
						break
					}
				}
			}
			if !found || !startsServerIn(f.Text(where), body) || slices.Contains(developmentCommands, c.name) {
				continue
			}
			if ok {
				return "", "", false // several: which one the image runs is the user's to say
			}
			name, file, ok = c.name, where, true
		}
		return name, file, ok
	}
	return "", "", false
}
