package e2e

import (
	"debug/elf"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/ociimage"
)

// TestRustImage builds examples/rust through `# syntax=org/multistage-frontend`: the binary on
// distroless cc as 65532, nothing of the toolchain, and it runs and answers.
func TestRustImage(t *testing.T) {
	need(t)
	dir := filepath.Join(repoRoot(t), "examples", "rust")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build examples/rust")
	for _, step := range []string{"[deps 2/4] COPY Cargo.toml Cargo.lock **/Cargo.toml", "[deps 3/4] RUN cargo fetch --locked",
		"[deps 4/4] RUN cargo build --release --locked --target <TARGETARCH>-unknown-linux-gnu --bin hello (the dependencies, with placeholder sources)",
		"[builder 3/4] RUN cargo build --release --locked --target <TARGETARCH>-unknown-linux-gnu --bin hello",
		"[runtime 2/2] COPY --from=builder /out/hello /usr/local/bin/hello"} {
		if !strings.Contains(r.out, step) {
			t.Errorf("progress lacks %q", step)
		}
	}
	img := only(t, readOCI(t, tarball))
	cfg := img.Config.Config
	if cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/hello"}) {
		t.Errorf("user %q entrypoint %q", cfg.User, cfg.Entrypoint)
	}
	fs := files(t, img)
	bin, ok := fs["/usr/local/bin/hello"]
	if !ok || bin.UID != 0 || bin.Mode&0o111 == 0 || bin.Mode&0o022 != 0 {
		t.Fatalf("binary %+v (present=%v): want a root-owned executable the program cannot change", bin, ok)
	}
	for name := range fs {
		base := path.Base(name)
		if base == "cargo" || base == "rustc" || strings.HasPrefix(name, "/usr/local/cargo") || strings.HasPrefix(name, "/src") ||
			strings.Contains(name, "/rustlib/") {
			t.Errorf("runtime image holds %s from the toolchain", name)
		}
	}
	// One layer on top of distroless cc, holding the binary and its directories.
	for name, f := range fs {
		if f.Layer == len(img.Layers)-1 && !slices.Contains([]string{"/usr", "/usr/local", "/usr/local/bin", "/usr/local/bin/hello"}, name) {
			t.Errorf("the runtime layer holds %s besides the binary", name)
		}
	}
	if top := img.Layers[len(img.Layers)-1]; int64(len(top)) > bin.Size+16<<10 {
		t.Errorf("the runtime layer is %d bytes for a %d-byte binary", len(top), bin.Size)
	}
	// distroless cc is about 24 MB uncompressed here; the rest is the binary.
	if extra := img.Uncompressed() - bin.Size; extra > 30<<20 {
		t.Errorf("image is %d bytes for a %d-byte binary", img.Uncompressed(), bin.Size)
	}
	t.Logf("image: %d bytes uncompressed, %d compressed; binary %d bytes", img.Uncompressed(), img.Compressed, bin.Size)

	checkGreets(t, img, "e2e", 20*time.Second, "as uid 65532")
}

// TestRustTester runs --target tester: a failing test fails the build, the example's tests
// pass, and going back to the failing sources fails again. That last build reuses BuildKit's
// earlier snapshot of those sources, whose file times predate the passing build's compile in the
// shared target/ cache: without touching the sources first, cargo would call the old test
// binary fresh and pass.
func TestRustTester(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "rust"))
	lib := filepath.Join(dir, "src/lib.rs")
	src, err := os.ReadFile(lib)
	if err != nil {
		t.Fatal(err)
	}
	broken := string(src) + "\n#[test]\nfn deliberately_broken() {\n    assert_eq!(greet(None), \"goodbye\");\n}\n"
	failing := func(what string) {
		t.Helper()
		writeFile(t, lib, broken)
		r := buildctl(t, dir, "--opt", "target=tester").mustFail(t, what)
		if !strings.Contains(r.out, "deliberately_broken") || !strings.Contains(r.out, "FAILED") {
			t.Errorf("%s: the failure does not show the failing test:\n%s", what, tail(r.out, 30))
		}
	}
	failing("--target tester with a failing test")

	writeFile(t, lib, string(src))
	// no-cache=tester: the tests run (and print) even when an earlier build cached the step
	r := buildctl(t, dir, "--opt", "target=tester", "--opt", "no-cache=tester").mustSucceed(t, "--target tester")
	if !strings.Contains(r.out, "[tester 2/2] RUN cargo test --locked") || !strings.Contains(r.out, "test result: ok. 4 passed") {
		t.Errorf("progress lacks the tester step and its tests:\n%s", tail(r.out, 30))
	}

	failing("--target tester back on the failing sources")
}

