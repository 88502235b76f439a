package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
	"golang.org/x/sys/unix"
)

// A server whose port is fixed in its image (nginx on 8080) cannot share the host's network
// with other tests and engineers. startIsolatedContainer runs it in a network namespace of its
// own, and the container's client dials from inside that namespace.
func startIsolatedContainer(t *testing.T, img *ociimage.Image) *container {
	t.Helper()
	return runContainer(t, img, true)
}

// pid is the container's first process as the host sees it, once runc has started it.
func (c *container) pid(t *testing.T) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, err := exec.Command("runc", "state", c.id).Output()
		var st struct {
			Pid    int    `json:"pid"`
			Status string `json:"status"`
		}
		if err == nil && json.Unmarshal(out, &st) == nil && st.Pid > 0 && st.Status == "running" {
			return st.Pid
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("container %s did not start; logs:\n%s", c.id, c.logs.String())
	return 0
}

// uid is the real uid of the container's first process.
func (c *container) uid(t *testing.T) string {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.pid(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
			return strings.Fields(rest)[0]
		}
	}
	t.Fatalf("no Uid in /proc/%d/status", c.pid(t))
	return ""
}

// client is an HTTP client whose connections are made inside the container's network
// namespace, so 127.0.0.1 is the container's loopback. It never decompresses on its own.
func (c *container) client(t *testing.T) *http.Client {
	t.Helper()
	ns := fmt.Sprintf("/proc/%d/ns/net", c.pid(t))
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		type dialed struct {
			conn net.Conn
			err  error
		}
		ch := make(chan dialed, 1)
		go func() {
			// The thread enters the namespace and is never unlocked, so it ends with this goroutine:
			// no other goroutine runs in the container's namespace. The socket stays in it.
			runtime.LockOSThread()
			f, err := os.Open(ns)
			if err == nil {
				err = unix.Setns(int(f.Fd()), unix.CLONE_NEWNET)
				f.Close()
			}
			if err != nil {
				ch <- dialed{nil, fmt.Errorf("entering %s: %w", ns, err)}
				return
			}
			var d net.Dialer
			conn, err := d.DialContext(ctx, network, addr)
			ch <- dialed{conn, err}
		}()
		r := <-ch
		return r.conn, r.err
	}
	return &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{DialContext: dial, DisableCompression: true, DisableKeepAlives: true}}
}
