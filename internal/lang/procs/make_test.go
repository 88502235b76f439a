package procs

import (
	"reflect"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// TestParseMakefile: a Makefile is read as text for its rules' recipe lines and its default
// goal; assignments, directives, comments and define blocks are not rules.
func TestParseMakefile(t *testing.T) {
	mk := parseMakefile("# a comment: not a rule\n" +
		"SCSS = static/scss\nURL := http://localhost:8000\nexport OPTS ?= -v\n" +
		".PHONY: run serve\n" +
		"%.css: %.scss\n\tsassc $< $@\n" +
		"ci: test lint\n\t@python -m coverage report\n\n" +
		"run: collectstatic\n\t-python -m manage migrate \\\n\t  --noinput\n\t# a shell comment\n\n\t+python -m manage runserver 0.0.0.0:8000\n" +
		"ifeq ($(DEBUG),1)\n\techo debug\nendif\n" +
		"define HELP\n\tnot a recipe\nendef\n" +
		"build dist: ; npm run build\n" +
		"serve: PORT = 8000\n" +
		"serve:\n\tgunicorn app:app\n" +
		"VAR ::= a:b\n\tnot a recipe either\n")
	want := map[string][]string{
		"%.css": {"sassc $< $@"},
		"ci":    {"python -m coverage report"},
		"run":   {"python -m manage migrate --noinput", "python -m manage runserver 0.0.0.0:8000", "echo debug"},
		"build": {"npm run build"},
		"dist":  {"npm run build"},
		"serve": {"gunicorn app:app"},
	}
	if !reflect.DeepEqual(mk.recipes, want) {
		t.Errorf("recipes %q, want %q", mk.recipes, want)
	}
	if mk.defaultGoal() != "ci" {
		t.Errorf("default goal %q, want ci (the first target not starting with a dot, nor a pattern)", mk.defaultGoal())
	}
	for text, goal := range map[string]string{
		".DEFAULT_GOAL := serve\nrun:\n\tx\nserve:\n\ty\n": "serve",
		"run:\n\tx\n.DEFAULT_GOAL = serve\n":               "serve",
		"VAR = 1\n":                                        "",
		"$(OUT): src\n\tx\nall: $(OUT)\n":                  "all",
	} {
		if got := parseMakefile(text).defaultGoal(); got != goal {
			t.Errorf("%q: default goal %q, want %q", text, got, goal)
		}
	}
}

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
		if (got != nil) != want || (want && !slices.Equal(got, makefiles)) {
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
