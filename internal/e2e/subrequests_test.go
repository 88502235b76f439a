package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/subrequests/lint"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/org/multistage-frontend/internal/cli"
)

// checkedSpec has a documented arg, a secret, an ssh id, and four warnings; with adminListen in
// cmd/server, five.
const checkedSpec = `# syntax=org/multistage-frontend
language: go
entrypoint: ./cmd/server
user: root
runtime: distrolles
args:
  # the version stamped into the binary
  VERSION: dev
env:
  GITHUB_TOKEN: x
build:
  secrets: [{id: netrc, required: true}]
  ssh: [default]
version: "1.24"
`

// adminListen is a file of the main package listening on localhost (ListenLocalhost).
const adminListen = "package main\n\nimport \"net/http\"\n\nfunc adminServer() error { return http.ListenAndServe(\"localhost:9090\", nil) }\n"

// TestCallTargetsOutlineAndCheck asks docker buildx for the targets, the outline and the checks
// of a spec on the remote builder: nothing is built.
func TestCallTargetsOutlineAndCheck(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), checkedSpec)
	writeFile(t, filepath.Join(dir, "cmd", "server", "admin.go"), adminListen)

	r := buildx(t, dir, "build", "--progress=quiet", "--call", "targets", ".").mustSucceed(t, "--call targets")
	for _, row := range []string{
		`(?m)^deps +download the modules of go\.mod go\.sum$`,
		`(?m)^builder +build \./cmd/server into /out/server$`,
		`(?m)^tester +run the tests \(go test \./\.\.\.\) on the builder's tree$`,
		`(?m)^runtime \(default\) +the image: server on distrolles, as user root$`,
		`(?m)^dockerfile +this build as a plain Dockerfile`,
	} {
		if !regexp.MustCompile(row).MatchString(r.out) {
			t.Errorf("--call targets lacks %s:\n%s", row, r.out)
		}
	}
	r = buildx(t, dir, "build", "--progress=quiet", "--call", "targets,format=json", ".").mustSucceed(t, "--call targets,format=json")
	if !strings.Contains(r.out, `"name": "runtime"`) || !strings.Contains(r.out, `"default": true`) || !strings.Contains(r.out, `"line": 5`) {
		t.Errorf("targets JSON lacks the runtime's default mark or its line (5):\n%s", r.out)
	}

	r = buildx(t, dir, "build", "--progress=quiet", "--call", "outline", "--build-arg", "GOPROXY=https://proxy.example.com", ".").mustSucceed(t, "--call outline")
	for _, row := range []string{
		`(?m)^TARGET: +runtime$`,
		`(?m)^VERSION +dev +the version stamped into the binary$`,
		`(?m)^GOPROXY +https://proxy\.example\.com +Go module proxy \(a company mirror\)$`,
		`(?m)^netrc +true$`,
		`(?m)^default *$`,
	} {
		if !regexp.MustCompile(row).MatchString(r.out) {
			t.Errorf("--call outline lacks %s:\n%s", row, r.out)
		}
	}
	r = buildx(t, dir, "build", "--progress=quiet", "--call", "outline,format=json", ".").mustSucceed(t, "--call outline,format=json")
	var o outline.Outline
	if err := json.Unmarshal([]byte(jsonPart(r.out)), &o); err != nil {
		t.Fatalf("outline JSON: %v\n%s", err, r.out)
	}
	if len(o.Args) == 0 || o.Args[0].Name != "VERSION" || o.Args[0].Location == nil || o.Args[0].Location.Ranges[0].Start.Line != 8 ||
		len(o.Secrets) != 1 || o.Secrets[0].Location.Ranges[0].Start.Line != 12 || len(o.SSH) != 1 {
		t.Errorf("outline JSON without the spec lines of VERSION (8) and netrc (12): %+v", o)
	}

	r = buildx(t, dir, "build", "--progress=quiet", "--check", ".").mustFail(t, "--check with warnings")
	for _, want := range []string{"Check complete, 5 warnings have been found!",
		"WARNING: RootUser - https://github.com/org/multistage-frontend/blob/main/docs/checks.md#rootuser",
		"4 | >>> user: root", "WARNING: UnknownRuntimeAlias", "5 | >>> runtime: distrolles", "did you mean `distroless`?",
		"WARNING: SecretsUsedInArgOrEnv", "10 | >>>   GITHUB_TOKEN: x",
		"WARNING: GoVersionEndOfLife", "Go 1.24 (the spec's `version`) is out of support", "14 | >>> version: \"1.24\"",
		"WARNING: ListenLocalhost", `cmd/server/admin.go:5 listens on "localhost:9090"`} {
		if !strings.Contains(r.out, want) {
			t.Errorf("--check lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "lint violation") {
		t.Errorf("--check without error=true reports an error:\n%s", r.out)
	}
	r = buildx(t, dir, "build", "--progress=quiet", "--call", "check,format=json", ".").mustFail(t, "--call check,format=json")
	var res lint.LintResults
	if err := json.Unmarshal([]byte(jsonPart(r.out)), &res); err != nil || len(res.Warnings) != 5 || res.Warnings[0].Location.Ranges[0].Start.Line != 4 {
		t.Errorf("check JSON (%v): %+v\n%s", err, res, r.out)
	}

	// skipped rules are quiet; the build arg overrides the directive, as for a Dockerfile
	writeFile(t, filepath.Join(dir, "Dockerfile"), strings.Replace(checkedSpec, "\n", "\n# check=skip=RootUser,UnknownRuntimeAlias,GoVersionEndOfLife,ListenLocalhost\n", 1))
	r = buildx(t, dir, "build", "--progress=quiet", "--check", ".").mustFail(t, "--check with one warning left")
	if !strings.Contains(r.out, "1 warning has been found") || strings.Contains(r.out, "RootUser") {
		t.Errorf("# check=skip= did not skip:\n%s", r.out)
	}
	buildx(t, dir, "build", "--progress=quiet", "--check", "--build-arg", "BUILDKIT_DOCKERFILE_CHECK=skip=all", ".").mustSucceed(t, "--check with skip=all")
}

// TestCheckErrorTrueFailsCheckAndBuild: with `# check=error=true` a warning fails --check with
// the rules' names and fails the build before anything runs; without a warning both pass.
func TestCheckErrorTrueFailsCheckAndBuild(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	spec := "# syntax=org/multistage-frontend\n# check=error=true\nlanguage: go\nentrypoint: ./cmd/server\nuser: root\n"
	writeFile(t, filepath.Join(dir, "Dockerfile"), spec)
	r := buildx(t, dir, "build", "--progress=quiet", "--check", ".").mustFail(t, "--check under error=true")
	if !strings.Contains(r.out, "ERROR: lint violation found for rules: RootUser") || !strings.Contains(r.out, "5 | >>> user: root") {
		t.Errorf("--check under error=true:\n%s", r.out)
	}
	r = buildx(t, dir, "build", "--progress=plain", ".").mustFail(t, "a build under error=true")
	if !strings.Contains(r.out, "lint violation found for rules: RootUser") || strings.Contains(r.out, "RUN go build") {
		t.Errorf("the build did not fail before building:\n%s", tail(r.out, 30))
	}
	writeFile(t, filepath.Join(dir, "Dockerfile"), strings.Replace(spec, "user: root\n", "", 1))
	r = buildx(t, dir, "build", "--progress=quiet", "--check", ".").mustSucceed(t, "--check of a clean spec under error=true")
	if !strings.Contains(r.out, "Check complete, no warnings found.") {
		t.Errorf("--check of a clean spec:\n%s", r.out)
	}
}

// TestBuildReportsWarnings: a build shows the checks' warnings as a Dockerfile build does, and builds.
func TestBuildReportsWarnings(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\ntest: false\n")
	r := buildx(t, dir, "build", "--progress=plain", ".").mustSucceed(t, "a build with a warning")
	if !strings.Contains(r.out, "1 warning found") || !strings.Contains(r.out, "TestsDisabled: `test: false` removes the tester stage") ||
		!strings.Contains(r.out, "(line 4)") {
		t.Errorf("the build does not report the warning:\n%s", tail(r.out, 15))
	}
}

// TestCallDockerfileAndTargetDockerfile: `--call dockerfile` prints the ejected Dockerfile and
// `--target dockerfile --output type=local` writes it, the same as the command line's.
func TestCallDockerfileAndTargetDockerfile(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")
	var want, stderr bytes.Buffer
	if code := cli.Run([]string{"dockerfile", dir}, &want, &stderr); code != 0 {
		t.Fatalf("multistage-frontend dockerfile: %d %s", code, stderr.String())
	}
	r := buildx(t, dir, "build", "--progress=quiet", "--call", "dockerfile", ".").mustSucceed(t, "--call dockerfile")
	if !strings.Contains(r.out, want.String()) {
		t.Errorf("--call dockerfile printed:\n%s\nwant:\n%s", r.out, want.String())
	}
	r = buildx(t, dir, "build", "--progress=quiet", "--call", "subrequests.describe", ".").mustSucceed(t, "--call subrequests.describe")
	if !regexp.MustCompile(`(?m)^dockerfile +1\.0\.0 +Print this build as a plain Dockerfile`).MatchString(r.out) ||
		!regexp.MustCompile(`(?m)^lint +1\.0\.0`).MatchString(r.out) {
		t.Errorf("describe does not list dockerfile and lint:\n%s", r.out)
	}

	out := t.TempDir()
	buildx(t, dir, "build", "--progress=quiet", "--target", "dockerfile", "--output", "type=local,dest="+out, ".").mustSucceed(t, "--target dockerfile")
	entries, _ := os.ReadDir(out)
	got, err := os.ReadFile(filepath.Join(out, "Dockerfile.ejected"))
	if err != nil || len(entries) != 1 || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("--target dockerfile wrote %d files (%v); Dockerfile.ejected:\n%s", len(entries), err, got)
	}
}

