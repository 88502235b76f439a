package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// nxWorkspace is an integrated Nx workspace's package.json, as `create-nx-workspace --preset=node`
// leaves it: the apps' dependencies at the root, nx and its plugins as dev dependencies.
func nxWorkspace(scripts string) string {
	return `{"name": "@acme/source", "version": "0.0.0", "license": "MIT", "private": true, "scripts": {` + scripts + `},
 "dependencies": {"express": "^5.1.0", "tslib": "^2.3.0"},
 "devDependencies": {"nx": "22.1.3", "@nx/node": "22.1.3", "@nx/webpack": "22.1.3", "@nx/js": "22.1.3", "typescript": "~5.9.2", "webpack-cli": "^6"}}`
}

// nxWebpackApp is apps/<name>/project.json of `nx g @nx/node:app` with the webpack bundler.
func nxWebpackApp(name, target string) string {
	return `{
  "name": "` + name + `",
  "$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "apps/` + name + `/src",
  "projectType": "application",
  "tags": [],
  "targets": {
    "build": {
      "executor": "@nx/webpack:webpack",
      "outputs": ["{options.outputPath}"],
      "defaultConfiguration": "production",
      "options": {
        "target": "` + target + `",
        "compiler": "tsc",
        "outputPath": "dist/apps/` + name + `",
        "main": "apps/` + name + `/src/main.ts",
        "tsConfig": "apps/` + name + `/tsconfig.app.json",
        "webpackConfig": "apps/` + name + `/webpack.config.js"
      },
      "configurations": {"development": {}, "production": {}}
    },
    "serve": {
      "executor": "@nx/js:node",
      "defaultConfiguration": "development",
      "options": {"buildTarget": "` + name + `:build"}
    }
  }
}`
}

// nxEsbuildRoot is a standalone workspace's root project.json, building with esbuild to
// dist/api (an Express API whose start script is `nx serve`).
const nxEsbuildRoot = `{
  "name": "api",
  "$schema": "node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "src",
  "projectType": "application",
  "targets": {
    "build": {
      "executor": "@nx/esbuild:esbuild",
      "outputs": ["{options.outputPath}"],
      "options": {"platform": "node", "outputPath": "dist/api", "format": ["cjs"], "bundle": false,
        "main": "src/main.ts", "tsConfig": "tsconfig.app.json", "generatePackageJson": true}
    },
    "serve": {"executor": "@nx/js:node", "options": {"buildTarget": "api:build"}}
  }
}`

// planNxApp plans the Nx workspace of package.json pkg and the files (pairs of a name and its
// content), failing t unless the image runs entry (below /app) with node and the builder runs
// build.
func planNxApp(t *testing.T, pkg string, files []string, entry, build string) *plan.Plan {
	t.Helper()
	p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(pkg, files...))
	if want := []string{"/usr/local/bin/node", "/app/" + entry}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q, want %q", p.Image.Entrypoint, want)
	}
	if got := runs(p.Stage("builder")); !slices.Equal(got, []string{build}) {
		t.Errorf("the builder runs %q, want %q", got, build)
	}
	return p
}

