package providers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

func TestDetection(t *testing.T) {
	s := langtest.Spec(t, "ports: [3000]\n")
	for _, c := range []struct {
		files []string
		want  string
	}{
		{[]string{"go.mod"}, "go"},
		{[]string{"package.json"}, "node"},
		{[]string{"package.json", "package-lock.json"}, "node"},
		{[]string{"requirements.txt"}, "python"},
		{[]string{"pyproject.toml"}, "python"},
		{[]string{"setup.py"}, "python"},
		// bun's lockfile or packageManager make it Bun's, though package.json is Node's marker
		{[]string{"package.json", "bun.lock"}, "bun"},
		{[]string{"package.json", "bun.lockb", "public/index.html"}, "bun"},
		{[]string{"package.json=" + `{"packageManager": "bun@1.2.0"}`}, "bun"},
		// deno.json, deno.jsonc or deno.lock make it Deno's, package.json beside them too
		{[]string{"deno.json", "package.json"}, "deno"},
		{[]string{"deno.lock", "main.ts"}, "deno"},
		{[]string{"deno.json", "deno.lock", "package.json", "package-lock.json"}, "deno"},
		// ... unless Node.js's lockfile locks package.json's dependencies and there is no
		// deno.lock: the deno.json is a Node.js project's second way to run (a NestJS
		// boilerplate's, beside the pnpm-lock.yaml its Dockerfile installs from)
		{[]string{"deno.json", "package.json", "pnpm-lock.yaml"}, "node"},
		{[]string{"deno.jsonc", "package.json", "package-lock.json"}, "node"},
		{[]string{"deno.json", "package.json", "yarn.lock", "bun.lock"}, "bun"},
		// a plain public/ is a static site only when nothing else matches
		{[]string{"package.json", "public/index.html"}, "node"},
		{[]string{"public/index.html"}, "static"},
		// a package.json beside go.mod, a Python project's files or a Java build builds a web UI
		// or runs tools: the program is Go's, Python's, Java's (go-shiori/shiori,
		// wagtail/bakerydemo, JHipster)
		{[]string{"go.mod", "package.json"}, "go"},
		{[]string{"go.mod", "bun.lockb", "package.json"}, "go"},
		{[]string{"requirements.txt", "manage.py", "package.json", "package-lock.json"}, "python"},
		{[]string{"pyproject.toml", "uv.lock", "package.json", "bun.lock"}, "python"},
		{[]string{"pom.xml", "package.json"}, "java"},
		{[]string{"go.mod", "requirements.txt"}, "several: go (go.mod), python (requirements.txt)"},
		{[]string{"package.json", "Cargo.toml"}, "several: node (package.json), rust (Cargo.toml)"},
		// PHP by composer.json or an index.php; a public/index.php is PHP's, not a static site
		{[]string{"composer.json"}, "php"},
		{[]string{"index.php"}, "php"},
		{[]string{"public/index.php", "public/index.html"}, "php"},
		// a package.json beside composer.json or a Gemfile builds the app's assets: PHP's, Ruby's
		{[]string{"composer.json", "package.json"}, "php"},
		{[]string{"Gemfile", "Gemfile.lock"}, "ruby"},
		{[]string{"Gemfile", "package.json", "yarn.lock"}, "ruby"},
		{[]string{"Gemfile", "composer.json"}, "several: php (composer.json), ruby (Gemfile)"},
		{nil, "none detected"},
	} {
		f := lang.Facts{}
		for _, file := range c.files {
			name, content, _ := strings.Cut(file, "=")
			f[name] = []byte(content)
		}
		got := ""
		p, err := For(s, f)
		if err != nil {
			got = err.Error()
		} else {
			got = p.Name()
		}
		if got != c.want && !strings.Contains(got, c.want) {
			t.Errorf("%q: %s, want %s", c.files, got, c.want)
		}
	}
}

