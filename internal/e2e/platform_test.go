package e2e

import (
	"bytes"
	"debug/elf"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/ociimage"
)

const bothPlatforms = "linux/amd64,linux/arm64"

// TestMultiPlatformGoCrossCompiles builds examples/go for amd64 and arm64 at once. The testbed
// has no emulation, so any step on arm64 would fail: the build succeeding shows that every
// step runs on the build platform. The arm64 binary must be an aarch64 executable and each
// platform's image config its own.
func TestMultiPlatformGoCrossCompiles(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildx(t, dir, "build", "--progress=plain", "--platform", bothPlatforms,
		"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "a linux/amd64,linux/arm64 build")
	t.Logf("amd64+arm64 build took %s", r.took.Round(100_000_000))

	imgs := readOCI(t, tarball)
	if len(imgs) != 2 {
		t.Fatalf("images for %v, want linux/amd64 and linux/arm64", keys(imgs))
	}
	for platform, machine := range map[string]elf.Machine{"linux/amd64": elf.EM_X86_64, "linux/arm64": elf.EM_AARCH64} {
		img := imgs[platform]
		if img == nil {
			t.Fatalf("no %s image in %v", platform, keys(imgs))
		}
		checkStaticELF(t, img, "/usr/local/bin/server", machine)
		cfg := img.Config
		if cfg.Config.User != "65532:65532" || !slices.Equal(cfg.Config.Entrypoint, []string{"/usr/local/bin/server"}) {
			t.Errorf("%s: user %q entrypoint %q", platform, cfg.Config.User, cfg.Config.Entrypoint)
		}
		if _, ok := cfg.Config.ExposedPorts["8080/tcp"]; !ok {
			t.Errorf("%s: ports %v", platform, cfg.Config.ExposedPorts)
		}
		if cfg.Config.WorkingDir != "/home/nonroot" {
			t.Errorf("%s: workdir %q, want distroless's /home/nonroot", platform, cfg.Config.WorkingDir)
		}
	}
	// BuildKit normalises linux/arm64/v8 to linux/arm64 (no variant) in the index, and the
	// config says the same, as a Dockerfile build's does.
	if v := imgs["linux/arm64"].Config.Variant; v != "" {
		t.Errorf("arm64 image variant %q, want none, as in the index", v)
	}
	// The module download does not depend on the target: one vertex serves both platforms,
	// while the compiler runs once per target.
	if n := len(vertexIDs(r.out, "[deps 3/3] RUN go mod download")); n != 1 {
		t.Errorf("go mod download appears as %d vertices, want 1 shared by both platforms", n)
	}
	if n := len(vertexIDs(r.out, "[builder 3/3] RUN go build")); n != 2 {
		t.Errorf("go build appears as %d vertices, want one per platform", n)
	}
}

// baseShell is a binary of each runtime base whose machine shows which platform's base was used.
var baseShell = map[string]string{"alpine": "/bin/busybox", "slim": "/usr/bin/bash"}

// TestMultiPlatformScratchAlpineAndSlimRuntimes: the runtimes that need users added build for
// arm64 without emulation too. scratch gets its /etc/passwd from file operations; alpine and
// slim get nonroot from a step on the build platform that reads the arm64 base's /etc/passwd
// through a read-only mount. The arm64 images carry the arm64 bases (their shell is an aarch64 ELF).
func TestMultiPlatformScratchAlpineAndSlimRuntimes(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	for _, runtime := range []string{"scratch", "alpine", "slim"} {
		t.Run(runtime, func(t *testing.T) {
			writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nruntime: "+runtime+"\n")
			tarball := filepath.Join(t.TempDir(), "image.tar")
			r := buildx(t, dir, "build", "--progress=plain", "--platform", bothPlatforms,
				"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, runtime+" for "+bothPlatforms)
			imgs := readOCI(t, tarball)
			for platform, machine := range map[string]elf.Machine{"linux/amd64": elf.EM_X86_64, "linux/arm64": elf.EM_AARCH64} {
				img := imgs[platform]
				if img == nil {
					t.Fatalf("no %s image in %v", platform, keys(imgs))
				}
				checkStaticELF(t, img, "/usr/local/bin/server", machine)
				if u := img.Config.Config.User; u != "65532:65532" {
					t.Errorf("%s: user %q", platform, u)
				}
				passwd, err := img.ReadFile("/etc/passwd")
				if err != nil {
					t.Fatalf("%s: %v", platform, err)
				}
				if !bytes.Contains(passwd, []byte("\nnonroot:x:65532:65532:")) {
					t.Errorf("%s: /etc/passwd lacks nonroot:\n%s", platform, passwd)
				}
				if shell, ok := baseShell[runtime]; ok {
					checkELFMachine(t, img, shell, machine)
					// the base's own entries come first (slim's arm64 stand-in has base-passwd's
					// master file, whose password field is "*")
					if !bytes.HasPrefix(passwd, []byte("root:x:0:0:")) && !bytes.HasPrefix(passwd, []byte("root:*:0:0:")) {
						t.Errorf("%s: the base's /etc/passwd was not kept:\n%s", platform, passwd)
					}
				}
			}
			if runtime != "scratch" && len(vertexIDs(r.out, "[runtime-user 2/2] RUN add user nonroot")) == 0 {
				t.Errorf("no user step in the progress:\n%s", tail(r.out, 40))
			}
		})
	}
}

// checkStaticELF asserts that a file of the image is a static executable for machine.
func checkStaticELF(t *testing.T, img *ociimage.Image, name string, machine elf.Machine) {
	t.Helper()
	f := checkELFMachine(t, img, name, machine)
	if f == nil {
		return
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s (%s) has an interpreter: not a static binary", name, img.Platform())
		}
	}
}

func checkELFMachine(t *testing.T, img *ociimage.Image, name string, machine elf.Machine) *elf.File {
	t.Helper()
	dt, err := img.ReadFile(name)
	if err != nil {
		t.Errorf("%s: %v", img.Platform(), err)
		return nil
	}
	f, err := elf.NewFile(bytes.NewReader(dt))
	if err != nil {
		t.Errorf("%s in the %s image is not an ELF file: %v", name, img.Platform(), err)
		return nil
	}
	if f.Machine != machine || f.Class != elf.ELFCLASS64 {
		t.Errorf("%s in the %s image is %v %v, want %v", name, img.Platform(), f.Class, f.Machine, machine)
	}
	return f
}

// vertexIDs are the progress ids ("#12") of the vertices whose name starts with prefix.
func vertexIDs(out, prefix string) map[string]bool {
	ids := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		id, rest, ok := strings.Cut(line, " ")
		if ok && strings.HasPrefix(id, "#") && strings.HasPrefix(rest, prefix) {
			ids[id] = true
		}
	}
	return ids
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
