package deno

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// workspaceContext is a Deno workspace: an api member with tasks, a web member, a library.
func workspaceContext(more ...string) map[string]string {
	return langtest.With(map[string]string{
		"deno.json":                 `{"workspace": ["./api", "./web", "packages/*"]}`,
		"deno.lock":                 `{"version": "5"}`,
		"api/deno.json":             `{"name": "@acme/api", "tasks": {"build": "deno run -W=dist build.ts", "start": "deno run -N -R server.ts"}}`,
		"api/server.ts":             "",
		"web/deno.json":             `{"name": "@acme/web", "exports": "./mod.ts"}`,
		"packages/lib/deno.json":    `{"name": "@acme/lib", "exports": "./mod.ts"}`,
		"packages/lib/package.json": `{"name": "@acme/lib"}`,
		"packages/other/README.md":  "not a member",
	}, more...)
}

func TestWorkspaceMember(t *testing.T) {
	for _, src := range []string{"ports: [8000]\n", "workspace: api\n", "workspace: \"@acme/api\"\n", "workspace: ./api/\n"} {
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, workspaceContext()))
		deps := langtest.Copies(p.Stage("deps"))[0]
		if want := []string{"deno.json", "deno.lock", "api/deno.json", "packages/lib/deno.json", "packages/lib/package.json", "web/deno.json"}; !slices.Equal(deps.Include, want) {
			t.Errorf("%s: deps copies %q, want %q", src, deps.Include, want)
		}
		b := langtest.Commands(p.Stage("builder"))
		if b[0] != "deno task --cwd api build" || b[1] != "deno install --frozen --entrypoint api/server.ts" || !strings.Contains(b[2], "/app/api/server.ts") {
			t.Errorf("%s: builder runs %q", src, b)
		}
		if got := langtest.Commands(p.Stage("tester")); !slices.Equal(got, []string{"deno test --permit-no-files -N -R api"}) {
			t.Errorf("%s: tester runs %q", src, got)
		}
		if got := langtest.Commands(p.Stage("app")); len(got) != 1 ||
			!strings.HasSuffix(got[0], "/run/multistage-frontend/members.js api packages/lib web -- --frozen api/server.ts") {
			t.Errorf("%s: the app stage runs %q", src, got)
		}
		if app := langtest.Copies(p.Stage("runtime")); app[1].FromStage != "app" || app[1].Paths[0] != "/app" {
			t.Errorf("%s: the image's /app is %s's %q", src, app[1].FromStage, app[1].Paths)
		}
		if p.Image.Workdir != "/app/api" || !slices.Equal(p.Image.Entrypoint[3:], []string{"run", "--cached-only", "-N", "-R", "/app/api/server.ts"}) {
			t.Errorf("%s: runs %q in %s", src, p.Image.Entrypoint, p.Image.Workdir)
		}
	}
	// a member's test task runs in its directory; the member without a start task runs its default module
	src := "workspace: packages/lib\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, workspaceContext("packages/lib/main.ts", "", "packages/lib/deno.json",
		`{"name": "@acme/lib", "tasks": {"test": "deno test -R"}}`)))
	if got := langtest.Commands(p.Stage("tester")); !slices.Equal(got, []string{"deno task --cwd packages/lib test"}) || p.Image.Workdir != "/app/packages/lib" {
		t.Errorf("packages/lib: tester %q, workdir %s", got, p.Image.Workdir)
	}
	for _, c := range []struct{ src, want string }{
		{"workspace: nope\n", `"nope" is not a member of the workspace deno.json declares`},
		{"workspace: packages/other\n", "write one of api (@acme/api), packages/lib (@acme/lib), web (@acme/web)"},
	} {
		provider.Refuses(t, c.src, langtest.Gathered(t, Provider{}, c.src, workspaceContext()), c.want)
	}
	// two members with a start task: the spec chooses
	src = "ports: [8000]\n"
	two := workspaceContext("web/deno.json", `{"name": "@acme/web", "tasks": {"start": "deno serve -N main.ts"}}`)
	if _, err := provider.TryPlan(t, src, langtest.Gathered(t, Provider{}, src, two)); err == nil ||
		!strings.Contains(err.Error(), "has 2 members with a start task") || !strings.Contains(err.Error(), "set `workspace` to one of api (@acme/api), web (@acme/web)") {
		t.Errorf("two servers: %v", err)
	}
	// a root that runs something itself is the project, as before: the image holds every member
	root := workspaceContext("main.ts", "")
	if p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, root)); p.Image.Workdir != "/app" || p.Stage("app") != nil {
		t.Errorf("a root with main.ts: workdir %s, app stage %v", p.Image.Workdir, p.Stage("app") != nil)
	}
	// a compiled member holds its module graph only: no stage to leave members out
	src = "workspace: api\nruntime: distroless\n"
	if p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, workspaceContext())); p.Stage("app") != nil {
		t.Errorf("a compiled member: an app stage")
	}
	src = "ports: [8000]\n"
	// workspace: without a workspace
	provider.Refuses(t, "workspace: api\n", cfg(`{}`), "declares no workspace")
	// a pnpm workspace whose package deno runs, with deno.lock at the root and no deno.json:
	// the message names package.json's workspaces and a root deno.json (it named "'s `workspace`")
	pnpmWs := lang.Facts{"deno.lock": []byte(`{"version": "5"}`), "pnpm-lock.yaml": []byte("lockfileVersion: '9.0'\n"),
		"package.json": []byte(`{"private": true, "workspaces": ["apps/*", "packages/*"]}`)}
	provider.Refuses(t, "workspace: apps/api\n", pnpmWs, "the project's workspace is package.json's workspaces (apps/*, packages/*)",
		"list the members in a deno.json at the root")
	provider.Refuses(t, "workspace: apps/api\n", lang.Facts{"deno.lock": []byte(`{"version": "5"}`)},
		"the project declares no workspace", "list the members in a deno.json's `workspace` at the root")
}

// A member's image leaves out the members it neither imports nor reads: the app stage keeps
// what deno info finds; a member the permissions let the program read is not among those it
// may leave out.
func TestWorkspaceMemberReadsAnotherMember(t *testing.T) {
	src := "workspace: api\npermissions: [--allow-net, \"--allow-read=.,../web/dist\"]\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, workspaceContext()))
	if got := langtest.Commands(p.Stage("app")); len(got) != 1 || !strings.HasSuffix(got[0], "members.js api packages/lib -- --frozen api/server.ts") {
		t.Errorf("the app stage runs %q", got)
	}
	src = "workspace: api\npermissions: [--allow-net, --allow-read=/app/packages/lib, --allow-read=/app/web]\n"
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, workspaceContext()))
	if p.Stage("app") != nil {
		t.Errorf("every other member is read: an app stage")
	}
	for _, c := range []struct {
		p, dir string
		want   bool
	}{{"web/dist", "web", true}, {"web", "web", true}, {"webapp", "web", false}, {"api", "api/x", false}} {
		if within(c.p, c.dir) != c.want {
			t.Errorf("within(%q, %q) = %v", c.p, c.dir, !c.want)
		}
	}
}
