package node

import (
	"slices"
	"strings"
	"testing"
)

// rrTemplate is a React Router 7 app as its default template writes package.json: the start
// script serves build/server/index.js whether or not the configuration builds one.
const rrTemplate = `{"name": "budget-board", "type": "module",
 "scripts": {"build": "react-router build", "dev": "react-router dev", "start": "react-router-serve ./build/server/index.js", "test": "vitest run"},
 "dependencies": {"@react-router/node": "7.12.0", "@react-router/serve": "7.12.0", "react": "^19.2.0", "react-dom": "^19.2.0", "react-router": "7.12.0"},
 "devDependencies": {"@react-router/dev": "7.12.0", "vite": "^7.1.0", "vitest": "^4.0.0"}}`

// TestReactRouterSPAMode: `ssr: false` in react-router.config.ts (what the template's comment
// says to write for a single-page app) makes `react-router build` write build/client alone: the
// image is that directory on nginx, every other path answering index.html, not
// react-router-serve of a server build the project does not make (the builder's check failed,
// eleventh sweep: savings-calculator). With SSR the image is the server, as before; a
// buildDirectory and Vite's base are followed; an `ssr: false` nested in another object is not
// the app's.
func TestReactRouterSPAMode(t *testing.T) {
	const spa = "import type { Config } from \"@react-router/dev/config\";\n\nexport default {\n  // SPA mode\n  ssr: false,\n} satisfies Config;\n"
	for _, tc := range []struct {
		name, file, config string
		files              []string
		dir, conf          string // the site's copy and a line of its nginx config; "" for a server
	}{
		{"SPA mode", "react-router.config.ts", spa, nil, "/app/build/client", "try_files $uri $uri.html $uri/ /__spa-fallback.html /index.html;"},
		{"SPA mode, .js config", "react-router.config.js", "export default { ssr: false, prerender: ['/about'] };\n", nil, "/app/build/client", "\"~^/assets/\""},
		{"buildDirectory", "react-router.config.ts", "export default {\n  buildDirectory: 'out',\n  ssr: false,\n};\n", nil, "/app/out/client", "site (React Router (SPA mode))"},
		{"Vite base", "react-router.config.ts", spa, []string{"vite.config.ts", "export default defineConfig({\n  base: '/budget/',\n  plugins: [reactRouter()],\n});\n"},
			"/app/build/client", "location ^~ /budget/assets/"},
		{"Vite base, the fallback under it", "react-router.config.ts", spa, []string{"vite.config.ts", "export default defineConfig({\n  base: '/budget/',\n  plugins: [reactRouter()],\n});\n"},
			"/app/build/client", "try_files $uri $uri.html $uri/ /budget/__spa-fallback.html /budget/index.html;"},
		{"SSR", "react-router.config.ts", "export default {\n  ssr: true,\n} satisfies Config;\n", nil, "", ""},
		{"no config", "", "", nil, "", ""},
		{"ssr: false of a nested object", "react-router.config.ts", "export default {\n  ssr: true,\n  presets: [preset({\n    ssr: false,\n  })],\n};\n", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := append([]string{"pnpm-lock.yaml", "lockfileVersion: '9.0'\n"}, tc.files...)
			if tc.file != "" {
				files = append(files, tc.file, tc.config)
			}
			f := facts(rrTemplate, files...)
			if tc.dir == "" {
				p := provider.MustPlan(t, "language: node\nports: [3000]\n", f)
				want := []string{"/usr/local/bin/node", "/app/node_modules/@react-router/serve/bin.js"}
				if !slices.Equal(p.Image.Entrypoint, want) || !slices.Equal(p.Image.Cmd, []string{"./build/server/index.js"}) {
					t.Errorf("entrypoint %q cmd %q, want the server", p.Image.Entrypoint, p.Image.Cmd)
				}
				return
			}
			c, conf := siteOf(t, "language: node\nports: [3000]\n", f)
			if c.Paths[0] != tc.dir || !strings.Contains(conf, tc.conf) || !strings.Contains(conf, "listen 3000;") {
				t.Errorf("copy %q, want %q; config has %q: %v\n%s", c.Paths, tc.dir, tc.conf, strings.Contains(conf, tc.conf), conf)
			}
		})
	}
}
