package python

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// The app stage (lang.AppStage) compiles the source on the runtime image when that is all the
// build does (compilesOnRuntime). The runtime then takes /app from it and the venv from deps,
// and never needs builder: a one-line change recompiles the source on the runtime's base, which
// the image needs anyway, where builder stands on the full python image and the venv. A CI
// runner that brings back only the registry cache pulls neither of those for a source change.

// venvMount is deps' venv, for the app stage's checks.
var venvMount = plan.Mount{Type: plan.MountBind, FromStage: "deps", Source: venvDir, Target: venvDir}

// compilesOnRuntime reports a build whose builder would only copy the source and compile it:
// no project installed into the venv, no build.command, no build step of a framework (Django's
// collectstatic), no `assets` (which the assets stages put into builder's tree), checks of what
// the image runs only in /app and the venv, and a runtime image of the python images, whose
// Python is the builder's own and has a shell (not distroless's, nor an image the spec names).
// Bytecode is per minor version, the same on either image.
func compilesOnRuntime(s *spec.Spec, b bases, build lang.Build) bool {
	for _, e := range build.Expect {
		if slices.ContainsFunc(e.Paths, func(p string) bool { return !inVenv(p) && !strings.HasPrefix(p, appDir+"/") }) {
			return false
		}
	}
	return (b.alias == "slim" || b.alias == "alpine") && b.interpreter == "" && s.Build.Command == nil &&
		(s.Assets == nil || s.Assets.Disabled) && len(build.Before) == 0 && len(build.Commands) == 0
}

func inVenv(p string) bool { return strings.HasPrefix(p, venvDir+"/") }

// compileStage copies the source into /app on the runtime image, on the build platform, and
// compiles it. It runs builder's checks (what the image runs, the native code of the venv and
// the app), with deps' venv mounted where they read it, since the runtime does not build builder.
func compileStage(s *spec.Spec, image string, build lang.Build) *plan.Stage {
	st := lang.AppStageOn(s, image, appDir, "the source in "+appDir+", compiled to bytecode on the runtime image, without builder's toolchain")
	source := lang.SourceCopy(st.Field, build.Exclude)
	if build.SourceDir != "" { // a uv workspace member's (uvworkspace.go)
		source.Paths = []string{build.SourceDir}
	}
	st.Steps = []plan.Step{source, compileDirs(appDir)}
	for _, e := range build.Expect {
		r := lang.BuildExpect(s, e) // build.command is never set here (compilesOnRuntime)
		if slices.ContainsFunc(e.Paths, inVenv) {
			r.Mounts, r.Exists = []plan.Mount{venvMount}, "" // the graph's check without a container reads the stage, not the mount
		}
		st.Steps = append(st.Steps, r)
	}
	check := nativeCheck(venvDir, appDir)
	check.Mounts = append(check.Mounts, venvMount)
	st.Steps = append(st.Steps, check)
	return st
}
