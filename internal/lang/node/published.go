package node

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A package published to npm states what it needs to run in package.json's `files`: npm packs
// those files, package.json and the `main` and `bin` files, and whoever installs the package
// runs exactly that. thelounge's image held its whole tree (client/ and server/ sources, tests,
// scripts) where its `files` lists `index.js`, `dist/**/*.js`, `public/**` and `.thelounge_home`.
// When the image would hold the whole tree (an entry at the top, or no build), it holds instead
// the top-level files and directories that `files`, `main` and `bin` name, beside package.json
// and the production node_modules, provided they hold the entry, less what no image of the tree
// holds either (sourceExcludes: lockfiles, documentation). A private package (npm
// publishes nothing) or one whose `files` names the whole tree keeps the tree.

// A published package's `files` may lag what its server reads: mongo-express's names app.js,
// lib and public, while its lib/middleware.js reads `new URL('../build-assets.json',
// import.meta.url)` and lib/router.js serves `new URL('../build', import.meta.url)`, both
// written by its webpack build (its own Dockerfile copies them). So the paths that the server's
// modules (serverModules, startdirs.go) read from their own place or the working directory
// (files.go's readPaths), outside what `files` publishes, ship beside it from the builder
// (unreadTops), the build's outputs included.

// unreadTops are the top-level paths of the package in dir that its server modules read
// (readPaths) and tops, what it publishes, leave out: not package.json or node_modules, which
// the image holds, nor what no image holds (sourceExcludes). from says where the modules run.
func unreadTops(f lang.Facts, dir string, tops []string, from runsFrom) []string {
	if from == nil {
		return nil
	}
	pkgFacts := f.In(dir)
	published := func(top string) bool {
		return slices.ContainsFunc(tops, func(pattern string) bool {
			ok, err := path.Match(pattern, top)
			return ok && err == nil
		})
	}
	var out []string
	for _, name := range serverModules(pkgFacts) {
		here, ok := from(name)
		if !ok {
			continue
		}
		for _, r := range readPaths(name, pkgFacts.Text(name), here) {
			top, _, _ := strings.Cut(r.Path, "/")
			switch {
			case top == "package.json" || top == "node_modules" || published(top) || slices.Contains(out, top),
				slices.ContainsFunc(sourceExcludes, func(pattern string) bool {
					ok, _ := path.Match(pattern, top)
					return ok
				}):
				continue
			}
			out = append(out, top)
		}
	}
	return out
}

// publishedTops are the top-level paths (names or globs, as `files` writes them) of the package
// that npm would publish, and whether they hold what node runs for e; false keeps the tree.
func publishedTops(m manifest, e entry) ([]string, bool) {
	if m.Private || len(m.Files) == 0 {
		return nil, false
	}
	var tops []string
	for _, f := range slices.Concat(m.Files, []string{m.Main}, m.Bin) {
		if strings.HasPrefix(f, "!") || strings.TrimSpace(f) == "" {
			continue // a negation narrows what is published: its top stays
		}
		f = path.Clean(strings.TrimPrefix(f, "/"))
		top, _, _ := strings.Cut(f, "/")
		switch {
		case top == "." || top == ".." || top == "**" || top == "*":
			return nil, false // the whole tree, or outside the package
		case top == "package.json" || top == "node_modules" || slices.ContainsFunc(sourceExcludes, func(pattern string) bool {
			ok, _ := path.Match(pattern, top)
			return ok
		}):
			continue // copied on its own, or what an image never holds (a lockfile, the README)
		}
		tops = lang.AppendNew(tops, top)
	}
	holds := func(file string) bool {
		top, _, _ := strings.Cut(path.Clean(file), "/")
		return slices.ContainsFunc(tops, func(pattern string) bool {
			ok, err := path.Match(pattern, top)
			return ok && err == nil
		})
	}
	if len(tops) == 0 || !slices.ContainsFunc(e.checks(), holds) {
		return nil, false
	}
	return tops, true
}

// publishedExcludes are the patterns of sourceExcludes that hold at any depth (**/node_modules,
// **/*.test.*): what no image of the tree holds below the published directories either.
func publishedExcludes() []string {
	return slices.DeleteFunc(slices.Clone(sourceExcludes), func(p string) bool { return !strings.HasPrefix(p, "**/") })
}
