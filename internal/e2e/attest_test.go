package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// provenance is the part of a SLSA v1 provenance predicate, as BuildKit writes it, that shows
// what was built: the LLB steps, the spec they came from and the line of each step.
type provenance struct {
	BuildDefinition struct {
		ExternalParameters struct {
			Request struct {
				Frontend string            `json:"frontend"`
				Args     map[string]string `json:"args"`
			} `json:"request"`
		} `json:"externalParameters"`
		InternalParameters struct {
			BuildConfig struct {
				LLBDefinition []struct {
					ID string `json:"id"`
					Op struct {
						Op struct {
							Exec *struct {
								Meta struct {
									Args []string `json:"args"`
									Env  []string `json:"env"`
								} `json:"meta"`
							} `json:"exec"`
						} `json:"Op"`
					} `json:"op"`
				} `json:"llbDefinition"`
			} `json:"buildConfig"`
		} `json:"internalParameters"`
		ResolvedDependencies []struct {
			URI string `json:"uri"`
		} `json:"resolvedDependencies"`
	} `json:"buildDefinition"`
	RunDetails struct {
		Metadata struct {
			BuildKit struct {
				Source struct {
					Locations map[string]struct {
						Locations []struct {
							Ranges []struct {
								Start struct{ Line int } `json:"start"`
							} `json:"ranges"`
						} `json:"locations"`
					} `json:"locations"`
					Infos []struct {
						Filename string `json:"filename"`
						Language string `json:"language"`
						Data     []byte `json:"data"`
					} `json:"infos"`
				} `json:"source"`
			} `json:"buildkit_metadata"`
		} `json:"metadata"`
	} `json:"runDetails"`
}

// TestProvenanceRecordsTheSpec: `--attest type=provenance,mode=max` attaches a SLSA provenance
// that holds the spec itself, every step of its stages as LLB (go mod download, go build for
// the target) with the spec line each came from, and the pinned base images.
func TestProvenanceRecordsTheSpec(t *testing.T) {
	need(t)
	// examples/go with its main package written out, so that the download and the build come
	// from different lines
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\nentrypoint: ./cmd/server\nports: [8080]\n")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildx(t, dir, "build", "--progress=plain", "--attest", "type=provenance,mode=max",
		"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "a build with provenance")
	atts := attestations(t, tarball, "https://slsa.dev/provenance/v1")
	if len(atts) != 1 || atts[0].Platform != "linux/amd64" {
		t.Fatalf("want one provenance for linux/amd64, got %d: %+v", len(atts), atts)
	}
	var stmt struct{ Predicate provenance }
	if err := json.Unmarshal(atts[0].Statement, &stmt); err != nil {
		t.Fatal(err)
	}
	p := stmt.Predicate

	spec, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	infos := p.RunDetails.Metadata.BuildKit.Source.Infos
	if len(infos) != 1 || infos[0].Filename != "Dockerfile" || infos[0].Language != "YAML" || string(infos[0].Data) != string(spec) {
		t.Errorf("the provenance does not hold the spec: %+v", infos)
	}
	if req := p.BuildDefinition.ExternalParameters.Request; req.Frontend != "gateway.v0" || req.Args["source"] != "org/multistage-frontend" {
		t.Errorf("request %s %v, want our frontend through gateway.v0", req.Frontend, req.Args)
	}

	// Each step is there, with the spec line it comes from (2: language, 3: entrypoint).
	line := func(id string) int {
		for _, l := range p.RunDetails.Metadata.BuildKit.Source.Locations[id].Locations {
			for _, r := range l.Ranges {
				return r.Start.Line
			}
		}
		return 0
	}
	found := map[string]int{}
	for _, step := range p.BuildDefinition.InternalParameters.BuildConfig.LLBDefinition {
		e := step.Op.Op.Exec
		if e == nil {
			continue
		}
		args := e.Meta.Args
		if len(args) > 4 && args[0] == "/bin/sh" && args[3] == "sh" {
			args = args[4:] // the build with its entry check (graph/fold.go): /bin/sh -c '"$@" && (CHECK)' sh ARGS...
		}
		switch {
		case len(args) == 3 && strings.Contains(args[2], "go mod download"):
			found["go mod download"] = line(step.ID)
		case len(args) > 1 && args[1] == "build" && slices.Contains(e.Meta.Env, "GOARCH=amd64"):
			found["go build"] = line(step.ID)
		}
	}
	if found["go mod download"] != 2 || found["go build"] != 3 {
		t.Errorf("steps and their spec lines %v, want go mod download at 2, go build at 3", found)
	}
	var deps []string
	for _, d := range p.BuildDefinition.ResolvedDependencies {
		deps = append(deps, d.URI)
	}
	for _, want := range []string{"pkg:docker/golang@1.26?platform=linux%2Famd64", "pkg:docker/gcr.io/distroless/static-debian12@nonroot?platform=linux%2Famd64"} {
		if !slices.Contains(deps, want) {
			t.Errorf("resolved dependencies %q lack %s", deps, want)
		}
	}
}

