// Package frontend is the BuildKit gateway frontend: it reads the build spec through dockerui,
// answers subrequests (--call), and builds the requested target for every platform. It is the
// only package that speaks the gateway API.
package frontend

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/attestations/sbom"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/eject"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/lint"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/version"
	"github.com/org/multistage-frontend/spec"
	"github.com/pkg/errors"
)

// Build is the frontend's entry point, called by the gateway for every build.
func Build(ctx context.Context, c client.Client) (*client.Result, error) {
	if err := announce(ctx, c); err != nil {
		return nil, err
	}
	bc, err := dockerui.NewClient(c)
	if err != nil {
		return nil, err
	}
	src, err := bc.ReadEntrypoint(ctx, "YAML")
	if err != nil {
		return nil, err
	}
	s, err := spec.Parse(src.Filename, src.Data)
	var p *plan.Plan
	var read contextRead
	if err == nil {
		p, read, err = planFor(ctx, bc, src, s)
	}
	if err != nil {
		err = withSpecSource(err, src.SourceMap, s)
	}

	buildArgs := slices.Sorted(maps.Keys(bc.BuildArgs))
	req := &request{bc: bc, src: src, s: s, p: p, err: err, checkArg: bc.LinterConfig, buildArgs: buildArgs}
	if res, ok, err := req.answer(ctx, c.BuildOpts().Opts[requestID]); err != nil || ok {
		return res, err
	}
	if err != nil {
		return nil, err
	}

	checks, err := lint.Config(src.Filename, src.Data, bc.LinterConfig)
	if err != nil {
		return nil, withSpecSource(err, src.SourceMap, s)
	}
	if err := warnBuild(ctx, src, s, checks, lint.Run(lint.Input{Spec: s, Plan: p, BuildArgs: buildArgs}, checks)); err != nil {
		return nil, err
	}

	target := bc.Target
	if target == "" {
		target = p.Default
	}
	if target == eject.Target {
		return buildDockerfile(ctx, bc, src.Filename, p)
	}
	if st := p.Stage(target); st == nil || st.Internal {
		return nil, graph.UnknownTargetError(p, target, eject.Target)
	}
	return buildTarget(ctx, bc, src, s, p, target, read)
}

// announce makes the frontend's first progress line name it and its version,
// "[internal] multistage-frontend 1.2.3": a step that writes the version to a file nobody reads.
// Reading the spec makes no step of its own to carry the name: through `# syntax=`, the
// Dockerfile frontend has loaded the file already and hands it over.
func announce(ctx context.Context, c client.Client) error {
	st := llb.Scratch().File(llb.Mkfile("/version", 0o444, []byte(version.Version+"\n")),
		dockerui.WithInternalName(version.Name()))
	def, err := st.Marshal(ctx, llb.WithCaps(c.BuildOpts().LLBCaps))
	if err != nil {
		return err
	}
	_, err = c.Solve(ctx, client.SolveRequest{Definition: def.ToPB(), Evaluate: true})
	return err
}

// requestID is the frontend option naming a subrequest (--call).
const requestID = "requestid"

// buildTarget builds a stage of the plan for every requested platform, and the SBOMs asked for.
// read is what planning read of the context.
func buildTarget(ctx context.Context, bc *dockerui.Client, src *dockerui.Source, s *spec.Spec, p *plan.Plan, target string, read contextRead) (*client.Result, error) {
	c := bc.GatewayClient()
	b := &build{bc: bc, s: s, p: p, sm: src.SourceMap, target: target, resolver: newResolver(bc, c)}
	var err error
	if b.mainCtx, err = mainContext(ctx, bc); err != nil {
		return nil, err
	}
	b.depFiles = read.files
	if b.depCtx, err = factsContext(ctx, bc, read.names); err != nil {
		return nil, err
	}
	if b.args, b.epoch, err = buildArgs(ctx, bc, p); err != nil {
		return nil, err
	}
	if b.scanner, err = sbomScanner(ctx, c, bc); err != nil {
		return nil, err
	}
	rb, err := bc.Build(ctx, b.platform)
	if err != nil {
		return nil, err
	}
	if b.scanner != nil {
		if err := addSBOMs(ctx, c, rb, b.scanner, &b.scans); err != nil {
			return nil, err
		}
	}
	return rb.Finalize()
}

// build is one build request: the plan, the target, and what every platform's build shares.
type build struct {
	bc       *dockerui.Client
	s        *spec.Spec
	p        *plan.Plan
	sm       *llb.SourceMap
	target   string
	mainCtx  *llb.State
	args     map[string]string
	epoch    *time.Time
	resolver *resolver
	scanner  sbom.Scanner
	scans    scanTargets

	// depCtx is the context restricted to what planning read, which holds depFiles.
	depCtx   *llb.State
	depFiles []string
}

