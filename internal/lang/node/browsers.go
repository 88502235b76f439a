package node

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// browserDownloads are the packages whose install scripts download a browser, or a test runner's
// binary, into the user's cache (~/.cache/puppeteer, ~/.cache/Cypress), with the variable that
// turns each download off. In deps the download lands in the layer (Cypress: about 500 MB),
// which a lockfile change downloads again and a registry cache carries; the image never holds
// it (it copies node_modules, not the cache), and neither the tester's image nor the runtime
// has the system libraries the browsers need, so the projects' own Dockerfiles turn it off.
var browserDownloads = []struct {
	pkgs       []string
	key, value string
}{
	{[]string{"puppeteer"}, "PUPPETEER_SKIP_DOWNLOAD", "true"},
	{[]string{"cypress"}, "CYPRESS_INSTALL_BINARY", "0"},
	{[]string{"playwright", "@playwright/test"}, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"},
}

// skipBrowserDownloads is the install's environment that turns off the downloads of the
// packages the install takes, dependencies of dependencies included. build.env, which comes
// after it, turns one back on.
func skipBrowserDownloads(f lang.Facts, pm manager) []plan.Env {
	text, key := f["package.json"], manifestKey
	if pm.lockfile != "" && f.Has(pm.lockfile) {
		text, key = f[pm.lockfile], lockKey
	}
	var out []plan.Env
	for _, d := range browserDownloads {
		if slices.ContainsFunc(d.pkgs, func(name string) bool {
			return regexp.MustCompile(fmt.Sprintf(key, regexp.QuoteMeta(name))).Match(text)
		}) {
			out = append(out, plan.Env{Key: d.key, Value: d.value})
		}
	}
	return out
}

// lockKey finds a package installed, in every lockfile's way of naming one: npm's
// "node_modules/NAME", pnpm's "NAME@1.0.0:" ("/NAME@1.0.0:", "/NAME/1.0.0:" before v9), yarn's
// NAME@^1.0.0: and "NAME@npm:^1.0.0", bun's "NAME": ["NAME@1.0.0", ...]. A name that is only
// another package's peer dependency ("NAME": "^1") is not one.
const lockKey = `(?m)(node_modules/%[1]s"|^\s*"?/?%[1]s[@/]|\["%[1]s@)`

// manifestKey finds a dependency of package.json.
const manifestKey = `"%s"\s*:`
