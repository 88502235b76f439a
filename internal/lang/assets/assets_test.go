package assets_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/plan"
)

const uiPackage = `{"name": "ui", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7.3.0"}}`

// registry plans as the frontend does: the assets' stages, then the language's.
var registry = langtest.PlanFunc(providers.Plan)

func names(p *plan.Plan) string { return strings.Join(langtest.Names(p.Stages), " ") }

func copyText(c *plan.Copy) string {
	from := ""
	if c.FromStage != "" {
		from = "--from=" + c.FromStage + " "
	}
	return from + strings.Join(c.Paths, " ") + " " + c.Dest + " exclude=" + strings.Join(c.Exclude, ",")
}

// A Go build with assets: the UI's install and build come before the builder, reading ui/ of
// the context; their output lands in the builder right after the source, at the path it has in
// the project, and the source copy leaves the developer's ui/dist and ui/node_modules out.
func TestGoWithAssets(t *testing.T) {
	p, err := registry.TryPlan(t, "language: go\nassets: {dir: ui}\n", lang.Facts{"go.mod": []byte("module example.com/beacon\n"),
		"ui/package.json": []byte(uiPackage), "ui/package-lock.json": []byte("{}"), "package.json": []byte(`{"main": "x.js"}`)})
	plannedStages(t, p, err, "deps deps-list deps-build assets-deps assets builder tester runtime")
	deps, build, builder := p.Stage("assets-deps"), p.Stage("assets"), p.Stage("builder")
	if c := langtest.Steps[*plan.Copy](deps); len(c) != 1 || copyText(c[0]) != "ui/package.json ui/package-lock.json ./ exclude=" {
		t.Errorf("assets-deps copies %+v", c)
	}
	if r := langtest.Steps[*plan.Run](deps); len(r) != 1 || strings.Join(r[0].Args, " ") != "npm ci" || r[0].Mounts[0].ID != "npm" {
		t.Errorf("assets-deps runs %+v", r)
	}
	if build.Base.Stage != "assets-deps" || !deps.BuildPlatform || !build.BuildPlatform {
		t.Errorf("assets: base %q, build platform %v %v", build.Base.Stage, deps.BuildPlatform, build.BuildPlatform)
	}
	if c := langtest.Steps[*plan.Copy](build); len(c) != 1 || copyText(c[0]) != "ui ./ exclude=**/node_modules,dist" {
		t.Errorf("assets copies %+v", c)
	}
	if r := langtest.Steps[*plan.Run](build); len(r) != 2 || strings.Join(r[0].Args, " ") != "npm run build" ||
		r[1].Display != "test -e /app/dist" {
		t.Errorf("assets runs %+v", r)
	}
	c := langtest.Steps[*plan.Copy](builder)
	if len(c) != 2 || copyText(c[0]) != ". ./ exclude=ui/dist,ui/node_modules" || copyText(c[1]) != "--from=assets /app/dist ./ui/dist/ exclude=" {
		t.Errorf("builder copies %q", []string{copyText(c[0]), copyText(c[1])})
	}
	if _, ok := builder.Steps[2].(*plan.Run); !ok {
		t.Errorf("the assets do not come before go build: %+v", builder.Steps)
	}
	for _, st := range []*plan.Stage{deps, build} {
		for _, step := range st.Steps {
			if r, ok := step.(*plan.Run); ok && strings.HasPrefix(r.Display, "test -e") {
				continue // the output's check points at assets.output when it is written
			}
			if step.Where() != "assets" {
				t.Errorf("%s: a step points at %q, want the assets line", st.Name, step.Where())
			}
		}
	}
	if !slices.ContainsFunc(p.Args, func(a plan.Arg) bool { return a.Name == "NPM_CONFIG_REGISTRY" && a.Tool }) ||
		!slices.ContainsFunc(p.Args, func(a plan.Arg) bool { return a.Name == "GOPROXY" }) {
		t.Errorf("args %+v", p.Args)
	}
}

