package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestWheelLeavesOutAssets: a hatchling package whose `assets` write into the package's
// directory, and whose .gitignore names that output, is warned of with the artifacts setting
// (the image gets the package as its wheel only); not when pyproject.toml sets artifacts or
// ignore-vcs, when no .gitignore (or one with a negation) names it, when the output is outside
// the package, nor for setuptools, nor when the spec's own output is left unwritten.
//
// The image imports the package from the venv only when what it runs is a script of the
// package (dispatch's `dispatch server start`): a web application the image serves has the
// source shipped too, on PYTHONPATH before the venv, and its built files with it.
func TestWheelLeavesOutAssets(t *testing.T) {
	const ui = `{"private": true, "scripts": {"build": "vite build"}}`
	project := func(hatch string) lang.Facts {
		return files("pyproject.toml", deskScript+"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"+hatch,
			"src/desk/__init__.py", "", "src/desk/cli.py", "def main():\n    serve()\n",
			"src/desk/web/package.json", ui, "web/package.json", ui)
	}
	const (
		inPkg  = "language: python\nassets: {dir: src/desk/web, output: src/desk/web/dist}\n"
		intoTo = "language: python\nassets: {dir: web, output: web/dist, into: src/desk/static}\n"
	)
	want := "`assets` writes src/desk/web/dist inside the package src/desk, which the image gets only as the wheel `pip install .` builds, " +
		"and hatchling leaves out of the wheel what .gitignore names (`dist/`): the image would lack the built files; " +
		"add `artifacts = [\"/src/desk/web/dist\"]` to pyproject.toml's `[tool.hatch.build.targets.wheel]`"
	for _, c := range []struct {
		name, spec string
		ctx        lang.Facts
		want       string // "" for no warning
	}{
		{"gitignored output in the package", inPkg, with(project(""), ".gitignore", "*.pyc\ndist/\n"), want},
		{"anchored pattern", inPkg, with(project(""), ".gitignore", "/src/desk/web/dist\n"), "`/src/desk/web/dist`"},
		{"into the package", intoTo, with(project(""), ".gitignore", "src/desk/static/\n"), "add `artifacts = [\"/src/desk/static\"]`"},
		{"artifacts set", inPkg, with(project("[tool.hatch.build.targets.wheel]\nartifacts = [\"src/desk/web/dist\"]\n"), ".gitignore", "dist/\n"), ""},
		{"ignore-vcs", inPkg, with(project("[tool.hatch.build]\nignore-vcs = true\n"), ".gitignore", "dist/\n"), ""},
		{"no .gitignore (or left out by .dockerignore)", inPkg, project(""), ""},
		{"not ignored", inPkg, with(project(""), ".gitignore", "build/\n/dist\n"), ""},
		{"a negation", inPkg, with(project(""), ".gitignore", "dist/\n!src/desk/web/dist\n"), ""},
		{"outside the package", "language: python\nassets: {dir: web, output: web/dist}\n", with(project(""), ".gitignore", "dist/\n"), ""},
		{"output not written", "language: python\nassets: {dir: src/desk/web}\n", with(project(""), ".gitignore", "dist/\n"), ""},
		{"setuptools", inPkg, with(files("pyproject.toml", deskScript+"[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n",
			"src/desk/__init__.py", "", "src/desk/cli.py", "def main():\n    serve()\n", "src/desk/web/package.json", ui),
			".gitignore", "dist/\n"), ""},
		// a served application's source is shipped too, and imported before the venv's copy
		{"the source shipped", inPkg, with(hatchApp, "src/desk/web/package.json", ui, ".gitignore", "dist/\n"), ""},
	} {
		n := langtest.NoteOf(mustContext(t, c.spec, c.ctx), "WheelLeavesOutAssets")
		switch {
		case c.want != "" && (n == nil || !strings.Contains(n.Msg, c.want)):
			t.Errorf("%s: WheelLeavesOutAssets %+v, want %q", c.name, n, c.want)
		case c.want == "" && n != nil:
			t.Errorf("%s: WheelLeavesOutAssets %q, want none", c.name, n.Msg)
		}
	}
}

