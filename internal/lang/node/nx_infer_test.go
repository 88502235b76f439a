package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// nxInferringJSON is nx.json listing the webpack plugin (buildTargetName as given, "" for the
// plugin's default) and a plugin that builds nothing.
func nxInferringJSON(buildTargetName string) string {
	options := `{"serveTargetName": "serve"}`
	if buildTargetName != "" {
		options = `{"buildTargetName": "` + buildTargetName + `", "serveTargetName": "serve"}`
	}
	return `{
  // nx.json may hold comments
  "$schema": "./node_modules/nx/schemas/nx-schema.json",
  "plugins": [
    {"plugin": "@nx/webpack/plugin", "options": ` + options + `},
    "@nx/eslint/plugin",
    {"plugin": "@nx/jest/plugin", "options": {"targetName": "test"}}
  ]
}`
}

// nxNoBuildProject is an application's project.json whose build target Nx infers: a serve
// target only.
const nxNoBuildProject = `{"name": "api", "sourceRoot": "apps/api/src", "projectType": "application",
 "targets": {"serve": {"executor": "@nx/js:node", "options": {"buildTarget": "api:build"}}}}`

// nxNodeWebpackConfig is an application's webpack.config.js as `nx g @nx/nest:app` writes it:
// the output directory in webpack's output.path, NxAppWebpackPlugin building for node.
const nxNodeWebpackConfig = `const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      generatePackageJson: true,
    }),
  ],
};
`

// nxNestWorkspace is a NestJS workspace's package.json with no scripts, as create-nx-workspace
// --preset=nest leaves it.
var nxNestWorkspace = strings.Replace(nxWorkspace(""), `"express": "^5.1.0"`, `"@nestjs/core": "^11.1.0", "@nestjs/common": "^11.1.0"`, 1)

// TestNxInferredEntry: a project without a build target in project.json gets one from a plugin
// nx.json lists, and the plugin's config says where the node bundle is: webpack's output.path
// (join or resolve of __dirname), else the plugin's outputPath (from the project with "./",
// else from the workspace root); outputFileName or output.filename name it. The build is `nx
// build <app>`, or `nx run <app>:<target>` for a buildTargetName of another name.
func TestNxInferredEntry(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(nxNodeWebpackConfig, old, new, 1) }
	noOutput := replace("    path: join(__dirname, '../../dist/apps/api'),\n", "")
	for _, tc := range []struct {
		name, pkg string
		files     []string
		entry     string
		build     string
	}{
		{"nest app", nxNestWorkspace, []string{"nx.json", nxInferringJSON("build"), "apps/api/project.json", nxNoBuildProject,
			"apps/api/webpack.config.js", nxNodeWebpackConfig}, "dist/apps/api/main.js", "node_modules/.bin/nx build api"},
		{"the start script serves it, a web app beside it", nxWorkspace(`"start": "nx serve api", "build": "nx build api"`),
			[]string{"nx.json", nxInferringJSON(""), "apps/api/project.json", nxNoBuildProject, "apps/api/webpack.config.js", nxNodeWebpackConfig,
				"apps/web/project.json", `{"name": "web"}`, "apps/web/webpack.config.js", replace("'node'", "'web'")},
			"dist/apps/api/main.js", "npm run build"},
		{"buildTargetName", nxNestWorkspace, []string{"nx.json", nxInferringJSON("bundle"), "apps/api/project.json", nxNoBuildProject,
			"apps/api/webpack.config.ts", nxNodeWebpackConfig}, "dist/apps/api/main.js", "node_modules/.bin/nx run api:bundle"},
		{"outputPath from the workspace root, outputFileName", nxNestWorkspace, []string{"nx.json", nxInferringJSON(""),
			"apps/api/project.json", nxNoBuildProject, "apps/api/webpack.config.js",
			strings.Replace(noOutput, "target: 'node',", "target: 'node',\n      outputPath: 'dist/api',\n      outputFileName: 'server.js',", 1)},
			"dist/api/server.js", "node_modules/.bin/nx build api"},
		{"outputPath from the project", nxNestWorkspace, []string{"nx.json", nxInferringJSON(""), "apps/api/project.json", nxNoBuildProject,
			"apps/api/webpack.config.js", strings.Replace(noOutput, "target: 'node',", `target: "node", outputPath: "./dist",`, 1)},
			"apps/api/dist/main.js", "node_modules/.bin/nx build api"},
		{"output.filename", nxNestWorkspace, []string{"nx.json", nxInferringJSON(""), "apps/api/project.json", nxNoBuildProject,
			"apps/api/webpack.config.js", replace("    path:", "    filename: '[name].cjs',\n    path:")},
			"dist/apps/api/main.cjs", "node_modules/.bin/nx build api"},
		{"rspack, a package.json project", nxNestWorkspace, []string{"nx.json", `{"plugins": [{"plugin": "@nx/rspack/plugin"}]}`,
			"apps/api/package.json", `{"name": "@acme/api", "private": true}`, "apps/api/rspack.config.mts",
			strings.NewReplacer("@nx/webpack/app-plugin", "@nx/rspack/app-plugin", "NxAppWebpackPlugin", "NxAppRspackPlugin",
				"join(__dirname, '../../dist/apps/api')", "path.resolve(__dirname, '../../dist', 'apps/api')").Replace(nxNodeWebpackConfig)},
			"dist/apps/api/main.js", "node_modules/.bin/nx build @acme/api"},
		{"project.json's executor first", nxNestWorkspace, []string{"nx.json", nxInferringJSON(""), "apps/api/project.json", nxWebpackApp("api", "node"),
			"apps/api/webpack.config.js", replace("dist/apps/api", "elsewhere")}, "dist/apps/api/main.js", "node_modules/.bin/nx build api"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := planNxApp(t, tc.pkg, tc.files, tc.entry, tc.build)
			dir := tc.entry[:strings.LastIndex(tc.entry, "/")]
			want := []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/app/" + dir + " -> /app/" + dir + "/"}
			if got := artifactPaths(p); !slices.Equal(got, want) {
				t.Errorf("runtime copies %q, want %q", got, want)
			}
			if d := p.Stage("builder").Description; !strings.Contains(d, "the image runs "+tc.entry+" (Nx's project ") {
				t.Errorf("builder description %q", d)
			}
		})
	}
}

