package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestAssetsGoViteUI builds examples/go-vite-ui (a Go service embedding a Vite UI, `assets:
// {dir: ui}`): the UI is installed and built in stages of its own and copied into the Go builder
// after the source; the binary serves it as non-root. A stale ui/dist and ui/node_modules of the
// developer's never reach a build. A change of Go code alone reruns go build, not the UI's.
// `files` naming the UI's output ships the assets' build into the image.
func TestAssetsGoViteUI(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go-vite-ui"))
	if err := os.Remove(filepath.Join(dir, ".dockerignore")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "ui/dist/stale.js"), "stale build from the developer's machine\n")
	writeFile(t, filepath.Join(dir, "ui/node_modules/.package-lock.json"), "{}\n")
	img, r := buildImage(t, dir, "build examples/go-vite-ui")
	checkProgress(t, r, "[assets-deps 2/3] COPY ui/package.json ui/package-lock.json ./", "[assets-deps 3/3] RUN npm ci",
		"[assets 2/4] COPY ui ./", "[assets 3/4] RUN npm run build", "[assets 4/4] CHECK /app/dist exists: the assets' output",
		"[builder 2/4] COPY . ./", "[builder 3/4] COPY --from=assets /app/dist ./ui/dist/",
		`[builder 4/4] RUN go build -trimpath -ldflags="-s -w" -o /out/beacon .`)
	if cfg := img.Config.Config; cfg.User != "65532:65532" || len(cfg.Entrypoint) != 1 || cfg.Entrypoint[0] != "/usr/local/bin/beacon" {
		t.Errorf("user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	for name := range files(t, img) {
		if strings.Contains(name, "node_modules") || strings.HasPrefix(name, "/app") || strings.HasPrefix(name, "/src") {
			t.Errorf("the image holds %s", name)
		}
	}
	t.Logf("image: %d bytes compressed", img.Compressed)

	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableCompression: true}}
	index := checkSPA(t, client, base, "/checks/cert-expiry", c.logs.String)
	if stale, err := fetch(t, client, base+"/stale.js", false); err != nil || stale.body != index.body {
		t.Errorf("GET /stale.js: %v %q, want index.html: the developer's ui/dist reached the build", err, stale.body)
	}
	if api, err := fetch(t, client, base+"/api/status", false); err != nil || !strings.Contains(api.body, `"name":"cert-expiry"`) {
		t.Errorf("GET /api/status: %v %q", err, api.body)
	}
	if logs := c.logsContaining("as uid 65532"); !strings.Contains(logs, "as uid 65532") {
		t.Errorf("the server did not run as uid 65532: %q", logs)
	}

	// A change of Go code alone: the UI's install and build stay cached.
	main := filepath.Join(dir, "main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, main, strings.Replace(string(src), `"41% used"`, fmt.Sprintf(`"41%% used (%d)"`, time.Now().UnixNano()), 1))
	r = buildctl(t, dir).mustSucceed(t, "rebuild after a change of Go code")
	cached, ran := cachedSteps(r.out), ranSteps(r.out)
	for _, step := range []string{"[assets-deps 3/3] RUN npm ci", "[assets 3/4] RUN npm run build"} {
		if !cached[step] || ran[step] {
			t.Errorf("%q ran again after a change of Go code only", step)
		}
	}
	if step := `[builder 4/4] RUN go build -trimpath -ldflags="-s -w" -o /out/beacon .`; !ran[step] {
		t.Errorf("go build did not run again after a change of Go code:\n%s", tail(r.out, 40))
	}

	// The Go tests compile against the embedded UI. (After the builds above: two builds sharing a
	// step at the same time do not both show it in their progress, which the checks read.)
	r = buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester")
	if step := "[tester 2/2] RUN go test ./..."; !strings.Contains(r.out, step) {
		t.Errorf("progress lacks %q:\n%s", step, tail(r.out, 30))
	}

	// `files` naming the assets' output ships the UI the assets stage built beside the program
	// (for a server that reads it from disk), not the developer's stale ui/dist of the context.
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nports: [8080]\n"+
		"files:\n  - {src: ui/dist, dest: public}\n")
	img, r = buildImage(t, dir, "build with files: naming the assets' output")
	checkProgress(t, r, "COPY --from=assets /app/dist /app/public")
	shipped := files(t, img)
	if _, ok := shipped["/app/public/index.html"]; !ok {
		t.Errorf("the image lacks /app/public/index.html, the assets' build")
	}
	if _, ok := shipped["/app/public/stale.js"]; ok {
		t.Errorf("the image holds the developer's stale ui/dist/stale.js")
	}
}

