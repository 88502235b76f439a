package bun

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestRootInstallScriptsRunInTheBuilder: the root package's postinstall and prepare, which bun
// install runs, would run in deps without the source (a monorepo's `turbo build` of its shared
// package needs turbo.json and the packages): deps removes them from its copy of package.json,
// without the network, and the builder runs them after the source copy, before the build. A
// patch-package postinstall stays in deps; one that only runs the build script is not run twice.
func TestRootInstallScriptsRunInTheBuilder(t *testing.T) {
	tree := monorepo()
	tree["package.json"] = `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"], "devDependencies": {"turbo": "^2"},
		"scripts": {"postinstall": "turbo build --filter=@acme/greet", "prepare": "husky", "build": "turbo build"}}`
	src := "ports: [3000]\nworkspace: apps/api\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, tree))
	deps := langtest.Runs(p.Stage("deps"))
	if len(deps) != 2 || deps[0].Args[0] != "bun" || deps[0].Args[1] != "-e" || !deps[0].NoNetwork ||
		!strings.Contains(deps[0].Args[2], `for(const n of ["postinstall","prepare"])delete p.scripts[n]`) {
		t.Fatalf("deps runs %+v: want bun -e removing postinstall and prepare, then the install", deps)
	}
	if got := langtest.Commands(p.Stage("builder")); !slices.Equal(got[:3], []string{"bun run postinstall", "bun run prepare", "bun run --cwd apps/api build"}) {
		t.Errorf("builder runs %q: want the root's scripts in order, then the package's build", got)
	}
	if d := p.Stage("builder").Description; !strings.Contains(d, "run package.json's postinstall, prepare (which deps left out)") {
		t.Errorf("builder description %q", d)
	}

	single := map[string]string{
		"package.json": `{"name": "api", "scripts": {"postinstall": "patch-package", "prepare": "bun run build", "build": "bun build src/index.ts --outdir dist", "start": "bun dist/index.js"}, "dependencies": {"hono": "^4"}}`,
		"bun.lock":     "{}", "src/index.ts": "export default {fetch() { return new Response('hi') }}\n",
	}
	p = provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", single))
	deps = langtest.Runs(p.Stage("deps"))
	if len(deps) != 2 || !strings.Contains(deps[0].Args[2], `for(const n of ["prepare"])`) {
		t.Errorf("deps runs %+v: want prepare removed, patch-package's postinstall kept", deps)
	}
	if got := langtest.Commands(p.Stage("builder")); slices.Contains(got, "bun run prepare") || !slices.Contains(got, "bun run build") {
		t.Errorf("builder runs %q: prepare only runs the build, which runs once", got)
	}

	// no build script: the image's program comes from the builder, where the script wrote
	noBuild := map[string]string{
		"package.json": `{"name": "api", "scripts": {"postinstall": "bun scripts/routes.ts"}, "dependencies": {"hono": "^4"}}`,
		"bun.lock":     "{}", "src/index.ts": "export default {fetch() { return new Response('hi') }}\n", "scripts/routes.ts": "\n",
	}
	p = provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", noBuild))
	if got := langtest.Commands(p.Stage("builder")); !slices.Contains(got, "bun run postinstall") {
		t.Errorf("builder runs %q", got)
	}
	if cp := langtest.Copies(p.Stage("runtime")); cp[len(cp)-1].FromStage != "builder" || !slices.Equal(cp[len(cp)-1].Paths, []string{"/app/src"}) {
		t.Errorf("the runtime copies %+v last: want /app/src from the builder, where postinstall ran", cp[len(cp)-1])
	}

	delete(tree, "package.json")
	tree["package.json"] = `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}`
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, tree))
	if deps := langtest.Runs(p.Stage("deps")); len(deps) != 1 {
		t.Errorf("no install scripts: deps runs %+v, want the install only", deps)
	}
}

// TestInstallScriptsFollowNodeRules: bun's install scripts are sorted by Node.js's rules
// (node.DeferredScripts). A preinstall that only runs only-allow (pnpm's docs' guard, written
// for bun: `npx only-allow bun`, `bunx only-allow bun`) reads only which package manager
// installs: it stays in deps, where bun install runs it, and the program does not come from the
// builder for it (before, it ran in the builder). A `bunx prisma generate` stays in deps as
// before; the root's install script, which bun install runs too, is deferred like the others;
// a prepare that runs the build with another package manager's words is not run twice.
func TestInstallScriptsFollowNodeRules(t *testing.T) {
	planOf := func(scripts string) *plan.Plan {
		t.Helper()
		tree := map[string]string{
			"package.json": `{"name": "api", "scripts": {` + scripts + `}, "dependencies": {"hono": "^4"}}`,
			"bun.lock":     "{}", "src/index.ts": "export default {fetch() { return new Response('hi') }}\n",
		}
		return provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", tree))
	}
	for _, guard := range []string{"npx only-allow bun", "bunx only-allow bun", "npx -y only-allow bun"} {
		p := planOf(`"preinstall": "` + guard + `"`)
		if deps := langtest.Runs(p.Stage("deps")); len(deps) != 1 {
			t.Errorf("%q: deps runs %+v, want the install only (which runs the preinstall)", guard, deps)
		}
		if got := langtest.Commands(p.Stage("builder")); slices.Contains(got, "bun run preinstall") {
			t.Errorf("%q: the builder runs %q", guard, got)
		}
		{
			cp := langtest.Copies(p.Stage("runtime"))
			if last := cp[len(cp)-1]; last.FromStage == "builder" {
				t.Errorf("%q: the runtime copies %+v from the builder: nothing was built", guard, last)
			}
		}
	}

	p := planOf(`"postinstall": "bunx prisma generate"`)
	if deps := langtest.Runs(p.Stage("deps")); len(deps) != 1 {
		t.Errorf("bunx prisma generate: deps runs %+v, want the install only (which runs the postinstall)", deps)
	}

	p = planOf(`"install": "bun scripts/setup.ts", "postinstall": "npx only-allow bun && bun scripts/routes.ts"`)
	if deps := langtest.Runs(p.Stage("deps")); len(deps) != 2 || !strings.Contains(deps[0].Args[2], `for(const n of ["install","postinstall"])`) {
		t.Errorf("deps runs %+v: want install and postinstall removed (the second does more than only-allow)", deps)
	}
	if got := langtest.Commands(p.Stage("builder")); !slices.Equal(got[:2], []string{"bun run install", "bun run postinstall"}) {
		t.Errorf("builder runs %q: want install, then postinstall", got)
	}

	for _, prepare := range []string{"npm run build", "yarn build", "bun run build"} {
		p = planOf(`"prepare": "` + prepare + `", "build": "bun build src/index.ts --outdir dist", "start": "bun dist/index.js"`)
		if got := langtest.Commands(p.Stage("builder")); slices.Contains(got, "bun run prepare") || !slices.Contains(got, "bun run build") {
			t.Errorf("prepare %q: builder runs %q: prepare only runs the build, which runs once", prepare, got)
		}
	}
}
