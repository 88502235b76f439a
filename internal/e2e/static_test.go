package e2e

import (
	"debug/elf"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// ansi matches the colour codes of a terminal.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// siteBase is where the static runtime's nginx listens, inside the container's own network.
const siteBase = "http://127.0.0.1:8080"

// buildImage builds dir's default target into an OCI tarball and returns its one image and the progress.
func buildImage(t *testing.T, dir, what string, extra ...string) (*ociimage.Image, result) {
	t.Helper()
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, append([]string{"--output", "type=oci,dest=" + tarball}, extra...)...).mustSucceed(t, what)
	return only(t, readOCI(t, tarball)), r
}

// checkProgress fails for each step the build's progress lacks.
func checkProgress(t *testing.T, r result, steps ...string) {
	t.Helper()
	for _, step := range steps {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
}

// checkNginx: the security headers of the generated config, no version in Server, nginx as 101.
func checkNginx(t *testing.T, c *container, index page) {
	t.Helper()
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN",
		"Referrer-Policy": "strict-origin-when-cross-origin", "Server": "nginx"} {
		if got := index.header.Get(k); got != v {
			t.Errorf("GET /: %s %q, want %q", k, got, v)
		}
	}
	if uid := c.uid(t); uid != "101" {
		t.Errorf("nginx runs as uid %s, want 101 (nginx)", uid)
	}
}

// TestStaticViteSPA builds examples/node-vite-spa (Vite, React, React Router; a spec of two
// lines): detected as a static site, its dist/ is served by nginx-unprivileged as uid 101 with
// the generated config. The image holds the site and nothing of Node.js; its tests run in tester.
func TestStaticViteSPA(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "node-vite-spa")
	// The builds of this example run one after the other: two builds sharing a step at the same
	// time do not both show it in their progress, which the checks read.
	img, r := buildImage(t, dir, "build examples/node-vite-spa")
	checkProgress(t, r, "[deps 3/3] RUN npm ci", "[builder 3/4] RUN npm run build", "[builder 4/4] CHECK /app/dist exists: the site's directory",
		"[runtime 2/3] WRITE /etc/nginx/conf.d/default.conf",
		"[runtime 3/3] COPY --from=builder /app/dist /usr/share/nginx/html/")
	cfg := img.Config.Config
	if cfg.User != "101:101" || !slices.Equal(cfg.Entrypoint, []string{"/docker-entrypoint.sh"}) ||
		!slices.Equal(cfg.Cmd, []string{"nginx", "-g", "daemon off;"}) {
		t.Errorf("user %q entrypoint %q cmd %q, want nginx's as 101:101", cfg.User, cfg.Entrypoint, cfg.Cmd)
	}
	if _, ok := cfg.ExposedPorts["8080/tcp"]; !ok || cfg.Labels["org.opencontainers.image.title"] != "trail-notes" ||
		cfg.Labels["org.opencontainers.image.base.name"] != "nginxinc/nginx-unprivileged:stable-alpine-slim" {
		t.Errorf("ports %v labels %v", cfg.ExposedPorts, cfg.Labels)
	}
	for _, e := range cfg.Env {
		if strings.HasPrefix(e, "NODE_") || strings.HasPrefix(e, "NPM_") {
			t.Errorf("a Node.js setting reached the image: %s", e)
		}
	}
	fs := files(t, img)
	site := 0
	for name, f := range fs {
		if strings.HasPrefix(name, "/usr/share/nginx/html/") && f.Layer == len(img.Layers)-1 {
			site++
			if f.UID != 0 || f.Mode&0o022 != 0 {
				t.Errorf("%s: uid %d mode %o, want root-owned and not writable by others", name, f.UID, f.Mode)
			}
		}
		if strings.HasPrefix(name, "/app") || strings.Contains(name, "node_modules") || strings.HasSuffix(name, "/bin/node") {
			t.Errorf("the image holds %s", name)
		}
	}
	if f, ok := fs["/usr/share/nginx/html/index.html"]; !ok || f.Layer != len(img.Layers)-1 || site < 4 {
		t.Errorf("the last layer holds %d files of the site, index.html: %+v", site, f)
	}
	if conf, ok := fs["/etc/nginx/conf.d/default.conf"]; !ok || conf.UID != 0 || conf.Mode&0o022 != 0 {
		t.Errorf("the generated config: %+v", conf)
	}
	last := len(img.Layers[len(img.Layers)-1])
	t.Logf("image: %d bytes compressed, %d uncompressed; the site layer %d bytes", img.Compressed, img.Uncompressed(), last)

	c := startIsolatedContainer(t, img)
	index := checkSPA(t, c.client(t), siteBase, "/trails/ridge-loop", c.logs.String)
	checkNginx(t, c, index)

	t.Run("tester", func(t *testing.T) {
		r := buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester")
		step := "[tester 2/2] RUN npm test"
		out := ansi.ReplaceAllString(r.out, "") // vitest colours its summary
		if !strings.Contains(out, step) || (!regexp.MustCompile(`Tests +2 passed`).MatchString(out) && !cachedSteps(out)[step]) {
			t.Errorf("progress lacks the passing vitest run:\n%s", tail(r.out, 30))
		}
	})
	t.Run("amd64+arm64", func(t *testing.T) { checkSiteMultiPlatform(t, dir) })
}

