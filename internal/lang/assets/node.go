package assets

import (
	"path"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// A Node.js server of a workspace may serve a web UI that another package of the workspace
// builds (docmost's apps/server serves apps/client/dist, a path its static module computes from
// __dirname). The image of the selected package holds its closure's builds only, so `assets`
// names that package: it is installed and built in stages of its own, as the assets of another
// language are (its closure's install, cached; its build), and its output is copied into the
// runtime image at the same path below the app directory, where the server looks for it, after
// the program. The builder does not get it: the server's build does not read it, so a change of
// the server alone reruns neither the UI's install nor its build, and a change of the UI alone
// reruns neither the server's install nor its build.

// nodeWorkspacePackage refuses assets of a Node.js build that are not another package of the
// workspace the context's root declares (root is the workspace AssetsWorkspace found for dir).
func nodeWorkspacePackage(s *spec.Spec, f lang.Facts, field, dir, root string, inWorkspace bool) error {
	at := lang.FirstField(s, field+".dir", field)
	switch {
	case !inWorkspace || root != ".":
		return lang.FieldError(s, at, "name a package of the workspace, e.g. the UI's directory",
			"`%s` of a Node.js build is another package of its workspace, whose build the image ships; %s is not one", field, dir)
	case dir == node.BuiltPackage(s, f):
		return lang.FieldError(s, at, "name the other package, whose build the program serves",
			"%s is the package the build builds (`workspace`)", dir)
	}
	return nil
}

// nodeImage copies the output of the assets' build stage (stage; outInStage, its path there)
// into the runtime image at dest, a path below the app directory, after the program's copies.
func nodeImage(s *spec.Spec, p *plan.Plan, stage, field, outInStage, dest string) error {
	rt := p.Stage(p.ImageStage())
	if rt == nil {
		return lang.FieldError(s, field, "", "the node build has no image to put the assets in")
	}
	c := &plan.Copy{Origin: plan.Origin{Field: lang.FirstField(s, field+".into", field+".output", field)}, FromStage: stage,
		Paths: []string{outInStage}, Dest: path.Join(node.AppDir(s), dest) + "/"}
	last := 0
	for i, step := range rt.Steps {
		if _, ok := step.(*plan.Copy); ok {
			last = i + 1
		}
	}
	rt.Steps = slices.Insert(rt.Steps, last, plan.Step(c))
	return nil
}
