package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Vite app of ours in omni-tools' shape: package.json with React and Monaco, a current
// package-lock.json (npm's, which its Dockerfile and CI install from), and a pnpm-lock.yaml
// left from before Monaco was added.
const (
	staleApp = `{"name": "tools", "scripts": {"build": "vite build"},
		"dependencies": {"react": "^18.3.1", "@monaco-editor/react": "^4.7.0", "shared": "workspace:*"},
		"devDependencies": {"vite": "^6.0.0"}}`
	currentNpmLock = `{"name": "tools", "lockfileVersion": 3, "packages": {"": {"dependencies": {"react": "^18.3.1",
		"@monaco-editor/react": "^4.7.0"}, "devDependencies": {"vite": "^6.0.0"}},
		"node_modules/react": {"version": "18.3.1"}, "node_modules/@monaco-editor/react": {"version": "4.7.0"},
		"node_modules/vite": {"version": "6.0.0", "dev": true}}}`
	stalePnpmLock = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      react:\n        specifier: ^18.3.1\n" +
		"        version: 18.3.1\n    devDependencies:\n      vite:\n        specifier: ^6.0.0\n        version: 6.0.0\n\npackages:\n\n  react@18.3.1:\n    resolution: {integrity: sha512-x}\n"
	currentPnpmLock = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      '@monaco-editor/react':\n        specifier: ^4.7.0\n" +
		"        version: 4.7.0\n      react:\n        specifier: ^18.3.1\n        version: 18.3.1\n    devDependencies:\n      vite:\n" +
		"        specifier: ^6.0.0\n        version: 6.0.0\n"
	staleYarnLock = "# yarn lockfile v1\n\n\nreact@^18.3.1:\n  version \"18.3.1\"\n\nvite@^6.0.0:\n  version \"6.0.0\"\n"
)

// TestALockfileMissingDependenciesIsPassedOver: with lockfiles of two package managers and no
// packageManager, the order picks pnpm, then yarn; one that lacks dependencies package.json
// names (omni-tools' pnpm-lock.yaml, a year older than its package.json; chatpad's yarn.lock)
// would fail the frozen install at the first step, so the lockfile that records them all is
// used, and SeveralLockfiles says why. When both record them, or neither does, the order
// stands; packageManager always does.
func TestALockfileMissingDependenciesIsPassedOver(t *testing.T) {
	for _, tc := range []struct {
		name    string
		facts   lang.Facts
		install string
		note    string
	}{
		{"a stale pnpm-lock.yaml", facts(staleApp, "package-lock.json", currentNpmLock, "pnpm-lock.yaml", stalePnpmLock),
			"npm ci", "pnpm-lock.yaml lacks 1 of package.json's 3 dependencies (@monaco-editor/react), so a frozen install from it would fail; " +
				"package-lock.json records them all: npm is used with package-lock.json; pnpm-lock.yaml is ignored"},
		{"a stale yarn.lock", facts(staleApp, "package-lock.json", currentNpmLock, "yarn.lock", staleYarnLock),
			"npm ci", "yarn.lock lacks 1 of package.json's 3 dependencies (@monaco-editor/react)"},
		{"a stale package-lock.json", facts(staleApp, "package-lock.json", strings.Replace(currentNpmLock, "@monaco-editor", "@other", -1),
			"pnpm-lock.yaml", currentPnpmLock), "pnpm install --frozen-lockfile", "pnpm is used with pnpm-lock.yaml; package-lock.json is ignored"},
		{"both current", facts(staleApp, "package-lock.json", currentNpmLock, "pnpm-lock.yaml", currentPnpmLock),
			"pnpm install --frozen-lockfile", "pnpm is used with pnpm-lock.yaml; package-lock.json is ignored"},
		{"both stale", facts(staleApp, "package-lock.json", strings.Replace(currentNpmLock, "@monaco-editor", "@other", -1),
			"pnpm-lock.yaml", stalePnpmLock), "pnpm install --frozen-lockfile", "pnpm is used with pnpm-lock.yaml"},
		{"packageManager", facts(strings.Replace(staleApp, `"name"`, `"packageManager": "pnpm@9.15.9", "name"`, 1),
			"package-lock.json", currentNpmLock, "pnpm-lock.yaml", stalePnpmLock), "pnpm install --frozen-lockfile", "pnpm is used with pnpm-lock.yaml"},
	} {
		p := provider.MustPlan(t, "language: node\n", tc.facts)
		if got := runs(p.Stage("deps")); !slices.Contains(got, tc.install) {
			t.Errorf("%s: deps runs %q, want %s", tc.name, got, tc.install)
		}
		var msg string
		for _, n := range p.Notes {
			if n.Rule == "SeveralLockfiles" {
				msg = n.Msg
			}
		}
		if !strings.Contains(msg, tc.note) {
			t.Errorf("%s: SeveralLockfiles says %q, want %q in it", tc.name, msg, tc.note)
		}
	}
}

// TestLockedNames reads the root's packages of each lockfile format: npm's v1 and v3, pnpm's
// before importers (5.4, with specifiers) and with them, yarn 1's and berry's keys (a scoped
// name, several ranges on one line, the npm: protocol).
func TestLockedNames(t *testing.T) {
	for _, tc := range []struct {
		file, data string
		want       []string
	}{
		{"package-lock.json", `{"lockfileVersion": 1, "dependencies": {"react": {"version": "18.3.1"}}}`, []string{"react"}},
		{"package-lock.json", currentNpmLock, []string{"@monaco-editor/react", "react", "vite"}},
		{"pnpm-lock.yaml", "lockfileVersion: 5.4\n\nspecifiers:\n  react: ^18.3.1\n\ndependencies:\n  react: 18.3.1\n", []string{"react"}},
		{"pnpm-lock.yaml", currentPnpmLock, []string{"@monaco-editor/react", "react", "vite"}},
		{"yarn.lock", "# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n  version \"7.2.0\"\n\nms@2.1.3:\n  version \"2.1.3\"\n",
			[]string{"@babel/core", "ms"}},
		{"yarn.lock", berryLock + "\n\"@babel/core@npm:^7.0.0\":\n  version: 7.2.0\n\n\"ms@npm:2.1.3, ms@npm:^2.1.1\":\n  version: 2.1.3\n",
			[]string{"@babel/core", "ms"}},
	} {
		names, ok := lockedNames(tc.file, []byte(tc.data))
		for _, n := range tc.want {
			if !ok || !names[n] {
				t.Errorf("%s %.40q: %v (%v), want %q among them", tc.file, tc.data, names, ok, n)
			}
		}
	}
}
