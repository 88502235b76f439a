package rust

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// provider is the Rust provider as the registry lists it: declared, planned by the skeleton.
var provider = langtest.For(Provider{})

func cargo(toml string, more ...string) lang.Facts {
	return langtest.With(lang.Facts{"Cargo.toml": []byte(toml), "Cargo.lock": []byte("version = 3\n")}, more...)
}

const pkg = "[package]\nname = \"web-server\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"

// run is the stage's i-th RUN step, nil when it has fewer.
func run(st *plan.Stage, i int) *plan.Run {
	if runs := langtest.Runs(st); i < len(runs) {
		return runs[i]
	}
	return nil
}

func TestBinaryName(t *testing.T) {
	for _, tc := range []struct{ src, manifest, want string }{
		{"language: rust\n", pkg, "web-server"},
		{"language: rust\n", pkg + "[[bin]]\nname = \"srv\"\npath = \"src/bin/srv.rs\"\n", "srv"},
		{"language: rust\n", pkg + "default-run = \"b\"\n[[bin]]\nname = \"a\"\n[[bin]]\nname = \"b\"\n", "b"},
		{"language: rust\nentrypoint: a\n", pkg + "[[bin]]\nname = \"a\"\n[[bin]]\nname = \"b\"\n", "a"},
		{"language: rust\nentrypoint: api\n", "[workspace]\nmembers = [\"crates/*\"]\n", "api"},
	} {
		p := provider.MustPlan(t, tc.src, cargo(tc.manifest))
		b := run(p.Stage("builder"), 0)
		if b.Args[2] != tc.want || p.Image.Entrypoint[0] != "/usr/local/bin/"+tc.want {
			t.Errorf("%q: builds %q, runs %q; want %s", tc.manifest, b.Args, p.Image.Entrypoint, tc.want)
		}
	}
	for _, tc := range []struct{ src, manifest, want string }{
		{"language: rust\n", pkg + "[[bin]]\nname = \"a\"\n[[bin]]\nname = \"b\"\n", "declares several binaries (a, b): set `entrypoint`"},
		// the suggestion: the one named as a server (shadowsocks-rust's ssserver beside sslocal), not the first
		{"language: rust\n", pkg + "[[bin]]\nname = \"tunlocal\"\n[[bin]]\nname = \"tunserver\"\n[[bin]]\nname = \"tunurl\"\n",
			"declares several binaries (tunlocal, tunserver, tunurl): set `entrypoint` to the one the image runs at Dockerfile:2:1, e.g. entrypoint: tunserver (by its name the server)"},
		{"language: rust\n", pkg + "[[bin]]\nname = \"bserver\"\n[[bin]]\nname = \"a-server\"\n", "e.g. entrypoint: a-server"},
		{"language: rust\n", pkg + "[[bin]]\nname = \"tunlocal\"\n[[bin]]\nname = \"aserver\"\n[[bin]]\nname = \"bserver\"\n", "e.g. entrypoint: tunlocal"},
		{"language: rust\n", "[workspace]\nmembers = [\"crates/api\", \"crates/core\"]\n", "workspace without a root package (members crates/api, crates/core)"},
		{"language: rust\nentrypoint: ../x\n", pkg, `"../x" is not the name of a Cargo binary at Dockerfile:3:1`},
		{"language: rust\nentrypoint: \"$(id)\"\n", pkg, "is not the name of a Cargo binary"},
		{"language: rust\n", "[package\n", "Cargo.toml is not valid TOML"},
	} {
		provider.Refuses(t, "# syntax=org/multistage-frontend\n"+tc.src, cargo(tc.manifest), tc.want, "Dockerfile:")
	}
	provider.Refuses(t, "language: rust\n", lang.Facts{}, "no Cargo.toml")
}

func TestToolchainVersion(t *testing.T) {
	for _, tc := range []struct {
		src   string
		files []string
		want  string
	}{
		{"language: rust\n", nil, "rust:1-bookworm"},
		{"language: rust\nversion: \"1.83\"\n", []string{"rust-toolchain.toml", "[toolchain]\nchannel = \"1.75.0\"\n"}, "rust:1.83-bookworm"},
		{"language: rust\n", []string{"rust-toolchain.toml", "[toolchain]\nchannel = \"1.75.0\"\ncomponents = [\"clippy\"]\n"}, "rust:1.75.0-bookworm"},
		{"language: rust\n", []string{"rust-toolchain", "1.70\n"}, "rust:1.70-bookworm"},
		{"language: rust\n", []string{"rust-toolchain", "[toolchain]\nchannel = \"1.71\"\n"}, "rust:1.71-bookworm"},
		{"language: rust\n", []string{"rust-toolchain.toml", "[toolchain]\nchannel = \"nightly-2024-05-01\"\n"}, "rust:1-bookworm"},
		{"language: rust\n", []string{"rust-toolchain.toml", "[toolchain]\nchannel = \"stable\"\n"}, "rust:1-bookworm"},
		{"language: rust\nbuild: {image: my/rust:1}\n", nil, "my/rust:1"},
	} {
		p := provider.MustPlan(t, tc.src, cargo(pkg, tc.files...))
		if got := p.Stage("deps").Base.Image; got != tc.want {
			t.Errorf("%q %q: builder %q, want %q", tc.src, tc.files, got, tc.want)
		}
	}
	provider.Refuses(t, "language: rust\nversion: nightly\n", cargo(pkg), `"nightly" is not a Rust version`)
}

