package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestPlatformIndependentStepsAreSharedBetweenPlatforms: in a multi-platform build the
// dependency download and the source copy are the same ops (same digests) for every target, so
// BuildKit runs them once; only the compiler step, which gets the target's GOARCH, differs.
func TestPlatformIndependentStepsAreSharedBetweenPlatforms(t *testing.T) {
	s, p := goPlan(t, goSpec)
	onAMD, _ := build(t, s, p, "", amd64)
	onARM, _ := build(t, s, p, "", arm64)
	for _, name := range []string{"[deps 2/3] COPY go.mod go.sum ./", "[deps 3/3] RUN go mod download", "[builder 2/3] COPY . ./"} {
		if a, b := onAMD.named(t, name).Digest, onARM.named(t, name).Digest; a != b {
			t.Errorf("%q differs between amd64 (%s) and arm64 (%s): it would run once per platform", name, a, b)
		}
	}
	if a, b := onAMD.named(t, "[deps 3/3] RUN go mod download").Digest, onARM.named(t, "[deps 3/3] RUN go mod download").Digest; a != b {
		t.Errorf("go mod download differs between platforms")
	}
	gbAMD, gbARM := onAMD.exec(t, "go", "build"), onARM.exec(t, "go", "build")
	if gbAMD.Digest == gbARM.Digest {
		t.Errorf("go build is the same op for amd64 and arm64: one binary would serve both")
	}
	if !slices.Contains(gbARM.GetExec().Meta.Env, "GOARCH=arm64") || !slices.Contains(gbAMD.GetExec().Meta.Env, "GOARCH=amd64") {
		t.Errorf("go build env: amd64 %q, arm64 %q", gbAMD.GetExec().Meta.Env, gbARM.GetExec().Meta.Env)
	}
	if gbARM.Platform.Architecture != "amd64" {
		t.Errorf("the arm64 build runs on %v, want the build platform", gbARM.Platform)
	}
}

// TestEpochReachesBuildStepsNotTheDependencyDownload: SOURCE_DATE_EPOCH is visible to the build
// step and stamps the files copied into the image, but leaves the dependency stage untouched, so
// a new epoch (each commit's time, in CI) keeps the module download cached.
func TestEpochReachesBuildStepsNotTheDependencyDownload(t *testing.T) {
	s, p := goPlan(t, goSpec)
	epoch := time.Unix(1700000000, 0).UTC()
	withEpoch := func(o *graph.Options) {
		o.Epoch = &epoch
		o.BuildArgs = map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	}
	plain, _ := build(t, s, p, "", amd64)
	stamped, _ := buildWith(t, s, p, "", amd64, withEpoch)

	for _, name := range []string{"[deps 2/3] COPY go.mod go.sum ./", "[deps 3/3] RUN go mod download", "[builder 2/3] COPY . ./"} {
		if plain.named(t, name).Digest != stamped.named(t, name).Digest {
			t.Errorf("%q changes with SOURCE_DATE_EPOCH: a new commit time would redo it", name)
		}
	}
	if env := stamped.exec(t, "go", "build").GetExec().Meta.Env; !slices.Contains(env, "SOURCE_DATE_EPOCH=1700000000") {
		t.Errorf("go build env %q lacks SOURCE_DATE_EPOCH", env)
	}
	for _, e := range plain.exec(t, "go", "build").GetExec().Meta.Env {
		if len(e) > 18 && e[:18] == "SOURCE_DATE_EPOCH=" {
			t.Errorf("go build sees %s though no epoch was given", e)
		}
	}
	cp := stamped.named(t, "[runtime 2/2] COPY --from=builder /out/server").GetFile().Actions[0].GetCopy()
	if cp.Timestamp != epoch.UnixNano() {
		t.Errorf("the binary is copied with time %d, want the epoch %d", cp.Timestamp, epoch.UnixNano())
	}
	if c := plain.named(t, "[runtime 2/2] COPY --from=builder /out/server").GetFile().Actions[0].GetCopy(); c.Timestamp != -1 {
		t.Errorf("without an epoch the copy has time %d, want none (-1)", c.Timestamp)
	}
}