// TestReads: the frontend reads a language's files of the context when the spec may be in that
// language, and not when it names another.
func TestReads(t *testing.T) {
	for _, c := range []struct {
		src   string
		files []string
		read  bool
	}{
		{"ports: [8080]\n", []string{"package.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", ".nvmrc", ".yarnrc.yml"}, true},
		{"entrypoint: app\n", []string{"pyproject.toml", "poetry.lock", "uv.lock", ".python-version", "requirements-dev.txt"}, true},
		{"language: go\n", []string{"pyproject.toml"}, false},
	} {
		reads := Reads(langtest.Spec(t, c.src))
		for _, f := range c.files {
			if slices.Contains(reads, f) != c.read {
				t.Errorf("%q: reads %q, want %s in them %v", c.src, reads, f, c.read)
			}
		}
	}
}

func TestEveryLanguageIsDescribed(t *testing.T) {
	for _, l := range Languages() {
		if l.Name == "" || len(l.Markers) == 0 || len(l.Runtimes) == 0 {
			t.Errorf("%+v: every language needs a name, markers and runtime aliases", l)
		}
	}
}

// TestAnotherLanguagesRuntimeIsRefused: `runtime: frankenphp` in a Go spec is not an image named
// frankenphp but a runtime of PHP, refused at the spec's line.
func TestAnotherLanguagesRuntimeIsRefused(t *testing.T) {
	langtest.Refuses(t, langtest.PlanFunc(Plan), "language: go\nruntime: frankenphp\n", lang.Facts{"go.mod": []byte("module example.com/x\n\ngo 1.26\n")},
		"`runtime: frankenphp` is a runtime of php, not of go at Dockerfile:2:1", "choose one of distroless, scratch, alpine, slim")
	for _, src := range []string{"language: go\nruntime: scratch\n", "language: go\nruntime: alpine\n"} {
		s, _ := spec.Parse("Dockerfile", []byte(src))
		if _, err := Plan(s, lang.Facts{"go.mod": []byte("module example.com/x\n\ngo 1.26\n")}); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// TestLaravelWithViteAssets: a Laravel project with a package.json is PHP's, and its Vite build
// comes through `assets`: the Node.js stages, their output copied into the builder after the
// source and before composer's autoloader and artisan run.
func TestLaravelWithViteAssets(t *testing.T) {
	s := langtest.Spec(t, "ports: [8080]\nassets: {dir: ., output: public/build}\n")
	f, _, err := Read(s, lang.DirReader(filepath.Join("..", "php", "testdata", "laravel")))
	if err != nil {
		t.Fatal(err)
	}
	f["package.json"] = []byte(`{"private": true, "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^5", "laravel-vite-plugin": "^1"}}`)
	f["package-lock.json"] = []byte(`{"lockfileVersion": 3, "packages": {}}`)
	p, err := Plan(s, f)
	if err != nil {
		t.Fatal(err)
	}
	if p.Language != "php" || p.Stage("assets") == nil {
		t.Fatalf("%s plan, assets stage %v", p.Language, p.Stage("assets") != nil)
	}
	var order []string
	for _, step := range p.Stage("builder").Steps {
		switch st := step.(type) {
		case *plan.Copy:
			order = append(order, "copy "+st.FromStage)
		case *plan.Run:
			order = append(order, strings.Join(st.Args, " "))
		}
	}
	if len(order) < 4 || order[0] != "copy " || order[1] != "copy assets" || !strings.HasPrefix(order[3], "composer dump-autoload") {
		t.Errorf("builder steps %q: want the source, the assets, then Laravel's directories and the autoloader", order)
	}
}

// TestLaravelBuildsItsViteAssetsByDefault: the skeleton's Vite build (laravel-vite-plugin, a build
// script) is Laravel's convention, so the spec needs no `assets` line (laravel/laravel and
// koel/koel built no public/build before): the files are read through Follow when the spec says
// `language: php` too, which reads no Node.js files of its own.
func TestLaravelBuildsItsViteAssetsByDefault(t *testing.T) {
	dir := laravelWith(t, map[string]string{
		"package.json":   `{"private": true, "type": "module", "scripts": {"build": "vite build", "dev": "vite"}, "devDependencies": {"laravel-vite-plugin": "^2", "vite": "^7"}}`,
		"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
	})
	for _, src := range []string{"ports: [8080]\n", "language: php\nports: [8080]\n"} {
		p := planDir(t, src, dir)
		deps, assets := p.Stage("assets-deps"), p.Stage("assets")
		if p.Language != "php" || deps == nil || assets == nil || !strings.Contains(deps.Description, "pnpm install --frozen-lockfile") {
			t.Fatalf("%q: %s plan, assets-deps %+v", src, p.Language, deps)
		}
		if !copiesBuiltAssets(p) {
			t.Errorf("%q: the builder does not get public/build", src)
		}
	}
	// no laravel-vite-plugin (or no build script): nothing to build
	tree.WriteIn(t, dir, map[string]string{"package.json": `{"private": true, "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`})
	s, _ := spec.Parse("Dockerfile", []byte("ports: [8080]\n"))
	if p, err := PlanDir(s, dir); err != nil || p.Stage("assets") != nil {
		t.Errorf("without laravel-vite-plugin: %v, assets %v", err, p != nil && p.Stage("assets") != nil)
	}
}

// TestLaravelAssetsGetVendor: a Laravel front end that reads Composer's packages (Breeze's and
// Jetstream's ZiggyVue import from ../../vendor/tightenco/ziggy, their Tailwind content globs
// under ./vendor/laravel/) gets the deps stage's vendor/ in its assets' build, after the source
// (which leaves the developer's vendor/ out); one that does not, none.
func TestLaravelAssetsGetVendor(t *testing.T) {
	for _, tc := range []struct {
		name, file, text string
		want             bool
	}{
		{"Ziggy's import", "resources/js/app.ts", "import { createApp } from 'vue';\nimport { ZiggyVue } from '../../vendor/tightenco/ziggy';\n", true},
		{"Tailwind's content", "tailwind.config.js", "export default {\n  content: [\n    './vendor/laravel/framework/src/Illuminate/Pagination/resources/views/*.blade.php',\n    './resources/views/**/*.blade.php',\n  ],\n};\n", true},
		{"a theme's @import", "resources/css/app.css", "@import '/vendor/filament/filament/resources/css/theme.css';\n", true},
		{"none", "resources/js/app.js", "import './bootstrap';\n// see vendor/ for the PHP side\n", false},
	} {
		dir := laravelWith(t, map[string]string{
			"package.json":      `{"private": true, "type": "module", "scripts": {"build": "vite build"}, "devDependencies": {"laravel-vite-plugin": "^2", "vite": "^7"}}`,
			"package-lock.json": "{}\n",
			tc.file:             tc.text,
		})
		p := planDir(t, "ports: [8080]\n", dir)
		var got []string
		for _, c := range langtest.Copies(p.Stage("assets")) {
			got = append(got, c.FromStage+":"+strings.Join(c.Paths, ",")+"->"+c.Dest+" -"+strings.Join(c.Exclude, ","))
		}
		want := []string{":.->./ -**/node_modules,public/build"}
		if tc.want {
			want = []string{":.->./ -**/node_modules,public/build,vendor", "deps:/app/vendor->/app/vendor/ -"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: assets copies %q, want %q", tc.name, got, want)
		}
	}
}

// TestWorkspaceIsNodesAndBuns: `workspace` selects a package of an npm, yarn, pnpm or Bun
// workspace. A Bun project (detected by its bun.lock) plans the selection (a package it does not
// have fails at the field); another language refuses it as any foreign field.
func TestWorkspaceIsNodesAndBuns(t *testing.T) {
	s := langtest.Spec(t, "ports: [3000]\nworkspace: apps/api\n")
	f := lang.Facts{"package.json": []byte(`{"name": "mono", "workspaces": ["apps/*"], "scripts": {"start": "bun run apps/api/src/index.ts"}}`),
		"bun.lock": []byte("{}")}
	_, err := Plan(s, f)
	langtest.ErrorHas(t, "an unknown workspace package in a Bun project", err, `"apps/api" is not a package of the workspace (package.json's workspaces: apps/*)`)
	f["apps/api/package.json"] = []byte(`{"name": "@mono/api", "module": "src/index.ts"}`)
	if p, err := Plan(s, f); err != nil || p.Image.Workdir != "/app/apps/api" {
		t.Errorf("workspace in a Bun project: %v", err)
	}
	_, err = Plan(s, lang.Facts{"go.mod": []byte("module example.com/api\n\ngo 1.26\n"), "main.go": []byte("package main\n")})
	langtest.ErrorHas(t, "workspace in a Go project", err, "`workspace` is a node, bun, deno and python field, and the build context is go")
	langtest.ErrorHas(t, "workspace in a Go project", err, "set `language: node`")
}

// TestSymfonyBuildsItsEncoreAssetsByDefault: Webpack Encore's build (encore production into
// public/build, the recipe's output path) is Symfony's convention before the asset mapper, so
// the spec needs no `assets` line, as for Laravel's Vite build.
func TestSymfonyBuildsItsEncoreAssetsByDefault(t *testing.T) {
	dir := t.TempDir()
	tree.WriteIn(t, dir, map[string]string{
		"composer.json":    `{"require": {"php": ">=8.2", "symfony/framework-bundle": "7.3.*", "symfony/webpack-encore-bundle": "^2.2"}}`,
		"composer.lock":    `{"packages": []}`,
		"bin/console":      "#!/usr/bin/env php\n<?php\n",
		"public/index.php": "<?php\n",
		"package.json":     `{"private": true, "scripts": {"dev": "encore dev", "build": "encore production --progress"}, "devDependencies": {"@symfony/webpack-encore": "^5.1", "webpack": "^5.99"}}`,
		"yarn.lock":        "# yarn lockfile v1\n",
	})
	p := planDir(t, "ports: [8080]\n", dir)
	if p.Language != "php" || p.Stage("assets") == nil || !copiesBuiltAssets(p) {
		t.Errorf("%s plan: the builder does not get Encore's public/build", p.Language)
	}
	if notes := langtest.NotesOf(p, "FrontEndNotBuilt"); len(notes) > 0 {
		t.Errorf("notes %+v", notes)
	}
	// wallabag's shape: no `build` script, `build:prod` runs encore production, and
	// webpack.config.js writes into web/build/ (its front controller is web/index.php)
	dir = t.TempDir()
	tree.WriteIn(t, dir, map[string]string{
		"composer.json":     `{"require": {"php": ">=8.2", "symfony/framework-bundle": "5.4.*", "symfony/webpack-encore-bundle": "^1.17"}}`,
		"composer.lock":     `{"packages": []}`,
		"bin/console":       "#!/usr/bin/env php\n<?php\n",
		"web/index.php":     "<?php\n",
		"package.json":      `{"private": true, "scripts": {"build:dev": "encore dev", "watch": "encore dev --watch", "build:prod": "encore production --progress"}, "devDependencies": {"@symfony/webpack-encore": "^5.1"}}`,
		"yarn.lock":         "# yarn lockfile v1\n",
		"webpack.config.js": "const Encore = require('@symfony/webpack-encore');\n\nEncore\n  .setOutputPath('web/build/')\n  .setPublicPath('/build')\n  .addEntry('main', './assets/index.js');\n",
	})
	p = planDir(t, "ports: [8080]\n", dir)
	if p.Stage("assets") == nil || !slices.ContainsFunc(p.Stage("builder").Steps, func(st plan.Step) bool {
		c, ok := st.(*plan.Copy)
		return ok && c.FromStage == "assets" && slices.Equal(c.Paths, []string{"/app/web/build"})
	}) {
		t.Fatalf("build:prod and web/build: the builder does not get Encore's web/build")
	}
	if !slices.ContainsFunc(p.Stage("assets").Steps, func(st plan.Step) bool {
		r, ok := st.(*plan.Run)
		return ok && strings.Contains(strings.Join(r.Args, " "), "run build:prod")
	}) {
		t.Errorf("the assets stage does not run build:prod")
	}
	if notes := langtest.NotesOf(p, "FrontEndNotBuilt"); len(notes) > 0 {
		t.Errorf("notes %+v", notes)
	}
}

// TestSymfonyOnADistribution: Sylius-Standard's shape (sixteenth PHP sweep) requires
// sylius/sylius, symfony/flex and symfony/runtime, not the framework bundle, and has no lock;
// its Encore comes through @sylius-ui/frontend and its webpack.config.js builds entries of
// vendor/. It is built as Symfony (prod environment for the scripts that boot the kernel, var/
// the runtime user's), and its front end as default assets, by the script running encore
// production into public/build, with the production packages' vendor/. It was planned as plain
// PHP: the post-install-cmd cache:clear booted the dev kernel, and no front end was built.
func TestSymfonyOnADistribution(t *testing.T) {
	dir := t.TempDir()
	tree.WriteIn(t, dir, map[string]string{
		"composer.json":    `{"type": "project", "require": {"php": "^8.1", "sylius/sylius": "~1.12.0", "symfony/dotenv": "^6.4", "symfony/flex": "^2.4", "symfony/runtime": "^6.4"}, "scripts": {"auto-scripts": {"cache:clear": "symfony-cmd", "assets:install %PUBLIC_DIR%": "symfony-cmd"}, "post-install-cmd": ["@auto-scripts"]}}`,
		"bin/console":      "#!/usr/bin/env php\n<?php\n",
		"public/index.php": "<?php\n",
		"package.json":     `{"license": "MIT", "scripts": {"build": "encore dev", "build:prod": "encore production", "watch": "encore dev --watch"}, "devDependencies": {"@sylius-ui/frontend": "^1.0"}}`,
		"yarn.lock":        "# yarn lockfile v1\n",
		"webpack.config.js": "const path = require('path');\nconst Encore = require('@symfony/webpack-encore');\n" +
			"Encore\n  .setOutputPath('public/build/shop/')\n  .addEntry('shop-entry', './vendor/sylius/sylius/src/Sylius/Bundle/ShopBundle/Resources/private/entry.js');\n" +
			"Encore\n  .setOutputPath('public/build/admin/')\n  .addEntry('admin-entry', './vendor/sylius/sylius/src/Sylius/Bundle/AdminBundle/Resources/private/entry.js');\n",
	})
	p := planDir(t, "ports: [8080]\n", dir)
	if !slices.Equal(p.Image.Env, []plan.Env{{Key: "APP_ENV", Value: "prod"}}) {
		t.Errorf("image env %+v, want APP_ENV=prod", p.Image.Env)
	}
	runsInProd := false
	for _, st := range p.Stage("builder").Steps {
		if r, ok := st.(*plan.Run); ok && strings.Contains(strings.Join(r.Args, " "), "post-install-cmd") {
			runsInProd = slices.Contains(r.Env, plan.Env{Key: "APP_ENV", Value: "prod"})
		}
	}
	if !runsInProd {
		t.Errorf("post-install-cmd does not run with APP_ENV=prod")
	}
	if p.Stage("assets") == nil || !copiesBuiltAssets(p) {
		t.Fatalf("the builder does not get Encore's public/build")
	}
	var got []string
	for _, st := range p.Stage("assets").Steps {
		switch st := st.(type) {
		case *plan.Copy:
			got = append(got, st.FromStage+":"+strings.Join(st.Paths, ","))
		case *plan.Run:
			got = append(got, strings.Join(st.Args, " "))
		}
	}
	if !slices.Contains(got, "deps:/app/vendor") || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "run build:prod") }) {
		t.Errorf("assets steps %q, want build:prod with deps' vendor/", got)
	}
	if notes := langtest.NotesOf(p, "FrontEndNotBuilt"); len(notes) > 0 {
		t.Errorf("notes %+v", notes)
	}
}