func TestStepsCachesAndLockfile(t *testing.T) {
	p := provider.MustPlan(t, "language: rust\n", cargo(pkg))
	deps := p.Stage("deps")
	cp := deps.Steps[0].(*plan.Copy)
	for _, want := range []string{"Cargo.toml", "Cargo.lock", "**/Cargo.toml", "rust-toolchain.toml", ".cargo"} {
		if !slices.Contains(cp.Include, want) {
			t.Errorf("deps copies %q, lacking %s", cp.Include, want)
		}
	}
	fetch := run(deps, 0)
	if !slices.Equal(fetch.Args, []string{"/bin/sh", lang.ScriptDir + "/cargo-fetch.sh", "--locked"}) {
		t.Errorf("deps runs %q", fetch.Args)
	}
	mounts := func(r *plan.Run) []string {
		var out []string
		for _, m := range r.Mounts {
			out = append(out, string(m.Type)+":"+m.ID+"@"+m.Target+":"+string(m.Sharing))
		}
		return out
	}
	// the crates stay in deps' layer, for a registry cache to carry
	if got := mounts(fetch); !slices.Equal(got, []string{"tmpfs:@" + placeholderDir + ":", "bind:@" + lang.ScriptDir + ":"}) {
		t.Errorf("fetch mounts %q", got)
	}
	build := run(p.Stage("builder"), 0)
	if !slices.Equal(build.Args[2:], []string{"web-server", "gnu", "--locked"}) ||
		!slices.Contains(build.Env, plan.Env{Key: "TARGETARCH", Value: "${TARGETARCH}"}) {
		t.Errorf("build runs %q with %v", build.Args, build.Env)
	}
	// the dependencies compiled in deps' layer (cargo-chef's cook), with the build's flags and
	// environment, but not SOURCE_DATE_EPOCH, which changes every commit
	cook := run(deps, 1)
	if !slices.Equal(cook.Args, []string{"/bin/sh", lang.ScriptDir + "/cargo-cook.sh", "web-server", "gnu", "--locked"}) ||
		!slices.Equal(cook.Env, build.Env) || slices.Contains(cook.UseArgs, plan.EpochArg) || !slices.Contains(build.UseArgs, plan.EpochArg) ||
		slices.ContainsFunc(cook.Mounts, func(m plan.Mount) bool { return m.Type == plan.MountCache }) {
		t.Errorf("cook %+v", cook)
	}
	if got := mounts(build); !slices.Contains(got, "cache:cargo-target-web-server@/src/target:locked") {
		t.Errorf("build mounts %q: target/ is not a locked cache of its own", got)
	}
	for _, m := range build.Mounts {
		if m.Type == plan.MountCache && (m.FromStage != "deps" || m.Source != m.Target) {
			t.Errorf("build's cache %s is not seeded from deps' layer: %+v", m.ID, m)
		}
	}
	if tst := run(p.Stage("tester"), 0); !slices.Equal(tst.Args, []string{"/bin/sh", lang.ScriptDir + "/cargo-fresh.sh", "cargo", "test", "--locked"}) ||
		!slices.Contains(mounts(tst), "cache:cargo-target-web-server@/src/target:locked") {
		t.Errorf("tester runs %q with %q", tst.Args, mounts(tst))
	}
	if ex := p.Stage("builder").Steps[0].(*plan.Copy).Exclude; !slices.Equal(ex, []string{"target"}) {
		t.Errorf("builder copies target/ from the context: exclude %q", ex)
	}

	p = provider.MustPlan(t, "language: rust\n", lang.Facts{"Cargo.toml": []byte(pkg)})
	if fetch := run(p.Stage("deps"), 0); slices.Contains(fetch.Args, "--locked") || len(p.Notes) != 1 || p.Notes[0].Rule != "MissingLockfile" {
		t.Errorf("without Cargo.lock: fetch %q, notes %+v", fetch.Args, p.Notes)
	}
}

func TestVendoredSourcesAreDependencies(t *testing.T) {
	config := "[source.crates-io]\nreplace-with = \"vendored-sources\"\n\n[source.vendored-sources]\ndirectory = \"third_party/vendor\"\n" +
		"[source.evil]\ndirectory = \"../../etc\"\n"
	p := provider.MustPlan(t, "language: rust\n", cargo(pkg, ".cargo/config.toml", config))
	inc := p.Stage("deps").Steps[0].(*plan.Copy).Include
	if !slices.Contains(inc, "third_party/vendor") || slices.ContainsFunc(inc, func(s string) bool { return strings.Contains(s, "..") }) {
		t.Errorf("deps copies %q", inc)
	}
}

