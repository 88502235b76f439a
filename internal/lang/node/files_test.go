package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestReadPathsOfASource: the paths the table's calls and properties name, and those joined
// from __dirname (the compiled file's directory, dist: `..` from it is the project) or
// process.cwd(), as Express, Fastify, NestJS, TypeORM and node:fs servers write them; and what
// is not one.
func TestReadPathsOfASource(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{`app.use(express.static('public'))`, []string{"public"}},
		{`app.use('/assets', express.static("./assets"))`, []string{"assets"}},
		{`app.use(express.static(path.join(__dirname, '..', 'public')))`, []string{"public"}},
		{`app.use(express.static(join(__dirname, '../public')))`, []string{"public"}},
		{`app.use(serveStatic(path.resolve(__dirname, '..', 'static')))`, []string{"static"}},
		{`app.set('views', path.join(__dirname, '..', 'views'))`, []string{"views"}},
		{`app.set("view engine", "ejs")`, nil},
		{`res.sendFile(path.join(__dirname, '..', 'public', 'index.html'))`, []string{"public/index.html"}},
		{`const page = fs.readFileSync('templates/x.html', 'utf8')`, []string{"templates/x.html"}},
		{`const page = await readFile(join(process.cwd(), 'content', 'about.md'), 'utf8')`, []string{"content/about.md"}},
		{`await fs.promises.readdir('data/seeds')`, []string{"data/seeds"}},
		{`fastify.register(fastifyStatic, { root: path.join(__dirname, '..', 'public'), prefix: '/public/' })`, []string{"public"}},
		{`ServeStaticModule.forRoot({ rootPath: join(__dirname, '..', 'client') })`, []string{"client"}},
		{`migrations: ['migrations/*.js'],`, []string{"migrations"}},
		{`await migrate(db, { migrationsFolder: "./drizzle" });`, []string{"drizzle"}},                   // Drizzle, at start
		{`const publicDir = join(__dirname, '..', 'public')`, []string{"public"}},                        // a path from its place, used later
		{"const views = `${__dirname}/../views`", []string{"views"}},                                     // a template
		{`const views = __dirname + '/../views'`, []string{"views"}},                                     // a concatenation
		{`const here = join(__dirname, 'assets')`, []string{"dist/assets"}},                              // beside the compiled file (the build's)
		{`app.use(express.static(path.join(process.cwd(), "public")))`, []string{"public"}},              // the working directory
		{`const dir = path.join(process.env.DATA_DIR || process.cwd(), 'drizzle')`, []string{"drizzle"}}, // a variable's fallback
		{"const DATA_DIR = process.env.DATA_DIR ?? process.cwd(); fs.readdirSync(path.join(DATA_DIR, 'drizzle'))", []string{"drizzle"}},
		{"let root = process.cwd(); const page = `${root}/pages/a.md`", []string{"pages/a.md"}},
		// not a path to copy
		{`app.use(express.static(path.join(__dirname, '..', '..', 'shared')))`, nil}, // outside the context
		{`res.sendFile('/etc/hostname')`, nil},
		{`fs.readFileSync(path.resolve(__dirname, '/etc/hostname'))`, nil},
		{`fs.readFileSync(join(__dirname, '..', '.env'))`, nil}, // hidden
		{`fs.readFileSync(process.env.CONFIG)`, nil},
		{`fs.readFileSync(join(__dirname, '..', name))`, nil},
		{"fs.readFileSync(`pages/${name}.html`)", nil},
		{`// app.use(express.static('old'))`, nil},
		{`app.use(myStatic('public'))`, nil},
		{`app.use(static('public'))`, nil}, // static is a method of express, not a function
		{`join(__dirname, '..')`, nil},     // the project itself
	} {
		var got []string
		for _, r := range readPaths("src/main.ts", "import x from 'y'\n\n"+tc.src+"\n", "dist") {
			got = append(got, r.Path)
			if !strings.HasPrefix(r.Why, "src/main.ts:3 ") {
				t.Errorf("%s: why %q", tc.src, r.Why)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.src, got, tc.want)
		}
	}
}

