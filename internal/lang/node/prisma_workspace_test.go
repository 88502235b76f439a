package node

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// A pnpm monorepo as Turborepo's Prisma guide shapes one: the schema in its own package
// (packages/database, "@acme/database") with prisma.config.ts and db:generate, the client
// re-exported from there, and an app that depends on it with workspace:*.
var prismaMonorepo = map[string]string{
	"package.json":        `{"name": "acme", "private": true, "packageManager": "pnpm@10.34.9", "devDependencies": {"turbo": "^2.6.0"}}`,
	"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
	"pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n",
	"apps/api/package.json": `{"name": "@acme/api", "scripts": {"start": "node server.js", "test": "node --test"},
 "dependencies": {"@acme/database": "workspace:*", "fastify": "^5.6.0"}}`,
	"apps/api/server.js":    `const { prisma } = require("@acme/database")`,
	"apps/web/package.json": `{"name": "@acme/web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.0.0"}}`,
	"packages/database/package.json": `{"name": "@acme/database", "main": "index.js",
 "scripts": {"db:generate": "prisma generate", "postinstall": "prisma generate"},
 "dependencies": {"@prisma/client": "^7.10.0"}, "devDependencies": {"prisma": "^7.10.0"}}`,
	"packages/database/index.js": `module.exports = require("@prisma/client")`,
	"packages/database/prisma.config.ts": `import { defineConfig, env } from "prisma/config";
export default defineConfig({ schema: "prisma/schema.prisma", datasource: { url: env("DATABASE_URL") } });
`,
	"packages/database/prisma/schema.prisma": "generator client {\n  provider = \"prisma-client-js\"\n}\nmodel User {\n  id Int @id\n}\n",
}

const apiSpec = "language: node\nworkspace: apps/api\n"

func TestPrismaWorkspacePackageWithPnpm(t *testing.T) {
	p := prismaPlan(t, apiSpec, prismaMonorepo)
	deps := p.Stage("deps")
	got := copied(deps)
	if len(got) != 1 || !strings.Contains(got[0], " packages/database/prisma.config.ts packages/database/prisma/schema.prisma ") {
		t.Errorf("deps copies %q: the package's config and schema with the manifests, before the install its postinstall generates in", got)
	}
	if r := runs(deps); !slices.Equal(r[len(r)-1:], []string{"pnpm install --frozen-lockfile --filter @acme/api..."}) {
		t.Errorf("deps runs %q", r)
	}
	if v := langtest.Env(lastRun(deps).Env, "DATABASE_URL"); v == "" {
		t.Error("the install, which generates, lacks a placeholder DATABASE_URL for prisma.config.ts's env()")
	}
	prod := p.Stage("prod-deps")
	r := runs(prod)
	if len(r) != 1 || !strings.HasPrefix(r[0], pnpmUnpeer+" && mkdir -p /tmp/prisma-stub && ln -sf /bin/true /tmp/prisma-stub/prisma && export PATH=/tmp/prisma-stub:$PATH && rm -rf ") ||
		!strings.HasSuffix(r[0], "pnpm install --prod --frozen-lockfile --filter @acme/api...") {
		t.Errorf("prod-deps runs %q: the filtered install runs the package's postinstall again, without the CLI", r)
	}
	want := []string{"deps:/ app/node_modules/.pnpm/@prisma+client@*/node_modules/.prisma/client"}
	if got := copied(prod); !slices.Equal(got, want) {
		t.Errorf("prod-deps copies %q, want %q: the install afresh from the store has no generated client", got, want)
	}
	if rules := langtest.Rules(p); slices.Contains(rules, "PrismaSchemaNotFound") {
		t.Errorf("notes %q", rules)
	}

	// without the postinstall, deps generates after the install, in the package's directory
	ctx := maps.Clone(prismaMonorepo)
	ctx["packages/database/package.json"] = strings.Replace(ctx["packages/database/package.json"], `, "postinstall": "prisma generate"`, "", 1)
	p = prismaPlan(t, apiSpec, ctx)
	deps = p.Stage("deps")
	if got := copied(deps); len(got) != 2 || got[1] != ":. packages/database/prisma.config.ts packages/database/prisma/schema.prisma" {
		t.Errorf("deps copies %q", got)
	}
	if r := runs(deps); r[len(r)-1] != "pnpm --filter @acme/database exec prisma generate" {
		t.Errorf("deps runs %q", r)
	}
	if r := runs(p.Stage("prod-deps")); len(r) != 1 || strings.Contains(r[0], "prisma-stub") {
		t.Errorf("prod-deps runs %q: no install script to stand the CLI in for", r)
	}
	// the CLI among the dependencies of a package the image holds stays
	ctx["packages/database/package.json"] = strings.Replace(ctx["packages/database/package.json"], `"@prisma/client": "^7.10.0"}`, `"@prisma/client": "^7.10.0", "prisma": "^7.10.0"}`, 1)
	if r := runs(prismaPlan(t, apiSpec, ctx).Stage("prod-deps")); len(r) != 1 || strings.HasPrefix(r[0], "sed") {
		t.Errorf("prod-deps runs %q with prisma among the dependencies", r)
	}
}

