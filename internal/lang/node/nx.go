package node

import (
	"cmp"
	"encoding/json"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// An Nx workspace names each project's targets in its project.json: the `build` target's
// executor and options say where the build writes the program (outputPath, e.g.
// dist/apps/api), and `nx serve <app>` runs it. Node builds bundle into <outputPath>/main.js
// (webpack and rspack's outputFileName default; esbuild names it after `main`), leaving the
// third-party modules to node_modules. Build targets that Nx infers from a plugin's config
// file (webpack.config.*, rspack.config.*) are read in nx_infer.go.

// nxProjectFiles are where Nx's project.json files are read: a standalone workspace's at the
// root, an integrated one's under apps/ (Nx's workspaceLayout default).
var nxProjectFiles = []string{"project.json", "apps/*/project.json"}

// nxReads are the project files to read once the root's package.json, m, is known: an Nx
// workspace's (the root package depends on nx).
func nxReads(m manifest) []string {
	if !m.Deps["nx"] {
		return nil
	}
	return slices.Concat(nxProjectFiles, nxInferReads())
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
	name, file string // the project's name, the file its build target is read from
	executor   string
	outputPath string // relative to the workspace root
	entry      string // the bundle node runs
	target     string // the build target's name
	main       string // the source file the bundle is built from, a context path; "" unknown
}

// nxApps are the workspace's projects whose build target bundles a Node.js program, by name:
// written in project.json, or inferred by a plugin nx.json lists (nx_infer.go). unread are the
// projects that build for node by a config that could not be read: project name to what of it.
func nxApps(p pkg) (apps []nxApp, unread map[string]string) {
	unread = map[string]string{}
	plugins := nxPluginTargets(p)
	for _, root := range nxProjectDirs(p) {
		var pj struct {
			Name        string `json:"name"`
			ProjectType string `json:"projectType"`
			Targets     map[string]struct {
				Executor string    `json:"executor"`
				Options  nxOptions `json:"options"`
			} `json:"targets"`
		}
		name := path.Join(root, "project.json")
		if p.f.Has(name) && (json.Unmarshal(lang.JSONC(p.f[name]), &pj) != nil || pj.ProjectType == "library") {
			continue
		}
		project := cmp.Or(pj.Name, nxPackageName(p, root))
		if build := pj.Targets["build"]; build.Executor != "" {
			if app, ok := nxExecutorApp(project, name, root, build.Executor, build.Options); ok {
				apps = append(apps, app)
			}
			continue
		}
		for _, pl := range nxInferringPlugins {
			target, listed := plugins[pl.plugin]
			if !listed || pj.Targets[target].Executor != "" {
				continue
			}
			app, ok, problem := nxInferredApp(p, root, project, target, pl)
			if ok {
				apps = append(apps, app)
				break
			}
			if problem != "" {
				unread[project] = problem
			}
		}
	}
	slices.SortFunc(apps, func(a, b nxApp) int { return strings.Compare(a.name, b.name) })
	return apps, unread
}

// nxPackageName is the name of the project in dir when project.json does not say: its
// package.json's nx.name or name, else the directory's name (the root package's at the root).
func nxPackageName(p pkg, dir string) string {
	var m struct {
		Name string `json:"name"`
		Nx   struct {
			Name string `json:"name"`
		} `json:"nx"`
	}
	_ = json.Unmarshal(p.f[path.Join(dir, "package.json")], &m)
	if dir == "." {
		return cmp.Or(m.Nx.Name, m.Name, p.m.Name)
	}
	return cmp.Or(m.Nx.Name, m.Name, path.Base(dir))
}

// nxOptions are the options of a project.json build target that say what it builds where.
type nxOptions struct {
	OutputPath     string `json:"outputPath"`
	Main           string `json:"main"`
	OutputFileName string `json:"outputFileName"`
	Target         string `json:"target"`
	Platform       string `json:"platform"`
}

// nxExecutorApp is the application that a project.json's build target with a Node.js executor
// builds: project's, whose project.json is file, in root.
func nxExecutorApp(project, file, root, executor string, o nxOptions) (nxApp, bool) {
	name, ok := nxNodeBuild(executor, o.Target, o.Platform)
	if !ok {
		return nxApp{}, false
	}
	if name == "" && o.Main != "" {
		name = strings.TrimSuffix(path.Base(o.Main), path.Ext(o.Main)) + ".js"
	}
	name = cmp.Or(o.OutputFileName, name, "main.js")
	out := strings.ReplaceAll(strings.TrimPrefix(o.OutputPath, "{workspaceRoot}/"), "{projectRoot}", root)
	out, ok = entryPath(out)
	if !ok || out == "." {
		return nxApp{}, false
	}
	entry, ok := entryPath(path.Join(out, name))
	if !ok {
		return nxApp{}, false
	}
	main, _ := entryPath(strings.ReplaceAll(strings.TrimPrefix(o.Main, "{workspaceRoot}/"), "{projectRoot}", root))
	return nxApp{name: project, file: file, executor: executor, outputPath: out, entry: entry, target: "build", main: main}, true
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
	apps, unread := nxApps(p)
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
	builds := "targets.build with a Node.js executor (@nx/webpack:webpack or @nx/rspack:rspack with target node, @nx/esbuild:esbuild, " +
		"@nx/node:webpack) nor a webpack.config.* or rspack.config.* with target 'node' beside it that nx.json's @nx/webpack/plugin or @nx/rspack/plugin infers a build from"
	setEntry := func(project string) string {
		return "set `entrypoint` to the file `nx build " + project + "` writes (its output path's main.js, e.g. `entrypoint: dist/apps/" + project + "/main.js`)"
	}
	switch {
	case named != "":
		if problem, ok := unread[named]; ok {
			return nxApp{}, false, "Nx's project " + named + " (`" + oneLine(script) + "`), whose build is not read: " + problem, setEntry(named)
		}
		return nxApp{}, false, "Nx's project " + named + " (`" + oneLine(script) + "`), which has neither a project.json in the build context (" +
			strings.Join(nxProjectFiles, ", ") + ") with " + builds, setEntry(named)
	case len(apps) == 1:
		return apps[0], true, "", ""
	case len(apps) > 1:
		var names []string
		for _, a := range apps {
			names = append(names, a.name+" ("+a.file+")")
		}
		return nxApp{}, false, "Nx's applications " + strings.Join(names, ", ") + ", which all build for node, and no start script serves one",
			"set `entrypoint` to the one the image runs (" + strings.Join(entries, " or ") +
				", where each build writes), or serve it in the start script (`nx serve <app>`)"
	case len(unread) > 0:
		projects := slices.Sorted(maps.Keys(unread))
		var whys []string
		for _, project := range projects {
			whys = append(whys, project+" ("+unread[project]+")")
		}
		return nxApp{}, false, "Nx's project " + strings.Join(whys, ", ") + ", which builds for node where the config does not say plainly",
			setEntry(projects[0])
	}
	return nxApp{}, false, "", ""
}

// nxEntry: the chosen application's bundle, which loads the workspace's production
// node_modules. The build is `nx build <app>` (`nx run <app>:<target>` for a plugin's build
// target of another name) unless package.json's build script already runs nx for it (`nx
// build api`, `nx run-many -t build`, or `nx build` of the only project).
func nxEntry(p pkg) (entry, bool) {
	app, ok, _, _ := nxChoice(p)
	if !ok {
		return entry{}, false
	}
	e := entry{File: app.entry, From: "Nx's project " + app.name + " (" + app.file + ": " + app.executor + ", outputPath " + app.outputPath + ")",
		Ship: withDeps(app.outputPath + "/"), Source: app.main}
	project, isNx := nxScriptProject(p.m.Scripts["build"])
	script := p.m.Scripts["build"]
	apps, _ := nxApps(p)
	switch {
	case app.target != "build":
		e.Build = []string{"node_modules/.bin/nx", "run", app.name + ":" + app.target}
	case !isNx || (project != app.name && !(project == "" && (strings.Contains(script, "run-many") ||
		strings.Contains(script, "affected") || len(apps) == 1))):
		e.Build = []string{"node_modules/.bin/nx", "build", app.name}
	}
	if e.Build != nil {
		e.BuildFirst = nxBuildFirst(p.m.Scripts, app)
	}
	return e, true
}

// nxBuildFirst are the other targets of app's project that a script of the root runs right
// before the project's build, in a chain of `&&`: ghostfolio builds its API with `nx run
// api:copy-assets && nx run api:build:production && ...` (build:production, watch:server),
// copy-assets putting the locales its server reads into dist/apps/api/assets. When planning
// runs app's build itself (package.json's build script does not), it runs them first, as
// every script of the project does. The first script that has such targets is taken, build
// then the others by name.
func nxBuildFirst(scripts map[string]string, app nxApp) [][]string {
	names := slices.Sorted(maps.Keys(scripts))
	if i := slices.Index(names, "build"); i > 0 {
		names = append([]string{"build"}, slices.Delete(names, i, i+1)...)
	}
	for _, name := range names {
		steps := strings.Split(scripts[name], "&&")
		for i, step := range steps {
			if project, target, ok := nxTarget(step); !ok || project != app.name || target != app.target {
				continue
			}
			var first [][]string
			for j := i - 1; j >= 0; j-- {
				project, target, ok := nxTarget(steps[j])
				if !ok || project != app.name || target == app.target {
					break
				}
				first = append([][]string{{"node_modules/.bin/nx", "run", app.name + ":" + target}}, first...)
			}
			if len(first) > 0 {
				return first
			}
		}
	}
	return nil
}

// nxTarget is the project and target of one nx command (`nx run api:copy-assets`, `nx
// api:build:production`, `nx build api`); ok is false for anything else, a command of several
// projects or of the default one.
func nxTarget(cmd string) (project, target string, ok bool) {
	words := strings.Fields(cmd)
	if len(words) == 0 || (words[0] != "nx" && !strings.HasSuffix(words[0], "/nx") && !(words[0] == "npx" && len(words) > 1 && words[1] == "nx")) {
		return "", "", false
	}
	var args []string
	for _, w := range words[slices.IndexFunc(words, func(w string) bool { return w == "nx" || strings.HasSuffix(w, "/nx") })+1:] {
		if !strings.HasPrefix(w, "-") {
			args = append(args, w)
		}
	}
	switch {
	case len(args) == 2 && args[0] == "run" && strings.Count(args[1], ":") >= 1:
		project, target, _ = strings.Cut(args[1], ":")
	case len(args) == 1 && strings.Count(args[0], ":") >= 1:
		project, target, _ = strings.Cut(args[0], ":")
	case len(args) == 2 && args[0] != "run" && !strings.Contains(args[0], ":") && !strings.HasPrefix(args[0], "run-many") && args[0] != "affected":
		target, project = args[0], args[1]
	default:
		return "", "", false
	}
	target, _, _ = strings.Cut(target, ":") // a configuration
	return project, target, project != "" && target != ""
}

// nxWhy says why no Nx application was chosen, and what to do.
func nxWhy(p pkg) (why, fix string) {
	_, _, why, fix = nxChoice(p)
	return why, fix
}
