package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// strapiPkg is package.json as create-strapi-app writes it: the CLI in every script, no file
// for node to run.
const strapiPkg = `{"name": "menus", "private": true, "version": "0.1.0",
 "scripts": {"develop": "strapi develop", "start": "strapi start", "build": "strapi build", "strapi": "strapi"},
 "dependencies": {"@strapi/strapi": "5.31.2", "@strapi/plugin-users-permissions": "5.31.2", "better-sqlite3": "12.4.1"},
 "engines": {"node": ">=20.0.0 <=24.x.x"}}`

// TestStrapiStartsInItsBuiltTree: `strapi start` is Strapi's CLI bin with `start`, run in the
// built tree (its config/, src/, public/ and the admin panel the build writes), with the
// production node_modules; the build must leave the admin panel (Strapi 4's build/, 5's
// dist/build). npm's lockfile names the bin's file. Strapi writes its SQLite database in .tmp/
// and uploads in public/uploads: the runtime user owns those two, and nothing else.
func TestStrapiStartsInItsBuiltTree(t *testing.T) {
	for _, tc := range []struct {
		name string
		lock []string
		bin  string
	}{
		{"no lockfile read", nil, "node_modules/@strapi/strapi/bin/strapi.js"},
		{"package-lock.json", []string{"package-lock.json", `{"lockfileVersion": 3, "packages": {"node_modules/@strapi/strapi": {"version": "5.31.2", "bin": {"strapi": "bin/cli.js"}}}}`},
			"node_modules/@strapi/strapi/bin/cli.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [1337]\n", facts(strapiPkg, append(tc.lock, "config/server.js", "module.exports = {};\n")...))
			if want := []string{"/usr/local/bin/node", "/app/" + tc.bin}; !slices.Equal(p.Image.Entrypoint, want) || !slices.Equal(p.Image.Cmd, []string{"start"}) {
				t.Errorf("entrypoint %q cmd %q, want %q [start]", p.Image.Entrypoint, p.Image.Cmd, want)
			}
			if r := lastCheck(p); !strings.Contains(r.Display, "/app/build/index.html") || !strings.Contains(r.Display, "/app/dist/build/index.html") {
				t.Errorf("the build checks %q", r.Display)
			}
			got := artifactPaths(p)
			if want := []string{"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app -> /app/",
				"builder:/app/.tmp -> /app/.tmp/", "builder:/app/public/uploads -> /app/public/uploads/"}; !slices.Equal(got, want) {
				t.Errorf("runtime copies %q, want the production node_modules, the built tree and the directories Strapi writes %q", got, want)
			}
			langtest.Writable(t, p, "1000:1000", "/app", "mkdir -p .tmp public/uploads", ".tmp", "public/uploads")
			if d := p.Stage("runtime").Description; !strings.HasSuffix(d, "as user 1000:1000, who owns .tmp, public/uploads (Strapi's)") {
				t.Errorf("runtime description %q", d)
			}
			if d := p.Stage("builder").Description; !strings.Contains(d, "Strapi (strapi start)") {
				t.Errorf("builder description %q", d)
			}
		})
	}
	// a project that names its own server keeps it
	pkg := strings.Replace(strapiPkg, `"start": "strapi start"`, `"start": "node server.js"`, 1)
	p := provider.MustPlan(t, "language: node\n", facts(pkg, "server.js", "require('@strapi/strapi')().start();\n"))
	if want := []string{"/usr/local/bin/node", "/app/server.js"}; !slices.Equal(p.Image.Entrypoint, want) || p.Image.Cmd != nil {
		t.Errorf("own server: entrypoint %q cmd %q", p.Image.Entrypoint, p.Image.Cmd)
	}
}

