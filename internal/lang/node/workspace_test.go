package node

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/eject"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// The workspaces: examples/node-pnpm-workspace (pnpm), and the same project as an npm, a yarn 4
// and a yarn 1 workspace in testdata, with the lockfiles npm and yarn wrote for it.
var workspaceDirs = map[kind]string{
	pnpm:        "../../../examples/node-pnpm-workspace",
	npm:         "testdata/workspace-npm",
	yarnBerry:   "testdata/workspace-yarn",
	yarnClassic: "testdata/workspace-yarn1",
}

// contextFacts reads what the frontend would read of dir for the spec src: the provider's reads,
// then what it follows.
func contextFacts(t *testing.T, dir, src string) (*spec.Spec, lang.Facts) {
	t.Helper()
	s := langtest.Spec(t, src)
	return s, provider.ReadFollowed(t, s, dir)
}

func planDir(t *testing.T, dir, src string) *plan.Plan {
	t.Helper()
	s, f := contextFacts(t, dir, src)
	p, err := provider.Plan(s, f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFollowReadsEveryManifestOfTheWorkspace(t *testing.T) {
	s, f := contextFacts(t, workspaceDirs[pnpm], "language: node\nworkspace: apps/web\n")
	want := []string{"apps/*/package.json", "packages/*/package.json"}
	for _, r := range packageReads { // the selected package's files, which tell what node runs there
		want = append(want, "apps/web/"+r)
	}
	want = append(want, "apps/web/dist/server.js")                           // its start script's: the source's or the build's?
	want = append(want, "apps/web/src/server.ts", "apps/web/src/server.tsx") // what tsc compiles it from (listen.go)
	want = append(want, startDirReads("apps/web")...)                        // its server's modules (startdirs.go)
	want = append(want, envProbes("apps/web")...)                            // the .env files its build loads (buildenv.go)
	for _, r := range configSampleReads {
		want = append(want, "apps/web/"+r) // the samples of configuration files (configfile.go)
	}
	for _, ext := range []string{".ts", ".js", ".mts", ".mjs", ".cjs", "/index.ts", "/index.js"} {
		want = append(want, "apps/web/src/page"+ext) // its entry's import, read for a run of pnpm (listen.go)
	}
	// the closure's configuration: which siblings it reaches (reach.go)
	for _, r := range reachReads {
		want = append(want, "apps/web/"+r, "packages/shared/"+r)
	}
	slices.Sort(want)
	want = slices.Compact(want)
	if got := (Provider{}).Follow(s, f); !slices.Equal(got, want) {
		t.Errorf("Follow = %q", got)
	}
	for _, want := range []string{"apps/api/package.json", "apps/web/package.json", "packages/shared/package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml"} {
		if !f.Has(want) {
			t.Errorf("%s was not read", want)
		}
	}
	// without workspaces, nothing more is read but the server modules of the directory the spec
	// names (startdirs.go) and the .env files its build would load (buildenv.go)
	want = slices.Concat(startDirReads("apps/web"), envProbes("apps/web"))
	slices.Sort(want)
	if got := (Provider{}).Follow(s, facts(app)); !slices.Equal(got, want) {
		t.Errorf("Follow without workspaces = %q", got)
	}
}

func TestWorkspaceGlobs(t *testing.T) {
	ws := &workspace{globs: []string{"packages/**", "apps/*", "!packages/**/test", "tools/cli"}}
	for dir, want := range map[string]bool{
		"apps/web": true, "apps/web/sub": false, "packages/a": true, "packages/a/b": true, "packages/a/test": false,
		"tools/cli": true, "tools/other": false, "packages/x/node_modules/y": false, "other": false,
	} {
		if got := ws.globs.Declares(dir); got != want {
			t.Errorf("declares(%q) = %v, want %v", dir, got, want)
		}
	}
	got := workspaceGlobs(facts(`{"workspaces": {"packages": ["./apps/*/", "../outside/*", "/abs", "!apps/old", "$(id)"]}}`))
	if !slices.Equal(got, []string{"apps/*", "!apps/old"}) {
		t.Errorf("yarn 1's workspaces object: %q", got)
	}
}

// steps summarises a plan's stages for the workspace tests: each stage's commands and copies.
type steps struct {
	install, builds, test, prune string
	depIncludes                  []string
	builderExcludes              []string
	runtime                      []string
}

func workspaceSteps(p *plan.Plan) steps {
	var st steps
	st.install = langtest.Shown(lastRun(p.Stage("deps")))
	for _, c := range copies(p.Stage("deps")) {
		st.depIncludes = append(st.depIncludes, c.Include...)
	}
	var builds []string
	for _, r := range langtest.Steps[*plan.Run](p.Stage("builder")) {
		if !isEntryCheck(r) {
			builds = append(builds, langtest.Shown(r))
		}
	}
	st.builds = strings.Join(builds, "; ")
	st.builderExcludes = copies(p.Stage("builder"))[0].Exclude
	st.test = langtest.Shown(lastRun(p.Stage("tester")))
	if pd := p.Stage("prod-deps"); pd != nil {
		st.prune = langtest.Shown(lastRun(pd))
	}
	for _, c := range copies(p.Stage("runtime")) {
		st.runtime = append(st.runtime, c.FromStage+":"+strings.Join(slices.Concat(c.Paths, c.Include), " ")+" -> "+c.Dest)
	}
	return st
}

func TestWorkspacePackageIsInstalledBuiltAndShippedWithWhatItUses(t *testing.T) {
	manifests := []string{"apps/api/package.json", "apps/web/package.json", "packages/shared/package.json"}
	sharedFiles := "builder:/ app/packages/shared/package.json app/packages/shared/dist -> /"
	for _, tc := range []struct {
		k         kind
		workspace string
		rootFiles []string
		want      steps
		manifests []string // deps copies: every package's, unless set
	}{
		{pnpm, "apps/web", []string{"package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"}, steps{
			install: "pnpm install --frozen-lockfile --filter @acme/web...",
			builds:  "pnpm --filter @acme/shared run build; pnpm --filter @acme/web run build",
			test:    "pnpm --filter @acme/web run test",
			prune: "rm -rf node_modules packages/shared/node_modules apps/web/node_modules && " +
				"pnpm install --prod --frozen-lockfile --filter @acme/web...",
			builderExcludes: []string{"**/node_modules", "apps/api"},
			runtime: []string{"prod-deps:/ app/node_modules app/packages/shared/node_modules app/apps/web/node_modules -> /",
				sharedFiles, ":apps/web/package.json -> /app/apps/web/", "builder:/app/apps/web/dist -> /app/apps/web/dist/"},
		}, manifests},
		{pnpm, `"@acme/api"`, []string{"package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"}, steps{
			install: "pnpm install --frozen-lockfile --filter @acme/api...",
			builds:  "pnpm --filter @acme/shared run build", // the api has no build script of its own
			test:    "pnpm --filter @acme/api run test",
			prune: "rm -rf node_modules packages/shared/node_modules apps/api/node_modules && " +
				"pnpm install --prod --frozen-lockfile --filter @acme/api...",
			builderExcludes: []string{"**/node_modules", "apps/web"},
			runtime: []string{"prod-deps:/ app/node_modules app/packages/shared/node_modules app/apps/api/node_modules -> /",
				// api has no build of its own: its source tree runs (src/server.js is the source's)
				sharedFiles, "builder:/app/apps/api -> /app/apps/api/"},
		}, manifests},
		{npm, "apps/web", []string{"package.json", "package-lock.json"}, steps{
			install:         "npm ci --workspace apps/web --include-workspace-root",
			builds:          "npm run build --workspace packages/shared; npm run build --workspace apps/web",
			test:            "npm run test --workspace apps/web",
			prune:           "npm prune --omit=dev --workspace apps/web --include-workspace-root --ignore-scripts",
			builderExcludes: []string{"**/node_modules", "apps/api"},
			runtime: []string{"prod-deps:/ app/node_modules app/packages/shared/node_modules app/apps/web/node_modules -> /",
				sharedFiles, ":apps/web/package.json -> /app/apps/web/", "builder:/app/apps/web/dist -> /app/apps/web/dist/"},
		}, manifests},
		{yarnBerry, "apps/web", []string{"package.json", "yarn.lock", ".yarnrc.yml"}, steps{
			install:         "yarn workspaces focus acme @acme/web",
			builds:          "yarn workspace @acme/shared run build; yarn workspace @acme/web run build",
			test:            "yarn workspace @acme/web run test",
			prune:           "yarn workspaces focus --production @acme/web",
			builderExcludes: []string{"**/node_modules", "apps/api"},
			runtime: []string{"prod-deps:/ app/node_modules app/packages/shared/node_modules app/apps/web/node_modules -> /",
				sharedFiles, ":apps/web/package.json -> /app/apps/web/", "builder:/app/apps/web/dist -> /app/apps/web/dist/"},
		}, manifests},
		// yarn 1 cannot install one package's closure: it is given the closure's manifests
		// alone, so it installs no dependency of apps/api, in deps nor in prod-deps
		{yarnClassic, "apps/web", []string{"package.json", "yarn.lock"}, steps{
			install:         "yarn install --frozen-lockfile",
			builds:          "yarn workspace @acme/shared run build; yarn workspace @acme/web run build",
			test:            "yarn workspace @acme/web run test",
			prune:           "yarn install --frozen-lockfile --production",
			builderExcludes: []string{"**/node_modules", "apps/api"},
			runtime: []string{"prod-deps:/ app/node_modules app/packages/shared/node_modules app/apps/web/node_modules -> /",
				sharedFiles, ":apps/web/package.json -> /app/apps/web/", "builder:/app/apps/web/dist -> /app/apps/web/dist/"},
		}, []string{"packages/shared/package.json", "apps/web/package.json"}},
		{yarnClassic, `"@acme/api"`, []string{"package.json", "yarn.lock"}, steps{
			install:         "yarn install --frozen-lockfile",
			builds:          "yarn workspace @acme/shared run build",
			test:            "yarn workspace @acme/api run test",
			prune:           "yarn install --frozen-lockfile --production",
			builderExcludes: []string{"**/node_modules", "apps/web"},
			runtime: []string{"prod-deps:/ app/node_modules app/packages/shared/node_modules app/apps/api/node_modules -> /",
				sharedFiles, ":apps/api/package.json -> /app/apps/api/", "builder:/app/apps/api/src -> /app/apps/api/src/"},
		}, []string{"packages/shared/package.json", "apps/api/package.json"}},
	} {
		t.Run(string(tc.k)+" "+tc.workspace, func(t *testing.T) {
			p := planDir(t, workspaceDirs[tc.k], "language: node\nworkspace: "+tc.workspace+"\nports: [3000]\n")
			tc.want.depIncludes = slices.Concat(tc.rootFiles, tc.manifests)
			got := workspaceSteps(p)
			for _, c := range []struct{ what, got, want string }{
				{"install", got.install, tc.want.install}, {"builds", got.builds, tc.want.builds},
				{"test", got.test, tc.want.test}, {"prune", got.prune, tc.want.prune},
			} {
				if c.got != c.want {
					t.Errorf("%s:\n got %q\nwant %q", c.what, c.got, c.want)
				}
			}
			for _, c := range []struct {
				what      string
				got, want []string
			}{
				{"deps copies", got.depIncludes, tc.want.depIncludes}, {"builder leaves out", got.builderExcludes, tc.want.builderExcludes},
				{"runtime copies", got.runtime, tc.want.runtime},
			} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s:\n got %q\nwant %q", c.what, c.got, c.want)
				}
			}
			app := path.Base(strings.Trim(tc.workspace, `"`))
			if p.Image.Workdir != "/app/apps/"+app || !strings.HasPrefix(p.Image.Entrypoint[1], "/app/apps/"+app+"/") {
				t.Errorf("workdir %q entrypoint %q", p.Image.Workdir, p.Image.Entrypoint)
			}
			if slices.Contains(langtest.Rules(p), "WorkspaceNotSelected") {
				t.Errorf("notes %q", langtest.Rules(p))
			}
			if _, err := eject.Dockerfile(p, eject.Options{}); err != nil {
				t.Errorf("eject: %v", err)
			}
		})
	}
}

