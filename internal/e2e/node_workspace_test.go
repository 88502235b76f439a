package e2e

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// workspaceApp is one app of a workspace built from its own spec (apps/<name>/Dockerfile) with
// the repository as the context, as `docker build -f apps/<name>/Dockerfile .` does.
type workspaceApp struct {
	name   string
	steps  []string // progress lines the build shows
	files  []string // in the image
	absent []string // prefixes the image must not hold
	answer string   // in the answer to GET /?name=e2e
	// modules are production dependencies the image holds, excluded dependencies it must not
	// (the other app's, dev ones)
	modules, excluded []string
}

var (
	pnpmAPI = workspaceApp{name: "api",
		steps: []string{"[deps 3/5] COPY package.json pnpm-lock.yaml pnpm-workspace.yaml apps/*/package.json packages/*/package.json ./",
			"[deps 5/5] RUN pnpm install --frozen-lockfile --filter @acme/api...", "[builder 3/4] RUN pnpm --filter @acme/shared run build",
			"[prod-deps 2/2] RUN rm -rf node_modules packages/shared/node_modules apps/api/node_modules && pnpm install --prod --frozen-lockfile --filter @acme/api..."},
		files: []string{"/app/apps/api/package.json", "/app/apps/api/src/server.js", "/app/packages/shared/package.json",
			"/app/packages/shared/dist/index.js", "/app/apps/api/node_modules/@acme/shared", "/app/packages/shared/node_modules/ms"},
		absent:   []string{"/app/apps/web", "/app/packages/shared/src", "/app/packages/shared/tsconfig.json", "/app/pnpm-lock.yaml"},
		answer:   `"message":"hello, e2e"`,
		modules:  []string{"express", "ms"},
		excluded: []string{"escape-goat", "typescript", "@types/express", "@types/ms"},
	}
	pnpmWeb = workspaceApp{name: "web",
		steps: []string{"[deps 5/5] RUN pnpm install --frozen-lockfile --filter @acme/web...",
			"[builder 3/5] RUN pnpm --filter @acme/shared run build", "[builder 4/5] RUN pnpm --filter @acme/web run build"},
		files: []string{"/app/apps/web/package.json", "/app/apps/web/dist/server.js", "/app/packages/shared/dist/index.js",
			"/app/apps/web/node_modules/@acme/shared", "/app/apps/web/node_modules/escape-goat"},
		absent:   []string{"/app/apps/api", "/app/apps/web/src", "/app/packages/shared/src", "/app/apps/web/tsconfig.json"},
		answer:   "<h1>hello, e2e</h1>",
		modules:  []string{"escape-goat", "ms"},
		excluded: []string{"express", "typescript", "@types/node"},
	}
	// the web app as an npm workspace: one hoisted node_modules, linking the packages; its
	// tsconfig extends packages/tsconfig's by path (testdata/workspace-npm-reach), which
	// package.json does not name: installed and in the builder, not in the image; that
	// package's postinstall reads its source, so the builder runs it
	npmWeb = workspaceApp{name: "web",
		steps: []string{"[deps 2/4] COPY package.json package-lock.json apps/*/package.json packages/*/package.json ./",
			"[deps 3/4] RUN npm pkg delete scripts.postinstall --prefix packages/tsconfig",
			"[deps 4/4] RUN npm ci --workspace apps/web --workspace packages/tsconfig --include-workspace-root",
			"[builder 3/6] RUN npm run postinstall --workspace packages/tsconfig",
			"[builder 4/6] RUN npm run build --workspace packages/shared", "[builder 5/6] RUN npm run build --workspace apps/web",
			"[prod-deps 2/2] RUN npm prune --omit=dev --workspace apps/web --include-workspace-root --ignore-scripts"},
		files:    []string{"/app/apps/web/dist/server.js", "/app/packages/shared/dist/index.js", "/app/node_modules/@acme/shared"},
		absent:   []string{"/app/apps/api", "/app/apps/web/src", "/app/packages/shared/src", "/app/node_modules/@acme/api", "/app/packages/tsconfig"},
		answer:   "<h1>hello, e2e</h1>",
		modules:  []string{"escape-goat", "ms"},
		excluded: []string{"express", "typescript", "@types/node"},
	}
	// the web app as a yarn 4 workspace whose release is committed (yarnPath): no corepack
	yarnWeb = workspaceApp{name: "web",
		steps: []string{"[deps 2/4] WRITE /usr/local/bin/yarn: node .yarn/releases/yarn-4.12.0.cjs",
			"[deps 4/4] RUN yarn workspaces focus acme @acme/web", "[builder 3/5] RUN yarn workspace @acme/shared run build",
			"[prod-deps 2/2] RUN yarn workspaces focus --production @acme/web"},
		files:    []string{"/app/apps/web/dist/server.js", "/app/packages/shared/dist/index.js", "/app/node_modules/@acme/shared"},
		absent:   []string{"/app/apps/api", "/app/.yarn", "/app/node_modules/@acme/api"},
		answer:   "<h1>hello, e2e</h1>",
		modules:  []string{"escape-goat", "ms"},
		excluded: []string{"express", "typescript", "@types/node"},
	}
	// the web app as a yarn 1 workspace (corepack's yarn 1): deps is given the manifests of the
	// web app's closure alone, so yarn installs nothing of the api's, which depends on a
	// package the registry does not have (as turborepo-starter's web app did)
	yarn1Web = workspaceApp{name: "web",
		steps: []string{"] COPY package.json yarn.lock packages/shared/package.json apps/web/package.json ./",
			"[deps 5/5] RUN yarn install --frozen-lockfile", "[builder 3/5] RUN yarn workspace @acme/shared run build",
			"[prod-deps 2/2] RUN yarn install --frozen-lockfile --production"},
		files:    []string{"/app/apps/web/dist/server.js", "/app/packages/shared/dist/index.js", "/app/node_modules/@acme/shared"},
		absent:   []string{"/app/apps/api", "/app/node_modules/@acme/api"},
		answer:   "<h1>hello, e2e</h1>",
		modules:  []string{"escape-goat", "ms"},
		excluded: []string{"express", "typescript", "@types/node", "@acme/not-published"},
	}
)

