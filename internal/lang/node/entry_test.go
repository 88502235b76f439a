package node

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
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
		// V8's options with underscores (jesec/flood: `node --enable-source-maps --use_strict
		// dist/index.js`); before, the script was not read and a Vite client made it a static site
		{"V8's flags with underscores", `{"scripts": {"build": "vite build", "start": "node --use_strict --max_old_space_size=512 dist/index.js"}, "devDependencies": {"vite": "^7"}}`, "", nil,
			[]string{"/usr/local/bin/node", "--use_strict", "--max_old_space_size=512", "/app/dist/index.js"}, nil},
		{"spec cmd replaces the start script's arguments", `{"scripts": {"start": "node server.js --port 3000"}}`, "cmd: [--port, \"80\"]\n", []string{"server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, []string{"--port", "80"}},
		{"start script through a shell falls back to main", `{"scripts": {"start": "node dist/server.js | pino-pretty"}, "main": "lib/index.js"}`, "", []string{"lib/index.js", ""},
			[]string{"/usr/local/bin/node", "/app/lib/index.js"}, nil},
		{"flag taking the next word falls back to main", `{"scripts": {"start": "node -r dotenv/config server.js"}, "main": "server.js"}`, "", []string{"server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, nil},
		{"node . runs main", `{"scripts": {"start": "node . --verbose"}, "main": "lib/server.js"}`, "", []string{"lib/server.js", ""},
			[]string{"/usr/local/bin/node", "/app/lib/server.js"}, []string{"--verbose"}},
		// a script that runs another, as package managers run them (louislam/uptime-kuma's start)
		{"npm run another script", `{"scripts": {"start": "npm run start-server", "start-server": "node server/server.js"}}`, "", []string{"server/server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server/server.js"}, nil},
		{"yarn and pnpm run scripts", `{"scripts": {"start:prod": "yarn serve", "serve": "pnpm run www", "www": "node ./bin/www"}}`, "", []string{"bin/www", ""},
			[]string{"/usr/local/bin/node", "/app/bin/www"}, nil},
		// dotenv-cli loads .env files the image does not hold (documenso's apps/remix: `start: npm
		// run with:env -- cross-env NODE_ENV=production node build/server/main.js`)
		{"dotenv before node", `{"scripts": {"build": "tsc", "start": "dotenv -e ../../.env -e .env.local -- node dist/main.js --trace"}}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/main.js"}, []string{"--trace"}},
		{"a script run with arguments after --", `{"scripts": {"build": "tsc", "start": "npm run with:env -- cross-env NODE_ENV=production node build/server/main.js", "with:env": "dotenv -e ../../.env --"}}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/build/server/main.js"}, nil},
		{"dotenv with a flag and no -- falls back to main", `{"scripts": {"start": "dotenv -e .env node --inspect server.js"}, "main": "app.js"}`, "", []string{"app.js", ""},
			[]string{"/usr/local/bin/node", "/app/app.js"}, nil},
		// dotenv-cli runs the words its -e and -v leave (a monorepo app's `dotenv -e ../../.env node dist/index.js`)
		{"dotenv's files, then node without --", `{"scripts": {"build": "tsc", "start": "dotenv -e ../../.env -v TZ=UTC node dist/index.js"}, "main": "app.js"}`, "", []string{"app.js", ""},
			[]string{"/usr/local/bin/node", "/app/dist/index.js"}, nil},
		{"dotenv, then node without --", `{"scripts": {"start": "dotenv node server.js"}, "main": "app.js"}`, "", []string{"app.js", "", "server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, nil},
		{"NODE_ENV=production before node", `{"scripts": {"build": "tsc", "start": "NODE_ENV=production node dist/main.js"}}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/main.js"}, nil},
		// env-cmd loads .env files too, and fails without them (OpenDataCapture's api: `start:
		// NODE_ENV=production env-cmd -f ../../.env node dist/app.js`, its image ran dist/main.js,
		// which its build does not write)
		{"variables, then env-cmd before node", `{"scripts": {"build": "tsc", "start": "NODE_ENV=production env-cmd -f ../../.env node dist/app.js"}, "main": "main.js"}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/app.js"}, nil},
		{"env-cmd's options and --", `{"scripts": {"build": "tsc", "start": "env-cmd --silent -e production -r .env-cmdrc.json -- node dist/app.js --trace"}, "main": "main.js"}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/app.js"}, []string{"--trace"}},
		{"env-cmd then dotenv", `{"scripts": {"build": "tsc", "start": "env-cmd --fallback -f .env.production dotenv -- node dist/app.js"}, "main": "main.js"}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/app.js"}, nil},
		{"env-cmd through a shell falls back to main", `{"scripts": {"start": "env-cmd --use-shell node server.js"}, "main": "app.js"}`, "", []string{"app.js", ""},
			[]string{"/usr/local/bin/node", "/app/app.js"}, nil},
		{"the build before node", `{"scripts": {"build": "tsc -p .", "start": "npm run build && node dist/main.js"}}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/main.js"}, nil},
		{"the build's command before node", `{"scripts": {"build": "tsc -p .", "start": "tsc -p . && node dist/main.js"}}`, "", nil,
			[]string{"/usr/local/bin/node", "/app/dist/main.js"}, nil},
		// a step before node (StartStepsNotRun names it): node's file is the server, not main
		// (hemmelig's main is npm init's index.js, which it does not have)
		{"another command before node", `{"scripts": {"start": "prisma migrate deploy && node server.js"}, "main": "app.js"}`, "", []string{"app.js", "", "server.js", ""},
			[]string{"/usr/local/bin/node", "/app/server.js"}, nil},
		{"another command before node, with a build", `{"scripts": {"build": "vite build", "start": "prisma migrate deploy && NODE_OPTIONS=--max-old-space-size=512 npm run serve", "serve": "node --enable-source-maps server.js --port 3000"}, "main": "index.js"}`, "", []string{"server.js", ""},
			[]string{"/usr/local/bin/node", "--enable-source-maps", "/app/server.js"}, []string{"--port", "3000"}},
		{"a script that runs itself", `{"scripts": {"start": "npm start"}, "main": "app.js"}`, "", []string{"app.js", ""},
			[]string{"/usr/local/bin/node", "/app/app.js"}, nil},
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
			p := provider.MustPlan(t, "language: node\n"+tc.src, facts(tc.pkg, tc.files...))
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
		_, err := provider.TryPlan(t, "# syntax=org/multistage-frontend\nlanguage: node\n", facts(tc.pkg))
		for _, want := range []string{"cannot tell what node runs in this project", tc.want, "NestJS, Next.js, Nuxt/Nitro",
			"server.js and index.js (not in the build context)", "Dockerfile:2:1", "set `entrypoint`"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want %q", tc.pkg, err, want)
			}
		}
	}
}

// TestOtherScriptsRunningTheBuild: without a start:prod or start script running `node FILE`,
// and no framework, a `preview`, `serve`, `prod` or `start:production` script running node on a
// file is what the image runs (a Turborepo template's Express app: `build: tsup`, `preview: node
// ./dist/server.js`, no start script), before main; Vite's `preview` (not `node FILE`) is not,
// and the error names the script tried.
func TestOtherScriptsRunningTheBuild(t *testing.T) {
	for _, tc := range []struct{ name, pkg, entry string }{
		{"preview", `{"type": "module", "main": "index.js", "scripts": {"dev": "tsup --watch", "build": "tsup", "preview": "node ./dist/server.js"},
 "dependencies": {"express": "^4.18.2"}, "devDependencies": {"tsup": "^8.0.1"}}`, "/app/dist/server.js"},
		{"serve after a development start", `{"scripts": {"start": "nodemon src/index.ts", "build": "tsc", "serve": "NODE_ENV=production node dist/index.js --trace-warnings"},
 "dependencies": {"koa": "^2"}}`, "/app/dist/index.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(tc.pkg))
			if want := []string{"/usr/local/bin/node", tc.entry}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
			}
			if r := lastCheck(p); r.Display != "test -e "+tc.entry {
				t.Errorf("the build checks %q, want %s", r.Display, tc.entry)
			}
		})
	}
	_, err := provider.TryPlan(t, "language: node\n", facts(`{"scripts": {"dev": "vite", "build": "tsc && vite build --ssr src/server.ts", "preview": "vite preview"}, "dependencies": {"ms": "2"}, "devDependencies": {"typescript": "5"}}`))
	if want := "package.json's preview script (`vite preview` is not `node FILE`)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("vite preview: %v, want %q", err, want)
	}
}

// TestEntrypointNotFound: a project without a build that names a script its context lacks is
// warned about at plan time (the build then fails at its check).
func TestEntrypointNotFound(t *testing.T) {
	for _, tc := range []struct{ src, pkg, field string }{
		{"language: node\nentrypoint: server.js\n", `{}`, "entrypoint"},
		{"language: node\n", `{"scripts": {"start": "node ./bin/www"}}`, "language"},
	} {
		p := provider.MustPlan(t, tc.src, facts(tc.pkg))
		got := langtest.NotesOf(p, "EntrypointNotFound")
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
		if p := provider.MustPlan(t, "language: node\n", facts(f.pkg, f.files...)); slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "EntrypointNotFound" }) {
			t.Errorf("%s: notes %+v", f.pkg, p.Notes)
		}
	}
}

// TestFollowReadsTheNamedScripts: the files the spec and package.json name are read (only
// whether they exist matters), with the names node would also load: without a build, whether
// the project has what it runs; with one, whether it runs its source or the build's output.
func TestFollowReadsTheNamedScripts(t *testing.T) {
	s := langtest.Spec(t, "language: node\nentrypoint: app.js\n")
	got := Provider{}.Follow(s, facts(`{"scripts": {"start": "node ./bin/www"}, "main": "lib/index.js"}`))
	for _, want := range []string{"app.js", "bin/www/", "bin/www.js", "bin/www/index.js", "lib/index.js"} {
		if !slices.Contains(got, want) {
			t.Errorf("Follow %q lacks %s", got, want)
		}
	}
	if slices.Contains(got, "bin/www") {
		t.Errorf("Follow %q reads bin/www before a probe found it a file", got)
	}
	probed := langtest.With(facts(`{"scripts": {"start": "node ./bin/www"}, "main": "lib/index.js"}`), "bin/www", "")
	if got := (Provider{}).Follow(s, probed); !slices.Contains(got, "bin/www") {
		t.Errorf("once the probe found the file bin/www, Follow reads %q", got)
	}
	if got := (Provider{}).Follow(s, facts(`{"scripts": {"build": "tsc", "start": "npm run serve", "serve": "node dist/x.js"}}`)); !slices.Contains(got, "dist/x.js") {
		t.Errorf("with a build, Follow reads %q", got)
	}
	if got := (Provider{}).Follow(s, facts(`{"scripts": {"start": "tsx ./backend/index.ts"}, "dependencies": {"tsx": "^4"}}`)); !slices.Contains(got, "backend/index.ts") {
		t.Errorf("a tsx start script: Follow reads %q", got)
	}
}

// TestStartScriptRunsADirectory: `node server`, where server/ is a directory, runs its
// index.js, as node resolves it; planning read server as a file and failed ("server in the
// build context is a directory, not a file"). A bare name that is a file is still read.
func TestStartScriptRunsADirectory(t *testing.T) {
	dir := tree.Write(t, map[string]string{
		"package.json":      `{"name": "notes", "scripts": {"build": "webpack", "start": "node server"}, "devDependencies": {"webpack": "5.0.0"}}`,
		"package-lock.json": `{"lockfileVersion": 3}`,
		"server/index.js":   "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT)\n",
		"client/app.js":     "console.log('ui')\n",
	})
	p := planDir(t, dir, "language: node\nports: [3000]\n")
	if want := []string{"/usr/local/bin/node", "/app/server"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	dir = tree.Write(t, map[string]string{
		"package.json": `{"name": "gen", "scripts": {"start": "node ./bin/www"}, "dependencies": {"express": "4.21.0"}}`,
		"bin/www":      "#!/usr/bin/env node\nrequire('../app').listen(3000)\n",
		"app.js":       "module.exports = require('express')()\n",
	})
	s, f := contextFacts(t, dir, "language: node\n")
	if len(f["bin/www"]) == 0 {
		t.Errorf("bin/www was not read: %q", f["bin/www"])
	}
	if p := provider.MustPlan(t, "language: node\n", f); !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/bin/www"}) {
		t.Errorf("%v: entrypoint %q", s.Language, p.Image.Entrypoint)
	}
}

// TestStartScriptEnvironment: NAME=value words before node, and cross-env's, are the program's
// environment; NODE_ENV=production is the image's already.
func TestStartScriptEnvironment(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(`{"scripts": {"build": "tsc", "start": "cross-env NODE_ENV=production TZ=UTC PORT=4000 node dist/index.js"}}`))
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/dist/index.js"}) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
	var env []string
	for _, e := range p.Image.Env {
		env = append(env, e.Key+"="+e.Value)
	}
	if want := []string{"NODE_ENV=production", "TZ=UTC", "PORT=3000"}; !slices.Equal(env, want) {
		t.Errorf("env %q, want %q: the spec's port wins over the script's", env, want)
	}
}

// TestASourceEntryWithABuildShipsTheBuiltTree: a start script that runs a file of the source
// while the build writes something else (a Vite front end the server serves from dist/) needs
// both: the image holds the built tree, not the entry's directory alone; and the project is no
// static site, though Vite builds it.
func TestASourceEntryWithABuildShipsTheBuiltTree(t *testing.T) {
	pkg := `{"name": "kuma", "scripts": {"build": "vite build", "start": "npm run start-server", "start-server": "node server/server.js"},
		"dependencies": {"express": "^4"}, "devDependencies": {"vite": "^6"}}`
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "server/server.js", "", "src/main.js", ""))
	if p.Image.User != "1000:1000" || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/server/server.js"}) {
		t.Fatalf("user %q entrypoint %q: want node running the server", p.Image.User, p.Image.Entrypoint)
	}
	var got []string
	for _, c := range copies(p.Stage("runtime")) {
		got = append(got, c.FromStage+":"+strings.Join(c.Paths, ","))
	}
	if want := []string{"prod-deps:/app/node_modules", "builder:/app"}; !slices.Equal(got, want) {
		t.Errorf("runtime copies %q, want %q", got, want)
	}
	// the same script written by the build: its directory only
	p = provider.MustPlan(t, "language: node\n", facts(strings.Replace(pkg, "server/server.js", "out/server.js", 1)))
	got = nil
	for _, c := range copies(p.Stage("runtime")) {
		got = append(got, c.FromStage+":"+strings.Join(c.Paths, ","))
	}
	if want := []string{"prod-deps:/app/node_modules", ":package.json", "builder:/app/out"}; !slices.Equal(got, want) {
		t.Errorf("built entry: runtime copies %q, want %q", got, want)
	}
}

