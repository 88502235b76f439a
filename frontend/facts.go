package frontend

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/pkg/errors"
	"golang.org/x/sync/errgroup"
)

// readFacts fetches only the named files from the build context (manifests, lockfiles), so
// planning costs the same on a huge repository as on a small one.
func readFacts(ctx context.Context, bc *dockerui.Client, files []string) (lang.Facts, error) {
	facts := lang.Facts{}
	if len(files) == 0 {
		return facts, nil
	}
	st, err := factsContext(ctx, bc, files)
	if err != nil {
		return nil, err
	}
	def, err := st.Marshal(ctx)
	if err != nil {
		return nil, err
	}
	res, err := bc.GatewayClient().Solve(ctx, client.SolveRequest{Definition: def.ToPB()})
	if err != nil {
		return nil, errors.Wrap(err, "reading the build context")
	}
	ref, err := res.SingleRef()
	if err != nil {
		return nil, err
	}
	// one round trip for all files rather than two per file: a provider may name a dozen
	var mu sync.Mutex
	eg, ctx := errgroup.WithContext(ctx)
	for _, f := range files {
		eg.Go(func() error {
			if _, err := ref.StatFile(ctx, client.StatRequest{Path: f}); err != nil {
				return nil // absent
			}
			dt, err := dockerui.ReadFile(ctx, ref, f)
			if err != nil {
				return errors.Wrapf(err, "reading %s from the build context", f)
			}
			mu.Lock()
			facts[f] = dt
			mu.Unlock()
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	return facts, nil
}

// factsContext is the build context restricted to the named files. The build uses the same state
// to copy dependency files (graph.Options.DepContext): solved already for planning, it lets the
// dependency steps start before the whole context has arrived.
func factsContext(ctx context.Context, bc *dockerui.Client, files []string) (*llb.State, error) {
	return mainContext(ctx, bc,
		llb.FollowPaths(files),
		llb.SharedKeyHint("multistage-frontend-facts"),
		dockerui.WithInternalName("load "+summary(files)),
		llb.Differ(llb.DiffNone, false),
	)
}

func summary(files []string) string {
	if len(files) <= 3 {
		return strings.Join(files, ", ")
	}
	return files[0] + ", " + files[1] + " and " + strconv.Itoa(len(files)-2) + " more"
}
