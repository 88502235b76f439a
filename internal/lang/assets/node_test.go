package assets_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// `assets` naming another package of the Node.js build's workspace: that package's closure is
// installed and built in stages of their own, which read neither the server's package nor its
// build, and its output is copied into the image at the same path below /app, after the
// program; the builder, whose source copy leaves the UI out, does not get it.
func TestNodeWorkspacePackageAsAssets(t *testing.T) {
	p, err := registry.TryPlan(t, "language: node\nworkspace: apps/server\nassets: {dir: apps/client}\n", langtest.ServerAndClient())
	plannedStages(t, p, err, "scripts deps assets-scripts assets-deps assets builder tester prod-deps runtime")
	var runs []string
	for _, st := range []string{"assets-deps", "assets"} {
		for _, r := range langtest.Steps[*plan.Run](p.Stage(st)) {
			runs = append(runs, langtest.Shown(r))
		}
	}
	if !slices.Contains(runs, "pnpm install --frozen-lockfile --filter @tw/client...") || !slices.Contains(runs, "pnpm --filter @tw/client run build") {
		t.Errorf("the assets run %q, want the UI's closure installed and built", runs)
	}
	if c := langtest.Steps[*plan.Copy](p.Stage("assets")); len(c) != 1 || copyText(c[0]) != ". ./ exclude=**/node_modules,apps/server,apps/client/dist" {
		t.Errorf("assets copies %+v, want the context without the server", c)
	}
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("builder")) {
		if c.FromStage == "assets" || c.FromStage == "" && !slices.Contains(c.Exclude, "apps/client") {
			t.Errorf("builder copies %q, want neither the UI's source nor its build", copyText(c))
		}
	}
	rt := langtest.Steps[*plan.Copy](p.Stage("runtime"))
	var texts []string
	for _, c := range rt {
		texts = append(texts, copyText(c))
	}
	if len(rt) < 2 || texts[len(texts)-1] != "--from=assets /app/apps/client/dist /app/apps/client/dist/ exclude=" ||
		texts[len(texts)-2] != "--from=builder /app/apps/server/dist /app/apps/server/dist/ exclude=" {
		t.Errorf("runtime copies %q, want the UI's build last, beside the server's", texts)
	}
	if w := rt[len(rt)-1].Where(); w != "assets" {
		t.Errorf("the UI's copy points at %q", w)
	}
	if d := p.Stage("runtime").Description; !strings.HasSuffix(d, ", with the build of apps/client") {
		t.Errorf("runtime: %q", d)
	}

	// into: where the server reads it, below the app directory, and the spec's workdir
	p = registry.MustPlan(t, "language: node\nworkspace: apps/server\nworkdir: /srv\nassets: {dir: apps/client, into: apps/server/public}\n", langtest.ServerAndClient())
	rt = langtest.Steps[*plan.Copy](p.Stage("runtime"))
	if got := copyText(rt[len(rt)-1]); got != "--from=assets /app/apps/client/dist /srv/apps/server/public/ exclude=" {
		t.Errorf("the UI's copy is %q", got)
	}
}

// Errors: the package the build builds, a directory that is no package of the workspace, and
// assets of a Node.js project without a workspace (TestAssetsErrors).
func TestNodeWorkspaceAssetsErrors(t *testing.T) {
	f := langtest.ServerAndClient()
	f["tools/ui/package.json"] = []byte(`{"name": "ui", "scripts": {"build": "vite build"}}`)
	for src, want := range map[string]string{
		"language: node\nworkspace: apps/server\nassets: {dir: apps/server}\n": "apps/server is the package the build builds (`workspace`) at Dockerfile:3:10",
		"language: node\nworkspace: apps/server\nassets: {dir: tools/ui}\n":    "`assets` of a Node.js build is another package of its workspace, whose build the image ships; tools/ui is not one at Dockerfile:3:10",
	} {
		registry.Refuses(t, src, f, want)
	}
}

// With no `assets` in the spec, the package whose build the server's sources serve (a static
// module's __dirname join into apps/client/dist, node's siblingui.go) is the default: the same
// stages and copy, from `language` and `workspace` alone.
func TestNodeWorkspaceDefaultAssets(t *testing.T) {
	f := langtest.ServerAndClient()
	f["apps/server/src/main.ts"] = []byte("import { AppModule } from './app.module';\n")
	f["apps/server/src/app.module.ts"] = []byte("import { ServeStaticModule } from '@nestjs/serve-static';\nimport { join } from 'path';\n" +
		"@Module({ imports: [ServeStaticModule.forRoot({ rootPath: join(__dirname, '..', '..', 'client', 'dist') })] })\n")
	p, err := registry.TryPlan(t, "language: node\nworkspace: apps/server\n", f)
	plannedStages(t, p, err, "scripts deps assets-scripts assets-deps assets builder tester prod-deps runtime")
	rt := langtest.Steps[*plan.Copy](p.Stage("runtime"))
	if got := copyText(rt[len(rt)-1]); got != "--from=assets /app/apps/client/dist /app/apps/client/dist/ exclude=" {
		t.Errorf("the image's last copy is %q, want the UI's build", got)
	}
}
