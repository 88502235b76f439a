// Package rust plans Cargo builds: crates fetched in deps from the manifests alone, the binary
// built in release mode on the build platform for the target's triple in builder (registry, git
// and target/ as cache mounts), cargo test in tester, and distroless cc at runtime, or scratch
// and alpine with a static musl binary.
package rust

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// defaultRust is the image tag used when neither the spec nor a rust-toolchain file pins one.
const defaultRust = "1"

const (
	srcDir    = "/src"
	cargoHome = "/usr/local/cargo" // CARGO_HOME of the rust images
)

// Provider plans Cargo packages and workspaces.
type Provider struct{}

// Name is the spec's language value.
func (Provider) Name() string { return "rust" }

// Markers mark a Rust project.
func (Provider) Markers() []string { return []string{"Cargo.toml"} }

// Reads are the files Plan looks at.
func (Provider) Reads() []string {
	return []string{"Cargo.toml", "Cargo.lock", "rust-toolchain.toml", "rust-toolchain", ".cargo/config.toml", ".cargo/config"}
}

// toolArgs reach cargo in the dependency, build and test steps, never the image.
var toolArgs = []plan.Arg{
	{Name: "CARGO_REGISTRIES_CRATES_IO_PROTOCOL", Description: "how cargo reads the crates.io index: sparse or git"},
	{Name: "CARGO_NET_GIT_FETCH_WITH_CLI", Description: "fetch git dependencies with the git command (proxies, credential helpers)"},
	{Name: "CARGO_HTTP_PROXY", Description: "HTTP proxy for cargo"},
}

// runtime aliases: distroless cc and slim run a glibc binary; alpine and scratch a static musl one.
var runtime = lang.Runtime{
	Aliases: map[string]string{
		"distroless": "gcr.io/distroless/cc-debian12:nonroot",
		"slim":       "debian:bookworm-slim",
		"alpine":     "alpine:3.22",
		"scratch":    "",
	},
	Default: "distroless",
	Shells:  []string{"alpine", "slim"},
	AddUser: []string{"alpine", "slim"},
	CAStage: "builder",
}

