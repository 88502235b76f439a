package graph_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// withoutChecks is the plan with the builder's entry checks removed.
func withoutChecks(p *plan.Plan) *plan.Plan {
	b := p.Stage("builder")
	b.Steps = slices.DeleteFunc(slices.Clone(b.Steps), func(st plan.Step) bool {
		r, ok := st.(*plan.Run)
		return ok && r.Checked != nil
	})
	return p
}

// TestEntryCheckRunsInTheBuildStep: the builder's check of what the image runs (lang.Expect)
// is no step of its own: go build runs it after the build, in its container, with the build's
// arguments passed through unread by the shell, and nothing else of the step changes (env,
// mounts, network, user, working directory, inputs, progress name).
func TestEntryCheckRunsInTheBuildStep(t *testing.T) {
	s, p := goPlan(t, "language: go\nentrypoint: ./cmd/server\nargs: {VERSION: dev}\nbuild:\n  ldflags: -X main.version=${VERSION}\n  env: {GOFLAGS: -mod=mod}\n  secrets: [{id: netrc}]\n")
	d, _ := build(t, s, p, "", arm64)
	for _, o := range d.ops {
		if strings.Contains(o.Name, "test -x") {
			t.Errorf("the check is a step of its own: %q", o.Name)
		}
	}
	folded := d.named(t, "[builder 3/3] RUN go build")
	check, ok := graphtest.Checks(folded.GetExec())
	if !ok || !strings.Contains(check, `for f in /out/server; do test -f "$f" && test -x "$f" && exit 0; done`) ||
		!strings.Contains(check, "multistage-frontend: the build left no executable /out/server") {
		t.Errorf("go build runs %q", folded.GetExec().Meta.Args)
	}

	_, plain := goPlan(t, "language: go\nentrypoint: ./cmd/server\nargs: {VERSION: dev}\nbuild:\n  ldflags: -X main.version=${VERSION}\n  env: {GOFLAGS: -mod=mod}\n  secrets: [{id: netrc}]\n")
	d2, _ := build(t, s, withoutChecks(plain), "", arm64)
	alone := d2.named(t, "[builder 3/3] RUN go build")
	if got, want := graphtest.Args(folded.GetExec()), alone.GetExec().Meta.Args; !slices.Equal(got, want) || !slices.Contains(want, "-ldflags=-s -w -X main.version=dev") {
		t.Errorf("the folded step runs %q, want %q (ldflags expanded)", got, want)
	}
	f, a := folded.GetExec().CloneVT(), alone.GetExec().CloneVT()
	f.Meta.Args, a.Meta.Args = nil, nil
	if !f.EqualVT(a) || folded.Name != alone.Name || len(folded.Inputs) != len(alone.Inputs) {
		t.Errorf("the folded step differs from the build alone beyond its arguments:\n%v\n%v", f, a)
	}
	for i := range folded.Inputs {
		if folded.Inputs[i].Digest != alone.Inputs[i].Digest {
			t.Errorf("input %d: %s, want %s", i, folded.Inputs[i].Digest, alone.Inputs[i].Digest)
		}
	}
}

// TestFoldedCheckPointsAtBothFields: a failing folded step points at the build's line and at
// the check's, in one location.
func TestFoldedCheckPointsAtBothFields(t *testing.T) {
	s, p := goPlan(t, goSpec) // line 2 language, line 3 entrypoint
	for _, st := range p.Stage("builder").Steps {
		if r, ok := st.(*plan.Run); ok && r.Checked == nil && strings.HasPrefix(r.Display, "go build") {
			r.Field = "language"
		}
	}
	d, _ := build(t, s, p, "", amd64)
	o := d.named(t, "[builder 3/3] RUN go build")
	locs := d.def.Source.Locations[o.Digest].GetLocations()
	if len(locs) != 1 {
		t.Fatalf("%d locations, want 1", len(locs))
	}
	var lines []int32
	for _, r := range locs[0].Ranges {
		lines = append(lines, r.Start.Line)
	}
	if !slices.Equal(lines, []int32{2, 3}) {
		t.Errorf("the folded step points at lines %v, want 2 (the build's field) and 3 (the check's)", lines)
	}
}

// checkPlan is a builder whose steps are the given ones, then an entry check of paths.
func checkPlan(paths []string, steps ...plan.Step) *plan.Plan {
	steps = append(steps, lang.Expect(lang.Expected{Paths: paths, What: "the program", Field: "entrypoint", Fix: "fix it"}))
	return &plan.Plan{Language: "any", Default: "builder", Stages: []*plan.Stage{
		{Name: "builder", Base: plan.Base{Image: "alpine"}, BuildPlatform: true, Field: "language", Steps: steps}}}
}

