// Package rust plans Cargo builds: crates fetched in deps from the manifests alone, the binary
// built in release mode on the build platform for the target's triple in builder (registry, git
// and target/ as cache mounts), cargo test in tester, and distroless cc at runtime, or scratch
// and alpine with a static musl binary.
package rust

import (
	"cmp"
	"fmt"
	"path"
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

// Provider plans Cargo packages and workspaces: it declares its toolchain (lang.Declarer), and
// the skeleton builds the stages.
type Provider struct{}

var _ lang.Follower = Provider{}

// Follow reads a virtual workspace's members (their Cargo.toml, and whether src/main.rs and
// src/bin/*.rs are there), to find the binary the image runs when the spec does not name it and
// the package of the one it names, and a package's binary sources, for the address it listens
// on (listen.go).
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	if !f.Has("Cargo.toml") {
		return []string{belowManifests} // the Cargo.toml one level down that the error names (manifestBelow)
	}
	m, err := parseManifest(f["Cargo.toml"])
	if err != nil {
		return nil
	}
	if s == nil {
		s = &spec.Spec{}
	}
	if m.Package != nil {
		// once the sources are read: whether what they compile in is in the context (include.go)
		return slices.Concat(sourceReads(m, s), inclusionProbes(f, "src/*.rs"), dependencyReads(f, m, m, "."), sqlxFor(s, f, ".", m, m).reads(f), clapSources(f, m, m, "."),
			runtimeReads(s, f, ".", m), servedUIReads(s, f, ".", m), ownedDirProbes(f))
	}
	if m.Workspace == nil {
		return nil
	}
	out := ownedDirProbes(f) // the directories its own image gives its user (imagedirs.go)
	for _, d := range memberDirs(m.Workspace.Members) {
		for _, p := range []string{d + "/Cargo.toml", d + "/src/main.rs", d + "/src/bin/*.rs"} {
			if lang.CheckContextName(p) == nil {
				out = append(out, p)
			}
		}
	}
	// once the members are read: the sources beside the binary's (listen.go)
	if name, err := binary(s, m, f); err == nil {
		if file := binarySource(m, name, f); file != "" {
			out = append(out, packageSources(file))
			out = append(out, inclusionProbes(f, packageSources(file))...)
			if pkgDir := packageDir(file); pkgDir != "" {
				if pm, err := parseManifest(f[pkgDir+"/Cargo.toml"]); err == nil {
					out = append(out, dependencyReads(f, pm, m, pkgDir)...)
					out = append(out, sqlxFor(s, f, pkgDir, pm, m).reads(f)...)
					out = append(out, clapSources(f, pm, m, pkgDir)...)
					out = append(out, runtimeReads(s, f, pkgDir, pm)...)
					out = append(out, servedUIReads(s, f, pkgDir, pm)...)
				}
			}
		}
	}
	return out
}

// Language is Rust's registry entry.
func (Provider) Language() lang.Language {
	return lang.Language{Name: "rust", Markers: []string{"Cargo.toml"},
		Reads:    []string{"Cargo.toml", "Cargo.lock", "rust-toolchain.toml", "rust-toolchain", ".cargo/config.toml", ".cargo/config", ".gitmodules"},
		Runtimes: []string{"distroless", "slim", "alpine", "scratch"}, Fields: []string{"features", "default_features"},
		Assets: embeddedUIAssets} // a UI's build the binary compiles in (embeddedui.go)
}

// toolArgs reach cargo in the dependency, build and test steps, never the image.
var toolArgs = []plan.Arg{
	{Name: "CARGO_REGISTRIES_CRATES_IO_PROTOCOL", Description: "how cargo reads the crates.io index: sparse or git"},
	{Name: "CARGO_NET_GIT_FETCH_WITH_CLI", Description: "fetch git dependencies with the git command (proxies, credential helpers)"},
	{Name: "CARGO_HTTP_PROXY", Description: "HTTP proxy for cargo"},
}

// Cargo's caches: the crates and git checkouts fetched, and the program's target/. deps fetches
// and compiles the dependencies into its layer, which a registry cache carries to a fresh
// runner; the build and test steps mount the caches seeded from it.
var (
	registryCache = lang.Cache{ID: "cargo-registry", Target: cargoHome + "/registry", InLayer: true}
	gitCache      = lang.Cache{ID: "cargo-git", Target: cargoHome + "/git", InLayer: true}
)

