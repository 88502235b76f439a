package rust

// A Leptos application built by cargo-leptos is a server binary and a site: the WebAssembly and
// JavaScript of its front end (the lib package compiled for wasm32 with the hydrate feature),
// its stylesheet and its assets directory, which cargo-leptos writes into the site root
// (target/site). `cargo build` alone makes neither the site nor, in the single-package layout of
// Leptos's starters, a server: their main() is `#[cfg(feature = "ssr")]`, and ssr is not a
// default feature, so the binary of a plain build does nothing and exits. The server then reads
// where the site is, its name and its address from LEPTOS_* variables, whose defaults are
// target/site and 127.0.0.1:3000. So a Cargo.toml with [package.metadata.leptos] or
// [[workspace.metadata.leptos]] is built as Leptos's documentation builds it for a container
// (`cargo leptos build --release`), and the image holds the binary, the site in /app/site and
// the variables that point the server at them, on every interface.

import (
	"net"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
	"github.com/pelletier/go-toml/v2"
)

// leptosProject is a cargo-leptos project of Cargo.toml, with cargo-leptos's defaults applied.
type leptosProject struct {
	// name is the project's (the package's, in the single-package layout).
	name string
	// exe is the server binary cargo-leptos builds: bin-exe-name, else the bin package's name.
	exe string
	// outputName names the front end's .js and .wasm files (output-name, else the project's name).
	outputName string
	// siteRoot is where cargo-leptos writes the site, relative to the workspace (site-root);
	// sitePkgDir the directory of the .js and .wasm below it (site-pkg-dir).
	siteRoot, sitePkgDir string
	// siteAddr is the address the configuration gives the server (site-addr), for its port.
	siteAddr string
	// targetDir is where cargo writes the server (bin-target-dir, else target), profile the
	// release profile it is built with (bin-profile-release, else release).
	targetDir, profile string
	// hashFiles: the site's files have hashed names, which the server reads from hashFile
	// beside its binary.
	hashFiles bool
	hashFile  string
}

