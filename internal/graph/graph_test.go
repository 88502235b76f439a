package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/golang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

var (
	amd64 = ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	arm64 = ocispecs.Platform{OS: "linux", Architecture: "arm64"}
)

// fakeResolver stands in for the registry (graphtest.Images).
type fakeResolver = graphtest.Images

var goFacts = lang.Facts{
	"go.mod": []byte("module example.com/hello\n\ngo 1.26.1\n\nrequire github.com/google/uuid v1.6.0\n"),
	"go.sum": []byte("github.com/google/uuid v1.6.0 h1:x\n"),
}

func goPlan(t *testing.T, src string) (*spec.Spec, *plan.Plan) {
	t.Helper()
	s, err := spec.Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, err := lang.Skeleton(golang.Provider{}).Plan(s, goFacts)
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}

type op = graphtest.Op

// decoded is a marshalled build, op by op, with its definition (source locations, metadata).
type decoded struct {
	ops graphtest.Ops
	def *pb.Definition
}

func build(t *testing.T, s *spec.Spec, p *plan.Plan, target string, tp ocispecs.Platform) (decoded, *graph.Result) {
	t.Helper()
	return buildWith(t, s, p, target, tp, nil)
}

// buildWith is build with options changed by edit (build args, epoch, resolver) before the build.
func buildWith(t *testing.T, s *spec.Spec, p *plan.Plan, target string, tp ocispecs.Platform, edit func(*graph.Options)) (decoded, *graph.Result) {
	t.Helper()
	sm := llb.NewSourceMap(nil, s.File, "YAML", s.Source)
	opt := graph.Options{
		Target: target, TargetPlatform: tp, BuildPlatform: amd64,
		Context:  llb.Local("context"),
		Resolver: fakeResolver{}, SourceMap: sm,
		Locate: func(field string) []*pb.Range {
			if pos, ok := s.Pos(field); ok {
				return []*pb.Range{{Start: &pb.Position{Line: int32(pos.Line)}, End: &pb.Position{Line: int32(pos.Line)}}}
			}
			return nil
		},
		BuildArgs: map[string]string{},
	}
	if edit != nil {
		edit(&opt)
	}
	ops, res, def := graphtest.Build(t, p, opt)
	return decoded{ops, def}, res
}

func decodedFrom(t *testing.T, def *pb.Definition) decoded {
	return decoded{graphtest.Decode(t, def), def}
}

func (d decoded) execs() graphtest.Ops                 { return d.ops.Execs() }
func (d decoded) exec(t *testing.T, args ...string) op { t.Helper(); return d.ops.Exec(t, args...) }
func (d decoded) named(t *testing.T, prefix string) op { t.Helper(); return d.ops.Named(t, prefix) }
func cacheMount(o op, target string) *pb.Mount         { return graphtest.CacheMount(o.GetExec(), target) }

const goSpec = "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nports: [8080]\n"

