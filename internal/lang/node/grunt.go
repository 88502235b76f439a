package node

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A site built by Grunt (CyberChef: `build: npx grunt prod`, its webpack and copy tasks writing
// build/prod) names no tool of siteTools, and package.json's main is often the project's library
// (CyberChef's Node.js API), so the image ran a module that only exports. When the build script
// runs grunt, main only imports and exports (onlyExports), and the Gruntfile names one directory
// an index.html is written to or read from (`"build/prod/index.html"`), outside the sources, that
// directory is the site.

// gruntfiles are the files Grunt loads its tasks from.
var gruntfiles = []string{"Gruntfile.js", "Gruntfile.cjs", "gruntfile.js"}

var (
	// gruntBuild is a build script running grunt, by itself or through npx.
	gruntBuild = regexp.MustCompile(`(?:^|&&|;|\s)(?:npx\s+)?grunt(?:\s|$)`)
	// gruntIndex is a quoted path of an index.html, its directory captured.
	gruntIndex = regexp.MustCompile("[\"'`](?:\\./)?([\\w.-]+(?:/[\\w.-]+)*)/index\\.html[\"'`]")
)

// gruntSite is the directory a Grunt build writes the site to, when the image would run a main
// that only exports (see above).
func gruntSite(f lang.Facts, m manifest, e entry) (string, bool) {
	if e.From != "package.json's main" || !f.Has(e.File) || !onlyExports(f.Text(e.File)) || !gruntBuild.MatchString(m.Scripts["build"]) {
		return "", false
	}
	name := f.First(gruntfiles...)
	if name == "" {
		return "", false
	}
	var dirs []string
	for _, sub := range gruntIndex.FindAllStringSubmatch(f.Text(name), -1) {
		d := path.Clean(sub[1])
		top, _, _ := strings.Cut(d, "/")
		if top == "src" || top == "node_modules" || top == ".." || strings.HasPrefix(top, ".") || slices.Contains(dirs, d) {
			continue
		}
		dirs = append(dirs, d)
	}
	if len(dirs) != 1 {
		return "", false
	}
	return dirs[0], true
}
