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

// nodeFramework is an example on a real framework, built from its three-line spec (language,
// ports): what the image must run, hold and leave out, and a page it answers.
type nodeFramework struct {
	example    string
	testdata   bool // example is a directory of internal/e2e/testdata, not of examples/
	entrypoint []string
	cmd        []string
	steps      []string // progress lines the build must show
	noSteps    []string // and must not
	args       []string // buildctl's further arguments (corepackArgs for pnpm)
	present    []string // files of the image
	absent     []string // path prefixes the image must not hold
	env        []string // the image's environment holds these, besides PORT and NODE_ENV
	get, want  string   // GET get on port 3000 must answer 200 with want in the body
	also       map[string]string
	// volumes are directories of the image mounted read-write over the read-only root, as
	// `docker run --read-only -v` would; each must be the runtime user's (1000:1000) in the image
	volumes []string
}

var nodeFrameworks = []nodeFramework{
	{example: "node-nest",
		entrypoint: []string{"/usr/local/bin/node", "/app/dist/main"},
		steps:      []string{"[builder 3/4] RUN npm run build", "[builder 4/4] RUN test -e /app/dist/main || test -e /app/dist/main.js"},
		present:    []string{"/app/dist/main.js", "/app/dist/orders/orders.service.js", "/app/package.json", "/app/node_modules/@nestjs/core/package.json"},
		absent:     []string{"/app/src", "/app/test", "/app/tsconfig.json", "/app/nest-cli.json", "/app/node_modules/typescript", "/app/node_modules/@nestjs/cli", "/app/Dockerfile", "/app/README.md"},
		get:        "/orders/2", want: `"item":"filter papers"`},
	{example: "node-nx", // the build target is inferred by @nx/webpack/plugin from apps/api/webpack.config.js
		entrypoint: []string{"/usr/local/bin/node", "/app/dist/apps/api/main.js"},
		steps:      []string{"[builder 3/4] RUN node_modules/.bin/nx build api", "[builder 4/4] CHECK /app/dist/apps/api/main.js exists: the entry file"},
		present:    []string{"/app/dist/apps/api/main.js", "/app/package.json", "/app/node_modules/@nestjs/core/package.json"},
		absent: []string{"/app/apps", "/app/nx.json", "/app/tsconfig.base.json", "/app/.nx", "/app/node_modules/nx", "/app/node_modules/@nx/webpack", "/app/node_modules/@nx/nx-linux-x64-gnu",
			"/app/node_modules/webpack", "/app/node_modules/typescript", "/app/Dockerfile", "/app/README.md", "/app/package-lock.json"},
		get: "/api/sailings/1", want: `"route":"Saltcombe to Lowmoor"`,
		also: map[string]string{"/api/sailings": `"route":"Lowmoor to Gull Island"`}},
	{example: "node-next",
		entrypoint: []string{"/usr/local/bin/node", "/app/server.js"},
		steps:      []string{"[builder 3/4] RUN npm run build", "[builder 4/4] CHECK /app/.next/standalone/server.js exists: the entry file"},
		present:    []string{"/app/server.js", "/app/.next/BUILD_ID", "/app/public/sun.svg", "/app/node_modules/next/package.json"},
		absent:     []string{"/app/app", "/app/lib", "/app/test", "/app/next.config.mjs", "/app/.next/cache/", "/app/node_modules/typescript", "/app/Dockerfile", "/app/package-lock.json"},
		get:        "/", want: "<h1>Weather board</h1>",
		also: map[string]string{"/api/health": `"status":"ok"`, "/sun.svg": "<svg"}},
	{example: "node-nuxt",
		entrypoint: []string{"/usr/local/bin/node", "/app/.output/server/index.mjs"},
		steps:      []string{"[builder 3/4] RUN npm run build", "[builder 4/4] CHECK /app/.output/server/index.mjs exists: the entry file"},
		present:    []string{"/app/.output/server/index.mjs", "/app/.output/public/robots.txt"},
		absent:     []string{"/app/node_modules", "/app/package.json", "/app/app", "/app/server", "/app/shared", "/app/nuxt.config.ts", "/app/test", "/app/.nuxt"},
		get:        "/", want: "536 pages left to read",
		also: map[string]string{"/api/books": `"pagesLeft":536`, "/robots.txt": "User-agent"}},
	{example: "node-astro",
		entrypoint: []string{"/usr/local/bin/node", "/app/dist/server/entry.mjs"},
		steps:      []string{"[builder 3/4] RUN npm run build", "[builder 4/4] CHECK /app/dist/server/entry.mjs exists: the entry file"},
		present:    []string{"/app/dist/server/entry.mjs", "/app/dist/client/robots.txt", "/app/package.json", "/app/node_modules/astro/package.json", "/app/node_modules/@astrojs/node/package.json"},
		absent:     []string{"/app/src", "/app/public", "/app/test", "/app/astro.config.mjs", "/app/tsconfig.json", "/app/.astro", "/app/Dockerfile", "/app/README.md", "/app/package-lock.json"},
		env:        []string{"HOST=0.0.0.0"}, // the standalone server listens on localhost without it
		get:        "/?harbour=saltcombe", want: "Tides at Saltcombe</h1>",
		also: map[string]string{"/api/tides.json": `"harbour":"Lowmoor"`, "/robots.txt": "User-agent"}},
	{example: "node-express",
		entrypoint: []string{"/usr/local/bin/node", "/app/bin/www"},
		// no build, and bin/www is in the source planning read: the app stage (on the runtime image) only copies it
		steps: []string{"[app 2/2] COPY . ./"}, noSteps: []string{"RUN test -e", "] CHECK "},
		present: []string{"/app/bin/www", "/app/app.js", "/app/routes/trails.js", "/app/views/index.ejs", "/app/public/stylesheets/style.css", "/app/package.json", "/app/node_modules/express/package.json"},
		absent:  []string{"/app/test", "/app/README.md", "/app/Dockerfile", "/app/package-lock.json", "/app/.dockerignore"},
		get:     "/", want: "Ridge Loop</a> (14.2 km)",
		also: map[string]string{"/trails/lake": `"name":"Lake Shore"`, "/stylesheets/style.css": "Lucida Grande"}},
	{example: "node-tsx", testdata: true, // start: tsx src/server.ts, tsx a production dependency
		entrypoint: []string{"/usr/local/bin/node", "--import", "tsx", "/app/src/server.ts"},
		// its postinstall reads the source: deps installs without it, the builder runs it
		steps:   []string{"[deps 3/4] RUN npm pkg delete scripts.postinstall", "[deps 4/4] RUN npm ci", "[builder 3/3] RUN npm run postinstall"},
		present: []string{"/app/src/server.ts", "/app/src/timetable.ts", "/app/src/departures.json", "/app/package.json", "/app/node_modules/tsx/package.json"},
		absent:  []string{"/app/test", "/app/node_modules/typescript", "/app/Dockerfile", "/app/package-lock.json"},
		get:     "/north", want: `"next":"09:45"`,
		also: map[string]string{"/south": `"pier":"South"`, "/departures": "5 departures a day"}},
	{example: "node-fastify-cli", testdata: true, // start: fastify start -l info app.js, where app.js is a plugin that listens nowhere
		entrypoint: []string{"/usr/local/bin/node", "/app/node_modules/fastify-cli/cli.js"}, cmd: []string{"start", "-l", "info", "app.js"},
		steps: []string{"[app 2/2] COPY . ./"}, noSteps: []string{"] CHECK ", "RUN test -e"},
		present: []string{"/app/app.js", "/app/routes/root.js", "/app/routes/tides/index.js", "/app/tides.js", "/app/package.json", "/app/node_modules/fastify-cli/cli.js"},
		absent:  []string{"/app/test", "/app/Dockerfile", "/app/package-lock.json"},
		env:     []string{"FASTIFY_ADDRESS=0.0.0.0"}, // fastify-cli listens on localhost where it finds neither Docker nor Kubernetes
		get:     "/tides/lowmoor", want: `"highWater":"06:47"`,
		also: map[string]string{"/": `"harbours":["Saltcombe","Lowmoor"]`}},
	{example: "node-puppeteer", testdata: true, // puppeteer's postinstall downloads Chrome, unreachable here: the install skips it
		entrypoint: []string{"/usr/local/bin/node", "/app/server.js"},
		steps:      []string{"[deps 3/3] RUN npm ci", "[app 2/2] COPY . ./"},
		present:    []string{"/app/server.js", "/app/tickets.js", "/app/package.json", "/app/node_modules/puppeteer/package.json"},
		absent:     []string{"/app/test", "/app/Dockerfile", "/app/package-lock.json", "/root/.cache", "/home/node/.cache"},
		get:        "/printer", want: `{"puppeteer":"loaded","browser":false}`,
		also: map[string]string{"/ticket": "Saltcombe to Lowmoor</h1>"}},
	// writable: [data]; the server writes data/note.txt on request, logs it into log/, a volume
	// of its compose.yaml, and counts it in tally/, kept empty in git (.gitkeep) and named in server.js
	{example: "node-writable", testdata: true,
		entrypoint: []string{"/usr/local/bin/node", "/app/server.js"},
		steps: []string{"[builder 3/3] RUN mkdir -p data log tally", "[runtime 3/5] COPY --from=builder --chown=1000:1000 /app/data /app/data/",
			"[runtime 4/5] COPY --from=builder --chown=1000:1000 /app/log /app/log/",
			"[runtime 5/5] COPY --from=builder --chown=1000:1000 /app/tally /app/tally/"},
		present: []string{"/app/server.js", "/app/package.json", "/app/data/first.txt"},
		absent:  []string{"/app/test", "/app/Dockerfile", "/app/compose.yaml", "/app/package-lock.json", "/app/node_modules"},
		volumes: []string{"/app/data", "/app/log", "/app/tally"},
		get:     "/note?text=low+water+07:12", want: `{"note":"low water 07:12","first":"high water at Saltcombe 06:47"}`,
		also: map[string]string{"/": `"note":"low water 07:12"`}},
	// a server whose lib/config.js makes config/ below its working directory at start (as
	// gethomepage/homepage's does) and fills it from skeleton/, from a spec without `writable`:
	// config/ is the user's, and the server starts over the read-only root with a volume there
	// lib/visits.js appends each request to path.join(__dirname, "..", "logs", "visits.log"):
	// logs/ is the user's too (__dirname is lib/, the module running from its source)
	{example: "node-config-dir", testdata: true,
		entrypoint: []string{"/usr/local/bin/node", "/app/server.js"},
		steps: []string{"RUN mkdir -p config logs", "COPY --from=builder --chown=1000:1000 /app/config /app/config/",
			"COPY --from=builder --chown=1000:1000 /app/logs /app/logs/"},
		present: []string{"/app/server.js", "/app/lib/config.js", "/app/lib/visits.js", "/app/skeleton/settings.json"},
		absent:  []string{"/app/test", "/app/Dockerfile", "/app/package-lock.json", "/app/node_modules"},
		volumes: []string{"/app/config", "/app/logs"},
		get:     "/", want: `{"harbour":"Saltcombe","tide":"high water 06:47"}`,
		also: map[string]string{"/visits": `{"last":"/visits","count":`}},
	// a pnpm workspace whose server (workspace: apps/server) serves the page another package,
	// apps/client, builds into its dist/ (express.static(path.join(__dirname, "..", "client",
	// "dist"))): the client is built in the assets stages and its dist/ alone ships beside the server
	{example: "node-workspace-ui", testdata: true, args: corepackArgs,
		entrypoint: []string{"/usr/local/bin/node", "/app/apps/server/server.js"},
		steps: []string{"] RUN pnpm --filter client run build", "] RUN pnpm install --frozen-lockfile --filter client...",
			"] COPY --from=assets /app/apps/client/dist /app/apps/client/dist/"},
		present: []string{"/app/apps/server/server.js", "/app/apps/client/dist/index.html", "/app/node_modules/.pnpm/express@4.21.2"},
		absent:  []string{"/app/apps/client/build.js", "/app/apps/client/package.json", "/app/apps/server/test", "/app/Dockerfile"},
		get:     "/", want: "<h1>Tides at Saltcombe</h1>",
		also: map[string]string{"/api/tides": `"high":"06:47"`}},
	{example: "node-tsc-files", testdata: true, // tsc builds src/ into dist/; dist/main.js reads join(__dirname, '..', 'public')
		entrypoint: []string{"/usr/local/bin/node", "/app/dist/main.js"},
		steps:      []string{"[app 4/5] RUN npm run build", "COPY public (src/main.ts:7 __dirname) /app/public"}, // tsc alone: on the runtime image
		present:    []string{"/app/dist/main.js", "/app/dist/tides.js", "/app/public/index.html", "/app/package.json"},
		absent:     []string{"/app/src", "/app/test", "/app/tsconfig.json", "/app/node_modules", "/app/Dockerfile", "/app/package-lock.json"},
		get:        "/", want: "<h1>Harbour board</h1>",
		also: map[string]string{"/tides": `"highWater":"07:12"`}},
	// a package published to npm (thelounge's shape): its top-level index.js requires the build
	// in dist/ (scripts/build.js), and package.json's files lists what runs; the image holds
	// that, not the sources, client code, scripts or tests of the tree, and the build's
	// build-info.json, which index.js reads from its own directory though files does not list it
	{example: "node-published", testdata: true,
		entrypoint: []string{"/usr/local/bin/node", "/app/index"}, cmd: []string{"start"},
		steps:   []string{"RUN npm run build", "app/.harbour_home app/index.js app/dist app/public app/build-info.json (when present) /"},
		present: []string{"/app/index.js", "/app/.harbour_home", "/app/dist/main.js", "/app/dist/signals.js", "/app/public/index.html", "/app/package.json", "/app/build-info.json"},
		absent:  []string{"/app/src", "/app/client", "/app/scripts", "/app/test", "/app/node_modules", "/app/Dockerfile", "/app/package-lock.json"},
		get:     "/", want: "<h1>Signals at Saltcombe</h1>",
		also: map[string]string{"/signals": `{"built":"1.2.0","signals":[{"harbour":"Saltcombe","flag":"blue"`, "/build-info": `{"version":"1.2.0","sources":2}`}},
	{example: "node-bin-start", testdata: true, // start: run-script-os, start:default: cd bin && ./run start (Flowise's oclif shape)
		entrypoint: []string{"/usr/local/bin/node", "/app/bin/run"}, cmd: []string{"start"},
		steps:   []string{"RUN npm run build", "app/bin app/dist app/data (when present) /"},
		present: []string{"/app/bin/run", "/app/dist/index.js", "/app/data/tides.json", "/app/package.json"},
		absent:  []string{"/app/src", "/app/scripts", "/app/test", "/app/Dockerfile", "/app/package-lock.json"},
		get:     "/", want: `{"command":"start","harbour":"Saltcombe","high":"06:42"}`},
	{example: "node-compile-config", testdata: true, // no build script: `compile: tsc` into lib/, `start: node lib/`; node-config reads ./config
		entrypoint: []string{"/usr/local/bin/node", "/app/lib"},
		steps:      []string{"[builder 3/4] RUN npm run compile", "COPY config (config loads it) /app/config"},
		present:    []string{"/app/lib/index.js", "/app/config/default.json", "/app/config/production.json", "/app/package.json", "/app/node_modules/config/package.json"},
		absent:     []string{"/app/src", "/app/test", "/app/tsconfig.json", "/app/node_modules/typescript", "/app/Dockerfile", "/app/package-lock.json"},
		get:        "/", want: `{"pier":"Saltcombe","first":"07:15"}`}, // production.json over default.json: NODE_ENV=production
	{example: "node-webpack-md4", testdata: true, // webpack 5.28 (MD4) on node 24: the build runs with OpenSSL's legacy provider
		entrypoint: []string{"/usr/local/bin/node", "/app/dist/main.js"},
		steps:      []string{"[builder 3/4] RUN npm run build"}, // webpack's own output shows on a cold build only
		noSteps:    []string{"digital envelope routines::unsupported"},
		present:    []string{"/app/dist/main.js", "/app/package.json"},
		absent:     []string{"/app/src", "/app/test", "/app/webpack.config.js", "/app/node_modules", "/app/Dockerfile", "/app/package-lock.json"},
		get:        "/", want: `{"departures":2,"bundled":true}`,
		also: map[string]string{"/lowmoor": `"time":"08:40"`}},
	{example: "node-styles", testdata: true, // postinstall: patch-package && npm run styles (Sass); start: npm run styles && node server.js
		entrypoint: []string{"/usr/local/bin/node", "/app/server.js"},
		// deps keeps patch-package alone; the Sass compile, which needs public/, is the builder's, once
		steps:   []string{"[deps 3/4] RUN npm pkg set scripts.postinstall=patch-package", "[deps 4/4] RUN npm ci", "[builder 3/4] RUN npm run styles"},
		present: []string{"/app/server.js", "/app/public/index.html", "/app/public/css/board.css", "/app/package.json"},
		absent:  []string{"/app/test", "/app/node_modules/sass", "/app/node_modules/patch-package", "/app/Dockerfile", "/app/package-lock.json"},
		get:     "/css/board.css", want: ".board .tide {\n  color: #0b4f6c;",
		also: map[string]string{"/": "<h1 class=\"board\">Harbour board</h1>"}},
	{example: "node-nest-monorepo", testdata: true, // a NestJS 12 monorepo (rspack), its spec's workspace selecting the application tides
		entrypoint: []string{"/usr/local/bin/node", "/app/dist/apps/tides/main.js"},
		steps:      []string{"RUN node_modules/.bin/nest build tides"},
		present:    []string{"/app/dist/apps/tides/main.js", "/app/package.json", "/app/node_modules/@nestjs/core/package.json"},
		// not the default application, the sources, or the build's tools
		absent: []string{"/app/dist/apps/harbour", "/app/apps", "/app/libs", "/app/nest-cli.json", "/app/node_modules/@rspack/core", "/app/node_modules/@nestjs/cli", "/app/Dockerfile"},
		get:    "/tides", want: `{"app":"tides","harbour":"Saltcombe","highWater":"07:12"}`},
	{example: "node-root-ui", testdata: true, // a tsc-built Express server serving web/dist, the Vite UI its build script builds (npm run build -w web)
		entrypoint: []string{"/usr/local/bin/node", "/app/dist/server.js"},
		steps:      []string{"RUN npm run build"},
		present:    []string{"/app/dist/server.js", "/app/web/dist/index.html", "/app/package.json", "/app/node_modules/express/package.json"},
		absent:     []string{"/app/src", "/app/web/src", "/app/web/index.html", "/app/node_modules/vite", "/app/node_modules/typescript", "/app/Dockerfile"},
		get:        "/", want: "<title>Tide board</title>", // the UI, which the image lacked before aa3f2cb
		also: map[string]string{"/api/tides": `{"harbour":"Saltcombe","highWater":"07:12"}`}},
	{example: "node-sveltekit-server", testdata: true, // SvelteKit on adapter-node behind its own Express server.ts, run by `serve:prod: tsx server.ts`
		entrypoint: []string{"/usr/local/bin/node", "/app/server.ts"}, // node's type stripping, not tsx (a dev dependency)
		steps:      []string{"RUN npm run build", "CHECK /app/build/handler.js exists"},
		present:    []string{"/app/server.ts", "/app/build/handler.js", "/app/package.json", "/app/node_modules/express/package.json"},
		// nor the sources and configuration the build was made from: server.ts, build/, package.json (aroundbuild.go)
		absent: []string{"/app/test", "/app/src", "/app/svelte.config.js", "/app/vite.config.js", "/app/node_modules/vite", "/app/node_modules/tsx", "/app/Dockerfile", "/app/package-lock.json"},
		get:    "/healthz", want: `"ok":true`, // the project's server, which build/index.js would not be
		also: map[string]string{"/": "Saltcombe: high water 07:12"}},
}

