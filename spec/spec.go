// Package spec is the build spec a user writes under `# syntax=org/multistage-frontend`:
// its types, how it is read from YAML, its defaults and its validation.
// It knows nothing of BuildKit: it turns bytes into a validated Spec or located errors.
package spec

import (
	"fmt"
	"path"
)

// Spec is the whole build file. Field names are the public contract; the README documents each.
type Spec struct {
	// Language of the project, e.g. go, node or python (the enum lists every one; static serves a
	// directory of files as they are). Detected from the context when absent.
	Language string `yaml:"language" json:"language,omitempty"`
	// Version of the toolchain (for Go the major.minor of the go line of go.mod by default).
	Version string `yaml:"version" json:"version,omitempty" jsonschema:"oneof_type=string;number"`
	// Entrypoint is what the image runs: for Go the main package (default "."), for Node a script,
	// for Python a module or a file, for Java the module or jar to run (the jar's main class is
	// used), for Rust the binary target.
	Entrypoint string `yaml:"entrypoint" json:"entrypoint,omitempty"`
	// Workspace selects the package of a Node.js (npm, yarn or pnpm) or Bun workspace to build: its
	// directory (apps/web) or its name (@acme/web). Only that package's dependencies are installed,
	// built and shipped, with the workspace packages it depends on. For Deno, the member of the
	// workspace the root's deno.json declares.
	Workspace string `yaml:"workspace" json:"workspace,omitempty" jsonschema:"pattern=^[A-Za-z0-9@._][A-Za-z0-9@._/+-]*$,example=apps/web,example=@acme/web"`
	// Runtime is the base of the final image: an alias such as distroless, slim or static (a web
	// server for a static site; the examples list every alias) or any image reference.
	Runtime string `yaml:"runtime" json:"runtime,omitempty"`
	// Test is the tester stage's command: a string runs under /bin/sh -c, a list runs as exec,
	// false removes the tester stage. Default per language (go test ./... for Go).
	Test *Command `yaml:"test" json:"test,omitempty"`
	// User the runtime image runs as. Default non-root (65532); root only when written explicitly.
	User string `yaml:"user" json:"user,omitempty" jsonschema:"oneof_type=string;integer"`
	// Ports the application listens on: 8080 or "53/udp".
	Ports []Port `yaml:"ports" json:"ports,omitempty"`
	// Env is set in the runtime image.
	Env KeyValues `yaml:"env" json:"env,omitempty"`
	// Args are build arguments with their defaults, overridable with --build-arg; they are
	// visible to build and test steps and may be referenced as ${NAME} in env and labels.
	Args KeyValues `yaml:"args" json:"args,omitempty"`
	// Cmd is the default arguments passed to the entrypoint (a list, or a string split into words).
	Cmd *Words `yaml:"cmd" json:"cmd,omitempty"`
	// Workdir of the runtime image (default: the base image's, or /app when files are copied).
	Workdir string `yaml:"workdir" json:"workdir,omitempty"`
	// Labels added to the runtime image.
	Labels KeyValues `yaml:"labels" json:"labels,omitempty"`
	// Healthcheck of the runtime image.
	Healthcheck *Healthcheck `yaml:"healthcheck" json:"healthcheck,omitempty"`
	// Files are extra context paths copied into the runtime image, under workdir unless dest is given.
	Files []FileCopy `yaml:"files" json:"files,omitempty"`
	// Writable are directories the program writes at run time, relative to the working
	// directory (data, public/uploads): each is copied from the build with the runtime user as
	// its owner (an empty directory when the build has none), and nothing else of the app is
	// the user's. Frameworks add their own (Laravel's storage, Rails' tmp, Strapi's .tmp).
	Writable []string `yaml:"writable" json:"writable,omitempty" jsonschema:"minItems=1,example=data,example=public/uploads"`
	// Packages are system packages installed into the runtime image (languages with a package manager in their runtime base).
	Packages []string `yaml:"packages" json:"packages,omitempty"`
	// JVMOptions are passed to the JVM of a Java runtime (JAVA_TOOL_OPTIONS), e.g. -XX:MaxRAMPercentage=75.
	JVMOptions *Words `yaml:"jvm_options" json:"jvm_options,omitempty"`
	// Permissions are the Deno program's permission flags (--allow-net, --allow-read=/app, -P),
	// a list or a string split into words. They replace the ones deno.json's start task or
	// permissions give; an empty list runs the program with none.
	Permissions *Words `yaml:"permissions" json:"permissions,omitempty"`
	// Name is the Go program's name: its binary /usr/local/bin/<name> and the image title.
	// Default: the main package's directory name, or the module's last element for the root package.
	Name string `yaml:"name" json:"name,omitempty"`
	// Binaries are several Go main packages built into one image, each a package path
	// (./cmd/server) or {package, name}. The image runs `entrypoint` (one of their packages or
	// names), else the first. Default: every cmd/<name>/main.go of package main when no
	// entrypoint is written.
	Binaries []Binary `yaml:"binaries" json:"binaries,omitempty" jsonschema:"minItems=1"`
	// Cgo builds a Go program with cgo (a C toolchain, a glibc runtime base). Default: on when
	// go.mod requires a module known to need it (github.com/mattn/go-sqlite3, ...), else off.
	Cgo *bool `yaml:"cgo" json:"cgo,omitempty"`
	// Features are the Cargo features of the Rust package built (cargo's --features): a feature
	// of the package (sqlite) or of a dependency (serde/derive). They reach every cargo command
	// the frontend runs: the dependencies' compile in deps, cargo build and cargo test.
	Features []string `yaml:"features" json:"features,omitempty" jsonschema:"minItems=1,example=sqlite"`
	// DefaultFeatures false builds the Rust package without its default features
	// (cargo's --no-default-features), with only those of `features`. Default: true.
	DefaultFeatures *bool `yaml:"default_features" json:"default_features,omitempty"`
	// Processes are several images from one build, one per process type ({web: ..., worker: ...}):
	// each is a target of its own (--target worker) on the runtime image, running its command, a
	// list or a string split into words (nothing expanded, no shell). web, else the first, is the
	// default target. Default: the Procfile's, when the build context has one.
	Processes Processes `yaml:"processes" json:"processes,omitempty"`
	// Build tunes the builder.
	Build Build `yaml:"build" json:"build,omitempty"`
	// Assets are built by Node.js before the main build, e.g. a web UI that a Go server embeds:
	// {dir: ui, output: ui/dist}, or a list of such, each built in stages of its own; false for
	// none, not even those the language builds by default. In a Node.js workspace, another
	// package whose build the program serves (apps/client of a server in apps/server): its
	// output is copied into the image at the same path.
	Assets *Assets `yaml:"assets" json:"assets,omitempty"`

	// File is the name of the build file, for messages.
	File string `yaml:"-" json:"-"`
	// Source is the build file's bytes.
	Source []byte `yaml:"-" json:"-"`
	pos    map[string]Pos
	notes  map[string]string
}

