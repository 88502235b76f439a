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

// goBuilds are the go build steps of a plan: package, output, and the spec field they point at.
func goBuilds(p *plan.Plan) (pkgs, outs, fields []string) {
	for _, r := range langtest.Steps[*plan.Run](p.Stage("builder")) {
		if !slices.Contains(r.Args, "build") {
			continue // the check that each binary is there (lang.Expect)
		}
		pkgs = append(pkgs, r.Args[len(r.Args)-1])
		outs = append(outs, r.Args[len(r.Args)-2])
		fields = append(fields, r.Field)
	}
	return
}

func TestBinariesNameAndRunOne(t *testing.T) {
	for _, tc := range []struct {
		src       string
		pkgs      []string
		outs      []string
		fields    []string
		run       string
		copyPaths []string
	}{
		{"language: go\nname: etcd\nentrypoint: ./server\n", []string{"./server"}, []string{"/out/etcd"}, []string{"entrypoint"},
			"/usr/local/bin/etcd", []string{"/out/etcd"}},
		{"language: go\nbinaries: [./cmd/api, {package: ./cmd/ctl, name: apictl}]\n", []string{"./cmd/api", "./cmd/ctl"},
			[]string{"/out/api", "/out/apictl"}, []string{"binaries[0]", "binaries[1]"}, "/usr/local/bin/api", []string{"/out/api", "/out/apictl"}},
		{"language: go\nbinaries: [./cmd/api, {package: ./cmd/ctl, name: apictl}]\nentrypoint: apictl\n", []string{"./cmd/api", "./cmd/ctl"},
			[]string{"/out/api", "/out/apictl"}, []string{"binaries[0]", "binaries[1]"}, "/usr/local/bin/apictl", nil},
		{"language: go\nbinaries: [./cmd/api]\nentrypoint: ./cmd/worker\n", []string{"./cmd/api", "./cmd/worker"},
			[]string{"/out/api", "/out/worker"}, []string{"binaries[0]", "entrypoint"}, "/usr/local/bin/worker", nil},
		{"language: go\nbinaries: [example.com/acme/tool/v2/cmd/a, cmd/b/]\nentrypoint: ./cmd/b\n", []string{"./cmd/a", "./cmd/b"},
			[]string{"/out/a", "/out/b"}, nil, "/usr/local/bin/b", nil},
	} {
		p, err := provider.TryPlan(t, tc.src, mod("go 1.26"))
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		pkgs, outs, fields := goBuilds(p)
		if !slices.Equal(pkgs, tc.pkgs) || !slices.Equal(outs, tc.outs) || (tc.fields != nil && !slices.Equal(fields, tc.fields)) {
			t.Errorf("%q builds %q into %q (fields %q), want %q into %q (%q)", tc.src, pkgs, outs, fields, tc.pkgs, tc.outs, tc.fields)
		}
		if p.Image.Entrypoint[0] != tc.run {
			t.Errorf("%q runs %q, want %q", tc.src, p.Image.Entrypoint, tc.run)
		}
		cp := langtest.Steps[*plan.Copy](p.Stage("runtime"))[0]
		if tc.copyPaths != nil && !slices.Equal(cp.Paths, tc.copyPaths) {
			t.Errorf("%q ships %q, want %q", tc.src, cp.Paths, tc.copyPaths)
		}
	}
}