// TestNodeFrameworks builds examples/node-{nest,nx,next,nuxt,astro,express} and
// testdata/node-tsx, node-fastify-cli, node-puppeteer, node-tsc-files (a tsc build whose
// dist/main.js reads public/ beside the build: the image holds it, copied from the context),
// node-published (a top-level index.js with package.json's files: the image holds those),
// node-bin-start (a start script through run-script-os running the package's bin by its path,
// `cd bin && ./run start`: node runs bin/run with `start`, beside what files publishes),
// node-compile-config (Feathers' shape: a `compile` script, `node lib/`, node-config's config/),
// node-styles (hackathon-starter's shape: a postinstall running patch-package, then the Sass
// compile its start script also runs, which deps splits: patch-package there, Sass in the
// builder), node-sveltekit-server (SvelteKit's handler behind the project's own server.ts,
// which a script not named start runs with tsx: node runs it, stripping its types),
// node-webpack-md4 (a webpack 5.28 build, which hashes with MD4, on node 24: built with
// OpenSSL's legacy provider), node-nest-monorepo (a NestJS monorepo whose spec's workspace
// selects an application other than the default: `nest build tides`, and the image runs its
// bundle), node-root-ui (a server whose build script builds the Vite UI of web/ it serves: the
// image holds web/dist) and node-writable (a server that writes
// into its spec's `writable: [data]`, mounted read-write as a volume filled from the image
// would be, over the read-only root) from their three-line specs (no entrypoint, no build command), in parallel, and runs each image as its non-root user
// in a network namespace of its own: node runs what the framework's production build leaves
// (Nest's start:prod dist/main, the bundle of the Nx app's inferred webpack build, Next.js's standalone server.js, Nuxt's .output, the standalone
// server of Astro's Node adapter on HOST 0.0.0.0, the Express generator's bin/www, a `tsx` start
// script under `node --import tsx`, fastify-cli's bin starting the plugin its start script
// names, on every interface, puppeteer installed without the browser its install script
// would download), the image
// holds only that (self-contained outputs without node_modules), and the server answers on the
// PORT the spec's port set.
func TestNodeFrameworks(t *testing.T) {
	need(t)
	for _, fw := range nodeFrameworks {
		t.Run(fw.example, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(repoRoot(t), "examples", fw.example)
			if fw.testdata {
				dir = filepath.Join(repoRoot(t), "internal", "e2e", "testdata", fw.example)
			}
			tarball := filepath.Join(t.TempDir(), "image.tar")
			r := buildctl(t, dir, append([]string{"--output", "type=oci,dest=" + tarball}, fw.args...)...).mustSucceed(t, "build examples/"+fw.example)
			for _, step := range fw.steps {
				if !strings.Contains(r.out, step) {
					t.Errorf("progress lacks %q", step)
				}
			}
			for _, step := range fw.noSteps {
				if strings.Contains(r.out, step) {
					t.Errorf("progress shows %q:\n%s", step, tail(r.out, 40))
				}
			}
			img := only(t, readOCI(t, tarball))
			cfg := img.Config.Config
			if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, fw.entrypoint) || !slices.Equal(cfg.Cmd, fw.cmd) {
				t.Errorf("user %q entrypoint %q cmd %q, want 1000:1000 %q %q", cfg.User, cfg.Entrypoint, cfg.Cmd, fw.entrypoint, fw.cmd)
			}
			for _, kv := range append([]string{"PORT=3000", "NODE_ENV=production"}, fw.env...) {
				if !slices.Contains(cfg.Env, kv) {
					t.Errorf("env %q lacks %s", cfg.Env, kv)
				}
			}
			checkShips(t, img, fw.present, fw.absent)
			checkOwned(t, img, "1000", fw.volumes)
			_, added := appLayers(t, img)
			t.Logf("%s: image %.1f MiB compressed (%.1f MiB uncompressed), the app's layers %.1f MiB uncompressed",
				fw.example, mib(img.Compressed), mib(img.Uncompressed()), mib(added))

			c := runWithVolumes(t, img, true, fw.volumes)
			if uid := c.uid(t); uid != "1000" {
				t.Errorf("the server runs as uid %s, want 1000", uid)
			}
			client := c.client(t)
			page := waitFor(t, client, "http://127.0.0.1:3000"+fw.get, 60*time.Second, c.logs.String)
			if !strings.Contains(page.body, fw.want) {
				t.Errorf("GET %s: %q lacks %q", fw.get, page.body, fw.want)
			}
			for path, want := range fw.also {
				if p := waitFor(t, client, "http://127.0.0.1:3000"+path, 10*time.Second, c.logs.String); !strings.Contains(p.body, want) {
					t.Errorf("GET %s: %q lacks %q", path, p.body, want)
				}
			}
		})
	}
}

