package lang

import (
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// An InLayer cache is written into its stage's layer by that stage's commands, and mounted by
// every other command as a copy of that layer's directory: deps', or a recipe stage's.
func TestInLayerCachesAreSeededFromTheirStage(t *testing.T) {
	for _, tc := range []struct {
		cache      Cache
		stage      string
		mounted    bool
		seed, path string
	}{
		{Cache{ID: "c", Target: "/c"}, "deps", true, "", ""},
		{Cache{ID: "c", Target: "/c", InLayer: true}, "deps", false, "", ""},
		{Cache{ID: "c", Target: "/c", InLayer: true}, "builder", true, "deps", "/c"},
		{Cache{ID: "c", Target: "/c", InLayer: true, Stage: "deps-build"}, "deps-build", false, "", ""},
		{Cache{ID: "c", Target: "/c", InLayer: true, Stage: "deps-build"}, "tester", true, "deps-build", "/c"},
	} {
		m, ok := tc.cache.mount(tc.stage)
		if ok != tc.mounted || ok && (m.FromStage != tc.seed || m.Source != tc.path || m.Type != plan.MountCache || m.ID != "c") {
			t.Errorf("%+v in %s: mounted %v as %+v", tc.cache, tc.stage, ok, m)
		}
	}
}
