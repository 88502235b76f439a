package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
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
	rule   *Rule
	fires  string // spec
	field  string // where the warning points
	detail string // part of the detail
	quiet  []string
}

var lockNote = &plan.Plan{Notes: []plan.Note{{Rule: "MissingLockfile", Field: "language", Msg: "no go.sum"}, {Msg: "unrelated"}}}

var ruleCases = []ruleCase{
	{RootUser, "language: go\nuser: root\n", "user", "runs the program as root",
		[]string{"language: go\n", "user: \"1000:1000\"\n", "user: nonroot\n", "user: \"10\"\n"}},
	{RootUser, "user: \"0:0\"\n", "user", "`user: 0:0`", nil},
	{LatestImageTag, "runtime: myorg/base\n", "runtime", "has no tag", []string{
		"runtime: myorg/base:1.2\n", "runtime: distroless\n", "runtime: myorg/base@sha256:" + strings.Repeat("a", 64) + "\n",
		"runtime: distrolles\n", // UnknownRuntimeAlias's case, not reported twice
		"build: {image: golang:1.26}\n"}},
	{LatestImageTag, "build:\n  image: golang:latest\n", "build.image", "pinned to latest", nil},
	{MissingLockfile, "language: go\n", "language", "no go.sum", nil}, // quiet without the note: see TestMissingLockfileNeedsTheNote
	{TestsDisabled, "language: go\ntest: false\n", "test", "removes the tester stage",
		[]string{"test: go test ./...\n", "test: [go, test]\n", "language: go\n"}},
	{SecretsUsedInArgOrEnv, "env:\n  GITHUB_TOKEN: abc\n", "env.GITHUB_TOKEN", "looks like a secret", []string{
		"env: {PUBLIC_KEY: x, KEY_FILE: /k, TOKENIZER: spacy, MONKEY: y, APP_VERSION: '1'}\n",
		"env: {DATABASE_URL: 'postgres://app@db/app', REPO: 'https://user:${TOKEN_ARG}@git.example.com/x'}\n",
		"args: {COMMIT: 0123456789abcdef0123456789abcdef01234567}\n"}},
	{SecretsUsedInArgOrEnv, "args: {DB_PASSWORD: \"\"}\n", "args.DB_PASSWORD", "history and provenance", nil},
	{SecretsUsedInArgOrEnv, "build:\n  env: {NPM_AUTH: x}\n", "build.env.NPM_AUTH", "cache keys", nil},
	{SecretsUsedInArgOrEnv, "env: {CONFIG: ghp_" + strings.Repeat("a1B2", 9) + "}\n", "env.CONFIG", "a GitHub token", nil},
	{SecretsUsedInArgOrEnv, "env: {DSN: 'https://admin:hunter2@db.example.com/'}\n", "env.DSN", "a URL with a password", nil},
	{SecretsUsedInArgOrEnv, "args: {AWS: AKIAIOSFODNN7EXAMPLE}\n", "args.AWS", "an AWS access key id", nil},
	{SecretsUsedInArgOrEnv, "env:\n  TLS: |-\n    -----BEGIN RSA PRIVATE KEY-----\n", "env.TLS", "a private key", nil},
	{UnknownRuntimeAlias, "runtime: distrolles\n", "runtime", "did you mean `distroless`?",
		[]string{"runtime: distroless\n", "runtime: alpine:3\n", "runtime: my/distroles:1\n", "runtime: busybox:1.36\n", "runtime: ubuntu:24.04\n"}},
	{UnknownRuntimeAlias, "runtime: scrach\n", "runtime", "did you mean `scratch`?", nil},
}

func TestEachRuleFiresWhereItShould(t *testing.T) {
	for _, tc := range ruleCases {
		s := parse(t, tc.fires)
		ws := Run(s, lockNote, Config{})
		got := only(ws, tc.rule)
		if len(got) != 1 {
			t.Errorf("%s on %q: %d warnings of the rule, want 1 (all: %v)", tc.rule.Name, tc.fires, len(got), ws)
			continue
		}
		if got[0].Field != tc.field || !strings.Contains(got[0].Detail, tc.detail) {
			t.Errorf("%s on %q: at %q: %q; want at %q, saying %q", tc.rule.Name, tc.fires, got[0].Field, got[0].Detail, tc.field, tc.detail)
		}
		for _, quiet := range tc.quiet {
			if got := only(Run(parse(t, quiet), &plan.Plan{}, Config{}), tc.rule); len(got) != 0 {
				t.Errorf("%s fires on %q: %v", tc.rule.Name, quiet, got)
			}
		}
	}
}

