package bun

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

var provider = langtest.For(Provider{})

func TestExampleStagesCachesAndImage(t *testing.T) {
	p := provider.MustPlan(t, "ports: [3000]\n", provider.Example(t, "bun"))
	deps := langtest.Deps(t, p, "oven/bun:1")
	if cp := langtest.Copies(deps)[0]; !slices.Equal(cp.Paths, []string{"package.json", "bun.lock"}) {
		t.Errorf("dependency files %q", cp.Paths)
	}
	install := langtest.Runs(deps)[0]
	cache := plan.Mount{Type: plan.MountCache, ID: "bun-install", Target: "/root/.bun/install/cache", Sharing: "locked"}
	if !slices.Equal(install.Args, []string{"bun", "install", "--frozen-lockfile"}) || !slices.Equal(install.Mounts, []plan.Mount{cache}) ||
		!slices.Equal(install.UseArgs, []string{"NPM_CONFIG_REGISTRY", "BUN_CONFIG_REGISTRY"}) {
		t.Errorf("install %+v", install)
	}
	// no build script: the builder copies the source and checks that the entry file is there
	if b := langtest.Runs(p.Stage("builder")); len(b) != 1 || b[0].Display != "test -e /app/src/server.ts" || !b[0].NoNetwork {
		t.Errorf("the builder runs %+v", b)
	}
	test := langtest.Runs(p.Stage("tester"))[0]
	if !slices.Equal(test.Args, []string{"bun", "run", "test"}) || slices.Contains(test.UseArgs, "NPM_CONFIG_REGISTRY") {
		t.Errorf("test %+v: want the test script, without the registry", test)
	}
	prod := langtest.Runs(p.Stage("prod-deps"))[0]
	if prod.Display != "bun install --frozen-lockfile --production" || !strings.Contains(prod.Args[2], "rm -rf node_modules") ||
		!slices.Equal(prod.Mounts, []plan.Mount{cache}) {
		t.Errorf("prod-deps %+v: want a fresh production install from the cache", prod)
	}

	rt := p.Stage("runtime")
	if rt.Base.Image != "oven/bun:1-slim" || p.Image.User != "1000:1000" || p.Image.Workdir != "/app" ||
		!slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", "/app/src/server.ts"}) ||
		!slices.Contains(p.Image.Env, plan.Env{Key: "NODE_ENV", Value: "production"}) ||
		!slices.Contains(p.Image.Env, plan.Env{Key: "PORT", Value: "3000"}) { // Bun.serve's port, as Node.js's frameworks'
		t.Errorf("runtime %s: image %+v", rt.Base.Image, p.Image)
	}
	var copied []string
	for _, c := range langtest.Copies(rt) {
		copied = append(copied, c.FromStage+":"+strings.Join(c.Paths, ","))
	}
	if !slices.Equal(copied, []string{"prod-deps:/app/node_modules", ":package.json,tsconfig.json", ":src"}) {
		t.Errorf("the image holds %q: want production node_modules, package.json, tsconfig.json and src", copied)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}
}

func pkg(json string, more ...string) lang.Facts {
	return langtest.With(lang.Facts{"package.json": []byte(json)}, more...)
}

