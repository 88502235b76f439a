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

// jobsMakefile is a scheduler of ours that stamps its version, commit and build time in its
// Makefile, as many Go services without GoReleaser do: the version and the commit from git by
// $(shell ...), the time by date, a plain edition, who built it, and a checksum of a file.
func jobsMakefile() map[string]string {
	return map[string]string{
		"go.mod":                  "module example.com/jobs\n\ngo 1.26\n",
		"cmd/jobs/main.go":        "package main\n\nvar version = \"0.0.0\"\n\nvar edition = \"dev\"\n\nvar checksum string\n\nfunc main() {}\n",
		"internal/build/build.go": "package build\n\nvar (\n\tCommit  = \"unknown\"\n\tTime    string\n\tBuilder = \"go\"\n)\n",
		"Makefile": "PKG = example.com/jobs\nGIT_COMMIT ?= $(shell git rev-parse --short HEAD)\nBUILD_VERSION = $(shell git describe --tags)\n" +
			"LDFLAGS = -s -w -X 'main.version=$(BUILD_VERSION)' -X $(PKG)/internal/build.Commit=$(GIT_COMMIT) " +
			"-X '$(PKG)/internal/build.Time=$(shell date -u +%FT%TZ)' -X $(PKG)/internal/build.Builder=make -X main.edition=ce\n\n" +
			".PHONY: build\nbuild:\n\tCGO_ENABLED=0 go build -ldflags=\"$(LDFLAGS)\" -o bin/jobs ./cmd/jobs\n\n" +
			"test:\n\tgo test ./...\n",
	}
}

