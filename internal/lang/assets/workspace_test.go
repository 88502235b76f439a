package assets_test

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
)

// A Go module beside a pnpm workspace whose package frontend (the UI) depends on its sibling
// packages/ui, with the only lockfile at the root (pocket-id's shape).
func pnpmWorkspace() lang.Facts {
	return lang.Facts{
		"go.mod":              []byte("module example.com/id\n"),
		"package.json":        []byte(`{"name": "id", "private": true, "packageManager": "pnpm@10.12.1"}`),
		"pnpm-lock.yaml":      []byte("lockfileVersion: '9.0'\n"),
		"pnpm-workspace.yaml": []byte("packages:\n  - frontend\n  - packages/*\n"),
		"frontend/package.json": []byte(`{"name": "@id/frontend", "scripts": {"build": "vite build"},
			"dependencies": {"@id/ui": "workspace:*"}, "devDependencies": {"vite": "^7.3.0"}}`),
		"packages/ui/package.json":   []byte(`{"name": "@id/ui", "scripts": {"build": "tsc"}}`),
		"packages/docs/package.json": []byte(`{"name": "@id/docs", "scripts": {"build": "astro build"}}`),
	}
}

// The assets in a package of the root's pnpm workspace are installed from the root's lockfile
// with every package's manifest, filtered to the package and the siblings it depends on; the
// assets' build builds that closure, dependencies first, and leaves the other packages' source
// and the Go module's files out; the output lands in the main builder where the package's build writes it.
func TestAssetsInPnpmWorkspace(t *testing.T) {
	p, err := registry.TryPlan(t, "language: go\nassets: {dir: frontend}\n", pnpmWorkspace())
	plannedStages(t, p, err, "deps deps-list deps-build assets-scripts assets-deps assets builder tester runtime")
	deps, build, builder := p.Stage("assets-deps"), p.Stage("assets"), p.Stage("builder")
	c := langtest.Steps[*plan.Copy](deps)
	want := []string{"frontend/package.json", "package.json", "packages/docs/package.json", "packages/ui/package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"}
	if len(c) != 1 || !slices.Equal(c[0].Paths, []string{"."}) || !containsAll(c[0].Include, want) {
		t.Fatalf("assets-deps copies %+v, want the root's files and the manifests %q", c, want)
	}
	runs := langtest.Commands(deps)
	if !slices.Contains(runs, "pnpm install --frozen-lockfile --filter @id/frontend...") {
		t.Errorf("assets-deps runs %q, want the install filtered to the package", runs)
	}
	// without the Go module's files: a change of Go code alone reruns no step of the UI
	if c := langtest.Steps[*plan.Copy](build); len(c) != 1 ||
		copyText(c[0]) != ". ./ exclude=**/node_modules,packages/docs,frontend/dist,**/*.go,**/go.mod,**/go.sum,go.work,go.work.sum" {
		t.Errorf("assets copies %q", copyText(c[0]))
	}
	runs = nil
	for _, r := range langtest.Steps[*plan.Run](build) {
		runs = append(runs, langtest.Shown(r))
	}
	if !slices.Equal(runs, []string{"pnpm --filter @id/ui run build", "pnpm --filter @id/frontend run build", "test -e /app/frontend/dist"}) {
		t.Errorf("assets runs %q", runs)
	}
	bc := langtest.Steps[*plan.Copy](builder)
	if len(bc) != 2 || copyText(bc[0]) != ". ./ exclude=frontend/dist,frontend/node_modules,node_modules" ||
		copyText(bc[1]) != "--from=assets /app/frontend/dist ./frontend/dist/ exclude=" {
		t.Errorf("builder copies %+v", bc)
	}
	for _, st := range []*plan.Stage{deps, build} {
		for _, step := range st.Steps {
			if w := step.Where(); w != "assets" && w != "assets.output" {
				t.Errorf("%s: a step points at %q", st.Name, w)
			}
		}
	}

	// pocket-id's output, written by its adapter into the Go module: copied from there
	s := pnpmWorkspace()
	p = registry.MustPlan(t, "language: go\nassets: {dir: frontend, output: backend/frontend/dist}\n", s)
	if bc := langtest.Steps[*plan.Copy](p.Stage("builder")); len(bc) != 2 ||
		copyText(bc[1]) != "--from=assets /app/backend/frontend/dist ./backend/frontend/dist/ exclude=" {
		t.Errorf("builder copies %+v", bc)
	}
}

