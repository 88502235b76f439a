package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestWritableDirectories: a Go server's `writable` directories are made in the builder after
// the build, copied into the image's working directory (/app, as the base has none) owned by
// the runtime user, in the LLB and the ejected Dockerfile alike; a named user cannot own them.
func TestWritableDirectories(t *testing.T) {
	p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nwritable: [data, ./var/cache/]\n", mod("go 1.26"))
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p data var/cache", "data", "var/cache")
	if d := p.Stage("runtime").Description; !strings.HasSuffix(d, "as user 65532:65532, who owns data, var/cache") {
		t.Errorf("runtime description %q", d)
	}
	ops, _, _ := langtest.Build(t, p, graph.Options{})
	cp := ops.Named(t, "[runtime 4/4] COPY --from=builder --chown=65532:65532 /src/var/cache /app/var/cache/").GetFile().Actions[0].GetCopy()
	if cp.Owner == nil || cp.Owner.User.GetByID() != 65532 || cp.Owner.Group.GetByID() != 65532 {
		t.Errorf("var/cache is owned by %+v, want 65532:65532", cp.Owner)
	}
	langtest.Ejects(t, p, "RUN --network=none mkdir -p data var/cache", "COPY --from=builder --chown=65532:65532 /src/data /app/data/",
		"WORKDIR /app")

	p = provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nuser: root\nwritable: [data]\n", mod("go 1.26"))
	langtest.Writable(t, p, "", "/app", "mkdir -p data") // root owns everything already: a plain copy
	_, err := provider.TryPlan(t, "language: go\nentrypoint: ./cmd/server\nwritable: [data]\nuser: nonroot\n", mod("go 1.26"))
	if err == nil || !strings.Contains(err.Error(), `owns data, which the program writes, so it must be a uid (and gid), not the name "nonroot" at Dockerfile:4:1, write the user as a number, e.g. "65532:65532"`) {
		t.Errorf("user: nonroot: %v", err)
	}
}
