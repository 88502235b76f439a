package eject

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

// run writes a RUN step. Exec arguments become a shell command line, since only the shell form
// can set variables for one step (KEY=value cmd) and expand the platform ARGs in them; a script
// (/bin/sh -c SCRIPT) is written as itself, in a heredoc when it spans lines.
func (w *writer) run(r *plan.Run) error {
	need := append([]string(nil), r.UseArgs...)
	var assigns, exports []string
	for _, e := range r.Env {
		if !envName.MatchString(e.Key) {
			return fmt.Errorf("%q is not a variable name", e.Key)
		}
		need = append(need, names(e.Value, w.known)...)
		assigns = append(assigns, shellAssign(e.Key, e.Value, w.known))
		exports = append(exports, exportAssign(e.Key, e.Value, w.known))
	}
	if r.ExpandArgs {
		if r.Args == nil || (len(r.Args) > 1 && r.Args[1] == "-c") {
			return fmt.Errorf("a step expanding its arguments runs a shell script")
		}
		for _, a := range r.Args {
			need = append(need, names(a, w.known)...)
		}
	}
	w.declare(need)

	var flags []string
	for _, m := range r.Mounts {
		if m.Type == plan.MountCache {
			w.declare(names(m.ID, w.known)) // a cache of a platform's files: ${BUILDPLATFORM}
		}
		f, err := mountFlag(m, w.known)
		if err != nil {
			return err
		}
		flags = append(flags, f)
	}
	if r.NoNetwork {
		flags = append(flags, "--network=none")
	}

	script, isScript := r.Shell, r.Args == nil
	if len(r.Args) == 3 && r.Args[0] == "/bin/sh" && r.Args[1] == "-c" {
		script, isScript = r.Args[2], true
	}
	if inlined, ok := inlineArgs(r.Args); ok {
		script, isScript = inlined, true
	}
	var text, command string
	switch {
	case isScript && len(assigns) > 0 && strings.Contains(script, "\n"):
		command, text = script, "export "+strings.Join(exports, " ")+"\n"+script
	case isScript && len(assigns) > 0:
		command, text = script, "export "+strings.Join(exports, " ")+"; "+script
	case isScript:
		command, text = script, script
	default:
		known := noRefs
		if r.ExpandArgs {
			known = w.known
		}
		command = shellCommandRefs(r.Args, known)
		text = strings.Join(append(assigns, command), " ")
	}
	if d := oneLine(r.Display); d != "" && d != command {
		w.printf("# %s\n", d)
	}

	lines := append([]string{"RUN"}, flags...)
	if !needsHeredoc(text) {
		if !isScript && len(assigns) > 0 { // the variables on a line of their own, then the command
			lines = append(lines, strings.Join(assigns, " "), command)
		} else {
			lines = append(lines, text)
		}
		w.printf("%s\n", indent(lines))
		return nil
	}
	delim := delimiter(text)
	lines[len(lines)-1] += " <<'" + delim + "'"
	w.printf("%s\n%s\n%s\n", indent(lines), strings.TrimSuffix(text, "\n"), delim)
	return nil
}

// needsHeredoc reports a command a one-line RUN would misread: several lines, a heredoc of its
// own, a leading '[' (the exec form), a leading '#' (a comment) or a trailing '\' (a continuation).
func needsHeredoc(text string) bool {
	t := strings.TrimSpace(text)
	return strings.ContainsAny(text, "\n\r") || strings.Contains(text, "<<") ||
		strings.HasPrefix(t, "[") || strings.HasPrefix(t, "#") || strings.HasSuffix(t, `\`)
}

// indent writes an instruction on one line when it is short, else its parts one per line after
// the first, as people do for RUN --mount=... lines.
func indent(parts []string) string {
	if line := strings.Join(parts, " "); len(parts) <= 2 || len(line) <= 80 {
		return line
	}
	return parts[0] + " " + strings.Join(parts[1:], " \\\n    ")
}

// mountFlag is RUN --mount=... for a plan mount; a cache id may refer to known args.
func mountFlag(m plan.Mount, known func(string) bool) (string, error) {
	var kv []string
	add := func(k, v string) { kv = append(kv, k+"="+v) }
	add("type", string(m.Type))
	switch m.Type {
	case plan.MountCache:
		add("id", m.ID)
		add("target", m.Target)
		switch m.Sharing {
		case plan.SharingShared:
		case plan.SharingLocked, plan.SharingPrivate:
			add("sharing", string(m.Sharing))
		default:
			return "", fmt.Errorf("cache mount %s: unknown sharing mode %q", m.Target, m.Sharing)
		}
		if m.FromStage != "" { // the seed of an empty cache
			add("from", m.FromStage)
			if m.Source != "" {
				add("source", m.Source)
			}
		}
		if m.UID != 0 || m.GID != 0 {
			add("uid", fmt.Sprint(m.UID))
			add("gid", fmt.Sprint(m.GID))
		}
	case plan.MountSecret:
		add("id", m.ID)
		if m.Env != "" {
			add("env", m.Env)
		} else {
			add("target", m.Target)
		}
		if m.Required {
			add("required", "true")
		}
	case plan.MountSSH:
		add("id", m.ID)
		if m.Target != "" {
			add("target", m.Target)
		}
		if m.Required {
			add("required", "true")
		}
	case plan.MountBind:
		if m.FromStage != "" {
			add("from", m.FromStage)
		}
		if m.Source != "" {
			add("source", m.Source)
		}
		add("target", m.Target)
	case plan.MountTmpfs:
		add("target", m.Target)
	default:
		return "", fmt.Errorf("no Dockerfile form for a %q mount", m.Type)
	}
	for _, field := range kv {
		k, v, hasValue := strings.Cut(field, "=")
		if k == "id" && m.Type == plan.MountCache {
			v = withoutRefs(v, known)
		}
		if hasValue && (v == "" || !flagValue.MatchString(v)) {
			return "", fmt.Errorf("mount %q: %q cannot be written in a --mount flag", m.Target, field)
		}
	}
	return "--mount=" + strings.Join(kv, ","), nil
}

// withoutRefs is v without its references to known args.
func withoutRefs(v string, known func(string) bool) string {
	var b strings.Builder
	for _, r := range split(v, known) {
		b.WriteString(r.text)
	}
	return b.String()
}

// positional finds what a script could read its positional parameters with besides "$@":
// $1, ${2}, $*, $#, $0, shift, set --, getopts, or a function (whose "$@" is its own).
var positional = regexp.MustCompile(`\$[0-9*#@]|\$\{[0-9*#@]|\bshift\b|\bset\s+--|\bgetopts\b|\w\s*\(\s*\)`)

// inlineArgs writes `/bin/sh -c 'SCRIPT "$@"' sh ARG...` (how the frontend passes values to a
// shell without splicing them into script text) as the script with the arguments in place of
// "$@", quoted: the same command, as a person would write it. ok is false when the script reads
// its arguments any other way.
func inlineArgs(args []string) (string, bool) {
	if len(args) < 4 || args[0] != "/bin/sh" || args[1] != "-c" || args[3] == "" {
		return "", false
	}
	script := args[2]
	if !strings.Contains(script, `"$@"`) || positional.MatchString(strings.ReplaceAll(script, `"$@"`, "")) {
		return "", false
	}
	words := make([]string, len(args)-4)
	for i, a := range args[4:] {
		if strings.ContainsAny(a, "\n\r") {
			return "", false
		}
		words[i] = shellWord(a)
	}
	return strings.ReplaceAll(script, `"$@"`, strings.Join(words, " ")), true
}
