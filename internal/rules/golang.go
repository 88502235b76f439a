package rules

import "fmt"

// Go rules, reported by internal/lang/golang.
var (
	// CgoRequired: a module needs cgo and the build turns it off, or a cgo binary (linked
	// against glibc) would land on a runtime without glibc.
	CgoRequired = New("CgoRequired", "A Go program needs cgo and does not get it, or its runtime cannot start a cgo binary",
		func(problem CgoProblem) string {
			if problem.Module != "" {
				return fmt.Sprintf("%s needs cgo (it %s), and this build turns cgo off: the program fails to build or at start "+
					"(\"requires cgo to work\"); remove `%s` so that cgo is on", problem.Module, problem.Why, problem.Field)
			}
			return fmt.Sprintf("a cgo binary is linked against glibc, which the %s runtime lacks: the container fails at start "+
				"with \"no such file or directory\"; use `runtime: distroless` (distroless base) or `slim`", problem.Runtime)
		})

	// EmbeddedUIBuildTag: the Go file that embeds the web UI's build is left out by the build's tags.
	EmbeddedUIBuildTag = New("EmbeddedUIBuildTag", "The Go file that embeds the web UI is compiled only with a build tag the build does not set",
		func(file, out, constraint, tags string) string {
			return fmt.Sprintf("%s embeds %s only under `//go:build %s`, which this build's tags do not satisfy: "+
				"the program compiles another file instead (often a development stub) and the image serves no UI; "+
				"give every go command the tag with `build: {env: {GOFLAGS: -tags=%s}}`, and the UI is then built as `assets`",
				file, out, constraint, tags)
		})
)

// EmbeddedUINotBuilt: a Go package embeds a directory holding no built page, and a web UI of
// the context builds an output no Go file embeds.
var EmbeddedUINotBuilt = New("EmbeddedUINotBuilt", "A Go program embeds a directory without its UI, which a UI of the context may build",
	func(file, embedded, ui, out string) string {
		return fmt.Sprintf("%s embeds %s, which holds no index.html in the build context (a placeholder at most), and "+
			"the UI in %s builds %s, which no Go file embeds: the image would serve no UI. If a script of the project "+
			"copies that build there, say so with `assets: {dir: %s, into: %s}`; if the UI is not this program's, "+
			"`assets: false` silences this", file, embedded, ui, out, ui, embedded)
	})

// WebUINotBuilt: a Go program embeds a placeholder that the bundler configuration of a UI in a
// directory no default builds one from names.
var WebUINotBuilt = New("WebUINotBuilt", "A Go program embeds the output of a web UI that no default builds",
	func(file, dir, config, lit, ui, fix string) string {
		return fmt.Sprintf("%s embeds %s, which holds no index.html in the build context (a placeholder at most), and %s "+
			"names it (`%s`): no default builds the UI in %s (not a directory searched for one, its output computed in "+
			"code), so the image would serve no UI; set %s, or `assets: false` if it is not this program's",
			file, dir, config, lit, ui, fix)
	})

// EmbeddedAssetNotBuilt: a command of the project's own build (Makefile, script, Taskfile,
// package.json script) bundles CSS or JavaScript with Tailwind CSS or esbuild into a directory
// a Go package of the program embeds, and its output is not in the build context.
var EmbeddedAssetNotBuilt = New("EmbeddedAssetNotBuilt", "A Go program embeds a directory that the project's build writes a CSS or JS bundle into, and this build does not",
	func(where, tool, output, file, dir, fix string) string {
		return fmt.Sprintf("%s runs %s, which writes %s into %s, which %s embeds; %s is not in the build context and "+
			"this build does not run that command, so the image serves its pages without it; build it as assets with %s, "+
			"or commit it", where, tool, output, dir, file, output, fix)
	})

// PackageNotInContext: the image's main package imports a package of its own module whose
// directory the build context lacks (a generator's output the repository does not commit).
var PackageNotInContext = New("PackageNotInContext", "A Go program imports a package of its module that is not in the build context",
	func(pkg, imp, dir, why string) string {
		return fmt.Sprintf("%s imports %s, and %s is not in the build context (%s): go build fails with "+
			"\"no required module provides package\"; generate it before the build and commit it, or check the .dockerignore",
			pkg, imp, dir, why)
	})

// EmbedNotInContext: a Go package of the program embeds a path that is not in the build context,
// and no step of the build writes it.
var EmbedNotInContext = New("EmbedNotInContext", "A Go program embeds a path that is not in the build context",
	func(file string, line int, p, pattern string) string {
		return fmt.Sprintf("%s:%d embeds %s, which is not in the build context, and no step of this build writes it: "+
			"go build fails with \"pattern %s: no matching files found\"; build it before the Go build with `assets` "+
			"(`into: %s` when the build writes elsewhere), or put it in the context (commit it, or check the .dockerignore)",
			file, line, p, pattern, p)
	})

