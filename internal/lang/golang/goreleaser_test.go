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
		return langtest.WithContext(lang.Facts{"go.mod": []byte("module example.com/ledger/v3\n\ngo 1.26\n")}, files)
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
		{"one of several cmd/ packages, named by project_name", "language: go\n", langtest.With(maps.Clone(cmds), ".goreleaser.yml", "project_name: ledger\nbuilds:\n  - id: glibc\n    main: ./cmd/ledger\n    binary: '{{ .ProjectName }}'\n"),
			"./cmd/ledger", "/out/ledger"},
		{"a template name falls back to Go's", "language: go\n", map[string]string{".goreleaser.yml": "builds:\n  - main: ./cmd/ledger-gen\n    binary: '{{ .Env.NAME }}'\n"},
			"./cmd/ledger-gen", "/out/ledger-gen"},
		{"windows-only and skipped builds are not the image's", "language: go\n", map[string]string{"goreleaser.yaml": "builds:\n  - main: ./cmd/tray\n    goos: [windows]\n  - main: ./cmd/old\n    skip: true\n  - main: ./cmd/ledger\n"},
			"./cmd/ledger", "/out/ledger"},
		// GoReleaser's early one-build form (watchtower's goreleaser.yml), and builds winning over it
		{"the early build: form", "language: go\n", map[string]string{"goreleaser.yml": "build:\n  main: ./cmd/ledger-gen\n  binary: ledgerd\n  goos: [linux, windows]\n  ldflags:\n    - -s -w -X main.version={{.Version}}\n"},
			"./cmd/ledger-gen", "/out/ledgerd"},
		{"builds: over build:", "language: go\n", map[string]string{".goreleaser.yml": "build:\n  main: ./cmd/ledger-gen\nbuilds:\n  - main: ./cmd/ledger-suites\n    binary: suites\n"},
			"./cmd/ledger-suites", "/out/suites"},
		{"the build the docker image takes", "language: go\n", map[string]string{".goreleaser.yaml": "builds:\n  - id: cli\n    main: ./cmd/ledgerctl\n  - id: server\n    main: ./cmd/ledger\ndockers:\n  - ids: [server]\n"},
			"./cmd/ledger", "/out/ledger"},
		{"name wins over binary", "language: go\nname: books\n", map[string]string{".goreleaser.yaml": "builds:\n  - main: ./examples/base\n    binary: ledger\n"},
			"./examples/base", "/out/books"},
		{"the spec's entrypoint wins", "language: go\nentrypoint: ./cmd/ledger-gen\n", langtest.With(maps.Clone(cmds), ".goreleaser.yaml", "builds:\n  - main: ./cmd/ledger\n"),
			"./cmd/ledger-gen", "/out/ledger-gen"},
		{"no binary: the project's name, GoReleaser's default", "language: go\n", map[string]string{".goreleaser.yml": "project_name: books\nbuilds:\n  - env: [CGO_ENABLED=0]\n", "main.go": "package main\n"},
			".", "/out/books"},
		{"no binary nor project name: the module's, as the repository's", "language: go\n", map[string]string{".goreleaser.yml": "builds:\n  - dir: app\n", "app/main.go": "package main\n"},
			"./app", "/out/ledger"},
		{"a binary named per platform: the name without the platform", "language: go\n", map[string]string{".goreleaser.yml": "builds:\n  - dir: app\n    binary: \"ledgerd.{{ .Os }}-{{ .Arch }}\"\n", "app/main.go": "package main\n"},
			"./app", "/out/ledgerd"},
		{"the project's name and version", "language: go\n", map[string]string{".goreleaser.yml": "project_name: books\nbuilds:\n  - binary: '{{.ProjectName}}_{{ .Version }}'\n", "main.go": "package main\n"},
			".", "/out/books"},
		{"a platform between two words falls back to Go's", "language: go\n", map[string]string{".goreleaser.yml": "builds:\n  - main: ./cmd/ledger-gen\n    binary: 'gen-{{ .Os }}-tool'\n"},
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

// A module below the root that GoReleaser releases (remark42: `dir: backend`, `main: ./app`,
// `binary: "remark42.{{ .Os }}-{{ .Arch }}"`, no go.mod at the root): the three-line spec
// builds that program, named as the release names it, from the go.work the build writes, as
// `entrypoint: ./backend/app` does; and that entrypoint names it so too.
func TestGoReleaserProgramOfAModuleBelowTheRoot(t *testing.T) {
	all := lang.Facts{
		".goreleaser.yml":     []byte("builds:\n  - dir: backend\n    main: ./app\n    binary: \"ledger.{{ .Os }}-{{ .Arch }}\"\n"),
		"backend/go.mod":      []byte("module example.com/ledger/backend\n\ngo 1.26\n"),
		"backend/go.sum":      []byte(""),
		"backend/app/main.go": []byte("package main\n"),
		"backend/cmd/x/x.go":  []byte("package main\n"),
	}
	for _, src := range []string{"language: go\n", "language: go\nentrypoint: ./backend/app\n"} {
		p := provider.MustPlan(t, src, follow(t, src, all))
		pkgs, outs, _ := goBuilds(p)
		if !slices.Equal(pkgs, []string{"./backend/app"}) || !slices.Equal(outs, []string{"/out/ledger"}) {
			t.Errorf("%q builds %q into %q, want ./backend/app into /out/ledger", src, pkgs, outs)
		}
		if !slices.Contains(p.Stage("deps").Env, plan.Env{Key: "GOWORK", Value: impliedWork}) {
			t.Errorf("%q: deps env %v lacks GOWORK", src, p.Stage("deps").Env)
		}
	}
	// without a release, the only module below the root is built as a root module is: its
	// only program one directory down (TestModuleInADirectoryOfItsOwn, TestProgramOneDirectoryDown)
	delete(all, ".goreleaser.yml")
	p := provider.MustPlan(t, "language: go\n", follow(t, "language: go\n", all))
	if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./backend/app"}) || !slices.Equal(outs, []string{"/out/ledger"}) {
		t.Errorf("no release: builds %q into %q, want ./backend/app into /out/ledger", pkgs, outs)
	}
}

