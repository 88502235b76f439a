package golang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

func sqliteMod() lang.Facts {
	return lang.Facts{
		"go.mod": []byte("module example.com/notes\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.28\n"),
		"go.sum": []byte("github.com/mattn/go-sqlite3 v1.14.28 h1:x\n"),
	}
}

func TestCgoIsDetectedAndPicksAGlibcRuntime(t *testing.T) {
	p := provider.MustPlan(t, "language: go\n", sqliteMod())
	if got := p.Stage("deps").Base.Image; got != "golang:1.26-bookworm" {
		t.Errorf("cgo builder %s, want bookworm's glibc as distroless base has", got)
	}
	if got := p.Stage("runtime").Base.Image; got != "gcr.io/distroless/base-debian12:nonroot" {
		t.Errorf("cgo runtime %s", got)
	}
	// Go before 1.20 has no -bookworm image; its default (older glibc) runs on bookworm's
	for version, want := range map[string]string{"1.16": "golang:1.16", "1.19.13": "golang:1.19.13", "1.20": "golang:1.20-bookworm", "1.24": "golang:1.24-bookworm"} {
		old := provider.MustPlan(t, "language: go\nversion: \""+version+"\"\n", sqliteMod())
		if got := old.Stage("deps").Base.Image; got != want {
			t.Errorf("cgo builder for Go %s: %s, want %s", version, got, want)
		}
	}
	build := langtest.Steps[*plan.Run](p.Stage("builder"))[0]
	test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]
	if langtest.Env(build.Env, "CGO_ENABLED") != "1" || langtest.Env(test.Env, "CGO_ENABLED") != "1" {
		t.Errorf("CGO_ENABLED build %q test %q, want both 1", langtest.Env(build.Env, "CGO_ENABLED"), langtest.Env(test.Env, "CGO_ENABLED"))
	}
	// the build names the target's C compiler through go-cc.sh; deps installs it for other platforms
	if !slices.Equal(build.Args[:2], lang.RunScript("go-cc.sh")) || !slices.Contains(build.Args, "go") || !strings.HasPrefix(build.Display, "go build ") {
		t.Errorf("go build %q (%s)", build.Args, build.Display)
	}
	var cross *plan.Run
	for _, r := range langtest.Steps[*plan.Run](p.Stage("deps")) {
		if r.CrossOnly {
			cross = r
		}
	}
	if cross == nil || p.Stage("scripts") == nil {
		t.Fatalf("no cross compiler step in deps: %+v", p.Stage("deps").Steps)
	}
	for _, n := range p.Notes {
		t.Errorf("unexpected note %+v", n)
	}

	// off by default; a static runtime, and tester and builder agree
	p = provider.MustPlan(t, "language: go\n", mod("go 1.26"))
	test = langtest.Steps[*plan.Run](p.Stage("tester"))[0]
	if p.Stage("runtime").Base.Image != "gcr.io/distroless/static-debian12:nonroot" || langtest.Env(test.Env, "CGO_ENABLED") != "0" || p.Stage("scripts") != nil {
		t.Errorf("without cgo: runtime %s, tests with CGO_ENABLED=%s", p.Stage("runtime").Base.Image, langtest.Env(test.Env, "CGO_ENABLED"))
	}
	p = provider.MustPlan(t, "language: go\ncgo: true\n", mod("go 1.26"))
	if p.Stage("runtime").Base.Image != "gcr.io/distroless/base-debian12:nonroot" {
		t.Errorf("cgo: true runtime %s", p.Stage("runtime").Base.Image)
	}
}

