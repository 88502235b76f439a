// Package graphtest helps tests look at the LLB a plan becomes: a stand-in registry and a
// decoder that turns a marshalled definition back into named ops.
package graphtest

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/plan"
)

// Platforms the tests build for and on.
var (
	Amd64 = ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	Arm64 = ocispecs.Platform{OS: "linux", Architecture: "arm64"}
)

// Images stands in for the registry: every reference resolves to a digest derived from it and
// to a config with Env (default: a PATH), Entrypoint, Cmd and User.
type Images struct {
	Env             []string
	Entrypoint, Cmd []string
	User            string
}

// Image implements graph.Resolver.
func (r Images) Image(_ context.Context, ref string, p ocispecs.Platform, name string) (*graph.Image, error) {
	img := &dockerspec.DockerOCIImage{}
	img.Config.Env = r.Env
	if img.Config.Env == nil {
		img.Config.Env = []string{"PATH=/usr/local/go/bin:/usr/local/bin:/usr/bin:/bin"}
	}
	img.Config.Entrypoint, img.Config.Cmd, img.Config.User = r.Entrypoint, r.Cmd, r.User
	dt, err := json.Marshal(img)
	if err != nil {
		return nil, err
	}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return nil, err
	}
	dg := digest.FromString(ref).String()
	st, err := llb.Image(reference.TagNameOnly(named).String()+"@"+dg, llb.Platform(p), llb.WithCustomName(name)).WithImageConfig(dt)
	return &graph.Image{State: st, Config: img, Digest: dg}, err
}

// Op is a decoded LLB op with its digest and progress name.
type Op struct {
	*pb.Op
	Digest string
	Name   string
}

// Ops are a definition's ops, in the order they were marshalled.
type Ops []Op

// Marshal marshals a result for tp (with a fixed local id, so bytes compare) and decodes it.
func Marshal(t testing.TB, res *graph.Result, tp ocispecs.Platform) (Ops, *pb.Definition) {
	t.Helper()
	def, err := res.State.Marshal(context.Background(), llb.Platform(tp), llb.LocalUniqueID("test"))
	if err != nil {
		t.Fatal(err)
	}
	pbDef := def.ToPB()
	return Decode(t, pbDef), pbDef
}

