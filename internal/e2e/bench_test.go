package e2e

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/bench"
)

// TestBenchQuick runs `make bench`'s harness in its quick mode on the testbed: every example's
// spec and hand-written Dockerfile (but the large one's, the frontend itself) build, rebuild
// without running a step, and give images that are alike (user, entrypoint, ports, workdir), the
// spec's no larger; our frontend image is smaller than docker/dockerfile:1. Times are printed,
// not asserted (a shared machine is noisy).
func TestBenchQuick(t *testing.T) {
	b := need(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	res, err := bench.Run(ctx, bench.Config{
		Root:        repoRoot(t),
		Registry:    b.registry,
		FrontendTag: os.Getenv("MSF_FRONTEND_TAG"),
		Rounds:      1,
		Examples:    bench.Examples,
		Quick:       true,
		Shared:      b.buildkitHost,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", bench.Table(res))
	want := 0
	for _, e := range bench.Examples {
		if !e.Large {
			want++
		}
	}
	if len(res.Examples) != want {
		t.Fatalf("%d examples measured, want %d (the large ones are left out)", len(res.Examples), want)
	}
	for _, e := range res.Examples {
		if len(e.Notes) > 0 {
			t.Errorf("%s:\n%s", e.Name, strings.Join(e.Notes, "\n"))
		}
		spec, hand := e.Image[0], e.Image[1]
		if spec.Compressed == 0 || hand.Compressed == 0 {
			t.Errorf("%s: no image sizes: %+v", e.Name, e.Image)
		}
		if spec.Compressed > hand.Compressed || spec.Uncompressed > hand.Uncompressed {
			t.Errorf("%s: the spec's image (%+v) is larger than the hand-written one's (%+v)", e.Name, spec, hand)
		}
	}
	if f := res.Frontends; f[0].Compressed == 0 || f[0].Compressed >= f[1].Compressed || f[0].Uncompressed >= f[1].Uncompressed {
		t.Errorf("frontend image %s %+v is not smaller than %s %+v", res.FrontendRefs[0], f[0], res.FrontendRefs[1], f[1])
	}
}
