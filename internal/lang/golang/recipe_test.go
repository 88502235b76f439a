package golang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

var uuidFacts = lang.Facts{
	"go.mod": []byte("module example.com/hello\n\ngo 1.26\n\nrequire github.com/google/uuid v1.6.0\n"),
	"go.sum": []byte("github.com/google/uuid v1.6.0 h1:x\n"),
}

var (
	modSeed    = plan.Mount{Type: plan.MountCache, ID: "go-mod", Target: modCache, FromStage: "deps", Source: modCache}
	buildSeed  = plan.Mount{Type: plan.MountCache, ID: "go-build", Target: buildCache, FromStage: "deps-build", Source: buildCache}
	modMount   = plan.Mount{Type: plan.MountCache, ID: "go-mod", Target: modCache}
	buildMount = plan.Mount{Type: plan.MountCache, ID: "go-build", Target: buildCache}
)

func cacheMounts(r *plan.Run) []plan.Mount {
	return slices.DeleteFunc(slices.Clone(r.Mounts), func(m plan.Mount) bool { return m.Type != plan.MountCache })
}

// The modules go into deps' layer, the dependencies are compiled into deps-build's from a list
// that only go list's output keys, and the build and tests start from both.
func TestDependenciesAreCompiledIntoALayer(t *testing.T) {
	p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nbuild: {env: {GOFLAGS: -tags=prod}, secrets: [netrc]}\n", uuidFacts)
	if got := langtest.Names(p.Stages); !slices.Equal(got[:4], []string{"deps", "deps-list", "deps-build", "builder"}) {
		t.Fatalf("stages %q", got)
	}
	dl := langtest.Steps[*plan.Run](p.Stage("deps"))[0]
	if !slices.Equal(cacheMounts(dl), []plan.Mount{{Type: plan.MountCache, ID: "go-mod", Target: sharedModCache}}) ||
		!strings.Contains(dl.Args[2], "go mod download") || !strings.Contains(dl.Args[2], "GOPROXY=\"file://$shared,$(go env GOPROXY)\"") {
		t.Errorf("download %+v: want go mod download into the layer, the builder's go-mod cache as a file proxy", dl)
	}

	build := langtest.Steps[*plan.Run](p.Stage("builder"))[0]
	netrc := plan.Mount{Type: plan.MountSecret, ID: "netrc", Target: "/run/secrets/netrc"}
	if !slices.Contains(dl.Mounts, netrc) || !slices.Contains(build.Mounts, netrc) {
		t.Errorf("the download and the build lack the secret: %+v, %+v", dl.Mounts, build.Mounts)
	}
	list := langtest.Steps[*plan.Run](p.Stage("deps-list"))[0]
	compile := langtest.Steps[*plan.Run](p.Stage("deps-build"))[0]
	for _, r := range []*plan.Run{list, compile} {
		// the build's environment (target, cgo, build.env) and args, without SOURCE_DATE_EPOCH,
		// without network or secrets
		if !slices.Equal(r.Env, build.Env) || r.UseArgs == nil || slices.Contains(r.UseArgs, plan.EpochArg) || !slices.Contains(build.UseArgs, plan.EpochArg) ||
			!r.NoNetwork || slices.ContainsFunc(r.Mounts, func(m plan.Mount) bool { return m.Type == plan.MountSecret || m.Type == plan.MountCache }) {
			t.Errorf("%s: %+v", r.Display, r)
		}
	}
	if len(list.Mounts) != 0 || list.Args[len(list.Args)-1] != "./cmd/server" ||
		!strings.Contains(list.Args[2], "go list -e -deps") || !strings.HasSuffix(list.Args[2], ">"+packagesFile) {
		t.Errorf("list %q mounts %+v: want go list -deps of the main package, nothing mounted", list.Args, list.Mounts)
	}
	// only the Go files, keeping their paths: neither the build file nor any other file keys the list
	if src := langtest.Steps[*plan.Copy](p.Stage("deps-list")); len(src) != 1 || src[0].FromStage != "" ||
		!slices.Equal(src[0].Paths, []string{"."}) || !slices.Equal(src[0].Include, []string{"*.go", "**/*.go"}) || src[0].Dest != "./" {
		t.Errorf("deps-list copies %+v: want the context's Go files only", src)
	}
	cp := langtest.Steps[*plan.Copy](p.Stage("deps-build"))
	if len(cp) != 1 || cp[0].FromStage != "deps-list" || !slices.Equal(cp[0].Paths, []string{packagesFile}) {
		t.Errorf("deps-build copies %+v: want only the list", cp)
	}
	if !strings.Contains(compile.Args[2], "go build -trimpath <"+packagesFile) {
		t.Errorf("compile %q", compile.Args)
	}
	for _, r := range []*plan.Run{build, langtest.Steps[*plan.Run](p.Stage("tester"))[0]} {
		if got := cacheMounts(r); !slices.Contains(got, modSeed) {
			t.Errorf("%s: caches %+v, want go-mod seeded from deps", r.Display, got)
		}
	}
	if got := cacheMounts(build); !slices.Equal(got, []plan.Mount{modSeed, buildSeed}) {
		t.Errorf("build caches %+v, want go-mod seeded from deps and go-build from deps-build", got)
	}
}