// jsonPart is the JSON document in a command's output (buildx prints it after any progress).
func jsonPart(out string) string {
	if i := strings.Index(out, "{"); i >= 0 {
		return out[i:]
	}
	return out
}

// TestProviderNotesAreWarnings: what a provider notes while planning (here yarn's Plug'n'Play,
// replaced by node_modules) is a rule's warning in --check and in a build (here the cheapest
// one, --target dockerfile), with its link.
func TestProviderNotesAreWarnings(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "node-yarn")
	r := buildx(t, dir, "build", "--progress=quiet", "--check", ".").mustFail(t, "--check of a yarn Plug'n'Play project")
	if !strings.Contains(r.out, "WARNING: YarnPnP - https://github.com/org/multistage-frontend/blob/main/docs/checks.md#yarnpnp") {
		t.Errorf("--check does not report YarnPnP:\n%s", r.out)
	}
	r = buildx(t, dir, "build", "--progress=plain", "--target", "dockerfile", "--output", "type=local,dest="+t.TempDir(), ".").
		mustSucceed(t, "a build with a provider's warning")
	if !strings.Contains(r.out, "1 warning found") || !strings.Contains(r.out, "YarnPnP: yarn's Plug'n'Play is not used in the image") {
		t.Errorf("the build does not report the provider's warning:\n%s", tail(r.out, 15))
	}
}

