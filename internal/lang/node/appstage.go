package node

import (
	"path"
	"regexp"
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// The app stage (lang.AppStage) puts the program together on the runtime image when the full
// node image has nothing to add (buildsOnRuntime): the source alone for a project without a
// build, or the source and TypeScript's compiler run over it. The runtime then takes the program from it, and never needs
// builder, which stands on the full node image (node:24-bookworm, about 400 MB of layers) and
// deps: a CI runner that brings back only the registry cache pulls, for a one-line change, the
// slim base the image needs anyway (and, for a build, the cached copy of deps' node_modules)
// instead. builder copies the stage's tree (lang.Build.Source) but node_modules, which it has
// from deps, so the tester runs on the same program.

// tscOnly is a script that runs TypeScript's compiler and nothing else: tsc and its flags, no
// other command, no shell operator, no variable.
var tscOnly = regexp.MustCompile(`^tsc(?:\s+[-\w./=:@,+]+)*$`)

// buildsOnRuntime reports a program the runtime image can put together as the builder image
// would: a single package whose builder does nothing but copy the source and build (no deferred
// install scripts, Prisma, build.command, build.image, assets, Nx or framework build, build
// cache), for an image that holds the package's tree or the build's top directory (no framework
// output, no writable directories, which the runtime copies from builder). Without a build, on
// a runtime with a shell (the checks of what the image runs are commands in an ejected
// Dockerfile). With one, when it is package.json's build script running tsc alone (no prebuild
// or postbuild), installed by npm (the image's own, no corepack), with no build.packages, on the
// slim runtime: the full image's Debian and Node.js, without the tools (compilers, git) tsc
// never runs.
func (b *build) buildsOnRuntime(e entry, alias string) bool {
	s, sh := b.s, e.Ship
	if b.ws != nil || len(b.deferred) > 0 || len(b.split) > 0 || len(b.prisma) > 0 || s.Build.Command != nil || s.Build.Image != "" ||
		(s.Assets != nil && !s.Assets.Disabled) || b.entryBuild != nil || b.nx || b.buildCache(e) != nil ||
		len(s.Writable) > 0 || len(e.Data) > 0 || sh.SelfContained || sh.Root != "" || len(sh.Paths) > 0 || len(sh.Beside) > 0 {
		return false
	}
	if !b.hasBuild {
		return alias == "slim" || alias == "alpine"
	}
	if b.pm.kind != npm || b.pm.corepack != "" || b.pm.yarnPath != "" || len(s.Build.Packages) > 0 || alias != "slim" {
		return false
	}
	sc := b.m.Scripts
	return sc["prebuild"] == "" && sc["postbuild"] == "" && tscOnly.MatchString(sc["build"])
}

// buildOnRuntime moves t's build into the app stage on image (the runtime's, on the build
// platform): deps' node_modules when there is a build, the source, the build commands and the
// check of what the image runs. builder copies the result, node_modules left out.
func (b *build) buildOnRuntime(t *lang.Toolchain, image string) {
	modules := path.Join(b.appDir, "node_modules")
	st := lang.AppStageOn(b.s, image, b.appDir, t.Build.Description+", on the runtime image, without the builder image")
	st.Env = slices.Clone(t.Env)
	field := st.Field
	if len(t.Build.Commands) > 0 { // what the build reads
		st.Steps = append(st.Steps, &plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "deps", Paths: []string{modules}, Dest: modules + "/"})
	}
	st.Steps = append(st.Steps, lang.SourceCopy(field, t.Build.Exclude))
	for _, c := range t.Build.Commands {
		c.Phase = lang.Compile // builder's environment, build args and secrets
		st.Steps = append(st.Steps, c)
	}
	for _, e := range t.Build.Expect {
		st.Steps = append(st.Steps, lang.BuildExpect(b.s, e))
	}
	t.Beside = append(t.Beside, st)
	t.Build.Source, t.Build.SourceExclude = lang.AppStage, []string{"**/node_modules"}
	t.Build.Commands, t.Build.Expect = nil, nil
	t.Build.Description = "the app stage's tree on deps, for the tests"
}
