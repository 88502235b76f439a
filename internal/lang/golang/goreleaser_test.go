package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// A root module that releases with GoReleaser: with no main package in the spec, the program is
// the one its configuration builds for Linux, named as it names it, ahead of what the main.go
// files say (cmd/ holding the server beside development tools, a program in examples/).
func TestGoReleaserNamesTheProgram(t *testing.T) {
	mod := func(files map[string]string) lang.Facts {
		return withFiles(lang.Facts{"go.mod": []byte("module example.com/ledger/v3\n\ngo 1.26\n")}, files)
	}
	cmds := map[string]string{"cmd/ledger/main.go": "package main\n", "cmd/ledger-gen/main.go": "package main\n", "cmd/ledger-suites/main.go": "package main\n"}
	for _, tc := range []struct {
		name, src string
		files     map[string]string
		pkg, out  string
	}{
		{"main in examples/, binary named", "language: go\n", map[string]string{".goreleaser.yaml": "version: 2\nbuilds:\n  - id: cli\n    main: ./examples/base\n    binary: ledger\n    env: [CGO_ENABLED=0]\n    goos: [linux, darwin]\n"},
			"./examples/base", "/out/ledger"},
		{"main as a file", "language: go\n", map[string]string{".goreleaser.yml": "builds:\n  - main: main.go\n    binary: ledgerd\n", "main.go": "package main\n"},
			".", "/out/ledgerd"},
		{"a main package named cmd", "language: go\n", map[string]string{".goreleaser.yml": "builds:\n  - binary: ledger\n    main: ./cmd\n"},
			"./cmd", "/out/ledger"},
		{"one of several cmd/ packages, named by project_name", "language: go\n", withFiles2(cmds, ".goreleaser.yml", "project_name: ledger\nbuilds:\n  - id: glibc\n    main: ./cmd/ledger\n    binary: '{{ .ProjectName }}'\n"),
			"./cmd/ledger", "/out/ledger"},
		{"a template name falls back to Go's", "language: go\n", map[string]string{".goreleaser.yml": "builds:\n  - main: ./cmd/ledger-gen\n    binary: '{{ .Env.NAME }}'\n"},
			"./cmd/ledger-gen", "/out/ledger-gen"},
		{"windows-only and skipped builds are not the image's", "language: go\n", map[string]string{"goreleaser.yaml": "builds:\n  - main: ./cmd/tray\n    goos: [windows]\n  - main: ./cmd/old\n    skip: true\n  - main: ./cmd/ledger\n"},
			"./cmd/ledger", "/out/ledger"},
		{"the build the docker image takes", "language: go\n", map[string]string{".goreleaser.yaml": "builds:\n  - id: cli\n    main: ./cmd/ledgerctl\n  - id: server\n    main: ./cmd/ledger\ndockers:\n  - ids: [server]\n"},
			"./cmd/ledger", "/out/ledger"},
		{"name wins over binary", "language: go\nname: books\n", map[string]string{".goreleaser.yaml": "builds:\n  - main: ./examples/base\n    binary: ledger\n"},
			"./examples/base", "/out/books"},
		{"the spec's entrypoint wins", "language: go\nentrypoint: ./cmd/ledger-gen\n", withFiles2(cmds, ".goreleaser.yaml", "builds:\n  - main: ./cmd/ledger\n"),
			"./cmd/ledger-gen", "/out/ledger-gen"},
		{"a main outside the context is ignored", "language: go\n", map[string]string{".goreleaser.yaml": "builds:\n  - main: ../elsewhere\n", "main.go": "package main\n"},
			".", "/out/ledger"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, tc.src, mod(tc.files))
			pkgs, outs, _ := goBuilds(p)
			if !slices.Equal(pkgs, []string{tc.pkg}) || !slices.Equal(outs, []string{tc.out}) {
				t.Errorf("builds %q into %q, want %s into %s", pkgs, outs, tc.pkg, tc.out)
			}
		})
	}
}

