package python

import (
	"cmp"
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
// a socketserver's serve_forever, Django's execute_from_command_line, uvicorn's own click command
// run by a click context (fief's `ctx.forward(uvicorn.main, app=app, ...)`) (read with the
// strings blanked).
var serverCall = regexp.MustCompile(`\b(?:uvicorn\.(?:run|Server)|Granian|hypercorn\.[\w.]*serve|waitress\.serve|run_app|run_simple|serve_forever)\s*\(|\b(?:invoke|forward)\(\s*uvicorn\.main\b`)

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
type scriptCommand struct{ name, fn, body, file string }

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
		pkg := mod
		if path := strings.ReplaceAll(mod, ".", "/"); !strings.HasSuffix(modFile, path+"/__init__.py") {
			pkg = mod[:max(strings.LastIndex(mod, "."), 0)]
		}
		top, _, _ := strings.Cut(mod, ".")
		cmds := scriptCommands(text)
		if len(cmds) == 0 {
			cmds = registeredCommands(f, p, text, pkg, top)
		}
		if _, sub, required := argparseSubcommands(text); required && len(cmds) == 0 {
			cmds = sub // argparse runs none without its name, even a single one
		} else if len(cmds) < 2 {
			return "", "", false
		}
		for _, c := range cmds {
			where := cmp.Or(c.file, modFile)
			body, found := c.body, c.body != ""
			if c.fn != "" && c.body == "" {
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

// A script's module may register no command itself, and hand its group to a function of another
// module of its package that does (fief's `app = admin_add_commands(app)`, imported in a try
// block from fief/cli/admin.py, whose `add_commands(app)` decorates nested functions with
// `@app.command("run-server", ...)`): registeredCommands reads those.

// indentedFromImport is a `from` import of one name at any indentation (fief's in a try block):
// group 1 the module, 2 the name, 3 what it is imported as.
var indentedFromImport = regexp.MustCompile(`(?m)^[ \t]*from\s+(\.*[\w.]*)\s+import\s+([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?[ \t]*$`)

// nestedCommandDecorator is a group's command decorator inside a function (indented): group 1
// the indentation.
var nestedCommandDecorator = regexp.MustCompile(`(?m)^([ \t]+)@(?:\w+\.)*\w+\.command\(`)

// registeredCommands are the commands that functions of the project's package (top), imported
// by the script module's text and called with one name (the group: `admin_add_commands(app)`),
// register in their bodies, each with its file and body (strings blanked); pkg resolves relative
// imports.
func registeredCommands(f lang.Facts, p *project, text, pkg, top string) []scriptCommand {
	var out []scriptCommand
	for _, r := range registrars(text, pkg, top) {
		mod, fn := r[0], r[1]
		for _, file := range moduleCandidates(f, p, mod) {
			if !f.Has(file) {
				continue
			}
			if body, ok := functionBody(f.Text(file), fn); ok {
				for _, c := range nestedCommands(body) {
					c.file = file
					out = append(out, c)
				}
			}
			break
		}
	}
	return out
}

// registrars are the module and function of each registeredCommands reads: imported by the
// script module's text from the project's package (top), and called with one name.
func registrars(text, pkg, top string) [][2]string {
	var out [][2]string
	code := stripStrings(text)
	for _, m := range indentedFromImport.FindAllStringSubmatch(text, -1) {
		mod, fn, alias := resolveImport(m[1], pkg), m[2], cmp.Or(m[3], m[2])
		if t, _, _ := strings.Cut(mod, "."); t == top && moduleName.MatchString(mod) &&
			regexp.MustCompile(`\b`+regexp.QuoteMeta(alias)+`\(\s*[A-Za-z_]\w*\s*\)`).MatchString(code) {
			out = append(out, [2]string{mod, fn})
		}
	}
	return out
}

// registrarReads are the files the modules of registrars may be, for the script module mod's
// files that were read (servedScriptFiles), asked for so that registeredCommands reads them.
func registrarReads(f lang.Facts, p *project, mod string, modFiles []string) []string {
	var out []string
	top, _, _ := strings.Cut(mod, ".")
	for _, file := range modFiles {
		if !f.Has(file) {
			continue
		}
		pkg := mod
		if !strings.HasSuffix(file, strings.ReplaceAll(mod, ".", "/")+"/__init__.py") {
			pkg = mod[:max(strings.LastIndex(mod, "."), 0)]
		}
		for _, r := range registrars(f.Text(file), pkg, top) {
			out = append(out, moduleCandidates(f, p, r[0])...)
		}
		break
	}
	return out
}

// nestedCommands are the commands a function's body (as written) registers with
// nestedCommandDecorator, each named by its decorator's first argument, else by its function
// (as scriptCommands names them), with its function's body, strings blanked: the lines after its
// signature's colon more indented than its def.
func nestedCommands(body string) []scriptCommand {
	var out []scriptCommand
	for _, m := range nestedCommandDecorator.FindAllStringSubmatchIndex(body, -1) {
		indent := body[m[2]:m[3]]
		args, ok := bracketed(body, m[1]-1)
		if !ok {
			continue
		}
		rest := body[m[1]-1+len(args):]
		fn, def := "", -1
		for off, line := range strings.SplitAfter(rest, "\n")[1:] {
			trimmed := strings.TrimLeft(line, " \t")
			if trimmed == "" || trimmed == "\n" || strings.HasPrefix(trimmed, "#") {
				continue
			}
			lead := line[:len(line)-len(trimmed)]
			if lead == indent {
				if d := regexp.MustCompile(`^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(`).FindStringSubmatch(trimmed); d != nil {
					fn, def = d[1], off
					break
				}
				if strings.HasPrefix(trimmed, "@") || strings.HasPrefix(trimmed, ")") {
					continue
				}
				break
			}
			if len(lead) < len(indent) {
				break
			}
		}
		if fn == "" {
			continue
		}
		lines := strings.SplitAfter(rest, "\n")[1:]
		after := stripStrings(strings.Join(lines[def:], ""))
		open := strings.IndexByte(after, '(')
		sig, ok := bracketed(after, open)
		colon := strings.IndexByte(after[open+len(sig):], ':')
		if !ok || colon < 0 {
			continue
		}
		var block []string
		for i, line := range strings.Split(after[open+len(sig)+colon+1:], "\n") {
			trimmed := strings.TrimLeft(line, " \t")
			if i > 0 && trimmed != "" && len(line)-len(trimmed) <= len(indent) {
				break
			}
			block = append(block, line)
		}
		name := ""
		if n := commandName.FindStringSubmatch(strings.TrimPrefix(args, "(")); n != nil {
			name = n[1]
		} else if !derivedSuffix.MatchString(fn) {
			name = strings.ReplaceAll(strings.ToLower(fn), "_", "-")
		}
		if name != "" {
			out = append(out, scriptCommand{name: name, fn: fn, body: strings.Join(block, "\n")})
		}
	}
	return out
}
