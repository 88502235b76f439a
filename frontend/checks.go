package frontend

import (
	"context"
	"fmt"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	lintreq "github.com/moby/buildkit/frontend/subrequests/lint"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/lint"
	"github.com/org/multistage-frontend/spec"
)

// checkConfig is the spec's `# check=` directive, unless the BUILDKIT_DOCKERFILE_CHECK build arg
// overrides it, as it does for a Dockerfile (dockerui parses the arg into override).
func checkConfig(override *linter.Config, s *spec.Spec) (lint.Config, error) {
	if lc := override; lc != nil {
		return lint.Config{SkipAll: lc.SkipAll, Skip: lc.SkipRules, Error: lc.ReturnAsError}, nil
	}
	c, err := lint.ParseConfig(s.Directives["check"])
	if err != nil {
		line := s.DirectiveLine("check")
		return c, spec.Errors{{File: s.File, Line: line, Column: 1, EndLine: line, Msg: "`# check=`: " + err.Error()}}
	}
	return c, nil
}

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
	c, err := checkConfig(r.checkArg, r.s)
	if err != nil {
		fail(err, errorRanges(err, r.s))
		return res
	}
	ws := lint.Run(r.s, r.p, c)
	var all []*pb.Range
	for _, w := range ws {
		ranges := locator(r.s)(w.Field)
		all = append(all, ranges...)
		res.Warnings = append(res.Warnings, lintreq.Warning{RuleName: w.Rule.Name, Description: w.Rule.Description,
			URL: w.Rule.URL(), Detail: w.Detail, Location: &pb.Location{SourceIndex: int32(idx), Ranges: ranges}})
	}
	switch {
	case r.err != nil:
		fail(r.err, errorRanges(r.err, r.s))
	case c.Error && len(ws) > 0:
		fail(lint.Failure(ws), all)
	}
	return res
}

// warnBuild reports the warnings of a build as the Dockerfile frontend does (`docker buildx
// build` lists them at the end), and fails the build under error=true.
func warnBuild(ctx context.Context, src *dockerui.Source, s *spec.Spec, c lint.Config, ws []lint.Warning) error {
	var all []*pb.Range
	for _, w := range ws {
		ranges := locator(s)(w.Field)
		all = append(all, ranges...)
		msg := w.Rule.Name + ": " + w.Detail
		if len(ranges) > 0 {
			msg += fmt.Sprintf(" (line %d)", ranges[0].Start.Line)
		}
		src.Warn(ctx, msg, client.WarnOpts{Level: 1, Detail: [][]byte{[]byte(w.Rule.Description)}, URL: w.Rule.URL(), Range: ranges})
	}
	if !c.Error || len(ws) == 0 {
		return nil
	}
	return withSource(lint.Failure(ws), src.SourceMap, all)
}
