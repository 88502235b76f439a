package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// nestMonorepo is a NestJS monorepo as `nest generate app tides` leaves a `nest new harbour`
// project with a library: the default application harbour, another, tides, and a library,
// each with its tsconfig.app.json (outDir ../../dist/apps/<app>).
func nestMonorepo(tidesOptions string) map[string]string {
	return map[string]string{
		"package.json": `{"name": "harbour", "private": true,
 "scripts": {"build": "nest build", "start": "nest start", "start:prod": "node dist/apps/harbour/main", "test": "node --test"},
 "dependencies": {"@nestjs/common": "^11.1.0", "@nestjs/core": "^11.1.0", "@nestjs/platform-express": "^11.1.0", "reflect-metadata": "^0.2.2", "rxjs": "^7.8.2"},
 "devDependencies": {"@nestjs/cli": "^11.0.0", "ts-loader": "^9.5.2", "typescript": "^5.9.3"}}`,
		"nest-cli.json": `{"collection": "@nestjs/schematics", "sourceRoot": "apps/harbour/src", "monorepo": true, "root": "apps/harbour",
 "compilerOptions": {"webpack": true, "tsConfigPath": "apps/harbour/tsconfig.app.json"},
 "projects": {
  "harbour": {"type": "application", "root": "apps/harbour", "entryFile": "main", "sourceRoot": "apps/harbour/src",
   "compilerOptions": {"tsConfigPath": "apps/harbour/tsconfig.app.json"}},
  "tides": {"type": "application", "root": "apps/tides", "entryFile": "main", "sourceRoot": "apps/tides/src",
   "compilerOptions": {"tsConfigPath": "apps/tides/tsconfig.app.json"` + tidesOptions + `}},
  "shared": {"type": "library", "root": "libs/shared", "entryFile": "index", "sourceRoot": "libs/shared/src",
   "compilerOptions": {"tsConfigPath": "libs/shared/tsconfig.lib.json"}}}}`,
		"tsconfig.json":                  `{"compilerOptions": {"module": "commonjs", "outDir": "./dist", "paths": {"@app/shared": ["libs/shared/src"]}}}`,
		"apps/harbour/tsconfig.app.json": `{"extends": "../../tsconfig.json", "compilerOptions": {"outDir": "../../dist/apps/harbour"}, "include": ["src/**/*"]}`,
		"apps/tides/tsconfig.app.json":   `{"extends": "../../tsconfig.json", "compilerOptions": {"outDir": "../../dist/apps/tides"}, "include": ["src/**/*"]}`,
		"libs/shared/tsconfig.lib.json":  `{"extends": "../../tsconfig.json", "compilerOptions": {"outDir": "../../dist/libs/shared"}}`,
	}
}

// TestNestMonorepoApplication: in a NestJS monorepo, the spec's workspace selects an
// application of nest-cli.json's projects, by name or root directory: the builder runs `nest
// build <name>` (the package's build script builds the default one), and the image runs what
// that build writes, webpack's dist/<root>/main.js, or the project's tsconfig's outDir with a
// tsc build. Without it the default application is built, as before.
func TestNestMonorepoApplication(t *testing.T) {
	for _, tc := range []struct {
		name, spec, options string
		entry, build        string
	}{
		{"the default application, its start:prod", "language: node\n", "", "dist/apps/harbour/main", "npm run build"},
		{"another, by name", "language: node\nworkspace: tides\n", "", "dist/apps/tides/main.js", "node_modules/.bin/nest build tides"},
		{"another, by directory", "language: node\nworkspace: apps/tides/\n", "", "dist/apps/tides/main.js", "node_modules/.bin/nest build tides"},
		{"the default one, by name", "language: node\nworkspace: harbour\n", "", "dist/apps/harbour/main.js", "node_modules/.bin/nest build harbour"},
		{"rspack", "language: node\nworkspace: tides\n", `, "webpack": false, "builder": "rspack"`, "dist/apps/tides/main.js", "node_modules/.bin/nest build tides"},
		{"tsc, its tsconfig's outDir", "language: node\nworkspace: tides\n", `, "webpack": false, "builder": "tsc", "entryFile": "server"`,
			"dist/apps/tides/server.js", "node_modules/.bin/nest build tides"},
		{"swc", "language: node\nworkspace: tides\n", `, "webpack": false, "builder": {"type": "swc"}`, "dist/apps/tides/main.js", "node_modules/.bin/nest build tides"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := nestMonorepo(tc.options)
			if tc.name == "tsc, its tsconfig's outDir" { // entryFile is the project's, not compilerOptions'
				ctx["nest-cli.json"] = strings.Replace(ctx["nest-cli.json"], `"entryFile": "main", "sourceRoot": "apps/tides/src"`, `"entryFile": "server", "sourceRoot": "apps/tides/src"`, 1)
			}
			p := provider.MustPlan(t, tc.spec, provider.Gathered(t, tc.spec, ctx))
			if want := []string{"/usr/local/bin/node", "/app/" + tc.entry}; !slices.Equal(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
			}
			if got := strings.Join(lastRun(p.Stage("builder")).Args, " "); got != tc.build {
				t.Errorf("the build runs %q, want %q", got, tc.build)
			}
			if r := lastCheck(p); !strings.HasPrefix(r.Display, "test -e /app/"+tc.entry+" ") && r.Display != "test -e /app/"+tc.entry {
				t.Errorf("the build checks %q", r.Display)
			}
			if got, want := artifactPaths(p), []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/",
				"builder:/app/dist -> /app/dist/"}; !slices.Equal(got, want) {
				t.Errorf("runtime copies %q, want %q", got, want)
			}
			if p.Image.Workdir != "/app" {
				t.Errorf("workdir %q", p.Image.Workdir)
			}
		})
	}
}

