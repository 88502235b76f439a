package ruby

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestJemallocWrapper: a Procfile that starts its processes through jemalloc.sh, the wrapper
// Heroku's jemalloc buildpack puts on the PATH (CodeTriage's `web: jemalloc.sh bin/puma -C
// config/puma.rb`), gets the wrapper in /usr/local/bin and jemalloc from the runtime's packages,
// where the process stopped at start ("jemalloc.sh: not found"); so do the spec's processes and
// a command after NAME=value words. A Procfile that only names it later, or none, gets neither.
func TestJemallocWrapper(t *testing.T) {
	rails := []string{"gem", "rails (8.0.2)", "gem", "puma (6.6.0)", "gem", "pg (1.5.9)", "bin/rails", "#!/usr/bin/env ruby\n",
		"config/application.rb", "module CodeTriage\n  class Application < Rails::Application\n  end\nend\n"}
	for _, c := range []struct {
		name, spec, procfile string
		install              string // the runtime's package step, "" for its libpq5 alone
	}{
		{"CodeTriage's Procfile", "", "web: jemalloc.sh bin/puma -C config/puma.rb\nworker: jemalloc.sh bundle exec sidekiq -q default -c ${SIDEKIQ_CONCURRENCY:-5}\nrelease: bundle exec rake db:migrate\n",
			"apt-get install libjemalloc2 libpq5"},
		{"after NAME=value words", "", "web: RUBYOPT=--yjit MALLOC_ARENA_MAX=2 jemalloc.sh bundle exec puma -C config/puma.rb\n",
			"apt-get install libjemalloc2 libpq5"},
		{"on alpine", "runtime: alpine\n", "web: jemalloc.sh bin/puma -C config/puma.rb\n", "apk add jemalloc libpq"},
		{"the spec's processes", "processes: {web: [jemalloc.sh, bin/rails, server]}\n", "web: bin/rails server\n",
			"apt-get install libjemalloc2 libpq5"},
		{"the spec's processes, not the Procfile's", "processes: {web: [bin/rails, server]}\n", "web: jemalloc.sh bin/rails server\n", ""},
		{"named later in the command", "", "web: bundle exec puma -C config/puma.rb # not jemalloc.sh\n", ""},
		{"no Procfile", "", "", ""},
	} {
		f := gems(rails...)
		if c.procfile != "" {
			f["Procfile"] = []byte(c.procfile)
		}
		p := provider.MustPlan(t, "language: ruby\nversion: \"3.4\"\nports: [3000]\n"+c.spec, f)
		rt := p.Stage("runtime")
		var install string
		for _, r := range langtest.Runs(rt) {
			if strings.HasPrefix(r.Display, "apt-get install") || strings.HasPrefix(r.Display, "apk add") {
				install = r.Display
			}
		}
		var wrapper string
		for _, w := range langtest.Steps[*plan.WriteFile](rt) {
			for _, file := range w.Files {
				if file.Path == "/usr/local/bin/jemalloc.sh" && file.Mode == 0o755 {
					wrapper = file.Data
				}
			}
		}
		if c.install == "" {
			if wrapper != "" || strings.Contains(install, "jemalloc") {
				t.Errorf("%s: the runtime installs %q and writes jemalloc.sh %q", c.name, install, wrapper)
			}
			continue
		}
		if install != c.install || wrapper != jemallocWrapper {
			t.Errorf("%s: the runtime installs %q (want %q) and writes jemalloc.sh %q", c.name, install, c.install, wrapper)
		}
	}
}

// TestJemallocWrapperRuns: the wrapper runs its command with its arguments, as its own
// process, with LD_PRELOAD as it was where no jemalloc is installed.
func TestJemallocWrapperRuns(t *testing.T) {
	script := filepath.Join(t.TempDir(), "jemalloc.sh")
	if err := os.WriteFile(script, []byte(jemallocWrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", script, "sh", "-c", `printf '%s|%s|%s' "$1" "$2" "$LD_PRELOAD"`, "x", "a b", "c").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	if !strings.HasPrefix(got, "a b|c|") {
		t.Errorf("the wrapper ran %q", got)
	}
	if preload := strings.SplitN(got, "|", 3)[2]; preload != "" && !strings.Contains(preload, "libjemalloc.so.2") {
		t.Errorf("LD_PRELOAD %q", preload)
	}
}
