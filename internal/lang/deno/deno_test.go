package deno

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

var provider = langtest.For(Provider{})

func cfg(json string, more ...string) lang.Facts {
	return langtest.With(lang.Facts{"deno.json": []byte(json)}, more...)
}

func TestExample(t *testing.T) {
	p := provider.MustPlan(t, "ports: [8000]\n", provider.Example(t, "deno"))
	deps := langtest.Deps(t, p, "denoland/deno:2.9.6")
	if !slices.Contains(deps.Env, plan.Env{Key: "DENO_DIR", Value: "/deno-dir"}) {
		t.Errorf("deps env %+v", deps.Env)
	}
	if cp := langtest.Copies(deps)[0]; !slices.Equal(cp.Paths, []string{"deno.json", "deno.lock"}) {
		t.Errorf("dependency files %q", cp.Paths)
	}
	install := langtest.Runs(deps)[0]
	if install.Display != "deno install --frozen" || len(install.Mounts) != 0 ||
		!slices.Equal(install.UseArgs, []string{"NPM_CONFIG_REGISTRY", "JSR_URL"}) {
		t.Errorf("install %+v: want deno install --frozen into the layer, with the registry args", install)
	}
	b := langtest.Runs(p.Stage("builder"))
	if !slices.Equal(b[0].Args, []string{"deno", "install", "--frozen", "--entrypoint", "main.ts"}) || len(b[0].Mounts) != 0 ||
		!slices.Contains(b[0].UseArgs, "NPM_CONFIG_REGISTRY") || b[1].Display != "test -e /app/main.ts" {
		t.Errorf("builder %+v %+v", b[0], b[1])
	}
	test := langtest.Runs(p.Stage("tester"))[0]
	cache := plan.Mount{Type: plan.MountCache, ID: "deno-dir", Target: "/deno-dir", Sharing: plan.SharingLocked, FromStage: "deps", Source: "/deno-dir"}
	if !slices.Equal(test.Args, []string{"deno", "task", "test"}) || !slices.Equal(test.Mounts, []plan.Mount{cache}) {
		t.Errorf("test %+v", test)
	}
	rt := p.Stage("runtime")
	want := []string{"/tini", "--", "/bin/deno", "run", "--cached-only", "--allow-net", "--allow-env=PORT,HOST",
		"--allow-sys=uid", "/app/main.ts"}
	if rt.Base.Image != "denoland/deno:distroless-2.9.6" || p.Image.User != lang.NonRoot || p.Image.Workdir != "/app" ||
		!slices.Equal(p.Image.Entrypoint, want) || !slices.Contains(p.Image.Env, plan.Env{Key: "DENO_DIR", Value: "/deno-dir"}) {
		t.Errorf("runtime %s: %+v", rt.Base.Image, p.Image)
	}
	var copied []string
	for _, c := range langtest.Copies(rt) {
		copied = append(copied, c.FromStage+":"+strings.Join(c.Paths, ","))
	}
	if !slices.Equal(copied, []string{"builder:/deno-dir", "builder:/app"}) {
		t.Errorf("the image holds %q", copied)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}
}

func TestPermissions(t *testing.T) {
	for _, c := range []struct {
		spec, json string
		want       []string
		note       bool
	}{
		{"", `{}`, []string{"--allow-net", "--allow-env", "--allow-read"}, false},
		{"", `{"permissions": {"default": {"net": true}}}`, []string{"-P"}, false},
		{"", `{"tasks": {"start": {"command": "deno run --watch -A main.ts", "description": "run"}}}`, []string{"-A"}, true},
		{"", `{"tasks": {"start": "deno run main.ts"}}`, nil, false},
		{"permissions: [--allow-net=0.0.0.0:8000, --deny-env]\n", `{"tasks": {"start": "deno run -A main.ts"}}`,
			[]string{"--allow-net=0.0.0.0:8000", "--deny-env"}, false},
		{"permissions: []\n", `{}`, nil, false},
		{"permissions: --allow-all\n", `{}`, []string{"--allow-all"}, true},
	} {
		p := provider.MustPlan(t, "language: deno\n"+c.spec, cfg(c.json, "main.ts", "", "deno.lock", "{}"))
		got := p.Image.Entrypoint[5 : len(p.Image.Entrypoint)-1]
		if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("%s%s: permissions %q, want %q", c.spec, c.json, got, c.want)
		}
		if note := len(p.Notes) == 1 && p.Notes[0].Rule == "AllPermissions"; note != c.note {
			t.Errorf("%s%s: notes %+v", c.spec, c.json, p.Notes)
		}
	}
	provider.Refuses(t, "language: deno\npermissions: [--allow-net, --inspect]\n", cfg(`{}`, "main.ts", ""), `"--inspect" is not a Deno permission flag`, "Dockerfile:2")
}

