package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// checkBunAnswers runs img (examples/bun) on a free loopback port and fails unless it greets
// and logs the uid it runs as.
func checkBunAnswers(t *testing.T, img *ociimage.Image, wantUID string) {
	t.Helper()
	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 30*time.Second)
	if !strings.Contains(body, `"message":"hello, e2e"`) || !strings.Contains(body, `"bun":"1.`) {
		t.Errorf("answer %q", body)
	}
	if logs := c.logsContaining("as uid " + wantUID); !strings.Contains(logs, "as uid "+wantUID) {
		t.Errorf("the server did not run as uid %s: %q", wantUID, logs)
	}
}

// TestBunImage builds examples/bun, whose spec is `ports: [3000]` (Bun detected by bun.lock),
// and checks the image: oven/bun slim, the bun user, bun running the TypeScript entry, the
// production node_modules only, no tests, and that it runs and answers.
func TestBunImage(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "bun")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build examples/bun")
	for _, step := range []string{"[deps 2/3] COPY package.json bun.lock ./", "[deps 3/3] RUN bun install --frozen-lockfile",
		"[prod-deps 2/2] RUN bun install --frozen-lockfile --production",
		"[runtime 2/4] COPY --from=prod-deps /app/node_modules /app/node_modules/", "[runtime 4/4] COPY src /app/src/"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/bun", "/app/src/server.ts"}) ||
		cfg.WorkingDir != "/app" || !slices.Contains(cfg.Env, "NODE_ENV=production") {
		t.Errorf("config user %q entrypoint %q workdir %q env %q", cfg.User, cfg.Entrypoint, cfg.WorkingDir, cfg.Env)
	}
	if base := img.Config.Config.Labels["org.opencontainers.image.base.name"]; base != "oven/bun:1-slim" {
		t.Errorf("base %q", base)
	}
	files := files(t, img)
	checkNodeModules(t, files, []string{"hono/package.json"}, []string{"@types/bun", "bun-types", "@types/node"})
	for name := range files {
		for _, p := range []string{"/app/test", "/app/bun.lock", "/app/Dockerfile", "/root/.bun"} {
			if strings.HasPrefix(name, p) {
				t.Errorf("the runtime image holds %s", name)
			}
		}
	}
	if f, ok := files["/app/src/server.ts"]; !ok || f.UID != 0 || f.Mode&0o022 != 0 {
		t.Errorf("/app/src/server.ts: %+v (present=%v), want it root-owned and not writable by others", f, ok)
	}
	t.Logf("image: %d bytes uncompressed (%d compressed)", img.Uncompressed(), img.Compressed)
	checkBunAnswers(t, img, "1000")
}

