package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestNuxtPrerenderedSite: a Nuxt project built for static hosting (`nuxt generate`, as Nuxt's
// and Azure Static Web Apps' docs write the build script; `nuxt build --prerender`; a static
// Nitro preset) writes .output/public and no server, so the image is nginx serving it, not
// node running .output/server/index.mjs, which the build never writes. Nuxt's own server
// builds (saas's `nitro.prerender` routes beside its server, a node-server preset) still run
// node.
func TestNuxtPrerenderedSite(t *testing.T) {
	nuxt := func(build string) string {
		return `{"private": true, "type": "module", "scripts": {"build": "` + build + `", "dev": "nuxt dev", "preview": "nuxt preview",
		 "postinstall": "nuxt prepare"}, "dependencies": {"nuxt": "^4.1.0", "vue": "^3.5.0"}}`
	}
	config := func(body string) string { return "export default defineNuxtConfig({\n" + body + "})\n" }
	for _, c := range []struct {
		name, pkg, config string
		dir, conf         string // the site's copy and a line of its nginx configuration
	}{
		{"nuxt generate", nuxt("nuxt generate"), "", "/app/.output/public", "error_page 404 /404.html;"},
		{"nuxi generate", nuxt("nuxi generate"), "", "/app/.output/public", "\"~^/_nuxt/\""},
		{"nuxt build --prerender", nuxt("nuxt build --prerender"), "", "/app/.output/public", "site (Nuxt (prerendered))"},
		{"static preset", nuxt("nuxt build"), config("  nitro: {\n    prerender: { routes: ['/'] },\n    preset: 'static',\n  },\n"),
			"/app/.output/public", "error_page 404 /404.html;"},
		{"GitHub Pages preset", nuxt("nuxt build"), config("  nitro: { preset: 'github_pages' },\n"), "/app/.output/public", "site (Nuxt"},
		// ssr: false, a shell routed in the browser: 200.html for the paths not prerendered
		{"ssr: false", nuxt("nuxt generate"), config("  ssr: false,\n  devtools: { enabled: true },\n"), "/app/.output/public", "/200.html"},
		// a route rule's ssr: false is one route's, not the site's
		{"a route's ssr: false", nuxt("nuxt generate"), config("  ssr: true,\n  routeRules: {\n    '/admin/**': { ssr: false },\n  },\n"),
			"/app/.output/public", "error_page 404 /404.html;"},
		{"Nuxt 2", strings.Replace(nuxt("nuxt generate"), "^4.1.0", "^2.17.3", 1), "", "/app/dist", "site (Nuxt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := facts(c.pkg, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
			if c.config != "" {
				f = facts(c.pkg, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "nuxt.config.ts", c.config)
			}
			cp, conf := siteOf(t, "language: node\nports: [8080]\n", f)
			if cp.Paths[0] != c.dir || !strings.Contains(conf, c.conf) {
				t.Errorf("copy %q, want %q; config lacks %q:\n%s", cp.Paths, c.dir, c.conf, conf)
			}
			if c.name == "a route's ssr: false" && strings.Contains(conf, "200.html") {
				t.Errorf("a route rule made the site a browser-routed app:\n%s", conf)
			}
		})
	}
	for _, c := range []struct{ name, build, config string }{
		{"nuxt build", "nuxt build", ""},
		{"prerendered routes beside the server", "nuxt build", config("  nitro: {\n    prerender: {\n      routes: ['/'],\n      crawlLinks: true\n    }\n  },\n")},
		{"node-server preset", "nuxt build", config("  nitro: { preset: 'node-server' },\n")},
		{"generate is another script", "nuxt build", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := nuxt(c.build)
			if c.name == "generate is another script" {
				m = strings.Replace(m, `"dev":`, `"generate": "nuxt generate", "dev":`, 1)
			}
			f := facts(m, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "nuxt.config.ts", c.config)
			p := provider.MustPlan(t, "language: node\nports: [3000]\n", f)
			if rt := p.Stage("runtime"); rt.Base.Image == static.Image || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}) {
				t.Errorf("runtime %s, entrypoint %q, want node running .output/server/index.mjs", rt.Base.Image, p.Image.Entrypoint)
			}
		})
	}
}

