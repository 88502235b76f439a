package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFrontendImageIsLeastPrivilege builds the frontend image from the root Dockerfile: it must
// run as non-root, hold nothing but the static binary (no shell), declare that it needs no
// network, and declare the caps that let --call and --build-context through `# syntax=`.
func TestFrontendImageIsLeastPrivilege(t *testing.T) {
	need(t)
	root := repoRoot(t)
	tarball := filepath.Join(t.TempDir(), "frontend.tar")
	run(t, root, "buildctl", "build", "--progress=plain", "--frontend", "dockerfile.v0",
		"--local", "context="+root, "--local", "dockerfile="+root,
		"--output", "type=oci,dest="+tarball).mustSucceed(t, "build the frontend image")
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "65532:65532" {
		t.Errorf("frontend image user %q, want 65532:65532", cfg.User)
	}
	if v := cfg.Labels["org.opencontainers.image.version"]; v != "dev" {
		t.Errorf("frontend image version label %q, want dev (no VERSION build arg)", v)
	}
	if cfg.Labels["moby.buildkit.frontend.network.none"] != "true" {
		t.Errorf("frontend image is not labelled network none: %v", cfg.Labels)
	}
	caps := cfg.Labels["moby.buildkit.frontend.caps"]
	for _, c := range []string{"moby.buildkit.frontend.inputs", "moby.buildkit.frontend.subrequests", "moby.buildkit.frontend.contexts"} {
		if !strings.Contains(caps, c) {
			t.Errorf("caps label %q lacks %s", caps, c)
		}
	}
	var regular []string
	for name, f := range files(t, img) {
		if f.Type == '0' {
			regular = append(regular, name)
		}
		if strings.HasSuffix(name, "/sh") || strings.HasSuffix(name, "/bash") || strings.HasSuffix(name, "/busybox") {
			t.Errorf("frontend image holds a shell: %s", name)
		}
	}
	if len(regular) != 1 || regular[0] != "/bin/multistage-frontend" {
		t.Errorf("frontend image files %q, want only /bin/multistage-frontend", regular)
	}
	t.Logf("frontend image: %d bytes compressed, %d uncompressed", img.Compressed, img.Uncompressed())
}