// TestMainPackagesBelowCmdWithoutMainGo: a main package in cmd/<name>/ whose file is not
// main.go (a server's cmd/tool/Server.go) is a program as one with main.go is, so the image
// builds and runs it rather than the root package, which has no Go files; a directory whose
// files a Linux build leaves out (WebAssembly's js && wasm, ignore) and a test file are not.
func TestMainPackagesBelowCmdWithoutMainGo(t *testing.T) {
	p, err := provider.TryPlan(t, "language: go\n", langtest.WithContext(mod("go 1.26"), map[string]string{
		"cmd/tool/Server.go":      "//go:build go1.25\n\npackage main\n\nfunc main() {}\n",
		"cmd/tool/Server_test.go": "package main\n",
		"cmd/wasm/main.go":        "//go:build js && wasm\n\npackage main\n",
		"cmd/gen/main.go":         "//go:build ignore\n\npackage main\n",
		"cmd/only_test/x_test.go": "package main\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./cmd/tool"}) || p.Image.Entrypoint[0] != "/usr/local/bin/tool" {
		t.Errorf("builds %q and runs %q, want ./cmd/tool alone", pkgs, p.Image.Entrypoint)
	}
}

// cmd itself the main package beside a library at the root (pufferpanel's cmd/main.go, whose
// root is package pufferpanel; statping-ng's): cmd is built and run, named by the Makefile's -o
// when it has one, else after the module (`cmd` names no program; GoReleaser names it after the
// project); cmd/<name>/ main packages win over it, and a cmd/main.go of another package is none.
func TestCmdItselfIsTheMainPackage(t *testing.T) {
	lib := map[string]string{"main.go": "package tool\n", "cmd/main.go": "package main\n\nfunc main() {}\n", "cmd/run.go": "package main\n"}
	for _, tc := range []struct {
		name  string
		files map[string]string
		pkgs  []string
		run   string
	}{
		{"cmd/main.go", lib, []string{"./cmd"}, "/usr/local/bin/tool"},
		{"named by the Makefile", langtest.With(maps.Clone(lib), "Makefile", "build:\n\tgo build -o tool ./cmd\n"), []string{"./cmd"}, "/usr/local/bin/tool"},
		{"named by the Makefile after a cd", langtest.With(maps.Clone(lib), "Makefile", "build:\n\t@cd cmd && go build -o toold\n"), []string{"./cmd"}, "/usr/local/bin/toold"},
		{"named by the Makefile with -C", langtest.With(maps.Clone(lib), "Makefile", "build:\n\tgo build -C cmd -o toold .\n"), []string{"./cmd"}, "/usr/local/bin/toold"},
		{"cmd/<name>/ wins", langtest.With(maps.Clone(lib), "cmd/tool/main.go", "package main\n"), []string{"./cmd/tool"}, "/usr/local/bin/tool"},
	} {
		ctx := map[string]string{"go.mod": "module example.com/acme/tool/v2\n\ngo 1.26\n"}
		maps.Copy(ctx, tc.files)
		p, err := provider.TryPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", ctx))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, tc.pkgs) || p.Image.Entrypoint[0] != tc.run {
			t.Errorf("%s: builds %q and runs %q, want %q and %s", tc.name, pkgs, p.Image.Entrypoint, tc.pkgs, tc.run)
		}
	}
	// a module below the root named after its directory (pocket-id's backend/, module
	// .../pocket-id/backend): its cmd is named after the repository, the element above
	below := lang.Facts{"backend/go.mod": []byte("module example.com/ledger/backend\n\ngo 1.26\n"), "backend/go.sum": nil, "backend/cmd/main.go": []byte("package main\n")}
	src := "language: go\nentrypoint: ./backend/cmd\n"
	if _, outs, _ := goBuilds(provider.MustPlan(t, src, follow(t, src, below))); !slices.Equal(outs, []string{"/out/ledger"}) {
		t.Errorf("./backend/cmd of example.com/ledger/backend builds %q, want /out/ledger", outs)
	}
	if _, err := provider.TryPlan(t, "language: go\n", langtest.WithContext(mod("go 1.26"), map[string]string{"main.go": "package tool\n", "cmd/main.go": "package cmd\n"})); err != nil {
		t.Errorf("cmd/main.go of package cmd: %v", err)
	}
}