func TestVersionAndRuntimes(t *testing.T) {
	for _, c := range []struct{ spec, pkg, file, builder, runtime string }{
		{"language: bun\n", `{"main": "a.ts"}`, "", "oven/bun:1", "oven/bun:1-slim"},
		{"language: bun\nversion: 1.1.3\n", `{"main": "a.ts", "packageManager": "bun@1.2.0"}`, "", "oven/bun:1.1.3", "oven/bun:1.1.3-slim"},
		{"language: bun\n", `{"main": "a.ts", "packageManager": "bun@1.2.19+sha256.abc"}`, "1.0.0", "oven/bun:1.2.19", "oven/bun:1.2.19-slim"},
		{"language: bun\n", `{"main": "a.ts"}`, "v1.1.8\n", "oven/bun:1.1.8", "oven/bun:1.1.8-slim"},
		{"language: bun\nruntime: distroless\n", `{"main": "a.ts", "engines": {"bun": ">=1.1"}}`, "", "oven/bun:1", "oven/bun:1-distroless"},
		{"language: bun\n", `{"main": "a.ts", "engines": {"bun": ">=1.1"}}`, "tool-versions:nodejs 24.1.0\nbun 1.2.21 # mise\n", "oven/bun:1.2.21", "oven/bun:1.2.21-slim"},
		{"language: bun\nruntime: alpine\n", `{"main": "a.ts"}`, "", "oven/bun:1-alpine", "oven/bun:1-alpine"},
	} {
		f := pkg(c.pkg, "bun.lock", "{}")
		if tv, ok := strings.CutPrefix(c.file, "tool-versions:"); ok {
			f[".tool-versions"] = []byte(tv)
		} else if c.file != "" {
			f[".bun-version"] = []byte(c.file)
		}
		p := provider.MustPlan(t, c.spec, f)
		if got := p.Stage("deps").Base.Image; got != c.builder {
			t.Errorf("%s%s: builder %s, want %s", c.spec, c.pkg, got, c.builder)
		}
		if got := p.Stage("runtime").Base.Image; got != c.runtime {
			t.Errorf("%s%s: runtime %s, want %s", c.spec, c.pkg, got, c.runtime)
		}
	}
	p := provider.MustPlan(t, "language: bun\nruntime: distroless\n", pkg(`{"main": "a.ts"}`, "bun.lock", "{}"))
	if p.Image.User != lang.NonRoot || p.Image.Entrypoint[0] != "/usr/local/bin/bun" {
		t.Errorf("distroless runs %q as %s", p.Image.Entrypoint, p.Image.User)
	}
	provider.Refuses(t, "language: bun\nversion: latest\n", pkg(`{}`), "not a Bun version")
	if _, err := provider.TryPlan(t, "language: bun\nruntime: scratch\n", pkg(`{"main": "a.ts"}`)); err == nil ||
		!strings.Contains(err.Error(), "Bun cannot run on scratch") {
		t.Errorf("scratch: %v", err)
	}
}

func TestAStartScriptRunningNodeRunsOnNode(t *testing.T) {
	f := pkg(`{"scripts": {"build": "bun build src/server.ts --outdir dist --target node", "start": "node dist/server.js"},
		"dependencies": {"ms": "2"}, "engines": {"node": ">=22"}}`, "bun.lock", "{}")
	p := provider.MustPlan(t, "language: bun\n", f)
	if got := p.Stage("runtime").Base.Image; got != "node:22-bookworm-slim" ||
		!slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/dist/server.js"}) {
		t.Errorf("runtime %s runs %q", got, p.Image.Entrypoint)
	}
	if b := langtest.Runs(p.Stage("builder")); p.Stage("deps").Base.Image != "oven/bun:1" || !slices.Equal(b[0].Args, []string{"bun", "run", "build"}) ||
		b[1].Display != "test -e /app/dist/server.js" {
		t.Errorf("bun does not install and build")
	}
	last := langtest.Copies(p.Stage("runtime"))
	if c := last[len(last)-1]; c.FromStage != "builder" || !slices.Equal(c.Paths, []string{"/app/dist"}) {
		t.Errorf("the build output is not what ships: %+v", c)
	}
	p = provider.MustPlan(t, "language: bun\nruntime: distroless\n", f)
	if p.Stage("runtime").Base.Image != "gcr.io/distroless/nodejs22-debian12:nonroot" || p.Image.Entrypoint[0] != "/nodejs/bin/node" {
		t.Errorf("distroless node: %s %q", p.Stage("runtime").Base.Image, p.Image.Entrypoint)
	}
}

