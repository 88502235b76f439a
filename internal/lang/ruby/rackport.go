package ruby

import (
	"slices"
	"strconv"

	"github.com/org/multistage-frontend/internal/lang"
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
