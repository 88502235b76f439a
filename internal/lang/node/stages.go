package node

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// build is what the stages are made of: the spec, what package.json and the lockfile say, and
// the choices Plan made from them.
type build struct {
	s        *spec.Spec
	m        manifest
	pm       manager
	ver      nodeVersion
	image    string // the builder image
	appDir   string // where the app lives in every stage
	env      []plan.Env
	secrets  []plan.Mount
	hasBuild bool // a build script or build.command
	// ws is the workspace, nil for a single package; pkgDir is the built package's directory
	// relative to the root ("." for the root).
	ws     *wsBuild
	pkgDir string
	// depArgs reach the dependency steps (registry settings), buildArgs the build and test steps.
	depArgs, buildArgs []string
}

// depField is the spec line the dependency steps point at.
func (b *build) depField() string { return lang.FirstField(b.s, "build.image", "version", "language") }

// deps copies the dependency files and installs everything the build and tests need.
func (b *build) deps() *plan.Stage {
	s, pm := b.s, b.pm
	field := b.depField()
	o := plan.Origin{Field: field}
	files := []string{"package.json"}
	if pm.lockfile != "" {
		files = append(files, pm.lockfile)
	}
	install := &plan.Run{Origin: o, Args: b.install(), Env: b.env,
		Mounts: slices.Concat([]plan.Mount{pm.cache()}, b.secrets), UseArgs: b.depArgs}
	deps := &plan.Stage{Name: "deps", Base: plan.Base{Image: b.image}, BuildPlatform: true, Workdir: b.appDir,
		Env: pm.env(), Field: field,
		Description: fmt.Sprintf("install the dependencies (%s) from %s only; node %s (%s)",
			strings.Join(install.Args, " "), strings.Join(b.depFilesText(files), " "), b.ver.tag, b.ver.from)}
	if len(s.Build.Packages) > 0 {
		deps.Steps = append(deps.Steps, lang.InstallPackages(lang.PackageManagerOf(b.image),
			s.Build.Packages, "build.packages"))
	}
	// corepack provides pnpm and yarn. A version pinned by packageManager is fetched once
	// package.json is in place; otherwise before, so that it stays cached across its changes.
	if pm.yarnPath != "" {
		deps.Steps = append(deps.Steps, yarnLauncher(b.appDir, pm.yarnPath, o))
	}
	if pm.corepack != "" {
		deps.Steps = append(deps.Steps, &plan.Run{Origin: o, Args: []string{"corepack", "enable", pm.bin()}, NoNetwork: true})
	}
	fetch := &plan.Run{Origin: o, Args: lang.RunScript("corepack.sh", "install"), Display: "corepack install", Env: b.env,
		Mounts: slices.Concat([]plan.Mount{lang.ScriptMount}, b.secrets), UseArgs: b.depArgs}
	if pm.corepack != "" && pm.corepack != "project" {
		fetch.Args = append(fetch.Args, "-g", pm.corepack)
		fetch.Display += " -g " + pm.corepack
		deps.Steps = append(deps.Steps, fetch)
	}
	if b.ws != nil {
		deps.Steps = append(deps.Steps, b.ws.copyDepFiles(slices.Concat(files, pm.files), o))
	} else {
		deps.Steps = append(deps.Steps, copyByDir(slices.Concat(files, pm.files), o)...)
	}
	if pm.corepack == "project" {
		deps.Steps = append(deps.Steps, fetch)
	}
	deps.Steps = append(deps.Steps, install)
	return deps
}

// copyByDir copies context files to the same paths: one COPY per directory, since COPY puts
// the files it is given into its destination by their base name.
func copyByDir(files []string, o plan.Origin) []plan.Step {
	var steps []plan.Step
	var cur *plan.Copy
	for _, f := range files {
		dest := path.Dir(f) + "/" // "./" for the project's root
		if cur == nil || cur.Dest != dest {
			cur = &plan.Copy{Origin: o, Dest: dest}
			steps = append(steps, cur)
		}
		cur.Paths = append(cur.Paths, f)
	}
	return steps
}

// builder copies the source onto deps and runs the build script, if the project has one, then
// checks that what the image runs is there (lang.Expect).
// A node_modules in the context (the developer's, maybe for another platform) is left out.
func (b *build) builder(runs lang.Expected) *plan.Stage {
	s := b.s
	field := lang.FirstField(s, "build.command", "language")
	o := plan.Origin{Field: field}
	st := &plan.Stage{Name: "builder", Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Field: field,
		Description: "copy the source (package.json has no build script)",
		Steps: []plan.Step{&plan.Copy{Origin: o, Paths: []string{"."}, Dest: "./",
			Exclude: slices.Concat([]string{"**/node_modules"}, b.ws.unused())}}}
	if b.hasBuild {
		var texts []string
		for _, args := range b.builds() {
			run := &plan.Run{Origin: o, Args: args, Env: b.env, Mounts: b.secrets, UseArgs: b.buildArgs}
			if s.Build.Command != nil {
				run.Args, run.Display = s.Build.Command.Args(), s.Build.Command.String()
			}
			texts = append(texts, cmp.Or(run.Display, strings.Join(run.Args, " ")))
			st.Steps = append(st.Steps, run)
		}
		st.Description = "copy the source and run " + strings.Join(texts, ", then ")
	}
	st.Steps = append(st.Steps, lang.Expect(runs))
	return st
}

// prodDeps drops the dev dependencies from deps (see manager.prodInstall). It depends on deps
// only, so it runs beside the build and stays cached when only the source changes.
func (b *build) prodDeps() *plan.Stage {
	prune := &plan.Run{Origin: plan.Origin{Field: b.depField()}, Env: b.env,
		Mounts: slices.Concat([]plan.Mount{b.pm.cache()}, b.secrets), UseArgs: b.depArgs}
	prune.Args, prune.Shell = b.prodInstall()
	prune.Display = prune.Shell // as a Dockerfile shows a RUN in shell form
	return &plan.Stage{Name: "prod-deps", Internal: true, Base: plan.Base{Stage: "deps"},
		BuildPlatform: true, Field: prune.Field, Steps: []plan.Step{prune},
		Description: "deps without the dev dependencies (" + cmp.Or(prune.Shell, strings.Join(prune.Args, " ")) + "), beside the build"}
}

// pkgPath is where the built package lives in every stage: the app directory, or its
// directory below it in a workspace.
func (b *build) pkgPath() string { return path.Join(b.appDir, b.pkgDir) }