// TestMakefileStampsFromArgs: a root module without GoReleaser whose Makefile's go build of the
// image's program stamps -X values that make computes gets the same stamps from the build args
// VERSION, COMMIT and DATE (by the variable's name, else by its $(shell ...) command), each
// declared with the source's default, as GoReleaser's are; a plain value is stamped as
// written, but who built it; a value no arg stands for is named by VersionNotStamped. A
// variable the Makefile leaves to the command line (`make VERSION=1.2`), or a version written out
// (`-X main.version=local`, a build of the Makefile's), is the arg of its name.
// build.ldflags, a GoReleaser configuration, or a Makefile building another program leave the
// Makefile's stamps out.
func TestMakefileStampsFromArgs(t *testing.T) {
	ctx := jobsMakefile()
	src := "language: go\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	args := map[string]plan.Arg{}
	for _, a := range p.Args {
		if a.HasDefault && !a.Tool {
			args[a.Name] = a
		}
	}
	if len(args) != 3 || args["VERSION"].Default != "0.0.0" || args["COMMIT"].Default != "unknown" || args["DATE"].Default != "" {
		t.Errorf("args %+v, want VERSION 0.0.0, COMMIT unknown, DATE empty (the source's)", args)
	}
	if d := args["VERSION"].Description; d != "stamped into main.version as Makefile's $(BUILD_VERSION), $(shell git describe --tags) (default: the source's)" {
		t.Errorf("VERSION's description %q", d)
	}
	want := "-ldflags=-s -w -X 'main.version=${VERSION}' -X 'example.com/jobs/internal/build.Commit=${COMMIT}' " +
		"-X 'example.com/jobs/internal/build.Time=${DATE}' -X main.edition=ce"
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, want+" -o /out/jobs ./cmd/jobs") {
		t.Errorf("go build:\n%s\nwant %q", cmds, want)
	}
	if d := p.Stage("builder").Description; !strings.HasSuffix(d, "; stamps VERSION, COMMIT, DATE, main.edition=ce (Makefile)") {
		t.Errorf("builder's description %q", d)
	}
	if msgs := langtest.Messages(p, rules.VersionNotStamped.Name); len(msgs) != 0 {
		t.Errorf("VersionNotStamped %q", msgs)
	}

	// a value no arg stands for (the checksum of a file), and a variable left to the command line
	left := maps.Clone(ctx)
	left["Makefile"] = strings.Replace(ctx["Makefile"], "-X main.edition=ce", "-X main.checksum=$(shell sha256sum go.sum) -X main.edition=$(EDITION)", 1)
	left["Makefile"] = strings.Replace(left["Makefile"], "'main.version=$(BUILD_VERSION)'", "main.version=$(VERSION)", 1)
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, left))
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, "-X 'main.version=${VERSION}' -X") || strings.Contains(cmds, "checksum") {
		t.Errorf("go build with VERSION from the command line:\n%s", cmds)
	}
	msgs := langtest.Messages(p, rules.VersionNotStamped.Name)
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "Makefile's build stamps main.checksum=$(shell sha256sum go.sum), main.edition=$(EDITION) with -ldflags -X") {
		t.Errorf("VersionNotStamped %q", msgs)
	}

	// a version written out in the Makefile (a local build's "local") is the arg's, as the release's would be
	local := maps.Clone(ctx)
	local["Makefile"] = strings.Replace(ctx["Makefile"], "'main.version=$(BUILD_VERSION)'", "main.version=local", 1)
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, local))
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, "-X 'main.version=${VERSION}' -X") || strings.Contains(cmds, "local") {
		t.Errorf("go build with a version written out:\n%s", cmds)
	}

	// a build tool's version (gitea's `-X "main.MakeVersion=$(MAKE_VERSION)"` before its
	// version, `main.BuildGoVersion`) is not the program's: left out as who built it is, without
	// a warning
	tool := maps.Clone(ctx)
	tool["Makefile"] = "MAKE_VERSION := $(shell \"$(MAKE)\" -v | head -n 1)\nBUILDGOVERSION := $(shell go version)\n" +
		strings.Replace(ctx["Makefile"], "-X 'main.version=$(BUILD_VERSION)'",
			"-X \"main.MakeVersion=$(MAKE_VERSION)\" -X main.BuildGoVersion=$(BUILDGOVERSION) -X 'main.version=$(BUILD_VERSION)'", 1)
	p = provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, tool))
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); strings.Contains(cmds, "MakeVersion") || strings.Contains(cmds, "GoVersion") || !strings.Contains(cmds, want) {
		t.Errorf("go build with tool versions stamped:\n%s", cmds)
	}
	if msgs := langtest.Messages(p, rules.VersionNotStamped.Name); len(msgs) != 0 {
		t.Errorf("tool versions: VersionNotStamped %q", msgs)
	}
	for _, a := range p.Args {
		if a.Name == "VERSION" && !strings.Contains(a.Description, "$(BUILD_VERSION)") {
			t.Errorf("tool versions: VERSION's description %q, want the program's version's", a.Description)
		}
	}

	for name, change := range map[string]func(map[string]string) string{
		"build.ldflags": func(map[string]string) string { return "language: go\nbuild: {ldflags: -X main.version=1}\n" },
		"GoReleaser's build, its own stamps": func(c map[string]string) string {
			c[".goreleaser.yaml"] = "builds:\n  - main: ./cmd/jobs\n    ldflags: -s -w\n"
			return src
		},
		"another program built": func(c map[string]string) string {
			c["cmd/worker/main.go"] = "package main\n\nfunc main() {}\n"
			return "language: go\nentrypoint: ./cmd/worker\n"
		},
	} {
		c := maps.Clone(ctx)
		src := change(c)
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, c))
		if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); strings.Contains(cmds, "${") {
			t.Errorf("%s: stamped from args:\n%s", name, cmds)
		}
		if slices.ContainsFunc(p.Args, func(a plan.Arg) bool { return a.Name == "VERSION" && strings.Contains(a.Description, "Makefile") }) {
			t.Errorf("%s: VERSION declared for the Makefile's stamp", name)
		}
	}
}

