package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestDenoImage builds examples/deno, whose spec is `ports: [8000]` (Deno detected by
// deno.json), and checks the image: denoland/deno distroless, nonroot, deno run under tini with
// the start task's permissions and nothing else, DENO_DIR holding the npm dependency, no test
// run; then runs it as 65532 with a read-only root, asks it over HTTP and stops it with SIGTERM.
func TestDenoImage(t *testing.T) {
	need(t)
	t.Parallel()
	dir := filepath.Join(repoRoot(t), "examples", "deno")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build examples/deno")
	for _, step := range []string{"[deps 2/3] COPY deno.json deno.lock ./", "[deps 3/3] RUN deno install --frozen",
		"[builder 3/4] RUN deno install --frozen --entrypoint main.ts", "[runtime 2/3] COPY --from=builder /deno-dir /deno-dir/",
		"[runtime 3/3] COPY --from=builder /app /app/"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	want := []string{"/tini", "--", "/bin/deno", "run", "--cached-only", "--allow-net", "--allow-env=PORT,HOST",
		"--allow-sys=uid", "/app/main.ts"}
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, want) || cfg.WorkingDir != "/app" || !slices.Contains(cfg.Env, "DENO_DIR=/deno-dir") {
		t.Errorf("config user %q entrypoint %q workdir %q env %q", cfg.User, cfg.Entrypoint, cfg.WorkingDir, cfg.Env)
	}
	if base := cfg.Labels["org.opencontainers.image.base.name"]; base != "denoland/deno:distroless-2.9.6" {
		t.Errorf("base %q", base)
	}
	files := files(t, img)
	hono := false
	for name, f := range files {
		hono = hono || strings.HasPrefix(name, "/deno-dir/npm/registry.npmjs.org/hono/")
		if strings.HasPrefix(name, "/app/") && (f.UID != 0 || f.Mode&0o022 != 0) {
			t.Errorf("%s: %+v, want it root-owned and not writable by others", name, f)
		}
		if strings.HasPrefix(name, "/app/node_modules") || name == "/app/Dockerfile" {
			t.Errorf("the runtime image holds %s", name)
		}
	}
	if !hono {
		t.Errorf("DENO_DIR lacks the npm dependency (hono)")
	}
	t.Logf("image: %d bytes uncompressed (%d compressed)", img.Uncompressed(), img.Compressed)

	port := freePort(t)
	c := startContainer(t, img, "--port", fmt.Sprint(port), "--host", "127.0.0.1")
	body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 30*time.Second)
	if !strings.Contains(body, `"message":"hello, e2e"`) || !strings.Contains(body, `"deno":"2.9.6"`) {
		t.Errorf("answer %q", body)
	}
	if logs := c.logsContaining("as uid 65532"); !strings.Contains(logs, "as uid 65532") {
		t.Errorf("the server did not run as uid 65532: %q", logs)
	}
	// tini forwards SIGTERM to deno, which ends at once (deno as PID 1 would ignore it)
	if err := exec.Command("runc", "kill", c.id, "TERM").Run(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code := c.wait(t, 5*time.Second)
	t.Logf("SIGTERM: the container exited %d after %s", code, time.Since(start).Round(time.Millisecond))
}

// TestDenoTester runs the example's tests (--target tester, deno task test), then a failing
// test, which must fail the build showing it.
func TestDenoTester(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "deno"))
	r := buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester")
	step := "[tester 2/2] RUN deno task test"
	if !strings.Contains(r.out, step) || (!strings.Contains(r.out, "2 passed") && !cachedSteps(r.out)[step]) {
		t.Errorf("progress lacks the passing tests:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "broken_test.ts"),
		"import { strictEqual } from \"node:assert\";\n\nDeno.test(\"deliberately broken\", () => strictEqual(1, 2));\n")
	r = buildctl(t, dir, "--opt", "target=tester").mustFail(t, "--target tester with a failing test")
	if !strings.Contains(r.out, "deliberately broken") {
		t.Errorf("the failure does not show the failing test:\n%s", tail(r.out, 30))
	}
}

