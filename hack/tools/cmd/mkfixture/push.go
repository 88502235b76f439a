package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func cmdPush(args []string) error {
	fl := flag.NewFlagSet("push", flag.ExitOnError)
	var tags, platforms, layers, envs, labels multiFlag
	fl.Var(&tags, "tag", "image reference to push to (repeatable)")
	fl.Var(&platforms, "platform", "os/arch[/variant] (repeatable)")
	fl.Var(&layers, "layer", "[os/arch=]PATH of a layer tarball or directory (repeatable, in order)")
	fl.Var(&envs, "env", "K=V config Env entry (repeatable)")
	fl.Var(&labels, "label", "K=V config label (repeatable)")
	workdir := fl.String("workdir", "", "config WorkingDir")
	user := fl.String("user", "", "config User")
	entrypoint := fl.String("entrypoint", "", "config Entrypoint as a JSON array")
	cmdJSON := fl.String("cmd", "", "config Cmd as a JSON array")
	fl.Parse(args)
	if len(tags) == 0 || len(platforms) == 0 || len(layers) == 0 {
		return errors.New("push needs -tag, -platform and -layer")
	}
	cfg := v1.Config{Env: envs, WorkingDir: *workdir, User: *user, Labels: map[string]string{}}
	for _, l := range labels {
		k, v, _ := strings.Cut(l, "=")
		cfg.Labels[k] = v
	}
	for _, js := range []struct {
		s   string
		dst *[]string
	}{{*entrypoint, &cfg.Entrypoint}, {*cmdJSON, &cfg.Cmd}} {
		if js.s != "" {
			if err := json.Unmarshal([]byte(js.s), js.dst); err != nil {
				return fmt.Errorf("bad JSON array %q: %w", js.s, err)
			}
		}
	}

	tmp, err := os.MkdirTemp("", "mkfixture-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cache := map[string]v1.Layer{} // the same file is one layer object on every platform
	type entry struct {
		img  v1.Image
		plat *v1.Platform
	}
	var entries []entry
	for _, ps := range platforms {
		plat, err := v1.ParsePlatform(ps)
		if err != nil {
			return err
		}
		img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
		img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
		var adds []mutate.Addendum
		for _, spec := range layers {
			p := spec
			if pre, rest, ok := strings.Cut(spec, "="); ok && strings.Count(pre, "/") >= 1 && !strings.HasPrefix(pre, "/") {
				if pre != ps {
					continue
				}
				p = rest
			}
			l, ok := cache[p]
			if !ok {
				if l, err = openLayer(p, tmp); err != nil {
					return err
				}
				cache[p] = l
			}
			lname := filepath.Base(p)
			if lname == "layer.tar.gz" {
				lname = filepath.Base(filepath.Dir(p))
			}
			adds = append(adds, mutate.Addendum{Layer: l, MediaType: types.OCILayer,
				History: v1.History{CreatedBy: "msf fixture layer " + lname, Created: v1.Time{Time: time.Now().UTC()}}})
		}
		if img, err = mutate.Append(img, adds...); err != nil {
			return err
		}
		cf, err := img.ConfigFile()
		if err != nil {
			return err
		}
		cf = cf.DeepCopy()
		cf.Config = cfg
		cf.OS, cf.Architecture, cf.Variant = plat.OS, plat.Architecture, plat.Variant
		cf.Created = v1.Time{Time: time.Now().UTC()}
		if img, err = mutate.ConfigFile(img, cf); err != nil {
			return err
		}
		entries = append(entries, entry{img, plat})
	}
	// The index is written by hand: ggcr's mutate.AppendManifests adds an
	// artifactType to plain image descriptors, which real images do not have.
	idx := v1.IndexManifest{SchemaVersion: 2, MediaType: types.OCIImageIndex}
	for _, e := range entries {
		d, err := e.img.Digest()
		if err != nil {
			return err
		}
		sz, err := e.img.Size()
		if err != nil {
			return err
		}
		idx.Manifests = append(idx.Manifests, v1.Descriptor{MediaType: types.OCIManifestSchema1, Size: sz, Digest: d, Platform: e.plat})
	}
	raw, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	for _, t := range tags {
		ref, err := name.ParseReference(t, name.Insecure)
		if err != nil {
			return err
		}
		for i, e := range entries { // blobs already present are skipped by remote.Write
			if err := remote.Write(ref.Context().Digest(idx.Manifests[i].Digest.String()), e.img); err != nil {
				return fmt.Errorf("push %s: %w", t, err)
			}
		}
		if err := remote.Put(ref, rawIndex(raw)); err != nil {
			return fmt.Errorf("push %s: %w", t, err)
		}
		fmt.Printf("pushed %s (%d platforms)\n", t, len(entries))
	}
	return nil
}

type rawIndex []byte

func (r rawIndex) RawManifest() ([]byte, error)        { return r, nil }
func (r rawIndex) MediaType() (types.MediaType, error) { return types.OCIImageIndex, nil }

func openLayer(p, tmp string) (v1.Layer, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		out := filepath.Join(tmp, fmt.Sprintf("dir%d.tar.gz", time.Now().UnixNano()))
		if err := writeLayer(p, out, false, nil); err != nil {
			return nil, err
		}
		p = out
	}
	return tarball.LayerFromFile(p, tarball.WithMediaType(types.OCILayer))
}

func cmdHas(args []string) int {
	fl := flag.NewFlagSet("has", flag.ExitOnError)
	label := fl.String("label", "", "K=V that the image config must carry")
	fl.Parse(args)
	k, v, _ := strings.Cut(*label, "=")
	for _, t := range fl.Args() {
		ref, err := name.ParseReference(t, name.Insecure)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mkfixture:", err)
			return 2
		}
		img, err := remote.Image(ref) // resolves an index to the host platform (or first) image
		if err != nil {
			var te *transport.Error
			if errors.As(err, &te) && (te.StatusCode == http.StatusNotFound) {
				return 1
			}
			fmt.Fprintln(os.Stderr, "mkfixture:", err)
			return 2
		}
		cf, err := img.ConfigFile()
		if err != nil {
			fmt.Fprintln(os.Stderr, "mkfixture:", err)
			return 2
		}
		if cf.Config.Labels[k] != v {
			return 1
		}
	}
	return 0
}
