package procs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// devCommand finds what makes a command one for development: a package manager's dev, watch or
// serve script, a framework's development server, a file watcher or a reloader. Procfiles written
// for `heroku local` or foreman hold such commands, which the image would run. A command is read
// as its words, and a make command as its target's recipe lines too (devUse).
var devCommand = regexp.MustCompile(`(?:^|[\s;&|(/])(` +
	`(?:npm|yarn|pnpm|bun) (?:run )?(?:dev|develop|watch|start:dev)\b|` +
	`(?:next|nuxt|nuxi|astro|remix|react-router|vite|vitepress|svelte-kit|rsbuild) dev\b|` +
	`vite(?:\s*$| serve\b)|ng serve\b|webpack(?:-dev-server| serve)\b|` +
	`nodemon\b|ts-node-dev\b|tsx watch\b|node --watch\b|watchmedo\b|` +
	`flask run\b|runserver\b|--reload\b|` +
	`bin/dev\b|air(?:\s|$)|go run\b)`)

// devUse is a Procfile process that runs a development command: its command as written, the
// tool found, and where, when a make target runs it.
type devUse struct {
	cmd, what, via string
}

// devUseOf reports a development command in a Procfile process; nil for one of the spec, which
// is the user's choice, and for one where none is seen. A make command (`make run`) is read
// through the Makefile's recipe lines for its targets (makefileRecipe).
func devUseOf(pr process, f lang.Facts) *devUse {
	if pr.field == "processes."+pr.name {
		return nil
	}
	cmd := pr.command()
	if m := devCommand.FindStringSubmatch(cmd); m != nil {
		return &devUse{cmd: cmd, what: "`" + strings.TrimSpace(m[1]) + "`"}
	}
	targets, ok := makeTargets(simpleWords(pr))
	if !ok {
		return nil
	}
	file, lines := makefileRecipe(f, targets)
	for _, l := range lines {
		if m := devCommand.FindStringSubmatch(l.line); m != nil {
			target := l.target + " target"
			if l.defaultGoal {
				target = "default goal, " + l.target + ","
			}
			return &devUse{cmd: cmd, what: "`" + strings.TrimSpace(m[1]) + "`",
				via: fmt.Sprintf("its %s's %s runs `%s`", file, target, l.line)}
		}
	}
	return nil
}

// note is the DevelopmentProcess warning; runtime is what the runtime stage runs when it is the
// default target instead of the process ("" when the process is).
func (d *devUse) note(pr process, runtime string) []plan.Note {
	what := d.what
	if d.via != "" {
		what += " (" + d.via + ")"
	}
	return append([]plan.Note(nil), rules.DevelopmentProcess.Note(pr.field, rules.DevelopmentProcess.Format(pr.name, pr.from, d.cmd, what, runtime)))
}