// TestATsxStartScript: `tsx FILE` with tsx among the production dependencies runs as tsx's docs
// run it under node (`node --import tsx FILE`), with the source tree, which the file is part
// of, even when a build script only checks types (linkwarden's worker: `start: tsx index.ts`,
// no build). `tsx watch` is development; tsx as a dev dependency leaves the image without it,
// so neither is taken.
func TestATsxStartScript(t *testing.T) {
	for _, pkg := range []string{
		`{"scripts": {"start": "tsx src/index.ts --port 3000"}, "dependencies": {"tsx": "^4.20.0", "hono": "^4"}}`,
		`{"scripts": {"build": "tsc --noEmit", "start": "NODE_ENV=production tsx src/index.ts --port 3000"}, "dependencies": {"tsx": "^4.20.0", "hono": "^4"}, "devDependencies": {"typescript": "^5"}}`,
		// node with tsx's loader registered, as tsx's docs run it, and etherpad's prod script
		`{"scripts": {"start": "node --import tsx src/index.ts --port 3000"}, "dependencies": {"tsx": "^4.20.0", "hono": "^4"}}`,
		`{"scripts": {"prod": "cross-env NODE_ENV=production node --require tsx/cjs src/index.ts --port 3000"}, "dependencies": {"tsx": "^4.20.0", "cross-env": "^10"}}`,
	} {
		p := provider.MustPlan(t, "language: node\n", facts(pkg, "src/index.ts", ""))
		if want := []string{"/usr/local/bin/node", "--import", "tsx", "/app/src/index.ts"}; !slices.Equal(p.Image.Entrypoint, want) ||
			!slices.Equal(p.Image.Cmd, []string{"--port", "3000"}) {
			t.Errorf("%s: entrypoint %q cmd %q, want %q", pkg, p.Image.Entrypoint, p.Image.Cmd, want)
		}
		var got []string
		for _, c := range copies(p.Stage("runtime")) {
			got = append(got, c.FromStage+":"+strings.Join(c.Paths, ","))
		}
		if want := []string{"prod-deps:/app/node_modules", "app:/app"}; !slices.Equal(got, want) { // no build: the source on the runtime image
			t.Errorf("%s: runtime copies %q, want %q", pkg, got, want)
		}
	}
	for _, pkg := range []string{
		`{"scripts": {"start": "tsx watch src/index.ts"}, "main": "server.js", "dependencies": {"tsx": "^4"}}`,
		`{"scripts": {"start": "tsx src/index.ts"}, "main": "server.js", "dependencies": {"hono": "^4"}, "devDependencies": {"tsx": "^4"}}`,
	} {
		p := provider.MustPlan(t, "language: node\n", facts(pkg, "src/index.ts", "", "server.js", ""))
		if want := []string{"/usr/local/bin/node", "/app/server.js"}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s: entrypoint %q, want main's %q", pkg, p.Image.Entrypoint, want)
		}
	}
	_, err := provider.TryPlan(t, "language: node\n", facts(`{"scripts": {"start": "tsx src/index.ts"}, "devDependencies": {"tsx": "^4"}}`, "src/index.ts", ""))
	if err == nil || !strings.Contains(err.Error(), "runs tsx, a dev dependency, which the image does not have") {
		t.Errorf("tsx as a dev dependency alone: %v", err)
	}
}