// npmMonorepo is prismaMonorepo as npm workspaces.
func npmMonorepo() map[string]string {
	ctx := maps.Clone(prismaMonorepo)
	delete(ctx, "pnpm-lock.yaml")
	delete(ctx, "pnpm-workspace.yaml")
	ctx["package.json"] = `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}`
	ctx["package-lock.json"] = `{"lockfileVersion": 3}`
	ctx["apps/api/package.json"] = strings.Replace(ctx["apps/api/package.json"], `"workspace:*"`, `"*"`, 1)
	return ctx
}

func TestPrismaWorkspacePackageWithNpmAndYarn(t *testing.T) {
	npmCtx := npmMonorepo()
	p := prismaPlan(t, apiSpec, npmCtx)
	prod := p.Stage("prod-deps")
	want := []string{"npm prune --omit=dev --workspace apps/api --include-workspace-root --ignore-scripts",
		"npm uninstall --no-save --omit=dev --ignore-scripts prisma --workspace packages/database"}
	if got := runs(prod); !slices.Equal(got, want) {
		t.Errorf("prod-deps runs %q, want %q", got, want)
	}
	wantCopy := []string{"deps:/ app/node_modules/.prisma/client app/packages/database/node_modules/.prisma/client app/apps/api/node_modules/.prisma/client"}
	if got := copied(prod); !slices.Equal(got, wantCopy) {
		t.Errorf("prod-deps copies %q, want %q: where npm hoists @prisma/client, or nests it", got, wantCopy)
	}

	yarnCtx := maps.Clone(npmCtx)
	delete(yarnCtx, "package-lock.json")
	yarnCtx["package.json"] = `{"name": "acme", "private": true, "packageManager": "yarn@4.9.2", "workspaces": ["apps/*", "packages/*"]}`
	yarnCtx["yarn.lock"] = "__metadata:\n  version: 8\n"
	yarnCtx[".yarnrc.yml"] = "nodeLinker: node-modules\n"
	p = prismaPlan(t, apiSpec, yarnCtx)
	prod = p.Stage("prod-deps")
	if got := runs(prod); len(got) != 1 || got[0] != "mkdir -p /tmp/prisma-stub && ln -sf /bin/true /tmp/prisma-stub/prisma && "+
		"export PATH=/tmp/prisma-stub:$PATH && yarn workspaces focus --production @acme/api" {
		t.Errorf("prod-deps runs %q: focus runs the package's postinstall again, without the CLI", got)
	}
	if got := copied(prod); !slices.Equal(got, wantCopy) {
		t.Errorf("prod-deps copies %q", got)
	}
}

// Prisma 7's prisma-client generator writes into the package's source, which its build compiles:
// the builder's copy leaves a developer's copy there out, and the app's other packages are not read.
func TestPrismaWorkspaceClientInTheSource(t *testing.T) {
	ctx := maps.Clone(prismaMonorepo)
	ctx["packages/database/package.json"] = `{"name": "@acme/database", "main": "dist/index.js",
 "scripts": {"build": "tsc", "db:generate": "prisma generate"},
 "dependencies": {"@prisma/client": "^7.10.0"}, "devDependencies": {"prisma": "^7.10.0", "typescript": "^5.9.3"}}`
	ctx["packages/database/prisma/schema.prisma"] = "generator client {\n  provider = \"prisma-client\"\n  output   = \"../src/generated/prisma\"\n}\n"
	ctx["packages/database/src/generated/prisma/client.ts"] = "// stale"
	p := prismaPlan(t, apiSpec, ctx)
	if ex := copies(p.Stage("builder"))[0].Exclude; !slices.Contains(ex, "packages/database/src/generated/prisma") {
		t.Errorf("the builder leaves out %q", ex)
	}
	if got := copied(p.Stage("prod-deps")); len(got) != 0 {
		t.Errorf("prod-deps copies %q: the client is compiled with the package", got)
	}
	// the closure only: apps/web is not followed into
	f := provider.Gathered(t, apiSpec, ctx)
	for name := range f {
		if strings.HasPrefix(name, "apps/web/") && name != "apps/web/package.json" {
			t.Errorf("planning read %s", name)
		}
	}
}