func TestEntryIsFoundOrPlanningFails(t *testing.T) {
	for _, c := range []struct {
		pkg  string
		more []string
		want string
	}{
		{`{"scripts": {"start": "bun run src/main.tsx"}}`, nil, "/app/src/main.tsx"},
		{`{"module": "server.ts", "main": "x.js"}`, nil, "/app/server.ts"},
		{`{"main": "lib/app.js"}`, nil, "/app/lib/app.js"},
		{`{}`, []string{"src/index.ts", ""}, "/app/src/index.ts"},
		{`{"scripts": {"start": "bun --hot run dev.ts"}}`, []string{"index.js", ""}, "/app/index.js"},
	} {
		f := pkg(c.pkg, append(c.more, "bun.lock", "{}")...)
		if p := provider.MustPlan(t, "language: bun\n", f); p.Image.Entrypoint[1] != c.want {
			t.Errorf("%s %q: runs %q, want %s", c.pkg, c.more, p.Image.Entrypoint, c.want)
		}
	}
	provider.Refuses(t, "language: bun\n", pkg(`{"scripts": {"start": "bun --hot run dev.ts"}}`), "nothing says what the image runs", "src/index.ts")
	for _, bad := range []string{"../up.ts", "a b.ts", "/abs.ts"} {
		if _, err := provider.TryPlan(t, "language: bun\nentrypoint: "+bad+"\n", pkg(`{}`)); err == nil {
			t.Errorf("entrypoint %q was accepted", bad)
		}
	}
}

func TestRootEntryShipsTheTreeWithoutSecrets(t *testing.T) {
	p := provider.MustPlan(t, "language: bun\n", pkg(`{"module": "index.ts"}`, "bun.lock", "{}", "bunfig.toml", "[install]\n", ".npmrc", "x"))
	if cp := langtest.Copies(p.Stage("deps"))[0]; !slices.Equal(cp.Paths, []string{"package.json", "bun.lock", "bunfig.toml", ".npmrc"}) {
		t.Errorf("the install does not see bunfig.toml and .npmrc: %q", cp.Paths)
	}
	cps := langtest.Copies(p.Stage("runtime"))
	if len(cps) != 1 || !slices.Equal(cps[0].Paths, []string{"."}) || !slices.Contains(cps[0].Exclude, ".npmrc") ||
		!slices.Contains(cps[0].Exclude, "bunfig.toml") || p.Stage("prod-deps") != nil {
		t.Errorf("runtime copies %+v", cps)
	}
}

func TestLockfileNotes(t *testing.T) {
	p := provider.MustPlan(t, "language: bun\n", pkg(`{"main": "a.ts", "dependencies": {"x": "1"}}`, "npm-shrinkwrap.json", "{}"))
	if !slices.Equal(langtest.Rules(p), []string{"MissingLockfile", "SeveralLockfiles"}) {
		t.Errorf("notes %+v", p.Notes)
	}
	if install := langtest.Runs(p.Stage("deps"))[0]; !slices.Equal(install.Args, []string{"bun", "install"}) {
		t.Errorf("without bun.lock: %q", install.Args)
	}
	p = provider.MustPlan(t, "language: bun\n", pkg(`{"main": "a.ts"}`, "bun.lockb", "\x00"))
	if len(p.Notes) != 0 || !slices.Contains(langtest.Copies(p.Stage("deps"))[0].Paths, "bun.lockb") {
		t.Errorf("bun.lockb: notes %+v", p.Notes)
	}
}