// targetCache is the program's target/: per program and locked, since two builds of one program
// must not swap binaries between cargo writing one and the copy out of the cache.
func targetCache(name string) lang.Cache {
	return lang.Cache{ID: "cargo-target-" + name, Target: srcDir + "/target", Sharing: lang.Locked, InLayer: true}
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
	// a program writing its data into "." (meilisearch's ./data.ms, rustdesk-server's keys)
	// runs where it can on scratch, alpine and slim too, as on distroless :nonroot
	HomeWorkdir: true,
}

// Toolchain declares a Rust build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	if err := manifestBelow(s, f); err != nil {
		return nil, err
	}
	if err := f.Need(s, "Cargo.toml", "run `cargo init` or set `language`"); err != nil {
		return nil, err
	}
	m, err := parseManifest(f["Cargo.toml"])
	if err != nil {
		return nil, lang.FieldError(s, "language", "fix Cargo.toml: cargo could not read it either", "Cargo.toml is not valid TOML: %v", err)
	}
	// a cargo-leptos project's server, built with its site (leptos.go)
	leptos, err := leptosFor(s, f)
	if err != nil {
		return nil, err
	}
	var name string
	if leptos != nil {
		name = leptos.exe
	} else if name, err = binary(s, m, f); err != nil {
		return nil, err
	}
	version, err := toolchain(s, f)
	if err != nil {
		return nil, err
	}
	// a crate linking a system library (pq-sys) needs a runtime with a package manager: slim,
	// unless the spec names the runtime
	rt := runtime
	sysLibs := nativeLibraries(s, m, f["Cargo.lock"])
	libs := runtimeLibraries(sysLibs)
	if len(libs) > 0 && strings.TrimSpace(s.Runtime) == "" {
		rt.Default = "slim"
	}
	_, alias := rt.RuntimeImage(s)
	rt.Packages = lang.LibraryPackages(libs, alias)
	libc := "gnu"
	if alias == "scratch" || alias == "alpine" {
		libc = "musl"
	}
	caches := []lang.Cache{registryCache, gitCache, targetCache(name)}
	// placeholders is scratch space of the scripts that stand stub sources in for the real ones
	placeholders := plan.Mount{Type: plan.MountTmpfs, Target: placeholderDir}
	var notes []plan.Note
	var locked []string
	if f.Has("Cargo.lock") {
		locked = []string{"--locked"}
	} else {
		notes = append(notes, rules.MissingLockfile.Note(lang.FirstField(s, "language"), rules.MissingLockfile.Format(
			"the build context has no Cargo.lock: cargo resolves the newest matching crates on every build; "+
				"commit Cargo.lock (and keep it out of .dockerignore) for reproducible builds")))
	}
	// the same features reach every cargo command that compiles: the cook, the build, the tests
	flags := slices.Concat(locked, featureFlags(s))
	depFiles := []string{"Cargo.toml", "Cargo.lock", "**/Cargo.toml", "rust-toolchain.toml", "rust-toolchain", ".cargo"}
	depFiles = append(depFiles, vendoredDirs(firstPresent(f, ".cargo/config.toml", ".cargo/config"))...)

	// sqlx's macros read the committed offline data, not a database the build cannot reach
	sqlx := binarySqlx(s, m, name, f)
	sqlxEnv := sqlx.env(s, f)
	buildEnv := append([]plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}}, sqlxEnv...)
	build := &lang.Cmd{Args: lang.RunScript("cargo-build.sh", slices.Concat([]string{name, libc}, flags)...),
		Display: strings.Join(slices.Concat([]string{"cargo", "build", "--release"}, flags,
			[]string{"--target", "<TARGETARCH>-unknown-linux-" + libc, "--bin", name}), " "),
		Env: buildEnv, Caches: caches, Scripts: true}
	testArgs := slices.Concat([]string{"cargo", "test"}, flags)
	if leptos != nil {
		// the server and the front end built as cargo-leptos builds them, and tested so (the
		// bin package with its bin-features, the lib package with its lib-features)
		build = leptosBuild(leptos, libc, leptosFlags(s), buildEnv, caches)
		testArgs = slices.Concat([]string{"cargo", "leptos", "test"}, leptosFlags(s))
	}
	t := &lang.Toolchain{
		// bookworm: the glibc the binary links against is the one of distroless cc-debian12.
		Image: "rust:" + version + "-bookworm", Workdir: srcDir, ToolArgs: toolArgs, Notes: notes,
		Scripts: []plan.File{lang.Script("cargo-fetch.sh", fetchScript), lang.Script("cargo-target.sh", targetScript),
			lang.Script("cargo-cook.sh", cookScript), lang.Script("cargo-build.sh", buildScript), lang.Script("cargo-fresh.sh", freshScript)},
		Deps: lang.Deps{Description: "fetch the crates of Cargo.toml and Cargo.lock", Patterns: depFiles,
			Steps: []plan.Step{&lang.Cmd{Args: lang.RunScript("cargo-fetch.sh", locked...),
				Display: strings.Join(slices.Concat([]string{"cargo", "fetch"}, locked), " "),
				Mounts:  []plan.Mount{placeholders}, Scripts: true}}},
		Build: lang.Build{Description: "build the " + name + " binary (release, " + libc + ") into /out/" + name,
			Exclude: []string{"target"}, Commands: []*lang.Cmd{build},
			// build.command, like the tests, runs after the sources are touched (see touchSources)
			Custom: &lang.Cmd{Args: lang.RunScript("cargo-fresh.sh"), Env: buildEnv, Caches: caches, Scripts: true},
			Expect: []lang.Expected{{Paths: []string{"/out/" + name}, What: "the " + name + " binary",
				Field: lang.FirstField(s, "build.command", "entrypoint", "language"), Executable: true,
				Fix: "`build.command` must write it there, and `entrypoint` must name a [[bin]] of the package"}}},
		Test: lang.Test{Command: lang.Cmd{Args: testArgs, Display: strings.Join(testArgs, " "), Phase: lang.Compile,
			Env: sqlxEnv, Caches: caches, Scripts: true}, Prefix: lang.RunScript("cargo-fresh.sh")},
	}
	// a build script's prost-build runs the system's protoc (protoc.go)
	t.Deps.Setup = protocSetup(s, f, cmp.Or(s.Build.Image, t.Image))
	// a build script's bindgen loads libclang (bindgen.go)
	t.Deps.Setup = append(t.Deps.Setup, libclangSetup(s, f, cmp.Or(s.Build.Image, t.Image))...)
	if leptos != nil {
		t.Scripts = append(t.Scripts, lang.Script("leptos-build.sh", leptosBuildScript))
		t.Deps.Setup = append(t.Deps.Setup, leptosInstall(s))
		t.Build.Description = "build the " + name + " binary and its site with cargo-leptos (release, " + libc + ") into /out"
		t.Build.Expect = append(t.Build.Expect, lang.Expected{Paths: []string{"/out/site/" + leptos.sitePkgDir},
			What: "the site cargo-leptos writes into " + leptos.siteRoot, Field: lang.FirstField(s, "entrypoint", "language"),
			Fix: "`site-root` and `site-pkg-dir` of Cargo.toml's Leptos metadata must say where it is"})
	}
	if dev := devPackages(sysLibs); len(dev) > 0 && s.Build.Image == "" {
		// a -sys crate's library the rust image lacks, for the link (libraries.go)
		t.Deps.Setup = append(t.Deps.Setup, lang.InstallPackages(lang.PackageManagerOf(t.Image), dev, lang.FirstField(s, "language")))
	}
	if s.Build.Command == nil && leptos == nil {
		// the dependencies compiled with the same flags from the manifests alone (cargo-chef's
		// cook), per platform, into deps' layer; SOURCE_DATE_EPOCH, a new value every commit,
		// does not reach it
		t.Deps.Steps = append(t.Deps.Steps, &lang.Cmd{Args: lang.RunScript("cargo-cook.sh", slices.Concat([]string{name, libc}, flags)...),
			Display: build.Display + " (the dependencies, with placeholder sources)", Phase: lang.Prepare,
			Field: lang.FirstField(s, "build.command", "entrypoint", "language"),
			Env:   buildEnv, Caches: caches, Mounts: []plan.Mount{placeholders}, Scripts: true})
	}

	// the project's own image passes it the address to listen on (sshx-server's --listen ::)
	rt.Cmd = lang.DockerfileListenArgs(s, f, name)
	if rt.Cmd == nil {
		// a clap program whose server is a subcommand (kellnr start) runs it
		rt.Cmd = defaultSubcommand(m, name, f)
	}
	t.Notes = append(t.Notes, listenNotes(s, m, name, runsSubcommand(s, rt.Cmd), f)...)
	t.Notes = append(t.Notes, sqlx.notes(s, f)...)
	rt.Env = append(rt.Env, rocketEnv(s, f["Cargo.lock"])...)
	rt.Title = name
	dir, pkg := binaryPackage(m, name, f)
	if pkg != nil {
		// its templates and static assets, read from the working directory (files.go)
		rt.Files = runtimeFiles(s, f, dir, pkg)
		// a UI's build it serves, which the context lacks (servedui.go)
		t.Notes = append(t.Notes, servedUINotes(s, f, dir, pkg)...)
	}
	bin := "/usr/local/bin/" + name
	rt.Entrypoint = []string{bin}
	rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")},
		FromStage: "builder", Paths: []string{"/out/" + name}, Dest: bin}}
	if leptos != nil {
		site, env := leptosRuntime(s, leptos, bin)
		rt.Workdir = lang.AppDir
		rt.Artifacts = append(rt.Artifacts, site...)
		rt.Env = append(rt.Env, env...)
	}
	// Rocket's relative!("static"), a path of the build's tree compiled in (files.go)
	rt.Artifacts = append(relativeCopies(s, f, dir, pkg), rt.Artifacts...)
	if built := builtRuntimeDirs(s, f, dir, pkg); len(built) > 0 {
		// what its build script writes and it reads, from the build's tree (files.go)
		rt.Workdir = lang.AppDir
		rt.Artifacts = append(built, rt.Artifacts...)
	}
	// the directories its own image gives its user, empty (imagedirs.go)
	rt.EmptyWritable = ownedEmptyDirs(f)
	t.Runtime = rt
	return t, nil
}

