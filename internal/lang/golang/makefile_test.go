package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// The tags of the Makefile's go build reach the build: its first recipe line running go build
// or go install with -tags, its variables expanded, what make computes left out.
func TestMakefileBuildTags(t *testing.T) {
	for _, tc := range []struct {
		name, makefile string
		want           string // the tags, comma-separated; "" for none
	}{
		{"a variable with a make function after it",
			"comma := ,\nGO_BUILD_TAGS=netgo,sqlite_fts5$(if $(EXTRA_BUILD_TAGS),$(comma)$(EXTRA_BUILD_TAGS))\n\nbuild:\n\tgo build -ldflags=\"-X main.version=$(VERSION)\" -tags=$(GO_BUILD_TAGS)\n",
			"netgo,sqlite_fts5"},
		{"quoted, space-separated, a ${VAR} and a ?= definition",
			"EXTRA ?= osusergo\n\nrelease:\n\t@CGO_ENABLED=0 go build -tags 'netgo ${EXTRA}' -o bin/relay ./cmd/relay\n",
			"netgo,osusergo"},
		{"go install, a continued line",
			"install:\n\tgo install \\\n\t\t-tags=embed_ui,prod \\\n\t\t./cmd/relay\n", "embed_ui,prod"},
		{"only go test has tags", "test:\n\tgo test -tags integration ./...\nbuild:\n\tgo build -o bin/relay .\n", ""},
		{"the first build's tags come to nothing", "TAGS ?=\n\nbuild:\n\tgo build -tags '$(TAGS)' ./cmd/relay\nrelease:\n\tgo build -tags 'grpcnotrace $(TAGS)' ./cmd/relay\n", ""},
		{"computed by the shell", "build:\n\tgo build -tags=$(shell ./tags.sh) .\n", ""},
		{"a variable from the environment", "build:\n\tgo build -tags=$(BUILD_TAGS) .\n", ""},
		{"a template, not a tag", "build:\n\tgo build -tags={{.Tags}} .\n", ""},
		{"a variable defined after the build line", "build:\n\tgo build -tags=$(TAGS) .\n\nTAGS = netgo\n", "netgo"},
		{"the flags and the go command in variables",
			"GO ?= go\nGO_TAGS = sqlite_fts5 sqlite_json\nGO_FLAGS = -tags \"$(GO_TAGS)\" -ldflags=\"-s -w\"\n\nhost:\n\t$(GO) build $(GO_FLAGS) -o out/relay ./cmd/relay\n",
			"sqlite_fts5,sqlite_json"},
		{"a variable computed by the shell, with --tags in it", "GIT_TAG = $(shell git describe --tags)\nbuild:\n\tgo build -ldflags=\"-X v=$(GIT_TAG)\" -tags=netgo .\n", "netgo"},
		{"a computed value in a variable stops there", "FLAGS = -tags=$(shell ./tags.sh)\nbuild:\n\tgo build $(FLAGS) .\nother:\n\tgo build -tags=netgo .\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tags, file := makefileTags(readMakefile(lang.Facts{"Makefile": []byte(tc.makefile)}), "", "")
			if got := strings.Join(tags, ","); got != tc.want || (got != "" && file != "Makefile") {
				t.Errorf("tags %q from %q, want %q", got, file, tc.want)
			}
		})
	}
}

// A GoReleaser build without tags is the project's build: the Makefile's tags are not taken.
func TestGoReleaserWithoutTagsWinsOverTheMakefile(t *testing.T) {
	f := langtest.With(program("example.com/navi", "."),
		"Makefile", "build:\n\tgo build -tags=netgo,sqlite_fts5 .\n", ".goreleaser.yml", "builds:\n  - main: .\n")
	if tags, file := projectTags(langtest.Spec(t, "language: go\n"), f); len(tags) > 0 {
		t.Errorf("tags %q from %s", tags, file)
	}
	delete(f, ".goreleaser.yml")
	if tags, file := projectTags(langtest.Spec(t, "language: go\n"), f); strings.Join(tags, ",") != "netgo,sqlite_fts5" || file != "Makefile" {
		t.Errorf("without GoReleaser: tags %q from %s", tags, file)
	}
}

