package lang

import (
	"errors"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

func TestArgsGiveSourceDateEpochToBuildStepsOnly(t *testing.T) {
	s, err := spec.Parse("Dockerfile", []byte("language: go\nargs: {VERSION: dev}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{}
	build, deps := Args(p, s, []plan.Arg{{Name: "GOPROXY"}})
	if !slices.Equal(build, []string{"VERSION", plan.EpochArg, "GOPROXY"}) || !slices.Equal(deps, []string{"GOPROXY"}) {
		t.Errorf("build steps see %v, dependency steps %v", build, deps)
	}
	var epochArgs []plan.Arg
	for _, a := range p.Args {
		if a.Name == plan.EpochArg {
			epochArgs = append(epochArgs, a)
		}
	}
	if len(epochArgs) != 1 || epochArgs[0].HasDefault || epochArgs[0].Tool {
		t.Errorf("SOURCE_DATE_EPOCH declared as %+v, want once, without a default", epochArgs)
	}

	// A spec that sets a default declares it once, with that default.
	s, err = spec.Parse("Dockerfile", []byte("language: go\nargs: {SOURCE_DATE_EPOCH: \"1700000000\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p = &plan.Plan{}
	build, _ = Args(p, s, nil)
	if !slices.Equal(build, []string{plan.EpochArg}) || len(p.Args) != 1 || p.Args[0].Default != "1700000000" {
		t.Errorf("build %v, args %+v", build, p.Args)
	}
}

// TestNeedAndNoScratch: the refusals providers share (Need, Manifest, NoScratch) say the same for every language, at
// the field that asked for them, and say nothing when there is nothing to refuse.
func TestNeedAndNoScratch(t *testing.T) {
	s, err := spec.Parse("Dockerfile", []byte("language: ruby\nruntime: scratch\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := (Facts{"Gemfile": nil}).Need(s, "Gemfile", "run `bundle init`"); err != nil {
		t.Errorf("a context with the file: %v", err)
	}
	if err := (Facts{}).Need(s, "Gemfile", "run `bundle init`"); err == nil ||
		err.Error() != "no Gemfile in the build context at Dockerfile:1:1, run `bundle init`" {
		t.Errorf("a context without the file: %v", err)
	}
	read := func(data []byte) (string, error) {
		if len(data) == 0 {
			return "", errors.New("Gemfile is empty")
		}
		return string(data), nil
	}
	if m, err := Manifest(s, Facts{"Gemfile": []byte("gem 'rack'")}, "Gemfile", "run `bundle init`", read); err != nil || m != "gem 'rack'" {
		t.Errorf("a manifest read: %q, %v", m, err)
	}
	if _, err := Manifest(s, Facts{"Gemfile": nil}, "Gemfile", "run `bundle init`", read); err == nil ||
		err.Error() != "Gemfile is empty at Dockerfile:1:1" {
		t.Errorf("a manifest read refuses: %v", err)
	}
	if _, err := Manifest(s, Facts{}, "Gemfile", "run `bundle init`", read); err == nil ||
		err.Error() != "no Gemfile in the build context at Dockerfile:1:1, run `bundle init`" {
		t.Errorf("no manifest: %v", err)
	}
	if err := NoScratch(s, "Ruby", "the ruby interpreter", "use slim"); err == nil ||
		err.Error() != "Ruby cannot run on scratch: it needs the ruby interpreter at Dockerfile:2:1, use slim" {
		t.Errorf("scratch: %v", err)
	}
	slim, err := spec.Parse("Dockerfile", []byte("language: ruby\nruntime: slim\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := NoScratch(slim, "Ruby", "the ruby interpreter", "use slim"); err != nil {
		t.Errorf("slim: %v", err)
	}
}
