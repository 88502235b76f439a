package node

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// serveEntry: React Router v7 and Remix serve their server build with react-router-serve or
// remix-serve (`react-router-serve ./build/server/index.js`, the start script of their
// templates); node runs that bin with the build as its argument.
func serveEntry(p pkg) (entry, bool) {
	for _, s := range []struct{ dep, bin string }{{"@react-router/serve", "react-router-serve"}, {"@remix-run/serve", "remix-serve"}} {
		if !p.m.Deps[s.dep] {
			continue
		}
		if reactRouterSPA(p.f.In(p.dir), p.m) { // SPA mode builds no server (reactrouter.go)
			return entry{}, false
		}
		bin, ok := serverBin(p, s.dep, s.bin)
		if !ok {
			return entry{}, false
		}
		build := "build/server/index.js"
		for _, name := range startScripts {
			words := strings.Fields(p.m.Scripts[name])
			if len(words) == 2 && words[0] == s.bin {
				if f, ok := entryPath(words[1]); ok && f != "." {
					build = f
				}
				break
			}
		}
		// the build's top directory; the argument may be that directory itself (Remix 1's
		// templates: `remix-serve build`, which node loads as build/index.js)
		e := entry{File: bin, Args: []string{"./" + build}, Check: []string{build}, From: s.bin + " " + build,
			Ship: withDeps(lang.TopDir(build+"/x") + "/")}
		if remixClassic(p.m) {
			e.Ship.Beside = remixBeside(p, build)
		}
		return e, true
	}
	return entry{}, false
}

// remixPublic is where Remix's classic compiler writes the browser's build (its
// assetsBuildDirectory, public/build), beside the app's own public files: remix-serve serves
// both, and so does the Express server of its templates (`express.static("public/build")`,
// `express.static("public")`), from the working directory.
const remixPublic = "public"

var remixBuild = regexp.MustCompile(`(?:^|[\s;&|(])remix\s+build(?:$|[\s;&|)])`)

// remixConfigs are the files the classic compiler loads its configuration from.
var remixConfigs = []string{"remix.config.js", "remix.config.mjs", "remix.config.cjs"}

var remixAssetsDir = regexp.MustCompile("\\bassetsBuildDirectory\\s*:\\s*[\"'`]([A-Za-z0-9._/-]+)[\"'`]")

// remixBeside is what ships beside a classic Remix app's server build (build, relative to the
// package): public/, and the top directory of remix.config's assetsBuildDirectory (a string
// literal) when it is neither under public/ nor under the build's directory.
func remixBeside(p pkg, build string) []string {
	beside := []string{remixPublic}
	for _, name := range remixConfigs {
		sm := remixAssetsDir.FindStringSubmatch(p.text(name))
		if sm == nil {
			continue
		}
		first := func(p string) string { dir, _, _ := strings.Cut(path.Clean(p), "/"); return dir }
		if dir := cleanOut(sm[1]); dir != "" {
			if top := first(dir); top != remixPublic && top != first(build) && top != "node_modules" {
				beside = append(beside, top)
			}
		}
		break
	}
	return beside
}

// remixClassic reports a Remix app built by the classic compiler (`remix build`, Remix 1 and 2
// without Vite), whose server build (build/index.js) needs public/build beside it at run time;
// Remix's Vite build (`remix vite:build`) writes the browser's files into build/client instead.
func remixClassic(m manifest) bool {
	if !m.Deps["@remix-run/dev"] {
		return false
	}
	for _, script := range m.Scripts {
		if remixBuild.MatchString(script) {
			return true
		}
	}
	return false
}

// withRemixPublic is an entry the build writes, shipped as the build's directory (a custom
// server of a classic Remix app: blues-stack's esbuild bundle build/server.js), with the public/
// the Remix build fills beside it, which the server serves.
func withRemixPublic(p pkg, e entry) entry {
	sh := e.Ship
	if !p.hasBuild || e.Guess || e.InSource || sh.SelfContained || sh.Root != "" || len(sh.Paths) > 0 || !remixClassic(p.m) {
		return e
	}
	if top := e.buildTop(); top != "" && top != "node_modules" && top != remixPublic {
		e.Ship = ship{Paths: []string{top + "/"}, Beside: remixBeside(p, top)}
	}
	return e
}
