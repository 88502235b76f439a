package node

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// The plan as LLB: what BuildKit runs, decoded op by op.

var (
	// images stands in for the registry: node images' env, entrypoint and cmd.
	images = graphtest.Images{Env: []string{"PATH=/usr/local/bin:/usr/bin:/bin", "NODE_VERSION=20.20.2"},
		Entrypoint: []string{"docker-entrypoint.sh"}, Cmd: []string{"node"}}
)

type op = graphtest.Op

type ops = graphtest.Ops

func marshal(t *testing.T, src string, target string, tp ocispecs.Platform, args map[string]string) (ops, *graph.Result, []byte) {
	t.Helper()
	p := provider.MustPlan(t, src, facts(app, "package-lock.json", "{}"))
	out, res, def := langtest.Build(t, p, graph.Options{Target: target, TargetPlatform: tp, Resolver: images, BuildArgs: args})
	return out, res, bytes.Join(def.Def, []byte{0})
}

// named is the op with exactly that progress name.
func named(t *testing.T, os ops, name string) op {
	t.Helper()
	return os.NamedExactly(t, name)
}

func TestRuntimeLLB(t *testing.T) {
	const src = "language: node\nports: [8080]\n"
	os, res, _ := marshal(t, src, "", graphtest.Arm64, map[string]string{"NPM_CONFIG_REGISTRY": "https://npm.example.com/"})

	ci := named(t, os, "[deps 3/3] RUN npm ci").GetExec()
	if !slices.Contains(ci.Meta.Env, "NPM_CONFIG_REGISTRY=https://npm.example.com/") {
		t.Errorf("npm ci env %q lacks the registry", ci.Meta.Env)
	}
	if ci.Meta.Cwd != "/app" {
		t.Errorf("npm ci runs in %q", ci.Meta.Cwd)
	}
	prune := named(t, os, "[prod-deps 2/2] RUN npm prune --omit=dev").GetExec()
	for _, e := range []*pb.ExecOp{ci, prune} {
		var cache *pb.Mount
		for _, m := range e.Mounts {
			if m.MountType == pb.MountType_CACHE {
				cache = m
			}
		}
		if cache == nil || cache.Dest != "/root/.npm" || cache.CacheOpt.ID != "/npm" || cache.CacheOpt.Sharing != pb.CacheSharingOpt_SHARED {
			t.Errorf("%q mounts %+v, want the shared npm cache at /root/.npm", e.Meta.Args, e.Mounts)
		}
	}
	build := named(t, os, "[app 4/5] RUN npm run build").GetExec() // on the runtime image (TestATypeScriptBuildRunsOnTheRuntimeImage)
	if slices.ContainsFunc(build.Meta.Env, func(e string) bool { return strings.HasPrefix(e, "NPM_CONFIG_REGISTRY=") }) {
		t.Errorf("the build step gets the registry: %q", build.Meta.Env)
	}
	// Installs and the build run on the build platform; the arm64 runtime only copies.
	for _, o := range os {
		if o.GetExec() != nil && (o.Platform == nil || o.Platform.Architecture != "amd64") {
			t.Errorf("%q runs on %v, want the build platform", o.Name, o.Platform)
		}
	}
	rt := named(t, os, "[runtime 1/4] FROM node:24-bookworm-slim")
	if rt.Platform.Architecture != "arm64" {
		t.Errorf("runtime base for %v", rt.Platform)
	}
	named(t, os, "[runtime 2/4] COPY --from=prod-deps /app/node_modules /app/node_modules/")
	named(t, os, "[runtime 3/4] COPY package.json /app/")
	cp := named(t, os, "[runtime 4/4] COPY --from=app /app/dist /app/dist/").GetFile().Actions[0].GetCopy()
	if cp.Src != "/app/dist" || cp.Dest != "/app/dist/" || cp.Owner != nil {
		t.Errorf("the program is copied %+v", cp)
	}

	cfg := res.Image.Config
	if cfg.User != "1000:1000" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/node", "/app/dist/server.js"}) ||
		cfg.Cmd != nil || cfg.WorkingDir != "/app" {
		t.Errorf("config user %q entrypoint %q cmd %q workdir %q", cfg.User, cfg.Entrypoint, cfg.Cmd, cfg.WorkingDir)
	}
	if !slices.Contains(cfg.Env, "NODE_ENV=production") || slices.ContainsFunc(cfg.Env, func(e string) bool {
		return strings.HasPrefix(e, "NPM_CONFIG") || strings.HasPrefix(e, "COREPACK")
	}) {
		t.Errorf("image env %q", cfg.Env)
	}
	if res.Image.Architecture != "arm64" {
		t.Errorf("image for %s", res.Image.Architecture)
	}
}

