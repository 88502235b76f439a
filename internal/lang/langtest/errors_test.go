package langtest

import (
	"errors"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

func TestErrorHas(t *testing.T) {
	err := errors.New("no go.mod at Dockerfile:2:1")
	for _, tc := range []struct {
		err  error
		want []string
		fail bool
	}{
		{err, []string{"no go.mod", "Dockerfile:2"}, false},
		{err, nil, false},
		{err, []string{"no go.mod", "Dockerfile:3"}, true},
		{nil, []string{"no go.mod"}, true},
		{nil, nil, true},
	} {
		if got := record(func(t testing.TB) { ErrorHas(t, "a case", tc.err, tc.want...) }); (len(got) > 0) != tc.fail {
			t.Errorf("%v wanting %q: failures %q, want failing %v", tc.err, tc.want, got, tc.fail)
		}
	}
}

func TestRefuses(t *testing.T) {
	refuse := PlanFunc(func(*spec.Spec, lang.Facts) (*plan.Plan, error) { return nil, errors.New("no go.mod") })
	plans := PlanFunc(func(*spec.Spec, lang.Facts) (*plan.Plan, error) { return &plan.Plan{}, nil })
	if got := record(func(t testing.TB) { refuse.Refuses(t, "language: go\n", nil, "no go.mod") }); len(got) > 0 {
		t.Errorf("a refusal saying what is wanted: %q", got)
	}
	if got := record(func(t testing.TB) { refuse.Refuses(t, "language: go\n", nil, "no go.sum") }); len(got) == 0 {
		t.Error("a refusal saying something else passed")
	}
	if got := record(func(t testing.TB) { plans.Refuses(t, "language: go\n", nil, "no go.mod") }); len(got) == 0 {
		t.Error("a plan passed for a refusal")
	}
}