// TestStaticPlainSite builds a directory with public/index.html and a spec without a language:
// detected as static, public/ is served as it is, dotfiles are not; a `files:` entry replaces
// the generated config.
func TestStaticPlainSite(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nports: [8080]\n")
	writeFile(t, filepath.Join(dir, "public/index.html"), "<!doctype html><title>Plain</title><div id=\"root\">plain site</div>\n")
	writeFile(t, filepath.Join(dir, "public/docs/guide.html"), "<!doctype html><p>the guide</p>\n")
	writeFile(t, filepath.Join(dir, "public/.env"), "TOKEN=not-for-the-web\n")
	writeFile(t, filepath.Join(dir, "README.md"), "not served\n")

	img, r := buildImage(t, dir, "build a plain public/ directory")
	checkProgress(t, r, "[runtime 2/3] WRITE /etc/nginx/conf.d/default.conf", "[runtime 3/3] COPY public /usr/share/nginx/html/")
	if _, ok := files(t, img)["/usr/share/nginx/html/README.md"]; ok {
		t.Errorf("the image holds files outside public/")
	}
	c := startIsolatedContainer(t, img)
	client := c.client(t)
	index := waitFor(t, client, siteBase+"/", 30*time.Second, c.logs.String)
	checkNginx(t, c, index)
	for path, want := range map[string]string{"/docs/guide.html": "the guide", "/docs/guide": "the guide", "/some/route": "plain site"} {
		if p, err := fetch(t, client, siteBase+path, false); err != nil || p.status != http.StatusOK || !strings.Contains(p.body, want) {
			t.Errorf("GET %s: %v %d %q, want %q", path, err, p.status, p.body, want)
		}
	}
	if p, err := fetch(t, client, siteBase+"/.env", false); err != nil || p.status != http.StatusNotFound {
		t.Errorf("GET /.env: %v %d %q, want 404", err, p.status, p.body)
	}

	// the user's own server config, through files:
	writeFile(t, filepath.Join(dir, "nginx.conf"), "server {\n    listen 8080;\n    root /usr/share/nginx/html;\n"+
		"    add_header X-Served-By custom-config always;\n}\n")
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nports: [8080]\n"+
		"files:\n  - {src: nginx.conf, dest: /etc/nginx/conf.d/default.conf}\n")
	img, r = buildImage(t, dir, "build with files: replacing the config")
	checkProgress(t, r, "[runtime 4/4] COPY nginx.conf /etc/nginx/conf.d/default.conf")
	c = startIsolatedContainer(t, img)
	index = waitFor(t, c.client(t), siteBase+"/", 30*time.Second, c.logs.String)
	if index.header.Get("X-Served-By") != "custom-config" || index.header.Get("X-Frame-Options") != "" {
		t.Errorf("the config is not the user's: %v", index.header)
	}
	if p, err := fetch(t, c.client(t), siteBase+"/some/route", false); err != nil || p.status != http.StatusNotFound {
		t.Errorf("GET /some/route with the user's config (no fallback): %v %d", err, p.status)
	}
}