// Build converts p with opt, failing the test on an error, and marshals and decodes the result
// for opt's target platform.
func Build(t testing.TB, p *plan.Plan, opt graph.Options) (Ops, *graph.Result, *pb.Definition) {
	t.Helper()
	res, err := graph.Build(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	ops, def := Marshal(t, res, opt.TargetPlatform)
	return ops, res, def
}

// Decode turns a definition back into ops.
func Decode(t testing.TB, def *pb.Definition) Ops {
	t.Helper()
	var out Ops
	for _, dt := range def.Def {
		var o pb.Op
		if err := o.Unmarshal(dt); err != nil {
			t.Fatal(err)
		}
		dg := digest.FromBytes(dt)
		out = append(out, Op{&o, dg.String(), def.Metadata[dg.String()].Description["llb.customname"]})
	}
	return out
}

// Images are the images whose layers o stands on: the image sources among its inputs,
// transitively, without their digests, sorted. A step that stands on an image needs its layers
// pulled to run (a CI runner with only the registry cache pulls them when the step reruns).
func (ops Ops) Images(o Op) []string {
	byDigest := ops.byDigest()
	var out []string
	seen := map[string]bool{}
	var walk func(Op)
	walk = func(x Op) {
		if src := x.GetSource(); src != nil && strings.HasPrefix(src.Identifier, "docker-image://") {
			if ref, _, _ := strings.Cut(src.Identifier, "@"); !slices.Contains(out, ref) {
				out = append(out, ref)
			}
		}
		for _, in := range x.Inputs {
			if !seen[string(in.Digest)] {
				seen[string(in.Digest)] = true
				walk(byDigest[string(in.Digest)])
			}
		}
	}
	walk(o)
	slices.Sort(out)
	return out
}

// Chain is what the filesystem o makes stands on: the names of the ops below it down to its
// base image, o's first, following an exec's root mount and a file op's destination only (a
// copy's source, another stage, is not below its result once the copy is done or cached).
// A runner that has the cache of every op but o needs these layers only to rerun o.
func (ops Ops) Chain(o Op) []string {
	byDigest := ops.byDigest()
	var out []string
	for {
		out = append(out, o.Name)
		if src := o.GetSource(); src != nil {
			ref, _, _ := strings.Cut(src.Identifier, "@")
			return append(out[:len(out)-1], ref)
		}
		in := -1
		switch {
		case o.GetExec() != nil:
			for _, m := range o.GetExec().Mounts {
				if m.Dest == "/" {
					in = int(m.Input)
				}
			}
		case o.GetFile() != nil:
			for in = int(o.GetFile().Actions[0].Input); in >= len(o.Inputs); {
				in = int(o.GetFile().Actions[in-len(o.Inputs)].Input)
			}
		}
		if in < 0 || in >= len(o.Inputs) {
			return out
		}
		o = byDigest[string(o.Inputs[in].Digest)]
	}
}

func (ops Ops) byDigest() map[string]Op {
	m := make(map[string]Op, len(ops))
	for _, x := range ops {
		m[x.Digest] = x
	}
	return m
}

// Execs are the exec ops.
func (ops Ops) Execs() Ops {
	var out Ops
	for _, o := range ops {
		if o.GetExec() != nil {
			out = append(out, o)
		}
	}
	return out
}

// Exec is the exec op whose arguments (Args) start with args.
func (ops Ops) Exec(t testing.TB, args ...string) Op {
	t.Helper()
	for _, o := range ops.Execs() {
		a := Args(o.GetExec())
		if len(a) >= len(args) && slices.Equal(a[:len(args)], args) {
			return o
		}
	}
	t.Fatalf("no exec op starting with %q", args)
	return Op{}
}

// Args are the arguments of the step an exec runs: its own, or with checks folded into it
// (/bin/sh -c '"$@" && (CHECK)' sh ARGS...), ARGS.
func Args(e *pb.ExecOp) []string {
	a := e.Meta.Args
	if _, ok := Checks(e); ok {
		return a[4:]
	}
	return a
}

// Checks is the script of an exec with checks folded into it: what runs after its step's
// arguments succeed; ok is false for an exec without.
func Checks(e *pb.ExecOp) (string, bool) {
	a := e.Meta.Args
	if len(a) < 5 || a[0] != "/bin/sh" || a[1] != "-c" || a[3] != "sh" {
		return "", false
	}
	return strings.CutPrefix(a[2], `"$@" && `)
}

// Named is the op whose progress name starts with prefix.
func (ops Ops) Named(t testing.TB, prefix string) Op {
	t.Helper()
	return ops.find(t, prefix, func(name string) bool { return strings.HasPrefix(name, prefix) })
}

// NamedExactly is the op whose progress name is name.
func (ops Ops) NamedExactly(t testing.TB, name string) Op {
	t.Helper()
	return ops.find(t, name, func(n string) bool { return n == name })
}

// find is the first op whose progress name matches; the test fails, listing the names, when
// none does.
func (ops Ops) find(t testing.TB, what string, matches func(name string) bool) Op {
	t.Helper()
	var names []string
	for _, o := range ops {
		if matches(o.Name) {
			return o
		}
		names = append(names, o.Name)
	}
	t.Fatalf("no op named %q; ops: %q", what, names)
	return Op{}
}

// CacheMount is the exec's cache mount at target, or nil.
func CacheMount(e *pb.ExecOp, target string) *pb.Mount {
	for _, m := range e.Mounts {
		if m.Dest == target && m.MountType == pb.MountType_CACHE {
			return m
		}
	}
	return nil
}

// Deterministic fails t when marshal, called n times, does not give the same bytes every time:
// a build that marshals differently misses BuildKit's cache.
func Deterministic(t testing.TB, n int, marshal func() []byte) {
	t.Helper()
	first := marshal()
	for i := 1; i < n; i++ {
		if !bytes.Equal(first, marshal()) {
			t.Fatalf("run %d marshalled different bytes", i)
		}
	}
}