// TestDenoStaticSite builds a Deno project whose build task writes a site (`runtime: static`,
// `entrypoint: dist`): the task runs in the builder on Deno, and the image is nginx serving
// dist/ as uid 101, with nothing of Deno; its tester, with no test modules, passes. (Lume sites take this path by default; Lume comes from
// deno.land and jsr.io, which this machine cannot reach, so its detection is planning-tested.)
func TestDenoStaticSite(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nruntime: static\nentrypoint: dist\n")
	writeFile(t, filepath.Join(dir, "deno.json"), `{"tasks": {"build": "deno run --allow-write=dist build.ts"}}`+"\n")
	writeFile(t, filepath.Join(dir, "build.ts"), `await Deno.mkdir("dist/guide", { recursive: true });
await Deno.writeTextFile("dist/index.html", "<!doctype html><title>Deno site</title><p>built by deno " + Deno.version.deno + "</p>\n");
await Deno.writeTextFile("dist/guide/index.html", "<!doctype html><p>the guide</p>\n");
await Deno.writeTextFile("dist/404.html", "<!doctype html><p>no such page</p>\n");
`)
	img, r := buildImage(t, dir, "build a Deno static site")
	checkProgress(t, r, "RUN deno task build", "[runtime 2/3] WRITE /etc/nginx/conf.d/default.conf",
		"[runtime 3/3] COPY --from=builder /app/dist /usr/share/nginx/html/")
	for name := range files(t, img) {
		if strings.HasPrefix(name, "/deno-dir") || strings.HasPrefix(name, "/app") || strings.HasSuffix(name, "/deno") {
			t.Errorf("the site's image holds %s", name)
		}
	}
	c := startIsolatedContainer(t, img)
	client := c.client(t)
	index := waitFor(t, client, siteBase+"/", 30*time.Second, c.logs.String)
	checkNginx(t, c, index)
	if !strings.Contains(index.body, "built by deno 2.9.6") {
		t.Errorf("GET /: %q", index.body)
	}
	if p, err := fetch(t, client, siteBase+"/guide/", false); err != nil || p.status != 200 || !strings.Contains(p.body, "the guide") {
		t.Errorf("GET /guide/: %v %+v", err, p)
	}
	if p, err := fetch(t, client, siteBase+"/nope", false); err != nil || p.status != 404 || !strings.Contains(p.body, "no such page") {
		t.Errorf("GET /nope: %v %+v, want the site's 404 page", err, p)
	}
	// no test modules and no test task: the tester passes (deno test --permit-no-files)
	r = buildctl(t, dir, "--opt", "target=tester").mustSucceed(t, "--target tester without test modules")
	checkProgress(t, r, "RUN deno test --permit-no-files")
}

// TestDenoViteApp builds a Vite app run by Deno tasks, as Deno's React tutorial writes one (the
// build task `deno run -A npm:vite build`, no start task), from `ports: [8080]` alone: Vite runs
// in the builder on Deno (npm:vite from the npm registry) and writes the outDir its config names,
// and the image is nginx serving it, its hashed assets cached for a year and a route of the app
// answered with index.html; src/main.ts, the browser's entry, is not run by deno.
func TestDenoViteApp(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nports: [8080]\n")
	writeFile(t, filepath.Join(dir, "deno.json"), `{"tasks": {"dev": "deno run -A npm:vite", "build": "deno run -A npm:vite build"},
  "imports": {"vite": "npm:vite@^6.3.0"}, "nodeModulesDir": "auto"}`+"\n")
	writeFile(t, filepath.Join(dir, "vite.config.ts"), "export default { build: { outDir: \"www\" } };\n")
	writeFile(t, filepath.Join(dir, "index.html"), "<!doctype html><title>tides</title><div id=\"app\"></div>\n<script type=\"module\" src=\"/src/main.ts\"></script>\n")
	writeFile(t, filepath.Join(dir, "src/main.ts"), "document.querySelector(\"#app\")!.textContent = \"high water at \" + (6 + 6) + \":04\";\n")
	img, r := buildImage(t, dir, "build a Deno Vite app")
	checkProgress(t, r, "RUN deno task build", "COPY --from=builder /app/www /usr/share/nginx/html/")
	for name := range files(t, img) {
		if strings.HasPrefix(name, "/deno-dir") || strings.HasPrefix(name, "/app") {
			t.Errorf("the site's image holds %s", name)
		}
	}
	checkViteSPA(t, img, "/", "high water at", "/tides/today")
}

