package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// The install in deps turns off the browser downloads of the packages the lockfile names (a
// dependency's dependency too), and build.env, after it, turns one back on; a project without
// them gets no such variable, and no other step gets them.
func TestInstallSkipsBrowserDownloads(t *testing.T) {
	lock := `{"lockfileVersion": 3, "packages": {"": {}, "node_modules/puppeteer": {"version": "24.1.0"}, "node_modules/cypress": {"version": "14.0.0"}}}`
	for _, tc := range []struct {
		name, src string
		files     []string
		want      []plan.Env
	}{
		{"puppeteer and cypress in the lockfile", "language: node\n", []string{"package-lock.json", lock},
			[]plan.Env{{Key: "PUPPETEER_SKIP_DOWNLOAD", Value: "true"}, {Key: "CYPRESS_INSTALL_BINARY", Value: "0"}}},
		{"build.env turns one back on", "language: node\nbuild: {env: {CYPRESS_INSTALL_BINARY: \"14.0.0\"}}\n", []string{"package-lock.json", lock},
			[]plan.Env{{Key: "PUPPETEER_SKIP_DOWNLOAD", Value: "true"}, {Key: "CYPRESS_INSTALL_BINARY", Value: "14.0.0"}}},
		{"chromium, not @sparticuz/chromium", "language: node\n", []string{"package-lock.json",
			`{"lockfileVersion": 3, "packages": {"": {}, "node_modules/chromium": {"version": "3.0.3"}, "node_modules/@sparticuz/chromium": {"version": "148.0.0"}}}`},
			[]plan.Env{{Key: "NODE_CHROMIUM_SKIP_INSTALL", Value: "true"}}},
		{"electron, not electron-builder", "language: node\n", []string{"package-lock.json",
			`{"lockfileVersion": 3, "packages": {"": {}, "node_modules/electron": {"version": "35.0.0"}, "node_modules/electron-builder": {"version": "26.0.0"}}}`},
			[]plan.Env{{Key: "ELECTRON_SKIP_BINARY_DOWNLOAD", Value: "1"}}},
		{"onnxruntime-node's CUDA provider, not onnxruntime-web", "language: node\n", []string{"yarn.lock",
			"onnxruntime-node@1.21.0:\n  version \"1.21.0\"\nonnxruntime-web@1.22.0-dev:\n  version \"1.22.0-dev\"\n"},
			[]plan.Env{{Key: "ONNXRUNTIME_NODE_INSTALL_CUDA", Value: "skip"}}},
		{"electron-builder alone", "language: node\n", []string{"package-lock.json",
			`{"lockfileVersion": 3, "packages": {"": {}, "node_modules/electron-builder": {"version": "26.0.0"}}}`}, nil},
		{"@sparticuz/chromium alone", "language: node\n", []string{"package-lock.json",
			`{"lockfileVersion": 3, "packages": {"": {}, "node_modules/@sparticuz/chromium": {"version": "148.0.0"}}}`}, nil},
		{"neither", "language: node\n", []string{"package-lock.json", `{"lockfileVersion": 3, "packages": {"": {}, "node_modules/ms": {}}}`}, nil},
		{"no lockfile: package.json", "language: node\n", nil, []plan.Env{{Key: "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", Value: "1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkg := `{"name": "pdf", "scripts": {"start": "node server.js"}, "dependencies": {"ms": "^2.1.3"}}`
			if tc.files == nil {
				pkg = `{"name": "pdf", "scripts": {"start": "node server.js"}, "devDependencies": {"@playwright/test": "^1.57.0"}}`
			}
			p := provider.MustPlan(t, tc.src, facts(pkg, append(tc.files, "server.js", "")...))
			for _, st := range p.Stages {
				for _, r := range langtest.Runs(st) {
					got := effectiveEnv(r, browserKeys())
					want := tc.want
					if r != lastRun(p.Stage("deps")) {
						want = nil
						if got := effectiveEnv(r, browserKeys()); len(got) > 0 && tc.name == "build.env turns one back on" {
							continue // build.env reaches every command; the skips do not
						}
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s: %s: env %v, want %v", st.Name, langtest.Shown(r), got, want)
					}
				}
			}
		})
	}
}

func browserKeys() []string {
	var keys []string
	for _, d := range browserDownloads {
		keys = append(keys, d.key)
	}
	return keys
}

// effectiveEnv is the value each of keys has in the command (the last setting wins), in keys'
// order, for the keys it sets.
func effectiveEnv(r *plan.Run, keys []string) []plan.Env {
	var out []plan.Env
	for _, k := range keys {
		for i := len(r.Env) - 1; i >= 0; i-- {
			if r.Env[i].Key == k {
				out = append(out, r.Env[i])
				break
			}
		}
	}
	return out
}

// Each lockfile names an installed package its own way; a peer dependency that is not installed
// (Next.js's optional @playwright/test, in npm's lockfile) is not one.
func TestBrowserPackagesInLockfiles(t *testing.T) {
	for _, tc := range []struct {
		lockfile, text string
		want           bool
	}{
		{"package-lock.json", `"node_modules/puppeteer": {"version": "24.1.0"}`, true},
		{"package-lock.json", `"node_modules/a/node_modules/puppeteer": {}`, true},
		{"package-lock.json", `"node_modules/next": {"peerDependencies": {"puppeteer": "*"}}`, false},
		{"package-lock.json", `"node_modules/puppeteer-core": {}`, false},
		{"pnpm-lock.yaml", "packages:\n\n  puppeteer@24.1.0:\n    resolution: {}\n", true},
		{"pnpm-lock.yaml", "packages:\n\n  /puppeteer@19.0.0:\n    resolution: {}\n", true},
		{"pnpm-lock.yaml", "packages:\n\n  /puppeteer/13.0.0:\n    resolution: {}\n", true},
		{"pnpm-lock.yaml", "packages:\n\n  puppeteer-core@24.1.0:\n    resolution: {}\n", false},
		{"yarn.lock", "puppeteer@^24.1.0:\n  version \"24.1.0\"\n", true},
		{"yarn.lock", "\"puppeteer@npm:^24.1.0\":\n  version: 24.1.0\n", true},
		{"yarn.lock", "\"jest-puppeteer@^11\":\n  version \"11.0.0\"\n", false},
	} {
		pkg := `{"name": "pdf", "scripts": {"start": "node server.js"}}`
		if tc.lockfile == "pnpm-lock.yaml" {
			pkg = `{"name": "pdf", "packageManager": "pnpm@10.12.1", "scripts": {"start": "node server.js"}}`
		}
		f := facts(pkg, tc.lockfile, tc.text)
		pm, _, err := detectManager(f, mustManifest(t, pkg))
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Contains(skipBrowserDownloads(f, pm), plan.Env{Key: "PUPPETEER_SKIP_DOWNLOAD", Value: "true"})
		if got != tc.want || pm.lockfile != tc.lockfile {
			t.Errorf("%s (%s) %q: skips the download %v, want %v", tc.lockfile, pm.lockfile, tc.text, got, tc.want)
		}
	}
}

func mustManifest(t *testing.T, pkg string) manifest {
	t.Helper()
	m, err := readManifest([]byte(pkg))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBrowserNotInstalled: a server whose production dependencies launch a browser (puppeteer,
// playwright) is warned that the runtime has none, with the packages and the executable's path
// for the runtime it gets; not for puppeteer-core, a test-only playwright, a spec whose packages
// install Chromium, or a runtime image of the user's.
func TestBrowserNotInstalled(t *testing.T) {
	for _, tc := range []struct {
		name, deps, spec, want string
	}{
		{"puppeteer on slim", `"dependencies": {"express": "^5", "puppeteer": "^24.1.0"}`, "",
			"package.json depends on puppeteer, which launches a browser: the install does not download it (the projects' own " +
				"Dockerfiles turn that off too) and the node:24-bookworm-slim runtime has none, so launching one fails at run time; " +
				"add `packages: [chromium]` and `env: {PUPPETEER_EXECUTABLE_PATH: /usr/bin/chromium}`"},
		{"puppeteer on alpine", `"dependencies": {"puppeteer": "^24.1.0"}`, "runtime: alpine\n",
			"`env: {PUPPETEER_EXECUTABLE_PATH: /usr/bin/chromium-browser}`"},
		{"puppeteer on distroless", `"dependencies": {"puppeteer": "^24.1.0"}`, "runtime: distroless\n",
			"set `runtime: slim` (distroless installs no packages), add `packages: [chromium]`"},
		{"playwright", `"dependencies": {"playwright": "^1.50.0"}`, "",
			"add `packages: [chromium]` and pass `executablePath: '/usr/bin/chromium'` to launch"},
		{"puppeteer-core", `"dependencies": {"puppeteer-core": "^24.1.0"}`, "", ""},
		{"playwright for the tests", `"devDependencies": {"@playwright/test": "^1.50.0", "playwright": "^1.50.0"}`, "", ""},
		{"chromium installed", `"dependencies": {"puppeteer": "^24.1.0"}`, "packages: [chromium]\n", ""},
		{"a runtime of the user's", `"dependencies": {"puppeteer": "^24.1.0"}`, "runtime: ghcr.io/puppeteer/puppeteer:24\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			manifest := `{"name": "shots", "scripts": {"start": "node server.js", "test": "node --test"}, ` + tc.deps + `}`
			p := provider.MustPlan(t, "language: node\n"+tc.spec, facts(manifest, "package-lock.json", "{}", "server.js", "require('http')\n"))
			var got []string
			for _, n := range p.Notes {
				if n.Rule == "BrowserNotInstalled" {
					got = append(got, n.Msg)
					want := "language" // the first of packages, runtime and language the spec has
					if strings.HasPrefix(tc.spec, "runtime") {
						want = "runtime"
					}
					if n.Field != want {
						t.Errorf("the note is at %q, want %q", n.Field, want)
					}
				}
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("warned: %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("notes %q, want one containing %q", got, tc.want)
			}
		})
	}
}
