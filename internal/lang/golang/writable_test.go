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

// TestWorkingDirectoryIsTheUsersHome: a Go program with nothing in a working directory of its
// own works in the user's home, which it owns, on every runtime: distroless :nonroot's image
// config says /home/nonroot (kept: the plan names none); on scratch, alpine and slim, whose
// working directory is root's /, the home the runtime stage makes is named, with no step
// added, so that a program writing its data into "." (navidrome's datafolder) can. Another user
// owns neither (distroless's /home/nonroot is 0700, 65532's): it works in /app, made its own
// (sticky and writable by all for a name, which cannot own it); root keeps the base's, and
// files put the program in /app.
func TestWorkingDirectoryIsTheUsersHome(t *testing.T) {
	for _, c := range []struct{ spec, workdir string }{
		{"", ""}, // distroless's own
		{"runtime: scratch\n", "/home/nonroot"},
		{"runtime: alpine\n", "/home/nonroot"},
		{"runtime: slim\n", "/home/nonroot"},
		{"runtime: alpine\nuser: \"1000\"\n", "/app"},
		{"user: \"1000:1000\"\n", "/app"},
		{"runtime: scratch\nuser: \"65532\"\n", "/home/nonroot"},
		{"user: \"65532\"\n", ""},
		{"user: \"0\"\n", ""},
		{"runtime: scratch\nuser: root\n", ""},
		{"runtime: scratch\nworkdir: /srv\n", "/srv"},
		{"runtime: scratch\nfiles: [config.yaml]\n", "/app"},
	} {
		f := mod("go 1.26")
		f["config.yaml"] = []byte("a: 1\n")
		p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\n"+c.spec, f)
		if p.Image.Workdir != c.workdir || p.Stage("runtime").Workdir != c.workdir {
			t.Errorf("%q: workdir %q (stage %q), want %q", c.spec, p.Image.Workdir, p.Stage("runtime").Workdir, c.workdir)
		}
	}
	p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nruntime: scratch\n", mod("go 1.26"))
	var homes []*plan.Mkdir
	for _, st := range p.Stage("runtime").Steps {
		if m, ok := st.(*plan.Mkdir); ok && m.Path == "/home/nonroot" {
			homes = append(homes, m)
		}
	}
	if len(homes) != 1 || homes[0].Chown != "65532:65532" || homes[0].Mode != 0o750 {
		t.Errorf("scratch makes /home/nonroot %+v, want once, 0750, owned by 65532:65532", homes)
	}
	ops, _, _ := langtest.Build(t, p, graph.Options{})
	ops.Named(t, "[runtime 6/6] COPY --from=builder /out/server /usr/local/bin/server") // no step added
	langtest.Ejects(t, p, "FROM scratch AS runtime\nWORKDIR /home/nonroot\n", "chown 65532:65532 /out/home/nonroot")

	for user, want := range map[string]plan.Mkdir{
		"\"1000:1000\"": {Path: "/app", Mode: 0o750, Chown: "1000:1000"},
		"nobody":        {Path: "/app", Mode: 0o1777},
	} {
		p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nuser: "+user+"\n", mod("go 1.26"))
		var made []plan.Mkdir
		for _, st := range p.Stage("runtime").Steps {
			if m, ok := st.(*plan.Mkdir); ok {
				made = append(made, plan.Mkdir{Path: m.Path, Mode: m.Mode, Chown: m.Chown})
			}
		}
		if len(made) != 1 || made[0] != want || p.Image.Workdir != "/app" {
			t.Errorf("user %s on distroless: makes %+v, works in %q; want %+v", user, made, p.Image.Workdir, want)
		}
	}
	p = provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nuser: \"1000\"\n", mod("go 1.26"))
	langtest.Ejects(t, p, "WORKDIR /app\n", "chown 1000 /out/app")
}
