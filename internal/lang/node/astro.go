package node

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

// astroConfigs are the files Astro loads its configuration from, in the order it looks for them.
var astroConfigs = []string{"astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts",
	"astro.config.cjs", "astro.config.cts"}

var (
	astroMode        = regexp.MustCompile(`\bmode\s*:\s*["'\x60](standalone|middleware)["'\x60]`)
	astroOutDir      = regexp.MustCompile(`\boutDir\s*:\s*["'\x60]([A-Za-z0-9._/-]+)["'\x60]`)
	astroServerEntry = regexp.MustCompile(`\bserverEntry\s*:\s*["'\x60]([A-Za-z0-9._-]+\.m?js)["'\x60]`)
)

// astroConfig is the package's Astro configuration file and its text ("" when it has none).
func astroConfig(p pkg) (name, text string) {
	for _, name := range astroConfigs {
		if p.has(name) {
			return name, p.text(name)
		}
	}
	return "", ""
}

// astroMiddleware reports an @astrojs/node adapter in mode 'middleware', and the file saying so.
func astroMiddleware(p pkg) (string, bool) {
	name, text := astroConfig(p)
	m := astroMode.FindStringSubmatch(text)
	return name, p.m.Deps["@astrojs/node"] && m != nil && m[1] == "middleware"
}

// astroEntry: Astro's Node adapter in mode 'standalone' builds a server,
// <outDir>/<build.server>/entry.mjs (outDir is dist and build.server ./server unless
// astro.config.* moves them; build.serverEntry names the file), which serves the built
// <outDir>/<build.client> (./client) itself, listens on HOST and PORT (localhost and 4321 by
// default), and imports astro and the adapter from the production node_modules, as Astro's
// Docker recipe ships it. Without the adapter an Astro project builds a static site (static.go).
func astroEntry(p pkg) (entry, bool) {
	if _, mw := astroMiddleware(p); !p.m.Deps["@astrojs/node"] || mw {
		return entry{}, false
	}
	name, text := astroConfig(p)
	out, file := "dist", "entry.mjs"
	if m := astroOutDir.FindStringSubmatch(text); m != nil {
		if d, ok := entryPath(m[1]); ok && d != "." {
			out = d
		}
	}
	if m := astroServerEntry.FindStringSubmatch(text); m != nil {
		file = m[1]
	}
	from := "Astro with @astrojs/node"
	if name != "" {
		from += " (" + name + ")"
	}
	// build.server and build.client, relative to outDir; a client directory outside it ships too
	build, _ := jsExported(text)["build"].(map[string]any)
	server, client := astroBuildDir(out, build, "server"), astroBuildDir(out, build, "client")
	paths := []string{out + "/"}
	for _, d := range []string{server, client} {
		if !strings.HasPrefix(d+"/", out+"/") && !slices.Contains(paths, d+"/") {
			paths = append(paths, d+"/")
		}
	}
	return entry{File: path.Join(server, file), Env: []plan.Env{{Key: "HOST", Value: "0.0.0.0"}}, From: from,
		Ship: withDeps(paths...)}, true
}

// astroBuildDir is build.<key> of an Astro configuration (./server, ./client by default), a
// directory relative to outDir, as a path of the package; the default when it is not a
// directory of the package or not a string literal.
func astroBuildDir(out string, build map[string]any, key string) string {
	if rel, ok := build[key].(string); ok {
		if d, ok := entryPath(path.Join(out, rel)); ok && d != "." {
			return d
		}
	}
	return path.Join(out, key)
}

// astroWhy: the Node adapter in mode 'middleware' builds a handler for a server of the
// project's own (Express, Fastify), which is what node then runs: the start script names it.
func astroWhy(p pkg) (why, fix string) {
	name, mw := astroMiddleware(p)
	if !mw {
		return "", ""
	}
	return "Astro with @astrojs/node in mode 'middleware' (" + name + "), which builds a handler for another server, not a server node runs",
		"set `mode: 'standalone'` in " + name + "'s node() adapter (its dist/server/entry.mjs is the server the image runs), " +
			"or set `entrypoint` to the script of the server that mounts the handler (or name it in a start script: `node server.mjs`)"
}
