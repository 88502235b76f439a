package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// sizes exports both runtime images (from the warm cache, untimed) and records their sizes;
// configs that differ where they should not (user, entrypoint, ports) become notes.
func (r *runner) sizes(ctx context.Context, er *ExampleResult, ds [2]*daemon, ex Example, dirs [2]string) error {
	var imgs [2]*ociimage.Image
	for v := range imgs {
		file := filepath.Join(r.tmp, fmt.Sprintf("%s-%d.tar", ex.Name, v))
		// reproducible layers (file times clamped to 0): equal files give equal compressed sizes
		if _, _, err := r.build(ctx, ds[v], variant(v), ex, dirs[v], "image", "--opt", "build-arg:SOURCE_DATE_EPOCH=0",
			"--output", "type=oci,dest="+file+",rewrite-timestamp=true"); err != nil {
			return err
		}
		img, err := onlyImage(file)
		if err != nil {
			return err
		}
		os.Remove(file)
		imgs[v] = img
		er.Image[v] = Size{Compressed: img.Compressed, Uncompressed: img.Uncompressed()}
	}
	a, b := imgs[ours].Config.Config, imgs[hand].Config.Config
	if a.User != b.User || !slices.Equal(a.Entrypoint, b.Entrypoint) || len(a.ExposedPorts) != len(b.ExposedPorts) || a.WorkingDir != b.WorkingDir {
		er.Notes = append(er.Notes, fmt.Sprintf("the images differ: frontend user %q entrypoint %q workdir %q ports %d, hand-written user %q entrypoint %q workdir %q ports %d",
			a.User, a.Entrypoint, a.WorkingDir, len(a.ExposedPorts), b.User, b.Entrypoint, b.WorkingDir, len(b.ExposedPorts)))
	}
	return nil
}

// frontendImages measures our frontend image and docker/dockerfile:1, exported as they are
// from the registry (`FROM image`, nothing added).
func (r *runner) frontendImages(ctx context.Context, res *Result) error {
	res.FrontendRefs = [2]string{"org/multistage-frontend:latest", "docker/dockerfile:1"}
	if ref := r.frontendOverride(); ref != "" {
		res.FrontendRefs[ours] = ref
	}
	d, err := r.daemon(ctx)
	if err != nil {
		return err
	}
	defer d.stop()
	for v, ref := range res.FrontendRefs {
		dir := filepath.Join(r.tmp, fmt.Sprintf("frontend-%d", v))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM "+ref+"\n"), 0o644); err != nil {
			return err
		}
		file := filepath.Join(dir, "image.tar")
		args := []string{"--addr", d.addr, "build", "--progress=rawjson", "--frontend", "dockerfile.v0",
			"--local", "context=" + dir, "--local", "dockerfile=" + dir, "--output", "type=oci,dest=" + file}
		if _, _, stderr, err := r.buildctl(ctx, args); err != nil {
			return fmt.Errorf("exporting %s: %w\n%s", ref, err, lastLines(stderr, 20))
		}
		img, err := onlyImage(file)
		if err != nil {
			return err
		}
		res.Frontends[v] = Size{Compressed: img.Compressed, Uncompressed: img.Uncompressed()}
	}
	return nil
}

// onlyImage reads a single-platform OCI tarball.
func onlyImage(file string) (*ociimage.Image, error) {
	imgs, err := ociimage.Read(file)
	if err != nil {
		return nil, err
	}
	if len(imgs) != 1 {
		return nil, fmt.Errorf("%s holds %d images, want 1", file, len(imgs))
	}
	for _, img := range imgs {
		return img, nil
	}
	return nil, nil
}