// npm's workspaces (package.json `workspaces`), with the UI's script named by assets.script:
// the install is npm's, filtered to the package and the root, and the selected package runs
// that script after its sibling's build.
func TestAssetsInNpmWorkspace(t *testing.T) {
	f := lang.Facts{
		"go.mod":            []byte("module example.com/wsui\n"),
		"package.json":      []byte(`{"name": "wsui", "private": true, "workspaces": ["frontend", "packages/*"]}`),
		"package-lock.json": []byte(`{"lockfileVersion": 3}`),
		"frontend/package.json": []byte(`{"name": "@wsui/frontend", "scripts": {"build": "vite build", "release": "vite build --mode release"},
			"dependencies": {"@wsui/greeting": "*"}, "devDependencies": {"vite": "^7.3.0"}}`),
		"packages/greeting/package.json": []byte(`{"name": "@wsui/greeting", "scripts": {"build": "node build.mjs"}}`),
	}
	p := registry.MustPlan(t, "language: go\nassets: {dir: frontend, script: release}\n", f)
	c := langtest.Steps[*plan.Copy](p.Stage("assets-deps"))
	if len(c) != 1 || !containsAll(c[0].Include, []string{"package.json", "package-lock.json", "frontend/package.json", "packages/greeting/package.json"}) {
		t.Errorf("assets-deps copies %+v", c)
	}
	var runs []string
	for _, st := range []string{"assets-deps", "assets"} {
		for _, r := range langtest.Steps[*plan.Run](p.Stage(st)) {
			runs = append(runs, langtest.Shown(r))
		}
	}
	want := []string{"npm ci --workspace frontend --include-workspace-root", "npm run build --workspace packages/greeting",
		"npm run release --workspace frontend", "test -e /app/frontend/dist"}
	if !slices.Equal(runs, want) {
		t.Errorf("the assets run %q, want %q", runs, want)
	}
	if bc := langtest.Steps[*plan.Copy](p.Stage("builder")); len(bc) != 2 || copyText(bc[1]) != "--from=assets /app/frontend/dist ./frontend/dist/ exclude=" {
		t.Errorf("builder copies %+v", bc)
	}
}

// A package with a lockfile of its own, or a directory the root's globs do not name, is
// installed and built on its own, as before.
func TestAssetsStandaloneBesideWorkspace(t *testing.T) {
	own := langtest.With(pnpmWorkspace(), "frontend/pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
	notDeclared := langtest.With(pnpmWorkspace(), "pnpm-workspace.yaml", "packages:\n  - packages/*\n")
	for name, f := range map[string]lang.Facts{"own lockfile": own, "not a package": notDeclared} {
		p, err := registry.TryPlan(t, "language: go\nassets: {dir: frontend}\n", f)
		if err != nil {
			t.Fatal(name, err)
		}
		c := langtest.Steps[*plan.Copy](p.Stage("assets"))
		if len(c) != 1 || copyText(c[0]) != "frontend ./ exclude=**/node_modules,dist" {
			t.Errorf("%s: assets copies %+v", name, c)
		}
	}
}

// Planning reads the root's install files, then the workspace's manifests (Follow): the
// dependency step may copy them.
func TestAssetsWorkspaceReads(t *testing.T) {
	dir := t.TempDir()
	tree.WriteIn(t, dir, pnpmWorkspace())
	s := langtest.Spec(t, "language: go\nassets: {dir: frontend}\n")
	f, asked, err := providers.Read(s, lang.DirReader(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "frontend/package.json", "packages/ui/package.json", "packages/docs/package.json"} {
		if !f.Has(want) {
			t.Errorf("planning did not read %s (asked %q)", want, asked)
		}
	}
	if !slices.Contains(asked, "packages/ui/package.json") {
		t.Errorf("asked %q, want the workspace's manifests", asked)
	}
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
