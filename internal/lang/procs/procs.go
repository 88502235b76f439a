// Package procs adds a project's process types to its plan: the spec's `processes`, else the
// Procfile's. Each is a target of its own, a stage on the runtime image without steps that runs
// the process's command, so every build step is shared; web, else the first, is the default
// target, unless it is a Procfile's development command and the language planned a start
// command of its own (the runtime stage then stays the default). It knows no language: a command whose first word is the program the runtime image
// runs (node, python, a Go binary's name) runs that program by the path the image runs it by.
package procs

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Procfile is the file of process types (Heroku's format: `name: command` per line).
const Procfile = "Procfile"

// Reads are the context files processes read.
var Reads = []string{Procfile}

// process is a process type: its name, command and where it is written.
type process struct {
	name  string
	words []string
	// shell is a Procfile command that needs a shell ($PORT, &&, NAME=value before it): it runs
	// under the runtime's /bin/sh, as Heroku runs Procfile commands under bash.
	shell string
	// field is the spec field it comes from (processes.<name>, or the one the Procfile's
	// errors point at); from names its source for descriptions.
	field, from string
}

// command is the process's command line as its Procfile or spec wrote it: the shell command, or
// the words.
func (pr process) command() string {
	return cmp.Or(pr.shell, strings.Join(pr.words, " "))
}

// Add adds the processes to the plan: a stage each, after the runtime stage (the plan's
// default), and makes web, else the first, the default target; f holds the Procfile and the
// Makefile Follow asked for.
func Add(s *spec.Spec, f lang.Facts, p *plan.Plan) error {
	list, err := processes(s, f)
	if err != nil || len(list) == 0 {
		return err
	}
	if p.Language == "static" {
		if s.Processes == nil {
			return nil // a Procfile beside a static site names no program of the site's
		}
		return lang.FieldError(s, "processes", "remove `processes`: nginx serves the site",
			"a static site has no processes of its own: its image runs nginx")
	}
	list, taken := leaveOutTaken(list, p)
	p.Notes = append(p.Notes, taken...)
	list, webServed, served := leaveOutBootScripts(list, p) // buildpack.go
	p.Notes = append(p.Notes, served...)
	list, webPublished, published := leaveOutPublishOutput(list, p) // dotnet.go
	p.Notes = append(p.Notes, published...)
	webServed = webServed || webPublished
	if len(list) == 0 {
		return nil
	}
	runtime := p.Default
	def := list[0]
	web := false
	for _, pr := range list {
		if pr.name == "web" {
			def, web = pr, true
		}
	}
	// A Procfile without a web process beside a program the language starts itself, for a spec
	// that declares the ports it listens on, lists what runs beside the server (feedbin's
	// clockwork, sidekiq and a CSS watcher beside Rails): the runtime, the server, stays the
	// default target, and each process is a target of its own.
	besideServer := !web && s.Processes == nil && len(s.Ports) > 0 && len(p.Image.Entrypoint) > 0
	// A Procfile's default process that runs a development command is not the image's default
	// when the language planned a start command of its own: the runtime stage stays the default
	// target, and the process one of its own.
	// A web process left out for the runtime's own serving leaves the runtime the default too.
	var notes []plan.Note
	runtimeDefault := webServed || besideServer
	dev := devUseOf(def, f)
	if dev != nil && !webServed {
		runtimeDefault = len(p.Image.Entrypoint) > 0
		ownCommand := ""
		if runtimeDefault {
			ownCommand = strings.Join(slices.Concat(p.Image.Entrypoint, p.Image.Cmd), " ")
		}
		notes = dev.note(def, ownCommand)
	}
	list, shellless := leaveOutShellless(list, p, def.name, runtimeDefault)
	notes = append(notes, shellless...)
	for _, pr := range list {
		if p.Stage(pr.name) != nil {
			return lang.FieldError(s, pr.field, "name the process otherwise", "the build has a stage named %q already", pr.name)
		}
		var ep []string
		if pr.shell == "" {
			ep = entrypoint(p.Image.Entrypoint, pr.words)
		} else {
			if p.Image.Shell == "" {
				return lang.FieldError(s, pr.field, "write it in the spec's `processes` as a list that needs no shell, or use a runtime with one (slim)",
					"%s: the %s command needs a shell (%s), and the runtime image has none", pr.from, pr.name, shellNeed(pr.shell))
			}
			ep = []string{p.Image.Shell, "-c", shellScript(pr.shell)}
			pr.words = ep
			if portVar.MatchString(pr.shell) && !slices.ContainsFunc(p.Image.Env, func(e plan.Env) bool { return e.Key == "PORT" }) {
				// Heroku sets PORT; the languages that do not set it themselves (Go, Java, Rust, PHP)
				// would run `--listen=$PORT` with an empty value (pgweb's Procfile)
				p.Image.Env = append(p.Image.Env, lang.PortEnv(s)...)
			}
		}
		desc := fmt.Sprintf("the %s process (%s): the %s image running %s", pr.name, pr.from, runtime, strings.Join(pr.words, " "))
		switch {
		case pr.name != def.name || webServed:
		case besideServer && dev == nil:
			desc += "; the Procfile has no web process, so " + runtime + ", the server on the spec's ports, is the default"
		case runtimeDefault:
			desc += "; a development command, so " + runtime + " is the default"
		}
		p.Stages = append(p.Stages, &plan.Stage{Name: pr.name, Base: plan.Base{Stage: runtime}, Field: pr.field, Description: desc})
		p.Processes = append(p.Processes, plan.Process{Name: pr.name, Entrypoint: ep, Healthcheck: pr.name == def.name && !webServed && !besideServer})
	}
	p.Notes = append(p.Notes, notes...)
	if !runtimeDefault {
		p.Default = def.name
		p.Notes = slices.DeleteFunc(p.Notes, func(n plan.Note) bool { return setsListenFlag(n, def) })
	}
	return nil
}

// leaveOutTaken leaves out the Procfile's processes named like one of the build's own targets
// (spec.ReservedTargets, or a stage the language planned): byos_hanami's `assets: bundle exec
// hanami assets compile` is a build step, named as the assets stages are. Each is a
// ProcessNameTaken warning; the spec's processes are refused by name instead (spec validation, Add).
func leaveOutTaken(list []process, p *plan.Plan) ([]process, []plan.Note) {
	var out []process
	var notes []plan.Note
	for _, pr := range list {
		if pr.field != "processes."+pr.name && (slices.Contains(spec.ReservedTargets, pr.name) || p.Stage(pr.name) != nil) {
			notes = append(notes, rules.ProcessNameTaken.Note(pr.field, rules.ProcessNameTaken.Format(pr.name, pr.from, pr.command())))
			continue
		}
		out = append(out, pr)
	}
	return out, notes
}

// leaveOutShellless leaves out the Procfile's processes that are not the default target (def,
// unless runtimeDefault) and whose command needs a shell the runtime image lacks: each is a
// ProcessNeedsShell warning, where it failed planning (alertmanager's goreman Procfile of a
// local cluster, `a1: ./alertmanager --storage.path=$TMPDIR/a1 ...`, beside the server the spec's
// ports run). The default process needing one still fails (Add); the spec's are words, run
// without a shell.
func leaveOutShellless(list []process, p *plan.Plan, def string, runtimeDefault bool) ([]process, []plan.Note) {
	if p.Image.Shell != "" {
		return list, nil
	}
	base := "scratch"
	if st := p.Stage(p.Default); st != nil && st.Base.Image != "" {
		base = st.Base.Image
	}
	var out []process
	var notes []plan.Note
	for _, pr := range list {
		if pr.shell != "" && pr.field != "processes."+pr.name && (runtimeDefault || pr.name != def) {
			notes = append(notes, rules.ProcessNeedsShell.Note(pr.field,
				rules.ProcessNeedsShell.Format(pr.name, pr.from, pr.shell, shellNeed(pr.shell), base)))
			continue
		}
		out = append(out, pr)
	}
	return out, notes
}

// listenFlagNote is a ListenLocalhost note on a flag's loopback default (Go's: `defaults the
// --bind flag to "localhost"`); its submatch is the flag's name.
var listenFlagNote = regexp.MustCompile(`defaults the -{1,2}([\w.-]+) flag to `)

// setsListenFlag reports whether the note warns of a flag's loopback default that the default
// process's command sets (pgweb's Procfile: `web: pgweb --listen=$PORT --bind=0.0.0.0`): the
// default image does not listen there, only the runtime target does.
func setsListenFlag(n plan.Note, def process) bool {
	m := listenFlagNote.FindStringSubmatch(n.Msg)
	if n.Rule != "ListenLocalhost" || m == nil {
		return false
	}
	return regexp.MustCompile(`(?:^|\s)--?` + regexp.QuoteMeta(m[1]) + `(?:=|\s|$)`).MatchString(def.command())
}

// entrypoint is the process's command as the image runs it: when its first word is a program
// the runtime's entrypoint starts (node, /usr/local/bin/node), the entrypoint up to that
// program (a launcher such as tini, the program's path) and the command's other words.
func entrypoint(runtime, words []string) []string {
	if !strings.Contains(words[0], "/") {
		for i, w := range runtime {
			if path.Base(w) == words[0] {
				return slices.Concat(runtime[:i+1], words[1:])
			}
		}
	}
	return slices.Clone(words)
}

// processes are the spec's processes, else the Procfile's.
func processes(s *spec.Spec, f lang.Facts) ([]process, error) {
	if s.Processes != nil {
		var out []process
		for _, pr := range s.Processes {
			out = append(out, process{name: pr.Name, words: pr.Command, field: "processes." + pr.Name, from: "the spec"})
		}
		return out, nil
	}
	if !f.Has(Procfile) {
		return nil, nil
	}
	return readProcfile(s, f.Text(Procfile))
}

var (
	procfileLine = regexp.MustCompile(`^([^:\s]+):\s*(.*)$`)
	processName  = regexp.MustCompile(spec.ProcessNamePattern)
	// shellSyntax is what a command needs a shell for: variables, pipes, lists, redirections,
	// subshells, globs.
	shellSyntax = regexp.MustCompile("[$`|&;<>(){}*?~]")
	// assignments are NAME=value words before a command (the command's environment).
	assignments = regexp.MustCompile(`^((?:[A-Za-z_][A-Za-z0-9_]*=[^\s'"\\$` + "`" + `]*\s+)+)`)
	// portVar is the PORT variable in a command, as Heroku sets it.
	portVar = regexp.MustCompile(`\$(?:PORT\b|\{PORT\b)`)
	// compound is what makes a command more than one simple command.
	compound = regexp.MustCompile("[|&;<>(){}`\n]")
)

// shellNeed names what a command needs a shell for.
func shellNeed(cmd string) string {
	if m := shellSyntax.FindString(cmd); m != "" {
		return m
	}
	return "NAME=value before it"
}

// shellScript is the script a shell runs for a Procfile command: a simple command is exec'd, so
// that it is the container's process and gets its signals (SIGTERM on stop); a list or a pipe runs
// as written, under the shell.
func shellScript(cmd string) string {
	if compound.MatchString(cmd) {
		return cmd
	}
	env := assignments.FindString(cmd)
	return env + "exec " + cmd[len(env):]
}

// readProcfile reads the Procfile: `name: command` lines; blank lines and # comments are
// skipped. A command runs as its words, without a shell; one that needs a shell (variables such
// as $PORT, lists, pipes, NAME=value before it) runs under the runtime's (Add), as Heroku runs
// Procfile commands.
func readProcfile(s *spec.Spec, text string) ([]process, error) {
	field := lang.FirstField(s, "language")
	fail := func(n int, hint, format string, args ...any) error {
		return lang.FieldError(s, field, hint, "Procfile line %d: "+format, append([]any{n}, args...)...)
	}
	var out []process
	for i, line := range strings.Split(text, "\n") {
		n, line := i+1, strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := procfileLine.FindStringSubmatch(line)
		switch {
		case m == nil:
			return nil, fail(n, "write `name: command`", "%q is not a process type", line)
		case !processName.MatchString(m[1]):
			return nil, fail(n, "rename it (web, worker, clock), or write `processes` in the spec",
				"%q is not a process name this build can use (a lower-case letter, then letters, digits, _ and -)", m[1])
		case strings.ContainsFunc(m[2], isControl):
			return nil, fail(n, "write the command the process runs", "the %s command %q is not a command", m[1], m[2])
		case slices.ContainsFunc(out, func(p process) bool { return p.name == m[1] }):
			return nil, fail(n, "", "the process %s is written twice", m[1])
		case shellSyntax.MatchString(m[2]) || assignments.MatchString(m[2]+" "):
			cmd := m[2] + " "
			if rest := strings.TrimSpace(cmd[len(assignments.FindString(cmd)):]); rest == "" || strings.HasPrefix(rest, "-") || strings.Contains(m[2], "\t") {
				return nil, fail(n, "write the command the process runs", "the %s command %q is not a command", m[1], m[2])
			}
			out = append(out, process{name: m[1], shell: m[2], field: field, from: fmt.Sprintf("Procfile line %d", n)})
			continue
		}
		words, err := spec.SplitWords(m[2])
		if err != nil || len(words) == 0 || strings.HasPrefix(words[0], "-") ||
			slices.ContainsFunc(words, func(w string) bool { return strings.ContainsRune(w, '\t') }) { // a quoted tab
			return nil, fail(n, "write the command the process runs", "the %s command %q is not a command", m[1], m[2])
		}
		out = append(out, process{name: m[1], words: words, field: field, from: fmt.Sprintf("Procfile line %d", n)})
	}
	return out, nil
}

func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }
