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