// TestNodeWorkspaces builds the apps of examples/node-pnpm-workspace, and its web app as an npm,
// a yarn 4 and a yarn 1 workspace, in parallel: each image holds its app, the shared package built,
// and the production dependencies of the two, nothing of the other app; it runs as the node
// user and answers. The api's tests run in the tester.
func TestNodeWorkspaces(t *testing.T) {
	need(t)
	example := filepath.Join(repoRoot(t), "examples", "node-pnpm-workspace")
	build := func(t *testing.T, dir string, app workspaceApp, args ...string) {
		spec := "filename=apps/" + app.name + "/Dockerfile"
		tarball := filepath.Join(t.TempDir(), "image.tar")
		r := buildctl(t, dir, append(args, "--opt", spec, "--output", "type=oci,dest="+tarball)...).mustSucceed(t, "build apps/"+app.name)
		for _, step := range app.steps {
			if !strings.Contains(r.out, step) {
				t.Errorf("progress lacks %q", step)
			}
		}
		checkWorkspaceImage(t, only(t, readOCI(t, tarball)), app)
		if app.name == "api" {
			r := buildctl(t, dir, append(args, "--opt", spec, "--opt", "target=tester")...).mustSucceed(t, "apps/api --target tester")
			checkTestsRan(t, r, "pnpm --filter @acme/api run test")
		}
	}
	for _, app := range []workspaceApp{pnpmAPI, pnpmWeb} {
		t.Run("pnpm "+app.name, func(t *testing.T) {
			t.Parallel()
			build(t, example, app, corepackArgs...)
		})
	}
	// docker build -f apps/api/Dockerfile . sends the spec's name only: the frontend finds it
	// beside the package, so an edit of its image config reruns no step
	t.Run("spec edit", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, example)
		args := []string{"build", "--progress=plain", "-f", "apps/api/Dockerfile", "--build-arg", "COREPACK_INTEGRITY_KEYS=0",
			"--build-arg", "COREPACK_NPM_REGISTRY=https://registry.npmjs.org", "."}
		buildx(t, dir, args...).mustSucceed(t, "build -f apps/api/Dockerfile")
		spec := filepath.Join(dir, "apps/api/Dockerfile")
		data, err := os.ReadFile(spec)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, spec, strings.Replace(string(data), "ports: [3000]", "ports: [3001]\nenv: {GREETING: hi}", 1))
		r := buildx(t, dir, args...).mustSucceed(t, "rebuild after a spec edit")
		for _, step := range []string{"] COPY . ./", "] RUN pnpm --filter @acme/shared run build"} {
			if !slices.ContainsFunc(slices.Collect(maps.Keys(cachedSteps(r.out))), func(k string) bool {
				return strings.HasPrefix(k, "[builder ") && strings.HasSuffix(k, step)
			}) {
				t.Errorf("%q was not cached after an edit of the spec's image config:\n%s", step, tail(r.out, 40))
			}
		}
	})
	t.Run("npm web", func(t *testing.T) {
		t.Parallel()
		build(t, workspaceVariant(t, example, "npm", "npm-reach"), npmWeb)
	})
	t.Run("yarn web", func(t *testing.T) {
		t.Parallel()
		dir := workspaceVariant(t, example, "yarn")
		writeFile(t, filepath.Join(dir, ".yarnrc.yml"), "nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-4.12.0.cjs\n")
		writeFile(t, filepath.Join(dir, ".yarn/releases/yarn-4.12.0.cjs"), yarnRelease(t, "4.12.0"))
		// corepack is not used: a registry it cannot reach changes nothing
		build(t, dir, yarnWeb, "--opt", "build-arg:COREPACK_NPM_REGISTRY=http://127.0.0.1:9")
	})
	t.Run("yarn 1 web", func(t *testing.T) {
		t.Parallel()
		dir := workspaceVariant(t, example, "yarn1")
		// the api's private package, which the registry answers 404 for: an install of every
		// package's dependencies fails on it
		api := filepath.Join(dir, "apps/api/package.json")
		data, err := os.ReadFile(api)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, api, strings.Replace(string(data), `"dependencies": {`, `"dependencies": {
    "@acme/not-published": "1.0.0",`, 1))
		lock, err := os.ReadFile(filepath.Join(dir, "yarn.lock"))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "yarn.lock"), string(lock)+`
"@acme/not-published@1.0.0":
  version "1.0.0"
  resolved "https://registry.yarnpkg.com/@acme/not-published/-/not-published-1.0.0.tgz"
`)
		build(t, dir, yarn1Web, corepackArgs...)
	})
}