// The output may be anywhere in the context; the main build's own version and image are not the UI's.
func TestAssetsOutputAndSettings(t *testing.T) {
	p := registry.MustPlan(t, "language: go\nversion: \"1.25\"\nbuild:\n  image: golang:1.25-bookworm\n"+
		"assets: {dir: web/ui, output: internal/web/static}\n",
		lang.Facts{"go.mod": []byte("module x\n"), "web/ui/package.json": []byte(uiPackage), "web/ui/.nvmrc": []byte("22\n")})
	if img := p.Stage("assets-deps").Base.Image; img != "node:22-bookworm" {
		t.Errorf("assets-deps on %q, want the UI's .nvmrc version", img)
	}
	c := langtest.Steps[*plan.Copy](p.Stage("builder"))
	if copyText(c[1]) != "--from=assets /internal/web/static ./internal/web/static/ exclude=" {
		t.Errorf("builder copies %q", copyText(c[1]))
	}
	if r := langtest.Steps[*plan.Run](p.Stage("assets")); r[1].Display != "test -e /internal/web/static" || r[1].Where() != "assets.output" {
		t.Errorf("the output's check: %q at %q", r[1].Display, r[1].Where())
	}
	if copyText(langtest.Steps[*plan.Copy](p.Stage("assets"))[0]) != "web/ui ./ exclude=**/node_modules,../../internal/web/static" {
		t.Errorf("assets copies %q", copyText(langtest.Steps[*plan.Copy](p.Stage("assets"))[0]))
	}
	var warned bool
	for _, n := range p.Notes {
		warned = warned || (n.Rule == "MissingLockfile" && n.Field == "assets.dir" && strings.HasPrefix(n.Msg, "web/ui: "))
	}
	if !warned {
		t.Errorf("no MissingLockfile note at assets.dir: %+v", p.Notes)
	}
}

// Python, Java and Rust builders have the same source copy: assets work the same.
func TestAssetsOtherLanguages(t *testing.T) {
	for lang_, f := range map[string]lang.Facts{
		"python": {"requirements.txt": []byte("flask\n"), "main.py": []byte("print()\n")},
		"java":   {"pom.xml": []byte("<project><artifactId>x</artifactId></project>")},
		"rust":   {"Cargo.toml": []byte("[package]\nname = \"x\"\n")},
	} {
		f["ui/package.json"] = []byte(uiPackage)
		p, err := registry.TryPlan(t, "language: "+lang_+"\nassets: {dir: ui}\n", f)
		if err != nil {
			t.Errorf("%s: %v", lang_, err)
			continue
		}
		c := langtest.Steps[*plan.Copy](p.Stage("builder"))
		i := slices.IndexFunc(c, func(c *plan.Copy) bool { return c.FromStage == "assets" })
		if i < 1 || !slices.Equal(c[i-1].Paths, []string{"."}) {
			t.Errorf("%s: builder copies %+v", lang_, c)
		}
	}
}

// Errors point at the assets lines.
func TestAssetsErrors(t *testing.T) {
	gomod := lang.Facts{"go.mod": []byte("module x\n")}
	for _, c := range []struct {
		src  string
		f    lang.Facts
		want string
	}{
		{"language: go\nassets: {dir: ui}\n", gomod, "`assets` in ui: no package.json"},
		{"language: go\nassets:\n  dir: ui\n", lang.Facts{"go.mod": []byte("module x\n"), "ui/package.json": []byte(`{}`)},
			"`assets` in ui: package.json has no build script at Dockerfile:3:3"},
		{"language: go\nassets:\n  dir: ui\n", lang.Facts{"go.mod": []byte("module x\n"), "ui/package.json": []byte(`{`)},
			"package.json is not valid JSON"},
		{"language: node\nassets: {dir: ui}\n", lang.Facts{"package.json": []byte(`{"main": "x.js"}`), "x.js": []byte("")},
			"`assets` are built before another language's build; a node build has no such step at Dockerfile:2:1"},
	} {
		registry.Refuses(t, c.src, c.f, c.want)
	}
}

// Planning reads the UI's manifest and lockfiles below its directory.
func TestAssetsReads(t *testing.T) {
	s := langtest.Spec(t, "language: go\nassets: {dir: ui}\n")
	reads := providers.Reads(s)
	for _, want := range []string{"go.mod", "ui/package.json", "ui/package-lock.json", "ui/pnpm-lock.yaml", "ui/.nvmrc"} {
		if !slices.Contains(reads, want) {
			t.Errorf("reads %q, want %s among them", reads, want)
		}
	}
}

// A pnpm project's install runs corepack's script: the assets bring their own scripts stage,
// which their steps mount, whatever the main build's scripts are.
func TestAssetsWithPnpmMountTheirOwnScripts(t *testing.T) {
	pkg := `{"name": "ui", "packageManager": "pnpm@10.12.1", "scripts": {"build": "vite build"}}`
	p, err := registry.TryPlan(t, "language: go\nassets: {dir: ui}\n", lang.Facts{"go.mod": []byte("module example.com/beacon\n"),
		"ui/package.json": []byte(pkg), "ui/pnpm-lock.yaml": []byte("lockfileVersion: '9.0'\n")})
	plannedStages(t, p, err, "deps deps-list deps-build assets-scripts assets-deps assets builder tester runtime")
	var mounted []string
	for _, r := range langtest.Steps[*plan.Run](p.Stage("assets-deps")) {
		for _, m := range r.Mounts {
			if m.Type == plan.MountBind {
				mounted = append(mounted, m.FromStage)
			}
		}
	}
	if !slices.Equal(mounted, []string{"assets-scripts"}) {
		t.Errorf("assets-deps mounts the scripts of %q", mounted)
	}
}

