package node

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// patch-package in an install script applies the patch files of patches/ (or --patch-dir):
// they are read while planning and copied beside package.json before the install, so that the
// image's dependencies are patched; such a script needs no InstallScript warning. A patch file
// elsewhere, or a project that runs no patch-package, adds nothing to deps.
func TestPatchPackageFilesReachTheInstall(t *testing.T) {
	for _, c := range []struct {
		name, postinstall string
		want              string
		warns             bool
	}{
		{"default dir", "patch-package", ":. package.json package-lock.json patches/left-pad+1.3.0.patch patches/sub/ms+2.1.3.patch", false},
		{"npx and a dir", "npx patch-package --patch-dir fixes", ":. package.json package-lock.json fixes/express+5.1.0.patch", false},
		// deps runs patch-package, the builder the rest (splitscripts.go)
		{"with a source step", "patch-package && node scripts/setup.js", ":. package.json package-lock.json patches/left-pad+1.3.0.patch patches/sub/ms+2.1.3.patch", false},
		{"with a source step after ;", "patch-package; node scripts/setup.js", ":. package.json package-lock.json patches/left-pad+1.3.0.patch patches/sub/ms+2.1.3.patch", true},
		{"no patch-package", "husky", ":package.json package-lock.json", false}, // the builder runs it (lifecycle.go)
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := map[string]string{
				"package.json": `{"name": "patched", "scripts": {"start": "node server.js", "test": "node --test", "postinstall": "` + c.postinstall + `"},
 "dependencies": {"left-pad": "1.3.0"}, "devDependencies": {"patch-package": "^8.0.0"}}`,
				"package-lock.json":            `{"lockfileVersion": 3}`,
				"server.js":                    "",
				"patches/left-pad+1.3.0.patch": "diff --git a/node_modules/left-pad/index.js b/node_modules/left-pad/index.js\n",
				"patches/sub/ms+2.1.3.patch":   "diff --git a/node_modules/ms/index.js b/node_modules/ms/index.js\n",
				"patches/README.md":            "not a patch\n",
				"fixes/express+5.1.0.patch":    "diff --git a/node_modules/express/index.js b/node_modules/express/index.js\n",
			}
			p := prismaPlan(t, "language: node\n", ctx)
			deps := copied(p.Stage("deps"))
			if !slices.Contains(deps, c.want) {
				t.Errorf("deps copies %q, want %q", deps, c.want)
			}
			if got := slices.Contains(langtest.Rules(p), "InstallScript"); got != c.warns {
				t.Errorf("InstallScript warned %v, want %v: %q", got, c.warns, langtest.Rules(p))
			}
		})
	}
}

func TestPatchDirs(t *testing.T) {
	for script, want := range map[string][]string{
		"patch-package":                           {"patches"},
		"yarn patch-package --patch-dir=./p/x":    {"p/x"},
		"pnpm exec patch-package --patch-dir 'q'": {"q"},
		"prisma generate; patch-package":          {"patches"},
		"patch-package --patch-dir ../outside":    nil,
		"patch-package-helper":                    nil,
		"my-patch-package":                        nil,
		"husky":                                   nil,
	} {
		if got := patchDirs(manifest{Package: Package{Scripts: map[string]string{"postinstall": script}}}); !slices.Equal(got, want) {
			t.Errorf("%q: dirs %q, want %q", script, got, want)
		}
	}
}
