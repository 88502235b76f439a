package frontend

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/attestations/sbom"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/solver/result"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/pkg/errors"
)

// The build args that add build stages and the build context to what the SBOM scanner reads, as
// in a Dockerfile build: "true" for every stage, or a comma-separated list of stage names.
const (
	scanStageArg   = "BUILDKIT_SBOM_SCAN_STAGE"
	scanContextArg = "BUILDKIT_SBOM_SCAN_CONTEXT"
)

// sbomScanner is the scanner image the client asked for (--attest type=sbom, --sbom=true), nil
// when it asked for none. It runs on the build platform, as in a Dockerfile build.
func sbomScanner(ctx context.Context, c client.Client, bc *dockerui.Client) (sbom.Scanner, error) {
	if bc.SBOM == nil {
		return nil, nil
	}
	p := bc.BuildPlatforms[0]
	return sbom.CreateSBOMScanner(ctx, c, bc.SBOM.Generator, p, sourceresolver.Opt{
		ImageOpt: &sourceresolver.ResolveImageOpt{ResolveMode: bc.ImageResolveMode.String(), Platform: &p},
	}, bc.SBOM.Parameters)
}

// scanTarget is what the scanner reads for one platform: the target stage's filesystem (for the
// default target, exactly the runtime image), plus the stages and context the build args name.
type scanTarget struct {
	core        llb.State
	extras      map[string]llb.State
	ignoreCache bool
}

// scanTargets collects each platform's scan target while the platforms build in parallel.
type scanTargets struct {
	mu sync.Mutex
	m  map[string]scanTarget
}

// store keeps a platform's target under the id dockerui gives that platform's result.
func (s *scanTargets) store(platform *ocispecs.Platform, t scanTarget) {
	p := platforms.DefaultSpec()
	if platform != nil {
		p = *platform
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]scanTarget{}
	}
	s.m[platforms.FormatAll(platforms.Normalize(p))] = t
}

func (s *scanTargets) load(id string) (scanTarget, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[id]
	return t, ok
}

func newScanTarget(p *plan.Plan, target string, out *graph.Result, mainCtx llb.State, args map[string]string, noCache func(string) bool) scanTarget {
	t := scanTarget{core: out.State, extras: map[string]llb.State{}, ignoreCache: noCache(target)}
	if enabledFor(args[scanContextArg], mainContextName) {
		t.extras[mainContextName] = mainCtx
	}
	for _, s := range p.Targets() {
		st, built := out.Stages[s.Name]
		if !built || s.Name == target || !enabledFor(args[scanStageArg], s.Name) {
			continue
		}
		t.extras[s.Name] = st
		t.ignoreCache = t.ignoreCache || noCache(s.Name)
	}
	return t
}

// enabledFor reads a scan build arg: a boolean, or a comma-separated list of names.
func enabledFor(v, name string) bool {
	if b, err := strconv.ParseBool(v); err == nil {
		return b
	}
	for _, n := range strings.Split(v, ",") {
		if strings.TrimSpace(n) == name {
			return true
		}
	}
	return false
}

// addSBOMs runs the scanner on every platform's target and attaches the result to the build.
func addSBOMs(ctx context.Context, c client.Client, rb *dockerui.ResultBuilder, scanner sbom.Scanner, targets *scanTargets) error {
	return rb.EachPlatform(ctx, func(ctx context.Context, id string, _ ocispecs.Platform) error {
		t, ok := targets.load(id)
		if !ok {
			return errors.Errorf("no SBOM scan target for %s", id)
		}
		var opts []llb.ConstraintsOpt
		if t.ignoreCache {
			opts = append(opts, llb.IgnoreCache)
		}
		att, err := scanner(ctx, id, t.core, t.extras, opts...)
		if err != nil {
			return err
		}
		solved, err := result.ConvertAttestation(&att, func(st *llb.State) (client.Reference, error) {
			def, err := st.Marshal(ctx, llb.WithCaps(c.BuildOpts().LLBCaps))
			if err != nil {
				return nil, err
			}
			r, err := c.Solve(ctx, client.SolveRequest{Definition: def.ToPB()})
			if err != nil {
				return nil, err
			}
			return r.Ref, nil
		})
		if err != nil {
			return err
		}
		rb.AddAttestation(id, *solved)
		return nil
	})
}
