package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// toolsMod is a module of go-clean-template's shape: a `tool` block naming golang-migrate's
// CLI, go-sqlite3 required `// indirect` because of it, and a program on pgx that imports no
// SQLite, with kv added.
func toolsMod(kv ...string) lang.Facts {
	return langtest.With(lang.Facts{
		"go.mod": []byte("module example.com/orders\n\ngo 1.26\n\ntool (\n\tgithub.com/golang-migrate/migrate/v4/cmd/migrate\n\tgo.uber.org/mock/mockgen\n)\n\n" +
			"require (\n\tgithub.com/golang-migrate/migrate/v4 v4.19.1\n\tgithub.com/jackc/pgx/v5 v5.10.0\n)\n\n" +
			"require (\n\tgithub.com/mattn/go-sqlite3 v1.14.32 // indirect\n\tgo.uber.org/mock v0.6.0 // indirect\n)\n"),
		"go.sum":                []byte(""),
		"cmd/orders/main.go":    []byte("package main\n\nimport \"example.com/orders/internal/app\"\n\nfunc main() { app.Run() }\n"),
		"internal/app/app.go":   []byte("package app\n\nimport (\n\t\"github.com/jackc/pgx/v5\"\n\t\"example.com/orders/internal/repo\"\n)\n\nfunc Run() { _ = pgx.Connect; repo.New() }\n"),
		"internal/repo/repo.go": []byte("package repo\n\nimport \"database/sql\"\n\nfunc New() *sql.DB { return nil }\n"),
	}, kv...)
}

// guardStep is the builder's step listing the programs' packages before go build, nil when
// there is none: its script and what the progress says.
func guardStep(p *plan.Plan) (script, display string, ok bool) {
	for _, r := range langtest.Steps[*plan.Run](p.Stage("builder")) {
		if strings.HasPrefix(r.Display, "go list -deps") {
			return strings.Join(r.Args, " "), r.Display, true
		}
	}
	return "", "", false
}

// A cgo module that only the tools of go.mod need (go-sqlite3 `// indirect`, a `tool` block,
// no SQLite import in the packages the program's walk reads) leaves cgo off: a static binary
// on distroless static, the tests without cgo too, and the builder failing the build before go
// build when the packages the programs import hold go-sqlite3 after all. An import of a SQLite package, no
// tool block, the spec's cgo or a build.command keep cgo on as before.
func TestCgoModuleOfTheToolsOnly(t *testing.T) {
	const src = "language: go\nentrypoint: ./cmd/orders\n"
	p := provider.MustPlan(t, src, toolsMod())
	if got := p.Stage("runtime").Base.Image; got != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("runtime %s, want distroless static", got)
	}
	build := langtest.Steps[*plan.Run](p.Stage("builder"))[1]
	test := langtest.Steps[*plan.Run](p.Stage("tester"))[0]
	if langtest.Env(build.Env, "CGO_ENABLED") != "0" || langtest.Env(test.Env, "CGO_ENABLED") != "0" {
		t.Errorf("CGO_ENABLED build %q test %q, want both 0", langtest.Env(build.Env, "CGO_ENABLED"), langtest.Env(test.Env, "CGO_ENABLED"))
	}
	if d := p.Stage("builder").Description; !strings.Contains(d, "cgo off: github.com/mattn/go-sqlite3 is only an indirect requirement, which go.mod's tool directives may explain (github.com/golang-migrate/migrate/v4/cmd/migrate, go.uber.org/mock/mockgen)") {
		t.Errorf("builder: %s", d)
	}
	script, display, _ := guardStep(p)
	if !strings.Contains(script, `go list -e -deps -f '{{.ImportPath}}' "$@" | grep -Eq '^github\.com/mattn/go-sqlite3(/|$)'`) ||
		!strings.Contains(script, "set cgo: true in the build file") || !strings.HasSuffix(script, "sh ./cmd/orders") ||
		display != "go list -deps ./cmd/orders: none is of github.com/mattn/go-sqlite3, which needs cgo (cgo is off)" {
		t.Errorf("builder guards with %q (%s)", script, display)
	}
	if runs := langtest.Steps[*plan.Run](p.Stage("builder")); len(runs) < 2 || !strings.HasPrefix(runs[0].Display, "go list -deps") ||
		!strings.HasPrefix(runs[1].Display, "go build ") {
		t.Errorf("builder runs %+v, want the guard before go build", runs)
	}

	for name, tc := range map[string]struct {
		src   string
		facts lang.Facts
	}{
		"a GORM SQLite driver imported two levels down": {src, toolsMod("internal/repo/repo.go",
			"package repo\n\nimport (\n\t\"gorm.io/driver/sqlite\"\n\t\"gorm.io/gorm\"\n)\n\nfunc New() { gorm.Open(sqlite.Open(\"x.db\")) }\n")},
		"no tool block": {src, langtest.With(toolsMod(), "go.mod",
			"module example.com/orders\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.32 // indirect\n")},
		"cgo: true":         {src + "cgo: true\n", toolsMod()},
		"a build command":   {src + "build:\n  command: go build -o /out/orders ./cmd/orders\n", toolsMod()},
		"vendored modules":  {src, toolsMod("vendor/modules.txt", "# github.com/mattn/go-sqlite3 v1.14.32\n")},
		"required directly": {src, langtest.With(toolsMod(), "go.mod", "module example.com/orders\n\ngo 1.26\n\ntool go.uber.org/mock/mockgen\n\nrequire github.com/mattn/go-sqlite3 v1.14.32\n")},
	} {
		p := provider.MustPlan(t, tc.src, tc.facts)
		if got := p.Stage("runtime").Base.Image; got != "gcr.io/distroless/base-debian12:nonroot" {
			t.Errorf("%s: runtime %s, want distroless base (cgo on)", name, got)
		}
		if d := p.Stage("builder").Description; strings.Contains(d, "tool directives") {
			t.Errorf("%s: builder %s", name, d)
		}
		if script, _, ok := guardStep(p); ok {
			t.Errorf("%s: builder guards %q", name, script)
		}
	}
}

