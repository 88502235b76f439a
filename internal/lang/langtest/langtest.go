// Package langtest helps the providers' tests: a spec planned by one provider (Kit), the steps
// of a stage of one kind, the plan as LLB and as an ejected Dockerfile (Build, Ejects), and what
// every fuzz test asserts of a plan made of hostile context files (Hostile).
package langtest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Spec parses src as a build file named Dockerfile; a parse error fails the test.
func Spec(t testing.TB, src string) *spec.Spec {
	t.Helper()
	s, err := spec.Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Planner plans a spec: a provider, or the registry's providers.Plan as a PlanFunc.
type Planner interface {
	Plan(s *spec.Spec, f lang.Facts) (*plan.Plan, error)
}

// Plan plans the spec src (see Spec) with prov and the context files facts.
func Plan(t testing.TB, prov Planner, src string, facts lang.Facts) (*plan.Plan, error) {
	t.Helper()
	return prov.Plan(Spec(t, src), facts)
}

// MustPlan is Plan, failing the test on a planning error.
func MustPlan(t testing.TB, prov Planner, src string, facts lang.Facts) *plan.Plan {
	t.Helper()
	p, err := Plan(t, prov, src, facts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Refuses fails t unless prov refuses to plan the spec src with the context files facts, with an
// error that says every one of want.
func Refuses(t testing.TB, prov Planner, src string, facts lang.Facts, want ...string) {
	t.Helper()
	_, err := Plan(t, prov, src, facts)
	ErrorHas(t, fmt.Sprintf("%q", src), err, want...)
}

// gatherer is a provider planning reads a context for: its first reads, then its Follow.
type gatherer interface {
	lang.Follower
	Language() lang.Language
}

// Gathered reads a context held in memory (name to content) as planning does: the provider's
// first reads (its Reads, else its language's), then what its Follow asks for, patterns and probes too. Every
// name asked for must be inside the context (Follows).
func Gathered(t testing.TB, prov gatherer, src string, ctx map[string]string) lang.Facts {
	t.Helper()
	read := func(names []string, _ int) (lang.Facts, error) {
		out := lang.Facts{}
		for _, n := range names {
			for name, data := range ctx {
				if ok, _ := path.Match(n, name); ok {
					out[name] = []byte(data)
				}
				if dir, ok := strings.CutSuffix(n, "/"); ok && strings.HasPrefix(name, dir+"/") {
					out[n] = nil // a probe's directory (lang.Probe)
				} else if _, read := out[name]; ok && name == dir && !read {
					out[name] = nil // a probe's file, unless a name of the same round read it (as lang.ReadContext)
				}
			}
		}
		return out, nil
	}
	reads := prov.Language().Reads
	if r, ok := prov.(interface{ Reads() []string }); ok { // a skeleton's: the project's Dockerfile and compose file too
		reads = r.Reads()
	}
	f, asked, err := lang.Gather(Spec(t, src), reads, prov, read)
	if err != nil {
		t.Fatal(err)
	}
	Follows(t, asked)
	return f
}

// Steps are the steps of a stage of one kind (*plan.Copy, *plan.Run...), in order.
func Steps[T plan.Step](st *plan.Stage) []T {
	var out []T
	for _, step := range st.Steps {
		if s, ok := step.(T); ok {
			out = append(out, s)
		}
	}
	return out
}

// Names are the names of stages (a plan's Stages or Targets), in order.
func Names(stages []*plan.Stage) []string {
	var out []string
	for _, st := range stages {
		out = append(out, st.Name)
	}
	return out
}

// RuntimeImage is the image the runtime stage is built on, through the stage it starts from
// when it starts from one (runtime-base, where a user is added).
func RuntimeImage(p *plan.Plan) string {
	rt := p.Stage("runtime")
	if rt.Base.Stage != "" {
		return p.Stage(rt.Base.Stage).Base.Image
	}
	return rt.Base.Image
}

// Runs are the RUN steps of a stage, in order.
func Runs(st *plan.Stage) []*plan.Run { return Steps[*plan.Run](st) }

// Copies are the COPY steps of a stage, in order.
func Copies(st *plan.Stage) []*plan.Copy { return Steps[*plan.Copy](st) }

// Shown is a RUN step's command as the progress shows it.
func Shown(r *plan.Run) string {
	if r.Display != "" {
		return r.Display
	}
	if r.Shell != "" {
		return r.Shell
	}
	return strings.Join(r.Args, " ")
}

// Env is the value of the first variable named key in env (a step's, a stage's or the image's),
// "" when none is.
func Env(env []plan.Env, key string) string {
	for _, e := range env {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

// Read reads the named files of a directory, as planning would read them from a build context:
// absent files are left out.
func Read(t testing.TB, dir string, names []string) lang.Facts {
	t.Helper()
	f := lang.Facts{}
	for _, name := range names {
		if dt, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			f[name] = dt
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	return f
}

// Deps is the plan's deps stage, which must build on image, in /app, on the build platform (as
// every provider's deps whose app lives in /app).
func Deps(t testing.TB, p *plan.Plan, image string) *plan.Stage {
	t.Helper()
	deps := p.Stage("deps")
	if deps.Base.Image != image || deps.Workdir != lang.AppDir || !deps.BuildPlatform {
		t.Errorf("deps on %q in %q (build platform %v), want %s in /app on the build platform", deps.Base.Image, deps.Workdir, deps.BuildPlatform, image)
	}
	return deps
}

// Commands are the commands of a stage's runs, each its arguments joined by spaces.
func Commands(st *plan.Stage) []string {
	var out []string
	for _, r := range Steps[*plan.Run](st) {
		out = append(out, strings.Join(r.Args, " "))
	}
	return out
}

// ToolArgs are the names of the plan's tool args: mirrors and proxies, which reach only the dependency and build steps.
func ToolArgs(p *plan.Plan) []string {
	var out []string
	for _, a := range p.Args {
		if a.Tool {
			out = append(out, a.Name)
		}
	}
	return out
}

// NoteOf is the plan's first note of the rule, nil when there is none.
func NoteOf(p *plan.Plan, rule string) *plan.Note {
	for i, n := range p.Notes {
		if n.Rule == rule {
			return &p.Notes[i]
		}
	}
	return nil
}

// NotesOf are the plan's notes of the rule, in order.
func NotesOf(p *plan.Plan, rule string) []plan.Note {
	var out []plan.Note
	for _, n := range p.Notes {
		if n.Rule == rule {
			out = append(out, n)
		}
	}
	return out
}

// Rules are the rules of the plan's notes, in order.
func Rules(p *plan.Plan) []string {
	var out []string
	for _, n := range p.Notes {
		out = append(out, n.Rule)
	}
	return out
}

// Messages are the messages of the plan's notes of the rule, in order.
func Messages(p *plan.Plan, rule string) []string {
	var out []string
	for _, n := range NotesOf(p, rule) {
		out = append(out, n.Msg)
	}
	return out
}
