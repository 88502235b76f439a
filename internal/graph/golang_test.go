package graph_test

import (
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
	p, err := golang.Provider{}.Plan(s, lang.Facts{"go.mod": []byte("module example.com/notes\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.28\n")})
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
