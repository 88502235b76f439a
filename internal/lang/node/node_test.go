package node

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// provider is the Node.js provider as the registry lists it: declared, planned by the skeleton.
var provider = langtest.For(Provider{})

// app is a package.json with a build script, a start script, a dependency and a dev dependency.
const app = `{"name": "greeter", "scripts": {"build": "tsc", "start": "node dist/server.js", "test": "node --test"},
 "dependencies": {"ms": "^2.1.3"}, "devDependencies": {"typescript": "~5.9.3"}}`

func facts(pkg string, files ...string) lang.Facts {
	return langtest.With(lang.Facts{"package.json": []byte(pkg)}, files...)
}

// runs are the commands of a stage's RUN steps, as the progress shows them, but for the entry
// file's check (see TestBuilderChecksTheEntryFile).
func runs(st *plan.Stage) []string {
	var out []string
	for _, step := range st.Steps {
		if r, ok := step.(*plan.Run); ok && !isEntryCheck(r) {
			out = append(out, langtest.Shown(r))
		}
	}
	return out
}

func lastRun(st *plan.Stage) *plan.Run {
	var last *plan.Run
	for _, step := range st.Steps {
		if r, ok := step.(*plan.Run); ok && !isEntryCheck(r) {
			last = r
		}
	}
	return last
}

// isEntryCheck: the lang.Expect step that checks the entry file after the build.
func isEntryCheck(r *plan.Run) bool { return r.NoNetwork && strings.HasPrefix(r.Display, "test -e /") }

func copies(st *plan.Stage) []*plan.Copy { return langtest.Steps[*plan.Copy](st) }

func TestBadEntrypointsAreRefusedAtTheirLine(t *testing.T) {
	for _, ep := range []string{"../outside.js", "/abs/server.js", "dist/$(id).js", "'a b.js'", ".", "dist/`id`.js"} {
		_, err := provider.TryPlan(t, "language: node\nentrypoint: "+ep+"\n", facts(app))
		if err == nil || !strings.Contains(err.Error(), "is not a script path inside the build context at Dockerfile:2:1") {
			t.Errorf("entrypoint %s: %v", ep, err)
		}
	}
	// a main of package.json that is not a plain path is not used
	p := provider.MustPlan(t, "language: node\n", facts(`{"main": "../../etc/passwd"}`, "index.js", ""))
	if p.Image.Entrypoint[1] != "/app/index.js" {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
}

func TestRuntimeUsersAndBases(t *testing.T) {
	for _, tc := range []struct{ src, image, user string }{
		{"language: node\n", "node:24-bookworm-slim", "1000:1000"},
		{"language: node\nruntime: slim\n", "node:24-bookworm-slim", "1000:1000"},
		{"language: node\nruntime: alpine\n", "node:24-alpine", "1000:1000"},
		{"language: node\nruntime: distroless\n", "gcr.io/distroless/nodejs24-debian12:nonroot", "65532:65532"},
		{"language: node\nruntime: my/base:1\n", "my/base:1", "65532:65532"},
		{"language: node\nuser: \"2000:2000\"\n", "node:24-bookworm-slim", "2000:2000"},
	} {
		p := provider.MustPlan(t, tc.src, facts(app, "package-lock.json", "{}"))
		if got := p.Stage("runtime").Base.Image; got != tc.image {
			t.Errorf("%q: runtime %q, want %q", tc.src, got, tc.image)
		}
		if p.Image.User != tc.user {
			t.Errorf("%q: user %q, want %q", tc.src, p.Image.User, tc.user)
		}
		if p.Stage("runtime-user") != nil {
			t.Errorf("%q: a passwd step, but node images have their user", tc.src)
		}
		if !slices.Contains(p.Image.Env, plan.Env{Key: "NODE_ENV", Value: "production"}) || p.Image.Workdir != "/app" {
			t.Errorf("%q: env %v workdir %q", tc.src, p.Image.Env, p.Image.Workdir)
		}
	}
}

func TestScratchIsRefusedAtTheRuntimeLine(t *testing.T) {
	_, err := provider.TryPlan(t, "language: node\nruntime: scratch\n", facts(app))
	want := "Node.js cannot run on scratch: it needs the node binary and the C libraries node links at Dockerfile:2:1, " +
		"use `runtime: distroless`, the smallest base Node.js runs on"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v", err)
	}
}