// TestModuleInADirectoryOfItsOwn: a root with neither go.mod nor go.work, and one module one
// level down beside a front end (homebox's backend/, its Nuxt UI in frontend/): the three-line
// spec builds that module from the go.work the build writes. Its GoReleaser configuration
// (backend/.goreleaser.yaml, `main: ./app/api`, no binary) names the program, after the
// repository (the module example.com/inventory/backend is named after its directory) and its
// stamps; without one its root package or its cmd/ program is built, named so too. Several
// modules are an error naming them and the field to set, at the spec's language line; a
// module in examples/ is none.
func TestModuleInADirectoryOfItsOwn(t *testing.T) {
	all := lang.Facts{
		"frontend/package.json":       []byte(`{"name": "ui", "scripts": {"build": "nuxt generate"}}`),
		"backend/go.mod":              []byte("module example.com/inventory/backend\n\ngo 1.26\n"),
		"backend/go.sum":              []byte(""),
		"backend/.goreleaser.yaml":    []byte("builds:\n  - main: ./app/api\n    ldflags:\n      - -s -w -X main.version={{.Version}}\n"),
		"backend/app/api/main.go":     []byte("package main\n\nvar version = \"nightly\"\n\nfunc main() {}\n"),
		"backend/internal/data/db.go": []byte("package data\n"),
	}
	for name, c := range map[string]struct {
		kv        []string
		pkg, out  string
		stampsArg bool
	}{
		"its GoReleaser build": {nil, "./backend/app/api", "/out/inventory", true},
		"its root package":     {[]string{"backend/.goreleaser.yaml", "", "backend/main.go", "package main\n"}, "./backend", "/out/inventory", false},
		"its cmd/ program":     {[]string{"backend/.goreleaser.yaml", "", "backend/cmd/server/main.go", "package main\n"}, "./backend/cmd/server", "/out/server", false},
	} {
		files := langtest.With(maps.Clone(all), c.kv...)
		for k, v := range files {
			if len(v) == 0 {
				delete(files, k)
			}
		}
		p := provider.MustPlan(t, "language: go\nports: [7745]\n", follow(t, "language: go\n", files))
		if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{c.pkg}) || !slices.Equal(outs, []string{c.out}) {
			t.Errorf("%s: builds %q into %q, want %s into %s", name, pkgs, outs, c.pkg, c.out)
		}
		if !slices.Contains(p.Stage("deps").Env, plan.Env{Key: "GOWORK", Value: impliedWork}) {
			t.Errorf("%s: deps env %v lacks GOWORK", name, p.Stage("deps").Env)
		}
		if stamped := slices.ContainsFunc(p.Args, func(a plan.Arg) bool { return a.Name == "VERSION" }); stamped != c.stampsArg {
			t.Errorf("%s: args %+v, want VERSION: %v", name, p.Args, c.stampsArg)
		}
	}
	two := langtest.With(maps.Clone(all), "worker/go.mod", "module example.com/inventory/worker\n\ngo 1.26\n")
	_, err := provider.TryPlan(t, "language: go\n", follow(t, "language: go\n", two))
	if err == nil || !strings.Contains(err.Error(), "several modules below it (backend, worker) at Dockerfile:1:1, set `entrypoint` to the main package the image runs") {
		t.Errorf("two modules: %v", err)
	}
	examples := lang.Facts{"examples/go.mod": []byte("module example.com/lib/examples\n\ngo 1.26\n"), "examples/main.go": []byte("package main\n")}
	if _, err := provider.TryPlan(t, "language: go\n", follow(t, "language: go\n", examples)); err == nil || !strings.Contains(err.Error(), "no go.mod in the build context's root") {
		t.Errorf("a module in examples/: %v", err)
	}
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
		{"flags and tags as one string each", "language: go\n", "builds:\n  - tags: netgo\n    flags: -v\n", "-tags=netgo ${GOFLAGS}"},
		{"a template tag", "language: go\n", "builds:\n  - tags: [netgo, '{{ .Env.EDITION }}']\n", ""},
		{"build.env's GOFLAGS wins", "language: go\nbuild: {env: {GOFLAGS: -mod=mod}}\n", "builds:\n  - tags: [netgo]\n", "-mod=mod"},
		{"the spec names the program", "language: go\nentrypoint: ./cmd/relayctl\n", "builds:\n  - tags: [netgo]\n", ""},
		{"a windows-only build", "language: go\n", "builds:\n  - tags: [netgo]\n    goos: [windows]\n", ""},
		{"Makefile: its go build's tags", "language: go\n", "TAGS := netgo,sqlite_fts5\n\nbuild:\n\tgo build -tags=$(TAGS) -o relay .\n",
			"-tags=netgo,sqlite_fts5 ${GOFLAGS}"},
		{"Makefile: build.env's GOFLAGS wins", "language: go\nbuild: {env: {GOFLAGS: -mod=mod}}\n", "build:\n\tgo build -tags netgo .\n", "-mod=mod"},
		{"promu: all's and linux's", "language: go\n", "build:\n    flags: -a -tags=static\n    tags:\n        all: [netgo]\n        linux: [osusergo]\n        windows: [nowin]\n",
			"-tags=netgo,osusergo,static ${GOFLAGS}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := ".goreleaser.yaml"
			if strings.HasPrefix(tc.name, "Makefile") {
				file = "Makefile"
			}
			if strings.HasPrefix(tc.name, "promu") {
				file = ".promu.yml"
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
				if got := langtest.Env(r.Env, "GOFLAGS"); got != tc.want {
					t.Errorf("%s: GOFLAGS=%q, want %q", strings.Join(r.Args, " "), got, tc.want)
				}
			}
			if d := p.Stage("builder").Description; strings.Contains(tc.want, "-tags") != strings.Contains(d, "("+file+")") {
				t.Errorf("builder's description %q", d)
			}
		})
	}
}