// TestRustSourceChangeKeepsDepsCached changes a line of source: the fetch stays cached, the
// build reruns.
func TestRustSourceChangeKeepsDepsCached(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "rust"))
	buildctl(t, dir).mustSucceed(t, "first build")
	main := filepath.Join(dir, "src/main.rs")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, main, strings.Replace(string(src), `String::from("0.0.0.0:8080")`,
		fmt.Sprintf(`String::from("0.0.0.0:8080") /* %d */`, time.Now().UnixNano()), 1))
	r := buildctl(t, dir).mustSucceed(t, "rebuild after a source change")
	cached, ran := cachedSteps(r.out), ranSteps(r.out)
	if !hasPrefixKey(cached, "[deps 2/4] COPY Cargo.toml") || !cached["[deps 3/4] RUN cargo fetch --locked"] || !hasPrefixKey(cached, "[deps 4/4] RUN cargo build") {
		t.Errorf("the dependency steps were not cached after a source-only change:\n%s", tail(r.out, 40))
	}
	if !hasPrefixKey(ran, "[builder 3/4] RUN cargo build") {
		t.Errorf("cargo build did not run again after a source change:\n%s", tail(r.out, 40))
	}
}

// TestRustMuslNeedsTheTargetStd: scratch asks for a static musl binary. The rust fixture is
// Debian's rustc, which has no musl standard library and no rustup: the build must stop at
// the first cargo build (the dependencies') saying so, pointing at the spec.
func TestRustMuslNeedsTheTargetStd(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "rust"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: rust\nruntime: scratch\n")
	r := buildctl(t, dir).mustFail(t, "a musl build with Debian's rustc")
	if !strings.Contains(r.out, "has no standard library for x86_64-unknown-linux-musl, and no rustup to add it") {
		t.Errorf("the failure does not say what is missing:\n%s", tail(r.out, 30))
	}
	if !strings.Contains(r.out, `process "/bin/sh /run/multistage-frontend/cargo-cook.sh hello musl --locked"`) {
		t.Errorf("the failing command is not the short script call:\n%s", tail(r.out, 30))
	}
}

// TestMultiPlatformRustCrossCompiles builds examples/rust for amd64 and arm64 at once, with
// Debian's cross gcc from build.packages as the arm64 linker (without it, the step names the
// packages to add). The testbed cannot run arm64
// code, so the build passing shows that cargo ran on the build platform; the arm64 binary must
// be an aarch64 executable whose interpreter and libraries the arm64 distroless cc base holds.
// (The rust:1 fixture carries Debian's arm64 standard library, standing in for what
// `rustup target add` downloads in the real image.)
func TestMultiPlatformRustCrossCompiles(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "rust"))
	// Without the cross toolchain, the arm64 build step says which packages to add.
	r := buildx(t, dir, "build", "--progress=plain", "--platform", bothPlatforms, "--output", "type=cacheonly", ".").
		mustFail(t, "an amd64+arm64 Rust build without a cross toolchain")
	if want := "linking for aarch64-unknown-linux-gnu needs Debian's cross toolchain: add build.packages: [gcc-aarch64-linux-gnu, libc6-dev-arm64-cross]"; !strings.Contains(r.out, want) {
		t.Errorf("the build does not say %q:\n%s", want, tail(r.out, 30))
	}

	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: rust\n"+
		"build:\n  packages: [gcc-aarch64-linux-gnu, libc6-dev-arm64-cross]\n")
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r = buildx(t, dir, "build", "--progress=plain", "--platform", bothPlatforms,
		"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "a linux/amd64,linux/arm64 Rust build")
	t.Logf("amd64+arm64 build took %s", r.took.Round(100_000_000))

	imgs := readOCI(t, tarball)
	if len(imgs) != 2 {
		t.Fatalf("images for %v, want linux/amd64 and linux/arm64", keys(imgs))
	}
	for platform, want := range map[string]struct {
		machine  elf.Machine
		interp   string
		multiarc string
	}{
		"linux/amd64": {elf.EM_X86_64, "/lib64/ld-linux-x86-64.so.2", "x86_64-linux-gnu"},
		"linux/arm64": {elf.EM_AARCH64, "/lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu"},
	} {
		img := imgs[platform]
		if img == nil {
			t.Fatalf("no %s image in %v", platform, keys(imgs))
		}
		if cfg := img.Config.Config; cfg.User != "65532:65532" || !slices.Equal(cfg.Entrypoint, []string{"/usr/local/bin/hello"}) {
			t.Errorf("%s: user %q entrypoint %q", platform, cfg.User, cfg.Entrypoint)
		}
		f := checkELFMachine(t, img, "/usr/local/bin/hello", want.machine)
		if f == nil {
			continue
		}
		fs := files(t, img)
		interp := ""
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				b := make([]byte, p.Filesz)
				if _, err := p.ReadAt(b, 0); err != nil {
					t.Fatal(err)
				}
				interp = strings.TrimRight(string(b), "\x00")
			}
		}
		if interp != want.interp {
			t.Errorf("%s: interpreter %q, want %q", platform, interp, want.interp)
		} else if _, ok := fs[interp]; !ok {
			t.Errorf("%s: the base has no %s", platform, interp)
		}
		libs, err := f.ImportedLibraries()
		if err != nil || len(libs) == 0 {
			t.Errorf("%s: needed libraries %v, %v", platform, libs, err)
		}
		for _, lib := range libs {
			p := "/usr/lib/" + want.multiarc + "/" + lib
			if _, ok := fs[p]; !ok {
				p = "/lib/" + want.multiarc + "/" + lib
			}
			if _, ok := fs[p]; !ok {
				t.Errorf("%s: the base lacks %s, which the binary needs", platform, lib)
			} else if lf := checkELFMachine(t, img, p, want.machine); lf == nil {
				t.Errorf("%s: %s is not a %v library", platform, p, want.machine)
			}
		}
	}
	// The cross gcc and the crates do not depend on the target: installed and fetched once for
	// both platforms; the dependencies and the program are compiled once per target.
	for prefix, n := range map[string]int{"[deps 2/5] RUN apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross": 1,
		"[deps 4/5] RUN cargo fetch": 1, "[deps 5/5] RUN cargo build": 2, "[builder 3/4] RUN cargo build": 2} {
		if got := len(vertexIDs(r.out, prefix)); got != n {
			t.Errorf("%q appears as %d vertices, want %d", prefix, got, n)
		}
	}
}

