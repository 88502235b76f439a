package e2e

import (
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
	"gopkg.in/yaml.v3"
)

// releaseVersion is tag-shaped and unlike any module version, so its bytes in a binary are ours.
const releaseVersion = "7.31.59"

// TestReleaseImage builds a release as .github/workflows/release.yml does on the tag v7.31.59
// (hack/release.sh: the bake target `release`), and checks what reached the registry: one
// index under the channel tags 7.31.59, 7.31, 7 and latest, with an amd64 and an arm64 image,
// each labelled with the version and attested (provenance, SBOM); the amd64 binary says its
// version, the arm64 one (which cannot run here) is an aarch64 ELF file holding it; and built
// through `# syntax=`, the image names its version in the first progress line and the outline.
func TestReleaseImage(t *testing.T) {
	b := need(t)
	t.Parallel() // two platforms' compiles in the builder, while other tests run
	repo := b.registry + "/msf-e2e/frontend-release"
	root := repoRoot(t)
	scanner := pushScanner(t, b)
	cmd := exec.Command(filepath.Join(root, "hack", "release.sh"), "v"+releaseVersion, "--set", "release.attest=type=sbom,generator="+scanner)
	cmd.Env = append(os.Environ(), "IMAGE="+repo)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hack/release.sh: %v\n%s", err, tail(string(out), 60))
	}
	t.Logf("hack/release.sh v%s: %s", releaseVersion, time.Since(start).Round(time.Second))

	digest := strings.TrimSpace(run(t, "", "crane", "digest", "--insecure", repo+":"+releaseVersion).mustSucceed(t, "crane digest").out)
	for _, tag := range []string{"7.31", "7", "latest"} {
		if d := strings.TrimSpace(run(t, "", "crane", "digest", "--insecure", repo+":"+tag).mustSucceed(t, "crane digest "+tag).out); d != digest {
			t.Errorf("%s:%s is %s, want the release's %s", repo, tag, d, digest)
		}
	}
	layout := filepath.Join(t.TempDir(), "layout")
	run(t, "", "crane", "pull", "--insecure", "--format=oci", repo+"@"+digest, layout).mustSucceed(t, "crane pull")

	imgs, err := ociimage.Read(layout)
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 2 || imgs["linux/amd64"] == nil || imgs["linux/arm64"] == nil {
		t.Fatalf("release images %v, want linux/amd64 and linux/arm64", keys(imgs))
	}
	for p, img := range imgs {
		if v := img.Config.Config.Labels["org.opencontainers.image.version"]; v != releaseVersion {
			t.Errorf("%s: version label %q, want %s", p, v, releaseVersion)
		}
	}
	amd64 := releaseBinary(t, imgs["linux/amd64"])
	if out := run(t, "", amd64, "version").mustSucceed(t, "multistage-frontend version").out; !strings.HasPrefix(out, "multistage-frontend "+releaseVersion+" (go") {
		t.Errorf("amd64 binary: `version` printed %q", out)
	}
	checkArm64(t, releaseBinary(t, imgs["linux/arm64"]))

	atts, err := ociimage.ReadAttestations(layout)
	if err != nil {
		t.Fatal(err)
	}
	attested := map[string]bool{}
	for _, a := range atts {
		attested[a.Platform+" "+strings.SplitN(a.PredicateType, "/", 4)[2]] = true
	}
	for _, want := range []string{"linux/amd64 slsa.dev", "linux/amd64 spdx.dev", "linux/arm64 slsa.dev", "linux/arm64 spdx.dev"} {
		if !attested[want] {
			t.Errorf("no %s attestation (have %v)", want, attested)
		}
	}

	// the released image as the frontend of a build: --call outline runs it without building
	r := run(t, filepath.Join(root, "examples", "go"), "docker", "buildx", "build", "--progress=plain", "--call", "outline",
		"--build-context", "org/multistage-frontend=docker-image://"+repo+":7", ".").mustSucceed(t, "--call outline through the release")
	if !regexp.MustCompile(`(?m)^#\d+ \[internal\] multistage-frontend ` + regexp.QuoteMeta(releaseVersion) + `$`).MatchString(r.out) {
		t.Errorf("no progress line naming multistage-frontend %s:\n%s", releaseVersion, tail(r.out, 40))
	}
	if !regexp.MustCompile(`(?m)^DESCRIPTION: .*\(multistage-frontend ` + regexp.QuoteMeta(releaseVersion) + `\)$`).MatchString(r.out) {
		t.Errorf("outline does not name multistage-frontend %s:\n%s", releaseVersion, tail(r.out, 20))
	}
}

