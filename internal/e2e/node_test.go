package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// corepackArgs let corepack fetch pnpm and yarn here: the testbed's npm registry serves package
// metadata without the signatures corepack checks, and repo.yarnpkg.com is unreachable. They
// are the mirror settings a company registry needs too, so they also prove that tool args
// reach the dependency steps.
var corepackArgs = []string{
	"--opt", "build-arg:COREPACK_INTEGRITY_KEYS=0",
	"--opt", "build-arg:COREPACK_NPM_REGISTRY=https://registry.npmjs.org",
}

// appLayers are the layers the build added on top of the runtime base: those holding only /app.
func appLayers(t *testing.T, img *ociimage.Image) (first int, size int64) {
	t.Helper()
	files := files(t, img)
	first = len(img.Layers)
	for i := len(img.Layers) - 1; i >= 0; i-- {
		only := true
		for name, f := range files {
			if f.Layer == i && name != "/app" && !strings.HasPrefix(name, "/app/") {
				only = false
			}
		}
		if !only {
			break
		}
		first, size = i, size+int64(len(img.Layers[i]))
	}
	return first, size
}

// checkNodeModules fails when a production dependency is missing or a dev dependency present.
func checkNodeModules(t *testing.T, files map[string]ociimage.File, prod, dev []string) {
	t.Helper()
	for _, name := range prod {
		if _, ok := files["/app/node_modules/"+name]; !ok {
			t.Errorf("node_modules lacks the production dependency %s", name)
		}
	}
	for name := range files {
		for _, d := range dev {
			if strings.HasPrefix(name, "/app/node_modules/"+d) || strings.Contains(name, "/node_modules/.pnpm/"+strings.ReplaceAll(d, "/", "+")+"@") {
				t.Errorf("the runtime image holds the dev dependency %s: %s", d, name)
			}
		}
	}
}

// TestNodeImage builds examples/node (npm, a TypeScript build) through
// `# syntax=org/multistage-frontend` and checks the image: the node user, node running the
// built server, production node_modules only, no source, and that it runs and answers.
func TestNodeImage(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "node")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball,
		"--opt", "build-arg:NPM_CONFIG_REGISTRY=https://registry.npmjs.org/").mustSucceed(t, "build examples/node")
	for _, step := range []string{"[deps 2/3] COPY package.json package-lock.json ./", "[deps 3/3] RUN npm ci",
		"[app 4/5] RUN npm run build", "[prod-deps 2/2] RUN npm prune --omit=dev", // tsc alone: on the runtime image
		"[runtime 2/4] COPY --from=prod-deps /app/node_modules /app/node_modules/",
		"[runtime 4/4] COPY --from=app /app/dist /app/dist/"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "1000:1000" {
		t.Errorf("user %q, want 1000:1000 (node)", cfg.User)
	}
	if !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/node", "/app/dist/server.js"}) || cfg.Cmd != nil {
		t.Errorf("entrypoint %q cmd %q", cfg.Entrypoint, cfg.Cmd)
	}
	if cfg.WorkingDir != "/app" || !slices.Contains(cfg.Env, "NODE_ENV=production") {
		t.Errorf("workdir %q env %q", cfg.WorkingDir, cfg.Env)
	}
	for _, e := range cfg.Env {
		if strings.HasPrefix(e, "NPM_CONFIG_REGISTRY=") {
			t.Errorf("the registry build arg reached the image: %s", e)
		}
	}

	files := files(t, img)
	checkNodeModules(t, files, []string{"ms/index.js"}, []string{"typescript", "@types/node", "@types/ms"})
	for _, want := range []string{"/app/dist/server.js", "/app/dist/greet.js", "/app/package.json"} {
		if f, ok := files[want]; !ok || f.UID != 0 || f.Mode&0o022 != 0 {
			t.Errorf("%s: %+v (present=%v), want it root-owned and not writable by others", want, f, ok)
		}
	}
	for name := range files {
		for _, p := range []string{"/app/src", "/app/test", "/app/tsconfig.json", "/app/package-lock.json", "/root/.npm", "/app/Dockerfile"} {
			if strings.HasPrefix(name, p) {
				t.Errorf("the runtime image holds %s", name)
			}
		}
	}
	// Everything but a few kilobytes of program and dependencies is the runtime base.
	first, size := appLayers(t, img)
	if len(img.Layers)-first != 3 || size > 256<<10 {
		t.Errorf("the build added %d layers of %d bytes, want node_modules, package.json and dist in under 256 KiB",
			len(img.Layers)-first, size)
	}
	t.Logf("image: %d bytes uncompressed (%d compressed); the build added %d bytes", img.Uncompressed(), img.Compressed, size)

	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 20*time.Second)
	if !strings.Contains(body, `"message":"hello, e2e"`) || !strings.Contains(body, `"uptime":`) {
		t.Errorf("answer %q", body)
	}
	if logs := c.logsContaining("as uid 1000"); !strings.Contains(logs, "as uid 1000") {
		t.Errorf("the server did not run as uid 1000: %q", logs)
	}
}

