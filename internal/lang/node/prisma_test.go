package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// prismaPlan plans a context held in memory, read as planning reads it.
func prismaPlan(t *testing.T, src string, ctx map[string]string) *plan.Plan {
	t.Helper()
	return provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
}

// copied are the sources of a stage's copies, each copy's joined by spaces.
func copied(st *plan.Stage) []string {
	var out []string
	for _, c := range copies(st) {
		out = append(out, c.FromStage+":"+strings.Join(slices.Concat(c.Paths, c.Include), " "))
	}
	return out
}

func hasCache(r *plan.Run, target string) bool {
	return slices.ContainsFunc(r.Mounts, func(m plan.Mount) bool { return m.Target == target })
}

// A Prisma 5 project as Prisma's docs set it up: the CLI a dev dependency, the client a
// dependency, `postinstall: prisma generate`, the schema in prisma/ with the default generator.
var prisma5 = map[string]string{
	"package.json": `{"name": "shop", "scripts": {"postinstall": "prisma generate", "start": "node server.js", "test": "node --test"},
 "dependencies": {"@prisma/client": "^5.22.0", "express": "^4.21.2"}, "devDependencies": {"prisma": "^5.22.0"}}`,
	"package-lock.json": `{"lockfileVersion": 3}`,
	"server.js":         `const { PrismaClient } = require("@prisma/client")`,
	"prisma/schema.prisma": `generator client {
  provider = "prisma-client-js"
  // output = "../src/generated"
}
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
model User {
  id Int @id
}
`,
	"prisma/migrations/20240101_init/migration.sql": "CREATE TABLE ...",
}

func TestPrismaPostinstallGeneratesInDeps(t *testing.T) {
	p := prismaPlan(t, "language: node\n", prisma5)
	deps := p.Stage("deps")
	if got := copied(deps); !slices.Equal(got, []string{":. package.json package-lock.json prisma/schema.prisma"}) {
		t.Errorf("deps copies %q: the schema, and only it of the source, before the install", got)
	}
	if got := runs(deps); !slices.Equal(got, []string{"npm ci"}) {
		t.Errorf("deps runs %q: the postinstall generates", got)
	}
	if !hasCache(lastRun(deps), prismaCache) {
		t.Errorf("the install does not keep Prisma's engines in a cache: %+v", lastRun(deps).Mounts)
	}
	prod := p.Stage("prod-deps")
	if got := copied(prod); !slices.Equal(got, []string{"deps:/app/node_modules/.prisma/client"}) {
		t.Errorf("prod-deps copies %q: the generated client back after the prune", got)
	}
	want := []string{"npm prune --omit=dev", "npm uninstall --no-save --omit=dev --ignore-scripts prisma"}
	if got := runs(prod); !slices.Equal(got, want) {
		t.Errorf("prod-deps runs %q, want %q: npm's prune keeps the CLI, an optional peer of @prisma/client", got, want)
	}
	// a project that runs the CLI in production (migrations at start) lists it as a dependency
	withCLI := maps.Clone(prisma5)
	withCLI["package.json"] = strings.Replace(withCLI["package.json"], `"express": "^4.21.2"}, "devDependencies": {"prisma": "^5.22.0"}`,
		`"express": "^4.21.2", "prisma": "^5.22.0"}`, 1)
	if got := runs(prismaPlan(t, "language: node\n", withCLI).Stage("prod-deps")); !slices.Equal(got, want[:1]) {
		t.Errorf("prod-deps runs %q with prisma among the dependencies", got)
	}
	if got := langtest.Rules(p); slices.Contains(got, "InstallScript") || !slices.Contains(got, "PrismaQueryEngine") {
		t.Errorf("notes %q: a postinstall that only generates works now; Prisma 5's client loads the native engine", got)
	}
	// the builder copies the source as before: the default output is in node_modules
	if ex := copies(p.Stage("builder"))[0].Exclude; !slices.Equal(ex, []string{"**/node_modules"}) {
		t.Errorf("the builder leaves out %q", ex)
	}
}