// TestAStartScriptRunningAFrameworkOutput: a start script that runs what a framework's build
// leaves gets the framework's image (elk's `PORT=5314 node .output/server/index.mjs`: Nuxt's
// self-contained output alone, no node_modules), with the script's arguments kept.
func TestAStartScriptRunningAFrameworkOutput(t *testing.T) {
	runtimeCopies := func(p *plan.Plan) []string {
		var got []string
		for _, c := range copies(p.Stage("runtime")) {
			got = append(got, c.FromStage+":"+strings.Join(c.Paths, ","))
		}
		return got
	}
	nuxt := `{"name": "elk", "scripts": {"build": "nuxt build", "start": "PORT=5314 node .output/server/index.mjs --trace-warnings"},
		"dependencies": {"nuxt": "^4", "vue": "^3"}}`
	p := provider.MustPlan(t, "language: node\nports: [5314]\n", facts(nuxt))
	if want := []string{"builder:/app/.output"}; !slices.Equal(runtimeCopies(p), want) {
		t.Errorf("Nuxt: runtime copies %q, want %q", runtimeCopies(p), want)
	}
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}) || !slices.Equal(p.Image.Cmd, []string{"--trace-warnings"}) {
		t.Errorf("Nuxt: entrypoint %q cmd %q", p.Image.Entrypoint, p.Image.Cmd)
	}

	next := `{"name": "web", "scripts": {"build": "next build", "start": "node .next/standalone/server.js"}, "dependencies": {"next": "^16"}}`
	p = provider.MustPlan(t, "language: node\nports: [3000]\n", facts(next, "next.config.mjs", "export default { output: 'standalone' }\n"))
	if got := runtimeCopies(p); len(got) == 0 || got[0] != "builder:/app/.next/standalone" || slices.ContainsFunc(got, func(c string) bool { return strings.HasPrefix(c, "prod-deps:") }) {
		t.Errorf("Next.js standalone: runtime copies %q, want the standalone tree and no node_modules", got)
	}
	var env []string
	for _, e := range p.Image.Env {
		env = append(env, e.Key+"="+e.Value)
	}
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/server.js"}) || !slices.Contains(env, "HOSTNAME=0.0.0.0") {
		t.Errorf("Next.js standalone: entrypoint %q env %q, want server.js on 0.0.0.0", p.Image.Entrypoint, env)
	}

	// a script running a file no framework makes is left as it was
	p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "nuxt build", "start": "node server/index.mjs"}, "dependencies": {"nuxt": "^4"}}`))
	if want := []string{"prod-deps:/app/node_modules", ":package.json", "builder:/app/server"}; !slices.Equal(runtimeCopies(p), want) {
		t.Errorf("own server: runtime copies %q, want %q", runtimeCopies(p), want)
	}
}

// TestEnvFileFlagsLeaveTheImage: `node --env-file=.env` exits when the file is missing, and no
// image holds a .env file (they hold secrets, which the runtime's environment gives): the flag
// is dropped, other flags and an env file of another name stay.
func TestEnvFileFlagsLeaveTheImage(t *testing.T) {
	for _, tc := range []struct{ start, want string }{
		{"node --env-file=.env dist/server.js", "/usr/local/bin/node /app/dist/server.js"},
		{"node --env-file=./.env.production --enable-source-maps dist/server.js", "/usr/local/bin/node --enable-source-maps /app/dist/server.js"},
		{"node --env-file-if-exists=config/.env.local dist/server.js", "/usr/local/bin/node /app/dist/server.js"},
		{"node --env-file=config/defaults.env dist/server.js", "/usr/local/bin/node --env-file=config/defaults.env /app/dist/server.js"},
		{"tsx --env-file=.env src/server.ts", "/usr/local/bin/node --import tsx /app/src/server.ts"},
	} {
		p := provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "tsc", "start": "`+tc.start+`"}, "dependencies": {"tsx": "^4"}}`, "src/server.ts", ""))
		if got := strings.Join(p.Image.Entrypoint, " "); got != tc.want {
			t.Errorf("%s: entrypoint %q, want %q", tc.start, got, tc.want)
		}
	}
}