// TestNodeTester runs --target tester: the example's tests pass on the built tree; a failing
// test fails the build and shows why.
func TestNodeTester(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "node"))
	r := buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester")
	checkTestsRan(t, r, "npm test")
	writeFile(t, filepath.Join(dir, "test/broken.test.js"),
		"import { test } from \"node:test\";\nimport assert from \"node:assert/strict\";\n\n"+
			"test(\"deliberately broken\", () => assert.equal(1, 2));\n")
	r = buildctl(t, dir, "--opt", "target=tester").mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "deliberately broken") || !passCount(r.out, "fail", 1) {
		t.Errorf("failure does not show the failing test:\n%s", tail(r.out, 30))
	}
}

// TestNodeSourceChangeKeepsDepsCached changes one line of source: the install, the production
// dependencies and the runtime's node_modules layer stay cached; only the build runs again.
func TestNodeSourceChangeKeepsDepsCached(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "node"))
	buildctl(t, dir).mustSucceed(t, "first build")
	greet := filepath.Join(dir, "src/greet.ts")
	src, err := os.ReadFile(greet)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, greet, strings.Replace(string(src), `"world"`, fmt.Sprintf(`"world %d"`, time.Now().UnixNano()), 1))
	r := buildctl(t, dir).mustSucceed(t, "rebuild after a source change")
	cached, ran := cachedSteps(r.out), ranSteps(r.out)
	for _, step := range []string{"[deps 2/3] COPY package.json package-lock.json ./", "[deps 3/3] RUN npm ci",
		"[prod-deps 2/2] RUN npm prune --omit=dev", "[runtime 2/4] COPY --from=prod-deps /app/node_modules /app/node_modules/",
		"[app 2/5] COPY --from=deps /app/node_modules /app/node_modules/"} {
		if !cached[step] {
			t.Errorf("%q was not cached after a source-only change", step)
		}
	}
	if !ran["[app 4/5] RUN npm run build"] {
		t.Errorf("the build did not run again after a source change:\n%s", tail(r.out, 40))
	}
}

// TestNodeRegistryArgReachesTheInstall points npm at a registry that refuses connections, with
// an empty cache: the install must fail trying it.
func TestNodeRegistryArgReachesTheInstall(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "node"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: node\n"+
		"build:\n  env: {NPM_CONFIG_FETCH_RETRIES: \"0\"}\n")
	r := buildctl(t, dir, "--opt", "target=deps", "--opt", "build-arg:NPM_CONFIG_REGISTRY=http://127.0.0.1:9/",
		"--opt", fmt.Sprintf("build-arg:BUILDKIT_CACHE_MOUNT_NS=e2e-%d", time.Now().UnixNano())).mustFail(t, "npm ci from a dead registry")
	if !strings.Contains(r.out, "[deps 3/3] RUN npm ci") || !strings.Contains(r.out, "127.0.0.1:9") {
		t.Errorf("the install did not use the registry build arg:\n%s", tail(r.out, 30))
	}
}

// TestNodePnpmOnDistroless builds examples/node-pnpm (plain JavaScript, no build step) with pnpm
// through corepack onto distroless, runs it as 65532, and runs its tests.
func TestNodePnpmOnDistroless(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "node-pnpm")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, append(corepackArgs, "--output", "type=oci,dest="+tarball)...).mustSucceed(t, "build examples/node-pnpm")
	for _, step := range []string{"[deps 2/5] RUN corepack enable pnpm", "[deps 4/5] RUN corepack install",
		"[deps 5/5] RUN pnpm install --frozen-lockfile", "[prod-deps 2/2] RUN pnpm prune --prod --ignore-scripts",
		"[runtime 3/3] COPY --from=builder /app /app/"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"/nodejs/bin/node", "/app/src/server.js"}) {
		t.Errorf("user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	for _, e := range cfg.Env {
		if strings.HasPrefix(e, "COREPACK_") || strings.HasPrefix(e, "NPM_CONFIG_") {
			t.Errorf("a build setting reached the image: %s", e)
		}
	}
	files := files(t, img)
	checkNodeModules(t, files, []string{"ms", ".pnpm/ms@2.1.3/node_modules/ms/index.js"}, []string{"@types/ms"})
	for _, absent := range []string{"/app/node_modules/.bin/pnpm", "/usr/local/bin/node", "/pnpm"} {
		if _, ok := files[absent]; ok {
			t.Errorf("the runtime image holds %s", absent)
		}
	}

	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/", port), 20*time.Second); !strings.Contains(body, `"up":`) {
		t.Errorf("answer %q", body)
	}
	if logs := c.logsContaining("as uid 65532"); !strings.Contains(logs, "as uid 65532") {
		t.Errorf("the server did not run as uid 65532: %q", logs)
	}

	testsPass(t, dir, "pnpm test")
}