// releaseBinary writes an image's /bin/multistage-frontend to a file.
func releaseBinary(t *testing.T, img *ociimage.Image) string {
	t.Helper()
	dt, err := img.ReadFile("/bin/multistage-frontend")
	if err != nil {
		t.Fatalf("%s: %v", img.Platform(), err)
	}
	file := filepath.Join(t.TempDir(), "multistage-frontend")
	if err := os.WriteFile(file, dt, 0o755); err != nil {
		t.Fatal(err)
	}
	return file
}

// checkArm64: an aarch64 Linux executable, built by Go for arm64, with the version in it.
func checkArm64(t *testing.T, file string) {
	t.Helper()
	f, err := elf.Open(file)
	if err != nil {
		t.Fatalf("arm64 binary: %v", err)
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 || f.Class != elf.ELFCLASS64 || f.Type != elf.ET_EXEC {
		t.Errorf("arm64 binary is %v %v %v, want an ELFCLASS64 EM_AARCH64 ET_EXEC", f.Class, f.Machine, f.Type)
	}
	info, err := buildinfo.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["GOARCH"] != "arm64" || settings["CGO_ENABLED"] != "0" {
		t.Errorf("arm64 binary built with GOARCH=%q CGO_ENABLED=%q", settings["GOARCH"], settings["CGO_ENABLED"])
	}
	dt, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dt, []byte(releaseVersion)) {
		t.Errorf("arm64 binary does not hold the version %s", releaseVersion)
	}
}

// TestReleaseWorkflowBuildsTheBakeTarget: what release.yml builds on a tag is what
// TestReleaseImage builds here, the `release` target of docker-bake.hcl with metadata-action's
// tags laid over it, pushed, for the tag's version. (GitHub cannot run the workflow here;
// hack/test.sh checks both workflows with actionlint.)
func TestReleaseWorkflowBuildsTheBakeTarget(t *testing.T) {
	dt, err := os.ReadFile(filepath.Join(repoRoot(t), ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]map[string][]string `yaml:"on"`
		Jobs map[string]struct {
			Needs any `yaml:"needs"`
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(dt, &wf); err != nil {
		t.Fatal(err)
	}
	if tags := wf.On["push"]["tags"]; len(tags) != 1 || !strings.HasPrefix(tags[0], "v[0-9]") {
		t.Errorf("release.yml runs on tags %q, want version tags", tags)
	}
	job := wf.Jobs["image"]
	if job.Needs != "test" {
		t.Errorf("the image job needs %v, want the test job (make test)", job.Needs)
	}
	with := map[string]map[string]string{}
	for _, s := range job.Steps {
		if name, _, ok := strings.Cut(s.Uses, "@"); ok {
			with[name] = s.With
		}
	}
	for _, action := range []string{"docker/setup-buildx-action", "docker/login-action", "docker/metadata-action", "docker/bake-action"} {
		if _, ok := with[action]; !ok {
			t.Fatalf("release.yml does not use %s", action)
		}
	}
	bake, meta := with["docker/bake-action"], with["docker/metadata-action"]
	if bake["targets"] != "release" || bake["push"] != "true" || !strings.HasPrefix(bake["files"], "./docker-bake.hcl\ncwd://${{ steps.meta.outputs.bake-file }}") ||
		!strings.Contains(bake["vars"], "VERSION=${{ steps.meta.outputs.version }}") {
		t.Errorf("bake-action does not push target release of docker-bake.hcl + the metadata for the tag's version: %v", bake)
	}
	for _, pattern := range []string{"{{version}}", "{{major}}.{{minor}}", "{{major}}"} {
		if !strings.Contains(meta["tags"], "type=semver,pattern="+pattern) {
			t.Errorf("metadata-action makes no %s tag: %q", pattern, meta["tags"])
		}
	}
}
