package frontend

import (
	"context"
	"maps"
	"strconv"
	"time"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/pkg/errors"
)

// mainContextName is the --build-context name that replaces the build context, so a spec can be
// built against another directory, a git repository or an image's files:
// `docker buildx build --build-context context=../app .`. The Dockerfile frontend ignores this
// name; for a spec, which names no paths itself, it is the natural way to point at the source.
const mainContextName = "context"

// mainContext is the build context: a `context` named context when the client gave one,
// otherwise what the client sent (a local directory, or a git or HTTP URL given as the context,
// which dockerui fetches). opts apply to local directories (e.g. FollowPaths for the facts).
func mainContext(ctx context.Context, bc *dockerui.Client, opts ...llb.LocalOption) (*llb.State, error) {
	nc, err := bc.NamedContext(mainContextName, dockerui.ContextOpt{
		ResolveMode:    bc.ImageResolveMode.String(),
		AsyncLocalOpts: func() []llb.LocalOption { return opts },
	})
	if err != nil {
		return nil, err
	}
	if nc == nil {
		return bc.MainContext(ctx, opts...)
	}
	st, _, err := nc.Load(ctx)
	if err != nil {
		return nil, errors.Wrap(err, "loading --build-context context")
	}
	return st, nil
}

// buildArgs are the --build-arg values the graph sees, with SOURCE_DATE_EPOCH resolved to seconds
// (or removed when it resolves to nothing), and that time, which the exporter writes as the
// image's created time and, with rewrite-timestamp=true, into every layer's files.
func buildArgs(ctx context.Context, bc *dockerui.Client, p *plan.Plan) (map[string]string, *time.Time, error) {
	args := maps.Clone(bc.BuildArgs)
	if args == nil {
		args = map[string]string{}
	}
	v, ok := args[plan.EpochArg]
	if !ok {
		for _, a := range p.Args {
			if a.Name == plan.EpochArg {
				v = a.Default
			}
		}
	}
	epoch, err := sourceDateEpoch(ctx, bc, v)
	if err != nil {
		return nil, nil, err
	}
	if epoch == nil {
		delete(args, plan.EpochArg)
	} else {
		args[plan.EpochArg] = strconv.FormatInt(epoch.Unix(), 10)
	}
	return args, epoch, nil
}

// sourceDateEpoch reads a SOURCE_DATE_EPOCH value: seconds since 1970, or "context" for the
// commit time of a git context or the Last-Modified time of an HTTP one (nothing for a local
// directory), as the Dockerfile frontend reads it.
func sourceDateEpoch(ctx context.Context, bc *dockerui.Client, v string) (*time.Time, error) {
	switch v {
	case "":
		return nil, nil
	case "context":
		t, err := bc.ResolveMainContextSourceDateEpoch(ctx)
		if err != nil || t == nil {
			return nil, err
		}
		utc := t.UTC()
		return &utc, nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || sec < 0 {
		return nil, errors.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds since 1970 or \"context\"", v)
	}
	t := time.Unix(sec, 0).UTC()
	return &t, nil
}
