package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestImageHoldsWhatNpmPublishes: a package whose entry is at the top (a thelounge-shaped
// index.js that requires dist/) and whose package.json lists `files` ships those files' top
// paths, its bin and package.json, and the production node_modules; not its sources, tests or
// scripts. A private package, a `files` without the entry, or one naming the whole tree keeps
// the tree.
func TestImageHoldsWhatNpmPublishes(t *testing.T) {
	const published = `{"name": "lounge", "bin": {"lounge": "index.js"},
 "files": ["./.lounge_home", "./index.js", "./yarn.lock", "./dist/**/*.js", "./public/**", "!dist/**/*.map"],
 "scripts": {"build": "tsc -p server && vite build", "start": "node index start"},
 "dependencies": {"express": "^5"}, "devDependencies": {"typescript": "^5", "vite": "^7"}}`
	tree := []string{"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app -> /app/"}
	for _, tc := range []struct {
		name, pkg string
		include   []string // nil: the whole tree
	}{
		{"files", published, []string{"app/.lounge_home", "app/index.js", "app/dist", "app/public"}},
		{"main and bin are published too", strings.Replace(published, `"./index.js", `, "", 1),
			[]string{"app/.lounge_home", "app/dist", "app/public", "app/index.js"}},
		{"a glob at the top", strings.Replace(published, `"./index.js"`, `"*.js"`, 1),
			[]string{"app/.lounge_home", "app/*.js", "app/dist", "app/public", "app/index.js"}},
		{"private: npm publishes nothing", strings.Replace(published, `"name": "lounge",`, `"name": "lounge", "private": true,`, 1), nil},
		{"files without the entry", strings.Replace(published, `"bin": {"lounge": "index.js"},`, "", 1), nil},
		{"files naming the whole tree", strings.Replace(published, `"./dist/**/*.js"`, `"**/*.js"`, 1), nil},
		{"files with something not a string", strings.Replace(published, `"./yarn.lock"`, `7`, 1), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "files without the entry" {
				tc.pkg = strings.Replace(tc.pkg, `"./index.js", `, "", 1)
			}
			p := provider.MustPlan(t, "language: node\nports: [9000]\n", facts(tc.pkg, "yarn.lock", "", "index.js", "require('./dist/server')\n",
				"server/index.ts", "export {}\n", "client/main.ts", "export {}\n", "test/a.test.ts", "\n"))
			got := artifactPaths(p)
			if tc.include == nil {
				if !slices.Equal(got, tree) {
					t.Errorf("runtime copies %q, want the tree %q", got, tree)
				}
				return
			}
			if want := []string{"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "builder:/ -> /"}; !slices.Equal(got, want) {
				t.Fatalf("runtime copies %q, want %q", got, want)
			}
			c := copies(p.Stage("runtime"))[2]
			if !slices.Equal(c.Include, tc.include) {
				t.Errorf("published paths %q, want %q", c.Include, tc.include)
			}
			if !slices.Contains(c.Exclude, "**/node_modules") || !slices.Contains(c.Exclude, "**/*.test.*") {
				t.Errorf("the copy excludes %q, want node_modules and tests left out below the published directories", c.Exclude)
			}
			if r := lastCheck(p); !strings.HasPrefix(r.Display, "test -e /app/index") {
				t.Errorf("the build checks %q, want the entry checked before the image is made", r.Display)
			}
		})
	}
}

// TestPublishedTops: what is taken of package.json's files, main and bin.
func TestPublishedTops(t *testing.T) {
	e := entry{File: "bin/cli.js"}
	for _, tc := range []struct {
		m    manifest
		want []string
	}{
		{manifest{Files: []string{"bin/", "lib", "README.md", "package.json", "node_modules/x"}}, []string{"bin", "lib"}},
		{manifest{Files: []string{"lib"}, Bin: []string{"./bin/cli.js"}, Package: Package{Main: "lib/index.js"}}, []string{"lib", "bin"}},
		{manifest{Files: []string{"/bin", "!bin/dev.js", "pnpm-lock.yaml", ".env"}}, []string{"bin"}},
		{manifest{Files: []string{"lib"}}, nil},               // not the entry
		{manifest{Files: []string{"bin", "../shared"}}, nil},  // outside the package
		{manifest{Files: []string{"bin", "."}}, nil},          // the whole tree
		{manifest{Package: Package{Main: "bin/cli.js"}}, nil}, // no files: everything is published
	} {
		got, ok := publishedTops(tc.m, e)
		if ok != (tc.want != nil) || !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %q %v, want %q", tc.m, got, ok, tc.want)
		}
	}
}

// TestPublishedImageHoldsWhatTheServerReads: a server at the top whose package.json's `files`
// lags what its modules read (a mongo-express-shaped package: `files` names app.js, lib and
// public, while lib/ reads the webpack build's build/ and build-assets.json through
// `new URL(..., import.meta.url)`, and views/ through import.meta.dirname; its start script
// runs `node app`, without the extension) ships those paths
// beside what it publishes, from the builder, which the build wrote them into.
func TestPublishedImageHoldsWhatTheServerReads(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "dbadmin", "type": "module", "bin": "./app.js", "files": ["app.js", "lib", "public"],
 "scripts": {"build": "webpack", "start": "node app"},
 "dependencies": {"express": "^5"}, "devDependencies": {"webpack": "^5"}}`,
		"yarn.lock": "",
		"app.js":    "import { router } from './lib/router.js'\nrouter.listen(8081)\n",
		"lib/router.js": "import express from 'express'\nimport { fileURLToPath } from 'node:url'\n" +
			"export const router = express()\n" +
			"router.use('/public', express.static(fileURLToPath(new URL('../build', import.meta.url))))\n" +
			"router.set('views', path.join(import.meta.dirname, '..', 'views'))\n",
		"lib/middleware.js": "import fs from 'node:fs'\nimport url from 'node:url'\n" +
			"export const assets = JSON.parse(fs.readFileSync(url.fileURLToPath(new URL('../build-assets.json', import.meta.url)), 'utf8'))\n" +
			"const logo = new URL('../public/logo.png', import.meta.url)\n",
		"lib/scripts/index.js": "\n",
		"views/index.html":     "",
		"public/logo.png":      "",
		"webpack.config.js":    "export default {}\n",
	}
	spec := "language: node\nports: [8081]\n"
	p := provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, ctx))
	c := copies(p.Stage("runtime"))[2]
	if want := []string{"app/app.js", "app/lib", "app/public", "app/build-assets.json", "app/build", "app/views"}; !slices.Equal(c.Include, want) {
		t.Errorf("the image copies %q from %s, want %q", c.Include, c.FromStage, want)
	}
	if c.FromStage != "builder" {
		t.Errorf("the published paths come from %q, want the builder, where the build wrote build/", c.FromStage)
	}
}

// TestModuleURLPaths: an ES module's paths from its own place read as __dirname's.
func TestModuleURLPaths(t *testing.T) {
	src := "app.use(express.static(fileURLToPath(new URL('../build', import.meta.url))))\n" +
		"const a = readFileSync(new URL(\"./assets.json\", import.meta.url))\n" +
		"app.set('views', join(import.meta.dirname, 'views'))\n" +
		"const u = new URL('https://example.com/x', base)\n"
	var got []string
	for _, r := range readPaths("lib/app.js", src, "lib") {
		got = append(got, r.Path+" "+r.Why)
	}
	want := []string{"build lib/app.js:1 static", "lib/assets.json lib/app.js:2 readFileSync", "lib/views lib/app.js:3 set"}
	if !slices.Equal(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
}