func TestMainPackagesAreFoundByTheirMainGo(t *testing.T) {
	cmds := map[string]string{
		"cmd/tool/main.go":     "// Command tool.\npackage main\n",
		"cmd/toolctl/main.go":  "package main\n",
		"cmd/notmain/main.go":  "package notmain\n",
		"cmd/deep/x/main.go":   "package main\n",
		"internal/cmd/main.go": "package main\n",
	}
	// module example.com/acme/tool/v2: cmd/tool is named after it and runs; cmd/toolctl ships too
	p, err := provider.TryPlan(t, "language: go\n", langtest.WithContext(mod("go 1.26"), cmds))
	if err != nil {
		t.Fatal(err)
	}
	if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./cmd/tool", "./cmd/toolctl"}) || p.Image.Entrypoint[0] != "/usr/local/bin/tool" {
		t.Errorf("builds %q and runs %q", pkgs, p.Image.Entrypoint)
	}
	// a server named after the module (tool + d, tool-server) runs rather than its client, named
	// after the module too: wtf's cmd/wtfd beside cmd/wtf; every one ships
	for _, daemon := range []string{"toold", "tool-server", "toolserver"} {
		p, err = provider.TryPlan(t, "language: go\nports: [8080]\n", langtest.WithContext(mod("go 1.26"), map[string]string{
			"cmd/tool/main.go": "package main\n", "cmd/" + daemon + "/main.go": "package main\n", "cmd/tool-storybook/main.go": "package main\n"}))
		if err != nil {
			t.Fatal(err)
		}
		if pkgs, _, _ := goBuilds(p); len(pkgs) != 3 || p.Image.Entrypoint[0] != "/usr/local/bin/"+daemon {
			t.Errorf("with cmd/%s builds %q and runs %q", daemon, pkgs, p.Image.Entrypoint)
		}
	}
	// ... and alone beside other commands, with no cmd/tool
	p, _ = provider.TryPlan(t, "language: go\n", langtest.WithContext(mod("go 1.26"), map[string]string{"cmd/toold/main.go": "package main\n", "cmd/migrate/main.go": "package main\n"}))
	if p.Image.Entrypoint[0] != "/usr/local/bin/toold" {
		t.Errorf("with cmd/toold and cmd/migrate runs %q", p.Image.Entrypoint)
	}
	// a root main.go of package main is the program; cmd/ is left alone
	p, _ = provider.TryPlan(t, "language: go\n", langtest.WithContext(mod("go 1.26"), map[string]string{"main.go": "package main\n", "cmd/toolctl/main.go": "package main\n"}))
	if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"."}) {
		t.Errorf("with a main root package builds %q", pkgs)
	}
	// several, none named after the module, one named server: it runs, the others ship
	p, _ = provider.TryPlan(t, "language: go\n", langtest.WithContext(mod("go 1.26"), map[string]string{"cmd/agent/main.go": "package main\n", "cmd/server/main.go": "package main\n", "cmd/cli/main.go": "package main\n"}))
	if pkgs, _, _ := goBuilds(p); len(pkgs) != 3 || p.Image.Entrypoint[0] != "/usr/local/bin/server" {
		t.Errorf("with cmd/agent, cmd/cli and cmd/server builds %q and runs %q", pkgs, p.Image.Entrypoint)
	}
	// several, none named after the module or server: the spec must choose, and the error lists them
	_, err = provider.TryPlan(t, "language: go\nports: [8080]\n", langtest.WithContext(mod("go 1.26"), map[string]string{"cmd/a/main.go": "package main\n", "cmd/b/main.go": "package main\n"}))
	if err == nil || !strings.Contains(err.Error(), "several main packages (./cmd/a, ./cmd/b)") || !strings.Contains(err.Error(), "Dockerfile:1:1") {
		t.Errorf("several unnamed mains: %v", err)
	}
	// none found: the root package, as before
	p, _ = provider.TryPlan(t, "language: go\n", mod("go 1.26"))
	if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"."}) {
		t.Errorf("without main.go files builds %q", pkgs)
	}
}

