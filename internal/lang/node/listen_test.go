package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestListenOnLocalhostWarns: an entry file in the context listening on a loopback host, or a
// Fastify app's listen without host, is ListenLocalhost at its line; every interface, Express
// without a host, and a build's output are not.
func TestListenOnLocalhostWarns(t *testing.T) {
	express := `{"scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`
	fastify := `{"scripts": {"start": "node server.js"}, "dependencies": {"fastify": "^5.0.0"}}`
	built := `{"scripts": {"build": "tsc", "start": "node dist/server.js"}, "dependencies": {"fastify": "^5.0.0"}}`
	hapi := `{"scripts": {"start": "node server.js"}, "dependencies": {"@hapi/hapi": "^21.4.0"}}`
	for _, tc := range []struct{ name, pkg, file, src, want string }{
		{"a host argument", express, "server.js", "const app = express()\napp.listen(PORT, 'localhost', () => {})\n",
			"server.js:2 calls listen with the host 'localhost': inside a container that is its own loopback interface, " +
				"so the published port answers nothing; leave the host out, or pass '0.0.0.0'"},
		{"a host property", express, "server.js", "server.listen({ port: 3000, host: \"127.0.0.1\" })\n",
			"server.js:1 calls listen with host: '127.0.0.1'"},
		{"Fastify without host", fastify, "server.js", "import Fastify from 'fastify'\nconst app = Fastify()\n\nawait app.listen({ port: Number(process.env.PORT) || 3000 })\n",
			"server.js:4 calls Fastify's listen without host, and Fastify listens on localhost by default"},
		{"Fastify with host", fastify, "server.js", "import Fastify from 'fastify'\nawait Fastify().listen({ port: 3000, host: '0.0.0.0' })\n", ""},
		{"Fastify with a host variable", fastify, "server.js", "const fastify = require('fastify')()\nfastify.listen({ port, host })\n", ""},
		{"Express without host", express, "server.js", "app.listen(3000)\napp.listen({ port: 3000 })\n", ""},
		{"every interface", express, "server.js", "app.listen(3000, '0.0.0.0')\n", ""},
		{"a hapi server's host", hapi, "server.js", "const Hapi = require('@hapi/hapi');\nconst init = async () => {\n  const server = Hapi.server({\n    port: 5000,\n    host: 'localhost',\n  });\n  await server.start();\n};\n",
			"server.js:3 makes its hapi server with host: 'localhost'"},
		{"new Hapi.Server", hapi, "server.js", "const server = new Hapi.Server({ host: '127.0.0.1', port: 3000 })\n", "server.js:1 makes its hapi server with host: '127.0.0.1'"},
		{"a hapi server without host", hapi, "server.js", "const server = Hapi.server({ port: process.env.PORT || 3000 })\n", ""},
		{"commented out", express, "server.js", "// app.listen(3000, 'localhost')\n", ""},
		{"a build's output is not read", built, "dist/server.js", "import Fastify from 'fastify'\nFastify().listen({ port: 3000 })\n", ""},
	} {
		p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(tc.pkg, tc.file, tc.src, "package-lock.json", `{"lockfileVersion": 3}`))
		wantListenNote(t, tc.name, p, tc.want)
	}
}

// wantListenNote checks the plan's ListenLocalhost note starts with want ("": no note).
func wantListenNote(t *testing.T, name string, p *plan.Plan, want string) {
	t.Helper()
	n := langtest.NoteOf(p, "ListenLocalhost")
	switch {
	case want == "" && n != nil:
		t.Errorf("%s: %+v", name, n)
	case want != "" && (n == nil || !strings.HasPrefix(n.Msg, want)):
		t.Errorf("%s: %+v, want %q", name, n, want)
	}
}

// TestListenInTheSourceOfABuild: an entry a tsc build writes is mapped back to the source it is
// compiled from, read as planning gathers the context, and its listen warned of there (fastify's
// demo: `node dist/server.js`, src/server.ts listening with Fastify's default host).
func TestListenInTheSourceOfABuild(t *testing.T) {
	fastifyTS := `{"type": "module", "scripts": {"build": "tsc", "start": "npm run build && node dist/server.js"},
 "dependencies": {"fastify": "^5"}, "devDependencies": {"typescript": "~6.0.3"}}`
	nest := `{"scripts": {"build": "nest build", "start:prod": "node dist/main"}, "dependencies": {"@nestjs/core": "^11"}, "devDependencies": {"typescript": "^5.7"}}`
	listens := "import Fastify from 'fastify'\nconst app = Fastify()\nawait app.listen({ port: 3000 })\n"
	for _, tc := range []struct {
		name, pkg string
		ctx       map[string]string
		want      string
	}{
		{"outDir and rootDir", fastifyTS, map[string]string{"tsconfig.json": `{"extends": "fastify-tsconfig", "compilerOptions": {"outDir": "dist", "rootDir": "src",}, "include": ["@types", "src/**/*.ts"]}`,
			"src/server.ts": listens},
			"src/server.ts:3 (the source of dist/server.js, which the image runs) calls Fastify's listen without host"},
		{"TypeScript 6 without rootDir: the tsconfig's directory", fastifyTS, map[string]string{"tsconfig.json": `{"compilerOptions": {"outDir": "./dist"}}`,
			"server.ts": listens, "src/server.ts": "app.listen({ port: 3000, host: '0.0.0.0' })\n"},
			"server.ts:3 (the source of dist/server.js"},
		{"an .mts compiles to .mjs", strings.Replace(fastifyTS, "dist/server.js", "build/main.mjs", 1), map[string]string{"tsconfig.json": `{"compilerOptions": {"outDir": "build", "rootDir": "lib"}}`,
			"lib/main.mts": listens, "lib/main.ts": "app.listen({ port: 3000, host: '0.0.0.0' })\n"},
			"lib/main.mts:3 (the source of build/main.mjs"},
		{"NestJS's bare dist/main, TypeScript 5's include root", nest, map[string]string{"tsconfig.json": `{"compilerOptions": {"outDir": "./dist"}}`,
			"tsconfig.build.json": `{"extends": "./tsconfig.json", "exclude": ["test"]}`,
			"src/main.ts":         "async function bootstrap() {\n  const app = await NestFactory.create(AppModule)\n  await app.listen(3000, 'localhost')\n}\n"},
			"src/main.ts:3 (the source of dist/main, which the image runs) calls listen with the host 'localhost'"},
		{"the source listens everywhere", fastifyTS, map[string]string{"tsconfig.json": `{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}`,
			"src/server.ts": "import Fastify from 'fastify'\nawait Fastify().listen({ port: 3000, host: '0.0.0.0' })\n"}, ""},
		{"outside outDir: not mapped", fastifyTS, map[string]string{"tsconfig.json": `{"compilerOptions": {"outDir": "out", "rootDir": "src"}}`,
			"src/server.ts": listens}, ""},
	} {
		ctx := map[string]string{"package.json": tc.pkg, "package-lock.json": `{"lockfileVersion": 3}`}
		for k, v := range tc.ctx {
			ctx[k] = v
		}
		spec := "language: node\nports: [3000]\n"
		wantListenNote(t, tc.name, provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, ctx)), tc.want)
	}
}

