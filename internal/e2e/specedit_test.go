package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSpecEditRerunsNoBuildStep: the build file is left out of the source copy, so editing only
// what the image config takes from the spec (cmd, env, ports, labels, user; Node's entrypoint) reruns
// neither the source copy nor the build, as the progress of the rebuild shows. Both builds import
// the cache the first exports (mode=max, to the testbed's registry), as CI runs them: a garbage
// collection of the builder between the two, which drops first the records used once, would
// otherwise rerun the steps (CI of 8762aee, 2026-12-05: the go case's COPY and go build ran again,
// every other step cached). The imported records carry the same content-based keys, so a build
// file that reached the source copy would still miss them. With a cache to import, the plan has
// the CI recipes too: Go's deps-list, which mounted the whole context and so ran again after
// every spec edit, until it copied the Go files alone.
func TestSpecEditRerunsNoBuildStep(t *testing.T) {
	b := need(t)
	for _, tc := range []struct {
		example, edit string
		ports         bool // the example's ports: [8080] becomes [9090]
		args          []string
		cached        []string // step name prefixes that must come from the cache
	}{
		{"go", "cmd: [-addr, \":9090\"]\nenv: {GREETING: hi}\nlabels: {org.example.team: core}\nuser: \"1000:1000\"\n", true, nil,
			[]string{"[builder 2/3] COPY . ./", "[builder 3/3] RUN go build", "[deps-list 3/3] RUN go list -deps"}},
		{"node", "entrypoint: dist/greet.js\ncmd: [--port, \"9090\"]\nenv: {GREETING: hi}\nlabels: {org.example.team: core}\n", true, nil,
			[]string{"[app 3/5] COPY . ./", "[app 4/5] RUN npm run build", "[deps 3/3] RUN npm ci"}},
	} {
		t.Run(tc.example, func(t *testing.T) {
			t.Parallel()
			dir := copyDir(t, filepath.Join(repoRoot(t), "examples", tc.example))
			// a context of its own, so that the first build copies it anew and the second can only be cached by the exclusion
			writeFile(t, filepath.Join(dir, "NOTICE"), fmt.Sprintf("build %d\n", time.Now().UnixNano()))
			ref := fmt.Sprintf("%s/e2e/specedit:%s-%d", b.registry, tc.example, time.Now().UnixNano())
			imports := append(append([]string{}, tc.args...), "--import-cache", "type=registry,ref="+ref)
			buildctl(t, dir, append(imports, "--export-cache", "type=registry,mode=max,ref="+ref)...).mustSucceed(t, "first build")
			spec, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
			if err != nil {
				t.Fatal(err)
			}
			edited := string(spec) + tc.edit
			if tc.ports {
				edited = strings.Replace(edited, "ports: [8080]", "ports: [9090]", 1)
			}
			writeFile(t, filepath.Join(dir, "Dockerfile"), edited)
			r := buildctl(t, dir, imports...).mustSucceed(t, "rebuild after a spec edit")
			cached := cachedSteps(r.out)
			for _, step := range tc.cached {
				if !hasPrefixKey(cached, step) {
					t.Errorf("%q was not cached after an edit of the spec's image config:\n%s", step, tail(r.out, 40))
				}
			}
		})
	}
}