// TestAnotherManagersLockfileIsMigrated: without a bun lockfile, bun install migrates
// package-lock.json, a yarn 1 yarn.lock or pnpm-lock.yaml (the first of them) and installs its
// versions (substreams-sink-clickhouse: "latest" ranges that its package-lock.json pins to
// zod 3.22, which a fresh resolution would take to zod 4). deps copies it and installs frozen.
func TestAnotherManagersLockfileIsMigrated(t *testing.T) {
	const yarn1 = "# yarn lockfile v1\n\nms@^2.1.0:\n  version \"2.1.3\"\n"
	const berry = "__metadata:\n  version: 8\n"
	for _, c := range []struct {
		name  string
		files []string
		lock  string
		rules []string
	}{
		{"npm", []string{"package-lock.json", "{}"}, "package-lock.json", nil},
		{"yarn 1", []string{"yarn.lock", yarn1}, "yarn.lock", nil},
		{"pnpm", []string{"pnpm-lock.yaml", "lockfileVersion: '9.0'\n"}, "pnpm-lock.yaml", nil},
		{"npm first", []string{"pnpm-lock.yaml", "x", "yarn.lock", yarn1, "package-lock.json", "{}"}, "package-lock.json", []string{"SeveralLockfiles"}},
		{"yarn berry", []string{"yarn.lock", berry}, "", []string{"MissingLockfile", "SeveralLockfiles"}},
		{"bun.lock wins", []string{"bun.lock", "{}", "package-lock.json", "{}"}, "bun.lock", []string{"SeveralLockfiles"}},
	} {
		p := provider.MustPlan(t, "ports: [3000]\n", pkg(`{"scripts": {"start": "bun index.ts"}, "dependencies": {"ms": "latest"}}`, c.files...))
		deps := p.Stage("deps")
		install := langtest.Runs(deps)[0]
		wantArgs := []string{"bun", "install", "--frozen-lockfile"}
		if c.lock == "" {
			wantArgs = wantArgs[:2]
		}
		wantFiles := []string{"package.json"}
		if c.lock != "" {
			wantFiles = append(wantFiles, c.lock)
		}
		if got := langtest.Copies(deps)[0].Paths; !slices.Equal(got, wantFiles) || !slices.Equal(install.Args, wantArgs) {
			t.Errorf("%s: deps copies %q and runs %q, want %q and %q", c.name, got, install.Args, wantFiles, wantArgs)
		}
		if got := langtest.Rules(p); !slices.Equal(got, c.rules) {
			t.Errorf("%s: rules %q, want %q (%+v)", c.name, got, c.rules, p.Notes)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		f    lang.Facts
		want string
	}{
		{pkg(`{"packageManager": "bun@1.2.3"}`), "packageManager bun@1.2.3"},
		{pkg(`{"scripts": {"start": "bun run index.ts"}}`), "package.json's start script runs bun"},
		{pkg(`{"scripts": {"test": "tsc && bunx vitest"}}`), "package.json's test script runs bun"},
		// node cannot run it: bun, which migrates the lockfile
		{pkg(`{"scripts": {"start": "bun run index.ts"}}`, "package-lock.json", "{}"), "package.json's start script runs bun"},
		{pkg(`{"scripts": {"start": "NODE_ENV=production bun index.ts"}}`, "yarn.lock", ""), "package.json's start script runs bun"},
		{pkg(`{"scripts": {"start": "node server.js", "test": "bun test"}}`, "package-lock.json", "{}"), ""},
		{pkg(`{"scripts": {"start": "bun run next start"}}`, "pnpm-lock.yaml", ""), ""},
		{pkg(`{"scripts": {"start": "node bundle.js"}}`), ""},
		{pkg(`{"scripts": {"start": "node bunny.js"}}`), ""},
		{pkg(`not json`), ""},
	} {
		if got := detect(c.f); got != c.want {
			t.Errorf("%s: %q, want %q", c.f["package.json"], got, c.want)
		}
	}
}

// TestNitroOutputShipsAlone: a Nitro server build (.output, with the node_modules it traced) is
// the image's program alone, as on Node.js: no production install, no package.json beside it.
// The same start script without a Nitro build keeps them.
func TestNitroOutputShipsAlone(t *testing.T) {
	for _, c := range []struct {
		name, pkg string
		want      []string
		prodDeps  bool
	}{
		{"nuxt", `{"scripts": {"build": "nuxt build", "start": "bun .output/server/index.mjs"}, "dependencies": {"nuxt": "^4", "vue": "^3"}}`,
			[]string{"builder:/app/.output"}, false},
		{"nitro as a dev dependency", `{"scripts": {"build": "vite build", "start": "bun .output/server/index.mjs"}, "dependencies": {"react": "^19"}, "devDependencies": {"nitro": "^3"}}`,
			[]string{"builder:/app/.output"}, false},
		{"no nitro", `{"scripts": {"build": "bun build.ts", "start": "bun .output/server/index.mjs"}, "dependencies": {"hono": "^4"}}`,
			[]string{"prod-deps:/app/node_modules", ":package.json", "builder:/app/.output"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: bun\n", pkg(c.pkg, "bun.lock", "{}"))
			var copied []string
			for _, cp := range langtest.Copies(p.Stage("runtime")) {
				copied = append(copied, cp.FromStage+":"+strings.Join(cp.Paths, ","))
			}
			if !slices.Equal(copied, c.want) {
				t.Errorf("the image holds %q, want %q", copied, c.want)
			}
			if got := p.Stage("prod-deps") != nil; got != c.prodDeps {
				t.Errorf("a prod-deps stage: %v, want %v", got, c.prodDeps)
			}
			if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", "/app/.output/server/index.mjs"}) {
				t.Errorf("entrypoint %q", p.Image.Entrypoint)
			}
		})
	}
}