// TestRustServesItsStaticDir builds testdata/rust-static: a program whose ServeDir::new("static")
// (of a stand-in tower-http of ours) reads static/ from its working directory. The image holds
// static/ at /app/static, root-owned, works in /app, and the program, run there as 65532,
// prints the file it reads.
func TestRustServesItsStaticDir(t *testing.T) {
	r, img := buildTestdata(t, "rust-static")
	if !strings.Contains(r.out, "COPY static (src/main.rs:6 ServeDir::new) /app/static") {
		t.Errorf("progress lacks the copy of static/ and why")
	}
	if img.Config.Config.WorkingDir != "/app" {
		t.Errorf("working directory %q, want /app", img.Config.Config.WorkingDir)
	}
	page, ok := files(t, img)["/app/static/hello.txt"]
	if !ok || page.UID != 0 {
		t.Fatalf("/app/static/hello.txt %+v (present=%v): want it root-owned", page, ok)
	}
	c := startContainer(t, img)
	if code := c.wait(t, 30*time.Second); code != 0 || !strings.Contains(c.logs.String(), "served from the working directory") {
		t.Errorf("exit %d, output %q: want the page read from static/", code, c.logs.String())
	}
}

// TestRustBuildScriptRunsProtoc builds testdata/rust-protoc: its build script runs protoc
// through a stand-in prost-build of ours locked at 0.13.0, as prost-build 0.11 and later run
// the system's protoc (tonic's services: AppFlowy-Cloud, sshx). deps installs protoc and the
// well-known types' .proto files, which the rust image lacks, and the program prints the
// descriptors protoc wrote, wrappers.proto with them.
func TestRustBuildScriptRunsProtoc(t *testing.T) {
	r, img := buildTestdata(t, "rust-protoc")
	if !strings.Contains(r.out, "apt-get install protobuf-compiler libprotobuf-dev") {
		t.Errorf("progress lacks the install of protoc")
	}
	c := startContainer(t, img)
	if code := c.wait(t, 30*time.Second); code != 0 || !strings.Contains(c.logs.String(), "wrappers.proto included: true") {
		t.Errorf("exit %d, output %q: want the descriptors with wrappers.proto", code, c.logs.String())
	}
}

// TestRustBuildScriptLoadsLibclang: a crate whose build script runs bindgen (a stand-in of ours
// in testdata/rust-bindgen, locked as bindgen, that loads libclang as bindgen does through
// clang-sys) builds: deps installs libclang-dev, which the rust image lacks, and the image prints
// the libclang version the build script read.
func TestRustBuildScriptLoadsLibclang(t *testing.T) {
	r, img := buildTestdata(t, "rust-bindgen")
	if !strings.Contains(r.out, "apt-get install libclang-dev") {
		t.Errorf("progress lacks the install of libclang")
	}
	c := startContainer(t, img)
	if code := c.wait(t, 30*time.Second); code != 0 || !strings.Contains(c.logs.String(), "libclang at build time: ") ||
		!strings.Contains(c.logs.String(), "clang version") {
		t.Errorf("exit %d, output %q: want the libclang version", code, c.logs.String())
	}
}

// buildTestdata builds internal/e2e/testdata/<name> through the frontend into an OCI layout
// and returns the build's output and its one image.
func buildTestdata(t *testing.T, name string) (result, *ociimage.Image) {
	t.Helper()
	need(t)
	dir := filepath.Join(repoRoot(t), "internal", "e2e", "testdata", name)
	tarball := filepath.Join(t.TempDir(), "image.tar")
	r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build testdata/"+name)
	return r, only(t, readOCI(t, tarball))
}