// A module path in capitals names its program in lower case (FerretDB's cmd/ferretdb beside
// its development tool cmd/envtool, module github.com/FerretDB/FerretDB/v2): the program named
// after the module runs, compared in any case, and its daemon too (cmd/ledgerd).
func TestProgramNamedAfterTheModuleInAnyCase(t *testing.T) {
	for _, tc := range []struct{ modPath, prog, other string }{
		{"github.com/Acme/Ledger/v2", "ledger", "envtool"},
		{"github.com/acme/ledger", "Ledger", "envtool"},
		{"github.com/Acme/Ledger", "ledgerd", "ledger-gen"},
	} {
		ctx := lang.Facts{"go.mod": []byte("module " + tc.modPath + "\n\ngo 1.26\n"), "go.sum": nil,
			"cmd/" + tc.prog + "/main.go": []byte("package main\n"), "cmd/" + tc.other + "/main.go": []byte("package main\n")}
		p, err := provider.TryPlan(t, "language: go\nports: [27017]\n", ctx)
		if err != nil {
			t.Fatalf("%s: %v", tc.modPath, err)
		}
		if pkgs, _, _ := goBuilds(p); len(pkgs) != 2 || p.Image.Entrypoint[0] != "/usr/local/bin/"+tc.prog {
			t.Errorf("%s: builds %q and runs %q, want cmd/%s", tc.modPath, pkgs, p.Image.Entrypoint, tc.prog)
		}
	}
}

func TestEachBinaryIsCheckedAtItsField(t *testing.T) {
	p := provider.MustPlan(t, "language: go\nbinaries: [./cmd/api, ./cmd/ctl]\n", mod("go 1.26"))
	var checked []string
	for _, r := range langtest.Steps[*plan.Run](p.Stage("builder")) {
		if r.NoNetwork && strings.HasPrefix(r.Display, "test -x ") {
			checked = append(checked, r.Display+" @"+r.Field)
		}
	}
	if want := []string{"test -x /out/api @binaries[0]", "test -x /out/ctl @binaries[1]"}; !slices.Equal(checked, want) {
		t.Errorf("checks %q, want %q", checked, want)
	}
}

func TestBinaryNamesMustDiffer(t *testing.T) {
	_, err := provider.TryPlan(t, "language: go\nbinaries: [./cmd/server, ./tools/server]\n", mod("go 1.26"))
	if err == nil || !strings.Contains(err.Error(), `./cmd/server and ./tools/server would both be the binary "server" at Dockerfile:2:`) {
		t.Errorf("two binaries named server: %v", err)
	}
}

func TestLDFlagsAreAddedToTheDefaults(t *testing.T) {
	src := "language: go\nargs: {VERSION: dev}\nbuild: {ldflags: \"-X main.version=${VERSION} -X 'main.by=a b'\"}\n"
	p, err := provider.TryPlan(t, src, mod("go 1.26"))
	if err != nil {
		t.Fatal(err)
	}
	run := langtest.Steps[*plan.Run](p.Stage("builder"))[0]
	if !slices.Contains(run.Args, "-ldflags=-s -w -X main.version=${VERSION} -X 'main.by=a b'") || !run.ExpandArgs {
		t.Errorf("go build %q (expand %v)", run.Args, run.ExpandArgs)
	}
	if run.Display != `go build -trimpath -ldflags="-s -w -X main.version=${VERSION} -X 'main.by=a b'" -o /out/tool .` {
		t.Errorf("display %q", run.Display)
	}
	// without references the arguments are plain
	p, _ = provider.TryPlan(t, "language: go\nbuild: {ldflags: -X main.v=1}\n", mod("go 1.26"))
	if run := langtest.Steps[*plan.Run](p.Stage("builder"))[0]; run.ExpandArgs {
		t.Errorf("expands %q", run.Args)
	}
	_, err = provider.TryPlan(t, "language: go\nbuild:\n  ldflags: -X main.v=1\n  command: go build -o /out/tool .\n", mod("go 1.26"))
	if err == nil || !strings.Contains(err.Error(), "build.command replaces it at Dockerfile:3:3") {
		t.Errorf("ldflags with a build command: %v", err)
	}
}

