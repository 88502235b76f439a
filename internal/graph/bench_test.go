package graph_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
)

// specCase is a spec and the context files the frontend would have read for it.
type specCase struct {
	name, spec string
	facts      lang.Facts
}

var specCases = []specCase{
	{"go", "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nports: [8080]\n", goFacts},
	{"python", "# syntax=org/multistage-frontend\nlanguage: python\nentrypoint: greeter\nports: [8000]\n", lang.Facts{
		"requirements.txt": []byte("msf-greeting==1.0.0\n"), ".python-version": []byte("3.11\n")}},
	{"go-alpine-multi", "language: go\nentrypoint: ./cmd/server\nruntime: alpine\nfiles: [config.yaml]\n" +
		"build: {secrets: [netrc], env: {X: \"${TARGETARCH}\"}}\nhealthcheck: {test: [/usr/local/bin/server, -health]}\n", goFacts},
}

// specToLLB is the frontend's work for one build, without BuildKit: parse the spec, plan it with
// the context facts, convert the default target to LLB with source locations, marshal it.
func specToLLB(tb testing.TB, c specCase) *llb.Definition {
	s, err := spec.Parse("Dockerfile", []byte(c.spec))
	if err != nil {
		tb.Fatal(err)
	}
	p, err := providers.Plan(s, c.facts)
	if err != nil {
		tb.Fatal(err)
	}
	sm := llb.NewSourceMap(nil, s.File, "YAML", s.Source)
	res, err := graph.Build(context.Background(), p, graph.Options{
		TargetPlatform: amd64, BuildPlatform: amd64, Context: llb.Local("context"),
		Resolver: fakeResolver{}, SourceMap: sm, BuildArgs: map[string]string{},
		Locate: func(field string) []*pb.Range {
			if pos, ok := s.Pos(field); ok {
				return []*pb.Range{{Start: &pb.Position{Line: int32(pos.Line)}, End: &pb.Position{Line: int32(pos.Line)}}}
			}
			return nil
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	def, err := res.State.Marshal(context.Background(), llb.Platform(amd64))
	if err != nil {
		tb.Fatal(err)
	}
	return def
}

// BenchmarkSpecToLLB: spec bytes to marshalled LLB, per example.
func BenchmarkSpecToLLB(b *testing.B) {
	for _, c := range specCases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				specToLLB(b, c)
			}
		})
	}
}

// A spec becomes marshalled LLB well under a millisecond: the median of many runs, so that a
// loaded machine does not make it flake (a typical run is a fraction of the bound).
func TestSpecToLLBUnderAMillisecond(t *testing.T) {
	for _, c := range specCases {
		if len(specToLLB(t, c).Def) < 5 {
			t.Fatalf("%s: suspiciously small graph", c.name)
		}
		runs := make([]time.Duration, 201)
		for i := range runs {
			start := time.Now()
			specToLLB(t, c)
			runs[i] = time.Since(start)
		}
		sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
		if med := runs[len(runs)/2]; med >= time.Millisecond {
			t.Errorf("%s: spec to marshalled LLB took %s (median of %d), want < 1ms", c.name, med, len(runs))
		} else {
			t.Logf("%s: median %s, fastest %s", c.name, med, runs[0])
		}
	}
}