func TestEntry(t *testing.T) {
	for _, c := range []struct {
		json string
		more []string
		want []string
		cmd  []string
	}{
		{`{"tasks": {"start": "deno serve --port 3000 -R server.ts"}}`, nil, []string{"serve", "--cached-only", "--port=3000", "-R", "/app/server.ts"}, nil},
		{`{"tasks": {"start": "deno run --unstable-kv -N src/app.ts --verbose"}}`, nil,
			[]string{"run", "--cached-only", "--unstable-kv", "-N", "/app/src/app.ts"}, []string{"--verbose"}},
		{`{"exports": {".": "./mod.ts"}}`, nil, []string{"run", "--cached-only", "--allow-net", "--allow-env", "--allow-read", "/app/mod.ts"}, nil},
		{`{"exports": "./mod.ts"}`, []string{"src/main.ts", ""}, []string{"run", "--cached-only", "--allow-net", "--allow-env", "--allow-read", "/app/src/main.ts"}, nil},
		// --env (the first name of --env-file) loads .env when there is one, and only warns without
		{`{"tasks": {"start": "deno run --env -N server.ts"}}`, nil, []string{"run", "--cached-only", "--env", "-N", "/app/server.ts"}, nil},
		// Fresh 1: the start task is its development server (dev.ts); the preview task is its
		// production server, else main.ts with the start task's flags
		{`{"imports": {"$fresh/": "https://deno.land/x/fresh@1.7.3/"}, "tasks": {"start": "deno run -A --watch=static/,routes/ --env dev.ts",
		  "build": "deno run -A dev.ts build", "preview": "deno run -A --unstable-kv main.ts"}}`, []string{"main.ts", ""},
			[]string{"run", "--cached-only", "--unstable-kv", "-A", "/app/main.ts"}, nil},
		{`{"imports": {"$fresh/": "https://deno.land/x/fresh@1.7.3/"}, "tasks": {"start": "deno run -A --watch=static/,routes/ dev.ts"}}`,
			[]string{"main.ts", ""}, []string{"run", "--cached-only", "-A", "/app/main.ts"}, nil},
		{`{"importMap": "import_map.json", "tasks": {"start": "deno run -A --watch=static/,routes/ dev.ts"}}`,
			[]string{"main.ts", "", "import_map.json", `{"imports": {"$fresh/": "https://deno.land/x/fresh@1.1.0/"}}`}, []string{"run", "--cached-only", "-A", "/app/main.ts"}, nil},
		// without Fresh, a dev.ts is what the start task says
		{`{"tasks": {"start": "deno run -N --watch dev.ts"}}`, []string{"main.ts", ""}, []string{"run", "--cached-only", "-N", "/app/dev.ts"}, nil},
		// Fresh 2's start task is its production server
		{`{"imports": {"fresh": "jsr:@fresh/core@^2"}, "tasks": {"build": "vite build", "start": "deno serve -A _fresh/server.js"}}`, nil,
			[]string{"serve", "--cached-only", "-A", "/app/_fresh/server.js"}, nil},
		// only a dev task (neumann-tokyo's Hono API template): its module, without --watch, after
		// the start task, the default modules and the exports
		{`{"tasks": {"dev": "deno run --watch -N --allow-env src/index.ts"}}`, nil, []string{"run", "--cached-only", "-N", "--allow-env", "/app/src/index.ts"}, nil},
		{`{"tasks": {"dev": "deno run -A --watch src/index.ts"}}`, []string{"main.ts", ""},
			[]string{"run", "--cached-only", "--allow-net", "--allow-env", "--allow-read", "/app/main.ts"}, nil},
		{`{"tasks": {"dev": "deno run -N dev.ts", "start": "deno run -N server.ts"}}`, nil, []string{"run", "--cached-only", "-N", "/app/server.ts"}, nil},
	} {
		f := cfg(c.json, append(c.more, "deno.lock", "{}")...)
		p := provider.MustPlan(t, "language: deno\n", f)
		if got := p.Image.Entrypoint[3:]; !slices.Equal(got, c.want) || !slices.Equal(p.Image.Cmd, c.cmd) {
			t.Errorf("%s: runs %q %q, want %q %q", c.json, got, p.Image.Cmd, c.want, c.cmd)
		}
	}
	for _, c := range []struct{ json, want string }{
		{`{}`, "nothing says what the image runs"},
		{`{"tasks": {"dev": "deno run --config dev.json main.ts"}}`, "no start or dev task in deno.json running a module"},
		{`{"tasks": {"dev": "vite"}}`, "nothing says what the image runs"},
		{`{"tasks": {"start": "deno run --config other.json main.ts"}}`, "the flag --config is not one"},
		{`{"tasks": {"start": "PORT=$PORT deno run main.ts"}}`, "not `deno run` or `deno serve`"},
		{`{"tasks": {"start": "deno run ../up.ts"}}`, "not a module path"},
	} {
		provider.Refuses(t, "language: deno\n", cfg(c.json), c.want)
	}
}

