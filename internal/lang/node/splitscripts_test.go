package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestPatchThenSourceScriptIsSplit: an install script that runs patch-package and then a step
// of the source (an Express app whose postinstall patches its dependencies and compiles its
// Sass into public/css, and whose start script compiles it again before `node server.js`; the
// eleventh sweep's hackathon-starter) failed in deps, where the stylesheets are not. deps now
// runs patch-package alone, the builder the rest after the source copy (once, when it is the
// start script's build), and the image runs server.js with the compiled CSS.
func TestPatchThenSourceScriptIsSplit(t *testing.T) {
	const styled = `{"name": "guestbook", "scripts": {"postinstall": "patch-package && npm run styles",
	 "styles": "sass --no-source-map --update ./public/css:./public/css", "start": "npm run styles && node server.js", "test": "mocha"},
	 "dependencies": {"express": "^5.1.0", "patch-package": "^8.0.0", "sass": "^1.89.0"}}`
	for _, tc := range []struct {
		name, pkg    string
		deps         string // deps' step setting the head, "" for none
		builder      []string
		installNoted bool
	}{
		{"the tail is the start script's build", styled, "npm pkg set scripts.postinstall=patch-package", []string{"npm run styles"}, false},
		{"a tail of its own", strings.Replace(styled, "npm run styles\",\n", "node scripts/icons.js\",\n", 1), "npm pkg set scripts.postinstall=patch-package",
			[]string{"node scripts/icons.js", "npm run styles"}, false},
		{"after ;, whole in deps", strings.Replace(styled, "patch-package && npm", "patch-package; npm", 1), "", []string{"npm run styles"}, true},
		{"prisma generate stays in deps", strings.Replace(styled, "npm run styles\",\n", "prisma generate\",\n", 1), "", []string{"npm run styles"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := facts(tc.pkg, "package-lock.json", `{"lockfileVersion": 3}`, "server.js", "", "patches/express+5.1.0.patch", "diff\n")
			p := provider.MustPlan(t, "language: node\nports: [8080]\n", f)
			deps := runs(p.Stage("deps"))
			if got := slices.ContainsFunc(deps, func(r string) bool { return strings.HasPrefix(r, "npm pkg set") }); got != (tc.deps != "") ||
				tc.deps != "" && !slices.Contains(deps, tc.deps) {
				t.Errorf("deps runs %q, want %q", deps, tc.deps)
			}
			if got := runs(p.Stage("builder")); !slices.Equal(got, tc.builder) {
				t.Errorf("builder runs %q, want %q", got, tc.builder)
			}
			if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/node", "/app/server.js"}) {
				t.Errorf("entrypoint %q", p.Image.Entrypoint)
			}
			if got := slices.Contains(langtest.Rules(p), "InstallScript"); got != tc.installNoted {
				t.Errorf("InstallScript %v, want %v: %q", got, tc.installNoted, langtest.Rules(p))
			}
		})
	}
}

// A start script that compiles stylesheets before node (`npm run scss && node app.js`, with no
// build script) builds them in the builder: Sass, Less and Tailwind's CLI are builds.
func TestStartScriptStylesheetBuild(t *testing.T) {
	for _, script := range []string{"sass src/scss:public/css", "lessc styles/site.less public/site.css", "tailwindcss -i src/in.css -o public/out.css --minify"} {
		p := provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"css": "`+script+`", "start": "npm run css && node app.js", "test": "node --test"}}`,
			"package-lock.json", "{}", "app.js", ""))
		if got := runs(p.Stage("builder")); !slices.Equal(got, []string{"npm run css"}) || p.Image.Entrypoint[1] != "/app/app.js" {
			t.Errorf("%s: builder runs %q, entrypoint %q", script, got, p.Image.Entrypoint)
		}
	}
}