func TestGoRuntimeCrossCompilesOnTheBuildPlatform(t *testing.T) {
	s, p := goPlan(t, goSpec)
	d, res := build(t, s, p, "", arm64)

	// the modules go into deps' layer, through the builder's shared module cache
	dl := d.named(t, "[deps 3/3] RUN go mod download")
	if m := cacheMount(dl, "/root/.cache/go-mod"); m == nil || m.CacheOpt.ID != "/go-mod" || cacheMount(dl, "/go/pkg/mod") != nil {
		t.Errorf("go mod download does not download into the layer through the go-mod cache: %+v", dl.GetExec().Mounts)
	}

	src := d.named(t, "[builder 2/3] COPY . ./").GetFile().Actions[0].GetCopy()
	if src.Src != "/" || src.Dest != "/src/" {
		t.Errorf("builder copies %q to %q, want the context into the workdir /src/", src.Src, src.Dest)
	}

	gb := d.exec(t, "go", "build")
	env := gb.GetExec().Meta.Env
	for _, want := range []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64"} {
		if !slices.Contains(env, want) {
			t.Errorf("go build env %q lacks %s", env, want)
		}
	}
	for _, want := range []string{"-trimpath", "-ldflags=-s -w", "/out/server", "./cmd/server"} {
		if !slices.Contains(graphtest.Args(gb.GetExec()), want) {
			t.Errorf("go build args %q lack %q", gb.GetExec().Meta.Args, want)
		}
	}
	for _, id := range []string{"go-mod", "go-build"} {
		found := false
		for _, m := range gb.GetExec().Mounts {
			found = found || (m.MountType == pb.MountType_CACHE && m.CacheOpt.ID == "/"+id)
		}
		if !found {
			t.Errorf("go build lacks the %s cache", id)
		}
	}
	// Nothing runs on the target platform: every exec is amd64 though the image is arm64.
	for _, o := range d.execs() {
		if o.Platform == nil || o.Platform.Architecture != "amd64" {
			t.Errorf("exec %q runs on %v, want the build platform", o.Name, o.Platform)
		}
	}
	// The runtime starts from distroless for arm64 and copies only the binary.
	rt := d.named(t, "[runtime 1/2] FROM gcr.io/distroless/static-debian12:nonroot")
	if rt.Platform.Architecture != "arm64" || !strings.Contains(rt.GetSource().Identifier, "static-debian12:nonroot@sha256:") {
		t.Errorf("runtime base %v on %v", rt.GetSource().Identifier, rt.Platform)
	}
	cp := d.named(t, "[runtime 2/2] COPY --from=builder /out/server /usr/local/bin/server")
	if c := cp.GetFile().Actions[0].GetCopy(); c == nil || c.Src != "/out/server" || c.Dest != "/usr/local/bin/server" {
		t.Errorf("runtime copy is %+v", cp.GetFile().Actions[0])
	}

	img := res.Image
	if img.Config.User != "65532:65532" || !slices.Equal(img.Config.Entrypoint, []string{"/usr/local/bin/server"}) {
		t.Errorf("image user %q entrypoint %q", img.Config.User, img.Config.Entrypoint)
	}
	if img.Architecture != "arm64" || img.OS != "linux" {
		t.Errorf("image platform %s/%s", img.OS, img.Architecture)
	}
	if _, ok := img.Config.ExposedPorts["8080/tcp"]; !ok {
		t.Errorf("ports %v", img.Config.ExposedPorts)
	}
	if img.Config.Labels["org.opencontainers.image.title"] != "server" ||
		!strings.HasPrefix(img.Config.Labels["org.opencontainers.image.base.digest"], "sha256:") {
		t.Errorf("labels %v", img.Config.Labels)
	}
	if img.Created != nil {
		t.Errorf("image has a creation time %v: the frontend must not write wall-clock time", img.Created)
	}
}

func TestStepsPointAtTheirSpecLine(t *testing.T) {
	s, p := goPlan(t, goSpec)
	d, _ := build(t, s, p, "", amd64)
	line := func(o op) int32 {
		locs := d.def.Source.Locations[o.Digest]
		if locs == nil || len(locs.Locations) == 0 {
			return 0
		}
		return locs.Locations[0].Ranges[0].Start.Line
	}
	if l := line(d.exec(t, "go", "build")); l != 3 { // entrypoint
		t.Errorf("go build points at line %d, want 3", l)
	}
	if l := line(d.named(t, "[deps 3/3] RUN go mod download")); l != 2 { // language
		t.Errorf("go mod download points at line %d, want 2", l)
	}
	if len(d.def.Source.Infos) != 1 || d.def.Source.Infos[0].Filename != "Dockerfile" {
		t.Errorf("source infos %+v", d.def.Source.Infos)
	}
}

func TestMarshalIsDeterministic(t *testing.T) {
	graphtest.Deterministic(t, 10, func() []byte {
		s, p := goPlan(t, "language: go\nenv: {B: 2, A: 1, C: 3}\nlabels: {z: 1, a: 2}\nargs: {V: 1, W: 2}\nbuild:\n  env: {X: 1, Y: 2}\n")
		d, res := build(t, s, p, "", arm64)
		// the ops, in order, and the image config; metadata is a protobuf map and is compared by content
		dt := bytes.Join(d.def.Def, []byte{0})
		cfg, _ := json.Marshal(res.Image)
		md, _ := json.Marshal(d.def.Metadata)
		return append(append(dt, cfg...), md...)
	})
}

