package e2e

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

// TestDependencyLayersKeepNoSecret: Go's modules now live in deps' layer and the compiled
// dependencies in deps-build's, which a registry cache (mode=max) carries to every runner that
// imports it. Here the only module comes from a private module proxy whose URL holds an access
// token (GOPROXY from `build.secrets`, as a company proxy's would; the go command sends no
// password over plain HTTP, so the token is in the path): the build must use it, and no layer of
// the registry cache, nor of the builder image, may hold it.
func TestDependencyLayersKeepNoSecret(t *testing.T) {
	b := need(t)
	t.Parallel()
	password := randomText(t)
	proxy, asked := privateModuleProxy(t, password)

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: go\n"+
		"build:\n  secrets: [{id: goproxy, env: GOPROXY, required: true}]\n")
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.26\n\nrequire example.com/private "+proxy.version+"\n")
	writeFile(t, filepath.Join(dir, "go.sum"), proxy.sum)
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/private\"\n)\n\n"+
		"func main() { fmt.Println(private.Greeting()) }\n")
	secret := filepath.Join(t.TempDir(), "goproxy")
	writeFile(t, secret, proxy.url+"/"+password)

	ref := fmt.Sprintf("%s/e2e/cache:secret-%d", b.registry, time.Now().UnixNano())
	common := []string{"--secret", "id=goproxy,src=" + secret, "--opt", "build-arg:GONOSUMDB=example.com"}
	// as CI does: the cache imported (so the recipe of compiled dependencies is built) and exported
	buildctl(t, dir, append(common, "--import-cache", "type=registry,ref="+ref, "--export-cache", "type=registry,mode=max,ref="+ref)...).
		mustSucceed(t, "build with the module from the private proxy")
	if asked.Load() == 0 {
		t.Fatal("the build never asked the private proxy with the secret's token: the module came from elsewhere")
	}

	tarball := filepath.Join(t.TempDir(), "builder.tar")
	buildctl(t, dir, append(common, "--import-cache", "type=registry,ref="+ref, "--opt", "target=builder",
		"--output", "type=oci,dest="+tarball)...).mustSucceed(t, "export the builder stage")
	img := only(t, readOCI(t, tarball))
	for i, l := range img.Layers {
		if bytes.Contains(l, []byte(password)) {
			t.Errorf("the secret's token is in layer %d of the builder image", i)
		}
	}
	// the module is in a layer the cache carries (else the search would prove nothing), the
	// token in none
	found := registryCacheSearch(t, ref, password, "a private greeting")
	if found[password] > 0 {
		t.Errorf("the secret's token is in %d layers of the registry cache", found[password])
	}
	if found["a private greeting"] == 0 {
		t.Error("no layer of the registry cache holds the downloaded module")
	}
}

// moduleProxy serves one module, example.com/private, as a GOPROXY does.
type moduleProxy struct {
	url, sum string
	// version is new in every run: neither a builder's module cache nor its cached steps have it
	version string
}

// privateModuleProxy serves example.com/private under /<token>/, and counts the requests there;
// any other request gets 401.
func privateModuleProxy(t *testing.T, token string) (*moduleProxy, *atomic.Int64) {
	t.Helper()
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "go.mod"), "module example.com/private\n\ngo 1.22\n")
	writeFile(t, filepath.Join(src, "private.go"), "package private\n\n// Greeting is the module's only export.\n"+
		"func Greeting() string { return \"a private greeting\" }\n")
	mv := module.Version{Path: "example.com/private", Version: fmt.Sprintf("v1.0.%d", time.Now().UnixNano())}
	var zip bytes.Buffer
	if err := modzip.CreateFromDir(&zip, mv, src); err != nil {
		t.Fatal(err)
	}
	zipFile := filepath.Join(t.TempDir(), "private.zip")
	if err := os.WriteFile(zipFile, zip.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	zipHash, err := dirhash.HashZip(zipFile, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/private\n\ngo 1.22\n"
	modHash, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(gomod)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"/example.com/private/@v/list":                    []byte(mv.Version + "\n"),
		"/example.com/private/@v/" + mv.Version + ".info": []byte(`{"Version":"` + mv.Version + `","Time":"2026-01-01T00:00:00Z"}`),
		"/example.com/private/@v/" + mv.Version + ".mod":  []byte(gomod),
		"/example.com/private/@v/" + mv.Version + ".zip":  zip.Bytes(),
	}
	var asked atomic.Int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, ok := strings.CutPrefix(r.URL.Path, "/"+token)
		if !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		asked.Add(1)
		dt, ok := files[path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(dt)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	sum := fmt.Sprintf("example.com/private %s %s\nexample.com/private %s/go.mod %s\n", mv.Version, zipHash, mv.Version, modHash)
	return &moduleProxy{url: "http://" + ln.Addr().String(), sum: sum, version: mv.Version}, &asked
}

// registryCacheSearch counts the layers of a registry cache (an index or a manifest) that hold
// each text, read uncompressed as a stream (the base images' layers are among them).
func registryCacheSearch(t *testing.T, ref string, texts ...string) map[string]int {
	t.Helper()
	host, rest, _ := strings.Cut(ref, "/")
	repo, tag, _ := strings.Cut(rest, ":")
	get := func(path, accept string) io.ReadCloser {
		req, err := http.NewRequest(http.MethodGet, "http://"+host+"/v2/"+repo+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		return resp.Body
	}
	type desc struct {
		MediaType string `json:"mediaType"`
		Digest    string `json:"digest"`
	}
	var index struct {
		Manifests []desc `json:"manifests"` // an index: the blobs themselves
		Layers    []desc `json:"layers"`    // an image manifest (image-manifest=true)
	}
	body := get("/manifests/"+tag, "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json")
	err := json.NewDecoder(body).Decode(&index)
	body.Close()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	layers := 0
	for _, m := range append(index.Manifests, index.Layers...) {
		if !strings.Contains(m.MediaType, "layer") {
			continue
		}
		layers++
		blob := get("/blobs/"+m.Digest, "")
		var r io.Reader = blob
		if strings.HasSuffix(m.MediaType, "gzip") {
			zr, err := gzip.NewReader(blob)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		for text, in := range streamContains(t, r, texts) {
			if in {
				found[text]++
			}
		}
		blob.Close()
	}
	if layers < 4 {
		t.Fatalf("the registry cache %s has %d layers: it should hold deps' and deps-build's", ref, layers)
	}
	return found
}

// streamContains reports which texts occur in what r reads, in chunks that overlap by the
// longest text.
func streamContains(t *testing.T, r io.Reader, texts []string) map[string]bool {
	t.Helper()
	keep := 0
	for _, s := range texts {
		keep = max(keep, len(s))
	}
	found := map[string]bool{}
	buf := make([]byte, 0, 1<<20+keep)
	chunk := make([]byte, 1<<20)
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		for _, s := range texts {
			found[s] = found[s] || bytes.Contains(buf, []byte(s))
		}
		if len(buf) > keep {
			buf = append(buf[:0], buf[len(buf)-keep:]...)
		}
		if err == io.EOF {
			return found
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