// TestAStartScriptRunningAPackageBin: a start script that runs run-script-os runs the script of
// the same name for Linux (its :linux, else :nix, else :default), and one that runs a file of
// package.json's bin by its path, after `cd DIR` or not, runs that file with node: an oclif
// server's `cd bin && ./run start`, where main is a module that only exports the server.
func TestAStartScriptRunningAPackageBin(t *testing.T) {
	const oclif = `{"name": "srv", "main": "dist/index", "bin": {"srv": "./bin/run"}, "files": ["bin", "dist", "templates"],
 "scripts": {"build": "tsc", "start": "run-script-os", "start:windows": "cd bin && run start", %s},
 "dependencies": {"@oclif/core": "^4"}, "devDependencies": {"run-script-os": "^1", "typescript": "^5"}}`
	for _, tc := range []struct {
		name, scripts, file string
		cmd                 []string
	}{
		{"cd and a bin", `"start:default": "cd bin && ./run start"`, "bin/run", []string{"start"}},
		{"linux before nix before default", `"start:default": "node dist/index", "start:nix": "./bin/run nix", "start:linux": "./bin/run start --port=3000"`,
			"bin/run", []string{"start", "--port=3000"}},
		{"nix before default", `"start:default": "node dist/index", "start:nix": "./bin/run serve"`, "bin/run", []string{"serve"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(fmt.Sprintf(oclif, tc.scripts),
				"bin/run", "#!/usr/bin/env node\nrequire('@oclif/core').run()\n", "src/index.ts", "export async function start() {}\n"))
			if want := []string{"/usr/local/bin/node", "/app/" + tc.file}; !slices.Equal(p.Image.Entrypoint, want) || !slices.Equal(p.Image.Cmd, tc.cmd) {
				t.Errorf("entrypoint %q cmd %q, want %q %q", p.Image.Entrypoint, p.Image.Cmd, want, tc.cmd)
			}
			if r := lastCheck(p); !strings.HasPrefix(r.Display, "test -e /app/"+tc.file) {
				t.Errorf("the build checks %q, want %s", r.Display, tc.file)
			}
			// bin/run is the source's: the image holds what npm publishes, the build's dist/ with it
			if c := copies(p.Stage("runtime")); len(c) < 3 || !slices.Equal(c[2].Include, []string{"app/bin", "app/dist", "app/templates"}) {
				t.Errorf("runtime copies %q, want bin/, dist/ and templates/ of files", artifactPaths(p))
			}
		})
	}
	// not a bin of the package, a name PATH would find, or a shell's: the script is not followed
	for _, script := range []string{`"start:default": "cd bin && ./other start"`, `"start:default": "cd bin && run start"`,
		`"start:default": "cd bin && ./run start > log"`, `"start:default": "cd .. && ./bin/run start"`} {
		_, err := provider.TryPlan(t, "language: node\n", facts(strings.Replace(fmt.Sprintf(oclif, script), `"main": "dist/index", `, "", 1)))
		if err == nil || !strings.Contains(err.Error(), "is not `node FILE`") {
			t.Errorf("%s: %v, want the start script not followed", script, err)
		}
	}
}