func TestTesterRunsTheTestsAndCanBeTurnedOff(t *testing.T) {
	s, p := goPlan(t, "language: go\n")
	d, _ := build(t, s, p, "tester", amd64)
	tst := d.exec(t, "go", "test", "./...")
	if !strings.HasPrefix(tst.Name, "[tester 2/2] RUN go test ./...") {
		t.Errorf("tester step named %q", tst.Name)
	}
	// the tests run as the runtime's user, with a build cache of that user's
	if u := tst.GetExec().Meta.User; u != "65532:65532" {
		t.Errorf("go test runs as %q, want the runtime's 65532:65532", u)
	}
	if m := cacheMount(tst, "/tmp/go-build"); m == nil || m.CacheOpt.ID != "/go-build-65532" {
		t.Errorf("go test has no build cache of its user: %+v", tst.GetExec().Mounts)
	}
	if env := tst.GetExec().Meta.Env; !slices.Contains(env, "GOCACHE=/tmp/go-build") || !slices.Contains(env, "CGO_ENABLED=0") {
		t.Errorf("go test env %q: want GOCACHE on its cache and CGO_ENABLED as the build has it", env)
	}
	s, p = goPlan(t, "language: go\nuser: root\n")
	d, _ = build(t, s, p, "tester", amd64)
	if tst := d.exec(t, "go", "test"); tst.GetExec().Meta.User != "root" && tst.GetExec().Meta.User != "" || cacheMount(tst, "/root/.cache/go-build") == nil {
		t.Errorf("user: root tests as %q with mounts %+v, want root with the builder's cache", tst.GetExec().Meta.User, tst.GetExec().Mounts)
	}

	s, p = goPlan(t, "language: go\ntest: [go, test, -run, Fast, ./...]\n")
	d, _ = build(t, s, p, "tester", amd64)
	d.exec(t, "go", "test", "-run", "Fast")

	s, p = goPlan(t, "language: go\ntest: false\n")
	_, err := graph.Build(context.Background(), p, graph.Options{Target: "tester", TargetPlatform: amd64, BuildPlatform: amd64, Resolver: fakeResolver{}})
	if err == nil || !strings.Contains(err.Error(), "valid targets are deps, builder, runtime") {
		t.Errorf("tester with tests off: %v", err)
	}
	_ = s
}

func TestScratchGetsUsersAndCertificatesFromFileOps(t *testing.T) {
	s, p := goPlan(t, "language: go\nruntime: scratch\n")
	d, res := build(t, s, p, "", arm64)
	var passwd string
	for _, o := range d.ops {
		if f := o.GetFile(); f != nil {
			for _, a := range f.Actions {
				if mf := a.GetMkfile(); mf != nil && mf.Path == "/etc/passwd" {
					passwd = string(mf.Data)
				}
			}
		}
	}
	if !strings.Contains(passwd, "nonroot:x:65532:65532:") {
		t.Errorf("scratch /etc/passwd = %q", passwd)
	}
	d.named(t, "[runtime 5/6] COPY --from=builder /etc/ssl/certs/ca-certificates.crt")
	for _, o := range d.execs() {
		if o.Platform.Architecture != "amd64" {
			t.Errorf("exec %q runs on the target platform", o.Name)
		}
	}
	if res.Image.Config.User != "65532:65532" {
		t.Errorf("user %q", res.Image.Config.User)
	}
}

func TestAlpineUserIsAddedOnTheBuildPlatform(t *testing.T) {
	s, p := goPlan(t, "language: go\nruntime: alpine\n")
	d, _ := build(t, s, p, "", arm64)
	add := d.named(t, "[runtime-user 2/2] RUN add user nonroot")
	if add.Platform.Architecture != "amd64" {
		t.Errorf("user step runs on %v", add.Platform)
	}
	if add.GetExec().Network != pb.NetMode_NONE {
		t.Errorf("user step has network %v", add.GetExec().Network)
	}
	var bind *pb.Mount
	for _, m := range add.GetExec().Mounts {
		if m.Dest == "/base/etc" {
			bind = m
		}
	}
	if bind == nil || !bind.Readonly || bind.Selector != "/etc" {
		t.Fatalf("user step does not mount the base's /etc read-only: %+v", add.GetExec().Mounts)
	}
	d.named(t, "[runtime 2/4] COPY --from=runtime-user /out/etc/ /etc/")
}

func TestSecretsAreMountedNotCopied(t *testing.T) {
	s, p := goPlan(t, "language: go\nbuild:\n  secrets: [netrc, {id: token, env: GITHUB_TOKEN}]\n")
	d, _ := build(t, s, p, "", amd64)
	for _, o := range []op{d.named(t, "[deps 3/3] RUN go mod download"), d.exec(t, "go", "build")} {
		var ids []string
		for _, m := range o.GetExec().Mounts {
			if m.MountType == pb.MountType_SECRET {
				ids = append(ids, m.SecretOpt.ID+"@"+m.Dest)
			}
		}
		if !slices.Contains(ids, "netrc@/run/secrets/netrc") {
			t.Errorf("%s: secret mounts %v", o.Name, ids)
		}
		if len(o.GetExec().Secretenv) != 1 || o.GetExec().Secretenv[0].Name != "GITHUB_TOKEN" {
			t.Errorf("%s: secret env %v", o.Name, o.GetExec().Secretenv)
		}
	}
}

func TestUnknownTargetListsTheValidOnes(t *testing.T) {
	_, p := goPlan(t, "language: go\n")
	_, err := graph.Build(context.Background(), p, graph.Options{Target: "tset", TargetPlatform: amd64, BuildPlatform: amd64, Resolver: fakeResolver{}})
	if err == nil || err.Error() != `target stage "tset" could not be found: valid targets are deps, builder, tester, runtime` {
		t.Errorf("err = %v", err)
	}
}