// workspaceVariant is the example as another package manager's workspace: the manifests and
// lockfile of internal/lang/node/testdata/workspace-<pm>, which that package manager wrote for it,
// then the files of each workspace-<more> over them.
func workspaceVariant(t *testing.T, example, pm string, more ...string) string {
	t.Helper()
	dir := copyDir(t, example)
	for _, f := range []string{"pnpm-lock.yaml", "pnpm-workspace.yaml"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range append([]string{pm}, more...) {
		fixture := os.DirFS(filepath.Join(repoRoot(t), "internal", "lang", "node", "testdata", "workspace-"+name))
		err := fs.WalkDir(fixture, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fixture, p)
			writeFile(t, filepath.Join(dir, p), string(data)) // over the example's manifests
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// yarnRelease is yarn's single-file release, as `yarn set version` commits it: bin/yarn.js of
// the @yarnpkg/cli-dist package from the npm registry.
func yarnRelease(t *testing.T, version string) string {
	t.Helper()
	dir := t.TempDir()
	r := run(t, dir, "npm", "pack", "--silent", "@yarnpkg/cli-dist@"+version).mustSucceed(t, "npm pack @yarnpkg/cli-dist")
	f, err := os.Open(filepath.Join(dir, strings.TrimSpace(r.out)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("no package/bin/yarn.js in @yarnpkg/cli-dist@%s: %v", version, err)
		}
		if h.Name == "package/bin/yarn.js" {
			data, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
}

// checkWorkspaceImage checks a workspace app's image: its files, its node_modules, its config,
// and that it runs as the node user and answers.
func checkWorkspaceImage(t *testing.T, img *ociimage.Image, app workspaceApp) {
	t.Helper()
	cfg := img.Config.Config
	if cfg.User != "1000:1000" || cfg.WorkingDir != "/app/apps/"+app.name || !strings.HasPrefix(cfg.Entrypoint[1], "/app/apps/"+app.name+"/") {
		t.Errorf("user %q workdir %q entrypoint %q", cfg.User, cfg.WorkingDir, cfg.Entrypoint)
	}
	files := files(t, img)
	for _, want := range app.files {
		if _, ok := files[want]; !ok {
			t.Errorf("the image lacks %s", want)
		}
	}
	for name := range files {
		for _, p := range app.absent {
			if name == p || strings.HasPrefix(name, p+"/") {
				t.Errorf("the image holds %s", name)
			}
		}
	}
	have := installed(files)
	for _, m := range app.modules {
		if !slices.Contains(have, m) {
			t.Errorf("node_modules lacks %s (has %q)", m, have)
		}
	}
	for _, m := range app.excluded {
		if slices.Contains(have, m) {
			t.Errorf("node_modules holds %s (has %q)", m, have)
		}
	}

	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 20*time.Second); !strings.Contains(body, app.answer) {
		t.Errorf("answer %q", body)
	}
	if uid := c.uid(t); uid != "1000" {
		t.Errorf("the server runs as uid %s, not 1000 (node)", uid)
	}
}

// installed are the names of the packages below /app/node_modules: pnpm's store directory
// (.pnpm/<name>@<version>, a scope's / written +), or a hoisted tree (<name>, @scope/<name>).
func installed(files map[string]ociimage.File) []string {
	var out []string
	for name := range files {
		rest, ok := strings.CutPrefix(name, "/app/node_modules/")
		if !ok {
			continue
		}
		parts := strings.Split(rest, "/")
		switch {
		case parts[0] == ".pnpm" && len(parts) == 2 && strings.Contains(parts[1][1:], "@"):
			at := strings.Index(parts[1][1:], "@") + 1
			out = append(out, strings.Replace(parts[1][:at], "+", "/", 1))
		case strings.HasPrefix(parts[0], "@") && len(parts) == 2:
			out = append(out, parts[0]+"/"+parts[1])
		case !strings.HasPrefix(parts[0], ".") && !strings.HasPrefix(parts[0], "@") && len(parts) == 1:
			out = append(out, parts[0])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
