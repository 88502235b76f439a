package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

func parse(t *testing.T, src string) *spec.Spec {
	t.Helper()
	s, err := spec.Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	return s
}

// ruleCase is a spec that must make a rule fire at one field, and one that must not.
type ruleCase struct {
	rule   rules.Info
	fires  string // spec
	field  string // where the warning points
	detail string // part of the detail
	quiet  []string
}

var lockNote = &plan.Plan{Notes: []plan.Note{rules.MissingLockfile.Note("language", "no go.sum")}}

var ruleCases = []ruleCase{
	{rules.RootUser, "language: go\nuser: root\n", "user", "runs the program as root",
		[]string{"language: go\n", "user: \"1000:1000\"\n", "user: nonroot\n", "user: \"10\"\n"}},
	{rules.RootUser, "user: \"0:0\"\n", "user", "`user: 0:0`", nil},
	{rules.PrivilegedPort, "language: php\nports: [80, 8443, 443/udp]\n", "ports", "`ports` has 80, 443, below 1024",
		[]string{"ports: [8080]\n", "ports: [1024]\n", "language: php\n", "ports: [80]\nuser: root\n", "ports: [80]\nuser: \"0:0\"\n"}},
	{rules.LatestImageTag, "runtime: myorg/base\n", "runtime", "has no tag", []string{
		"runtime: myorg/base:1.2\n", "runtime: distroless\n", "runtime: myorg/base@sha256:" + strings.Repeat("a", 64) + "\n",
		"runtime: distrolles\n", // UnknownRuntimeAlias's case, not reported twice
		"build: {image: golang:1.26}\n"}},
	{rules.LatestImageTag, "build:\n  image: golang:latest\n", "build.image", "pinned to latest", nil},
	{rules.MissingLockfile, "language: go\n", "language", "no go.sum", nil}, // quiet without the note: see TestMissingLockfileNeedsTheNote
	{rules.TestsDisabled, "language: go\ntest: false\n", "test", "removes the tester stage",
		[]string{"test: go test ./...\n", "test: [go, test]\n", "language: go\n"}},
	{rules.SecretsUsedInArgOrEnv, "env:\n  GITHUB_TOKEN: abc\n", "env.GITHUB_TOKEN", "looks like a secret", []string{
		"env: {PUBLIC_KEY: x, KEY_FILE: /k, TOKENIZER: spacy, MONKEY: y, APP_VERSION: '1'}\n",
		"env: {DATABASE_URL: 'postgres://app@db/app', REPO: 'https://user:${TOKEN_ARG}@git.example.com/x'}\n",
		"args: {COMMIT: 0123456789abcdef0123456789abcdef01234567}\n"}},
	{rules.SecretsUsedInArgOrEnv, "args: {DB_PASSWORD: \"\"}\n", "args.DB_PASSWORD", "history and provenance", nil},
	{rules.SecretsUsedInArgOrEnv, "build:\n  env: {NPM_AUTH: x}\n", "build.env.NPM_AUTH", "cache keys", nil},
	{rules.SecretsUsedInArgOrEnv, "env: {CONFIG: ghp_" + strings.Repeat("a1B2", 9) + "}\n", "env.CONFIG", "a GitHub token", nil},
	{rules.SecretsUsedInArgOrEnv, "env: {DSN: 'https://admin:hunter2@db.example.com/'}\n", "env.DSN", "a URL with a password", nil},
	{rules.SecretsUsedInArgOrEnv, "args: {AWS: AKIAIOSFODNN7EXAMPLE}\n", "args.AWS", "an AWS access key id", nil},
	{rules.SecretsUsedInArgOrEnv, "env:\n  TLS: |-\n    -----BEGIN RSA PRIVATE KEY-----\n", "env.TLS", "a private key", nil},
	{rules.UnknownRuntimeAlias, "runtime: distrolles\n", "runtime", "did you mean `distroless`?",
		[]string{"runtime: distroless\n", "runtime: alpine:3\n", "runtime: my/distroles:1\n", "runtime: busybox:1.36\n", "runtime: ubuntu:24.04\n"}},
	{rules.UnknownRuntimeAlias, "runtime: scrach\n", "runtime", "did you mean `scratch`?", nil},
	{rules.UndeclaredBuildArg, "labels: {org.opencontainers.image.version: \"v${VERSION}\"}\n", "labels.org.opencontainers.image.version",
		"refers to ${VERSION}, which is no arg of the spec", []string{
			"args: {VERSION: dev}\nlabels: {v: \"${VERSION}\"}\n", "env: {P: \"${TARGETOS}/${TARGETARCH}\", E: \"${SOURCE_DATE_EPOCH}\"}\n",
			"build: {command: \"echo ${HOME}\"}\n", "env: {A: \"$HOME and ${}\"}\n"}},
	{rules.UndeclaredBuildArg, "build: {env: {LDFLAGS: \"-X main.commit=${COMMIT} ${COMMIT}\"}}\n", "build.env.LDFLAGS", "${COMMIT}", nil},
	{rules.UndeclaredBuildArg, "build: {ldflags: \"-X main.version=${VERSION} -X main.v=${VERSION}\"}\n", "build.ldflags", "${VERSION}",
		[]string{"args: {VERSION: dev}\nbuild: {ldflags: \"-X main.version=${VERSION} -X main.at=${SOURCE_DATE_EPOCH} -X main.os=${TARGETOS}\"}\n"}},
}

