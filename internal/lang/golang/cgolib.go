package golang

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// Some cgo modules compile no C of their own but link a library of the system (coroot's
// github.com/DataDog/golz4: `#cgo LDFLAGS: -llz4`). The golang builder image has glibc's
// headers and nothing else, so `go build` fails at the link ("cannot find -llz4") unless the
// library's development package is installed, as the project's own Dockerfile does (`apt install
// liblz4-dev`); and the binary, dynamically linked against it, fails at start on a runtime
// without the shared library ("error while loading shared libraries: liblz4.so.1"), which
// distroless base lacks. When cgo is on and a module of the workspace requires one of
// cgoLibraries, deps installs its development package (unless build.packages names one) and:
//   - the spec names no runtime: the runtime is slim (Debian) with the library installed, as a
//     runtime tool gets (tools.go);
//   - slim or alpine: the library is installed;
//   - distroless or scratch: RuntimeLibraryMissing names the module, the library and the fix;
//   - an image the spec names: nothing (what it holds is its own).
// Cross builds need the target's development package (`liblz4-dev:arm64`), which is not
// installed: the spec's build.packages.

// cgoLibrary is a module whose cgo code links a system library: Name is how its directive
// names it, Dev the development package the builder needs, Lib the runtime's.
type cgoLibrary struct {
	Module, Name string
	Dev, Lib     lang.Library
	// Links are the names a cgo directive of the project's own code links it by (`#cgo
	// pkg-config: vips`, `#cgo LDFLAGS: -lvips`): owncgo.go.
	Links []string
}

var (
	lz4Dev, lz4Lib   = lang.Library{Apt: "liblz4-dev", Apk: "lz4-dev"}, lang.Library{Apt: "liblz4-1", Apk: "lz4-libs"}
	vipsDev, vipsLib = lang.Library{Apt: "libvips-dev", Apk: "vips-dev"}, lang.Library{Apt: "libvips42", Apk: "vips"}
)

// cgoLibraries are the modules linking a system library that planning knows.
var cgoLibraries = []cgoLibrary{
	{Module: "github.com/DataDog/golz4", Name: "liblz4", Dev: lz4Dev, Lib: lz4Lib, Links: []string{"lz4", "liblz4"}},
	{Module: "github.com/cloudflare/golz4", Name: "liblz4", Dev: lz4Dev, Lib: lz4Lib},
	{Module: "github.com/h2non/bimg", Name: "libvips", Dev: vipsDev, Lib: vipsLib, Links: []string{"vips", "vips-cpp"}},
	{Module: "github.com/davidbyttow/govips", Name: "libvips", Dev: vipsDev, Lib: vipsLib},
	{Module: "github.com/seccomp/libseccomp-golang", Name: "libseccomp",
		Dev: lang.Library{Apt: "libseccomp-dev", Apk: "libseccomp-dev"}, Lib: lang.Library{Apt: "libseccomp2", Apk: "libseccomp"},
		Links: []string{"seccomp", "libseccomp"}},
	// known by their directives only (owncgo.go): GLib, which imgproxy's logger links beside libvips
	{Name: "GLib", Dev: lang.Library{Apt: "libglib2.0-dev", Apk: "glib-dev"}, Lib: lang.Library{Apt: "libglib2.0-0", Apk: "glib"},
		Links: []string{"glib-2.0", "gobject-2.0", "gio-2.0"}},
}

// linkedLibraries are the cgoLibraries a module of the workspace requires, and those the
// directives of the project's own cgo package name (owncgo.go), when cgo is on.
func (b *builds) linkedLibraries() []cgoLibrary {
	if !b.cgo.On {
		return nil
	}
	out := slices.DeleteFunc(slices.Clone(cgoLibraries), func(l cgoLibrary) bool { return l.Module == "" || !b.ws.requires(l.Module) })
	return addLibraries(out, b.cgo.Libraries...)
}

// addLibraries appends to libs each of more whose library (Name) libs does not hold yet: the
// first module or package that links a library is the one named for it.
func addLibraries(libs []cgoLibrary, more ...cgoLibrary) []cgoLibrary {
	for _, l := range more {
		if !slices.ContainsFunc(libs, func(o cgoLibrary) bool { return o.Name == l.Name }) {
			libs = append(libs, l)
		}
	}
	return libs
}

// libraryDevStep installs the development packages of the libraries linked that build.packages
// does not name, in the builder image's package manager; nil when none.
func (b *builds) libraryDevStep(image string) plan.Step {
	var pkgs []string
	for _, l := range b.linkedLibraries() {
		pkg := l.Dev.In(image)
		if !slices.Contains(pkgs, pkg) && !slices.ContainsFunc(b.s.Build.Packages, func(p string) bool { return p == pkg || strings.HasPrefix(p, pkg+"=") }) {
			pkgs = append(pkgs, pkg)
		}
	}
	if len(pkgs) == 0 {
		return nil
	}
	return lang.InstallPackages(lang.PackageManagerOf(image), pkgs, lang.FirstField(b.s, "language"))
}

// libraryRuntime gives the runtime the shared libraries linked (see above): it may change rt's
// default to slim and adds the packages to install, or returns a RuntimeLibraryMissing note for
// each library a distroless or scratch runtime lacks.
func (b *builds) libraryRuntime(rt *lang.Runtime) []plan.Note {
	libs := b.linkedLibraries()
	if len(libs) == 0 {
		return nil
	}
	var why []string
	notes := forRuntime(rt, b.s, libs, func(l cgoLibrary, image string) {
		if pkg := l.Lib.In(image); !slices.Contains(rt.Packages, pkg) {
			rt.Packages = append(rt.Packages, pkg)
			why = append(why, l.Name+" ("+l.Module+")")
		}
	}, func(l cgoLibrary, image, alias string) plan.Note {
		return rules.RuntimeLibraryMissing.Note(lang.FirstField(b.s, "runtime", "language"),
			rules.RuntimeLibraryMissing.Format(l.Module, l.Name, runtimeName(image, alias), l.Lib.Apt))
	})
	if len(why) > 0 {
		w := "the program links " + strings.Join(why, ", ")
		if rt.PackagesFor != "" {
			w = rt.PackagesFor + "; " + strings.TrimPrefix(w, "the program ")
		}
		rt.PackagesFor = w
	}
	return notes
}