// featureFlags are cargo's flags for the spec's `features` and `default_features` (validated
// names, one argument each).
func featureFlags(s *spec.Spec) []string {
	var out []string
	if s.DefaultFeatures != nil && !*s.DefaultFeatures {
		out = append(out, "--no-default-features")
	}
	if len(s.Features) > 0 {
		out = append(out, "--features="+strings.Join(s.Features, ","))
	}
	return out
}

// binary is the name of the binary the image runs: the entrypoint, else the manifest's only one;
// for a virtual workspace, the only binary of its default-members, else of its members.
func binary(s *spec.Spec, m *manifest, f lang.Facts) (string, error) {
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
		return "", lang.FieldError(s, field, suggestion(names),
			"Cargo.toml declares several binaries (%s): set `entrypoint` to the one the image runs", strings.Join(names, ", "))
	case m.Package == nil && m.Workspace != nil:
		// cargo build at the root builds the default-members: the image runs theirs
		if def := memberBinaries(f, m.Workspace.DefaultMembers, nil); len(def) == 1 {
			return def[0], nil
		}
		// the candidates leave out its tests, examples, benchmarks and xtask, unless only they build one
		keep := serviceMember
		all := memberBinaries(f, m.Workspace.Members, keep)
		if len(all) == 0 {
			keep = nil
			all = memberBinaries(f, m.Workspace.Members, nil)
		}
		web := memberBinaries(f, m.Workspace.Members, func(d string, mm *manifest) bool { return (keep == nil || keep(d, mm)) && servesHTTP(mm) })
		var own, server string
		if len(all) > 1 {
			// the one the project's own image runs (pgdog's `CMD ["/usr/local/bin/pgdog"]`
			// beside its scripts/jsonschema generator), else the one named as a server
			own, server = dockerfileBinary(f, all), serverBinary(all)
		}
		switch {
		case len(all) == 1:
			return all[0], nil
		case own != "":
			return own, nil
		case server != "":
			return server, nil
		case len(all) > 1 && len(web) == 1:
			// the only binary of a package on a web framework: the server among tools
			return web[0], nil
		case len(all) > 1:
			return "", lang.FieldError(s, field, suggestion(all),
				"Cargo.toml is a workspace without a root package whose members build several binaries (%s): set `entrypoint` to the one the image runs",
				strings.Join(all, ", "))
		}
		return "", lang.FieldError(s, field, "set `entrypoint` to the name of a member's binary ([[bin]] name, the package's name for src/main.rs, the file's for src/bin/<name>.rs)",
			"Cargo.toml is a workspace without a root package (members %s), and none of the members read has src/main.rs, src/bin/*.rs or a [[bin]]: set `entrypoint` to the binary the image runs",
			strings.Join(m.Workspace.Members, ", "))
	}
	return "", lang.FieldError(s, field, "set `entrypoint` to the binary's name",
		"Cargo.toml names no binary the frontend can use")
}

