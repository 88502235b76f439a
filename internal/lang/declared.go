package lang

import (
	"cmp"
	"slices"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Skeleton makes a Declarer a Provider: the registry lists providers of both shapes until every
// one declares its toolchain.
func Skeleton(d Declarer) Provider { return declared{d} }

type declared struct{ Declarer }

var (
	_ Provider  = declared{}
	_ Follower  = declared{}
	_ Described = declared{}
)

func (d declared) Name() string      { return d.Language().Name }
func (d declared) Markers() []string { return d.Language().Markers }
func (d declared) Reads() []string   { return slices.Concat(d.Language().Reads, VolumeFiles) }

// Describe is the declared Language.
func (d declared) Describe() Language { return d.Language() }

// Plan declares the toolchain and builds its stages.
func (d declared) Plan(s *spec.Spec, f Facts) (*plan.Plan, error) {
	t, err := d.Toolchain(s, f)
	if err != nil {
		return nil, err
	}
	t.Runtime.Volumes = t.projectVolumes(s, f)
	var keep []string // the image's own files: a volume over them is no data directory to make
	for _, a := range t.Runtime.Artifacts {
		keep = append(keep, a.Dest)
	}
	// the provider's own (a log directory) first, then the project's Dockerfile's
	for _, v := range DataVolumes(f, cmp.Or(t.Runtime.Workdir, AppDir), keep) {
		if !HasVolume(t.Runtime.DataVolumes, v.Dir) {
			t.Runtime.DataVolumes = append(t.Runtime.DataVolumes, v)
		}
	}
	t.Runtime.DataWorkdir = DataWorkdir(f, t.Runtime.DataVolumes)
	t.Runtime.Env = append(t.Runtime.Env, t.listenEnv(s, f)...)
	env, notes := t.programEnv(s, f)
	t.Runtime.Env, t.Notes = append(t.Runtime.Env, env...), append(t.Notes, notes...)
	t.Notes = append(t.Notes, t.listenConfigNotes(s, f)...)
	return t.Plan(s, d.Language().Name)
}

// Follow asks for what the declarer follows, if it does.
func (d declared) Follow(s *spec.Spec, f Facts) []string {
	more := append(ComposeProbes(f), ListenConfigReads(s, f)...)
	if fo, ok := d.Declarer.(Follower); ok {
		more = append(more, fo.Follow(s, f)...)
	}
	return more
}

// Described is a provider that states its Language: every Declarer through Skeleton.
type Described interface {
	Describe() Language
}

// Providers that predate the skeleton state what Language holds through these.
type (
	fallback    interface{ Fallback() bool }
	siteServer  interface{ ServesSites() bool }
	runtimeList interface{ Runtimes() []string }
)

// Describe is what the registry knows of a provider of either shape.
func Describe(p Provider) Language {
	if d, ok := p.(Described); ok {
		return d.Describe()
	}
	l := Language{Name: p.Name(), Markers: p.Markers(), Reads: p.Reads()}
	if f, ok := p.(fallback); ok {
		l.Fallback = f.Fallback()
	}
	if s, ok := p.(siteServer); ok {
		l.ServesSites = s.ServesSites()
	}
	if r, ok := p.(runtimeList); ok {
		l.Runtimes = r.Runtimes()
	}
	return l
}