// Prisma 7: prisma.config.ts names the schema (with path.join, as Prisma's reference writes
// it) and reads DATABASE_URL with env(); the prisma-client generator writes TypeScript into
// src/, which the build compiles; no install script generates.
var prisma7 = map[string]string{
	"package.json": `{"name": "api", "type": "module", "scripts": {"build": "tsc", "start": "node dist/index.js"},
 "dependencies": {"@prisma/client": "^7.10.0", "@prisma/adapter-pg": "^7.10.0"},
 "devDependencies": {"prisma": "^7.10.0", "typescript": "^5.9.3", "dotenv": "^17.2.3"}}`,
	"package-lock.json": `{"lockfileVersion": 3}`,
	"prisma.config.ts": `import "dotenv/config";
import path from "node:path";
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: path.join("db", "schema.prisma"),
  migrations: { path: "db/migrations" },
  datasource: { url: env("DATABASE_URL") },
});
`,
	"db/schema.prisma": `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}
datasource db {
  provider = "postgresql"
}
model Post {
  id    Int    @id
  title String
}
`,
	"prisma/schema.prisma":           "// an old schema the config no longer names\n",
	"src/generated/prisma/client.ts": "// a developer's stale copy",
	"src/index.ts":                   "",
}

func TestPrisma7ConfigSchemaAndOutputInTheSource(t *testing.T) {
	p := prismaPlan(t, "language: node\n", prisma7)
	deps := p.Stage("deps")
	want := []string{":package.json package-lock.json", ":. prisma.config.ts db/schema.prisma"}
	if got := copied(deps); !slices.Equal(got, want) {
		t.Errorf("deps copies %q, want %q: the install from the dependency files, then the config and schema", got, want)
	}
	if got := runs(deps); !slices.Equal(got, []string{"npm ci", "prisma generate"}) {
		t.Fatalf("deps runs %q", got)
	}
	gen := lastRun(deps)
	if gen.Args[0] != "node_modules/.bin/prisma" || langtest.Env(gen.Env, "DATABASE_URL") == "" || !hasCache(gen, prismaCache) {
		t.Errorf("prisma generate: %q env %+v mounts %+v", gen.Args, gen.Env, gen.Mounts)
	}
	if install := runs(deps)[0]; install != "npm ci" || langtest.Env(langtest.Steps[*plan.Run](deps)[0].Env, "DATABASE_URL") != "" {
		t.Errorf("the install gets the placeholder too")
	}
	if ex := copies(p.Stage("builder"))[0].Exclude; !slices.Contains(ex, "src/generated/prisma") {
		t.Errorf("the builder copies the context's generated client over deps': excludes %q", ex)
	}
	if got := copied(p.Stage("prod-deps")); len(got) != 0 {
		t.Errorf("prod-deps copies %q: the client is compiled into dist/", got)
	}
	if got := langtest.Rules(p); slices.Contains(got, "PrismaQueryEngine") || slices.Contains(got, "PrismaSchemaNotFound") {
		t.Errorf("notes %q", got)
	}
	// build.env sets the real variable after the placeholder
	p = prismaPlan(t, "language: node\nbuild:\n  env:\n    DATABASE_URL: postgres://db/app\n", prisma7)
	gen = lastRun(p.Stage("deps"))
	var vals []string
	for _, e := range gen.Env {
		if e.Key == "DATABASE_URL" {
			vals = append(vals, e.Value)
		}
	}
	if len(vals) == 0 || vals[len(vals)-1] != "postgres://db/app" {
		t.Errorf("DATABASE_URL of prisma generate: %q", vals)
	}
}

