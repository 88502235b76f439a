package node

import "testing"

// TestACloudflareWorkerSaysWhatItIs: a package of `npm create cloudflare`'s shape (a wrangler
// config, `start: wrangler dev`, no main) fails planning saying it is a Cloudflare Worker and
// to deploy it with wrangler, in a workspace package too (wrangler.toml), rather than hinting at
// an entry file alone.
func TestACloudflareWorkerSaysWhatItIs(t *testing.T) {
	pkg := `{"name": "edge", "scripts": {"dev": "wrangler dev", "start": "wrangler dev", "deploy": "wrangler deploy"}, "devDependencies": {"wrangler": "4.14.3"}}`
	provider.Refuses(t, "language: node\n", facts(pkg, "package-lock.json", `{"lockfileVersion": 3}`,
		"wrangler.jsonc", "{\n  \"name\": \"edge\",\n  \"main\": \"src/index.ts\"\n}\n", "src/index.ts", "export default { fetch() { return new Response(\"\"); } };\n"),
		"a Cloudflare Worker (wrangler.jsonc)", "deploy it with wrangler")
	ws := facts(`{"name": "root", "private": true, "workspaces": ["apps/*"]}`, "package-lock.json", `{"lockfileVersion": 3}`,
		"apps/edge/package.json", pkg, "apps/edge/wrangler.toml", "name = \"edge\"\nmain = \"src/index.ts\"\n")
	provider.Refuses(t, "language: node\nworkspace: apps/edge\n", ws, "a Cloudflare Worker (wrangler.toml)", "deploy it with wrangler")
}