// checkShips fails when a file is missing from the image or a path it must not hold is there.
func checkShips(t *testing.T, img *ociimage.Image, present, absent []string) {
	t.Helper()
	files := files(t, img)
	for _, p := range present {
		if _, ok := files[p]; !ok {
			t.Errorf("the image lacks %s", p)
		}
	}
	for name := range files {
		for _, p := range absent {
			if name == p || strings.HasPrefix(name, strings.TrimSuffix(p, "/")+"/") {
				t.Errorf("the image holds %s", name)
			}
		}
	}
}

// checkOwned fails unless each directory dirs of the image, and all it holds, belongs to uid.
func checkOwned(t *testing.T, img *ociimage.Image, uid string, dirs []string) {
	t.Helper()
	if len(dirs) == 0 {
		return
	}
	files := files(t, img)
	for _, d := range dirs {
		if f, ok := files[d]; !ok || fmt.Sprint(f.UID) != uid || f.Type != '5' {
			t.Errorf("%s: %+v (present=%v), want a directory of uid %s", d, f, ok, uid)
		}
		for name, f := range files {
			if strings.HasPrefix(name, d+"/") && fmt.Sprint(f.UID) != uid {
				t.Errorf("%s is uid %d's, want %s", name, f.UID, uid)
			}
		}
	}
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// TestNodeBrokenEntrypointFailsTheBuild: what the image would run is missing, and the build
// fails at the builder's check, before any image is exported, at the spec line responsible:
// a spec entrypoint naming a file the project does not have (also a plan-time
// EntrypointNotFound warning), and an inferred entry its build does not make. The check is a
// step of its own (the build names no entry file: an edit of entrypoint reruns only the check),
// run without a container, and the failing step's name and error say what is missing and what to set.
func TestNodeBrokenEntrypointFailsTheBuild(t *testing.T) {
	need(t)
	for _, c := range []struct {
		name, spec string
		pkg        func(map[string]any)
		want       []string
	}{
		{"spec entrypoint", "language: node\nentrypoint: bin/server.js\n", nil,
			[]string{"[app 3/3] CHECK /app/bin/server.js exists: the entry file; if not: set `entrypoint`", // no build: on the runtime image
				"ERROR: lstat /app/bin/server.js: no such file or directory",
				"3 | >>> entrypoint: bin/server.js"}},
		{"inferred entry the build does not make", "language: node\nports: [3000]\n", func(pkg map[string]any) {
			scripts := pkg["scripts"].(map[string]any)
			scripts["build"], scripts["start"] = "node -e 0", "node dist/server.js"
		}, []string{"[builder 4/4] CHECK /app/dist/server.js exists: the entry file; if not: set `entrypoint`",
			"ERROR: lstat /app/dist/server.js: no such file or directory", "2 | >>> language: node"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "node-express"))
			writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\n"+c.spec)
			if c.pkg != nil {
				editJSON(t, filepath.Join(dir, "package.json"), c.pkg)
			}
			r := buildctl(t, dir, "--output", "type=oci,dest="+filepath.Join(t.TempDir(), "image.tar")).mustFail(t, "a build without what the image runs")
			for _, want := range c.want {
				if !strings.Contains(r.out, want) {
					t.Errorf("the failure lacks %q:\n%s", want, tail(r.out, 30))
				}
			}
			if !strings.Contains(stepOutput(r.out, c.want[0]), c.want[1]) {
				t.Errorf("the output of %q lacks %q:\n%s", c.want[0], c.want[1], tail(r.out, 30))
			}
			if strings.Contains(r.out, "exporting to") {
				t.Errorf("an image was exported")
			}
			if c.pkg == nil { // planning could tell: --check says so without building
				r = buildx(t, dir, "build", "--progress=quiet", "--check", ".").mustFail(t, "--check of a missing entrypoint")
				if !strings.Contains(r.out, "EntrypointNotFound") || !strings.Contains(r.out, "bin/server.js is not in the build context") {
					t.Errorf("--check does not warn:\n%s", tail(r.out, 20))
				}
			}
		})
	}
}

