package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
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

// TestFrontEndInsideThePackage: a private package.json with a build script inside the Python
// package's directory (dispatch's shape: a Vite UI in src/<pkg>/static/<pkg>, served from its
// dist/) is FrontEndNotBuilt naming its directory, also beside a root package.json that builds
// nothing; not a published package's own (not private), nor one in node_modules, nor with
// `assets`, nor for a project that is no package.
func TestFrontEndInsideThePackage(t *testing.T) {
	const ui = `{"private": true, "scripts": {"build": "vite build --out-dir dist", "serve": "vite"}}`
	hatch := files("pyproject.toml", "[project]\nname = \"desk\"\nversion = \"1\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n"+
		"[tool.hatch.build.targets.wheel]\npackages = [\"src/desk\"]\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"src/desk/__init__.py", "", "src/desk/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
	want := "src/desk/static/desk/package.json's `build` script builds the front end, which a Python build runs only as the spec's `assets`"
	fix := "set `assets: {dir: src/desk/static/desk, script: build, output: <the directory it writes, e.g. src/desk/static/desk/dist>}`"
	frontEndWarned(t, want, fix, []frontEndCase{
		{"in the package", "language: python\n", with(hatch, "src/desk/static/desk/package.json", ui), true},
		{"beside a root package.json building nothing", "language: python\n", with(hatch, "src/desk/static/desk/package.json", ui, "package.json", `{"scripts": {"test": "playwright test"}}`), true},
		{"not private", "language: python\n", with(hatch, "src/desk/static/desk/package.json", `{"scripts": {"build": "rollup -c"}}`), false},
		{"in node_modules", "language: python\n", with(hatch, "src/desk/node_modules/vite/package.json", ui), false},
		{"assets", "language: python\nassets: {dir: src/desk/static/desk, output: src/desk/static/desk/dist}\n", with(hatch, "src/desk/static/desk/package.json", ui), false},
		{"no package", "language: python\nentrypoint: desk.main:app\n", files("requirements.txt", "fastapi\nuvicorn\n", "desk/main.py", "app = FastAPI()\n", "desk/static/desk/package.json", ui), false},
	})
}

// TestFrontEndALevelDownBuildingIntoTheProject: a package.json a level down, beside the Python
// project, whose Vite build writes outside its own directory into the project (mathesar's
// mathesar_ui/, outDir '../mathesar/static/mathesar/' after a rollupOptions object) is warned
// of, naming that output for `assets`; not when it writes inside its own directory, with
// `assets`, or in a directory of tests.
func TestFrontEndALevelDownBuildingIntoTheProject(t *testing.T) {
	const ui = `{"scripts": {"build": "vite build", "dev": "vite"}, "devDependencies": {"vite": "^5.0.0"}}`
	config := func(out string) string {
		return "export default {\n  build: {\n    rollupOptions: {\n      input: {\n        main: './src/main.ts',\n      },\n    },\n    outDir: '" + out + "',\n  },\n}\n"
	}
	want := "ui/package.json's `build` script builds the front end, which a Python build runs only as the spec's `assets`"
	fix := "set `assets: {dir: ui, script: build, output: <the directory it writes, e.g. site/static/ui>}`"
	frontEndWarned(t, want, fix, []frontEndCase{
		{"into the project", "language: python\n", with(djangoSite, "ui/package.json", ui, "ui/vite.config.js", config("../site/static/ui/")), true},
		{"into its own directory", "language: python\n", with(djangoSite, "ui/package.json", ui, "ui/vite.config.js", config("dist")), false},
		{"no configuration", "language: python\n", with(djangoSite, "ui/package.json", ui), false},
		{"out of the context", "language: python\n", with(djangoSite, "ui/package.json", ui, "ui/vite.config.js", config("../../www")), false},
		{"assets", "language: python\nassets: {dir: ui}\n", with(djangoSite, "ui/package.json", ui, "ui/vite.config.js", config("../site/static/ui/")), false},
		{"tests", "language: python\n", with(djangoSite, "tests/package.json", ui, "tests/vite.config.js", config("../site/static/ui/")), false},
	})
}

// frontEndCase is a spec and a context, and whether FrontEndNotBuilt warns of them.
type frontEndCase struct {
	name, spec string
	ctx        lang.Facts
	warned     bool
}

// frontEndWarned checks that FrontEndNotBuilt says want and fix for each case it warns, and
// nothing for the others.
func frontEndWarned(t *testing.T, want, fix string, cases []frontEndCase) {
	t.Helper()
	for _, c := range cases {
		n := langtest.NoteOf(mustContext(t, c.spec, c.ctx), "FrontEndNotBuilt")
		switch {
		case c.warned && (n == nil || !strings.Contains(n.Msg, want) || !strings.Contains(n.Msg, fix)):
			t.Errorf("%s: FrontEndNotBuilt %+v, want %q and %q", c.name, n, want, fix)
		case !c.warned && n != nil:
			t.Errorf("%s: FrontEndNotBuilt %q, want none", c.name, n.Msg)
		}
	}
}

// TestFrontEndALevelDownServedFromItsOwnDirectory: a front end a level down whose build writes
// inside its own directory is warned of when the application's code names that output and the
// context lacks it (a FastAPI app mounting StaticFiles(directory="panel/dist"), which refuses to
// start without it), naming the output and where the code names it; one per front end so named.
// The output in the context, a path the context holds (the UI's source), a commented line, the
// spec's assets and a root front end are not.
func TestFrontEndALevelDownServedFromItsOwnDirectory(t *testing.T) {
	const ui = `{"private": true, "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6.0.0"}}`
	app := func(mount string) string {
		return "from fastapi import FastAPI\nfrom fastapi.staticfiles import StaticFiles\n\napp = FastAPI()\n" + mount + "\n"
	}
	served := `app.mount("/", StaticFiles(directory="panel/dist", html=True))`
	site := func(mount string, more ...string) lang.Facts {
		return files(append([]string{"requirements.txt", "fastapi==0.115.0\nuvicorn==0.34.0\n", "main.py", app(mount),
			"panel/package.json", ui, "panel/src/main.ts", "", "panel/src/", ""}, more...)...)
	}
	want := "panel/package.json's `build` script builds the front end, which a Python build runs only as the spec's `assets`, and whose output panel/dist, which the context lacks, main.py names (line 5)"
	fix := "set `assets: {dir: panel, script: build, output: <the directory it writes, e.g. panel/dist>}`"
	frontEndWarned(t, want, fix, []frontEndCase{
		{"served", "language: python\n", site(served), true},
		{"a file in it", "language: python\n", site(`app.mount("/", StaticFiles(directory="./panel/dist/assets/"))`), true},
		{"built and sent", "language: python\n", site(served, "panel/dist/", ""), false},
		{"its source", "language: python\n", site(`app.mount("/", StaticFiles(directory="panel/src"))`), false},
		{"commented", "language: python\n", site("# " + served), false},
		{"assets", "language: python\nassets: {dir: panel}\n", site(served), false},
		{"not named", "language: python\n", site(""), false},
	})
	// two front ends, each named: a note each
	p := mustContext(t, "language: python\n", site(served+"\nlegacy = StaticFiles(directory='classic/build')", "classic/package.json", ui))
	got := langtest.Messages(p, "FrontEndNotBuilt")
	if len(got) != 2 || !strings.Contains(got[0], "output panel/dist") || !strings.Contains(got[1], "output classic/build, which the context lacks, main.py names (line 6)") {
		t.Errorf("two front ends: %q", got)
	}
}