// TestNuxtStaticPresetFromTheEnvironment: a static Nitro preset that the environment chooses is
// read as the Nuxt build sees it, as next.config's output is: `preset: process.env.NITRO_PRESET
// || 'static'` with no NITRO_PRESET, or NITRO_PRESET in the spec's build.env alone, writes
// .output/public and no server, so the image is a site. A preset nuxt.config writes wins over
// the variable, and NITRO_PRESET: node-server under the config's default builds the server.
func TestNuxtStaticPresetFromTheEnvironment(t *testing.T) {
	m := `{"private": true, "type": "module", "scripts": {"build": "nuxt build", "postinstall": "nuxt prepare"}, "dependencies": {"nuxt": "^4.1.0", "vue": "^3.5.0"}}`
	config := func(preset string) string {
		return "export default defineNuxtConfig({\n  nitro: {\n    preset: " + preset + ",\n  },\n})\n"
	}
	for _, c := range []struct {
		name, config, spec string
		site               bool
	}{
		{"the config's default", config("process.env.NITRO_PRESET || 'static'"), "", true},
		{"build.env alone", "export default defineNuxtConfig({})\n", "build: {env: {NITRO_PRESET: static}}\n", true},
		{"build.env, GitHub Pages", "export default defineNuxtConfig({})\n", "build: {env: {NITRO_PRESET: github_pages}}\n", true},
		{"build.env over the config's default", config("process.env.NITRO_PRESET || 'static'"), "build: {env: {NITRO_PRESET: node-server}}\n", false},
		{"the config's literal over build.env", config("'node-server'"), "build: {env: {NITRO_PRESET: static}}\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := facts(m, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "nuxt.config.ts", c.config)
			p := provider.MustPlan(t, "language: node\nports: [8080]\n"+c.spec, f)
			if site := p.Stage("runtime").Base.Image == static.Image; site != c.site {
				t.Fatalf("a static site: %v, want %v (entrypoint %q)", site, c.site, p.Image.Entrypoint)
			}
			if c.site {
				if cp, _ := siteOf(t, "language: node\nports: [8080]\n"+c.spec, f); cp.Paths[0] != "/app/.output/public" {
					t.Errorf("site copies %q, want /app/.output/public", cp.Paths)
				}
			} else if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}) {
				t.Errorf("entrypoint %q, want node running .output/server/index.mjs", p.Image.Entrypoint)
			}
		})
	}
}

// TestNuxtContentDatabase: Nuxt Content 3 serves its pages from SQLite, which a node server
// keeps beside its chunks in .output/server, where the runtime user cannot write (nuxt-ui-
// templates/saas built here: every content query failed with `unable to open database file`).
// The image points Nuxt's runtime configuration at an empty directory the runtime user owns;
// not for a database the config names, Nuxt Content 2 (files, no SQLite), or no Nuxt Content.
func TestNuxtContentDatabase(t *testing.T) {
	const db = "/app/.data/content-db/contents.sqlite"
	withContent := func(r string) string {
		return `{"private": true, "type": "module", "scripts": {"build": "nuxt build", "postinstall": "nuxt prepare"},
		 "dependencies": {"@nuxt/content": "` + r + `", "@nuxt/ui": "^4.0.0", "nuxt": "^4.1.0"}}`
	}
	config := "export default defineNuxtConfig({\n  modules: ['@nuxt/ui', '@nuxt/content'],\n  content: {\n    experimental: { sqliteConnector: 'native' }\n  },\n})\n"
	for _, c := range []struct {
		name, pkg, config string
		want              bool
	}{
		{"Nuxt Content 3", withContent("^3.15.2"), config, true},
		{"no nuxt.config", withContent("^3.15.2"), "", true},
		{"a database of its own", withContent("^3.15.2"), strings.Replace(config, "experimental:", "database: { type: 'postgres', url: process.env.POSTGRES_URL },\n    experimental:", 1), false},
		{"Nuxt Content 2", withContent("^2.13.4"), config, false},
		{"no Nuxt Content", strings.Replace(withContent("^3.15.2"), `"@nuxt/content": "^3.15.2", `, "", 1), config, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := []string{"pnpm-lock.yaml", "lockfileVersion: '9.0'\n"}
			if c.config != "" {
				files = append(files, "nuxt.config.ts", c.config)
			}
			p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(c.pkg, files...))
			env := slices.Contains(p.Image.Env, plan.Env{Key: "NUXT_CONTENT_DATABASE_FILENAME", Value: db})
			var dir *plan.Mkdir
			for _, st := range p.Stage("runtime").Steps {
				if mk, ok := st.(*plan.Mkdir); ok && mk.Path == "/app/.data/content-db" {
					dir = mk
				}
			}
			if env != c.want || (dir != nil) != c.want || dir != nil && dir.Chown != "1000:1000" {
				t.Errorf("env %q, directory %+v; want the database in %s: %v", p.Image.Env, dir, db, c.want)
			}
		})
	}
}