// TestStartScriptNotFollowedWithABin: a start script planning cannot follow, in a package with a
// bin, leaves the image on main, likely the command's library: StartScriptNotFollowed names the
// script and the bin. Not when the script is followed, the package has no bin, or the spec says
// what runs.
func TestStartScriptNotFollowedWithABin(t *testing.T) {
	const cli = `{"name": "flows", "main": "dist/index", "bin": {"flows": "./bin/flows"}, "files": ["bin", "dist"],
 "scripts": {"build": "tsc", "start": %q}, "devDependencies": {"typescript": "^5"}}`
	p := provider.MustPlan(t, "language: node\nports: [5678]\n", facts(fmt.Sprintf(cli, "node ../../scripts/os-normalize.mjs --dir bin flows")))
	got := langtest.NotesOf(p, "StartScriptNotFollowed")
	if len(got) != 1 || got[0].Field != "language" || !strings.Contains(got[0].Msg, "package.json's start script (`node ../../scripts/os-normalize.mjs --dir bin flows`) is not `node FILE`, so the image runs package.json's main, dist/index") ||
		!strings.Contains(got[0].Msg, "bin (./bin/flows)") {
		t.Errorf("notes %+v, want StartScriptNotFollowed naming the script, main and the bin", got)
	}
	for _, tc := range []struct{ name, spec, pkg string }{
		{"followed", "language: node\n", fmt.Sprintf(cli, "cd bin && ./flows start")},
		{"no bin", "language: node\n", strings.Replace(fmt.Sprintf(cli, "node ../../scripts/start.mjs"), `"bin": {"flows": "./bin/flows"}, `, "", 1)},
		{"the spec's entrypoint", "language: node\nentrypoint: bin/flows\n", fmt.Sprintf(cli, "node ../../scripts/start.mjs")},
	} {
		if got := langtest.NotesOf(provider.MustPlan(t, tc.spec, facts(tc.pkg)), "StartScriptNotFollowed"); len(got) != 0 {
			t.Errorf("%s: notes %+v, want none", tc.name, got)
		}
	}
}