// tscServer is an Express server compiled by tsc from src/ to dist/, and the files beside it.
var tscServer = map[string]string{
	"package.json":      `{"scripts": {"build": "tsc", "start": "node dist/main.js"}, "dependencies": {"express": "^5"}, "devDependencies": {"typescript": "^5.9"}}`,
	"package-lock.json": `{"lockfileVersion": 3}`,
	"tsconfig.json":     `{"compilerOptions": {"rootDir": "src", "outDir": "dist"}}`,
	"src/main.ts": `import express from 'express';
import { join } from 'node:path';
import { routes } from './routes';
const app = express();
app.use(express.static(join(__dirname, '..', 'public')));
app.use(express.static(join(__dirname, '..', 'public', 'css')));
app.set('views', join(__dirname, '..', 'src', 'views'));
app.use(express.static(join(__dirname, '..', 'src')));
app.use(express.static(join(__dirname, 'static')));
app.use(express.static(join(__dirname, '..', 'node_modules', 'bootstrap', 'dist')));
app.use(express.static('missing'));
app.use(routes).listen(3000);
`,
	"src/routes/index.ts": `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
export const page = readFileSync(join(__dirname, '..', '..', 'templates', 'page.html'), 'utf8');
`,
	"src/views/home.hbs":                "<p>home</p>",
	"public/index.html":                 "<h1>hi</h1>",
	"public/css/site.css":               "p{}",
	"templates/page.html":               "<p>page</p>",
	"node_modules/bootstrap/dist/b.css": "",
	"dist/static/old.css":               "",
}

// copiesFromContext are the runtime's copies from the context: path -> dest (display).
func copiesFromContext(p *plan.Plan) []string {
	var out []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		if c.FromStage == "" {
			out = append(out, c.Field+": "+strings.Join(c.Paths, " ")+" -> "+c.Dest+" "+c.Display)
		}
	}
	return out
}

// TestBuiltServerReadsFilesBesideItsBuild: the paths the mapped source of dist/main.js and the
// file it imports (src/routes/index.ts, compiled to dist/routes: `../..` from there is the
// project) name are copied from the context before the artifacts; src/ (code), dist/ (the
// build's), node_modules, a path inside another and an absent one are not. src/views is. The
// selected package of a workspace is read the same (HedgeDoc's backend serves its public/): its
// directory's paths, copied to the same place below its working directory; the root's and a
// sibling's are not.
func TestBuiltServerReadsFilesBesideItsBuild(t *testing.T) {
	workspace := map[string]string{
		"package.json":           `{"private": true, "workspaces": ["apps/*"]}`,
		"apps/web/package.json":  `{"name": "web", "scripts": {"build": "vite build"}}`,
		"apps/web/public/a.html": "",
		"public/root.html":       "",
		"templates/root.html":    "",
	}
	for k, v := range tscServer {
		if k == "package-lock.json" || strings.HasPrefix(k, "node_modules/") {
			workspace[k] = v
		} else {
			workspace["apps/api/"+k] = v
		}
	}
	for _, tc := range []struct {
		name, spec, dir, manifest string
		ctx                       map[string]string
	}{
		{"a single package", "language: node\nports: [3000]\n", "", "language: package.json -> /app/ ", tscServer},
		{"a workspace's package", "language: node\nworkspace: apps/api\nports: [3000]\n", "apps/api/",
			"workspace: apps/api/package.json -> /app/apps/api/ ", workspace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, tc.spec, langtest.Gathered(t, Provider{}, tc.spec, tc.ctx))
			d := tc.dir
			want := []string{
				"language: " + d + "public -> /app/" + d + "public " + d + "public (src/main.ts:5 static)",
				"language: " + d + "src/views -> /app/" + d + "src/views " + d + "src/views (src/main.ts:7 set)",
				"language: " + d + "templates/page.html -> /app/" + d + "templates/page.html " + d + "templates/page.html (src/routes/index.ts:3 readFileSync)",
				tc.manifest,
			}
			if got := copiesFromContext(p); !slices.Equal(got, want) {
				t.Errorf("copies from the context:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			langtest.Has(t, "the runtime's description", p.Stage("runtime").Description,
				"copied into /app"+strings.TrimSuffix("/"+d, "/")+", where the program reads them: public (src/main.ts:5 static)")
			langtest.Ejects(t, p, "COPY "+d+"public /app/"+d+"public\n", "COPY "+d+"templates/page.html /app/"+d+"templates/page.html\n")
		})
	}
}