// Build configures the builder stages.
type Build struct {
	// Image overrides the builder image (default per language, e.g. golang:<version>).
	Image string `yaml:"image" json:"image,omitempty"`
	// Command overrides the build command; it must leave the program where the language expects it
	// (for Go: /out/<name>).
	Command *Command `yaml:"command" json:"command,omitempty"`
	// Env is set for the dependency, build and test steps only; it never reaches the runtime image.
	Env KeyValues `yaml:"env" json:"env,omitempty"`
	// Secrets are mounted during the dependency and build steps, never stored in an image:
	// an id (file at /run/secrets/<id>) or {id, env, target, required}.
	Secrets []Secret `yaml:"secrets" json:"secrets,omitempty"`
	// SSH forwards agent sockets (ids given with --ssh) to the dependency and build steps.
	SSH []string `yaml:"ssh" json:"ssh,omitempty"`
	// Packages are system packages installed in the builder only (gcc, libpq-dev, ...).
	Packages []string `yaml:"packages" json:"packages,omitempty"`
	// LDFlags are Go linker flags added after the default -s -w, e.g. -X main.version=${VERSION};
	// ${NAME} is replaced by a build arg of `args`, SOURCE_DATE_EPOCH or TARGETOS/TARGETARCH.
	LDFlags string `yaml:"ldflags" json:"ldflags,omitempty"`
}

