package lang

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

// ScriptDir is where a provider's scripts are mounted in the steps that run them.
const ScriptDir = "/run/multistage-frontend"

// scriptsStage is the internal stage holding a provider's shell scripts as files. Steps mount
// it read-only at ScriptDir and run `/bin/sh ScriptDir/<name> args...`: a failing step then
// shows that short command instead of the whole script, and nothing of it lands in a layer.
func scriptsStage(field string, files ...plan.File) *plan.Stage {
	return &plan.Stage{
		Name:          "scripts",
		Internal:      true,
		BuildPlatform: true,
		Description:   "the shell scripts the build steps run",
		Field:         field,
		Steps:         []plan.Step{&plan.WriteFile{Origin: plan.Origin{Field: field}, Files: files, Display: "build scripts"}},
	}
}

// Script is a script file of the scripts stage (Toolchain.Scripts).
func Script(name, text string) plan.File {
	return plan.File{Path: "/scripts/" + name, Data: text, Mode: 0o644}
}

// RunScript is the command running a script of the scripts stage (Toolchain.Scripts) with args.
func RunScript(name string, args ...string) []string {
	return append([]string{"/bin/sh", ScriptDir + "/" + name}, args...)
}

// ScriptMount mounts scriptsStage's files in a step.
var ScriptMount = plan.Mount{Type: plan.MountBind, FromStage: "scripts", Source: "/scripts", Target: ScriptDir}

// NativeCheck runs a toolchain's script (a Script, run by interp) that fails a build for
// another platform whose dirs hold native code for another machine than the target's: the
// package manager ran on the build platform, and a native extension would only fail when the
// program loads it, on the target. The graph adds the step only to cross-platform builds
// (plan.Run.CrossOnly); on the build platform it finds nothing to report. No network, and
// nothing of the scanned files is executed.
func NativeCheck(field string, interp []string, script string, dirs ...string) *plan.Run {
	return &plan.Run{Origin: plan.Origin{Field: field},
		Args:      slices.Concat(interp, []string{ScriptDir + "/" + script}, dirs),
		Env:       []plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}, {Key: "BUILDARCH", Value: "${BUILDARCH}"}},
		Mounts:    []plan.Mount{ScriptMount},
		Display:   "check that the native code in " + strings.Join(dirs, " ") + " is for <TARGETARCH>",
		NoNetwork: true, CrossOnly: true}
}
