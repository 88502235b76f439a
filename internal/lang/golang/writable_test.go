package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
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

// TestWorkingDirectoryIsTheUsers: a Go image that puts nothing in a working directory of its
// own (no files, no writable directories, no `workdir`) works in an empty /app the runtime
// user owns, made before the program's copy in the LLB and the ejected Dockerfile alike, so that
// a program writing its data into its working directory (navidrome's datafolder ".", homebox's
// ./.data) can; on scratch with the user's home; a named user gets it sticky and writable by
// all, as /tmp is. With files, /app holds them and stays root's; a spec's workdir is kept as
// the base has it.
func TestWorkingDirectoryIsTheUsers(t *testing.T) {
	appDir := func(p *plan.Plan) *plan.Mkdir {
		for _, st := range p.Stage("runtime").Steps {
			if m, ok := st.(*plan.Mkdir); ok && m.Path == "/app" {
				return m
			}
		}
		return nil
	}
	p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\n", mod("go 1.26"))
	if m := appDir(p); m == nil || m.Chown != "65532:65532" || m.Mode != 0o755 || p.Image.Workdir != "/app" {
		t.Fatalf("/app %+v, workdir %q: want /app owned by 65532:65532, the working directory", m, p.Image.Workdir)
	}
	if d := p.Stage("runtime").Description; !strings.HasSuffix(d, "as user 65532:65532, who owns its working directory /app") {
		t.Errorf("runtime description %q", d)
	}
	ops, _, _ := langtest.Build(t, p, graph.Options{})
	ops.Named(t, "[runtime 2/3] RUN mkdir -p /app")
	ops.Named(t, "[runtime 3/3] COPY --from=builder /out/server /usr/local/bin/server")
	langtest.Ejects(t, p, "chown 65532:65532 /out/app", "WORKDIR /app\nCOPY --from=runtime-dirs /out/ /\nCOPY --from=builder /out/server /usr/local/bin/server")

	p = provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nruntime: scratch\n", mod("go 1.26"))
	if m := appDir(p); m == nil || m.Chown != "65532:65532" {
		t.Errorf("scratch: /app %+v", m)
	}
	p = provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nuser: nobody\n", mod("go 1.26"))
	if m := appDir(p); m == nil || m.Chown != "" || m.Mode != 0o1777 {
		t.Errorf("user: nobody: /app %+v, want 1777 owned by root", m)
	}
	for _, spec := range []string{"files: [config.yaml]\n", "writable: [data]\n", "workdir: /srv\n"} {
		f := mod("go 1.26")
		f["config.yaml"] = []byte("a: 1\n")
		p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\n"+spec, f)
		if m := appDir(p); m != nil || strings.Contains(p.Stage("runtime").Description, "its working directory") {
			t.Errorf("%s: /app made %+v", strings.TrimSpace(spec), m)
		}
	}
}