// TestTsSources: the files tsc compiles to an output path, most likely first.
func TestTsSources(t *testing.T) {
	for _, tc := range []struct {
		name, tsconfig, typescript, file string
		want                             []string
	}{
		{"rootDir", `{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}`, "^5", "dist/server.js",
			[]string{"src/server.ts", "src/server.tsx"}},
		{"include roots, then the top", `{"compilerOptions": {"outDir": "dist"}, "include": ["src/**/*.ts", "lib"]}`, "^5", "dist/a.cjs",
			[]string{"src/a.cts", "lib/a.cts", "a.cts"}},
		{"TypeScript 6", `{"compilerOptions": {"outDir": "dist"}, "include": ["src"]}`, "^6", "dist/src/a.mjs", []string{"src/a.mts"}},
		{"not under outDir", `{"compilerOptions": {"outDir": "dist"}}`, "^5", "build/a.js", nil},
		{"outDir the top", `{"compilerOptions": {"outDir": "."}}`, "^5", "a.js", nil},
		{"no outDir", `{"compilerOptions": {}}`, "^5", "dist/a.js", nil},
	} {
		f := facts(`{"devDependencies": {"typescript": "`+tc.typescript+`"}}`, "tsconfig.json", tc.tsconfig)
		m, _ := readManifest(f["package.json"])
		if got := tsSources(pkg{f: f, dir: ".", m: m}, tc.file); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestListenHostFromTheEnvironment: a listen whose host reads process.env.HOST gets HOST=0.0.0.0
// in the image (the spec's HOST wins); one that does not read it gets none.
func TestListenHostFromTheEnvironment(t *testing.T) {
	express := `{"scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`
	for _, tc := range []struct {
		name, spec, src string
		want            bool
	}{
		{"a host property", "", "app.listen({ port: 3000, host: process.env.HOST ?? 'localhost' })\n", true},
		{"a host argument", "", "server.listen(PORT, process.env['HOST'] || '127.0.0.1', () => {})\n", true},
		{"a variable", "", "const host = process.env.HOST || 'localhost'\nconst port = 3000\napp.listen(port, host)\n", true},
		{"shorthand", "", "const host = process.env.HOST\nawait app.listen({ port, host })\n", true},
		{"the spec's HOST", "env: {HOST: '::'}\n", "app.listen({ port: 3000, host: process.env.HOST })\n", false},
		{"HOST read elsewhere", "", "const url = 'http://' + process.env.HOST\napp.listen(3000)\n", false},
		{"commented out", "", "// app.listen(3000, process.env.HOST)\napp.listen(3000)\n", false},
		{"a hapi server's", "", "const server = Hapi.server({\n  port: process.env.PORT,\n  host: process.env.HOST || 'localhost',\n})\n", true},
		{"a hapi server's shorthand", "", "const host = process.env.HOST\nconst server = new Hapi.Server({ port, host })\n", true},
		{"a variable from elsewhere", "", "const host = config.host\napp.listen(3000, host)\n", false},
	} {
		p := provider.MustPlan(t, "language: node\nports: [3000]\n"+tc.spec, facts(express, "server.js", tc.src, "package-lock.json", `{"lockfileVersion": 3}`))
		set := slices.Contains(p.Image.Env, plan.Env{Key: "HOST", Value: "0.0.0.0"})
		if set != tc.want {
			t.Errorf("%s: env %v", tc.name, p.Image.Env)
		}
	}
}

// TestListenOnAPortOfItsOwn: an Express entry listening on a literal port the spec does not
// publish is PortNotPublished (the image's PORT does not move it); the spec's port is not.
func TestListenOnAPortOfItsOwn(t *testing.T) {
	pkg := `{"scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`
	for ports, want := range map[string]string{"[8080]": "server.js:2 calls app.listen with the port 3000", "[3000]": ""} {
		p := provider.MustPlan(t, "language: node\nports: "+ports+"\n", facts(pkg, "server.js", "const app = express()\napp.listen(3000, () => {})\n", "package-lock.json", `{"lockfileVersion": 3}`))
		n := langtest.NoteOf(p, "PortNotPublished")
		if (want == "") != (n == nil) || n != nil && !strings.HasPrefix(n.Msg, want) {
			t.Errorf("ports %s: %+v, want %q", ports, n, want)
		}
	}
}
