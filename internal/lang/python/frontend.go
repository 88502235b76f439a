package python

import (
	"encoding/json"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/spec"

	"github.com/org/multistage-frontend/internal/lang"
)

// unbuiltFrontEnd is the directory (".": the root) and the script of the package.json beside
// the Python project that builds its front end (buildScripts), when the spec has no `assets`:
// the image would hold the source of the front end, not what the build writes (redash's
// client/dist, indico's static/dist, which their .gitignore leaves out), and the pages would
// load without it. Without one at the root, a private package.json inside the Python package
// (packageFrontEnds: dispatch's src/dispatch/static/dispatch, whose Vite build writes the dist/
// its config.py serves) is taken the same way, then one a level down whose build writes into
// the rest of the context (siblingui.go: mathesar's mathesar_ui/), output then where. "" when
// there is none. Otherwise where the build writes is the bundler's configuration, not read:
// the warning asks for it.
func unbuiltFrontEnd(s *spec.Spec, f lang.Facts, p *project) (dir, script, output string) {
	if s.Assets != nil {
		return "", "", ""
	}
	if script := buildScript(f["package.json"], false); f.Has("package.json") && script != "" {
		return ".", script, ""
	}
	for _, m := range packageFrontEnds(f, p) {
		if script := buildScript(f[m], true); script != "" {
			return path.Dir(m), script, ""
		}
	}
	if dir, out := siblingUI(f); dir != "" {
		return dir, "build", out
	}
	return "", "", ""
}

// buildScript is the first of buildScripts a package.json has, "" for none (or not JSON); with
// private, only a package.json marked `"private": true`, an application's, not a library's own
// (a vendored copy of a published package never is).
func buildScript(data []byte, private bool) string {
	var m struct {
		Private bool              `json:"private"`
		Scripts map[string]string `json:"scripts"`
	}
	if json.Unmarshal(data, &m) != nil || private && !m.Private {
		return ""
	}
	for _, name := range buildScripts {
		if strings.TrimSpace(m.Scripts[name]) != "" {
			return name
		}
	}
	return ""
}

// packageFrontEndPatterns are where a front end's package.json sits inside a Python package
// directory: at its top, or one or two levels down (static/dispatch/package.json).
var packageFrontEndPatterns = []string{"package.json", "*/package.json", "*/*/package.json"}

// packageFrontEndReads are the names that find the package.json files inside the Python
// package's directories (packageFrontEnds), for Follow.
func packageFrontEndReads(p *project) []string {
	var out []string
	for _, d := range packageFrontEndDirs(p) {
		for _, pat := range packageFrontEndPatterns {
			out = append(out, path.Join(d, pat))
		}
	}
	return out
}

// packageFrontEnds are the package.json files inside the Python package's directories, none in
// node_modules, nearest first.
func packageFrontEnds(f lang.Facts, p *project) []string {
	var out []string
	for _, r := range packageFrontEndReads(p) {
		for _, m := range f.Glob(r) {
			if !strings.Contains("/"+m, "/node_modules/") && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// packageFrontEndDirs are the directories of the package named as the project is
// (packageInits) and those the build backend names (packageDirs).
func packageFrontEndDirs(p *project) []string {
	if p == nil || !p.pkg {
		return nil
	}
	var out []string
	for _, init := range packageInits(p) {
		out = append(out, path.Dir(init))
	}
	out = lang.AppendNew(out, p.packageDirs...)
	return out
}

// buildScripts are the names a package.json gives the script that builds its front end for
// production, in the order they are taken: `build`, else the production one of scripts split
// by mode (isso's `build-dev` and `build-prod`).
var buildScripts = []string{"build", "build:prod", "build-prod", "build:production", "build-production"}
