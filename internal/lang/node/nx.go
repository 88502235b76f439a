package node

import (
	"cmp"
	"encoding/json"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// An Nx workspace names each project's targets in its project.json: the `build` target's
// executor and options say where the build writes the program (outputPath, e.g.
// dist/apps/api), and `nx serve <app>` runs it. Node builds bundle into <outputPath>/main.js
// (webpack and rspack's outputFileName default; esbuild names it after `main`), leaving the
// third-party modules to node_modules. Projects whose targets Nx infers from plugins (no
// project.json) are not read: the error says to set `entrypoint`.

// nxProjectFiles are where Nx's project.json files are read: a standalone workspace's at the
// root, an integrated one's under apps/ (Nx's workspaceLayout default).
var nxProjectFiles = []string{"project.json", "apps/*/project.json"}

// nxReads are the project files to read once the root's package.json, m, is known: an Nx
// workspace's (the root package depends on nx).
func nxReads(m manifest) []string {
	if !m.Deps["nx"] {
		return nil
	}
	return nxProjectFiles
}

// nxNodeBuild is the file a build executor bundles a Node.js program into, unless
// outputFileName says otherwise ("" for esbuild's: main's basename, .js); ok is false for an
// executor that builds no Node.js program. webpack and rspack build for node with `target:
// node` (or its alias `platform`), esbuild unless `platform: browser` (its `target` is the
// JavaScript version), @nx/node's executors always.
func nxNodeBuild(executor, target, platform string) (file string, ok bool) {
	plugin, name, _ := strings.Cut(executor, ":")
	switch strings.TrimPrefix(strings.TrimPrefix(plugin, "@nx/"), "@nrwl/") + ":" + name {
	case "webpack:webpack", "rspack:rspack":
		return "main.js", cmp.Or(target, platform) == "node"
	case "node:webpack", "node:build":
		return "main.js", true
	case "esbuild:esbuild":
		return "", platform != "browser"
	}
	return "", false
}

// nxApp is an application project of the workspace with a Node.js build.
type nxApp struct {
	name, file string // the project's name, its project.json
	executor   string
	outputPath string // relative to the workspace root
	entry      string // the bundle node runs
}

// nxApps are the workspace's projects whose build target bundles a Node.js program, by name.
func nxApps(p pkg) []nxApp {
	type options struct {
		OutputPath     string `json:"outputPath"`
		Main           string `json:"main"`
		OutputFileName string `json:"outputFileName"`
		Target         string `json:"target"`
		Platform       string `json:"platform"`
	}
	var apps []nxApp
	for name := range p.f {
		if !slices.ContainsFunc(nxProjectFiles, func(g string) bool { ok, _ := path.Match(g, name); return ok }) {
			continue
		}
		var pj struct {
			Name        string `json:"name"`
			ProjectType string `json:"projectType"`
			Targets     map[string]struct {
				Executor string  `json:"executor"`
				Options  options `json:"options"`
			} `json:"targets"`
		}
		if json.Unmarshal(lang.JSONC(p.f[name]), &pj) != nil || pj.ProjectType == "library" {
			continue
		}
		root := path.Dir(name)
		build := pj.Targets["build"]
		o := build.Options
		file, ok := nxNodeBuild(build.Executor, o.Target, o.Platform)
		if !ok {
			continue
		}
		if file == "" && o.Main != "" {
			file = strings.TrimSuffix(path.Base(o.Main), path.Ext(o.Main)) + ".js"
		}
		file = cmp.Or(o.OutputFileName, file, "main.js")
		out := strings.ReplaceAll(strings.TrimPrefix(o.OutputPath, "{workspaceRoot}/"), "{projectRoot}", root)
		out, ok = entryPath(out)
		if !ok || out == "." {
			continue
		}
		entry, ok := entryPath(path.Join(out, file))
		if !ok {
			continue
		}
		apps = append(apps, nxApp{name: cmp.Or(pj.Name, path.Base(root), p.m.Name), file: name, executor: build.Executor,
			outputPath: out, entry: entry})
	}
	slices.SortFunc(apps, func(a, b nxApp) int { return strings.Compare(a.name, b.name) })
	return apps
}

// nxScriptProject is the project an nx command of a script names: `nx serve api`, `nx run
// api:serve:production`, `nx api:serve`; "" for the default project (`nx serve`). ok is false
// when the script runs no nx.
func nxScriptProject(script string) (project string, ok bool) {
	words := strings.Fields(script)
	i := slices.IndexFunc(words, func(w string) bool { return w == "nx" || strings.HasSuffix(w, "/nx") })
	if i < 0 {
		return "", false
	}
	var args []string
	for _, w := range words[i+1:] {
		if w == "&&" || w == ";" || w == "|" {
			break
		}
		if !strings.HasPrefix(w, "-") {
			args = append(args, w)
		}
	}
	switch {
	case len(args) == 0:
		return "", true
	case args[0] == "run" && len(args) > 1:
		project, _, _ = strings.Cut(args[1], ":")
	case strings.Contains(args[0], ":"):
		project, _, _ = strings.Cut(args[0], ":")
	case len(args) > 1 && !strings.HasPrefix(args[0], "run-many") && args[0] != "affected":
		project = args[1]
	}
	return project, true
}

// nxChoice is the Nx application the image runs: the one the start scripts serve, else the
// workspace's only one. When none can be chosen, why and fix say so for the planning error
// ("" when the project is no Nx workspace with node builds).
func nxChoice(p pkg) (app nxApp, ok bool, why, fix string) {
	if p.dir != "." || !p.m.Deps["nx"] {
		return nxApp{}, false, "", ""
	}
	apps := nxApps(p)
	named, script := "", ""
	for _, name := range startScripts {
		cmd, _ := startCommand(p.m.Scripts, name)
		if project, isNx := nxScriptProject(cmd); isNx && project != "" {
			named, script = project, cmd
			break
		}
	}
	var entries []string
	for _, a := range apps {
		if a.name == named {
			return a, true, "", ""
		}
		entries = append(entries, a.entry)
	}
	executors := "targets.build with a Node.js executor (@nx/webpack:webpack or @nx/rspack:rspack with target node, @nx/esbuild:esbuild, @nx/node:webpack)"
	switch {
	case named != "":
		return nxApp{}, false, "Nx's project " + named + " (`" + oneLine(script) + "`), which has no project.json in the build context (" +
				strings.Join(nxProjectFiles, ", ") + ") with " + executors,
			"set `entrypoint` to the file `nx build " + named + "` writes (its outputPath's main.js, e.g. `entrypoint: dist/apps/" + named + "/main.js`)"
	case len(apps) == 1:
		return apps[0], true, "", ""
	case len(apps) > 1:
		var names []string
		for _, a := range apps {
			names = append(names, a.name+" ("+a.file+")")
		}
		return nxApp{}, false, "Nx's applications " + strings.Join(names, ", ") + ", which all build for node, and no start script serves one",
			"set `entrypoint` to the one the image runs (" + strings.Join(entries, " or ") +
				", from project.json's targets.build.options.outputPath), or serve it in the start script (`nx serve <app>`)"
	}
	return nxApp{}, false, "", ""
}

// nxEntry: the chosen application's bundle, which loads the workspace's production
// node_modules. The build is `nx build <app>` unless package.json's build script already runs
// nx for it (`nx build api`, `nx run-many -t build`, or `nx build` of the only project).
func nxEntry(p pkg) (entry, bool) {
	app, ok, _, _ := nxChoice(p)
	if !ok {
		return entry{}, false
	}
	e := entry{File: app.entry, From: "Nx's project " + app.name + " (" + app.file + ": " + app.executor + ", outputPath " + app.outputPath + ")",
		Ship: withDeps(app.outputPath + "/")}
	project, isNx := nxScriptProject(p.m.Scripts["build"])
	script := p.m.Scripts["build"]
	if !isNx || (project != app.name && !(project == "" && (strings.Contains(script, "run-many") ||
		strings.Contains(script, "affected") || len(nxApps(p)) == 1))) {
		e.Build = []string{"node_modules/.bin/nx", "build", app.name}
	}
	return e, true
}

// nxWhy says why no Nx application was chosen, and what to do.
func nxWhy(p pkg) (why, fix string) {
	_, _, why, fix = nxChoice(p)
	return why, fix
}
