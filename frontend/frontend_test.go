package frontend

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/plan"
)

func TestSourceDateEpochValues(t *testing.T) {
	for v, want := range map[string]int64{"0": 0, "1700000000": 1700000000} {
		got, err := sourceDateEpoch(context.Background(), nil, v)
		if err != nil || got == nil || got.Unix() != want || got.Location() != time.UTC {
			t.Errorf("%q: %v, %v", v, got, err)
		}
	}
	if got, err := sourceDateEpoch(context.Background(), nil, ""); got != nil || err != nil {
		t.Errorf("empty: %v, %v", got, err)
	}
	for _, v := range []string{"-1", "soon", "1.5", "2024-01-01"} {
		if _, err := sourceDateEpoch(context.Background(), nil, v); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
			t.Errorf("%q: %v", v, err)
		}
	}
}

func TestScanTargetsFollowTheScanArgs(t *testing.T) {
	p := &plan.Plan{Default: "runtime", Stages: []*plan.Stage{
		{Name: "deps"}, {Name: "builder"}, {Name: "tester"}, {Name: "runtime-base", Internal: true}, {Name: "runtime"},
	}}
	out := &graph.Result{State: llb.Scratch(), Stages: map[string]llb.State{
		"deps": llb.Scratch(), "builder": llb.Scratch(), "runtime-base": llb.Scratch(), "runtime": llb.Scratch(),
	}}
	noCache := func(stage string) bool { return stage == "builder" }
	for args, want := range map[string][]string{
		"":                      nil,
		"STAGE=true":            {"builder", "deps"}, // built, not internal, not the target; tester was not built
		"STAGE=builder":         {"builder"},
		"STAGE=deps,runtime":    {"deps"},
		"STAGE=false CONTEXT=1": {"context"},
	} {
		a := map[string]string{}
		for _, kv := range strings.Fields(args) {
			k, v, _ := strings.Cut(kv, "=")
			a["BUILDKIT_SBOM_SCAN_"+k] = v
		}
		st := newScanTarget(p, "runtime", out, llb.Local("context"), a, noCache)
		var got []string
		for name := range st.extras {
			got = append(got, name)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: extras %v, want %v", args, got, want)
		}
		if st.ignoreCache != slices.Contains(want, "builder") {
			t.Errorf("%q: ignoreCache %v: --no-cache-filter=builder applies only when builder is scanned", args, st.ignoreCache)
		}
	}
}
