package node

// How pnpm and yarn reach the builder: a release the project commits (yarn's yarnPath) runs as
// it is, without a download; otherwise corepack fetches the version package.json pins, through
// a script that says which build args point it at a reachable registry when it fails.

import (
	"fmt"
	"path"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"gopkg.in/yaml.v3"
)

// committedYarn is the yarn release the project commits (.yarnrc.yml's yarnPath for yarn 2+,
// .yarnrc's yarn-path for yarn 1), cleaned, when it is a plain path inside the context.
func committedYarn(f lang.Facts, k kind) (string, bool) {
	var p string
	switch k {
	case yarnBerry:
		var rc struct {
			YarnPath string `yaml:"yarnPath"`
		}
		_ = yaml.Unmarshal(f[".yarnrc.yml"], &rc)
		p = rc.YarnPath
	case yarnClassic:
		if m := yarnrcPath.FindStringSubmatch(f.Text(".yarnrc")); m != nil {
			p = m[1]
		}
	}
	if p == "" {
		return "", false
	}
	return entryPath(p)
}

// yarnLauncher is `yarn` in the builder when the project commits its release: node running that
// file, from where deps copies it. yarn 2+ puts its own `yarn` on the PATH of the scripts it runs.
func yarnLauncher(appDir, release string) *plan.WriteFile {
	return &plan.WriteFile{Display: "/usr/local/bin/yarn: node " + release + " (the project's yarnPath; nothing is downloaded)",
		Files: []plan.File{{Path: "/usr/local/bin/yarn", Mode: 0o755,
			Data: fmt.Sprintf("#!/bin/sh\nexec node %s \"$@\"\n", path.Join(appDir, release))}}}
}

// corepackScript runs corepack "$@"; when corepack fails (no route to its registries, a mirror
// without signatures), it says which build args fix that, since corepack's own message names
// neither.
const corepackScript = `corepack "$@" && exit 0
status=$?
cat >&2 <<HINT

corepack could not install the package manager (see above). It downloads pnpm and yarn from
the npm registry named by COREPACK_NPM_REGISTRY (now: ${COREPACK_NPM_REGISTRY:-unset, so registry.npmjs.org, and repo.yarnpkg.com for yarn 2+}).
Behind a company mirror or without access to those hosts, build with
  --build-arg COREPACK_NPM_REGISTRY=<your npm registry URL>
and add --build-arg COREPACK_INTEGRITY_KEYS=0 if the mirror serves packages without npm's signatures.
A yarn project can also commit its release (yarnPath in .yarnrc.yml), which the build runs without downloading.
HINT
exit $status
`