// TestNextInstrumentationReads: what Next.js's instrumentation hook imports reads from the
// working directory (Perplexica's migrations, `path.join(DATA_DIR, 'drizzle')` with DATA_DIR
// `process.env.DATA_DIR || process.cwd()`) is copied beside standalone's server.js and beside
// `next start`'s .next; a path under .next or of a file the context lacks is not, nor anything
// without an instrumentation file.
func TestNextInstrumentationReads(t *testing.T) {
	ctx := func(output string, instrumentation bool) map[string]string {
		c := map[string]string{
			"package.json": `{"name": "app", "scripts": {"build": "next build", "start": "next start"},
 "dependencies": {"next": "16.0.7", "react": "19.0.0", "react-dom": "19.0.0", "better-sqlite3": "^11"}}`,
			"package-lock.json":     "{}",
			"next.config.mjs":       "const nextConfig = {" + output + "};\nexport default nextConfig;\n",
			"drizzle/0000_init.sql": "CREATE TABLE chats (id TEXT);\n",
			"src/app/page.tsx":      "export default function Page() { return null }\n",
			"src/lib/db/migrate.ts": `import path from 'path';
const DATA_DIR = process.env.DATA_DIR || process.cwd();
const db = new Database(path.join(DATA_DIR, './data/db.sqlite'));
const migrationsFolder = path.join(DATA_DIR, 'drizzle');
fs.readdirSync(migrationsFolder);
const cached = path.join(process.cwd(), '.next', 'cache');
`,
		}
		if instrumentation {
			c["src/instrumentation.ts"] = "export const register = async () => {\n  if (process.env.NEXT_RUNTIME === 'nodejs') {\n    await import('./lib/db/migrate');\n  }\n};\n"
		}
		return c
	}
	src := "language: node\nports: [3000]\n"
	for _, tc := range []struct {
		name, output    string
		instrumentation bool
		want            []string
	}{
		{"standalone", "output: 'standalone'", true, []string{"language: drizzle -> /app/drizzle drizzle (src/lib/db/migrate.ts:4 process.cwd())"}},
		{"next start", "", true, []string{"language: drizzle -> /app/drizzle drizzle (src/lib/db/migrate.ts:4 process.cwd())",
			"language: package.json -> /app/ "}},
		{"no instrumentation", "output: 'standalone'", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx(tc.output, tc.instrumentation)))
			if got := copiesFromContext(p); !slices.Equal(got, tc.want) {
				t.Errorf("copies from the context:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestBuiltServerFilesLeftAlone: the spec's files win over a path they overlap; a project
// without a build ships its tree (nothing to add); without a dependency that serves files the
// entry's imports are not read.
func TestBuiltServerFilesLeftAlone(t *testing.T) {
	with := func(changes map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range tscServer {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
		want       []string
	}{
		{"the spec's files", "language: node\nfiles: [public/css, {src: tpl, dest: templates}]\n", with(map[string]string{"tpl/page.html": ""}),
			[]string{"language: src/views -> /app/src/views src/views (src/main.ts:7 set)", "language: package.json -> /app/ ",
				"files[0]: public/css -> /app/public/css ", "files[1]: tpl -> /app/templates "}},
		{"no build", "language: node\n", with(map[string]string{"package.json": `{"scripts": {"start": "node src/main.js"}, "dependencies": {"express": "^5"}}`,
			"src/main.js": tscServer["src/main.ts"]}), nil},
		{"no dependency that serves files", "language: node\n", with(map[string]string{
			"package.json": `{"scripts": {"build": "tsc", "start": "node dist/main.js"}, "devDependencies": {"typescript": "^5.9"}}`}),
			[]string{"language: public -> /app/public public (src/main.ts:5 static)", "language: src/views -> /app/src/views src/views (src/main.ts:7 set)",
				"language: package.json -> /app/ "}},
	} {
		p := provider.MustPlan(t, tc.spec, langtest.Gathered(t, Provider{}, tc.spec, tc.ctx))
		got := slices.DeleteFunc(copiesFromContext(p), func(c string) bool { return tc.want == nil && strings.HasPrefix(c, "language: package.json") })
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: copies from the context:\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// TestCompiledAppWithItsConfigDir: a TypeScript app of Feathers' shape: no build script, its
// compile script (`shx rm -rf lib/ && tsc`) is the build, its start script runs the directory
// tsc writes (`node lib/`, or `node lib` when lib is the tsconfig's outDir), and node-config
// (@feathersjs/configuration) loads ./config at start: the image holds lib/, package.json, the
// production node_modules and config/, not the source. Without config/ in the context, nothing
// is copied for it; with the directory's index.js in the source, it is not a build's directory.
func TestCompiledAppWithItsConfigDir(t *testing.T) {
	app := func(start, dep string) string {
		return `{"name": "chat", "main": "lib/client", "scripts": {"dev": "nodemon -x ts-node src/index.ts",
 "compile": "shx rm -rf lib/ && tsc", "start": "` + start + `", "test": "mocha test/"},
 "dependencies": {"` + dep + `": "^5.0.0", "@feathersjs/koa": "^5.0.0"}, "devDependencies": {"shx": "^0.3.4", "typescript": "^5.9.3"}}`
	}
	ctx := func(start, dep string, more ...string) map[string]string {
		return langtest.With(map[string]string{"package.json": app(start, dep), "package-lock.json": `{"lockfileVersion": 3}`,
			"tsconfig.json": `{"compilerOptions": {"outDir": "./lib", "rootDir": "./src"}, "include": ["src"]}`,
			"src/index.ts":  "import { app } from './app'\napp.listen(app.get('port'))\n", "config/default.json": `{"port": 3030}`}, more...)
	}
	const spec = "language: node\nports: [3030]\n"
	for _, tc := range []struct {
		name string
		ctx  map[string]string
		want []string // copies from the context
	}{
		{"node lib/, @feathersjs/configuration", ctx("node lib/", "@feathersjs/configuration"),
			[]string{"language: config -> /app/config config (@feathersjs/configuration loads it)", "language: package.json -> /app/ "}},
		{"node lib, the outDir, node-config", ctx("node lib", "config"),
			[]string{"language: config -> /app/config config (config loads it)", "language: package.json -> /app/ "}},
		{"no config directory", func() map[string]string { c := ctx("node lib/", "config"); delete(c, "config/default.json"); return c }(),
			[]string{"language: package.json -> /app/ "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, tc.ctx))
			if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"npm run compile"}) {
				t.Errorf("builder runs %q", got)
			}
			if want := []string{"/usr/local/bin/node", "/app/lib"}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q", p.Image.Entrypoint)
			}
			// node loads the directory's index.js: the directory alone does not pass the check
			if r := lastCheck(p); r.Display != "test -e /app/lib/index.js" {
				t.Errorf("the build checks %q, want test -e /app/lib/index.js", r.Display)
			}
			if got := copiesFromContext(p); !slices.Equal(got, tc.want) {
				t.Errorf("copies from the context:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if got := artifactPaths(p); !slices.Contains(got, "builder:/app/lib -> /app/lib/") || slices.Contains(got, "builder:/app -> /app/") {
				t.Errorf("runtime copies %q, want lib/ only of the build", got)
			}
		})
	}
	// a directory of the source is not the build's: the tree ships, as for any source entry
	p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, ctx("node lib/", "config", "lib/index.js", "module.exports = 1\n")))
	if got := artifactPaths(p); slices.Contains(got, "builder:/app/lib -> /app/lib/") {
		t.Errorf("lib/ of the source: runtime copies %q", got)
	}
}

