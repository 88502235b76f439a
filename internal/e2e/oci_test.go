package e2e

import (
	"archive/tar"
	"bytes"
	"io"
	"testing"

	"github.com/org/multistage-frontend/internal/ociimage"
)

func readOCI(t *testing.T, file string) map[string]*ociimage.Image {
	t.Helper()
	imgs, err := ociimage.Read(file)
	if err != nil {
		t.Fatal(err)
	}
	return imgs
}

// only returns the single image of a one-platform export.
func only(t *testing.T, imgs map[string]*ociimage.Image) *ociimage.Image {
	t.Helper()
	if len(imgs) != 1 {
		t.Fatalf("want one image, got %d", len(imgs))
	}
	for _, img := range imgs {
		return img
	}
	return nil
}

func files(t *testing.T, img *ociimage.Image) map[string]ociimage.File {
	t.Helper()
	fs, err := img.Files()
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// tarFile is the content of one entry of a tarball.
func tarFile(t *testing.T, tarball []byte, name string) []byte {
	t.Helper()
	tr := tar.NewReader(bytes.NewReader(tarball))
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("%s not in the tarball: %v", name, err)
		}
		if h.Name == name {
			dt, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			return dt
		}
	}
}
