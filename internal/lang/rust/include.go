package rust

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Rust program compiles files into itself: include_str!/include_bytes! (a path relative to the
// source file), include_dir! and rust-embed's #[folder] (relative to the package's directory,
// $CARGO_MANIFEST_DIR). When such a path is the output of another build that the project's own
// Dockerfile or script runs first (mCaptcha's `include_str!("../docs/openapi/dist/openapi.yaml")`,
// built by yarn; kellnr's `include_dir!("$CARGO_MANIFEST_DIR/static")`, its Vue UI's build), it
// is not in the build context, and cargo stops at that line. Planning reads the literal paths
// in the binary's package's src/*.rs, asks whether each is in the context, and names those that
// are not (IncludedFileMissing), unless the spec's assets are copied there. So are those of the
// package's direct path dependencies that depend on include_dir or rust-embed (kellnr's binary
// depends on its kellnr-embedded-resources crate, which embeds its UI's build).

var (
	// includeMacro is a compile-time inclusion of a literal path.
	includeMacro = regexp.MustCompile(`\b(include_str|include_bytes|include_dir)!\s*\(\s*"([^"$]*|\$CARGO_MANIFEST_DIR/[^"$]*)"\s*\)`)
	// embedFolder is rust-embed's folder attribute.
	embedFolder = regexp.MustCompile(`#\[\s*folder\s*=\s*"([^"$]*|\$CARGO_MANIFEST_DIR/[^"$]*)"\s*\]`)
)

// inclusion is a path a source file compiles in: where, with what, and the context path.
type inclusion struct {
	file  string
	line  int
	macro string
	path  string
}

// inclusions are the literal paths the files matching sources (a package's src/*.rs) compile in,
// as context paths; those leaving the context, or not plain, are passed over.
func inclusions(f lang.Facts, sources string) []inclusion {
	pkgDir := strings.TrimSuffix(strings.TrimSuffix(sources, "*.rs"), "src/")
	var out []inclusion
	for _, file := range f.Glob(sources) {
		for i, line := range codeLines(f[file]) {
			var macro, lit, base string
			if m := includeMacro.FindStringSubmatch(line); m != nil {
				macro, lit, base = m[1]+"!", m[2], path.Dir(file)
				if macro == "include_dir!" {
					base = pkgDir
				}
			} else if m := embedFolder.FindStringSubmatch(line); m != nil {
				macro, lit, base = "#[folder]", m[1], pkgDir
			} else {
				continue
			}
			if rest, ok := strings.CutPrefix(lit, "$CARGO_MANIFEST_DIR/"); ok {
				lit, base = rest, pkgDir
			} else if path.IsAbs(lit) {
				continue
			}
			if p, ok := lang.ContextPath(path.Join(".", base, lit)); ok {
				out = append(out, inclusion{file, i + 1, macro, p})
			}
		}
	}
	return out
}

// inclusionProbes ask whether each path the sources compile in is in the context, and for one
// that is not, what tells whether a UI's build writes it (embeddedui.go).
func inclusionProbes(f lang.Facts, sources string) []string {
	var out []string
	for _, in := range inclusions(f, sources) {
		out = append(out, lang.Probe(in.path))
	}
	return append(out, uiReadsAbove(f, sources)...)
}

// missingInclusions name each path the binary's package compiles in that the build context
// lacks, but those the spec's assets, or the default ones (embeddedui.go), are copied into (or
// out of).
func missingInclusions(s *spec.Spec, sources string, f lang.Facts) []plan.Note {
	with := s
	if s.Assets == nil {
		if a := embeddedUIAssets(s, f); a != nil {
			c := *s
			c.Assets, with = a, &c
		}
	}
	var out []plan.Note
	for _, in := range inclusions(f, sources) {
		if f.Has(in.path) || f.HasDir(in.path) || copiedByAssets(with, in.path) {
			continue
		}
		into := in.path // a directory; a file's is the one it is in
		if strings.HasPrefix(in.macro, "include_str") || strings.HasPrefix(in.macro, "include_bytes") {
			into = path.Dir(in.path)
		}
		out = append(out, rules.IncludedFileMissing.Note(lang.FirstField(s, "assets", "build.command", "language"),
			rules.IncludedFileMissing.Format(in.file, in.line, in.macro, in.path, into, submoduleOf(f, in.path))))
	}
	return out
}

// submodulePath is a submodule's path in .gitmodules.
var submodulePath = regexp.MustCompile(`(?m)^\s*path\s*=\s*(\S+)\s*$`)

// submoduleOf is the git submodule (a path of the context's .gitmodules) p is in or is, "" for
// none.
func submoduleOf(f lang.Facts, p string) string {
	for _, m := range submodulePath.FindAllStringSubmatch(f.Text(".gitmodules"), -1) {
		if sm := path.Clean(m[1]); p == sm || strings.HasPrefix(p, sm+"/") {
			return sm
		}
	}
	return ""
}

// copiedByAssets reports a path at, below or above where the spec's assets are copied.
func copiedByAssets(s *spec.Spec, p string) bool {
	if s.Assets == nil || s.Assets.Disabled {
		return false
	}
	for _, a := range s.Assets.All() {
		to := a.CopiedTo()
		if to == p || strings.HasPrefix(p, to+"/") || strings.HasPrefix(to, p+"/") {
			return true
		}
	}
	return false
}

// embedders are the crates whose use makes a package embed a directory: rust-embed-for-web
// (openobserve's UI crate) is rust-embed's fork, its #[folder] the same.
var embedders = []string{"include_dir", "rust-embed", "rust_embed", "rust-embed-for-web", "rust_embed_for_web"}

// pathDeps are the directories of a package's direct path dependencies (`{ path = "..." }`
// relative to the package at pkgDir, or `{ workspace = true }` resolved in the root manifest's
// [workspace.dependencies], relative to the root), clean paths inside the context.
func pathDeps(pkg, root *manifest, pkgDir string) []string {
	var out []string
	for name, d := range pkg.Dependencies {
		t, ok := d.(map[string]any)
		if !ok {
			continue
		}
		dir, base := "", pkgDir
		if p, ok := t["path"].(string); ok {
			dir = p
		} else if ws, _ := t["workspace"].(bool); ws && root != nil && root.Workspace != nil {
			if rt, ok := root.Workspace.Dependencies[name].(map[string]any); ok {
				dir, _ = rt["path"].(string)
				base = "."
			}
		}
		if dir == "" || path.IsAbs(dir) {
			continue
		}
		if p, ok := lang.ContextPath(path.Join(base, dir)); ok && lang.CheckContextName(p+"/Cargo.toml") == nil {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// embeds reports a package that depends on include_dir or rust-embed.
func (m *manifest) embeds() bool {
	for _, e := range embedders {
		if _, ok := m.Dependencies[e]; ok {
			return true
		}
	}
	return false
}

// embeddingSources are the source patterns (dir/src/*.rs) of the package's path dependencies
// whose Cargo.toml, read, depends on include_dir or rust-embed, the direct ones first; asks are
// the Cargo.toml files of the direct path dependencies still to read. Below the direct ones, a
// path dependency's own are followed when their Cargo.toml is already read (a workspace's
// members are), up to embedDepth levels, asking for nothing more: warpgate's binary depends on
// warpgate-protocol-http, which depends on warpgate-web, whose rust-embed folder is its UI's
// build.
func embeddingSources(f lang.Facts, pkg, root *manifest, pkgDir string) (sources, asks []string) {
	seen := map[string]bool{pkgDir: true}
	type level struct {
		m   *manifest
		dir string
	}
	next := []level{{pkg, pkgDir}}
	for depth := 0; depth < embedDepth && len(next) > 0; depth++ {
		var below []level
		for _, l := range next {
			for _, dir := range pathDeps(l.m, root, l.dir) {
				if seen[dir] {
					continue
				}
				data, read := f[dir+"/Cargo.toml"]
				if !read {
					if depth == 0 {
						asks = append(asks, dir+"/Cargo.toml")
					}
					continue
				}
				seen[dir] = true
				dm, err := parseManifest(data)
				if err != nil {
					continue
				}
				if dm.embeds() {
					sources = append(sources, dir+"/src/*.rs")
				}
				below = append(below, level{dm, dir})
			}
		}
		next = below
	}
	return sources, asks
}

// embedDepth is how many levels of path dependencies embeddingSources follows.
const embedDepth = 3

// dependencyReads are what Follow asks for to read the inclusions of the package's embedding
// path dependencies: their Cargo.toml, then their sources and the paths those compile in.
func dependencyReads(f lang.Facts, pkg, root *manifest, pkgDir string) []string {
	sources, out := embeddingSources(f, pkg, root, pkgDir)
	for _, src := range sources {
		out = append(out, src)
		out = append(out, inclusionProbes(f, src)...)
	}
	return out
}
