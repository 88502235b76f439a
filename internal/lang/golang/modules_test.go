package golang

import (
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// monorepo is a go.work repository: a service using a library through a local replace, the
// library, and a tool module replacing a shared module outside go.work.
func monorepo() lang.Facts {
	return lang.Facts{
		"go.work": []byte("go 1.25.3\n\nuse (\n\t./services/api\n\t./libs/greet\n)\n"),
		"services/api/go.mod": []byte("module example.com/shop/api\n\ngo 1.25\n\nrequire (\n\texample.com/shop/greet v0.0.0\n\t" +
			"example.com/shop/shared v0.0.0\n\tgithub.com/google/uuid v1.6.0\n)\n\n" +
			"replace example.com/shop/greet => ../../libs/greet\nreplace example.com/shop/shared => ../../libs/shared\n"),
		"services/api/go.sum":     []byte("github.com/google/uuid v1.6.0 h1:x\n"),
		"services/api/main.go":    []byte("package main\n"),
		"libs/greet/go.mod":       []byte("module example.com/shop/greet\n\ngo 1.25\n"),
		"libs/shared/go.mod":      []byte("module example.com/shop/shared\n\ngo 1.25\n"),
		"libs/shared/go.sum":      []byte(""),
		"libs/greet/cmd/x/main.y": []byte("package main\n"),
	}
}

// follow runs Follow until it asks for nothing new, reading from all, as the frontend does.
func follow(t *testing.T, src string, all lang.Facts) lang.Facts {
	t.Helper()
	s := langtest.Spec(t, src)
	f := lang.Facts{}
	for _, r := range (Provider{}).Language().Reads {
		if v, ok := all[r]; ok {
			f[r] = v
		}
	}
	for round := 0; round < 10; round++ {
		fresh := false
		for _, want := range (Provider{}).Follow(s, f) {
			for name, v := range all {
				if ok, _ := matchPath(want, name); ok && !f.Has(name) {
					f[name], fresh = v, true
				}
			}
		}
		if !fresh {
			return f
		}
	}
	t.Fatal("Follow asks for new files forever")
	return nil
}

func matchPath(pattern, name string) (bool, error) {
	if !strings.ContainsAny(pattern, "*?[") {
		return pattern == name, nil
	}
	return path.Match(pattern, name)
}

func TestWorkspaceCopiesEveryModuleFileAndTestsEveryModule(t *testing.T) {
	f := follow(t, "language: go\n", monorepo())
	for _, want := range []string{"services/api/go.mod", "libs/shared/go.mod", "services/api/main.go"} {
		if !f.Has(want) {
			t.Errorf("Follow did not lead to %s (read %d files)", want, len(f))
		}
	}
	p := provider.MustPlan(t, "language: go\n", f)
	cp := langtest.Steps[*plan.Copy](p.Stage("deps"))[0]
	want := []string{"go.work", "services/api/go.mod", "services/api/go.sum", "libs/greet/go.mod", "libs/shared/go.mod", "libs/shared/go.sum"}
	if !slices.Equal(cp.Paths, []string{"."}) || !slices.Equal(cp.Include, want) {
		t.Errorf("deps copies %q including %q, want . including %q", cp.Paths, cp.Include, want)
	}
	if got := p.Stage("deps").Base.Image; got != "golang:1.25" {
		t.Errorf("builder %s, want go.work's go line", got)
	}
	if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./services/api"}) || outs[0] != "/out/api" {
		t.Errorf("builds %q into %q", pkgs, outs)
	}
	test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]
	if !slices.Equal(test.Args, []string{"go", "test", "./services/api/...", "./libs/greet/..."}) {
		t.Errorf("tests %q, want every module of go.work", test.Args)
	}
	// a package of a module in a subdirectory, as a path or as an import path
	for _, ep := range []string{"./services/api", "example.com/shop/api"} {
		p := provider.MustPlan(t, "language: go\nentrypoint: "+ep+"\n", f)
		if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./services/api"}) {
			t.Errorf("entrypoint %s builds %q", ep, pkgs)
		}
	}
}

