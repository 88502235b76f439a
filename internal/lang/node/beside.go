package node

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A UI's build may read files beside its directory: answer's `ui/` runs `node ./scripts/env.js`
// before `react-app-rewired build`, and env.js reads `path.resolve(__dirname,
// '../../configs/config.yaml')`, config-overrides.js `path.resolve(__dirname, "../i18n")`. The
// assets' stages copy the UI's directory alone, so such a build fails on the missing file. The
// paths those files name by a relative literal that leaves the UI's directory by one level
// (what the assets' working directory, /app, has above it) are copied to the same place
// relative to it, when the context holds them.

// buildConfigs are the files of a UI that configure a Create React App build through a wrapper.
var buildConfigs = []string{"config-overrides.js", "craco.config.js", "craco.config.ts", "craco.config.cjs"}

// BuildReadFiles are the files of a project (relative to it) whose paths its build reads: the
// scripts the build script runs with node, and react-app-rewired's and craco's configuration.
func BuildReadFiles(f lang.Facts, script string) []string {
	out := slices.Clone(buildConfigs)
	if m, ok := rootManifest(f); ok {
		for _, sm := range nodeScriptFile.FindAllStringSubmatch(m.Scripts[cmp.Or(script, "build")], -1) {
			if p, ok := lang.CleanRelPath(sm[1]); ok && !slices.Contains(out, path.Clean(p)) {
				out = append(out, path.Clean(p))
			}
		}
	}
	return out
}

// ReachedBeside are the paths BuildReadFiles name by a relative string literal, resolved from
// each file's directory, that leave the project's directory by one level: relative to the
// project (../configs/config.yaml), each once, sorted.
func ReachedBeside(f lang.Facts, script string) []string {
	var out []string
	for _, file := range BuildReadFiles(f, script) {
		for _, m := range relativeLiteral.FindAllSubmatch(f[file], -1) {
			p := path.Join(path.Dir(file), string(m[1]))
			if !strings.HasPrefix(p, "../") || strings.HasPrefix(p, "../../") || p == ".." || strings.ContainsAny(p, "*?[$`{}") {
				continue // inside the project, or above what the assets' stage has above it
			}
			out = lang.AppendNew(out, p)
		}
	}
	slices.Sort(out)
	return out
}
