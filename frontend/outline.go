package frontend

import (
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/frontend/subrequests/targets"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/eject"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/version"
	"github.com/org/multistage-frontend/spec"
)

// listTargets is --call targets: every stage a build can target, with a one-line description and
// the spec line it comes from, then the dockerfile target.
func listTargets(s *spec.Spec, p *plan.Plan, sm *llb.SourceMap) *targets.List {
	l := &targets.List{Sources: [][]byte{sm.Data}}
	for _, st := range p.Targets() {
		t := targets.Target{Name: st.Name, Default: st.Name == p.Default, Description: oneLine(st.Description), Base: st.Base.Image}
		if st.Base.Stage != "" {
			t.Base = st.Base.Stage
		}
		if st.BuildPlatform {
			t.Platform = "$BUILDPLATFORM"
		}
		t.Location = location(s, st.Field)
		l.Targets = append(l.Targets, t)
	}
	l.Targets = append(l.Targets, targets.Target{Name: eject.Target, Description: eject.TargetDescription})
	return l
}

// outlineOf is --call outline: the build args, secrets, ssh ids and caches the target uses, with
// their values and the spec lines that declare them. The description ends with the frontend's
// version, the one place of buildx's outline table that takes free text.
func outlineOf(s *spec.Spec, p *plan.Plan, target string, buildArgs map[string]string, sm *llb.SourceMap) (*outline.Outline, error) {
	if target == "" {
		target = p.Default
	}
	o := &outline.Outline{Name: target, Sources: [][]byte{sm.Data}}
	if target == eject.Target {
		o.Description = withVersion(eject.TargetDescription)
		return o, nil
	}
	st := p.Stage(target)
	if st == nil || st.Internal {
		return nil, graph.UnknownTargetError(p, target, eject.Target)
	}
	o.Description = withVersion(oneLine(st.Description))

	u := usage{s: s, args: map[string]bool{}}
	needs := p.Needs(target)
	for _, stage := range p.Stages {
		if !needs[stage.Name] {
			continue
		}
		u.env(stage.Env)
		for _, step := range stage.Steps {
			if r, ok := step.(*plan.Run); ok {
				u.run(r)
			}
		}
	}
	if img := p.ImageOf(target); img != nil {
		u.env(img.Env)
		u.env(img.Labels)
	}
	for _, a := range p.Args {
		if !u.args[a.Name] {
			continue
		}
		value, ok := buildArgs[a.Name]
		if !ok {
			value = a.Default
		}
		o.Args = append(o.Args, outline.Arg{Name: a.Name, Description: oneLine(a.Description), Value: value,
			Location: location(s, "args."+a.Name)})
	}
	o.Secrets, o.SSH, o.Cache = u.secrets, u.ssh, u.cache
	return o, nil
}

// usage collects what the needed stages use, each once, in plan order.
type usage struct {
	s       *spec.Spec
	args    map[string]bool
	secrets []outline.Secret
	ssh     []outline.SSH
	cache   []outline.CacheMount
}

func (u *usage) env(env []plan.Env) {
	for _, e := range env {
		for _, name := range plan.Refs(e.Value) {
			u.args[name] = true
		}
	}
}

func (u *usage) run(r *plan.Run) {
	for _, name := range r.UseArgs {
		u.args[name] = true
	}
	u.env(r.Env)
	for _, m := range r.Mounts {
		switch m.Type {
		case plan.MountSecret:
			if !slices.ContainsFunc(u.secrets, func(x outline.Secret) bool { return x.Name == m.ID }) {
				field := specIndex(u.s, "build.secrets", len(u.s.Build.Secrets), func(i int) bool { return u.s.Build.Secrets[i].ID == m.ID }, r.Field)
				u.secrets = append(u.secrets, outline.Secret{Name: m.ID, Required: m.Required, Location: location(u.s, field)})
			}
		case plan.MountSSH:
			if !slices.ContainsFunc(u.ssh, func(x outline.SSH) bool { return x.Name == m.ID }) {
				field := specIndex(u.s, "build.ssh", len(u.s.Build.SSH), func(i int) bool { return u.s.Build.SSH[i] == m.ID }, r.Field)
				u.ssh = append(u.ssh, outline.SSH{Name: m.ID, Required: m.Required, Location: location(u.s, field)})
			}
		case plan.MountCache:
			if !slices.ContainsFunc(u.cache, func(x outline.CacheMount) bool { return x.ID == m.ID }) {
				u.cache = append(u.cache, outline.CacheMount{ID: m.ID, Location: location(u.s, r.Field)})
			}
		}
	}
}

// specIndex is the field of the first list entry that matches ("build.secrets[1]"), or def.
func specIndex(s *spec.Spec, list string, n int, match func(int) bool, def string) string {
	for i := 0; i < n; i++ {
		if match(i) {
			return fmt.Sprintf("%s[%d]", list, i)
		}
	}
	return def
}

// location is the spec line of a field, nil when the field is not written.
func location(s *spec.Spec, field string) *pb.Location {
	r := locator(s)(field)
	if r == nil {
		return nil
	}
	return &pb.Location{SourceIndex: 0, Ranges: r}
}

func withVersion(description string) string {
	return description + " (" + version.Name() + ")"
}

// oneLine keeps a description to one line: target and outline tables print one row each.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