// TestGoReleaserDefaultLdflags: a GoReleaser build that writes no ldflags gets GoReleaser's
// default ones, -X main.version={{.Version}}, main.commit and main.date (and main.builtBy,
// which this build is not): the image's build stamps those the program declares from the
// args, and passes the others over without a warning. ldflags written without -X stamp none.
func TestGoReleaserDefaultLdflags(t *testing.T) {
	for ldflags, want := range map[string]string{
		"":                       "-ldflags=-s -w -X 'main.version=${VERSION}' -X 'main.commit=${COMMIT}' -o /out/flow ./cmd/flow",
		"    ldflags: [-s -w]\n": "-ldflags=-s -w -o /out/flow ./cmd/flow",
	} {
		f := lang.Facts{"go.mod": []byte("module example.com/flow\n\ngo 1.26\n"),
			"cmd/flow/main.go": []byte("package main\n\nvar version = \"0.0.0\"\n\nvar builtBy = \"source\"\n\nfunc main() {}\n"),
			"cmd/flow/info.go": []byte("package main\n\nvar commit string\n"),
			".goreleaser.yaml": []byte("version: 2\nbuilds:\n  - dir: ./cmd/flow\n    binary: flow\n    env: [CGO_ENABLED=0]\n" + ldflags)}
		p := provider.MustPlan(t, "language: go\n", f)
		if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, want) {
			t.Errorf("ldflags %q: go build:\n%s\nwant %q", ldflags, cmds, want)
		}
		if msgs := langtest.Messages(p, rules.VersionNotStamped.Name); len(msgs) != 0 {
			t.Errorf("ldflags %q: VersionNotStamped %q (main.date is not declared: the default stamps nothing there)", ldflags, msgs)
		}
	}
}

// TestMakefileStampsAddedLater: the -X stamps a Makefile adds to its flags with `+=` (pgweb's
// `LDFLAGS += -X $(PKG)/pkg/command.GitCommit=...`) or by `$(eval ...)` in the recipe of a
// target the build's depends on (stash's `build-flags: build-info`, whose recipes evaluate
// `BUILD_LDFLAGS += -X ...` and `STASH_VERSION := $(shell git describe ...)` before `stash:
// build-flags` runs `go build $(STASH_OUTPUT) $(BUILD_FLAGS) ./cmd/stash`) are made as those
// written on the line are; the tags a `+=` adds are the build's; an $(eval ...) of a target the
// build does not depend on (a flags target given on make's command line) is not read.
func TestMakefileStampsAddedLater(t *testing.T) {
	want := "-ldflags=-s -w -X 'main.version=${VERSION}' -X 'example.com/jobs/internal/build.Commit=${COMMIT}' -o /out/jobs ./cmd/jobs"
	for name, mk := range map[string]string{
		"+=": "PKG = example.com/jobs\nLDFLAGS := $(LDFLAGS)\nLDFLAGS += -s -w\nLDFLAGS += -X 'main.version=$(shell git describe --tags)'\n" +
			"LDFLAGS += -X $(PKG)/internal/build.Commit=$(shell git rev-parse HEAD)\nTAGS := $(TAGS)\nTAGS += netgo osusergo\n\n" +
			"build:\n\tgo build -tags \"$(TAGS)\" -ldflags \"$(LDFLAGS)\" -o bin/jobs ./cmd/jobs\n",
		"$(eval)": "TAGS = netgo\nTAGS += osusergo\n\n.PHONY: flags-debug\nflags-debug:\n\t$(eval LDFLAGS += -X main.edition=debug)\n\t$(eval TAGS += debug)\n\n" +
			"info:\nifndef VERSION\n\t$(eval VERSION := $(shell git describe --tags))\nendif\n\t$(eval HASH := $(shell git rev-parse HEAD))\n\n" +
			"flags: info\n\t$(eval BUILD_LDFLAGS := $(LDFLAGS) -s -w)\n\t$(eval BUILD_LDFLAGS += -X 'main.version=$(VERSION)')\n" +
			"\t$(eval BUILD_LDFLAGS += -X 'example.com/jobs/internal/build.Commit=$(HASH)')\n\t$(eval FLAGS := -tags \"$(TAGS)\" -ldflags \"$(BUILD_LDFLAGS)\")\n\n" +
			"jobs: flags\n\tgo build $(OUT) $(FLAGS) -o bin/jobs ./cmd/jobs\n",
	} {
		t.Run(name, func(t *testing.T) {
			ctx := jobsMakefile()
			ctx["Makefile"] = mk
			src := "language: go\n"
			p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
			cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n")
			if !strings.Contains(cmds, want) {
				t.Errorf("go build:\n%s\nwant %q", cmds, want)
			}
			if strings.Contains(cmds, "edition") || strings.Contains(cmds, "debug") {
				t.Errorf("a flags target the build does not depend on was read:\n%s", cmds)
			}
			if d := p.Stage("builder").Description; !strings.Contains(d, "tags netgo,osusergo (Makefile)") {
				t.Errorf("builder's description %q, want the tags netgo,osusergo", d)
			}
		})
	}
}

