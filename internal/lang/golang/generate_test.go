package golang

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// A program whose main package generates what a package it imports embeds, and does not commit
// it (Gokapi's cmd/gokapi/Main.go runs its WebAssembly build by //go:generate, and
// internal/webserver embeds web/main.wasm): the builder runs `go generate` on that main package
// before the go builds, on the build platform (no target GOOS/GOARCH: the generators run there),
// as the project's Dockerfile does; not when the embedded file is committed, nor for directives
// of a main package whose imports embed nothing missing (mocks, stringer), nor for a file a
// Linux build leaves out.
func TestGoGenerateMakesWhatIsEmbedded(t *testing.T) {
	project := map[string]string{
		"go.mod": "module example.com/acme/tool/v2\n\ngo 1.26\n", "go.sum": "",
		"cmd/tool/Main.go": "package main\n\n//go:generate go run ../../build/gen/wasm.go\n//go:generate go run ../../build/gen/minify.go\n\n" +
			"import (\n\t\"example.com/acme/tool/v2/internal/web\"\n\t\"example.com/acme/tool/v2/internal/store\"\n)\n\nfunc main() { web.Serve(); store.Open() }\n",
		"cmd/toolctl/main.go":           "package main\n\nfunc main() {}\n",
		"internal/web/web.go":           "package web\n\nimport \"embed\"\n\n//go:embed static\nvar static embed.FS\n\n//go:embed app.wasm\nvar wasm []byte\n\n//go:embed templates/*.tmpl\nvar templates embed.FS\n",
		"internal/web/static/app.js":    "",
		"internal/web/templates/a.tmpl": "",
		"internal/store/store.go":       "package store\n\n//go:generate stringer -type=Kind\n",
		"build/gen/wasm.go":             "//go:build tools\n\npackage main\n",
	}
	gen := func(files map[string]string) (*plan.Run, *plan.Plan) {
		t.Helper()
		p := provider.MustPlan(t, "language: go\n", langtest.Gathered(t, Provider{}, "language: go\n", files))
		runs := langtest.Steps[*plan.Run](p.Stage("builder"))
		i := slices.IndexFunc(runs, func(r *plan.Run) bool { return slices.Contains(r.Args, "generate") })
		if i < 0 {
			return nil, p
		}
		if b := slices.IndexFunc(runs, func(r *plan.Run) bool { return slices.Contains(r.Args, "build") }); b < i {
			t.Errorf("go generate runs after go build (steps %d, %d)", i, b)
		}
		return runs[i], p
	}

	r, p := gen(project)
	if r == nil {
		t.Fatal("no go generate before the build of a program embedding internal/web/app.wasm, which is not in the context")
	}
	if want := []string{"go", "generate", "./cmd/tool", "./internal/store"}; !slices.Equal(r.Args, want) {
		t.Errorf("runs %q, want %q (the main package's directives, and those of the packages it imports)", r.Args, want)
	}
	if slices.ContainsFunc(r.Env, func(e plan.Env) bool { return e.Key == "GOOS" || e.Key == "GOARCH" }) {
		t.Errorf("go generate gets the target's platform %v: its generators would be built for it, and not run", r.Env)
	}
	if want := "internal/web/web.go embeds app.wasm, which is not in the build context"; !strings.Contains(r.Display, want) ||
		!strings.Contains(p.Stage("builder").Description, want) {
		t.Errorf("says %q (stage %q), want the reason %q", r.Display, p.Stage("builder").Description, want)
	}

	committed := langtest.With(maps.Clone(project), "internal/web/app.wasm", "\x00asm")
	if r, _ := gen(committed); r != nil {
		t.Errorf("the embedded file committed: runs %q", r.Args)
	}
	noDirective := langtest.With(maps.Clone(project), "cmd/tool/Main.go", strings.ReplaceAll(project["cmd/tool/Main.go"], "//go:generate", "// go generate"))
	if r, _ := gen(noDirective); r != nil {
		t.Errorf("no directive in a main package: runs %q", r.Args)
	}
	windows := langtest.With(maps.Clone(project), "cmd/tool/Main.go", project["cmd/tool/Main.go"], "internal/web/web.go", "//go:build windows\n\n"+project["internal/web/web.go"])
	if r, _ := gen(windows); r != nil {
		t.Errorf("the embedding file is for Windows only: runs %q", r.Args)
	}
}

func TestEmbedRoot(t *testing.T) {
	for in, want := range map[string]string{
		"internal/web/app.wasm": "internal/web/app.wasm", "web/dist/*": "web/dist", "web/*/x.js": "web",
		"web/[ab].txt": "web", "*.txt": "",
	} {
		if got := embedRoot(in); got != want {
			t.Errorf("embedRoot(%q) = %q, want %q", in, got, want)
		}
	}
}