// A workspace without Prisma reads nothing more than before.
func TestNoPrismaWorkspaceReadsNothingMore(t *testing.T) {
	ctx := maps.Clone(prismaMonorepo)
	ctx["packages/database/package.json"] = `{"name": "@acme/database", "main": "index.js"}`
	s, f := apiSpec, provider.Gathered(t, apiSpec, ctx)
	if follow := prismaFollow(langtest.Spec(t, s), f); len(follow) != 0 {
		t.Errorf("Follow asks for %q", follow)
	}
}

// yarn's production install runs a single package's own postinstall again too.
func TestPrismaPostinstallWithYarnGetsTheStub(t *testing.T) {
	ctx := maps.Clone(prisma5)
	delete(ctx, "package-lock.json")
	ctx["package.json"] = strings.Replace(ctx["package.json"], `{"name": "shop",`, `{"name": "shop", "packageManager": "yarn@4.9.2",`, 1)
	ctx["yarn.lock"] = "__metadata:\n  version: 8\n"
	ctx[".yarnrc.yml"] = "nodeLinker: node-modules\n"
	prod := prismaPlan(t, "language: node\n", ctx).Stage("prod-deps")
	if got := runs(prod); len(got) != 1 || !strings.HasSuffix(got[0], "export PATH=/tmp/prisma-stub:$PATH && yarn workspaces focus --all --production") {
		t.Errorf("prod-deps runs %q", got)
	}
	if got := copied(prod); !slices.Equal(got, []string{"deps:/app/node_modules/.prisma/client"}) {
		t.Errorf("prod-deps copies %q", got)
	}
}

// TestPrismaWorkspaceTwoSchemaPackages: an app whose closure holds two packages with a schema
// each (packages/database with a postinstall, packages/analytics generating its client into
// its own src/generated, as Prisma asks of several clients, without one) gets both clients: the
// first's schema before the install that generates it, the second's generated after it in its
// directory (build order: analytics first); the builder's copy leaves the second's output out,
// so the image holds what deps generated; prod-deps uninstalls the CLI from both packages (npm)
// in one step, and copies the hoisted client back once.
func TestPrismaWorkspaceTwoSchemaPackages(t *testing.T) {
	ctx := npmMonorepo()
	ctx["apps/api/package.json"] = `{"name": "@acme/api", "scripts": {"start": "node server.js"},
 "dependencies": {"@acme/database": "*", "@acme/analytics": "*"}}`
	ctx["packages/analytics/package.json"] = `{"name": "@acme/analytics", "main": "index.js", "scripts": {"db:generate": "prisma generate"},
 "dependencies": {"@prisma/client": "^7.10.0"}, "devDependencies": {"prisma": "^7.10.0"}}`
	ctx["packages/analytics/index.js"] = `module.exports = require("./src/generated")`
	ctx["packages/analytics/prisma/schema.prisma"] = "generator client {\n  provider = \"prisma-client-js\"\n  output = \"../src/generated\"\n}\nmodel Event {\n  id Int @id\n}\n"
	p := prismaPlan(t, apiSpec, ctx)
	deps := p.Stage("deps")
	got := copied(deps)
	if len(got) != 2 || !strings.Contains(got[0], " packages/database/prisma.config.ts packages/database/prisma/schema.prisma ") ||
		strings.Contains(got[0], "analytics/prisma") || got[1] != ":. packages/analytics/prisma/schema.prisma" {
		t.Errorf("deps copies %q: database's schema before the install, analytics' after", got)
	}
	if r := runs(deps); len(r) < 2 || r[len(r)-2] != "npm ci --workspace apps/api --include-workspace-root" ||
		r[len(r)-1] != "npm exec --workspace packages/analytics -- prisma generate" {
		t.Errorf("deps runs %q: the install (database's postinstall generates), then analytics' generate", r)
	}
	if ex := p.Stage("builder").Steps[0].(*plan.Copy).Exclude; !slices.Contains(ex, "packages/analytics/src/generated") {
		t.Errorf("the builder's copy excludes %q, not analytics' generated client", ex)
	}
	prod := p.Stage("prod-deps")
	want := []string{"npm prune --omit=dev --workspace apps/api --include-workspace-root --ignore-scripts",
		"npm uninstall --no-save --omit=dev --ignore-scripts prisma --workspace packages/analytics --workspace packages/database"}
	if got := runs(prod); !slices.Equal(got, want) {
		t.Errorf("prod-deps runs %q, want %q", got, want)
	}
	wantCopy := []string{"deps:/ app/node_modules/.prisma/client app/packages/analytics/node_modules/.prisma/client " +
		"app/packages/database/node_modules/.prisma/client app/apps/api/node_modules/.prisma/client"}
	if got := copied(prod); !slices.Equal(got, wantCopy) {
		t.Errorf("prod-deps copies %q, want %q", got, wantCopy)
	}
}

