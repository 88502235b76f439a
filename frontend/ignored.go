package frontend

import (
	"context"

	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
)

// withIgnoredMarkers completes a planning error with the ignored markers
// (providers.WithIgnoredMarkers) of the patterns BuildKit applies to the context: the build
// file's own `<build file>.dockerignore`, else the context's .dockerignore.
func withIgnoredMarkers(ctx context.Context, bc *dockerui.Client, s *spec.Spec, f lang.Facts, err error) error {
	patterns, perr := bc.DockerIgnorePatterns(ctx)
	if perr != nil {
		return err
	}
	return providers.WithIgnoredMarkers(err, patterns, s, f)
}
