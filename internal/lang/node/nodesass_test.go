package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// TestNodeSassUnsupported: a locked node-sass without a binary for the Node.js the build runs
// (akaunting's 9.0.0 on Node.js 24) is warned of, with sass and the newest Node.js it supports;
// not on a Node.js it supports, nor when node-sass is only a peer dependency, nor unlocked.
func TestNodeSassUnsupported(t *testing.T) {
	const npmLock = `{"lockfileVersion": 3, "packages": {"": {"name": "x"},
    "node_modules/node-sass": {"version": "9.0.0", "hasInstallScript": true}}}`
	const peerOnly = `{"lockfileVersion": 3, "packages": {"": {"name": "x"},
    "node_modules/sass-loader": {"version": "13.3.2", "peerDependencies": {"node-sass": "^4.0.0 || ^9.0.0"}}}}`
	const yarnLock = "# yarn lockfile v1\n\n\nnode-sass@^4.14.1:\n  version \"4.14.1\"\n  resolved \"https://registry.yarnpkg.com/node-sass/-/node-sass-4.14.1.tgz\"\n"
	const how = "`version: \"%s\"` in the spec, or engines.node"
	for _, tc := range []struct {
		name, lockfile, lock, major, want string
	}{
		{"node-sass 9 on Node.js 24", "package-lock.json", npmLock, "24", "package-lock.json locks node-sass 9.0.0, which has binaries for " +
			"Node.js 20 at the newest, not 24: the install compiles it with node-gyp"},
		{"node-sass 9 on Node.js 20", "package-lock.json", npmLock, "20", ""},
		{"node-sass 4 on Node.js 18 (yarn)", "yarn.lock", yarnLock, "18", "yarn.lock locks node-sass 4.14.1, which has binaries for Node.js 14 at the newest, not 18"},
		{"a peer dependency only", "package-lock.json", peerOnly, "24", ""},
		{"no lockfile", "", "", "24", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := lang.Facts{"package.json": []byte(`{"devDependencies": {"node-sass": "^9.0.0"}}`)}
			if tc.lockfile != "" {
				f[tc.lockfile] = []byte(tc.lock)
			}
			notes := nodeSassNotes("", f, tc.lockfile, nodeVersion{tag: tc.major, major: tc.major}, how)
			switch {
			case tc.want == "" && len(notes) > 0:
				t.Fatalf("notes %v, want none", notes)
			case tc.want == "":
			case len(notes) != 1 || !strings.HasPrefix(notes[0].Msg, tc.want):
				t.Fatalf("notes %v, want one beginning %q", notes, tc.want)
			case !strings.Contains(notes[0].Msg, "npm install --save-dev sass") || !strings.HasSuffix(notes[0].Msg, "(`version: \"20\"` in the spec, or engines.node)") && tc.major == "24":
				t.Errorf("note %q names no fix", notes[0].Msg)
			}
		})
	}
}
