package rust

import (
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// libclangSetup installs libclang into deps when a locked bindgen runs in a build script: bindgen
// parses the C headers of a -sys crate with libclang (loaded at run time through clang-sys) and
// stops the build script without it ("Unable to find libclang"), and the rust image has none.
// oxigraph's oxrocksdb-sys, librocksdb-sys and other -sys crates that generate their bindings
// at build time need it; their own Dockerfiles install libclang-dev (bindgen's requirements page:
// `apt install libclang-dev`). None when LIBCLANG_PATH is set (build.env, .cargo/config.toml's
// [env]) or build.packages names clang already.
func libclangSetup(s *spec.Spec, f lang.Facts, image string) []plan.Step {
	if !lockHas(f["Cargo.lock"], "bindgen") || userProvides(s, f, "LIBCLANG_PATH", func(p string) bool { return strings.Contains(p, "clang") }) {
		return nil
	}
	return []plan.Step{lang.InstallPackages(lang.PackageManagerOf(image), []string{libclangDev.In(image)}, lang.FirstField(s, "language"))}
}

// libclangDev is libclang's development package.
var libclangDev = lang.Library{Apt: "libclang-dev", Apk: "clang-dev"}