// TestAssetsWorkspace builds testdata/go-ui-workspace: a Go server embedding frontend/dist, a
// Vite UI that is a package of the root's npm workspace, with the only lockfile at the root and
// a dependency on its sibling packages/greeting, whose build script writes the module the UI
// imports. `assets: {dir: frontend}` installs from the root's lockfile, filtered to the UI's
// closure, builds the sibling first and the UI second; the server answers with the UI's page and
// script, which holds the sibling's built text.
func TestAssetsWorkspace(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "go-ui-workspace"))
	img, r := buildImage(t, dir, "build testdata/go-ui-workspace")
	checkProgress(t, r,
		"[assets-deps 2/3] COPY package.json package-lock.json frontend/package.json packages/*/package.json ./",
		"[assets-deps 3/3] RUN npm ci --workspace frontend --include-workspace-root",
		"[assets 2/5] COPY . ./", "[assets 3/5] RUN npm run build --workspace packages/greeting",
		"[assets 4/5] RUN npm run build --workspace frontend", "[assets 5/5] CHECK /app/frontend/dist exists: the assets' output",
		"[builder 2/4] COPY . ./", "[builder 3/4] COPY --from=assets /app/frontend/dist ./frontend/dist/")
	for name := range files(t, img) {
		if strings.Contains(name, "node_modules") || strings.HasPrefix(name, "/app") {
			t.Errorf("the image holds %s", name)
		}
	}

	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: 10 * time.Second}
	index := waitFor(t, client, base+"/", 30*time.Second, c.logs.String)
	script := regexp.MustCompile(`src="(/assets/[^"]+\.js)"`).FindStringSubmatch(index.body)
	if !strings.Contains(index.body, `<div id="app">`) || script == nil {
		t.Fatalf("GET /: not the UI's built page:\n%s", index.body)
	}
	js, err := fetch(t, client, base+script[1], false)
	if err != nil || !strings.Contains(js.body, "hello from packages/greeting, built in the workspace") {
		t.Errorf("GET %s: %v, the sibling package's built module is not in the UI:\n%s", script[1], err, js.body)
	}

	// A change of Go code alone: the assets copy the workspace without the Go module's files, so
	// none of the UI's steps runs again.
	writeFile(t, filepath.Join(dir, "version.go"), fmt.Sprintf("package main\n\nconst version = %q\n", fmt.Sprint(time.Now().UnixNano())))
	r = buildctl(t, dir).mustSucceed(t, "rebuild after a change of Go code")
	cached, ran := cachedSteps(r.out), ranSteps(r.out)
	for _, step := range []string{"[assets 2/5] COPY . ./", "[assets 4/5] RUN npm run build --workspace frontend"} {
		if !cached[step] || ran[step] {
			t.Errorf("%q ran again after a change of Go code only:\n%s", step, tail(r.out, 40))
		}
	}
	if step := "[builder 2/4] COPY . ./"; !ran[step] {
		t.Errorf("the builder's source copy did not run again after a change of Go code:\n%s", tail(r.out, 40))
	}
}

