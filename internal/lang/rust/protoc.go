package rust

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// protocPackages are Debian's protoc and the well-known types' .proto files (google/protobuf/
// wrappers.proto, timestamp.proto), which protoc looks for in /usr/include beside /usr/bin.
var protocPackages = []string{"protobuf-compiler", "libprotobuf-dev"}

// protocSetup installs protoc into deps when a locked prost-build runs it: since 0.11
// prost-build (under tonic-build) bundles no protoc and stops a build script without one
// ("Could not find `protoc`"), and the rust image has none (AppFlowy-Cloud's tonic-proto,
// sshx-core: their own Dockerfiles install protobuf-compiler). A lock with protoc-bin-vendored
// or protobuf-src proves nothing: a member's build script may set PROTOC from them while
// another's does not. None when PROTOC is set (build.env, .cargo/config.toml's [env]) or
// build.packages has protoc already.
func protocSetup(s *spec.Spec, f lang.Facts, image string) []plan.Step {
	if !runsProtoc(f["Cargo.lock"]) || userProvides(s, f, "PROTOC", func(p string) bool { return strings.HasPrefix(p, "protobuf-compiler") }) {
		return nil
	}
	return []plan.Step{lang.InstallPackages(lang.PackageManagerOf(image), protocPackages, lang.FirstField(s, "language"))}
}

// userProvides reports a build tool the user provides: its environment variable in build.env or
// .cargo/config.toml's [env], or one of build.packages that names it.
func userProvides(s *spec.Spec, f lang.Facts, env string, isPackage func(string) bool) bool {
	if _, ok := s.Build.Env.Get(env); ok {
		return true
	}
	if _, ok := cargoConfigEnv(firstPresent(f, ".cargo/config.toml", ".cargo/config"))[env]; ok {
		return true
	}
	return slices.ContainsFunc(s.Build.Packages, isPackage)
}

// runsProtoc reports a locked prost-build of 0.11 or later, which runs the system's protoc.
func runsProtoc(lock []byte) bool {
	for _, v := range lockVersions(lock, "prost-build") {
		major, minor, _ := strings.Cut(v, ".")
		minor, _, _ = strings.Cut(minor, ".")
		ma, err1 := strconv.Atoi(major)
		mi, err2 := strconv.Atoi(minor)
		if err1 == nil && err2 == nil && (ma > 0 || mi >= 11) {
			return true
		}
	}
	return false
}

var lockPackage = regexp.MustCompile(`(?m)^name = "([^"]+)"\s*\nversion = "([^"]+)"`)

// lockVersions are the versions of crate in Cargo.lock, one per [[package]] of that name.
func lockVersions(lock []byte, crate string) []string {
	var out []string
	for _, m := range lockPackage.FindAllSubmatch(lock, -1) {
		if string(m[1]) == crate {
			out = append(out, string(m[2]))
		}
	}
	return out
}
