package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBuildContextReplacesBaseImages: `--build-context REF=docker-image://OTHER` replaces any
// base image the spec uses, by the reference the spec (or its defaults) names: here the builder
// (golang:1.26) and the runtime (distroless). The runtime is pointed at the alpine stand-in,
// whose busybox then appears in the image, and the base labels name what was really used.
func TestBuildContextReplacesBaseImages(t *testing.T) {
	b := need(t)
	dir := filepath.Join(repoRoot(t), "examples", "go")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	golang := b.registry + "/library/golang:1.26.8"
	alpine := b.registry + "/library/alpine:3.22"
	r := buildx(t, dir, "build", "--progress=plain",
		"--build-context", "golang:1.26=docker-image://"+golang,
		"--build-context", "gcr.io/distroless/static-debian12:nonroot=docker-image://"+alpine,
		"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "a build with base images replaced")
	for _, want := range []string{"load metadata for " + golang, "load metadata for " + alpine} {
		if !strings.Contains(r.out, want) {
			t.Errorf("progress lacks %q: the override was not used\n%s", want, tail(r.out, 40))
		}
	}
	if strings.Contains(r.out, "load metadata for gcr.io/distroless") {
		t.Errorf("distroless was resolved though a --build-context replaced it")
	}
	img := only(t, readOCI(t, tarball))
	fs := files(t, img)
	if _, ok := fs["/bin/busybox"]; !ok {
		t.Errorf("the runtime is not the overriding alpine image: no /bin/busybox")
	}
	if _, ok := fs["/usr/local/bin/server"]; !ok {
		t.Errorf("the binary is missing")
	}
	labels := img.Config.Config.Labels
	if got := labels["org.opencontainers.image.base.name"]; got != alpine {
		t.Errorf("base.name label %q, want %q", got, alpine)
	}
	digest := strings.TrimSpace(run(t, "", "crane", "digest", "--insecure", alpine).mustSucceed(t, "crane digest").out)
	if got := labels["org.opencontainers.image.base.digest"]; got != digest {
		t.Errorf("base.digest label %q, want the alpine index %q", got, digest)
	}
	if u := img.Config.Config.User; u != "65532:65532" {
		t.Errorf("user %q", u)
	}
}

// TestBuildContextReplacesTheSource: `--build-context context=DIR` builds DIR's source with
// the spec of the main context, which here holds nothing but the spec. The facts (go.mod) come
// from DIR too: without the override the build fails for want of go.mod.
func TestBuildContextReplacesTheSource(t *testing.T) {
	need(t)
	src := copyDir(t, filepath.Join(repoRoot(t), "examples", "go"))
	greet := filepath.Join(src, "internal/greet/greet.go")
	code, err := os.ReadFile(greet)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(code, []byte(`"hello, "`)) {
		t.Fatalf("examples/go/internal/greet/greet.go no longer says \"hello, \": update this test")
	}
	writeFile(t, greet, strings.Replace(string(code), `"hello, "`, `"howdy, "`, 1))
	os.Remove(filepath.Join(src, "Dockerfile"))

	specDir := t.TempDir()
	spec, err := os.ReadFile(filepath.Join(repoRoot(t), "examples", "go", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(specDir, "Dockerfile"), string(spec))

	r := buildx(t, specDir, "build", "--progress=plain", "--output", "type=cacheonly", ".").mustFail(t, "a spec without source")
	if !strings.Contains(r.out, "no go.mod in the build context") {
		t.Errorf("the spec alone failed otherwise:\n%s", tail(r.out, 20))
	}
	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildx(t, specDir, "build", "--progress=plain", "--build-context", "context="+src,
		"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "--build-context context=DIR")
	img := only(t, readOCI(t, tarball))
	port := freePort(t)
	c := startContainer(t, img, "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	if body := c.get(t, fmt.Sprintf("http://127.0.0.1:%d/?name=e2e", port), 20*time.Second); !strings.Contains(body, "howdy, e2e") {
		t.Errorf("the image does not hold the replacement source: %q", body)
	}
}

// TestRemoteContextAndEpochFromIt: a build context given as an HTTP URL of a tarball (as
// `docker build https://...` does) is fetched by BuildKit, spec included, and
// SOURCE_DATE_EPOCH=context takes the image's created time from its Last-Modified header.
func TestRemoteContextAndEpochFromIt(t *testing.T) {
	need(t)
	archive := tarGz(t, filepath.Join(repoRoot(t), "examples", "go"))
	modified := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	url := serve(t, "/go.tar.gz", archive, modified)

	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildx(t, t.TempDir(), "build", "--progress=plain", "--build-arg", "SOURCE_DATE_EPOCH=context",
		"--output", "type=oci,dest="+tarball, url).mustSucceed(t, "a build of an HTTP context")
	img := only(t, readOCI(t, tarball))
	if _, ok := files(t, img)["/usr/local/bin/server"]; !ok {
		t.Errorf("the image lacks the binary")
	}
	if c := img.Config.Created; c == nil || !c.Equal(modified) {
		t.Errorf("created %v, want the context's Last-Modified %v", c, modified)
	}
}

// tarGz packs a directory as a gzipped tarball with fixed owners.
func tarGz(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Name, h.Uid, h.Gid, h.Uname, h.Gname = filepath.ToSlash(rel), 0, 0, "", ""
		if err := tw.WriteHeader(h); err != nil || d.IsDir() {
			return err
		}
		dt, err := os.ReadFile(p)
		if err == nil {
			_, err = tw.Write(dt)
		}
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// serve answers GETs of path with data on a loopback port buildkitd (host network) reaches.
func serve(t *testing.T, path string, data []byte, modified time.Time) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, path, modified, bytes.NewReader(data))
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String() + path
}