// In a go.work, a used module below the root whose main.go is package main is one of the
// workspace's programs, not the program: flipt's go.work uses its build tool build/ (a module
// whose root is a program) beside the root module, whose cmd/flipt is the server. The one named
// after the root module runs, and only its module's programs are built; two such modules and
// nothing to choose by is an error listing them.
func TestWorkspaceModulesWhoseRootIsAProgram(t *testing.T) {
	f := lang.Facts{
		"go.work":                   []byte("go 1.26\n\nuse (\n\t.\n\t./build\n\t./internal/cmd/gen\n)\n"),
		"go.mod":                    []byte("module example.com/beacon\n\ngo 1.26\n"),
		"cmd/beacon/main.go":        []byte("package main\n"),
		"cmd/beaconctl/main.go":     []byte("package main\n"),
		"build/go.mod":              []byte("module example.com/beacon/build\n\ngo 1.26\n"),
		"build/main.go":             []byte("package main\n"),
		"internal/cmd/gen/go.mod":   []byte("module example.com/beacon/gen\n\ngo 1.26\n"),
		"internal/cmd/gen/main.go":  []byte("package main\n"),
		"internal/cmd/gen/cmd/x.go": []byte("package cmd\n"),
	}
	p, err := provider.TryPlan(t, "language: go\n", f)
	if err != nil {
		t.Fatal(err)
	}
	if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./cmd/beacon", "./cmd/beaconctl"}) || p.Image.Entrypoint[0] != "/usr/local/bin/beacon" {
		t.Errorf("builds %q and runs %q, want the root module's programs, cmd/beacon running", pkgs, p.Image.Entrypoint)
	}
	// without the root module's programs: two modules' programs, the spec chooses
	delete(f, "cmd/beacon/main.go")
	delete(f, "cmd/beaconctl/main.go")
	if _, err := provider.TryPlan(t, "language: go\n", f); err == nil || !strings.Contains(err.Error(), "several main packages (./build, ./internal/cmd/gen)") {
		t.Errorf("two modules whose roots are programs: %v", err)
	}
	// the root module's own main.go is the program, as without go.work
	f["main.go"] = []byte("package main\n")
	p, err = provider.TryPlan(t, "language: go\n", f)
	if err != nil {
		t.Fatal(err)
	}
	if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{"."}) {
		t.Errorf("with a root main.go builds %q", pkgs)
	}
}

// TestWorkspaceExampleIsNotChosen: a used module of go.work below examples/ whose root is a
// program shows how to use the library (gofr's examples/using-add-filestore, beside its
// framework at the root): it is not taken for what the image runs, and planning asks for the
// entrypoint, which may name it or another example.
func TestWorkspaceExampleIsNotChosen(t *testing.T) {
	f := lang.Facts{
		"go.work":                      []byte("go 1.26\n\nuse (\n\t.\n\t./examples/using-store\n\t./datasource/redis\n)\n"),
		"go.mod":                       []byte("module example.com/frame\n\ngo 1.26\n"),
		"frame.go":                     []byte("package frame\n"),
		"examples/using-store/go.mod":  []byte("module example.com/frame/examples/using-store\n\ngo 1.26\n"),
		"examples/using-store/main.go": []byte("package main\n"),
		"examples/http-server/main.go": []byte("package main\n"),
		"datasource/redis/go.mod":      []byte("module example.com/frame/datasource/redis\n\ngo 1.26\n"),
		"datasource/redis/redis.go":    []byte("package redis\n"),
	}
	if _, err := provider.TryPlan(t, "language: go\n", f); err == nil ||
		!strings.Contains(err.Error(), "the only main packages of go.work's modules are examples (./examples/using-store)") ||
		!strings.Contains(err.Error(), "entrypoint: ./examples/using-store") {
		t.Errorf("an example module's program: %v", err)
	}
	for _, ep := range []string{"./examples/using-store", "./examples/http-server"} {
		p, err := provider.TryPlan(t, "language: go\nentrypoint: "+ep+"\n", f)
		if err != nil {
			t.Fatalf("entrypoint: %s: %v", ep, err)
		}
		if pkgs, _, _ := goBuilds(p); !slices.Equal(pkgs, []string{ep}) {
			t.Errorf("entrypoint: %s builds %q", ep, pkgs)
		}
	}
}

