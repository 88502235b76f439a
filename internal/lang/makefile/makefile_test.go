package makefile

import (
	"reflect"
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// TestParseMakefile: a Makefile is read as text for its rules' recipe lines and its default
// goal; assignments, directives, comments and define blocks are not rules.
func TestParseMakefile(t *testing.T) {
	mk := Parse("# a comment: not a rule\n" +
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
	if !reflect.DeepEqual(mk.Recipes, want) {
		t.Errorf("recipes %q, want %q", mk.Recipes, want)
	}
	if mk.DefaultGoal() != "ci" {
		t.Errorf("default goal %q, want ci (the first target not starting with a dot, nor a pattern)", mk.DefaultGoal())
	}
	for text, goal := range map[string]string{
		".DEFAULT_GOAL := serve\nrun:\n\tx\nserve:\n\ty\n": "serve",
		"run:\n\tx\n.DEFAULT_GOAL = serve\n":               "serve",
		"VAR = 1\n":                                        "",
		"$(OUT): src\n\tx\nall: $(OUT)\n":                  "all",
	} {
		if got := Parse(text).DefaultGoal(); got != goal {
			t.Errorf("%q: default goal %q, want %q", text, got, goal)
		}
	}
}

// TestVarsAndLines: the first definition of each variable, wherever it stands (a += of a
// variable not defined defines it, a != adds none, a define block's lines are not
// definitions), and every recipe line in the file's order.
func TestVarsAndLines(t *testing.T) {
	mk := Parse("build:\n\t@go build -tags=$(TAGS) .\nTAGS ?= netgo\nTAGS = other\nexport LDFLAGS := -s -w\n" +
		"MORE += x\nNOW != date\ndefine BLOCK\nINNER = 1\nendef\nVAR ::= a:b\ntest: ; go test ./...\n")
	wantVars := map[string]string{"TAGS": "netgo", "LDFLAGS": "-s -w", "VAR": "a:b", "MORE": "x"}
	if !reflect.DeepEqual(mk.Vars, wantVars) {
		t.Errorf("vars %q, want %q", mk.Vars, wantVars)
	}
	if want := []string{"go build -tags=$(TAGS) .", "go test ./..."}; !slices.Equal(mk.Lines, want) {
		t.Errorf("lines %q, want %q", mk.Lines, want)
	}
	if want := [][]string{{"build"}, {"test"}}; !reflect.DeepEqual(mk.LineTargets, want) {
		t.Errorf("the lines' targets %q, want %q", mk.LineTargets, want)
	}
}

// TestFind: the first of GNU make's names the context has.
func TestFind(t *testing.T) {
	if got := Find(lang.Facts{"Makefile": nil, "makefile": nil}); got != "makefile" {
		t.Errorf("found %q, want makefile", got)
	}
	if got := Find(lang.Facts{"Procfile": nil}); got != "" {
		t.Errorf("found %q without a Makefile", got)
	}
}

// TestVarsAt: `+=` appends to a variable, a `:=` reference to itself is its value before, and a
// recipe line sees the $(eval ...) assignments of the recipes make runs before it (its
// prerequisites', depth first, and its own earlier lines'), not those of other targets.
func TestVarsAt(t *testing.T) {
	mk := Parse("FLAGS := $(FLAGS)\nFLAGS += -v\nTAGS = a\nTAGS += b\nNAME ?= x\nNAME += y\n" +
		"serve: PORT = 8000\n" +
		"other:\n\t$(eval TAGS += other)\n" +
		"info:\n\t$(eval VERSION := $(shell git describe))\n" +
		"flags: info | dir\n\t$(eval FLAGS += -X v=$(VERSION))\n" +
		"build: flags\n\t$(eval TAGS += c)\n\tgo build $(FLAGS) -tags \"$(TAGS)\"\n")
	if want := map[string]string{"FLAGS": "-v", "TAGS": "a b", "NAME": "x y"}; !reflect.DeepEqual(mk.Vars, want) {
		t.Errorf("Vars %q, want %q", mk.Vars, want)
	}
	if p := mk.Prereqs; !slices.Equal(p["flags"], []string{"info"}) || !slices.Equal(p["build"], []string{"flags"}) || len(p["serve"]) != 0 {
		t.Errorf("Prereqs %q", p)
	}
	i := slices.IndexFunc(mk.Lines, func(l string) bool { return l[:2] == "go" })
	want := map[string]string{"FLAGS": "-v -X v=$(VERSION)", "TAGS": "a b c", "NAME": "x y", "VERSION": "$(shell git describe)"}
	if got := mk.VarsAt(i); !reflect.DeepEqual(got, want) {
		t.Errorf("VarsAt(go build) %q, want %q", got, want)
	}
	if !reflect.DeepEqual(mk.Vars["TAGS"], "a b") {
		t.Errorf("VarsAt changed Vars: %q", mk.Vars)
	}
}
