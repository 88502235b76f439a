package langtest

import (
	"context"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Hostile is what a provider's fuzz test asserts of every plan it makes of context files that
// anyone who can send a build context writes.
type Hostile struct {
	// Dest: a copy's destination is checked as its sources are (relative, inside the context's
	// tree), for providers whose copies land in the working directory.
	Dest bool
	// Plain: copied paths hold no quote, space or line break either.
	Plain bool
	// Images: the base image of each named stage matches its pattern.
	Images map[string]*regexp.Regexp
	// Words: when set, every word of the image's entrypoint and command matches it.
	Words *regexp.Regexp
	// Options convert the plan to LLB. Context defaults to the local "context", the platforms to
	// amd64, Resolver to graphtest.Images.
	Options graph.Options
}

// Check fails t when p copies from outside the build context, starts a named stage from an
// image off its pattern, runs a word off the pattern, or does not convert to LLB.
func (h Hostile) Check(t testing.TB, p *plan.Plan) {
	t.Helper()
	for _, st := range p.Stages {
		for _, c := range Steps[*plan.Copy](st) {
			if c.FromStage != "" {
				continue
			}
			paths := slices.Concat(c.Paths, c.Include)
			if h.Dest {
				paths = append(paths, c.Dest)
			}
			for _, src := range paths {
				if Outside(src) || (h.Plain && strings.ContainsAny(src, "\n\r\"' ")) {
					t.Fatalf("%s copies %q (include %q) -> %q: outside the context, or not a plain path", st.Name, c.Paths, c.Include, c.Dest)
				}
			}
		}
	}
	for name, re := range h.Images {
		if st := p.Stage(name); st == nil || !re.MatchString(st.Base.Image) {
			t.Fatalf("%s starts from an image off %s: %+v", name, re, st)
		}
	}
	if h.Words != nil {
		for _, w := range slices.Concat(p.Image.Entrypoint, p.Image.Cmd) {
			if !h.Words.MatchString(w) {
				t.Fatalf("the image runs %q %q: %q is not a checked word", p.Image.Entrypoint, p.Image.Cmd, w)
			}
		}
	}
	Converts(t, p, h.Options)
}

// Plans plans s with prov and the context files facts and Checks the plan, if any: hostile
// files may well end in a planning error, which is all a fuzz test asks of them.
func (h Hostile) Plans(t testing.TB, prov lang.Provider, s *spec.Spec, facts lang.Facts) {
	t.Helper()
	if p, err := prov.Plan(s, facts); err == nil {
		h.Check(t, p)
	}
}

// Outside reports whether a path a plan copies from the context leaves it: absolute, "..", or
// under "../".
func Outside(name string) bool {
	clean := path.Clean(name)
	return path.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../")
}

// Follows fails t when a provider's Follow asks for a file outside the build context.
func Follows(t testing.TB, names []string) {
	t.Helper()
	for _, name := range names {
		if err := lang.CheckContextName(name); err != nil {
			t.Fatalf("follows %q: %v", names, err)
		}
	}
}

// Converts fails t when p does not convert to LLB with opt (defaults as Build's).
func Converts(t testing.TB, p *plan.Plan, opt graph.Options) {
	t.Helper()
	if _, err := graph.Build(context.Background(), p, defaults(opt)); err != nil {
		t.Fatalf("a plan that does not convert: %v", err)
	}
}
