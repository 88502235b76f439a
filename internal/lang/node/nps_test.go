package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// npsProject is a package-scripts.js written as nps's users write them: comments, quotes of each
// kind, nested objects, a script computed with a helper.
const npsProject = `/**
 * Scripts (nps). Keep no trailing comma: {not: 'an object'}
 */
const { series } = require('nps-utils');

module.exports = {
    scripts: {
        default: 'nps start',
        // starts what the build writes
        start: {
            script: "cross-env NODE_ENV=production PORT=8080 node dist/app.js",
            description: 'Starts the built app, see http://example.test/docs, it\'s fast',
        },
        serve: {
            script: series('nps banner', 'nodemon --watch src'),
        },
        build: series('nps clean', 'nps transpile'),
        transpile: ` + "`tsc --project ./tsconfig.build.json`" + `,
        prod: { default: 'npm run compile && node build/main.js', "check": 'node -c x.js' },
        templated: ` + "`node ${process.env.ENTRY}`" + `,
    }
};
`

// TestNpsScripts: package-scripts.js is read as text: string literals, objects' script and
// default, dotted names; a script computed in code or a template with a substitution is not.
func TestNpsScripts(t *testing.T) {
	p := pkg{f: facts(`{}`, "package-scripts.js", npsProject), dir: "."}
	file, scripts := p.npsScripts()
	if file != "package-scripts.js" {
		t.Fatalf("file %q", file)
	}
	for name, want := range map[string]string{
		"default":    "nps start",
		"start":      "cross-env NODE_ENV=production PORT=8080 node dist/app.js",
		"transpile":  "tsc --project ./tsconfig.build.json",
		"prod":       "npm run compile && node build/main.js",
		"prod.check": "node -c x.js",
		"serve":      "",
		"build":      "",
		"templated":  "",
		"missing":    "",
	} {
		got, ok := npsScript(scripts, name)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", name, got, ok, want)
		}
	}
	if scripts["build"] == nil {
		t.Errorf("the computed build script is not seen: %v", scripts)
	}
	if desc, _ := scripts["start"].(map[string]any)["description"].(string); !strings.Contains(desc, "it's fast") {
		t.Errorf("description %q", desc)
	}
}

// TestNpsStart: a start script running nps runs what nps's default (or named) script runs; the
// build runs nps's build script when package.json has none.
func TestNpsStart(t *testing.T) {
	yml := "scripts:\n  default:\n    script: node server/index.js --trace\n  build: tsc\n"
	for _, tc := range []struct {
		name, pkg string
		files     []string
		entry     []string
		build     string
		env       string
	}{
		{"nps's default, a build script in package.json", `{"scripts": {"start": "nps", "build": "npm start build"}, "devDependencies": {"nps": "^5"}}`,
			[]string{"package-scripts.js", npsProject}, []string{"/usr/local/bin/node", "/app/dist/app.js"}, "npm run build", "PORT=8080"},
		{"nps's build when package.json has none", `{"scripts": {"start": "nps"}, "devDependencies": {"nps": "^5"}}`,
			[]string{"package-scripts.js", npsProject}, []string{"/usr/local/bin/node", "/app/dist/app.js"}, "node_modules/.bin/nps build", ""},
		{"a named script and its build before node", `{"scripts": {"start:prod": "nps prod", "compile": "tsc"}, "devDependencies": {"nps": "^5"}}`,
			[]string{"package-scripts.js", npsProject}, []string{"/usr/local/bin/node", "/app/build/main.js"}, "npm run compile", ""},
		{"package-scripts.yml", `{"scripts": {"start": "nps"}, "devDependencies": {"nps": "^5"}}`,
			[]string{"package-scripts.yml", yml, "server/index.js", ""}, []string{"/usr/local/bin/node", "/app/server/index.js"}, "node_modules/.bin/nps build", ""},
		{"a computed script falls back to main", `{"scripts": {"start": "nps serve", "build": "tsc"}, "main": "dist/index.js"}`,
			[]string{"package-scripts.js", npsProject}, []string{"/usr/local/bin/node", "/app/dist/index.js"}, "npm run build", ""},
		{"no nps file falls back to main", `{"scripts": {"start": "nps", "build": "tsc"}, "main": "dist/index.js"}`,
			nil, []string{"/usr/local/bin/node", "/app/dist/index.js"}, "npm run build", ""},
	} {
		f := facts(tc.pkg, append([]string{"package-lock.json", `{"lockfileVersion": 3}`}, tc.files...)...)
		p := provider.MustPlan(t, "language: node\ntest: false\n", f)
		if !slices.Equal(p.Image.Entrypoint, tc.entry) {
			t.Errorf("%s: entrypoint %q, want %q", tc.name, p.Image.Entrypoint, tc.entry)
		}
		if got := runs(building(p)); !slices.ContainsFunc(got, func(r string) bool { return strings.Contains(r, tc.build) }) {
			t.Errorf("%s: builder runs %q, want %q", tc.name, got, tc.build)
		}
		if k, v, ok := strings.Cut(tc.env, "="); ok && !slices.ContainsFunc(p.Image.Env, func(e plan.Env) bool { return e.Key == k && e.Value == v }) {
			t.Errorf("%s: env %v, want %s", tc.name, p.Image.Env, tc.env)
		}
	}
}
