package lang

import (
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// What JavaScript builds (Node.js, Bun) share after the build: an internal prod-deps stage, deps
// with the dev dependencies dropped, made beside the build (Toolchain.After) since it depends on
// deps only; and the image's copy of its node_modules.

// ProdDepsStage is the name of the stage ProdDeps makes.
const ProdDepsStage = "prod-deps"

// ProdDeps is the prod-deps stage: deps, then steps dropping the dev dependencies; description
// says how (the command, "beside the build").
func ProdDeps(s *spec.Spec, description string, steps ...plan.Step) *plan.Stage {
	return &plan.Stage{Name: ProdDepsStage, Internal: true, Base: plan.Base{Stage: "deps"}, BuildPlatform: true,
		Field: FirstField(s, "build.image", "version", "language"), Description: description, Steps: steps}
}

// ProdModules copies the production node_modules below appDir from the prod-deps stage.
func ProdModules(o plan.Origin, appDir string) *plan.Copy {
	modules := path.Join(appDir, "node_modules")
	return &plan.Copy{Origin: o, FromStage: ProdDepsStage, Paths: []string{modules}, Dest: modules + "/"}
}

// WorkspaceProdModules copies a workspace's production node_modules from the prod-deps stage: the
// root's, below appDir, and those of the package directories dirs, in one copy (their links
// point into one another: pnpm's, Bun's isolated linker's).
func WorkspaceProdModules(o plan.Origin, appDir string, dirs []string) *plan.Copy {
	rel := func(p ...string) string { return strings.TrimPrefix(path.Join(append([]string{appDir}, p...)...), "/") }
	modules := []string{rel("node_modules")}
	for _, d := range dirs {
		modules = append(modules, rel(d, "node_modules"))
	}
	return &plan.Copy{Origin: o, FromStage: ProdDepsStage, Paths: []string{"/"}, Include: modules, Dest: "/",
		Display: "/" + strings.Join(modules, " /")}
}