// TestUndeclaredBuildArgIsAWarning: a --build-arg the spec does not declare reaches no step,
// and --check says so; a declared one, BuildKit's own and the tool args pass silently.
func TestUndeclaredBuildArgIsAWarning(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")
	r := buildx(t, dir, "build", "--progress=quiet", "--check", "--build-arg", "COMMIT=abc", "--build-arg", "GOPROXY=off",
		"--build-arg", "BUILDKIT_CACHE_MOUNT_NS=x", ".").mustFail(t, "--check with an undeclared build arg")
	if !strings.Contains(r.out, "1 warning has been found") || !strings.Contains(r.out, "--build-arg COMMIT is given but the spec declares no arg COMMIT") {
		t.Errorf("--check does not report the undeclared build arg alone:\n%s", r.out)
	}
}

// TestCheckReadsTheConfigFileTheCommandNames: the configuration file the spec's cmd names is read
// through BuildKit's context (a one-file pattern, `server.yam[l]`), and its loopback listen
// address is a ListenLocalhost warning at its line; a directory with a configuration file's name,
// also named, is no error and no warning.
func TestCheckReadsTheConfigFileTheCommandNames(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\n"+
		"cmd: [--config, conf/server.yaml, --extra, conf/extra.yaml]\n")
	writeFile(t, filepath.Join(dir, "conf", "server.yaml"), "db:\n  host: 127.0.0.1\nserver:\n  host: 127.0.0.1\n  port: 8080\n")
	writeFile(t, filepath.Join(dir, "conf", "extra.yaml", "host.yaml"), "host: 127.0.0.1\n")
	r := buildx(t, dir, "build", "--progress=quiet", "--check", ".").mustFail(t, "--check with a loopback address in the config file")
	for _, want := range []string{"Check complete, 1 warning has been found!", "WARNING: ListenLocalhost", "conf/server.yaml:4"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("--check lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "extra.yaml:") || strings.Contains(r.out, "host.yaml") || strings.Contains(r.out, "server.yaml:2") {
		t.Errorf("--check names a directory or a database host:\n%s", r.out)
	}
}
