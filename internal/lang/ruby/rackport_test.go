package ruby

import (
	"strings"
	"testing"
)

// TestRackServerListensOnTheSpecsPort: puma and rackup read no PORT, so a rackup file's server
// gets the spec's first port with -p unless it is their 9292 or a puma configuration may name one.
func TestRackServerListensOnTheSpecsPort(t *testing.T) {
	puma := []string{"gem", "rack (2.2.8)", "gem", "puma (6.4.2)"}
	rackup := []string{"gem", "rack (2.2.8)"}
	for _, c := range []struct {
		name, spec string
		more       []string
		cmd        string
	}{
		{"puma", "ports: [8080]\n", puma, "puma -p 8080"},
		{"rackup", "ports: [4567]\n", rackup, "rackup -p 4567"},
		{"the servers' own port", "ports: [9292]\n", puma, "puma"},
		{"no ports", "", puma, "puma"},
		{"a udp port only", "ports: [8125/udp]\n", puma, "puma"},
		{"config/puma.rb", "ports: [8080]\n", append([]string{"config/puma.rb", "port ENV.fetch('PORT', 3000)\n"}, puma...), "puma"},
		{"config/puma/production.rb", "ports: [8080]\n", append([]string{"config/puma/production.rb", "workers 2\n"}, puma...), "puma"},
		{"a root puma.rb", "ports: [8080]\n", append([]string{"puma.rb", "port 8080\n"}, puma...), "puma -C puma.rb"},
		{"the entrypoint's rackup file", "ports: [8080]\nentrypoint: web.ru\n", append([]string{"web.ru", "run App\n"}, puma...), "puma -p 8080 web.ru"},
		{"the spec's cmd", "ports: [8080]\ncmd: [puma, -b, \"tcp://0.0.0.0:8080\"]\n", puma, "puma -b tcp://0.0.0.0:8080"},
	} {
		p := provider.MustPlan(t, "language: ruby\nversion: \"3.4\"\n"+c.spec, gems(c.more...))
		if got := strings.Join(p.Image.Cmd, " "); got != c.cmd {
			t.Errorf("%s: runs %q, want %q", c.name, got, c.cmd)
		}
	}
}