// planDir reads the files planning asks for from dir, as the frontend does from the build
// context, and plans the spec src.
func planDir(t *testing.T, src, dir string) *plan.Plan {
	t.Helper()
	p, err := PlanDir(langtest.Spec(t, src), dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// writeFiles writes files (name: contents) under dir, making their directories.
// laravelWith is a directory holding php's Laravel project (testdata/laravel) and files.
func laravelWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "php", "testdata", "laravel"))); err != nil {
		t.Fatal(err)
	}
	tree.WriteIn(t, dir, files)
	return dir
}

// copiesBuiltAssets: the builder copies the assets stage's public/build.
func copiesBuiltAssets(p *plan.Plan) bool {
	return slices.ContainsFunc(p.Stage("builder").Steps, func(st plan.Step) bool {
		c, ok := st.(*plan.Copy)
		return ok && c.FromStage == "assets" && slices.Equal(c.Paths, []string{"/app/public/build"})
	})
}

// TestRailsBuildsItsBundlesByDefault: jsbundling-rails' `build` and cssbundling-rails'
// `build:css` are Rails' conventions for its JavaScript and CSS: both run in the assets' Node.js
// stages, in that order, their app/assets/builds is copied into the builder, and
// assets:precompile skips them (the builder has no Node.js). A spec that names its own assets,
// or none, gets no skip; a bundling gem without its script builds nothing of it.
func TestRailsBuildsItsBundlesByDefault(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "ruby", "testdata", "rails"))); err != nil {
		t.Fatal(err)
	}
	lock, err := os.ReadFile(filepath.Join(dir, "Gemfile.lock"))
	if err != nil {
		t.Fatal(err)
	}
	bundling := strings.Replace(string(lock), "    bootsnap (1.18.4)\n", "    bootsnap (1.18.4)\n    cssbundling-rails (1.4.3)\n      railties (>= 6.0.0)\n    jsbundling-rails (1.3.1)\n      railties (>= 6.0.0)\n", 1)
	tree.WriteIn(t, dir, map[string]string{
		"Gemfile.lock": bundling,
		"package.json": `{"private": true, "scripts": {"build": "esbuild app/javascript/*.* --bundle --outdir=app/assets/builds --public-path=/assets", "build:css": "tailwindcss -i ./app/assets/stylesheets/application.tailwind.css -o ./app/assets/builds/application.css --minify"}, "devDependencies": {"esbuild": "^0.25.0", "tailwindcss": "^3.4.0"}}`,
		"yarn.lock":    "# yarn lockfile v1\n",
	})
	precompile := func(p *plan.Plan) *plan.Run {
		for _, r := range langtest.Steps[*plan.Run](p.Stage("builder")) {
			if strings.HasSuffix(strings.Join(r.Args, " "), "assets:precompile") {
				return r
			}
		}
		t.Fatalf("no assets:precompile in the builder")
		return nil
	}
	p := planDir(t, "ports: [3000]\n", dir)
	if p.Language != "ruby" || p.Stage("assets") == nil {
		t.Fatalf("%s plan, assets %v", p.Language, p.Stage("assets") != nil)
	}
	if got := assetBuilds(p); !slices.Equal(got, []string{"yarn run build", "yarn run build:css"}) {
		t.Errorf("the assets run %q, want yarn's build then build:css", got)
	}
	if !slices.ContainsFunc(p.Stage("builder").Steps, func(st plan.Step) bool {
		c, ok := st.(*plan.Copy)
		return ok && c.FromStage == "assets" && slices.Equal(c.Paths, []string{"/app/app/assets/builds"})
	}) {
		t.Errorf("the builder does not get app/assets/builds")
	}
	test := langtest.Steps[*plan.Run](p.Stage("tester"))
	for _, e := range []plan.Env{{Key: "SKIP_JS_BUILD", Value: "1"}, {Key: "SKIP_CSS_BUILD", Value: "1"}} {
		if !slices.Contains(precompile(p).Env, e) {
			t.Errorf("assets:precompile env %v lacks %v", precompile(p).Env, e)
		}
		if !slices.Contains(test[len(test)-1].Env, e) { // test:prepare builds them too
			t.Errorf("the tests' env %v lacks %v", test[len(test)-1].Env, e)
		}
	}
	for _, src := range []string{"ports: [3000]\nassets: false\n", "ports: [3000]\nassets: {dir: ., output: app/assets/builds}\n"} {
		p := planDir(t, src, dir)
		if slices.ContainsFunc(precompile(p).Env, func(e plan.Env) bool { return strings.HasPrefix(e.Key, "SKIP_") }) {
			t.Errorf("%q: assets:precompile env %v", src, precompile(p).Env)
		}
	}
	// cssbundling-rails alone: build:css only
	tree.WriteIn(t, dir, map[string]string{"Gemfile.lock": strings.Replace(bundling, "    jsbundling-rails (1.3.1)\n      railties (>= 6.0.0)\n", "", 1)})
	p = planDir(t, "ports: [3000]\n", dir)
	if got := assetBuilds(p); !slices.Equal(got, []string{"yarn run build:css"}) {
		t.Errorf("cssbundling alone: the assets run %q", got)
	}
	if e := precompile(p).Env; !slices.Contains(e, plan.Env{Key: "SKIP_CSS_BUILD", Value: "1"}) || slices.Contains(e, plan.Env{Key: "SKIP_JS_BUILD", Value: "1"}) {
		t.Errorf("cssbundling alone: assets:precompile env %v", e)
	}
	// no bundling gem: nothing to build, whatever package.json says
	tree.WriteIn(t, dir, map[string]string{"Gemfile.lock": string(lock)})
	if p := planDir(t, "ports: [3000]\n", dir); p.Stage("assets") != nil {
		t.Errorf("without a bundling gem: an assets stage")
	}
}