func TestNoPackageJSONIsAnError(t *testing.T) {
	_, err := provider.TryPlan(t, "language: node\n", lang.Facts{})
	if err == nil || err.Error() != "no package.json in the build context at Dockerfile:1:1, run `npm init` or set `language`" {
		t.Errorf("err = %v", err)
	}
	_, err = provider.TryPlan(t, "language: node\n", facts(`{"name": `))
	if err == nil || !strings.Contains(err.Error(), "package.json is not valid JSON") {
		t.Errorf("err = %v", err)
	}
}

// artifactPaths are the runtime's copies: "<from>:<paths> -> <dest>".
func artifactPaths(p *plan.Plan) []string {
	var out []string
	for _, c := range copies(p.Stage("runtime")) {
		out = append(out, c.FromStage+":"+strings.Join(c.Paths, " ")+" -> "+c.Dest)
	}
	return out
}

func TestRuntimeGetsProductionModulesPackageJSONAndTheProgram(t *testing.T) {
	for _, tc := range []struct {
		name, pkg string
		want      []string
	}{
		{"build output directory", app, []string{
			"prod-deps:/app/node_modules -> /app/node_modules/", ":package.json -> /app/", "app:/app/dist -> /app/dist/"}}, // tsc alone: built on the runtime image (appstage.go)
		{"build writing next to package.json", `{"scripts": {"build": "node gen.js"}, "main": "server.js", "dependencies": {"ms": "2"}}`, []string{
			"prod-deps:/app/node_modules -> /app/node_modules/", "builder:/app -> /app/"}},
		{"no build: the source, from the app stage (on the runtime image), which checks the entry file", `{"main": "src/server.js", "dependencies": {"ms": "2"}}`, []string{
			"prod-deps:/app/node_modules -> /app/node_modules/", "app:/app -> /app/"}},
		{"no dependencies: no node_modules", `{"main": "src/server.js", "devDependencies": {"eslint": "9"}}`, []string{
			"app:/app -> /app/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: node\n", facts(tc.pkg, "package-lock.json", "{}", "src/server.js", ""))
			if got := artifactPaths(p); !slices.Equal(got, tc.want) {
				t.Errorf("runtime copies %q, want %q", got, tc.want)
			}
			if (p.Stage("prod-deps") != nil) != strings.Contains(tc.pkg, `"dependencies"`) {
				t.Errorf("prod-deps stage present: %v", p.Stage("prod-deps") != nil)
			}
			for _, c := range copies(p.Stage("runtime")) {
				if c.Chown != "" {
					t.Errorf("%q is owned by %s: the program must not be able to change itself", c.Paths, c.Chown)
				}
				if len(c.Paths) == 1 && (c.Paths[0] == "." || c.Paths[0] == "/app") {
					for _, ex := range []string{"**/node_modules", ".npmrc", "test", "**/*.test.*", ".git", ".github", "*.md", "Dockerfile*", ".env", "package-lock.json",
						".travis.yml", ".eslintignore", ".prettierignore", ".lintstagedrc*", // node-express-boilerplate's
						".devcontainer", "netlify.toml", // dashy's
						"fly.toml", "playwright.config.*"} { // epic-stack's
						if !slices.Contains(c.Exclude, ex) {
							t.Errorf("the whole-tree copy does not leave out %s: %q", ex, c.Exclude)
						}
					}
				}
			}
		})
	}
}