// A multi-file schema named by package.json's prisma.schema, with pnpm: pnpm writes the
// default client beside @prisma/client in its store, where its prune keeps it.
func TestPrismaSchemaFolderWithPnpm(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "app", "packageManager": "pnpm@10.20.0", "prisma": {"schema": "./db/"},
 "scripts": {"start": "node index.js"}, "dependencies": {"@prisma/client": "6.19.0"}, "devDependencies": {"prisma": "6.19.0"}}`,
		"pnpm-lock.yaml":        "lockfileVersion: '9.0'\n",
		"index.js":              "",
		"db/schema.prisma":      "generator client {\n  provider   = \"prisma-client-js\"\n  engineType = \"client\"\n}\n",
		"db/models/user.prisma": "model User {\n  id Int @id\n}\n",
		"db/models/post.prisma": "model Post {\n  id Int @id\n}\n",
		"db/README.md":          "",
	}
	p := prismaPlan(t, "language: node\n", ctx)
	deps := p.Stage("deps")
	got := copied(deps)
	if len(got) != 2 || got[1] != ":. db/schema.prisma db/models/post.prisma db/models/user.prisma" {
		t.Errorf("deps copies %q", got)
	}
	if r := runs(deps); r[len(r)-1] != "prisma generate" {
		t.Errorf("deps runs %q", r)
	}
	if got := copied(p.Stage("prod-deps")); len(got) != 0 {
		t.Errorf("prod-deps copies %q", got)
	}
	if got := runs(p.Stage("prod-deps")); !slices.Equal(got, []string{pnpmUnpeer + " && pnpm prune --prod --ignore-scripts"}) {
		t.Errorf("prod-deps runs %q: the lockfile's @prisma/client loses its optional peer, the CLI, before the prune", got)
	}
	if got := langtest.Rules(p); slices.Contains(got, "PrismaQueryEngine") {
		t.Errorf("engineType client loads no engine: %q", got)
	}
}

func TestPrismaSchemaOfTheScriptOrNotFound(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "app", "scripts": {"postinstall": "prisma generate --schema db/app.prisma", "start": "node index.js", "test": "node --test"},
 "dependencies": {"@prisma/client": "^6.19.0"}, "devDependencies": {"prisma": "^6.19.0"}}`,
		"package-lock.json": "{}",
		"index.js":          "",
		"db/app.prisma":     "generator client {\n  provider = \"prisma-client-js\"\n  engineType = \"client\"\n}\n",
	}
	// the CLI's first choice: the --schema of the script that generates
	p := prismaPlan(t, "language: node\n", ctx)
	if got := copied(p.Stage("deps")); !slices.Equal(got, []string{":. package.json package-lock.json db/app.prisma"}) {
		t.Errorf("deps copies %q", got)
	}
	if got := langtest.Rules(p); len(got) != 0 {
		t.Errorf("notes %q", got)
	}

	ctx["package.json"] = strings.Replace(ctx["package.json"], " --schema db/app.prisma", "", 1)
	p = prismaPlan(t, "language: node\n", ctx)
	if got := langtest.Rules(p); !slices.Equal(got, []string{"PrismaSchemaNotFound", "InstallScript"}) {
		t.Errorf("notes %q", got)
	}
	if got := runs(p.Stage("deps")); !slices.Equal(got, []string{"npm ci"}) {
		t.Errorf("deps runs %q", got)
	}
	if msgs := langtest.Messages(p, "PrismaSchemaNotFound"); len(msgs) != 1 || !strings.Contains(msgs[0], "prisma/schema.prisma, schema.prisma and prisma/schema/") {
		t.Errorf("the note does not say where it looked: %q", msgs)
	}
}

// A project without Prisma asks for nothing more and plans as before.
func TestNoPrismaReadsNothingMore(t *testing.T) {
	ctx := map[string]string{"package.json": app, "package-lock.json": "{}", "prisma/schema.prisma": "x"}
	f := provider.Gathered(t, "language: node\n", ctx)
	if f.Has("prisma/schema.prisma") {
		t.Error("planning read a Prisma schema of a project that does not depend on Prisma")
	}
	if m, _ := readManifest([]byte(app)); prismaReads(f, m) != nil {
		t.Error("prismaReads of a project without Prisma")
	}
}

func TestGeneratorOutputs(t *testing.T) {
	schema := `// generator old { provider = "prisma-client-js" }
generator client {
  provider      = "prisma-client-js"
  output        = "../node_modules/@acme/db-client" // beside the package
  binaryTargets = ["native", "linux-musl-openssl-3.0.x"]
}
generator zod {
  provider = "zod-prisma-types"
  output   = "../src/zod"
}
generator next {
  provider = "prisma-client"
  output   = "../../outside"
}
`
	got := generatorOutputs("prisma/schema.prisma", schema)
	want := []prismaOutput{{provider: "prisma-client-js", dir: "node_modules/@acme/db-client", rustEngine: true}}
	if !slices.Equal(got, want) {
		t.Errorf("outputs %+v, want %+v (third parties' generators and outputs outside the context are not the client's)", got, want)
	}
	for script, want := range map[string]bool{
		"prisma generate": true, "npx prisma generate --no-hints": true, "pnpm exec prisma generate": true,
		"prisma generate && patch-package": true, "prisma migrate deploy": false, "husky": false,
		"prisma generate --schema=db/x.prisma": true, "prisma generate db/x.prisma": false,
		"pnpm dlx prisma@6.5.0 generate --schema ./db/x.prisma": true, "npx prisma@6 generate": true, "pnpm dlx prismax generate": false,
	} {
		if runsPrismaGenerate(script) != want {
			t.Errorf("runsPrismaGenerate(%q) = %v", script, !want)
		}
	}
}