// TestRailsBuildsItsPacksByDefault: a Rails app whose bundle has Shakapacker
// (internal/e2e/testdata/rails-shakapacker, which TestRailsShakapackerPacks builds) gets its
// packs as default assets: webpack with the project's config and the configuration named, in
// production, into public/packs, which the builder gets after its source (without the
// developer's stale copy); assets:precompile (propshaft) skips Shakapacker's own compile. The
// shapes the default cannot build are PacksNotBuilt warnings, and no assets.
func TestRailsBuildsItsPacksByDefault(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "e2e", "testdata", "rails-shakapacker"))); err != nil {
		t.Fatal(err)
	}
	p := planDir(t, "ports: [3000]\n", dir)
	if p.Language != "ruby" || p.Stage("assets") == nil {
		t.Fatalf("%s plan, assets %v", p.Language, p.Stage("assets") != nil)
	}
	if got := assetBuilds(p); !slices.Equal(got, []string{"node_modules/.bin/webpack --config config/webpack/webpack.config.js"}) {
		t.Errorf("the assets run %q", got)
	}
	build := langtest.Steps[*plan.Run](p.Stage("assets"))[0]
	for _, e := range []plan.Env{{Key: "NODE_ENV", Value: "production"}, {Key: "RAILS_ENV", Value: "production"},
		{Key: "SHAKAPACKER_CONFIG", Value: "config/shakapacker.yml"}} {
		if !slices.Contains(build.Env, e) {
			t.Errorf("webpack's env %v lacks %v", build.Env, e)
		}
	}
	if got := langtest.Commands(p.Stage("assets-deps")); !slices.Contains(got, "npm ci") {
		t.Errorf("assets-deps runs %q", got)
	}
	builder := p.Stage("builder")
	var src *plan.Copy
	for _, c := range langtest.Steps[*plan.Copy](builder) {
		if slices.Equal(c.Paths, []string{"."}) {
			src = c
		}
	}
	if src == nil || !slices.Contains(src.Exclude, "public/packs") || !slices.ContainsFunc(builder.Steps, func(st plan.Step) bool {
		c, ok := st.(*plan.Copy)
		return ok && c.FromStage == "assets" && slices.Equal(c.Paths, []string{"/app/public/packs"}) && c.Dest == "./public/packs/"
	}) {
		t.Errorf("the builder does not get public/packs from the assets, without the context's: %+v", src)
	}
	for _, r := range langtest.Steps[*plan.Run](builder) {
		if strings.HasSuffix(strings.Join(r.Args, " "), "assets:precompile") && !slices.Contains(r.Env, plan.Env{Key: "SHAKAPACKER_PRECOMPILE", Value: "false"}) {
			t.Errorf("assets:precompile env %v: Shakapacker's compile would run webpack again, without Node.js", r.Env)
		}
	}
	if msgs := langtest.Messages(p, "PacksNotBuilt"); len(msgs) > 0 {
		t.Errorf("warnings: %q", msgs)
	}

	// a precompile_hook (a Rails task) cannot run in the Node.js stages: no assets, a warning
	yml, err := os.ReadFile(filepath.Join(dir, "config", "shakapacker.yml"))
	if err != nil {
		t.Fatal(err)
	}
	tree.WriteIn(t, dir, map[string]string{"config/shakapacker.yml": strings.Replace(string(yml), "  compile: false\n",
		"  compile: false\n  precompile_hook: bin/rails react_on_rails:generate_packs\n", 1)})
	p = planDir(t, "ports: [3000]\n", dir)
	if p.Stage("assets") != nil || !slices.ContainsFunc(p.Notes, func(n plan.Note) bool {
		return n.Rule == "PacksNotBuilt" && strings.Contains(n.Msg, "precompile_hook (`bin/rails react_on_rails:generate_packs`)")
	}) {
		t.Errorf("with a precompile_hook: assets %v, notes %+v", p.Stage("assets") != nil, p.Notes)
	}
	// the spec's assets: no warning
	if p := planDir(t, "ports: [3000]\nassets: false\n", dir); slices.ContainsFunc(p.Notes, func(n plan.Note) bool { return n.Rule == "PacksNotBuilt" }) {
		t.Errorf("assets: false: %+v", p.Notes)
	}
	tree.WriteIn(t, dir, map[string]string{"config/shakapacker.yml": string(yml)})

	// rspack, with its config where the configuration's assets_bundler_config_path says
	tree.WriteIn(t, dir, map[string]string{
		"config/shakapacker.yml": strings.Replace(string(yml), "  javascript_transpiler: none\n",
			"  javascript_transpiler: none\n  assets_bundler: rspack\n  assets_bundler_config_path: frontend/config\n", 1),
		"frontend/config/rspack.config.ts": "export default {}\n",
	})
	p = planDir(t, "ports: [3000]\n", dir)
	if got := assetBuilds(p); !slices.Equal(got, []string{"node_modules/.bin/rspack --config frontend/config/rspack.config.ts"}) {
		t.Errorf("rspack: the assets run %q (notes %+v)", got, p.Notes)
	}
}

// assetBuilds are the assets stage's commands but the check of their output.
func assetBuilds(p *plan.Plan) []string {
	return slices.DeleteFunc(langtest.Commands(p.Stage("assets")), func(c string) bool { return strings.HasPrefix(c, "/bin/sh -c for f in ") })
}
