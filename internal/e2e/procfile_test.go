package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestProcfileWebAndWorker builds examples/node-procfile, whose spec is `ports: [8080]` and
// whose Procfile names a web and a worker process: one build, a target per process sharing
// every step. The default target is the web image, which answers HTTP as the node user; the
// worker image works off its jobs as that user; --call targets lists both. With a Procfile
// whose web runs a development command through make, --call targets names runtime the default.
func TestProcfileWebAndWorker(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "node-procfile")
	web := filepath.Join(t.TempDir(), "web.tar")
	buildctl(t, dir, "--output", "type=oci,dest="+web).mustSucceed(t, "build the default target (web)")
	worker := filepath.Join(t.TempDir(), "worker.tar")
	r := buildctl(t, dir, "--opt", "target=worker", "--output", "type=oci,dest="+worker).mustSucceed(t, "--target worker")
	if step := "[runtime 2/2] COPY --from=app /app /app/"; !cachedSteps(r.out)[step] {
		t.Errorf("the worker's build did not reuse %q of the web's:\n%s", step, tail(r.out, 30))
	}
	// the install is reused, or not even part of the worker's build: without production
	// dependencies the image is the source, copied on the runtime image (the app stage)
	if step := "[deps 3/3] RUN npm ci"; ranSteps(r.out)[step] {
		t.Errorf("the worker's build ran %q again:\n%s", step, tail(r.out, 30))
	}

	wimg := only(t, readOCI(t, web))
	if cfg := wimg.Config.Config; cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/node", "web.js"}) || cfg.WorkingDir != "/app" {
		t.Errorf("web: user %q entrypoint %q workdir %q", cfg.User, cfg.Entrypoint, cfg.WorkingDir)
	}
	port := freePort(t)
	c := startContainer(t, wimg, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/", port), 30*time.Second); !strings.Contains(body, `"process":"web"`) ||
		!strings.Contains(body, `"uid":1000`) {
		t.Errorf("web answered %q", body)
	}

	kimg := only(t, readOCI(t, worker))
	if cfg := kimg.Config.Config; cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/node", "worker.js"}) {
		t.Errorf("worker: user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	k := startContainer(t, kimg)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(k.logs.String(), "worker: job 3 (resize-image) done as uid 1000") {
		if time.Now().After(deadline) {
			t.Fatalf("the worker did not work off its jobs as uid 1000; logs:\n%s", k.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	r = buildx(t, dir, "build", "--progress=quiet", "--call", "targets", ".").mustSucceed(t, "--call targets")
	for _, row := range []string{"web (default)", "worker ", "runtime "} {
		if !strings.Contains(r.out, row) {
			t.Errorf("--call targets lacks %q:\n%s", row, r.out)
		}
	}

	// a Procfile written for development, whose web runs a make target that runs a watcher: the
	// runtime stage (the package's start) is the default, read through the Makefile, planning only
	dev := copyDir(t, dir)
	writeFile(t, filepath.Join(dev, "Procfile"), "web: make dev\nworker: node worker.js\n")
	writeFile(t, filepath.Join(dev, "Makefile"), "dev:\n\tnode --watch web.js\n")
	r = buildx(t, dev, "build", "--progress=quiet", "--call", "targets", ".").mustSucceed(t, "--call targets (a development web)")
	for _, row := range []string{"runtime (default)", "web ", "a development command, so runtime is the default", "worker "} {
		if !strings.Contains(r.out, row) {
			t.Errorf("--call targets of a development Procfile lacks %q:\n%s", row, r.out)
		}
	}
}
