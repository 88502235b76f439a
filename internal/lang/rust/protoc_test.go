package rust

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestProtocInstalled: a locked prost-build of 0.11 or later (under tonic-build) runs the
// system's protoc, which the rust image lacks, so deps installs it before the crates are
// compiled; an older one bundles protoc, and PROTOC or build.packages set by the user win.
func TestProtocInstalled(t *testing.T) {
	lock := func(versions ...string) string {
		out := "version = 3\n"
		for _, v := range versions {
			out += "\n[[package]]\nname = \"prost-build\"\nversion = \"" + v + "\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
		}
		return out + "\n[[package]]\nname = \"protoc-bin-vendored\"\nversion = \"3.1.0\"\n"
	}
	for _, tc := range []struct {
		name, src, lock string
		more            []string
		want            bool
	}{
		{"prost-build 0.13", "language: rust\n", lock("0.13.5"), nil, true},
		{"two versions, one new", "language: rust\n", lock("0.10.4", "0.12.6"), nil, true},
		{"prost-build 0.10 bundles protoc", "language: rust\n", lock("0.10.4"), nil, false},
		{"no prost-build", "language: rust\n", lock(), nil, false},
		{"PROTOC in build.env", "language: rust\nbuild:\n  env: {PROTOC: /opt/protoc}\n", lock("0.13.5"), nil, false},
		{"protoc in build.packages", "language: rust\nbuild:\n  packages: [protobuf-compiler]\n", lock("0.13.5"), nil, false},
		{".cargo/config.toml's PROTOC", "language: rust\n", lock("0.13.5"), []string{".cargo/config.toml", "[env]\nPROTOC = { value = \"tools/protoc\", relative = true }\n"}, false},
	} {
		got := depsInstalls(t, tc.src, tc.lock, tc.more, "protobuf-compiler")
		if (len(got) == 1) != tc.want || len(got) > 1 {
			t.Errorf("%s: deps installs %q, want protoc: %v", tc.name, got, tc.want)
		}
		if tc.want && len(got) == 1 && got[0] != "apt-get install protobuf-compiler libprotobuf-dev" {
			t.Errorf("%s: %q", tc.name, got[0])
		}
	}
}

// TestLibclangInstalled: a locked bindgen (under a -sys crate's build script: oxigraph's
// oxrocksdb-sys, librocksdb-sys) loads libclang, which the rust image lacks, so deps installs
// libclang-dev before the crates are compiled; LIBCLANG_PATH or clang in build.packages win.
func TestLibclangInstalled(t *testing.T) {
	bindgen := "version = 3\n\n[[package]]\nname = \"bindgen\"\nversion = \"0.72.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
	for _, tc := range []struct {
		name, src, lock string
		more            []string
		want            string
	}{
		{"bindgen locked", "language: rust\n", bindgen, nil, "apt-get install libclang-dev"},
		{"no bindgen", "language: rust\n", "version = 3\n", nil, ""},
		{"an Alpine build image", "language: rust\nbuild:\n  image: rust:1-alpine\n", bindgen, nil, "apk add clang-dev"},
		{"LIBCLANG_PATH in build.env", "language: rust\nbuild:\n  env: {LIBCLANG_PATH: /opt/llvm/lib}\n", bindgen, nil, ""},
		{"clang in build.packages", "language: rust\nbuild:\n  packages: [libclang-15-dev]\n", bindgen, nil, ""},
		{".cargo/config.toml's LIBCLANG_PATH", "language: rust\n", bindgen, []string{".cargo/config.toml", "[env]\nLIBCLANG_PATH = \"/usr/lib/llvm-16/lib\"\n"}, ""},
	} {
		got := depsInstalls(t, tc.src, tc.lock, tc.more, "clang")
		if tc.want == "" && len(got) > 0 || tc.want != "" && (len(got) != 1 || got[0] != tc.want) {
			t.Errorf("%s: deps installs %q, want %q", tc.name, got, tc.want)
		}
	}
}

// depsInstalls are the displays of deps' steps that install a package containing name, but
// those of build.packages, for a package with that lock (and more files).
func depsInstalls(t *testing.T, src, lock string, more []string, name string) []string {
	t.Helper()
	f := langtest.With(lang.Facts{"Cargo.toml": []byte(pkg), "Cargo.lock": []byte(lock)}, more...)
	var got []string
	for _, r := range langtest.Steps[*plan.Run](provider.MustPlan(t, src, f).Stage("deps")) {
		if strings.Contains(r.Display, name) && r.Field != "build.packages" {
			got = append(got, r.Display)
		}
	}
	return got
}
