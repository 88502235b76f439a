package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/bench"
)

// daemon is a private buildkitd with its own state, using the testbed's registry as its mirror:
// a second builder for cache-sharing tests, and one a test may stop and restart.
type daemon struct {
	root, config, addr string
	cmd                *exec.Cmd
	log                *os.File
}

func startDaemon(t *testing.T) *daemon {
	t.Helper()
	b := need(t)
	dir, err := os.MkdirTemp("", "msf-daemon-")
	if err != nil {
		t.Fatal(err)
	}
	d := &daemon{root: filepath.Join(dir, "root"), config: filepath.Join(dir, "buildkitd.toml"), addr: "unix://" + filepath.Join(dir, "buildkitd.sock")}
	if err := os.WriteFile(d.config, []byte(bench.DaemonConfig(d.root, d.addr, b.registry)), 0o644); err != nil {
		t.Fatal(err)
	}
	if d.log, err = os.Create(filepath.Join(dir, "buildkitd.log")); err != nil {
		t.Fatal(err)
	}
	d.start(t)
	t.Cleanup(func() {
		d.stop(t)
		os.RemoveAll(dir)
	})
	return d
}

func (d *daemon) start(t *testing.T) {
	t.Helper()
	d.cmd = exec.Command("buildkitd", "--config", d.config, "--oci-worker=true", "--containerd-worker=false")
	d.cmd.Stdout, d.cmd.Stderr = d.log, d.log
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err := exec.CommandContext(ctx, "buildctl", "--addr", d.addr, "debug", "workers").Run()
		cancel()
		if err == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	logs, _ := os.ReadFile(d.log.Name())
	t.Fatalf("private buildkitd did not start:\n%s", tail(string(logs), 30))
}

// stop ends the daemon the way a restart would: SIGTERM, then wait.
func (d *daemon) stop(t *testing.T) {
	if d.cmd == nil || d.cmd.Process == nil {
		return
	}
	d.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		d.cmd.Process.Kill()
		<-done
	}
	d.cmd = nil
}

// buildctl runs a build on this daemon, through `# syntax=` like the testbed helper.
func (d *daemon) buildctl(t *testing.T, dir string, extra ...string) result {
	t.Helper()
	args := []string{"--addr", d.addr, "build", "--progress=plain", "--frontend", "dockerfile.v0",
		"--local", "context=" + dir, "--local", "dockerfile=" + dir}
	if bed.override != "" {
		args = append(args, "--opt", "context:org/multistage-frontend="+bed.override)
	}
	return run(t, dir, "buildctl", append(args, extra...)...)
}

// internalStep reports BuildKit's own vertices: loading the definition, the context, image
// metadata, and a named context replacing the frontend image (MSF_FRONTEND_TAG).
func internalStep(name string) bool {
	return strings.HasPrefix(name, "[internal]") || strings.HasPrefix(name, "[context ")
}

// steps are the named build steps (not [internal] ones) of a plain-progress log.
func steps(out string) []string {
	seen := map[string]bool{}
	var list []string
	for _, line := range strings.Split(out, "\n") {
		id, rest, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(id, "#") || !strings.HasPrefix(rest, "[") || internalStep(rest) {
			continue
		}
		if !seen[rest] {
			seen[rest] = true
			list = append(list, rest)
		}
	}
	return list
}

// vertex is what plain progress says about one step.
type vertex struct {
	name   string
	cached bool // reported CACHED
	pulls  int  // layers downloaded or extracted under it (loading a result, or a base image)
	output int  // lines the step's process printed
	lines  []string
	done   bool
}

// ran reports a step whose process ran (rather than being served from the cache).
// A silent process leaves no output lines, but then nothing was pulled either.
func (v vertex) ran() bool {
	return !v.cached && v.done && !strings.Contains(v.name, "] FROM ") && (v.output > 0 || v.pulls == 0)
}

// vertices parses a plain-progress log into its named steps; [internal] ones (loading the
// definition, the context, image metadata) are left out.
func vertices(out string) map[string]*vertex {
	byID := map[string]*vertex{}
	all := map[string]*vertex{}
	for _, line := range strings.Split(out, "\n") {
		id, rest, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(id, "#") {
			continue
		}
		v := byID[id]
		if strings.HasPrefix(rest, "[") && v == nil {
			v = &vertex{name: rest}
			byID[id] = v
			if !internalStep(rest) {
				all[rest] = v
			}
			continue
		}
		if v == nil {
			continue
		}
		first, _, _ := strings.Cut(rest, " ")
		switch {
		case rest == "CACHED":
			v.cached = true
		case strings.HasPrefix(rest, "DONE"):
			v.done = true
		case strings.HasPrefix(first, "sha256:") || strings.HasPrefix(rest, "extracting sha256:"):
			v.pulls++
		case strings.HasPrefix(rest, "resolve ") || strings.HasPrefix(rest, "["):
		default:
			if _, err := strconv.ParseFloat(first, 64); err == nil {
				v.output++
				_, text, _ := strings.Cut(rest, " ")
				v.lines = append(v.lines, text)
			}
		}
	}
	return all
}
