// Package plan is the build as plain data: named stages of steps, their mounts and users, and
// the runtime image's config. Language providers write plans; the graph package turns a plan
// into LLB and the eject package into a Dockerfile. Nothing here knows BuildKit.
package plan

import (
	"slices"
	"strings"
)

// Plan is everything a build spec expands to.
type Plan struct {
	Language string
	// Stages in dependency order; a stage only refers to stages before it.
	Stages []*Stage
	// Default is the stage built when no --target is given.
	Default string
	// Args are the build arguments the user may set with --build-arg, with defaults.
	Args []Arg
	// Secrets and SSH are the ids the build consumes (for the outline and the docs).
	Secrets []string
	SSH     []string
	// Image is the runtime image's config, applied on top of its base image's config: the config
	// of the Default stage, or with Processes of the stage they are based on (see ImageOf).
	Image Image
	// Processes are images of the runtime running other commands (the spec's processes): each
	// is a stage of the same name based on the runtime stage, without steps; one is the Default.
	Processes []Process
	// Notes are the build checks' warnings the provider found (e.g. no lockfile); lint reports each.
	Notes []Note
}

// Process is an image of the runtime that runs another command.
type Process struct {
	Name       string
	Entrypoint []string
	// Healthcheck keeps the runtime's health probe (the default process's); other processes'
	// images have none, since they answer no probe of the web process.
	Healthcheck bool
}

// ImageOf is the image config a target stage's image gets: the plan's Image for the runtime
// stage (ImageStage), the same with the process's entrypoint (and no cmd) for a process's stage,
// nil for any other stage (a build stage keeps its base's config).
func (p *Plan) ImageOf(stage string) *Image {
	if stage == p.ImageStage() {
		return &p.Image
	}
	for _, pr := range p.Processes {
		if pr.Name == stage {
			img := p.Image
			img.Entrypoint, img.Cmd = slices.Clone(pr.Entrypoint), nil
			if !pr.Healthcheck {
				img.Healthcheck = nil
			}
			return &img
		}
	}
	return nil
}

// ImageStage is the stage the plan's Image configures: the Default, or with Processes the
// stage they are based on.
func (p *Plan) ImageStage() string {
	if len(p.Processes) > 0 {
		if st := p.Stage(p.Processes[0].Name); st != nil {
			return st.Base.Stage
		}
	}
	return p.Default
}

// Note is a build check's warning the provider found while planning, anchored to a spec field.
// Make one with a rule of internal/rules (rules.X.Note(field, rules.X.Format(...))); a new
// rule is defined there (see how to add one in its package comment).
type Note struct {
	Rule  string // the name of a rule of internal/rules
	Field string // spec field path it concerns, "" for the file
	Msg   string
}

// EpochArg is the build argument that pins time (reproducible-builds.org's SOURCE_DATE_EPOCH):
// seconds since 1970, or "context" for the time of the git commit or HTTP archive built.
const EpochArg = "SOURCE_DATE_EPOCH"

// Arg is a build argument. Args with Env set are passed to build steps as that variable.
type Arg struct {
	Name        string
	Default     string
	HasDefault  bool
	Description string
	// Tool marks tool settings (mirrors, proxies) that reach only dependency and build steps.
	Tool bool
}

// Stage is one named stage: a base, a platform, and steps.
type Stage struct {
	Name        string
	Description string
	// Internal stages are helpers that are not --target names.
	Internal bool
	// Recipe stages build dependencies ahead for a runner that brings back only a registry
	// cache (Go's compiled dependencies), at a cost on every source change. A build that
	// imports no cache leaves them out, and the caches seeded from them start as plain cache
	// mounts (see graph.Options.Recipes); an ejected Dockerfile keeps them.
	Recipe bool
	Base   Base
	// BuildPlatform stages run on the machine doing the build and cross-compile for the target;
	// the others are assembled for the target platform.
	BuildPlatform bool
	Workdir       string
	Env           []Env
	User          string
	Steps         []Step
	// Field is the spec field that this stage comes from, for source maps.
	Field string
}

// Base is what a stage starts from: an image, an earlier stage, or nothing (scratch).
type Base struct {
	Image string
	Stage string
}

// IsScratch reports an empty base.
func (b Base) IsScratch() bool { return b.Image == "" && b.Stage == "" }

// Env is one environment variable. Values may use ${TARGETOS}, ${TARGETARCH}, ${TARGETVARIANT}
// and ${BUILDOS}/${BUILDARCH}, and ${NAME} for a build arg; nothing else is expanded.
type Env struct {
	Key, Value string
}

// Step is one instruction of a stage: *Copy, *Run, *Mkdir or *WriteFile.
type Step interface {
	// Where is the spec field this step comes from, so a failing step points at its line.
	Where() string
}

