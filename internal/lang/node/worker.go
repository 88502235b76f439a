package node

import "slices"

// A Cloudflare Worker (`npm create cloudflare`: a wrangler config naming its module, scripts
// running `wrangler dev` and `wrangler deploy`) is a module whose fetch handler workerd calls
// with the bindings of its config; node runs no such thing. When nothing names a script node
// runs, the planning error says so, rather than listing the frameworks it knows and hinting at
// `entrypoint` (Bun's provider says the same: internal/lang/bun/worker.go).

// WranglerConfigs are the names wrangler reads its configuration from, in its order.
var WranglerConfigs = []string{"wrangler.jsonc", "wrangler.json", "wrangler.toml"}

// workerWhy is frameworkWhys' answer for a package with a wrangler config.
func workerWhy(p pkg) (why, fix string) {
	i := slices.IndexFunc(WranglerConfigs, p.has)
	if i < 0 {
		return "", ""
	}
	return "a Cloudflare Worker (" + WranglerConfigs[i] + "), whose module wrangler runs on workerd with the bindings its fetch handler gets, not a server node runs",
		"deploy it with wrangler; for an image, set `entrypoint` to a script that starts a server of its own (a Node.js adapter reading no binding)"
}
