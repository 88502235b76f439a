package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func example(t *testing.T) string {
	t.Helper()
	return filepath.Join("..", "..", "examples", "go")
}

func TestDockerfilePrintsTheEjectedBuild(t *testing.T) {
	code, out, errOut := runCLI("dockerfile", example(t))
	if code != 0 || !strings.HasPrefix(out, "# syntax=docker/dockerfile:1\n") ||
		!strings.Contains(out, "COPY --from=builder /out/server /usr/local/bin/server\n") || !strings.Contains(out, "EXPOSE 8080/tcp\n") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "eject.md"))
	if err != nil || !strings.Contains(string(doc), "```dockerfile\n"+out+"```\n") {
		t.Errorf("docs/eject.md does not show the Dockerfile of examples/go as it is now (%v)", err)
	}
	spec := filepath.Join(t.TempDir(), "build.yaml")
	if err := os.WriteFile(spec, []byte("language: go\nentrypoint: ./cmd/server\nruntime: scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI("dockerfile", "-f", spec, example(t))
	if code != 0 || !strings.Contains(out, "Ejected from build.yaml") || !strings.Contains(out, "FROM scratch AS runtime") {
		t.Errorf("-f: exit %d:\n%s", code, out)
	}
}

func TestTargetsListTheDockerfileTarget(t *testing.T) {
	code, out, _ := runCLI("targets", example(t))
	if code != 0 || !strings.Contains(out, "runtime (default)") || !strings.Contains(out, "\ndockerfile ") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestCheckExitsOneWithWarnings(t *testing.T) {
	if code, out, _ := runCLI("check", example(t)); code != 0 || out != "no warnings\n" {
		t.Errorf("the example: exit %d, %q", code, out)
	}
	spec := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(spec, []byte("language: go\nentrypoint: ./cmd/server\nuser: root\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("check", "-f", spec, example(t))
	if code != 1 || !strings.HasPrefix(out, "Dockerfile:3: RootUser: ") || !strings.Contains(out, "docs/checks.md#rootuser") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestVersionPrintsTheStampedVersion(t *testing.T) {
	code, out, _ := runCLI("version")
	if code != 0 || !strings.HasPrefix(out, "multistage-frontend dev (go") {
		t.Errorf("exit %d: %q", code, out)
	}
}

// TestCheckReadsTheContextBuildKitSends: a .dockerignore that leaves out go.mod (gorush's leaves
// out all but release/) makes the command line fail as the frontend's build does, naming the
// .dockerignore; the build file's own `<build file>.dockerignore` is read instead of it.
func TestCheckReadsTheContextBuildKitSends(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod":        "module example.com/app\n\ngo 1.22\n",
		"main.go":       "package main\n\nfunc main() {}\n",
		".dockerignore": "*\n!release/\n",
		"build.yaml":    "# syntax=org/multistage-frontend\nlanguage: go\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec := filepath.Join(dir, "build.yaml")
	for _, cmd := range []string{"check", "dockerfile"} {
		code, _, errOut := runCLI(cmd, "-f", spec, dir)
		if code != 1 || !strings.Contains(errOut, "no go.mod in the build context's root") ||
			!strings.Contains(errOut, "the build context's .dockerignore leaves out go.mod, go.work:") {
			t.Errorf("%s with go.mod ignored: exit %d, %q", cmd, code, errOut)
		}
	}
	if err := os.WriteFile(spec+".dockerignore", []byte("*.log\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI("dockerfile", "-f", spec, dir); code != 0 || !strings.Contains(out, "go mod download") {
		t.Errorf("with build.yaml.dockerignore: exit %d, %q\n%s", code, errOut, out)
	}
}
