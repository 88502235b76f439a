package graph_test

import (
	"github.com/moby/buildkit/client/llb"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/golang"
	"github.com/org/multistage-frontend/spec"
)

// TestLDFlagsExpandBuildArgsIntoOneArgument: build.ldflags' ${NAME} takes the build arg's value
// (or its default, or nothing for a declared arg without one) inside the one -ldflags argument,
// whatever the value holds.
func TestLDFlagsExpandBuildArgsIntoOneArgument(t *testing.T) {
	s, p := goPlan(t, "language: go\nargs: {VERSION: dev}\nbuild: {ldflags: \"-X main.version=${VERSION} -X main.date=${SOURCE_DATE_EPOCH} -X main.os=${TARGETOS}\"}\n")
	for _, tc := range []struct {
		args map[string]string
		want string
	}{
		{map[string]string{}, "-ldflags=-s -w -X main.version=dev -X main.date= -X main.os=linux"},
		{map[string]string{"VERSION": "1.2.3", "SOURCE_DATE_EPOCH": "1700000000"}, "-ldflags=-s -w -X main.version=1.2.3 -X main.date=1700000000 -X main.os=linux"},
		{map[string]string{"VERSION": "$(id); `id` \"'\n"}, "-ldflags=-s -w -X main.version=$(id); `id` \"'\n -X main.date= -X main.os=linux"},
	} {
		d, _ := buildWith(t, s, p, "", arm64, func(o *graph.Options) { o.BuildArgs = tc.args })
		gb := d.exec(t, "go", "build")
		if !slices.Contains(gb.GetExec().Meta.Args, tc.want) {
			t.Errorf("build args %v: go build %q, want the argument %q", tc.args, gb.GetExec().Meta.Args, tc.want)
		}
		if !strings.Contains(gb.Name, `-ldflags="-s -w -X main.version=${VERSION}`) {
			t.Errorf("step named %q", gb.Name)
		}
	}
}

// TestCgoCrossCompilerOnlyForOtherPlatforms: a cgo build installs the target's C compiler in
// deps only when the target is not the build platform.
func TestCgoCrossCompilerOnlyForOtherPlatforms(t *testing.T) {
	src := "language: go\n"
	s, err := spec.Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, err := lang.Skeleton(golang.Provider{}).Plan(s, lang.Facts{"go.mod": []byte("module example.com/notes\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.28\n")})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := build(t, s, p, "", amd64)
	for _, o := range d.execs() {
		if strings.Contains(o.Name, "cross") {
			t.Errorf("a native build runs %q", o.Name)
		}
	}
	d, _ = build(t, s, p, "", arm64)
	cc := d.exec(t, "/bin/sh", "/run/multistage-frontend/go-cross-cc.sh")
	if env := cc.GetExec().Meta.Env; !slices.Contains(env, "TARGETARCH=arm64") || !slices.Contains(env, "BUILDARCH=amd64") {
		t.Errorf("cross compiler step env %q", env)
	}
	gb := d.exec(t, "/bin/sh", "/run/multistage-frontend/go-cc.sh", "go", "build")
	if env := gb.GetExec().Meta.Env; !slices.Contains(env, "CGO_ENABLED=1") || !slices.Contains(env, "GOARCH=arm64") {
		t.Errorf("go build env %q", env)
	}
}

// TestWorkspaceModuleFilesComeFromTheRestrictedContext: go.work and the go.mod files it leads
// to are copied keeping their paths, from the context restricted to what planning read.
func TestWorkspaceModuleFilesComeFromTheRestrictedContext(t *testing.T) {
	facts := lang.Facts{
		"go.work":             []byte("go 1.26\n\nuse (\n\t./api\n\t./lib\n)\n"),
		"api/go.mod":          []byte("module example.com/api\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n"),
		"api/go.sum":          []byte(""),
		"api/main.go":         []byte("package main\n"),
		"lib/go.mod":          []byte("module example.com/lib\n\ngo 1.26\n"),
		"lib/cmd/x/README.md": []byte(""),
	}
	s, err := spec.Parse("Dockerfile", []byte("language: go\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := lang.Skeleton(golang.Provider{}).Plan(s, facts)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"go.mod", "go.sum", "go.work", "go.work.sum", "api/go.mod", "api/go.sum", "lib/go.mod", "lib/go.sum", "api/main.go"}
	deps := llb.Local("context", llb.FollowPaths(files), llb.SharedKeyHint("facts"))
	d, _ := buildWith(t, s, p, "", amd64, func(o *graph.Options) { o.DepContext, o.DepFiles = &deps, files })
	cp := d.named(t, "[deps 2/3] COPY go.work api/go.mod api/go.sum lib/go.mod ./")
	if name, follow := sourceOf(t, d, cp); name != "local://context" || follow == "" {
		t.Errorf("the module files come from %s following %q, want the restricted context", name, follow)
	}
	if inc := cp.GetFile().Actions[0].GetCopy().IncludePatterns; !slices.Equal(inc, []string{"go.work", "api/go.mod", "api/go.sum", "lib/go.mod"}) {
		t.Errorf("include patterns %q", inc)
	}
	d.exec(t, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", "/out/api", "./api")
}