// TestNuxtPlatformPreset: a Nitro preset for a platform in nuxt.config (Cloudflare's, Vercel's,
// a handler) builds no .output/server/index.mjs that listens: planning fails naming the preset
// and the line that builds the node server. A preset nuxt.config writes wins over NITRO_PRESET,
// so the fix reads it from the environment; one read from it follows the spec's build.env.
func TestNuxtPlatformPreset(t *testing.T) {
	m := `{"private": true, "type": "module", "scripts": {"build": "nuxt build", "preview": "nuxt preview"}, "dependencies": {"nuxt": "^4.1.0"}}`
	config := func(preset string) string {
		return "export default defineNuxtConfig({\n  nitro: {\n    preset: " + preset + ",\n  },\n})\n"
	}
	for _, c := range []struct {
		name, config, spec string
		want               []string // the error's parts; none: node runs .output/server/index.mjs
	}{
		{"Cloudflare", config(`"cloudflare_module"`), "", []string{`Nuxt with the Nitro preset "cloudflare_module" (nuxt.config.ts), which builds for Cloudflare Workers`,
			"write `preset: process.env.NITRO_PRESET || \"cloudflare_module\"` in nuxt.config's nitro and set `build: {env: {NITRO_PRESET: node-server}}`"}},
		// NITRO_PRESET does not override a preset nuxt.config writes
		{"Vercel, and NITRO_PRESET", config(`'vercel'`), "build: {env: {NITRO_PRESET: node-server}}\n", []string{`preset "vercel"`, "Vercel's functions"}},
		{"a handler", config(`'node'`), "", []string{`preset "node"`, "a handler another server imports"}},
		{"from the environment", config(`process.env.NITRO_PRESET || 'netlify'`), "", []string{`preset "netlify" (nuxt.config.ts)`,
			"set `build: {env: {NITRO_PRESET: node-server}}` (.output/server/index.mjs"}},
		{"from the environment, set", config(`process.env.NITRO_PRESET || 'netlify'`), "build: {env: {NITRO_PRESET: node-server}}\n", nil},
		{"the spec's NITRO_PRESET", "export default defineNuxtConfig({})\n", "build: {env: {NITRO_PRESET: vercel}}\n",
			[]string{`preset "vercel" (the spec's build.env NITRO_PRESET)`}},
		{"node-server", config(`'node-server'`), "", nil},
		{"node_cluster", config(`'node_cluster'`), "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := provider.TryPlan(t, "language: node\nports: [3000]\n"+c.spec, facts(m, "package-lock.json", "{}", "nuxt.config.ts", c.config))
			if c.want == nil {
				if err != nil || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}) {
					t.Fatalf("want node on .output/server/index.mjs: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("planned %q, want an error", p.Image.Entrypoint)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

// TestNuxtHubBuildsForCloudflare: a Nuxt project on NuxtHub before 0.10 (a Sink-shaped
// nuxt.config whose preset is `import.meta.env.DEV ? 'cloudflare-module' : undefined`, with
// @nuxthub/core ^0.9.0) builds for Cloudflare, whatever preset is set but Cloudflare's: planning
// fails naming the module and the fix. NuxtHub 0.10 and later, or a range allowing it, plan
// node's server.
func TestNuxtHubBuildsForCloudflare(t *testing.T) {
	m := func(hub string) string {
		return `{"private": true, "type": "module", "scripts": {"build": "nuxt build"}, "dependencies": {"nuxt": "^4.2.0"}, "devDependencies": {"@nuxthub/core": "` + hub + `"}}`
	}
	config := "export default defineNuxtConfig({\n  modules: ['@nuxthub/core'],\n  nitro: {\n    preset: import.meta.env.DEV ? 'cloudflare-module' : undefined,\n  },\n  hub: { kv: true },\n})\n"
	for _, c := range []struct {
		name, hub, spec string
		want            string // in the error; "": node runs .output/server/index.mjs
	}{
		{"NuxtHub 0.9", "^0.9.0", "", "Nuxt with @nuxthub/core ^0.9.0, which builds for Cloudflare"},
		{"NuxtHub 0.8, with NITRO_PRESET", "~0.8.17", "build: {env: {NITRO_PRESET: node-server}}\n", "move to NuxtHub 0.10 or later"},
		{"NuxtHub 0.10", "^0.10.4", "", ""},
		{"a range allowing 0.10", ">=0.9", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := provider.TryPlan(t, "language: node\nports: [3000]\n"+c.spec, facts(m(c.hub), "package-lock.json", "{}", "nuxt.config.ts", config))
			if c.want == "" {
				if err != nil || !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}) {
					t.Fatalf("want node on .output/server/index.mjs: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
}

// TestNuxtServerReadsMigrationsAtStart: a Nuxt app whose server applies its Drizzle migrations
// at start (wg-easy's shape: server/utils/database.ts connects when first imported, and
// server/database/client.ts calls `migrate(db, { migrationsFolder:
// './server/database/migrations' })`, relative to the working directory) gets that directory
// beside .output, at the same path below /app: `nuxt build` bundles the modules of server/ but
// writes none of the project's other files into .output. Before, the image held .output alone
// and the server died at start on the missing migrations' journal. A path inside .output, or
// one the context lacks, is not copied; nor anything for a page that reads nothing.
func TestNuxtServerReadsMigrationsAtStart(t *testing.T) {
	client := `import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createClient } from '@libsql/client';

const db = drizzle({ client: createClient({ url: 'file:' + (process.env.DB_FILE ?? '/var/lib/tunnels/tunnels.db') }) });

export async function connect() {
  await migrate(db, {
    migrationsFolder: './server/database/migrations',
  });
  return db;
}
`
	ctx := map[string]string{
		"package.json": `{"name": "tunnels", "private": true, "type": "module",
 "scripts": {"build": "nuxt build", "dev": "nuxt dev", "postinstall": "nuxt prepare"},
 "dependencies": {"@libsql/client": "^0.17.0", "drizzle-orm": "^0.45.0", "nuxt": "^4.2.0", "vue": "^3.5.0"},
 "devDependencies": {"drizzle-kit": "^0.31.0"}}`,
		"pnpm-lock.yaml":                                "lockfileVersion: '9.0'\n",
		"nuxt.config.ts":                                "export default defineNuxtConfig({\n  compatibilityDate: '2025-07-15',\n})\n",
		"server/database/client.ts":                     client,
		"server/utils/database.ts":                      "import { connect } from '../database/client';\nexport const db = await connect();\n",
		"server/plugins/banner.ts":                      "export default defineNitroPlugin(() => { console.log('tunnels'); });\n",
		"server/database/migrations/0000_init.sql":      "CREATE TABLE peers (id integer primary key);\n",
		"server/database/migrations/meta/_journal.json": `{"version": "7", "dialect": "sqlite", "entries": []}`,
		"app/pages/index.vue":                           "<template><h1>tunnels</h1></template>\n",
	}
	p := planDir(t, tree.Write(t, ctx), "language: node\nports: [3000]\n")
	if got, want := artifactPaths(p), []string{":server/database/migrations -> /app/server/database/migrations",
		"builder:/app/.output -> /app/.output/"}; !slices.Equal(got, want) {
		t.Errorf("runtime copies %q, want %q", got, want)
	}
	if d := p.Stage("runtime").Description; !strings.Contains(d, "server/database/migrations (server/database/client.ts:9 migrationsFolder:)") {
		t.Errorf("the runtime stage says %q", d)
	}

	for name, change := range map[string]func(map[string]string){
		"the output's": func(c map[string]string) {
			c["server/database/client.ts"] = strings.Replace(client, "./server/database/migrations", "./.output/migrations", 1)
		},
		"none in context": func(c map[string]string) {
			delete(c, "server/database/migrations/0000_init.sql")
			delete(c, "server/database/migrations/meta/_journal.json")
		},
		"no reads": func(c map[string]string) { delete(c, "server/database/client.ts") },
	} {
		c := maps.Clone(ctx)
		change(c)
		p := planDir(t, tree.Write(t, c), "language: node\nports: [3000]\n")
		if got, want := artifactPaths(p), []string{"builder:/app/.output -> /app/.output/"}; !slices.Equal(got, want) {
			t.Errorf("%s: runtime copies %q, want %q", name, got, want)
		}
	}
}
