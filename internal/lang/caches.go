package lang

import "github.com/org/multistage-frontend/internal/plan"

// SeededFrom returns caches as mounts seeded from the same paths of stage: the dependency step
// downloads into its own layer, which a registry cache (mode=max) carries to a fresh CI runner,
// BuildKit never exporting cache mounts; the later steps mount each cache as a copy of that
// layer's directory. On a warm builder the cache lives on as long as its seed (BuildKit keys
// it by id and seed), so what the build adds to it is kept until the dependencies change.
func SeededFrom(stage string, caches ...plan.Mount) []plan.Mount {
	out := make([]plan.Mount, len(caches))
	for i, m := range caches {
		m.FromStage, m.Source = stage, m.Target
		out[i] = m
	}
	return out
}