// go.work's toolchain line, when newer than its go line, is the builder's release, as the go
// command would switch to it (wundergraph/cosmo's `go 1.21.5` and `toolchain go1.22.0`); it
// wins over the modules' lines, as go.work's go line does; an older one does not count.
func TestWorkspaceToolchainLine(t *testing.T) {
	for _, tc := range []struct{ work, image, source string }{
		{"go 1.21.5\n\ntoolchain go1.22.0\n", "golang:1.22", "Go 1.22 (go.work's toolchain line)"},
		{"go 1.25.3\n\ntoolchain go1.24.1\n", "golang:1.25", ""},
		{"toolchain go1.26.2\n", "golang:1.26", ""},
	} {
		f := monorepo()
		f["go.work"] = []byte(tc.work + "\nuse (\n\t./services/api\n\t./libs/greet\n)\n")
		p := provider.MustPlan(t, "language: go\n", f)
		if got := p.Stage("deps").Base.Image; got != tc.image {
			t.Errorf("%q: builder %s, want %s", tc.work, got, tc.image)
		}
		if n := langtest.NoteOf(p, "GoVersionEndOfLife"); (n == nil) != (tc.source == "") || n != nil && !strings.HasPrefix(n.Msg, tc.source) {
			t.Errorf("%q: %+v, want %q", tc.work, n, tc.source)
		}
	}
}

func TestLocalReplacesAreCopiedWithTheRootModule(t *testing.T) {
	all := lang.Facts{
		"go.mod":           []byte("module example.com/app\n\ngo 1.26\n\nrequire example.com/x v0.0.0\n\nreplace example.com/x => ./libs/x\n"),
		"go.sum":           []byte(""),
		"libs/x/go.mod":    []byte("module example.com/x\n\ngo 1.26\n\nrequire example.com/y v0.0.0\nreplace example.com/y => ../y\n"),
		"libs/y/go.mod":    []byte("module example.com/y\n\ngo 1.26\n"),
		"libs/y/go.sum":    []byte(""),
		"libs/x/main.go":   []byte("package main\n"),
		"libs/x/x_test.go": []byte(""),
	}
	p := provider.MustPlan(t, "language: go\n", follow(t, "language: go\n", all))
	cp := langtest.Steps[*plan.Copy](p.Stage("deps"))[0]
	if want := []string{"go.mod", "go.sum", "libs/x/go.mod", "libs/y/go.mod", "libs/y/go.sum"}; !slices.Equal(cp.Include, want) {
		t.Errorf("deps copies %q, want %q", cp.Include, want)
	}
	if test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]; !slices.Equal(test.Args, []string{"go", "test", "./..."}) {
		t.Errorf("tests %q: a replaced module is not a main module", test.Args)
	}
	// a single module keeps its plain copy
	p = provider.MustPlan(t, "language: go\n", mod("go 1.26"))
	if cp := langtest.Steps[*plan.Copy](p.Stage("deps"))[0]; !slices.Equal(cp.Paths, []string{"go.mod"}) || cp.Include != nil {
		t.Errorf("single module copies %+v", cp)
	}
}

func TestModulesOutsideTheContextAreRefused(t *testing.T) {
	for _, f := range []lang.Facts{
		{"go.mod": []byte("module a\n\ngo 1.26\n\nreplace example.com/x => ../x\n")},
		{"go.work": []byte("go 1.26\n\nuse ../other\n")},
		{"go.work": []byte("go 1.26\n\nuse ./a\n"), "a/go.mod": []byte("module a\n\nreplace b => ../../b\n")},
		{"go.mod": []byte("module a\n\nreplace example.com/x => /abs/x\n")},
	} {
		_, err := provider.TryPlan(t, "# syntax=org/multistage-frontend\nlanguage: go\n", f)
		if err == nil || !strings.Contains(err.Error(), "outside the build context at Dockerfile:2:1") {
			t.Errorf("%q: %v", f, err)
		}
	}
	_, err := provider.TryPlan(t, "language: go\n", lang.Facts{"go.mod": []byte("module a\ngo 1.26\nrequire (\n")})
	if err == nil || !strings.Contains(err.Error(), "go.mod:") || !strings.Contains(err.Error(), "Dockerfile:1:1") {
		t.Errorf("a broken go.mod: %v", err)
	}
}

