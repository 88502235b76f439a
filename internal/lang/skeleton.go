package lang

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Plan builds the stages of every language from a toolchain: the Before stages, the scripts,
// deps, the Beside stages, builder, tester, the After stages and the runtime, with the image
// config. language is the plan's Language.
func (t *Toolchain) Plan(s *spec.Spec, language string) (*plan.Plan, error) {
	p, k, err := t.stages(s, language, true)
	if err != nil {
		return nil, err
	}

	rt := t.Runtime
	image, alias := rt.RuntimeImage(s)
	setup, err := RuntimePackages(s, image, alias, rt.Packages...)
	if err != nil {
		return nil, err
	}
	rt.Setup = slices.Concat(setup, rt.Setup)
	rt.BuilderImage = cmp.Or(rt.BuilderImage, k.image)
	rt.BuildDir = t.buildDir()
	return rt.Finish(s, p)
}

// BuildStages are the stages that build the program, as Plan makes them: the Before stages,
// the scripts, deps, the Beside stages and builder, without tester, After stages or runtime, in
// a plan with the args and secrets they use. Another build takes them in (the spec's assets).
func (t *Toolchain) BuildStages(s *spec.Spec, language string) (*plan.Plan, error) {
	p, _, err := t.stages(s, language, false)
	return p, err
}

// stages makes the plan's stages, but the runtime's; all adds tester and the After stages.
func (t *Toolchain) stages(s *spec.Spec, language string, all bool) (*plan.Plan, *skeleton, error) {
	p := &plan.Plan{Language: language, Default: "runtime", Notes: slices.Clone(t.Notes)}
	build, fetch := Args(p, s, t.ToolArgs)
	for _, a := range t.Args {
		if _, ok := s.Args.Get(a.Name); !ok {
			p.Args = append(p.Args, a)
		}
	}
	declareSecrets(p, s)
	k := &skeleton{t: t, s: s, image: cmp.Or(s.Build.Image, t.Image), secrets: secretMounts(s), fetch: fetch, build: build}
	if all { // the build's own stages (the spec's assets) make none of the program's directories
		k.writable = t.writableDirs(s)
	}
	if t.ToolArgsReach == FetchOnly {
		k.build = slices.DeleteFunc(slices.Clone(build), func(a string) bool { return slices.Contains(fetch, a) })
	}
	base := FirstField(s, "build.image", "version", "language")
	p.Stages = append(p.Stages, t.Before...)
	if len(t.Scripts) > 0 {
		p.Stages = append(p.Stages, scriptsStage(base, t.Scripts...))
	}
	p.Stages = append(p.Stages, k.deps(base))
	p.Stages = append(p.Stages, t.Beside...)
	p.Stages = append(p.Stages, k.builder())
	if all {
		if tester := k.tester(); tester != nil {
			p.Stages = append(p.Stages, tester)
		}
		p.Stages = append(p.Stages, t.After...)
	}
	for _, st := range p.Stages {
		k.expand(st)
	}
	return p, k, k.err
}

// skeleton is one plan being built.
type skeleton struct {
	t     *Toolchain
	s     *spec.Spec
	image string
	// secrets are the build.secrets and build.ssh mounts; fetch and build the args of the
	// dependency commands and of the build and test commands.
	secrets      []plan.Mount
	fetch, build []string
	// writable are the directories the builder makes after the build (writableDirs).
	writable []string
	err      error
}

// phaseOf is the default phase of a stage's commands.
func phaseOf(stage string) Phase {
	switch stage {
	case "builder":
		return Compile
	case "tester":
		return Check
	}
	return Fetch
}

// deps is the builder image with build.packages, the toolchain's setup, the dependency files
// and the download.
func (k *skeleton) deps(field string) *plan.Stage {
	d := k.t.Deps
	st := &plan.Stage{Name: depsStage, Description: d.Description, Base: plan.Base{Image: k.image}, BuildPlatform: true,
		Workdir: k.t.Workdir, Env: k.t.Env, Field: field}
	if len(k.s.Build.Packages) > 0 { // first: a change of the dependency files does not reinstall them
		st.Steps = append(st.Steps, InstallPackages(PackageManagerOf(k.image), k.s.Build.Packages, "build.packages"))
	}
	st.Steps = append(st.Steps, d.Setup...)
	if cp := depFilesCopy(d.Files, d.Patterns, field); cp != nil {
		st.Steps = append(st.Steps, cp)
	}
	st.Steps = append(st.Steps, d.Steps...)
	return st
}

// depFilesCopy copies the dependency files: files at the root plainly, anything below it or a
// pattern with its path (COPY --parents), where a pattern may match nothing.
func depFilesCopy(files, patterns []string, field string) *plan.Copy {
	o := plan.Origin{Field: field}
	switch {
	case len(files) == 0 && len(patterns) == 0:
		return nil
	case len(patterns) == 0 && !slices.ContainsFunc(files, func(f string) bool { return strings.Contains(f, "/") }):
		return &plan.Copy{Origin: o, Paths: slices.Clone(files), Dest: "./"}
	}
	include := slices.Concat(files, patterns)
	return &plan.Copy{Origin: o, Paths: []string{"."}, Include: include, Dest: "./", Display: strings.Join(include, " ")}
}