// Planning asks for the packages the program imports when a cgo module may be the tools'
// alone, and not otherwise (cgoFollow; the search for runtime tools asks for them always).
func TestCgoToolsFollow(t *testing.T) {
	f := toolsMod()
	delete(f, "internal/app/app.go")
	delete(f, "internal/repo/repo.go")
	s := langtest.Spec(t, "language: go\nentrypoint: ./cmd/orders\n")
	got := strings.Join(Provider{}.Follow(s, f), " ")
	if !strings.Contains(got, "internal/app/*.go") {
		t.Errorf("follow %s, want internal/app/*.go", got)
	}
	s = langtest.Spec(t, "language: go\nentrypoint: ./cmd/orders\ncgo: true\n")
	ws, bins := programsOf(t, s, f)
	if got := strings.Join(cgoFollow(s, ws, bins, f), " "); strings.Contains(got, "internal/app/*.go") {
		t.Errorf("with cgo: true, cgo follows %s", got)
	}
}

// A tool of a local module (a replace target) that requires the cgo module directly explains
// it as an external tool does (testdata/go-tool-sqlite's seed/); a local module that is no
// tool's, or one whose package the program imports, keeps cgo on.
func TestCgoModuleOfALocalTool(t *testing.T) {
	const src = "language: go\nentrypoint: ./cmd/orders\n"
	local := func(tool string, kv ...string) lang.Facts {
		return langtest.With(toolsMod(), append([]string{
			"go.mod", "module example.com/orders\n\ngo 1.26\n\ntool " + tool + "\n\nrequire (\n\texample.com/seed v0.0.0 // indirect\n" +
				"\tgithub.com/mattn/go-sqlite3 v1.14.53 // indirect\n)\n\nreplace example.com/seed => ./seed\n",
			"seed/go.mod", "module example.com/seed\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.53\n",
			"seed/go.sum", ""}, kv...)...)
	}
	for name, tc := range map[string]struct {
		facts  lang.Facts
		static bool
	}{
		"the local module's tool":       {local("example.com/seed/cmd/seed"), true},
		"another module's tool":         {local("go.uber.org/mock/mockgen"), false},
		"the program imports its store": {local("example.com/seed/cmd/seed", "internal/repo/repo.go", "package repo\n\nimport _ \"example.com/seed/store\"\n\nfunc New() {}\n"), false},
	} {
		want := map[bool]string{true: "gcr.io/distroless/static-debian12:nonroot", false: "gcr.io/distroless/base-debian12:nonroot"}[tc.static]
		if got := provider.MustPlan(t, src, tc.facts).Stage("runtime").Base.Image; got != want {
			t.Errorf("%s: runtime %s, want %s", name, got, want)
		}
	}
}

// programsOf are the workspace and the programs planning reads from f for s.
func programsOf(t *testing.T, s *spec.Spec, f lang.Facts) (*workspace, []binary) {
	t.Helper()
	ws, err := readWorkspace(s, f)
	if err != nil {
		t.Fatal(err)
	}
	bins, _, err := binaries(s, ws, f, released(f), readMakefile(f))
	if err != nil {
		t.Fatal(err)
	}
	return ws, bins
}
