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
	// x ?= y, export x = y, override x := y); a `+=` or `!=` adds none.
	Vars map[string]string
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
	definition     = regexp.MustCompile(`^(?:(?:export|override)\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::{1,3}|\?)?=\s*(.*)$`)
	defaultGoalSet = regexp.MustCompile(`^\.DEFAULT_GOAL\s*(?::{1,3}|\?)?=\s*(\S+)`)
	directive      = regexp.MustCompile(`^(?:ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|vpath|unexport)\b`)
)

// Parse reads the rules of a Makefile and their recipe lines (a tab in front), with the @, -
// and + prefixes that only say how make runs the line left out, and its variables. Backslash-
// continued lines are joined, comments and define blocks skipped; conditionals are not
// evaluated (both branches' lines count).
func Parse(text string) File {
	mk := File{Recipes: map[string][]string{}, Vars: map[string]string{}}
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
				if _, seen := mk.Vars[m[1]]; !seen {
					mk.Vars[m[1]] = strings.TrimSpace(m[2])
				}
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
	if _, recipe, ok := strings.Cut(rest, ";"); ok {
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