// Without `assets.output`, the output is where the UI's Vite writes: build.outDir of its
// config (gotify's ui/ writes build/), or the build script's --outDir, which may leave the
// UI's directory for the Go package that embeds it; `assets.output` wins, and a directory
// outside the context is ignored (the default, <dir>/dist).
func TestAssetsOutputFromViteConfig(t *testing.T) {
	goMod := []byte("module x\n")
	for _, c := range []struct {
		name, spec, pkg, config string
		want                    string // the builder's copy of the output
	}{
		{"build.outDir", "assets: {dir: ui}\n", uiPackage, "export default defineConfig({ build: { outDir: 'build', sourcemap: true } })\n",
			"--from=assets /app/build ./ui/build/ exclude="},
		{"--outDir into the Go package", "assets: {dir: ui}\n",
			`{"scripts": {"build": "tsc && vite build --outDir ../internal/web/dist --emptyOutDir"}, "devDependencies": {"vite": "^7"}}`, "",
			"--from=assets /internal/web/dist ./internal/web/dist/ exclude="},
		{"assets.output wins", "assets: {dir: ui, output: ui/public}\n", uiPackage, "export default { build: { outDir: 'build' } }\n",
			"--from=assets /app/public ./ui/public/ exclude="},
		{"outside the context", "assets: {dir: ui}\n", uiPackage, "export default { build: { outDir: '../../elsewhere' } }\n",
			"--from=assets /app/dist ./ui/dist/ exclude="},
	} {
		f := lang.Facts{"go.mod": goMod, "ui/package.json": []byte(c.pkg)}
		if c.config != "" {
			f["ui/vite.config.ts"] = []byte(c.config)
		}
		p, err := registry.TryPlan(t, "language: go\n"+c.spec, f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := copyText(langtest.Steps[*plan.Copy](p.Stage("builder"))[1]); got != c.want {
			t.Errorf("%s: builder copies %q, want %q", c.name, got, c.want)
		}
	}
}

// A UI whose `release` script builds into the Go package that embeds it (memos' shape), while
// `build` writes web/dist: without assets.script, the assets run `build` and AssetsScript says
// the image would hold the package's committed files instead; with `script: release`, they run
// release, whose --outDir is the output, copied where the Go package embeds it, and nothing is
// said.
func TestAssetsScript(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module x\n"), "web/package.json": []byte(`{"scripts": {"build": "tsc && vite build",
 "release": "vite build --mode release --outDir=../server/router/frontend/dist --emptyOutDir", "lint": "eslint ."},
 "devDependencies": {"vite": "^7"}}`)}
	p := registry.MustPlan(t, "language: go\nassets: {dir: web}\n", f)
	if r := langtest.Steps[*plan.Run](p.Stage("assets")); len(r) == 0 || strings.Join(r[0].Args, " ") != "npm run build" {
		t.Errorf("the assets run %+v", r)
	}
	var msgs []string
	for _, n := range p.Notes {
		if n.Rule == "AssetsScript" && n.Field == "assets" {
			msgs = append(msgs, n.Msg)
		}
	}
	want := "web/package.json's `release` script builds into server/router/frontend/dist, outside web/, where the main program may embed it, " +
		"but `assets` run `build`, which writes web/dist: set `assets.script: release` if the image is to hold that build"
	if !slices.Equal(msgs, []string{want}) {
		t.Errorf("AssetsScript notes %q, want %q", msgs, want)
	}

	p = registry.MustPlan(t, "language: go\nassets: {dir: web, script: release}\n", f)
	if r := langtest.Steps[*plan.Run](p.Stage("assets")); len(r) == 0 || strings.Join(r[0].Args, " ") != "npm run release" {
		t.Errorf("the assets run %+v, want npm run release", r)
	}
	if got := copyText(langtest.Steps[*plan.Copy](p.Stage("builder"))[1]); got != "--from=assets /server/router/frontend/dist ./server/router/frontend/dist/ exclude=" {
		t.Errorf("builder copies %q", got)
	}
	if src := langtest.Steps[*plan.Copy](p.Stage("builder"))[0]; !slices.Contains(src.Exclude, "server/router/frontend/dist") {
		t.Errorf("the source copy keeps the committed placeholder: excludes %q", src.Exclude)
	}
	for _, n := range p.Notes {
		if n.Rule == "AssetsScript" {
			t.Errorf("a note with assets.script set: %s", n.Msg)
		}
	}
	if _, err := registry.TryPlan(t, "language: go\nassets: {dir: web, script: deploy}\n", f); err == nil ||
		!strings.Contains(err.Error(), "`assets` in web: package.json has no deploy script") {
		t.Errorf("an unknown script: %v", err)
	}
}

// A UI whose lockfile names Cypress installs without its binary (node's browsers.go), as the main
// build's install does.
func TestAssetsInstallSkipsCypress(t *testing.T) {
	p := registry.MustPlan(t, "language: go\nassets: {dir: ui}\n", lang.Facts{"go.mod": []byte("module example.com/beacon\n"),
		"ui/package.json":      []byte(`{"name": "ui", "scripts": {"build": "vite build"}, "devDependencies": {"cypress": "^14"}}`),
		"ui/package-lock.json": []byte(`{"lockfileVersion": 3, "packages": {"node_modules/cypress": {}}}`)})
	var found bool
	for _, r := range langtest.Steps[*plan.Run](p.Stage("assets-deps")) {
		found = found || slices.Contains(r.Env, plan.Env{Key: "CYPRESS_INSTALL_BINARY", Value: "0"})
	}
	if !found {
		t.Errorf("the UI's install downloads Cypress's binary: %+v", langtest.Steps[*plan.Run](p.Stage("assets-deps")))
	}
}

// plannedStages fails the test when planning failed or the plan's stages are not want.
func plannedStages(t *testing.T, p *plan.Plan, err error, want string) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if got := names(p); got != want {
		t.Fatalf("stages %q, want %q", got, want)
	}
}

// A Vite build whose output is its root (opengist: vite -c public/vite.config.js, root
// './public', outDir ”): the build's source copy keeps that directory, which holds the sources
// it builds; any other output is left out of it, as a stale build would be.
func TestAssetsOutputThatIsViteRoot(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module x\n"),
		"package.json":          []byte(`{"scripts": {"build": "vite -c public/vite.config.js build"}, "devDependencies": {"vite": "^7"}}`),
		"public/vite.config.js": []byte("export default defineConfig({\n    root: './public',\n    build: {\n        outDir: '',\n    },\n})\n")}
	p := registry.MustPlan(t, "language: go\nassets: {dir: .}\n", f)
	if got := copyText(langtest.Steps[*plan.Copy](p.Stage("assets"))[0]); strings.Contains(got, "public") {
		t.Errorf("the assets' source copy %q leaves out the Vite root", got)
	}
	if got := copyText(langtest.Steps[*plan.Copy](p.Stage("builder"))[1]); got != "--from=assets /app/public ./public/ exclude=" {
		t.Errorf("builder copies %q", got)
	}
	f["public/vite.config.js"] = []byte("export default defineConfig({\n    build: {\n        outDir: 'public',\n    },\n})\n")
	f["vite.config.js"], f["package.json"] = f["public/vite.config.js"], []byte(`{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "^7"}}`)
	p = registry.MustPlan(t, "language: go\nassets: {dir: .}\n", f)
	if got := copyText(langtest.Steps[*plan.Copy](p.Stage("assets"))[0]); !strings.Contains(got, "exclude=**/node_modules,public") {
		t.Errorf("the assets' source copy %q keeps a stale output", got)
	}
}

// TestFilesShipTheAssetsOutput: a `files` entry that names the assets' output (or a path in
// it) copies it from the assets' build into the image, for a program that serves its UI from
// disk (yopass's --asset-path public): the context does not hold a build. Other entries copy
// from the context as before.
func TestFilesShipTheAssetsOutput(t *testing.T) {
	src := "language: go\nassets: {dir: website}\nfiles:\n  - {src: website/dist, dest: public}\n  - {src: website/dist/favicon.ico}\n  - {src: config.json}\n"
	p := registry.MustPlan(t, src, lang.Facts{"go.mod": []byte("module example.com/yo\n"),
		"website/package.json": []byte(uiPackage), "website/package-lock.json": []byte("{}")})
	var files []string
	for _, c := range langtest.Steps[*plan.Copy](p.Stage("runtime")) {
		if strings.HasPrefix(c.Where(), "files[") {
			files = append(files, copyText(c))
		}
	}
	want := []string{"--from=assets /app/dist /app/public exclude=", "--from=assets /app/dist/favicon.ico /app/website/dist/favicon.ico exclude=",
		"config.json /app/config.json exclude="}
	if !slices.Equal(files, want) {
		t.Errorf("the runtime's files copy %q, want %q", files, want)
	}
}
