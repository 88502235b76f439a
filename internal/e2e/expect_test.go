package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildLeavesWhatTheImageRuns: when the build does not leave what the image would run, the
// builder's last step fails, before any image is exported, at the spec line responsible, naming
// the path and the field to set (lang.Expect). A Go build command that writes the binary
// elsewhere, and a Python module that does not exist, where both built a broken image before.
// The failing step's output shows the message. Both checks are steps of their own here: the
// build command writes /out/elsewhere, and nothing Python's build runs names the entry (where
// go build names the binary, the check runs in its container, graph/fold.go).
func TestBuildLeavesWhatTheImageRuns(t *testing.T) {
	need(t)
	for _, c := range []struct {
		name, example, spec string
		step, says          string // the failing step, and what its output says
		want                []string
	}{
		{"go", "go", "language: go\nentrypoint: ./cmd/server\nbuild:\n  command: go build -o /out/elsewhere ./cmd/server\n",
			"[builder 4/4] RUN test -x /out/server", "the build left no executable /out/server",
			[]string{"`build.command` must write it there", "5 | >>>   command: go build -o /out/elsewhere ./cmd/server"}},
		{"python", "python", "language: python\nentrypoint: greeter.nosuch\n",
			"[app 4/4] RUN test -e /app/greeter/nosuch.py", "the build left no /app/greeter/nosuch.py or /app/greeter/nosuch/__main__.py",
			[]string{"set `entrypoint`", "3 | >>> entrypoint: greeter.nosuch"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := copyDir(t, filepath.Join(repoRoot(t), "examples", c.example))
			writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\n"+c.spec)
			args := []string{"--output", "type=oci,dest=" + filepath.Join(t.TempDir(), "image.tar")}
			if c.name == "python" {
				args = append(args, "--opt", "build-arg:PIP_INDEX_URL="+pypiIndexURL())
			}
			r := buildctl(t, dir, args...).mustFail(t, "a build that leaves nothing to run")
			if !strings.Contains(stepOutput(r.out, c.step), c.says) {
				t.Errorf("the output of %q lacks %q:\n%s", c.step, c.says, tail(r.out, 30))
			}
			for _, want := range c.want {
				if !strings.Contains(r.out, want) {
					t.Errorf("the failure lacks %q:\n%s", want, tail(r.out, 30))
				}
			}
			if strings.Contains(r.out, "exporting to") {
				t.Errorf("an image was exported:\n%s", tail(r.out, 30))
			}
		})
	}
}

// stepOutput is what progress shows of the step whose name starts with prefix: its vertex's
// lines, without the "#N" that starts them.
func stepOutput(out, prefix string) string {
	ids := vertexIDs(out, prefix)
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		if id, rest, ok := strings.Cut(line, " "); ok && ids[id] {
			b.WriteString(rest + "\n")
		}
	}
	return b.String()
}