// leptosFileName is a file name planning passes on (the hash file's).
var leptosFileName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$`)

// leptosDefaultAddr is the site-addr of cargo-leptos and leptos_config when none is written.
const leptosDefaultAddr = "127.0.0.1:3000"

// leptosProjects are Cargo.toml's cargo-leptos projects: its package's [package.metadata.leptos],
// or each [[workspace.metadata.leptos]]. A value of another shape than cargo-leptos reads is
// left out (planning does not fail on another tool's metadata).
func leptosProjects(data []byte) []leptosProject {
	var raw struct {
		Package *struct {
			Name     string `toml:"name"`
			Metadata struct {
				Leptos any `toml:"leptos"`
			} `toml:"metadata"`
		} `toml:"package"`
		Workspace *struct {
			Metadata struct {
				Leptos any `toml:"leptos"`
			} `toml:"metadata"`
		} `toml:"workspace"`
	}
	if toml.Unmarshal(data, &raw) != nil {
		return nil
	}
	var out []leptosProject
	if raw.Package != nil {
		if t, ok := raw.Package.Metadata.Leptos.(map[string]any); ok && binName.MatchString(raw.Package.Name) {
			out = append(out, newLeptosProject(t, raw.Package.Name, raw.Package.Name))
		}
	}
	if raw.Workspace != nil {
		list, _ := raw.Workspace.Metadata.Leptos.([]any)
		for _, v := range list {
			t, ok := v.(map[string]any)
			if !ok {
				continue
			}
			name, bin := tomlString(t, "name"), tomlString(t, "bin-package")
			if binName.MatchString(name) && binName.MatchString(bin) {
				out = append(out, newLeptosProject(t, name, bin))
			}
		}
	}
	return out
}

func newLeptosProject(t map[string]any, name, binPackage string) leptosProject {
	p := leptosProject{name: name, exe: binPackage, outputName: name, siteRoot: "target/site", sitePkgDir: "pkg",
		siteAddr: leptosDefaultAddr, targetDir: "target", profile: "release", hashFile: "hash.txt"}
	if v := tomlString(t, "bin-exe-name"); binName.MatchString(v) {
		p.exe = v
	}
	if v := tomlString(t, "output-name"); binName.MatchString(v) {
		p.outputName = v
	}
	if v, ok := leptosRelPath(tomlString(t, "site-root")); ok {
		p.siteRoot = v
	}
	if v, ok := leptosRelPath(tomlString(t, "site-pkg-dir")); ok {
		p.sitePkgDir = v
	}
	if v := tomlString(t, "site-addr"); v != "" {
		p.siteAddr = v
	}
	if v, ok := leptosRelPath(tomlString(t, "bin-target-dir")); ok {
		p.targetDir = v
	}
	if v := tomlString(t, "bin-profile-release"); binName.MatchString(v) {
		p.profile = v
	}
	if v, ok := t["hash-files"].(bool); ok {
		p.hashFiles = v
	}
	if v := tomlString(t, "hash-file-name"); leptosFileName.MatchString(v) {
		p.hashFile = v
	}
	return p
}

func tomlString(t map[string]any, key string) string {
	s, _ := t[key].(string)
	return strings.TrimSpace(s)
}

// leptosRelPath is a path of cargo-leptos's configuration relative to the workspace, the
// CARGO_TARGET_DIR marker it replaces with the target directory read as target/; false for an
// absolute path or one that leaves the workspace.
func leptosRelPath(p string) (string, bool) {
	for _, marker := range []string{"CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"} {
		if rest, ok := strings.CutPrefix(p, marker); ok && (rest == "" || rest[0] == '/') {
			p = "target" + rest
		}
	}
	rel, ok := lang.RelPath(p)
	return rel, ok && rel != "." && lang.CheckContextName(rel) == nil
}

// leptosFor is the cargo-leptos project the image runs, and the binary: the one whose server
// the spec's entrypoint names, else the only one; nil when Cargo.toml has none, when the
// entrypoint names another binary (a tool of the workspace), or when build.command builds the
// image's files itself. Several projects without an entrypoint are an error naming them.
func leptosFor(s *spec.Spec, f lang.Facts) (*leptosProject, error) {
	if s.Build.Command != nil {
		return nil, nil
	}
	projects := leptosProjects(f["Cargo.toml"])
	if ep := strings.TrimSpace(s.Entrypoint); ep != "" {
		for i := range projects {
			if projects[i].exe == ep {
				return &projects[i], nil
			}
		}
		return nil, nil
	}
	switch len(projects) {
	case 0:
		return nil, nil
	case 1:
		return &projects[0], nil
	}
	var names []string
	for _, p := range projects {
		names = append(names, p.exe+" (project "+p.name+")")
	}
	return nil, lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"), "e.g. entrypoint: "+projects[0].exe,
		"Cargo.toml's [[workspace.metadata.leptos]] declares several cargo-leptos projects, whose servers are %s: set `entrypoint` to the one the image runs",
		strings.Join(names, ", "))
}

// leptosInstall installs cargo-leptos into deps, with the toolchain of the image (before a
// rust-toolchain file of the project is copied in): the build step runs it.
func leptosInstall(s *spec.Spec) plan.Step {
	return &lang.Cmd{Shell: "cargo install --locked cargo-leptos", Display: "cargo install --locked cargo-leptos",
		Field: lang.FirstField(s, "language"), Phase: lang.Prepare}
}

// leptosBuildScript builds a cargo-leptos project for the target platform (its server for
// $target, by LEPTOS_BIN_TARGET_TRIPLE, which cargo-leptos reads; the front end for wasm32,
// whose standard library rustup adds to the toolchain the project pins), then copies the
// server, the site and the hash file, if any, out of the target/ cache into /out.
// Arguments: the binary's name, the libc, the site root, the target directory, the release
// profile and the hash file's name ("" for none).
const leptosBuildScript = `set -eu
name=$1 libc=$2 site=$3 targetdir=$4 profile=$5 hashfile=$6
shift 6
` + touchSources + `. /run/multistage-frontend/cargo-target.sh
rustup target add wasm32-unknown-unknown
LEPTOS_BIN_TARGET_TRIPLE=$target cargo leptos build --release "$@"
mkdir -p /out
cp "$targetdir/$target/$profile/$name" "/out/$name"
rm -rf /out/site
cp -R "$site" /out/site
if [ -n "$hashfile" ]; then cp "$targetdir/$target/$profile/$hashfile" "/out/$hashfile"; fi
`

// leptosFlags are cargo-leptos's flags for the spec's features, which it adds to the bin-features
// and lib-features of its configuration. It has no --locked (cargo uses Cargo.lock as it is
// unless it must change) and no --no-default-features: bin-default-features and
// lib-default-features say that.
func leptosFlags(s *spec.Spec) []string {
	if len(s.Features) == 0 {
		return nil
	}
	return []string{"--features=" + strings.Join(s.Features, ",")}
}

// leptosBuild is the builder's command for project p.
func leptosBuild(p *leptosProject, libc string, flags []string, env []plan.Env, caches []lang.Cache) *lang.Cmd {
	hash := ""
	if p.hashFiles {
		hash = p.hashFile
	}
	args := append([]string{p.exe, libc, p.siteRoot, p.targetDir, p.profile, hash}, flags...)
	return &lang.Cmd{Args: lang.RunScript("leptos-build.sh", args...),
		Display: strings.Join(append([]string{"cargo", "leptos", "build", "--release"}, flags...), " ") +
			" (the server for <TARGETARCH>-unknown-linux-" + libc + ", the site into " + p.siteRoot + ")",
		Env: env, Caches: caches, Scripts: true}
}

// leptosSite is where the image holds the site, relative to its working directory.
const leptosSite = "site"

// leptosRuntime are the site's copy into the image, beside the binary's, the hash file beside the
// binary, and the variables that point the server at them (those the spec's env does not set):
// the site root, the names of its files, production, and the address of every interface with
// the spec's first port (else the configuration's).
func leptosRuntime(s *spec.Spec, p *leptosProject, bin string) ([]*plan.Copy, []plan.Env) {
	origin := plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")}
	copies := []*plan.Copy{{Origin: origin, FromStage: "builder", Paths: []string{"/out/site"},
		Dest: path.Join(lang.AppDir, leptosSite) + "/", Display: "the site cargo-leptos wrote into " + p.siteRoot}}
	if p.hashFiles {
		copies = append(copies, &plan.Copy{Origin: origin, FromStage: "builder", Paths: []string{"/out/" + p.hashFile},
			Dest: path.Join(path.Dir(bin), p.hashFile)})
	}
	port := "3000"
	if _, pt, err := net.SplitHostPort(p.siteAddr); err == nil {
		port = pt
	}
	if n, ok := lang.FirstTCPPort(s); ok {
		port = strconv.Itoa(n)
	}
	var env []plan.Env
	for _, e := range []plan.Env{
		{Key: "LEPTOS_SITE_ROOT", Value: leptosSite},
		{Key: "LEPTOS_SITE_PKG_DIR", Value: p.sitePkgDir},
		{Key: "LEPTOS_OUTPUT_NAME", Value: p.outputName},
		{Key: "LEPTOS_ENV", Value: "PROD"},
		{Key: "LEPTOS_SITE_ADDR", Value: "0.0.0.0:" + port},
		{Key: "LEPTOS_HASH_FILES", Value: strconv.FormatBool(p.hashFiles)},
	} {
		if e.Key == "LEPTOS_HASH_FILES" && !p.hashFiles {
			continue
		}
		if _, set := s.Env.Get(e.Key); !set {
			env = append(env, e)
		}
	}
	return copies, env
}
