package golang

// The dependency work in layers. A registry cache (mode=max) carries layers, never cache
// mounts, so a fresh CI runner that kept go-mod and go-build only in cache mounts downloaded
// every module and compiled every dependency again. Here the modules are downloaded into deps'
// layer, and the packages the build imports outside the main module (the standard library's
// too) are compiled into a build cache held in a layer of deps-build, keyed by their list:
//
//	deps-list   the Go files copied, keeping their paths (go list reads no other: a missing
//	            embedded file is an error -e reports and passes over, the imports the same), then
//	            go list -deps with the build's GOOS/GOARCH, CGO_ENABLED, GOFLAGS and environment
//	            writes the list to /go-packages.txt (again after every change of a Go file: a
//	            fraction of a second; an edit of the spec or of any other file reruns nothing)
//	deps-build  copies only that file (BuildKit's content checksum keeps the copy, and the
//	            compile after it, cached while the list is unchanged), then go build -trimpath
//	            of those packages
//
// The builder and the tester mount go-mod seeded from deps and go-build seeded from deps-build,
// and compile only the main module's packages.

import (
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

const (
	// sharedModCache is where the download mounts the builder's go-mod cache, shared by every
	// build on it, as a file:// proxy.
	sharedModCache = "/root/.cache/go-mod"
	// packagesFile is the list deps-list writes and deps-build copies.
	packagesFile = "/go-packages.txt"
	// compiledStage holds the compiled dependencies.
	compiledStage = "deps-build"
)

// goSources are the files deps-list copies: the Go files, at the root and below it.
var goSources = []string{"*.go", "**/*.go"}

// downloadScript downloads the modules into deps' layer (GOMODCACHE), reading first the
// modules the builder already holds in its shared go-mod cache (a file:// proxy in front of
// GOPROXY: on a warm builder a dependency change downloads only the new modules), and adds what
// it downloaded to that cache. The module cache's directory is made even when there is no
// module to download: the later steps' cache is seeded from it.
const downloadScript = `set -eu
mkdir -p ` + modCache + `
shared=` + sharedModCache + `/cache/download
if [ -d "$shared" ]; then
  GOPROXY="file://$shared,$(go env GOPROXY)"
  export GOPROXY
fi
go mod download
mkdir -p "$shared"
cp -R -n "$(go env GOMODCACHE)/cache/download/." "$shared/" || true`

// download is deps' download step.
func download() *lang.Cmd {
	return &lang.Cmd{Args: []string{"/bin/sh", "-c", downloadScript}, Display: "go mod download",
		Caches: []lang.Cache{{ID: "go-mod", Target: sharedModCache}}}
}

// compiles reports whether the dependencies are compiled ahead: for the default build command,
// whose flags are known, with modules (vendored ones live in the context, not in deps).
func (b *builds) compiles() bool {
	return b.s.Build.Command == nil && !b.f.Has("vendor/modules.txt")
}

// caches are the module and build caches of the build and test commands: the module cache
// seeded from deps' layer when deps downloads, the build cache from deps-build's when it compiles.
func (b *builds) caches() (mod, build lang.Cache) {
	mod, build = modCacheOf, buildCacheOf
	if !b.f.Has("vendor/modules.txt") {
		mod.InLayer = true
	}
	if b.compiles() {
		build.InLayer, build.Stage = true, compiledStage
	}
	return mod, build
}

// compileStages are deps-list and deps-build (see the top of the file), for Toolchain.Beside.
func (b *builds) compileStages() []*plan.Stage {
	field := lang.FirstField(b.s, "entrypoint", "binaries", "language")
	var pkgs []string
	for _, bin := range b.bins {
		if !strings.Contains(" "+strings.Join(pkgs, " ")+" ", " "+bin.Pkg+" ") {
			pkgs = append(pkgs, bin.Pkg)
		}
	}
	list := b.goCmd(append([]string{"/bin/sh", "-c",
		`go list -e -deps -f '{{if not (or (and .Module .Module.Main) (eq .ImportPath "C"))}}{{.ImportPath}}{{end}}' "$@" >` + packagesFile, "sh"},
		pkgs...))
	list.Display = "go list -deps " + strings.Join(pkgs, " ") + " > " + packagesFile + " (the packages it imports outside the main module)"
	list.Caches = nil
	// the build cache's directory is made even when there is nothing to compile: the later
	// steps' cache is seeded from it
	compile := b.goCmd([]string{"/bin/sh", "-c", `mkdir -p ` + buildCache + `
xargs -r go build -trimpath <` + packagesFile + ` ||
  echo "multistage-frontend: some dependencies did not compile here; the build step compiles them" >&2`})
	compile.Display = "go build -trimpath $(cat " + packagesFile + ") (the dependencies, into the build cache)"
	_, compiled := b.caches()
	compile.Caches = []lang.Cache{compiled} // written into this stage's layer
	for _, c := range []*lang.Cmd{list, compile} {
		// the build's environment and args, but not SOURCE_DATE_EPOCH (a new value every commit
		// changes no compile); no network and no secrets: everything is in deps' layer
		c.Field, c.Phase, c.NoNetwork, c.NoSecrets = field, lang.Prepare, true, true
	}
	return []*plan.Stage{
		{Name: "deps-list", Internal: true, Recipe: true, Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Field: field,
			Description: "list the packages the build imports outside the main module, the standard library's too",
			Steps:       []plan.Step{&plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{"."}, Include: goSources, Dest: "./", Display: strings.Join(goSources, " ")}, list}},
		{Name: compiledStage, Internal: true, Recipe: true, Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Field: field,
			Description: "compile those packages with the build's flags into a build cache, cached while their list is unchanged",
			Steps: []plan.Step{&plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "deps-list", Paths: []string{packagesFile}, Dest: packagesFile},
				compile}},
	}
}
