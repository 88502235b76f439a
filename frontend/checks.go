package frontend

import (
	"context"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	lintreq "github.com/moby/buildkit/frontend/subrequests/lint"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/lint"
	"github.com/org/multistage-frontend/spec"
)

// check is --check (--call check): the warnings with their spec lines, and as its error a spec
// that does not parse or plan, or the warnings themselves under error=true.
func (r *request) check() *lintreq.LintResults {
	res := &lintreq.LintResults{}
	idx := res.AddSource(r.src.SourceMap)
	fail := func(err error, ranges []*pb.Range) {
		res.Error = &lintreq.BuildError{Message: err.Error(), Location: pb.Location{SourceIndex: int32(idx), Ranges: ranges}}
	}
	if r.s == nil {
		fail(r.err, errorRanges(r.err, nil))
		return res
	}
	c, err := lint.Config(r.src.Filename, r.src.Data, r.checkArg)
	if err != nil {
		fail(err, errorRanges(err, r.s))
		return res
	}
	ws := lint.Run(lint.Input{Spec: r.s, Plan: r.p, BuildArgs: r.buildArgs}, c)
	var all []*pb.Range
	for _, w := range ws {
		ranges := locator(r.s)(w.Field)
		all = append(all, ranges...)
		res.Warnings = append(res.Warnings, lintreq.Warning{RuleName: w.Rule.Name, Description: w.Rule.Description,
			URL: w.Rule.URL, Detail: w.Detail, Location: &pb.Location{SourceIndex: int32(idx), Ranges: ranges}})
	}
	switch {
	case r.err != nil:
		fail(r.err, errorRanges(r.err, r.s))
	case c.ReturnAsError && len(ws) > 0:
		fail(lint.Failure(ws), all)
	}
	return res
}

// warnBuild reports the warnings of a build as the Dockerfile frontend does (`docker buildx
// build` lists them at the end), and fails the build under error=true.
func warnBuild(ctx context.Context, src *dockerui.Source, s *spec.Spec, c *linter.Config, ws []lint.Warning) error {
	var all []*pb.Range
	for _, w := range ws {
		ranges := locator(s)(w.Field)
		all = append(all, ranges...)
		line := 0
		if len(ranges) > 0 {
			line = int(ranges[0].Start.Line)
		}
		src.Warn(ctx, linter.LintFormatShort(w.Rule.Name, w.Detail, line), client.WarnOpts{Level: 1, Detail: [][]byte{[]byte(w.Rule.Description)}, URL: w.Rule.URL, Range: ranges})
	}
	if !c.ReturnAsError || len(ws) == 0 {
		return nil
	}
	return withSource(lint.Failure(ws), src.SourceMap, all)
}