// yarn 1 installs what the manifests it is given declare: deps copies those of the selected
// package's closure and of the workspace packages the root depends on (a shared lint config,
// which yarn would otherwise look for in the registry), not the other app's.
func TestYarn1IsGivenTheClosuresManifestsOnly(t *testing.T) {
	s, f := contextFacts(t, workspaceDirs[yarnClassic], "language: node\nworkspace: apps/api\n")
	f["package.json"] = []byte(strings.Replace(string(f["package.json"]), `"private": true,`,
		`"private": true, "devDependencies": {"@acme/eslint-config": "*", "prettier": "^3.6.2"},`, 1))
	f["packages/eslint-config/package.json"] = []byte(`{"name": "@acme/eslint-config", "dependencies": {"@acme/eslint-rules": "*"}}`)
	f["packages/eslint-rules/package.json"] = []byte(`{"name": "@acme/eslint-rules", "dependencies": {"eslint": "^9.0.0"}}`)
	p, err := provider.Plan(s, f)
	if err != nil {
		t.Fatal(err)
	}
	got := workspaceSteps(p)
	want := []string{"package.json", "yarn.lock", "packages/shared/package.json", "apps/api/package.json",
		"packages/eslint-rules/package.json", "packages/eslint-config/package.json"}
	if !slices.Equal(got.depIncludes, want) || got.install != "yarn install --frozen-lockfile" {
		t.Errorf("deps copies %q and runs %q", got.depIncludes, got.install)
	}
	if d := p.Stage("deps").Description; strings.Contains(d, "apps/web") || strings.Contains(d, "apps/*") {
		t.Errorf("deps: %s", d)
	}
	// the lint packages are installed, not built: their source stays out of the builder
	if want := []string{"**/node_modules", "apps/web", "packages/eslint-config", "packages/eslint-rules"}; !slices.Equal(got.builderExcludes, want) {
		t.Errorf("builder leaves out %q", got.builderExcludes)
	}
	// npm installs one package's closure itself: it is given every manifest
	s, f = contextFacts(t, workspaceDirs[npm], "language: node\nworkspace: apps/api\n")
	f["packages/eslint-config/package.json"] = []byte(`{"name": "@acme/eslint-config"}`)
	if p, err = provider.Plan(s, f); err != nil {
		t.Fatal(err)
	}
	if got := workspaceSteps(p).depIncludes; !slices.Contains(got, "apps/web/package.json") || !slices.Contains(got, "packages/eslint-config/package.json") {
		t.Errorf("npm's deps copies %q", got)
	}
}

