package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// eggPkg is package.json as Egg's simple template writes it: egg-scripts starts the daemon,
// egg-bin runs the tests; no main, no file for node to run.
const eggPkg = `{"name": "shop", "version": "1.0.0", "private": true,
 "egg": {"declarations": true},
 "scripts": {"start": "egg-scripts start --daemon --title=egg-server-shop", "stop": "egg-scripts stop --title=egg-server-shop",
  "dev": "egg-bin dev", "test": "egg-bin test"},
 "dependencies": {"egg": "^3.17.5", "egg-scripts": "^3.1.0"},
 "devDependencies": {"egg-bin": "^6.4.0", "egg-mock": "^5.10.0"}}`

// eggTSPkg is a TypeScript Egg 4 application in cnpmcore's shape: tsc compiles in place (the
// tsconfig has no outDir), package.json's main names a dist/app.js that only its publishing
// tsconfig writes (app.ts is Egg's boot hook, not a server), and the start script runs the
// daemon with eggctl.
const eggTSPkg = `{"name": "registry", "version": "4.2.0", "type": "module", "main": "./dist/app.js",
 "egg": {"typescript": true},
 "scripts": {"build": "npm run tsc", "tsc": "tsc -p ./tsconfig.json", "tsc:prod": "tsc -p ./tsconfig.prod.json",
  "start": "eggctl start --daemon && touch egg.status", "start:foreground": "eggctl start", "test": "egg-bin test"},
 "dependencies": {"egg": "^4.1.2-beta.2", "@eggjs/scripts": "^5.0.2-beta.2", "mysql2": "^3.15.3"},
 "devDependencies": {"@eggjs/bin": "^8.0.2-beta.2", "typescript": "^5.9.3"}}`

// TestEggStartsWithEggScripts: an Egg.js application has no file of its own for node to run:
// egg-scripts starts Egg's cluster on the working directory's app/ and config/. node runs its
// bin with `start` (in the foreground: the start script's --daemon would exit), the image holds
// the built tree, run/ (where Egg dumps its configuration at start) is the runtime user's, and
// a TypeScript application's build must leave config/config.default.js beside its source. It
// was "cannot tell what node runs" without a main, and node dist/app.js (Egg's boot hook,
// which a build compiling in place never writes) with one.
func TestEggStartsWithEggScripts(t *testing.T) {
	for _, tc := range []struct {
		name, pkg string
		files     []string
		bin       string
		check     string
	}{
		{"JavaScript, Egg 3", eggPkg, []string{"config/config.default.js", "module.exports = () => ({ keys: 'k' });\n",
			"app/router.js", "module.exports = app => { app.router.get('/', app.controller.home.index); };\n"},
			"node_modules/egg-scripts/bin/egg-scripts.js", ""},
		{"TypeScript compiled in place, Egg 4", eggTSPkg, []string{"config/config.default.ts", "export default () => ({ keys: 'k' });\n",
			"app.ts", "export default class AppBootHook {}\n", "tsconfig.json", `{"extends": "@eggjs/tsconfig", "compilerOptions": {"target": "ES2022"}}`},
			"node_modules/@eggjs/scripts/bin/run.js", "/app/config/config.default.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [7001]\n", facts(tc.pkg, tc.files...))
			if want := []string{"/usr/local/bin/node", "/app/" + tc.bin}; !slices.Equal(p.Image.Entrypoint, want) || !slices.Equal(p.Image.Cmd, []string{"start"}) {
				t.Errorf("entrypoint %q cmd %q, want %q [start]", p.Image.Entrypoint, p.Image.Cmd, want)
			}
			// without a build the tree is the context's, which has no node_modules: nothing to check
			if r := lastCheck(p); !strings.Contains(r.Display, tc.check) || strings.Contains(r.Display, "dist/app") || strings.Contains(r.Display, "node_modules") {
				t.Errorf("the build checks %q, want %s", r.Display, tc.check)
			}
			if got := artifactPaths(p); !slices.ContainsFunc(got, func(c string) bool { return strings.HasSuffix(c, ":/app -> /app/") }) ||
				!slices.Contains(got, "prod-deps:/app/node_modules -> /app/node_modules/") {
				t.Errorf("runtime copies %q, want the built tree and the production node_modules", got)
			}
			if run := runtimeMkdir(p, "/app/run"); run == nil || run.Chown != "1000:1000" {
				t.Errorf("run/ %+v, want a directory owned by the runtime user", run)
			}
			if !slices.Contains(p.Image.Env, plan.Env{Key: "PORT", Value: "7001"}) {
				t.Errorf("env %v, want PORT, which egg-scripts passes as the port", p.Image.Env)
			}
			if !slices.ContainsFunc(p.Stages, func(st *plan.Stage) bool { return strings.Contains(st.Description, "Egg.js (egg-scripts start)") }) {
				t.Errorf("no stage description says Egg.js (egg-scripts start)")
			}
		})
	}
	// a project that names its own server keeps it
	pkg := strings.Replace(eggPkg, `"start": "egg-scripts start --daemon --title=egg-server-shop"`, `"start": "node server.js"`, 1)
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "server.js", "require('egg').startCluster({ baseDir: __dirname });\n"))
	if want := []string{"/usr/local/bin/node", "/app/server.js"}; !slices.Equal(p.Image.Entrypoint, want) || p.Image.Cmd != nil {
		t.Errorf("own server: entrypoint %q cmd %q", p.Image.Entrypoint, p.Image.Cmd)
	}
}