func TestBuilderRunsTheBuildScriptAndLeavesLocalModulesOut(t *testing.T) {
	p := provider.MustPlan(t, "language: node\n", facts(app, "package-lock.json", "{}"))
	b := building(p)
	if got := runs(b); !slices.Equal(got, []string{"npm run build"}) {
		t.Errorf("builder runs %q", got)
	}
	if c := copies(b)[len(copies(b))-1]; !slices.Equal(c.Paths, []string{"."}) || !slices.Equal(c.Exclude, []string{"**/node_modules"}) {
		t.Errorf("builder copies %+v", c)
	}
	p = provider.MustPlan(t, "language: node\nbuild:\n  command: npx tsc -p tsconfig.build.json\n", facts(`{"main": "out/index.js"}`))
	if r := lastRun(p.Stage("builder")); r.Field != "build.command" || r.Display != "npx tsc -p tsconfig.build.json" {
		t.Errorf("build.command step %+v", r)
	}
	if got := artifactPaths(p); !slices.Equal(got, []string{":package.json -> /app/", "builder:/app/out -> /app/out/"}) {
		t.Errorf("runtime copies %q", got)
	}
	p = provider.MustPlan(t, "language: node\n", facts(`{"main": "index.js"}`, "index.js", ""))
	if got := runs(p.Stage("builder")); len(got) != 0 {
		t.Errorf("builder runs %q without a build script", got)
	}
}

// TestBuilderChecksTheEntryFile: the builder ends with the check that the file the image runs is
// there, pointing at the line responsible: the spec's entrypoint, else its build command, else
// its language (the entry was inferred). Without a build, an entry file planning read in the
// source is not checked: the builder copies it as it is and runs nothing after.
func TestBuilderChecksTheEntryFile(t *testing.T) {
	for _, c := range []struct{ spec, manifest, path, field string }{
		{"language: node\n", app, "/app/dist/server.js", "language"},
		{"language: node\nentrypoint: lib/main.js\n", app, "/app/lib/main.js", "entrypoint"},
		{"language: node\nbuild:\n  command: npx tsc\n", `{"main": "out/index.js"}`, "/app/out/index.js", "build.command"},
		{"language: node\nworkdir: /srv/app\nentrypoint: lib/main.js\n", `{"main": "index.js"}`, "/srv/app/lib/main.js", "entrypoint"},
	} {
		p := provider.MustPlan(t, c.spec, facts(c.manifest, "package-lock.json", "{}", "index.js", ""))
		b := building(p)
		r, ok := b.Steps[len(b.Steps)-1].(*plan.Run)
		if !ok || !isEntryCheck(r) || r.Display != "test -e "+c.path || r.Field != c.field {
			t.Errorf("%q: builder ends with %+v, want the check of %s at %s", c.spec, b.Steps[len(b.Steps)-1], c.path, c.field)
		}
	}
}

func TestNoBuildEntryInTheSourceIsNotChecked(t *testing.T) {
	for _, spec := range []string{"language: node\n", "language: node\nworkdir: /srv/app\n", "language: node\nentrypoint: index.js\n"} {
		p := provider.MustPlan(t, spec, facts(`{"main": "index.js"}`, "package-lock.json", "{}", "index.js", ""))
		b := building(p)
		if c, ok := b.Steps[len(b.Steps)-1].(*plan.Copy); !ok || !slices.Equal(c.Paths, []string{"."}) {
			t.Errorf("%q: builder ends with %+v, want the source copy", spec, b.Steps[len(b.Steps)-1])
		}
		if !slices.Equal(p.Image.Entrypoint[len(p.Image.Entrypoint)-1:], []string{"/srv/app/index.js"}) && !slices.Equal(p.Image.Entrypoint[len(p.Image.Entrypoint)-1:], []string{"/app/index.js"}) {
			t.Errorf("%q: entrypoint %q", spec, p.Image.Entrypoint)
		}
	}
}