// Binary is one Go main package built into the image: a package path, or {package, name}.
type Binary struct {
	// Package is the main package's path in the module or workspace, e.g. ./cmd/server.
	Package string `yaml:"package" json:"package"`
	// Name is the binary's file name in /usr/local/bin (default: the package directory's name).
	Name string `yaml:"name" json:"name,omitempty"`
}

// Assets is a Node.js project inside the build context whose build output the main build uses:
// it is installed and built in stages of its own, and its output is copied to the same path in
// the builder (or to `into`) before the main build runs.
type Assets struct {
	// Dir is the Node.js project's directory in the build context (the one holding its package.json).
	Dir string `yaml:"dir" json:"dir"`
	// Output is the directory its build writes, copied to the same path in the builder (default: where
	// its Vite config or build script's --outDir says, else <dir>/dist).
	Output string `yaml:"output" json:"output,omitempty"`
	// Script is the package.json script that builds it (default: build), e.g. release when that
	// one writes the build the main program embeds.
	Script string `yaml:"script" json:"script,omitempty"`
	// Into is the directory of the builder the output is copied into, a path of the build context
	// (default: the output's own path), e.g. backend/internal/web/dist when a script of the
	// project copies the UI's build there for the Go build to embed; for a Node.js workspace's
	// package, the image's directory, below the app directory.
	Into string `yaml:"into" json:"into,omitempty"`
	// Disabled is `assets: false`: no assets, not even those a language builds by default (a
	// Go server's embedded UI, Laravel's Vite build).
	Disabled bool `yaml:"-" json:"-"`
	// Also are scripts run after Script, by a language's default assets only (Rails'
	// cssbundling-rails `build:css` after jsbundling-rails' `build`); never written in a spec.
	Also []string `yaml:"-" json:"-"`
	// FromDeps are directories of the main build's deps stage, relative to its working directory,
	// copied to the same path of the assets' build before it runs, by a language's default assets
	// only: Laravel's vendor/, which its front end imports from (Ziggy's Vue plugin) and Tailwind
	// scans (the pagination views); never written in a spec.
	FromDeps []string `yaml:"-" json:"-"`
	// More are further Node.js projects built the same way, each in stages of its own: the
	// list form's entries after the first (`assets: [{dir: web/app}, {dir: web/admin}]`), or a
	// language's default assets (a Go image of several programs each embedding its own UI,
	// frp's web/frps and web/frpc).
	More []Assets `yaml:"-" json:"-"`
	// listed is the list form: the entries are named assets[0], assets[1], ...
	listed bool
	// TestOnly assets are copied into the tester only, not the builder: a UI that a package of
	// the tested module embeds and no program of the image imports, which `go test ./...`
	// compiles; by a language's default assets only, never written in a spec.
	TestOnly bool `yaml:"-" json:"-"`
	// Command runs instead of Script (a program of the project's node_modules/.bin and its
	// arguments), by a language's default assets only: Shakapacker's webpack with the project's
	// config, as bin/shakapacker runs it; never written in a spec.
	Command []string `yaml:"-" json:"-"`
	// AlsoCommands run after Command, by a language's default assets only: Hanami's compile of
	// each slice's assets after the app's; never written in a spec.
	AlsoCommands [][]string `yaml:"-" json:"-"`
	// Env is the environment of the build commands, by a language's default assets only
	// (Shakapacker's NODE_ENV and RAILS_ENV); never written in a spec.
	Env KeyValues `yaml:"-" json:"-"`
	// InstallOnly assets run no script: the install writes the output (yarn 1's modules folder
	// in the web root, grocy's `--modules-folder public/packages` in .yarnrc), by a language's
	// default assets only; never written in a spec.
	InstallOnly bool `yaml:"-" json:"-"`
	// InPlace is an output directory of the project's own that the build writes into (Laravel
	// Mix's public path, beside public/index.php): the assets' build copies it with the rest of
	// the project, and the builder takes it whole from there, less what the builder's own source
	// copy leaves out below it; by a language's default assets only, never written in a spec.
	InPlace bool `yaml:"-" json:"-"`
	// Expect is the file the build writes, relative to Dir, that the assets' build checks it left
	// instead of the output directory (which the context holds when InPlace): Laravel Mix's
	// manifest; by a language's default assets only, never written in a spec.
	Expect string `yaml:"-" json:"-"`
}

