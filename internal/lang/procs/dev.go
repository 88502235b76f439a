package procs

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// devCommand finds what makes a command one for development: a package manager's dev, watch or
// serve script, a framework's development server, a file watcher or a reloader. Procfiles written
// for `heroku local` or foreman hold such commands, which the image would run. Only the
// command's own words are read (a make target's commands are not).
var devCommand = regexp.MustCompile(`(?:^|[\s;&|(/])(` +
	`(?:npm|yarn|pnpm|bun) (?:run )?(?:dev|develop|watch|start:dev)\b|` +
	`(?:next|nuxt|nuxi|astro|remix|react-router|vite|vitepress|svelte-kit|rsbuild) dev\b|` +
	`vite(?:\s*$| serve\b)|ng serve\b|webpack(?:-dev-server| serve)\b|` +
	`nodemon\b|ts-node-dev\b|tsx watch\b|node --watch\b|` +
	`flask run\b|runserver\b|--reload\b|` +
	`bin/dev\b|air(?:\s|$)|go run\b)`)

// devNote is a DevelopmentProcess note when the default process, from the Procfile, runs a
// development command. A process written in the spec is the user's choice.
func devNote(pr process, def string) []plan.Note {
	if pr.name != def || pr.field == "processes."+pr.name {
		return nil
	}
	cmd := pr.shell
	if cmd == "" {
		cmd = strings.Join(pr.words, " ")
	}
	m := devCommand.FindStringSubmatch(cmd)
	if m == nil {
		return nil
	}
	return append([]plan.Note(nil), rules.DevelopmentProcess.Note(pr.field, rules.DevelopmentProcess.Format(pr.name, pr.from, cmd, "`"+strings.TrimSpace(m[1])+"`")))
}