// TestCheckStaysAStepWhereFoldingWouldChangeIt: a check after a copy, of a path the step before
// does not name (its cache key would gain the path: an edit of Node's entrypoint would rerun
// npm run build), or of a path a mount of the step before hides (under the mount) or makes
// (above it), is a step of its own, without network, as before; one beside every mount is folded.
func TestCheckStaysAStepWhereFoldingWouldChangeIt(t *testing.T) {
	s, _ := goPlan(t, goSpec)
	build1 := func(m ...plan.Mount) plan.Step {
		return &plan.Run{Args: []string{"make", "/out/server", "/src/dist/main.js", "/venv/lib/python*/site-packages/app",
			"/app/.next", "/out", "--out=/app/.next/standalone/server.js"}, Mounts: m}
	}
	cache := func(target string) plan.Mount { return plan.Mount{Type: plan.MountCache, ID: "c", Target: target} }
	for _, c := range []struct {
		name   string
		p      *plan.Plan
		folded bool
	}{
		{"after a copy", checkPlan([]string{"/app/server.js"}, &plan.Copy{Paths: []string{"."}, Dest: "/app/"}), false},
		{"a path the build does not name", checkPlan([]string{"/app/dist/server.js"}, &plan.Run{Args: []string{"npm", "run", "build"}}), false},
		{"a longer name", checkPlan([]string{"/out/serve"}, build1()), false},
		{"one of two paths named", checkPlan([]string{"/out/server", "/out/server.js"}, build1()), false},
		{"under a cache mount", checkPlan([]string{"/out/server"}, build1(cache("/out"))), false},
		{"under a tmpfs", checkPlan([]string{"/out/server"}, build1(plan.Mount{Type: plan.MountTmpfs, Target: "/out/"})), false},
		{"under a bind mount", checkPlan([]string{"/src/dist/main.js"}, build1(plan.Mount{Type: plan.MountBind, Target: "/src"})), false},
		{"a pattern under a mount", checkPlan([]string{"/venv/lib/python*/site-packages/app"}, build1(cache("/venv/lib/python3.12"))), false},
		{"above a mount", checkPlan([]string{"/app/.next"}, build1(cache("/app/.next/cache"))), false},
		{"the mount itself", checkPlan([]string{"/out"}, build1(cache("/out"))), false},
		{"a relative mount", checkPlan([]string{"/out/server"}, build1(cache("cache"))), false},
		{"beside the mounts", checkPlan([]string{"/app/.next/standalone/server.js", "/out/server"},
			build1(cache("/app/.next/cache"), cache("/root/.cache/go-build"), cache("/outside"), lang.ScriptMount)), true},
	} {
		d, _ := build(t, s, c.p, "", amd64)
		folded := false
		if e := d.named(t, "[builder 2/").GetExec(); e != nil {
			_, folded = graphtest.Checks(e)
		}
		if folded != c.folded {
			t.Errorf("%s: folded %v, want %v", c.name, folded, c.folded)
		}
		if c.folded {
			continue
		}
		if c.p.Stage("builder").Steps[1].(*plan.Run).Exists != "" {
			d.named(t, "[builder 3/3] CHECK ").GetFile() // a path that exists: no container (TestExistsCheckRunsNoContainer)
		} else if e := d.named(t, "[builder 3/3] RUN test -").GetExec(); e.Network != pb.NetMode_NONE {
			t.Errorf("%s: the check has network %v", c.name, e.Network)
		}
	}
}