// GoReleaser's ldflags stamping templates into the program the image runs that the build cannot
// stamp from its args (main.commit, which the source does not declare) are VersionNotStamped at
// the language line, naming the file, those stamps and the spec to write; not once the spec has
// build.ldflags, nor when the image runs another program, nor for plain values.
func TestGoReleaserStampsWarn(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module example.com/relay\n\ngo 1.26\n"),
		"main.go":          []byte("package main\n\nvar version = \"dev\"\n\nvar commit = revision()\n\nfunc main() {}\n"),
		".goreleaser.yaml": []byte("builds:\n  - binary: relay\n    ldflags:\n      - -s -w -X main.version={{.Version}} -X=main.commit={{ .ShortCommit }}\n      - -X main.channel=stable -X main.goarm={{ .Arm }}\n")}
	note := func(p *plan.Plan) string {
		if n := langtest.NoteOf(p, rules.VersionNotStamped.Name); n != nil {
			return n.Field + ": " + n.Msg
		}
		return ""
	}
	want := "language: .goreleaser.yaml's build stamps main.commit={{.ShortCommit}} with -ldflags -X"
	if got := note(provider.MustPlan(t, "language: go\n", f)); !strings.HasPrefix(got, want) ||
		!strings.Contains(got, "`args: {VERSION: \"dev\", COMMIT: \"\"}` and `build: {ldflags: \"-X 'main.version=${VERSION}' -X main.channel=stable -X 'main.commit=${COMMIT}'\"}`") ||
		!strings.HasSuffix(got, "built with `--build-arg COMMIT=...` (the source's default of main.commit is not read: without it, the program reports \"\")") ||
		strings.Contains(got, "goarm") {
		t.Errorf("note %q, want %q...", got, want)
	}
	// a stamp of a variable the program does not declare sets nothing, in its release too: it is
	// neither made nor named (homebox's main.date, its program declaring buildTime)
	undeclared := maps.Clone(f)
	undeclared[".goreleaser.yaml"] = []byte("builds:\n  - ldflags:\n      - -s -w -X main.version={{.Version}} -X main.date={{.Date}} -X main.built={{ .Tag }}-{{ .Date }}\n")
	if p := provider.MustPlan(t, "language: go\n", undeclared); note(p) != "" || slices.ContainsFunc(p.Args, func(a plan.Arg) bool { return a.Name == "DATE" }) ||
		strings.Contains(strings.Join(langtest.Commands(p.Stage("builder")), "\n"), "main.date") || !strings.Contains(strings.Join(langtest.Commands(p.Stage("builder")), "\n"), "-X 'main.version=${VERSION}'") {
		t.Errorf("undeclared main.date and main.built: note %q, args %+v, build %q", note(p), p.Args, strings.Join(langtest.Commands(p.Stage("builder")), "\n"))
	}
	undeclared["Makefile"] = []byte("build:\n\tgo build -ldflags \"-X main.version=$(VERSION) -X main.date=$$(date)\" -o relay .\n")
	delete(undeclared, ".goreleaser.yaml")
	if p := provider.MustPlan(t, "language: go\n", undeclared); note(p) != "" {
		t.Errorf("the Makefile's undeclared main.date: note %q", note(p))
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
	// a template with a function's arguments is named whole, not cut at its first space
	f[".goreleaser.yaml"] = []byte("builds:\n  - ldflags:\n      - -s -w -X main.version={{ .Tag }}-{{ trimsuffix (replace .CommitDate \":\" \"\") \"Z\" }}\n")
	if got, want := note(provider.MustPlan(t, "language: go\n", f)), "stamps main.version={{.Tag}}-{{trimsuffix (replace .CommitDate \":\" \"\") \"Z\"}} with"; !strings.Contains(got, want) {
		t.Errorf("note %q, want it to name %q", got, want)
	}
}

