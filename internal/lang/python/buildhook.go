package python

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A package's build may run its front end's build itself: fava's hatch_build.py, a hatchling
// custom build hook, runs `npm install` and `npm run build` in frontend/ when the built
// src/fava/static/app.js is missing, as a setup.py's cmdclass overriding build_py may. The
// Python builder has no npm, so `pip install .` fails there ("npm is missing"), and nothing said
// so at plan time. A hook file that runs npm, yarn or pnpm (a quoted name of one in a file that
// calls subprocess, shutil.which, os.system or spawn) is warned of, naming the `assets` that
// build the front end in its own stages, before the wheel is built.

// buildHook is a file hatchling runs to build the wheel, and the table that declares it.
type buildHook struct {
	file, table string
}

// hatchHooks is a [tool.hatch.build.hooks] table: its custom hook's file (hatch_build.py when
// the table names none).
type hatchHooks struct {
	Custom *struct {
		Path string `toml:"path"`
	} `toml:"custom"`
}

// hatchBuildHooks are the custom build hooks of [tool.hatch.build.hooks.custom] and
// [tool.hatch.build.targets.wheel.hooks.custom].
func hatchBuildHooks(py pyproject) []buildHook {
	var out []buildHook
	for _, h := range []struct {
		hooks hatchHooks
		table string
	}{
		{py.Tool.Hatch.Build.Hooks, "[tool.hatch.build.hooks.custom]"},
		{py.Tool.Hatch.Build.Targets.Wheel.Hooks, "[tool.hatch.build.targets.wheel.hooks.custom]"},
	} {
		if h.hooks.Custom == nil {
			continue
		}
		file := path.Clean(strings.TrimPrefix(h.hooks.Custom.Path, "./"))
		if h.hooks.Custom.Path == "" {
			file = "hatch_build.py"
		}
		if lang.CheckContextName(file) == nil {
			out = append(out, buildHook{file, "pyproject.toml's " + h.table})
		}
	}
	return out
}

// buildHookReads are the hook files, for Follow, when the spec builds no `assets`.
func buildHookReads(s *spec.Spec, p *project) []string {
	if s.Assets != nil || !p.pkg {
		return nil
	}
	var out []string
	for _, h := range p.buildHooks {
		out = append(out, h.file)
	}
	return out
}

var (
	// hookNodeTool is a quoted npm, yarn or pnpm: a program name (`"npm"`, `["npm", "run"]`) or
	// the start of a command line (`"npm run build"`).
	hookNodeTool = regexp.MustCompile(`["'](npm|yarn|pnpm)(?:["']|\s)`)
	// hookRuns is a call that runs a program.
	hookRuns = regexp.MustCompile(`\b(?:subprocess|shutil\.which|os\.system|spawn|check_call|check_output)\b`)
	// hookBuiltFile is a quoted path of a built script or stylesheet (fava's
	// "src/fava/static/app.js"): its directory is where the build writes.
	hookBuiltFile = regexp.MustCompile(`["']((?:[\w.-]+/)+)[\w.-]+\.(?:js|mjs|css)["']`)
)

// nodeBuildHookNote warns of a build hook that runs npm, yarn or pnpm, none when there is none
// or the spec builds `assets`.
func nodeBuildHookNote(s *spec.Spec, f lang.Facts, p *project) []plan.Note {
	if s.Assets != nil || !p.pkg {
		return nil
	}
	hooks := p.buildHooks
	if cmdclass := regexp.MustCompile(`\bcmdclass\b`); cmdclass.Match(f["setup.py"]) {
		hooks = append(hooks, buildHook{"setup.py", "its cmdclass"})
	}
	for _, h := range hooks {
		code := pythonCode(f[h.file])
		m := hookNodeTool.FindStringSubmatch(code)
		if m == nil || !hookRuns.MatchString(code) {
			continue
		}
		dir, script, output := hookFrontEnd(f, code)
		msg := rules.BuildHookRunsNode.Format(h.file, h.table, m[1], "{dir: "+dir+", script: "+script+", output: "+output+"}")
		return append([]plan.Note(nil), rules.BuildHookRunsNode.Note(lang.FirstField(s, "language"), msg))
	}
	return nil
}

// pythonCode is a Python file without its comment lines.
func pythonCode(data []byte) string {
	var b strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// hookFrontEnd is the front end a hook builds: the directory of a package.json a level down
// with a build script that the hook names (quoted, fava's "frontend"), else the root's, else
// the only one a level down; its build script; and its output, as its bundler's configuration
// says (siblingUI), else the directory of a built file the hook names. Placeholders for what is
// not read.
func hookFrontEnd(f lang.Facts, code string) (dir, script, output string) {
	dir, script, output = "<the front end's directory>", "build", "<the directory it writes>"
	dirs := siblingUIDirs(f)
	named := ""
	for _, d := range dirs {
		if regexp.MustCompile(`["']` + regexp.QuoteMeta(d) + `["'/]`).MatchString(code) {
			named = d
			break
		}
	}
	switch {
	case named != "":
		dir = named
	case buildScript(f["package.json"], false) != "":
		dir, script = ".", buildScript(f["package.json"], false)
	case len(dirs) == 1:
		dir = dirs[0]
	}
	if d, out := siblingUI(f); d != "" && d == dir {
		return dir, script, out
	}
	if m := hookBuiltFile.FindStringSubmatch(code); m != nil {
		if out := path.Clean(m[1]); lang.CheckContextName(out) == nil {
			output = out
		}
	}
	return dir, script, output
}