// TestStaticGruntSite builds testdata/node-grunt-site (a spec of two lines): its build runs
// `npx grunt prod`, which writes build/prod from a template, and package.json's main only exports
// the almanac as a library, as CyberChef's: a static site of build/prod served by nginx, not a
// node process running main, which would exit at once.
func TestStaticGruntSite(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "node-grunt-site")
	img, r := buildImage(t, dir, "build testdata/node-grunt-site")
	checkProgress(t, r, "[deps 3/3] RUN npm ci", "[builder 3/4] RUN npm run build", "[builder 4/4] CHECK /app/build/prod exists: the site's directory",
		"[runtime 3/3] COPY --from=builder /app/build/prod /usr/share/nginx/html/")
	if cfg := img.Config.Config; cfg.User != "101:101" || !slices.Equal(cfg.Cmd, []string{"nginx", "-g", "daemon off;"}) {
		t.Errorf("user %q cmd %q, want nginx's as 101:101", cfg.User, cfg.Cmd)
	}
	fs := files(t, img)
	for _, name := range []string{"/usr/share/nginx/html/index.html", "/usr/share/nginx/html/almanac.css"} {
		if _, ok := fs[name]; !ok {
			t.Errorf("the image lacks %s", name)
		}
	}
	for name := range fs {
		if strings.HasPrefix(name, "/app") || strings.HasSuffix(name, "/bin/node") {
			t.Errorf("the image holds %s", name)
		}
	}
	c := startIsolatedContainer(t, img)
	index := waitFor(t, c.client(t), siteBase+"/", 30*time.Second, c.logs.String)
	if !strings.Contains(index.body, "<li>Lowmoor: high water 07:12</li>") {
		t.Errorf("GET /: %q, want the table the build wrote", index.body)
	}
}

// TestStaticSiteUnderABase builds testdata/node-vite-base, a Vite app whose config's `base` is
// "/harbour/" (a project site on GitHub Pages), from its three-line spec: its pages ask for their
// files under /harbour/, so nginx serves the site there. The page, a route of the app and the
// hashed script index.html names answer 200 (the script cached for a year); / redirects to
// /harbour/; a path outside the base is a 404. Before the base was read, the site was served
// at /, and /harbour/ and its script were 404s.
// checkViteSPA runs img, a Vite single-page app on the static runtime served under base ("/"
// or "/harbour/"), and checks its page (nginx's headers, revalidated on every request), the
// content-hashed script it loads from base's assets/ (holding want, cached for a year) and a
// route of the app (answered with the page); it returns the client and the script's path.
func checkViteSPA(t *testing.T, img *ociimage.Image, base, want, route string) (*http.Client, string) {
	t.Helper()
	c := startIsolatedContainer(t, img)
	client := c.client(t)
	index := waitFor(t, client, siteBase+base, 30*time.Second, c.logs.String)
	checkNginx(t, c, index)
	m := regexp.MustCompile(`<script[^>]+src="(` + regexp.QuoteMeta(base) + `assets/[^"]+\.js)"`).FindStringSubmatch(index.body)
	if m == nil || !strings.Contains(index.header.Get("Cache-Control"), "no-cache") {
		t.Fatalf("GET %s: Cache-Control %q, no %sassets/*.js script:\n%s", base, index.header.Get("Cache-Control"), base, index.body)
	}
	script, err := fetch(t, client, siteBase+m[1], false)
	if err != nil || script.status != http.StatusOK || !strings.Contains(script.body, want) ||
		!strings.Contains(script.header.Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s: %v %d %q", m[1], err, script.status, script.header.Get("Cache-Control"))
	}
	if r, err := fetch(t, client, siteBase+route, false); err != nil || r.status != http.StatusOK || r.body != index.body {
		t.Errorf("GET %s (a route of the app): %v %d, want index.html", route, err, r.status)
	}
	return client, m[1]
}