// TestBunTesterAndDistroless runs the example's tests (--target tester), then builds it onto
// oven/bun distroless, which must run as 65532 and answer; a source change keeps the install.
func TestBunTesterAndDistroless(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "bun"))
	r := buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester")
	step := "[tester 2/2] RUN bun run test"
	if !strings.Contains(r.out, step) || (!strings.Contains(r.out, "2 pass") && !cachedSteps(r.out)[step]) {
		t.Errorf("progress lacks the passing tests:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "test/broken.test.ts"),
		"import { expect, test } from \"bun:test\";\n\ntest(\"deliberately broken\", () => expect(1).toBe(2));\n")
	r = buildctl(t, dir, "--opt", "target=tester").mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "deliberately broken") {
		t.Errorf("the failure does not show the failing test:\n%s", tail(r.out, 30))
	}

	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nruntime: distroless\n")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r = buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build onto distroless")
	if !cachedSteps(r.out)["[deps 3/3] RUN bun install --frozen-lockfile"] {
		t.Errorf("the install ran again after a source change:\n%s", tail(r.out, 30))
	}
	img := only(t, readOCI(t, tarball))
	if cfg := img.Config.Config; cfg.User != "65532:65532" || cfg.Entrypoint[0] != "/usr/local/bin/bun" {
		t.Errorf("distroless: user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	checkBunAnswers(t, img, "65532")
}

// TestBunWorkspace builds the package apps/api of a Bun workspace (testdata/bun-workspace:
// apps/api, apps/cli and packages/greet, one root bun.lock) from `workspace: apps/api` and its
// port: bun installs that package's dependencies only, the image holds it with the workspace
// package it imports (linked from its node_modules) and the production dependency ms, not the
// other app, its dependency or a dev dependency (the package's, or the root's, which the build
// gets); it runs as 1000 in the package's directory and answers. The package names what it runs
// as Elysia's template does, a "module" of src/server.js for its src/server.ts (no start
// script, no build): the image runs the file that is there. packages/greet's build script writes
// dist/banner.txt, which greet reads when imported: the builder runs it, though apps/api has no
// build script, and the image takes the packages from the builder. The server writes started.txt
// in its working directory at start: the package's directory takes new files from the runtime
// user, though the copy of the packages made it first.
func TestBunWorkspace(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "bun-workspace")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build the Bun workspace's apps/api")
	for _, step := range []string{"RUN bun install --frozen-lockfile --filter @bunws/api --filter ./",
		"bun install --frozen-lockfile --production --filter @bunws/api --filter ./",
		"RUN bun run postinstall", // the root's postinstall reads the source: the builder runs it
		"RUN bun run --cwd packages/greet build"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/bun", "/app/apps/api/src/server.ts"}) ||
		cfg.WorkingDir != "/app/apps/api" {
		t.Errorf("config user %q entrypoint %q workdir %q", cfg.User, cfg.Entrypoint, cfg.WorkingDir)
	}
	files := files(t, img)
	for _, want := range []string{"/app/package.json", "/app/apps/api/package.json", "/app/packages/greet/index.ts",
		"/app/packages/greet/dist/banner.txt", "/app/apps/api/node_modules/@bunws/greet", "/app/apps/api/node_modules/ms"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the image lacks %s", want)
		}
	}
	for name := range files {
		for _, not := range []string{"/app/apps/cli", "/app/bun.lock", "/app/Dockerfile", "kleur", "@types+ms", "/node_modules/@types/ms", "is-number"} {
			if strings.Contains(name, not) {
				t.Errorf("the runtime image holds %s", name)
			}
		}
	}
	port := freePort(t)
	// the root read-only, the package's directory a volume filled from the image with its owner
	// and mode (`docker run --read-only -v`): the server's write there needs its group's
	c := runWithVolumes(t, img, false, []string{"/app/apps/api"}, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 30*time.Second)
	if !strings.Contains(body, `"message":"hello, e2e"`) || !strings.Contains(body, `"banner":"built by greet"`) ||
		!strings.Contains(body, `"uptime":"`) || !strings.Contains(body, `"cwd":"/app/apps/api"`) ||
		!strings.Contains(body, `"written":"written at start"`) {
		t.Errorf("answer %q", body)
	}
	if logs := c.logsContaining("as uid 1000"); !strings.Contains(logs, "as uid 1000") {
		t.Errorf("the server did not run as uid 1000: %q", logs)
	}
}

// TestBunPnpmWorkspace builds testdata/bun-pnpm-workspace, wannabespace/conar's shape: a pnpm
// workspace (pnpm-workspace.yaml with a catalog, pnpm-lock.yaml, no bun lockfile) whose apps/api
// bun runs (`start: bun run ./src/server.ts`), importing packages/greet by workspace:* and ms by
// catalog:. Bun migrates the pnpm lockfile and workspace in its filtered install; the image runs
// the package with its workspace package and ms, without apps/cli's kleur, and answers.
func TestBunPnpmWorkspace(t *testing.T) {
	need(t)
	t.Parallel()
	r, img := buildTestdata(t, "bun-pnpm-workspace")
	checkProgress(t, r, "COPY package.json pnpm-lock.yaml pnpm-workspace.yaml apps/api/package.json apps/cli/package.json packages/greet/package.json ./",
		"bun install --frozen-lockfile --filter @bunpnpm/api")
	cfg := img.Config.Config
	if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/bun", "/app/apps/api/src/server.ts"}) {
		t.Errorf("config user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	checkHolds(t, files(t, img), []string{"/app/packages/greet/index.ts", "/app/apps/api/node_modules/@bunpnpm/greet", "/app/apps/api/node_modules/ms"},
		func(name string) bool {
			return strings.Contains(name, "kleur") || strings.HasPrefix(name, "/app/apps/cli")
		})
	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port))
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 30*time.Second)
	if body != `{"message":"hello, e2e","wait":120000}` {
		t.Errorf("answer %q", body)
	}
}

// TestBunBuildAndStartScript builds testdata/bun-build-start, Kyoo's API's shape: a build script
// (`bun build src/index.ts --outdir ./dist`), a start script that sets variables before running
// the build's file (`NODE_ENV=production GREETING=hello bun dist/index.js`) beside a "module" of
// src/index.js that is not there, and a dependency patched by `bun patch` (patchedDependencies,
// patches/), which bun install refuses to install without its patch file; a module the entry
// imports reads messages/ at start. The image runs dist/index.js with GREETING set, holds the
// build's dist/ and messages/ but not the source, and answers with the patched dependency's
// mark and the message.
func TestBunBuildAndStartScript(t *testing.T) {
	need(t)
	t.Parallel()
	r, img := buildTestdata(t, "bun-build-start")
	checkProgress(t, r, "[deps 2/3] COPY package.json bun.lock patches/is-number@7.0.0.patch ./", "[builder 3/4] RUN bun run build")
	cfg := img.Config.Config
	if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/bun", "/app/dist/index.js"}) ||
		!slices.Contains(cfg.Env, "GREETING=hello") || !slices.Contains(cfg.Env, "NODE_ENV=production") {
		t.Errorf("config user %q entrypoint %q env %q", cfg.User, cfg.Entrypoint, cfg.Env)
	}
	checkHolds(t, files(t, img), []string{"/app/dist/index.js", "/app/messages/patched.txt"},
		func(name string) bool {
			return strings.HasPrefix(name, "/app/src") || strings.HasPrefix(name, "/app/patches")
		})
	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port))
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/", port), 30*time.Second)
	if body != `{"greeting":"hello","patched":true,"seven":true,"message":"patched by the project"}` {
		t.Errorf("answer %q", body)
	}
}

