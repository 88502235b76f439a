package rust

// A Rust server may compile in a web UI that a Node.js build writes: openobserve's `web` crate
// embeds `../../web/dist/` with rust-embed-for-web's #[folder], the Vite build of web/, which its
// Dockerfile builds in a stage of its own and copies to web/dist before `cargo build`. The
// context holds no build (dist/ is not committed), so cargo stops at the attribute. Such a
// directory (a #[folder] or include_dir! of the binary's package or of a path dependency that
// embeds, include.go), missing from the context, is the image's default assets when the
// innermost Node.js project above it has a build script writing exactly it (its output, or
// dist): {dir: <the project>, output: <the directory>}, built before cargo and copied there, as
// Go's embedded UIs are. A directory no build of the context writes stays IncludedFileMissing,
// and so does one whose project's install or build scripts run cargo or a Java tool, which the
// Node.js image of the assets lacks: warpgate's postinstall generates its API clients with
// openapi-generator-cli (a JDK), from a schema `cargo run` writes, and its Dockerfile builds
// the UI in its Rust image with Node.js and a JDK installed.

import (
	"cmp"
	"encoding/json"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/spec"
)

// uiReadsAbove ask for the UI manifests (package.json, the Vite configuration) of each
// directory above a directory the sources compile in that the context lacks.
func uiReadsAbove(f lang.Facts, sources string) []string {
	var out []string
	for _, in := range inclusions(f, sources) {
		if dir, ok := missingDir(f, in); ok {
			for _, d := range lang.DirsAbove(dir) {
				for _, m := range uiManifests {
					out = lang.AppendNew(out, path.Join(d, m))
				}
			}
		}
	}
	return out
}

// missingDir is the directory an inclusion compiles in (a file's: the one it is in), when the
// context lacks what it names.
func missingDir(f lang.Facts, in inclusion) (string, bool) {
	if f.Has(in.path) || f.HasDir(in.path) {
		return "", false
	}
	if strings.HasPrefix(in.macro, "include_str") || strings.HasPrefix(in.macro, "include_bytes") {
		return path.Dir(in.path), true
	}
	return in.path, true
}

// binaryEmbeddingSources are the source patterns of the binary's package and of the path
// dependencies that embed; none when the binary is not known or a cargo-leptos project's.
func binaryEmbeddingSources(s *spec.Spec, f lang.Facts) []string {
	m, err := parseManifest(f["Cargo.toml"])
	if err != nil {
		return nil
	}
	if l, err := leptosFor(s, f); err != nil || l != nil {
		return nil
	}
	name, err := binary(s, m, f)
	if err != nil {
		return nil
	}
	file := binarySource(m, name, f)
	if file == "" {
		return nil
	}
	pkgDir, pkg := ".", m
	if d := packageDir(file); d != "" && d != "." {
		pm, err := parseManifest(f[d+"/Cargo.toml"])
		if err != nil {
			return []string{packageSources(file)}
		}
		pkgDir, pkg = d, pm
	}
	sources, _ := embeddingSources(f, pkg, m, pkgDir)
	return append([]string{packageSources(file)}, sources...)
}

// embeddedUIAssets are Rust's default assets (lang.Language.Assets): for each directory the
// binary compiles in that the context lacks, the build of the innermost Node.js project above
// it that writes exactly it; nil for none.
func embeddedUIAssets(s *spec.Spec, f lang.Facts) *spec.Assets {
	var found []spec.Assets
	for _, src := range binaryEmbeddingSources(s, f) {
		for _, in := range inclusions(f, src) {
			dir, ok := missingDir(f, in)
			if !ok || slices.ContainsFunc(found, func(a spec.Assets) bool { return a.Output == dir }) {
				continue
			}
			for _, d := range lang.DirsAbove(dir) {
				b, read := node.ReadUIBuild(f.In(d))
				if !read {
					continue
				}
				if b.Build && path.Join(d, cmp.Or(b.Output, "dist")) == dir && !runsOtherToolchains(f[path.Join(d, "package.json")]) {
					found = append(found, spec.Assets{Dir: d, Output: dir})
				}
				break // the innermost project's build, or none
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	a := found[0]
	a.More = found[1:]
	return &a
}

// otherToolchain is a command a Node.js image lacks the toolchain of: cargo, a JDK's java, or
// openapi-generator-cli (which runs a jar).
var otherToolchain = regexp.MustCompile(`(?:^|[\s;&|(])(?:cargo|java|openapi-generator-cli)\s`)

// scriptRun is a script running another by name (npm run x, yarn x, pnpm x).
var scriptRun = regexp.MustCompile(`\b(?:npm run|pnpm run|yarn run|pnpm|yarn)\s+([A-Za-z0-9:_.-]+)`)

// runsOtherToolchains reports a package.json whose install scripts or build script, or a script
// they run by name, runs a command of another toolchain (otherToolchain).
func runsOtherToolchains(data []byte) bool {
	var m struct {
		Scripts map[string]string `json:"scripts"`
	}
	if json.Unmarshal(data, &m) != nil {
		return false
	}
	todo := []string{"preinstall", "install", "postinstall", "prepare", "prebuild", "build", "postbuild"}
	seen := map[string]bool{}
	for len(todo) > 0 {
		name := todo[0]
		todo = todo[1:]
		script, ok := m.Scripts[name]
		if !ok || seen[name] {
			continue
		}
		seen[name] = true
		if otherToolchain.MatchString(" " + script + " ") {
			return true
		}
		for _, r := range scriptRun.FindAllStringSubmatch(script, -1) {
			todo = append(todo, r[1])
		}
	}
	return false
}
