package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// adonisPkg is package.json as AdonisJS 6's starter kits write it: `start` runs bin/server.js,
// which only `node ace build` writes, into build/ (the source has bin/server.ts).
const adonisPkg = `{"name": "guestbook", "type": "module", "private": true,
 "scripts": {"start": "node bin/server.js", "build": "node ace build", "dev": "node ace serve --hmr", "test": "node ace test"},
 "imports": {"#controllers/*": "./app/controllers/*.js", "#start/*": "./start/*.js"},
 "devDependencies": {"@adonisjs/assembler": "^7.8.2", "typescript": "~5.8"},
 "dependencies": {"@adonisjs/core": "^6.18.0", "@adonisjs/vite": "^4.0.0", "edge.js": "^6.2.1"}}`

const adonisTsconfig = `{
  "extends": "@adonisjs/tsconfig/tsconfig.app.json",
  "compilerOptions": {
    "rootDir": "./",
    "outDir": "./build"
  }
}
`

// TestAdonisRunsItsBuildFromInside: the start script's bin/server.js is build/bin/server.js,
// run with build/ as the app directory (its views, public/assets and package.json's #imports
// are found from the working directory and the file's own path), beside the production
// node_modules, on HOST 0.0.0.0, as AdonisJS's Docker recipe ships it; tsconfig's outDir moves
// it. Without `ace build` the start script is read as for any project.
func TestAdonisRunsItsBuildFromInside(t *testing.T) {
	for _, tc := range []struct {
		name, tsconfig, out string
	}{
		{"starter kit", adonisTsconfig, "build"},
		{"outDir", strings.Replace(adonisTsconfig, "./build", "./out", 1), "out"},
		{"no tsconfig read", "", "build"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var files []string
			if tc.tsconfig != "" {
				files = []string{"tsconfig.json", tc.tsconfig}
			}
			p := provider.MustPlan(t, "language: node\nports: [3333]\n", facts(adonisPkg, append(files, "bin/server.ts", "import 'reflect-metadata'\n")...))
			if want := []string{"/usr/local/bin/node", "/app/bin/server.js"}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
			}
			if p.Image.Workdir != "/app" {
				t.Errorf("workdir %q", p.Image.Workdir)
			}
			if r := lastCheck(p); r.Display != "test -e /app/"+tc.out+"/bin/server.js" {
				t.Errorf("the build checks %q", r.Display)
			}
			wantRuntime(t, p, []string{"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app/" + tc.out + " -> /app/"},
				plan.Env{Key: "NODE_ENV", Value: "production"}, plan.Env{Key: "HOST", Value: "0.0.0.0"}, plan.Env{Key: "PORT", Value: "3333"})
			if d := p.Stage("builder").Description; !strings.Contains(d, "package.json's start script, AdonisJS (node ace build into "+tc.out+"/)'s output") {
				t.Errorf("builder description %q", d)
			}
		})
	}
	// a build that is not ace's: the start script's file, as written
	pkg := strings.Replace(adonisPkg, `"build": "node ace build"`, `"build": "tsc"`, 1)
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "tsconfig.json", adonisTsconfig))
	if want := []string{"/usr/local/bin/node", "/app/bin/server.js"}; !slices.Equal(p.Image.Entrypoint, want) || lastCheck(p).Display != "test -e /app/bin/server.js" {
		t.Errorf("without ace build: entrypoint %q, check %q", p.Image.Entrypoint, lastCheck(p).Display)
	}
	if slices.Contains(p.Image.Env, plan.Env{Key: "HOST", Value: "0.0.0.0"}) {
		t.Errorf("without ace build: env %v", p.Image.Env)
	}
}

// wantRuntime fails unless the runtime stage copies exactly copies (artifactPaths) and the
// image's environment holds env.
func wantRuntime(t *testing.T, p *plan.Plan, copies []string, env ...plan.Env) {
	t.Helper()
	if got := artifactPaths(p); !slices.Equal(got, copies) {
		t.Errorf("runtime copies %q, want %q", got, copies)
	}
	for _, e := range env {
		if !slices.Contains(p.Image.Env, e) {
			t.Errorf("env %v lacks %v", p.Image.Env, e)
		}
	}
}