func TestTester(t *testing.T) {
	p := provider.MustPlan(t, "language: node\ntest: false\n", facts(app))
	if p.Stage("tester") != nil {
		t.Errorf("test: false keeps the tester")
	}
	p = provider.MustPlan(t, "language: node\ntest: [npx, vitest, run]\n", facts(app))
	if r := lastRun(p.Stage("tester")); strings.Join(r.Args, " ") != "npx vitest run" || !slices.Contains(r.Env, plan.Env{Key: "CI", Value: "true"}) {
		t.Errorf("tester %+v", r)
	}
	p = provider.MustPlan(t, "language: node\n", facts(`{"main": "index.js"}`, "package-lock.json", "{}", "index.js", ""))
	if !slices.Equal(langtest.Rules(p), []string{"NoTestScript"}) {
		t.Errorf("notes %q without a test script", langtest.Rules(p))
	}
	// npm init's placeholder fails on purpose: no test script either, said so
	p = provider.MustPlan(t, "language: node\n", facts(`{"main": "index.js", "scripts": {"test": "echo \"Error: no test specified\" && exit 1"}}`,
		"package-lock.json", "{}", "index.js", ""))
	if len(p.Notes) != 1 || p.Notes[0].Rule != "NoTestScript" || !strings.Contains(p.Notes[0].Msg, "placeholder `npm init` writes") {
		t.Errorf("notes %+v with npm init's test script", p.Notes)
	}
	p = provider.MustPlan(t, "language: node\ntest: false\n", facts(`{"main": "index.js", "scripts": {"test": "echo \"Error: no test specified\" && exit 1"}}`,
		"package-lock.json", "{}", "index.js", ""))
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v with test: false", p.Notes)
	}
}

