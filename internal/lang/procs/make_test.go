package procs

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/makefile"
	"github.com/org/multistage-frontend/spec"
)

// TestMakeTargets: a make command names its targets (none: the default goal); with options
// it is not followed, and any other command is not make's.
func TestMakeTargets(t *testing.T) {
	for _, c := range []struct {
		words   []string
		targets []string
		ok      bool
	}{
		{[]string{"make", "run"}, []string{"run"}, true},
		{[]string{"make"}, nil, true},
		{[]string{"/usr/bin/make", "DEBUG=1", "migrate", "run"}, []string{"migrate", "run"}, true},
		{[]string{"gmake", "serve"}, []string{"serve"}, true},
		{[]string{"make", "-C", "web", "run"}, nil, false},
		{[]string{"make", "-f", "dev.mk"}, nil, false},
		{[]string{"makemigrations"}, nil, false},
		{[]string{"python", "make"}, nil, false},
		{nil, nil, false},
	} {
		targets, ok := makeTargets(c.words)
		if ok != c.ok || !slices.Equal(targets, c.targets) {
			t.Errorf("%q: %q %v, want %q %v", c.words, targets, ok, c.targets, c.ok)
		}
	}
}

// TestFollowReadsTheMakefile: the Makefile is read when, and only when, a Procfile process runs
// make (as its words, or as a simple command after NAME=value).
func TestFollowReadsTheMakefile(t *testing.T) {
	s, err := spec.Parse("Dockerfile", []byte("language: python\n"))
	if err != nil {
		t.Fatal(err)
	}
	for procfile, want := range map[string]bool{
		"web: make run\n": true,
		"web: gunicorn app:app\nscss: make watch\n": true,
		"web: PORT=8000 make run\n":                 true,
		"web: make migrate && make run\n":           false,
		"web: gunicorn app:app\n":                   false,
		"web: make -C site run\n":                   false,
	} {
		got := Follow(s, lang.Facts{Procfile: []byte(procfile)})
		if (got != nil) != want || (want && !slices.Equal(got, makefile.Names)) {
			t.Errorf("%q: follows %q", procfile, got)
		}
	}
	withSpec, err := spec.Parse("Dockerfile", []byte("processes: {web: make run}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Follow(withSpec, lang.Facts{Procfile: []byte("web: make run\n")}); got != nil {
		t.Errorf("the spec's processes replace the Procfile, yet it follows %q", got)
	}
	if got := Follow(s, lang.Facts{}); got != nil {
		t.Errorf("no Procfile, yet it follows %q", got)
	}
}
