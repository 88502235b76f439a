package frontend

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/subrequests"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/lint"
	"github.com/org/multistage-frontend/spec"
)

var goFacts = lang.Facts{"go.mod": []byte("module example.com/app\n\ngo 1.26\n"), "go.sum": []byte("")}

// newRequest parses and plans src as the gateway would, keeping the error as a request does.
func newRequest(t *testing.T, src string, facts lang.Facts) *request {
	t.Helper()
	sm := llb.NewSourceMap(nil, "Dockerfile", "YAML", []byte(src))
	def, err := llb.Local("dockerfile").Marshal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sm.Definition = def // as dockerui.ReadEntrypoint sets it
	r := &request{src: &dockerui.Source{SourceMap: sm}}
	r.s, r.err = spec.Parse("Dockerfile", []byte(src))
	if r.err == nil {
		r.p, r.err = providers.Plan(r.s, facts)
	}
	if r.err != nil {
		r.err = withSpecSource(r.err, r.src.SourceMap, r.s)
	}
	return r
}

func line(l *pb.Location) int {
	if l == nil || len(l.Ranges) == 0 {
		return 0
	}
	return int(l.Ranges[0].Start.Line)
}

func TestTargetsListEveryStageWithItsLineAndTheDockerfile(t *testing.T) {
	r := newRequest(t, "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nruntime: alpine\n", goFacts)
	l := listTargets(r.s, r.p, r.src.SourceMap)
	var names []string
	for _, tg := range l.Targets {
		names = append(names, tg.Name)
		if strings.ContainsAny(tg.Description, "\n\t") || tg.Description == "" {
			t.Errorf("%s: description %q is not one line", tg.Name, tg.Description)
		}
		if tg.Default != (tg.Name == "runtime") {
			t.Errorf("%s: default %v", tg.Name, tg.Default)
		}
	}
	if want := []string{"deps", "builder", "tester", "runtime", "dockerfile"}; !slices.Equal(names, want) {
		t.Errorf("targets %v, want %v (runtime-base and runtime-user are internal)", names, want)
	}
	byName := map[string]int{}
	for i, tg := range l.Targets {
		byName[tg.Name] = i
	}
	rt, builder := l.Targets[byName["runtime"]], l.Targets[byName["builder"]]
	if line(rt.Location) != 4 || line(builder.Location) != 3 || rt.Base != "runtime-base" || builder.Platform != "$BUILDPLATFORM" {
		t.Errorf("runtime at line %d base %q, builder at line %d platform %q", line(rt.Location), rt.Base, line(builder.Location), builder.Platform)
	}
	if len(l.Sources) != 1 || string(l.Sources[0]) != string(r.src.Data) {
		t.Errorf("sources %q", l.Sources)
	}
	res, err := l.ToResult()
	if err != nil || !strings.Contains(string(res.Metadata["result.txt"]), "runtime (default)") {
		t.Errorf("printed %s (%v)", res.Metadata["result.txt"], err)
	}
	if got := oneLine("run the tests (go vet ./...\n\tgo test ./...)"); got != "run the tests (go vet ./... go test ./...)" {
		t.Errorf("oneLine %q", got)
	}
}

const outlineSpec = `# syntax=org/multistage-frontend
language: go
args:
  # the version stamped into the binary
  VERSION: dev
  UNUSED: x
labels: {org.opencontainers.image.version: "${VERSION}"}
build:
  secrets: [netrc, {id: token, env: GITHUB_TOKEN, required: true}]
  ssh: [default]
`