func TestTesterLLB(t *testing.T) {
	os, _, _ := marshal(t, "language: node\n", "tester", graphtest.Amd64, nil)
	e := named(t, os, "[tester 2/2] RUN npm test").GetExec()
	if !slices.Contains(e.Meta.Env, "CI=true") || e.Meta.Cwd != "/app" {
		t.Errorf("npm test env %q cwd %q", e.Meta.Env, e.Meta.Cwd)
	}
	for _, o := range os {
		if strings.HasPrefix(o.Name, "[runtime") || strings.HasPrefix(o.Name, "[prod-deps") {
			t.Errorf("--target tester builds %q", o.Name)
		}
	}
}

func TestNodeMarshalIsDeterministic(t *testing.T) {
	graphtest.Deterministic(t, 10, func() []byte {
		_, res, dt := marshal(t, "language: node\nenv: {B: 2, A: 1}\nargs: {V: 1, W: 2}\nbuild:\n  env: {X: 1, Y: 2}\n", "", graphtest.Arm64, nil)
		cfg, _ := json.Marshal(res.Image)
		return append(dt, cfg...)
	})
}

// TestSourceDateEpochReachesTheBuildNotTheInstall: the build script and the tests see
// SOURCE_DATE_EPOCH, as in every language; the install does not, so a new epoch keeps it cached.
func TestSourceDateEpochReachesTheBuildNotTheInstall(t *testing.T) {
	const src = "language: node\nargs: {APP_MODE: web}\n"
	os, _, _ := marshal(t, src, "tester", graphtest.Amd64, map[string]string{"SOURCE_DATE_EPOCH": "1700000000", "NPM_CONFIG_REGISTRY": "https://npm.example.com/"})
	const epoch = "SOURCE_DATE_EPOCH=1700000000"
	if env := named(t, os, "[deps 3/3] RUN npm ci").GetExec().Meta.Env; slices.Contains(env, epoch) {
		t.Errorf("npm ci sees %s", epoch)
	}
	for _, name := range []string{"[app 4/5] RUN npm run build", "[tester 2/2] RUN npm test"} {
		env := named(t, os, name).GetExec().Meta.Env
		if !slices.Contains(env, epoch) || !slices.Contains(env, "APP_MODE=web") {
			t.Errorf("%q env %q lacks the epoch or the spec's arg", name, env)
		}
		if slices.ContainsFunc(env, func(e string) bool { return strings.HasPrefix(e, "NPM_CONFIG_REGISTRY=") }) {
			t.Errorf("%q gets the registry: %q", name, env)
		}
	}
}

// TestATypeScriptBuildRunsOnTheRuntimeImage: a build that is tsc alone runs in the app stage on
// the runtime's own image, with deps' node_modules copied in, so a one-line change reruns steps
// that stand on node:24-bookworm-slim only: a runner with only the registry cache pulls no
// node:24-bookworm for them. The runtime graph has no builder step; the tester still runs on
// builder (the full image), whose tree is the app stage's but for node_modules, deps' own.
func TestATypeScriptBuildRunsOnTheRuntimeImage(t *testing.T) {
	os, _, _ := marshal(t, "language: node\n", "", graphtest.Amd64, nil)
	for _, o := range os {
		if strings.HasPrefix(o.Name, "[builder ") {
			t.Errorf("the runtime's graph runs %q", o.Name)
		}
	}
	want := []string{"[app 4/5] RUN npm run build", "[app 3/5] COPY . ./", "[app 2/5] COPY --from=deps /app/node_modules /app/node_modules/",
		"docker-image://docker.io/library/node:24-bookworm-slim"}
	if got := os.Chain(named(t, os, "[app 4/5] RUN npm run build")); !slices.Equal(got, want) {
		t.Errorf("the build stands on %q, want %q", got, want)
	}
	named(t, os, "[runtime 4/4] COPY --from=app /app/dist /app/dist/")

	os, _, _ = marshal(t, "language: node\n", "tester", graphtest.Amd64, nil)
	cp := named(t, os, "[builder 2/2] COPY --from=app /app /app").GetFile().Actions[0].GetCopy()
	if !slices.Equal(cp.ExcludePatterns, []string{"**/node_modules"}) {
		t.Errorf("builder's copy of the app stage's tree leaves out %q, want node_modules (deps')", cp.ExcludePatterns)
	}
	if got := os.Images(named(t, os, "[tester 2/2] RUN npm test")); !slices.Contains(got, "docker-image://docker.io/library/node:24-bookworm") {
		t.Errorf("the tests run on %q, want the builder image", got)
	}
}

