package node

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/procs"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A project's container may run steps before its server: kutt's Dockerfile starts with `CMD npm
// run migrate && npm start` (knex's migrations), a start script may be `sequelize db:migrate &&
// node app.js`. The image runs the server alone: entry.go follows no `a && b` but a build, for a
// migration needs the database, and whether each start runs one is the deployment's choice. So
// the StartStepsNotRun check names the steps, which the image then never runs unless told.

// startSteps are the commands that cmd, a command line a container or npm runs, runs before the
// server, when its last command starts the server (`node FILE`, tsx, or a script that comes to
// one: `npm start`): each as written, with the script it runs (`npm run migrate` (knex
// migrate:latest)). nil when cmd is not so, or when every command before the last builds (the
// build script, or a compiler or bundler, bundlerRun: a start script's `npm run styles` running
// sass, which the builder runs or the project's build makes) or changes directory.
func startSteps(scripts map[string]string, cmd string) []string {
	if _, _, ok := lastServer(scripts, cmd); !ok {
		return nil
	}
	segs := strings.Split(cmd, "&&")
	var steps []string
	for _, seg := range segs[:len(segs)-1] {
		w := strings.Fields(seg)
		name := runsScript(w)
		if len(w) == 0 || w[0] == "cd" || runsBuild(scripts, seg) || bundlerRun.MatchString(seg) || bundlerRun.MatchString(scripts[name]) {
			continue
		}
		step := "`" + strings.Join(w, " ") + "`"
		if scripts[name] != "" {
			step += " (" + oneLine(scripts[name]) + ")"
		}
		steps = append(steps, step)
	}
	return steps
}

// lastServer is the command cmd's last command comes down to as npm runs it (startCommand:
// `npm start` runs the start script), with its variables, when cmd is `a && ... && b` and that
// command starts the server (`node FILE`, tsx). What a start script runs after its steps is the
// server the image runs: hemmelig's `start: prisma migrate deploy && node server.js`, whose main
// (index.js, npm init's) is no file of the project.
func lastServer(scripts map[string]string, cmd string) (server string, env []plan.Env, ok bool) {
	segs := strings.Split(cmd, "&&")
	if len(segs) < 2 {
		return "", nil, false
	}
	const last = " start steps' last" // no script of package.json has this name
	run := maps.Clone(scripts)
	run[last] = segs[len(segs)-1]
	server, env = startCommand(run, last)
	_, ok = parseServer(server)
	return server, env, ok
}

// startStepNotes warn of the steps the project runs before its server that the image does not
// (startSteps): those of the last stage's shell-form CMD of the project's own Dockerfile, else
// those of its start:prod or start script, unless a Procfile's process is the default target
// (a Procfile's web process runs through a shell, as written). A start script's pre script
// counts as its first steps where the package manager runs it before (npm, yarn 1, pnpm: its
// enablePrePostScripts), unless it only copies files into place, which the builder does:
// Reactive-Resume's `prestart: pnpm prisma:migrate` (prisma migrate deploy), which its image's
// `pnpm run start` runs. None when the spec says what runs (entrypoint, cmd, processes), or for
// a workspace package (the root's Dockerfile may start another).
func startStepNotes(s *spec.Spec, f lang.Facts, p pkg, e entry, pm manager) []plan.Note {
	if e.Guess || p.dir != "." || s.Entrypoint != "" || s.Cmd != nil || len(s.Processes) > 0 {
		return nil
	}
	where, line := "", ""
	if name, l := lang.DockerfileShellCmd(f); l != "" {
		where, line = name+"'s CMD", l
	}
	steps := startSteps(p.m.Scripts, line)
	for _, name := range startScripts {
		if steps != nil || f.Has(procs.Procfile) {
			break
		}
		if p.m.Scripts[name] != "" {
			cmd, _, _ := p.start(name)
			where, line = "package.json's "+name+" script", cmd
			steps = startSteps(p.m.Scripts, line)
			if pre := p.m.Scripts["pre"+name]; pre != "" && pm.kind != yarnBerry && !copiesFiles(pre) {
				if all := startSteps(p.m.Scripts, pre+" && "+cmd); len(all) > len(steps) {
					where, line, steps = "package.json's "+name+" script with its pre"+name, pre+" && "+cmd, all
				}
			}
			break
		}
	}
	for _, name := range otherStarts { // the one the entry came from (nestDeeper: pingvin-share's prod script)
		if steps != nil || line != "" || f.Has(procs.Procfile) || slices.ContainsFunc(startScripts, func(n string) bool { return p.m.Scripts[n] != "" }) {
			break
		}
		cmd, _, _ := p.start(name)
		server, _, ok := lastServer(p.m.Scripts, cmd)
		sf, _ := parseStart(server)
		if file, valid := entryPath(sf.File); ok && valid && slices.Contains(nodeLoads(file), e.File) {
			where, line = "package.json's "+name+" script", cmd
			steps = startSteps(p.m.Scripts, line)
		}
	}
	if steps == nil {
		return nil
	}
	return append([]plan.Note(nil), rules.StartStepsNotRun.Note("", rules.StartStepsNotRun.Format(
		fmt.Sprintf("%s (`%s`)", where, oneLine(line)), strings.Join(steps, ", "), e.File)))
}
