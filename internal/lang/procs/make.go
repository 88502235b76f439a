package procs

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/makefile"
	"github.com/org/multistage-frontend/spec"
)

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
			return slices.Clone(makefile.Names)
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
// with a dot), in the first of makefile.Names the context has. Variables and $(MAKE) are not
// expanded, prerequisites and included files not followed: what make runs besides these lines
// is not seen. file is the Makefile read, "" when none is there.
func makefileRecipe(f lang.Facts, targets []string) (file string, lines []recipeLine) {
	if file = makefile.Find(f); file == "" {
		return "", nil
	}
	mk := makefile.Parse(f.Text(file))
	goals, byDefault := targets, len(targets) == 0
	if byDefault {
		goals = []string{mk.DefaultGoal()}
	}
	for _, g := range goals {
		for _, l := range mk.Recipes[g] {
			lines = append(lines, recipeLine{target: g, line: l, defaultGoal: byDefault})
		}
	}
	return file, lines
}