func TestInstallScriptsAreNoted(t *testing.T) {
	// a script deps keeps (patch-package's, with a step of the source after `;`, which is not
	// split: splitscripts.go) is noted; one the builder runs (lifecycle.go) is not
	p := provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"postinstall": "patch-package; node scripts/x.js", "prepare": "husky", "test": "jest"}}`, "package-lock.json", "{}", "index.js", ""))
	if len(p.Notes) != 1 || p.Notes[0].Rule != "InstallScript" || !strings.Contains(p.Notes[0].Msg, "postinstall script") {
		t.Errorf("notes %+v", p.Notes)
	}
	// only-allow reads which package manager installs, nothing of the source (homepage's preinstall)
	for _, script := range []string{"npx only-allow pnpm", "npx -y only-allow pnpm", "pnpm dlx only-allow pnpm"} {
		p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"preinstall": "`+script+`", "test": "vitest"}}`, "pnpm-lock.yaml", "", "index.js", ""))
		if slices.Contains(langtest.Rules(p), "InstallScript") {
			t.Errorf("%s: notes %q", script, langtest.Rules(p))
		}
	}
	p = provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"preinstall": "npx only-allow pnpm && patch-package", "test": "vitest"}}`, "pnpm-lock.yaml", "", "index.js", ""))
	if slices.Contains(langtest.Rules(p), "InstallScript") {
		t.Errorf("only-allow and patch-package: notes %q", langtest.Rules(p))
	}
}

func TestSystemPackages(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nbuild: {packages: [python3, make]}\npackages: [tini]\n", facts(app))
	if r, ok := p.Stage("deps").Steps[0].(*plan.Run); !ok || r.Field != "build.packages" || !slices.Contains(r.Args, "python3") {
		t.Errorf("deps starts with %+v, want the build packages", p.Stage("deps").Steps[0])
	}
	if r, ok := p.Stage("runtime").Steps[0].(*plan.Run); !ok || r.Field != "packages" || !strings.HasPrefix(r.Display, "apt-get install tini") {
		t.Errorf("runtime starts with %+v, want the runtime packages", p.Stage("runtime").Steps[0])
	}
	p = provider.MustPlan(t, "language: node\nruntime: alpine\npackages: [tini]\nbuild: {packages: [python3]}\n", facts(app))
	if r := p.Stage("runtime").Steps[0].(*plan.Run); !strings.HasPrefix(r.Display, "apk add tini") {
		t.Errorf("alpine runtime installs with %q", r.Display)
	}
	if r := p.Stage("deps").Steps[0].(*plan.Run); !strings.HasPrefix(r.Display, "apk add python3") {
		t.Errorf("alpine builder installs with %q", r.Display)
	}
	_, err := provider.TryPlan(t, "language: node\nruntime: distroless\npackages: [tini]\n", facts(app))
	if err == nil || !strings.Contains(err.Error(), "the distroless runtime has no package manager") || !strings.Contains(err.Error(), "Dockerfile:3:1") {
		t.Errorf("packages on distroless: %v", err)
	}
}

func TestStringHealthcheckNeedsAShell(t *testing.T) {
	_, err := provider.TryPlan(t, "language: node\nruntime: distroless\nhealthcheck: {test: curl -f localhost}\n", facts(app))
	if err == nil || !strings.Contains(err.Error(), "the distroless runtime has no shell") {
		t.Errorf("distroless with a string healthcheck: %v", err)
	}
	p := provider.MustPlan(t, "language: node\nhealthcheck: {test: [\"/usr/local/bin/node\", \"healthcheck.js\"]}\n", facts(app))
	if p.Image.Healthcheck == nil || p.Image.Healthcheck.Test[0] != "CMD" {
		t.Errorf("healthcheck %+v", p.Image.Healthcheck)
	}
}

func TestDetectedFromPackageJSON(t *testing.T) {
	pr := provider
	if !slices.Equal(pr.Markers(), []string{"package.json"}) {
		t.Errorf("markers %q", pr.Markers())
	}
	for _, f := range pr.Reads() {
		if strings.Contains(f, "*") || strings.HasSuffix(f, "/") {
			t.Errorf("reads %q: only single files can be facts", f)
		}
	}
}

func TestWorkdirIsTheAppDirectory(t *testing.T) {
	p := provider.MustPlan(t, "language: node\nworkdir: /srv/app/\n", facts(app, "package-lock.json", "{}"))
	if p.Stage("deps").Workdir != "/srv/app" || path.Clean(p.Image.Workdir) != "/srv/app" {
		t.Errorf("deps in %q, image in %q", p.Stage("deps").Workdir, p.Image.Workdir)
	}
	if got := artifactPaths(p); got[2] != "app:/srv/app/dist -> /srv/app/dist/" {
		t.Errorf("runtime copies %q", got)
	}
	_, err := provider.TryPlan(t, "language: node\nworkdir: /\n", facts(app))
	if err == nil || !strings.Contains(err.Error(), "the app cannot live in /:") || !strings.Contains(err.Error(), "at Dockerfile:2:1") {
		t.Errorf("workdir /: %v", err)
	}
}

// A package.json one level below the root (a project whose setup copies install/package.json
// there) is named by the error, which Follow read for it; node_modules' is none.
func TestPackageJSONBelowTheRootIsNamed(t *testing.T) {
	ctx := map[string]string{"install/package.json": app, "node_modules/package.json": `{}`, "README.md": "# forum"}
	_, err := provider.TryPlan(t, "language: node\nports: [4567]\n", provider.Gathered(t, "language: node\nports: [4567]\n", ctx))
	want := "no package.json at the root of the build context, only below it: install/package.json at Dockerfile:1:1, " +
		"build install/ as the context, or copy install/package.json to the root before the build (as a setup script that copies it there would)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
	_, err = provider.TryPlan(t, "language: node\n", lang.Facts{"server/package.json": []byte(app), "client/package.json": []byte(app)})
	if err == nil || !strings.Contains(err.Error(), "only below it: client/package.json, server/package.json") || !strings.Contains(err.Error(), "one of client/, server/") {
		t.Errorf("err = %v", err)
	}
	if _, err := provider.TryPlan(t, "language: node\n", lang.Facts{"node_modules/package.json": []byte(`{}`)}); err == nil || !strings.Contains(err.Error(), "run `npm init`") {
		t.Errorf("node_modules' package.json: err = %v", err)
	}
}