// Field is the spec field of entry i of All: assets, or assets[i] in the list form.
func (a *Assets) Field(i int) string {
	if a == nil || !a.listed {
		return "assets"
	}
	return fmt.Sprintf("assets[%d]", i)
}

// All are the assets and More, in order.
func (a *Assets) All() []Assets {
	if a == nil {
		return nil
	}
	first := *a
	first.More = nil
	return append([]Assets{first}, a.More...)
}

// CopiedTo is the builder's directory the output is copied into, cleaned: Into, else the output
// directory (OutputDir).
func (a *Assets) CopiedTo() string {
	if a.Into != "" {
		return path.Clean(a.Into)
	}
	return a.OutputDir()
}

// OutputDir is the output directory, cleaned: the one written, else <dir>/dist.
func (a *Assets) OutputDir() string {
	if a.Output != "" {
		return path.Clean(a.Output)
	}
	return path.Join(path.Clean(a.Dir), "dist")
}

// Healthcheck mirrors the Dockerfile HEALTHCHECK instruction.
type Healthcheck struct {
	// Test is the probe: a list runs as exec (CMD), a string under a shell (CMD-SHELL).
	Test Command `yaml:"test" json:"test"`
	// Interval between probes, e.g. 30s.
	Interval Duration `yaml:"interval" json:"interval,omitempty"`
	// Timeout of one probe.
	Timeout Duration `yaml:"timeout" json:"timeout,omitempty"`
	// StartPeriod during which failures do not count.
	StartPeriod Duration `yaml:"start_period" json:"start_period,omitempty"`
	// Retries before the container is unhealthy.
	Retries int `yaml:"retries" json:"retries,omitempty"`
}

// FileCopy is one extra path copied into the runtime image: a string (relative path, copied to the
// same path under workdir) or {src, dest}.
type FileCopy struct {
	// Src is a path in the build context: a file, a directory (its contents are copied) or a glob.
	Src string `yaml:"src" json:"src"`
	// Dest is where it goes in the image: absolute, or relative to workdir.
	Dest string `yaml:"dest" json:"dest,omitempty"`
}

// Secret is a build secret: an id alone, or {id, env, target, required}.
type Secret struct {
	// ID given with --secret id=...
	ID string `yaml:"id" json:"id"`
	// Env exposes the secret as this environment variable instead of a file.
	Env string `yaml:"env" json:"env,omitempty"`
	// Target is the file path (default /run/secrets/<id>).
	Target string `yaml:"target" json:"target,omitempty"`
	// Required fails the build when the secret is not given (default false).
	Required bool `yaml:"required" json:"required,omitempty"`
}

// Pos is a position in the build file, 1-based.
type Pos struct {
	Line, Column int
}

// Pos returns where a field was written: its key for a field path like "build.image" or
// "ports[1]". ok is false for a field that is not in the file.
func (s *Spec) Pos(path string) (Pos, bool) {
	p, ok := s.pos[path]
	return p, ok
}

// Comment returns the comment written with a mapping entry such as "args.VERSION": the
// lines above its key, or else the end of its line, without the '#' marks.
func (s *Spec) Comment(path string) string { return s.notes[path] }

// Has reports whether the field at path was written in the file.
func (s *Spec) Has(path string) bool {
	_, ok := s.pos[path]
	return ok
}