// Plan expands a Rust spec.
func (Provider) Plan(s *spec.Spec, f lang.Facts) (*plan.Plan, error) {
	if !f.Has("Cargo.toml") {
		return nil, lang.FieldError(s, "language", "run `cargo init` or set `language`", "no Cargo.toml in the build context")
	}
	m, err := parseManifest(f["Cargo.toml"])
	if err != nil {
		return nil, lang.FieldError(s, "language", "fix Cargo.toml: cargo could not read it either", "Cargo.toml is not valid TOML: %v", err)
	}
	name, err := binary(s, m)
	if err != nil {
		return nil, err
	}
	version, err := toolchain(s, f)
	if err != nil {
		return nil, err
	}
	image := s.Build.Image
	if image == "" {
		// bookworm: the glibc the binary links against is the one of distroless cc-debian12.
		image = "rust:" + version + "-bookworm"
	}
	rtImage, alias := runtime.RuntimeImage(s)
	libc := "gnu"
	if alias == "scratch" || alias == "alpine" {
		libc = "musl"
	}

	p := &plan.Plan{Language: "rust", Default: "runtime"}
	buildArgs, depArgs := lang.Args(p, s, toolArgs)
	lang.Secrets(p, s)
	secrets := lang.SecretMounts(s)
	env := lang.BuildEnv(s)
	// The crates and the compiled dependencies are in deps' layer, which a registry cache
	// carries to a fresh runner; the build and test steps mount them as caches seeded from it.
	// target/ is per program and locked: two builds of one program must not swap binaries
	// between cargo writing one and the copy out of the cache.
	buildMounts := lang.SeededFrom("deps",
		plan.Mount{Type: plan.MountCache, ID: "cargo-registry", Target: cargoHome + "/registry"},
		plan.Mount{Type: plan.MountCache, ID: "cargo-git", Target: cargoHome + "/git"},
		plan.Mount{Type: plan.MountCache, ID: "cargo-target-" + name, Target: srcDir + "/target", Sharing: plan.SharingLocked})
	placeholders := plan.Mount{Type: plan.MountTmpfs, Target: placeholderDir}
	var locked []string
	if f.Has("Cargo.lock") {
		locked = []string{"--locked"}
	} else {
		p.Notes = append(p.Notes, rules.MissingLockfile.Note(lang.FirstField(s, "language"), rules.MissingLockfile.Format(
			"the build context has no Cargo.lock: cargo resolves the newest matching crates on every build; "+
				"commit Cargo.lock (and keep it out of .dockerignore) for reproducible builds")))
	}
	base := lang.FirstField(s, "build.image", "version", "language")

	depFiles := []string{"Cargo.toml", "Cargo.lock", "**/Cargo.toml", "rust-toolchain.toml", "rust-toolchain", ".cargo"}
	depFiles = append(depFiles, vendoredDirs(firstPresent(f, ".cargo/config.toml", ".cargo/config"))...)
	deps := &plan.Stage{
		Name: "deps", Description: "fetch the crates of Cargo.toml and Cargo.lock",
		Base: plan.Base{Image: image}, BuildPlatform: true, Workdir: srcDir, Field: base,
		Steps: slices.Concat(buildPackages(s, image), []plan.Step{
			&plan.Copy{Origin: plan.Origin{Field: base}, Paths: []string{"."}, Include: depFiles, Dest: "./", Display: strings.Join(depFiles, " ")},
			&plan.Run{Origin: plan.Origin{Field: base}, Args: lang.RunScript("cargo-fetch.sh", locked...),
				Display: strings.Join(slices.Concat([]string{"cargo", "fetch"}, locked), " "), Env: env,
				Mounts: slices.Concat([]plan.Mount{placeholders, lang.ScriptMount}, secrets), UseArgs: depArgs},
		}),
	}

	buildField := lang.FirstField(s, "build.command", "entrypoint", "language")
	build := &plan.Run{Origin: plan.Origin{Field: buildField}, Env: slices.Concat([]plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}}, env),
		Mounts: slices.Concat(buildMounts, []plan.Mount{lang.ScriptMount}, secrets), UseArgs: buildArgs}
	if s.Build.Command != nil {
		build.Args, build.Display = lang.RunScript("cargo-fresh.sh", s.Build.Command.Args()...), s.Build.Command.String()
	} else {
		build.Args = lang.RunScript("cargo-build.sh", slices.Concat([]string{name, libc}, locked)...)
		build.Display = strings.Join(slices.Concat([]string{"cargo", "build", "--release"}, locked,
			[]string{"--target", "<TARGETARCH>-unknown-linux-" + libc, "--bin", name}), " ")
		// the dependencies compiled with the same flags from the manifests alone (cargo-chef's
		// cook), per platform; SOURCE_DATE_EPOCH, a new value every commit, does not reach it
		deps.Steps = append(deps.Steps, &plan.Run{Origin: plan.Origin{Field: buildField},
			Args:    lang.RunScript("cargo-cook.sh", slices.Concat([]string{name, libc}, locked)...),
			Display: build.Display + " (the dependencies, with placeholder sources)", Env: build.Env,
			Mounts:  slices.Concat([]plan.Mount{placeholders, lang.ScriptMount}, secrets),
			UseArgs: slices.DeleteFunc(slices.Clone(buildArgs), func(a string) bool { return a == plan.EpochArg })})
	}
	builder := &plan.Stage{
		Name: "builder", Description: "build the " + name + " binary (release, " + libc + ") into /out/" + name,
		Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Field: buildField,
		Steps: []plan.Step{&plan.Copy{Origin: plan.Origin{Field: buildField}, Paths: []string{"."}, Dest: "./", Exclude: []string{"target"}}, build,
			lang.Expect(lang.Expected{Paths: []string{"/out/" + name}, What: "the " + name + " binary", Field: buildField, Executable: true,
				Fix: "`build.command` must write it there, and `entrypoint` must name a [[bin]] of the package"})},
	}
	p.Stages = append(p.Stages, scripts(base), deps, builder)

	testArgs := slices.Concat([]string{"cargo", "test"}, locked)
	testStep := plan.Run{Env: env, Mounts: slices.Concat(buildMounts, []plan.Mount{lang.ScriptMount}, secrets), UseArgs: buildArgs,
		Display: strings.Join(testArgs, " ")}
	if t := lang.Tester(s, testArgs, testStep); t != nil {
		// the tests, the spec's too, run after the sources are touched (see touchSources)
		run := t.Steps[0].(*plan.Run)
		run.Args = lang.RunScript("cargo-fresh.sh", run.Args...)
		p.Stages = append(p.Stages, t)
	}

	rt := runtime
	rt.BuilderImage = image
	rt.Title = name
	bin := "/usr/local/bin/" + name
	rt.Entrypoint = []string{bin}
	rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")},
		FromStage: "builder", Paths: []string{"/out/" + name}, Dest: bin}}
	if rt.Setup, err = lang.RuntimePackages(s, rtImage, alias); err != nil {
		return nil, err
	}
	return rt.Finish(s, p)
}

