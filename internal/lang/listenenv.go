package lang

import (
	"regexp"
	"slices"
	"strconv"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A project's own Dockerfile says how its program listens in a container when its last stage
// sets an address of every interface in the environment: rustypaste's `ENV
// SERVER__ADDRESS=0.0.0.0:8000`, where its config.toml's default is 127.0.0.1:8000. The program
// reads that variable, and without it listens on the loopback interface, which nothing outside
// the container reaches. The image sets the variable too, with the spec's first port in place of
// the Dockerfile's, unless the runtime (a provider's own HOST, say) or the spec's env sets it.

// anyAddress is an address of every interface, with a port or without.
var anyAddress = regexp.MustCompile(`^(0\.0\.0\.0|\[::\]|::)(?::([0-9]{1,5}))?$`)

// DockerfileListenVars are the variables of the project's Dockerfile that give an address of
// every interface, as it writes them: those of the first of dockerfiles with a FROM. A provider
// that warns of a loopback default its program reads from one of them need not: the image sets
// it (listenEnv).
func DockerfileListenVars(f Facts) []plan.Env {
	_, df := projectDockerfile(f)
	return slices.DeleteFunc(df.env, func(e plan.Env) bool { return !anyAddress.MatchString(e.Value) })
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
		if m := anyAddress.FindStringSubmatch(e.Value); m[2] != "" {
			if port, ok := FirstTCPPort(s); ok {
				e.Value = m[1] + ":" + strconv.Itoa(port)
			}
		}
		out = append(out, e)
	}
	return out
}
