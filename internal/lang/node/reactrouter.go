package node

import (
	"path"
	"regexp"

	"github.com/org/multistage-frontend/internal/lang"
)

// React Router 7's SPA mode (`ssr: false` in react-router.config.ts, what its templates' comment
// tells users to write for a single-page app): `react-router build` writes build/client alone,
// an index.html and the hashed assets, and no server build. The templates keep their start
// script, `react-router-serve ./build/server/index.js`, which then has nothing to run; React
// Router's docs deploy the client directory to a static host, with every path falling back to
// index.html. So such a project is a static site of <buildDirectory>/client, and react-router-serve
// is not what the image runs. A config that prerenders (`prerender`) writes its pages there too.

// reactRouterConfigs are the files `react-router build` loads its configuration from.
var reactRouterConfigs = []string{"react-router.config.ts", "react-router.config.js", "react-router.config.mjs",
	"react-router.config.mts"}

// reactRouterNoSSR is `ssr: false` as a property of the configuration, on a line of its own;
// reactRouterFlat is a configuration exported as one object without nested braces
// (`export default { ssr: false, prerender: ["/about"] }`), whose properties are all top-level.
var (
	reactRouterNoSSR = regexp.MustCompile(`(?m)^([ \t]*)ssr\s*:\s*false\b`)
	reactRouterFlat  = regexp.MustCompile(`export\s+default\s*\{([^{}]*)\}`)
	noSSRProperty    = regexp.MustCompile(`(?:^|[\s,])ssr\s*:\s*false\b`)
)

// reactRouterSPA reports a React Router project built in SPA mode: its configuration sets `ssr:
// false` at its top level (not a route's or a plugin's option).
func reactRouterSPA(f lang.Facts, m manifest) bool {
	if !m.Deps["@react-router/dev"] {
		return false
	}
	config := f.Text(f.First(reactRouterConfigs...))
	top := topIndent(config)
	for _, sm := range reactRouterNoSSR.FindAllStringSubmatch(config, -1) {
		if len(sm[1]) == top {
			return true
		}
	}
	flat := reactRouterFlat.FindStringSubmatch(config)
	return flat != nil && noSSRProperty.MatchString(flat[1])
}

// reactRouterClient is where SPA mode writes the site: the configuration's buildDirectory (build
// by default) and its client directory.
func reactRouterClient(f lang.Facts) string {
	dir := "build"
	if d, ok := topLevelString(f.Text(f.First(reactRouterConfigs...)), "buildDirectory"); ok {
		if d, ok := entryPath(d); ok && d != "." {
			dir = d
		}
	}
	return path.Join(dir, "client")
}