// A yarn 4 workspace whose schema is the root's (prisma/schema.prisma, the root's `generate:
// prisma generate` and its CLI), its packages/api importing @prisma/client with no schema of its
// own (plunk's shape): deps generates the root's client after the filtered install (which
// installs the root), prod-deps copies it back, and no package is said to lack a schema. With
// npm, the CLI the root lists is uninstalled from the root, not from a workspace.
func TestPrismaSchemaOfTheWorkspaceRoot(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "mailer", "private": true, "packageManager": "yarn@4.9.2", "workspaces": {"packages": ["packages/*"]},
 "scripts": {"generate": "prisma generate", "build:api": "yarn generate && yarn workspace @mailer/api build"},
 "dependencies": {"@prisma/client": "^6.19.0"}, "devDependencies": {"prisma": "^6.19.0"}}`,
		"yarn.lock":   "__metadata:\n  version: 8\n",
		".yarnrc.yml": "nodeLinker: node-modules\n",
		"prisma/schema.prisma": "generator client {\n  provider = \"prisma-client-js\"\n  engineType = \"client\"\n}\n" +
			"datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\nmodel Contact {\n  id String @id\n}\n",
		"packages/api/package.json": `{"name": "@mailer/api", "main": "dist/index.js", "scripts": {"build": "tsc", "start": "node dist/app.js", "test": "node --test"},
 "dependencies": {"@prisma/client": "^6.19.0", "express": "^5.1.0"}, "devDependencies": {"prisma": "^6.19.0", "typescript": "^5.9.3"}}`,
		"packages/api/tsconfig.json": `{"compilerOptions": {"rootDir": "src", "outDir": "dist"}}`,
		"packages/api/src/app.ts":    `import { PrismaClient } from "@prisma/client";`,
		"packages/web/package.json":  `{"name": "@mailer/web", "scripts": {"build": "next build"}, "dependencies": {"next": "^15.5.0"}}`,
	}
	const spec = "language: node\nworkspace: packages/api\n"
	p := prismaPlan(t, spec, ctx)
	deps := p.Stage("deps")
	if got := copied(deps); len(got) != 2 || got[1] != ":. prisma/schema.prisma" {
		t.Errorf("deps copies %q: the root's schema after the install", got)
	}
	if r := runs(deps); len(r) < 2 || r[len(r)-2] != "yarn workspaces focus mailer @mailer/api" || r[len(r)-1] != "prisma generate" {
		t.Errorf("deps runs %q: the filtered install with the root, then the root's generate", r)
	}
	wantCopy := []string{"deps:/ app/node_modules/.prisma/client app/packages/api/node_modules/.prisma/client"}
	if got := copied(p.Stage("prod-deps")); !slices.Equal(got, wantCopy) {
		t.Errorf("prod-deps copies %q, want %q", got, wantCopy)
	}
	if rules := langtest.Rules(p); slices.Contains(rules, "PrismaSchemaNotFound") {
		t.Errorf("notes %q: the root's schema is the one the package uses", rules)
	}

	npmCtx := maps.Clone(ctx)
	delete(npmCtx, "yarn.lock")
	delete(npmCtx, ".yarnrc.yml")
	npmCtx["package.json"] = strings.Replace(ctx["package.json"], `"packageManager": "yarn@4.9.2", `, "", 1)
	npmCtx["package-lock.json"] = `{"lockfileVersion": 3}`
	delete(npmCtx, "packages/api/package.json")
	npmCtx["packages/api/package.json"] = `{"name": "@mailer/api", "scripts": {"build": "tsc", "start": "node dist/app.js", "test": "node --test"},
 "dependencies": {"@prisma/client": "^6.19.0", "express": "^5.1.0"}, "devDependencies": {"typescript": "^5.9.3"}}`
	p = prismaPlan(t, spec, npmCtx)
	want := []string{"npm prune --omit=dev --workspace packages/api --include-workspace-root --ignore-scripts",
		"npm uninstall --no-save --omit=dev --ignore-scripts prisma"}
	if got := runs(p.Stage("prod-deps")); !slices.Equal(got, want) {
		t.Errorf("prod-deps runs %q, want %q", got, want)
	}
	if r := runs(p.Stage("deps")); r[len(r)-1] != "prisma generate" {
		t.Errorf("deps runs %q", r)
	}
}

// TestAnInstallScriptRunningTheGenerateScript: the root's postinstall runs another script of
// package.json that generates with a schema of its own place through `pnpm dlx prisma@<version>`,
// in postiz's shape (every dependency in the root, the schema in a library without a
// package.json). deps generates the client from that schema, passing its --schema as the
// project's script does, and prod-deps gets it; without it the image's @prisma/client was the
// stub that throws "did not initialize yet" at start. A single package's
// `postinstall: npm run db:generate` is read the same way.
func TestAnInstallScriptRunningTheGenerateScript(t *testing.T) {
	schema := "generator client {\n  provider = \"prisma-client-js\"\n}\n" +
		"datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\nmodel Post {\n  id String @id\n}\n"
	const loc = "libs/server/src/database/prisma/schema.prisma"
	ctx := map[string]string{
		"package.json": `{"name": "social", "private": true, "packageManager": "pnpm@10.6.1",
 "scripts": {"postinstall": "pnpm run prisma-generate", "prisma-generate": "pnpm dlx prisma@6.5.0 generate --schema ./` + loc + `"},
 "dependencies": {"@nestjs/core": "^11", "@prisma/client": "6.5.0"}, "devDependencies": {"prisma": "6.5.0", "@nestjs/cli": "^11"}}`,
		"pnpm-lock.yaml":             "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml":        "packages:\n  - apps/*\n  - libs/*\n",
		loc:                          schema,
		"apps/backend/package.json":  `{"name": "social-backend", "scripts": {"build": "nest build", "start": "node ./dist/main.js"}}`,
		"apps/backend/nest-cli.json": `{"collection": "@nestjs/schematics", "sourceRoot": "src"}`,
		"apps/backend/src/main.ts":   "import { NestFactory } from '@nestjs/core';\n",
	}
	p := prismaPlan(t, "language: node\nworkspace: apps/backend\n", ctx)
	deps := p.Stage("deps")
	if got := copied(deps); len(got) < 2 || got[len(got)-1] != ":. "+loc {
		t.Errorf("deps copies %q: the schema after the install", got)
	}
	if r := runs(deps); len(r) == 0 || r[len(r)-1] != "prisma generate --schema "+loc {
		t.Errorf("deps runs %q: the root's generate with the script's schema", r)
	}
	if got := copied(p.Stage("prod-deps")); len(got) != 1 || !strings.Contains(got[0], ".prisma/client") {
		t.Errorf("prod-deps copies %q: the generated client", got)
	}
	if rules := langtest.Rules(p); !slices.Contains(rules, "PrismaQueryEngine") {
		t.Errorf("notes %q: Prisma 6's engine needs libssl3", rules)
	}

	single := map[string]string{
		"package.json": `{"name": "api", "scripts": {"postinstall": "npm run db:generate", "db:generate": "prisma generate --schema=src/db/schema.prisma",
 "start": "node server.js"}, "dependencies": {"@prisma/client": "^6.19.0", "express": "^5"}, "devDependencies": {"prisma": "^6.19.0"}}`,
		"package-lock.json":    `{"lockfileVersion": 3}`,
		"src/db/schema.prisma": schema,
		"server.js":            "require('@prisma/client')\n",
	}
	p = prismaPlan(t, "language: node\n", single)
	if r := runs(p.Stage("deps")); len(r) == 0 || r[len(r)-1] != "prisma generate --schema src/db/schema.prisma" {
		t.Errorf("deps runs %q: the generate with the script's schema", r)
	}
	if rules := langtest.Rules(p); slices.Contains(rules, "PrismaSchemaNotFound") {
		t.Errorf("notes %q", rules)
	}
}
