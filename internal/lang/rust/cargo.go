package rust

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// manifest is the part of Cargo.toml the plan reads.
type manifest struct {
	Package *struct {
		Name       string `toml:"name"`
		DefaultRun string `toml:"default-run"`
		// Autobins false turns cargo's automatic binaries (src/bin/*.rs) off.
		Autobins *bool `toml:"autobins"`
	} `toml:"package"`
	Dependencies map[string]any `toml:"dependencies"`
	// Features are the package's features, each with what it turns on ("dep/feature", "other").
	Features map[string][]string `toml:"features"`
	Bin      []struct {
		Name string `toml:"name"`
		Path string `toml:"path"`
	} `toml:"bin"`
	Workspace *struct {
		Members        []string       `toml:"members"`
		DefaultMembers []string       `toml:"default-members"`
		Dependencies   map[string]any `toml:"dependencies"`
	} `toml:"workspace"`
}

var (
	binName      = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$`)
	rustVersion  = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,2}$`)
	legacyToolch = regexp.MustCompile(`^\s*([A-Za-z0-9._-]+)\s*$`)
)

func parseManifest(data []byte) (*manifest, error) {
	var m manifest
	if err := toml.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// binaries are the binaries the manifest names: its default-run, its [[bin]] targets, or the
// package's own (src/main.rs).
func (m *manifest) binaries() (names []string, fallback bool) {
	for _, b := range m.Bin {
		names = append(names, b.Name)
	}
	if m.Package != nil && m.Package.DefaultRun != "" {
		return []string{m.Package.DefaultRun}, false
	}
	if len(names) == 0 && m.Package != nil {
		return []string{m.Package.Name}, true
	}
	return names, false
}

// binPaths are the files the manifest's [[bin]] targets build, relative to the package: the
// path written, else src/bin/<name>.rs. cargo infers no automatic binary from a file a [[bin]]
// claims (atuin-server's [[bin]] name = "atuin-server", path = "src/bin/main.rs" is no
// binary named main).
func (m *manifest) binPaths() []string {
	var out []string
	for _, b := range m.Bin {
		if b.Path != "" {
			out = append(out, path.Clean(strings.TrimPrefix(b.Path, "./")))
		} else {
			out = append(out, "src/bin/"+b.Name+".rs")
		}
	}
	return out
}

// memberDirs are the workspace's member directories as Cargo.toml writes them (globs such as
// crates/* kept), those a Follower may ask for: clean relative paths inside the context.
func memberDirs(members []string) []string {
	var out []string
	for _, m := range members {
		m = strings.TrimSuffix(strings.TrimPrefix(m, "./"), "/")
		if m == "" || path.Clean(m) != m || path.IsAbs(m) || m == ".." || strings.HasPrefix(m, "../") || strings.ContainsAny(m, "\\[{") || strings.Contains(m, "**") {
			continue
		}
		out = append(out, m)
	}
	return out
}

// memberBinaries are the binaries of the workspace members read (their Cargo.toml, and whether
// src/main.rs is there), in the order of the members, each a package's [[bin]]s, its
// default-run, its own name when it has src/main.rs, and each src/bin/<name>.rs that no [[bin]]
// builds (none with autobins = false). Only the packages keep accepts (by directory and
// manifest) count (all for nil).
func memberBinaries(f map[string][]byte, members []string, keep func(dir string, m *manifest) bool) []string {
	var out []string
	for _, m := range memberDirs(members) {
		var dirs []string
		for name := range f {
			if ok, _ := path.Match(m+"/Cargo.toml", name); ok {
				dirs = append(dirs, path.Dir(name))
			}
		}
		slices.Sort(dirs)
		for _, d := range dirs {
			mm, err := parseManifest(f[d+"/Cargo.toml"])
			if err != nil || mm.Package == nil || keep != nil && !keep(d, mm) {
				continue
			}
			names, fallback := mm.binaries()
			if fallback {
				names = nil
				if _, ok := f[d+"/src/main.rs"]; ok {
					names = append(names, mm.Package.Name)
				}
			}
			if mm.Package.DefaultRun == "" && (mm.Package.Autobins == nil || *mm.Package.Autobins) {
				// cargo's automatic binaries: each src/bin/<name>.rs that no [[bin]] claims
				claimed := mm.binPaths()
				var auto []string
				for name := range f {
					if ok, _ := path.Match(d+"/src/bin/*.rs", name); ok && !slices.Contains(claimed, strings.TrimPrefix(name, d+"/")) {
						auto = append(auto, strings.TrimSuffix(path.Base(name), ".rs"))
					}
				}
				slices.Sort(auto)
				names = append(names, auto...)
			}
			for _, n := range names {
				if binName.MatchString(n) && !slices.Contains(out, n) {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// webFrameworks are crates that make an HTTP server: a package depending on one directly builds
// a server (meilisearch's crates/meilisearch, on actix-web, beside meilitool, xtask and its
// fuzzers). hyper, tonic and the like serve clients as often, and are not among them.
var webFrameworks = []string{"actix-web", "axum", "rocket", "warp", "poem", "salvo", "tide", "ntex", "loco-rs"}

// toolDirs are directories whose members are a workspace's tools, not a service: test
// programs (tensorzero's load tests and mock provider below tensorzero-core/tests/, oxigraph's
// W3C test suite runner in testsuite/ beside its server in cli/, hickory-dns's conformance
// suite's test-server in conformance/ beside its hickory-dns in bin/), examples, benchmarks and
// cargo-fuzz targets.
var toolDirs = []string{"tests", "examples", "benches", "fuzz", "testsuite", "test-suite", "integration-tests", "benchmarks", "conformance"}

// serviceMember reports a member that may be the service an image runs: one below none of
// toolDirs, and not the xtask pattern's build-automation package.
func serviceMember(dir string, m *manifest) bool {
	if slices.ContainsFunc(strings.Split(dir, "/"), func(e string) bool { return slices.Contains(toolDirs, e) }) {
		return false
	}
	return path.Base(dir) != "xtask" && m.Package.Name != "xtask"
}

// servesHTTP reports a package that depends directly on a web framework.
func servesHTTP(m *manifest) bool {
	for _, c := range webFrameworks {
		if _, ok := m.Dependencies[c]; ok {
			return true
		}
	}
	return false
}

// toolchainChannel is the channel a rust-toolchain.toml or legacy rust-toolchain file pins:
// "1.75.0", "stable", "nightly-2024-05-01"; "" when there is none.
func toolchainChannel(tomlFile, legacy []byte) string {
	if len(tomlFile) > 0 {
		var tc struct {
			Toolchain struct {
				Channel string `toml:"channel"`
			} `toml:"toolchain"`
		}
		if toml.Unmarshal(tomlFile, &tc) == nil {
			return tc.Toolchain.Channel
		}
	}
	if len(legacy) > 0 {
		if m := legacyToolch.FindStringSubmatch(string(legacy)); m != nil {
			return m[1]
		}
		return toolchainChannel(legacy, nil) // the legacy name may hold TOML too
	}
	return ""
}

// vendoredDirs are the directories .cargo/config.toml replaces sources with (cargo vendor):
// the dependency step needs them, since they are the dependencies.
func vendoredDirs(config []byte) []string {
	var c struct {
		Source map[string]struct {
			Directory string `toml:"directory"`
		} `toml:"source"`
	}
	if len(config) == 0 || toml.Unmarshal(config, &c) != nil {
		return nil
	}
	var out []string
	for _, src := range c.Source {
		d := path.Clean(strings.TrimPrefix(src.Directory, "./"))
		if src.Directory == "" || path.IsAbs(d) || d == "." || d == ".." || strings.HasPrefix(d, "../") || strings.ContainsAny(d, "*?[\\") {
			continue
		}
		out = append(out, d)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
