package python

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// fakeResolver stands in for the registry: python images' env.
var fakeResolver = graphtest.Images{Env: []string{"PATH=" + stdPath, "LANG=C.UTF-8"}}

type op = graphtest.Op

// llbFor plans src and converts its target to LLB for the target platform, with build args.
func llbFor(t *testing.T, src string, target string, tp ocispecs.Platform, args map[string]string) ([]op, *graph.Result, []byte) {
	t.Helper()
	p := provider.MustPlan(t, src, reqApp)
	ops, res, def := langtest.Build(t, p, graph.Options{Target: target, TargetPlatform: tp, Resolver: fakeResolver, BuildArgs: args})
	cfg, _ := json.Marshal(res.Image)
	return ops, res, append(bytes.Join(def.Def, []byte{0}), cfg...)
}

func named(t *testing.T, ops []op, prefix string) op {
	t.Helper()
	return graphtest.Ops(ops).Named(t, prefix)
}

func TestLLBMirrorReachesTheInstallOnlyAndNeverTheImage(t *testing.T) {
	mirror := map[string]string{"PIP_INDEX_URL": "http://127.0.0.1:5002/simple"}
	ops, res, _ := llbFor(t, "language: python\nentrypoint: greeter\n", "", graphtest.Amd64, mirror)
	install := named(t, ops, "[deps 4/5] RUN pip install -r requirements.txt")
	ex := install.GetExec()
	if !slices.Contains(ex.Meta.Env, "PIP_INDEX_URL=http://127.0.0.1:5002/simple") {
		t.Errorf("pip install env %q lacks the mirror", ex.Meta.Env)
	}
	var cache *pb.Mount
	for _, m := range ex.Mounts {
		if m.MountType == pb.MountType_CACHE {
			cache = m
		}
	}
	if cache == nil || cache.Dest != "/root/.cache/pip" || cache.CacheOpt.ID != "/pip" || cache.CacheOpt.Sharing != pb.CacheSharingOpt_SHARED {
		t.Errorf("pip cache mount %+v", cache)
	}
	if venv := named(t, ops, "[deps 2/5] RUN python3 -m venv --without-pip /opt/venv"); slices.Contains(venv.GetExec().Meta.Env, "PIP_INDEX_URL=http://127.0.0.1:5002/simple") {
		t.Errorf("the venv step sees the mirror")
	}
	for _, e := range res.Image.Config.Env {
		if strings.HasPrefix(e, "PIP_") {
			t.Errorf("the image env has %s", e)
		}
	}
	if !slices.Contains(res.Image.Config.Env, "LANG=C.UTF-8") || !slices.Contains(res.Image.Config.Env, "PYTHONUNBUFFERED=1") {
		t.Errorf("image env %q: want the base's and the provider's", res.Image.Config.Env)
	}
	if !slices.Equal(res.Image.Config.Entrypoint, []string{"/opt/venv/bin/python", "-m", "greeter"}) || res.Image.Config.User != "65532:65532" {
		t.Errorf("entrypoint %q user %q", res.Image.Config.Entrypoint, res.Image.Config.User)
	}
	named(t, ops, "[runtime 4/5] COPY --from=deps /opt/venv /opt/venv") // the build leaves the venv as deps made it
	named(t, ops, "[runtime 5/5] COPY --from=app /app /app")            // compiled on the runtime image (TestTheRuntimeNeedsNeitherBuilderNorTheBuilderImage)
}

func TestLLBDistrolessRunsNothingOnTheTargetPlatform(t *testing.T) {
	ops, res, _ := llbFor(t, "language: python\nruntime: distroless\n", "", graphtest.Arm64, nil)
	for _, o := range ops {
		if o.GetExec() != nil && o.Platform.Architecture != "amd64" {
			t.Errorf("exec %q runs on %s", o.Name, o.Platform.Architecture)
		}
	}
	relink := named(t, ops, "[runtime-venv 2/2] RUN point /opt/venv at /usr/bin/python3.11")
	if relink.GetExec().Network != pb.NetMode_NONE {
		t.Errorf("relink network %v", relink.GetExec().Network)
	}
	base := named(t, ops, "[runtime 1/3] FROM gcr.io/distroless/python3-debian12:nonroot")
	if base.Platform.Architecture != "arm64" {
		t.Errorf("runtime base on %s", base.Platform.Architecture)
	}
	named(t, ops, "[runtime 2/3] COPY --from=runtime-venv /opt/venv /opt/venv")
	if res.Image.Architecture != "arm64" {
		t.Errorf("image architecture %q", res.Image.Architecture)
	}
}

