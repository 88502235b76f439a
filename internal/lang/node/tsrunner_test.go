package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestAStartScriptRunningTypeScriptThroughALoader: a start script that runs the TypeScript
// source through a development loader (`node -r esbuild-register ./src/index.ts`, as
// Turborepo's starter API has it; ts-node; `--require=ts-node/register`), in a package whose
// build is tsc, runs what tsc writes for that file: outDir with the path below rootDir (set,
// or before TypeScript 6 the one directory include names), .js for .ts. The loader is a dev
// dependency; the image runs the compiled file, with the production dependencies, as the
// project's own Dockerfile does.
func TestAStartScriptRunningTypeScriptThroughALoader(t *testing.T) {
	for _, tc := range []struct{ start, build, tsconfig, want string }{
		{"node -r esbuild-register ./src/index.ts", "tsc", `{"compilerOptions": {"outDir": "./dist", "rootDir": "./src"}, "include": ["src/**/*"]}`, "dist/index.js"},
		{"ts-node src/server.ts --verbose", "tsc", `{"compilerOptions": {"outDir": "build"}, "include": ["src/**/*"]}`, "build/server.js"},
		{"ts-node -T src/server.ts --verbose", "tsc -p tsconfig.build.json", `{"compilerOptions": {"outDir": "out", "rootDir": "."}}`, "out/src/server.js"},
		{"node --require=ts-node/register src/main.mts --verbose", "rm -rf dist && tsc", `{"compilerOptions": {"outDir": "dist"}, "include": ["src"]}`, "dist/main.mjs"},
	} {
		tsconfig := "tsconfig.json"
		if strings.Contains(tc.build, "tsconfig.build.json") {
			tsconfig = "tsconfig.build.json"
		}
		ctx := map[string]string{
			"package.json":                 `{"name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"]}`,
			"package-lock.json":            "{}",
			"apps/api/package.json":        `{"name": "api", "scripts": {"build": "` + tc.build + `", "start": "` + tc.start + `"}, "dependencies": {"express": "^4", "@acme/shared": "*"}, "devDependencies": {"esbuild-register": "^3", "ts-node": "^10", "typescript": "^5"}}`,
			"apps/api/" + tsconfig:         tc.tsconfig,
			"apps/api/src/index.ts":        "x",
			"packages/shared/package.json": `{"name": "@acme/shared", "main": "index.js"}`,
			"packages/shared/index.js":     "x",
		}
		src := "language: node\nworkspace: apps/api\nports: [5001]\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if want := []string{"/usr/local/bin/node", "/app/apps/api/" + tc.want}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s (%s): entrypoint %q, want %q", tc.start, tc.build, p.Image.Entrypoint, want)
		}
		if strings.Contains(tc.start, "--verbose") && !slices.Equal(p.Image.Cmd, []string{"--verbose"}) {
			t.Errorf("%s: cmd %q, want the script's argument", tc.start, p.Image.Cmd)
		}
		got := workspaceSteps(p)
		if want := "builder:/app/apps/api/" + strings.SplitN(tc.want, "/", 2)[0] + " -> /app/apps/api/" + strings.SplitN(tc.want, "/", 2)[0] + "/"; !slices.Contains(got.runtime, want) {
			t.Errorf("%s: runtime copies %q, want %q among them", tc.start, got.runtime, want)
		}
	}
	// no tsc build that compiles it: not taken, and the error says why
	for _, pkg := range []string{
		`{"scripts": {"start": "node -r esbuild-register src/index.ts"}, "devDependencies": {"esbuild-register": "^3"}}`,
		`{"scripts": {"build": "tsc --noEmit", "start": "ts-node src/index.ts"}, "devDependencies": {"ts-node": "^10"}}`,
	} {
		_, err := provider.TryPlan(t, "language: node\n", facts(pkg, "src/index.ts", "", "tsconfig.json", `{"compilerOptions": {"strict": true}}`))
		if err == nil || !strings.Contains(err.Error(), "and no tsc build with an outDir compiles it") {
			t.Errorf("%s: %v", pkg, err)
		}
	}
	// a loader the image cannot tell, or shell syntax: not read
	for _, script := range []string{"node -r dotenv/config src/index.ts", "node -r esbuild-register src/index.js", "ts-node --project x src/index.ts", "node -r esbuild-register $FILE"} {
		if _, _, ok := parseTSRunner(script); ok {
			t.Errorf("%s: read as a TypeScript loader's", script)
		}
	}
}