// builder copies the source onto deps (from the context, or from Build.Source's stage) and
// builds: the toolchain's commands, or build.command, then puts the output in place, checks that
// what the image runs is there, and runs After.
func (k *skeleton) builder() *plan.Stage {
	b, s := k.t.Build, k.s
	fields := b.Fields
	if len(fields) == 0 {
		fields = []string{"entrypoint", "language"}
	}
	field := FirstField(s, append([]string{"build.command"}, fields...)...)
	source := SourceCopy(field, b.Exclude)
	if b.SourceDir != "" {
		source.Paths = []string{b.SourceDir}
	}
	if b.Source != "" {
		source = &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: b.Source, Paths: []string{k.t.Workdir}, Dest: k.t.Workdir,
			Exclude: slices.Clone(b.SourceExclude)}
	}
	st := &plan.Stage{Name: "builder", Description: b.Description, Base: plan.Base{Stage: depsStage}, BuildPlatform: true, Field: field,
		Steps: []plan.Step{source}}
	st.Steps = append(st.Steps, mkdirs(FirstField(s, "language"), b.Dirs)...)
	st.Steps = append(st.Steps, b.Before...)
	if s.Build.Command != nil {
		var c Cmd
		switch {
		case b.Custom != nil:
			c = *b.Custom
		case len(b.Commands) > 0:
			c = *b.Commands[0]
			c.Args = nil
		}
		c.Args = slices.Concat(c.Args, s.Build.Command.Args())
		c.Display, c.Field = s.Build.Command.String(), ""
		st.Steps = append(st.Steps, &c)
	} else {
		for _, c := range b.Commands {
			st.Steps = append(st.Steps, c)
		}
	}
	st.Steps = append(st.Steps, b.Output...)
	// after the build, which may have cleaned its output directory
	st.Steps = append(st.Steps, mkdirs(FirstField(s, "writable", "language"), k.writable)...)
	for _, e := range b.Expect {
		st.Steps = append(st.Steps, BuildExpect(s, e))
	}
	st.Steps = append(st.Steps, b.After...)
	return st
}

// tester runs the test command, the spec's or the toolchain's, on the builder's tree; nil when
// the spec turns tests off.
func (k *skeleton) tester() *plan.Stage {
	t := k.t.Test
	c := t.Command
	step := k.run(&c, "tester", "")
	st := testerStage(k.s, c.Args, *step)
	if st == nil {
		return nil
	}
	run := st.Steps[0].(*plan.Run)
	run.Args = slices.Concat(t.Prefix, run.Args)
	if k.s.Test == nil && c.Display != "" {
		st.Description = "run the tests (" + c.Display + ") on the builder's tree"
	}
	if t.User != "" {
		st.User = t.User
		st.Description += " as " + t.User
	}
	st.Steps = append(slices.Clone(t.Before), st.Steps...)
	return st
}

// expand turns the Cmds of a stage into runs with their phase's environment, and points the
// steps that name no spec field at the stage's.
func (k *skeleton) expand(st *plan.Stage) {
	for i, step := range st.Steps {
		switch s := step.(type) {
		case *Cmd:
			st.Steps[i] = k.run(s, st.Name, st.Field)
		default:
			plan.SetWhere(step, cmp.Or(step.Where(), st.Field))
		}
	}
}

// run is a Cmd as a plan.Run in stage: the toolchain's and the spec's build env, its caches,
// scratch mounts and scripts, then the secrets and build args its phase gets.
func (k *skeleton) run(c *Cmd, stage, field string) *plan.Run {
	phase := c.Phase
	if phase == Default {
		phase = phaseOf(stage)
	}
	run := &plan.Run{Origin: plan.Origin{Field: cmp.Or(c.Field, field)}, Args: slices.Clone(c.Args), Shell: c.Shell, Display: c.Display,
		NoNetwork: c.NoNetwork, ExpandArgs: c.ExpandArgs, Env: slices.Concat(k.t.CmdEnv, c.Env, buildEnv(k.s))}
	for _, cache := range c.Caches {
		if m, ok := cache.mount(stage); ok {
			run.Mounts = append(run.Mounts, m)
		}
	}
	run.Mounts = append(run.Mounts, c.Mounts...)
	if c.Scripts {
		if len(k.t.Scripts) == 0 && k.err == nil {
			k.err = fmt.Errorf("lang: the command %q mounts the toolchain's scripts, and it declares none", strings.Join(c.Args, " "))
		}
		run.Mounts = append(run.Mounts, ScriptMount)
	}
	secrets := k.secrets
	if c.NoSecrets {
		secrets = nil
	}
	switch phase {
	case Fetch:
		run.Mounts = append(run.Mounts, secrets...)
		run.UseArgs = slices.Clone(k.fetch)
	case Prepare:
		run.Mounts = append(run.Mounts, secrets...)
		run.UseArgs = slices.DeleteFunc(slices.Clone(k.build), func(a string) bool { return a == plan.EpochArg })
		if k.t.ToolArgsReach == FetchOnly {
			run.UseArgs = slices.Concat(run.UseArgs, k.fetch)
		}
	case Compile:
		run.Mounts = append(run.Mounts, secrets...)
		run.UseArgs = slices.Clone(k.build)
	case Check:
		run.UseArgs = slices.Clone(k.build)
	}
	// a variable the command sets itself is not also a build arg of it: the graph would let
	// --build-arg replace it, and the ejected Dockerfile, where the RUN's own assignment wins, not
	run.UseArgs = slices.DeleteFunc(run.UseArgs, func(a string) bool {
		return slices.ContainsFunc(c.Env, func(e plan.Env) bool { return e.Key == a })
	})
	if len(run.Mounts) == 0 {
		run.Mounts = nil
	}
	if len(run.Env) == 0 {
		run.Env = nil
	}
	return run
}