// GoReleaser's stamps of the version, commit and date are made from the build args VERSION,
// COMMIT and DATE, each declared with the value the source gives the variable (a build given no
// arg stamps what the program says unstamped), in the go build of GoReleaser's program only; a
// stamp whose default is not read, or whose template is not one field, is left to
// VersionNotStamped.
func TestGoReleaserStampsFromArgs(t *testing.T) {
	ctx := map[string]string{
		"go.mod":                          "module example.com/relay\n\ngo 1.26\n",
		"main.go":                         "package main\n\nvar (\n\tversion = \"dev\"\n\tdate    string\n\tbuilt   = stamp()\n\tfull    = \"dev\"\n)\n\nfunc stamp() string { return \"\" }\n\nfunc main() {}\n",
		"release.go":                      "package main\n\nvar tag = \"v0.0.0-dev\"\n",
		"internal/buildinfo/info.go":      "package buildinfo\n\nconst unknown = \"none\"\n\n// Commit is the commit built.\nvar Commit = unknown\n",
		"internal/buildinfo/info_test.go": "package buildinfo\n\nvar Commit = \"test\"\n",
		"cmd/relayctl/main.go":            "package main\n\nfunc main() {}\n",
		".goreleaser.yaml": "builds:\n  - id: relay\n    binary: relay\n    ldflags:\n      - -s -w -X main.version={{ .Version }} -X 'main.date={{.CommitDate}}'\n" +
			"      - -X=example.com/relay/internal/buildinfo.Commit={{.ShortCommit}} -X main.tag=v{{.Version}}\n" +
			"      - -X main.built={{.Timestamp}} -X github.com/prometheus/common/version.Revision={{.Commit}} -X main.full={{.Version}}-{{.ShortCommit}}\n" +
			"      - -X main.goarm={{ .Arm }} -X main.channel=stable\n",
	}
	src := "language: go\nbinaries: [., ./cmd/relayctl]\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	args := map[string]string{}
	for _, a := range p.Args {
		if a.HasDefault && !a.Tool {
			args[a.Name] = a.Default
		}
	}
	if want := map[string]string{"VERSION": "dev", "DATE": "", "COMMIT": "none"}; !maps.Equal(args, want) {
		t.Errorf("args %v, want %v", args, want)
	}
	runs := langtest.Steps[*plan.Run](p.Stage("builder"))
	var builds []*plan.Run
	for _, r := range runs {
		if slices.Contains(r.Args, "build") {
			builds = append(builds, r)
		}
	}
	want := "-ldflags=-s -w -X 'main.version=${VERSION}' -X 'main.date=${DATE}' -X 'example.com/relay/internal/buildinfo.Commit=${COMMIT}' -X main.channel=stable"
	if len(builds) != 2 || !slices.Contains(builds[0].Args, want) || !builds[0].ExpandArgs ||
		!strings.Contains(builds[0].Display, `-ldflags="-s -w -X 'main.version=${VERSION}' -X 'main.date`) {
		t.Fatalf("go builds %v, want the first with %q", langtest.Commands(p.Stage("builder")), want)
	}
	if !slices.Contains(builds[1].Args, "-ldflags=-s -w") || builds[1].ExpandArgs {
		t.Errorf("relayctl, not GoReleaser's program, is stamped: %q", builds[1].Args)
	}
	// main.tag's default has no v before the field's, main.built is {{.Timestamp}}, the
	// prometheus variable another module's, main.full two fields; {{ .Arm }} is no version, and
	// main.channel=stable, plain, is stamped as written
	msgs := langtest.Messages(p, rules.VersionNotStamped.Name)
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], ".goreleaser.yaml's build stamps main.tag=v{{.Version}}, main.built={{.Timestamp}}, "+
		"github.com/prometheus/common/version.Revision={{.Commit}}, main.full={{.Version}}-{{.ShortCommit}} with -ldflags -X") {
		t.Errorf("VersionNotStamped %q", msgs)
	}

	// a program below the root (GoReleaser's dir) is stamped too; a plain value as the release
	// stamps it, but GoReleaser's own name
	ctx["app/main.go"] = "package main\n\nvar (\n\trevision = \"unknown\"\n\tmode = \"dev\"\n)\n\nfunc main() {}\n"
	ctx[".goreleaser.yaml"] = "builds:\n  - dir: app\n    ldflags: -s -w -X main.revision={{.ShortCommit}} -X main.mode=prod -X main.builtBy=goreleaser\n"
	p = provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", ctx))
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, "-ldflags=-s -w -X 'main.revision=${COMMIT}' -X main.mode=prod -o /out/relay ./app") {
		t.Errorf("go build of ./app:\n%s", cmds)
	}
	if d := p.Stage("builder").Description; !strings.HasSuffix(d, "; stamps COMMIT, main.mode=prod (.goreleaser.yaml)") {
		t.Errorf("builder's description %q", d)
	}
	if msgs := langtest.Messages(p, rules.VersionNotStamped.Name); len(msgs) != 0 {
		t.Errorf("VersionNotStamped %q", msgs)
	}
	ctx[".goreleaser.yaml"] = "builds:\n  - dir: app\n    ldflags: -s -w -X main.revision={{.Tag}}-{{.ShortCommit}}\n"
	if msgs := langtest.Messages(provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", ctx)), rules.VersionNotStamped.Name); len(msgs) != 1 ||
		!strings.Contains(msgs[0], "stamps main.revision={{.Tag}}-{{.ShortCommit}} with") {
		t.Errorf("VersionNotStamped of ./app %q", msgs)
	}

	// the text around the field is the default's too; a var initialized by a call is not read,
	// nor a default holding a quote (each -X is single-quoted, for a default with spaces)
	ctx["release.go"] = "package main\n\nvar tag = \"v0.0.0-dev\"\n\nvar version2 = fmt.Sprint(1)\n\nvar builtOn = \"not built\"\n\nvar by = \"nobody's\"\n"
	ctx[".goreleaser.yaml"] = "builds:\n  - ldflags: -X main.tag=v{{.Tag}} -X main.version2={{.Version}} -X main.builtOn={{.Date}} -X main.by={{.Commit}}\n"
	p = provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", ctx))
	if a := p.Args[slices.IndexFunc(p.Args, func(a plan.Arg) bool { return a.Name == "VERSION" })]; a.Default != "0.0.0-dev" {
		t.Errorf("VERSION's default %q, want 0.0.0-dev", a.Default)
	}
	if a := p.Args[slices.IndexFunc(p.Args, func(a plan.Arg) bool { return a.Name == "DATE" })]; a.Default != "not built" {
		t.Errorf("DATE's default %q, want the source's, with its space", a.Default)
	}
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, "-ldflags=-s -w -X 'main.tag=v${VERSION}' -X 'main.builtOn=${DATE}' -o") {
		t.Errorf("go build:\n%s", cmds)
	}
	if msgs := langtest.Messages(p, rules.VersionNotStamped.Name); len(msgs) != 1 || !strings.Contains(msgs[0], "stamps main.version2={{.Version}}, main.by={{.Commit}} with") {
		t.Errorf("VersionNotStamped %q", msgs)
	}

	// the spec's VERSION replaces the build's, and its build.ldflags every stamp
	p = provider.MustPlan(t, "language: go\nargs: {VERSION: \"1.0\"}\n", langtest.Gathered(t, Provider{}, "language: go\n", ctx))
	var versions []string
	for _, a := range p.Args {
		if a.Name == "VERSION" {
			versions = append(versions, a.Default)
		}
	}
	if !slices.Equal(versions, []string{"1.0"}) {
		t.Errorf("VERSION declared with %q, want the spec's 1.0 alone", versions)
	}
	p = provider.MustPlan(t, "language: go\nbuild: {ldflags: -X main.tag=v1}\n", langtest.Gathered(t, Provider{}, "language: go\n", ctx))
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, "-ldflags=-s -w -X main.tag=v1 -o") ||
		slices.ContainsFunc(p.Args, func(a plan.Arg) bool { return a.Name == "VERSION" }) || len(langtest.Messages(p, rules.VersionNotStamped.Name)) > 0 {
		t.Errorf("with build.ldflags: %s, args %v", cmds, p.Args)
	}
}