// TestSBOMScansTheRuntimeAndAskedStages: `--attest type=sbom` runs the scanner on the image the
// build produces; BUILDKIT_SBOM_SCAN_STAGE=builder adds the builder stage, as in a Dockerfile
// build. The scanner is a stand-in for docker/buildkit-syft-scanner (not reachable here) that
// speaks the same protocol and lists the files it was given.
func TestSBOMScansTheRuntimeAndAskedStages(t *testing.T) {
	b := need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")

	// Without a reachable scanner the request fails naming the scanner image: it is not ignored.
	r := buildx(t, dir, "build", "--progress=plain", "--sbom=true", "--output", "type=cacheonly", ".").mustFail(t, "--sbom=true without the scanner image")
	if !strings.Contains(r.out, "docker/buildkit-syft-scanner") {
		t.Errorf("the failure does not name the scanner:\n%s", tail(r.out, 20))
	}

	scanner := pushScanner(t, b)
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildx(t, dir, "build", "--progress=plain", "--attest", "type=sbom,generator="+scanner,
		"--build-arg", "BUILDKIT_SBOM_SCAN_STAGE=builder",
		"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "a build with an SBOM")
	scanned := map[string][]string{}
	for _, a := range attestations(t, tarball, "https://spdx.dev/Document") {
		var stmt struct {
			Predicate struct {
				Name  string
				Files []struct{ FileName string }
			}
		}
		if err := json.Unmarshal(a.Statement, &stmt); err != nil {
			t.Fatal(err)
		}
		for _, f := range stmt.Predicate.Files {
			scanned[stmt.Predicate.Name] = append(scanned[stmt.Predicate.Name], f.FileName)
		}
	}
	if len(scanned) != 2 {
		t.Fatalf("SBOMs for %v, want the image (sbom) and the builder stage (sbom-builder)", keys(scanned))
	}
	image, builder := scanned["sbom"], scanned["sbom-builder"]
	if !slices.Contains(image, "/usr/local/bin/server") || slices.Contains(image, "/usr/local/go/bin/go") {
		t.Errorf("the image's SBOM should list the binary and nothing of the builder: %d files", len(image))
	}
	if !slices.Contains(builder, "/out/server") || !slices.Contains(builder, "/usr/local/go/bin/go") {
		t.Errorf("the builder's SBOM should list the toolchain and the build output: %d files", len(builder))
	}
}

// scanScript is a minimal SBOM generator in BuildKit's scanner protocol: it reads the
// filesystems under BUILDKIT_SCAN_SOURCE (and BUILDKIT_SCAN_SOURCE_EXTRAS/<name>) and writes one
// in-toto statement with an SPDX predicate per filesystem into BUILDKIT_SCAN_DESTINATION.
const scanScript = `set -eu
scan() {
	{
		printf '{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document","subject":[],"predicate":{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"%s","files":[' "$1"
		(cd "$2" && find . -type f | sort | awk 'BEGIN { ORS = "" } { if (NR > 1) print ","; gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); print "{\"fileName\":\"" substr($0, 2) "\"}" }')
		printf ']}}\n'
	} > "$BUILDKIT_SCAN_DESTINATION/$1.spdx.json"
}
scan sbom "$BUILDKIT_SCAN_SOURCE"
if [ -n "${BUILDKIT_SCAN_SOURCE_EXTRAS:-}" ]; then
	for d in "$BUILDKIT_SCAN_SOURCE_EXTRAS"/*; do scan "$(basename "$d")" "$d"; done
fi
`

// pushScanner builds the stand-in scanner on the alpine fixture and pushes it to the testbed
// registry under a name of its own (not a shared fixture).
func pushScanner(t *testing.T, b *testbed) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "scan.sh"), scanScript)
	writeFile(t, filepath.Join(dir, "Dockerfile"), "FROM alpine:3.22\nCOPY scan.sh /usr/local/bin/scan\nENTRYPOINT [\"/bin/sh\", \"/usr/local/bin/scan\"]\n")
	ref := b.registry + "/msf-e2e/sbom-scanner:1"
	run(t, dir, "buildctl", "build", "--progress=plain", "--frontend", "dockerfile.v0", "--local", "context="+dir, "--local", "dockerfile="+dir,
		"--output", "type=image,name="+ref+",push=true,registry.insecure=true").mustSucceed(t, "build the stand-in scanner")
	return ref
}

func attestations(t *testing.T, tarball, predicateType string) []ociimage.Attestation {
	t.Helper()
	all, err := ociimage.ReadAttestations(tarball)
	if err != nil {
		t.Fatal(err)
	}
	var out []ociimage.Attestation
	for _, a := range all {
		if a.PredicateType == predicateType {
			out = append(out, a)
		}
	}
	return out
}
