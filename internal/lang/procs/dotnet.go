package procs

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Heroku's .NET buildpacks (jincod/dotnetcore-buildpack, the most used) publish the project into
// $HOME/heroku_output, and the Procfiles written for them run the published assembly from
// there: `web: cd $HOME/heroku_output && ASPNETCORE_URLS='http://+:$PORT' dotnet ./Api.dll`,
// `worker: cd $HOME/heroku_output && dotnet ./Worker.dll`. The image has no heroku_output (its
// program is in /app) and, on the chiseled default, no shell for `cd` and `$PORT`, so such a
// process is left out: the runtime stage runs the same program on the spec's ports, and
// another project's assembly is not in this image at all.

// herokuOutput is a command that changes to the buildpack's publish directory first; the rest
// is what it runs there.
var herokuOutput = regexp.MustCompile(`^cd\s+["']?(?:\$HOME/|\$\{HOME\}/|~/|/app/)?heroku_output/?["']?\s*&&\s*(.+)$`)

// variable is a NAME=value word before the command.
var variable = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// publishedAssembly is the assembly a process runs with dotnet from heroku_output (Api.dll),
// "" for another command.
func publishedAssembly(pr process) string {
	m := herokuOutput.FindStringSubmatch(strings.TrimSpace(pr.shell))
	if m == nil {
		return ""
	}
	words, err := spec.SplitWords(m[1])
	if err != nil {
		return ""
	}
	for len(words) > 0 && variable.MatchString(words[0]) {
		words = words[1:]
	}
	if len(words) < 2 || words[0] != "dotnet" || !strings.HasSuffix(words[1], ".dll") {
		return ""
	}
	return path.Base(words[1])
}

// runsProgram is the name of the program a .NET image runs (/app/Api, dotnet /app/Api.dll: Api).
func runsProgram(entrypoint []string) string {
	if len(entrypoint) == 0 {
		return ""
	}
	return strings.TrimSuffix(path.Base(entrypoint[len(entrypoint)-1]), ".dll")
}

// leaveOutPublishOutput leaves out a .NET project's Procfile processes that run an assembly from
// the buildpack's publish directory, each with a BuildpackPublishOutput warning; web reports
// that the web process ran the image's own program, so the runtime stays the default target.
// The spec's processes are the user's and stay.
func leaveOutPublishOutput(list []process, p *plan.Plan) (out []process, web bool, notes []plan.Note) {
	program := runsProgram(p.Image.Entrypoint)
	for _, pr := range list {
		dll := publishedAssembly(pr)
		if p.Language != "dotnet" || dll == "" || pr.field == "processes."+pr.name {
			out = append(out, pr)
			continue
		}
		web = web || (pr.name == "web" && strings.TrimSuffix(dll, ".dll") == program)
		notes = append(notes, rules.BuildpackPublishOutput.Note(pr.field, rules.BuildpackPublishOutput.Format(pr.name, pr.from, pr.command(), dll, program)))
	}
	return out, web, notes
}