// TestProgramOneDirectoryDown: a module whose root holds no program and whose only main
// package is one directory down, not in cmd/ (tg-spam's app/main.go, built with `cd app && go
// build`, its GoReleaser file and Makefile left out by its .dockerignore), builds that one,
// named as a root Makefile's `cd app && go build -o NAME` names it (plik's `cd server && go
// build -o plikd`), else after the module; the root was built, which holds no Go file. A root that is a program
// (package main in a file not named main.go), two such directories, or one built only for
// another system or left out (`//go:build ignore`) leave the root package the program.
func TestProgramOneDirectoryDown(t *testing.T) {
	all := lang.Facts{
		"go.mod":              []byte("module github.com/acme/spam-bot\n\ngo 1.26\n"),
		"go.sum":              []byte(""),
		"app/main.go":         []byte("package main\n\nfunc main() {}\n"),
		"app/bot/bot.go":      []byte("package bot\n"),
		"lib/storage/main.go": []byte("package storage\n"),
	}
	for name, c := range map[string]struct {
		kv       []string
		pkg, out string
	}{
		"app/":                             {nil, "./app", "/out/spam-bot"},
		"a root program":                   {[]string{"server.go", "package main\n\nfunc main() {}\n"}, ".", "/out/spam-bot"},
		"two below":                        {[]string{"tools/main.go", "package main\n"}, ".", "/out/spam-bot"},
		"a generator":                      {[]string{"gen/main.go", "//go:build ignore\n\npackage main\n"}, "./app", "/out/spam-bot"},
		"a root library file":              {[]string{"doc.go", "package spambot\n"}, "./app", "/out/spam-bot"},
		"named by the Makefile after a cd": {[]string{"Makefile", "server:\n\t@cd app && go build -tags netgo -o spamd\n"}, "./app", "/out/spamd"},
	} {
		f := langtest.With(maps.Clone(all), c.kv...)
		p := provider.MustPlan(t, "language: go\n", follow(t, "language: go\n", f))
		if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{c.pkg}) || !slices.Equal(outs, []string{c.out}) {
			t.Errorf("%s: builds %q into %q, want %s into %s", name, pkgs, outs, c.pkg, c.out)
		}
	}
}

