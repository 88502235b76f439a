package deno

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/static"
)

// lumeSite is a Lume site as `lume init` writes it: the import map names lume/, _config.ts
// configures it, the build task runs Lume's CLI, and a main.js beside is a browser script.
const lumeSite = `{"imports": {"lume/": "https://deno.land/x/lume@v2.4.0/"},
  "tasks": {"lume": "echo \"import 'lume/cli.ts'\" | deno run -A -", "build": "deno task lume", "serve": "deno task lume -s"}}`

func TestLumeSite(t *testing.T) {
	for _, c := range []struct{ config, dir, dest string }{
		{"import lume from \"lume/mod.ts\";\nconst site = lume();\nexport default site;\n", "/app/_site", static.Root + "/"},
		{"import lume from \"lume/mod.ts\";\nconst site = lume({\n  src: \"./src\",\n  dest: './public',\n});\nexport default site;\n", "/app/public", static.Root + "/"},
		// published under /blog/: served there
		{"const site = lume({ location: new URL(\"https://example.com/blog/\") });\n", "/app/_site", static.Root + "/blog/"},
		{"const site = lume({ location: new URL(\"https://lume.land\") });\n", "/app/_site", static.Root + "/"},
	} {
		p := provider.MustPlan(t, "ports: [8080]\n", cfg(lumeSite, "_config.ts", c.config, "main.js", "customElements.define()", "deno.lock", "{}"))
		if p.Stage("runtime").Base.Image != static.Image || p.Image.User != static.User {
			t.Errorf("%s: runtime %s as %q, want the static runtime", c.dir, p.Stage("runtime").Base.Image, p.Image.User)
		}
		cmds := strings.Join(langtest.Commands(p.Stage("builder")), " | ")
		if !strings.Contains(cmds, "deno task build") || strings.Contains(cmds, "--entrypoint") || !strings.Contains(cmds, "for f in "+c.dir+";") {
			t.Errorf("%s: builder runs %s", c.dir, cmds)
		}
		var served []string
		for _, cp := range langtest.Copies(p.Stage("runtime")) {
			served = append(served, cp.FromStage+":"+strings.Join(cp.Paths, ",")+">"+cp.Dest)
		}
		if strings.Join(served, " ") != "builder:"+c.dir+">"+c.dest {
			t.Errorf("%s: the image holds %q", c.dir, served)
		}
	}
	// a site without test modules: the tester passes, as go test does with no test files
	p := provider.MustPlan(t, "ports: [8080]\n", cfg(lumeSite, "_config.ts", ""))
	if got := langtest.Commands(p.Stage("tester")); len(got) != 1 || got[0] != "deno test --permit-no-files --allow-net --allow-env --allow-read" {
		t.Errorf("tester runs %q", got)
	}
	// an entrypoint, or another runtime, asks for a program
	p = provider.MustPlan(t, "entrypoint: main.js\n", cfg(lumeSite, "_config.ts", "", "main.js", ""))
	if p.Stage("runtime").Base.Image == static.Image {
		t.Errorf("entrypoint: main.js is served as a site")
	}
}

func TestStaticRuntimeNeedsADirectoryAndABuild(t *testing.T) {
	p := provider.MustPlan(t, "runtime: static\nentrypoint: dist\n", cfg(`{"tasks": {"build": "deno run -A build.ts"}}`, "deno.lock", "{}"))
	if p.Stage("runtime").Base.Image != static.Image || !strings.Contains(strings.Join(langtest.Commands(p.Stage("builder")), " "), "for f in /app/dist;") {
		t.Errorf("runtime: static: %s", p.Stage("runtime").Base.Image)
	}
	for _, c := range []struct{ spec, json, want string }{
		{"runtime: static\n", `{"tasks": {"build": "deno run -A build.ts"}}`, "not a directory inside the build context"},
		{"runtime: static\nentrypoint: dist\n", `{}`, "nothing builds it"},
		{"ports: [8080]\n", lumeSite[:strings.Index(lumeSite, `"build"`)] + `"x": "y"}}`, "nothing builds it"},
	} {
		provider.Refuses(t, c.spec, cfg(c.json, "_config.ts", ""), c.want)
	}
}

// viteTasks are the tasks of Deno's React tutorial (`deno run -A npm:create-vite` with its deno
// template): Vite's development server, build and preview, and std's file server for dist/.
const viteTasks = `"dev": "deno run -A --node-modules-dir npm:vite", "build": "deno run -A --node-modules-dir npm:vite build",
  "preview": "deno run -A --node-modules-dir npm:vite preview", "serve": "deno run --allow-net --allow-read jsr:@std/http@1/file-server dist/"`

