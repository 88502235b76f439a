// Package makefile reads a Makefile as text, never running make: its rules' recipe lines, its
// default goal and its variables' definitions. Procfile processes that run `make TARGET`
// (procs) and a Go build's tags kept in the Makefile (golang) read it through this package.
package makefile

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// Names are the files make reads when no -f names one, in the order GNU make looks for them.
var Names = []string{"GNUmakefile", "makefile", "Makefile"}

// Find is the first of Names the context has; "" for none.
func Find(f lang.Facts) string { return f.First(Names...) }

// File is what Parse reads of a Makefile.
type File struct {
	// goalSet is .DEFAULT_GOAL's value, which wins over firstTarget, the first rule's first
	// target not starting with a dot nor holding a % or a variable.
	goalSet, firstTarget string
	// Recipes are each target's recipe lines.
	Recipes map[string][]string
	// Lines are every rule's recipe lines in the Makefile's order, and LineTargets the targets
	// of the rule each is in (the same index), for make's $@.
	Lines       []string
	LineTargets [][]string
	// Vars are the variables' values as written, the first definition of each (x = y, x := y,
	// x ?= y, export x = y, override x := y), with what each `+=` after it appends (pgweb's
	// `LDFLAGS += -X ...`); a `!=` adds none. A `:=` value's reference to its own variable
	// (`LDFLAGS := $(LDFLAGS)`, the environment's) is the value before it, empty for none.
	Vars map[string]string
	// Prereqs are each rule's prerequisites, whose recipes make runs first.
	Prereqs map[string][]string
}

// VarsAt are the variables as recipe line i sees them: Vars, changed by the `$(eval ...)`
// assignments of the recipes make runs before it, its target's prerequisites' (depth first, in
// order) and its own recipe's earlier lines (stash's `build-flags: build-info` evaluating
// `BUILD_LDFLAGS += -X ...=$(STASH_VERSION)` before `stash: build-flags` runs `go build
// $(BUILD_FLAGS) ./cmd/stash`). Vars itself when none changes them.
func (mk File) VarsAt(i int) map[string]string {
	if i < 0 || i >= len(mk.Lines) || len(mk.LineTargets[i]) == 0 {
		return mk.Vars
	}
	var evals []string
	seen := map[string]bool{}
	var visit func(t string, depth int)
	visit = func(t string, depth int) {
		if seen[t] || depth > 16 {
			return
		}
		seen[t] = true
		for _, p := range mk.Prereqs[t] {
			visit(p, depth+1)
		}
		for _, line := range mk.Recipes[t] {
			if m := evalCall.FindStringSubmatch(line); m != nil {
				evals = append(evals, m[1])
			}
		}
	}
	target := mk.LineTargets[i][0]
	seen[target] = true
	for _, p := range mk.Prereqs[target] {
		visit(p, 1)
	}
	for j := 0; j < i; j++ {
		if len(mk.LineTargets[j]) > 0 && mk.LineTargets[j][0] == target {
			if m := evalCall.FindStringSubmatch(mk.Lines[j]); m != nil {
				evals = append(evals, m[1])
			}
		}
	}
	if len(evals) == 0 {
		return mk.Vars
	}
	vars := make(map[string]string, len(mk.Vars))
	for k, v := range mk.Vars {
		vars[k] = v
	}
	for _, e := range evals {
		if m := definition.FindStringSubmatch(strings.TrimSpace(e)); m != nil {
			assign(vars, m, true)
		}
	}
	return vars
}

// assign applies a definition's match to vars: `+=` appends, `?=` defines a variable not
// defined, `:=` replaces its own references by the value before it; `=` and `:=` define it
// when redefine is set (an $(eval ...), which make runs after the Makefile is read), else only
// when it is not defined yet (the Makefile's first definition, both branches of a conditional
// being read).
func assign(vars map[string]string, m []string, redefine bool) {
	name, op, value := m[1], m[2], strings.TrimSpace(m[3])
	old, defined := vars[name]
	switch {
	case op == "+":
		if defined && old != "" {
			value = old + " " + value
		}
	case op == "?":
		if defined {
			return
		}
	case defined && !redefine:
		return
	case strings.HasPrefix(op, ":"):
		value = strings.TrimSpace(strings.NewReplacer("$("+name+")", old, "${"+name+"}", old).Replace(value))
	}
	vars[name] = value
}

