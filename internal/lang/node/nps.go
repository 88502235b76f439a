package node

import (
	"maps"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// nps (npm-package-scripts) moves a project's scripts to package-scripts.js or .yml, and its
// start script becomes `nps` (the `default` script) or `nps NAME`. Planning reads those files as
// text, never runs them: a script written as a string literal, or an object's `script` (else its
// `default`), is read; one computed in code (nps-utils' series(...)) is not.

// npsFiles are the files nps reads its scripts from, in the order it looks for them.
var npsFiles = []string{"package-scripts.js", "package-scripts.yml"}

// npsRun is the nps script a command runs: `nps` runs `default`, `nps NAME` NAME (a dotted
// name for a nested one: `nps start.prod`).
func npsRun(cmd string) (name string, ok bool) {
	switch w := strings.Fields(cmd); {
	case len(w) == 1 && w[0] == "nps":
		return "default", true
	case len(w) == 2 && w[0] == "nps" && lang.PlainWord(w[1]) && !strings.HasPrefix(w[1], "-"):
		return w[1], true
	}
	return "", false
}

// start is the command the package.json script name runs (startCommand), with what nps's scripts
// say when it runs nps: `start: nps` whose default is `nps start`, whose script is `cross-env
// NODE_ENV=production node dist/app.js`, is `node dist/app.js`. via names the nps file read ("" when none).
func (p pkg) start(name string) (cmd string, env []plan.Env, via string) {
	cmd, env = startCommand(p.m.Scripts, name)
	cmd = binRun(p.m.Bin, cmd)
	task, ok := npsRun(cmd)
	if !ok {
		return cmd, env, ""
	}
	file, scripts := p.npsScripts()
	for range maxScriptDepth {
		text, ok := npsScript(scripts, task)
		if !ok {
			return cmd, env, ""
		}
		if next, ok := npsRun(text); ok {
			task = next
			continue
		}
		// what the nps script runs, read as package.json's own script would be (its `npm run
		// build && node FILE`, its variables)
		scripts := maps.Clone(p.m.Scripts)
		scripts[name] = text
		cmd, npsEnv := startCommand(scripts, name)
		return cmd, append(env, npsEnv...), file
	}
	return cmd, env, ""
}

// npsBuild is the command that runs nps's build script, for a package whose package.json has
// no build script: nps reads package-scripts.js itself, so a build computed in code
// (series(...)) runs too. nil without one, or without nps among the dependencies.
func (p pkg) npsBuild() []string {
	if _, scripts := p.npsScripts(); p.m.Scripts["build"] != "" || !p.m.Deps["nps"] || scripts["build"] == nil || p.dir != "." {
		return nil
	}
	return []string{"node_modules/.bin/nps", "build"}
}

// npsScripts are the scripts of the package's nps file, and its name: a string is a script's
// text, a map an object of scripts, and true a script computed in code (nil when absent).
func (p pkg) npsScripts() (string, map[string]any) {
	for _, name := range npsFiles {
		if !p.has(name) {
			continue
		}
		if strings.HasSuffix(name, ".yml") {
			var c struct {
				Scripts map[string]any `yaml:"scripts"`
			}
			_ = yaml.Unmarshal(p.f[p.path(name)], &c)
			return name, c.Scripts
		}
		scripts, _ := jsExported(p.text(name))["scripts"].(map[string]any)
		return name, scripts
	}
	return "", nil
}

// npsScript is the text of the nps script name (dotted for a nested one): a string, or an
// object's `script`, else its `default`.
func npsScript(scripts map[string]any, name string) (string, bool) {
	var cur any = scripts
	for _, part := range strings.Split(name, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		cur = obj[part]
	}
	for range maxScriptDepth {
		switch v := cur.(type) {
		case string:
			return v, true
		case map[string]any:
			if s, ok := v["script"]; ok {
				cur = s
			} else {
				cur = v["default"]
			}
		default:
			return "", false
		}
	}
	return "", false
}