func TestCgoRequiredNotes(t *testing.T) {
	for _, tc := range []struct {
		src   string
		field string
		msg   string
	}{
		{"language: go\ncgo: false\n", "cgo", "github.com/mattn/go-sqlite3 needs cgo"},
		{"language: go\nbuild:\n  env: {CGO_ENABLED: \"0\"}\n", "build.env.CGO_ENABLED", "github.com/mattn/go-sqlite3 needs cgo"},
		{"language: go\nruntime: scratch\n", "runtime", "which the scratch runtime lacks"},
		{"language: go\nruntime: alpine\n", "runtime", "which the alpine runtime lacks"},
		{"language: go\nruntime: gcr.io/distroless/static-debian12:latest\n", "runtime", "gcr.io/distroless/static-debian12:latest runtime"},
	} {
		p := provider.MustPlan(t, tc.src, sqliteMod())
		if len(p.Notes) != 1 || p.Notes[0].Rule != "CgoRequired" || p.Notes[0].Field != tc.field || !strings.Contains(p.Notes[0].Msg, tc.msg) {
			t.Errorf("%q: notes %+v, want CgoRequired at %s saying %q", tc.src, p.Notes, tc.field, tc.msg)
		}
	}
	for _, src := range []string{"language: go\nruntime: slim\n", "language: go\nruntime: gcr.io/distroless/cc-debian12:nonroot\n"} {
		if p := provider.MustPlan(t, src, sqliteMod()); len(p.Notes) != 0 {
			t.Errorf("%q: notes %+v", src, p.Notes)
		}
	}
}

func TestTestsRunAsTheRuntimeUser(t *testing.T) {
	for src, want := range map[string]string{
		"language: go\n":                  "65532:65532",
		"language: go\nuser: 1000\n":      "1000:1000",
		"language: go\nuser: \"10:20\"\n": "10:20",
		"language: go\nuser: app\n":       "65532:65532",
		"language: go\nuser: root\n":      "",
		"language: go\nuser: \"0:0\"\n":   "",
	} {
		p := provider.MustPlan(t, src, mod("go 1.26"))
		tester := p.Stage("tester")
		if tester.User != want {
			t.Errorf("%q: tests run as %q, want %q", src, tester.User, want)
		}
		mounts := langtest.Steps[*plan.Run](tester)[0].Mounts
		i := slices.IndexFunc(mounts, func(m plan.Mount) bool { return strings.HasPrefix(m.ID, "go-build") })
		if want != "" {
			uid, gid := ids(want)
			if m := mounts[i]; m.UID != uid || m.GID != gid || m.ID == "go-build" {
				t.Errorf("%q: build cache %+v, want one owned by %s", src, m, want)
			}
		} else if mounts[i].ID != "go-build" {
			t.Errorf("%q: root tests without the builder's cache: %+v", src, mounts[i])
		}
	}
	// a non-root user's module cache is its own, filled from deps' downloads first
	run := langtest.Steps[*plan.Run](provider.MustPlan(t, "language: go\n", mod("go 1.26")).Stage("tester"))[0]
	if langtest.Env(run.Env, "GOMODCACHE") != "/tmp/go-mod" || !strings.HasPrefix(langtest.Env(run.Env, "GOPROXY"), "file:///go/pkg/mod/cache/download,") ||
		langtest.Env(run.Env, "GONOPROXY") != "none" || slices.Contains(run.UseArgs, "GOPROXY") {
		t.Errorf("tester env %+v, build args %q", run.Env, run.UseArgs)
	}
	if i := slices.IndexFunc(run.Mounts, func(m plan.Mount) bool { return m.Target == "/tmp/go-mod" }); i < 0 || run.Mounts[i].UID != 65532 {
		t.Errorf("tester mounts %+v", run.Mounts)
	}
}