// A start script running the program with deno, or a script file with bun, names a runtime
// other than node: planning fails naming it and its `language`, where node ran main (a module
// that only exports the app, in a pnpm workspace package that deno runs). bun running a
// package's bin (`bun run next start`) runs it on node, by its shebang: not refused.
func TestAStartScriptRunningAnotherRuntime(t *testing.T) {
	for _, c := range []struct{ pkg, want string }{
		{`{"main": "src/index.ts", "scripts": {"start": "NODE_ENV=production deno run -A --sloppy-imports src/serve.ts"}}`, "set `language: deno`: the start script runs deno"},
		{`{"main": "src/app.ts", "scripts": {"start": "bun run src/server.ts"}}`, "set `language: bun`: the start script runs bun"},
	} {
		_, err := provider.TryPlan(t, "language: node\n", facts(c.pkg, "src/index.ts", "export const app = 1\n", "src/app.ts", "export const app = 1\n"))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "not node") {
			t.Errorf("%s: %v, want a refusal saying %q", c.pkg, err, c.want)
		}
	}
	p := provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "next build", "start": "bun run next start"}, "dependencies": {"next": "15.0.0"}}`))
	if !slices.Contains(p.Image.Cmd, "start") {
		t.Errorf("bun run next start: image %+v, want next start on node", p.Image)
	}
}

// TestPrefixPackagesAreNamed: a root whose scripts install its server and client with `npm
// --prefix`, no workspace, fails naming the directories and the one its scripts start.
func TestPrefixPackagesAreNamed(t *testing.T) {
	root := `{"name": "board", "scripts": {"postinstall": "npm i --prefix server && npm i --prefix=client",
 "start": "concurrently \"npm:server:start\" \"npm:client:start\"", "server:start": "npm start --prefix server",
 "client:start": "npm start --prefix client"}}`
	_, err := provider.TryPlan(t, "language: node\nports: [1337]\n", facts(root))
	want := "its packages are installed with `npm --prefix` (client/, server/), not as workspaces, so `workspace` cannot select one: build server/ as the context"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	_, err = provider.TryPlan(t, "language: node\n", facts(`{"scripts": {"postinstall": "npm i --prefix api", "start": "concurrently a b"}}`))
	if err == nil || !strings.Contains(err.Error(), "(api/)") || !strings.Contains(err.Error(), "build the directory of the package the image runs as the context") {
		t.Errorf("err = %v", err)
	}
}

