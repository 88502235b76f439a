package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// TestSourceDateEpochGivesIdenticalImages: two builds from scratch (--no-cache) of the same
// source, checked out at different times into different directories, give byte-identical
// images when SOURCE_DATE_EPOCH is set and the exporter rewrites timestamps; the image says it
// was created at the epoch, and so does the binary's file time.
func TestSourceDateEpochGivesIdenticalImages(t *testing.T) {
	need(t)
	const epoch = 1700000000
	want := time.Unix(epoch, 0).UTC()
	var digests []string
	var tarballs []string
	for i := range 2 {
		dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
		tarball := filepath.Join(t.TempDir(), "image.tar")
		buildx(t, dir, "build", "--progress=plain", "--no-cache", "--provenance=false",
			"--build-arg", "SOURCE_DATE_EPOCH=1700000000",
			"--output", "type=oci,dest="+tarball+",rewrite-timestamp=true", ".").mustSucceed(t, "a reproducible build")
		digests = append(digests, topDigest(t, tarball))
		tarballs = append(tarballs, tarball)
		if i == 0 {
			time.Sleep(1100 * time.Millisecond) // the second checkout gets other file times
		}
	}
	if digests[0] != digests[1] {
		t.Errorf("two builds gave %s and %s: not reproducible", digests[0], digests[1])
	}

	img := only(t, readOCI(t, tarballs[0]))
	if c := img.Config.Created; c == nil || !c.Equal(want) {
		t.Errorf("created %v, want the epoch %v", c, want)
	}
	// The base's history keeps its own times (BuildKit keeps them on purpose); the entries for
	// the layers this build added carry the epoch.
	ours := 0
	for _, h := range img.Config.History {
		if h.Comment != "buildkit.exporter.image.v0" {
			continue
		}
		ours++
		if h.Created == nil || !h.Created.Equal(want) {
			t.Errorf("history %q created %v, want the epoch", h.CreatedBy, h.Created)
		}
	}
	if ours == 0 {
		t.Errorf("no history entry for the build's layers: %+v", img.Config.History)
	}
	bin := files(t, img)["/usr/local/bin/server"]
	if bin.ModTime.IsZero() || !bin.ModTime.Equal(want) {
		t.Errorf("the binary's time is %v, want the epoch", bin.ModTime)
	}
}

// topDigest is the digest of what an OCI layout's index.json points at: the image, or the
// index of a multi-platform image.
func topDigest(t *testing.T, tarball string) string {
	t.Helper()
	r, err := os.ReadFile(tarball)
	if err != nil {
		t.Fatal(err)
	}
	var idx ocispecs.Index
	if err := json.Unmarshal(tarFile(t, r, "index.json"), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Manifests) != 1 {
		t.Fatalf("index.json lists %d manifests", len(idx.Manifests))
	}
	return idx.Manifests[0].Digest.String()
}