// Without the build's flags (build.command) nothing is compiled ahead; vendored modules are in
// the context, not in deps: the caches are as they were.
func TestNoCompiledDependenciesWithoutTheFlagsOrWithVendoredModules(t *testing.T) {
	p := provider.MustPlan(t, "language: go\nbuild: {command: make build}\n", uuidFacts)
	if p.Stage("deps-list") != nil || p.Stage("deps-build") != nil {
		t.Errorf("build.command: stages %q", langtest.Names(p.Stages))
	}
	if got := cacheMounts(langtest.Steps[*plan.Run](p.Stage("builder"))[0]); !slices.Equal(got, []plan.Mount{modSeed, buildMount}) {
		t.Errorf("build.command: caches %+v", got)
	}
	f := lang.Facts{"go.mod": uuidFacts["go.mod"], "vendor/modules.txt": []byte("# github.com/google/uuid v1.6.0\n")}
	p = provider.MustPlan(t, "language: go\n", f)
	if p.Stage("deps-list") != nil || len(langtest.Steps[*plan.Run](p.Stage("deps"))) != 0 {
		t.Errorf("vendored: stages %q", langtest.Names(p.Stages))
	}
	if got := cacheMounts(langtest.Steps[*plan.Run](p.Stage("builder"))[0]); !slices.Equal(got, []plan.Mount{modMount, buildMount}) {
		t.Errorf("vendored: caches %+v", got)
	}
}

// Every binary's imports are listed, once each.
func TestTheListCoversEveryBinary(t *testing.T) {
	p := provider.MustPlan(t, "language: go\nbinaries: [./cmd/server, ./cmd/worker]\n", uuidFacts)
	list := langtest.Steps[*plan.Run](p.Stage("deps-list"))[0]
	if got := list.Args[len(list.Args)-2:]; !slices.Equal(got, []string{"./cmd/server", "./cmd/worker"}) {
		t.Errorf("list of %q", list.Args)
	}
}

// A build tag (flipt's `//go:build assets` on its embedded UI) is given as build.env's GOFLAGS:
// it reaches every go command alike, the dependency list and pre-compile, the build and the
// tests, so that each compiles the same files.
func TestBuildTagsInGOFLAGSReachEveryGoCommand(t *testing.T) {
	p := provider.MustPlan(t, "language: go\nentrypoint: ./cmd/server\nbuild: {env: {GOFLAGS: -tags=assets}}\n", uuidFacts)
	want := plan.Env{Key: "GOFLAGS", Value: "-tags=assets"}
	for _, name := range []string{"deps-list", "deps-build", "builder", "tester"} {
		st := p.Stage(name)
		if st == nil {
			t.Fatalf("no %s stage", name)
		}
		var goCmds int
		for _, r := range langtest.Steps[*plan.Run](st) {
			if !strings.Contains(strings.Join(r.Args, " ")+r.Shell, "go ") {
				continue
			}
			goCmds++
			if !slices.Contains(r.Env, want) {
				t.Errorf("%s: %q runs without %v: %v", name, r.Display, want, r.Env)
			}
		}
		if goCmds == 0 {
			t.Errorf("%s runs no go command", name)
		}
	}
}