// The Makefile's go build -o names the programs the spec does not name: the first line for each
// package, its variables expanded; an output directory, a device, or a name made of what make
// computes (a variable it does not define) leave the package's own name.
func TestMakefileBinaryNames(t *testing.T) {
	mains := program("example.com/relay/v3", "cmd/server", "cmd/agent", "cmd/relayctl")
	for _, tc := range []struct {
		name, spec, makefile string
		want                 string // the binaries' names in package order (agent, relayctl, server), then the one run
	}{
		{"an import path, variables, a suffix empty on Linux",
			"language: go\n",
			"DIST ?= dist\nSUFFIX :=\nifeq ($(GOOS),windows)\n\tSUFFIX := .exe\nendif\n\n" +
				"build-server:\n\tCGO_ENABLED=1 go build -tags '$(TAGS)' -ldflags '${LDFLAGS}' -o ${DIST}/relay-server${SUFFIX} example.com/relay/v3/cmd/server\n" +
				"build-agent:\n\tgo build -o $(DIST)/relay-agent ./cmd/agent && echo done\n" +
				"release:\n\tgo build -o dist/$(GOOS)_$(GOARCH)/other-server example.com/relay/v3/cmd/server\n",
			"relay-agent relayctl relay-server; relay-server"},
		{"$@, a .go file, and -o=", "language: go\n",
			"bin/relayd: $(wildcard *.go)\n\tgo build -trimpath -o $@ cmd/server/main.go\nctl:\n\tgo build -o=bin/rctl.exe ./cmd/relayctl\n",
			"agent rctl relayd; relayd"},
		{"names make computes, a directory, /dev/null, go install", "language: go\n",
			"build:\n\tgo build -o bin/agent-$(GOOS)-$(GOARCH) ./cmd/agent\n\tgo build -o bin/ ./cmd/server\n\tgo build -o /dev/null ./cmd/relayctl\n\tgo install ./cmd/server\n",
			"agent relayctl server; server"},
		{"several packages on one line", "language: go\n", "build:\n\tgo build -o bin/ctl ./cmd/agent ./cmd/relayctl\n",
			"agent relayctl server; server"},
		{"the spec's names win", "language: go\nbinaries: [{package: ./cmd/server, name: relay}, ./cmd/agent]\n",
			"build:\n\tgo build -o dist/relay-server ./cmd/server\n\tgo build -o dist/relay-agent ./cmd/agent\n",
			"relay-agent relay; relay"},
		{"flags in a variable", "language: go\n",
			"GO = go\nFLAGS = -tags \"a b\" -ldflags \"-s -w\"\nserver:\n\t$(GO) build $(FLAGS) -o bin/relay-server ./cmd/server\n",
			"agent relayctl relay-server; relay-server"},
		{"cross builds' names, without their platform", "language: go\n",
			"DIR = dist/bin\nfreebsd:\n\tenv GOOS=freebsd GOARCH=amd64 go build -o ${DIR}/relay-server-freebsd_amd64 ./cmd/server\n" +
				"agent:\n\tgo build -o bin/relay-agent.linux-arm64 ./cmd/agent\n\tgo build -o bin/relayctl_windows.exe ./cmd/relayctl\n",
			"relay-agent relayctl relay-server; relay-server"},
		{"a shell comment after the package", "language: go\n",
			"build:\n\tgo build -ldflags=\"-w\" \\\n\t\t-o bin/linux/relay-server cmd/server/main.go  # linux\n",
			"agent relayctl relay-server; relay-server"},
		{"an entrypoint without a name", "language: go\nentrypoint: ./cmd/agent\n",
			"build:\n\tgo build -o dist/relay-agent ./cmd/agent\n", "relay-agent; relay-agent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := lang.Facts{"Makefile": []byte(tc.makefile)}
			maps.Copy(f, mains)
			s := langtest.Spec(t, tc.spec)
			ws, err := readWorkspace(s, f)
			if err != nil {
				t.Fatal(err)
			}
			bins, run, err := binaries(s, ws, f, nil, readMakefile(f))
			if err != nil {
				t.Fatal(err)
			}
			runs := bins[run].Name
			slices.SortFunc(bins, func(a, b binary) int { return strings.Compare(a.Pkg, b.Pkg) })
			var names []string
			for _, b := range bins {
				names = append(names, b.Name)
			}
			if got := strings.Join(names, " ") + "; " + runs; got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// the root package: go build -o with no package names the module's program
	f := langtest.With(program("example.com/relay", "."), "Makefile", "BINARY = relayd\nbuild:\n\tgo build -ldflags \"-X main.v=$(VERSION)\" -o ./$(BINARY)\n")
	p := provider.MustPlan(t, "language: go\n", f)
	if got := p.Image.Entrypoint; !slices.Equal(got, []string{"/usr/local/bin/relayd"}) {
		t.Errorf("entrypoint %q, want the Makefile's relayd", got)
	}
}

// A Makefile that builds each program with its own tags (frp's `-tags "frps$(NOWEB_TAG)"` for
// ./cmd/frps, `-tags "frpc$(NOWEB_TAG)"` for ./cmd/frpc): an image of the one program the spec
// names takes the tags of the line building it, by path or import path; without one, or with
// a program no line builds, the first line's.
func TestMakefileTagsOfTheNamedProgram(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module example.com/relay\n"), "Makefile": []byte(
		"WEB = $(shell test -d web/dist || echo ,noweb)\n\n" +
			"hub:\n\tenv CGO_ENABLED=0 go build -trimpath -tags \"hub$(WEB)\" -o bin/hub ./cmd/hub\n\n" +
			"agent:\n\tenv CGO_ENABLED=0 go build -trimpath -tags \"agent$(WEB)\" -o bin/agent ./cmd/agent\n")}
	for _, tc := range []struct{ spec, want string }{
		{"language: go\nentrypoint: ./cmd/agent\n", "agent"},
		{"language: go\nentrypoint: example.com/relay/cmd/agent\n", "agent"},
		{"language: go\nentrypoint: ./cmd/hub\n", "hub"},
		{"language: go\nentrypoint: ./cmd/agent/\n", "agent"},
		{"language: go\nentrypoint: ./cmd/tool\n", "hub"},
		{"language: go\n", "hub"},
	} {
		if tags, file := projectTags(langtest.Spec(t, tc.spec), f); strings.Join(tags, ",") != tc.want || file != "Makefile" {
			t.Errorf("%q: tags %q from %q, want %q", tc.spec, tags, file, tc.want)
		}
	}
}