// deno serve listens on 8000 and reads no PORT: another port of the spec is given as --port
// (jsr.io's Fresh 2 frontend, `deno serve -A _fresh/server.js`, with ports: [3000]); the task's
// own --port, 8000, deno run and no ports leave the flags as they are.
func TestServeListensOnTheSpecsPort(t *testing.T) {
	fresh := `{"imports": {"fresh": "jsr:@fresh/core@^2"}, "tasks": {"build": "vite build", "start": "deno serve -A _fresh/server.js"}}`
	for _, c := range []struct {
		spec, json string
		want       []string
	}{
		{"ports: [3000]\n", fresh, []string{"serve", "--cached-only", "--port=3000", "-A", "/app/_fresh/server.js"}},
		{"ports: [8000]\n", fresh, []string{"serve", "--cached-only", "-A", "/app/_fresh/server.js"}},
		{"", fresh, []string{"serve", "--cached-only", "-A", "/app/_fresh/server.js"}},
		{"ports: [3000]\n", `{"tasks": {"start": "deno serve -N --port 4000 main.ts"}}`, []string{"serve", "--cached-only", "--port=4000", "-N", "/app/main.ts"}},
		{"ports: [3000]\n", `{"tasks": {"start": "deno run -N main.ts"}}`, []string{"run", "--cached-only", "-N", "/app/main.ts"}},
		{"ports: [\"53/udp\", 3000]\n", `{"tasks": {"start": "deno serve -N main.ts"}}`, []string{"serve", "--cached-only", "--port=3000", "-N", "/app/main.ts"}},
	} {
		p := provider.MustPlan(t, "language: deno\n"+c.spec, cfg(c.json, "main.ts", "", "deno.lock", "{}"))
		if got := p.Image.Entrypoint[3:]; !slices.Equal(got, c.want) {
			t.Errorf("%s%s: runs %q, want %q", c.spec, c.json, got, c.want)
		}
	}
}

