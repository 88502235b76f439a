// Package graph turns a plan into LLB: one llb.State per stage, every op named as a Dockerfile
// build would name it and located at the spec line it comes from. It is the only package that
// speaks LLB; resolving images and named contexts is left to a Resolver the caller provides.
package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/plan"
	"golang.org/x/sync/errgroup"
)

// Resolver finds base images. The frontend's resolver honours --build-context overrides.
type Resolver interface {
	// Image returns an image as a state (its config applied) and its config. name labels its
	// vertex in progress output.
	Image(ctx context.Context, ref string, platform ocispecs.Platform, name string) (*Image, error)
}

// Image is a resolved base image.
type Image struct {
	State llb.State
	// Config is nil for a base without one (a named context that is a directory).
	Config *dockerspec.DockerOCIImage
	// Digest is the manifest digest the image is pinned to, "" when unknown.
	Digest string
	// Override is set when a --build-context replaced the image the plan names; Ref is then the
	// image that replaced it ("" when the replacement is not an image, e.g. a directory).
	Override bool
	Ref      string
}

// Locator turns a spec field path into source ranges; nil ranges mean "no location".
type Locator func(field string) []*pb.Range

// Options are what the build asked for.
type Options struct {
	// Target is the stage to build ("" is the plan's default).
	Target         string
	TargetPlatform ocispecs.Platform
	BuildPlatform  ocispecs.Platform
	// Context is the main build context.
	Context llb.State
	// DepContext, when set, is the build context restricted to DepFiles (the manifests and
	// lockfiles the frontend read to plan). A copy from the context of only those files reads
	// it instead of Context, so the dependency steps need not wait for the whole context.
	DepContext *llb.State
	DepFiles   []string
	// BuildArgs are the --build-arg values.
	BuildArgs map[string]string
	Resolver  Resolver
	// SourceMap and Locate attach spec locations to ops, so errors point at the spec.
	SourceMap *llb.SourceMap
	Locate    Locator
	// CacheNS prefixes cache mount ids (BUILDKIT_CACHE_MOUNT_NS).
	CacheNS string
	// Run are the client's options for every RUN step.
	Run RunOptions
	// Labels are the client's --label values, set on the target's image config over the plan's.
	Labels map[string]string
	// Epoch (SOURCE_DATE_EPOCH) sets the time of the files the target-platform stages write.
	Epoch *time.Time
	// NoCache reports stages whose steps must not come from cache (--no-cache, --no-cache-filter).
	NoCache func(stage string) bool
	// Recipes builds the plan's Recipe stages: for a build that imports a cache (--cache-from,
	// as CI runners do), whose next fresh runner starts from what this one exports. Without it
	// they are left out, and the cache mounts seeded from them are plain cache mounts.
	Recipes bool
}

// Result is the target stage's state and image config.
type Result struct {
	State llb.State
	Image *dockerspec.DockerOCIImage
	// BaseImage is the config of the image the target stage starts from, if any.
	BaseImage *dockerspec.DockerOCIImage
	// Stages are the states of every stage the target needs, the target included, by name:
	// an SBOM scan of build stages (BUILDKIT_SBOM_SCAN_STAGE) reads them.
	Stages map[string]llb.State
}

type converter struct {
	ctx    context.Context
	plan   *plan.Plan
	opt    Options
	vars   map[string]string
	states map[string]llb.State
	bases  map[string]*Image
}

// Build converts the plan's target stage and everything it needs.
func Build(ctx context.Context, p *plan.Plan, opt Options) (*Result, error) {
	target := opt.Target
	if target == "" {
		target = p.Default
	}
	ts := p.Stage(target)
	if ts == nil || ts.Internal {
		return nil, UnknownTargetError(p, target)
	}
	c := &converter{ctx: ctx, plan: p, opt: opt, vars: vars(p, opt), states: map[string]llb.State{}, bases: map[string]*Image{}}
	needed := p.Needs(target)
	if !opt.Recipes {
		for name := range needed {
			if p.Stage(name).Recipe {
				delete(needed, name)
			}
		}
	}
	if err := c.resolve(ctx, needed); err != nil {
		return nil, err
	}
	for _, s := range p.Stages {
		if !needed[s.Name] {
			continue
		}
		st, err := c.stage(s)
		if err != nil {
			return nil, err
		}
		c.states[s.Name] = st
	}
	st := c.states[target]
	img, base, err := c.image(ctx, ts, st)
	if err != nil {
		return nil, err
	}
	return &Result{State: st, Image: img, BaseImage: base, Stages: c.states}, nil
}

// UnknownTargetError names the valid targets: the plan's and extra ones the caller serves.
func UnknownTargetError(p *plan.Plan, target string, extra ...string) error {
	var names []string
	for _, s := range p.Targets() {
		names = append(names, s.Name)
	}
	names = append(names, extra...)
	return fmt.Errorf("target stage %q could not be found: valid targets are %s", target, strings.Join(names, ", "))
}

// platform is where a stage's steps run.
func (c *converter) platform(s *plan.Stage) ocispecs.Platform {
	if c.onBuildPlatform(s) {
		return c.opt.BuildPlatform
	}
	return c.opt.TargetPlatform
}

// onBuildPlatform reports a stage that runs on the build platform, itself or through its base.
func (c *converter) onBuildPlatform(s *plan.Stage) bool {
	for s.Base.Stage != "" && !s.BuildPlatform {
		s = c.plan.Stage(s.Base.Stage)
	}
	return s.BuildPlatform
}