// GoReleaser's {{.Timestamp}} (semaphore's util.Date) is stamped from SOURCE_DATE_EPOCH, the
// build's pinned time, when the source's default is empty (the arg unset expands to nothing,
// which is what the program says unstamped); over a default of its own it is left to
// VersionNotStamped, as is a {{.CommitTimestamp}} with text the default lacks.
func TestGoReleaserTimestampFromTheEpoch(t *testing.T) {
	p := planStamped(t, "language: go\n", "\tVer = \"dev\"\n\tDate = \"\"\n\tbuilt = \"unknown\"\n\tat string\n",
		"-X main.Ver={{ .Version }} -X main.Date={{ .Timestamp }} -X main.built={{.CommitTimestamp}} -X main.at=t{{.CommitTimestamp}}")
	cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n")
	if !strings.Contains(cmds, "-ldflags=-s -w -X 'main.Ver=${VERSION}' -X 'main.Date=${SOURCE_DATE_EPOCH}' -o") {
		t.Errorf("go build:\n%s", cmds)
	}
	if d := p.Stage("builder").Description; !strings.HasSuffix(d, "; stamps VERSION, SOURCE_DATE_EPOCH (.goreleaser.yml)") {
		t.Errorf("builder's description %q", d)
	}
	msgs := langtest.Messages(p, rules.VersionNotStamped.Name)
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], ".goreleaser.yml's build stamps main.built={{.CommitTimestamp}}, main.at=t{{.CommitTimestamp}} with") {
		t.Errorf("VersionNotStamped %q", msgs)
	}
}

