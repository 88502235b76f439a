package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoUsesTheBuildxBuilder runs `make demo`'s script as on a machine with Docker's buildx and
// no BUILDKIT_HOST: the testbed's remote builder msf stands in for the user's builder. The demo
// must use it (compiling nothing, starting no testbed), hand it the frontend as an OCI layout,
// and print the targets the frontend answered and the image it built.
func TestDemoUsesTheBuildxBuilder(t *testing.T) {
	need(t)
	cmd := exec.Command(filepath.Join(repoRoot(t), "hack", "demo.sh"))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BUILDKIT_HOST=") && !strings.HasPrefix(kv, "BUILDX_BUILDER=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "BUILDX_BUILDER=msf") // DOCKER_CONFIG is the testbed's (hack/testbed.sh env)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hack/demo.sh: %v\n%s", err, tail(string(out), 60))
	}
	s := string(out)
	for _, want := range []string{
		"using docker buildx's builder msf",
		"[internal] multistage-frontend dev", // examples/go went through the frontend just built
		"================ examples/go, built in ",
		"runtime (default) the image: server on gcr.io/distroless/static-debian12:nonroot",
		"entrypoint   /usr/local/bin/server",
		"make demo took ",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the demo's output lacks %q:\n%s", want, tail(s, 60))
		}
	}
	for _, unwanted := range []string{"starting the local testbed", "tools: building", "fixture layers"} {
		if strings.Contains(s, unwanted) {
			t.Errorf("the demo printed %q: it did not use the buildx builder alone", unwanted)
		}
	}
}