func TestRuntimesPickTheLibc(t *testing.T) {
	for _, tc := range []struct{ runtime, libc, base string }{
		{"", "gnu", "gcr.io/distroless/cc-debian12:nonroot"},
		{"slim", "gnu", "debian:bookworm-slim"},
		{"alpine", "musl", "alpine:3.22"},
		{"scratch", "musl", ""},
		{"my/base:1", "gnu", "my/base:1"},
	} {
		src := "language: rust\n"
		if tc.runtime != "" {
			src += "runtime: " + tc.runtime + "\n"
		}
		p := provider.MustPlan(t, src, cargo(pkg))
		if b := run(p.Stage("builder"), 0); b.Args[3] != tc.libc {
			t.Errorf("%s: builds for %s, want %s", tc.runtime, b.Args[3], tc.libc)
		}
		if base := langtest.RuntimeImage(p); base != tc.base || p.Image.User != "65532:65532" {
			t.Errorf("%s: runtime %q as %q", tc.runtime, base, p.Image.User)
		}
	}
	for src, want := range map[string]string{
		"language: rust\npackages: [ca-certificates]\n":                   "the distroless runtime has no package manager",
		"language: rust\nruntime: scratch\npackages: [ca-certificates]\n": "the scratch runtime has no package manager",
	} {
		provider.Refuses(t, src, cargo(pkg), want)
	}
	p := provider.MustPlan(t, "language: rust\nruntime: slim\npackages: [libssl3]\n", cargo(pkg))
	if r := run(p.Stage("runtime"), 0); r == nil || !strings.HasPrefix(r.Display, "apt-get install libssl3") {
		t.Errorf("slim packages: %+v", r)
	}
}

func TestScriptsKeepValuesOutOfTheirText(t *testing.T) {
	for name, script := range map[string]string{"fetch": fetchScript, "cook": cookScript, "build": buildScript} {
		if strings.Contains(script, "web-server") || !strings.HasPrefix(script, "set -eu\n") {
			t.Errorf("%s script is not fixed text with set -eu", name)
		}
	}
	// the placeholders are removed whatever happens to cargo
	for name, script := range map[string]string{"fetch": fetchScript, "cook": cookScript} {
		if !strings.Contains(script, "trap 'while IFS= read -r f; do rm -f \"$f\"; rmdir -p \"${f%/*}\" 2>/dev/null || true; done <\"$list\"' EXIT") {
			t.Errorf("the %s script does not remove its placeholders on exit", name)
		}
	}
}

func TestBuildPackagesComeFirstInDeps(t *testing.T) {
	p := provider.MustPlan(t, "language: rust\nbuild: {packages: [gcc-aarch64-linux-gnu, libssl-dev]}\n", cargo(pkg))
	if r, ok := p.Stage("deps").Steps[0].(*plan.Run); !ok || !strings.HasPrefix(r.Display, "apt-get install gcc-aarch64-linux-gnu libssl-dev") {
		t.Errorf("deps starts with %+v", p.Stage("deps").Steps[0])
	}
}

// Cargo rebuilds by file times and target/ is a shared cache: every command that compiles runs
// after the sources are touched, so a snapshot BuildKit reuses with older times is rebuilt.
func TestCompilingCommandsTouchTheSourcesFirst(t *testing.T) {
	if i, j := strings.Index(buildScript, touchSources), strings.Index(buildScript, "cargo build"); i < 0 || j < i {
		t.Errorf("cargo build does not run after the sources are touched")
	}
	if !strings.Contains(touchSources, "-path ./target -prune") {
		t.Errorf("touching descends into the target/ cache")
	}
	p := provider.MustPlan(t, "language: rust\nbuild: {command: [cargo, build, --release]}\ntest: cargo test --all-features\n", cargo(pkg))
	if n := len(p.Stage("deps").Steps); n != 2 {
		t.Errorf("deps has %d steps: the dependencies are compiled ahead only for the default command, whose flags are known", n)
	}
	if b := run(p.Stage("builder"), 0); !slices.Equal(b.Args, []string{"/bin/sh", lang.ScriptDir + "/cargo-fresh.sh", "cargo", "build", "--release"}) ||
		b.Display != "cargo build --release" {
		t.Errorf("build.command runs %q (%s)", b.Args, b.Display)
	}
	if tst := run(p.Stage("tester"), 0); !slices.Equal(tst.Args, []string{"/bin/sh", lang.ScriptDir + "/cargo-fresh.sh", "/bin/sh", "-c", "cargo test --all-features"}) ||
		tst.Display != "cargo test --all-features" {
		t.Errorf("test runs %q (%s)", tst.Args, tst.Display)
	}
}