// VersionNotStamped names the spec that stamps what the release stamps: remark42's revision of
// three template fields and a {{.Timestamp}} over a default of the source's each get an arg
// named after the variable, defaulting to the source's value, beside the args and -X flags the
// build makes (build.ldflags replaces them); that spec, written, plans them all and no warning.
func TestVersionNotStampedNamesTheSpec(t *testing.T) {
	vars, ldflags := "\tversion = \"dev\"\n\trevision = \"unknown\"\n\tbuilt = \"never\"\n\tdate string\n",
		"-X main.version={{.Version}} -X main.revision={{.Tag}}-{{.ShortCommit}}-{{ trimsuffix .CommitDate \"Z\" }} -X main.built={{.Timestamp}} -X main.date={{.Date}}"
	p := planStamped(t, "language: go\n", vars, ldflags)
	msgs := langtest.Messages(p, rules.VersionNotStamped.Name)
	args, spec := "args: {VERSION: \"dev\", DATE: \"\", REVISION: \"unknown\", BUILT: \"never\"}",
		"build: {ldflags: \"-X 'main.version=${VERSION}' -X 'main.date=${DATE}' -X 'main.revision=${REVISION}' -X 'main.built=${BUILT}'\"}"
	if len(msgs) != 1 || !strings.Contains(msgs[0], "`"+args+"` and `"+spec+"`") ||
		!strings.HasSuffix(msgs[0], "built with `--build-arg REVISION=...` `--build-arg BUILT=...`") {
		t.Fatalf("VersionNotStamped %q, want `%s` and `%s`", msgs, args, spec)
	}
	p = planStamped(t, "language: go\n"+args+"\n"+spec+"\n", vars, ldflags)
	cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n")
	if msgs := langtest.Messages(p, rules.VersionNotStamped.Name); len(msgs) != 0 || !strings.Contains(cmds, "-X 'main.revision=${REVISION}' -X 'main.built=${BUILT}'") {
		t.Errorf("with the spec named: VersionNotStamped %q, go build:\n%s", msgs, cmds)
	}
}