// epoch is the time the files a stage's file ops write get: SOURCE_DATE_EPOCH in the stages
// assembled for the target platform, whose files are the image's. Build-platform stages keep
// their files' own times, so a new epoch (each commit's time, in CI) does not invalidate the
// cached dependency download; their files reach the image only through a copy that sets it.
func (c *converter) epoch(s *plan.Stage) *time.Time {
	if c.onBuildPlatform(s) {
		return nil
	}
	return c.opt.Epoch
}

// resolve fetches every needed base image's config at once.
func (c *converter) resolve(ctx context.Context, needed map[string]bool) error {
	var mu sync.Mutex
	eg, ctx := errgroup.WithContext(ctx)
	for _, s := range c.plan.Stages {
		if !needed[s.Name] || s.Base.Image == "" {
			continue
		}
		eg.Go(func() error {
			name := fmt.Sprintf("[%s 1/%d] FROM %s", s.Name, len(c.steps(s))+1, s.Base.Image)
			img, err := c.opt.Resolver.Image(ctx, s.Base.Image, c.platform(s), name)
			if err != nil {
				return c.located(s.Field, err)
			}
			mu.Lock()
			c.bases[s.Name] = img
			mu.Unlock()
			return nil
		})
	}
	return eg.Wait()
}

func (c *converter) stage(s *plan.Stage) (llb.State, error) {
	var st llb.State
	switch {
	case s.Base.Stage != "":
		st = c.states[s.Base.Stage]
	case s.Base.Image != "":
		st = c.bases[s.Name].State
	default:
		st = llb.Scratch().Platform(c.platform(s)).AddEnv("PATH", defaultPath)
	}
	for _, e := range s.Env {
		st = st.AddEnv(e.Key, c.expand(e.Value))
	}
	if s.Workdir != "" {
		st = st.Dir(s.Workdir)
	}
	if s.User != "" {
		st = st.User(s.User)
	}
	steps := c.steps(s)
	total := len(steps) + 1
	for i, step := range steps {
		prefix := fmt.Sprintf("[%s %d/%d] ", s.Name, i+2, total)
		var err error
		st, err = c.step(st, s, step, prefix)
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

// steps are the stage's steps for this build: a CrossOnly step is left out when the target
// platform is the build platform, and a check runs in the container of the run before it when
// it can (fold).
func (c *converter) steps(s *plan.Stage) []plan.Step {
	if c.cross() {
		return fold(s.Steps)
	}
	return fold(slices.DeleteFunc(slices.Clone(s.Steps), func(st plan.Step) bool {
		r, ok := st.(*plan.Run)
		return ok && r.CrossOnly
	}))
}

// cross reports a build for another platform than the one it runs on.
func (c *converter) cross() bool {
	t, b := platforms.Normalize(c.opt.TargetPlatform), platforms.Normalize(c.opt.BuildPlatform)
	return t.OS != b.OS || t.Architecture != b.Architecture || t.Variant != b.Variant
}

const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// constraints are the options every op of a step gets: its name, its spec location (the lines
// of its fields, one location), cache policy.
func (c *converter) constraints(s *plan.Stage, name string, fields ...string) []llb.ConstraintsOpt {
	opts := []llb.ConstraintsOpt{llb.WithCustomName(name)}
	if c.opt.SourceMap != nil && c.opt.Locate != nil {
		var ranges []*pb.Range
		for _, f := range fields {
			for _, r := range c.opt.Locate(f) {
				if !slices.ContainsFunc(ranges, r.EqualVT) {
					ranges = append(ranges, r)
				}
			}
		}
		if ranges != nil {
			opts = append(opts, c.opt.SourceMap.Location(ranges))
		}
	}
	if c.opt.NoCache != nil && c.opt.NoCache(s.Name) {
		opts = append(opts, llb.IgnoreCache)
	}
	return opts
}

func platformVars(prefix string, p ocispecs.Platform, out map[string]string) {
	p = platforms.Normalize(p)
	out[prefix+"PLATFORM"] = platforms.Format(p)
	out[prefix+"OS"] = p.OS
	out[prefix+"ARCH"] = p.Architecture
	out[prefix+"VARIANT"] = p.Variant
}

// vars are the values ${NAME} may refer to: the platforms and the plan's build args.
func vars(p *plan.Plan, opt Options) map[string]string {
	out := map[string]string{}
	platformVars("TARGET", opt.TargetPlatform, out)
	platformVars("BUILD", opt.BuildPlatform, out)
	for _, a := range p.Args {
		if v, ok := opt.BuildArgs[a.Name]; ok {
			out[a.Name] = v
		} else if a.HasDefault {
			out[a.Name] = a.Default
		}
	}
	return out
}

// expand replaces ${NAME} for known names: a build arg the plan declares without a value
// expands to nothing, as an ARG without a value does in a Dockerfile (and in the ejected one);
// anything else, $ included, is left as written.
func (c *converter) expand(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for _, p := range plan.Pieces(s) {
		v, ok := c.vars[p.Ref]
		switch {
		case p.Ref == "":
			b.WriteString(p.Text)
		case ok:
			b.WriteString(v)
		case c.declared(p.Ref):
		default:
			b.WriteString("${" + p.Ref + "}")
		}
	}
	return b.String()
}

// declared reports a build arg of the plan.
func (c *converter) declared(name string) bool {
	return slices.ContainsFunc(c.plan.Args, func(a plan.Arg) bool { return a.Name == name })
}