// dockerfileBinary is the binary among names that the project's own Dockerfile runs: the first
// word of its last stage's ENTRYPOINT and CMD, a path or a bare name, is one of them (pgdog's
// `CMD ["/usr/local/bin/pgdog"]`); "" for none.
func dockerfileBinary(f lang.Facts, names []string) string {
	_, _, words := lang.DockerfileCommand(f)
	if len(words) == 0 {
		return ""
	}
	if b := path.Base(words[0]); slices.Contains(names, b) {
		return b
	}
	return ""
}

// serverBinary is the only binary among names that is a server by its name (server, or
// ending in -server or _server: atuin's atuin-server beside its client atuin, lemmy's
// lemmy_server beside two tools), which a workspace's image runs as its own Dockerfile does;
// "" for none or several. A test or mock server (test-server, mock_server) is a test's
// double, not the service.
func serverBinary(names []string) string {
	return lang.Only(names, func(n string) bool {
		return (n == "server" || strings.HasSuffix(n, "-server") || strings.HasSuffix(n, "_server")) && !testDouble(n)
	})
}

// testDouble reports a binary named as a test's stand-in: test-, mock- or fake-, with a dash or
// an underscore.
func testDouble(name string) bool {
	for _, p := range []string{"test", "mock", "fake"} {
		if strings.HasPrefix(name, p+"-") || strings.HasPrefix(name, p+"_") {
			return true
		}
	}
	return false
}

