package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// phpBase is where the PHP image serves, inside the container's own network (Caddy on 8080).
const phpBase = "http://127.0.0.1:8080"

// phpRuntimeBuilds serializes the builds of examples/php and testdata/php-symfony, whose runtime
// stages share their first steps (Caddy and the production php.ini on php:8.4-fpm): BuildKit
// runs a step once for the builds that reach it at once and shows it under the name the first
// gave it, so with both at once one build's progress lacked its "[runtime 2/5]" and "[runtime
// 3/5]" names (three runs of five of the two tests alone). Each build's progress names its own
// steps when they do not overlap.
var phpRuntimeBuilds sync.Mutex

// buildPHPImage is buildImage holding phpRuntimeBuilds.
func buildPHPImage(t *testing.T, dir, what string, extra ...string) (*ociimage.Image, result) {
	t.Helper()
	phpRuntimeBuilds.Lock()
	defer phpRuntimeBuilds.Unlock()
	return buildImage(t, dir, what, extra...)
}

// TestPHPImage builds examples/php, whose spec is `ports: [8080]` (PHP detected by
// composer.json; PHP 8.4 from its require.php), and checks the image: php:8.4-fpm with Caddy,
// www-data, the production php.ini, the package of the path repository in vendor/ with an
// authoritative classmap, no tests. It runs it (read-only root, no capabilities), asks it over
// HTTP, and checks the supervision: SIGTERM stops both servers and the container with 0, and
// php-fpm dying takes the container down with it.
func TestPHPImage(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "php")
	img, r := buildPHPImage(t, dir, "build examples/php")
	checkProgress(t, r, "[deps 2/4] COPY --from=composer /usr/bin/composer /usr/bin/composer", "[deps 3/4] COPY composer.json composer.lock packages/greeting ./",
		"[deps 4/4] RUN composer install --no-dev --no-progress --prefer-dist --no-scripts --no-autoloader",
		"[builder 3/4] RUN composer dump-autoload --no-dev --optimize --classmap-authoritative",
		"[runtime 2/5] COPY --from=caddy /usr/bin/caddy /usr/local/bin/caddy",
		"[runtime 3/5] COPY --from=php-base /usr/local/etc/php/php.ini-production /usr/local/etc/php/php.ini",
		"[runtime 5/5] COPY --from=builder /app /app/")
	// The base's step: BuildKit shares a step between the builds that run it at once and shows
	// it under the name the first gave it, so a concurrent build of php:8.4-fpm may have named it
	// (likely the ejected Dockerfile's of examples/php, TestEjectedDockerfileBuildsTheSameImage):
	// "[runtime 1/5] FROM php:8.2-fpm" was missing twice in parallel runs, once in make test.
	if !fromLine(r.out, "php:8.4-fpm") {
		t.Errorf("progress has no FROM step of php:8.4-fpm:\n%s", tail(r.out, 40))
	}
	cfg := img.Config.Config
	if cfg.User != "33:33" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/php-serve"}) || len(cfg.Cmd) != 0 || cfg.WorkingDir != "/app" {
		t.Errorf("user %q entrypoint %q cmd %q workdir %q", cfg.User, cfg.Entrypoint, cfg.Cmd, cfg.WorkingDir)
	}
	if _, ok := cfg.ExposedPorts["8080/tcp"]; !ok || cfg.Labels["org.opencontainers.image.base.name"] != "php:8.4-fpm" ||
		cfg.Labels["org.opencontainers.image.title"] != "example/php-greeter" {
		t.Errorf("ports %v labels %v", cfg.ExposedPorts, cfg.Labels)
	}
	files := files(t, img)
	for _, want := range []string{"/app/vendor/example/greeting/src/Greeter.php", "/app/public/index.php", "/app/src/Handler.php",
		"/usr/local/bin/caddy", "/usr/local/etc/php/php.ini", "/etc/caddy/Caddyfile"} {
		if f, ok := files[want]; !ok || f.UID != 0 || f.Mode&0o022 != 0 {
			t.Errorf("%s: %+v (present=%v), want it root-owned and not writable by others", want, f, ok)
		}
	}
	for name := range files {
		for _, p := range []string{"/app/tests", "/app/vendor/bin", "/root/.cache", "/app/Dockerfile", "/usr/bin/composer"} {
			if strings.HasPrefix(name, p) {
				t.Errorf("the image holds %s", name)
			}
		}
	}
	real, _ := imageFile(t, img, "/app/vendor/composer/autoload_real.php")
	classmap := string(real.data)
	if !strings.Contains(classmap, "setClassMapAuthoritative(true)") {
		t.Errorf("the autoloader is not authoritative:\n%s", classmap)
	}

	c := startIsolatedContainer(t, img)
	client := c.client(t)
	home := waitFor(t, client, phpBase+"/?name=e2e", 60*time.Second, c.logs.String)
	var body struct {
		Message, PHP, SAPI string
		UID                int
	}
	if err := json.Unmarshal([]byte(home.body), &body); err != nil || body.Message != "hello, e2e" || body.SAPI != "fpm-fcgi" ||
		!strings.HasPrefix(body.PHP, "8.4.") || body.UID != 33 {
		t.Errorf("GET /?name=e2e: %v %q", err, home.body)
	}
	if uid := c.uid(t); uid != "33" {
		t.Errorf("the container's first process runs as uid %s, want 33", uid)
	}
	for path, want := range map[string]int{"/healthz": 200, "/robots.txt": 200, "/composer.json": 404, "/nope": 404, "/../composer.json": 404} {
		p, err := fetch(t, client, phpBase+path, false)
		if err != nil || p.status != want {
			t.Errorf("GET %s: %d %v, want %d", path, p.status, err, want)
		}
		if path == "/robots.txt" && !strings.Contains(p.body, "User-agent") {
			t.Errorf("GET /robots.txt: %q, want the file as it is", p.body)
		}
	}
	if p, _ := fetch(t, client, phpBase+"/", false); p.header.Get("X-Powered-By") != "" {
		t.Errorf("X-Powered-By %q: php.ini-production and expose_php=Off hide it", p.header.Get("X-Powered-By"))
	}

	// php-fpm dies: the supervisor stops Caddy and the container exits 1
	fpm := childNamed(t, c.pid(t), "php-fpm")
	if err := syscall.Kill(fpm, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t, 20*time.Second); code != 1 {
		t.Errorf("after php-fpm died the container exited %d, want 1; logs:\n%s", code, c.logs.String())
	}

	// SIGTERM: Caddy, then php-fpm, stop gracefully, and the container exits 0
	c = startIsolatedContainer(t, img)
	waitFor(t, c.client(t), phpBase+"/healthz", 60*time.Second, c.logs.String)
	if err := exec.Command("runc", "kill", c.id, "TERM").Run(); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t, 30*time.Second); code != 0 {
		t.Errorf("after SIGTERM the container exited %d, want 0; logs:\n%s", code, c.logs.String())
	}
}