// A go.work using one module below the root (glauth's `use ./v2`, a major version's directory)
// whose program is that module's root package in a file not named main.go: the module's root
// package is built, as a module's is without go.work, named after the module path; a go.work
// of two such modules still asks for the entrypoint.
func TestWorkspaceOfOneModuleBuildsItsRoot(t *testing.T) {
	f := lang.Facts{
		"go.work":         []byte("go 1.26\n\nuse ./v3\n"),
		"v3/go.mod":       []byte("module example.com/dirsrv/v3\n\ngo 1.26\n"),
		"v3/dirsrv.go":    []byte("package main\n\nfunc main() {}\n"),
		"v3/pkg/store.go": []byte("package store\n"),
	}
	p, err := provider.TryPlan(t, "language: go\n", f)
	if err != nil {
		t.Fatal(err)
	}
	if pkgs, names, _ := goBuilds(p); !slices.Equal(pkgs, []string{"./v3"}) || !slices.Equal(names, []string{"/out/dirsrv"}) {
		t.Errorf("builds %q named %q, want ./v3 named dirsrv", pkgs, names)
	}
	f["go.work"] = []byte("go 1.26\n\nuse (\n\t./v3\n\t./tools\n)\n")
	f["tools/go.mod"] = []byte("module example.com/dirsrv/tools\n\ngo 1.26\n")
	if _, err := provider.TryPlan(t, "language: go\n", f); err == nil || !strings.Contains(err.Error(), "no main package was found") {
		t.Errorf("a go.work of two modules without a program found: %v", err)
	}
}

