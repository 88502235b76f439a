package lang

import (
	"slices"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// AppStage is the name of the stage a provider builds the app in on the runtime image instead of
// builder's, when the full toolchain image adds nothing the build needs (Node.js's TypeScript
// compile, Python's bytecode): builder copies its tree (Build.Source), and a change of the
// source rebuilds on the runtime's base, which the image needs anyway.
const AppStage = "app"

// AppStageOn is the AppStage on image, the runtime's, run on the build platform, in workdir;
// the provider adds its steps, the source (SourceCopy) among them.
func AppStageOn(s *spec.Spec, image, workdir, description string) *plan.Stage {
	return &plan.Stage{Name: AppStage, Internal: true, Base: plan.Base{Image: image}, BuildPlatform: true, Workdir: workdir,
		Field: FirstField(s, "entrypoint", "language"), Description: description}
}

// SourceCopy copies the build context into the working directory, less exclude (Build.Exclude):
// builder's source, or an AppStage's.
func SourceCopy(field string, exclude []string) *plan.Copy {
	return &plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{"."}, Dest: "./", Exclude: slices.Clone(exclude)}
}