// A program that reads $PORT (begoon/deno-hono: `Number(process.env.PORT) || 9000`, its
// Dockerfile's ENV PORT=8000) listens on the spec's first port; the spec's env wins.
func TestPortIsTheSpecs(t *testing.T) {
	f := cfg(`{"tasks": {"dev": "deno run -A --watch main.tsx"}}`, "main.tsx", "", "deno.lock", "{}")
	for _, c := range []struct {
		spec string
		want []plan.Env
	}{
		{"ports: [8000]\n", []plan.Env{{Key: "DENO_NO_UPDATE_CHECK", Value: "1"}, {Key: "PORT", Value: "8000"}}},
		{"ports: [8000]\nruntime: distroless\n", []plan.Env{{Key: "DENO_NO_UPDATE_CHECK", Value: "1"}, {Key: "PORT", Value: "8000"}}},
		{"ports: [8000]\nenv: {PORT: \"9000\"}\n", []plan.Env{{Key: "DENO_NO_UPDATE_CHECK", Value: "1"}, {Key: "PORT", Value: "9000"}}},
		{"language: deno\n", []plan.Env{{Key: "DENO_NO_UPDATE_CHECK", Value: "1"}}},
	} {
		p := provider.MustPlan(t, c.spec, f)
		var got []plan.Env
		for _, e := range p.Image.Env {
			if e.Key != "DENO_DIR" {
				got = append(got, e)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: image env %v, want %v", c.spec, got, c.want)
		}
	}
}

func TestCompiledOnDistroless(t *testing.T) {
	p := provider.MustPlan(t, "runtime: distroless\n", provider.Example(t, "deno"))
	b := langtest.Runs(p.Stage("builder"))
	if b[0].Display != "deno compile --frozen --allow-net --allow-env=PORT,HOST --allow-sys=uid --output /out/app main.ts" ||
		b[0].Args[1] != "/run/multistage-frontend/compile.sh" || !slices.Contains(b[0].Env, plan.Env{Key: "TARGETARCH", Value: "${TARGETARCH}"}) ||
		b[0].Mounts[0].ID != "deno-dir" || b[1].Display != "test -x /out/app" {
		t.Errorf("builder %+v %+v", b[0], b[1])
	}
	if p.Stage("runtime").Base.Image != "gcr.io/distroless/cc-debian12:nonroot" || p.Image.User != lang.NonRoot ||
		!slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/app"}) {
		t.Errorf("runtime %s %+v", p.Stage("runtime").Base.Image, p.Image)
	}
	if _, err := provider.TryPlan(t, "runtime: distroless\n", cfg(`{"tasks": {"start": "deno serve main.ts"}}`)); err == nil ||
		!strings.Contains(err.Error(), "deno serve") {
		t.Errorf("serve, compiled: %v", err)
	}
}

func TestVersionAndRuntimes(t *testing.T) {
	for _, c := range []struct{ spec, file, name, builder, runtime, user string }{
		{"", "", "", "denoland/deno:2.9.6", "denoland/deno:distroless-2.9.6", lang.NonRoot},
		{"version: 2.1.4\n", "2.5.0", ".dvmrc", "denoland/deno:2.1.4", "denoland/deno:distroless-2.1.4", lang.NonRoot},
		{"runtime: slim\n", "v2.5.0\n", ".dvmrc", "denoland/deno:2.5.0", "denoland/deno:2.5.0", "1993:1993"},
		{"", "nodejs 22\ndeno 2.4.1\n", ".tool-versions", "denoland/deno:2.4.1", "denoland/deno:distroless-2.4.1", lang.NonRoot},
	} {
		f := cfg(`{}`, "main.ts", "", "deno.lock", "{}")
		if c.name != "" {
			f[c.name] = []byte(c.file)
		}
		p := provider.MustPlan(t, "language: deno\n"+c.spec, f)
		if p.Stage("deps").Base.Image != c.builder || p.Stage("runtime").Base.Image != c.runtime || p.Image.User != c.user {
			t.Errorf("%s%s: %s -> %s as %s", c.spec, c.file, p.Stage("deps").Base.Image, p.Stage("runtime").Base.Image, p.Image.User)
		}
	}
	for _, c := range []struct{ spec, file, want string }{
		{"version: 2\n", "", "tagged by full version only"},
		{"", "2.x", ".dvmrc names Deno"},
		{"runtime: alpine\n", "", "Deno cannot run on alpine"},
	} {
		f := cfg(`{}`, "main.ts", "")
		if c.file != "" {
			f[".dvmrc"] = []byte(c.file)
		}
		provider.Refuses(t, "language: deno\n"+c.spec, f, c.want)
	}
}

