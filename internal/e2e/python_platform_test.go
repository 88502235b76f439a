package e2e

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPythonForArm64ChecksNativeCode builds examples/python for linux/arm64 on the amd64
// testbed, which cannot run arm64 code: pip runs on the build platform. Pure Python gives an
// arm64 image (the distroless runtime's arm64 interpreter, the venv repointed to it). A wheel
// with an x86-64 extension module fails the build at the native code check, which names the
// file; the same project builds for amd64, where the check is not part of the graph.
func TestPythonForArm64ChecksNativeCode(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: python\nentrypoint: greeter\nruntime: distroless\n")
	const check = "RUN check that the native code in /opt/venv /app is for <TARGETARCH>"

	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, append(pypiMirror(), "--opt", "platform=linux/arm64", "--output", "type=oci,dest="+tarball)...).
		mustSucceed(t, "a pure-Python build for linux/arm64")
	if !strings.Contains(r.out, check) {
		t.Errorf("the arm64 build has no native code check:\n%s", tail(r.out, 40))
	}
	img := only(t, readOCI(t, tarball))
	if img.Platform() != "linux/arm64" {
		t.Fatalf("image for %s, want linux/arm64", img.Platform())
	}
	checkELFMachine(t, img, "/usr/bin/python3.11", elf.EM_AARCH64)
	if cfg := img.Config.Config; cfg.User != "65532:65532" {
		t.Errorf("user %q", cfg.User)
	}
	fs := files(t, img)
	for _, name := range []string{"/app/greeter/app.py", "/opt/venv/lib/python3.11/site-packages/msf_greeting/__init__.py"} {
		if _, ok := fs[name]; !ok {
			t.Errorf("the arm64 image lacks %s", name)
		}
	}
	if py, ok := imageFile(t, img, "/opt/venv/bin/python"); !ok || py.hdr.Linkname != "/usr/bin/python3.11" {
		t.Errorf("the venv's python is %+v (present=%v), want a link to the runtime's /usr/bin/python3.11", py.hdr, ok)
	}

	// A dependency with an extension module for x86-64, from an extra index.
	idx := httptest.NewServer(nativeWheelIndex(t))
	t.Cleanup(idx.Close)
	req := filepath.Join(dir, "requirements.txt")
	reqs, err := os.ReadFile(req)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, req, string(reqs)+"msf-native==1.0\n")
	extra := append(pypiMirror(), "--opt", "build-arg:PIP_EXTRA_INDEX_URL="+idx.URL+"/simple")
	r = buildctl(t, dir, append(extra, "--opt", "platform=linux/arm64")...).
		mustFail(t, "an arm64 build with an x86-64 extension module")
	for _, want := range []string{"this image is for arm64, but pip ran on the build platform (amd64) and installed native code for it",
		"/opt/venv/lib/python3.11/site-packages/msf_native/_speedups.cpython-311-x86_64-linux-gnu.so (amd64)",
		"docker buildx create --append --platform linux/arm64"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the failure does not say %q:\n%s", want, tail(r.out, 30))
		}
	}

	tarball = filepath.Join(t.TempDir(), "amd64.tar")
	r = buildctl(t, dir, append(extra, "--opt", "platform=linux/amd64", "--output", "type=oci,dest="+tarball)...).
		mustSucceed(t, "the same project for linux/amd64")
	if strings.Contains(r.out, check) {
		t.Errorf("an amd64 build on amd64 runs the native code check")
	}
	amd := only(t, readOCI(t, tarball))
	checkELFMachine(t, amd, "/opt/venv/lib/python3.11/site-packages/msf_native/_speedups.cpython-311-x86_64-linux-gnu.so", elf.EM_X86_64)
}

// nativeWheelIndex serves a PEP 503 index with one package, msf-native 1.0: a wheel tagged
// cp311-cp311-linux_x86_64 whose extension module is an x86-64 ELF header (pip installs it
// without loading it). Other names are not found, so pip takes them from the main index.
func nativeWheelIndex(t *testing.T) http.Handler {
	t.Helper()
	so := make([]byte, 64)
	copy(so, "\x7fELF\x02\x01\x01")
	binary.LittleEndian.PutUint16(so[16:], 3)  // ET_DYN
	binary.LittleEndian.PutUint16(so[18:], 62) // EM_X86_64
	binary.LittleEndian.PutUint32(so[20:], 1)  // EV_CURRENT
	const name = "msf_native-1.0-cp311-cp311-linux_x86_64.whl"
	files := []struct {
		path string
		data []byte
	}{
		{"msf_native/__init__.py", []byte("from ._speedups import *  # noqa\n")},
		{"msf_native/_speedups.cpython-311-x86_64-linux-gnu.so", so},
		{"msf_native-1.0.dist-info/METADATA", []byte("Metadata-Version: 2.1\nName: msf-native\nVersion: 1.0\n")},
		{"msf_native-1.0.dist-info/WHEEL", []byte("Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n")},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var record strings.Builder
	for _, f := range files {
		w, err := zw.Create(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(f.data)
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", f.path, base64.RawURLEncoding.EncodeToString(sum[:]), len(f.data))
	}
	record.WriteString("msf_native-1.0.dist-info/RECORD,,\n")
	w, err := zw.Create("msf_native-1.0.dist-info/RECORD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(record.String())); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	wheel := buf.Bytes()
	sum := sha256.Sum256(wheel)

	mux := http.NewServeMux()
	mux.HandleFunc("/simple/msf-native/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<!DOCTYPE html><html><body><a href=\"/files/%s#sha256=%s\">%s</a></body></html>\n", name, hex.EncodeToString(sum[:]), name)
	})
	mux.HandleFunc("/files/"+name, func(w http.ResponseWriter, r *http.Request) { w.Write(wheel) })
	return mux
}
