package bun

import (
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
)

// A Cloudflare Worker (`npm create cloudflare`, Zero's apps/server) is a module whose default
// export's fetch(request, env, ctx) workerd calls, with the bindings of its wrangler config in
// env (KV, D1, Durable Objects) and `cloudflare:*` modules to import; wrangler runs it (`wrangler
// dev`) and deploys it. Bun serves a module's default export that has fetch too, but passes its
// own server as the second argument: a Worker that reads a binding fails at its first request.
// So a package with a wrangler config whose start script runs no file with bun or node is not
// given an image of its module found by default (src/index.ts, module or main): planning fails
// saying what it is. A start script running a file, or the spec's entrypoint, is the project's
// own server (a Hono app with a Bun entry beside its Worker's) and is run.

// workerFix is the hint of that failure.
const workerFix = "deploy it with wrangler; for an image, set `entrypoint` to a module that starts a server of its own (Bun.serve, export default { port, fetch } reading no binding)"

// cloudflareWorker says why the package (whose files f are, whose entry e was found by
// default) is a Cloudflare Worker the image would not run; ok is false when it is not one.
func cloudflareWorker(f lang.Facts, e entry) (why string, ok bool) {
	if e.From == "entrypoint" || e.From == "the start script" {
		return "", false
	}
	config := f.First(node.WranglerConfigs...)
	if config == "" {
		return "", false
	}
	return "it is a Cloudflare Worker (" + config + "): wrangler runs its module on workerd with the bindings its fetch handler gets as env, " +
		"which bun does not give", true
}
