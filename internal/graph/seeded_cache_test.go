package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/eject"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// seededPlan downloads into a layer of deps and seeds the builder's caches from it: one cache
// from a directory of deps, one from the whole stage.
func seededPlan() *plan.Plan {
	o := plan.Origin{Field: "language"}
	return &plan.Plan{Language: "any", Default: "builder", Stages: []*plan.Stage{
		{Name: "deps", BuildPlatform: true, Steps: []plan.Step{
			&plan.Run{Origin: o, Args: []string{"/bin/sh", "-c", "fetch"}},
		}},
		{Name: "builder", Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Steps: []plan.Step{
			&plan.Run{Origin: o, Args: []string{"/bin/sh", "-c", "compile"}, Mounts: []plan.Mount{
				{Type: plan.MountCache, ID: "mod", Target: "/go/pkg/mod", FromStage: "deps", Source: "/go/pkg/mod"},
				{Type: plan.MountCache, ID: "whole", Target: "/seed", FromStage: "deps", Sharing: "locked"},
				{Type: plan.MountCache, ID: "plain", Target: "/plain"},
			}},
		}},
	}}
}

// seededMount is what a test wants of a seeded cache mount: the input op it is a copy of, the
// path in it, and the cache's id and sharing.
type seededMount struct {
	input    string // digest of the op whose output seeds the cache; "" for an empty cache
	selector string
	id       string
	sharing  pb.CacheSharingOpt
}

// seeded reads the cache mounts of exec op e back.
func seeded(o graphtest.Op) map[string]seededMount {
	out := map[string]seededMount{}
	e := o.GetExec()
	for _, m := range e.Mounts {
		if m.MountType != pb.MountType_CACHE {
			continue
		}
		sm := seededMount{selector: m.Selector, id: m.CacheOpt.ID, sharing: m.CacheOpt.Sharing}
		if pb.InputIndex(m.Input) != pb.Empty {
			sm.input = o.Inputs[m.Input].Digest
		}
		out[m.Dest] = sm
	}
	return out
}

