package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// TestEntrypointDefaults: the spec's entrypoint, else a start:prod or start script running
// `node FILE`, else a framework's output, else main, else server.js or index.js when the
// context holds them.
func TestEntrypointDefaults(t *testing.T) {
	for _, tc := range []struct {
		name, pkg, src string
		files          []string // context files, name then content
		entrypoint     []string
		cmd            []string
	}{
		{"start script", `{"scripts": {"start": "node dist/server.js"}, "main": "lib/index.js"}`, "", []string{"dist/server.js", ""},
			[]string{"/usr/local/bin/node", "/app/dist/server.js"}, nil},
		{"start:prod before start", `{"scripts": {"build": "nest build", "start": "nest start", "start:prod": "node dist/main"}}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/main"}, nil},
		{"start script with flags and arguments", `{"scripts": {"build": "tsc", "start": "node --enable-source-maps --max-old-space-size=512 ./dist/server.js --port 3000"}}`, "", nil,
			[]string{"/usr/local/bin/node", "--enable-source-maps", "--max-old-space-size=512", "/app/dist/server.js"}, []string{"--port", "3000"}},
		{"spec cmd replaces the start script's arguments", `{"scripts": {"start": "node server.js --port 3000"}}`, "cmd: [--port, \"80\"]\n", []string{"server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, []string{"--port", "80"}},
		{"start script through a shell falls back to main", `{"scripts": {"start": "node dist/server.js | pino-pretty"}, "main": "lib/index.js"}`, "", []string{"lib/index.js", ""},
			[]string{"/usr/local/bin/node", "/app/lib/index.js"}, nil},
		{"flag taking the next word falls back to main", `{"scripts": {"start": "node -r dotenv/config server.js"}, "main": "server.js"}`, "", []string{"server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, nil},
		{"node . runs main", `{"scripts": {"start": "node . --verbose"}, "main": "lib/server.js"}`, "", []string{"lib/server.js", ""},
			[]string{"/usr/local/bin/node", "/app/lib/server.js"}, []string{"--verbose"}},
		{"main", `{"main": "./lib/index.js"}`, "", []string{"lib/index.js", ""},
			[]string{"/usr/local/bin/node", "/app/lib/index.js"}, nil},
		{"main without an extension", `{"main": "lib/index"}`, "", []string{"lib/index.js", ""},
			[]string{"/usr/local/bin/node", "/app/lib/index"}, nil},
		{"main a build makes", `{"main": "dist/index.js", "scripts": {"build": "tsc"}}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/index.js"}, nil},
		{"main not in the context falls back to server.js", `{"main": "lib/index.js"}`, "", []string{"server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, nil},
		{"server.js, npm start's default", `{}`, "", []string{"server.js", "", "index.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, nil},
		{"index.js", `{}`, "", []string{"index.js", ""},
			[]string{"/usr/local/bin/node", "/app/index.js"}, nil},
		{"spec entrypoint", `{"main": "lib/index.js"}`, "entrypoint: ./bin/serve.mjs\n", []string{"bin/serve.mjs", ""},
			[]string{"/usr/local/bin/node", "/app/bin/serve.mjs"}, nil},
		{"spec workdir", `{"main": "lib/index.js"}`, "workdir: /srv/app\n", []string{"lib/index.js", ""},
			[]string{"/usr/local/bin/node", "/srv/app/lib/index.js"}, nil},
		{"distroless", `{"main": "index.js"}`, "runtime: distroless\n", []string{"index.js", ""},
			[]string{"/nodejs/bin/node", "/app/index.js"}, nil},
		{"an image of the user's", `{"main": "index.js"}`, "runtime: cgr.dev/chainguard/node:latest\n", []string{"index.js", ""},
			[]string{"node", "/app/index.js"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustPlan(t, "language: node\n"+tc.src, facts(tc.pkg, tc.files...))
			if !slices.Equal(p.Image.Entrypoint, tc.entrypoint) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, tc.entrypoint)
			}
			if !slices.Equal(p.Image.Cmd, tc.cmd) {
				t.Errorf("cmd %q, want %q", p.Image.Cmd, tc.cmd)
			}
			if slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "EntrypointNotFound" }) {
				t.Errorf("notes %+v", p.Notes)
			}
		})
	}
}

// TestNothingToRunFailsAtPlanTime: no script, framework, main or default file: planning fails
// at the language line, naming what it tried and the field to set, never guessing a file.
func TestNothingToRunFailsAtPlanTime(t *testing.T) {
	for _, tc := range []struct{ pkg, want string }{
		{`{"scripts": {"start": "nest start"}}`, "package.json's start script (`nest start` is not `node FILE`)"},
		{`{"scripts": {"start": "ts-node src/main.ts"}, "main": "src/main.ts"}`, "package.json's main (src/main.ts is not in the build context, and there is no build script)"},
		{`{}`, "package.json's start:prod and start scripts (none)"},
	} {
		_, err := planFor(t, "# syntax=org/multistage-frontend\nlanguage: node\n", facts(tc.pkg))
		for _, want := range []string{"cannot tell what node runs in this project", tc.want, "NestJS, Next.js, Nuxt/Nitro",
			"server.js and index.js (not in the build context)", "Dockerfile:2:1", "set `entrypoint`"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want %q", tc.pkg, err, want)
			}
		}
	}
}

// TestEntrypointNotFound: a project without a build that names a script its context lacks is
// warned about at plan time (the build then fails at its check).
func TestEntrypointNotFound(t *testing.T) {
	for _, tc := range []struct{ src, pkg, field string }{
		{"language: node\nentrypoint: server.js\n", `{}`, "entrypoint"},
		{"language: node\n", `{"scripts": {"start": "node ./bin/www"}}`, "language"},
	} {
		p := mustPlan(t, tc.src, facts(tc.pkg))
		var got []plan.Note
		for _, n := range p.Notes {
			if n.Rule == "EntrypointNotFound" {
				got = append(got, n)
			}
		}
		if len(got) != 1 || got[0].Field != tc.field || !strings.Contains(got[0].Msg, "is not in the build context and package.json has no build script") {
			t.Errorf("%s %s: notes %+v", tc.src, tc.pkg, got)
		}
	}
	// with a build, the build may make it; with the file, nothing to say
	for _, f := range []struct {
		pkg   string
		files []string
	}{
		{`{"scripts": {"build": "tsc", "start": "node dist/main.js"}}`, nil},
		{`{"scripts": {"start": "node ./bin/www"}}`, []string{"bin/www", ""}},
	} {
		if p := mustPlan(t, "language: node\n", facts(f.pkg, f.files...)); slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "EntrypointNotFound" }) {
			t.Errorf("%s: notes %+v", f.pkg, p.Notes)
		}
	}
}

// TestFollowReadsTheNamedScripts: without a build, the files the spec and package.json name are
// read (only whether they exist matters), with the names node would also load.
func TestFollowReadsTheNamedScripts(t *testing.T) {
	s, err := spec.Parse("Dockerfile", []byte("language: node\nentrypoint: app.js\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := Provider{}.Follow(s, facts(`{"scripts": {"start": "node ./bin/www"}, "main": "lib/index.js"}`))
	for _, want := range []string{"app.js", "bin/www", "bin/www.js", "bin/www/index.js", "lib/index.js"} {
		if !slices.Contains(got, want) {
			t.Errorf("Follow %q lacks %s", got, want)
		}
	}
	if got := (Provider{}).Follow(s, facts(`{"scripts": {"build": "tsc", "start": "node dist/x.js"}}`)); len(got) != 0 {
		t.Errorf("with a build, Follow reads %q", got)
	}
}
