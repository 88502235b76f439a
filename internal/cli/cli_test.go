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
