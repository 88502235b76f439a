package langtest

import (
	"path/filepath"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Kit is a provider as the registry lists it (declared, planned by the skeleton), with what its
// tests plan and read with.
type Kit struct{ lang.Provider }

// For is the Kit of a declared provider.
func For(d lang.Declarer) Kit { return Kit{lang.Skeleton(d)} }

// TryPlan plans the spec src with the context files facts (a parse error fails the test).
func (k Kit) TryPlan(t testing.TB, src string, facts lang.Facts) (*plan.Plan, error) {
	t.Helper()
	return Plan(t, k.Provider, src, facts)
}

// MustPlan is TryPlan, failing the test on a planning error.
func (k Kit) MustPlan(t testing.TB, src string, facts lang.Facts) *plan.Plan {
	t.Helper()
	return MustPlan(t, k.Provider, src, facts)
}

// Refuses fails t unless planning the spec src with the context files facts fails, saying every
// one of want.
func (k Kit) Refuses(t testing.TB, src string, facts lang.Facts, want ...string) {
	t.Helper()
	Refuses(t, k.Provider, src, facts, want...)
}

// Read reads the files the provider reads first from a directory (testdata/laravel).
func (k Kit) Read(t testing.TB, dir string) lang.Facts {
	t.Helper()
	return Read(t, dir, k.Reads())
}

// ReadFollowed reads dir for the spec s as planning does: the provider's first reads and
// markers, then what its Follow asks for, round after round.
func (k Kit) ReadFollowed(t testing.TB, s *spec.Spec, dir string) lang.Facts {
	t.Helper()
	f, _, err := lang.Gather(s, append(k.Reads(), k.Markers()...), k.Provider.(lang.Follower), lang.DirReader(dir))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Example is Read of the project examples/<name> (from a provider's package directory).
func (k Kit) Example(t testing.TB, name string) lang.Facts {
	t.Helper()
	return k.Read(t, filepath.Join("..", "..", "..", "examples", name))
}

// Gathered reads a context held in memory (name to content) as planning does, with the
// provider's reads and Follow (Gathered).
func (k Kit) Gathered(t testing.TB, src string, ctx map[string]string) lang.Facts {
	t.Helper()
	return Gathered(t, k.Provider.(gatherer), src, ctx)
}

// With adds to f the context files kv, pairs of a name and its content, and returns f: f is
// facts (lang.Facts) or a context held in memory (name to text, as Gathered reads).
func With[M ~map[string]V, V ~[]byte | ~string](f M, kv ...string) M {
	for i := 0; i+1 < len(kv); i += 2 {
		f[kv[i]] = V(kv[i+1])
	}
	return f
}

// WithContext adds to f the context held in memory ctx (name to text) and returns f.
func WithContext(f lang.Facts, ctx map[string]string) lang.Facts {
	for name, text := range ctx {
		f[name] = []byte(text)
	}
	return f
}

// PlanFunc is a planning function as a Planner, with a Kit's TryPlan and MustPlan: the tests of
// what every language shares (processes, assets) plan as the frontend does, with
// providers.Plan, which langtest cannot import (the providers' own tests import langtest).
type PlanFunc func(s *spec.Spec, f lang.Facts) (*plan.Plan, error)

// Plan calls fn.
func (fn PlanFunc) Plan(s *spec.Spec, f lang.Facts) (*plan.Plan, error) { return fn(s, f) }

// TryPlan plans the spec src with the context files facts (a parse error fails the test).
func (fn PlanFunc) TryPlan(t testing.TB, src string, facts lang.Facts) (*plan.Plan, error) {
	t.Helper()
	return Plan(t, fn, src, facts)
}

// MustPlan is TryPlan, failing the test on a planning error.
func (fn PlanFunc) MustPlan(t testing.TB, src string, facts lang.Facts) *plan.Plan {
	t.Helper()
	return MustPlan(t, fn, src, facts)
}

// Refuses fails t unless planning the spec src with the context files facts fails, saying every
// one of want.
func (fn PlanFunc) Refuses(t testing.TB, src string, facts lang.Facts, want ...string) {
	t.Helper()
	Refuses(t, fn, src, facts, want...)
}