func TestEachRuleIsSkippedByTheDirective(t *testing.T) {
	for _, tc := range ruleCases {
		for _, directive := range []string{"skip=" + tc.rule.Name, "skip=Other, " + tc.rule.Name, "skip=all", "error=true;skip=" + tc.rule.Name} {
			s := parse(t, "# check="+directive+"\n"+tc.fires)
			c, err := ParseConfig(s.Directives["check"])
			if err != nil {
				t.Fatal(err)
			}
			if got := only(Run(s, lockNote, c), tc.rule); len(got) != 0 {
				t.Errorf("# check=%s did not skip %s: %v", directive, tc.rule.Name, got)
			}
		}
		// skipping another rule leaves this one on
		c, _ := ParseConfig("skip=Other")
		if got := only(Run(parse(t, tc.fires), lockNote, c), tc.rule); len(got) != 1 {
			t.Errorf("skip=Other turned %s off", tc.rule.Name)
		}
	}
}

func TestMissingLockfileNeedsTheNote(t *testing.T) {
	s := parse(t, "language: go\n")
	if got := Run(s, &plan.Plan{Notes: []plan.Note{{Msg: "a remark, no rule"}}}, Config{}); len(got) != 0 {
		t.Errorf("a note without a rule became a warning: %v", got)
	}
	if got := Run(s, nil, Config{}); len(got) != 0 {
		t.Errorf("no plan (planning failed): %v", got)
	}
}

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig(" skip = RootUser,TestsDisabled ; error=true")
	if err != nil || !c.Error || c.SkipAll || !slices.Equal(c.Skip, []string{"RootUser", "TestsDisabled"}) {
		t.Errorf("config %+v, %v", c, err)
	}
	if c, err := ParseConfig("skip=all;experimental=all"); err != nil || !c.SkipAll || c.Error {
		t.Errorf("config %+v, %v", c, err)
	}
	for _, bad := range []string{"skip", "error=maybe", "warn=true"} {
		if _, err := ParseConfig(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestFailureNamesEachRuleOnce(t *testing.T) {
	s := parse(t, "user: root\nenv: {A_TOKEN: x, B_TOKEN: y}\n")
	err := Failure(Run(s, nil, Config{}))
	if err == nil || !strings.Contains(err.Error(), "lint violation found for rules: RootUser, SecretsUsedInArgOrEnv") {
		t.Errorf("failure %v", err)
	}
	if Failure(nil) != nil {
		t.Error("no warnings, yet a failure")
	}
}

// TestEveryRuleIsDocumented: docs/checks.md has a section per rule, which its URL points at, with
// an example spec and the fix.
func TestEveryRuleIsDocumented(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	doc, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "docs", "checks.md"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range Rules() {
		if names[r.Name] {
			t.Errorf("two rules named %s", r.Name)
		}
		names[r.Name] = true
		if !regexp.MustCompile(`^[A-Z][A-Za-z]+$`).MatchString(r.Name) || r.Description == "" || Find(r.Name) != r {
			t.Errorf("rule %+v", r)
		}
		if !strings.HasSuffix(r.URL(), "docs/checks.md#"+strings.ToLower(r.Name)) {
			t.Errorf("%s: url %s", r.Name, r.URL())
		}
		section := regexp.MustCompile("(?s)\n## " + r.Name + "\n(.*?)(\n## |$)").FindStringSubmatch(string(doc))
		if section == nil {
			t.Errorf("docs/checks.md has no `## %s` section", r.Name)
			continue
		}
		if !strings.Contains(section[1], "```yaml") || !strings.Contains(strings.ToLower(section[1]), "fix") {
			t.Errorf("docs/checks.md: %s has no example spec or no fix", r.Name)
		}
	}
}

func only(ws []Warning, r *Rule) []Warning {
	var out []Warning
	for _, w := range ws {
		if w.Rule == r {
			out = append(out, w)
		}
	}
	return out
}
