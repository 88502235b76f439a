package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// esbuild's outdir is the assets' output: the build script's --outdir, or the only `outdir:`
// of the build file the script runs with node; none when the project does not depend on
// esbuild, or its build file names several.
func TestEsbuildOutput(t *testing.T) {
	const dep = `"devDependencies": {"esbuild": "^0.28.0"}`
	config := "import * as esbuild from \"esbuild\";\n\nawait esbuild.build({\n\tentryPoints: [\"web/app.js\"],\n\tbundle: true,\n\toutdir: \"server/ui/dist/\",\n});\n"
	for _, tc := range []struct {
		name  string
		facts lang.Facts
		want  string
	}{
		{"the script's --outdir", lang.Facts{"package.json": []byte(`{"scripts": {"build": "esbuild web/app.js --bundle --minify --outdir=public/js"}, ` + dep + `}`)}, "public/js"},
		{"the build file's outdir", lang.Facts{"package.json": []byte(`{"scripts": {"build": "MINIFY=true node ./build.mjs"}, ` + dep + `}`), "build.mjs": []byte(config)}, "server/ui/dist"},
		{"two builds", lang.Facts{"package.json": []byte(`{"scripts": {"build": "node build.mjs"}, ` + dep + `}`),
			"build.mjs": []byte(config + "await esbuild.build({outdir: 'docs/js'});\n")}, ""},
		{"no esbuild dependency", lang.Facts{"package.json": []byte(`{"scripts": {"build": "node build.mjs"}}`), "build.mjs": []byte(config)}, ""},
		{"an outdir computed in code", lang.Facts{"package.json": []byte(`{"scripts": {"build": "node build.mjs"}, ` + dep + `}`),
			"build.mjs": []byte("import * as esbuild from 'esbuild';\nawait esbuild.build({outdir: `${root}/dist`});\n")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := AssetsOutput(tc.facts, ""); got != tc.want {
				t.Errorf("output %q, want %q", got, tc.want)
			}
		})
	}
}

// Vite's output is relative to its root: the configuration a script names with -c (else the
// package's), its top-level root, and its build.outDir, empty too (the root itself).
func TestViteOutputUnderItsRoot(t *testing.T) {
	const dep = `"devDependencies": {"vite": "^7.1.0"}`
	for _, tc := range []struct {
		name, script, configName, config string
		want                             string
	}{
		{"a config in a subdirectory whose root is its output", "vite -c web/vite.config.js build", "web/vite.config.js",
			"export default defineConfig({\n    root: './web',\n    build: {\n        outDir: '',\n    },\n})\n", "web"},
		{"--config, the output beside the root", "vite build --config ./frontend/vite.config.ts", "frontend/vite.config.ts",
			"export default defineConfig({\n  root: \"./frontend\",\n  build: {\n    outDir: \"../frontend-dist\",\n  },\n})\n", "frontend-dist"},
		{"a root and Vite's default outDir", "vite build", "vite.config.ts",
			"export default defineConfig({\n  root: 'src',\n  plugins: [],\n})\n", "src/dist"},
		{"a nested root is not the config's", "vite build", "vite.config.ts",
			"export default defineConfig({\n  build: {outDir: 'public'},\n  test: {\n    root: 'tests',\n  },\n})\n", "public"},
		{"a nested key before the top-level root (Vite+)", "vp build", "vite.config.ts",
			"export default defineConfig({\n  lint: {\n    plugins: ['oxc', 'typescript'],\n  },\n  root: './assets',\n  build: {\n    outDir: '../dist/',\n  },\n})\n", "dist"},
		{"an empty outDir without a root", "vite build", "vite.config.ts", "export default defineConfig({build: {outDir: ''}})\n", ""},
		{"after an option that is an object two levels deep", "vite build", "vite.config.js",
			"export default {\n  build: {\n    manifest: true,\n    rollupOptions: {\n      input: {\n        main: './src/main.ts',\n      },\n    },\n    outDir: '../app/static/app/',\n  },\n}\n", "../app/static/app"},
		{"an option's own outDir is not build's", "vite build", "vite.config.js",
			"export default {\n  build: {\n    plugin: {outDir: 'other'},\n  },\n}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := lang.Facts{"package.json": []byte(`{"scripts": {"build": "` + strings.ReplaceAll(tc.script, `"`, `\"`) + `"}, ` + dep + `}`),
				tc.configName: []byte(tc.config)}
			if got := AssetsOutput(f, ""); got != tc.want {
				t.Errorf("output %q, want %q", got, tc.want)
			}
			if root := AssetsOutputIsRoot(f, "", tc.want); root != (tc.name == "a config in a subdirectory whose root is its output") {
				t.Errorf("output is the root: %v", root)
			}
		})
	}
}

// A Nuxt prerender (`nuxt generate`, `nuxi generate`, `nuxt build --prerender`) writes
// .output/public from Nuxt 3 on, dist/ with Nuxt 2; `nuxt build` alone builds a server.
func TestNuxtGenerateOutput(t *testing.T) {
	for _, tc := range []struct{ script, nuxt, want string }{
		{"nuxt generate", "4.4.7", ".output/public"},
		{"nuxi generate", "^3.12.0", ".output/public"},
		{"nuxt build --dotenv .env.prod --prerender", "^3.12.0", ".output/public"},
		{"nuxt generate", "^2.17.3", "dist"},
		{"nuxt build", "^3.12.0", ""},
	} {
		f := lang.Facts{"package.json": []byte(`{"scripts": {"build": "` + tc.script + `"}, "devDependencies": {"nuxt": "` + tc.nuxt + `"}}`)}
		if got := AssetsOutput(f, ""); got != tc.want {
			t.Errorf("%s with nuxt %s: output %q, want %q", tc.script, tc.nuxt, got, tc.want)
		}
	}
}

// Vue CLI's build writes dist/, vue.config's outputDir when it is a string literal, its --dest
// over both.
func TestVueCLIOutput(t *testing.T) {
	for _, tc := range []struct{ script, config, want string }{
		{"vue-cli-service build", "", "dist"},
		{"vue-cli-service build", "module.exports = {\n  publicPath: './',\n  outputDir: '../api/public',\n};\n", "../api/public"},
		{"vue-cli-service build --modern --dest ../server/ui", "module.exports = {\n  outputDir: 'www',\n};\n", "../server/ui"},
		{"vue-cli-service build", "module.exports = {\n  outputDir: path.resolve(__dirname, 'out'),\n};\n", "dist"},
	} {
		f := lang.Facts{"package.json": []byte(`{"scripts": {"build": "` + tc.script + `"}, "devDependencies": {"@vue/cli-service": "~5.0.8"}}`)}
		if tc.config != "" {
			f["vue.config.js"] = []byte(tc.config)
		}
		if got := AssetsOutput(f, ""); got != tc.want {
			t.Errorf("%s with %q: output %q, want %q", tc.script, tc.config, got, tc.want)
		}
	}
}