// TestAServerScriptIsNamed: when nothing says what node runs, a script named as a server that
// runs `node FILE` (MagicMirror's `server: node ./serveronly`, where start runs Electron) is
// named in the error's hint, not taken; a script of another name (config:check) is not.
func TestAServerScriptIsNamed(t *testing.T) {
	m := `{"main": "js/electron.js", "scripts": {"start": "node --run start:wayland", "start:wayland": "./node_modules/.bin/electron js/electron.js",
 "config:check": "node js/check_config.js", "server": "node ./serveronly", "server:watch": "node ./serveronly/watcher.js"},
 "dependencies": {"express": "^5"}, "devDependencies": {"electron": "^39"}}`
	_, err := provider.TryPlan(t, "language: node\nports: [8080]\n", facts(m, "package-lock.json", "{}", "js/electron.js", "", "serveronly/index.js", ""))
	want := "set `entrypoint: serveronly` if package.json's server script (`node ./serveronly`) runs the server"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	_, err = provider.TryPlan(t, "language: node\n", facts(`{"scripts": {"start": "electron .", "config:check": "node js/check_config.js"}}`, "package-lock.json", "{}"))
	if err == nil || strings.Contains(err.Error(), "check_config") {
		t.Errorf("err = %v, want no config:check in it", err)
	}
}
