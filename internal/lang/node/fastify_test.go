package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// fastify-cli's templates start a plugin with `fastify start`: node runs fastify-cli's bin with the
// script's arguments (never the plugin, which main names too and which exits at once), on every
// interface. The JavaScript template has no build and ships its tree; the TypeScript one builds in
// its start script (`npm run build:ts && fastify start ... dist/app.js`) without a build script,
// and the builder runs that build instead.
func TestFastifyCLI(t *testing.T) {
	deps := `"dependencies": {"fastify": "^5.0.0", "fastify-cli": "^7.4.0", "@fastify/autoload": "^6.0.0"}`
	bin := []string{"/usr/local/bin/node", "/app/node_modules/fastify-cli/cli.js"}
	for _, tc := range []struct {
		name, pkg string
		files     []string
		cmd       []string
		builds    []string // the builder's commands
		check     string
		copies    []string
	}{
		{"JavaScript template", `{"main": "app.js", "scripts": {"start": "fastify start -l info app.js", "dev": "fastify start -w -l info -P app.js"}, ` + deps + `}`,
			[]string{"app.js", "module.exports = async function (fastify, opts) {}\n"}, []string{"start", "-l", "info", "app.js"}, nil, "", nil},
		{"the plugin is not main", `{"scripts": {"start": "fastify start -l info -p 3000 src/app.js"}, ` + deps + `}`,
			[]string{"src/app.js", ""}, []string{"start", "-l", "info", "-p", "3000", "src/app.js"}, nil, "", nil},
		{"TypeScript template", `{"main": "app.ts", "scripts": {"start": "npm run build:ts && fastify start -l info dist/app.js", "build:ts": "tsc", "watch:ts": "tsc -w"}, ` + deps + `}`,
			[]string{"src/app.ts", ""}, []string{"start", "-l", "info", "dist/app.js"}, []string{"npm run build:ts"}, "/app/dist/app.js",
			[]string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/app/dist -> /app/dist/"}},
		{"a build script", `{"scripts": {"build": "tsc", "start": "fastify start dist/app.js"}, ` + deps + `}`,
			nil, []string{"start", "dist/app.js"}, []string{"npm run build"}, "/app/dist/app.js", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(tc.pkg, append(tc.files, "package-lock.json", `{"lockfileVersion": 3}`)...))
			if !slices.Equal(p.Image.Entrypoint, bin) || !slices.Equal(p.Image.Cmd, tc.cmd) {
				t.Errorf("entrypoint %q cmd %q, want %q %q", p.Image.Entrypoint, p.Image.Cmd, bin, tc.cmd)
			}
			for _, kv := range []plan.Env{{Key: "FASTIFY_ADDRESS", Value: "0.0.0.0"}, {Key: "PORT", Value: "3000"}} {
				if !slices.Contains(p.Image.Env, kv) {
					t.Errorf("env %v lacks %v", p.Image.Env, kv)
				}
			}
			if got := runs(p.Stage("builder")); !slices.Equal(got, tc.builds) {
				t.Errorf("the builder runs %q, want %q", got, tc.builds)
			}
			checkAndCopies(t, p, tc.check, tc.copies)
			if rules := langtest.Rules(p); slices.Contains(rules, "EntrypointNotFound") || slices.Contains(rules, "BuildScriptNotRun") {
				t.Errorf("notes %q", rules)
			}
		})
	}
}

// What fastify-cli does not run this way: a dev dependency (the image has none), a watching or
// preloading start, a second plugin, words a shell would read. The project is then planned as
// before: here, main.
func TestFastifyCLINotTheEntry(t *testing.T) {
	for _, pkg := range []string{
		`{"main": "server.js", "scripts": {"start": "fastify start app.js"}, "dependencies": {"fastify": "^5"}, "devDependencies": {"fastify-cli": "^7"}}`,
		`{"main": "server.js", "scripts": {"start": "fastify start -w app.js"}, "dependencies": {"fastify": "^5", "fastify-cli": "^7"}}`,
		`{"main": "server.js", "scripts": {"start": "fastify start -r ./otel.js app.js"}, "dependencies": {"fastify": "^5", "fastify-cli": "^7"}}`,
		`{"main": "server.js", "scripts": {"start": "fastify start app.js other.js"}, "dependencies": {"fastify": "^5", "fastify-cli": "^7"}}`,
		`{"main": "server.js", "scripts": {"start": "fastify start $APP"}, "dependencies": {"fastify": "^5", "fastify-cli": "^7"}}`,
	} {
		p := provider.MustPlan(t, "language: node\n", facts(pkg, "server.js", "", "app.js", ""))
		if want := []string{"/usr/local/bin/node", "/app/server.js"}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s: entrypoint %q, want %q", pkg, p.Image.Entrypoint, want)
		}
	}
}

// A start script that builds first, in a package without a build script, is the build and the
// start: the builder runs the first, the image the second. A first command that does not compile
// or bundle is not a build.
func TestStartScriptThatBuildsFirst(t *testing.T) {
	p := provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"start": "npm run compile && node dist/server.js", "compile": "tsc -p tsconfig.build.json"}, "devDependencies": {"typescript": "^5"}}`))
	if want := []string{"/usr/local/bin/node", "/app/dist/server.js"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"npm run compile"}) {
		t.Errorf("the builder runs %q", got)
	}
	if r := lastCheck(p); !strings.HasPrefix(r.Display, "test -e /app/dist/server.js") {
		t.Errorf("the build checks %q", r.Display)
	}
	// a migration first is a step the image does not run (StartStepsNotRun), not a build
	p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "tsc", "start": "npm run migrate && node dist/server.js", "migrate": "knex migrate:latest"}}`))
	if want := []string{"/usr/local/bin/node", "/app/dist/server.js"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("a start script that migrates first: entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if got := runs(p.Stage("app")); !slices.Equal(got, []string{"npm run build"}) {
		t.Errorf("a start script that migrates first: the build runs %q", got)
	}
}
