package node

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

var (
	nodeImage   = regexp.MustCompile(`^(node:[0-9]+(\.[0-9]+){0,2}-(bookworm|bookworm-slim|alpine)|gcr\.io/distroless/nodejs[0-9]+-debian12:nonroot)$`)
	corepackPin = regexp.MustCompile(`^(pnpm|yarn)@[0-9]$`)
)

// FuzzNodeContextFiles: package.json, the lockfiles, .yarnrc.yml and .nvmrc come from the build
// context, so anyone who can send a context writes them. Whatever they hold, planning and
// converting to LLB ends in a plan or an error, never a panic; copies stay inside the context,
// commands are the package manager's own, images are node's, and node runs a script in /app.
func FuzzNodeContextFiles(f *testing.F) {
	f.Add(app, "package-lock.json", "{}", "", "20\n")
	f.Add(`{"packageManager": "yarn@4.5.3", "scripts": {"start": "node --enable-source-maps dist/x.js --port 1"}, "dependencies": {"a": "patch:a@npm%3A1#~/.yarn/patches/a.patch"}}`,
		"yarn.lock", berryLock, "yarnPath: .yarn/releases/yarn.cjs\nplugins: [{path: p.cjs}, q.cjs, 3]\nnodeLinker: pnp\n", "lts/iron")
	f.Add(`{"pnpm": {"patchedDependencies": {"x": "../../etc/passwd"}}, "engines": {"node": ">=18 <23 || ^16"}}`,
		"pnpm-lock.yaml", "lockfileVersion: '6.0'\n", "", "v22.1.0")
	f.Add(`{"main": "-rf", "scripts": {"start": "node $(id)"}, "engines": []}`, "yarn.lock", "# yarn lockfile v1\n", "", "node")
	s := langtest.Spec(f, "language: node\nruntime: distroless\n")
	f.Fuzz(func(t *testing.T, pkg, lockName, lock, yarnrc, nvmrc string) {
		facts := lang.Facts{"package.json": []byte(pkg), ".nvmrc": []byte(nvmrc)}
		if slices.Contains([]string{"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"}, lockName) {
			facts[lockName] = []byte(lock)
		}
		if yarnrc != "" {
			facts[".yarnrc.yml"] = []byte(yarnrc)
		}
		p, err := provider.Plan(s, facts)
		if err != nil {
			return
		}
		for _, st := range p.Stages {
			if st.Base.Image != "" && !nodeImage.MatchString(st.Base.Image) {
				t.Fatalf("%s starts from %q", st.Name, st.Base.Image)
			}
			for _, step := range st.Steps {
				switch step := step.(type) {
				case *plan.Copy:
					for _, src := range step.Paths {
						if step.FromStage == "" && langtest.Outside(src) {
							t.Fatalf("%s copies %q: outside the context", st.Name, step.Paths)
						}
					}
					if slices.Contains(strings.Split(step.Dest, "/"), "..") {
						t.Fatalf("%s copies to %q", st.Name, step.Dest)
					}
				case *plan.Run:
					if isEntryCheck(step) {
						continue
					}
					args := step.Args
					if step.Shell != "" { // pnpm's workspace prune: names were checked before they got there
						args = strings.Fields(step.Shell)
					}
					if len(args) > 2 && args[1] == lang.ScriptDir+"/corepack.sh" {
						args = append([]string{"corepack"}, args[2:]...)
					}
					if !slices.Contains([]string{"npm", "pnpm", "yarn", "corepack", "rm"}, args[0]) {
						t.Fatalf("%s runs %q", st.Name, step.Args)
					}
					if args[0] == "corepack" && len(args) == 4 && !corepackPin.MatchString(args[3]) {
						t.Fatalf("corepack installs %q", args[3])
					}
				}
			}
		}
		ep := p.Image.Entrypoint
		if len(ep) < 2 || ep[0] != "/nodejs/bin/node" || !strings.HasPrefix(ep[len(ep)-1], "/app/") || path.Clean(ep[len(ep)-1]) != ep[len(ep)-1] {
			t.Fatalf("entrypoint %q", ep)
		}
		langtest.Converts(t, p, graph.Options{Resolver: images})
	})
}