// TestDenoWorkspace builds a Deno workspace of our own from a spec without `workspace`: the
// api member, the only one with a start task, is what the image runs. deps copies the root's
// and every member's deno.json before deno install; the member's build task runs in its
// directory (deno task --cwd api build), and the image runs its module there, importing the
// library member by name, reading what its build wrote and writing a file in its working
// directory at start (started.txt, from a module it imports: the member's directory takes new
// files from the runtime user, 65532). The image leaves out the member
// the api does not import (packages/unused), which deno info's module graph does not reach.
func TestDenoWorkspace(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"Dockerfile": "# syntax=org/multistage-frontend\nports: [8000]\n",
		"deno.json":  `{"workspace": ["./api", "packages/*"]}` + "\n",
		"api/deno.json": `{"name": "@acme/api", "tasks": {"build": "deno run --allow-write=dist build.ts",
  "start": "deno run --allow-net --allow-env=PORT --allow-read=dist,started.txt --allow-write=started.txt server.ts"}}` + "\n",
		"api/build.ts": `await Deno.mkdir("dist", { recursive: true });
await Deno.writeTextFile("dist/built.txt", "and the api's build");
`,
		"api/server.ts": `import { greet } from "@acme/lib";
import { started } from "./started.ts";
const built = await Deno.readTextFile("dist/built.txt");
Deno.serve({ hostname: "0.0.0.0", port: Number(Deno.env.get("PORT") ?? "8000") }, () => new Response(greet() + " " + built + ", " + started + "\n"));
`,
		// a file the server writes in its working directory at start, as the runtime user
		"api/started.ts": `await Deno.writeTextFile("started.txt", "written at start");
export const started = await Deno.readTextFile("started.txt");
`,
		"packages/lib/deno.json":    `{"name": "@acme/lib", "version": "0.1.0", "exports": "./mod.ts"}` + "\n",
		"packages/lib/mod.ts":       `export const greet = (): string => "hello from the lib member";` + "\n",
		"packages/unused/deno.json": `{"name": "@acme/unused", "version": "0.1.0", "exports": "./mod.ts"}` + "\n",
		"packages/unused/mod.ts":    `export const unused = 1;` + "\n",
	} {
		writeFile(t, filepath.Join(dir, name), content)
	}
	img, r := buildImage(t, dir, "build a Deno workspace")
	checkProgress(t, r, "COPY deno.json api/deno.json packages/lib/deno.json packages/unused/deno.json ./", "RUN deno task --cwd api build",
		"RUN deno install --entrypoint api/server.ts", "leave out the members of packages/lib packages/unused that api does not import")
	checkShips(t, img, []string{"/app/deno.json", "/app/api/server.ts", "/app/api/dist/built.txt", "/app/packages/lib/mod.ts"},
		[]string{"/app/packages/unused"})
	cfg := img.Config.Config
	if cfg.WorkingDir != "/app/api" || !slices.Contains(cfg.Entrypoint, "/app/api/server.ts") {
		t.Errorf("runs %q in %s", cfg.Entrypoint, cfg.WorkingDir)
	}
	// the root is read-only, the member's directory a volume filled from the image with its owner
	// and mode (`docker run --read-only -v`): the write needs the directory to be the user's group's
	c := runWithVolumes(t, img, true, []string{"/app/api"})
	page := waitFor(t, c.client(t), "http://127.0.0.1:8000/", 30*time.Second, c.logs.String)
	if !strings.Contains(page.body, "hello from the lib member and the api's build, written at start") {
		t.Errorf("GET /: %q", page.body)
	}
	if uid := c.uid(t); uid != "65532" {
		t.Errorf("runs as uid %s, want 65532", uid)
	}
}