// go-sqlite3 `// indirect` beside a direct pure-Go driver is a dependency's optional driver
// (pocket-id's shape: modernc.org/sqlite, and golang-migrate bringing go-sqlite3): no cgo. Alone,
// or required directly, it still turns cgo on.
func TestIndirectCgoModuleBesideAPureGoDriver(t *testing.T) {
	plan := func(require string) (bool, string) {
		t.Helper()
		p := provider.MustPlan(t, "language: go\n", lang.Facts{
			"go.mod": []byte("module example.com/idp\n\ngo 1.26\n\nrequire (\n" + require + ")\n"),
			"go.sum": []byte("x v1.0.0 h1:x\n"),
		})
		build := langtest.Steps[*plan.Run](p.Stage("builder"))[0]
		return langtest.Env(build.Env, "CGO_ENABLED") == "1", p.Stage("runtime").Base.Image
	}
	pureGo := "\tmodernc.org/sqlite v1.56.0\n"
	indirect := "\tgithub.com/mattn/go-sqlite3 v1.14.42 // indirect\n"
	direct := "\tgithub.com/mattn/go-sqlite3 v1.14.42\n"
	for _, c := range []struct {
		name, require string
		cgo           bool
	}{
		{"pure-Go driver, go-sqlite3 indirect", pureGo + indirect, false},
		{"glebarez's driver, go-sqlite3 indirect", "\tgithub.com/glebarez/sqlite v1.11.0\n" + indirect, false},
		{"go-sqlite3 indirect alone (a GORM dialect)", indirect, true},
		{"go-sqlite3 direct beside a pure-Go driver", pureGo + direct, true},
		{"pure-Go driver indirect, go-sqlite3 indirect", "\tmodernc.org/sqlite v1.56.0 // indirect\n" + indirect, true},
	} {
		on, runtime := plan(c.require)
		if on != c.cgo {
			t.Errorf("%s: cgo %v, want %v (runtime %s)", c.name, on, c.cgo, runtime)
		}
		if want := map[bool]string{true: "gcr.io/distroless/base-debian12:nonroot", false: "gcr.io/distroless/static-debian12:nonroot"}[c.cgo]; runtime != want {
			t.Errorf("%s: runtime %s, want %s", c.name, runtime, want)
		}
	}
}

// A go.mod before Go 1.17 lists only what the module's packages import: go-sqlite3 under a GORM
// dialect (an echo API of 2019, `go 1.12`) is in go.sum alone, with its source's hash. Since
// 1.17 go.mod lists it, and a go.sum line alone (a stale one) turns nothing on.
func TestCgoModuleInTheGoSumOfAnOldModule(t *testing.T) {
	sum := "github.com/jinzhu/gorm v1.9.8 h1:n5uvxqLepIP2R1XF7pudpt9Rv8I3m7G9trGxJVjLZ5k=\n" +
		"github.com/jinzhu/gorm v1.9.8/go.mod h1:bdqTT3q6dhSph2K3pWxrHP6nqxuAp2yQ3KFtc3U3F84=\n" +
		"github.com/mattn/go-sqlite3 v1.10.0 h1:jbhqpg7tQe4SupckyijYiy0mJJ/pRyHvXf7JdWK860o=\n" +
		"github.com/mattn/go-sqlite3 v1.10.0/go.mod h1:FPy6KqzDD04eiIsT53CuJW3U88zkxoIYsOqkbpncsNc=\n" +
		"github.com/DataDog/zstd v1.4.0/go.mod h1:1jcaCB/ufaK+sKp1NBhlGmpz41jOoPQ35bpF36t7BBo=\n"
	for _, c := range []struct {
		goLine, sum string
		cgo         bool
	}{
		{"go 1.12", sum, true},
		{"", sum, true},
		{"go 1.16", sum, true},
		{"go 1.17", sum, false},
		{"go 1.12", strings.ReplaceAll(sum, "github.com/mattn/go-sqlite3 v1.10.0 h1", "github.com/mattn/go-sqlite3 v1.10.0/go.mod h1"), false},
	} {
		p := provider.MustPlan(t, "language: go\n", lang.Facts{
			"go.mod": []byte("module example.com/realworld\n\n" + c.goLine + "\n\nrequire github.com/jinzhu/gorm v1.9.8\n"),
			"go.sum": []byte(c.sum),
		})
		build := langtest.Steps[*plan.Run](p.Stage("builder"))[0]
		if on := langtest.Env(build.Env, "CGO_ENABLED") == "1"; on != c.cgo {
			t.Errorf("%q: cgo %v, want %v", c.goLine, on, c.cgo)
		}
	}
}

