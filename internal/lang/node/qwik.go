package node

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// Qwik City (Qwik 2's @qwik.dev/router) builds its server with an adapter that `qwik add`
// writes to adapters/<name>/vite.config.ts, and that the build.server script builds with
// (`vite build -c adapters/express/vite.config.ts`; `qwik build` runs build.client, then
// build.server). The node adapters (express, node-server, fastify) write server/entry.<name>.js
// from the config's input src/entry.<name>.tsx, which serves dist/ (the client build) from
// `../dist` beside it and listens on PORT; the others build for a platform (Cloudflare Pages,
// Vercel's edge, Netlify's edge, Deno, Bun...), and the static adapter writes a site into dist/.
// The starter's vite.config.ts bundles the dev dependencies into the server build and leaves
// the dependencies external: the production node_modules are what it loads.

// qwikDeps mark a Qwik City project: Qwik 1's package, Qwik 2's.
var qwikDeps = []string{"@builder.io/qwik-city", "@qwik.dev/router"}

// qwikConfigs are the adapter configurations `qwik add` writes, read when build.server names none.
var qwikConfigs = []string{"adapters/*/vite.config.ts", "adapters/*/vite.config.mts", "adapters/*/vite.config.js", "adapters/*/vite.config.mjs"}

var (
	qwikConfigFlag = regexp.MustCompile(`(?:^|\s)(?:-c|--config)(?:\s+|=)["']?([A-Za-z0-9._/-]+)`)
	qwikAdapter    = regexp.MustCompile(`/adapters/([a-z0-9-]+)/vite["'\x60]`)
	qwikInput      = regexp.MustCompile(`["'\x60](?:\./)?src/(entry\.[A-Za-z0-9_-]+)\.[cm]?[jt]sx?["'\x60]`)
)

// qwikNodeAdapters are the adapters whose build is a server node runs, and the entry each writes.
var qwikNodeAdapters = map[string]string{"express": "entry.express", "node-server": "entry.node-server", "fastify": "entry.fastify"}

// qwikPlatforms are what Qwik City's other adapters build for.
var qwikPlatforms = map[string]string{
	"cloudflare-pages": "Cloudflare Pages",
	"vercel-edge":      "Vercel's edge functions",
	"netlify-edge":     "Netlify's edge functions",
	"azure-swa":        "Azure Static Web Apps",
	"deno-server":      "Deno, not node",
	"bun-server":       "Bun, not node",
	"aws-lambda":       "AWS Lambda",
	"firebase":         "Firebase's functions",
}

// isQwik reports a Qwik City project.
func isQwik(p pkg) bool {
	return slices.ContainsFunc(qwikDeps, func(d string) bool { return p.m.Deps[d] })
}

// qwikReads are the adapter configurations planning reads of a Qwik City project: the one the
// build.server script names, else every one `qwik add` may have written (lang.Follower globs).
func qwikReads(p pkg) []string {
	if !isQwik(p) {
		return nil
	}
	var out []string
	if m := qwikConfigFlag.FindStringSubmatch(p.m.Scripts["build.server"]); m != nil {
		if c, ok := entryPath(m[1]); ok && c != "." {
			out = append(out, p.path(c))
		}
	}
	for _, g := range qwikConfigs {
		out = append(out, p.path(g))
	}
	return out
}

// qwikConfig is the adapter configuration the project's server builds with, its adapter's
// name and its text: the one build.server names, else the only one of adapters/ ("" when none).
func qwikConfig(p pkg) (file, adapter, text string) {
	if m := qwikConfigFlag.FindStringSubmatch(p.m.Scripts["build.server"]); m != nil {
		if c, ok := entryPath(m[1]); ok && c != "." {
			file = c
		}
	}
	if file == "" {
		var found []string
		for name := range p.f.In(p.dir) {
			if slices.ContainsFunc(qwikConfigs, func(g string) bool { ok, _ := path.Match(g, name); return ok }) {
				found = append(found, name)
			}
		}
		if len(found) != 1 {
			return "", "", ""
		}
		file = found[0]
	}
	text = p.text(file)
	if m := qwikAdapter.FindStringSubmatch(text); m != nil {
		adapter = m[1]
	} else if parts := strings.Split(file, "/"); len(parts) == 3 && parts[0] == "adapters" {
		adapter = parts[1] // adapters/<name>/vite.config.ts, read or not
	}
	return file, adapter, text
}

// qwikEntry: a node adapter's server/entry.<name>.js, with dist/ (the client build it serves)
// and server/ beside package.json and the production node_modules; HOST for the fastify
// adapter's entry, which listens on localhost by default.
func qwikEntry(p pkg) (entry, bool) {
	if !isQwik(p) {
		return entry{}, false
	}
	file, adapter, text := qwikConfig(p)
	name, ok := qwikNodeAdapters[adapter]
	if !ok {
		return entry{}, false
	}
	if m := qwikInput.FindStringSubmatch(text); m != nil {
		name = m[1]
	}
	server := "server/" + name + ".js"
	sh := withDeps("dist/", "server/")
	sh.DevDeps = !qwikBundlesDevDeps(p)
	return entry{File: server, Env: []plan.Env{{Key: "HOST", Value: "0.0.0.0"}},
		From: "Qwik City's " + adapter + " adapter (" + file + ")", Ship: sh}, true
}

// qwikNoExternal is the starter's vite.config line that bundles the dev dependencies into the
// server build (Qwik 1.5 on): `noExternal: Object.keys(devDependencies)`.
var qwikNoExternal = regexp.MustCompile(`\bnoExternal\s*:\s*Object\.keys\(\s*(?:pkg\.)?devDependencies\b`)

// qwikBundlesDevDeps reports a Qwik City project whose vite.config bundles its dev dependencies
// into the server build, whose imports are then its production dependencies only. Without that
// line (the starters before 1.5, or one commented out), Vite leaves every dependency external:
// the server imports express, compression and the rest from node_modules at run time, and the
// starters keep those among the dev dependencies, which the image then needs.
func qwikBundlesDevDeps(p pkg) bool {
	src := p.text(viteConfig(p.f.In(p.dir)))
	for range lang.CodeMatches(qwikNoExternal, src) {
		return true
	}
	return false
}

// qwikSite reports a Qwik City project built with the static adapter: a site of files in dist/
// (siteTools; the facts are the package's own).
func qwikSite(f lang.Facts, m manifest) bool {
	p := pkg{f: f, dir: ".", m: m}
	_, adapter, _ := qwikConfig(p)
	return isQwik(p) && adapter == "static"
}

// qwikWhy says why a Qwik City project builds nothing node runs, and what to do ("" when it does).
func qwikWhy(p pkg) (why, fix string) {
	if !isQwik(p) {
		return "", ""
	}
	file, adapter, _ := qwikConfig(p)
	if _, ok := qwikNodeAdapters[adapter]; ok || adapter == "static" {
		return "", ""
	}
	fix = "add its Node.js server with `npm run qwik add express` (its server/entry.express.js is what the image runs, built by `qwik build`), " +
		"or `qwik add static` for a site of files"
	if adapter == "" {
		return "Qwik City without a server adapter (package.json's build.server script names no adapters/<name>/vite.config.ts)", fix
	}
	platform := cmp.Or(qwikPlatforms[adapter], "another platform than node")
	return "Qwik City with the " + adapter + " adapter (" + file + "), which builds for " + platform + ", not a server node runs", fix
}
