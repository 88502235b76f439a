package frontend

import (
	"context"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests/targets"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// requestHandler answers `--call` subrequests from the plan, without building anything.
func requestHandler(s *spec.Spec, p *plan.Plan, sm *llb.SourceMap) dockerui.RequestHandler {
	return dockerui.RequestHandler{
		ListTargets: func(context.Context) (*targets.List, error) {
			return listTargets(s, p, sm), nil
		},
	}
}

func listTargets(s *spec.Spec, p *plan.Plan, sm *llb.SourceMap) *targets.List {
	l := &targets.List{Sources: [][]byte{sm.Data}}
	for _, st := range p.Targets() {
		t := targets.Target{Name: st.Name, Default: st.Name == p.Default, Description: st.Description, Base: st.Base.Image}
		if st.Base.Stage != "" {
			t.Base = st.Base.Stage
		}
		if pos, ok := s.Pos(st.Field); ok {
			t.Location = &pb.Location{SourceIndex: 0, Ranges: []*pb.Range{lineRange(pos.Line, pos.Line)}}
		}
		l.Targets = append(l.Targets, t)
	}
	return l
}