// A build runs on the runtime image only when it is tsc alone, with nothing else in builder, on
// the slim runtime; a project without a build is copied there on any runtime with a shell.
func TestTheProgramIsMadeOnTheRuntimeImageOnlyWhenNothingElseIsNeeded(t *testing.T) {
	const pkg = `{"scripts": {"build": %q, "start": "node dist/server.js"}, "dependencies": {"ms": "2"}, "devDependencies": {"typescript": "5"}}`
	for _, tc := range []struct {
		spec, build string
		extra       []string
		want        string
	}{
		{"language: node\n", "tsc", nil, lang.AppStage},
		{"language: node\n", "tsc -p tsconfig.build.json --outDir dist", nil, lang.AppStage},
		{"language: node\nentrypoint: dist/server.js\n", "tsc", nil, lang.AppStage},
		{"language: node\n", "tsc && cp -r views dist/", nil, "builder"},
		{"language: node\n", "rimraf dist && tsc", nil, "builder"},
		{"language: node\n", "vite build", nil, "builder"},
		{"language: node\n", "tsc $FLAGS", nil, "builder"},
		{"language: node\nruntime: alpine\n", "tsc", nil, "builder"},
		{"language: node\nruntime: distroless\n", "tsc", nil, "builder"},
		{"language: node\nbuild: {packages: [git]}\n", "tsc", nil, "builder"},
		{"language: node\nbuild: {image: example.com/node:24}\n", "tsc", nil, "builder"},
		{"language: node\nbuild: {command: npx tsc}\n", "tsc", nil, "builder"},
		{"language: node\nwritable: [data]\n", "tsc", nil, "builder"},
		{"language: node\n", "tsc", []string{"pnpm-lock.yaml", "lockfileVersion: '9.0'\n"}, "builder"},
	} {
		lock := []string{"package-lock.json", "{}"}
		if tc.extra != nil {
			lock = tc.extra
		}
		f := facts(fmt.Sprintf(pkg, tc.build), lock...)
		p, err := provider.TryPlan(t, tc.spec, f)
		if err != nil {
			t.Errorf("%q %q: %v", tc.spec, tc.build, err)
			continue
		}
		var from string
		for _, c := range copies(p.Stage("runtime")) {
			if slices.Equal(c.Paths, []string{"/app/dist"}) {
				from = c.FromStage
			}
		}
		if from != tc.want || (p.Stage(lang.AppStage) != nil) != (tc.want == lang.AppStage) {
			t.Errorf("%q %q: the runtime takes dist from %q (app stage %v), want %q", tc.spec, tc.build, from, p.Stage(lang.AppStage) != nil, tc.want)
		}
	}
	// a prebuild script runs before the build
	p := provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"prebuild": "node gen.js", "build": "tsc", "start": "node dist/server.js"}}`, "package-lock.json", "{}"))
	if p.Stage(lang.AppStage) != nil {
		t.Errorf("a prebuild script: the build runs on the runtime image")
	}
	// Without a build, the source is copied on the runtime image, any package manager, on a
	// runtime with a shell; the runtime takes the tree from it.
	for spec, want := range map[string]string{
		"language: node\n":                      lang.AppStage,
		"language: node\nruntime: alpine\n":     lang.AppStage,
		"language: node\nruntime: distroless\n": "builder",
		"language: node\nwritable: [data]\n":    "builder",
	} {
		for _, lock := range [][]string{{"package-lock.json", "{}"}, {"pnpm-lock.yaml", "lockfileVersion: '9.0'\n"}} {
			p := provider.MustPlan(t, spec, facts(`{"main": "server.js", "dependencies": {"ms": "2"}}`, append([]string{"server.js", ""}, lock...)...))
			cs := copies(p.Stage("runtime"))
			from := cs[len(cs)-1].FromStage
			if spec == "language: node\nwritable: [data]\n" {
				from = cs[len(cs)-2].FromStage // the last copies the writable directory from builder
			}
			if from != want || (p.Stage(lang.AppStage) != nil) != (want == lang.AppStage) {
				t.Errorf("%q %s: the runtime takes the source from %q (app stage %v), want %q", spec, lock[0], from, p.Stage(lang.AppStage) != nil, want)
			}
			if st := p.Stage(lang.AppStage); st != nil && len(copies(st)) != 1 {
				t.Errorf("%q %s: without a build the app stage copies %d things, want the source only", spec, lock[0], len(copies(st)))
			}
		}
	}
}
