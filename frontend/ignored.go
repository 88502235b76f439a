package frontend

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/patternmatcher"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
)

// withIgnoredMarkers completes a planning error when the context's .dockerignore leaves out the
// files that say what the project is (go.mod, package.json, ...): a repository whose Dockerfile
// copies a binary built elsewhere often ignores everything else (`*` then `!app-linux-*`), and
// "no go.mod in the build context" is then true only of the context BuildKit sends.
func withIgnoredMarkers(ctx context.Context, bc *dockerui.Client, s *spec.Spec, f lang.Facts, err error) error {
	patterns, perr := bc.DockerIgnorePatterns(ctx)
	if perr != nil || len(patterns) == 0 {
		return err
	}
	if hint := ignoredMarkers(patterns, s, f); hint != "" {
		return fmt.Errorf("%w (%s)", err, hint)
	}
	return err
}

// ignoredMarkers says which of the markers of the spec's language (of every language when it
// names none) planning did not find and the .dockerignore patterns exclude; "" for none.
func ignoredMarkers(patterns []string, s *spec.Spec, f lang.Facts) string {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return ""
	}
	var out []string
	for _, l := range providers.Languages() {
		if s.Language != "" && l.Name != s.Language {
			continue
		}
		for _, m := range l.Markers {
			if f.Has(m) || strings.ContainsAny(m, "*?[") || slices.Contains(out, m) {
				continue
			}
			if ok, _ := pm.MatchesOrParentMatches(m); ok {
				out = append(out, m)
			}
		}
	}
	switch {
	case len(out) == 0:
		return ""
	case len(out) > 3:
		out = append(out[:3], "...")
	}
	return "the build context's .dockerignore leaves out " + strings.Join(out, ", ") +
		": planning reads the context BuildKit sends; build without that .dockerignore, or give this build file its own, `<build file>.dockerignore`"
}
