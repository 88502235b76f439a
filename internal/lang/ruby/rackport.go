package ruby

import (
	"regexp"
	"slices"
	"strconv"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// rackDefaultPort is the port puma and rackup listen on when nothing names another. Neither reads
// PORT: Rack's server defaults its Port to 9292, and puma takes only threads, workers and the
// environment's name from the environment; a config/puma.rb reads PORT when it says so (Rails').
const rackDefaultPort = 9292

// withRackPort gives the server of a rackup file the spec's first port with -p, when that is not
// 9292 and no puma configuration file could name a port (puma's own, pumaDefaultConfigs, and the
// root one pumaconfig.go runs with -C). Before, `ports: [8080]` on a Sinatra or Roda app served
// by puma or rackup exposed 8080 and set PORT, while the server listened on 9292 (Heroku's Ruby
// guides pass `-p $PORT` for the same reason). cmd is [server] or [server, file.ru].
func withRackPort(s *spec.Spec, f lang.Facts, cmd []string) []string {
	port, ok := lang.FirstTCPPort(s)
	if !ok || port == rackDefaultPort || f.Has(rootPumaConfig) || slices.ContainsFunc(pumaDefaultConfigs, f.Has) {
		return cmd
	}
	return slices.Concat(cmd[:1], []string{"-p", strconv.Itoa(port)}, cmd[1:])
}

// pumaPortVar is the environment variable a puma configuration's `port` reads (`port
// ENV.fetch "RACK_PORT", 4567`, `port Integer(ENV["APP_PORT"] || 3000)`), in
// config/puma.rb, config/puma/production.rb or the root puma.rb; "" for none.
var pumaPortVar = regexp.MustCompile(`(?m)^\s*port\s*\(?\s*(?:Integer\s*\(\s*)?ENV(?:\.fetch\s*\(?\s*|\[\s*)["'](\w+)["']`)

// pumaPortEnv sets the variable a puma configuration listens on to the spec's first port, as
// PORT is set for Rails' and HANAMI_PORT for Hanami's: usetrmnl/byos_sinatra's config/puma.rb
// has `port ENV.fetch "RACK_PORT", 4567`, so with `ports: [8080]` puma listened on 4567 while
// the image exposed 8080 and set PORT, which nothing read. Nothing when the spec names no port,
// its env sets the variable, or the variable is PORT or HANAMI_PORT (set already).
func pumaPortEnv(s *spec.Spec, f lang.Facts) []plan.Env {
	port, ok := lang.FirstTCPPort(s)
	if !ok {
		return nil
	}
	var out []plan.Env
	for _, name := range slices.Concat(pumaDefaultConfigs, []string{rootPumaConfig}) {
		m := pumaPortVar.FindStringSubmatch(f.Text(name))
		if m == nil || m[1] == "PORT" || m[1] == "HANAMI_PORT" || slices.ContainsFunc(out, func(e plan.Env) bool { return e.Key == m[1] }) {
			continue
		}
		if _, set := s.Env.Get(m[1]); !set {
			out = append(out, plan.Env{Key: m[1], Value: strconv.Itoa(port)})
		}
	}
	return out
}