func TestDependencyFilesAndLockfile(t *testing.T) {
	f := cfg(`// comment
{"importMap": "./import_map.json", "tasks": {"build": "deno run -A build.ts"},}`, "main.ts", "", "package.json", "{}",
		".npmrc", "registry=x", "import_map.json", "{}")
	f2 := lang.Facts{}
	for k, v := range f {
		f2[k] = v
	}
	delete(f2, "deno.json")
	f2["deno.jsonc"] = f["deno.json"]
	if got := (Provider{}).Follow(nil, f2); !slices.Equal(got, []string{"import_map.json"}) {
		t.Errorf("follows %q", got)
	}
	p := provider.MustPlan(t, "language: deno\n", f2)
	if cp := langtest.Copies(p.Stage("deps"))[0]; !slices.Equal(cp.Paths, []string{"deno.jsonc", "package.json", ".npmrc", "import_map.json"}) {
		t.Errorf("dependency files %q", cp.Paths)
	}
	if install := langtest.Runs(p.Stage("deps"))[0]; install.Display != "deno install" {
		t.Errorf("without deno.lock: %q", install.Display)
	}
	if len(p.Notes) != 1 || p.Notes[0].Rule != "MissingLockfile" {
		t.Errorf("notes %+v", p.Notes)
	}
	if b := langtest.Runs(p.Stage("builder")); !slices.Equal(b[0].Args, []string{"deno", "task", "build"}) {
		t.Errorf("the build task does not run: %+v", b[0])
	}
	if ex := langtest.Copies(p.Stage("runtime"))[1].Exclude; !slices.Contains(ex, ".npmrc") {
		t.Errorf("the image may hold .npmrc: %q", ex)
	}
}

// A start task's arguments after the module reach the image's exec-form command line as they
// are: a word a shell would read otherwise (a variable, a quote, !, a glob) is refused at plan
// time rather than passed on with another meaning; plain words are kept.
func TestStartTaskArgumentsArePlainWords(t *testing.T) {
	for _, a := range []string{"!", "$HOME", "'x'", "~/data", "*.ts", "a;b", "%PATH%"} {
		_, err := parseTask("deno run main.ts " + a)
		langtest.ErrorHas(t, "argument "+a, err, "is not a plain word")
	}
	e, err := parseTask("deno run -N main.ts --port=8000 data/x.db a,b user@host")
	if err != nil || !slices.Equal(e.Args, []string{"--port=8000", "data/x.db", "a,b", "user@host"}) {
		t.Errorf("plain words: %+v %v", e, err)
	}
}

// TestFixedPortIsWarnedOf: the module the image runs (here a dev task's, read by Follow) listens
// on a port of its own that the spec does not publish: PortNotPublished at the ports line.
func TestFixedPortIsWarnedOf(t *testing.T) {
	ctx := map[string]string{
		"deno.jsonc":   `{"tasks": {"dev": "deno run -A src/index.ts"}, "imports": {"hono": "npm:hono@4"}}`,
		"deno.lock":    "{}",
		"src/index.ts": "import { app } from \"./app.ts\";\n\nDeno.serve({ port: 8080 }, app.fetch);\n",
	}
	for ports, want := range map[string][]string{"[8000]": {"AllPermissions", "PortNotPublished"}, "[8080]": {"AllPermissions"}} {
		src := "ports: " + ports + "\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if got := langtest.Rules(p); !slices.Equal(got, want) {
			t.Errorf("ports %s: rules %q, want %q (%+v)", ports, got, want, p.Notes)
		}
	}
}
