package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

func TestStatamic(t *testing.T) {
	f := laravelApp(t, "content/collections/.gitkeep", "", "users/.gitkeep", "", "public/assets/.gitkeep", "", "resources/blueprints/default.yaml", "title: Default\n")
	f["composer.json"] = []byte(strings.Replace(string(f["composer.json"]), `"laravel/framework": "^11.9"`, `"laravel/framework": "^11.9", "statamic/cms": "^6.0"`, 1))
	p := provider.MustPlan(t, "language: php\n", f)
	if got := langtest.Commands(p.Stage("builder")); len(got) == 0 || !strings.HasSuffix(got[0],
		" bootstrap/cache content users public/assets resources/blueprints resources/fieldsets resources/forms resources/users") {
		t.Errorf("builder runs %q: want Statamic's directories made with Laravel's", got)
	}
	want := []string{"/app>/app/ ", "/app/storage>/app/storage/ 33:33", "/app/bootstrap/cache>/app/bootstrap/cache/ 33:33"}
	for _, d := range []string{"content", "users", "public/assets", "resources/blueprints", "resources/fieldsets", "resources/forms", "resources/users"} {
		want = append(want, "/app/"+d+">/app/"+d+"/ 33:33")
	}
	if copied := builderCopies(t, p, "storage", "content", "users", "public/assets", "resources/blueprints"); !slices.Equal(copied, want) {
		t.Errorf("the runtime copies %q, want %q", copied, want)
	}
	if d := p.Stage("runtime").Description; !strings.Contains(d, ", resources/users (Laravel and Statamic's)") {
		t.Errorf("runtime: %s", d)
	}
	// Laravel without Statamic: only Laravel's
	if copied := builderCopies(t, provider.MustPlan(t, "language: php\n", laravelApp(t))); len(copied) != 3 {
		t.Errorf("Laravel: the runtime copies %q", copied)
	}
}
