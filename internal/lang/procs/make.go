package procs

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// makefiles are the files make reads when no -f names one, in the order GNU make looks for them.
var makefiles = []string{"GNUmakefile", "makefile", "Makefile"}

// Follow asks for the Makefile when a Procfile process runs make (djangoproject.com's `web:
// make run`), so that what the target runs can be checked (devNote). The spec's processes
// replace the Procfile, and are not questioned.
func Follow(s *spec.Spec, f lang.Facts) []string {
	if s.Processes != nil || !f.Has(Procfile) {
		return nil
	}
	list, err := readProcfile(s, f.Text(Procfile))
	if err != nil {
		return nil // planning reports it
	}
	for _, pr := range list {
		if _, ok := makeTargets(simpleWords(pr)); ok {
			return slices.Clone(makefiles)
		}
	}
	return nil
}

// simpleWords are the words of a process's one simple command, the environment assignments
// before it left out; nil for a list, a pipe or a command with variables.
func simpleWords(pr process) []string {
	if pr.shell == "" {
		return pr.words
	}
	cmd := pr.shell + " "
	rest := cmd[len(assignments.FindString(cmd)):]
	if shellSyntax.MatchString(rest) {
		return nil
	}
	words, err := spec.SplitWords(rest)
	if err != nil {
		return nil
	}
	return words
}

// makeTargets reads a make command: the targets it names (none: the Makefile's default goal),
// its variable assignments left out. ok is false for any other command, and for a make command
// with options, which may name another Makefile or directory (-f, -C) and are not followed.
func makeTargets(words []string) (targets []string, ok bool) {
	if len(words) == 0 || (path.Base(words[0]) != "make" && path.Base(words[0]) != "gmake") {
		return nil, false
	}
	for _, w := range words[1:] {
		switch {
		case strings.HasPrefix(w, "-"):
			return nil, false
		case strings.Contains(w, "="): // VAR=value on make's command line
		default:
			targets = append(targets, w)
		}
	}
	return targets, true
}

// recipeLine is a line of a target's recipe.
type recipeLine struct {
	target, line string
	// defaultGoal: the make command named no target, and this is the Makefile's default.
	defaultGoal bool
}

// makefileRecipe is what a make command runs, read as text: the recipe lines of the targets it
// names, else of the Makefile's default goal (.DEFAULT_GOAL, else its first target not starting
// with a dot), in the first of makefiles the context has. Variables and $(MAKE) are not
// expanded, prerequisites and included files not followed: what make runs besides these lines
// is not seen. file is the Makefile read, "" when none is there.
func makefileRecipe(f lang.Facts, targets []string) (file string, lines []recipeLine) {
	for _, name := range makefiles {
		if f.Has(name) {
			file = name
			break
		}
	}
	if file == "" {
		return "", nil
	}
	mk := parseMakefile(f.Text(file))
	goals, byDefault := targets, len(targets) == 0
	if byDefault {
		goals = []string{mk.defaultGoal()}
	}
	for _, g := range goals {
		for _, l := range mk.recipes[g] {
			lines = append(lines, recipeLine{target: g, line: l, defaultGoal: byDefault})
		}
	}
	return file, lines
}

// makefile is what makefileRecipe reads of a Makefile.
type makefile struct {
	// goalSet is .DEFAULT_GOAL's value, which wins over firstTarget, the first rule's first
	// target not starting with a dot nor holding a % or a variable.
	goalSet, firstTarget string
	recipes              map[string][]string
}

// defaultGoal is what make builds when the command names no target.
func (mk makefile) defaultGoal() string {
	if mk.goalSet != "" {
		return mk.goalSet
	}
	return mk.firstTarget
}

var (
	// makeAssignment is a variable's definition (x = y, x := y, x ?= y, x += y, x != y,
	// export x = y, override x := y), which is not a rule even with a colon in its value.
	makeAssignment = regexp.MustCompile(`^(?:(?:export|override|private)\s+)*[^\s:=#]+\s*(?:[:?+!]|::|:::)?=`)
	defaultGoalSet = regexp.MustCompile(`^\.DEFAULT_GOAL\s*(?::{1,3}|\?)?=\s*(\S+)`)
	makeDirective  = regexp.MustCompile(`^(?:ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|vpath|unexport)\b`)
)

// parseMakefile reads the rules of a Makefile and their recipe lines (a tab in front), with the
// @, - and + prefixes that only say how make runs the line left out. Backslash-continued lines
// are joined, comments and define blocks skipped; conditionals are not evaluated (both
// branches' lines count).
func parseMakefile(text string) makefile {
	mk := makefile{recipes: map[string][]string{}}
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
				for _, t := range current {
					mk.recipes[t] = append(mk.recipes[t], cmd)
				}
			}
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || makeDirective.MatchString(trimmed):
		case strings.HasPrefix(trimmed, "define ") || trimmed == "define":
			inDefine, current = true, nil
		case defaultGoalSet.MatchString(trimmed):
			mk.goalSet = defaultGoalSet.FindStringSubmatch(trimmed)[1]
			current = nil
		case makeAssignment.MatchString(trimmed):
			current = nil
		default:
			current = mk.rule(trimmed)
		}
	}
	return mk
}

// rule reads a rule's line, `targets: prerequisites` or `targets: prerequisites ; recipe`, and
// returns its targets (nil when it is not a rule).
func (mk *makefile) rule(line string) []string {
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
			for _, t := range targets {
				mk.recipes[t] = append(mk.recipes[t], cmd)
			}
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