// TestPHPTesterAndCache runs the example's tests (--target tester: composer install with the dev
// packages, then `composer test`), then a failing test, and checks that a source change keeps
// the dependency install cached.
func TestPHPTesterAndCache(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "php"))
	r := buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester")
	step := "[tester 3/3] RUN composer test"
	if !strings.Contains(r.out, step) || (!strings.Contains(r.out, "4 passed, 0 failed") && !cachedSteps(r.out)[step]) {
		t.Errorf("progress lacks the passing tests:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "tests", "BrokenTest.php"), "<?php\n\nnamespace App\\Tests;\n\nfinal class BrokenTest\n{\n"+
		"    public static function cases(): iterable\n    {\n        yield 'deliberately broken' => static fn () => Assert::same(1, 2);\n    }\n}\n")
	r = buildctl(t, dir, "--opt", "target=tester").mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "FAIL App\\Tests\\BrokenTest: deliberately broken") {
		t.Errorf("the failure does not show the failing test:\n%s", tail(r.out, 30))
	}
	r = buildctl(t, dir).mustSucceed(t, "the image after a source change")
	if !cachedSteps(r.out)["[deps 4/4] RUN composer install --no-dev --no-progress --prefer-dist --no-scripts --no-autoloader"] {
		t.Errorf("the install ran again after a source change:\n%s", tail(r.out, 30))
	}
}

// childNamed is the pid of a process below pid (its child or grandchild) whose executable's
// name starts with prefix.
func childNamed(t *testing.T, pid int, prefix string) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			p, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
			if err != nil {
				continue
			}
			// pid (comm) state ppid ...
			s := string(stat)
			open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
			if open < 0 || end < open {
				continue
			}
			fields := strings.Fields(s[end+1:])
			if len(fields) < 2 || !strings.HasPrefix(s[open+1:end], prefix) {
				continue
			}
			if ppid, _ := strconv.Atoi(fields[1]); ppid == pid {
				return p
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no process %s* below pid %d", prefix, pid)
	return 0
}

