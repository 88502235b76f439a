package lang

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A project's own Dockerfile says how its program listens in a container when its last stage
// sets an address of every interface in the environment: rustypaste's `ENV
// SERVER__ADDRESS=0.0.0.0:8000`, where its config.toml's default is 127.0.0.1:8000. The program
// reads that variable, and without it listens on the loopback interface, which nothing outside
// the container reaches. The image sets the variable too, with the spec's first port in place of
// the Dockerfile's, unless the runtime (a provider's own HOST, say) or the spec's env sets it.

// anyAddress is an address of every interface, with a port or without, or a port with no host,
// which Go's net.Listen and most servers read as every interface (gonic's image's
// `GONIC_LISTEN_ADDR=:80`; its default is 0.0.0.0:4747). The host is the first submatch, the
// port the second or the third.
var anyAddress = regexp.MustCompile(`^(?:(0\.0\.0\.0|\[::\]|::)(?::([0-9]{1,5}))?|:([0-9]{1,5}))$`)

// DockerfileListenVars are the variables of the project's Dockerfile that give an address of
// every interface, as it writes them: those of the first of dockerfiles with a FROM. A provider
// that warns of a loopback default its program reads from one of them need not: the image sets
// it (listenEnv).
func DockerfileListenVars(f Facts) []plan.Env {
	_, df := projectDockerfile(f)
	return slices.DeleteFunc(df.env, func(e plan.Env) bool { return !anyAddress.MatchString(e.Value) })
}

// GivesEveryInterface reports an address of every interface given to the program: by the
// project's Dockerfile's environment (DockerfileListenVars, which the image sets too), or by a
// value of the spec's env or a word of its cmd (`0.0.0.0:8080`, `--addr=[::]:8080`, `::`), each
// as a whole: `10.0.0.0/8` is a network, not a listen address. A loopback default the program
// keeps in its code is then not what it listens on.
func GivesEveryInterface(s *spec.Spec, f Facts) bool {
	if len(DockerfileListenVars(f)) > 0 {
		return true
	}
	every := func(v string) bool { _, ok := anyAddresses(s, v); return ok }
	if slices.ContainsFunc(s.Env, func(e spec.KeyValue) bool { return every(e.Value) }) {
		return true
	}
	return s.Cmd != nil && slices.ContainsFunc(*s.Cmd, every)
}

// listenEnv are the Dockerfile's variables of an address of every interface, for the image (see
// above), but those the runtime or the spec's env sets.
func (t *Toolchain) listenEnv(s *spec.Spec, f Facts) []plan.Env {
	var out []plan.Env
	for _, e := range DockerfileListenVars(f) {
		if slices.ContainsFunc(t.Runtime.Env, func(x plan.Env) bool { return x.Key == e.Key }) {
			continue
		}
		if _, set := s.Env.Get(e.Key); set {
			continue
		}
		e.Value, _ = anyAddresses(s, e.Value)
		out = append(out, e)
	}
	return out
}

// DockerfileListenArgs are the arguments the command of the project's Dockerfile gives program
// (the first of its words whose base name is program: `radicale` of `/app/bin/python
// /app/bin/radicale`, `archivebox` of a cmd run by an entrypoint script), when one of them is an
// address of every interface (`0.0.0.0:8000`, `--host=0.0.0.0`, a comma list of such): the
// program listens on loopback without them, as Radicale's `--hosts` does. An address's port is
// the spec's first, as listenEnv's. nil when the Dockerfile's command does not run program so.
func DockerfileListenArgs(s *spec.Spec, f Facts, program string) []string {
	_, df := projectDockerfile(f)
	words := df.command.words()
	i := slices.IndexFunc(words, func(w string) bool { return path.Base(w) == program })
	if i < 0 {
		return nil
	}
	args, listens := slices.Clone(words[i+1:]), false
	for j, a := range args {
		if addr, ok := anyAddresses(s, a); ok {
			args[j], listens = addr, true
		}
	}
	if !listens {
		return nil
	}
	return args
}