// TestDockerfileStampsFromArgs: without GoReleaser or a Makefile stamping the program, the go
// build of the project's own Dockerfile is read as a Makefile's line (wings' `ARG VERSION` and
// `-X .../system.Version=$VERSION`): an ARG without a default is the arg of its name, a command
// substitution the arg of its command, each declared with the source's default; a Makefile that
// stamps wins.
func TestDockerfileStampsFromArgs(t *testing.T) {
	ctx := jobsMakefile()
	delete(ctx, "Makefile")
	ctx["Dockerfile"] = "FROM golang:1.26 AS build\nARG VERSION\nWORKDIR /src\nCOPY . .\n" +
		"RUN CGO_ENABLED=0 go build \\\n    -ldflags=\"-s -w -X example.com/jobs/internal/build.Commit=$(git rev-parse --short HEAD) -X main.version=${VERSION}\" \\\n    -o /out/jobs ./cmd/jobs\n\n" +
		"FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/jobs /jobs\nENTRYPOINT [\"/jobs\"]\n"
	src := "language: go\n"
	// the provider as planning runs it, which reads the project's Dockerfile too
	withDockerfile := provider.Provider.(interface {
		lang.Follower
		Language() lang.Language
	})
	p := provider.MustPlan(t, src, langtest.Gathered(t, withDockerfile, src, ctx))
	args := map[string]plan.Arg{}
	for _, a := range p.Args {
		if a.HasDefault && !a.Tool {
			args[a.Name] = a
		}
	}
	if len(args) != 2 || args["VERSION"].Default != "0.0.0" || args["COMMIT"].Default != "unknown" ||
		args["VERSION"].Description != "stamped into main.version as Dockerfile's ${VERSION} (default: the source's)" ||
		args["COMMIT"].Description != "stamped into example.com/jobs/internal/build.Commit as Dockerfile's $(git rev-parse --short HEAD) (default: the source's)" {
		t.Errorf("args %+v, want VERSION 0.0.0 and COMMIT unknown (the source's)", args)
	}
	want := "-ldflags=-s -w -X 'example.com/jobs/internal/build.Commit=${COMMIT}' -X 'main.version=${VERSION}' -o /out/jobs ./cmd/jobs"
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, want) {
		t.Errorf("go build:\n%s\nwant %q", cmds, want)
	}
	if d := p.Stage("builder").Description; !strings.HasSuffix(d, "; stamps COMMIT, VERSION (Dockerfile)") {
		t.Errorf("builder's description %q", d)
	}
	ctx["Makefile"] = jobsMakefile()["Makefile"]
	p = provider.MustPlan(t, src, langtest.Gathered(t, withDockerfile, src, ctx))
	if d := p.Stage("builder").Description; !strings.HasSuffix(d, "(Makefile)") {
		t.Errorf("with a Makefile stamping: builder's description %q", d)
	}
}

