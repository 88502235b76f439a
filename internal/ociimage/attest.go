package ociimage

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"

	"github.com/containerd/platforms"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// ReadFile returns a regular file's content as the image's layers leave it.
func (img *Image) ReadFile(name string) ([]byte, error) {
	name = path.Clean("/" + name)
	var out []byte
	found := false
	for _, l := range img.Layers {
		err := eachEntry(l, func(h *tar.Header, body io.Reader) error {
			entry := path.Clean("/" + h.Name)
			switch {
			case entry == path.Join(path.Dir(name), ".wh."+path.Base(name)):
				out, found = nil, false
			case entry == name && h.Typeflag == tar.TypeReg:
				dt, err := io.ReadAll(body)
				out, found = dt, true
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("%s: not a regular file in the image", name)
	}
	return out, nil
}

// Attestation is one in-toto statement attached to a platform's image (provenance, SBOM).
type Attestation struct {
	// Platform is that of the image the statement describes ("os/arch[/variant]").
	Platform      string
	PredicateType string
	// Statement is the in-toto statement as stored, JSON.
	Statement []byte
}

// ReadAttestations reads the attestation manifests of an OCI layout (a tarball or a directory).
func ReadAttestations(file string) ([]Attestation, error) {
	r, idx, err := load(file)
	if err != nil {
		return nil, err
	}
	var out []Attestation
	for _, top := range idx.Manifests {
		dt, err := r.blob(top)
		if err != nil {
			return nil, err
		}
		var sub ocispecs.Index
		if err := json.Unmarshal(dt, &sub); err != nil || len(sub.Manifests) == 0 {
			continue // a single image: no attestations
		}
		for _, m := range sub.Manifests {
			if m.Annotations["vnd.docker.reference.type"] != "attestation-manifest" {
				continue
			}
			atts, err := r.attestations(m, platformOf(sub, m.Annotations["vnd.docker.reference.digest"]))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			out = append(out, atts...)
		}
	}
	return out, nil
}

func platformOf(idx ocispecs.Index, dgst string) string {
	for _, m := range idx.Manifests {
		if m.Digest.String() == dgst && m.Platform != nil {
			return platforms.Format(*m.Platform)
		}
	}
	return ""
}

func (r reader) attestations(d ocispecs.Descriptor, platform string) ([]Attestation, error) {
	dt, err := r.blob(d)
	if err != nil {
		return nil, err
	}
	var m ocispecs.Manifest
	if err := json.Unmarshal(dt, &m); err != nil {
		return nil, err
	}
	var out []Attestation
	for _, l := range m.Layers {
		stmt, err := r.blob(l)
		if err != nil {
			return nil, err
		}
		out = append(out, Attestation{Platform: platform, PredicateType: l.Annotations["in-toto.io/predicate-type"], Statement: bytes.Clone(stmt)})
	}
	return out, nil
}