// Two SQLite drivers chosen by the cgo build constraint: go.mod requires both directly, and
// planning reads the packages the programs import to tell whether a CGO_ENABLED=0 build takes
// the cgo one. Off only when every file importing it is left out without cgo and its package
// imports a pure-Go driver in a file that is not.
func TestCgoChosenByBuildConstraint(t *testing.T) {
	const cgoFile = "//go:build cgo\n\npackage store\n\nimport _ \"github.com/mattn/go-sqlite3\"\n\nconst driver = \"sqlite3\"\n"
	const pureFile = "//go:build !cgo && !wasm_sqlite\n\npackage store\n\nimport _ \"modernc.org/sqlite\"\n\nconst driver = \"sqlite\"\n"
	base := func() map[string]string {
		return map[string]string{
			"go.mod":                       "module example.com/vault\n\ngo 1.26\n\nrequire (\n\tgithub.com/mattn/go-sqlite3 v1.14.28\n\tmodernc.org/sqlite v1.38.0\n)\n",
			"go.sum":                       "github.com/mattn/go-sqlite3 v1.14.28 h1:x\nmodernc.org/sqlite v1.38.0 h1:y\n",
			"cmd/vault/main.go":            "package main\n\nimport \"example.com/vault/internal/store\"\n\nfunc main() { store.Open() }\n",
			"cmd/vaultctl/main.go":         "package main\n\nimport \"example.com/vault/internal/client\"\n\nfunc main() { client.Run() }\n",
			"internal/client/client.go":    "package client\n\nfunc Run() {}\n",
			"internal/store/open.go":       "package store\n\nfunc Open() {}\n",
			"internal/store/open_cgo.go":   cgoFile,
			"internal/store/open_nocgo.go": pureFile,
		}
	}
	for _, tc := range []struct {
		name, spec string
		change     map[string]string // files added or replaced ("" removes)
		cgo        bool
	}{
		{"each driver behind its constraint", "language: go\n", nil, false},
		{"the cgo import without a constraint", "language: go\n", map[string]string{"internal/store/open_cgo.go": strings.Replace(cgoFile, "//go:build cgo\n\n", "", 1)}, true},
		{"an import \"C\" file, whatever its name", "language: go\n", map[string]string{
			"internal/store/open_cgo.go": "",
			"internal/store/sqlite_c.go": "package store\n\n// #include <stdlib.h>\nimport \"C\"\nimport _ \"github.com/mattn/go-sqlite3\"\n"}, false},
		{"another program imports it without one", "language: go\n", map[string]string{
			"internal/client/client.go": "package client\n\nimport _ \"github.com/mattn/go-sqlite3\"\n\nfunc Run() {}\n"}, true},
		{"no pure-Go driver without cgo", "language: go\n", map[string]string{"internal/store/open_nocgo.go": ""}, true},
		{"the pure-Go file needs a tag the build has not", "language: go\n", map[string]string{
			"internal/store/open_nocgo.go": strings.Replace(pureFile, "!wasm_sqlite", "wasm_sqlite", 1)}, true},
		{"no file read imports it", "language: go\n", map[string]string{"internal/store/open_cgo.go": ""}, true},
		{"the spec decides", "language: go\ncgo: true\n", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := base()
			for k, v := range tc.change {
				if v == "" {
					delete(tree, k)
				} else {
					tree[k] = v
				}
			}
			p := provider.MustPlan(t, tc.spec, langtest.Gathered(t, Provider{}, tc.spec, tree))
			build := langtest.Steps[*plan.Run](p.Stage("builder"))[0]
			if got := langtest.Env(build.Env, "CGO_ENABLED") == "1"; got != tc.cgo {
				t.Errorf("cgo %v, want %v (%s)", got, tc.cgo, p.Stage("builder").Description)
			}
			if says := strings.Contains(p.Stage("builder").Description, "cgo off: github.com/mattn/go-sqlite3 is imported only under cgo (internal/store/"); says == tc.cgo {
				t.Errorf("builder's description %q", p.Stage("builder").Description)
			}
			if n := langtest.NoteOf(p, "CgoRequired"); n != nil {
				t.Errorf("unexpected %s", n.Msg)
			}
		})
	}
	// requirements that are not ambiguous make cgo ask for nothing more than before (the
	// search for runtime tools reads the program's packages: tools.go)
	tree := base()
	tree["go.mod"] = "module example.com/vault\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.28\n"
	s := langtest.Spec(t, "language: go\n")
	f := lang.Facts{}
	for k, v := range tree {
		if !strings.HasPrefix(k, "internal/") {
			f[k] = []byte(v)
		}
	}
	ws, bins := programsOf(t, s, f)
	if got := cgoFollow(s, ws, bins, f); slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, "internal/store") }) {
		t.Errorf("cgo follows the store package for go-sqlite3 alone: %q", got)
	}
}