// TestNxInferredUnreadSaysWhy: a config building for node whose output cannot be read as text
// (a computed path, a hashed name) fails at plan time naming the file, what is not read, and
// the field to set; without the plugin in nx.json, or building for the web, the config is not
// the project's build.
func TestNxInferredUnreadSaysWhy(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(nxNodeWebpackConfig, old, new, 1) }
	for _, c := range []struct {
		name, start, nx, config string
		want                    []string
	}{
		{"computed output.path", "", nxInferringJSON(""), replace("join(__dirname, '../../dist/apps/api')", "process.env.OUT_DIR"),
			[]string{"Nx's project api (apps/api/webpack.config.js: output.path is `process.env.OUT_DIR`, not join(__dirname, '<path>'))",
				"set `entrypoint` to the file `nx build api` writes"}},
		{"a hashed name, the start script serves it", `"start": "nx serve api"`, nxInferringJSON(""), replace("outputHashing: 'none',", ""),
			[]string{"Nx's project api (`nx serve api`), whose build is not read: apps/api/webpack.config.js: outputHashing is not 'none'"}},
		{"an absolute segment", "", nxInferringJSON(""), replace("'../../dist/apps/api'", "'/srv/out'"),
			[]string{"output.path is `join(__dirname, '/srv/out')`"}},
		{"no plugin", "", `{"plugins": ["@nx/eslint/plugin"]}`, nxNodeWebpackConfig, []string{"what the frameworks it knows build"}},
		{"a web app", "", nxInferringJSON(""), replace("'node'", "'web'"), []string{"what the frameworks it knows build"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := facts(nxWorkspace(c.start), "nx.json", c.nx, "apps/api/project.json", nxNoBuildProject, "apps/api/webpack.config.js", c.config)
			_, err := provider.TryPlan(t, "language: node\n", f)
			for _, want := range append([]string{"cannot tell what node runs in this project"}, c.want...) {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v lacks %q", err, want)
				}
			}
		})
	}
}

// TestNxUnreadIsNoNestJSGuess: in an Nx workspace of NestJS apps, an Nx application that
// cannot be read (or chosen) fails at plan time; NestJS's own layout (dist/main.js of `nest
// build`) is not guessed, for Nx builds elsewhere.
func TestNxUnreadIsNoNestJSGuess(t *testing.T) {
	computed := strings.Replace(nxNodeWebpackConfig, "join(__dirname, '../../dist/apps/api')", "outDir()", 1)
	for name, f := range map[string]map[string]string{
		"computed output.path": {"apps/api/webpack.config.js": computed},
		"two apps": {"apps/api/webpack.config.js": nxNodeWebpackConfig, "apps/admin/project.json": strings.ReplaceAll(nxNoBuildProject, "api", "admin"),
			"apps/admin/webpack.config.js": strings.ReplaceAll(nxNodeWebpackConfig, "apps/api", "apps/admin")},
	} {
		t.Run(name, func(t *testing.T) {
			files := []string{"nx.json", nxInferringJSON(""), "apps/api/project.json", nxNoBuildProject, "nest-cli.json", `{"sourceRoot": "src"}`}
			for name, text := range f {
				files = append(files, name, text)
			}
			_, err := provider.TryPlan(t, "language: node\n", facts(nxNestWorkspace, files...))
			if err == nil || !strings.Contains(err.Error(), "Nx's ") || strings.Contains(err.Error(), "dist/main.js") {
				t.Errorf("error %v, want Nx's why and no NestJS guess", err)
			}
		})
	}
}

// TestNxFollowReadsTheInferringConfigs: nx.json and the plugins' configs at the root and in
// apps/* are read with the project files.
func TestNxFollowReadsTheInferringConfigs(t *testing.T) {
	got := Provider{}.Follow(langtest.Spec(t, "language: node\n"), facts(nxNestWorkspace))
	for _, want := range []string{"nx.json", "apps/*/webpack.config.js", "apps/*/webpack.config.ts", "webpack.config.js",
		"apps/*/rspack.config.mts", "apps/*/package.json"} {
		if !slices.Contains(got, want) {
			t.Errorf("Follow %q lacks %s", got, want)
		}
	}
}