// Origin is embedded in steps to carry their spec field.
type Origin struct{ Field string }

// Where returns the spec field of the step.
func (o Origin) Where() string { return o.Field }

func (o *Origin) setWhere(field string) { o.Field = field }

// SetWhere points step at the spec field field, where it embeds Origin (*Copy, *Run, *Mkdir,
// *WriteFile); another Step is left as it is.
func SetWhere(step Step, field string) {
	if o, ok := step.(interface{ setWhere(string) }); ok {
		o.setWhere(field)
	}
}

// Copy copies paths from the build context or an earlier stage.
type Copy struct {
	Origin
	// FromStage is the stage to copy from; "" is the build context.
	FromStage string
	// Paths are sources: files, directories (their contents are copied) or globs.
	Paths []string
	Dest  string
	// Chown is "uid:gid" for the copied files; "" keeps root.
	Chown string
	// Exclude patterns are left out (in addition to .dockerignore for the context).
	Exclude []string
	// Include patterns, when set, select what is copied from each source directory, keeping
	// the paths below it (like COPY --parents): e.g. pom.xml and **/pom.xml of a multi-module
	// build. Files that match nothing are simply absent; the cache key covers the matches only.
	Include []string
	// Display replaces the sources in the progress name (e.g. the include patterns).
	Display string
}

// Run executes a command.
type Run struct {
	Origin
	// Args is the exec form; Shell is run by /bin/sh -c. One of them is set.
	Args  []string
	Shell string
	// ExpandArgs expands ${NAME} in Args as in Env values (build args, platform variables):
	// each argument stays one argument, never split or read by a shell, so a build arg's value is
	// inert data (e.g. -ldflags=-X main.version=${VERSION}).
	ExpandArgs bool
	// Env is set for this step only.
	Env    []Env
	Mounts []Mount
	// Args listed here (by name) are passed as environment variables when set.
	UseArgs []string
	// NoNetwork runs the step without network access.
	NoNetwork bool
	// Display is the text shown in progress after the stage prefix; default is the command.
	Display string
	// CrossOnly marks a check of build-platform output that can only fail when the target
	// platform differs from the build platform (native code built for the wrong machine): the
	// graph leaves the step out when they are the same. The step itself must pass there too,
	// since an ejected Dockerfile always runs it.
	CrossOnly bool
	// Checked marks a check of what the steps before it left (the builder's check of what the
	// image runs): the absolute paths it looks at, `*` matching within a name. It changes no
	// file, so the graph runs it in the container of the run before it when that run names
	// every one of them and no mount of that run hides or holds one (graph/fold.go); an
	// ejected Dockerfile keeps it a RUN of its own.
	Checked []string
	// Exists, on a check that asks only that its one Checked path exists (not that it is
	// executable, nor one of several), says what the path is and what to do when it is missing.
	// Where the graph cannot fold the check, it checks without a container (graph/fold.go).
	Exists string
}

// MountType is the kind of a Run mount.
type MountType string

// Mount types, as in RUN --mount=type=...
const (
	MountCache  MountType = "cache"
	MountSecret MountType = "secret"
	MountSSH    MountType = "ssh"
	MountBind   MountType = "bind"
	MountTmpfs  MountType = "tmpfs"
)

// Sharing is how concurrent builds share a cache mount, as in RUN --mount=type=cache,sharing=.
type Sharing string

// Sharing modes. The graph and eject refuse any other value: a provider's bug.
const (
	// SharingShared lets concurrent steps use the cache at once: for tools that lock their own
	// files or write content-addressed entries (go, npm, pnpm, pip, cargo's registry).
	SharingShared Sharing = ""
	// SharingLocked makes concurrent steps wait for the cache: for tools that are not safe with
	// concurrent writers (apt, apk, Maven, Gradle, yarn 1, a cargo target directory).
	SharingLocked Sharing = "locked"
	// SharingPrivate gives a concurrent step a cache of its own.
	SharingPrivate Sharing = "private"
)

// Mount is a RUN --mount.
type Mount struct {
	Type   MountType
	Target string
	// ID is the cache id, secret id or ssh id. A cache id may name the platform the cache's
	// files are for with ${TARGETPLATFORM} or ${BUILDPLATFORM} (and their OS, ARCH, VARIANT).
	ID string
	// Sharing is the cache sharing mode.
	Sharing Sharing
	// FromStage and Source describe a bind mount of (part of) an earlier stage; FromStage ""
	// with Type bind is the build context. On a cache mount they name its seed: an empty
	// cache starts as a copy of Source in FromStage (RUN --mount=type=cache,from=,source=),
	// and each new seed starts a cache of its own. Dependencies kept in a layer of deps reach
	// a later step's cache this way, on a builder that has only the registry cache.
	FromStage string
	Source    string
	// Env exposes a secret as an environment variable instead of a file.
	Env      string
	Required bool
	// UID/GID own cache mounts when the step does not run as root.
	UID, GID int
}

