package bun

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestACloudflareWorkerSaysWhatItIs: a package with a wrangler config whose start script runs
// `wrangler dev` (`npm create cloudflare`'s, Zero's apps/server) had bun run its src/index.ts,
// whose fetch handler gets no bindings under bun: planning fails naming the Worker and its
// config, single or a workspace package, rather than building that image; a start script
// running a file with bun, or the spec's entrypoint, is still run.
func TestACloudflareWorkerSaysWhatItIs(t *testing.T) {
	worker := map[string]string{
		"package.json":   `{"name": "edge", "scripts": {"dev": "wrangler dev", "start": "wrangler dev", "deploy": "wrangler deploy"}, "devDependencies": {"wrangler": "4.14.3"}}`,
		"bun.lock":       "{}",
		"wrangler.jsonc": "{\n  // the Worker\n  \"name\": \"edge\",\n  \"main\": \"src/index.ts\"\n}\n",
		"src/index.ts":   "export default { fetch(req: Request, env: { KV: KVNamespace }) { return env.KV.get(\"x\"); } };\n",
	}
	provider.Refuses(t, "ports: [8787]\n", langtest.Gathered(t, Provider{}, "ports: [8787]\n", worker),
		"the project runs no server of its own: it is a Cloudflare Worker (wrangler.jsonc)", "deploy it with wrangler")
	ws := monorepo()
	ws["apps/edge/package.json"] = worker["package.json"]
	ws["apps/edge/wrangler.toml"] = "name = \"edge\"\nmain = \"src/main.ts\"\n"
	ws["apps/edge/src/main.ts"] = worker["src/index.ts"]
	src := "workspace: apps/edge\n"
	provider.Refuses(t, src, langtest.Gathered(t, Provider{}, src, ws), "apps/edge runs no server of its own: it is a Cloudflare Worker (wrangler.toml)")
	for _, spec := range []string{"entrypoint: src/index.ts\n", "ports: [3000]\n"} {
		ctx := worker
		if spec == "ports: [3000]\n" { // a Hono app with a Bun entry beside its Worker's
			ctx = langtest.With(worker, "package.json", `{"name": "edge", "scripts": {"start": "bun src/bun.ts", "deploy": "wrangler deploy"}}`,
				"src/bun.ts", "import app from \"./index.ts\";\nexport default app;\n")
		}
		if p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, ctx)); p.Image.Entrypoint == nil {
			t.Errorf("%q: no entrypoint", spec)
		}
	}
}