// The workspace copies are COPY --parents in LLB: include patterns on the context and on stages.
func TestWorkspaceCopiesKeepTheirPaths(t *testing.T) {
	p := planDir(t, workspaceDirs[pnpm], "language: node\nworkspace: apps/web\n")
	os, _, _ := langtest.Build(t, p, graph.Options{Resolver: images})
	for name, want := range map[string][]string{
		"[deps 3/5] COPY package.json pnpm-lock.yaml pnpm-workspace.yaml apps/*/package.json packages/*/package.json ./": {
			"package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "apps/api/package.json", "apps/web/package.json", "packages/shared/package.json"},
		"[runtime 2/5] COPY --from=prod-deps /app/node_modules /app/packages/shared/node_modules /app/apps/web/node_modules /": {
			"app/node_modules", "app/packages/shared/node_modules", "app/apps/web/node_modules"},
	} {
		cp := named(t, os, name).GetFile().Actions[0].GetCopy()
		if !slices.Equal(cp.IncludePatterns, want) || cp.Dest != "/app/" && cp.Dest != "/" {
			t.Errorf("%s: includes %q into %q", name, cp.IncludePatterns, cp.Dest)
		}
	}
}

func TestWorkspaceSelectionErrorsPointAtTheField(t *testing.T) {
	for _, tc := range []struct{ dir, workspace, want string }{
		{workspaceDirs[pnpm], "apps/admin", `"apps/admin" is not a package of the workspace (pnpm-workspace.yaml: apps/*, packages/*) at Dockerfile:2:1, ` +
			"write one of apps/api (@acme/api), apps/web (@acme/web), packages/shared (@acme/shared)"},
		{workspaceDirs[npm], `"@acme/nope"`, `"@acme/nope" is not a package of the workspace (package.json's workspaces: apps/*, packages/*)`},
		{"../../../examples/node", "apps/web", `the project declares no workspaces, so there is no package "apps/web" to select at Dockerfile:2:1`},
	} {
		s, f := contextFacts(t, tc.dir, "language: node\nworkspace: "+tc.workspace+"\n")
		_, err := provider.Plan(s, f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("workspace %s:\n got %v\nwant %s", tc.workspace, err, tc.want)
		}
	}
	// a package.json in a directory that the globs do not name
	s, f := contextFacts(t, workspaceDirs[npm], "language: node\nworkspace: tools/cli\n")
	f["tools/cli/package.json"] = []byte(`{"name": "cli"}`)
	_, err := provider.Plan(s, f)
	if err == nil || !strings.Contains(err.Error(), "tools/cli has a package.json but is not a package of the workspace") ||
		!strings.Contains(err.Error(), "add it to package.json's workspaces") {
		t.Errorf("unlisted package: %v", err)
	}
	// pnpm and yarn select packages by name
	s, f = contextFacts(t, workspaceDirs[pnpm], "language: node\nworkspace: apps/web\n")
	f["apps/web/package.json"] = []byte(`{"scripts": {"start": "node server.js"}}`)
	_, err = provider.Plan(s, f)
	if err == nil || !strings.Contains(err.Error(), "apps/web/package.json has no name: pnpm selects workspace packages by name") {
		t.Errorf("nameless package: %v", err)
	}
}

func TestWorkspaceNotSelectedListsThePackages(t *testing.T) {
	// the root runs nothing itself: planning fails, naming the packages to select
	s, f := contextFacts(t, workspaceDirs[pnpm], "language: node\n")
	if _, err := provider.Plan(s, f); err == nil || !strings.Contains(err.Error(), "cannot tell what node runs") ||
		!strings.Contains(err.Error(), "set `workspace:` to one of apps/api (@acme/api), apps/web (@acme/web), packages/shared (@acme/shared)") {
		t.Errorf("a workspace root without an entry: %v", err)
	}
	// with one package that has a start script (novel's apps/web, beside its libraries), the error names it first
	s, f = contextFacts(t, workspaceDirs[pnpm], "language: node\n")
	f["apps/api/package.json"] = []byte(`{"name": "@acme/api", "scripts": {"build": "tsc"}}`)
	if _, err := provider.Plan(s, f); err == nil || !strings.Contains(err.Error(),
		"set `workspace: apps/web`: of the workspace's packages, only @acme/web has a start script (`node dist/server.js`); the project is a workspace") {
		t.Errorf("a workspace root, one package with a start script: %v", err)
	}
	p := planDir(t, workspaceDirs[pnpm], "language: node\nentrypoint: dist/index.js\n")
	if notes := langtest.NotesOf(p, "WorkspaceNotSelected"); len(notes) != 1 || notes[0].Field != "language" || !strings.Contains(notes[0].Msg,
		"set `workspace:` to one of apps/api (@acme/api), apps/web (@acme/web), packages/shared (@acme/shared)") {
		t.Fatalf("notes %+v", p.Notes)
	}
	// the root is built with the whole workspace: every manifest, the whole install
	got := workspaceSteps(p)
	if got.install != "pnpm install --frozen-lockfile" || !slices.Contains(got.depIncludes, "apps/api/package.json") ||
		got.builds != "pnpm run build" || !slices.Equal(got.builderExcludes, []string{"**/node_modules"}) {
		t.Errorf("steps %+v", got)
	}
}

func TestUnknownLockfileIsNamed(t *testing.T) {
	p := provider.MustPlan(t, "language: node\n", facts(app, "package-lock.json", "{}", "bun.lockb", "\x00binary"))
	if !slices.Equal(langtest.Rules(p), []string{"UnknownLockfile"}) || !strings.Contains(p.Notes[0].Msg,
		"bun.lockb is bun's lockfile, which this build does not use (`language: node` builds with npm, pnpm or yarn; `language: bun`, or none, builds with bun): npm installs from package-lock.json instead") {
		t.Errorf("notes %+v", p.Notes)
	}
	p = provider.MustPlan(t, "language: node\n", facts(app, "bun.lock", "{}"))
	if !slices.Equal(langtest.Rules(p), []string{"MissingLockfile", "UnknownLockfile"}) || !strings.Contains(p.Notes[1].Msg,
		"npm installs without a lockfile instead, resolving every version anew; commit npm's lockfile (`npm install --package-lock-only`)") {
		t.Errorf("notes %+v", p.Notes)
	}
	for _, f := range []string{"bun.lock", "bun.lockb"} {
		if !slices.Contains(provider.Reads(), f) {
			t.Errorf("%s is not read", f)
		}
	}
}

func TestHostileWorkspaceNamesAreRefused(t *testing.T) {
	for _, bad := range []string{"x; id", "$(id)", "-rf"} {
		s, f := contextFacts(t, workspaceDirs[pnpm], "language: node\nworkspace: apps/web\n")
		f["packages/shared/package.json"] = []byte(`{"name": "` + bad + `"}`)
		f["apps/web/package.json"] = []byte(`{"name": "@acme/web", "dependencies": {"` + bad + `": "workspace:*"}}`)
		_, err := provider.Plan(s, f)
		if err == nil || !strings.Contains(err.Error(), "has a name or directory that is not passed to a command") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// A package of a workspace that builds a static site is served as one, from its directory.
func TestWorkspaceStaticSite(t *testing.T) {
	s, f := contextFacts(t, workspaceDirs[pnpm], "language: node\nworkspace: apps/site\n")
	f["apps/site/package.json"] = []byte(`{"name": "@acme/site", "scripts": {"build": "vite build", "test": "vitest run"},
 "dependencies": {"@acme/shared": "workspace:*"}, "devDependencies": {"vite": "^7.1.0"}}`)
	p, err := provider.Plan(s, f)
	if err != nil {
		t.Fatal(err)
	}
	if p.Image.User != "101:101" || p.Image.Entrypoint != nil {
		t.Fatalf("image %+v, want the static runtime", p.Image)
	}
	var from []string
	for _, c := range copies(p.Stage("runtime")) {
		from = append(from, c.FromStage+":"+strings.Join(c.Paths, " "))
	}
	if !slices.Contains(from, "builder:/app/apps/site/dist") {
		t.Errorf("the runtime copies %q, want the site's dist", from)
	}
	if got := workspaceSteps(p).builds; got != "pnpm --filter @acme/shared run build; pnpm --filter @acme/site run build" {
		t.Errorf("builds %q", got)
	}
}

// A workspace package's Next.js static export (its own next.config's `output: "export"`) is a
// site, though its start script runs `next start`, which refuses an export (jsoncrack.com's
// apps/www): the config read is the package's, not the root's.
func TestWorkspaceNextStaticExport(t *testing.T) {
	ctx := map[string]string{
		"package.json":        `{"name": "mono", "private": true, "scripts": {"build": "turbo run build", "start": "turbo run start"}, "devDependencies": {"turbo": "^2"}}`,
		"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml": "packages:\n  - apps/*\n",
		"apps/www/package.json": `{"name": "www", "scripts": {"build": "next build", "start": "next start"},
 "dependencies": {"next": "16.2.6", "react": "19.2.4", "react-dom": "19.2.4"}}`,
		"apps/www/next.config.js": "const config = {\n  output: \"export\",\n};\nmodule.exports = config;\n",
	}
	src := "language: node\nworkspace: apps/www\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	rt := p.Stage("runtime")
	if rt == nil || rt.Base.Image != static.Image {
		t.Fatalf("apps/www is no static site: image %+v", p.Image)
	}
	if c := copies(rt); len(c) != 1 || c[0].Paths[0] != "/app/apps/www/out" {
		t.Errorf("site copy %+v, want /app/apps/www/out", c)
	}
}

// TestRootDependenciesShipped: the root's production dependencies that no package of the selected
// package's production closure depends on ship in its image (pnpm installs the root with any
// filter; novel's `turbo`, `@changesets/cli`), named with the command making them dev
// dependencies; not a dependency the app or a package it uses lists, a workspace package, a
// dev dependency, nor for a static site or a self-contained output, whose image holds no
// node_modules, nor under yarn 2+, whose focus leaves the root out.
func TestRootDependenciesShipped(t *testing.T) {
	ctx := func(lockfile, web, config string) map[string]string {
		c := map[string]string{
			"package.json": `{"name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"],
 "dependencies": {"turbo": "^2.3.3", "@changesets/cli": "^2.27.11", "zod": "^3", "@mono/ui": "workspace:*"},
 "devDependencies": {"husky": "^9"}}`,
			lockfile:                   "",
			"pnpm-workspace.yaml":      "packages:\n  - apps/*\n  - packages/*\n",
			"apps/web/package.json":    web,
			"packages/ui/package.json": `{"name": "@mono/ui", "main": "index.js", "dependencies": {"zod": "^3"}}`,
		}
		if config != "" {
			c["apps/web/next.config.js"] = config
		}
		return c
	}
	server := `{"name": "web", "scripts": {"start": "node server.js"}, "dependencies": {"@mono/ui": "workspace:*", "express": "^5"}}`
	next := `{"name": "web", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "16.0.7", "react": "19.0.0"}}`
	src := "language: node\nworkspace: apps/web\n"
	for _, tc := range []struct {
		name, lockfile, web, config, want string
	}{
		{"pnpm", "pnpm-lock.yaml", server, "", "the workspace root's package.json lists @changesets/cli, turbo in dependencies, on which neither " +
			"apps/web nor a workspace package it uses depends: the production install (pnpm install --prod --filter web...) installs the " +
			"root's dependencies whatever it selects, so the image of apps/web ships them in node_modules; unless apps/web requires them " +
			"at run time, make them dev dependencies (`pnpm remove @changesets/cli turbo && pnpm add -D -w @changesets/cli turbo`)"},
		{"npm", "package-lock.json", server, "", "(npm uninstall @changesets/cli turbo && npm install --save-dev @changesets/cli turbo)"},
		{"yarn 2+", "yarn.lock", server, "", ""},
		{"Next.js standalone", "pnpm-lock.yaml", next, "module.exports = {output: 'standalone'}\n", ""},
		{"Next.js static export", "pnpm-lock.yaml", next, "module.exports = {output: 'export'}\n", ""},
		{"next start", "pnpm-lock.yaml", next, "module.exports = {}\n", // web uses no @mono/ui: zod too
			"(pnpm remove @changesets/cli turbo zod && pnpm add -D -w @changesets/cli turbo zod)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ctx(tc.lockfile, tc.web, tc.config)
			if tc.lockfile == "yarn.lock" {
				c["yarn.lock"], c[".yarnrc.yml"] = "__metadata:\n  version: 8\n", "nodeLinker: node-modules\n"
			}
			if tc.lockfile != "pnpm-lock.yaml" {
				delete(c, "pnpm-workspace.yaml")
			}
			p := provider.MustPlan(t, src, provider.Gathered(t, src, c))
			notes := langtest.NotesOf(p, "RootDependenciesShipped")
			switch {
			case tc.want == "" && len(notes) != 0:
				t.Errorf("notes %v, want none", notes)
			case tc.want != "" && (len(notes) != 1 || notes[0].Field != "workspace" ||
				!strings.Contains(notes[0].Msg, strings.Trim(tc.want, "()"))):
				t.Errorf("notes %v, want one at workspace with %q", notes, tc.want)
			}
		})
	}
}

// A workspace package the image uses ships what npm pack would: package.json, main, files.
func TestWorkspacePackageShipsWhatItPublishes(t *testing.T) {
	sel := &wsPackage{dir: "apps/web"}
	for _, tc := range []struct {
		main  string
		files []string
		want  []string
	}{
		{"dist/index.js", []string{"dist"}, []string{"app/lib/package.json", "app/lib/dist"}},
		{"index.js", []string{"dist", "!dist/*.test.js", "../../etc"}, []string{"app/lib/package.json", "app/lib/index.js", "app/lib/dist"}},
		{"index.js", nil, []string{"app/lib"}},
	} {
		lib := &wsPackage{dir: "lib", m: manifest{Package: Package{Main: tc.main}}, files: tc.files}
		w := &wsBuild{sel: sel, prod: []*wsPackage{lib, sel}}
		out := w.artifacts("/app", true, plan.Origin{})
		if len(out) != 2 || !slices.Equal(out[1].Include, tc.want) {
			t.Errorf("main %s files %q: copies %+v", tc.main, tc.files, out[len(out)-1])
		}
		if len(tc.files) > 1 && !slices.Contains(out[1].Exclude, "app/lib/dist/*.test.js") {
			t.Errorf("excludes %q", out[1].Exclude)
		}
	}
}

// TestWorkspaceRootThatUsesItsPackages: a root that depends on every package of its workspace
// is the app, and they its libraries (solid-docs: the site at the root, its theme in osmium/,
// `workspace:*`): built with them, and no WorkspaceNotSelected; a package it does not use
// brings the note back.
func TestWorkspaceRootThatUsesItsPackages(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "docs-site", "type": "module", "scripts": {"build": "vite build", "start": "vite start"},
 "dependencies": {"@solidjs/start": "2.0.0", "nitro": "3.0.0", "docs-theme": "workspace:*", "vite": "8.2.1"}}`,
		"pnpm-lock.yaml":         "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml":    "packages:\n  - \".\"\n  - \"theme\"\n",
		"theme/package.json":     `{"name": "docs-theme", "type": "module", "exports": "./src/index.ts"}`,
		"tools/cli/package.json": `{"name": "docs-cli"}`,
	}
	src := "language: node\nports: [3000]\n"
	p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if got := langtest.Rules(p); slices.Contains(got, "WorkspaceNotSelected") {
		t.Errorf("notes %q", got)
	}
	if want := []string{"/usr/local/bin/node", "/app/.output/server/index.mjs"}; !slices.Equal(p.Image.Entrypoint, want) {
		t.Errorf("entrypoint %q", p.Image.Entrypoint)
	}
	ctx["pnpm-workspace.yaml"] = "packages:\n  - \".\"\n  - \"theme\"\n  - \"tools/*\"\n"
	p = provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
	if got := langtest.Rules(p); !slices.Contains(got, "WorkspaceNotSelected") {
		t.Errorf("a package the root does not use: notes %q", got)
	}
}

// TestAPackageWithoutDependenciesRunsOnTheRoots: a workspace whose root lists every dependency
// of its apps (one version of each for all), beside an app whose package.json lists none, in
// postiz's shape: apps/backend's NestJS server, compiled by `nest build`, requires
// @nestjs/core from the root's node_modules. Its image holds the root's production
// node_modules (yarn 2+'s focus names the root too), and RootDependenciesShipped, whose advice
// would break it, is not given. A package that lists dependencies of its own still gets it.
func TestAPackageWithoutDependenciesRunsOnTheRoots(t *testing.T) {
	root := `{"name": "social", "private": true, "workspaces": ["apps/*", "libs/*"],
 "dependencies": {"@nestjs/common": "^11", "@nestjs/core": "^11", "@nestjs/platform-express": "^11", "reflect-metadata": "^0.2"},
 "devDependencies": {"@nestjs/cli": "^11", "typescript": "5.5.4"}}`
	backend := `{"name": "social-backend", "scripts": {"build": "nest build", "start": "node ./dist/main.js"}}`
	src := "language: node\nworkspace: apps/backend\nports: [3000]\n"
	for _, tc := range []struct {
		name, lockfile, prune string
	}{
		{"pnpm", "pnpm-lock.yaml", "rm -rf node_modules apps/backend/node_modules && pnpm install --prod --frozen-lockfile --filter social-backend..."},
		{"npm", "package-lock.json", "npm prune --omit=dev --workspace apps/backend --include-workspace-root --ignore-scripts"},
		{"yarn 2+", "yarn.lock", "yarn workspaces focus --production social social-backend"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := map[string]string{
				"package.json":               root,
				tc.lockfile:                  "",
				"apps/backend/package.json":  backend,
				"apps/backend/nest-cli.json": `{"collection": "@nestjs/schematics", "sourceRoot": "src"}`,
				"apps/backend/src/main.ts":   "import { NestFactory } from '@nestjs/core';\n",
				"apps/frontend/package.json": `{"name": "social-frontend", "scripts": {"build": "next build"}}`,
				"libs/shared/src/index.ts":   "export const x = 1;\n",
			}
			switch tc.lockfile {
			case "pnpm-lock.yaml":
				c["pnpm-workspace.yaml"] = "packages:\n  - apps/*\n  - libs/*\n"
			case "yarn.lock":
				c["yarn.lock"], c[".yarnrc.yml"] = "__metadata:\n  version: 8\n", "nodeLinker: node-modules\n"
			}
			p := provider.MustPlan(t, src, provider.Gathered(t, src, c))
			got := workspaceSteps(p)
			if got.prune != tc.prune {
				t.Errorf("prod-deps:\n got %q\nwant %q", got.prune, tc.prune)
			}
			if want := "prod-deps:/ app/node_modules app/apps/backend/node_modules -> /"; len(got.runtime) == 0 || got.runtime[0] != want {
				t.Errorf("runtime copies %q, want first %q", got.runtime, want)
			}
			if notes := langtest.NotesOf(p, "RootDependenciesShipped"); len(notes) != 0 {
				t.Errorf("notes %v, want none", notes)
			}
			if want := "/app/apps/backend/dist/main.js"; !slices.Contains(p.Image.Entrypoint, want) {
				t.Errorf("entrypoint %q, want %s", p.Image.Entrypoint, want)
			}
		})
	}
	// a package with dependencies of its own runs on them: the root's others are named
	c := map[string]string{
		"package.json":              root,
		"pnpm-lock.yaml":            "",
		"pnpm-workspace.yaml":       "packages:\n  - apps/*\n",
		"apps/backend/package.json": `{"name": "social-backend", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5"}}`,
		"apps/backend/server.js":    "require('express')\n",
	}
	p := provider.MustPlan(t, src, provider.Gathered(t, src, c))
	if notes := langtest.NotesOf(p, "RootDependenciesShipped"); len(notes) != 1 {
		t.Errorf("notes %v, want one", notes)
	}
}
