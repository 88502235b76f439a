package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestFrontEndNotBuilt: a package.json beside a Django project with a `build` script (a webpack
// build into a directory .gitignore leaves out, redash's shape) is a FrontEndNotBuilt warning
// naming the script and `assets` (a `build-prod` when there is no `build`: isso's); not when the spec has `assets` (or `assets: false`), or the
// package.json builds nothing.
func TestFrontEndNotBuilt(t *testing.T) {
	const build = `{"private": true, "scripts": {"build": "webpack --mode production", "test": "jest"}}`
	for _, c := range []struct {
		name, spec, packageJSON string
		warned                  bool
	}{
		{"a build script", "language: python\n", build, true},
		{"assets", "language: python\nassets: {dir: ., output: client/dist}\n", build, false},
		{"assets: false", "language: python\nassets: false\n", build, false},
		{"no build script", "language: python\n", `{"scripts": {"lint": "eslint ."}}`, false},
		{"a development build only", "language: python\n", `{"scripts": {"build-dev": "webpack --config-name dev"}}`, false},
		{"not JSON", "language: python\n", `{"scripts": `, false},
	} {
		p := mustContext(t, c.spec, with(djangoSite, "package.json", c.packageJSON))
		n := langtest.NoteOf(p, "FrontEndNotBuilt")
		switch {
		case c.warned && (n == nil || !strings.Contains(n.Msg, "package.json's `build` script builds the front end, which a Python build runs only as the spec's `assets`") ||
			!strings.Contains(n.Msg, "assets: {dir: ., script: build, output: <the directory it writes")):
			t.Errorf("%s: FrontEndNotBuilt %+v", c.name, n)
		case !c.warned && n != nil:
			t.Errorf("%s: FrontEndNotBuilt %q, want none", c.name, n.Msg)
		}
	}
	// isso's: no `build`, a production build by another name
	isso := `{"scripts": {"build-dev": "webpack --config-name dev", "build-prod": "webpack --config-name prod"}}`
	if n := langtest.NoteOf(mustContext(t, "language: python\n", with(djangoSite, "package.json", isso)), "FrontEndNotBuilt"); n == nil ||
		!strings.Contains(n.Msg, "package.json's `build-prod` script builds the front end") || !strings.Contains(n.Msg, "script: build-prod,") {
		t.Errorf("build-prod: FrontEndNotBuilt %+v", n)
	}
	if n := langtest.NoteOf(mustContext(t, "language: python\n", djangoSite), "FrontEndNotBuilt"); n != nil {
		t.Errorf("no package.json: %q", n.Msg)
	}
}
