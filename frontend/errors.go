package frontend

import (
	"errors"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/errdefs"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/spec"
)

// withSpecSource attaches the spec's lines to an error, once, at the gateway boundary, so the
// client prints the offending lines as it does for a Dockerfile.
func withSpecSource(err error, sm *llb.SourceMap, s *spec.Spec) error {
	return withSource(err, sm, errorRanges(err, s))
}

// withSource attaches the spec's lines to an error; without ranges the error stays as it is.
func withSource(err error, sm *llb.SourceMap, ranges []*pb.Range) error {
	if sm == nil || len(ranges) == 0 {
		return err
	}
	return errdefs.WithSource(err, &errdefs.Source{
		Info:   &pb.SourceInfo{Data: sm.Data, Filename: sm.Filename, Language: sm.Language, Definition: sm.Definition.ToPB()},
		Ranges: ranges,
	})
}

// errorRanges are the spec lines an error is about: every located spec error, or the field a
// step failed for.
func errorRanges(err error, s *spec.Spec) []*pb.Range {
	var ranges []*pb.Range
	var errs spec.Errors
	var fe *graph.FieldError
	switch {
	case errors.As(err, &errs):
		for _, e := range errs {
			if e.Line > 0 {
				ranges = append(ranges, lineRange(e.Line, max(e.EndLine, e.Line)))
			}
		}
	case errors.As(err, &fe) && s != nil:
		ranges = locator(s)(fe.Field)
	}
	return ranges
}

// locator maps a spec field to the line it was written on.
func locator(s *spec.Spec) graph.Locator {
	return func(field string) []*pb.Range {
		p, ok := s.Pos(field)
		if !ok {
			return nil
		}
		return []*pb.Range{lineRange(p.Line, p.Line)}
	}
}

func lineRange(start, end int) *pb.Range {
	return &pb.Range{Start: &pb.Position{Line: int32(start)}, End: &pb.Position{Line: int32(end)}}
}
