package lang

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

func TestArgsGiveSourceDateEpochToBuildStepsOnly(t *testing.T) {
	s, err := spec.Parse("Dockerfile", []byte("language: go\nargs: {VERSION: dev}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{}
	build, deps := Args(p, s, []plan.Arg{{Name: "GOPROXY"}})
	if !slices.Equal(build, []string{"VERSION", plan.EpochArg, "GOPROXY"}) || !slices.Equal(deps, []string{"GOPROXY"}) {
		t.Errorf("build steps see %v, dependency steps %v", build, deps)
	}
	var epochArgs []plan.Arg
	for _, a := range p.Args {
		if a.Name == plan.EpochArg {
			epochArgs = append(epochArgs, a)
		}
	}
	if len(epochArgs) != 1 || epochArgs[0].HasDefault || epochArgs[0].Tool {
		t.Errorf("SOURCE_DATE_EPOCH declared as %+v, want once, without a default", epochArgs)
	}

	// A spec that sets a default declares it once, with that default.
	s, err = spec.Parse("Dockerfile", []byte("language: go\nargs: {SOURCE_DATE_EPOCH: \"1700000000\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p = &plan.Plan{}
	build, _ = Args(p, s, nil)
	if !slices.Equal(build, []string{plan.EpochArg}) || len(p.Args) != 1 || p.Args[0].Default != "1700000000" {
		t.Errorf("build %v, args %+v", build, p.Args)
	}
}
