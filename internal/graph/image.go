package graph

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/plan"
)

// image is the target stage's image config: its base image's config, the stage's env, dir and
// user, for the runtime and its processes the plan's image settings, and the client's labels, as a
// Dockerfile build would give.
func (c *converter) image(ctx context.Context, s *plan.Stage, st llb.State) (*dockerspec.DockerOCIImage, *dockerspec.DockerOCIImage, error) {
	root := s
	for root.Base.Stage != "" {
		root = c.plan.Stage(root.Base.Stage)
	}
	var base *dockerspec.DockerOCIImage
	if b, ok := c.bases[root.Name]; ok && b.Config != nil {
		base = b.Config
	}
	img := clone(base)
	// the requested platform, also for a stage that runs on the build platform (--target
	// builder), as the Dockerfile frontend stamps it
	p := platforms.Normalize(c.opt.TargetPlatform)
	img.Platform = ocispecs.Platform{OS: p.OS, Architecture: p.Architecture, Variant: p.Variant}
	img.RootFS.Type = "layers"
	img.Created = nil

	env, err := st.Env(ctx)
	if err != nil {
		return nil, nil, err
	}
	img.Config.Env = env.ToArray()
	if dir, err := st.GetDir(ctx); err == nil && dir != "" && dir != "/" {
		img.Config.WorkingDir = dir
	}
	if base == nil && img.Config.WorkingDir == "" {
		img.Config.WorkingDir = "/" // as a Dockerfile build on scratch says
	}
	if s.User != "" {
		img.Config.User = s.User
	}
	if pi := c.plan.ImageOf(s.Name); pi != nil {
		c.applyImage(&img.Config, root, *pi)
	}
	if len(c.opt.Labels) > 0 && img.Config.Labels == nil {
		img.Config.Labels = map[string]string{}
	}
	maps.Copy(img.Config.Labels, c.opt.Labels) // the client's --label, over the plan's, on any target
	return img, base, nil
}

func (c *converter) applyImage(cfg *dockerspec.DockerOCIImageConfig, root *plan.Stage, pi plan.Image) {
	if pi.Entrypoint != nil {
		cfg.Entrypoint = pi.Entrypoint
		cfg.Cmd = nil // as a Dockerfile ENTRYPOINT resets the base's CMD
	}
	if pi.Cmd != nil {
		cfg.Cmd = pi.Cmd
	}
	for _, e := range pi.Env {
		cfg.Env = setEnv(cfg.Env, e.Key, c.expand(e.Value))
	}
	if len(pi.Ports) > 0 && cfg.ExposedPorts == nil {
		cfg.ExposedPorts = map[string]struct{}{}
	}
	for _, p := range pi.Ports {
		cfg.ExposedPorts[p] = struct{}{}
	}
	if len(pi.Labels) > 0 && cfg.Labels == nil {
		cfg.Labels = map[string]string{}
	}
	for _, l := range pi.Labels {
		cfg.Labels[l.Key] = c.expand(l.Value)
	}
	if b, ok := c.bases[root.Name]; ok {
		// the base labels name what the image was really built on, a --build-context override included
		if _, named := cfg.Labels[baseNameLabel]; named && b.Override {
			if b.Ref != "" {
				cfg.Labels[baseNameLabel] = b.Ref
			} else {
				delete(cfg.Labels, baseNameLabel)
			}
		}
		if b.Digest != "" {
			if cfg.Labels == nil {
				cfg.Labels = map[string]string{}
			}
			cfg.Labels["org.opencontainers.image.base.digest"] = b.Digest
		}
	}
	if pi.Workdir != "" {
		cfg.WorkingDir = pi.Workdir
	}
	if pi.User != "" {
		cfg.User = pi.User
	}
	if h := pi.Healthcheck; h != nil {
		cfg.Healthcheck = &dockerspec.HealthcheckConfig{Test: h.Test, Interval: time.Duration(h.Interval),
			Timeout: time.Duration(h.Timeout), StartPeriod: time.Duration(h.StartPeriod), Retries: h.Retries}
	}
}

const baseNameLabel = "org.opencontainers.image.base.name"

func setEnv(env []string, key, value string) []string {
	i := slices.IndexFunc(env, func(e string) bool { return strings.HasPrefix(e, key+"=") })
	if i >= 0 {
		env[i] = key + "=" + value
		return env
	}
	return append(env, key+"="+value)
}

// clone deep-copies a config through JSON so the resolver's cached copy is never changed.
func clone(img *dockerspec.DockerOCIImage) *dockerspec.DockerOCIImage {
	out := &dockerspec.DockerOCIImage{}
	if img == nil {
		return out
	}
	dt, err := json.Marshal(img)
	if err == nil {
		err = json.Unmarshal(dt, out)
	}
	if err != nil {
		return &dockerspec.DockerOCIImage{}
	}
	return out
}