// suggestion is the hint of an error naming several binaries: the one named as a server
// (serverBinary, else the only name ending in server: shadowsocks-rust's ssserver beside sslocal
// and ssmanager), else the only daemon of another's name (kanidm's kanidmd beside its client
// kanidm; not kanidm_unixd, there being no kanidm_unix), else the first. Their names alone are no
// reason to run one without asking: a client and its daemon are both programs people run.
func suggestion(names []string) string {
	if n := serverBinary(names); n != "" {
		return "e.g. entrypoint: " + n
	}
	var servers, daemons []string
	for _, n := range names {
		if strings.HasSuffix(n, "server") && !strings.HasSuffix(n, "observer") && !testDouble(n) {
			servers = append(servers, n)
		}
		if c, ok := strings.CutSuffix(n, "d"); ok && slices.Contains(names, c) {
			daemons = append(daemons, n)
		}
	}
	switch {
	case len(servers) == 1:
		return "e.g. entrypoint: " + servers[0] + " (by its name the server)"
	case len(daemons) == 1:
		return "e.g. entrypoint: " + daemons[0] + " (by its name the daemon of " + strings.TrimSuffix(daemons[0], "d") + ")"
	}
	return "e.g. entrypoint: " + names[0]
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

func firstPresent(f lang.Facts, names ...string) []byte {
	for _, n := range names {
		if f.Has(n) {
			return f[n]
		}
	}
	return nil
}

// belowManifests are the Cargo.toml files one level below the root, read without a root one.
const belowManifests = "*/Cargo.toml"

// manifestBelow is the error of a context without a root Cargo.toml that has one a level below,
// naming it, a workspace's first (quickwit's quickwit/, tensorzero's crates/: their Dockerfiles
// build from the repository's root and copy that directory); nil otherwise, and Need's error
// then says the rest.
func manifestBelow(s *spec.Spec, f lang.Facts) error {
	if f.Has("Cargo.toml") {
		return nil
	}
	var below, workspaces []string
	for _, p := range f.Glob(belowManifests) {
		below = append(below, p)
		if m, err := parseManifest(f[p]); err == nil && m.Workspace != nil {
			workspaces = append(workspaces, p)
		}
	}
	if len(below) == 0 {
		return nil
	}
	what := "Cargo.toml"
	if len(workspaces) > 0 {
		below, what = workspaces, "Cargo workspace"
	}
	hint := fmt.Sprintf("build %s as the context (its %s)", path.Dir(below[0])+"/", what)
	if len(below) > 1 {
		dirs := make([]string, len(below))
		for i, p := range below {
			dirs[i] = path.Dir(p) + "/"
		}
		hint = fmt.Sprintf("build the directory of the package or workspace the image runs (one of %s) as the context", strings.Join(dirs, ", "))
	}
	return lang.FieldError(s, "language", hint, "no Cargo.toml at the root of the build context, only below it: %s", strings.Join(below, ", "))
}
