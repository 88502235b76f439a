package plan

import (
	"slices"
	"testing"
)

func TestPiecesFindOnlyBracedReferences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Piece
	}{
		{"plain", []Piece{{Text: "plain"}}},
		{"", nil},
		{"a${B}c${C}", []Piece{{Text: "a"}, {Ref: "B"}, {Text: "c"}, {Ref: "C"}}},
		{"$A ${} ${B", []Piece{{Text: "$A ${}"}, {Text: " ${B"}}},
		{"${TARGETOS}/${TARGETARCH}", []Piece{{Ref: "TARGETOS"}, {Text: "/"}, {Ref: "TARGETARCH"}}},
	} {
		if got := Pieces(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Pieces(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if got := Refs("x${A}y${B}${}"); !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("Refs %v", got)
	}
}

func TestNeedsFollowsBasesCopiesAndMounts(t *testing.T) {
	p := &Plan{Stages: []*Stage{
		{Name: "a"}, {Name: "b", Base: Base{Stage: "a"}}, {Name: "c"}, {Name: "d"}, {Name: "unused"},
		{Name: "t", Base: Base{Stage: "b"}, Steps: []Step{&Copy{FromStage: "c"}, &Run{Mounts: []Mount{{Type: MountBind, FromStage: "d"}}}}},
	}}
	got := p.Needs("t")
	if len(got) != 5 || got["unused"] || !got["a"] || !got["d"] {
		t.Errorf("needs %v", got)
	}
}

func TestExcludeBuildFileLeavesItOutOfWholeContextCopies(t *testing.T) {
	shared := []string{"target"}
	whole := &Copy{Paths: []string{"."}, Exclude: shared}
	deps := &Copy{Paths: []string{"go.mod", "go.sum"}}
	parents := &Copy{Paths: []string{"."}, Include: []string{"pom.xml"}}
	fromStage := &Copy{FromStage: "builder", Paths: []string{"."}}
	sub := &Copy{Paths: []string{"static"}}
	p := &Plan{Stages: []*Stage{{Name: "a", Steps: []Step{whole, deps, parents, fromStage, sub}}}}
	p.ExcludeBuildFile("Dockerfile")
	p.ExcludeBuildFile("Dockerfile") // once
	if !slices.Equal(whole.Exclude, []string{"target", "Dockerfile"}) || !slices.Equal(shared, []string{"target"}) {
		t.Errorf("excludes %v (shared slice now %v)", whole.Exclude, shared)
	}
	for _, c := range []*Copy{deps, parents, fromStage, sub} {
		if len(c.Exclude) != 0 {
			t.Errorf("%+v excludes the build file", c)
		}
	}
	// a spec beside a workspace package: out of the whole context, and of that package's copy
	pkg, other := &Copy{Paths: []string{"apps/web"}}, &Copy{Paths: []string{"apps/webapp"}}
	q := &Plan{Stages: []*Stage{{Name: "a", Steps: []Step{&Copy{Paths: []string{"."}}, pkg, other}}}}
	q.ExcludeBuildFile("apps/web/Dockerfile")
	if !slices.Equal(q.Stages[0].Steps[0].(*Copy).Exclude, []string{"apps/web/Dockerfile"}) ||
		!slices.Equal(pkg.Exclude, []string{"Dockerfile"}) || len(other.Exclude) != 0 {
		t.Errorf("excludes %v, %v, %v", q.Stages[0].Steps[0].(*Copy).Exclude, pkg.Exclude, other.Exclude)
	}
	for _, bad := range []string{"", "Docker*", "!x", "a\\b", "[ab]"} {
		p.ExcludeBuildFile(bad)
	}
	if len(whole.Exclude) != 2 {
		t.Errorf("a pattern became an exclude: %v", whole.Exclude)
	}
}

// otherStep is a Step that embeds no Origin, as lang's Cmd.
type otherStep struct{}

func (otherStep) Where() string { return "build.command" }

func TestSetWherePointsEveryStepType(t *testing.T) {
	for _, step := range []Step{&Copy{}, &Run{Origin: Origin{Field: "build"}}, &Mkdir{}, &WriteFile{}} {
		SetWhere(step, "assets")
		if step.Where() != "assets" {
			t.Errorf("%T points at %q", step, step.Where())
		}
	}
	other := otherStep{}
	SetWhere(other, "assets")
	if other.Where() != "build.command" {
		t.Errorf("another step points at %q", other.Where())
	}
}