// TestNestMonorepoApplicationErrors: a workspace naming no application of a NestJS monorepo (a
// library, a typo) is an error at its line listing the applications; a project that is no
// monorepo keeps the error of a project without workspaces.
func TestNestMonorepoApplicationErrors(t *testing.T) {
	for _, tc := range []struct{ name, workspace, want string }{
		{"a library", "shared", `"shared" is not an application of nest-cli.json's projects`},
		{"a typo", "tide", "write one of harbour, tides (by name or root directory)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "language: node\nworkspace: " + tc.workspace + "\n"
			_, err := provider.TryPlan(t, src, provider.Gathered(t, src, nestMonorepo("")))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), ":2:") {
				t.Errorf("error %v, want %q at the workspace line", err, tc.want)
			}
		})
	}
	ctx := nestMonorepo("")
	ctx["nest-cli.json"] = `{"sourceRoot": "src"}`
	src := "language: node\nworkspace: tides\n"
	if _, err := provider.TryPlan(t, src, provider.Gathered(t, src, ctx)); err == nil || !strings.Contains(err.Error(), "declares no workspaces") {
		t.Errorf("error %v, want the project's lack of workspaces", err)
	}
}

// TestNestWithoutABuildScript: a NestJS project whose package.json has no build script
// (mikro-orm/nestjs-realworld-example-app: `start: nest start`, `start:prod: node dist/main`)
// is built by `nest build`, which `nest start` runs itself before it starts: the image runs
// dist/main.js beside the production dependencies. Before, nothing built dist/ and
// EntrypointNotFound warned of an image that could not start. Not without the NestJS CLI among
// the dependencies (no `nest` to run), nor over the project's own build script.
func TestNestWithoutABuildScript(t *testing.T) {
	const m = `{"name": "conduit", "scripts": {"start": "nest start", "start:prod": "node dist/main", "test": "vitest run"},
 "dependencies": {"@nestjs/common": "^11.0.6", "@nestjs/core": "^11.0.6", "@nestjs/platform-express": "^11.0.6", "reflect-metadata": "^0.2.2"},
 "devDependencies": {"@nestjs/cli": "^11.0.2", "typescript": "^5.9.3", "vitest": "^4.0.0"}}`
	ctx := []string{"package-lock.json", "{}", "nest-cli.json", `{"collection": "@nestjs/schematics", "sourceRoot": "src"}`,
		"tsconfig.json", `{"compilerOptions": {"module": "commonjs", "rootDir": "./src", "outDir": "./dist"}}`,
		"tsconfig.build.json", `{"extends": "./tsconfig.json", "exclude": ["node_modules", "dist", "test", "**/*spec.ts"]}`}
	for _, c := range []struct{ name, pkg, build, entry string }{
		{"no build script", m, "node_modules/.bin/nest build", "/app/dist/main.js"},
		{"its own build script", strings.Replace(m, `"start": "nest start"`, `"build": "nest build --builder swc", "start": "nest start"`, 1), "npm run build", "/app/dist/main"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(c.pkg, ctx...))
			if got := strings.Join(lastRun(p.Stage("builder")).Args, " "); got != c.build {
				t.Errorf("the build runs %q, want %q", got, c.build)
			}
			if got := p.Image.Entrypoint[len(p.Image.Entrypoint)-1]; got != c.entry {
				t.Errorf("entrypoint %q, want %s", p.Image.Entrypoint, c.entry)
			}
			if slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == rules.EntrypointNotFound.Name }) {
				t.Errorf("notes %v", p.Notes)
			}
		})
	}
	// without the CLI there is no nest to run: the warning stays
	noCLI := strings.Replace(m, `"@nestjs/cli": "^11.0.2", `, "", 1)
	p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(noCLI, ctx...))
	if !slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == rules.EntrypointNotFound.Name }) {
		t.Errorf("no CLI: notes %v, want EntrypointNotFound", p.Notes)
	}
}