// fromLine reports a step of the progress that starts from image ("[runtime 1/5] FROM
// php:8.4-fpm", or the Dockerfile frontend's "FROM docker.io/library/php:8.4-fpm@sha256:...").
func fromLine(out, image string) bool {
	for _, line := range strings.Split(out, "\n") {
		_, name, ok := strings.Cut(line, "] FROM ")
		if ok && strings.HasPrefix(line, "#") && (strings.HasPrefix(name, image) || strings.Contains(name, "/"+image)) {
			return true
		}
	}
	return false
}

// TestPHPSymfony builds testdata/php-symfony, a project in the shape of a Symfony application
// (symfony/framework-bundle and symfony/asset-mapper, bin/console, a committed .env saying
// APP_ENV=dev, a development bundle in require-dev; the packages are stand-ins of our own in
// path repositories, Packagist being unreachable), from `ports: [8080]`. Its console boots the
// bundles of its environment and fails on the dev bundle composer install --no-dev left out,
// as Symfony's does: the build passes only if post-install-cmd's cache:clear runs in prod.
// The image runs in prod, from the cache warmed at build time, with var/ owned by www-data,
// the developer's var/ left out and asset-map:compile's public/assets served. Its Flex (a
// composer plugin, allowed in allow-plugins) and dotenv stand-ins make the build run composer
// dump-env prod, after the autoloader it loads: .env.local.php holds .env's values for prod.
func TestPHPSymfony(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "php-symfony")
	img, r := buildPHPImage(t, dir, "build testdata/php-symfony")
	// the steps' environment is not in their names; the console failing outside prod is what
	// shows it, and the cache it wrote (below)
	checkProgress(t, r, "[builder 5/8] RUN composer dump-env prod", "[builder 6/8] RUN composer run-script --no-dev post-install-cmd",
		"[builder 7/8] RUN php bin/console asset-map:compile")
	if !slices.Contains(img.Config.Config.Env, "APP_ENV=prod") {
		t.Errorf("env %q, want APP_ENV=prod", img.Config.Config.Env)
	}
	fs := files(t, img)
	for name, uid := range map[string]int{"/app/var/cache/prod/container.php": 33, "/app/var/log": 33, "/app/public/assets/app.css": 0, "/app/bin/console": 0,
		"/app/.env.local.php": 0} {
		if f, ok := fs[name]; !ok || f.UID != uid {
			t.Errorf("%s: %+v (present=%v), want it owned by %d", name, f, ok, uid)
		}
	}
	for name := range fs {
		for _, p := range []string{"/app/var/cache/dev", "/app/vendor/example/profiler"} {
			if strings.HasPrefix(name, p) {
				t.Errorf("the image holds %s", name)
			}
		}
	}

	c := startIsolatedContainer(t, img)
	client := c.client(t)
	home := waitFor(t, client, phpBase+"/", 60*time.Second, c.logs.String)
	var body struct {
		Env    string
		Cache  struct{ Env string }
		Dumped struct{ APP_ENV, APP_SECRET *string }
		UID    int
	}
	if err := json.Unmarshal([]byte(home.body), &body); err != nil || body.Env != "prod" || body.Cache.Env != "prod" || body.UID != 33 {
		t.Errorf("GET /: %v %q, want the prod kernel with its cache, as uid 33", err, home.body)
	}
	// composer dump-env prod (the Flex stand-in, a composer plugin) compiled .env for prod
	if d := body.Dumped; d.APP_ENV == nil || *d.APP_ENV != "prod" || d.APP_SECRET == nil {
		t.Errorf("GET /: .env.local.php %q, want .env's values for prod", home.body)
	}
	if p, err := fetch(t, client, phpBase+"/assets/app.css", false); err != nil || p.status != 200 || !strings.Contains(p.body, "color") {
		t.Errorf("GET /assets/app.css: %d %v %q", p.status, err, p.body)
	}
}

