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