func TestEachRuleFiresWhereItShould(t *testing.T) {
	for _, tc := range ruleCases {
		s := parse(t, tc.fires)
		ws := Run(Input{Spec: s, Plan: lockNote}, &linter.Config{})
		got := only(ws, tc.rule)
		if len(got) != 1 {
			t.Errorf("%s on %q: %d warnings of the rule, want 1 (all: %v)", tc.rule.RuleName(), tc.fires, len(got), ws)
			continue
		}
		if got[0].Field != tc.field || !strings.Contains(got[0].Detail, tc.detail) {
			t.Errorf("%s on %q: at %q: %q; want at %q, saying %q", tc.rule.RuleName(), tc.fires, got[0].Field, got[0].Detail, tc.field, tc.detail)
		}
		for _, quiet := range tc.quiet {
			if got := only(Run(Input{Spec: parse(t, quiet), Plan: &plan.Plan{}}, &linter.Config{}), tc.rule); len(got) != 0 {
				t.Errorf("%s fires on %q: %v", tc.rule.RuleName(), quiet, got)
			}
		}
	}
}

func TestEachRuleIsSkippedByTheDirective(t *testing.T) {
	for _, tc := range ruleCases {
		for _, directive := range []string{"skip=" + tc.rule.RuleName(), "skip=Other," + tc.rule.RuleName(), "skip=all", "error=true;skip=" + tc.rule.RuleName()} {
			s := parse(t, "# check="+directive+"\n"+tc.fires)
			c, err := Config(s.File, s.Source, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := only(Run(Input{Spec: s, Plan: lockNote}, c), tc.rule); len(got) != 0 {
				t.Errorf("# check=%s did not skip %s: %v", directive, tc.rule.RuleName(), got)
			}
		}
		// skipping another rule leaves this one on
		c, _ := linter.ParseLintOptions("skip=Other")
		if got := only(Run(Input{Spec: parse(t, tc.fires), Plan: lockNote}, c), tc.rule); len(got) != 1 {
			t.Errorf("skip=Other turned %s off", tc.rule.RuleName())
		}
	}
}

// A --build-arg the spec does not declare reaches no step; BuildKit's own args, the proxies,
// SOURCE_DATE_EPOCH and the plan's tool args are declared.
func TestUndeclaredBuildArgs(t *testing.T) {
	s := parse(t, "language: go\nargs: {VERSION: dev}\n")
	p := &plan.Plan{Args: []plan.Arg{{Name: "GOPROXY", Tool: true}}}
	given := []string{"VERSION", "GOPROXY", "BUILDKIT_SYNTAX", "BUILDKIT_SBOM_SCAN_STAGE", "http_proxy", "NO_PROXY", "SOURCE_DATE_EPOCH",
		"TARGETARCH", "COMMIT", "NPM_CONFIG_REGISTRY", "COMMIT"}
	ws := only(Run(Input{Spec: s, Plan: p, BuildArgs: given}, &linter.Config{}), rules.UndeclaredBuildArg)
	if len(ws) != 2 || ws[0].Field != "" || !strings.Contains(ws[0].Detail, "--build-arg COMMIT is given") ||
		!strings.Contains(ws[1].Detail, "--build-arg NPM_CONFIG_REGISTRY") {
		t.Errorf("warnings %+v", ws)
	}
	if ws := Run(Input{Spec: s, Plan: nil, BuildArgs: given}, &linter.Config{}); len(ws) != 0 {
		t.Errorf("without a plan the tool args are unknown, yet: %+v", ws)
	}
}

func TestNotesBecomeWarnings(t *testing.T) {
	s := parse(t, "language: go\n")
	p := &plan.Plan{Notes: []plan.Note{rules.NoTestScript.Note("", "no test"), rules.MissingLockfile.Note("language", "no go.sum")}}
	ws := Run(Input{Spec: s, Plan: p}, &linter.Config{})
	// in rule order, whatever the plan's order
	if len(ws) != 2 || ws[0].Rule.Name != "MissingLockfile" || ws[0].Field != "language" || ws[1].Rule.Name != "NoTestScript" ||
		ws[1].Detail != "no test" || ws[1].Rule.URL != rules.DocsURL+"#notestscript" {
		t.Errorf("warnings %+v", ws)
	}
	if got := Run(Input{Spec: s, Plan: nil}, &linter.Config{}); len(got) != 0 {
		t.Errorf("no plan (planning failed): %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a note of no rule went unnoticed")
		}
	}()
	Run(Input{Spec: s, Plan: &plan.Plan{Notes: []plan.Note{{Rule: "NoSuchRule", Msg: "x"}}}}, &linter.Config{})
}