// TestGitHooksInAWorkspaceProductionInstall: pnpm's filtered production install in prod-deps
// (and yarn 2+'s focus) runs the workspace's own install scripts again, the root's `prepare:
// husky` among them, where husky, a dev dependency, is gone (exit 127). A husky, lefthook and
// simple-git-hooks that do nothing come first on the PATH there; npm's prune runs no scripts,
// and a workspace without such a script gets nothing.
func TestGitHooksInAWorkspaceProductionInstall(t *testing.T) {
	const stub = "mkdir -p /tmp/git-hooks-stub && for t in husky lefthook simple-git-hooks; do ln -sf /bin/true /tmp/git-hooks-stub/$t; done && export PATH=/tmp/git-hooks-stub:$PATH && "
	for _, tc := range []struct {
		name, root, lock, lockText, prepare string
		stubbed                             bool
	}{
		{"pnpm, the root's prepare", `"scripts": {"prepare": "husky"}, "devDependencies": {"husky": "^9"}`, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "", true},
		{"pnpm, a package's postinstall", `"devDependencies": {"lefthook": "^1"}`, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n", `"postinstall": "lefthook install"`, true},
		{"pnpm, none", `"devDependencies": {"turbo": "^2"}`, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "", false},
		{"npm", `"workspaces": ["apps/*", "packages/*"], "scripts": {"prepare": "husky"}`, "package-lock.json", "{}", "", false},
	} {
		ctx := map[string]string{
			"package.json":          `{"name": "acme", "private": true, ` + tc.root + `}`,
			tc.lock:                 tc.lockText,
			"pnpm-workspace.yaml":   "packages: [apps/*, packages/*]\n",
			"apps/api/package.json": `{"name": "@acme/api", "main": "dist/index.js", "scripts": {"build": "tsup"}, "dependencies": {"fastify": "^5", "@acme/env": "workspace:*"}}`,
			"packages/env/package.json": `{"name": "@acme/env", "main": "dist/index.js", "scripts": {"build": "tsup"` +
				map[bool]string{true: ", " + tc.prepare, false: ""}[tc.prepare != ""] + `}}`,
		}
		if tc.lock != "pnpm-lock.yaml" {
			delete(ctx, "pnpm-workspace.yaml")
		}
		src := "language: node\nworkspace: apps/api\nports: [8080]\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		got := runs(p.Stage("prod-deps"))
		if len(got) == 0 {
			t.Fatalf("%s: prod-deps runs nothing", tc.name)
		}
		if strings.HasPrefix(got[0], stub) != tc.stubbed {
			t.Errorf("%s: prod-deps runs %q; the git hook tools stubbed: %v", tc.name, got[0], tc.stubbed)
		}
	}
}

// TestNestStartScriptWhereTheBuildDoesNotWriteIt: a NestJS start:prod `node dist/main` where
// `nest build` writes dist/src/main.js (tsconfig.build.json's rootDir "."; next-nest-monorepo's
// shape) runs dist/src/main.js, which the build leaves; with `nest new`'s tsconfig (no rootDir)
// the script's dist/main stays.
func TestNestStartScriptWhereTheBuildDoesNotWriteIt(t *testing.T) {
	for _, tc := range []struct{ build, want string }{
		{`{"extends": "./tsconfig.json", "compilerOptions": {"rootDir": ".", "outDir": "./dist"}, "include": ["src/**/*", "test/**/*"]}`, "/app/apps/api/dist/src/main.js"},
		{`{"extends": "./tsconfig.json", "exclude": ["test"]}`, "/app/apps/api/dist/main"},
	} {
		ctx := map[string]string{
			"package.json":        `{"name": "mono", "private": true, "scripts": {"prepare": "husky"}, "devDependencies": {"husky": "^9"}}`,
			"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
			"pnpm-workspace.yaml": "packages: [apps/*, packages/*]\n",
			"apps/api/package.json": `{"name": "api", "scripts": {"build": "nest build", "start": "nest start", "start:prod": "node dist/main"},
				"dependencies": {"@nestjs/core": "^11", "@mono/shared": "workspace:*"}, "devDependencies": {"@nestjs/cli": "^11", "typescript": "^5"}}`,
			"apps/api/nest-cli.json":       `{"sourceRoot": "src"}`,
			"apps/api/tsconfig.json":       `{"compilerOptions": {"outDir": "./dist"}}`,
			"apps/api/tsconfig.build.json": tc.build,
			"packages/shared/package.json": `{"name": "@mono/shared", "main": "dist/index.js", "scripts": {"build": "tsc -b"}}`,
		}
		src := "language: node\nworkspace: apps/api\nports: [3001]\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if want := []string{"/usr/local/bin/node", tc.want}; !slices.Equal(p.Image.Entrypoint, want) {
			t.Errorf("%s: entrypoint %q, want %q", tc.build, p.Image.Entrypoint, want)
		}
	}
}