// TestStrapiTypeScriptKeepsItsTSConfig: a TypeScript Strapi project (create-strapi-app's default
// since Strapi 5) is one with a tsconfig.json, which `strapi start` looks for in the working
// directory to load the application `strapi build` compiled into its outDir (dist/); without it,
// Strapi takes the tree for a JavaScript one and loads config/*.ts as they are. The image keeps
// it, though the whole tree's copy leaves tsconfig files out; a JavaScript project gets no copy.
func TestStrapiTypeScriptKeepsItsTSConfig(t *testing.T) {
	tsconfig := `{"compilerOptions": {"module": "CommonJS", "outDir": "dist", "rootDir": "."}, "include": ["./", "src/**/*.json"]}`
	p := provider.MustPlan(t, "language: node\nports: [1337]\n", facts(strapiPkg, "tsconfig.json", tsconfig, "config/server.ts", "export default () => ({});\n"))
	got := artifactPaths(p)
	if want := []string{"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app -> /app/", "builder:/ -> /",
		"builder:/app/.tmp -> /app/.tmp/", "builder:/app/public/uploads -> /app/public/uploads/"}; !slices.Equal(got, want) {
		t.Fatalf("runtime copies %q, want %q", got, want)
	}
	tree, keep := copies(p.Stage("runtime"))[1], copies(p.Stage("runtime"))[2]
	if !slices.Contains(tree.Exclude, "tsconfig*.json") {
		t.Errorf("the tree's copy excludes %q, want tsconfig files left out as in any whole tree", tree.Exclude)
	}
	if !slices.Equal(keep.Include, []string{"app/tsconfig.json"}) {
		t.Errorf("the copy beside the tree includes %q, want app/tsconfig.json, which strapi start reads", keep.Include)
	}
	// a JavaScript project (no tsconfig.json): the tree alone, as before
	p = provider.MustPlan(t, "language: node\nports: [1337]\n", facts(strapiPkg, "config/server.js", "module.exports = {};\n"))
	for _, c := range copies(p.Stage("runtime")) {
		if len(c.Include) > 0 {
			t.Errorf("JavaScript project: runtime copies %q with includes %q, want no tsconfig.json copy", c.Paths, c.Include)
		}
	}
}

// medusaPkg is package.json as create-medusa-app's starter writes it: the CLI in every script,
// Vite a dev dependency (the admin dashboard's build).
const medusaPkg = `{"name": "shop", "version": "0.0.1",
 "scripts": {"build": "medusa build", "seed": "medusa exec ./src/scripts/seed.ts", "start": "medusa start", "dev": "medusa develop",
  "test:unit": "TEST_TYPE=unit jest --silent"},
 "dependencies": {"@medusajs/admin-sdk": "2.15.3", "@medusajs/cli": "2.15.3", "@medusajs/framework": "2.15.3", "@medusajs/medusa": "2.15.3"},
 "devDependencies": {"@swc/core": "^1.7.28", "typescript": "^5.6.2", "vite": "^5.4.14", "react": "^18.3.1"},
 "engines": {"node": ">=20"}}`

// TestMedusaStartsInItsBuild: `medusa build` writes the app into .medusa/server (its compiled
// medusa-config, src/, the admin's public/admin, its package.json), which Medusa's docs start
// in with `medusa start`: the image's app directory is that build's contents beside the
// production node_modules, node runs the CLI's bin with `start`, and the build must leave
// medusa-config.js there. Vite among its dev dependencies does not make it a static site
// (it was one: nginx serving a dist/ the build never writes).
func TestMedusaStartsInItsBuild(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nports: [9000]\n", facts(medusaPkg, "package-lock.json", `{"lockfileVersion": 3}`, "medusa-config.ts", "module.exports = {}\n"))
	if want := []string{"/usr/local/bin/node", "/app/node_modules/@medusajs/cli/cli.js"}; !slices.Equal(p.Image.Entrypoint, want) || !slices.Equal(p.Image.Cmd, []string{"start"}) {
		t.Errorf("entrypoint %q cmd %q, want %q [start]", p.Image.Entrypoint, p.Image.Cmd, want)
	}
	if r := lastCheck(p); r.Display != "test -e /app/.medusa/server/medusa-config.js" {
		t.Errorf("the build checks %q", r.Display)
	}
	if got, want := artifactPaths(p), []string{"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app/.medusa/server -> /app/"}; !slices.Equal(got, want) {
		t.Errorf("runtime copies %q, want %q", got, want)
	}
	// tsconfig.json's outDir is where `medusa build` writes
	p = provider.MustPlan(t, "language: node\n", facts(medusaPkg, "tsconfig.json", `{"compilerOptions": {"outDir": "./build/server", "rootDir": "./"}}`))
	if got, want := artifactPaths(p), []string{"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app/build/server -> /app/"}; !slices.Equal(got, want) {
		t.Errorf("outDir build/server: runtime copies %q, want %q", got, want)
	}
	// without `medusa build` (Medusa 1's `medusa develop` projects): no guess, and no static site
	pkg := strings.Replace(medusaPkg, `"build": "medusa build"`, `"build": "tsc"`, 1)
	if _, err := provider.TryPlan(t, "language: node\n", facts(pkg)); err == nil || !strings.Contains(err.Error(), "cannot tell what node runs") {
		t.Errorf("without medusa build: %v, want the error naming what was tried", err)
	}
}
