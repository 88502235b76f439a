package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCorepackFailureNamesTheRegistryArg points corepack at a registry that refuses
// connections: the failing step says which build args point it at one it can reach.
func TestCorepackFailureNamesTheRegistryArg(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "node-pnpm")
	r := buildctl(t, dir, "--opt", "target=deps", "--opt", "build-arg:COREPACK_NPM_REGISTRY=http://127.0.0.1:9").mustFail(t, "corepack from a dead registry")
	for _, want := range []string{"[deps 4/5] RUN corepack install", "http://127.0.0.1:9/pnpm",
		"COREPACK_NPM_REGISTRY (now: http://127.0.0.1:9)", "--build-arg COREPACK_NPM_REGISTRY=<your npm registry URL>",
		"--build-arg COREPACK_INTEGRITY_KEYS=0"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the failure lacks %q:\n%s", want, tail(r.out, 30))
		}
	}
}