func withFiles2(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// The tags of the GoReleaser build the image is reach every go command of the build (the
// dependencies' list and compile, go build, go test) in GOFLAGS, ahead of a --build-arg
// GOFLAGS; build.env's GOFLAGS, a main package the spec names, a template tag or a build for
// another OS leave the build without them. A Makefile's go build tags (makefile.go) reach them
// the same way, unless a GoReleaser build is there.
func TestGoReleaserTagsReachEveryGoCommand(t *testing.T) {
	mod := program("example.com/relay", ".", "cmd/relayctl")
	for _, tc := range []struct {
		name, src, config, want string
	}{
		{"tags", "language: go\n", "builds:\n  - id: linux\n    tags: [netgo, osusergo]\n    goos: [linux]\n  - id: windows\n    tags: [noserver]\n    goos: [windows]\n",
			"-tags=netgo,osusergo ${GOFLAGS}"},
		{"one string with commas, and flags", "language: go\n", "builds:\n  - tags: [ sqlite_omit_load_extension,osusergo ]\n    flags: [-trimpath, -tags=netgo]\n",
			"-tags=sqlite_omit_load_extension,osusergo,netgo ${GOFLAGS}"},
		{"a template tag", "language: go\n", "builds:\n  - tags: [netgo, '{{ .Env.EDITION }}']\n", ""},
		{"build.env's GOFLAGS wins", "language: go\nbuild: {env: {GOFLAGS: -mod=mod}}\n", "builds:\n  - tags: [netgo]\n", "-mod=mod"},
		{"the spec names the program", "language: go\nentrypoint: ./cmd/relayctl\n", "builds:\n  - tags: [netgo]\n", ""},
		{"a windows-only build", "language: go\n", "builds:\n  - tags: [netgo]\n    goos: [windows]\n", ""},
		{"Makefile: its go build's tags", "language: go\n", "TAGS := netgo,sqlite_fts5\n\nbuild:\n\tgo build -tags=$(TAGS) -o relay .\n",
			"-tags=netgo,sqlite_fts5 ${GOFLAGS}"},
		{"Makefile: build.env's GOFLAGS wins", "language: go\nbuild: {env: {GOFLAGS: -mod=mod}}\n", "build:\n\tgo build -tags netgo .\n", "-mod=mod"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := ".goreleaser.yaml"
			if strings.HasPrefix(tc.name, "Makefile") {
				file = "Makefile"
			}
			p := provider.MustPlan(t, tc.src, langtest.With(maps.Clone(mod), file, tc.config))
			var runs []*plan.Run
			for _, st := range []string{"deps-list", "deps-build", "builder", "tester"} {
				for _, r := range langtest.Steps[*plan.Run](p.Stage(st)) {
					if slices.Contains(r.Args, "go") || strings.Contains(strings.Join(r.Args, " "), "go list") || strings.Contains(strings.Join(r.Args, " "), "go build") {
						runs = append(runs, r)
					}
				}
			}
			if len(runs) < 4 {
				t.Fatalf("%d go commands found in deps-list, deps-build, builder and tester", len(runs))
			}
			for _, r := range runs {
				if got := env(r, "GOFLAGS"); got != tc.want {
					t.Errorf("%s: GOFLAGS=%q, want %q", strings.Join(r.Args, " "), got, tc.want)
				}
			}
			if d := p.Stage("builder").Description; strings.Contains(tc.want, "-tags") != strings.Contains(d, "("+file+")") {
				t.Errorf("builder's description %q", d)
			}
		})
	}
}

// GoReleaser's ldflags stamping templates into the program the image runs are VersionNotStamped
// at the language line, naming the file, the stamps and the spec to write; not once the spec
// has build.ldflags, nor when the image runs another program, nor for plain values.
func TestGoReleaserStampsWarn(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module example.com/relay\n\ngo 1.26\n"), "main.go": []byte("package main\n\nvar version = \"dev\"\n\nfunc main() {}\n"),
		".goreleaser.yaml": []byte("builds:\n  - binary: relay\n    ldflags:\n      - -s -w -X main.version={{.Version}} -X=main.commit={{ .ShortCommit }}\n      - -X main.channel=stable -X main.goarm={{ .Arm }}\n")}
	note := func(p *plan.Plan) string {
		for _, n := range p.Notes {
			if n.Rule == rules.VersionNotStamped.Name {
				return n.Field + ": " + n.Msg
			}
		}
		return ""
	}
	want := "language: .goreleaser.yaml's build stamps main.version={{.Version}}, main.commit={{.ShortCommit}} with -ldflags -X"
	if got := note(provider.MustPlan(t, "language: go\n", f)); !strings.HasPrefix(got, want) ||
		!strings.Contains(got, "`build: {ldflags: \"-X main.version=${VERSION}\"}`") || strings.Contains(got, "main.channel") || strings.Contains(got, "goarm") {
		t.Errorf("note %q, want %q...", got, want)
	}
	if got := note(provider.MustPlan(t, "language: go\nargs: {VERSION: dev}\nbuild: {ldflags: \"-X main.version=${VERSION}\"}\n", f)); got != "" {
		t.Errorf("with build.ldflags: %q", got)
	}
	f["cmd/relayctl/main.go"] = []byte("package main\n\nfunc main() {}\n")
	if got := note(provider.MustPlan(t, "language: go\nentrypoint: ./cmd/relayctl\n", f)); got != "" {
		t.Errorf("another program: %q", got)
	}
	f[".goreleaser.yaml"] = []byte("builds:\n  - ldflags: -s -w -X main.channel=stable\n")
	if got := note(provider.MustPlan(t, "language: go\n", f)); got != "" {
		t.Errorf("no template: %q", got)
	}
}
