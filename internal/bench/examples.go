// Package bench measures the frontend against hand-written Dockerfiles for the same apps, on
// private buildkitd instances: cold builds, rebuilds after no change, a one-line source change and
// a dependency change, the tester target, image sizes and the frontend image itself. `make bench`
// runs it (hack/bench.sh, hack/bench) and writes the table into docs/benchmarks.md.
package bench

import (
	"os"
	"path/filepath"
)

// Example is one app built both ways: examples/<Name> through `# syntax=org/multistage-frontend`,
// and bench/<Name>/Dockerfile, its hand-written counterpart, through `# syntax=docker/dockerfile:1`.
// bench/<Name>/deps/ holds the files laid over the example for the dependency change.
type Example struct {
	Name string
	// Source is the file that the one-line source change appends a comment line to.
	Source string
	// Comment starts a line comment in Source's language.
	Comment string
	// BuildArgs are passed to both builds (NAME=VALUE; $VAR and ${VAR} expand from the environment).
	BuildArgs []string
	// MultiPlatform adds the linux/amd64+linux/arm64 cold build (it needs cross-compilation).
	MultiPlatform bool
}

// Examples are the apps `make bench` measures, one line each.
var Examples = []Example{
	{Name: "go", Source: "internal/greet/greet.go", Comment: "//", MultiPlatform: true},
	{Name: "python", Source: "greeter/app.py", Comment: "#", BuildArgs: []string{"PIP_INDEX_URL=http://${MSF_PYPI}/simple"}},
	{Name: "node", Source: "src/greet.ts", Comment: "//"},
}

func (e Example) dir(root string) string         { return filepath.Join(root, "examples", e.Name) }
func (e Example) handwritten(root string) string { return filepath.Join(root, "bench", e.Name) }
func (e Example) deps(root string) string        { return filepath.Join(root, "bench", e.Name, "deps") }

func (e Example) buildArgs() []string {
	var out []string
	for _, a := range e.BuildArgs {
		out = append(out, "--opt", "build-arg:"+os.ExpandEnv(a))
	}
	return out
}