// TestDenoDevTaskOnly builds a server of ours shaped as neumann-tokyo's Hono API template, whose
// deno.jsonc has only a dev task (`deno run --watch --allow-net --allow-env src/index.ts`) and
// no start task or default module, from `ports: [8080]` alone: the image runs the dev task's
// module with its permissions and without --watch, and answers. Planning failed before.
func TestDenoDevTaskOnly(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"Dockerfile": "# syntax=org/multistage-frontend\nports: [8080]\n",
		"deno.jsonc": "{\n\t// the only task: what its developers run\n\t\"tasks\": {\"dev\": \"deno run --watch --allow-net --allow-env src/index.ts\"}\n}\n",
		"src/index.ts": `import { answer } from "./answer.ts";
Deno.serve({ port: Number(Deno.env.get("PORT") ?? "8000") }, answer);
`,
		"src/answer.ts": `export const answer = (): Response => new Response("hello from the dev task's module\n");` + "\n",
	} {
		writeFile(t, filepath.Join(dir, name), content)
	}
	img, _ := buildImage(t, dir, "build a Deno project with only a dev task")
	if ep := img.Config.Config.Entrypoint; !slices.Equal(ep[len(ep)-4:], []string{"--cached-only", "--allow-net", "--allow-env", "/app/src/index.ts"}) {
		t.Errorf("entrypoint %q", ep)
	}
	c := startIsolatedContainer(t, img)
	page := waitFor(t, c.client(t), "http://127.0.0.1:8080/", 30*time.Second, c.logs.String)
	if page.body != "hello from the dev task's module\n" {
		t.Errorf("GET /: %q", page.body)
	}
}

// TestDenoKVFromTheProjectsDockerfile builds a server of ours shaped as simple-kvs: no task says
// what it runs, its own Dockerfile (here Containerfile, the spec being Dockerfile) runs
// `CMD ["run", "--allow-net", "--allow-env", "serve.ts"]` on a denoland/deno image, and the
// module it imports opens Deno KV with a path from the environment, unset, so Deno keeps the
// database in DENO_DIR's location_data. From `ports: [8000]` alone the image runs serve.ts with
// those permissions and --unstable-kv (without it Deno.openKv is not there), and location_data
// is the runtime user's: run as 65532 with a read-only root and location_data a volume filled
// from the image, a write and a read of KV answer. Planning failed before (no start task, no
// main.ts), and an image with `entrypoint: serve.ts` failed at start.
func TestDenoKVFromTheProjectsDockerfile(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"Dockerfile":    "# syntax=org/multistage-frontend\nports: [8000]\n",
		"Containerfile": "FROM denoland/deno:2.9.6\nWORKDIR /app\nCOPY . .\nCMD [\"run\", \"--allow-net\", \"--allow-env\", \"serve.ts\"]\n",
		"deno.json":     `{"name": "@acme/counter"}` + "\n",
		"serve.ts": `import { kv } from "./store.ts";
Deno.serve(async () => {
  const n = ((await kv.get<number>(["n"])).value ?? 0) + 1;
  await kv.set(["n"], n);
  return new Response("count " + n + "\n");
});
`,
		"store.ts": `export const kv = await Deno.openKv(Deno.env.get("KV_PATH"));` + "\n",
	} {
		writeFile(t, filepath.Join(dir, name), content)
	}
	img, r := buildImage(t, dir, "build a Deno KV server run by its own Dockerfile's command")
	checkProgress(t, r, "RUN deno install --entrypoint serve.ts")
	if f, ok := files(t, img)["/deno-dir/location_data"]; !ok || f.UID != 65532 {
		t.Errorf("/deno-dir/location_data: %+v (there: %v), want it 65532's", f, ok)
	}
	if ep := img.Config.Config.Entrypoint; !slices.Equal(ep[len(ep)-5:], []string{"--cached-only", "--unstable-kv", "--allow-net", "--allow-env", "/app/serve.ts"}) {
		t.Errorf("entrypoint %q", ep)
	}
	c := runWithVolumes(t, img, true, []string{"/deno-dir/location_data"})
	client := c.client(t)
	page := waitFor(t, client, "http://127.0.0.1:8000/", 30*time.Second, c.logs.String)
	if page.body != "count 1\n" {
		t.Errorf("GET /: %q (logs %s)", page.body, c.logs.String())
	}
	if page = waitFor(t, client, "http://127.0.0.1:8000/", 10*time.Second, c.logs.String); page.body != "count 2\n" {
		t.Errorf("GET / again: %q", page.body)
	}
	if uid := c.uid(t); uid != "65532" {
		t.Errorf("runs as uid %s, want 65532", uid)
	}
}