// TestRelativeImportsServeBothReaders: one reading of a file's relative imports serves the
// entry's imports (importedSources) and the files next.config imports (localImports). Since
// they share it, localImports reads `from"./x"` without a space (minified or hand-written, valid
// JavaScript) and passes over an import commented out with //, as importedSources did; what
// each leaves out above the package is as before.
func TestRelativeImportsServeBothReaders(t *testing.T) {
	src := `import a from "./a"
import b from"./b.js"
// import c from "./c"
export * from '../shared/d'
const e = require( './e' ); const f = await import("./lib/f.mjs")
import "./g"
import h from "h"
`
	if got, want := relativeImports(src), []string{"./a", "./b.js", "../shared/d", "./e", "./lib/f.mjs", "./g"}; !slices.Equal(got, want) {
		t.Errorf("relativeImports = %q, want %q", got, want)
	}
	if got, want := localImports(src), []string{"a", "a.*", "b.js", "e", "e.*", "lib/f.mjs", "g", "g.*"}; !slices.Equal(got, want) {
		t.Errorf("localImports = %q, want %q", got, want)
	}
	var stems []string
	for _, names := range importedSources("src/main.ts", src) {
		stems = append(stems, strings.TrimSuffix(names[0], ".ts"))
	}
	if want := []string{"src/a", "src/b", "shared/d", "src/e", "src/lib/f", "src/g"}; !slices.Equal(stems, want) {
		t.Errorf("importedSources stems = %q, want %q", stems, want)
	}
}
