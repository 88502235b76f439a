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

// A project's script may take its listen address as an option whose default is the loopback
// interface: fava's `@click.option("-H", "--host", default="localhost")`, khoj's
// `parser.add_argument("--host", default="127.0.0.1")` (in a module its script's module
// imports). Run as it is in a container, it listens where nothing outside reaches. When the
// image runs the project's only script, planning reads its module and the modules of its package
// that module imports (servedScriptFiles, scriptImportsOf) for such an option and for a port
// option whose default is not the spec's first port. The image gives each the value it needs: in
// the variable click reads the option from (its `envvar`, or the command's `auto_envvar_prefix`:
// FAVA_HOST), which a cmd of the user's keeps, else as its cmd (`--host 0.0.0.0`). A spec's cmd
// that leaves a loopback host option out is warned of (ListenLocalhost).

// optionCall is the start of a call that declares a command-line option: argparse's
// add_argument, optparse's add_option (sqlite-web's `-H`, `--host`), click's option
// (`click.option`, or `option` imported from click).
var optionCall = regexp.MustCompile(`(?:\.add_argument|\.add_option|\bclick\.option|@option)\s*\(`)

// hostFlags and portFlags are the long options that take a listen host and a port.
var (
	hostFlags = []string{"--host", "--hostname", "--bind", "--listen", "--address", "--addr", "--bind-address", "--listen-address",
		"--ip", "--server-name", "--server_name"} // the last three Gradio programs' (launch's server_name)
	portFlags = []string{"--port", "--listen-port", "--http-port", "--server-port", "--server_port"}
)

// loopbackHost is a default host of the loopback interface only.
var loopbackHost = regexp.MustCompile(`^(?:localhost|127\.0\.0\.1|::1|\[::1\])$`)

// envPrefix is click's auto_envvar_prefix of a command (`context_settings={"auto_envvar_prefix":
// "FAVA"}` or `dict(auto_envvar_prefix="FAVA")`): its options are read from PREFIX_NAME too.
var envPrefix = regexp.MustCompile(`auto_envvar_prefix["']?\s*[:=]\s*["']([A-Za-z_]\w*)["']`)

// cliOption is an option a script's command line declares, as read.
type cliOption struct {
	file, flag, def, envvar string
	line                    int
}

// scriptOptions are the listen host and port options of the project's only script: the first
// of each among its module and the modules of its package it imports (servedScriptFiles). nil
// for one not found.
func scriptOptions(s *spec.Spec, f lang.Facts, p *project) (host, port *cliOption) {
	files := servedScriptFiles(s, f, p)
	_, imported := scriptImportsOf(f, p, servedScriptModule(s, p), files)
	for _, file := range append(files, imported...) {
		if !f.Has(file) {
			continue
		}
		host, port = listenFlags(optionsOf(file, f.Text(file)), host, port)
	}
	return host, port
}

// listenFlags are host and port, each when found already, else the first of opts whose flag is
// a host option (hostFlags), a port option (portFlags).
func listenFlags(opts []cliOption, host, port *cliOption) (*cliOption, *cliOption) {
	for _, o := range opts {
		switch {
		case host == nil && slices.Contains(hostFlags, o.flag):
			host = &o
		case port == nil && slices.Contains(portFlags, o.flag):
			port = &o
		}
	}
	return host, port
}

// typerOption is a typer option declared as a command's parameter: `host: str =
// typer.Option("127.0.0.1", "--host")`, whose first argument is the default, or
// `host: Annotated[str, typer.Option("--host")] = "127.0.0.1"`, whose default follows the type.
// Group 1 is the parameter, 2 the Annotated form.
var typerOption = regexp.MustCompile(`(\w+)\s*:\s*(?:(Annotated\[[\w.|\[\] ]*?,\s*)|[\w.|\[\] ]*?=\s*)typer\.Option\s*\(`)

// annotatedDefault is what follows the call of an Annotated typer option: the type's closing
// bracket and the parameter's default.
var annotatedDefault = regexp.MustCompile(`^\s*\]\s*=\s*([^,)\n]+)`)