// A Vite app run by Deno tasks is a single-page app: its build's output served by nginx, not its
// browser entry run by deno (src/main.ts) or an error (src/main.tsx). try-deno's packages/host
// starts with `deno task build && deno task preview`; Fresh 2, built by Vite, serves its server.
func TestViteAppIsASite(t *testing.T) {
	viteConfig := "import { defineConfig } from 'vite';\nimport deno from '@deno/vite-plugin';\nexport default defineConfig({ plugins: [deno()] });\n"
	for _, c := range []struct {
		name, json string
		more       []string
		dir        string
	}{
		{"the tutorial", `{"tasks": {` + viteTasks + `}}`, []string{"src/main.tsx", "", "vite.config.ts", viteConfig}, "/app/dist"},
		{"a browser entry of deno's default name", `{"tasks": {` + viteTasks + `}}`, []string{"src/main.ts", "", "vite.config.ts", viteConfig}, "/app/dist"},
		{"build and preview", `{"tasks": {` + viteTasks + `, "start": "deno task build && deno task preview"}}`, []string{"vite.config.ts", viteConfig}, "/app/dist"},
		{"vite preview", `{"tasks": {"build": "vite build", "start": "deno run -A npm:vite@^6 preview"}}`, nil, "/app/dist"},
		{"an outDir", `{"tasks": {"build": "deno run -A npm:vite@6.1.0 build"}}`,
			[]string{"vite.config.mts", "export default { build: { outDir: 'public/app' } }\n"}, "/app/public/app"},
		{"an --outDir", `{"tasks": {"build": "deno run -A npm:vite build --outDir www"}}`, nil, "/app/www"},
	} {
		p := provider.MustPlan(t, "ports: [8080]\n", cfg(c.json, append(c.more, "deno.lock", "{}")...))
		if p.Stage("runtime").Base.Image != static.Image || p.Image.User != static.User {
			t.Errorf("%s: runtime %s as %q, want the static runtime", c.name, p.Stage("runtime").Base.Image, p.Image.User)
			continue
		}
		cmds := strings.Join(langtest.Commands(p.Stage("builder")), " | ")
		if !strings.Contains(cmds, "deno task build") || !strings.Contains(cmds, "for f in "+c.dir+";") {
			t.Errorf("%s: builder runs %s", c.name, cmds)
		}
		if cps := langtest.Copies(p.Stage("runtime")); len(cps) == 0 || cps[len(cps)-1].Paths[0] != c.dir {
			t.Errorf("%s: the image holds %+v", c.name, cps)
		}
	}
	for _, c := range []struct{ name, spec, json string }{
		{"Fresh 2", "ports: [8000]\n", `{"imports": {"fresh": "jsr:@fresh/core@^2"}, "tasks": {"build": "vite build", "start": "deno serve -A _fresh/server.js"}}`},
		{"a server beside its Vite UI", "ports: [8000]\n", `{"tasks": {"build": "deno run -A npm:vite build", "start": "deno run -A main.ts"}}`},
		{"an entrypoint", "entrypoint: main.ts\n", `{"tasks": {` + viteTasks + `}}`},
	} {
		if p := provider.MustPlan(t, c.spec, cfg(c.json, "main.ts", "", "deno.lock", "{}")); p.Stage("runtime").Base.Image == static.Image {
			t.Errorf("%s is served as a site", c.name)
		}
	}
	// in a workspace: the member's tasks and Vite config
	f := cfg(`{"workspace": ["./packages/host", "./packages/server"]}`, "deno.lock", "{}",
		"packages/host/deno.json", `{"tasks": {`+viteTasks+`, "start": "deno task build && deno task preview"}}`,
		"packages/host/vite.config.ts", "export default { build: { outDir: 'out' } }\n",
		"packages/server/deno.json", `{"tasks": {"start": "deno run --allow-net index.ts"}}`, "packages/server/index.ts", "")
	p := provider.MustPlan(t, "workspace: packages/host\nports: [8080]\n", f)
	if cps := langtest.Copies(p.Stage("runtime")); p.Stage("runtime").Base.Image != static.Image || cps[len(cps)-1].Paths[0] != "/app/packages/host/out" {
		t.Errorf("workspace member: runtime %s copies %+v", p.Stage("runtime").Base.Image, cps)
	}
}
