package frontend

import (
	"context"
	"encoding/json"
	"strings"
	"sync"

	"github.com/containerd/platforms"
	"github.com/distribution/reference"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/pkg/errors"
)

// resolver finds base images for the graph: a --build-context named after the image wins (any
// source dockerui knows: docker-image://, a directory, git, https, oci-layout://), otherwise the
// image's config is resolved and the image pinned to its digest. Results are shared between the
// platforms of one build.
type resolver struct {
	bc *dockerui.Client
	c  client.Client

	mu    sync.Mutex
	cache map[string]*resolved
}

type resolved struct {
	once sync.Once
	img  *graph.Image
	err  error
}

func newResolver(bc *dockerui.Client, c client.Client) *resolver {
	return &resolver{bc: bc, c: c, cache: map[string]*resolved{}}
}

func (r *resolver) Image(ctx context.Context, ref string, p ocispecs.Platform, name string) (*graph.Image, error) {
	key := ref + "|" + platforms.FormatAll(platforms.Normalize(p))
	r.mu.Lock()
	e, ok := r.cache[key]
	if !ok {
		e = &resolved{}
		r.cache[key] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.img, e.err = r.resolve(ctx, ref, p, name) })
	return e.img, e.err
}

func (r *resolver) resolve(ctx context.Context, ref string, p ocispecs.Platform, name string) (*graph.Image, error) {
	var dgst digest.Digest
	nc, err := r.bc.NamedContext(ref, dockerui.ContextOpt{Platform: &p, ResolveMode: r.bc.ImageResolveMode.String(), CaptureDigest: &dgst})
	if err != nil {
		return nil, err
	}
	if nc != nil {
		st, img, err := nc.Load(ctx)
		if err != nil {
			return nil, err
		}
		if st != nil {
			out := &graph.Image{State: *st, Config: img, Digest: dgst.String(), Override: true, Ref: r.overridingImage(ref, p)}
			if img != nil {
				dt, err := json.Marshal(img)
				if err != nil {
					return nil, err
				}
				if out.State, err = out.State.WithImageConfig(dt); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
	}

	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return nil, errors.Wrapf(err, "invalid image reference %q", ref)
	}
	named = reference.TagNameOnly(named)
	_, dgst, dt, err := r.c.ResolveImageConfig(ctx, named.String(), sourceresolver.Opt{
		LogName:  "[internal] load metadata for " + named.String(),
		ImageOpt: &sourceresolver.ResolveImageOpt{Platform: &p, ResolveMode: r.bc.ImageResolveMode.String()},
	})
	if err != nil {
		return nil, errors.Wrapf(err, "base image %s", ref)
	}
	var img dockerspec.DockerOCIImage
	if err := json.Unmarshal(dt, &img); err != nil {
		return nil, errors.Wrapf(err, "config of base image %s", ref)
	}
	pinned := named.String()
	if dgst != "" {
		if d, err := reference.WithDigest(named, dgst); err == nil {
			pinned = d.String()
		}
	}
	st := llb.Image(pinned, llb.Platform(p), r.bc.ImageResolveMode, llb.WithCustomName(name))
	if st, err = st.WithImageConfig(dt); err != nil {
		return nil, err
	}
	return &graph.Image{State: st, Config: &img, Digest: dgst.String()}, nil
}

// overridingImage is the image a --build-context for ref names (docker-image://REF), "" when the
// context is something else (a directory, a git repository). It looks the context up as
// dockerui.NamedContext does: by familiar name without :latest, the platform-specific key first.
func (r *resolver) overridingImage(ref string, p ocispecs.Platform) string {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return ""
	}
	name := strings.TrimSuffix(reference.FamiliarString(named), ":latest")
	opts := r.bc.BuildOpts().Opts
	v, ok := opts["context:"+name+"::"+platforms.FormatAll(platforms.Normalize(p))]
	if !ok {
		v = opts["context:"+name]
	}
	if img, ok := strings.CutPrefix(v, "docker-image://"); ok {
		return img
	}
	return ""
}
