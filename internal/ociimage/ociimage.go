// Package ociimage reads images from the OCI layout tarballs that `--output type=oci` writes:
// configs, layers, sizes and files. The end-to-end tests, the demo and the benchmarks use it to
// look at what a build produced without a Docker daemon.
package ociimage

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// Image is one platform's image.
type Image struct {
	Manifest ocispecs.Manifest
	Config   dockerspec.DockerOCIImage
	// Layers are the uncompressed layer tarballs, bottom first.
	Layers [][]byte
	// Compressed is the sum of the layer blobs' sizes, as a registry stores them.
	Compressed int64
}

// File is one entry of a layer.
type File struct {
	Name     string
	Size     int64
	Mode     int64
	UID, GID int
	Type     byte
	Layer    int
	ModTime  time.Time
}

// Platform is "os/arch[/variant]".
func (img *Image) Platform() string {
	p := img.Config.OS + "/" + img.Config.Architecture
	if img.Config.Variant != "" {
		p += "/" + img.Config.Variant
	}
	return p
}

// Uncompressed is the sum of the uncompressed layers' sizes.
func (img *Image) Uncompressed() int64 {
	var n int64
	for _, l := range img.Layers {
		n += int64(len(l))
	}
	return n
}

// Files lists every entry of every layer by absolute path; an upper layer's entry wins.
func (img *Image) Files() (map[string]File, error) {
	out := map[string]File{}
	for i, l := range img.Layers {
		err := eachEntry(l, func(h *tar.Header, _ io.Reader) error {
			name := path.Clean("/" + h.Name)
			out[name] = File{Name: name, Size: h.Size, Mode: h.Mode, UID: h.Uid, GID: h.Gid, Type: h.Typeflag, Layer: i, ModTime: h.ModTime.UTC()}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Largest returns the n largest regular files.
func (img *Image) Largest(n int) ([]File, error) {
	files, err := img.Files()
	if err != nil {
		return nil, err
	}
	var list []File
	for _, f := range files {
		if f.Type == tar.TypeReg {
			list = append(list, f)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		return list[i].Size > list[j].Size || (list[i].Size == list[j].Size && list[i].Name < list[j].Name)
	})
	if len(list) > n {
		list = list[:n]
	}
	return list, nil
}

func eachEntry(layer []byte, fn func(*tar.Header, io.Reader) error) error {
	tr := tar.NewReader(bytes.NewReader(layer))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(h, tr); err != nil {
			return err
		}
	}
}

// Read reads every platform's image from an OCI layout (a tarball or a directory), keyed by
// Platform().
// Attestation manifests are skipped (see ReadAttestations).
func Read(file string) (map[string]*Image, error) {
	r, idx, err := load(file)
	if err != nil {
		return nil, err
	}
	for _, m := range idx.Manifests {
		if err := r.walk(m); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	return r.out, nil
}

// load reads the blobs and the index.json of an OCI layout: a tarball (`--output type=oci`) or a
// directory (`tar=false`, `crane pull --format=oci`).
func load(file string) (reader, ocispecs.Index, error) {
	var idx ocispecs.Index
	blobs, err := readLayout(file)
	if err != nil {
		return reader{}, idx, err
	}
	if err := json.Unmarshal(blobs["index.json"], &idx); err != nil {
		return reader{}, idx, fmt.Errorf("%s: index.json: %w", file, err)
	}
	return reader{blobs: blobs, out: map[string]*Image{}}, idx, nil
}

// readLayout reads every file of a layout, keyed by its slash-separated path in the layout.
func readLayout(file string) (map[string][]byte, error) {
	blobs := map[string][]byte{}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		err := filepath.WalkDir(file, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(file, p)
			if err == nil {
				blobs[filepath.ToSlash(rel)], err = os.ReadFile(p)
			}
			return err
		})
		return blobs, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return blobs, nil
		}
		if err != nil {
			return nil, err
		}
		if blobs[h.Name], err = io.ReadAll(tr); err != nil {
			return nil, err
		}
	}
}

type reader struct {
	blobs map[string][]byte
	out   map[string]*Image
}

func (r reader) blob(d ocispecs.Descriptor) ([]byte, error) {
	dt, ok := r.blobs["blobs/"+d.Digest.Algorithm().String()+"/"+d.Digest.Encoded()]
	if !ok {
		return nil, fmt.Errorf("blob %s missing", d.Digest)
	}
	return dt, nil
}

func (r reader) walk(d ocispecs.Descriptor) error {
	dt, err := r.blob(d)
	if err != nil {
		return err
	}
	switch d.MediaType {
	case ocispecs.MediaTypeImageIndex, "application/vnd.docker.distribution.manifest.list.v2+json":
		var sub ocispecs.Index
		if err := json.Unmarshal(dt, &sub); err != nil {
			return err
		}
		for _, m := range sub.Manifests {
			if m.Annotations["vnd.docker.reference.type"] == "attestation-manifest" {
				continue
			}
			if err := r.walk(m); err != nil {
				return err
			}
		}
		return nil
	}
	img := &Image{}
	if err := json.Unmarshal(dt, &img.Manifest); err != nil {
		return err
	}
	cfg, err := r.blob(img.Manifest.Config)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(cfg, &img.Config); err != nil {
		return err
	}
	for _, l := range img.Manifest.Layers {
		raw, err := r.blob(l)
		if err != nil {
			return err
		}
		img.Compressed += int64(len(raw))
		if strings.Contains(l.MediaType, "gzip") {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				return err
			}
			if raw, err = io.ReadAll(zr); err != nil {
				return err
			}
		}
		img.Layers = append(img.Layers, raw)
	}
	r.out[img.Platform()] = img
	return nil
}

// Unpack applies the layers to dir with their owners and modes (owners need root).
func (img *Image) Unpack(dir string) error {
	for _, l := range img.Layers {
		err := eachEntry(l, func(h *tar.Header, body io.Reader) error {
			name := path.Clean("/" + h.Name)
			target := filepath.Join(dir, name)
			base := path.Base(name)
			if strings.HasPrefix(base, ".wh.") {
				return os.RemoveAll(filepath.Join(filepath.Dir(target), strings.TrimPrefix(base, ".wh.")))
			}
			var err error
			switch h.Typeflag {
			case tar.TypeDir:
				err = os.MkdirAll(target, os.FileMode(h.Mode).Perm())
			case tar.TypeReg:
				os.RemoveAll(target)
				var dt []byte
				if dt, err = io.ReadAll(body); err == nil {
					err = os.WriteFile(target, dt, os.FileMode(h.Mode).Perm())
				}
			case tar.TypeSymlink:
				os.RemoveAll(target)
				err = os.Symlink(h.Linkname, target)
			case tar.TypeLink:
				os.RemoveAll(target)
				err = os.Link(filepath.Join(dir, path.Clean("/"+h.Linkname)), target)
			default:
				return nil
			}
			if err != nil {
				return fmt.Errorf("unpack %s: %w", name, err)
			}
			os.Lchown(target, h.Uid, h.Gid)
			if h.Typeflag != tar.TypeSymlink {
				return os.Chmod(target, os.FileMode(h.Mode).Perm()|modeBits(h.Mode))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func modeBits(m int64) os.FileMode {
	var out os.FileMode
	if m&0o1000 != 0 {
		out |= os.ModeSticky
	}
	if m&0o2000 != 0 {
		out |= os.ModeSetgid
	}
	if m&0o4000 != 0 {
		out |= os.ModeSetuid
	}
	return out
}
