package ociimage

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// layout writes an OCI layout tarball: blobs by digest and an index.json.
type layout struct {
	files map[string][]byte
}

func (l *layout) add(mediaType string, dt []byte, annotations map[string]string, p *ocispecs.Platform) ocispecs.Descriptor {
	d := digest.FromBytes(dt)
	if l.files == nil {
		l.files = map[string][]byte{}
	}
	l.files["blobs/sha256/"+d.Encoded()] = dt
	return ocispecs.Descriptor{MediaType: mediaType, Digest: d, Size: int64(len(dt)), Annotations: annotations, Platform: p}
}

func (l *layout) addJSON(mediaType string, v any, annotations map[string]string, p *ocispecs.Platform) ocispecs.Descriptor {
	dt, _ := json.Marshal(v)
	return l.add(mediaType, dt, annotations, p)
}

func (l *layout) write(t *testing.T, top ocispecs.Descriptor) string {
	t.Helper()
	l.files["index.json"], _ = json.Marshal(ocispecs.Index{Manifests: []ocispecs.Descriptor{top}})
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for name, dt := range l.files {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(dt)), Typeflag: tar.TypeReg})
		tw.Write(dt)
	}
	tw.Close()
	file := filepath.Join(t.TempDir(), "image.tar")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func layer(entries ...[2]string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		tw.WriteHeader(&tar.Header{Name: e[0], Mode: 0o755, Size: int64(len(e[1])), Typeflag: tar.TypeReg})
		tw.Write([]byte(e[1]))
	}
	tw.Close()
	return buf.Bytes()
}

// image adds one platform's image with the given layers and returns its manifest's descriptor.
func (l *layout) image(arch string, layers ...[]byte) ocispecs.Descriptor {
	cfg := ocispecs.Image{Platform: ocispecs.Platform{OS: "linux", Architecture: arch}}
	m := ocispecs.Manifest{Config: l.addJSON(ocispecs.MediaTypeImageConfig, cfg, nil, nil)}
	for _, dt := range layers {
		m.Layers = append(m.Layers, l.add(ocispecs.MediaTypeImageLayer, dt, nil, nil))
	}
	return l.addJSON(ocispecs.MediaTypeImageManifest, m, nil, &ocispecs.Platform{OS: "linux", Architecture: arch})
}

// writeDir writes the layout that write wrote as a tarball as a directory (tar=false).
func (l *layout) writeDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "layout")
	for name, dt := range l.files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, dt, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadFileAndAttestations(t *testing.T) {
	var l layout
	amd := l.image("amd64", layer([2]string{"bin/app", "old"}, [2]string{"etc/gone", "x"}),
		layer([2]string{"bin/app", "new"}, [2]string{"etc/.wh.gone", ""}))
	arm := l.image("arm64", layer([2]string{"bin/app", "arm"}))
	stmt := []byte(`{"predicateType":"https://slsa.dev/provenance/v1","predicate":{}}`)
	att := ocispecs.Manifest{Layers: []ocispecs.Descriptor{
		l.add("application/vnd.in-toto+json", stmt, map[string]string{"in-toto.io/predicate-type": "https://slsa.dev/provenance/v1"}, nil)}}
	attDesc := l.addJSON(ocispecs.MediaTypeImageManifest, att, map[string]string{
		"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": arm.Digest.String()}, nil)
	top := l.addJSON(ocispecs.MediaTypeImageIndex, ocispecs.Index{Manifests: []ocispecs.Descriptor{amd, arm, attDesc}}, nil, nil)
	for _, file := range []string{l.write(t, top), l.writeDir(t)} {
		t.Run(filepath.Base(file), func(t *testing.T) { checkLayout(t, file, stmt) })
	}
}

// checkLayout reads the layout TestReadFileAndAttestations writes.
func checkLayout(t *testing.T, file string, stmt []byte) {
	imgs, err := Read(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 2 {
		t.Fatalf("images %v, want amd64 and arm64 (the attestation skipped)", imgs)
	}
	if dt, err := imgs["linux/amd64"].ReadFile("/bin/app"); err != nil || string(dt) != "new" {
		t.Errorf("amd64 /bin/app = %q, %v; want the upper layer's", dt, err)
	}
	if _, err := imgs["linux/amd64"].ReadFile("/etc/gone"); err == nil {
		t.Errorf("a whited-out file was read")
	}
	if dt, _ := imgs["linux/arm64"].ReadFile("bin/app"); string(dt) != "arm" {
		t.Errorf("arm64 /bin/app = %q", dt)
	}

	atts, err := ReadAttestations(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 1 || atts[0].Platform != "linux/arm64" || atts[0].PredicateType != "https://slsa.dev/provenance/v1" || !bytes.Equal(atts[0].Statement, stmt) {
		t.Errorf("attestations %+v", atts)
	}
}