// VersionNotStamped: the project's release build (GoReleaser's, else its Makefile's) stamps a
// version into the program with -X, and this build does not: a stamp the frontend cannot make
// from VERSION, COMMIT or DATE.
var VersionNotStamped = New("VersionNotStamped", "The project's build (GoReleaser, a Makefile) stamps a version into the Go program, and this build does not",
	func(file, stamps, args, ldflags, buildArgs string) string {
		return fmt.Sprintf("%s's build stamps %s with -ldflags -X, which this build does not (not a field that "+
			"VERSION, COMMIT or DATE stands for, or no default read from the source): the image's program "+
			"reports the defaults written in its source; to stamp every variable the release stamps, write "+
			"`args: {%s}` and `build: {ldflags: %s}` (build.ldflags replaces the stamps this build makes, so "+
			"it holds them too), built with %s",
			file, stamps, args, ldflags, buildArgs)
	})

// RuntimeToolMissing: a Go program runs a program (git, sh, ffmpeg) that its distroless or
// scratch runtime lacks.
var RuntimeToolMissing = New("RuntimeToolMissing", "A Go program runs a program its runtime image does not have",
	func(call, tool, runtime, fix string) string {
		return fmt.Sprintf("%s runs %s, which the %s runtime lacks (it holds no program but yours): the call fails "+
			"at run time with \"executable file not found in $PATH\"; use %s", call, tool, runtime, fix)
	})

// RuntimeLibraryMissing: a cgo module the program requires links a system library that the
// distroless or scratch runtime the spec asks for lacks.
var RuntimeLibraryMissing = New("RuntimeLibraryMissing", "A Go program links a shared library its runtime image does not have",
	func(module, lib, runtime, pkg string) string {
		return fmt.Sprintf("%s links the system's %s through cgo, which the %s runtime lacks: the program fails at start "+
			"(\"error while loading shared libraries\"); use `runtime: slim`, which installs it (or name it: `packages: [%s]`)",
			module, lib, runtime, pkg)
	})

// CgoProblem is what CgoRequired reports: a Module needing cgo that Field turns off, or else a
// Runtime that cannot start a cgo binary.
type CgoProblem struct {
	Module, Why, Field string
	Runtime            string
}

// GoVersionEndOfLife: the release the build uses, where it comes from, the release whose
// coming ended its support, and the newest release (the default).
var GoVersionEndOfLife = New("GoVersionEndOfLife", "The Go release the build uses is out of support",
	func(version, source, since, newest string) string {
		return fmt.Sprintf("Go %s (%s) is out of support since Go %s was released: the binary is statically linked, so the "+
			"image carries that release's standard library with its unfixed vulnerabilities; build with a supported release, "+
			"`version: \"%s\"` (a go line is a minimum, which newer Go builds too), or raise the go line", version, source, since, newest)
	})

// ArgumentRequired: a Go program's usage line names a required argument (rqlited's `Usage:
// rqlited [flags] <data directory>`), or a required option's (glauth's `-c <file|s3 url>`), or
// its main package exits when it is given no argument (gossa's `len(flag.Args()) == 1`, else
// os.Exit), and the image runs it without one; what says which, example is the cmd to write
// (`[/data]`). A Python program of one command too: sqlite-web's `if not args: die(...)`, an
// argparse positional, a click argument (python/requiredarg.go).
var ArgumentRequired = New("ArgumentRequired", "A program requires an argument the image does not give",
	func(where, what, program, example string) string {
		return fmt.Sprintf("%s: %s, and the image runs %s without one "+
			"(the spec has no `cmd`), so it exits at start; give it in `cmd` (a directory on a volume, for data), e.g. `cmd: %s`",
			where, what, program, example)
	})

// CLibraryNotLinked: a main package of cmd/ beside the image's program links a C library
// through cgo (`#cgo LDFLAGS: -lpam`), which the builder image lacks, so it is left out.
var CLibraryNotLinked = New("CLibraryNotLinked", "A helper program of cmd/ that links a C library is not built",
	func(pkg, lib, file string, line int, program string) string {
		return fmt.Sprintf("%s links a C library (%s, %s:%d), whose headers and library the golang builder image "+
			"lacks: it is left out, and the image holds %s without it; to ship it, name it in `binaries` with "+
			"%s, install the library's development package with `build.packages` and the library with `packages`",
			pkg, lib, file, line, program, program)
	})
