package node

import (
	"maps"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestSiteConfigFileMissing: a Vite app whose own source fetches a file of its public
// directory by a literal URL path, which the context holds only as a sample, is warned of
// (ConfigFileMissing) with the sample and the files line that serves a real one; read as
// planning reads the context. Not when the file is there, files copies it in, the build
// script writes it, the path is not the public directory's, the mention is a comment, or the
// Vite configuration moves the public directory.
func TestSiteConfigFileMissing(t *testing.T) {
	const pkg = `{"name": "kiosk-board", "private": true, "scripts": {"build": "vite build"},
 "dependencies": {"vue": "^3.5.0"}, "devDependencies": {"vite": "^7.0.0"}}`
	app := "<script>\nexport default {\n  methods: {\n    load(url = \"settings/board.yml\") {\n      return fetch(url).then((r) => r.text())\n    },\n  },\n}\n</script>\n"
	base := map[string]string{"package.json": pkg, "index.html": "<div id=\"app\"></div>\n", "src/main.js": "import { createApp } from 'vue'\n",
		"src/Board.vue": app, "public/settings/board.yml.sample": "title: Demo\n"}
	with := func(changes map[string]string) map[string]string {
		ctx := maps.Clone(base)
		for k, v := range changes {
			if v == "-" {
				delete(ctx, k)
			} else {
				ctx[k] = v
			}
		}
		return ctx
	}
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
		want       string
	}{
		{"the sample only", "", base,
			"ConfigFileMissing at language: src/Board.vue:4 fetches public/settings/board.yml, which the build context lacks " +
				"(the project ships public/settings/board.yml.sample, a sample to copy and edit): the image holds only the sample, " +
				"so the app's fetch of it gets index.html (the site's fallback for a path that is no file); copy one into the image with " +
				"`files: [{src: public/settings/board.yml.sample, dest: /usr/share/nginx/html/settings/board.yml}]`"},
		{"a .dist sample at the top, fetched from the root", "", with(map[string]string{"public/settings/board.yml.sample": "-",
			"public/board.yml.dist": "", "src/Board.vue": "-", "src/lib/load.ts": "export const board = () => fetch('/board.yml')\n"}),
			"src/lib/load.ts:1 fetches public/board.yml, which the build context lacks (the project ships public/board.yml.dist"},
		{"a -sample of JSON, with axios", "", with(map[string]string{"public/settings/board.yml.sample": "-",
			"public/settings/board-sample.json": "{}", "src/Board.vue": "-", "src/api.js": "import axios from 'axios'\nexport const get = () => axios.get(\"./settings/board.json\")\n"}),
			"src/api.js:2 fetches public/settings/board.json, which the build context lacks (the project ships public/settings/board-sample.json"},
		{"the file is there", "", with(map[string]string{"public/settings/board.yml": "title: Ours\n"}), ""},
		{"files copies it", "files:\n  - {src: deploy/board.yml, dest: /usr/share/nginx/html/settings/board.yml}\n",
			with(map[string]string{"deploy/board.yml": ""}), ""},
		{"files copies it into the directory", "files:\n  - {src: deploy/board.yml, dest: /usr/share/nginx/html/settings/}\n",
			with(map[string]string{"deploy/board.yml": ""}), ""},
		{"the build writes it", "", with(map[string]string{"package.json": strings.Replace(pkg, `"vite build"`,
			`"cp public/settings/board.yml.sample public/settings/board.yml && vite build"`, 1)}), ""},
		{"a path outside the public directory", "", with(map[string]string{"src/Board.vue": strings.Replace(app, "settings/board.yml", "api/board.yml", 1)}), ""},
		{"a comment", "", with(map[string]string{"src/Board.vue": "-", "src/main.js": "// fetch('settings/board.yml')\n"}), ""},
		{"a public directory of the configuration's", "", with(map[string]string{"vite.config.js": "export default { publicDir: 'static' }\n"}), ""},
		{"a sample outside the public directory", "", with(map[string]string{"public/settings/board.yml.sample": "-",
			"settings/board.yml.sample": ""}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := "language: node\nruntime: static\n" + tc.spec
			p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, tc.ctx))
			wantConfigNote(t, p, tc.want)
		})
	}
}