// TestAMissingEntryRunsItsTypeScriptSibling: package.json's module names a file the project does
// not have, beside the TypeScript file it runs (bun init's React template names index.ts for its
// index.tsx, Elysia's template src/index.js for its src/index.ts); without a build, the image runs
// the file that is there, found by presence alone. With a build the named file is the build's.
func TestAMissingEntryRunsItsTypeScriptSibling(t *testing.T) {
	for _, c := range []struct {
		ctx  map[string]string
		want string
	}{
		{map[string]string{"package.json": `{"name": "api", "module": "src/index.js", "scripts": {"dev": "bun run --watch src/index.ts"},
			"dependencies": {"elysia": "1"}}`, "src/index.ts": "x"}, "/app/src/index.ts"},
		{map[string]string{"package.json": `{"module": "index.ts", "dependencies": {"react": "19"}}`, "index.tsx": "x"}, "/app/index.tsx"},
		{map[string]string{"package.json": `{"main": "server.js"}`, "server.ts": "x", "server.tsx": "x"}, "/app/server.ts"},
		{map[string]string{"package.json": `{"scripts": {"start": "bun app.js"}}`, "app.ts": "x"}, "/app/app.ts"},
		// the named file wins when it is there, and nothing is guessed when no sibling is
		{map[string]string{"package.json": `{"module": "index.ts"}`, "index.ts": "x", "index.tsx": "x"}, "/app/index.ts"},
		{map[string]string{"package.json": `{"module": "gone.ts"}`, "index.ts": "x"}, "/app/gone.ts"},
		// a build makes the named file
		{map[string]string{"package.json": `{"module": "dist/index.js", "scripts": {"build": "bun build src/index.ts --outdir dist"}}`,
			"dist/index.ts": "x"}, "/app/dist/index.js"},
	} {
		c.ctx["bun.lock"] = "{}"
		p := provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", c.ctx))
		if got := p.Image.Entrypoint[1]; got != c.want {
			t.Errorf("%s: runs %s, want %s", c.ctx["package.json"], got, c.want)
		}
		if b := langtest.Runs(p.Stage("builder")); !strings.Contains(b[len(b)-1].Display, "test -e "+c.want) {
			t.Errorf("%s: the builder checks %q", c.ctx["package.json"], b[len(b)-1].Display)
		}
	}
	// with an entrypoint the spec's file is run as written
	ctx := map[string]string{"package.json": `{"module": "src/index.js"}`, "src/index.ts": "x", "bun.lock": "{}"}
	src := "ports: [3000]\nentrypoint: src/index.js\n"
	if p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx)); p.Image.Entrypoint[1] != "/app/src/index.js" {
		t.Errorf("entrypoint: runs %q", p.Image.Entrypoint)
	}
}