// The `# check=` directive is read with BuildKit's parser and options (so, as in a Dockerfile,
// its value ends at the first space), and the BUILDKIT_DOCKERFILE_CHECK build arg (override)
// wins over it.
func TestConfig(t *testing.T) {
	src := []byte("# syntax=org/multistage-frontend\n# check=skip=RootUser,TestsDisabled;error=true\n# yaml-language-server: $schema=x\nlanguage: go\n")
	c, err := Config("Dockerfile", src, nil)
	if err != nil || !c.ReturnAsError || c.SkipAll || !slices.Equal(c.SkipRules, []string{"RootUser", "TestsDisabled"}) {
		t.Errorf("config %+v, %v", c, err)
	}
	override := &linter.Config{SkipAll: true}
	if c, err := Config("Dockerfile", src, override); err != nil || c != override {
		t.Errorf("override: %+v, %v", c, err)
	}
	if c, err := Config("Dockerfile", []byte("# check=skip=all;experimental=all\n"), nil); err != nil || !c.SkipAll || c.ReturnAsError {
		t.Errorf("config %+v, %v", c, err)
	}
	for _, bad := range []string{"skip", "error=maybe", "warn=true"} {
		_, err := Config("Dockerfile", []byte("# syntax=x\n# check="+bad+"\nlanguage: go\n"), nil)
		if err == nil || !strings.Contains(err.Error(), "Dockerfile:2") || !strings.Contains(err.Error(), "`# check=`") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestFailureNamesEachRuleOnce(t *testing.T) {
	s := parse(t, "user: root\nenv: {A_TOKEN: x, B_TOKEN: y}\n")
	err := Failure(Run(Input{Spec: s, Plan: nil}, &linter.Config{}))
	if err == nil || !strings.Contains(err.Error(), "lint violation found for rules: RootUser, SecretsUsedInArgOrEnv") {
		t.Errorf("failure %v", err)
	}
	if Failure(nil) != nil {
		t.Error("no warnings, yet a failure")
	}
}

func only(ws []Warning, r rules.Info) []Warning {
	var out []Warning
	for _, w := range ws {
		if w.Rule.Name == r.RuleName() {
			out = append(out, w)
		}
	}
	return out
}