// TestAssetsWorkspaceBelowTheRoot builds testdata/go-ui-web-workspace from `language: go` and
// `entrypoint: ./cmd/hub` alone: a Go module with two programs, each embedding its UI, the UIs
// packages of an npm workspace in web/ (its own package.json and lockfile, below the context's
// root; frp's shape) that depend on the sibling web/common. Planning finds the UI cmd/hub
// imports (web/hub), installs it from web/'s lockfile filtered to it and builds it, leaving
// web/agent out of the image's build; the Makefile's line building ./cmd/hub gives its tags
// (cmd/hub's role needs `hub`). The server answers with the page its UI's build wrote from the
// sibling's module. `--target tester` then builds web/agent too, in stages of its own, for `go
// test ./...`, which compiles web/agent's embed (and runs its test of the built page). An image
// of both programs (`binaries`) builds both UIs into the builder, and each program answers its
// own. No package of the registry: the install links the workspace only.
func TestAssetsWorkspaceBelowTheRoot(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "go-ui-web-workspace"))
	steps := []string{ // the workspace's files from web/, its root in the stages
		"[assets-deps 2/3] COPY web/package.json web/package-lock.json web/common/package.json web/agent/package.json web/hub/package.json ./",
		"[assets-deps 3/3] RUN npm ci --workspace hub --include-workspace-root",
		"[assets 2/4] COPY web ./", "[assets 3/4] RUN npm run build --workspace hub",
		"[builder 3/4] COPY --from=assets /app/hub/dist ./web/hub/dist/"}
	img, r := buildImage(t, dir, "build testdata/go-ui-web-workspace")
	checkProgress(t, r, steps...)
	if strings.Contains(r.out, "--workspace agent") {
		t.Errorf("the agent's UI was installed or built for an image of hub:\n%s", tail(r.out, 40))
	}

	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	client := &http.Client{Timeout: 10 * time.Second}
	index := waitFor(t, client, fmt.Sprintf("http://127.0.0.1:%d/", port), 30*time.Second, c.logs.String)
	if !strings.Contains(index.body, "hello from web/common, linked by the workspace install") {
		t.Errorf("GET /: not the hub's built page:\n%s", index.body)
	}
	if logs := c.logsContaining("listening"); !strings.Contains(logs, "hub (tags of the Makefile line building ./cmd/hub)") {
		t.Errorf("the server was not built with the tag hub: %q", logs)
	}

	// The tests compile every package, web/agent's embed of a UI the image did not build. (After
	// the build above: two builds sharing a step at once do not both show it in their progress.)
	r = buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester of an image of hub")
	checkProgress(t, r, "RUN npm run build --workspace agent", "COPY --from=assets-agent /app/agent/dist ./web/agent/dist/",
		"RUN go test ./...")

	// An image of both programs: both UIs in the builder, each program serving its own, each
	// built with the tags of the Makefile line building it.
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nbinaries: [./cmd/hub, ./cmd/agent]\n")
	img, r = buildImage(t, dir, "build both programs")
	checkProgress(t, r, "COPY --from=assets /app/agent/dist ./web/agent/dist/", "COPY --from=assets-hub /app/hub/dist ./web/hub/dist/")
	for _, program := range []struct{ name, page string }{{"hub", "<title>hub</title>"}, {"agent", "the agent's UI: hello from web/common"}} {
		run := *img
		run.Config.Config.Entrypoint = []string{"/usr/local/bin/" + program.name}
		port := freePort(t)
		c := startContainer(t, &run, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
		index := waitFor(t, client, fmt.Sprintf("http://127.0.0.1:%d/", port), 30*time.Second, c.logs.String)
		if !strings.Contains(index.body, program.page) {
			t.Errorf("GET / of %s: not its built page:\n%s", program.name, index.body)
		}
		if logs, want := c.logsContaining("listening"), program.name+" (tags of the Makefile line building ./cmd/"+program.name+")"; !strings.Contains(logs, want) {
			t.Errorf("%s was not built with its tag: %q", program.name, logs)
		}
	}
}

// TestAssetsCopiedByAScript builds testdata/go-ui-script (fusion's shape): a Go module in
// backend/ whose internal/web embeds `all:dist`, where only a .keep is committed, and a UI in
// frontend/ beside the module that scripts.sh builds and copies there. From the three-line
// spec, the UI is built as default assets and copied into backend/internal/web/dist; the
// program serves the built page and its hashed script, not its fallback page.
func TestAssetsCopiedByAScript(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join("testdata", "go-ui-script"))
	img, r := buildImage(t, dir, "build testdata/go-ui-script")
	checkProgress(t, r, "[assets 3/4] RUN npm run build", "COPY --from=assets /app/dist ./backend/internal/web/dist/",
		"RUN go build -trimpath -ldflags=\"-s -w\" -o /out/ledger ./backend/cmd/ledger")

	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	client := &http.Client{Timeout: 10 * time.Second}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	index := waitFor(t, client, base+"/", 30*time.Second, c.logs.String)
	if !strings.Contains(index.body, "ledger: the built UI") || strings.Contains(index.body, "was not built") {
		t.Errorf("GET /: not the built UI:\n%s", index.body)
	}
	m := regexp.MustCompile(`src="(/assets/app-[0-9a-f]{8}\.js)"`).FindStringSubmatch(index.body)
	if m == nil {
		t.Fatalf("index.html loads no hashed script:\n%s", index.body)
	}
	if js, err := fetch(t, client, base+m[1], false); err != nil || js.status != http.StatusOK || !strings.Contains(js.body, "/api/entries") {
		t.Errorf("GET %s: %v %d %q", m[1], err, js.status, js.body)
	}
	if logs := c.logsContaining("listening"); !strings.Contains(logs, "as uid 65532 (UI built: true)") {
		t.Errorf("the server did not report the built UI as uid 65532: %q", logs)
	}
}
