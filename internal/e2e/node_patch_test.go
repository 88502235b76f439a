package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNodePatchPackage builds testdata/node-patch-package, whose `postinstall: patch-package`
// applies patches/left-pad+1.3.0.patch (it adds a file to left-pad) at install time. Without
// the patch files beside package.json in deps, patch-package says "No patch files found" and
// succeeds, and the image ships left-pad unpatched: deps copies them before `npm ci`. The image
// keeps the patched left-pad after prod-deps' prune, not patch-package (a dev dependency), and
// the server answers with what the patch added.
func TestNodePatchPackage(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "node-patch-package"))
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build testdata/node-patch-package")
	if step := "[deps 2/3] COPY package.json package-lock.json patches/left-pad+1.3.0.patch ./"; !strings.Contains(r.out, step) {
		t.Errorf("progress lacks %q:\n%s", step, tail(r.out, 40))
	}
	img := only(t, readOCI(t, tarball))
	checkShips(t, img, []string{"/app/node_modules/left-pad/patched.js", "/app/server.js"},
		[]string{"/app/node_modules/patch-package", "/app/test"})
	ctr := runContainer(t, img, true)
	page := waitFor(t, ctr.client(t), "http://127.0.0.1:3000/", 60*time.Second, ctr.logs.String)
	if want := "....ok patched by patch-package"; !strings.Contains(page.body, want) {
		t.Errorf("GET /: %q, want %q", page.body, want)
	}
}