// planStamped plans spec for a main package declaring vars (the inside of a var block) whose
// .goreleaser.yml's build stamps ldflags (after -s -w).
func planStamped(t *testing.T, spec, vars, ldflags string) *plan.Plan {
	t.Helper()
	ctx := map[string]string{
		"go.mod":          "module example.com/runner\n\ngo 1.26\n",
		"main.go":         "package main\n\nvar (\n" + vars + ")\n\nfunc main() {}\n",
		".goreleaser.yml": "builds:\n  - ldflags: -s -w " + ldflags + "\n",
	}
	return provider.MustPlan(t, spec, langtest.Gathered(t, Provider{}, spec, ctx))
}

// A GoReleaser configuration building a server and its command-line client (toxiproxy's two
// builds): both ship, as several cmd/ programs do, and the image runs the first build's; a
// second build of the same package, one for another OS only, or one named as the first is not
// another program.
func TestGoReleaserShipsEveryBuildsProgram(t *testing.T) {
	ctx := lang.Facts{"go.mod": []byte("module example.com/relay\n\ngo 1.26\n"),
		"cmd/server/main.go": []byte("package main\n"), "cmd/cli/main.go": []byte("package main\n"), "cmd/tray/main.go": []byte("package main\n")}
	for _, tc := range []struct {
		name, config string
		pkgs, outs   []string
	}{
		{"a server and a CLI", "builds:\n  - id: server\n    main: ./cmd/server\n    binary: relay-server-{{.Os}}-{{.Arch}}\n  - id: cli\n    main: ./cmd/cli\n    binary: relay-cli-{{.Os}}-{{.Arch}}\n",
			[]string{"./cmd/server", "./cmd/cli"}, []string{"/out/relay-server", "/out/relay-cli"}},
		{"the same package twice, a Windows program", "builds:\n  - main: ./cmd/server\n    binary: relay\n  - id: static\n    main: ./cmd/server\n    binary: relay-static\n  - main: ./cmd/tray\n    binary: tray\n    goos: [windows]\n",
			[]string{"./cmd/server"}, []string{"/out/relay"}},
		{"named as the first", "builds:\n  - main: ./cmd/server\n  - main: ./cmd/cli\n",
			[]string{"./cmd/server"}, []string{"/out/relay"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := provider.MustPlan(t, "language: go\n", langtest.WithContext(ctx, map[string]string{".goreleaser.yaml": tc.config}))
			pkgs, outs, _ := goBuilds(p)
			if !slices.Equal(pkgs, tc.pkgs) || !slices.Equal(outs, tc.outs) {
				t.Errorf("builds %q into %q, want %q into %q", pkgs, outs, tc.pkgs, tc.outs)
			}
			if len(p.Image.Entrypoint) == 0 || p.Image.Entrypoint[0] != "/usr/local/bin/"+strings.TrimPrefix(tc.outs[0], "/out/") {
				t.Errorf("runs %q", p.Image.Entrypoint)
			}
		})
	}
}
