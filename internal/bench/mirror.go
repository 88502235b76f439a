package bench

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// MavenMirror serves the Maven fixture's offline repository (Debian's /usr/share/maven-repo)
// over HTTP on 127.0.0.1, as a company mirror serves Maven Central: buildkitd runs steps on the
// host network, so MAVEN_MIRROR_URL reaches it. It answers *.sha1 from the files, so Maven checks
// what it downloads, and records every path asked for. The e2e tests and the benchmark use it.
type MavenMirror struct {
	URL  string
	dir  string
	srv  *http.Server
	mu   sync.Mutex
	asks []string
	// delay is how long each request waits before it is answered (SetDelay), 0 by default.
	delay atomic.Int64
}

// SetDelay makes every later request wait d before its answer, as a remote repository's round
// trip does; 0 answers at once.
func (m *MavenMirror) SetDelay(d time.Duration) { m.delay.Store(int64(d)) }

// StartMavenMirror exports the repository of the maven:3-eclipse-temurin-17 fixture with
// buildctl on the buildkitd at addr (a few seconds) and serves it. Close stops it and removes
// the files.
func StartMavenMirror(ctx context.Context, addr string) (*MavenMirror, error) {
	dir, err := os.MkdirTemp("", "msf-maven-repo-")
	if err != nil {
		return nil, err
	}
	m := &MavenMirror{dir: dir}
	if err := m.export(ctx, addr); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	m.URL = "http://" + ln.Addr().String()
	m.srv = &http.Server{Handler: m}
	go m.srv.Serve(ln)
	return m, nil
}

// export copies the fixture's repository into m.dir; its files are symlinks into
// /usr/share/java, copied dereferenced.
func (m *MavenMirror) export(ctx context.Context, addr string) error {
	df := filepath.Join(m.dir, ".dockerfile")
	if err := os.MkdirAll(df, 0o755); err != nil {
		return err
	}
	err := os.WriteFile(filepath.Join(df, "Dockerfile"), []byte("FROM maven:3-eclipse-temurin-17 AS repo\n"+
		"RUN mkdir /out && cp -rL /usr/share/maven-repo/. /out/\nFROM scratch\nCOPY --from=repo /out/ /\n"), 0o644)
	if err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, "buildctl", "--addr", addr, "build", "--progress=plain", "--frontend", "dockerfile.v0",
		"--local", "context="+df, "--local", "dockerfile="+df, "--output", "type=local,dest="+m.dir).CombinedOutput()
	if err != nil {
		return fmt.Errorf("export the fixture's /usr/share/maven-repo: %w\n%s", err, lastLines(string(out), 30))
	}
	return nil
}

// ServeHTTP serves the repository's files and their SHA-1 sums, recording each request.
func (m *MavenMirror) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.asks = append(m.asks, r.URL.Path)
	m.mu.Unlock()
	if d := time.Duration(m.delay.Load()); d > 0 {
		time.Sleep(d)
	}
	if p, ok := strings.CutSuffix(path.Clean(r.URL.Path), ".sha1"); ok {
		dt, err := os.ReadFile(filepath.Join(m.dir, filepath.FromSlash(p)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		sum := sha1.Sum(dt)
		fmt.Fprint(w, hex.EncodeToString(sum[:]))
		return
	}
	http.FileServer(http.Dir(m.dir)).ServeHTTP(w, r)
}

// Mark is the number of requests so far, to look at the ones after it with Asked.
func (m *MavenMirror) Mark() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.asks)
}

// Asked are the paths requested since mark.
func (m *MavenMirror) Asked(mark int) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.asks[mark:]...)
}

// Close stops the server and removes the repository.
func (m *MavenMirror) Close() {
	if m.srv != nil {
		m.srv.Close()
	}
	os.RemoveAll(m.dir)
}