// passCount reports whether node --test's summary says n tests had the outcome ("pass", "fail"):
// "ℹ pass 2" from the spec reporter (Node.js 24's default), "# pass 2" from the TAP one.
func passCount(out, outcome string, n int) bool {
	return strings.Contains(out, fmt.Sprintf("ℹ %s %d\n", outcome, n)) || strings.Contains(out, fmt.Sprintf("# %s %d\n", outcome, n))
}

// testsPass builds --target tester and checks that the package manager ran the example's two tests.
func testsPass(t *testing.T, dir, command string) {
	t.Helper()
	r := buildctl(t, dir, append(corepackArgs, "--opt", "target=tester")...).mustSucceed(t, command+" --target tester")
	checkTestsRan(t, r, command)
}

// checkTestsRan: the tester step ran the two tests of the example, or is cached from a run that did.
func checkTestsRan(t *testing.T, r result, command string) {
	t.Helper()
	step := "[tester 2/2] RUN " + command
	if !strings.Contains(r.out, step) || (!passCount(r.out, "pass", 2) && !cachedSteps(r.out)[step]) {
		t.Errorf("progress lacks the passing tests of %s:\n%s", command, tail(r.out, 30))
	}
}

// TestNodeYarnBerry builds examples/node-yarn (yarn 4 pinned by packageManager, Plug'n'Play by
// default, so installed as node_modules), runs `node .` through main, and runs its tests.
func TestNodeYarnBerry(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "node-yarn")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, append(corepackArgs, "--output", "type=oci,dest="+tarball)...).mustSucceed(t, "build examples/node-yarn")
	for _, step := range []string{"[deps 5/5] RUN yarn install --immutable", "[prod-deps 2/2] RUN yarn workspaces focus --all --production"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/node", "/app/lib/server.js"}) {
		t.Errorf("user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	files := files(t, img)
	checkNodeModules(t, files, []string{"ms/index.js"}, []string{"@types/ms"})
	if _, ok := files["/app/.pnp.cjs"]; ok {
		t.Errorf("the image holds yarn's .pnp.cjs")
	}

	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/", port), 20*time.Second); !strings.Contains(body, `"agent":"Go-http-client`) {
		t.Errorf("answer %q", body)
	}

	testsPass(t, dir, "yarn test")
}

// TestNodeYarnClassic turns examples/node-yarn into a yarn 1 project without a packageManager
// pin: corepack installs the yarn 1 line the lockfile implies, and the production install
// leaves the dev dependencies out.
func TestNodeYarnClassic(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "node-yarn"))
	var pkg map[string]any
	dt, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err == nil {
		err = json.Unmarshal(dt, &pkg)
	}
	if err != nil {
		t.Fatal(err)
	}
	delete(pkg, "packageManager")
	dt, _ = json.MarshalIndent(pkg, "", "  ")
	writeFile(t, filepath.Join(dir, "package.json"), string(dt))
	lock, err := os.ReadFile(filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "yarn1.lock"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "yarn.lock"), string(lock))

	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, append(corepackArgs, "--output", "type=oci,dest="+tarball)...).mustSucceed(t, "build a yarn 1 project")
	for _, step := range []string{"[deps 3/5] RUN corepack install -g yarn@1", "[deps 5/5] RUN yarn install --frozen-lockfile",
		"[prod-deps 2/2] RUN yarn install --frozen-lockfile --production"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	checkNodeModules(t, files(t, only(t, readOCI(t, tarball))), []string{"ms/index.js"}, []string{"@types/ms"})
	testsPass(t, dir, "yarn test")
}

// TestNodeScratchIsRefusedAtItsLine: Node.js cannot run on scratch; the error shows the line.
func TestNodeScratchIsRefusedAtItsLine(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "node"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: node\nruntime: scratch\n")
	r := buildctl(t, dir).mustFail(t, "runtime: scratch")
	if !strings.Contains(r.out, "Node.js cannot run on scratch") || !strings.Contains(r.out, "3 | >>> runtime: scratch") {
		t.Errorf("error does not point at the runtime line:\n%s", tail(r.out, 20))
	}
}
