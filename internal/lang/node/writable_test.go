package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestWritableDirectories: the spec's `writable` directories are the runtime user's, relative to
// the package's directory: a plain app's (its tree copied without them), and a workspace
// package's (made and copied below the package), with Strapi's own added.
func TestWritableDirectories(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nuser: \"1001:1001\"\nwritable: [data]\n",
		facts(`{"name": "notes", "scripts": {"start": "node server.js"}}`, "server.js", ""))
	langtest.Writable(t, p, "1001:1001", "/app", "mkdir -p data", "data")

	p = planDir(t, workspaceDirs[npm], "language: node\nworkspace: apps/web\nwritable: [data]\n")
	langtest.Writable(t, p, "1000:1000", "/app/apps/web", "mkdir -p apps/web/data", "data")
	if got := artifactPaths(p); !slices.Contains(got, "builder:/app/apps/web/data -> /app/apps/web/data/") {
		t.Errorf("runtime copies %q", got)
	}

	// AdonisJS: the build's output is the app directory, so its directories are made and copied there
	p = provider.MustPlan(t, "language: node\nwritable: [storage]\n", facts(adonisPkg, "bin/server.ts", ""))
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p build/storage", "storage")
	if got := artifactPaths(p); !slices.Contains(got, "builder:/app/build/storage -> /app/storage/") {
		t.Errorf("runtime copies %q", got)
	}

	p = provider.MustPlan(t, "language: node\nwritable: [data, public/uploads]\n", facts(strapiPkg, "config/server.js", ""))
	langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p .tmp public/uploads data", ".tmp", "public/uploads", "data")

	// a static site has no program to write anything: nginx serves it
	sp, f := contextFacts(t, "../../../examples/node-vite-spa", "language: node\nwritable: [data]\n")
	if _, err := provider.Plan(sp, f); err == nil || !strings.Contains(err.Error(), "the Vite site is served by nginx, and no program of it writes at run time at Dockerfile:2:1") {
		t.Errorf("a Vite site with writable: %v", err)
	}
}
