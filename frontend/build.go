// Package frontend is the BuildKit gateway frontend: it reads the build spec through dockerui,
// answers subrequests (--call), and builds the requested target for every platform. It is the
// only package that speaks the gateway API.
package frontend

import (
	"context"
	"strconv"
	"time"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
	"github.com/pkg/errors"
)

// Build is the frontend's entry point, called by the gateway for every build.
func Build(ctx context.Context, c client.Client) (*client.Result, error) {
	bc, err := dockerui.NewClient(c)
	if err != nil {
		return nil, err
	}
	src, err := bc.ReadEntrypoint(ctx, "YAML")
	if err != nil {
		return nil, err
	}
	s, err := spec.Parse(src.Filename, src.Data)
	if err != nil {
		return nil, withSpecSource(err, src.SourceMap, nil)
	}
	p, err := planFor(ctx, bc, s)
	if err != nil {
		return nil, withSpecSource(err, src.SourceMap, s)
	}

	if res, ok, err := bc.HandleSubrequest(ctx, requestHandler(s, p, src.SourceMap)); err != nil || ok {
		return res, err
	}

	target := bc.Target
	if target == "" {
		target = p.Default
	}
	if st := p.Stage(target); st == nil || st.Internal {
		return nil, graph.UnknownTargetError(p, target)
	}

	mainContext, err := bc.MainContext(ctx)
	if err != nil {
		return nil, err
	}
	epoch, err := sourceDateEpoch(bc.BuildArgs)
	if err != nil {
		return nil, err
	}
	res := newResolver(bc, c)
	rb, err := bc.Build(ctx, func(ctx context.Context, platform *ocispecs.Platform, idx int) (*dockerui.BuildResult, error) {
		tp := bc.BuildPlatforms[0]
		if platform != nil {
			tp = *platform
		}
		out, err := graph.Build(ctx, p, graph.Options{
			Target:         target,
			TargetPlatform: tp,
			BuildPlatform:  bc.BuildPlatforms[0],
			Context:        *mainContext,
			BuildArgs:      bc.BuildArgs,
			Resolver:       res,
			SourceMap:      src.SourceMap,
			Locate:         locator(s),
			CacheNS:        bc.CacheIDNamespace,
			Epoch:          epoch,
			NoCache:        bc.IsNoCache,
		})
		if err != nil {
			return nil, withSpecSource(err, src.SourceMap, s)
		}
		def, err := out.State.Marshal(ctx, llb.Platform(platforms.Normalize(tp)))
		if err != nil {
			return nil, errors.Wrap(err, "failed to marshal LLB definition")
		}
		r, err := c.Solve(ctx, client.SolveRequest{Definition: def.ToPB(), CacheImports: bc.CacheImports})
		if err != nil {
			return nil, err
		}
		ref, err := r.SingleRef()
		if err != nil {
			return nil, err
		}
		return &dockerui.BuildResult{Reference: ref, Image: out.Image, BaseImage: out.BaseImage, Epoch: epoch}, nil
	})
	if err != nil {
		return nil, err
	}
	return rb.Finalize()
}

// planFor reads the few context files the language needs, picks the provider and plans.
func planFor(ctx context.Context, bc *dockerui.Client, s *spec.Spec) (*plan.Plan, error) {
	facts, err := readFacts(ctx, bc, providers.Reads(s))
	if err != nil {
		return nil, err
	}
	return providers.Plan(s, facts)
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH, which makes the files the build writes reproducible.
func sourceDateEpoch(args map[string]string) (*time.Time, error) {
	v, ok := args["SOURCE_DATE_EPOCH"]
	if !ok || v == "" {
		return nil, nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, errors.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", v)
	}
	t := time.Unix(sec, 0).UTC()
	return &t, nil
}
