package e2e

import (
	"bytes"
	"debug/elf"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNodeMultiPlatform builds examples/node (no native addons) for amd64 and arm64 at once on
// the amd64 testbed, which cannot run arm64 code: npm ci, the TypeScript build and the prune run
// once, on the build platform, and each image has the same app on its own platform's Node, as
// the node user. (The arm64 node:24-slim is the official arm64 release from the npm registry on
// the arm64 minbase, never run here; see hack/fixtures.md.)
func TestNodeMultiPlatform(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "node")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--opt", "platform="+bothPlatforms, "--output", "type=oci,dest="+tarball,
		"--opt", "build-arg:NPM_CONFIG_REGISTRY=https://registry.npmjs.org/").mustSucceed(t, "build examples/node for amd64 and arm64")
	for _, step := range []string{"[deps 3/3] RUN npm ci", "[app 4/5] RUN npm run build", "[prod-deps 2/2] RUN npm prune --omit=dev"} {
		if n := len(vertexIDs(r.out, step)); n != 1 {
			t.Errorf("%q appears as %d vertices, want 1 for both platforms", step, n)
		}
	}
	imgs := readOCI(t, tarball)
	if len(imgs) != 2 {
		t.Fatalf("images for %v, want linux/amd64 and linux/arm64", keys(imgs))
	}
	var servers [][]byte
	for platform, machine := range map[string]elf.Machine{"linux/amd64": elf.EM_X86_64, "linux/arm64": elf.EM_AARCH64} {
		img := imgs[platform]
		if img == nil {
			t.Fatalf("no %s image in %v", platform, keys(imgs))
		}
		cfg := img.Config.Config
		if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/node", "/app/dist/server.js"}) {
			t.Errorf("%s: user %q entrypoint %q", platform, cfg.User, cfg.Entrypoint)
		}
		checkELFMachine(t, img, "/usr/local/bin/node", machine)
		fs := files(t, img)
		checkNodeModules(t, fs, []string{"ms/index.js"}, []string{"typescript", "@types/node", "@types/ms"})
		server, err := img.ReadFile("/app/dist/server.js")
		if err != nil {
			t.Fatalf("%s: %v", platform, err)
		}
		servers = append(servers, server)
		passwd, err := img.ReadFile("/etc/passwd")
		if err != nil || !strings.Contains(string(passwd), "\nnode:x:1000:1000:") {
			t.Errorf("%s: /etc/passwd %q (%v) has no node user", platform, passwd, err)
		}
	}
	if len(servers) == 2 && !bytes.Equal(servers[0], servers[1]) {
		t.Errorf("the amd64 and arm64 images hold different builds of the app")
	}
}
