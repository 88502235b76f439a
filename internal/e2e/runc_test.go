package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/org/multistage-frontend/internal/ociimage"
)

// container is an image's root filesystem run by runc with the image's config: its user,
// entrypoint, env and workdir, on the host network, with a read-only root and no capabilities.
type container struct {
	id   string
	cmd  *exec.Cmd
	logs *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startContainer runs img; args are appended to the image's entrypoint and cmd.
func startContainer(t *testing.T, img *ociimage.Image, args ...string) *container {
	t.Helper()
	return runContainer(t, img, false, args...)
}

// runContainer runs img, on the host network or, isolated, in a network namespace of its own
// with only a loopback interface: for a server whose port is fixed (see netns_test.go).
func runContainer(t *testing.T, img *ociimage.Image, isolated bool, args ...string) *container {
	t.Helper()
	return runWithVolumes(t, img, isolated, nil, args...)
}

// runWithVolumes is runContainer with volumes: each directory of the image is mounted read-write
// over the read-only root with its content and owner, as a Docker volume is filled from the
// image the first time (`docker run --read-only -v notes:/app/data`).
func runWithVolumes(t *testing.T, img *ociimage.Image, isolated bool, volumes []string, args ...string) *container {
	t.Helper()
	bundle := t.TempDir()
	rootfs := filepath.Join(bundle, "rootfs")
	if err := os.MkdirAll(rootfs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := img.Unpack(rootfs); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"proc", "dev", "sys", "tmp"} {
		os.MkdirAll(filepath.Join(rootfs, d), 0o755)
	}
	cfg := img.Config.Config
	uid, gid := lookupUser(t, rootfs, cfg.User)
	cwd := cfg.WorkingDir
	if cwd == "" {
		cwd = "/"
	}
	proc := &specs.Process{
		User:            specs.User{UID: uid, GID: gid},
		Args:            append(append(append([]string{}, cfg.Entrypoint...), cfg.Cmd...), args...),
		Env:             cfg.Env,
		Cwd:             cwd,
		NoNewPrivileges: true,
		Capabilities:    &specs.LinuxCapabilities{},
	}
	spec := &specs.Spec{
		Version:  specs.Version,
		Process:  proc,
		Root:     &specs.Root{Path: "rootfs", Readonly: true},
		Hostname: "e2e",
		Mounts: []specs.Mount{
			{Destination: "/proc", Type: "proc", Source: "proc"},
			{Destination: "/dev", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "strictatime", "mode=755", "size=65536k"}},
			{Destination: "/dev/pts", Type: "devpts", Source: "devpts", Options: []string{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}},
			{Destination: "/dev/shm", Type: "tmpfs", Source: "shm", Options: []string{"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}},
			{Destination: "/sys", Type: "sysfs", Source: "sysfs", Options: []string{"nosuid", "noexec", "nodev", "ro"}},
			{Destination: "/tmp", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "nodev", "mode=1777"}},
		},
		Linux: &specs.Linux{
			Namespaces: []specs.LinuxNamespace{{Type: "pid"}, {Type: "ipc"}, {Type: "uts"}, {Type: "mount"}},
		},
	}
	for _, v := range volumes {
		spec.Mounts = append(spec.Mounts, specs.Mount{Destination: v, Type: "bind", Source: filepath.Join(rootfs, v), Options: []string{"rbind", "rw"}})
	}
	if isolated {
		spec.Linux.Namespaces = append(spec.Linux.Namespaces, specs.LinuxNamespace{Type: "network"})
	}
	dt, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bundle, "config.json"), dt, 0o644); err != nil {
		t.Fatal(err)
	}
	c := &container{id: fmt.Sprintf("msf-e2e-%d", time.Now().UnixNano()), logs: &syncBuffer{}}
	c.cmd = exec.Command("runc", "run", "--bundle", bundle, c.id)
	c.cmd.Stdout, c.cmd.Stderr = c.logs, c.logs
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.stop)
	return c
}

func (c *container) stop() {
	exec.Command("runc", "kill", c.id, "KILL").Run()
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
	}
	exec.Command("runc", "delete", "-f", c.id).Run()
}

// wait runs the container to completion and returns its exit code.
func (c *container) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(timeout):
		t.Fatalf("container did not exit within %s; logs:\n%s", timeout, c.logs.String())
	}
	return -1
}

// get polls url until it answers or the deadline passes.
func (c *container) get(t *testing.T, url string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	var lastErr error
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			var b bytes.Buffer
			b.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return b.String()
			}
			lastErr = fmt.Errorf("status %d: %s", resp.StatusCode, b.String())
		} else {
			lastErr = err
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s did not answer within %s: %v\ncontainer logs:\n%s", url, within, lastErr, c.logs.String())
	return ""
}

// lookupUser resolves an image's User ("name", "uid", "uid:gid", "name:group") against its /etc/passwd.
func lookupUser(t *testing.T, rootfs, user string) (uint32, uint32) {
	t.Helper()
	if user == "" {
		return 0, 0
	}
	name, group, _ := strings.Cut(user, ":")
	uid, gid := -1, -1
	if n, err := strconv.Atoi(name); err == nil {
		uid = n
	}
	if f, err := os.Open(filepath.Join(rootfs, "etc/passwd")); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Split(sc.Text(), ":")
			if len(fs) < 4 {
				continue
			}
			if fs[0] == name || fs[2] == name {
				uid, _ = strconv.Atoi(fs[2])
				gid, _ = strconv.Atoi(fs[3])
				break
			}
		}
	}
	if group != "" {
		if n, err := strconv.Atoi(group); err == nil {
			gid = n
		}
	}
	if uid < 0 {
		t.Fatalf("user %q is not in the image's /etc/passwd", user)
	}
	if gid < 0 {
		gid = uid
	}
	return uint32(uid), uint32(gid)
}

// checkGreets runs img with `-addr 127.0.0.1:PORT` (how the Go, Rust and Java examples take their
// address), asks GET /?name=NAME within the given time, and fails unless the answer is the
// greeting {"message":"hello, NAME"} and the server's log holds wantLog (its uid). It returns
// the log.
func checkGreets(t *testing.T, img *ociimage.Image, name string, within time.Duration, wantLog string) string {
	t.Helper()
	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=%s", port, name), within)
	if !strings.Contains(body, `"message":"hello, `+name+`"`) {
		t.Errorf("answer %q, want the greeting of %s", body, name)
	}
	logs := c.logsContaining(wantLog)
	if !strings.Contains(logs, wantLog) {
		t.Errorf("the server's log lacks %q: %q", wantLog, logs)
	}
	return logs
}

// logsContaining is the container's log once it contains want, or as it is 10 s later. A
// server may answer before its own log line is written (the JVM's listener thread serves while
// main is still printing; a handler runs beside the code that logs after listen), and the log
// reaches the test through a pipe: a test that reads it right after the answer races both.
func (c *container) logsContaining(want string) string {
	logs := c.logs.String()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs, want) && time.Now().Before(deadline); logs = c.logs.String() {
		time.Sleep(100 * time.Millisecond)
	}
	return logs
}

// freePort is a loopback port nothing listens on (the container shares the host network).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