// TestEpochStampsScratchFiles: the files the frontend writes into a scratch image get the epoch.
func TestEpochStampsScratchFiles(t *testing.T) {
	s, p := goPlan(t, "language: go\nruntime: scratch\n")
	epoch := time.Unix(1700000000, 0).UTC()
	d, _ := buildWith(t, s, p, "", arm64, func(o *graph.Options) { o.Epoch = &epoch })
	for _, o := range d.ops {
		f := o.GetFile()
		if f == nil {
			continue
		}
		for _, a := range f.Actions {
			if mf := a.GetMkfile(); mf != nil && mf.Timestamp != epoch.UnixNano() {
				t.Errorf("%s written with time %d", mf.Path, mf.Timestamp)
			}
			if md := a.GetMkdir(); md != nil && md.Timestamp != epoch.UnixNano() {
				t.Errorf("%s made with time %d", md.Path, md.Timestamp)
			}
		}
	}
}

// overridingResolver answers as the frontend's resolver does for a --build-context override.
type overridingResolver struct{ ref string }

func (r overridingResolver) Image(ctx context.Context, ref string, p ocispecs.Platform, name string) (*graph.Image, error) {
	img, err := fakeResolver{}.Image(ctx, ref, p, name)
	if err == nil {
		img.Override, img.Ref = true, r.ref
	}
	return img, err
}

// TestOverriddenBaseIsWhatTheLabelsName: the base labels name the image a --build-context put
// in place of the spec's runtime, and none is claimed when a directory replaced it.
func TestOverriddenBaseIsWhatTheLabelsName(t *testing.T) {
	s, p := goPlan(t, goSpec)
	_, res := buildWith(t, s, p, "", amd64, func(o *graph.Options) { o.Resolver = overridingResolver{ref: "registry.example/base:1"} })
	if got := res.Image.Config.Labels["org.opencontainers.image.base.name"]; got != "registry.example/base:1" {
		t.Errorf("base.name %q, want the overriding image", got)
	}
	_, res = buildWith(t, s, p, "", amd64, func(o *graph.Options) { o.Resolver = overridingResolver{} })
	if got, ok := res.Image.Config.Labels["org.opencontainers.image.base.name"]; ok {
		t.Errorf("base.name %q for a base replaced by a directory", got)
	}
}

// TestCrossOnlyStepsRunOnlyInCrossPlatformBuilds: a CrossOnly step is left out, and the stage's
// steps numbered without it, when the target is the build platform; for another target it is
// there, and the runtime's copy of the builder's output waits for it. The entry check runs in
// go build's container either way (fold).
func TestCrossOnlyStepsRunOnlyInCrossPlatformBuilds(t *testing.T) {
	s, p := goPlan(t, goSpec)
	b := p.Stage("builder")
	b.Steps = append(b.Steps, &plan.Run{Args: []string{"check-native", "/out"}, Display: "check", CrossOnly: true, NoNetwork: true})

	native, _ := build(t, s, p, "", amd64)
	for _, o := range native.ops {
		if strings.Contains(o.Name, "check") {
			t.Errorf("an amd64 build on amd64 has the cross-only step %q", o.Name)
		}
	}
	if script, ok := graphtest.Checks(native.named(t, "[builder 3/3] RUN go build").GetExec()); !ok || !strings.Contains(script, "/out/server") {
		t.Errorf("go build does not check /out/server: %q", script)
	}

	cross, _ := build(t, s, p, "", arm64)
	if script, ok := graphtest.Checks(cross.named(t, "[builder 3/4] RUN go build").GetExec()); !ok || !strings.Contains(script, "/out/server") {
		t.Errorf("go build does not check /out/server: %q", script)
	}
	check := cross.named(t, "[builder 4/4] RUN check")
	if check.Platform.Architecture != "amd64" {
		t.Errorf("the check runs on %v, want the build platform", check.Platform)
	}
	cp := cross.named(t, "[runtime 2/2] COPY --from=builder")
	if !slices.ContainsFunc(cp.Inputs, func(in *pb.Input) bool { return in.Digest == check.Digest }) {
		t.Errorf("the runtime's copy does not take the builder's output after the check: inputs %v", cp.Inputs)
	}
}