// Mkdir creates a directory (with parents).
type Mkdir struct {
	Origin
	Path  string
	Mode  uint32
	Chown string
}

// WriteFile writes files from the frontend (e.g. /etc/passwd on scratch).
type WriteFile struct {
	Origin
	Files   []File
	Display string
}

// File is one file written by WriteFile.
type File struct {
	Path  string
	Data  string
	Mode  uint32
	Chown string
}

// Image is the runtime image config the plan sets; fields left empty keep the base image's value.
type Image struct {
	Entrypoint []string
	// Cmd nil keeps none (an entrypoint set by the plan resets the base's cmd, as in a Dockerfile).
	Cmd         []string
	Env         []Env
	Ports       []string
	Labels      []Env
	Workdir     string
	User        string
	Healthcheck *Healthcheck
	// Shell is the runtime image's shell ("/bin/sh"), "" when it has none (distroless, scratch):
	// what a Procfile command that needs one runs under. Not part of the image's config.
	Shell string
}

// Healthcheck is the image's health probe; Test is in Docker's form (CMD ... or CMD-SHELL ...).
type Healthcheck struct {
	Test        []string
	Interval    int64 // nanoseconds
	Timeout     int64
	StartPeriod int64
	Retries     int
}

// Stage returns the stage with that name, or nil.
func (p *Plan) Stage(name string) *Stage {
	for _, s := range p.Stages {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Needs is the set of stages building target takes: the target and every stage it uses,
// directly or not, as a base, a copy source or a mount.
func (p *Plan) Needs(target string) map[string]bool {
	out := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		s := p.Stage(name)
		if s == nil || out[name] {
			return
		}
		out[name] = true
		visit(s.Base.Stage)
		for _, step := range s.Steps {
			switch st := step.(type) {
			case *Copy:
				visit(st.FromStage)
			case *Run:
				for _, m := range st.Mounts {
					visit(m.FromStage)
				}
			}
		}
	}
	visit(target)
	return out
}

// Piece is a part of a value: literal text, or a ${NAME} reference (Ref set).
type Piece struct {
	Text string
	Ref  string
}

// Pieces cuts a value into literal text and ${NAME} references. Nothing else is special: a $
// without braces, or an unclosed ${, is text. The graph expands references to build args and
// platform variables; other references stay as written.
func Pieces(value string) []Piece {
	var out []Piece
	for {
		i := strings.Index(value, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(value[i:], '}')
		if j < 0 {
			break
		}
		switch name := value[i+2 : i+j]; {
		case name == "": // ${} names nothing
			out = append(out, Piece{Text: value[:i+j+1]})
		default:
			if i > 0 {
				out = append(out, Piece{Text: value[:i]})
			}
			out = append(out, Piece{Ref: name})
		}
		value = value[i+j+1:]
	}
	if value != "" {
		out = append(out, Piece{Text: value})
	}
	return out
}

// Refs are the names a value refers to as ${NAME}, in order.
func Refs(value string) []string {
	var out []string
	for _, p := range Pieces(value) {
		if p.Ref != "" {
			out = append(out, p.Ref)
		}
	}
	return out
}

// ExcludeBuildFile leaves the build file (its path in the build context) out of every copy of
// the whole context, so that editing only what the image config takes from the spec (cmd, env,
// ports, labels) invalidates no step that copies the source; and out of a copy of the directory
// that holds it (a monorepo app's spec beside its package, apps/web/Dockerfile). Copies that
// select files with Include patterns need nothing: the build file is not among them.
func (p *Plan) ExcludeBuildFile(file string) {
	if file == "" || strings.ContainsAny(file, "*?[\\") || strings.HasPrefix(file, "!") {
		return // not a plain path: a pattern could leave out more than the build file
	}
	for _, s := range p.Stages {
		for _, step := range s.Steps {
			c, ok := step.(*Copy)
			if !ok || c.FromStage != "" || len(c.Include) > 0 || len(c.Paths) != 1 {
				continue
			}
			rel, ok := file, c.Paths[0] == "."
			if !ok {
				rel, ok = strings.CutPrefix(file, strings.TrimSuffix(c.Paths[0], "/")+"/")
			}
			if ok && !slices.Contains(c.Exclude, rel) {
				c.Exclude = append(slices.Clone(c.Exclude), rel)
			}
		}
	}
}

// Targets are the stages a user may build with --target, in order.
func (p *Plan) Targets() []*Stage {
	var out []*Stage
	for _, s := range p.Stages {
		if !s.Internal {
			out = append(out, s)
		}
	}
	return out
}
