package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/rules"
)

// TestLockfileRegistryHost: a lockfile entry downloaded from a registry other than the public
// one (bulletproof-react's yarn.lock: one package from registry.npmmirror.com) is warned of with
// the file, line, package and host, once per host; not the public registries, a host the
// project's config names, git or GitHub URLs, nor a lockfile the install does not read.
func TestLockfileRegistryHost(t *testing.T) {
	const yarnLock = "# yarn lockfile v1\n\n\nabbrev@^1.0.0:\n  version \"1.1.1\"\n" +
		"  resolved \"https://registry.yarnpkg.com/abbrev/-/abbrev-1.1.1.tgz#f8f2c887ad10bf67f634f005b6987fed3179aac8\"\n\n" +
		"eslint-plugin-check-file@^2.8.0:\n  version \"2.8.0\"\n" +
		"  resolved \"https://registry.npmmirror.com/eslint-plugin-check-file/-/eslint-plugin-check-file-2.8.0.tgz#6f93f28b\"\n\n" +
		"\"@types/node@*\":\n  version \"20.1.0\"\n" +
		"  resolved \"https://registry.npmmirror.com/@types/node/-/node-20.1.0.tgz#abc\"\n\n" +
		"left-pad@github:stevemao/left-pad:\n  resolved \"https://codeload.github.com/stevemao/left-pad/tar.gz/abc\"\n"
	const npmLock = `{"lockfileVersion": 3, "packages": {"": {"name": "x"},
    "node_modules/@scope/lib": {
      "version": "1.0.0",
      "resolved": "https://npm.example.com/artifactory/api/npm/npm/@scope/lib/-/lib-1.0.0.tgz",
      "integrity": "sha512-x"
    },
    "node_modules/abbrev": {"version": "1.1.1", "resolved": "https://registry.npmjs.org/abbrev/-/abbrev-1.1.1.tgz"}}}`
	const pnpmLock = "lockfileVersion: '9.0'\n\npackages:\n\n  lodash@4.17.21:\n" +
		"    resolution: {integrity: sha512-v2kD, tarball: https://registry.npmmirror.com/lodash/-/lodash-4.17.21.tgz}\n"
	pkg := `{"name": "x", "scripts": {"start": "node index.js"}}`
	for _, tc := range []struct {
		name  string
		files []string
		want  []string // the notes' beginnings
	}{
		{"yarn 1", []string{"yarn.lock", yarnLock},
			[]string{"yarn.lock:10 resolves eslint-plugin-check-file 2.8.0 (and 1 more packages) from registry.npmmirror.com, " +
				"which is neither the public registry nor one the project's .npmrc, .yarnrc or .yarnrc.yml names: yarn downloads it " +
				"from that host whatever registry the build is given (`--build-arg YARN_REGISTRY`, a company mirror)"}},
		{"npm, a scoped package on a company registry", []string{"package-lock.json", npmLock},
			[]string{"package-lock.json:4 resolves @scope/lib 1.0.0 from npm.example.com, "}},
		// a registry below a path of its own: the fix replaces the path too (NextChat's yarn.lock,
		// huaweicloud's /repository/npm/), or the public URLs would keep it
		{"the fix names the registry's path", []string{"package-lock.json", npmLock},
			[]string{"package-lock.json:4 resolves @scope/lib 1.0.0 from npm.example.com, ", "`sed -i 's#https://npm.example.com/artifactory/api/npm/npm/#https://registry.npmjs.org/#' package-lock.json`",
				"(`registry=https://npm.example.com/artifactory/api/npm/npm/`)"}},
		{"the fix at the host's root", []string{"yarn.lock", yarnLock},
			[]string{"yarn.lock:10 resolves", "`sed -i 's#https://registry.npmmirror.com/#https://registry.yarnpkg.com/#' yarn.lock`"}},
		{"pnpm", []string{"pnpm-lock.yaml", pnpmLock},
			[]string{"pnpm-lock.yaml:6 resolves lodash 4.17.21 from registry.npmmirror.com, "}},
		{"the host set in .npmrc", []string{"package-lock.json", npmLock, ".npmrc", "@scope:registry=https://npm.example.com/artifactory/api/npm/npm/\n"}, nil},
		{"the host set in .yarnrc", []string{"yarn.lock", yarnLock, ".yarnrc", "registry \"https://registry.npmmirror.com\"\n"}, nil},
		{"a commented-out setting", []string{"yarn.lock", yarnLock, ".npmrc", "# registry=https://registry.npmmirror.com/\n"},
			[]string{"yarn.lock:10 resolves eslint-plugin-check-file"}},
		{"a lockfile the install does not read", []string{"package-lock.json", `{"lockfileVersion": 3}`, "yarn.lock", yarnLock}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := facts(pkg, tc.files...)
			m, err := readManifest(f["package.json"])
			if err != nil {
				t.Fatal(err)
			}
			if tc.name == "a lockfile the install does not read" {
				m.PackageManager = "npm@10.9.0"
			}
			_, notes, err := detectManager(f, m)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range notes {
				if n.Rule == rules.LockfileRegistryHost.Name {
					got = append(got, n.Msg)
				}
			}
			if strings.HasPrefix(tc.name, "the fix") {
				for _, w := range tc.want[1:] {
					if len(got) != 1 || !strings.Contains(got[0], w) {
						t.Errorf("notes %q, want one holding %s", got, w)
					}
				}
				tc.want = tc.want[:1]
			}
			if len(got) != len(tc.want) {
				t.Fatalf("notes %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("note\n%s\nwant it to begin\n%s", got[i], w)
				}
			}
		})
	}
}