// anyAddresses is arg with each address's port the spec's first, when arg (after a `--flag=`) is
// a comma list of addresses of every interface.
func anyAddresses(s *spec.Spec, arg string) (string, bool) {
	flag, list := "", arg
	if strings.HasPrefix(arg, "-") {
		name, value, ok := strings.Cut(arg, "=")
		if !ok {
			return arg, false
		}
		flag, list = name+"=", value
	}
	port, hasPort := FirstTCPPort(s)
	parts := strings.Split(list, ",")
	for i, p := range parts {
		m := anyAddress.FindStringSubmatch(p)
		if m == nil {
			return arg, false
		}
		if m[2]+m[3] != "" && hasPort {
			parts[i] = m[1] + ":" + strconv.Itoa(port)
		}
	}
	return flag + strings.Join(parts, ","), true
}

// programEnv is what the image does with the variables the project's Dockerfile sets in its
// last stage for the program (named after it: RUSTICAL_ for rustical, the first word of the
// image's title, three letters at least), when neither the image nor the spec sets them: its
// port when that is the spec's, and its production mode (listenPort, productionMode), are set;
// a path is a place the program may require, given by its own image. One in a data volume of that
// Dockerfile, which this image makes the runtime user's too (tinyauth's
// TINYAUTH_DATABASE_PATH=/data/tinyauth.db, VOLUME /data), is set; any other is a path of that
// image, named (ProgramEnvNotSet), not copied.
func (t *Toolchain) programEnv(s *spec.Spec, f Facts) (env []plan.Env, notes []plan.Note) {
	name, df := projectDockerfile(f)
	word, _, _ := strings.Cut(t.Runtime.Title, "-")
	word, _, _ = strings.Cut(word, "_")
	if name == "" || len(word) < 3 || word == "app" || !programWord.MatchString(word) {
		return nil, nil
	}
	prefix := strings.ToUpper(word) + "_"
	var vars, fix []string
	for _, e := range df.env {
		if !strings.HasPrefix(e.Key, prefix) || slices.ContainsFunc(slices.Concat(t.Runtime.Env, env), func(x plan.Env) bool { return x.Key == e.Key }) {
			continue
		}
		if _, set := s.Env.Get(e.Key); set || slices.Contains(vars, e.Key+"="+e.Value) {
			continue
		}
		if listenPort(s, e) || productionMode(e) { // slash's SLASH_PORT=5231 and SLASH_MODE=prod
			env = append(env, e)
			continue
		}
		if !path.IsAbs(e.Value) {
			continue
		}
		if slices.ContainsFunc(t.Runtime.DataVolumes, func(v Volume) bool {
			return e.Value == v.Dir || strings.HasPrefix(e.Value, strings.TrimSuffix(v.Dir, "/")+"/")
		}) {
			env = append(env, e)
			continue
		}
		vars = append(vars, e.Key+"="+e.Value)
		fix = append(fix, e.Key+": "+strconv.Quote(e.Value))
	}
	if len(vars) > 0 {
		notes = append(notes, rules.ProgramEnvNotSet.Note(FirstField(s, "env", "language"),
			rules.ProgramEnvNotSet.Format(name, strings.Join(vars, ", "), t.Runtime.Title, strings.Join(fix, ", "))))
	}
	return env, notes
}

// listenPort reports a variable named for a port (SLASH_PORT) whose value is the spec's first
// port: the port the program listens on, which its own image gives it there (slash listens on
// 8082 without it, its image on 5231).
func listenPort(s *spec.Spec, e plan.Env) bool {
	port, ok := FirstTCPPort(s)
	return ok && (strings.HasSuffix(e.Key, "_PORT") || strings.HasSuffix(e.Key, "_HTTP_PORT")) && e.Value == strconv.Itoa(port)
}

// productionMode reports a variable naming the program's mode or environment (SLASH_MODE,
// APP_ENV) set to production (prod, production, release): its own image runs it so, and the
// program's default is development (slash's "dev").
func productionMode(e plan.Env) bool {
	name := e.Key[strings.LastIndex(e.Key, "_")+1:]
	return (name == "MODE" || name == "ENV" || name == "ENVIRONMENT") && slices.Contains([]string{"prod", "production", "release"}, strings.ToLower(e.Value))
}

// programWord is a word an image title starts with that can name variables.
var programWord = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)
