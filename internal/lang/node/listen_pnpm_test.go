package node

import (
	"strings"
	"testing"
)

// TestServerRunsPnpm: PackageManagerAtRunTime names the first call that runs pnpm in the entry's
// source or a module it imports by a relative path (an etherpad-shaped plugin manager), at the
// language line; not a commented one, a list of package managers, npm, a module the entry does
// not import, a runtime image of the user's, or a project installed with npm (not read).
func TestServerRunsPnpm(t *testing.T) {
	const pkg = `{"name": "pads", "packageManager": "pnpm@9.15.0", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5"}}`
	plugins := "const { runCmd } = require('./run');\n\nexports.check = async () => {\n  const version = await runCmd(['pnpm', '--version']);\n};\n"
	for _, tc := range []struct {
		name, spec, server, plugins, want string
	}{
		{"an argv in an imported module", "", "require('./lib/plugins')\n", plugins, "lib/plugins.js:4 runs pnpm, which the node:24-bookworm-slim runtime"},
		{"spawn in the entry", "", "const { spawn } = require('child_process');\nspawn('pnpm', ['ls', '--json']);\n", "", "server.js:2 runs pnpm"},
		{"exec's command line", "", "require('child_process').execSync(`pnpm install --prod`);\n", "", "server.js:1 runs pnpm"},
		{"commented", "", "// spawn('pnpm', ['ls'])\n", "", ""},
		{"a list of package managers", "", "const managers = ['pnpm', 'yarn', 'npm'];\n", "", ""},
		{"npm", "", "require('child_process').spawn('npm', ['ls']);\n", "", ""},
		{"a module the entry does not import", "", "console.log('up')\n", plugins, ""},
		{"a runtime image of the user's", "runtime: registry.example/node-pnpm:24\n", "require('./lib/plugins')\n", plugins, ""},
		{"a project installed with npm", "", "npm", plugins, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := []string{"pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "server.js", tc.server}
			if tc.plugins != "" {
				files = append(files, "lib/plugins.js", tc.plugins, "lib/run.js", "exports.runCmd = async () => ''\n")
			}
			manifest := pkg
			if tc.server == "npm" { // the same server, installed with npm: not read for pnpm
				manifest, files = strings.Replace(pkg, `"packageManager": "pnpm@9.15.0", `, "", 1), []string{"package-lock.json", "{}", "server.js", "require('./lib/plugins')\n"}
				files = append(files, "lib/plugins.js", tc.plugins, "lib/run.js", "exports.runCmd = async () => ''\n")
			}
			p := provider.MustPlan(t, "language: node\n"+tc.spec, facts(manifest, files...))
			var got []string
			for _, n := range p.Notes {
				if n.Rule == "PackageManagerAtRunTime" {
					got = append(got, n.Msg)
					if n.Field != "language" {
						t.Errorf("the note is at %q, want the language line", n.Field)
					}
				}
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("warned: %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)):
				t.Errorf("notes %q, want one starting %q", got, tc.want)
			}
		})
	}
}