// GoReleaser's CGO_ENABLED for the program's build decides cgo when the spec does not: the
// release is how the project ships the program (litestream requires go-sqlite3, for its
// integration tests, and releases with CGO_ENABLED=0). The build's env wins over the
// configuration's; a build of another program, or the spec's cgo or build.env, leaves it.
func TestGoReleaserDecidesCgo(t *testing.T) {
	withRelease := func(config string) lang.Facts {
		f := sqliteMod()
		f["cmd/app/main.go"] = []byte("package main\n\nfunc main() {}\n")
		f[".goreleaser.yml"] = []byte(config)
		return f
	}
	off := "builds:\n  - main: ./cmd/app\n    env: [CGO_ENABLED=0]\n"
	for _, tc := range []struct {
		name, spec, config string
		facts              lang.Facts
		cgo                bool
		without            string // in the builder's description
	}{
		{"the build's env", "language: go\n", off, nil, false, "cgo off: .goreleaser.yml's build of ./cmd/app sets CGO_ENABLED=0"},
		{"the configuration's env", "language: go\n", "env: [CGO_ENABLED=0]\nbuilds:\n  - main: ./cmd/app\n", nil, false, "sets CGO_ENABLED=0"},
		{"the build's over the configuration's", "language: go\n", "env: [CGO_ENABLED=0]\nbuilds:\n  - main: ./cmd/app\n    env: [CGO_ENABLED=1]\n", nil, true, ""},
		{"on without a cgo module", "language: go\n", "builds:\n  - main: ./cmd/app\n    env: [\"CGO_ENABLED=1\"]\n",
			lang.Facts{"go.mod": []byte("module example.com/notes\n\ngo 1.26\n"), "cmd/app/main.go": []byte("package main\n\nfunc main() {}\n"),
				".goreleaser.yml": []byte("builds:\n  - main: ./cmd/app\n    env: [\"CGO_ENABLED=1\"]\n")}, true, ""},
		{"a template is not read", "language: go\n", "builds:\n  - main: ./cmd/app\n    env: ['CGO_ENABLED={{ .Env.CGO }}']\n", nil, true, ""},
		{"another program's build", "language: go\nentrypoint: ./cmd/app\n", "builds:\n  - main: ./cmd/other\n    env: [CGO_ENABLED=0]\n", nil, true, ""},
		{"the spec's cgo", "language: go\ncgo: true\n", off, nil, true, ""},
		{"the spec's build.env", "language: go\nbuild: {env: {CGO_ENABLED: \"1\"}}\n", off, nil, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.facts
			if f == nil {
				f = withRelease(tc.config)
				if tc.name == "another program's build" {
					f["cmd/other/main.go"] = []byte("package main\n\nfunc main() {}\n")
				}
			}
			p := provider.MustPlan(t, tc.spec, f)
			build := langtest.Steps[*plan.Run](p.Stage("builder"))[0]
			test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]
			want, runtime := "0", "gcr.io/distroless/static-debian12:nonroot"
			if tc.cgo {
				want, runtime = "1", "gcr.io/distroless/base-debian12:nonroot"
			}
			if langtest.Env(build.Env, "CGO_ENABLED") != want || langtest.Env(test.Env, "CGO_ENABLED") != want || p.Stage("runtime").Base.Image != runtime {
				t.Errorf("CGO_ENABLED build %q test %q, runtime %s: want %s", langtest.Env(build.Env, "CGO_ENABLED"), langtest.Env(test.Env, "CGO_ENABLED"), p.Stage("runtime").Base.Image, want)
			}
			if d := p.Stage("builder").Description; tc.without != "" && !strings.Contains(d, tc.without) || tc.without == "" && strings.Contains(d, "cgo off") {
				t.Errorf("builder: %q, want %q", d, tc.without)
			}
		})
	}
}

