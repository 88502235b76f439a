package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/eject"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

func TestCommittedYarnRunsWithoutCorepack(t *testing.T) {
	for _, tc := range []struct{ name, pkg, rcFile, rc, lock, release string }{
		{"yarn 4", strings.Replace(app, `"name"`, `"packageManager": "yarn@4.12.0", "name"`, 1),
			".yarnrc.yml", "nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-4.12.0.cjs\n", berryLock, ".yarn/releases/yarn-4.12.0.cjs"},
		{"yarn 1", app, ".yarnrc", "yarn-path \"./.yarn/releases/yarn-1.22.22.cjs\"\n", "# yarn lockfile v1\n", ".yarn/releases/yarn-1.22.22.cjs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(tc.pkg, "yarn.lock", tc.lock, tc.rcFile, tc.rc))
			deps := p.Stage("deps")
			w, ok := deps.Steps[0].(*plan.WriteFile)
			if !ok || w.Files[0].Path != "/usr/local/bin/yarn" || w.Files[0].Mode != 0o755 ||
				w.Files[0].Data != "#!/bin/sh\nexec node /app/"+tc.release+" \"$@\"\n" {
				t.Fatalf("deps starts with %+v, want the yarn launcher", deps.Steps[0])
			}
			for _, r := range runs(deps) {
				if strings.Contains(r, "corepack") {
					t.Errorf("deps runs %q", r)
				}
			}
			var copied []string
			for _, c := range copies(deps) {
				copied = append(copied, slices.Concat(c.Paths, c.Include)...)
			}
			if !slices.Contains(copied, tc.release) {
				t.Errorf("deps copies %q, not the release", copied)
			}
			if p.Stage("scripts") != nil || slices.Contains(langtest.Rules(p), "PackageManagerVersion") {
				t.Errorf("stages %v notes %q", p.Stage("scripts") != nil, langtest.Rules(p))
			}
			if _, err := eject.Dockerfile(p, eject.Options{}); err != nil {
				t.Errorf("eject: %v", err)
			}
		})
	}
	// a yarnPath that leaves the context is refused as before
	_, err := provider.TryPlan(t, "language: node\n", facts(app, "yarn.lock", berryLock, ".yarnrc.yml", "yarnPath: ../yarn.cjs\n"))
	if err == nil || !strings.Contains(err.Error(), `the install needs "../yarn.cjs", which is not a plain path inside the build context`) {
		t.Errorf("yarnPath outside: %v", err)
	}
}

// A failing corepack says which build args point it at a registry it can reach.
func TestCorepackFailuresNameTheRegistryArg(t *testing.T) {
	p := provider.MustPlan(t, "language: node\n", facts(app, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n"))
	sc := p.Stage("scripts")
	if sc == nil {
		t.Fatal("no scripts stage")
	}
	script := sc.Steps[0].(*plan.WriteFile).Files[0]
	if script.Path != "/scripts/corepack.sh" || !strings.Contains(script.Data, "--build-arg COREPACK_NPM_REGISTRY=<your npm registry URL>") ||
		!strings.Contains(script.Data, "COREPACK_INTEGRITY_KEYS=0") || !strings.HasPrefix(script.Data, `corepack "$@" && exit 0`) {
		t.Errorf("corepack.sh:\n%s", script.Data)
	}
	fetch := langtest.Steps[*plan.Run](p.Stage("deps"))[1]
	if !slices.Equal(fetch.Args, []string{"/bin/sh", lang.ScriptDir + "/corepack.sh", "install", "-g", "pnpm@9"}) ||
		!slices.Contains(fetch.Mounts, lang.ScriptMount) || !slices.Contains(fetch.UseArgs, "COREPACK_NPM_REGISTRY") {
		t.Errorf("the fetch %+v", fetch)
	}
	// npm needs no corepack
	if p := provider.MustPlan(t, "language: node\n", facts(app, "package-lock.json", "{}")); p.Stage("scripts") != nil {
		t.Errorf("an npm build has a scripts stage")
	}
}