// TestServiceOfARepositoryOfModulesBuildsFromTheRoot: services that each replace a shared
// module by a relative path (`=> ../common/`), with no go.mod or go.work at the repository
// root, as many repositories were laid out before go.work. From the service's directory the
// shared module is outside the context, and the error says to build from the root naming the
// service; from the root, the build writes the go.work that `go work init` would.
func TestServiceOfARepositoryOfModulesBuildsFromTheRoot(t *testing.T) {
	orders := []byte("module example.com/fleet/internal/orders\n\ngo 1.24\n\nrequire example.com/fleet/internal/common v0.0.0\n\n" +
		"replace example.com/fleet/internal/common => ../common/\n")
	_, err := provider.TryPlan(t, "language: go\n", lang.Facts{"go.mod": orders, "go.sum": []byte(""), "main.go": []byte("package main\n")})
	if err == nil || !strings.Contains(err.Error(), "outside the build context") || !strings.Contains(err.Error(), "`entrypoint` naming the main package") {
		t.Errorf("from the service's directory: %v", err)
	}
	all := lang.Facts{
		"internal/orders/go.mod":           orders,
		"internal/orders/go.sum":           []byte(""),
		"internal/orders/main.go":          []byte("package main\n"),
		"internal/orders/cmd/seed/main.go": []byte("package main\n"),
		"internal/common/go.mod":           []byte("module example.com/fleet/internal/common\n\ngo 1.25\n"),
		"internal/common/go.sum":           []byte(""),
		"internal/payments/go.mod":         []byte("module example.com/fleet/internal/payments\n\ngo 1.24\n"),
		"web/package.json":                 []byte("{}"),
	}
	for _, src := range []string{"language: go\n", "language: go\nentrypoint: ./internal/missing\n"} {
		if _, err := provider.TryPlan(t, src, follow(t, src, all)); err == nil || !strings.Contains(err.Error(), "no go.mod in the build context's root") {
			t.Errorf("%q: %v", src, err)
		}
	}

	src := "language: go\nentrypoint: ./internal/orders\n"
	p := provider.MustPlan(t, src, follow(t, src, all))
	deps := p.Stage("deps")
	cp := langtest.Steps[*plan.Copy](deps)[0]
	if want := []string{"internal/orders/go.mod", "internal/orders/go.sum", "internal/common/go.mod", "internal/common/go.sum"}; !slices.Equal(cp.Include, want) {
		t.Errorf("deps copies %q, want %q", cp.Include, want)
	}
	if !slices.Contains(deps.Env, plan.Env{Key: "GOWORK", Value: impliedWork}) {
		t.Errorf("deps env %v lacks GOWORK", deps.Env)
	}
	runs := langtest.Steps[*plan.Run](deps)
	if i := slices.IndexFunc(runs, func(r *plan.Run) bool {
		return slices.Equal(r.Args, []string{"go", "work", "init", "./internal/orders"})
	}); i < 0 || i == len(runs)-1 {
		t.Errorf("deps runs no go work init before the download: %v", runs)
	}
	if got := deps.Base.Image; got != "golang:1.25" {
		t.Errorf("builder %s, want the newest go line, the shared module's", got)
	}
	if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./internal/orders"}) || outs[0] != "/out/orders" {
		t.Errorf("builds %q into %q", pkgs, outs)
	}
	if test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]; !slices.Equal(test.Args, []string{"go", "test", "./internal/orders/..."}) {
		t.Errorf("tests %q", test.Args)
	}
	// a main package below the module's root finds the module above it
	src = "language: go\nentrypoint: ./internal/orders/cmd/seed\n"
	p = provider.MustPlan(t, src, follow(t, src, all))
	if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./internal/orders/cmd/seed"}) || outs[0] != "/out/seed" {
		t.Errorf("builds %q into %q", pkgs, outs)
	}
	// a root module keeps its plain build: no go.work is written
	p = provider.MustPlan(t, "language: go\nentrypoint: ./cmd/x\n", mod("go 1.26"))
	if env := p.Stage("deps").Env; slices.ContainsFunc(env, func(e plan.Env) bool { return e.Key == "GOWORK" }) {
		t.Errorf("a root module's deps sets %v", env)
	}
}

// A go.work that uses directories the build context does not hold (cosmo's .dockerignore leaves
// out demo/ and aws-lambda-router/, which its go.work uses): the go command refuses it ("cannot
// load module demo listed in go.work file"), so deps writes the go.work of the modules the
// context holds at /go.work (GOWORK), with go.work's replaces, and every go command uses it.
func TestWorkspaceUsesDirectoriesTheContextLacks(t *testing.T) {
	f := monorepo()
	f["go.work"] = []byte("go 1.25.3\n\nuse (\n\t./services/api\n\t./libs/greet\n\t./tools/seed\n)\n\n" +
		"replace (\n\tgithub.com/imdario/mergo => dario.cat/mergo v1.0.2\n\texample.com/shop/textcase v1.0.0 => ./libs/textcase\n)\n")
	p := provider.MustPlan(t, "language: go\n", f) // tools/seed/go.mod is not in the context
	var runs []string
	for _, r := range langtest.Steps[*plan.Run](p.Stage("deps")) {
		runs = append(runs, strings.Join(r.Args, " "))
	}
	want := []string{"go work init ./services/api ./libs/greet",
		"go work edit -replace=github.com/imdario/mergo=dario.cat/mergo@v1.0.2 -replace=example.com/shop/textcase@v1.0.0=/src/libs/textcase"}
	if len(runs) < 3 || !slices.Equal(runs[:2], want) {
		t.Errorf("deps runs %q, want %q first", runs, want)
	}
	if deps := p.Stage("deps"); !slices.Contains(deps.Env, plan.Env{Key: "GOWORK", Value: impliedWork}) {
		t.Errorf("deps env %v lacks GOWORK", deps.Env)
	}
	if test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]; !slices.Equal(test.Args, []string{"go", "test", "./services/api/...", "./libs/greet/..."}) {
		t.Errorf("tests %q", test.Args)
	}
	// with every used module there, go.work is the context's own
	f["tools/seed/go.mod"] = []byte("module example.com/shop/seed\n\ngo 1.25\n")
	p = provider.MustPlan(t, "language: go\n", f)
	if runs := langtest.Steps[*plan.Run](p.Stage("deps")); len(runs) != 1 || runs[0].Args[0] == "go" && runs[0].Args[1] == "work" {
		t.Errorf("deps runs %+v, want the download alone", runs)
	}
}