// TestNxEntry: the application's build target names where its bundle is (outputPath, main.js
// or esbuild's name after main); the image holds that directory, package.json and the
// production node_modules; the build is the build script when it builds the app with nx, else
// `nx build <app>`.
func TestNxEntry(t *testing.T) {
	lib := `{"name": "shared", "projectType": "library", "targets": {"build": {"executor": "@nx/js:tsc", "options": {"outputPath": "dist/libs/shared", "main": "libs/shared/src/index.ts"}}}}`
	for _, tc := range []struct {
		name, pkg string
		files     []string
		entry     string
		build     string
	}{
		{"webpack app, start script serves it", nxWorkspace(`"start": "nx serve api", "build": "nx build api", "test": "nx test api"`),
			[]string{"apps/api/project.json", nxWebpackApp("api", "node"), "apps/web/project.json", nxWebpackApp("web", "web")},
			"dist/apps/api/main.js", "npm run build"},
		{"no build script", nxWorkspace(`"start": "npx nx run api:serve:production"`),
			[]string{"apps/api/project.json", nxWebpackApp("api", "node"), "apps/worker/project.json", nxWebpackApp("worker", "node")},
			"dist/apps/api/main.js", "node_modules/.bin/nx build api"},
		{"the build script builds another app", nxWorkspace(`"start": "nx serve api", "build": "nx build web"`),
			[]string{"apps/api/project.json", nxWebpackApp("api", "node"), "apps/web/project.json", nxWebpackApp("web", "web")},
			"dist/apps/api/main.js", "node_modules/.bin/nx build api"},
		{"run-many builds it", nxWorkspace(`"start": "nx serve worker", "build": "nx run-many -t build"`),
			[]string{"apps/api/project.json", nxWebpackApp("api", "node"), "apps/worker/project.json", nxWebpackApp("worker", "node")},
			"dist/apps/worker/main.js", "npm run build"},
		{"the only node app, no start script", nxWorkspace(`"build": "nx build"`),
			[]string{"apps/api/project.json", nxWebpackApp("api", "node"), "apps/web/project.json", nxWebpackApp("web", "web"), "libs/shared/project.json", lib},
			"dist/apps/api/main.js", "npm run build"},
		{"standalone esbuild", nxWorkspace(`"start": "nx serve", "build": "nx build", "test": "nx test"`),
			[]string{"project.json", nxEsbuildRoot}, "dist/api/main.js", "npm run build"},
		{"esbuild outputFileName, {projectRoot}", nxWorkspace(`"start": "nx serve api"`),
			[]string{"apps/api/project.json", strings.NewReplacer(`"dist/api"`, `"{projectRoot}/dist"`, `"bundle": false`, `"outputFileName": "server.js"`).Replace(nxEsbuildRoot)},
			"apps/api/dist/server.js", "node_modules/.bin/nx build api"},
		{"the start script names the bundle as node finds it, no build script", nxWorkspace(`"start": "node dist/apps/api/main"`), // ghostfolio's
			[]string{"apps/api/project.json", nxWebpackApp("api", "node"), "apps/web/project.json", nxWebpackApp("web", "web")},
			"dist/apps/api/main.js", "node_modules/.bin/nx build api"},
		{"a NestJS app of Nx", strings.Replace(nxWorkspace(`"start": "nx serve api"`), `"express": "^5.1.0"`, `"@nestjs/core": "^11.1.0", "@nestjs/common": "^11.1.0"`, 1),
			[]string{"apps/api/project.json", nxWebpackApp("api", "node"), "nest-cli.json", `{"sourceRoot": "src"}`},
			"dist/apps/api/main.js", "node_modules/.bin/nx build api"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := planNxApp(t, tc.pkg, tc.files, tc.entry, tc.build)
			if v := langtest.Env(lastRun(p.Stage("builder")).Env, "NX_DAEMON"); v != "false" {
				t.Errorf("the build runs with NX_DAEMON=%q, want false: a BuildKit step is not Docker to Nx, which would start its daemon", v)
			}
			if !slices.Contains(lastRun(p.Stage("builder")).Mounts, plan.Mount{Type: plan.MountCache, ID: "nx-@acme/source", Target: "/app/.nx", Sharing: plan.SharingLocked}) {
				t.Errorf("the build mounts %+v, want Nx's .nx as a locked cache", lastRun(p.Stage("builder")).Mounts)
			}
			if r := lastCheck(p); r.Display != "test -e /app/"+tc.entry {
				t.Errorf("the build checks %q", r.Display)
			}
			dir := "/app/" + strings.TrimSuffix(tc.entry, "/"+tc.entry[strings.LastIndex(tc.entry, "/")+1:])
			want := []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:" + dir + " -> " + dir + "/"}
			if got := artifactPaths(p); !slices.Equal(got, want) {
				t.Errorf("runtime copies %q, want %q", got, want)
			}
			if !slices.Contains(p.Image.Env, plan.Env{Key: "PORT", Value: "3000"}) {
				t.Errorf("env %v", p.Image.Env)
			}
			if slices.Contains(langtest.Rules(p), "EntrypointNotFound") {
				t.Errorf("notes %q: the entry is the build's", langtest.Rules(p))
			}
			from := "(Nx's project "
			if strings.HasPrefix(tc.name, "the start script names the bundle") {
				from = "(package.json's start script, Nx's project api (apps/api/project.json: @nx/webpack:webpack, outputPath dist/apps/api)'s output)"
			}
			if d := p.Stage("builder").Description; !strings.Contains(d, "the image runs "+tc.entry+" "+from) {
				t.Errorf("builder description %q", d)
			}
		})
	}
	// the spec's build.command is the build, and the entry is still Nx's
	p := provider.MustPlan(t, "language: node\nbuild: {command: npx nx build api --prod}\n", facts(nxWorkspace(`"start": "nx serve api"`),
		"apps/api/project.json", nxWebpackApp("api", "node")))
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/dist/apps/api/main.js"}) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
	if got := runs(p.Stage("builder")); len(got) != 1 || !strings.Contains(got[0], "npx nx build api --prod") {
		t.Errorf("the builder runs %q", got)
	}
	if v := langtest.Env(lastRun(p.Stage("builder")).Env, "NX_DAEMON"); v != "false" {
		t.Errorf("build.command runs with NX_DAEMON=%q, want false", v)
	}
	if !slices.ContainsFunc(lastRun(p.Stage("builder")).Mounts, func(m plan.Mount) bool { return m.Target == "/app/.nx" }) {
		t.Errorf("build.command mounts %+v, want Nx's .nx", lastRun(p.Stage("builder")).Mounts)
	}
}