// optionsOf are the options the calls of optionCall and typerOption declare in a module's text,
// each with its long flag and a literal default (a string's text, an integer's digits).
func optionsOf(file, text string) []cliOption {
	prefix := ""
	if m := envPrefix.FindStringSubmatch(text); m != nil {
		prefix = m[1]
	}
	var out []cliOption
	add := func(o cliOption, at int, click bool) {
		o.line, _ = lang.CodeLine(text, at)
		if o.flag == "" || o.def == "" {
			return
		}
		if o.envvar == "" && prefix != "" && click {
			o.envvar = strings.ToUpper(prefix + "_" + strings.ReplaceAll(strings.TrimPrefix(o.flag, "--"), "-", "_"))
		}
		out = append(out, o)
	}
	for _, loc := range optionCall.FindAllStringIndex(text, -1) {
		o := cliOption{file: file}
		args, _ := callArgs(text[loc[1]:])
		optionArguments(&o, args, false)
		add(o, loc[0], !strings.HasPrefix(text[loc[0]:], ".add_")) // click's, not argparse's nor optparse's
	}
	for _, m := range typerOption.FindAllStringSubmatchIndex(text, -1) {
		o := cliOption{file: file}
		args, end := callArgs(text[m[1]:])
		annotated := m[4] >= 0
		optionArguments(&o, args, !annotated)
		if d := annotatedDefault.FindStringSubmatch(text[min(m[1]+end, len(text)):]); annotated && end >= 0 && d != nil {
			o.def = literalDefault(d[1])
		}
		if o.flag == "" { // typer's flag is the parameter's name
			o.flag = "--" + strings.ReplaceAll(text[m[2]:m[3]], "_", "-")
		}
		add(o, m[0], true)
	}
	return out
}

// optionArguments reads an option call's arguments into o: its first long flag, its `default`
// (with positional, the first argument when it is no flag: typer's) and its `envvar`.
func optionArguments(o *cliOption, args []string, positional bool) {
	for i, arg := range args {
		key, value, named := strings.Cut(arg, "=")
		if !named || strings.HasPrefix(strings.TrimSpace(key), `"`) || strings.HasPrefix(strings.TrimSpace(key), "'") {
			s, ok := stringLiteral(arg)
			switch {
			case ok && strings.HasPrefix(s, "--") && o.flag == "":
				o.flag = s
			case i == 0 && positional && !strings.HasPrefix(s, "-"):
				o.def = literalDefault(arg)
			}
			continue
		}
		switch strings.TrimSpace(key) {
		case "default":
			o.def = literalDefault(value)
		case "envvar":
			o.envvar, _ = stringLiteral(value)
		}
	}
}

// literalDefault is a default's literal value: a string's text, an integer's digits; "" for
// anything else.
func literalDefault(value string) string {
	value = strings.TrimSpace(value)
	if s, ok := stringLiteral(value); ok {
		return s
	}
	if _, err := strconv.Atoi(value); err == nil {
		return value
	}
	return ""
}

// callArguments are the arguments of a call, as written, from the text after its "(" to the
// parenthesis that closes it, split at the commas outside strings and brackets; nil when the
// call does not close within the text.
func callArguments(text string) []string {
	args, _ := callArgs(text)
	return args
}

// callArgs are callArguments and the index in text just past the closing parenthesis, -1 when
// the call does not close.
func callArgs(text string) ([]string, int) {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' && depth == 0:
			if a := strings.TrimSpace(text[start:i]); a != "" {
				out = append(out, a)
			}
			return out, i + 1
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(text[start:i]))
			start = i + 1
		}
	}
	return nil, -1
}

