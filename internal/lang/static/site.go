// Package static serves static sites: files a build produced (a Vite or Create React App
// build, an Angular or Astro site, a Next.js export) or a directory of the build context, on
// nginx-unprivileged with a server config generated for the site. The Node.js provider asks
// for it when a project's build makes only files; `language: static` serves a plain public/.
package static

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// The static runtime's base: nginx's own non-root image. It runs as nginx (uid 101), listens
// on 8080, keeps its pid and temp files in /tmp (so a read-only root works), logs to the
// container's output, and includes /etc/nginx/conf.d/*.conf into its http block.
const (
	Alias    = "static"
	Image    = "nginxinc/nginx-unprivileged:stable-alpine-slim"
	Root     = "/usr/share/nginx/html"
	ConfPath = "/etc/nginx/conf.d/default.conf"
	User     = "101:101"
	Port     = 8080
)

// Built is the builder's check that the build wrote a site to dir (its Dir as the builder
// names it: below the package a workspace builds), for a toolchain whose build makes one.
func Built(dir string) lang.Expected {
	return lang.Expected{Paths: []string{dir}, What: "the site's directory",
		Fix: "set `entrypoint` to the directory the build writes the site to, or fix the build"}
}

// Site is a static site to serve and what is known of the tool that made it.
type Site struct {
	// Tool names what built the site ("Vite"), for the config's header and the stage description.
	Tool string
	// FromStage holds the files at Dir; "" is the build context.
	FromStage, Dir string
	// Exclude are left out of the copy (for the build context: the build file, VCS data).
	Exclude []string
	// Hashed are URL path prefixes whose files carry a content hash in their names ("/assets/");
	// HashedPattern is a regular expression matching such paths where no prefix tells them apart.
	// Those are cached for a year; everything else is revalidated on every request.
	Hashed        []string
	HashedPattern string
	// SPA routes a path that is no file to /index.html, for a router running in the browser;
	// otherwise it gets the site's /404.html with status 404.
	SPA bool
	// Fallback is the page, beside index.html, that the SPA's build writes for the paths it did
	// not prerender, served in index.html's stead when the build wrote it: React Router's
	// __spa-fallback.html (SPA mode with prerender, whose index.html is the home page's).
	Fallback string
	// Base is the URL path the site was built to be served under ("/docs/": VitePress's base,
	// Docusaurus's baseUrl), with a slash at each end; "" for the root. Its pages ask for their
	// files under it, so the files are served there: copied to Root+Base, and / redirects to it.
	Base string
}

// basePath is what may stand in a location of nginx's config: a URL path of plain characters.
var basePath = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)

// CleanBase is a base as Site takes it: a URL path with a slash at each end, "" for the root. A
// relative base (Vite's `./`), a full URL (a CDN's) or a path of other characters is "": the
// site is served at /.
func CleanBase(base string) string {
	if !basePath.MatchString(base) {
		return ""
	}
	p := path.Clean(base)
	if p == "/" || strings.Contains(p, "/../") || strings.HasSuffix(p, "/..") {
		return ""
	}
	return p + "/"
}

// dest is where the site's files go: nginx's root, or the directory of the base under it.
func (site Site) dest() string {
	if site.Base == "" {
		return Root + "/"
	}
	return Root + site.Base
}

// Runtime is the runtime stage serving the site: the config, then the files. Its user is nginx
// (101), workdir and entrypoint are the base image's; `files:` come after the generated config,
// so `files: [{src: nginx.conf, dest: /etc/nginx/conf.d/default.conf}]` replaces it.
func (site Site) Runtime(s *spec.Spec) (lang.Runtime, error) {
	if s.Runtime != "" && s.Runtime != Alias && slices.Contains(spec.RuntimeAliases, s.Runtime) {
		return lang.Runtime{}, lang.FieldError(s, "runtime", "remove `runtime`, or write `runtime: static`",
			"the %s site is served by nginx (`runtime: static`), not on %s", site.Tool, s.Runtime)
	}
	if len(s.Writable) > 0 { // nginx writes only its temporary files, in /tmp
		return lang.Runtime{}, lang.FieldError(s, "writable", "remove it: nginx serves the files as they are",
			"the %s site is served by nginx, and no program of it writes at run time", site.Tool)
	}
	ports, err := listenPorts(s)
	if err != nil {
		return lang.Runtime{}, err
	}
	rt := lang.Runtime{
		Aliases: map[string]string{Alias: Image},
		Default: Alias,
		Shells:  []string{Alias},
		Users:   map[string]string{Alias: User},
		// nginx's home, the user's (nginxinc/docker-nginx-unprivileged's Dockerfile:
		// adduser -h /var/cache/nginx, then chown -R 101 /var/cache/nginx)
		Homes: map[string]string{Alias: "/var/cache/nginx"},
	}
	field := lang.FirstField(s, "runtime", "language")
	rt.Setup = append(rt.Setup, &plan.WriteFile{Origin: plan.Origin{Field: field}, Display: ConfPath,
		Files: []plan.File{{Path: ConfPath, Mode: 0o644, Data: site.Config(ports)}}})
	src := site.Dir
	if site.FromStage == "" {
		src = strings.TrimPrefix(path.Clean(src), "./")
	}
	rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")},
		FromStage: site.FromStage, Paths: []string{src}, Dest: site.dest(), Exclude: site.Exclude}}
	return rt, nil
}

// Serve is t serving the site on the static runtime, titled title: nothing of the toolchain
// that built it reaches the image.
func (site Site) Serve(s *spec.Spec, t *lang.Toolchain, title string) (*lang.Toolchain, error) {
	rt, err := site.Runtime(s)
	if err != nil {
		return nil, err
	}
	rt.Title = title
	t.Runtime = rt
	return t, nil
}

// listenPorts are the spec's TCP ports, else 8080: nginx listens where the spec says the program does.
func listenPorts(s *spec.Spec) ([]int, error) {
	var out []int
	for i, p := range s.Ports {
		if p.Protocol != "tcp" {
			return nil, lang.FieldError(s, fmt.Sprintf("ports[%d]", i), "remove it; nginx serves the site over TCP",
				"a static site is served over HTTP (TCP), not %s", p.Protocol)
		}
		out = append(out, p.Number)
	}
	if len(out) == 0 {
		out = []int{Port}
	}
	return out, nil
}