// TestDenoStartTaskDependencies builds a project of ours shaped as fedify's hono-sample: the
// start task, in its object form, depends on a codegen task writing the module the program
// imports, which the context does not hold. The builder runs it (`deno task codegen`) before
// caching the module, as `deno task start` runs it first, and the image answers with what it
// wrote; before, the build failed on the missing module.
func TestDenoStartTaskDependencies(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"Dockerfile": "# syntax=org/multistage-frontend\nports: [8000]\n",
		"deno.json": `{"tasks": {
  "codegen": "deno run --allow-write=gen gen.ts",
  "start": {"command": "deno run --allow-net --allow-env main.ts", "dependencies": ["codegen"]}
}}` + "\n",
		"gen.ts":  `await Deno.mkdir("gen", { recursive: true });` + "\n" + `await Deno.writeTextFile("gen/message.ts", "export const message = \"generated by codegen\";\n");` + "\n",
		"main.ts": `import { message } from "./gen/message.ts";` + "\n" + `Deno.serve(() => new Response(message + "\n"));` + "\n",
	} {
		writeFile(t, filepath.Join(dir, name), content)
	}
	img, r := buildImage(t, dir, "build a Deno project whose start task depends on a codegen")
	checkProgress(t, r, "RUN deno task codegen", "RUN deno install --entrypoint main.ts")
	checkShips(t, img, []string{"/app/gen/message.ts", "/app/main.ts"}, nil)
	c := startIsolatedContainer(t, img)
	page := waitFor(t, c.client(t), "http://127.0.0.1:8000/", 30*time.Second, c.logs.String)
	if page.body != "generated by codegen\n" {
		t.Errorf("GET /: %q", page.body)
	}
}

// TestDenoKVInTheWorkingDirectory builds a server of ours with no task and the default
// permissions, opening Deno KV at ./kv.db: the image makes /app take new files from the runtime
// user and, since the default permissions would refuse the write, runs deno with
// --allow-write=/app (and --unstable-kv): run as 65532 with a read-only root and /app a volume
// filled from the image, a write and a read of KV answer. Before, the first open failed
// (NotCapable).
func TestDenoKVInTheWorkingDirectory(t *testing.T) {
	need(t)
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"Dockerfile": "# syntax=org/multistage-frontend\nports: [8000]\n",
		"deno.json":  `{"name": "@acme/visits"}` + "\n",
		"main.ts": `const kv = await Deno.openKv("./kv.db");
Deno.serve(async () => {
  const n = ((await kv.get<number>(["n"])).value ?? 0) + 1;
  await kv.set(["n"], n);
  return new Response("visit " + n + "\n");
});
`,
	} {
		writeFile(t, filepath.Join(dir, name), content)
	}
	img, _ := buildImage(t, dir, "build a Deno KV server writing in its working directory")
	if ep := img.Config.Config.Entrypoint; !slices.Contains(ep, "--allow-write=/app") || !slices.Contains(ep, "--unstable-kv") {
		t.Errorf("entrypoint %q", ep)
	}
	c := runWithVolumes(t, img, true, []string{"/app"})
	client := c.client(t)
	if page := waitFor(t, client, "http://127.0.0.1:8000/", 30*time.Second, c.logs.String); page.body != "visit 1\n" {
		t.Errorf("GET /: %q (logs %s)", page.body, c.logs.String())
	}
	if page := waitFor(t, client, "http://127.0.0.1:8000/", 10*time.Second, c.logs.String); page.body != "visit 2\n" {
		t.Errorf("GET / again: %q", page.body)
	}
}