// TestMakefileTargetOfTheProgramsDirectory: a Makefile whose targets are the programs' own
// files, each recipe building the target's directory (`cmd/logd/logd:` running `go build
// $(GO_FLAGS) -o $@ ./$(@D)`, as loki's does), gives that program its tags and stamps: $(@D) is
// the target's directory. An image tag stands for VERSION (IMAGE_TAG, from a script), and
// neither the branch (`git rev-parse --abbrev-ref HEAD`, a rev-parse printing no commit) nor who
// built it (`BuildUser=$(shell whoami)@$(shell hostname)`) is stamped or warned of, as promu's
// are not.
func TestMakefileTargetOfTheProgramsDirectory(t *testing.T) {
	ctx := map[string]string{
		"go.mod":                  "module example.com/logd/v3\n\ngo 1.26\n",
		"cmd/logd/main.go":        "package main\n\nfunc main() {}\n",
		"cmd/logcli/main.go":      "package main\n\nfunc main() {}\n",
		"pkg/util/build/build.go": "package build\n\nvar (\n\tVersion   string\n\tRevision  string\n\tBranch    string\n\tBuildUser string\n\tBuildDate string\n)\n",
		"tools/image-tag":         "#!/usr/bin/env bash\ngit describe --tags --dirty\n",
		"Makefile": "IMAGE_TAG ?= $(shell ./tools/image-tag)\nGIT_REVISION := $(shell git rev-parse --short HEAD)\n" +
			"GIT_BRANCH := $(shell git rev-parse --abbrev-ref HEAD)\nVPREFIX := example.com/logd/v3/pkg/util/build\n" +
			"GO_LDFLAGS := -X $(VPREFIX).Branch=$(GIT_BRANCH) \\\n\t-X $(VPREFIX).Version=$(IMAGE_TAG) \\\n\t-X $(VPREFIX).Revision=$(GIT_REVISION) \\\n" +
			"\t-X $(VPREFIX).BuildUser=$(shell whoami)@$(shell hostname) \\\n\t-X $(VPREFIX).BuildDate=$(shell date -u +\"%Y-%m-%dT%H:%M:%SZ\")\n" +
			"GO_FLAGS := -ldflags \"-s -w $(GO_LDFLAGS)\" -tags netgo\n\n" +
			"logcli: cmd/logcli/logcli\n\ncmd/logcli/logcli:\n\tCGO_ENABLED=0 go build -o $@ ./cmd/logcli\n\n" +
			"logd: cmd/logd/logd\n\ncmd/logd/logd:\n\tCGO_ENABLED=0 go build $(GO_FLAGS) -o $@ ./$(@D)\n",
	}
	src := "language: go\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	want := "-ldflags=-s -w -X 'example.com/logd/v3/pkg/util/build.Version=${VERSION}' -X 'example.com/logd/v3/pkg/util/build.Revision=${COMMIT}' " +
		"-X 'example.com/logd/v3/pkg/util/build.BuildDate=${DATE}' -o /out/logd ./cmd/logd"
	if cmds := strings.Join(langtest.Commands(p.Stage("builder")), "\n"); !strings.Contains(cmds, want) {
		t.Errorf("go build:\n%s\nwant %q", cmds, want)
	}
	if d := p.Stage("builder").Description; !strings.Contains(d, "netgo for ./cmd/logd") || !strings.HasSuffix(d, "; stamps VERSION, COMMIT, DATE (Makefile)") {
		t.Errorf("builder's description %q, want logd's netgo and three stamps", d)
	}
	for _, a := range p.Args {
		if a.Name == "VERSION" && a.Description != "stamped into example.com/logd/v3/pkg/util/build.Version as Makefile's $(IMAGE_TAG), $(shell ./tools/image-tag) (default: the source's)" {
			t.Errorf("VERSION's description %q", a.Description)
		}
		if a.Name == "COMMIT" && strings.Contains(a.Description, "BRANCH") {
			t.Errorf("COMMIT's description %q names the branch", a.Description)
		}
	}
	if msgs := langtest.Messages(p, rules.VersionNotStamped.Name); len(msgs) != 0 {
		t.Errorf("VersionNotStamped %q", msgs)
	}
}