// Runtime packages are installed by the runtime's own package manager, so on the target platform:
// the one step that does, documented as such.
func TestLLBRuntimePackagesRunOnTheTargetPlatform(t *testing.T) {
	ops, _, _ := llbFor(t, "language: python\npackages: [libpq5]\n", "", graphtest.Arm64, nil)
	apt := named(t, ops, "[runtime 4/6] RUN apt-get install libpq5")
	if apt.Platform.Architecture != "arm64" {
		t.Errorf("runtime packages on %s", apt.Platform.Architecture)
	}
	for _, o := range ops {
		if o.GetExec() != nil && o.Platform.Architecture == "arm64" && o.Name != apt.Name {
			t.Errorf("%q runs on the target platform", o.Name)
		}
	}
}

func TestLLBIsDeterministic(t *testing.T) {
	graphtest.Deterministic(t, 5, func() []byte {
		_, _, dt := llbFor(t, "language: python\nenv: {B: 2, A: 1}\nargs: {V: 1, W: 2}\nbuild: {env: {X: 1, Y: 2}}\n", "", graphtest.Amd64, nil)
		return dt
	})
}

// TestTheRuntimeNeedsNeitherBuilderNorTheBuilderImage: the source is copied and compiled on the
// runtime's own image (the app stage), so a one-line change reruns steps that stand on
// python:3.11-slim only: a runner with only the registry cache pulls no python:3.11 and no venv
// for them. The runtime graph has no builder step; the tester still runs on builder, whose tree
// is the app stage's.
func TestTheRuntimeNeedsNeitherBuilderNorTheBuilderImage(t *testing.T) {
	ops, _, _ := llbFor(t, "language: python\n", "", graphtest.Amd64, nil)
	for _, o := range ops {
		if strings.HasPrefix(o.Name, "[builder ") {
			t.Errorf("the runtime's graph runs %q", o.Name)
		}
	}
	slim := []string{"docker-image://docker.io/library/python:3.11-slim"}
	for _, name := range []string{"[app 2/3] COPY . ./", "[app 3/3] RUN python -m compileall --invalidation-mode checked-hash /app"} {
		if got := graphtest.Ops(ops).Images(named(t, ops, name)); !slices.Equal(got, slim) {
			t.Errorf("%q stands on %q, want %q only", name, got, slim)
		}
	}
	named(t, ops, "[runtime 5/5] COPY --from=app /app /app")

	ops, _, _ = llbFor(t, "language: python\n", "tester", graphtest.Amd64, nil)
	named(t, ops, "[builder 2/2] COPY --from=app /app /app")
	if got := graphtest.Ops(ops).Images(named(t, ops, "[tester 2/2] RUN python -m unittest discover")); !slices.Contains(got, "docker-image://docker.io/library/python:3.11") {
		t.Errorf("the tests run on %q, want the builder image's venv", got)
	}
}

// The source is compiled on the runtime image only when the builder would do nothing else, on
// a python image's runtime.
func TestTheSourceIsCompiledOnTheRuntimeImageOnlyWhenThatIsTheBuild(t *testing.T) {
	for src, want := range map[string]string{
		"language: python\n":                                         lang.AppStage,
		"language: python\nruntime: alpine\n":                        lang.AppStage,
		"language: python\nentrypoint: src/server.py\n":              lang.AppStage, // the check moves with it
		"language: python\nbuild: {command: python tools/gen.py}\n":  "builder",
		"language: python\nruntime: distroless\n":                    "builder",
		"language: python\nruntime: example.com/python:3.11\n":       "builder",
		"language: python\nassets: {dir: ui}\nentrypoint: main.py\n": "builder",
		"language: python\nbuild: {image: example.com/py:3.11}\n":    lang.AppStage,
	} {
		p, err := provider.TryPlan(t, src, reqApp)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		var from string
		for _, c := range copies(p.Stage("runtime")) {
			if slices.Equal(c.Paths, []string{appDir}) {
				from = c.FromStage
			}
		}
		if from != want || (p.Stage(lang.AppStage) != nil) != (want == lang.AppStage) {
			t.Errorf("%q: the runtime takes /app from %q (app stage %v), want %q", src, from, p.Stage(lang.AppStage) != nil, want)
		}
	}
}