// TestStepEnvAndToolArgsStayOutOfImages: build args for tools (GOPROXY...), proxies and the
// per-step env reach the RUN steps only, never an image config, whatever the target.
func TestStepEnvAndToolArgsStayOutOfImages(t *testing.T) {
	s, p := goPlan(t, "language: go\nbuild: {env: {GOFLAGS: -mod=mod}}\n")
	args := map[string]string{"GOPROXY": "https://user:CANARY-PROXY@proxy.example", "HTTPS_PROXY": "http://user:CANARY-HTTP@proxy:3128"}
	for _, target := range []string{"deps", "builder", "tester", "runtime"} {
		res, err := graph.Build(context.Background(), p, graph.Options{Target: target, TargetPlatform: amd64, BuildPlatform: amd64,
			Context: llb.Local("context"), Resolver: fakeResolver{}, BuildArgs: args})
		if err != nil {
			t.Fatal(err)
		}
		cfg, _ := json.Marshal(res.Image)
		for _, canary := range []string{"CANARY", "GOOS=", "CGO_ENABLED", "GOFLAGS"} {
			if strings.Contains(string(cfg), canary) {
				t.Errorf("target %s: image config holds %q: %s", target, canary, cfg)
			}
		}
		def, err := res.State.Marshal(context.Background(), llb.LocalUniqueID("x"))
		if err != nil {
			t.Fatal(err)
		}
		d := decodedFrom(t, def.ToPB())
		for _, o := range d.execs() {
			if strings.Contains(strings.Join(o.GetExec().Meta.Env, " "), "CANARY-HTTP") {
				t.Errorf("%s: the proxy is in the step's env (and so its cache key), not its proxy settings", o.Name)
			}
		}
	}
	_ = s
	d, _ := build(t, s, p, "builder", amd64)
	dl := d.named(t, "[deps 3/3] RUN go mod download")
	if !slices.Contains(dl.GetExec().Meta.Env, "GOFLAGS=-mod=mod") {
		t.Errorf("build.env does not reach go mod download: %q", dl.GetExec().Meta.Env)
	}
}

func TestCacheMountNamespace(t *testing.T) {
	_, p := goPlan(t, "language: go\n")
	res, err := graph.Build(context.Background(), p, graph.Options{Target: "deps", TargetPlatform: amd64, BuildPlatform: amd64,
		Context: llb.Local("context"), Resolver: fakeResolver{}, CacheNS: "team-a"})
	if err != nil {
		t.Fatal(err)
	}
	def, _ := res.State.Marshal(context.Background(), llb.LocalUniqueID("x"))
	d := decodedFrom(t, def.ToPB())
	if m := cacheMount(d.named(t, "[deps 3/3] RUN go mod download"), "/root/.cache/go-mod"); m == nil || m.CacheOpt.ID != "team-a/go-mod" {
		t.Errorf("cache mount %+v, want id team-a/go-mod (BUILDKIT_CACHE_MOUNT_NS joined with /)", m)
	}
}

// TestSecretsReachOnlyDependencyAndBuildSteps: secrets and SSH agents are mounted in the two
// steps that fetch and build, never in the tests or the runtime image's steps.
func TestSecretsReachOnlyDependencyAndBuildSteps(t *testing.T) {
	s, p := goPlan(t, "language: go\nruntime: alpine\nbuild:\n  secrets: [netrc, {id: token, env: GITHUB_TOKEN}]\n  ssh: [default]\n")
	var execs []op
	for _, target := range []string{"tester", "runtime"} {
		d, _ := build(t, s, p, target, amd64)
		execs = append(execs, d.execs()...)
	}
	with := map[string]bool{}
	for _, o := range execs {
		e := o.GetExec()
		n := len(e.Secretenv)
		for _, m := range e.Mounts {
			if m.MountType == pb.MountType_SECRET || m.MountType == pb.MountType_SSH {
				n++
			}
		}
		if n == 0 {
			continue
		}
		if n != 3 {
			t.Errorf("%q has %d of the 3 secret and ssh mounts", o.Name, n)
		}
		with[o.Name] = true
	}
	want := map[string]bool{"[deps 3/3] RUN go mod download": true, `[builder 3/3] RUN go build -trimpath -ldflags="-s -w" -o /out/hello .`: true}
	if len(with) != len(want) {
		t.Errorf("steps with secrets: %v, want %v", with, want)
	}
	for name := range want {
		if !with[name] {
			t.Errorf("%q lacks the secrets", name)
		}
	}
}
