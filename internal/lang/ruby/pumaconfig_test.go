package ruby

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestRootPumaConfig: a Rack app whose only Puma configuration is a root puma.rb (bienapi's
// shape: workers, threads, a worker timeout and its port) is served with `puma -C puma.rb`,
// since puma by itself reads config/puma.rb and config/puma/<env>.rb only; a line that would
// not work in the container keeps plain `puma`, and PumaConfigNotRun names it.
func TestRootPumaConfig(t *testing.T) {
	const safe = "workers 1\nthreads 2, 8\nworker_timeout 30\ndirectory File.join(File.dirname(__FILE__), '')\nport 7654\n"
	for _, c := range []struct {
		name, spec, config string
		more               []string
		cmd, note          string
	}{
		{"safe", "ports: [7654]\n", safe, nil, "puma -C puma.rb", ""},
		{"no ports in the spec", "", safe, nil, "puma -C puma.rb", ""},
		{"port from PORT", "ports: [8000]\n", "workers 2\nport ENV.fetch(\"PORT\") { 3000 }\n", nil, "puma -C puma.rb", ""},
		{"bind computed", "ports: [8000]\n", "bind \"tcp://0.0.0.0:#{ENV['PORT']}\"\n", nil, "puma -C puma.rb", ""},
		{"pid file in /tmp", "", "pidfile '/tmp/puma.pid'\nstate_path \"/tmp/puma.state\"\n", nil, "puma -C puma.rb", ""},
		{"pid file in a writable directory", "writable: [tmp]\n", "pidfile 'tmp/pids/puma.pid'\n", nil, "puma -C puma.rb", ""},
		{"daemonize false", "", "daemonize false\nworkers 2\n", nil, "puma -C puma.rb", ""},
		{"config/puma.rb there", "", safe, []string{"config/puma.rb", "workers 2\n"}, "puma", ""},
		{"daemonize", "", "# settings\nworkers 2\ndaemonize\n", nil, "puma", "puma.rb:3 `daemonize`"},
		{"daemonize true", "", "daemonize true\n", nil, "puma", "puma.rb:1 `daemonize true`"},
		{"pid file in the app", "", "pidfile 'pids/puma.pid'\n", nil, "puma", "puma.rb:1 `pidfile 'pids/puma.pid'` writes where"},
		{"state file computed", "", "state_path ENV['STATE']\n", nil, "puma", "puma.rb:1 `state_path ENV['STATE']` writes where"},
		{"log files", "", "stdout_redirect 'log/out.log', 'log/err.log'\n", nil, "puma", "`stdout_redirect"},
		{"bind localhost", "", "bind 'tcp://127.0.0.1:9292'\n", nil, "puma", "puma.rb:1 `bind 'tcp://127.0.0.1:9292'` listens on the loopback"},
		{"port on localhost", "", "port 9292, 'localhost'\n", nil, "puma", "listens on the loopback"},
		{"unix socket", "", "bind \"unix:///app/tmp/puma.sock\"\n", nil, "puma", "Unix socket"},
		{"port not the spec's", "ports: [8080]\n", safe, nil, "puma", "puma.rb:5 `port 7654` listens on port 7654, not the spec's 8080"},
		{"the spec's cmd", "cmd: [puma, -b, tcp://0.0.0.0:9292]\n", "daemonize\n", nil, "puma -b tcp://0.0.0.0:9292", ""},
	} {
		f := gems(append([]string{"gem", "rack (2.2.8)", "gem", "puma (6.4.2)", "gem", "rspec-core (3.13.0)", "puma.rb", c.config}, c.more...)...)
		p := provider.MustPlan(t, "language: ruby\nversion: \"3.4\"\n"+c.spec, f)
		if got := strings.Join(p.Image.Cmd, " "); got != c.cmd {
			t.Errorf("%s: runs %q, want %s", c.name, got, c.cmd)
		}
		msgs := langtest.Messages(p, "PumaConfigNotRun")
		switch {
		case c.note == "" && len(msgs) > 0:
			t.Errorf("%s: warned %q", c.name, msgs)
		case c.note != "" && (len(msgs) != 1 || !strings.Contains(msgs[0], c.note) || !strings.Contains(msgs[0], "`cmd: [puma, -C, puma.rb]`")):
			t.Errorf("%s: notes %q, want one with %s", c.name, msgs, c.note)
		}
	}
	// without the root file nothing changes
	p := provider.MustPlan(t, "language: ruby\nversion: \"3.4\"\n", gems("gem", "rack (2.2.8)", "gem", "puma (6.4.2)", "gem", "rspec-core (3.13.0)"))
	if !slices.Equal(p.Image.Cmd, []string{"puma"}) || slices.Contains(langtest.Rules(p), "PumaConfigNotRun") {
		t.Errorf("no puma.rb: %q %q", p.Image.Cmd, langtest.Rules(p))
	}
}
