package python

import (
	"encoding/json"
	"strings"

	"github.com/org/multistage-frontend/spec"

	"github.com/org/multistage-frontend/internal/lang"
)

// unbuiltFrontEnd is the script of the package.json beside the Python project that builds its
// front end (buildScripts), when the spec has no `assets`: the image would hold the source of the
// front end, not what the build writes (redash's client/dist, indico's static/dist, which their
// .gitignore leaves out), and the pages would load without it. "" when there is none. Where the
// build writes is the bundler's configuration, not read: the warning asks for it.
func unbuiltFrontEnd(s *spec.Spec, f lang.Facts) string {
	if s.Assets != nil || !f.Has("package.json") {
		return ""
	}
	var m struct {
		Scripts map[string]string `json:"scripts"`
	}
	if json.Unmarshal(f["package.json"], &m) != nil {
		return ""
	}
	for _, name := range buildScripts {
		if strings.TrimSpace(m.Scripts[name]) != "" {
			return name
		}
	}
	return ""
}

// buildScripts are the names a package.json gives the script that builds its front end for
// production, in the order they are taken: `build`, else the production one of scripts split
// by mode (isso's `build-dev` and `build-prod`).
var buildScripts = []string{"build", "build:prod", "build-prod", "build:production", "build-production"}