// A go.work of a key-value store: its server module (the program, in server/) requires the
// workspace's api module, and a tools module for the developers' linters requires go-sqlite3
// `// indirect` (etcd's tools/mod). Neither the server nor what it requires of the workspace
// lists go-sqlite3, so the server imports none: cgo stays off. The same module required by the
// api module, or by a module before Go 1.17 (whose go.mod need not list it), turns it on.
func TestCgoModuleOfAnotherWorkspaceModule(t *testing.T) {
	plan := func(apiRequire, serverGo string) string {
		t.Helper()
		p := provider.MustPlan(t, "language: go\nports: [2379]\n", lang.Facts{
			"go.work":        []byte("go 1.25\n\nuse (\n\t.\n\t./api\n\t./server\n\t./tools/mod\n)\n"),
			"go.mod":         []byte("module example.com/kv/v3\n\ngo 1.25\n"),
			"doc.go":         []byte("// Package kv is the key-value store's documentation.\npackage kv\n"),
			"api/go.mod":     []byte("module example.com/kv/api/v3\n\ngo 1.25\n" + apiRequire),
			"server/go.mod":  []byte("module example.com/kv/server/v3\n\n" + serverGo + "\n\nrequire (\n\texample.com/kv/api/v3 v3.6.0\n\tgo.uber.org/zap v1.27.0\n)\n"),
			"server/main.go": []byte("package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":2379\", nil) }\n"),
			"tools/mod/go.mod": []byte("module example.com/kv/tools/v3\n\ngo 1.25\n\nrequire (\n\tgithub.com/golangci/golangci-lint v1.64.8\n" +
				"\tgithub.com/mattn/go-sqlite3 v1.14.24 // indirect\n)\n"),
			"tools/mod/tools.go": []byte("//go:build tools\n\npackage tools\n\nimport _ \"github.com/golangci/golangci-lint/cmd/golangci-lint\"\n"),
		})
		return langtest.Env(langtest.Steps[*plan.Run](p.Stage("builder"))[0].Env, "CGO_ENABLED")
	}
	if got := plan("", "go 1.25"); got != "0" {
		t.Errorf("the tools module's go-sqlite3: CGO_ENABLED=%s, want 0", got)
	}
	if got := plan("\nrequire github.com/mattn/go-sqlite3 v1.14.24\n", "go 1.25"); got != "1" {
		t.Errorf("go-sqlite3 required by the api module the server requires: CGO_ENABLED=%s, want 1", got)
	}
	if got := plan("", "go 1.16"); got != "1" {
		t.Errorf("a server module before Go 1.17: CGO_ENABLED=%s, want 1 (the workspace decides)", got)
	}
}