// Several programs whose Makefile lines give them different tags (frp's -tags frps and -tags
// frpc) are each built with their own; the dependencies' list and compile and the tests get
// none (frp's `make test` gives neither). A program no line builds gets none; the same tags
// for all stay every go command's.
func TestMakefileTagsOfEachProgram(t *testing.T) {
	f := lang.Facts{"go.mod": []byte("module example.com/relay\n"),
		"cmd/hub/main.go": []byte("package main\n"), "cmd/agent/main.go": []byte("package main\n"), "cmd/tool/main.go": []byte("package main\n"),
		"Makefile": []byte("hub:\n\tgo build -tags \"hub$(WEB)\" -o bin/hub ./cmd/hub\n\n" +
			"agent:\n\tgo build -tags agent -o bin/agent ./cmd/agent\n")}
	goflags := func(p *plan.Plan, stage string) []string {
		var out []string
		for _, r := range langtest.Steps[*plan.Run](p.Stage(stage)) {
			if cmd := strings.Join(r.Args, " "); strings.Contains(cmd, "go build -trimpath -ldflags") || strings.Contains(cmd, "go test") || strings.Contains(cmd, "go list") {
				out = append(out, langtest.Env(r.Env, "GOFLAGS"))
			}
		}
		return out
	}
	p := provider.MustPlan(t, "language: go\nbinaries: [./cmd/hub, ./cmd/agent, ./cmd/tool]\n", f)
	if got := goflags(p, "builder"); !slices.Equal(got, []string{"-tags=hub ${GOFLAGS}", "-tags=agent ${GOFLAGS}", ""}) {
		t.Errorf("the builds' GOFLAGS %q", got)
	}
	for _, st := range []string{"deps-list", "tester"} {
		if got := goflags(p, st); len(got) != 1 || got[0] != "" {
			t.Errorf("%s's GOFLAGS %q, want none", st, got)
		}
	}
	if d := p.Stage("builder").Description; !strings.Contains(d, "tags hub for ./cmd/hub, agent for ./cmd/agent (Makefile)") {
		t.Errorf("builder's description %q", d)
	}
	// the same tags for both: one set, for every go command, as before
	f["Makefile"] = []byte("hub:\n\tgo build -tags netgo ./cmd/hub\nagent:\n\tgo build -tags netgo ./cmd/agent\n")
	p = provider.MustPlan(t, "language: go\nbinaries: [./cmd/hub, ./cmd/agent]\n", f)
	if got := slices.Concat(goflags(p, "builder"), goflags(p, "deps-list"), goflags(p, "tester")); len(got) != 4 || slices.ContainsFunc(got, func(g string) bool { return g != "-tags=netgo ${GOFLAGS}" }) {
		t.Errorf("GOFLAGS %q, want -tags=netgo for every go command", got)
	}
}

// TestMakefileChoosesTheProgram: among several cmd/ programs, none named after the module or
// server, the only one the root Makefile's go build lines build is the one the image runs
// (pagoda's `build: go build -o ./tmp/main ./cmd/web` beside `go run cmd/admin/main.go`); its
// -o ./tmp/main names nothing (air's placeholder), so it is named after its package. With two
// built, or none, the spec must still say which.
func TestMakefileChoosesTheProgram(t *testing.T) {
	mains := program("example.com/shop", "cmd/web", "cmd/admin")
	for makefile, want := range map[string]string{
		"run:\n\tgo run cmd/web/main.go\nadmin:\n\tgo run cmd/admin/main.go --email=$(email)\nbuild: css\n\tgo build -o ./tmp/main ./cmd/web\n": "web",
		"build:\n\tgo build -o bin/shopd ./cmd/web\n":                                  "shopd",
		"build:\n\tgo build -o bin/web ./cmd/web\n\tgo build -o bin/adm ./cmd/admin\n": "",
		"run:\n\tgo run ./cmd/web\n":                                                   "",
	} {
		f := lang.Facts{"Makefile": []byte(makefile)}
		maps.Copy(f, mains)
		p, err := provider.TryPlan(t, "language: go\n", f)
		switch {
		case want == "" && err == nil:
			t.Errorf("%q: planned %q, want the error asking for entrypoint", makefile, p.Image.Entrypoint)
		case want == "" && !strings.Contains(err.Error(), "several main packages"):
			t.Errorf("%q: %v", makefile, err)
		case want != "" && err != nil:
			t.Errorf("%q: %v", makefile, err)
		case want != "" && !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/" + want}):
			t.Errorf("%q: entrypoint %q, want %s", makefile, p.Image.Entrypoint, want)
		}
	}
}