// TestExistsCheckRunsNoContainer: a check that one path exists, which folding leaves a step of
// its own (after `npm run build`, which names no entry file), is a file operation on the build's
// result: it copies the path, leaving out what a directory holds, into a directory it removes
// in the same operation, so later stages copy from it the build's files unchanged; its name says
// what the path is and what to do, and it points at the check's field. A check of an
// executable, of one of several paths or of a pattern stays a RUN without network.
func TestExistsCheckRunsNoContainer(t *testing.T) {
	s, _ := goPlan(t, goSpec) // line 3: entrypoint
	npmBuild := &plan.Run{Args: []string{"npm", "run", "build"}}
	d, _ := build(t, s, checkPlan([]string{"/app/dist/server.js"}, npmBuild), "", amd64)
	o := d.named(t, "[builder 3/3] CHECK /app/dist/server.js exists: the program; if not: fix it")
	f := o.GetFile()
	if f == nil || len(f.Actions) != 2 {
		t.Fatalf("the check is %v, want a file operation of two actions", o.Op)
	}
	cp, rm := f.Actions[0].GetCopy(), f.Actions[1].GetRm()
	if cp == nil || rm == nil || cp.Src != "/app/dist/server.js" || !strings.HasPrefix(cp.Dest, rm.Path+"/") ||
		!slices.Equal(cp.ExcludePatterns, []string{"*"}) || !cp.CreateDestPath || !cp.FollowSymlink {
		t.Errorf("the check copies %v and removes %v", cp, rm)
	}
	if in := o.Inputs; len(in) != 1 || in[0].Digest != d.named(t, "[builder 2/3] RUN npm run build").Digest {
		t.Errorf("the check reads %v, want the build's result", in)
	}
	locs := d.def.Source.Locations[o.Digest].GetLocations()
	if len(locs) != 1 || len(locs[0].Ranges) != 1 || locs[0].Ranges[0].Start.Line != 3 {
		t.Errorf("the check points at %v, want line 3 (entrypoint)", locs)
	}
	for _, c := range []struct {
		name string
		e    lang.Expected
	}{
		{"an executable", lang.Expected{Paths: []string{"/app/bin/server"}, Executable: true}},
		{"one of two paths", lang.Expected{Paths: []string{"/app/main.py", "/app/main/__main__.py"}}},
		{"a pattern", lang.Expected{Paths: []string{"/venv/lib/python*/site-packages/app"}}},
	} {
		p := checkPlan(nil, npmBuild)
		p.Stage("builder").Steps[1] = lang.Expect(c.e)
		d, _ := build(t, s, p, "", amd64)
		if e := d.named(t, "[builder 3/3] RUN test -").GetExec(); e == nil || e.Network != pb.NetMode_NONE {
			t.Errorf("%s: the check is %v, want a RUN without network", c.name, e)
		}
	}
}

// TestFoldedStepRunsTheBuildThenEveryCheck runs a folded step's arguments with /bin/sh, as the
// container does: the build's arguments reach it unread by the shell; the checks run only after
// it succeeded, each to its end (one's success does not skip the next); a failing check fails
// the step with its message; a failing build fails it with the build's status.
func TestFoldedStepRunsTheBuildThenEveryCheck(t *testing.T) {
	s, _ := goPlan(t, goSpec)
	dir := t.TempDir()
	have, missing := filepath.Join(dir, "have"), filepath.Join(dir, "missing")
	if err := os.WriteFile(have, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	expect := func(p string) plan.Step {
		return lang.Expect(lang.Expected{Paths: []string{p}, What: "the program", Fix: "fix it", Executable: true})
	}
	printArgs := &plan.Run{Args: []string{"printf", "[%s]", "$HOME", "a b", "'q'", "`id`", "&& exit 9", have, missing}} // it names both
	for _, c := range []struct {
		name   string
		steps  []plan.Step
		status int
		out    string // stdout
		err    string // in stderr
	}{
		{"passes", []plan.Step{printArgs, expect(have)}, 0, "[$HOME][a b]['q'][`id`][&& exit 9]", ""},
		{"a check fails", []plan.Step{printArgs, expect(missing)}, 1, "[$HOME][a b]['q'][`id`][&& exit 9]",
			"multistage-frontend: the build left no executable " + missing},
		{"the second check fails", []plan.Step{printArgs, expect(have), expect(missing)}, 1, "[$HOME]", "left no executable " + missing},
		{"the build fails", []plan.Step{&plan.Run{Args: []string{"sh", "-c", "exit 3", missing}}, expect(missing)}, 3, "", ""},
		{"a script exits 0 first", []plan.Step{&plan.Run{Shell: "true; exit 0 # " + missing}, expect(missing)}, 1, "", "left no executable " + missing},
	} {
		p := &plan.Plan{Language: "any", Default: "builder", Stages: []*plan.Stage{
			{Name: "builder", Base: plan.Base{Image: "alpine"}, BuildPlatform: true, Field: "language", Steps: c.steps}}}
		d, _ := build(t, s, p, "", amd64)
		e := d.named(t, "[builder 2/2] RUN").GetExec()
		if _, ok := graphtest.Checks(e); !ok {
			t.Fatalf("%s: not folded: %q", c.name, e.Meta.Args)
		}
		cmd := exec.Command(e.Meta.Args[0], e.Meta.Args[1:]...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		status := 0
		var ee *exec.ExitError
		if err := cmd.Run(); errors.As(err, &ee) {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != c.status || !strings.HasPrefix(stdout.String(), c.out) || !strings.Contains(stderr.String(), c.err) ||
			(c.err == "" && strings.Contains(stderr.String(), "left no")) {
			t.Errorf("%s: status %d, stdout %q, stderr %q; want %d, %q, %q", c.name, status, stdout.String(), stderr.String(), c.status, c.out, c.err)
		}
	}
}