// TestTouchSourcesLeavesVendoredCrates runs touchSources in a tree like a build's: the
// project's files get a new time, target/ and a vendored crate (a directory with cargo's
// .cargo-checksum.json, whose build script's rerun-if-changed cargo checks by time) keep theirs.
func TestTouchSourcesLeavesVendoredCrates(t *testing.T) {
	dir := t.TempDir()
	old := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	files := []string{"Cargo.toml", "src/main.rs", "target/release/app", "vendor/proc-macro2/.cargo-checksum.json",
		"vendor/proc-macro2/build.rs", "vendor/proc-macro2/src/lib.rs"}
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("/bin/sh", "-c", touchSources)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("touchSources: %v\n%s", err, out)
	}
	for _, f := range files {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		touched := st.ModTime().After(old)
		if want := !strings.HasPrefix(f, "target/") && !strings.HasPrefix(f, "vendor/"); touched != want {
			t.Errorf("%s touched: %v, want %v", f, touched, want)
		}
	}
}

// A virtual workspace in the shape of an LDAP server's: a server package with src/main.rs,
// two command-line tools, a web front end and library crates under crates/*; cargo build at
// the root builds default-members. Among several, the one the project's own Dockerfile runs.
func TestWorkspaceBinaryFromItsMembers(t *testing.T) {
	member := func(name, more string) string {
		return "[package]\nname = \"" + name + "\"\nversion = \"0.1.0\"\nedition.workspace = true\n" + more
	}
	ctx := map[string]string{
		"Cargo.lock":                     "version = 4\n",
		"server/Cargo.toml":              member("dirsrv", "[dependencies]\ndirsrv-auth = { path = \"../crates/auth\" }\n"),
		"server/src/main.rs":             "fn main() {}\n",
		"tools/passwd/Cargo.toml":        member("dirsrv-passwd", ""),
		"tools/passwd/src/main.rs":       "fn main() {}\n",
		"tools/migrate/Cargo.toml":       member("dirsrv-migrate", "[[bin]]\nname = \"dirsrv-migrate\"\npath = \"src/cli.rs\"\n"),
		"ui/Cargo.toml":                  member("dirsrv-ui", "[lib]\ncrate-type = [\"cdylib\"]\n"),
		"ui/src/lib.rs":                  "\n",
		"crates/auth/Cargo.toml":         member("dirsrv-auth", ""),
		"crates/auth/src/lib.rs":         "\n",
		"crates/store/Cargo.toml":        member("dirsrv-store", ""),
		"crates/store/src/lib.rs":        "\n",
		"crates/store/benches/bench.rs":  "\n",
		"tools/admin/Cargo.toml":         member("dirsrv-admin", ""),
		"tools/admin/src/lib.rs":         "\n",
		"tools/admin/src/bin/reindex.rs": "fn main() {}\n",
		"hub/Cargo.toml":                 member("dirsrv-hub", "[[bin]]\nname = \"dirsrv-hub\"\npath = \"src/bin/main.rs\"\n"),
		"hub/src/bin/main.rs":            "fn main() {}\n",
		"hub/src/bin/seed.rs":            "fn main() {}\n",
		"quiet/Cargo.toml":               "[package]\nname = \"dirsrv-quiet\"\nversion = \"0.1.0\"\nautobins = false\n",
		"quiet/src/lib.rs":               "\n",
		"quiet/src/bin/scratch.rs":       "fn main() {}\n",
		"srv/Cargo.toml":                 member("dirsrv-server", ""),
		"srv/src/main.rs":                "fn main() {}\n",
		"bare/Cargo.toml":                member("server", ""),
		"daemon/Cargo.toml":              member("dirsrvd", ""),
		"daemon/src/main.rs":             "fn main() {}\n",
		"tools/sync/Cargo.toml":          member("syncd", ""),
		"tools/sync/src/main.rs":         "fn main() {}\n",
		"tools/passwdd/Cargo.toml":       member("dirsrv-passwdd", ""),
		"tools/passwdd/src/main.rs":      "fn main() {}\n",
		"bare/src/main.rs":               "fn main() {}\n",
		"search/Cargo.toml":              member("searchd", "[dependencies]\naxum = { workspace = true }\n"),
		"search/src/main.rs":             "fn main() {}\n",
		"routes/Cargo.toml":              member("search-routes", "[dependencies]\nactix-web = \"4\"\n"),
		"routes/src/lib.rs":              "\n",
		"web/Cargo.toml":                 member("dirsrv-web", "[dependencies]\nactix-web = \"4\"\n"),
		"web/src/main.rs":                "fn main() {}\n",
		// a workspace's test programs, examples and xtask (tensorzero's load tests and mock provider below tests/)
		"web/tests/load/Cargo.toml":           member("load-test", ""),
		"web/tests/load/src/main.rs":          "fn main() {}\n",
		"web/tests/mock/Cargo.toml":           member("mock-api", "[dependencies]\naxum = \"0.7\"\n"),
		"web/tests/mock/src/main.rs":          "fn main() {}\n",
		"examples/demo/Cargo.toml":            member("demo", ""),
		"examples/demo/src/main.rs":           "fn main() {}\n",
		"testsuite/Cargo.toml":                member("dirsrv-testsuite", ""),
		"testsuite/src/main.rs":               "fn main() {}\n",
		"conformance/test-server/Cargo.toml":  member("test-server", "[dependencies]\nclap = \"4\"\n"),
		"conformance/test-server/src/main.rs": "fn main() {}\n",
		"doubles/Cargo.toml":                  member("mock-server", ""),
		"doubles/src/main.rs":                 "fn main() {}\n",
		"xtask/Cargo.toml":                    member("xtask", ""),
		"xtask/src/main.rs":                   "fn main() {}\n",
		"twin/Cargo.toml":                     member("twin", "[dependencies]\nrocket = \"0.5\"\n[[bin]]\nname = \"twin-web\"\npath = \"src/web.rs\"\n[[bin]]\nname = \"twin-seed\"\npath = \"src/seed.rs\"\n"),
	}
	members := "[workspace]\nmembers = [\"server\", \"ui\", \"tools/migrate\", \"tools/passwd\", \"crates/*\"]\n"
	for _, tc := range []struct{ name, root, src, want, err string }{
		{"default-members", members + "default-members = [\"server\"]\nresolver = \"2\"\n", "language: rust\n", "dirsrv", ""},
		{"one member with a binary", "[workspace]\nmembers = [\"server\", \"ui\", \"crates/*\"]\n", "language: rust\n", "dirsrv", ""},
		{"several", members, "language: rust\n", "",
			"members build several binaries (dirsrv, dirsrv-migrate, dirsrv-passwd): set `entrypoint` to the one the image runs at Dockerfile:1:1, e.g. entrypoint: dirsrv"},
		{"entrypoint", members, "language: rust\nentrypoint: dirsrv-passwd\n", "dirsrv-passwd", ""},
		{"a member's src/bin", "[workspace]\nmembers = [\"ui\", \"crates/*\", \"tools/admin\"]\n", "language: rust\n", "reindex", ""},
		{"src/main.rs beside another member's src/bin", "[workspace]\nmembers = [\"server\", \"tools/admin\"]\n", "language: rust\n", "",
			"members build several binaries (dirsrv, reindex)"},
		{"a [[bin]] path in src/bin is no automatic binary", "[workspace]\nmembers = [\"hub\", \"quiet\"]\n", "language: rust\n", "",
			"members build several binaries (dirsrv-hub, seed)"},
		// among several, the only one named as a server (atuin-server beside atuin, lemmy_server beside its tools)
		{"a server among them", "[workspace]\nmembers = [\"hub\", \"tools/passwd\", \"srv\"]\n", "language: rust\n", "dirsrv-server", ""},
		{"server, exactly", "[workspace]\nmembers = [\"tools/passwd\", \"bare\"]\n", "language: rust\n", "server", ""},
		{"two servers", "[workspace]\nmembers = [\"srv\", \"bare\"]\n", "language: rust\n", "", "members build several binaries (dirsrv-server, server)"},
		// a daemon of another's name is the suggestion, not the default: its client comes first (kanidm's
		// kanidmd); two daemons, or one of no other's name (tools/syncd: there is no sync), suggest the first
		{"a daemon beside its client", "[workspace]\nmembers = [\"server\", \"tools/passwd\", \"daemon\", \"tools/sync\"]\n", "language: rust\n", "",
			"members build several binaries (dirsrv, dirsrv-passwd, dirsrvd, syncd): set `entrypoint` to the one the image runs at Dockerfile:1:1, e.g. entrypoint: dirsrvd (by its name the daemon of dirsrv)"},
		{"two daemons", "[workspace]\nmembers = [\"server\", \"tools/passwd\", \"daemon\", \"tools/passwdd\"]\n", "language: rust\n", "",
			"members build several binaries (dirsrv, dirsrv-passwd, dirsrvd, dirsrv-passwdd): set `entrypoint` to the one the image runs at Dockerfile:1:1, e.g. entrypoint: dirsrv"},
		// among several, the only binary of a package on a web framework (meilisearch beside meilitool
		// and its fuzzers); a library on one (routes) builds no binary
		{"the one on a web framework", "[workspace]\nmembers = [\"tools/passwd\", \"search\", \"routes\", \"tools/migrate\"]\n", "language: rust\n", "searchd", ""},
		{"two on web frameworks", "[workspace]\nmembers = [\"search\", \"web\", \"tools/passwd\"]\n", "language: rust\n", "",
			"members build several binaries (searchd, dirsrv-web, dirsrv-passwd)"},
		{"a package on a web framework building two", "[workspace]\nmembers = [\"twin\", \"tools/passwd\"]\n", "language: rust\n", "",
			"members build several binaries (twin-web, twin-seed, dirsrv-passwd)"},
		// test programs, examples, benchmarks and xtask are no candidates: the service among them is
		// the only one left, or the only one on a web framework, and an error names neither
		{"beside tests, examples and xtask", "[workspace]\nmembers = [\"server\", \"web/tests/load\", \"examples/demo\", \"xtask\"]\n", "language: rust\n", "dirsrv", ""},
		// a test suite's runner beside the server (oxigraph's testsuite/ beside cli/)
		{"beside a testsuite", "[workspace]\nmembers = [\"server\", \"testsuite\", \"crates/*\"]\n", "language: rust\n", "dirsrv", ""},
		// a conformance suite's test server beside the server and its tools (hickory-dns's
		// conformance/test-server beside bin/ and util/): not taken for the server by its name
		{"beside a conformance suite's test server", "[workspace]\nmembers = [\"server\", \"tools/passwd\", \"conformance/test-server\"]\n", "language: rust\n", "",
			"members build several binaries (dirsrv, dirsrv-passwd): set `entrypoint` to the one the image runs at Dockerfile:1:1, e.g. entrypoint: dirsrv"},
		// a mock or test server is a test's double, wherever it is: the server is the other one
		{"a mock server beside the server", "[workspace]\nmembers = [\"tools/passwd\", \"doubles\", \"srv\"]\n", "language: rust\n", "dirsrv-server", ""},
		{"a web framework's test mock", "[workspace]\nmembers = [\"web\", \"web/tests/mock\", \"tools/passwd\"]\n", "language: rust\n", "dirsrv-web", ""},
		{"tests left out of the error", "[workspace]\nmembers = [\"server\", \"web/tests/load\", \"tools/passwd\", \"xtask\"]\n", "language: rust\n", "",
			"members build several binaries (dirsrv, dirsrv-passwd): set `entrypoint` to the one the image runs at Dockerfile:1:1, e.g. entrypoint: dirsrv"},
		{"only tests and examples build one", "[workspace]\nmembers = [\"crates/*\", \"web/tests/load\", \"examples/demo\"]\n", "language: rust\n", "",
			"members build several binaries (load-test, demo)"},
		{"an entrypoint may name one", "[workspace]\nmembers = [\"server\", \"web/tests/load\"]\n", "language: rust\nentrypoint: load-test\n", "load-test", ""},
		{"autobins = false", "[workspace]\nmembers = [\"ui\", \"quiet\", \"server\"]\n", "language: rust\n", "dirsrv", ""},
		// the one the project's own image runs (pgdog's `CMD ["/usr/local/bin/pgdog"]` beside its
		// scripts/jsonschema generator), by a path or a bare name; a command naming none of them
		// leaves the error
		{"the one its own Dockerfile runs", members + "#Dockerfile:FROM debian:bookworm-slim\nCOPY --from=builder /build/target/release/dirsrv-passwd /usr/local/bin/dirsrv-passwd\nWORKDIR /srv\nCMD [\"/usr/local/bin/dirsrv-passwd\", \"--listen\", \"0.0.0.0\"]\n", "language: rust\n", "dirsrv-passwd", ""},
		{"by its bare name in an ENTRYPOINT", members + "#Dockerfile:FROM debian:bookworm-slim\nWORKDIR /srv\nENTRYPOINT [\"dirsrv-migrate\"]\n", "language: rust\n", "dirsrv-migrate", ""},
		{"its Dockerfile runs another program", members + "#Dockerfile:FROM debian:bookworm-slim\nWORKDIR /srv\nENTRYPOINT [\"/entrypoint.sh\"]\n", "language: rust\n", "",
			"members build several binaries (dirsrv, dirsrv-migrate, dirsrv-passwd)"},
		{"libraries only", "[workspace]\nmembers = [\"crates/*\"]\n", "language: rust\n", "",
			"members crates/*), and none of the members read has src/main.rs, src/bin/*.rs or a [[bin]]"},
	} {
		c := maps.Clone(ctx)
		c["Cargo.toml"] = tc.root
		if root, df, ok := strings.Cut(tc.root, "#Dockerfile:"); ok {
			c["Cargo.toml"], c["docker/Dockerfile"] = root, df
		}
		f := provider.Gathered(t, tc.src, c)
		p, err := provider.TryPlan(t, tc.src, f)
		if tc.err != "" {
			langtest.ErrorHas(t, tc.name, err, tc.err)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if b := run(p.Stage("builder"), 0); b.Args[2] != tc.want || p.Image.Entrypoint[0] != "/usr/local/bin/"+tc.want {
			t.Errorf("%s: builds %q, runs %q; want %s", tc.name, b.Args, p.Image.Entrypoint, tc.want)
		}
	}
}

// TestFeaturesReachEveryCargoCommand: `features` and `default_features: false` are the same
// flags in the dependencies' cook (so the compiled dependencies are the build's), the build and
// cargo test; with build.command, the spec's command is run as written and there is no cook.
func TestFeaturesReachEveryCargoCommand(t *testing.T) {
	p := provider.MustPlan(t, "language: rust\nfeatures: [sqlite, serde/derive]\ndefault_features: false\n", cargo(pkg))
	flags := []string{"--locked", "--no-default-features", "--features=sqlite,serde/derive"}
	if fetch := run(p.Stage("deps"), 0); !slices.Equal(fetch.Args[2:], []string{"--locked"}) {
		t.Errorf("fetch %q: cargo fetch fetches every feature's crates, it takes no features", fetch.Args)
	}
	if cook := run(p.Stage("deps"), 1); !slices.Equal(cook.Args[2:], slices.Concat([]string{"web-server", "gnu"}, flags)) {
		t.Errorf("cook %q", cook.Args)
	}
	build := run(p.Stage("builder"), 0)
	if !slices.Equal(build.Args[2:], slices.Concat([]string{"web-server", "gnu"}, flags)) ||
		!strings.HasPrefix(build.Display, "cargo build --release --locked --no-default-features --features=sqlite,serde/derive --target") {
		t.Errorf("build %q, shown as %q", build.Args, build.Display)
	}
	if tst := run(p.Stage("tester"), 0); !slices.Equal(tst.Args[2:], slices.Concat([]string{"cargo", "test"}, flags)) {
		t.Errorf("tester %q", tst.Args)
	}

	p = provider.MustPlan(t, "language: rust\nfeatures: [mysql]\n", lang.Facts{"Cargo.toml": []byte(pkg)})
	if b := run(p.Stage("builder"), 0); !slices.Equal(b.Args[2:], []string{"web-server", "gnu", "--features=mysql"}) {
		t.Errorf("without Cargo.lock: build %q", b.Args)
	}
	p = provider.MustPlan(t, "language: rust\ndefault_features: true\n", cargo(pkg))
	if b := run(p.Stage("builder"), 0); !slices.Equal(b.Args[2:], []string{"web-server", "gnu", "--locked"}) {
		t.Errorf("default_features: true: build %q", b.Args)
	}
}

// TestLinkedLibrariesPickASlimRuntime: a locked pq-sys (diesel's PostgreSQL) or mysqlclient-sys
// links the system library dynamically, which distroless cc lacks: without a runtime in the
// spec the image is debian slim with the library's package; their bundled builds (pq-src),
// and a runtime the spec names, are left as they are.
func TestLinkedLibrariesPickASlimRuntime(t *testing.T) {
	lock := func(names ...string) string {
		out := "version = 4\n"
		for _, n := range names {
			out += "\n[[package]]\nname = \"" + n + "\"\nversion = \"1.0.0\"\n"
		}
		return out
	}
	for _, tc := range []struct {
		name, src, lock, base string
		apt                   string
	}{
		{"pq-sys", "", lock("diesel", "pq-sys"), "debian:bookworm-slim", "apt-get install libpq5"},
		{"both", "", lock("mysqlclient-sys", "pq-sys"), "debian:bookworm-slim", "apt-get install libmariadb3 libpq5"},
		{"bundled", "", lock("pq-src", "pq-sys"), "gcr.io/distroless/cc-debian12:nonroot", ""},
		{"a name alike", "", lock("pq-sys-helper"), "gcr.io/distroless/cc-debian12:nonroot", ""},
		{"the spec's distroless", "runtime: distroless\n", lock("pq-sys"), "gcr.io/distroless/cc-debian12:nonroot", ""},
		{"the spec's slim", "runtime: slim\n", lock("pq-sys"), "debian:bookworm-slim", "apt-get install libpq5"},
	} {
		f := cargo(pkg)
		f["Cargo.lock"] = []byte(tc.lock)
		p := provider.MustPlan(t, "language: rust\n"+tc.src, f)
		rt, base := p.Stage("runtime"), langtest.RuntimeImage(p)
		apt := ""
		for i := 0; run(rt, i) != nil; i++ {
			if r := run(rt, i); strings.HasPrefix(r.Display, "apt-get install") {
				apt = r.Display
			}
		}
		if base != tc.base || apt != tc.apt {
			t.Errorf("%s: runtime %q installing %q, want %q installing %q", tc.name, base, apt, tc.base, tc.apt)
		}
		if b := run(p.Stage("builder"), 0); b.Args[3] != "gnu" {
			t.Errorf("%s: builds for %s", tc.name, b.Args[3])
		}
	}
}

// TestWorkingDirectoryIsTheUsersHome: on scratch, alpine and slim, whose working directory is
// root's /, a Rust image works in the home the runtime stage makes for its user, as on
// distroless :nonroot (whose own is kept); a spec's workdir keeps its own, and another user
// works in /app, made its own (as a Go image's, TestWorkingDirectoryIsTheUsersHome there).
func TestWorkingDirectoryIsTheUsersHome(t *testing.T) {
	for _, c := range []struct{ spec, workdir string }{
		{"", ""},
		{"runtime: scratch\n", "/home/nonroot"},
		{"runtime: alpine\n", "/home/nonroot"},
		{"runtime: slim\n", "/home/nonroot"},
		{"runtime: slim\nuser: \"1000\"\n", "/app"},
		{"runtime: scratch\nworkdir: /srv\n", "/srv"},
	} {
		p := provider.MustPlan(t, "language: rust\n"+c.spec, cargo(pkg))
		if p.Image.Workdir != c.workdir || p.Stage("runtime").Workdir != c.workdir {
			t.Errorf("%q: workdir %q (stage %q), want %q", c.spec, p.Image.Workdir, p.Stage("runtime").Workdir, c.workdir)
		}
	}
}

// TestODBCLinked: a locked odbc-sys links libodbc, which the rust image lacks: the builder
// installs unixodbc-dev and the runtime is slim with libodbc2, unless the build turns its
// vendored feature on (the package's feature the spec or default enables, or the dependency's
// table). The vendored crate in the lock proves nothing when the package names the feature
// (Cargo locks every feature's optional dependencies), and proves it bundled otherwise.
func TestODBCLinked(t *testing.T) {
	lock := "version = 4\n\n[[package]]\nname = \"odbc-sys\"\nversion = \"0.31.0\"\n\n[[package]]\nname = \"unix-odbc\"\nversion = \"0.1.0\"\n"
	withFeature := pkg + "\n[dependencies]\nodbc-api = \"20\"\nodbc-sys = { version = \"0.31\", optional = true }\n\n[features]\ndefault = []\nstatic-odbc = [\"odbc-sys\", \"odbc-sys/vendored-unix-odbc\"]\nfull = [\"static-odbc\"]\n"
	for _, tc := range []struct {
		name, src, toml, lock string
		dev                   bool
	}{
		{"the feature off", "", withFeature, lock, true},
		{"the spec's feature", "features: [static-odbc]\n", withFeature, lock, false},
		{"a feature naming it", "features: [full]\n", withFeature, lock, false},
		{"the default naming it", "", strings.Replace(withFeature, "default = []", "default = [\"full\"]", 1), lock, false},
		{"the default turned off", "default_features: false\n", strings.Replace(withFeature, "default = []", "default = [\"full\"]", 1), lock, true},
		{"no vendored crate locked", "", pkg + "\n[dependencies]\nodbc-api = \"20\"\n", strings.SplitN(lock, "\n\n[[package]]\nname = \"unix-odbc\"", 2)[0], true},
		{"a dependency's feature, named nowhere here", "", pkg + "\n[dependencies]\nodbc-api = { version = \"20\", features = [\"vendored\"] }\n", lock, false},
		{"the dependency's table", "", pkg + "\n[dependencies]\nodbc-sys = { version = \"0.31\", features = [\"vendored-unix-odbc\"] }\n\n[features]\nx = [\"odbc-sys/vendored-unix-odbc\"]\n", lock, false},
	} {
		f := cargo(tc.toml)
		f["Cargo.lock"] = []byte(tc.lock)
		p := provider.MustPlan(t, "language: rust\n"+tc.src, f)
		var deps, rt []string
		for i := 0; run(p.Stage("deps"), i) != nil; i++ {
			deps = append(deps, run(p.Stage("deps"), i).Display)
		}
		for i := 0; run(p.Stage("runtime"), i) != nil; i++ {
			rt = append(rt, run(p.Stage("runtime"), i).Display)
		}
		base := langtest.RuntimeImage(p)
		got := slices.Contains(deps, "apt-get install unixodbc-dev") && slices.Contains(rt, "apt-get install libodbc2") && base == "debian:bookworm-slim"
		none := !slices.ContainsFunc(deps, func(d string) bool { return strings.HasPrefix(d, "apt-get install") }) && base == "gcr.io/distroless/cc-debian12:nonroot"
		if tc.dev && !got || !tc.dev && !none {
			t.Errorf("%s: deps %q, runtime %s %q", tc.name, deps, base, rt)
		}
	}
}

// TestManifestBelowTheRoot: a context whose Cargo.toml is one level down (a workspace in
// crates/, tensorzero's and quickwit's shape, beside a UI and docs) stops naming it and the
// directory to build, the workspace's before a lone package's.
func TestManifestBelowTheRoot(t *testing.T) {
	ctx := map[string]string{
		"crates/Cargo.toml":         "[workspace]\nmembers = [\"gateway\"]\n",
		"crates/gateway/Cargo.toml": "[package]\nname = \"gateway\"\n",
		"docs/Cargo.toml":           "[package]\nname = \"snippets\"\n",
		"ui/package.json":           "{}",
	}
	src := "language: rust\n"
	provider.Refuses(t, src, provider.Gathered(t, src, ctx),
		"no Cargo.toml at the root of the build context, only below it: crates/Cargo.toml at Dockerfile:1:1, build crates/ as the context (its Cargo workspace)")
	delete(ctx, "crates/Cargo.toml")
	ctx["tools/Cargo.toml"] = "[package]\nname = \"tools\"\n"
	provider.Refuses(t, src, provider.Gathered(t, src, ctx), "only below it: docs/Cargo.toml, tools/Cargo.toml")
	provider.Refuses(t, src, provider.Gathered(t, src, map[string]string{"ui/package.json": "{}"}), "no Cargo.toml in the build context")
}