// TestPHPDataDirectory builds testdata/php-data, a plain PHP application of the shape of
// FreshRSS and grocy: a root index.php redirecting to board/, whose front controller requires
// the root's paths.php, which defines NOTICEBOARD_DATA_PATH as the root's data/ (left out of
// the context by .dockerignore: the application makes it), and a cache/ committed with only a
// .gitignore ignoring everything in it and a .htaccess denying every request. Both are
// www-data's in the image, and the application, run over a read-only root with each mounted as
// a volume filled from the image, writes a note into data/ and counts visits in cache/. paths.php
// also requires data/settings.php, shipped only as settings-dist.php (grocy's data/config.php):
// the builder copies it there, and the board shows its title. board/thumbs holds only a
// .gitkeep whose contents the fixture's .gitignore ignores (Grav's cache/, Bedrock's uploads):
// www-data's too, the board writes its last note there, and it is served. board/drafts is kept
// in the context while the .dockerignore, which leaves itself out too (Shaarli's does), leaves
// out what it holds: the frontend reads that .dockerignore all the same, and board/drafts is
// www-data's.
func TestPHPDataDirectory(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "php-data")
	img, r := buildPHPImage(t, dir, "build testdata/php-data")
	checkProgress(t, r, "RUN mkdir -p data cache board/thumbs board/drafts", "RUN cp settings-dist.php data/settings.php", "COPY --from=builder --chown=33:33 /app/data /app/data/",
		"COPY --from=builder --chown=33:33 /app/cache /app/cache/",
		"COPY --from=builder --chown=33:33 /app/board/thumbs /app/board/thumbs/",
		"COPY --from=builder --chown=33:33 /app/board/drafts /app/board/drafts/")
	volumes := []string{"/app/data", "/app/cache", "/app/board/thumbs"}
	checkOwned(t, img, "33", append(volumes, "/app/board/drafts"))
	fs := files(t, img)
	for _, name := range []string{"/app", "/app/board/index.php", "/app/paths.php"} {
		if f, ok := fs[name]; !ok || f.UID != 0 {
			t.Errorf("%s: %+v (present=%v), want it root's", name, f, ok)
		}
	}
	if f, ok := fs["/app/cache/.htaccess"]; !ok || f.UID != 33 {
		t.Errorf("/app/cache/.htaccess: %+v (present=%v), want the context's file, www-data's", f, ok)
	}
	if _, ok := fs["/app/board/drafts/README.md"]; ok {
		t.Errorf("/app/board/drafts/README.md is in the image, which the .dockerignore leaves out")
	}

	c := runWithVolumes(t, img, true, volumes)
	client := c.client(t)
	waitFor(t, client, phpBase+"/?note=bins+on+tuesday", 60*time.Second, c.logs.String)
	p, err := fetch(t, client, phpBase+"/?note=choir+at+six", false)
	var body struct {
		Title       string
		Notes       []string
		Visits, UID int
	}
	if err != nil || p.status != 200 || json.Unmarshal([]byte(p.body), &body) != nil || body.Title != "Notice board" ||
		!slices.Equal(body.Notes, []string{"bins on tuesday", "choir at six"}) || body.Visits != 2 || body.UID != 33 {
		t.Errorf("GET /?note=choir+at+six: %d %v %q, want the settings' title, both notes kept and 2 visits counted by uid 33; logs:\n%s", p.status, err, p.body, c.logs.String())
	}
	// board/thumbs, kept empty in the repository for what the board writes there, is www-data's
	// and served
	if p, err := fetch(t, client, phpBase+"/thumbs/last.txt", false); err != nil || p.status != 200 || p.body != "choir at six\n" {
		t.Errorf("GET /thumbs/last.txt: %d %v %q, want the last note; logs:\n%s", p.status, err, p.body, c.logs.String())
	}
}

// TestPHPFrontControllerEntrypoint builds testdata/php-data from Dockerfile.route, whose
// `entrypoint` names board/route.php, a front controller of another name than index.php (a
// link shortener's loader), and whose `writable` is board/uploads: a request for a path that is
// no file reaches route.php through php-fpm with its own URI and query, and a directory with an
// index.php still gets that (the board). A PHP file route.php writes into uploads/, as an upload
// would be, answers 404 and does not run, nor does uploads/ run an index.php written there; a
// text file there is served.
func TestPHPFrontControllerEntrypoint(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "php-data")
	img, _ := buildPHPImage(t, dir, "build testdata/php-data's Dockerfile.route", "--opt", "filename=Dockerfile.route")
	c := runWithVolumes(t, img, true, []string{"/app/data", "/app/cache", "/app/board/uploads", "/app/board/thumbs"})
	client := c.client(t)
	p := waitFor(t, client, phpBase+"/s/abc?x=1", 60*time.Second, c.logs.String)
	if p.body != "route.php /s/abc?x=1\n" {
		t.Errorf("GET /s/abc?x=1: %q, want route.php's answer with the request's URI", p.body)
	}
	if p, err := fetch(t, client, phpBase+"/?note=hello", false); err != nil || p.status != 200 || !strings.Contains(p.body, `"hello"`) {
		t.Errorf("GET /?note=hello: %d %v %q, want the board's index.php; logs:\n%s", p.status, err, p.body, c.logs.String())
	}
	for _, u := range []struct {
		name, path string
		want       int
	}{{"shell.php", "/uploads/shell.php", 404}, {"Shell.PHP", "/uploads/Shell.PHP", 404}, {"index.php", "/uploads/", 404}, {"notes.txt", "/uploads/notes.txt", 200}} {
		if p, err := fetch(t, client, phpBase+"/s?upload="+u.name, false); err != nil || p.status != 200 {
			t.Fatalf("uploading %s: %d %v %q; logs:\n%s", u.name, p.status, err, p.body, c.logs.String())
		}
		p, err := fetch(t, client, phpBase+u.path, false)
		if err != nil || p.status != u.want || u.want == 404 && strings.Contains(p.body, "ran") {
			t.Errorf("GET %s: %d %v %q, want %d", u.path, p.status, err, p.body, u.want)
		}
	}
}