// TestNxAmbiguousOrUnknownSaysWhatToSet: several node applications and no start script that
// serves one, or a start script serving a project without a node build, fail at plan time
// naming the applications (and their project.json) and the field to set.
func TestNxAmbiguousOrUnknownSaysWhatToSet(t *testing.T) {
	for _, c := range []struct {
		name string
		f    lang.Facts
		want []string
	}{
		{"several apps", facts(nxWorkspace(`"start": "nx run-many -t serve", "build": "nx run-many -t build"`),
			"apps/api/project.json", nxWebpackApp("api", "node"), "apps/worker/project.json", nxWebpackApp("worker", "node")),
			[]string{"Nx's applications api (apps/api/project.json), worker (apps/worker/project.json), which all build for node, and no start script serves one",
				"set `entrypoint` to the one the image runs (dist/apps/api/main.js or dist/apps/worker/main.js, where each build writes)"}},
		{"a web app", facts(nxWorkspace(`"start": "nx serve web"`), "apps/web/project.json", nxWebpackApp("web", "web")),
			[]string{"Nx's project web (`nx serve web`), which has neither a project.json in the build context",
				"set `entrypoint` to the file `nx build web` writes (its output path's main.js, e.g. `entrypoint: dist/apps/web/main.js`)"}},
		{"targets Nx infers", facts(nxWorkspace(`"start": "nx serve api"`)), []string{"Nx's project api (`nx serve api`)"}},
		{"an esbuild browser app", facts(nxWorkspace(`"start": "nx serve"`), "project.json",
			strings.Replace(nxEsbuildRoot, `"platform": "node",`, `"platform": "browser", "target": "esnext",`, 1)),
			[]string{"what the frameworks it knows build"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := provider.TryPlan(t, "language: node\n", c.f)
			for _, want := range append([]string{"cannot tell what node runs in this project", "at Dockerfile:1:1"}, c.want...) {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v lacks %q", err, want)
				}
			}
		})
	}
	// a project naming nx but no node app still falls back to main, as before
	p := provider.MustPlan(t, "language: node\n", facts(strings.Replace(nxWorkspace(`"build": "tsc"`), `"private"`, `"main": "dist/index.js", "private"`, 1)))
	if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/dist/index.js"}) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
}

