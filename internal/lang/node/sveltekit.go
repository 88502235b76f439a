package node

import (
	"cmp"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// SvelteKit: which adapter the project builds with, and the server its node adapter writes.

var (
	svelteOut     = regexp.MustCompile(`adapter\s*\(\s*\{[^}]*\bout\s*:\s*["'\x60]([A-Za-z0-9._/-]+)["'\x60]`)
	sveltePages   = regexp.MustCompile(`adapter\s*\(\s*\{[^}]*\bpages\s*:\s*["'\x60]([A-Za-z0-9._/-]+)["'\x60]`)
	svelteSPA     = regexp.MustCompile(`adapter\s*\(\s*\{[^}]*\bfallback\s*:\s*["'\x60]index\.html["'\x60]`)
	svelteAdapter = regexp.MustCompile(`from\s+["'\x60](@sveltejs/adapter-[a-z0-9-]+|svelte-adapter-[a-z0-9-]+)["'\x60]`)
)

// adapterPlatforms are what SvelteKit's other official adapters build for.
var adapterPlatforms = map[string]string{
	"@sveltejs/adapter-auto":               "the platform it detects at build time (Vercel, Netlify, Cloudflare...), and for none when it builds in a container",
	"@sveltejs/adapter-vercel":             "Vercel's functions",
	"@sveltejs/adapter-netlify":            "Netlify's functions",
	"@sveltejs/adapter-cloudflare":         "Cloudflare Pages",
	"@sveltejs/adapter-cloudflare-workers": "Cloudflare Workers",
}

// svelteKitAdapter is the adapter a SvelteKit project builds with: the one svelte.config.js
// imports, else the one among its dependencies ("" when it is no SvelteKit project). A config
// importing adapter-node and another chooses between them by the environment (hollama's
// `['docker-node', 'electron-node'].includes(process.env.PUBLIC_ADAPTER) ? adapterNode(...) :
// adapterCloudflare(...)`): adapter-node when the spec's build.env sets a variable the config
// reads, else the other one, which its build makes without it (svelteKitWhy says which to set).
func svelteKitAdapter(p pkg) string {
	if !p.m.Deps["@sveltejs/kit"] {
		return ""
	}
	if imported, vars := svelteKitImports(p); len(imported) > 0 {
		if a, ok := svelteKitChosen(p); ok && slices.Contains(imported, a) {
			return a
		}
		if len(vars) > 0 && slices.ContainsFunc(vars, func(v string) bool { _, set := p.buildEnv.Get(v); return set }) {
			return "@sveltejs/adapter-node"
		}
		return imported[0]
	}
	for _, a := range []string{"@sveltejs/adapter-node", "@sveltejs/adapter-static"} {
		if p.m.Deps[a] {
			return a
		}
	}
	for a := range adapterPlatforms {
		if p.m.Deps[a] {
			return a
		}
	}
	return "@sveltejs/adapter-auto" // what `sv create` writes
}

var (
	// svelteTernary is svelte.config.js's adapter chosen by a condition (`adapter: useStatic ?
	// adapterStatic({...}) : adapterNode()`, `const adapter = ... ? ... : ...`) up to the first
	// call's opening parenthesis; svelteElse is the other branch's call after the first's.
	svelteTernary = regexp.MustCompile(`\badapter\s*(?::|=[^=])\s*([^?;{}\n]+?)\s*\?\s*([A-Za-z_$][\w$]*)\s*\(`)
	svelteElse    = regexp.MustCompile(`^\s*:\s*([A-Za-z_$][\w$]*)\s*\(`)
)

// svelteKitChosen is the adapter svelte.config.js's condition picks with the variables the
// build has (the spec's build.env; unset, any other): chat-ui's `const useStatic =
// process.env.ADAPTER === "static"` and `adapter: useStatic ? adapterStatic(...) :
// adapterNode()` builds with adapter-node unless ADAPTER is "static"; hollama's
// `[...].includes(process.env.PUBLIC_ADAPTER) ? adapterNode(...) : adapterCloudflare(...)`, with
// Cloudflare's unless it is one of those. ok is false for a condition planning cannot evaluate.
func svelteKitChosen(p pkg) (string, bool) {
	text := p.text("svelte.config.js")
	m := svelteTernary.FindStringSubmatchIndex(text)
	if m == nil {
		return "", false
	}
	end := closingParen(text, m[1])
	if end < 0 {
		return "", false
	}
	other := svelteElse.FindStringSubmatch(text[end+1:])
	if other == nil {
		return "", false
	}
	yes, ok := jsEnvTruth(text, text[m[2]:m[3]], p.buildEnv.Get)
	if !ok {
		return "", false
	}
	name := other[1]
	if yes {
		name = text[m[4]:m[5]]
	}
	from := regexp.MustCompile(`\bimport\s+` + regexp.QuoteMeta(name) + `\s+from\s+["'\x60]([^"'\x60]+)["'\x60]`).FindStringSubmatch(text)
	if from == nil {
		return "", false
	}
	return from[1], true
}

// closingParen is the index of the parenthesis closing the one before open (src[open-1] is
// "("), skipping string literals; -1 when there is none.
func closingParen(src string, open int) int {
	depth, quote := 1, byte(0)
	for i := open; i < len(src); i++ {
		switch c := src[i]; {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// svelteConfigEnv is a variable svelte.config.js reads.
var svelteConfigEnv = regexp.MustCompile(`process\.env\.([A-Za-z_][A-Za-z0-9_]*)|process\.env\[\s*["'\x60]([A-Za-z_][A-Za-z0-9_]*)["'\x60]\s*\]`)

// svelteKitImports are the adapters svelte.config.js imports, adapter-node last when it imports
// others too; vars are then the variables the config reads, by which it chooses (none
// otherwise).
func svelteKitImports(p pkg) (imported, vars []string) {
	text := p.text("svelte.config.js")
	for _, m := range svelteAdapter.FindAllStringSubmatch(text, -1) {
		imported = lang.AppendNew(imported, m[1])
	}
	i := slices.Index(imported, "@sveltejs/adapter-node")
	if i < 0 || len(imported) < 2 {
		return imported, nil
	}
	imported = append(slices.Delete(imported, i, i+1), "@sveltejs/adapter-node")
	for _, m := range svelteConfigEnv.FindAllStringSubmatch(text, -1) {
		if v := m[1] + m[2]; !slices.Contains(vars, v) && v != "NODE_ENV" && !strings.HasPrefix(v, "npm_") {
			vars = append(vars, v)
		}
	}
	return imported, vars
}

// svelteKitWhy says why a SvelteKit project builds nothing node runs, and what to do ("" when it does).
func svelteKitWhy(p pkg) (why, fix string) {
	a := svelteKitAdapter(p)
	if a == "" || a == "@sveltejs/adapter-node" || a == "@sveltejs/adapter-static" {
		return "", ""
	}
	platform := cmp.Or(adapterPlatforms[a], "another platform than node")
	if imported, vars := svelteKitImports(p); len(vars) > 0 {
		why = "SvelteKit with " + a + " (svelte.config.js), which builds for " + platform + ", not a server node runs: the config imports " +
			strings.Join(imported, " and ") + " and chooses by " + strings.Join(vars, " or ") + ", which the build does not set"
		for _, v := range vars {
			if value, file, ok := lang.DockerfileStageEnv(p.f.In(p.dir), v); ok {
				return why + " (" + file + " sets " + v + "=" + value + ")", "set `build: {env: {" + v + ": " + yamlScalar(value) +
					"}}` as " + file + " does, for adapter-node's build/index.js"
			}
		}
		return why, "set in `build.env` the value of " + strings.Join(vars, " or ") + " for which svelte.config.js uses adapter-node " +
			"(`build: {env: {" + vars[0] + ": ...}}`), for adapter-node's build/index.js"
	}
	from := "svelte.config.js"
	if !svelteAdapter.MatchString(p.text("svelte.config.js")) {
		from = "package.json"
	}
	return "SvelteKit with " + a + " (" + from + "), which builds for " + platform + ", not a server node runs",
		"add @sveltejs/adapter-node to devDependencies and import it in svelte.config.js instead of " + a +
			" (its build/index.js is the server the image runs), or @sveltejs/adapter-static for a site of files"
}

// svelteKitWrapperWhy says why a start script's file of the source that runs what SvelteKit's
// adapter-node writes cannot run (networking-toolbox's start.js, a restarting wrapper around
// `spawn('node', ['build'])`, its svelte.config.js choosing among five adapters by DEPLOY_ENV,
// which its Dockerfile sets and the build here did not): the adapter the build uses writes no
// build/ for node ("" when it does, or the file names no build/). The wrapper is in the source,
// so the entry check passed, and the container stopped at start: "Build directory not found".
func svelteKitWrapperWhy(p pkg, file string) string {
	why, _ := svelteKitWhy(p)
	if why == "" || !p.has(file) {
		return ""
	}
	out := "build"
	if m := svelteOut.FindStringSubmatch(p.text("svelte.config.js")); m != nil {
		if d, ok := entryPath(m[1]); ok && d != "." {
			out = d
		}
	}
	names := regexp.MustCompile(`["'\x60](?:\./)?` + regexp.QuoteMeta(out) + `(?:/[^"'\x60]*)?["'\x60]`)
	if !names.MatchString(p.text(file)) {
		return ""
	}
	return file + " runs " + out + "/, what SvelteKit's adapter-node writes, which this build does not: " + why
}

// plainScalar is a value YAML reads as the same string unquoted.
var plainScalar = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_./-]*$`)

// yamlScalar is a value as a YAML flow scalar: quoted when it is not plain words.
func yamlScalar(v string) string {
	if plainScalar.MatchString(v) && !slices.Contains([]string{"true", "false", "yes", "no", "on", "off", "null"}, strings.ToLower(v)) {
		return v
	}
	return strconv.Quote(v)
}

// svelteKitEntry: adapter-node writes the server to build/ (its `out` option), which loads the
// production dependencies. A server of the project's own around the adapter's handler
// (SvelteKit's docs' custom server: `import { handler } from './build/handler.js'`), run by
// no start script, is what the project runs instead: a file another script runs with node or
// tsx (`serve:prod: node server-prod.js`, `tsx server.ts`), else a server.js or serve.js at
// the top. blog-frontend's serve.js adds a proxy to its API, which build/index.js would not
// have. A TypeScript server runs on node's type stripping, as any .ts entry.
func svelteKitEntry(p pkg) (entry, bool) {
	if svelteKitAdapter(p) != "@sveltejs/adapter-node" {
		return entry{}, false
	}
	out := "build"
	if m := svelteOut.FindStringSubmatch(p.text("svelte.config.js")); m != nil {
		if d, ok := entryPath(m[1]); ok && d != "." {
			out = d
		}
	}
	handler := path.Join(out, "handler.js")
	imports := regexp.MustCompile(`["']\./` + regexp.QuoteMeta(strings.TrimSuffix(handler, ".js")) + `(?:\.js)?["']`)
	for _, s := range svelteKitServerFiles(p) {
		if imports.MatchString(p.text(s.file)) {
			return entry{File: s.file, From: s.from + ", the project's server around SvelteKit's " + handler, Check: []string{handler}}, true
		}
	}
	return entry{File: path.Join(out, "index.js"), Ship: withDeps(out + "/")}, true
}

// svelteKitServers are the files a project's own server around adapter-node's handler is named.
var svelteKitServers = []string{"server.js", "server.mjs", "serve.js", "serve.mjs"}

// svelteKitServer is a file that may be a SvelteKit project's own server, and why.
type svelteKitServer struct{ file, from string }

// svelteKitServerFiles are the files that may be a SvelteKit project's own server: those its
// package.json's scripts run with node or tsx (by name), then svelteKitServers.
func svelteKitServerFiles(p pkg) []svelteKitServer {
	var out []svelteKitServer
	seen := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(p.m.Scripts)) {
		cmd, _ := startCommand(p.m.Scripts, name)
		_, cmd = startBuild(p.m.Scripts, cmd)
		sf, ok := parseServer(cmd)
		f, isPath := entryPath(sf.File)
		if !ok || !isPath || !jsSource.MatchString(f) || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, svelteKitServer{f, "package.json's " + name + " script (" + oneLine(cmd) + ")"})
	}
	for _, f := range svelteKitServers {
		if !seen[f] {
			out = append(out, svelteKitServer{f, f})
		}
	}
	return out
}

// svelteKitServerReads are the files svelteKitEntry reads in a SvelteKit project: what its
// scripts run (svelteKitServers are among frameworkReads).
func svelteKitServerReads(p pkg) []string {
	if !p.m.Deps["@sveltejs/kit"] {
		return nil
	}
	var out []string
	for _, s := range svelteKitServerFiles(p) {
		out = append(out, p.path(s.file))
	}
	return out
}