// deskScript is a package project that runs its one script, so the image ships only the venv.
const deskScript = "[project]\nname = \"desk\"\nversion = \"1\"\ndependencies = [\"click\"]\n[project.scripts]\ndesk = \"desk.cli:main\"\n"

// hatchApp is a hatchling package whose FastAPI application the image serves.
var hatchApp = files("pyproject.toml", "[project]\nname = \"desk\"\nversion = \"1\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n"+
	"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
	"src/desk/__init__.py", "", "src/desk/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")

// TestFrontEndInsideThePackageNamesArtifacts: FrontEndNotBuilt for a front end inside a
// hatchling package adds the artifacts setting when .gitignore names the output it suggests.
func TestFrontEndInsideThePackageNamesArtifacts(t *testing.T) {
	ctx := files("pyproject.toml", deskScript+"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"src/desk/__init__.py", "", "src/desk/cli.py", "def main():\n    serve()\n",
		"src/desk/static/desk/package.json", `{"private": true, "scripts": {"build": "vite build"}}`)
	const hint = "; with that output, also add `artifacts = [\"/src/desk/static/desk/dist\"]` to pyproject.toml's `[tool.hatch.build.targets.wheel]`: " +
		"hatchling leaves out of the wheel what .gitignore names (`dist`), and the wheel is all of the package the image gets"
	n := langtest.NoteOf(mustContext(t, "language: python\n", with(ctx, ".gitignore", "node_modules\ndist\n")), "FrontEndNotBuilt")
	if n == nil || !strings.HasSuffix(n.Msg, hint) || !strings.Contains(n.Msg, "assets: {dir: src/desk/static/desk") {
		t.Errorf("FrontEndNotBuilt %+v, want ...%q", n, hint)
	}
	for name, ctx := range map[string]lang.Facts{"without .gitignore": ctx,
		"the source shipped": with(hatchApp, "src/desk/static/desk/package.json", `{"private": true, "scripts": {"build": "vite build"}}`, ".gitignore", "dist\n")} {
		if n := langtest.NoteOf(mustContext(t, "language: python\n", ctx), "FrontEndNotBuilt"); n == nil || strings.Contains(n.Msg, "artifacts") {
			t.Errorf("%s: FrontEndNotBuilt %+v, want it without artifacts", name, n)
		}
	}
}

// TestGitignored: plain patterns, anchored or not, with or without a trailing slash, match the
// directory or one above it; a negation that may bring back the directory or a file of it (and
// ** inside a pattern) is not read as a guess.
func TestGitignored(t *testing.T) {
	for _, c := range []struct{ ignore, name, want string }{
		{"dist/\n", "a/b/dist", "dist/"},
		{"# dist\n*.log\n", "a/dist", ""},
		{"/a/b\n", "a/b/dist", "/a/b"},
		{"b/dist\n", "a/b/dist", ""}, // anchored at the root: a/b/dist is not b/dist
		{"a/*/dist\n", "a/b/dist", "a/*/dist"},
		{"**/dist\n", "a/b/dist", "**/dist"},
		{"a/**/dist\n", "a/b/dist", ""},
		{"dist\n!a/b/dist\n", "a/b/dist", ""},
		{"dist\n!a/b/dist/keep.js\n", "a/b/dist", ""},
		{"dist\n!*.js\n", "a/b/dist", ""},
		{"!data/.env\ndist/\n", "a/b/dist", "dist/"}, // a negation elsewhere
		{"/a/b/dist/x\n", "a/b/dist", ""},            // a file below it only
		{"/a\n", "a/b/dist", "/a"},
		{"static\r\n", "pkg/static/dist", "static"},
	} {
		if got := gitignored(c.ignore, c.name); got != c.want {
			t.Errorf("gitignored(%q, %q) = %q, want %q", c.ignore, c.name, got, c.want)
		}
	}
}
