package langtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/eject"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// Build converts p to LLB with opt, as BuildKit would get it, and decodes it op by op. Context
// defaults to the local "context", both platforms to amd64, Resolver to graphtest.Images.
func Build(t testing.TB, p *plan.Plan, opt graph.Options) (graphtest.Ops, *graph.Result, *pb.Definition) {
	t.Helper()
	return graphtest.Build(t, p, defaults(opt))
}

func defaults(opt graph.Options) graph.Options {
	if opt.Context.Output() == nil {
		opt.Context = llb.Local("context")
	}
	if opt.TargetPlatform.OS == "" {
		opt.TargetPlatform = graphtest.Amd64
	}
	if opt.BuildPlatform.OS == "" {
		opt.BuildPlatform = graphtest.Amd64
	}
	if opt.Resolver == nil {
		opt.Resolver = graphtest.Images{}
	}
	return opt
}

// Ejects fails t when p does not eject, or its Dockerfile lacks one of the texts want.
func Ejects(t testing.TB, p *plan.Plan, want ...string) string {
	t.Helper()
	dt, err := eject.Dockerfile(p, eject.Options{Source: "Dockerfile"})
	if err != nil {
		t.Fatal(err)
	}
	Has(t, "the ejected Dockerfile", string(dt), want...)
	return string(dt)
}

// Has fails t when text, named what, lacks one of want.
func Has(t testing.TB, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// ErrorHas fails t when err, of what, is nil or its message lacks one of want.
func ErrorHas(t testing.TB, what string, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want one saying %q", what, want)
		return
	}
	Has(t, what+": the error", err.Error(), want...)
}

// CrossBuild is Build of p for arm64 on amd64, the images resolving to images' config, failing t
// when a step runs under emulation but those named by emulated (NoEmulation).
func CrossBuild(t testing.TB, p *plan.Plan, images graphtest.Images, emulated ...string) (graphtest.Ops, *graph.Result) {
	t.Helper()
	ops, res, _ := Build(t, p, graph.Options{TargetPlatform: graphtest.Arm64, Resolver: images})
	NoEmulation(t, ops, emulated...)
	return ops, res
}

// NoEmulation fails t when a step of ops, built for arm64 on amd64, runs on arm64 (under
// emulation), but for the steps whose name holds one of emulated, which must run there.
func NoEmulation(t testing.TB, ops graphtest.Ops, emulated ...string) {
	t.Helper()
	for _, o := range ops.Execs() {
		arch := graphtest.Amd64.Architecture
		if slices.ContainsFunc(emulated, func(e string) bool { return strings.Contains(o.Name, e) }) {
			arch = graphtest.Arm64.Architecture
		}
		if o.Platform == nil || o.Platform.Architecture != arch {
			t.Errorf("%q runs on %v, want %s", o.Name, o.Platform, arch)
		}
	}
}