// TestSeededCacheMounts: a cache mount with a seed becomes an LLB cache mount whose input is the
// seed stage's last op, the source path its selector (none for the whole stage), with the
// cache's id and sharing; no owner-setting op is put in between.
func TestSeededCacheMounts(t *testing.T) {
	ops, _, _ := graphtest.Build(t, seededPlan(), graph.Options{TargetPlatform: amd64, BuildPlatform: amd64,
		Context: llb.Local("context"), Resolver: fakeResolver{}})
	fetch, compile := ops.Exec(t, "/bin/sh", "-c", "fetch"), ops.Exec(t, "/bin/sh", "-c", "compile")
	got := seeded(compile)
	want := map[string]seededMount{
		"/go/pkg/mod": {input: fetch.Digest, selector: "/go/pkg/mod", id: "/mod", sharing: pb.CacheSharingOpt_SHARED},
		"/seed":       {input: fetch.Digest, id: "/whole", sharing: pb.CacheSharingOpt_LOCKED},
		"/plain":      {id: "/plain", sharing: pb.CacheSharingOpt_SHARED},
	}
	for dest, w := range want {
		if got[dest] != w {
			t.Errorf("cache mount %s: %+v, want %+v", dest, got[dest], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("cache mounts %+v", got)
	}
	for _, m := range compile.GetExec().Mounts {
		if m.MountType == pb.MountType_CACHE && pb.OutputIndex(m.Output) != pb.SkipOutput {
			t.Errorf("cache mount %s has an output", m.Dest)
		}
	}
	if root := compile.GetExec().Mounts[0]; root.Dest != "/" || compile.Inputs[root.Input].Digest != fetch.Digest {
		t.Errorf("the builder does not run on deps' layer: %+v", root)
	}
}

// TestSeededCacheMountsEjectAsTheDockerfileFrontendBuildsThem converts the plan's ejected
// Dockerfile with BuildKit's Dockerfile frontend and finds the same seeded mounts as the
// graph's: the seed is the same step's output (deps' RUN), at the same path, with the same
// sharing. Ids differ only by the / the Dockerfile frontend puts in front of them.
func TestSeededCacheMountsEjectAsTheDockerfileFrontendBuildsThem(t *testing.T) {
	p := seededPlan()
	ours, _, _ := graphtest.Build(t, p, graph.Options{TargetPlatform: amd64, BuildPlatform: amd64,
		Context: llb.Local("context"), Resolver: fakeResolver{}})
	df, err := eject.Dockerfile(p, eject.Options{Source: "Dockerfile"})
	if err != nil {
		t.Fatal(err)
	}
	ctxState := llb.Local("context")
	res, err := dockerfile2llb.Dockerfile2LLB(context.Background(), df, dockerfile2llb.ConvertOpt{
		Config:      dockerui.Config{BuildPlatforms: []ocispecs.Platform{amd64}},
		MainContext: &ctxState, TargetPlatform: &amd64,
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, df)
	}
	def, err := res.State.Marshal(context.Background(), llb.LocalUniqueID("test"))
	if err != nil {
		t.Fatal(err)
	}
	theirs := graphtest.Decode(t, def.ToPB())
	find := func(ops graphtest.Ops, script string) graphtest.Op {
		for _, o := range ops.Execs() {
			if a := o.GetExec().Meta.Args; strings.Contains(a[len(a)-1], script) {
				return o
			}
		}
		t.Fatalf("no step runs %q in\n%s", script, df)
		return graphtest.Op{}
	}
	a, b := seeded(find(ours, "compile")), seeded(find(theirs, "compile"))
	oursFetch, theirFetch := find(ours, "fetch").Digest, find(theirs, "fetch").Digest
	for dest, m := range a {
		d := b[dest]
		if (m.input == oursFetch) != (d.input == theirFetch) || (m.input == "") != (d.input == "") ||
			m.selector != d.selector || m.sharing != d.sharing || m.id != d.id {
			t.Errorf("cache mount %s: ours %+v, the Dockerfile frontend's %+v\n%s", dest, m, d, df)
		}
	}
	if len(a) != len(b) {
		t.Errorf("cache mounts: ours %+v, theirs %+v", a, b)
	}
}

// TestSeededCacheMountRefusals: a seeded cache takes its owner from the seed, and a source
// needs a stage to be in.
func TestSeededCacheMountRefusals(t *testing.T) {
	for name, m := range map[string]plan.Mount{
		"owner":  {Type: plan.MountCache, ID: "x", Target: "/x", FromStage: "deps", UID: 1000, GID: 1000},
		"source": {Type: plan.MountCache, ID: "x", Target: "/x", Source: "/go/pkg/mod"},
	} {
		p := seededPlan()
		run := p.Stages[1].Steps[0].(*plan.Run)
		run.Mounts = []plan.Mount{m}
		_, err := graph.Build(context.Background(), p, graph.Options{TargetPlatform: amd64, BuildPlatform: amd64,
			Context: llb.Local("context"), Resolver: fakeResolver{}})
		if err == nil {
			t.Errorf("%s: built %+v", name, m)
		}
	}
}

// checkSeeded checks that step o mounts the cache id at target as a copy of the same path of
// the layer that step seed (a dependency download) leaves.
func checkSeeded(t *testing.T, o, seed graphtest.Op, target, id string) {
	t.Helper()
	m := graphtest.CacheMount(o.GetExec(), target)
	if m == nil || m.CacheOpt.ID != "/"+id || m.Selector != target || m.Input < 0 || o.Inputs[m.Input].Digest != seed.Digest {
		t.Errorf("%s: cache %s is not %s seeded from %q: %+v", o.Name, target, id, seed.Name, m)
	}
}

// Go's dependency work in layers, op by op: the download into deps' layer; the list of the
// packages to compile, per platform, from the Go files copied onto deps, without network; the
// copy of only that list, whose content keys the compile after it; the build's caches seeded
// from the download and the compile. The download is one op for every platform.
func TestGoDependenciesAreCompiledIntoALayer(t *testing.T) {
	s, p := goPlan(t, goSpec)
	recipes := func(o *graph.Options) { o.Recipes = true } // a build that imports a cache (CI)
	onARM, _ := buildWith(t, s, p, "", arm64, recipes)
	onAMD, _ := buildWith(t, s, p, "", amd64, recipes)
	dl := onARM.named(t, "[deps 3/3] RUN go mod download")
	list := onARM.named(t, "[deps-list 3/3] RUN go list -deps ./cmd/server > /go-packages.txt")
	cp := onARM.named(t, "[deps-build 2/3] COPY --from=deps-list /go-packages.txt /go-packages.txt")
	compile := onARM.named(t, "[deps-build 3/3] RUN go build -trimpath $(cat /go-packages.txt)")
	gb := onARM.exec(t, "go", "build")

	e := list.GetExec()
	if len(e.Mounts) != 1 || e.Mounts[0].Dest != "/" || e.Mounts[0].Input < 0 ||
		list.Inputs[e.Mounts[0].Input].Digest != onARM.named(t, "[deps-list 2/3] COPY *.go **/*.go ./").Digest {
		t.Fatalf("the list runs on more than the Go files copied onto deps: %+v", e.Mounts)
	}
	if e.Network != pb.NetMode_NONE || !slices.Contains(e.Meta.Env, "GOARCH=arm64") || !slices.Contains(e.Meta.Env, "CGO_ENABLED=0") {
		t.Errorf("list: network %v env %q", e.Network, e.Meta.Env)
	}
	if !slices.ContainsFunc(cp.Inputs, func(in *pb.Input) bool { return in.Digest == list.Digest }) {
		t.Errorf("deps-build does not copy the list's output: %+v", cp.Inputs)
	}
	if compile.GetExec().Network != pb.NetMode_NONE || compile.Inputs[0].Digest != cp.Digest {
		t.Errorf("compile: network %v inputs %+v", compile.GetExec().Network, compile.Inputs)
	}
	checkSeeded(t, gb, dl, "/go/pkg/mod", "go-mod")
	checkSeeded(t, gb, compile, "/root/.cache/go-build", "go-build")

	if onAMD.named(t, "[deps 3/3] RUN go mod download").Digest != dl.Digest {
		t.Errorf("the download differs between platforms")
	}
	if onAMD.named(t, "[deps-list 3/3] RUN go list").Digest == list.Digest || onAMD.named(t, "[deps-build 3/3] RUN go build").Digest == compile.Digest {
		t.Errorf("the list or the compile is one op for amd64 and arm64: one platform's packages would serve both")
	}
}

// A build that imports no cache (a warm local builder) leaves the recipe out: no list on every
// source change, and the build cache is the builder's own, as it was before the recipe; the
// module cache is still seeded from deps' layer, which costs nothing on a source change.
func TestGoRecipeOnlyForBuildsThatImportACache(t *testing.T) {
	s, p := goPlan(t, goSpec)
	d, _ := build(t, s, p, "", amd64)
	for _, o := range d.ops {
		if strings.HasPrefix(o.Name, "[deps-list ") || strings.HasPrefix(o.Name, "[deps-build ") {
			t.Errorf("a build without a cache import has %q", o.Name)
		}
	}
	gb := d.exec(t, "go", "build")
	if m := cacheMount(gb, "/root/.cache/go-build"); m == nil || m.CacheOpt.ID != "/go-build" || m.Input != -1 || m.Selector != "" {
		t.Errorf("go-build is not a plain cache mount: %+v", m)
	}
	checkSeeded(t, gb, d.named(t, "[deps 3/3] RUN go mod download"), "/go/pkg/mod", "go-mod")
}