// TestNestProdScriptNamesTheEntryDeeper: a NestJS project whose tsconfig has no include nor
// rootDir (pingvin-share's backend) compiles every TypeScript file but the tests, its Prisma seed
// (prisma/seed/seed.ts) too, so tsc's common root is the project's directory and `nest build`
// writes dist/src/main.js; its only production script, `prod`, migrates and seeds, then runs
// `node dist/src/main`. The image runs that file (before: dist/main.js, which the build does not
// write: the build failed at its entry check), and StartStepsNotRun names the steps of that
// script. With an include (src only), or a rootDir, the script does not move the entry; nor
// does a script naming another file.
func TestNestProdScriptNamesTheEntryDeeper(t *testing.T) {
	const m = `{"name": "drop-share-backend", "version": "1.4.0",
 "scripts": {"build": "nest build", "dev": "nest start --watch", "prod": "prisma migrate deploy && prisma db seed && node dist/src/main"},
 "prisma": {"seed": "ts-node prisma/seed/seed.ts"},
 "dependencies": {"@nestjs/common": "^11.0.17", "@nestjs/core": "^11.0.17", "@nestjs/platform-express": "^11.0.17", "@prisma/client": "^6.6.0", "reflect-metadata": "^0.2.2"},
 "devDependencies": {"@nestjs/cli": "^11.0.6", "prisma": "^6.6.0", "ts-node": "^10.9.2", "typescript": "^5.8.3"}}`
	ctx := func(tsconfig string) []string {
		return []string{"package-lock.json", "{}", "nest-cli.json", `{"collection": "@nestjs/schematics", "sourceRoot": "src"}`,
			"tsconfig.json", tsconfig,
			"tsconfig.build.json", `{"extends": "./tsconfig.json", "exclude": ["node_modules", "test", "dist", "**/*spec.ts"]}`,
			"src/main.ts", "import { NestFactory } from '@nestjs/core';\n", "prisma/seed/seed.ts", "import { PrismaClient } from '@prisma/client';\n"}
	}
	const noInclude = `{"compilerOptions": {"module": "commonjs", "outDir": "./dist", "baseUrl": "./", "incremental": true}}`
	for _, c := range []struct{ name, pkg, tsconfig, entry, steps string }{
		{"the prod script's", m, noInclude, "/app/dist/src/main.js", "package.json's prod script"},
		{"src only", m, `{"compilerOptions": {"outDir": "./dist"}, "include": ["src"]}`, "/app/dist/main.js", ""},
		{"rootDir", m, `{"compilerOptions": {"outDir": "./dist", "rootDir": "./src"}}`, "/app/dist/main.js", ""},
		{"another file", strings.Replace(m, "node dist/src/main", "node dist/src/worker", 1), noInclude, "/app/dist/main.js", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [8080]\n", facts(c.pkg, ctx(c.tsconfig)...))
			if got := p.Image.Entrypoint[len(p.Image.Entrypoint)-1]; got != c.entry {
				t.Errorf("entrypoint %q, want %s", p.Image.Entrypoint, c.entry)
			}
			if r := lastCheck(p); !strings.HasPrefix(r.Display, "test -e "+c.entry) {
				t.Errorf("the build checks %q", r.Display)
			}
			got := langtest.Messages(p, "StartStepsNotRun")
			switch {
			case c.steps == "" && len(got) > 0:
				t.Errorf("warned: %q", got)
			case c.steps != "" && (len(got) != 1 || !strings.HasPrefix(got[0], c.steps+" (`prisma migrate deploy && prisma db seed && ") ||
				!strings.Contains(got[0], "runs `prisma migrate deploy`, `prisma db seed` before the server; the image runs dist/src/main.js alone")):
				t.Errorf("StartStepsNotRun %q", got)
			}
		})
	}
}