// DefaultGoal is what make builds when the command names no target.
func (mk File) DefaultGoal() string {
	if mk.goalSet != "" {
		return mk.goalSet
	}
	return mk.firstTarget
}

var (
	// assignment is a variable's definition (x = y, x := y, x ?= y, x += y, x != y,
	// export x = y, override x := y), which is not a rule even with a colon in its value.
	assignment     = regexp.MustCompile(`^(?:(?:export|override|private)\s+)*[^\s:=#]+\s*(?:[:?+!]|::|:::)?=`)
	definition     = regexp.MustCompile(`^(?:(?:export|override)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(:{1,3}|\?|\+)?=\s*(.*)$`)
	evalCall       = regexp.MustCompile(`^\$\(eval\s+(.*)\)\s*$`)
	defaultGoalSet = regexp.MustCompile(`^\.DEFAULT_GOAL\s*(?::{1,3}|\?)?=\s*(\S+)`)
	directive      = regexp.MustCompile(`^(?:ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|vpath|unexport)\b`)
)

// Parse reads the rules of a Makefile and their recipe lines (a tab in front), with the @, -
// and + prefixes that only say how make runs the line left out, and its variables. Backslash-
// continued lines are joined, comments and define blocks skipped; conditionals are not
// evaluated (both branches' lines count).
func Parse(text string) File {
	mk := File{Recipes: map[string][]string{}, Vars: map[string]string{}, Prereqs: map[string][]string{}}
	var current []string // the targets whose recipe the tab lines are
	inDefine := false
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimRight(strings.TrimSuffix(line, "\\"), " ") + " " + strings.TrimLeft(lines[i], " \t")
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case inDefine:
			inDefine = !strings.HasPrefix(trimmed, "endef")
		case strings.HasPrefix(line, "\t") && current != nil:
			if cmd := strings.TrimLeft(trimmed, "@-+ \t"); cmd != "" && !strings.HasPrefix(cmd, "#") {
				mk.recipe(current, cmd)
			}
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || directive.MatchString(trimmed):
		case strings.HasPrefix(trimmed, "define ") || trimmed == "define":
			inDefine, current = true, nil
		case defaultGoalSet.MatchString(trimmed):
			mk.goalSet = defaultGoalSet.FindStringSubmatch(trimmed)[1]
			current = nil
		case assignment.MatchString(trimmed):
			if m := definition.FindStringSubmatch(trimmed); m != nil {
				assign(mk.Vars, m, false)
			}
			current = nil
		default:
			current = mk.rule(trimmed)
		}
	}
	return mk
}

// recipe adds a recipe line to the targets'.
func (mk *File) recipe(targets []string, cmd string) {
	for _, t := range targets {
		mk.Recipes[t] = append(mk.Recipes[t], cmd)
	}
	mk.Lines = append(mk.Lines, cmd)
	mk.LineTargets = append(mk.LineTargets, targets)
}

// rule reads a rule's line, `targets: prerequisites` or `targets: prerequisites ; recipe`, and
// returns its targets (nil when it is not a rule).
func (mk *File) rule(line string) []string {
	head, rest, ok := strings.Cut(line, ":")
	if !ok {
		return nil
	}
	targets := strings.Fields(head)
	if len(targets) == 0 {
		return nil
	}
	rest = strings.TrimLeft(rest, ":")
	if strings.HasPrefix(strings.TrimSpace(rest), "=") { // a ::= or :::= assignment the regexp missed
		return nil
	}
	prereqs, recipe, hasRecipe := strings.Cut(rest, ";")
	prereqs, _, _ = strings.Cut(prereqs, "|") // order-only prerequisites need only exist
	for _, t := range targets {
		if !strings.Contains(prereqs, "=") { // not a target's own variable (serve: PORT = 8000)
			mk.Prereqs[t] = append(mk.Prereqs[t], strings.Fields(prereqs)...)
		}
	}
	if hasRecipe {
		if cmd := strings.TrimLeft(strings.TrimSpace(recipe), "@-+ \t"); cmd != "" {
			mk.recipe(targets, cmd)
		}
	}
	if mk.firstTarget == "" {
		for _, t := range targets {
			if !strings.HasPrefix(t, ".") && !strings.Contains(t, "%") && !strings.Contains(t, "$") {
				mk.firstTarget = t
				break
			}
		}
	}
	return targets
}
