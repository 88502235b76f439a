// Package bench measures the frontend against hand-written Dockerfiles for the same apps, on
// private buildkitd instances: cold builds, rebuilds after no change, a one-line source change and
// a dependency change, the tester target, a fresh CI runner with only the registry cache, image
// sizes and the frontend image itself. `make bench` runs it (hack/bench.sh, hack/bench) and
// writes the table into docs/benchmarks.md.
package bench

import (
	"os"
	"path/filepath"
	"slices"
)

// Example is one app built both ways: its spec through `# syntax=org/multistage-frontend`, and
// bench/<Name>/Dockerfile, its hand-written counterpart, through `# syntax=docker/dockerfile:1`.
// bench/<Name>/deps/ holds the files laid over the example for the dependency change.
type Example struct {
	Name string
	// Lang is the example's language, for reading its build output (see Work).
	Lang string
	// Context is the build context, relative to the repository: "" is examples/<Name>, "." the
	// repository itself (the files git tracks): the frontend's own source, a large Go module.
	Context string
	// Spec is the directory of the spec when the context holds none (relative to the repository).
	Spec string
	// Source is the file that the one-line source change appends a comment line to.
	Source string
	// Comment starts a line comment in Source's language.
	Comment string
	// BuildArgs are passed to both builds (NAME=VALUE; $VAR and ${VAR} expand from the environment).
	BuildArgs []string
	// Maven serves the Maven fixture's repository to both builds as MAVEN_MIRROR_URL, and
	// counts the artifacts they fetch from it.
	Maven bool
	// MultiPlatform adds the linux/amd64+linux/arm64 cold build (it needs cross-compilation).
	MultiPlatform bool
	// Skip are rows this example does not measure, for want of tests or of a dependency change.
	Skip []Row
	// Large examples take minutes per cold build: the quick mode (make test) leaves them out.
	Large bool
	// Crates are Debian packages of Rust crate sources unpacked into vendor/ of the example's
	// copies (see fetchCrates).
	Crates []string
}

// Examples are the apps `make bench` measures, one line each.
var Examples = []Example{
	{Name: "go", Lang: "go", Source: "internal/greet/greet.go", Comment: "//", MultiPlatform: true, BuildArgs: []string{"GOFLAGS=-v"}},
	{Name: "python", Lang: "python", Source: "greeter/app.py", Comment: "#", BuildArgs: []string{"PIP_INDEX_URL=http://${MSF_PYPI}/simple"}},
	{Name: "node", Lang: "node", Source: "src/greet.ts", Comment: "//"},
	{Name: "java", Lang: "java", Source: "src/main/java/com/example/hello/Greeter.java", Comment: "//", Maven: true},
	// no dependency change: crates.io is out of reach here, and examples/rust has no dependencies
	{Name: "rust", Lang: "rust", Source: "src/lib.rs", Comment: "//", Skip: []Row{Deps}},
	// the frontend itself, through a spec of its own (bench/frontend/spec): a Go module with
	// BuildKit's dependency tree; its tests are not in the image's context (.dockerignore)
	{Name: "frontend", Lang: "go", Context: ".", Spec: "bench/frontend/spec", Source: "frontend/build.go", Comment: "//",
		BuildArgs: []string{"GOFLAGS=-v"}, Skip: []Row{Tester, Deps}, Large: true},
	// a Rust program with dependencies (serde with its derive macros, serde_json), from vendored
	// crates; left out of the quick mode, which would download them in make test
	{Name: "rust-crates", Lang: "rust", Context: "bench/rust-crates/app", Source: "src/lib.rs", Comment: "//",
		Skip: []Row{Tester, Deps}, Large: true, Crates: []string{"librust-serde-dev", "librust-serde-derive-dev",
			"librust-serde-json-dev", "librust-itoa-dev", "librust-ryu-dev", "librust-proc-macro2-dev", "librust-quote-dev",
			"librust-syn-dev", "librust-unicode-ident-dev"}},
}

func (e Example) dir(root string) string {
	if e.Context != "" {
		return filepath.Join(root, e.Context)
	}
	return filepath.Join(root, "examples", e.Name)
}
func (e Example) handwritten(root string) string { return filepath.Join(root, "bench", e.Name) }
func (e Example) deps(root string) string        { return filepath.Join(root, "bench", e.Name, "deps") }

// spec is the directory of the spec: the copy of the context, or Spec.
func (e Example) spec(root, dir string) string {
	if e.Spec != "" {
		return filepath.Join(root, e.Spec)
	}
	return dir
}

func (e Example) measures(row Row) bool { return !slices.Contains(e.Skip, row) }

func (e Example) buildArgs() []string {
	var out []string
	for _, a := range e.BuildArgs {
		out = append(out, "--opt", "build-arg:"+os.ExpandEnv(a))
	}
	return out
}