// platform builds the target for one target platform (nil: the build platform).
func (b *build) platform(ctx context.Context, platform *ocispecs.Platform, _ int) (*dockerui.BuildResult, error) {
	tp := b.bc.BuildPlatforms[0]
	if platform != nil {
		tp = *platform
	}
	out, err := graph.Build(ctx, b.p, graph.Options{
		Target:         b.target,
		TargetPlatform: tp,
		BuildPlatform:  b.bc.BuildPlatforms[0],
		Context:        *b.mainCtx,
		DepContext:     b.depCtx,
		DepFiles:       b.depFiles,
		BuildArgs:      b.args,
		Resolver:       b.resolver,
		SourceMap:      b.sm,
		Locate:         locator(b.s),
		CacheNS:        b.bc.CacheIDNamespace,
		Run:            runOptions(b.bc),
		Labels:         b.bc.Labels,
		Epoch:          b.epoch,
		NoCache:        b.bc.IsNoCache,
		// CI imports the cache of the build before; a warm local builder has its cache mounts
		Recipes: len(b.bc.CacheImports) > 0,
	})
	if err != nil {
		return nil, withSpecSource(err, b.sm, b.s)
	}
	ref, err := solve(ctx, b.bc, out.State, tp)
	if err != nil {
		return nil, err
	}
	if b.scanner != nil {
		b.scans.store(platform, newScanTarget(b.p, b.target, out, *b.mainCtx, b.args, b.bc.IsNoCache))
	}
	return &dockerui.BuildResult{Reference: ref, Image: out.Image, BaseImage: out.BaseImage, Epoch: b.epoch}, nil
}

// runOptions are the client's options for every RUN step, as dockerui parsed them.
func runOptions(bc *dockerui.Client) graph.RunOptions {
	caps := bc.GatewayClient().BuildOpts().LLBCaps
	return graph.RunOptions{ExtraHosts: bc.ExtraHosts, Network: bc.NetworkMode, Ulimits: bc.Ulimits, ShmSize: bc.ShmSize,
		CgroupParent: bc.CgroupParent, LinuxResources: bc.LinuxResources, Caps: &caps}
}

// buildDockerfile is --target dockerfile: the ejected Dockerfile as the build's only file, for
// --output type=local. The file is the same for every platform.
func buildDockerfile(ctx context.Context, bc *dockerui.Client, filename string, p *plan.Plan) (*client.Result, error) {
	dt, err := eject.Dockerfile(p, eject.Options{Source: filename})
	if err != nil {
		return nil, err
	}
	_, epoch, err := buildArgs(ctx, bc, p)
	if err != nil {
		return nil, err
	}
	st := graph.File("/"+eject.FileName, dt, epoch, "[dockerfile 1/1] WRITE "+eject.FileName)
	rb, err := bc.Build(ctx, func(ctx context.Context, platform *ocispecs.Platform, idx int) (*dockerui.BuildResult, error) {
		tp := bc.BuildPlatforms[0]
		if platform != nil {
			tp = *platform
		}
		ref, err := solve(ctx, bc, st, tp)
		if err != nil {
			return nil, err
		}
		img := &dockerspec.DockerOCIImage{}
		img.Platform = platforms.Normalize(tp)
		img.RootFS.Type = "layers"
		return &dockerui.BuildResult{Reference: ref, Image: img, Epoch: epoch}, nil
	})
	if err != nil {
		return nil, err
	}
	return rb.Finalize()
}

func solve(ctx context.Context, bc *dockerui.Client, st llb.State, tp ocispecs.Platform) (client.Reference, error) {
	def, err := st.Marshal(ctx, llb.Platform(platforms.Normalize(tp)), llb.WithCaps(bc.GatewayClient().BuildOpts().LLBCaps))
	if err != nil {
		return nil, errors.Wrap(err, "failed to marshal LLB definition")
	}
	r, err := bc.GatewayClient().Solve(ctx, client.SolveRequest{Definition: def.ToPB(), CacheImports: bc.CacheImports})
	if err != nil {
		return nil, err
	}
	return r.SingleRef()
}

// planFor reads the few context files the language needs, picks the provider and plans. It
// returns what it read of the context too. When the context holds the build file, the plan's
// copies of the whole context leave it out, so that a change to the spec alone reruns no step.
func planFor(ctx context.Context, bc *dockerui.Client, src *dockerui.Source, s *spec.Spec) (*plan.Plan, contextRead, error) {
	facts, read, buildFile, err := readFacts(ctx, bc, s, src)
	if err != nil {
		return nil, read, err
	}
	p, err := providers.Plan(s, facts)
	if err != nil {
		return nil, read, withIgnoredMarkers(ctx, bc, s, facts, err)
	}
	if buildFile != "" {
		p.ExcludeBuildFile(buildFile)
	}
	return p, read, nil
}
