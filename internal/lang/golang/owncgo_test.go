package golang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestProjectsOwnCgoPackage: imgproxy's shape, an image server whose main package imports its
// root package, which imports its own vips package: Go files importing "C" (`#cgo pkg-config:
// vips`) beside C sources, and a memory package whose Linux file calls glibc's malloc_trim
// through cgo beside a `!linux` stub. No module of cgoModules is required, and the build with
// CGO_ENABLED=0 failed in builder ("undefined"). Now cgo is on, libvips' development package is
// installed where go build and go test run, and the runtime is slim with libvips installed,
// said in the description; `cgo: false` is CgoRequired naming the package. A package that
// offers a `!cgo` file beside its cgo one, or one imported only under `//go:build cgo`, or a
// test file importing "C", leaves cgo off.
func TestProjectsOwnCgoPackage(t *testing.T) {
	tree := func(kv ...string) map[string]string {
		m := map[string]string{
			"go.mod": "module github.com/acme/thumbs/v2\n\ngo 1.26\n\nrequire github.com/prometheus/client_golang v1.23.2\n",
			"go.sum": "github.com/prometheus/client_golang v1.23.2 h1:x\n",
			"cli/main.go": "package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/acme/thumbs/v2\"\n)\n\n" +
				"func main() { os.Exit(thumbs.Run(os.Args)) }\n",
			"thumbs.go": "package thumbs\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/acme/thumbs/v2/handlers\"\n)\n\n" +
				"func Run(args []string) int { _ = http.ListenAndServe(\":8080\", handlers.New()); return 1 }\n",
			"init.go":              "package thumbs\n\nimport (\n\t\"github.com/acme/thumbs/v2/memory\"\n\t\"github.com/acme/thumbs/v2/vips\"\n)\n\nfunc init() { vips.Startup(); memory.Free() }\n",
			"handlers/handlers.go": "package handlers\n\nimport \"net/http\"\n\nfunc New() http.Handler { return http.NewServeMux() }\n",
			"vips/vips.go": "package vips\n\n/*\n#cgo pkg-config: vips\n#cgo CFLAGS: -O3\n#cgo LDFLAGS: -lm\n#include \"vips.h\"\n*/\nimport \"C\"\n\n" +
				"func Startup() { C.vips_initialize() }\n",
			"vips/options.go": "package vips\n\n// #include \"vips.h\"\nimport \"C\"\n\nconst MaxSize = 1 << 24\n",
			"vips/vips.h":     "int vips_initialize(void);\n",
			"vips/vips.c":     "#include <vips/vips.h>\nint vips_initialize(void) { return VIPS_INIT(\"thumbs\"); }\n",
			"memory/free_linux.go": "//go:build linux\n\npackage memory\n\n/*\n#include <malloc.h>\n*/\nimport \"C\"\n\n" +
				"func Free() { C.malloc_trim(0) }\n",
			"memory/free.go": "//go:build !linux\n\npackage memory\n\nfunc Free() {}\n",
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				delete(m, kv[i])
			} else {
				m[kv[i]] = kv[i+1]
			}
		}
		return m
	}
	depsInstalls := func(p *plan.Plan) []string {
		var out []string
		for _, r := range langtest.Steps[*plan.Run](p.Stage("deps")) {
			if strings.HasPrefix(r.Display, "apt-get install lib") {
				out = append(out, r.Display)
			}
		}
		return out
	}
	cgoOf := func(p *plan.Plan) string {
		return langtest.Env(langtest.Steps[*plan.Run](p.Stage("builder"))[0].Env, "CGO_ENABLED")
	}
	spec := "language: go\nports: [8080]\n"
	p := provider.MustPlan(t, spec, provider.Gathered(t, spec, tree()))
	if got := cgoOf(p); got != "1" {
		t.Errorf("CGO_ENABLED=%q, want 1", got)
	}
	if got := depsInstalls(p); !slices.Equal(got, []string{"apt-get install libvips-dev"}) {
		t.Errorf("deps installs %q", got)
	}
	if got := p.Stage("runtime-base").Base.Image; got != "debian:bookworm-slim" {
		t.Errorf("runtime base %q, want slim", got)
	}
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install libvips42"}) {
		t.Errorf("runtime installs %q", got)
	}
	if d := p.Stage("runtime").Description; !strings.Contains(d, "the program links libvips (./vips)") {
		t.Errorf("runtime description %q", d)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}

	spec = "language: go\nports: [8080]\ncgo: false\n"
	p = provider.MustPlan(t, spec, provider.Gathered(t, spec, tree()))
	if len(p.Notes) != 1 || p.Notes[0].Rule != "CgoRequired" || p.Notes[0].Field != "cgo" ||
		!strings.HasPrefix(p.Notes[0].Msg, `./memory needs cgo (it holds C code: memory/free_linux.go imports "C"), and this build turns cgo off`) {
		t.Errorf("cgo: false: notes %+v", p.Notes)
	}

	// the module's root package, which the program in cli/ imports, holding the C code itself
	spec = "language: go\nports: [8080]\n"
	p = provider.MustPlan(t, spec, provider.Gathered(t, spec, tree(
		"init.go", "package thumbs\n\n// #include <malloc.h>\nimport \"C\"\n\nfunc init() { C.malloc_trim(0) }\n")))
	if got := cgoOf(p); got != "1" {
		t.Errorf("C code in the root package: CGO_ENABLED=%q, want 1", got)
	}

	spec = "language: go\nports: [8080]\n"
	for _, c := range []struct {
		name string
		kv   []string
	}{
		{"a !cgo file beside the cgo one", []string{"init.go", "package thumbs\n\nimport \"github.com/acme/thumbs/v2/memory\"\n\nfunc init() { memory.Free() }\n",
			"memory/free.go", "//go:build !linux || !cgo\n\npackage memory\n\nfunc Free() {}\n",
			"memory/free_linux.go", "//go:build linux && cgo\n\npackage memory\n\n// #include <malloc.h>\nimport \"C\"\n\nfunc Free() { C.malloc_trim(0) }\n"}},
		{"imported only under cgo", []string{
			"init.go", "//go:build cgo\n\npackage thumbs\n\nimport (\n\t\"github.com/acme/thumbs/v2/memory\"\n\t\"github.com/acme/thumbs/v2/vips\"\n)\n\nfunc init() { vips.Startup(); memory.Free() }\n",
			"init_nocgo.go", "//go:build !cgo\n\npackage thumbs\n"}},
		{"a test file", []string{"init.go", "package thumbs\n\nimport \"github.com/acme/thumbs/v2/handlers\"\n\nvar _ = handlers.New\n",
			"handlers/c_test.go", "package handlers\n\n// int one(void) { return 1; }\nimport \"C\"\n"}},
	} {
		p := provider.MustPlan(t, spec, provider.Gathered(t, spec, tree(c.kv...)))
		if got := cgoOf(p); got != "0" || len(depsInstalls(p)) != 0 {
			t.Errorf("%s: CGO_ENABLED=%q, deps installs %q", c.name, got, depsInstalls(p))
		}
	}
}