// TestPHPYarnModulesFolder builds testdata/php-yarn-packages, a PHP application of grocy's shape:
// its .yarnrc has yarn 1 install package.json's packages into public/libs (production only), and
// its page links the stylesheet there; nothing is built. The default assets run that install,
// the image serves the stylesheet, and the development package is not there.
func TestPHPYarnModulesFolder(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "php-yarn-packages")
	phpRuntimeBuilds.Lock()
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, append(corepackArgs, "--output", "type=oci,dest="+tarball)...)
	phpRuntimeBuilds.Unlock()
	r.mustSucceed(t, "build testdata/php-yarn-packages")
	checkProgress(t, r, "RUN yarn install --frozen-lockfile", "COPY --from=assets /app/public/libs ./public/libs/")
	img := only(t, readOCI(t, tarball))
	fs := files(t, img)
	if f, ok := fs["/app/public/libs/normalize.css/normalize.css"]; !ok || f.UID != 0 {
		t.Errorf("/app/public/libs/normalize.css/normalize.css: %+v (present=%v), want it root's", f, ok)
	}
	checkShips(t, img, []string{"/app/public/index.php"}, []string{"/app/public/libs/ms", "/app/node_modules"})

	c := startIsolatedContainer(t, img)
	client := c.client(t)
	home := waitFor(t, client, phpBase+"/", 60*time.Second, c.logs.String)
	if !strings.Contains(home.body, `href="/libs/normalize.css/normalize.css"`) || !strings.Contains(home.body, "high water at 06:12") {
		t.Errorf("GET /: %q", home.body)
	}
	if p, err := fetch(t, client, phpBase+"/libs/normalize.css/normalize.css", false); err != nil || p.status != 200 || !strings.Contains(p.body, "normalize.css v8.0.1") {
		t.Errorf("GET /libs/normalize.css/normalize.css: %d %v %.80q", p.status, err, p.body)
	}
}

// TestPHPLaravelMix builds testdata/php-mix, a project in the shape of a Laravel application
// built with Laravel Mix (LinkAce's: setPublicPath('public'), outputs below
// public/assets/dist, the manifest not committed; its framework a stand-in of ours whose mix()
// reads the manifest, as Laravel's does), from `ports: [8080]`. Mix's production build is the
// default assets, built in public/ in place, and the builder takes public/ from it: the image
// holds the front controller, the committed robots.txt, the bundles and the manifest, and its
// page links the versioned files, which are served.
func TestPHPLaravelMix(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "php-mix")
	img, r := buildPHPImage(t, dir, "build testdata/php-mix")
	checkProgress(t, r, "RUN npm run production", "COPY --from=assets /app/public ./public/")
	checkShips(t, img, []string{"/app/public/index.php", "/app/public/robots.txt", "/app/public/mix-manifest.json",
		"/app/public/assets/dist/js/app.js", "/app/public/assets/dist/css/app.css", "/app/vendor/laravel/framework/src/helpers.php"},
		[]string{"/app/node_modules", "/app/resources/js/node_modules"})

	c := startIsolatedContainer(t, img)
	client := c.client(t)
	home := waitFor(t, client, phpBase+"/", 60*time.Second, c.logs.String)
	css := regexp.MustCompile(`href="(/assets/dist/css/app\.css\?id=[0-9a-f]+)"`).FindStringSubmatch(home.body)
	js := regexp.MustCompile(`src="(/assets/dist/js/app\.js\?id=[0-9a-f]+)"`).FindStringSubmatch(home.body)
	if css == nil || js == nil || !strings.Contains(home.body, "Jupiter: south at midnight") {
		t.Fatalf("GET /: %q, want the page linking Mix's versioned files", home.body)
	}
	for url, want := range map[string]string{css[1]: "#0b1026", js[1]: "(visible)"} {
		if p, err := fetch(t, client, phpBase+url, false); err != nil || p.status != 200 || !strings.Contains(p.body, want) {
			t.Errorf("GET %s: %d %v %.80q, want %q in it", url, p.status, err, p.body, want)
		}
	}
}