// TestNxScriptProject: the project an nx command serves.
func TestNxScriptProject(t *testing.T) {
	for script, want := range map[string]string{
		"nx serve api": "api", "npx nx serve api --configuration=production": "api", "nx run api:serve:production": "api",
		"nx api:serve": "api", "nx serve": "", "nx run-many -t serve": "", "nx affected -t build": "", "pnpm nx start worker": "worker",
		"node_modules/.bin/nx serve api && echo done": "api",
	} {
		if got, ok := nxScriptProject(script); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", script, got, ok, want)
		}
	}
	if _, ok := nxScriptProject("node dist/main.js"); ok {
		t.Errorf("node dist/main.js runs nx")
	}
}

// TestNxFollowReadsTheProjects: an Nx workspace's project.json files are read once package.json
// says nx is a dependency; nothing more for other projects.
func TestNxFollowReadsTheProjects(t *testing.T) {
	s := langtest.Spec(t, "language: node\n")
	got := Provider{}.Follow(s, facts(nxWorkspace(`"start": "nx serve api"`)))
	for _, want := range []string{"project.json", "apps/*/project.json"} {
		if !slices.Contains(got, want) {
			t.Errorf("Follow %q lacks %s", got, want)
		}
	}
	if got := (Provider{}).Follow(s, facts(app)); slices.Contains(got, "project.json") {
		t.Errorf("Follow %q reads project.json without nx", got)
	}
}

// TestNxBuildFirst: the targets of the app's project that a script of the root runs right
// before its build (ghostfolio's copy-assets) run before the build planning runs itself; none
// when the build script builds the app (it runs them), or when nothing precedes the build.
func TestNxBuildFirst(t *testing.T) {
	apps := []string{"apps/api/project.json", nxWebpackApp("api", "node"), "apps/web/project.json", nxWebpackApp("web", "web")}
	for _, tc := range []struct {
		name, scripts string
		want          []string
	}{
		{"copy-assets before the build, another project after", `"start": "node dist/apps/api/main", ` +
			`"build:production": "nx run api:copy-assets && nx run api:build:production && nx run web:copy-assets && nx run web:build:production", ` +
			`"watch:server": "nx run api:copy-assets && nx run api:build --watch"`,
			[]string{"node_modules/.bin/nx run api:copy-assets", "node_modules/.bin/nx build api"}},
		{"two targets, npx, the short form", `"start": "nx serve api", "dist": "npx nx run api:clean && nx api:copy-assets && npx nx build api --prod"`,
			[]string{"node_modules/.bin/nx run api:clean", "node_modules/.bin/nx run api:copy-assets", "node_modules/.bin/nx build api"}},
		{"another project's target before it", `"start": "nx serve api", "build:all": "nx run web:copy-assets && nx build api"`,
			[]string{"node_modules/.bin/nx build api"}},
		{"after the build", `"start": "nx serve api", "release": "nx build api && nx run api:copy-assets"`,
			[]string{"node_modules/.bin/nx build api"}},
		{"the build script builds it", `"start": "nx serve api", "build": "nx run api:copy-assets && nx build api"`,
			[]string{"npm run build"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\nports: [3333]\n", facts(nxWorkspace(tc.scripts), apps...))
			if got := runs(p.Stage("builder")); !slices.Equal(got, tc.want) {
				t.Errorf("the builder runs %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNxTarget(t *testing.T) {
	for cmd, want := range map[string][2]string{
		"nx run api:copy-assets":           {"api", "copy-assets"},
		" npx nx run api:build:production": {"api", "build"},
		"nx api:serve --watch":             {"api", "serve"},
		"node_modules/.bin/nx build api ":  {"api", "build"},
		"nx build":                         {"", ""},
		"nx run-many -t build":             {"", ""},
		"shx cp -r a b":                    {"", ""},
		"npm run replace-placeholders":     {"", ""},
	} {
		project, target, ok := nxTarget(cmd)
		if got := [2]string{project, target}; got != want || ok != (want[0] != "") {
			t.Errorf("nxTarget(%q) = %q, %v, want %q", cmd, got, ok, want)
		}
	}
}