func TestOutlineListsArgsSecretsAndSSHWithTheirLines(t *testing.T) {
	r := newRequest(t, outlineSpec, goFacts)
	o, err := outlineOf(r.s, r.p, "", map[string]string{"GOPROXY": "https://proxy.example.com"}, r.src.SourceMap)
	if err != nil {
		t.Fatal(err)
	}
	args := map[string]outline.Arg{}
	var names []string
	for _, a := range o.Args {
		args[a.Name] = a
		names = append(names, a.Name)
	}
	if v := args["VERSION"]; v.Value != "dev" || v.Description != "the version stamped into the binary" || line(v.Location) != 5 {
		t.Errorf("VERSION %+v at line %d", v, line(v.Location))
	}
	if _, ok := args["UNUSED"]; !ok { // args are passed to the build and test steps
		t.Errorf("UNUSED is used by the build steps: %v", names)
	}
	if g := args["GOPROXY"]; g.Value != "https://proxy.example.com" || g.Description != "Go module proxy (a company mirror)" || g.Location != nil {
		t.Errorf("GOPROXY %+v", g)
	}
	if len(o.Secrets) != 2 || o.Secrets[0].Name != "netrc" || o.Secrets[0].Required || line(o.Secrets[0].Location) != 9 ||
		o.Secrets[1].Name != "token" || !o.Secrets[1].Required {
		t.Errorf("secrets %+v", o.Secrets)
	}
	if len(o.SSH) != 1 || o.SSH[0].Name != "default" || line(o.SSH[0].Location) != 10 {
		t.Errorf("ssh %+v", o.SSH)
	}
	var caches []string
	for _, c := range o.Cache {
		caches = append(caches, c.ID)
	}
	if !slices.Equal(caches, []string{"go-mod", "go-build"}) {
		t.Errorf("caches %v", caches)
	}
	if o.Name != "runtime" || !strings.HasPrefix(o.Description, "the image: app on ") || !strings.HasSuffix(o.Description, " (multistage-frontend dev)") {
		t.Errorf("outline of %q: %q, want the description and the frontend's version", o.Name, o.Description)
	}
	res, err := o.ToResult()
	if err != nil || !strings.Contains(string(res.Metadata["result.txt"]), "VERSION") {
		t.Errorf("printed %s (%v)", res.Metadata["result.txt"], err)
	}

	// deps downloads modules: the tool args, the secrets and the module cache, not the spec's args
	d, err := outlineOf(r.s, r.p, "deps", nil, r.src.SourceMap)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range d.Args {
		if a.Name == "VERSION" || a.Name == "UNUSED" {
			t.Errorf("deps outline lists %s", a.Name)
		}
	}
	if len(d.Args) != 7 || len(d.Secrets) != 2 || len(d.Cache) != 1 {
		t.Errorf("deps outline: %d args, %d secrets, %d caches", len(d.Args), len(d.Secrets), len(d.Cache))
	}
	if _, err := outlineOf(r.s, r.p, "runtime-user", nil, r.src.SourceMap); err == nil {
		t.Error("an internal stage has an outline")
	}
}

func TestCheckReportsWarningsAtTheirLines(t *testing.T) {
	r := newRequest(t, "# syntax=org/multistage-frontend\nlanguage: go\nuser: root\ntest: false\n", goFacts)
	res := r.check()
	if res.Error != nil || len(res.Warnings) != 2 || len(res.Sources) != 1 {
		t.Fatalf("results %+v", res)
	}
	w := res.Warnings[0]
	if w.RuleName != "RootUser" || line(w.Location) != 3 || !strings.HasSuffix(w.URL, "docs/checks.md#rootuser") ||
		!strings.Contains(w.Detail, "`user: root`") || w.Description == "" {
		t.Errorf("warning %+v at line %d", w, line(w.Location))
	}
	if res.Warnings[1].RuleName != "TestsDisabled" || line(res.Warnings[1].Location) != 4 {
		t.Errorf("warning %+v", res.Warnings[1])
	}
	out, err := res.ToResult(nil)
	if err != nil || string(out.Metadata["result.statuscode"]) != "1" || !strings.Contains(string(out.Metadata["result.txt"]), "3 | >>> user: root") {
		t.Errorf("printed %s (%v)", out.Metadata["result.txt"], err)
	}

	// the build arg overrides the directive, as BUILDKIT_DOCKERFILE_CHECK does for a Dockerfile
	r.checkArg = &linter.Config{SkipRules: []string{"RootUser"}}
	if res := r.check(); len(res.Warnings) != 1 || res.Warnings[0].RuleName != "TestsDisabled" {
		t.Errorf("skip by build arg: %+v", res.Warnings)
	}
}

