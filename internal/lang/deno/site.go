package deno

import (
	"cmp"
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/spec"
)

// lumeConfigs are the files a Lume site is configured in (`lume init` writes _config.ts).
var lumeConfigs = []string{"_config.ts", "_config.js"}

// lumeDest is the `dest` a Lume config gives as a string literal: `lume({ dest: "./public" })`.
var lumeDest = regexp.MustCompile(`\bdest\s*:\s*["'\x60]([^"'\x60$]+)["'\x60]`)

// lumeLocation is the path of the `location` a Lume config gives as a URL literal: `location:
// new URL("https://example.com/blog/")`, a site published under /blog/, whose pages Lume links
// there (its url filter, its base_path plugin).
var lumeLocation = regexp.MustCompile(`\blocation\s*:\s*new\s+URL\(\s*["'\x60]https?://[^/"'\x60]+(/[^"'\x60$]*)?["'\x60]\s*\)`)

// staticSite is the site a Deno project builds, served by the static runtime: a Lume site (its
// import map names lume/, a _config.ts configures it; it writes _site, or the config's dest,
// served under the path of its `location`), a Vite app (viteApp), or any project with `runtime:
// static`, whose `entrypoint` names the directory its build task writes. ok is false for a
// program. f and the paths are the workspace member's (its directory member), or the root's (".").
func staticSite(s *spec.Spec, c config, f lang.Facts, member string) (site static.Site, ok bool, err error) {
	asked := s.Runtime == static.Alias
	config, lume := lumeConfig(c, f)
	vite := !lume && viteApp(c)
	if !asked && (!(lume || vite) || s.Entrypoint != "" || s.Runtime != "") {
		return static.Site{}, false, nil
	}
	site = static.Site{Tool: "Deno build", Dir: s.Entrypoint}
	if vite { // Vite's content-hashed files are in assets/, and the app routes in the browser
		site = static.Site{Tool: "Vite", Dir: cmp.Or(s.Entrypoint, node.ViteOutDir(f, c.Tasks["build"])), Hashed: []string{"/assets/"}, SPA: true}
	}
	if lume {
		site.Tool = "Lume"
		if site.Dir == "" {
			site.Dir = "_site"
			if m := lumeDest.FindSubmatch(f[config]); m != nil {
				site.Dir = string(m[1])
			}
		}
		if m := lumeLocation.FindSubmatch(f[config]); m != nil {
			site.Base = static.CleanBase(string(m[1]))
		}
	}
	field := lang.FirstField(s, "entrypoint", "runtime", "language")
	dir, okDir := plainPath(site.Dir)
	if !okDir {
		return static.Site{}, false, lang.FieldError(s, field, "set `entrypoint` to the directory the build writes the site to, relative to the project",
			"%q is not a directory inside the build context, where the %s writes the site", site.Dir, site.Tool)
	}
	if c.Tasks["build"] == "" && s.Build.Command == nil {
		return static.Site{}, false, lang.FieldError(s, field, "add a build task to "+cmp.Or(c.File, "deno.json")+" or set `build.command`",
			"the %s site is what its build writes to %s, and nothing builds it: %s has no build task", site.Tool, dir, cmp.Or(c.File, "the project"))
	}
	site.Dir, site.FromStage = path.Join(lang.AppDir, member, dir), "builder"
	return site, true, nil
}

// viteBuild is a task running Vite's build: `deno run -A --node-modules-dir npm:vite build`, as
// Deno's React tutorial and `deno init --npm vite` write it, or `vite build` through the
// node_modules the install makes.
var viteBuild = regexp.MustCompile(`(?:^|[\s;&|(])(?:npm:vite(?:@[A-Za-z0-9.^~<>=*-]*)?|vite)\s+build\b`)

// viteApp reports a project whose build task runs Vite's build and whose start task runs no
// server module of its own (none, Vite's preview or development server, `deno task build &&
// deno task preview`): a single-page app, whose build is the site; Deno would otherwise run its
// browser entry (src/main.ts). Fresh 2 builds with Vite too, and its start task serves
// _fresh/server.js: a program.
func viteApp(c config) bool {
	if !viteBuild.MatchString(c.Tasks["build"]) {
		return false
	}
	start := c.Tasks["start"]
	if e, err := c.parseTask(start); err == nil && !strings.Contains(e.File, "vite") {
		return false
	}
	return true
}

// lumeConfig is the Lume config file of a project whose imports name Lume.
func lumeConfig(c config, f lang.Facts) (string, bool) {
	_, slash := c.Imports["lume/"]
	_, bare := c.Imports["lume"]
	if !slash && !bare {
		return "", false
	}
	config := f.First(lumeConfigs...)
	return config, config != ""
}