// TestBunfigRunTimeSettingsAreWarnedOf: a bunfig.toml whose preload or [serve.static] plugins bun
// reads when it runs the program, which the image leaves out, is warned of (BunfigNotShipped);
// its [test] and [install] settings are not, nor anything once `files` ships it.
func TestBunfigRunTimeSettingsAreWarnedOf(t *testing.T) {
	for _, c := range []struct{ spec, bunfig, want string }{
		{"", "preload = [\"./src/yaml-loader.ts\"]\n\n[install]\nexact = true\n", "preload ./src/yaml-loader.ts"},
		{"", "preload = \"./setup.ts\"\n", "preload ./setup.ts"},
		{"", "[serve.static]\nplugins = [\"bun-plugin-tailwind\"]\n", "[serve.static] plugins bun-plugin-tailwind"},
		{"", "[test]\npreload = [\"./happydom.ts\"]\n[install.scopes]\nacme = { token = \"$TOKEN\" }\n", ""},
		{"", "not toml [", ""},
		{"files: [bunfig.toml]\n", "preload = [\"./src/yaml-loader.ts\"]\n", ""},
		{"files: [{src: ./bunfig.toml}]\n", "preload = [\"./src/yaml-loader.ts\"]\n", ""},
	} {
		p := provider.MustPlan(t, "language: bun\n"+c.spec, pkg(`{"module": "src/index.ts"}`, "bun.lock", "{}", "bunfig.toml", c.bunfig))
		got := langtest.Messages(p, "BunfigNotShipped")
		if c.want == "" && len(got) != 0 || c.want != "" && (len(got) != 1 || !strings.Contains(got[0], "bunfig.toml sets "+c.want+", ") ||
			!strings.Contains(got[0], "`files: [bunfig.toml]`")) {
			t.Errorf("%s%q: notes %q, want one naming %q", c.spec, c.bunfig, got, c.want)
		}
	}
}

func TestNpmInitsPlaceholderTestRunsBunTest(t *testing.T) {
	// Elysia's template keeps npm init's test script, which fails on purpose: bun's own runner
	// runs instead, as with no test script
	p := provider.MustPlan(t, "", pkg(`{"module": "src/index.ts", "scripts": {"test": "echo \"Error: no test specified\" && exit 1"}}`,
		"bun.lock", "{}", "src/index.ts", ""))
	if got := langtest.Commands(p.Stage("tester")); !slices.Equal(got, []string{"bun test"}) {
		t.Errorf("the tester runs %q, want bun test", got)
	}
}

// A start script that sets variables before its command (Kyoo's API: `NODE_ENV=production bun
// dist/index.js` after `bun build src/index.ts --outdir ./dist`) runs its file, not package.json's
// module (src/index.js, which the project has not got), with the variables in the image.
func TestAStartScriptSettingVariablesRunsItsFile(t *testing.T) {
	f := pkg(`{"name": "api", "module": "src/index.js", "scripts": {"build": "bun build src/index.ts --target bun --outdir ./dist",
		"start": "NODE_ENV=production TZ=UTC bun dist/index.js"}, "dependencies": {"elysia": "^1"}}`, "bun.lock", "{}", "src/index.ts", "")
	p := provider.MustPlan(t, "language: bun\n", f)
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", "/app/dist/index.js"}) {
		t.Errorf("runs %q, want the start script's dist/index.js", p.Image.Entrypoint)
	}
	if got := p.Image.Env; !slices.Contains(got, plan.Env{Key: "TZ", Value: "UTC"}) ||
		slices.IndexFunc(got, func(e plan.Env) bool { return e.Key == "NODE_ENV" }) != slices.IndexFunc(got, func(e plan.Env) bool { return e.Key == "NODE_ENV" && e.Value == "production" }) {
		t.Errorf("image env %v: want TZ=UTC and NODE_ENV=production once", got)
	}
	last := langtest.Copies(p.Stage("runtime"))
	if c := last[len(last)-1]; c.FromStage != "builder" || !slices.Equal(c.Paths, []string{"/app/dist"}) {
		t.Errorf("the build output is not what ships: %+v", c)
	}
	// a variable of a computed value is not a start script this provider reads
	f = pkg(`{"module": "src/index.ts", "scripts": {"start": "PORT=$(cat port) bun dist/index.js"}}`, "bun.lock", "{}")
	if p := provider.MustPlan(t, "language: bun\n", f); p.Image.Entrypoint[1] != "/app/src/index.ts" {
		t.Errorf("runs %q, want module's", p.Image.Entrypoint)
	}
}