// TestOnlyListeningMainRuns: of several main packages none named after the module or server,
// the only one whose files call a listen function runs (pgbackweb's cmd/app, an Echo server
// beside its cmd/changepw and cmd/resetdb), the others shipping beside it; a scheduler's
// argumentless Start is no listener, and two listening, a commented call or only a pprof
// listener leave the choice to the spec, as before.
func TestOnlyListeningMainRuns(t *testing.T) {
	const tool = "package main\n\nfunc main() { reset() }\n\nfunc reset() {}\n"
	app := func(body string) map[string]string {
		return map[string]string{
			"cmd/app/main.go":      "package main\n\nfunc main() {\n\tcr.Start()\n" + body + "}\n",
			"cmd/changepw/main.go": tool,
			"cmd/resetdb/main.go":  tool,
		}
	}
	for name, body := range map[string]string{
		"Echo's Start(address)": "\taddress := host + \":\" + port\n\tif err := e.Start(address); err != nil {\n\t\tpanic(err)\n\t}\n",
		"ListenAndServe":        "\t_ = http.ListenAndServe(\":8080\", nil)\n",
		"Fiber's Listen":        "\tlog.Fatal(app.Listen(\":3000\"))\n",
		"Gin's Run(addr)":       "\t_ = r.Run(cfg.ListenAddr)\n",
	} {
		p, err := provider.TryPlan(t, "language: go\nports: [8085]\n", langtest.WithContext(mod("go 1.26"), app(body)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if pkgs, _, _ := goBuilds(p); len(pkgs) != 3 || p.Image.Entrypoint[0] != "/usr/local/bin/app" {
			t.Errorf("%s: builds %q and runs %q", name, pkgs, p.Image.Entrypoint)
		}
	}
	for name, f := range map[string]map[string]string{
		"no listener":     app("\trun()\n"),
		"a commented one": app("\t// _ = http.ListenAndServe(\":8080\", nil)\n"),
		"two listening": func() map[string]string {
			m := app("\t_ = http.ListenAndServe(\":8080\", nil)\n")
			m["cmd/resetdb/main.go"] = "package main\n\nfunc main() { _ = e.Start(\":9090\") }\n"
			return m
		}(),
		"pprof": app("\t_ = http.ListenAndServe(\"localhost:6060\", nil)\n\tvar _ = pprof.Index\n"),
	} {
		if name == "pprof" {
			f["cmd/app/main.go"] = strings.Replace(f["cmd/app/main.go"], "package main\n", "package main\n\nimport _ \"net/http/pprof\"\n", 1)
		}
		if _, err := provider.TryPlan(t, "language: go\n", langtest.WithContext(mod("go 1.26"), f)); err == nil || !strings.Contains(err.Error(), "several main packages") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestNestedCmdOfARootWithoutGoFiles: a module whose root holds no Go file keeps its programs in
// a cmd/ deeper in (scrutiny's webapp/backend/cmd/scrutiny beside collector/cmd/collector-metrics);
// planning reads them as Follow asks, and runs the one named after the module, where `go build .`
// would have found no Go files. A cmd/ below a go.mod of its own (another module), in vendor/
// or in examples/ is none, and a root with a Go file is built as before.
func TestNestedCmdOfARootWithoutGoFiles(t *testing.T) {
	ctx := map[string]string{
		"go.mod":                             "module example.com/acme/tool\n\ngo 1.26\n",
		"server/cmd/tool/tool.go":            "package main\n\nfunc main() {}\n",
		"agent/cmd/tool-agent/main.go":       "package main\n\nfunc main() {}\n",
		"plugins/sdk/cmd/gen/main.go":        "package main\n\nfunc main() {}\n",
		"plugins/sdk/go.mod":                 "module example.com/acme/sdk\n\ngo 1.26\n",
		"vendor/example.com/x/cmd/x/main.go": "package main\n\nfunc main() {}\n",
		"examples/cmd/demo/main.go":          "package main\n\nfunc main() {}\n",
		"server/internal/store/store.go":     "package store\n",
	}
	rootWithoutGoFiles(t, "language: go\nports: [8080]\n", ctx, []string{"./agent/cmd/tool-agent", "./server/cmd/tool"}, "tool")
}

// rootWithoutGoFiles plans ctx, whose root holds no Go file, with the spec s: it builds pkgs and
// runs run; with a library's Go file at the root it builds the root.
func rootWithoutGoFiles(t *testing.T, s string, ctx map[string]string, pkgs []string, run string) {
	t.Helper()
	p := provider.MustPlan(t, s, provider.Gathered(t, s, ctx))
	if got, _, _ := goBuilds(p); !slices.Equal(got, pkgs) || p.Image.Entrypoint[0] != "/usr/local/bin/"+run {
		t.Errorf("builds %q and runs %q, want %q and %s", got, p.Image.Entrypoint, pkgs, run)
	}
	ctx["doc.go"] = "// Package lib is a library.\npackage lib\n"
	p = provider.MustPlan(t, s, provider.Gathered(t, s, ctx))
	if got, _, _ := goBuilds(p); !slices.Equal(got, []string{"."}) {
		t.Errorf("with a Go file at the root builds %q", got)
	}
}

// TestCmdsDirectoryOfARootWithoutGoFiles: hound's shape, no Go file at the root and its two
// programs in cmds/ (the daemon cmds/houndd, the command-line client cmds/hound), which its
// Makefile builds with `go build -o $@ .../cmds/houndd`: both are built, the daemon named after
// the module runs, where `go build .` would have found no Go files.
func TestCmdsDirectoryOfARootWithoutGoFiles(t *testing.T) {
	ctx := map[string]string{
		"go.mod":               "module github.com/acme/finder\n\ngo 1.26\n",
		"Makefile":             "CMDS := .build/bin/finderd .build/bin/finder\n\nALL: $(CMDS)\n\n.build/bin/finderd: $(SRCS)\n\tgo build -o $@ github.com/acme/finder/cmds/finderd\n\n.build/bin/finder: $(SRCS)\n\tgo build -o $@ github.com/acme/finder/cmds/finder\n",
		"cmds/finderd/main.go": "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n)\n\nfunc main() {\n\taddr := flag.String(\"addr\", \":6080\", \"\")\n\tflag.Parse()\n\t_ = http.ListenAndServe(*addr, nil)\n}\n",
		"cmds/finder/main.go":  "package main\n\nfunc main() {}\n",
		"index/index.go":       "package index\n",
		"searcher/searcher.go": "package searcher\n",
	}
	rootWithoutGoFiles(t, "language: go\nports: [6080]\n", ctx, []string{"./cmds/finder", "./cmds/finderd"}, "finderd")
}

// TestAppsDirectoryOfARootWithoutGoFiles: a module whose root holds no Go file and no cmd/ keeps
// its programs in apps/<name>/ (nsq's apps/nsqd beside apps/nsqlookupd, apps/nsqadmin and its
// tools, its Makefile's `go build -o $@ ./apps/$*`): they are built and ship together, as its
// image ships them, and the daemon named after the module runs, where `go build .` would have
// found no Go files. A root with a Go file is built as before.
func TestAppsDirectoryOfARootWithoutGoFiles(t *testing.T) {
	ctx := map[string]string{
		"go.mod":                        "module github.com/acme/queue\n\ngo 1.26\n",
		"Makefile":                      "APPS = queued queuelookupd queue_tail\nBLDDIR = build\nall: $(APPS)\n\n$(BLDDIR)/%:\n\tgo build ${BLDFLAGS} -o $@ ./apps/$*\n",
		"apps/queued/main.go":           "package main\n\nfunc main() {}\n",
		"apps/queued/options.go":        "package main\n",
		"apps/queuelookupd/main.go":     "package main\n\nfunc main() {}\n",
		"apps/queue_tail/queue_tail.go": "package main\n\nfunc main() {}\n",
		"apps/queued/main_test.go":      "package main\n",
		"queued/queued.go":              "package queued\n",
		"internal/version/binary.go":    "package version\n\nconst Binary = \"1.3.0\"\n",
	}
	rootWithoutGoFiles(t, "language: go\nports: [4150, 4151]\n", ctx, []string{"./apps/queue_tail", "./apps/queued", "./apps/queuelookupd"}, "queued")
}

// TestAppDirectoryOfARootWithoutGoFiles: a module whose root holds no Go file and no cmd/ keeps
// its programs in app/<name>/ (VictoriaMetrics' app/victoria-metrics beside app/vmagent and its
// other tools, its Makefile's `go build ... $(PKG_PREFIX)/app/$(APP_NAME)`), beside library
// directories of app/ holding no program: the programs are built, and the one named after the
// module, its words' separators aside (time-store for TimeStore), runs, where `go build .` would
// have found no Go files.
func TestAppDirectoryOfARootWithoutGoFiles(t *testing.T) {
	ctx := map[string]string{
		"go.mod":                      "module github.com/TimeStore/TimeStore\n\ngo 1.26\n",
		"Makefile":                    "time-store:\n\tAPP_NAME=time-store $(MAKE) app-local\n\napp-local:\n\tgo build -o bin/$(APP_NAME) $(PKG_PREFIX)/app/$(APP_NAME)\n",
		"app/time-store/main.go":      "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8428\", nil) }\n",
		"app/tsagent/main.go":         "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8429\", nil) }\n",
		"app/tsbackup/main.go":        "package main\n\nfunc main() {}\n",
		"app/tsstorage/main.go":       "package tsstorage\n\nfunc Init() {}\n",
		"app/tsselect/promql/eval.go": "package promql\n",
		"lib/storage/storage.go":      "package storage\n",
	}
	rootWithoutGoFiles(t, "language: go\nports: [8428]\n", ctx, []string{"./app/time-store", "./app/tsagent", "./app/tsbackup"}, "time-store")
}

// A go.work whose program is the root package of its server/ module (module
// example.com/kv/server/v3, a key-value store's, etcd's shape): the binary is the project's
// name, kv, as its build script names it, not server; a module named otherwise (kvctl/) keeps
// its name.
func TestWorkspaceServerModuleIsNamedAfterTheProject(t *testing.T) {
	ctx := map[string]string{
		"go.work":        "go 1.25\n\nuse (\n\t.\n\t./kvctl\n\t./server\n)\n",
		"go.mod":         "module example.com/kv/v3\n\ngo 1.25\n",
		"doc.go":         "package kv\n",
		"server/go.mod":  "module example.com/kv/server/v3\n\ngo 1.25\n",
		"server/main.go": "package main\n\nfunc main() {}\n",
		"kvctl/go.mod":   "module example.com/kv/kvctl/v3\n\ngo 1.25\n",
		"kvctl/main.go":  "package main\n\nfunc main() {}\n",
	}
	for src, want := range map[string]string{
		"language: go\nentrypoint: ./server\n": "/out/kv",
		"language: go\nentrypoint: ./kvctl\n":  "/out/kvctl",
	} {
		p, err := provider.TryPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if _, outs, _ := goBuilds(p); !slices.Equal(outs, []string{want}) {
			t.Errorf("%q: builds %q, want %s", src, outs, want)
		}
	}
}
