package node

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// browserDownloads are the packages whose install scripts download a browser, or a test runner's
// binary, into the user's cache (~/.cache/puppeteer, ~/.cache/Cypress) or their own directory, with the variable that
// turns each download off. In deps the download lands in the layer (Cypress: about 500 MB),
// which a lockfile change downloads again and a registry cache carries; the image never holds
// it (it copies node_modules, not the cache), and neither the tester's image nor the runtime
// has the system libraries the browsers need, so the projects' own Dockerfiles turn it off.
var browserDownloads = []browserDownload{
	newBrowserDownload("PUPPETEER_SKIP_DOWNLOAD", "true", "puppeteer"),
	newBrowserDownload("CYPRESS_INSTALL_BINARY", "0", "cypress"),
	newBrowserDownload("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "playwright", "@playwright/test"),
	// the `chromium` package's postinstall downloads a Chromium build (web-check depends on it)
	newBrowserDownload("NODE_CHROMIUM_SKIP_INSTALL", "true", "chromium"),
	// electron's postinstall downloads Electron from GitHub (hollama's desktop build beside
	// its server); a server image never runs it (electronMain)
	newBrowserDownload("ELECTRON_SKIP_BINARY_DOWNLOAD", "1", "electron"),
	// onnxruntime-node's install script downloads its CUDA provider from GitHub on Linux x64
	// (Perplexica's, through @huggingface/transformers): GPU libraries the image has no CUDA
	// for; its CPU binaries are in the package. `ONNXRUNTIME_NODE_INSTALL_CUDA=v12` in
	// build.env takes it back
	newBrowserDownload("ONNXRUNTIME_NODE_INSTALL_CUDA", "skip", "onnxruntime-node"),
}

// browserDownload is one download: the variable that turns it off, and the packages that make
// it, found in a lockfile (inLock) or in package.json (inManifest). Compiled once, not per plan.
type browserDownload struct {
	key, value         string
	inLock, inManifest []*regexp.Regexp
}

func newBrowserDownload(key, value string, pkgs ...string) browserDownload {
	d := browserDownload{key: key, value: value}
	for _, name := range pkgs {
		d.inLock = append(d.inLock, regexp.MustCompile(fmt.Sprintf(lockKey, regexp.QuoteMeta(name))))
		d.inManifest = append(d.inManifest, regexp.MustCompile(fmt.Sprintf(manifestKey, regexp.QuoteMeta(name))))
	}
	return d
}

// skipBrowserDownloads is the install's environment that turns off the downloads of the
// packages the install takes, dependencies of dependencies included. build.env, which comes
// after it, turns one back on.
func skipBrowserDownloads(f lang.Facts, pm manager) []plan.Env {
	text, inLock := f["package.json"], false
	if pm.lockfile != "" && f.Has(pm.lockfile) {
		text, inLock = f[pm.lockfile], true
	}
	var out []plan.Env
	for _, d := range browserDownloads {
		keys := d.inManifest
		if inLock {
			keys = d.inLock
		}
		if slices.ContainsFunc(keys, func(k *regexp.Regexp) bool { return k.Match(text) }) {
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

// A server that launches a browser (web-check's screenshot endpoint: puppeteer with
// `/usr/bin/chromium`) needs one in the runtime image. The install turns the browser downloads
// off (skipBrowserDownloads), and they would land in the user's cache of deps, which the image
// does not copy, so the runtime has no browser, and its projects' own Dockerfiles install
// Debian's chromium there. Whether the server launches one, or connects to a browser elsewhere,
// planning cannot tell; a package of the production dependencies that brings a browser is
// warned of (BrowserNotInstalled) with the fix, and nothing is installed unasked: Chromium and
// its libraries are some 300 MB.

// browserLaunchers are the production dependencies that launch a browser they download
// themselves, with the variable that names the executable instead ("" for none: Playwright
// takes it as launch's executablePath only). puppeteer-core and playwright-core download
// nothing: the project brings its own browser, or connects to one.
var browserLaunchers = []struct{ pkg, variable string }{
	{"puppeteer", "PUPPETEER_EXECUTABLE_PATH"},
	{"playwright", ""},
	{"playwright-chromium", ""},
}

// browserNotes warn when the package's production dependencies launch a browser that the
// runtime image, one of ours (alias), does not have: not when the spec's packages install one.
func browserNotes(s *spec.Spec, m manifest, image, alias string) []plan.Note {
	if slices.ContainsFunc(s.Packages, func(p string) bool {
		return strings.Contains(p, "chrom") || strings.Contains(p, "firefox")
	}) {
		return nil
	}
	for _, l := range browserLaunchers {
		if !m.Prod[l.pkg] {
			continue
		}
		executable, fix := "/usr/bin/chromium", ""
		switch alias {
		case "alpine":
			executable = "/usr/bin/chromium-browser"
		case "distroless":
			fix = "set `runtime: slim` (distroless installs no packages), "
		}
		fix += "add `packages: [chromium]`"
		if l.variable != "" {
			fix += fmt.Sprintf(" and `env: {%s: %s}` (or the variable the code passes as executablePath)", l.variable, executable)
		} else {
			fix += fmt.Sprintf(" and pass `executablePath: '%s'` to launch, or set `runtime` to an image with Playwright's browsers", executable)
		}
		return append([]plan.Note(nil), rules.BrowserNotInstalled.Note(lang.FirstField(s, "packages", "runtime", "language"),
			rules.BrowserNotInstalled.Format(l.pkg, image, fix)))
	}
	return nil
}
