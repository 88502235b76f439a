package python

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
)

// The check ends the stage the runtime takes the app from: builder, or the app stage, which
// mounts deps' venv (the runtime of such a build never builds builder).
func TestBuilderEndsWithTheCrossPlatformNativeCodeCheck(t *testing.T) {
	venv := plan.Mount{Type: plan.MountBind, FromStage: "deps", Source: venvDir, Target: venvDir}
	for _, tc := range []struct {
		name, spec, stage string
		facts             map[string][]byte
		dirs              []string
		mounts            []plan.Mount
	}{
		{"an app", "language: python\n", lang.AppStage, reqApp, []string{venvDir, appDir}, []plan.Mount{lang.ScriptMount, venv}},
		{"an app with build.command", "language: python\nbuild:\n  command: python gen.py\n", "builder", reqApp,
			[]string{venvDir, appDir}, []plan.Mount{lang.ScriptMount}},
		{"a package", "language: python\n", "builder", files("pyproject.toml", pkgPyproject), []string{venvDir}, []plan.Mount{lang.ScriptMount}},
	} {
		p := provider.MustPlan(t, tc.spec, tc.facts)
		b := p.Stage(tc.stage)
		r, ok := b.Steps[len(b.Steps)-1].(*plan.Run)
		if !ok || !r.CrossOnly || !r.NoNetwork || !slices.Equal(r.Mounts, tc.mounts) {
			t.Fatalf("%s: %s's last step %+v: want the cross-only native code check, without network, with %+v", tc.name, tc.stage, b.Steps[len(b.Steps)-1], tc.mounts)
		}
		if tc.stage == lang.AppStage && hasRun(p.Stage("builder"), "python -I") {
			t.Errorf("%s: builder checks the native code again: %q", tc.name, runs(p.Stage("builder")))
		}
		if want := append([]string{"python", "-I", "/run/multistage-frontend/native-check.py"}, tc.dirs...); !slices.Equal(r.Args, want) {
			t.Errorf("%s: the check runs %q, want %q", tc.name, r.Args, want)
		}
		if !slices.Contains(r.Env, plan.Env{Key: "TARGETARCH", Value: "${TARGETARCH}"}) {
			t.Errorf("%s: the check's env %v lacks TARGETARCH", tc.name, r.Env)
		}
	}
}

// elfHeader is the start of an ELF shared object for machine (little-endian, 64-bit).
func elfHeader(machine uint16) []byte {
	h := make([]byte, 64)
	copy(h, "\x7fELF\x02\x01\x01")
	binary.LittleEndian.PutUint16(h[16:], 3) // ET_DYN
	binary.LittleEndian.PutUint16(h[18:], machine)
	binary.LittleEndian.PutUint32(h[20:], 1) // EV_CURRENT
	return h
}

// hostPython is the host's python3, which runs the build's scripts in tests; without it the
// test is skipped, but in CI, which installs it (hack/install.sh).
func hostPython(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is missing (hack/install.sh installs it)")
		}
		t.Skip("no python3")
	}
	return py
}

// TestNativeCheckScript runs the check with the host's python3 on a venv-like tree.
func TestNativeCheckScript(t *testing.T) {
	py := hostPython(t)
	dir := t.TempDir()
	site := filepath.Join(dir, "lib/python3.11/site-packages")
	tree.WriteIn(t, site, map[string][]byte{
		"pure/__init__.py": []byte("x = 1\n"),
		"fast/_speedups.cpython-311-x86_64-linux-gnu.so": elfHeader(62),
		"fast/libhelper.so.1":                            elfHeader(62),
		"fast/not-elf.so":                                []byte("text, not ELF, however named"),
	})
	if err := os.Symlink("libhelper.so.1", filepath.Join(site, "fast/libhelper.so")); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "native-check.py")
	if err := os.WriteFile(script, []byte(nativeCheckScript), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(target string) (string, error) {
		cmd := exec.Command(py, "-I", script, dir)
		cmd.Env = append(os.Environ(), "TARGETARCH="+target, "BUILDARCH=amd64")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("amd64"); err != nil {
		t.Errorf("amd64 code for an amd64 target: %v\n%s", err, out)
	}
	out, err := run("arm64")
	if err == nil {
		t.Fatalf("amd64 code for an arm64 target passed:\n%s", out)
	}
	langtest.Has(t, "the message", out, "this image is for arm64, but pip ran on the build platform (amd64)",
		"fast/_speedups.cpython-311-x86_64-linux-gnu.so (amd64)", "fast/libhelper.so.1 (amd64)",
		"docker buildx create --append --platform linux/arm64")
	for _, never := range []string{"not-elf.so", "libhelper.so (", "pure"} {
		if strings.Contains(out, never) {
			t.Errorf("the message names %q:\n%s", never, out)
		}
	}
	// arm64 code for an arm64 target passes
	tree.WriteIn(t, site, map[string][]byte{
		"fast/_speedups.cpython-311-x86_64-linux-gnu.so": elfHeader(183),
		"fast/libhelper.so.1":                            elfHeader(183),
	})
	if out, err := run("arm64"); err != nil {
		t.Errorf("arm64 code for an arm64 target: %v\n%s", err, out)
	}
}