// editJSON rewrites a JSON file through edit.
func editJSON(t *testing.T, file string, edit func(map[string]any)) {
	t.Helper()
	var v map[string]any
	dt, err := os.ReadFile(file)
	if err == nil {
		err = json.Unmarshal(dt, &v)
	}
	if err != nil {
		t.Fatal(err)
	}
	edit(v)
	dt, err = json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, fmt.Sprintf("%s\n", dt))
}

// TestNxRebuildReadsItsCache: an Nx workspace's build runs with the workspace's .nx (the task
// cache and, since Nx 20, the database that records it) as a cache mount, so that a rebuild
// whose change is outside the project's inputs (here the README) restores the project's build
// from Nx's cache instead of running webpack again; the image is still built from it.
func TestNxRebuildReadsItsCache(t *testing.T) {
	need(t)
	t.Parallel()
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "node-nx"))
	out := func() string { return filepath.Join(t.TempDir(), "image.tar") }
	// changes no earlier run made, before each build: BuildKit would have either build's step
	// cached, and nx would not run. The first build must run nx too, or the .nx it reads could be
	// one the builder's garbage collection (or make test's trim) emptied while the step's layer
	// stayed (CI-style run of 061d1fe: the rebuild's nx found its cache empty, 0/1 hit)
	readme := func(n int) {
		writeFile(t, filepath.Join(dir, "README.md"), fmt.Sprintf("# Harbour API\n\nA change outside the api project's inputs (%d, %d).\n", n, time.Now().UnixNano()))
	}
	readme(1)
	first := buildctl(t, dir, "--output", "type=oci,dest="+out()).mustSucceed(t, "build examples/node-nx")
	if !strings.Contains(first.out, "nx run api:build") {
		t.Fatalf("the first build did not run nx:\n%s", tail(first.out, 30))
	}
	readme(2)
	r := buildctl(t, dir, "--output", "type=oci,dest="+out()).mustSucceed(t, "rebuild examples/node-nx with its README changed")
	for _, want := range []string{"[builder 3/4] RUN node_modules/.bin/nx build api", "nx run api:build  [local cache]",
		"Nx read the output from the cache instead of running the command for 1 out of 1 tasks"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the rebuild's progress lacks %q:\n%s", want, tail(r.out, 30))
		}
	}
}
