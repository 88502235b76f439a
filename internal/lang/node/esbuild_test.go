package node

import (
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