// A pnpm-workspace.yaml written for pnpm's settings, whose packages glob matches no package
// but the root (umami's `packages: ['**']` beside onlyBuiltDependencies): the root is built as
// a single package, and its schema is read and generated in deps as for one.
func TestPrismaAtTheRootOfAWorkspaceOfNoPackages(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "analytics", "scripts": {"build": "next build", "start": "next start", "test": "vitest run"},
 "dependencies": {"@prisma/client": "^7.6.0", "next": "^16"}, "devDependencies": {"prisma": "^7.6.0"}}`,
		"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml": "packages:\n  - '**'\nonlyBuiltDependencies:\n  - prisma\n",
		"prisma.config.ts":    "import { defineConfig, env } from 'prisma/config';\nexport default defineConfig({ datasource: { url: env('DATABASE_URL') } });\n",
		"prisma/schema.prisma": "generator client {\n  provider = \"prisma-client\"\n  output   = \"../src/generated/prisma\"\n}\n" +
			"datasource db {\n  provider = \"postgresql\"\n}\n",
	}
	p := prismaPlan(t, "language: node\n", ctx)
	if got := langtest.Rules(p); slices.Contains(got, "PrismaSchemaNotFound") || slices.Contains(got, "WorkspaceNotSelected") {
		t.Errorf("notes %q", got)
	}
	if got := runs(p.Stage("deps")); !slices.Equal(got[len(got)-2:], []string{"pnpm install --frozen-lockfile", "prisma generate"}) {
		t.Errorf("deps runs %q, want the install, then prisma generate", got)
	}
	if want := ":. prisma.config.ts prisma/schema.prisma"; !slices.Contains(copied(p.Stage("deps")), want) {
		t.Errorf("deps copies %q, want %q", copied(p.Stage("deps")), want)
	}
}

// TestPrismaEnvOnlyInDotenv: a schema whose datasource url is a variable only a committed .env
// sets (hemmelig's SECRET_DATABASE_URL, a SQLite file) is warned of, naming `env` with the
// .env's value for a SQLite file and the container's environment otherwise; not when the spec's
// env sets it, its files copy the .env, no .env sets it, or the url is written out.
func TestPrismaEnvOnlyInDotenv(t *testing.T) {
	schema := "datasource db {\n  provider = \"sqlite\"\n  url      = env(\"SECRET_DATABASE_URL\")\n}\n\ngenerator client {\n  provider = \"prisma-client-js\"\n}\n"
	for _, tc := range []struct {
		name, spec, dotenv, schema, want string
	}{
		{"a SQLite file in .env", "", "# made by prisma init\nSECRET_DATABASE_URL=\"file:../database/notes.db\"\n", schema,
			"prisma/schema.prisma's datasource reads its url from SECRET_DATABASE_URL, which only .env sets: the image leaves .env files out " +
				"(their variables belong to the environment the container runs in), so the Prisma client fails at its first query " +
				"(Environment variable not found: SECRET_DATABASE_URL); set `env: {SECRET_DATABASE_URL: \"file:../database/notes.db\"}`"},
		{"a server's URL in .env", "", "SECRET_DATABASE_URL=postgresql://notes:notes@localhost:5432/notes\n", schema,
			"give it where the container runs (`docker run -e SECRET_DATABASE_URL=...`), or in `env` when it holds no secret"},
		{"the spec's env sets it", "env: {SECRET_DATABASE_URL: \"file:/data/notes.db\"}\n", "SECRET_DATABASE_URL=\"file:./dev.db\"\n", schema, ""},
		{"the spec's files copy .env", "files: [{src: .env}]\n", "SECRET_DATABASE_URL=\"file:./dev.db\"\n", schema, ""},
		{".env sets another variable", "", "PORT=4000\n", schema, ""},
		{"the url written out", "", "SECRET_DATABASE_URL=\"file:./dev.db\"\n", strings.Replace(schema, `env("SECRET_DATABASE_URL")`, `"file:./dev.db"`, 1), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := maps.Clone(prisma5)
			ctx["prisma/schema.prisma"] = tc.schema
			ctx[".env"] = tc.dotenv
			got := langtest.Messages(prismaPlan(t, "language: node\nports: [3000]\n"+tc.spec, ctx), "PrismaEnvOnlyInDotenv")
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("warned: %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