// patchedDependencies' files (`bun patch --commit` writes them to patches/, Kyoo's API patches
// drizzle-orm) are read by the install: deps copies them with the lockfile.
func TestPatchedDependenciesAreDependencyFiles(t *testing.T) {
	f := pkg(`{"module": "src/index.ts", "dependencies": {"drizzle-orm": "0.44.7", "@scope/x": "1"},
		"patchedDependencies": {"drizzle-orm@0.44.7": "patches/drizzle-orm@0.44.7.patch", "@scope/x@1.0.0": "patches/@scope%2Fx@1.0.0.patch"}}`,
		"bun.lock", "{}", "src/index.ts", "")
	p := provider.MustPlan(t, "language: bun\n", f)
	var got []string
	for _, c := range langtest.Copies(p.Stage("deps")) {
		got = append(got, c.Paths...)
		got = append(got, c.Include...)
	}
	for _, want := range []string{"package.json", "bun.lock", "patches/drizzle-orm@0.44.7.patch", "patches/@scope%2Fx@1.0.0.patch"} {
		if !slices.Contains(got, want) {
			t.Errorf("deps copies %q, without %s", got, want)
		}
	}
	provider.Refuses(t, "language: bun\n", pkg(`{"module": "a.ts", "patchedDependencies": {"x@1": "../x.patch"}}`, "bun.lock", "{}"),
		"not a plain path inside the build context")
}

// TestFixedPortIsWarnedOf: Elysia's template listens on 3000 by `.listen(3000)`, whatever PORT
// says; a spec publishing another port is warned of, in the entry the start script names or in
// the file a bun build bundles; and in a module the entry imports when the entry starts no
// server itself, not when it does.
func TestFixedPortIsWarnedOf(t *testing.T) {
	elysia := "import { Elysia } from \"elysia\";\nnew Elysia().get(\"/\", () => \"hi\").listen(3000);\n"
	for _, c := range []struct{ name, entry, want string }{
		{"imported", "import \"./src/db\";\nimport \"./src/app.js\";\n", "src/app.ts:2 calls listen with the port 3000"},
		{"the entry serves", "import \"./src/app\";\nBun.serve({ port: Number(process.env.PORT), fetch: () => new Response(\"\") });\n", ""},
	} {
		ctx := map[string]string{"package.json": `{"module": "index.ts"}`, "bun.lock": "{}", "index.ts": c.entry, "src/db.ts": "export const db = 1;\n", "src/app.ts": elysia}
		p := provider.MustPlan(t, "ports: [8080]\n", langtest.Gathered(t, Provider{}, "ports: [8080]\n", ctx))
		var got string
		for _, n := range p.Notes {
			if n.Rule == "PortNotPublished" {
				got = n.Msg
			}
		}
		if (c.want == "") != (got == "") || !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	for _, c := range []struct{ pkg, ports, want string }{
		{`{"module": "src/index.ts"}`, "[8080]", "src/index.ts:2 calls listen with the port 3000"},
		{`{"module": "src/index.ts"}`, "[3000]", ""},
		{`{"scripts": {"build": "bun build src/index.ts --outdir dist --target bun", "start": "bun dist/index.js"}}`, "[8080]", "src/index.ts:2 calls listen with the port 3000"},
	} {
		ctx := map[string]string{
			"package.json": c.pkg, "bun.lock": "{}",
			"src/index.ts": "import { Elysia } from \"elysia\";\nnew Elysia().get(\"/\", () => \"hi\").listen(3000);\n",
		}
		src := "ports: " + c.ports + "\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		var got string
		for _, n := range p.Notes {
			if n.Rule == "PortNotPublished" {
				got = n.Msg
			}
		}
		if (c.want == "") != (got == "") || !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %s: %q, want %q", c.pkg, c.ports, got, c.want)
		}
	}
}