func TestCheckErrorTrueFailsWithTheRules(t *testing.T) {
	r := newRequest(t, "# syntax=org/multistage-frontend\n# check=error=true;skip=TestsDisabled\nlanguage: go\nuser: root\ntest: false\n", goFacts)
	res := r.check()
	if len(res.Warnings) != 1 || res.Error == nil || res.Error.Message != "lint violation found for rules: RootUser" || line(&res.Error.Location) != 4 {
		t.Errorf("results %+v, error %+v", res.Warnings, res.Error)
	}
	if clean := newRequest(t, "# check=error=true\nlanguage: go\n", goFacts).check(); clean.Error != nil || len(clean.Warnings) != 0 {
		t.Errorf("a clean spec under error=true: %+v", clean)
	}
}

func TestCheckReportsABrokenSpecAsItsError(t *testing.T) {
	for _, tc := range []struct {
		src  string
		msg  string
		line int
	}{
		{"language: go\nentrypiont: x\n", "unknown field `entrypiont`", 2},
		{"language: go\nentrypoint: ../x\n", "is not a package directory", 2},
		{"# check=skip\nlanguage: go\n", "`# check=`: invalid check option", 1},
	} {
		res := newRequest(t, tc.src, goFacts).check()
		if res.Error == nil || !strings.Contains(res.Error.Message, tc.msg) || line(&res.Error.Location) != tc.line {
			t.Errorf("%q: error %+v", tc.src, res.Error)
		}
	}
}

func TestDescribeListsCheckAndDockerfile(t *testing.T) {
	res, err := describe()
	if err != nil {
		t.Fatal(err)
	}
	var reqs []subrequests.Request
	if err := json.Unmarshal(res.Metadata["result.json"], &reqs); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range reqs {
		names = append(names, r.Name)
	}
	if want := []string{"frontend.outline", "frontend.targets", "frontend.lint", "frontend.dockerfile", "frontend.subrequests.describe"}; !slices.Equal(names, want) {
		t.Errorf("describe lists %v, want %v", names, want)
	}
}

func TestDockerfileRequestReturnsTheEjectedFile(t *testing.T) {
	r := newRequest(t, "# syntax=org/multistage-frontend\nlanguage: go\n", goFacts)
	res, err := r.ejectResult()
	if err != nil {
		t.Fatal(err)
	}
	txt := string(res.Metadata["result.txt"])
	if !strings.HasPrefix(txt, "# syntax=docker/dockerfile:1\n") || !strings.Contains(txt, "FROM --platform=$BUILDPLATFORM golang:1.26 AS deps") {
		t.Errorf("result.txt:\n%s", txt)
	}
	var js struct{ Filename, Dockerfile string }
	if err := json.Unmarshal(res.Metadata["result.json"], &js); err != nil || js.Dockerfile != txt || js.Filename != "Dockerfile.ejected" {
		t.Errorf("result.json %s (%v)", res.Metadata["result.json"], err)
	}
}

// TestSyntaxIsDetectedBeforeTheEditorModeline: BuildKit reads directives until the first other
// comment, so the documented order (syntax, check, then the yaml-language-server modeline) keeps
// all three working.
func TestSyntaxIsDetectedBeforeTheEditorModeline(t *testing.T) {
	src := []byte("# syntax=org/multistage-frontend\n# check=skip=RootUser\n# yaml-language-server: $schema=https://example.com/schema.json\nlanguage: go\n")
	if ref, _, _, ok := parser.DetectSyntax(src); !ok || ref != "org/multistage-frontend" {
		t.Errorf("syntax %q %v", ref, ok)
	}
	s, err := spec.Parse("Dockerfile", src)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := lint.Config(s.File, s.Source, nil); err != nil || !slices.Equal(c.SkipRules, []string{"RootUser"}) {
		t.Errorf("check config %+v, %v", c, err)
	}
	if _, err := providers.Plan(s, goFacts); err != nil {
		t.Error(err)
	}
}