// stringLiteral is the text of a plain Python string literal ("x", 'x'), ok false for anything else.
func stringLiteral(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || (s[0] != '"' && s[0] != '\'') || s[len(s)-1] != s[0] || strings.ContainsAny(s[1:len(s)-1], `"'\`) {
		return "", false
	}
	return s[1 : len(s)-1], true
}

// scriptListen is what the image gives the project's only script (or the one the spec's
// entrypoint names) so that it listens on every interface at the spec's first port (see above):
// variables, and the arguments of its cmd when the spec writes none (given is the cmd the
// project's own Dockerfile gives it, which then stays); notes for a spec's cmd that leaves a
// loopback host option out.
func scriptListen(s *spec.Spec, f lang.Facts, p *project, script string, given []string) (env []plan.Env, args []string, notes []plan.Note) {
	if len(given) > 0 || lang.GivesEveryInterface(s, f) {
		return nil, nil, nil
	}
	host, port := scriptOptions(s, f, p)
	return listenOptions(s, host, port, "of the script "+script)
}

// programServes is what a program file that may serve names: a server or run call
// (startsServer), or Gradio's launch().
var programServes = regexp.MustCompile(`\.launch\(`)

// fileListen is scriptListen for a program file the image runs (`python app.py`), rel in the
// context, when the spec publishes ports: its own options, in the file itself, when the file
// starts a server (a Gradio program's `demo.launch(server_name=args.host, server_port=args.port)`
// with `--host` defaulting to 127.0.0.1, which wins over GRADIO_SERVER_NAME).
func fileListen(s *spec.Spec, f lang.Facts, rel string) (env []plan.Env, args []string, notes []plan.Note) {
	if _, ok := lang.FirstTCPPort(s); !ok || !f.Has(rel) || lang.GivesEveryInterface(s, f) {
		return nil, nil, nil
	}
	text := f.Text(rel)
	if code := stripStrings(text); !startsServer.MatchString(code) && !programServes.MatchString(code) {
		return nil, nil, nil
	}
	host, port := listenFlags(optionsOf(rel, text), nil, nil)
	return listenOptions(s, host, port, "of "+rel)
}

// entryFileListened are the files read for fileListen: the spec's entrypoint file when the spec
// publishes ports (main.py and app.py are read anyway).
func entryFileListened(s *spec.Spec) []string {
	ep := strings.TrimSpace(s.Entrypoint)
	if len(s.Ports) == 0 || !strings.HasSuffix(ep, ".py") {
		return nil
	}
	if rel, ok := lang.CleanRelPath(ep); ok && lang.CheckContextName(strings.TrimPrefix(rel, "./")) == nil {
		return []string{strings.TrimPrefix(rel, "./")}
	}
	return nil
}

// listenOptions gives a loopback host option 0.0.0.0 and a port option the spec's first port
// (whose is what owns them, for the note): in the variable click reads it from, else as the
// cmd's arguments when the spec writes none; a note for a spec's cmd leaving the host out.
func listenOptions(s *spec.Spec, host, port *cliOption, whose string) (env []plan.Env, args []string, notes []plan.Note) {
	want := map[*cliOption]string{}
	if host != nil && loopbackHost.MatchString(host.def) {
		want[host] = "0.0.0.0"
	}
	if n, ok := lang.FirstTCPPort(s); ok && port != nil && port.def != strconv.Itoa(n) {
		want[port] = strconv.Itoa(n)
	}
	for _, o := range []*cliOption{host, port} {
		v, ok := want[o]
		switch {
		case !ok:
		case o.envvar != "":
			if _, set := s.Env.Get(o.envvar); !set {
				env = append(env, plan.Env{Key: o.envvar, Value: v})
			}
		case s.Cmd == nil:
			args = append(args, o.flag, v)
		case o == host && !slices.ContainsFunc(*s.Cmd, func(w string) bool { return w == o.flag || strings.HasPrefix(w, o.flag+"=") }):
			notes = append(notes, rules.ListenLocalhost.Note("cmd", rules.ListenLocalhost.Format(o.file, o.line,
				"the option "+o.flag+" "+whose+" defaults to "+o.def,
				"add `"+o.flag+" 0.0.0.0` to `cmd`")))
		}
	}
	return env, args, notes
}