func TestStaticSiteUnderABase(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "node-vite-base")
	img, r := buildImage(t, dir, "build testdata/node-vite-base")
	checkProgress(t, r, "[runtime 3/3] COPY --from=builder /app/dist /usr/share/nginx/html/harbour/")
	if _, ok := files(t, img)["/usr/share/nginx/html/harbour/index.html"]; !ok {
		t.Errorf("the image lacks /usr/share/nginx/html/harbour/index.html")
	}
	client, script := checkViteSPA(t, img, "/harbour/", "high water", "/harbour/lowmoor")
	noFollow := *client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for path, want := range map[string]string{"/": "/harbour/", "/harbour": "/harbour/"} {
		if p, err := fetch(t, &noFollow, siteBase+path, false); err != nil || p.status/100 != 3 || p.header.Get("Location") != want {
			t.Errorf("GET %s: %v %d Location %q, want a redirect to %s", path, err, p.status, p.header.Get("Location"), want)
		}
	}
	for _, path := range []string{"/assets/" + strings.TrimPrefix(script, "/harbour/assets/"), "/harbour/assets/missing-0123abcd.js"} {
		if p, err := fetch(t, client, siteBase+path, false); err != nil || p.status != http.StatusNotFound {
			t.Errorf("GET %s: %v %d, want 404", path, err, p.status)
		}
	}
}

// checkSiteMultiPlatform builds the Vite example for amd64 and arm64 at once on the amd64
// testbed: the install and the Vite build run once, on the build platform, and each image is its
// platform's nginx with the same site. Nothing runs under emulation. (The arm64 nginx is Debian's
// arm64 nginx unpacked on the arm64 busybox stand-in, never run here; see hack/fixtures.md.)
func checkSiteMultiPlatform(t *testing.T, dir string) {
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--opt", "platform="+bothPlatforms, "--output", "type=oci,dest="+tarball).
		mustSucceed(t, "build examples/node-vite-spa for amd64 and arm64")
	for _, step := range []string{"[deps 3/3] RUN npm ci", "[builder 3/4] RUN npm run build"} {
		if n := len(vertexIDs(r.out, step)); n != 1 {
			t.Errorf("%q appears as %d vertices, want 1 for both platforms", step, n)
		}
	}
	imgs := readOCI(t, tarball)
	var sites []string
	for platform, machine := range map[string]elf.Machine{"linux/amd64": elf.EM_X86_64, "linux/arm64": elf.EM_AARCH64} {
		img := imgs[platform]
		if img == nil {
			t.Fatalf("no %s image in %v", platform, keys(imgs))
		}
		if cfg := img.Config.Config; cfg.User != "101:101" {
			t.Errorf("%s: user %q", platform, cfg.User)
		}
		checkELFMachine(t, img, "/usr/sbin/nginx", machine)
		index, err := img.ReadFile("/usr/share/nginx/html/index.html")
		if err != nil {
			t.Fatalf("%s: %v", platform, err)
		}
		var site []string // the site's files and sizes, and its index.html
		for name, f := range files(t, img) {
			if strings.HasPrefix(name, "/usr/share/nginx/html/") {
				site = append(site, fmt.Sprintf("%s %d", name, f.Size))
			}
		}
		slices.Sort(site)
		sites = append(sites, strings.Join(site, "\n")+"\n"+string(index))
	}
	if len(sites) == 2 && sites[0] != sites[1] {
		t.Errorf("the amd64 and arm64 images hold different sites:\n%s\n---\n%s", sites[0], sites[1])
	}
}
