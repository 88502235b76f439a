package lang

import (
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Declarer is a provider that declares its toolchain: what the language needs, never how the
// stages are put together. The skeleton (Toolchain.Plan) builds deps, builder, tester and
// runtime for every Declarer alike; Skeleton makes one a Provider for the registry.
type Declarer interface {
	// Language is what the registry knows without planning.
	Language() Language
	// Toolchain reads the spec and the context files and declares the build. Errors point at
	// spec fields (see FieldError).
	Toolchain(s *spec.Spec, f Facts) (*Toolchain, error)
}

// Language is a provider's entry in the registry: it feeds detection, the context reads, spec
// validation and the schema (the language and runtime alias enums), and lint.
type Language struct {
	// Name is the spec's `language` value.
	Name string
	// Markers are context files whose presence means the project is in this language.
	Markers []string
	// Detect, when set, recognises a project from the files read (a field of package.json, say),
	// returning why ("packageManager bun@1.2"), or "" when it does not.
	Detect func(f Facts) string
	// Supersedes are languages whose detection this one overrides when both match (Bun's
	// package.json is Node's marker too).
	Supersedes []string
	// Reads are the context files planning looks at (manifests, lockfiles, version files).
	Reads []string
	// Likely, when set, are files (or path.Match patterns) Follow asks for in most projects,
	// known from the spec alone (the main packages of a spec that names none). When the spec
	// names the language, planning reads them with Reads, so such a project costs one round
	// trip to the context instead of two. A plan must not depend on them where Follow would not
	// have asked for them (providers' tests plan every example both ways).
	Likely func(s *spec.Spec) []string
	// Runtimes are the runtime aliases it accepts (distroless, slim, ...).
	Runtimes []string
	// Fields are the spec fields only this language reads (Go's `binaries`): spec validation
	// refuses them in another language's spec.
	Fields []string
	// Fallback languages are detected only when no other is (a plain public/ directory).
	Fallback bool
	// Tooling, when set, recognises this language's files as another project's tooling (a
	// pyproject.toml whose dependencies are a documentation site's generator, beside the
	// package.json of the program), returning why, or "" when they are a program of their own.
	// Such files supersede no language and are a Fallback: detected only when no other is.
	Tooling func(f Facts) string
	// ServesSites languages may build a static site (`runtime: static`).
	ServesSites bool
	// Assets, when set, are the assets a project's framework builds by its own convention, when
	// the spec names none (Laravel's Vite build into public/build, a Go server's embedded UI):
	// nil when it builds none. s is the spec, whose build settings may matter (Go's build tags).
	Assets func(s *spec.Spec, f Facts) *spec.Assets
}

// AppDir is where a toolchain that builds in place keeps the application in every stage, and
// where the runtime's files go when the spec names no workdir: paths a build records stay valid.
const AppDir = "/app"

// Toolchain is everything a language's build needs, as data: the builder image, the dependency
// files and commands, the build and its artifact, the tests, the caches, the runtime table and
// the warnings. The skeleton turns it into the deps, builder, tester and runtime stages,
// adding what every language shares: build.packages, the build.command override, build.env,
// build.secrets and build.ssh, the spec's args and SOURCE_DATE_EPOCH, the test override and
// the runtime image's config.
type Toolchain struct {
	// Image is the builder image; the spec's build.image replaces it.
	Image string
	// Workdir is the working directory of deps, builder and tester (/src, /app).
	Workdir string
	// Env is the environment of deps, and so of builder and tester (a venv's PATH).
	Env []plan.Env
	// CmdEnv is set for every command (Cmd), before the command's own and build.env.
	CmdEnv []plan.Env
	// ToolArgs are the tool's settings as build args (mirrors, proxies), never in the image.
	ToolArgs []plan.Arg
	// ToolArgsReach is which commands they reach.
	ToolArgsReach Reach
	// Args are build args the toolchain declares, with their defaults, for values its commands
	// expand (Cmd.ExpandArgs): Go's version stamps from GoReleaser's ldflags. They reach no
	// command's environment, and the spec's arg of the same name replaces one.
	Args []plan.Arg
	// Scripts are shell scripts for the commands (see scriptsStage): fixed text, values as
	// arguments. A Cmd with Scripts set mounts them.
	Scripts []plan.File

	Deps  Deps
	Build Build
	Test  Test

	// Before are stages before deps (a tool's image to copy binaries from); Beside stages come
	// after deps and before builder (a recipe of compiled dependencies, from deps); After stages
	// come after tester and before the runtime (production dependencies, a runtime tree). Their
	// steps may be Cmds, which get the environment of their Phase.
	Before, Beside, After []*plan.Stage

	// Runtime is the runtime table and what the image holds and runs. The skeleton adds the
	// spec's `packages` to its Setup and uses the builder image to write /etc/passwd, unless
	// BuilderImage is set.
	Runtime Runtime

	// Notes are typed warnings (rules.X.Note), shown by --check and every build.
	Notes []plan.Note
}

// Reach is which commands the tool's build args reach.
type Reach int

const (
	// EveryPhase: dependency, build and test commands (a tool that reads them whenever it runs,
	// such as GOFLAGS, or a build that installs packages).
	EveryPhase Reach = iota
	// FetchOnly: dependency commands only (a registry mirror, when the build fetches nothing).
	FetchOnly
)

// Deps is the deps stage: the builder image with only the dependency files, and the download.
type Deps struct {
	Description string
	// Setup steps run after build.packages and before the dependency files are copied, so a
	// change of the files does not redo them (corepack, a cross compiler, a virtual environment).
	Setup []plan.Step
	// Files are dependency files copied with their paths; each must exist.
	Files []string
	// Patterns are include patterns of dependency files, copied with their paths (COPY
	// --parents); a pattern may match nothing.
	Patterns []string
	// Steps download the dependencies (Cmds), after the files.
	Steps []plan.Step
}

// Build is the builder stage: the source on deps, then the build.
type Build struct {
	Description string
	// Fields are the spec fields the stage points at after `build.command`; default entrypoint,
	// then language.
	Fields []string
	// Exclude are context paths left out of the source copy (build outputs, node_modules).
	Exclude []string
	// SourceDir, when set, is the directory of the context whose contents the source copy
	// takes, in place of the whole context (a Python uv workspace's member).
	SourceDir string
	// Source, when set, is a Beside stage whose working directory already holds the source
	// (Python's bytecode-compiled on the runtime's image): builder copies that directory from it
	// instead of copying the context, so builder and the runtime ship the same tree and a build
	// of the runtime alone need not build builder.
	Source string
	// SourceExclude are paths the copy from Source leaves out: what deps already holds (Node's
	// node_modules, which the Source stage copied from deps to build).
	SourceExclude []string
	// Dirs are directories the build makes first, relative to the working directory (the ones
	// Laravel writes below storage/, Rails' log and tmp). The runtime's writable directories none
	// of them makes are made after the build.
	Dirs []string
	// Before steps run after the source copy, before the build commands (installing the project).
	Before []plan.Step
	// Commands are the default build; `build.command` replaces them with one command that runs
	// like Custom, or like the first of them when Custom is nil (its caches, env and scripts).
	Commands []*Cmd
	// Custom is how `build.command` runs: its Args are a prefix (a script that prepares the
	// tree, then runs the rest).
	Custom *Cmd
	// Output steps put what the build made where the runtime takes it (picking the jar).
	Output []plan.Step
	// Expect is what the image runs: a step each, after the build and its Output, checks that
	// it is there (see Expect). A Field defaults to entrypoint, then build.command, then language.
	Expect []Expected
	// After steps run last (compiling bytecode, checking native code).
	After []plan.Step
}

// Test is the tester stage: the tests on the builder's tree. `test: false` removes it.
type Test struct {
	// Command is the default test command; the spec's `test` replaces its Args and Display.
	Command Cmd
	// Prefix runs before the test command, the spec's too (a script that prepares the tree).
	Prefix []string
	// Before steps run first (installing test-only dependencies).
	Before []plan.Step
	// User runs the tests ("" is root): the runtime's, so a test that needs root fails here.
	User string
}

// Phase is what kind of command a Cmd is, which decides the build args and secrets it gets.
type Phase int

const (
	// Default is the phase of the stage the command is in: Fetch in deps, Compile in builder,
	// Check in tester, Fetch in other stages.
	Default Phase = iota
	// Fetch downloads dependencies: build.secrets, build.ssh and the tool args reach it; the
	// spec's args and SOURCE_DATE_EPOCH do not, so a new commit does not redo the download.
	Fetch
	// Prepare builds dependencies ahead (a recipe): as Fetch, with the spec's args.
	Prepare
	// Compile builds the project: secrets, the spec's args, SOURCE_DATE_EPOCH and the tool
	// args (when they reach every phase).
	Compile
	// Check runs the project's tests: as Compile, without secrets.
	Check
)

// Cmd is a command of the toolchain. The skeleton makes it a plan.Run with its phase's build
// args, secrets, build.env and its caches mounted.
type Cmd struct {
	// Args is the exec form; Shell a command line for /bin/sh -c instead.
	Args  []string
	Shell string
	// Display is the progress text ("" shows Args).
	Display string
	// Field is the spec field it points at ("" is its stage's).
	Field string
	Phase Phase
	// Env is set for this command, after the toolchain's CmdEnv and before build.env. A build
	// arg of the same name does not reach the command: the command sets it itself.
	Env    []plan.Env
	Caches []Cache
	// Mounts are mounted after the caches: scratch space (tmpfs) that holds nothing between steps.
	Mounts []plan.Mount
	// Scripts mounts the toolchain's Scripts.
	Scripts   bool
	NoNetwork bool
	// NoSecrets keeps build.secrets and build.ssh out of a command of a phase that gets them:
	// one that reads nothing private (Go's list and compile of the dependencies).
	NoSecrets bool
	// ExpandArgs expands ${NAME} in Args (see plan.Run.ExpandArgs).
	ExpandArgs bool
}

// Where is the spec field of the command: a Cmd is a plan.Step until the skeleton expands it.
func (c *Cmd) Where() string { return c.Field }