// A container monitor's repository: the root module is its library (doc.go, package monitor),
// and the program is cmd/, a module of its own that requires the library and replaces it by
// `../` (cadvisor's shape). The root module does not hold ./cmd, so the build writes a go.work
// using cmd/ (the root module joins through the replace), builds ./cmd into a binary named
// after the project, and tests cmd/'s packages; `entrypoint: ./cmd` does the same. A root that
// is a program itself keeps it, and so does a cmd/go.mod holding no main package.
func TestProgramInAModuleBelowTheLibrary(t *testing.T) {
	ctx := map[string]string{
		"go.mod":             "module example.com/monitor\n\ngo 1.25.0\n\nrequire github.com/prometheus/client_golang v1.22.0\n",
		"go.sum":             "github.com/prometheus/client_golang v1.22.0 h1:x\n",
		"doc.go":             "// Package monitor collects container metrics.\npackage monitor\n",
		"manager/manager.go": "package manager\n",
		"cmd/go.mod": "module example.com/monitor/cmd\n\ngo 1.25.0\n\nrequire example.com/monitor v0.0.0\n\n" +
			"replace example.com/monitor => ../\n\nrequire github.com/gomodule/redigo v1.9.2\n",
		"cmd/go.sum":              "github.com/gomodule/redigo v1.9.2 h1:x\n",
		"cmd/monitor.go":          "package main\n\nimport (\n\t\"net/http\"\n\n\t_ \"example.com/monitor/manager\"\n)\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
		"cmd/storage.go":          "package main\n",
		"cmd/internal/api/api.go": "package api\n",
	}
	for _, src := range []string{"language: go\nports: [8080]\n", "language: go\nports: [8080]\nentrypoint: ./cmd\n"} {
		p, err := provider.TryPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if pkgs, outs, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./cmd"}) || !slices.Equal(outs, []string{"/out/monitor"}) {
			t.Errorf("%q: builds %q into %q, want ./cmd into /out/monitor", src, pkgs, outs)
		}
		deps := p.Stage("deps")
		if langtest.Env(deps.Env, "GOWORK") != impliedWork {
			t.Errorf("%q: deps env %+v, want GOWORK=%s", src, deps.Env, impliedWork)
		}
		var runs []string
		for _, r := range langtest.Steps[*plan.Run](deps) {
			runs = append(runs, strings.Join(r.Args, " "))
		}
		if !slices.Contains(runs, "go work init ./cmd") {
			t.Errorf("%q: deps runs %q, want go work init ./cmd", src, runs)
		}
		copied := langtest.Steps[*plan.Copy](deps)
		if len(copied) == 0 || !slices.Contains(copied[0].Include, "cmd/go.mod") || !slices.Contains(copied[0].Include, "go.mod") {
			t.Errorf("%q: deps copies %q, want both modules' go.mod", src, copied[0].Include)
		}
		if test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]; !slices.Equal(test.Args[len(test.Args)-1:], []string{"./cmd/..."}) {
			t.Errorf("%q: tests %q", src, test.Args)
		}
	}
	for name, extra := range map[string]map[string]string{
		"a root program":       {"main.go": "package main\n\nfunc main() {}\n"},
		"a cmd module library": {"cmd/monitor.go": "package cmd\n", "cmd/storage.go": "package cmd\n"},
	} {
		c := maps.Clone(ctx)
		maps.Copy(c, extra)
		p, err := provider.TryPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", c))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"."}) || langtest.Env(p.Stage("deps").Env, "GOWORK") != "" {
			t.Errorf("%s: builds %q with deps env %+v, want . of the root module", name, pkgs, p.Stage("deps").Env)
		}
	}
}
