package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testbed is what hack/testbed.sh exports.
type testbed struct {
	buildkitHost string
	registry     string
	// override, when set, replaces the frontend image that `# syntax=org/multistage-frontend`
	// names with another tag of it (MSF_FRONTEND_TAG), through a named context, so that
	// several work trees can test their own frontend on one testbed. Unset in CI.
	override string
}

var bed *testbed

func TestMain(m *testing.M) {
	host, reg := os.Getenv("BUILDKIT_HOST"), os.Getenv("MSF_REGISTRY")
	if host != "" && reg != "" {
		bed = &testbed{buildkitHost: host, registry: reg}
		if tag := os.Getenv("MSF_FRONTEND_TAG"); tag != "" && tag != "latest" {
			bed.override = "docker-image://" + reg + "/org/multistage-frontend:" + tag
		}
	}
	code := m.Run()
	for _, f := range atExit {
		f()
	}
	os.Exit(code)
}

// atExit are cleanups of resources shared by several tests (a mirror server, its files), run
// once after all tests.
var atExit []func()

// need skips (or fails, under CI) a test that needs the testbed.
func need(t *testing.T) *testbed {
	t.Helper()
	if bed != nil {
		return bed
	}
	msg := "no testbed: BUILDKIT_HOST and MSF_REGISTRY are unset (run `make test`, which starts buildkitd)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so a missing buildkitd is a failure")
	}
	t.Skip(msg)
	return nil
}

// repoRoot is the module root, for examples/.
func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// result is a finished command.
type result struct {
	out  string // stdout and stderr interleaved
	err  error
	took time.Duration
}

func (r result) mustSucceed(t *testing.T, what string) result {
	t.Helper()
	if r.err != nil {
		t.Fatalf("%s failed: %v\n%s", what, r.err, tail(r.out, 80))
	}
	return r
}

func (r result) mustFail(t *testing.T, what string) result {
	t.Helper()
	if r.err == nil {
		t.Fatalf("%s succeeded, want a failure\n%s", what, tail(r.out, 40))
	}
	return r
}

func run(t *testing.T, dir string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	err := cmd.Run()
	r := result{out: buf.String(), err: err, took: time.Since(start)}
	if testing.Verbose() {
		t.Logf("$ %s %s (%s, err=%v)", name, strings.Join(args, " "), r.took.Round(time.Millisecond), err)
	}
	return r
}

// buildctl runs `buildctl build` through the Dockerfile frontend, which reads the
// `# syntax=` line and forwards to our frontend image: the path users take.
func buildctl(t *testing.T, dir string, extra ...string) result {
	t.Helper()
	args := []string{"build", "--progress=plain", "--frontend", "dockerfile.v0",
		"--local", "context=" + dir, "--local", "dockerfile=" + dir}
	if bed != nil && bed.override != "" {
		args = append(args, "--opt", "context:org/multistage-frontend="+bed.override)
	}
	return run(t, dir, "buildctl", append(args, extra...)...)
}

// buildx runs `docker buildx` on the testbed's remote builder.
func buildx(t *testing.T, dir string, args ...string) result {
	t.Helper()
	if bed != nil && bed.override != "" && len(args) > 0 && (args[0] == "build" || args[0] == "bake") {
		flag := "--build-context=org/multistage-frontend=" + bed.override
		if args[0] == "bake" {
			flag = "--set=*.contexts.org/multistage-frontend=" + bed.override
		}
		args = append([]string{args[0], flag}, args[1:]...)
	}
	return run(t, dir, "docker", append([]string{"buildx"}, args...)...)
}

// copyDir copies an example into a scratch directory the test may change.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... (%d lines before)", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// cachedSteps are the vertex names that a plain-progress build reported as CACHED.
func cachedSteps(out string) map[string]bool {
	names := map[string]string{} // "#12" -> name
	cached := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		id, rest, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(id, "#") {
			continue
		}
		if strings.HasPrefix(rest, "[") {
			if _, seen := names[id]; !seen {
				names[id] = rest
			}
		}
		if rest == "CACHED" {
			cached[names[id]] = true
		}
	}
	return cached
}

// ranSteps are the vertex names that a plain-progress build reported as DONE (not cached).
func ranSteps(out string) map[string]bool {
	names := map[string]string{}
	ran := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		id, rest, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(id, "#") {
			continue
		}
		if strings.HasPrefix(rest, "[") {
			if _, seen := names[id]; !seen {
				names[id] = rest
			}
		}
		if strings.HasPrefix(rest, "DONE") {
			ran[names[id]] = true
		}
	}
	return ran
}

func hasPrefixKey(m map[string]bool, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
