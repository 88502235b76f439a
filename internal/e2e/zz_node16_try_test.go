package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestZZNode16Try(t *testing.T) {
	need(t)
	src := os.Getenv("NODE16_SRC")
	spec := os.Getenv("NODE16_SPEC")
	dir := copyDir(t, src)
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile.msf"), []byte("# syntax=org/multistage-frontend\n"+spec), 0o644); err != nil {
		t.Fatal(err)
	}
	tarball := filepath.Join(t.TempDir(), "image.tar")
	start := time.Now()
	r := buildctl(t, dir, "--opt", "filename=Dockerfile.msf", "--opt", "build-arg:COREPACK_INTEGRITY_KEYS=0", "--output", "type=oci,dest="+tarball)
	t.Logf("build took %s", time.Since(start).Round(time.Second))
	if r.err != nil {
		t.Fatalf("build: %v\n%s", r.err, tail(r.out, 80))
	}
	for _, l := range strings.Split(r.out, "\n") {
		if strings.Contains(l, "WARN") || strings.Contains(l, "[runtime") {
			t.Log(l)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	t.Logf("user %q entrypoint %q cmd %q env %q, %.1f MiB compressed", cfg.User, cfg.Entrypoint, cfg.Cmd, cfg.Env, mib(img.Compressed))
	var vols []string
	if v := os.Getenv("NODE16_VOLUMES"); v != "" {
		vols = strings.Split(v, ",")
	}
	checkOwned(t, img, "1000", vols)
	c := runWithVolumes(t, img, true, vols)
	client := c.client(t)
	port := os.Getenv("NODE16_PORT")
	for _, p := range strings.Split(os.Getenv("NODE16_GET"), ",") {
		page := waitFor(t, client, "http://127.0.0.1:"+port+p, 120*time.Second, c.logs.String)
		t.Logf("GET %s: %d, %d bytes: %.200q", p, page.status, len(page.body), page.body)
	}
	time.Sleep(2 * time.Second)
	t.Logf("logs:\n%s", tail(c.logs.String(), 40))
}
