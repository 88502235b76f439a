package langtest

import (
	"fmt"
	"regexp"
	"runtime"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// failures records what a check reports; Fatalf ends the check as testing's does.
type failures struct {
	testing.TB
	msgs []string
}

func (f *failures) Helper() {}

func (f *failures) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

func (f *failures) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}

// record runs check and returns what it reported.
func record(check func(t testing.TB)) []string {
	f := &failures{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(f)
	}()
	<-done
	return f.msgs
}

func (h Hostile) failures(p *plan.Plan) []string {
	return record(func(t testing.TB) { h.Check(t, p) })
}

func copyPlan(c *plan.Copy) *plan.Plan {
	return &plan.Plan{Language: "any", Default: "deps", Stages: []*plan.Stage{
		{Name: "deps", Base: plan.Base{Image: "golang:1.26"}, Workdir: "/app", Steps: []plan.Step{c}},
	}}
}

func TestHostileCheck(t *testing.T) {
	plain := Hostile{Dest: true, Plain: true, Images: map[string]*regexp.Regexp{"deps": regexp.MustCompile(`^golang:[0-9.]+$`)}}
	for _, tc := range []struct {
		h    Hostile
		c    *plan.Copy
		fail bool
	}{
		{plain, &plan.Copy{Paths: []string{"go.mod", "go.sum"}, Dest: "./"}, false},
		{plain, &plan.Copy{Paths: []string{"../etc/passwd"}, Dest: "./"}, true},
		{plain, &plan.Copy{Paths: []string{"."}, Include: []string{"/etc/*"}, Dest: "./"}, true},
		{plain, &plan.Copy{Paths: []string{"a b"}, Dest: "./"}, true},
		{plain, &plan.Copy{Paths: []string{"go.mod"}, Dest: "/etc/"}, true},
		{Hostile{}, &plan.Copy{Paths: []string{"go.mod"}, Dest: "/etc/"}, false},
		{Hostile{}, &plan.Copy{Paths: []string{".."}, Dest: "./"}, true},
		{Hostile{}, &plan.Copy{FromStage: "deps", Paths: []string{"/go/bin/app"}, Dest: "/app/"}, false},
		{Hostile{Images: map[string]*regexp.Regexp{"deps": regexp.MustCompile(`^node:`)}}, &plan.Copy{Paths: []string{"go.mod"}, Dest: "./"}, true},
		{Hostile{Images: map[string]*regexp.Regexp{"runtime": regexp.MustCompile(`.`)}}, &plan.Copy{Paths: []string{"go.mod"}, Dest: "./"}, true},
	} {
		if got := tc.h.failures(copyPlan(tc.c)); (len(got) > 0) != tc.fail {
			t.Errorf("%+v with %+v: failures %q, want failing %v", tc.c, tc.h, got, tc.fail)
		}
	}
	words := Hostile{Words: regexp.MustCompile(`^[a-z/]+$`)}
	p := copyPlan(&plan.Copy{Paths: []string{"go.mod"}, Dest: "./"})
	p.Image.Entrypoint = []string{"/app/server"}
	if got := words.failures(p); len(got) > 0 {
		t.Errorf("checked words: %q", got)
	}
	p.Image.Cmd = []string{"$(id)"}
	if got := words.failures(p); len(got) == 0 {
		t.Error("a command word off the pattern passed")
	}
}