// TestBunCompiled builds testdata/bun-compile, whose build script compiles the server into one
// executable (`bun build src/index.ts --compile --minify --outfile server`), as Bun's docs and
// Elysia's Docker recipe do, from `ports: [8080]` alone: the image runs /app/server on distroless
// cc as 65532, holds neither node_modules nor the source nor bun, and answers with ms's output
// from inside the executable, listening on the spec's port ($PORT).
func TestBunCompiled(t *testing.T) {
	need(t)
	t.Parallel()
	r, img := buildTestdata(t, "bun-compile")
	checkProgress(t, r, "bun run build")
	cfg := img.Config.Config
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"/app/server"}) || !slices.Contains(cfg.Env, "PORT=8080") {
		t.Errorf("config user %q entrypoint %q env %q", cfg.User, cfg.Entrypoint, cfg.Env)
	}
	files := files(t, img)
	if _, ok := files["/app/server"]; !ok {
		t.Errorf("the image lacks /app/server")
	}
	for name := range files {
		if strings.Contains(name, "node_modules") || strings.HasPrefix(name, "/app/src") || strings.HasSuffix(name, "/bun") {
			t.Errorf("the runtime image holds %s", name)
		}
	}
	c := startIsolatedContainer(t, img)
	page := waitFor(t, c.client(t), "http://127.0.0.1:8080/", 30*time.Second, c.logs.String)
	if !strings.Contains(page.body, `"uptime":"`) || !strings.Contains(page.body, `"compiled":true`) || !strings.Contains(page.body, `"uid":65532`) {
		t.Errorf("answer %q", page.body)
	}
}

// TestBunSink builds testdata/bun-sink, a server of ours shaped as substreams-sink-clickhouse,
// from `ports: [8080]` alone: its start script runs index.ts with bun beside npm's
// package-lock.json, so it is Bun's; bun install migrates that lockfile, which pins ms 2.1.2
// where `^2.1.0` resolved anew is 2.1.3; and its build script compiles an executable whose
// module reads query.sql by its own directory (import.meta.dir), which the executable would not
// hold (run here: ENOENT for /$bunfs/root/query.sql), so the image runs the source with bun
// and nothing is compiled.
func TestBunSink(t *testing.T) {
	need(t)
	t.Parallel()
	r, img := buildTestdata(t, "bun-sink")
	checkProgress(t, r, "COPY package.json package-lock.json ./", "bun install --frozen-lockfile")
	if strings.Contains(r.out, "compile.sh") || strings.Contains(r.out, "bun run build") {
		t.Errorf("the build compiled the program:\n%s", tail(r.out, 30))
	}
	cfg := img.Config.Config
	if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/bun", "/app/index.ts"}) {
		t.Errorf("config user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	files := files(t, img)
	for _, want := range []string{"/app/index.ts", "/app/lib/query.sql", "/app/node_modules/ms/package.json"} {
		if _, ok := files[want]; !ok {
			t.Errorf("the image lacks %s", want)
		}
	}
	if _, ok := files["/app/sink"]; ok {
		t.Errorf("the image holds the executable /app/sink")
	}
	c := startIsolatedContainer(t, img)
	page := waitFor(t, c.client(t), "http://127.0.0.1:8080/", 30*time.Second, c.logs.String)
	if page.body != `{"query":"select count() from blocks","ms":"2.1.2","day":"1d","uid":1000}` {
		t.Errorf("answer %q", page.body)
	}
}

// checkHolds reports each of want the image's files lack, and each file it holds that not
// matches.
func checkHolds(t *testing.T, files map[string]ociimage.File, want []string, not func(name string) bool) {
	t.Helper()
	for _, w := range want {
		if _, ok := files[w]; !ok {
			t.Errorf("the image lacks %s", w)
		}
	}
	for name := range files {
		if not(name) {
			t.Errorf("the runtime image holds %s", name)
		}
	}
}