// binary is the name of the binary the image runs: the entrypoint, else the manifest's only one.
func binary(s *spec.Spec, m *manifest) (string, error) {
	if ep := strings.TrimSpace(s.Entrypoint); ep != "" {
		if !binName.MatchString(ep) {
			return "", lang.FieldError(s, "entrypoint", "write the name of a binary target, e.g. server",
				"%q is not the name of a Cargo binary", s.Entrypoint)
		}
		return ep, nil
	}
	names, _ := m.binaries()
	field := lang.FirstField(s, "entrypoint", "language")
	switch {
	case len(names) == 1 && binName.MatchString(names[0]):
		return names[0], nil
	case len(names) > 1:
		return "", lang.FieldError(s, field, "e.g. entrypoint: "+names[0],
			"Cargo.toml declares several binaries (%s): set `entrypoint` to the one the image runs", strings.Join(names, ", "))
	case m.Package == nil && m.Workspace != nil:
		return "", lang.FieldError(s, field, "e.g. entrypoint: server",
			"Cargo.toml is a workspace without a root package (members %s): set `entrypoint` to the binary the image runs",
			strings.Join(m.Workspace.Members, ", "))
	}
	return "", lang.FieldError(s, field, "set `entrypoint` to the binary's name",
		"Cargo.toml names no binary the frontend can use")
}

// toolchain is the rust image tag: the spec's version, else a rust-toolchain file's version,
// else 1. A channel that is not a version (stable, nightly) leaves the tag at 1: rustup in
// the image installs the channel the file pins when cargo first runs.
func toolchain(s *spec.Spec, f lang.Facts) (string, error) {
	if s.Version != "" {
		if !rustVersion.MatchString(s.Version) {
			return "", lang.FieldError(s, "version", "write a Rust version, e.g. 1.83 or 1.83.0", "%q is not a Rust version", s.Version)
		}
		return s.Version, nil
	}
	if ch := toolchainChannel(f["rust-toolchain.toml"], f["rust-toolchain"]); rustVersion.MatchString(ch) {
		return ch, nil
	}
	return defaultRust, nil
}

// buildPackages installs build.packages (a cross linker, musl-tools, libssl-dev) first in deps,
// so that a change of the manifests does not reinstall them.
func buildPackages(s *spec.Spec, image string) []plan.Step {
	if len(s.Build.Packages) == 0 {
		return nil
	}
	return []plan.Step{lang.InstallPackages(lang.PackageManagerOf(image), s.Build.Packages, "build.packages")}
}

func firstPresent(f lang.Facts, names ...string) []byte {
	for _, n := range names {
		if f.Has(n) {
			return f[n]
		}
	}
	return nil
}
