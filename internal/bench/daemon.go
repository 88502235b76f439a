package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// daemon is a private buildkitd with a fresh root, configured like the testbed's (OCI worker,
// overlayfs, host network, the local registry as the mirror of docker.io and gcr.io). A cold
// sample gets a new one, so its cache is really empty; starting it is not timed.
type daemon struct {
	dir, addr string
	cmd       *exec.Cmd
	done      chan struct{}
}

// DaemonConfig is a private buildkitd's configuration: the testbed's (OCI worker, overlayfs,
// host network, the registry as the mirror of docker.io and gcr.io), with its own root and socket.
func DaemonConfig(root, addr, registry string) string {
	return fmt.Sprintf(`root = %q
[grpc]
  address = [%q]
[worker.oci]
  enabled = true
  snapshotter = "overlayfs"
  networkMode = "host"
[worker.containerd]
  enabled = false
[registry."docker.io"]
  mirrors = [%q]
[registry."gcr.io"]
  mirrors = [%q]
[registry.%q]
  http = true
  insecure = true
`, root, addr, registry, registry, registry)
}

// shared is the testbed's own buildkitd, for the quick mode: nothing to start or stop.
func shared(addr string) *daemon { return &daemon{addr: addr} }

func startDaemon(ctx context.Context, registry string) (*daemon, error) {
	dir, err := os.MkdirTemp("", "msf-bench-")
	if err != nil {
		return nil, err
	}
	d := &daemon{dir: dir, addr: "unix://" + filepath.Join(dir, "buildkitd.sock"), done: make(chan struct{})}
	conf := filepath.Join(dir, "buildkitd.toml")
	if err := os.WriteFile(conf, []byte(DaemonConfig(filepath.Join(dir, "root"), d.addr, registry)), 0o644); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "buildkitd.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	d.cmd = exec.Command("buildkitd", "--config", conf, "--oci-worker=true", "--containerd-worker=false")
	d.cmd.Stdout, d.cmd.Stderr = logf, logf
	if err := d.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { d.cmd.Wait(); close(d.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		err := exec.CommandContext(cctx, "buildctl", "--addr", d.addr, "debug", "workers").Run()
		cancel()
		if err == nil {
			return d, nil
		}
		select {
		case <-d.done:
			deadline = time.Time{}
		case <-ctx.Done():
			deadline = time.Time{}
		case <-time.After(200 * time.Millisecond):
		}
	}
	logs, _ := os.ReadFile(logf.Name())
	d.stop()
	return nil, fmt.Errorf("private buildkitd did not start:\n%s", lastLines(string(logs), 20))
}

// stop ends the daemon (SIGTERM, then SIGKILL after 20 s) and removes its state.
func (d *daemon) stop() {
	if d.cmd == nil {
		return
	}
	d.cmd.Process.Signal(os.Interrupt)
	select {
	case <-d.done:
	case <-time.After(20 * time.Second):
		d.cmd.Process.Kill()
		<-d.done
	}
	d.cmd = nil
	os.RemoveAll(d.dir)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
