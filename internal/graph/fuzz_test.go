package graph_test

import (
	"context"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
)

// FuzzSpecToLLB: any spec the parser accepts plans and converts to marshallable LLB for every
// target, or fails with an error; never a panic.
func FuzzSpecToLLB(f *testing.F) {
	for _, s := range []string{
		goSpec,
		"language: go\nruntime: scratch\nfiles: [a, {src: b/*.txt}]\n",
		"language: go\nruntime: alpine\nhealthcheck: {test: x}\nuser: \"1000\"\n",
		"language: go\nbuild: {secrets: [a, {id: b, env: B}], ssh: [default], env: {X: \"${TARGETARCH}\"}}\n",
		"language: go\nargs: {V: 1}\nlabels: {v: \"${V}\"}\nenv: {A: \"${TARGETOS}-${V}-${NOPE}\"}\n",
		"language: go\ntest: false\nruntime: my.registry/base:1\ncmd: [a]\n",
	} {
		f.Add([]byte(s), "")
		f.Add([]byte(s), "tester")
	}
	f.Fuzz(func(t *testing.T, data []byte, target string) {
		s, err := spec.Parse("Dockerfile", data)
		if err != nil {
			return
		}
		if s.Language == "" {
			s.Language = "go"
		}
		p, err := providers.Plan(s, goFacts)
		if err != nil {
			return
		}
		for _, tp := range []string{target, "deps", "builder", ""} {
			res, err := graph.Build(context.Background(), p, graph.Options{
				Target: tp, TargetPlatform: arm64, BuildPlatform: amd64,
				Context: llb.Local("context"), Resolver: fakeResolver{}, BuildArgs: map[string]string{"V": "x"},
			})
			if err != nil {
				continue
			}
			if _, err := res.State.Marshal(context.Background(), llb.LocalUniqueID("fuzz")); err != nil {
				t.Fatalf("target %q: marshal: %v", tp, err)
			}
		}
	})
}
