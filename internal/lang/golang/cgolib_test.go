package golang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestCgoLinkedSystemLibrary: a program requiring a cgo module that links a system library
// (coroot's github.com/DataDog/golz4, `-llz4`) is built with cgo, its development package
// installed in deps (where go build and go test run), and runs on slim with the shared
// library installed, said in the runtime's description; build.packages naming it installs it
// once; distroless asked for keeps it, with RuntimeLibraryMissing at `runtime`; an image the
// spec names is its own; cgo turned off installs nothing.
func TestCgoLinkedSystemLibrary(t *testing.T) {
	f := lang.Facts{
		"go.mod": []byte("module example.com/chunks\n\ngo 1.26\n\nrequire github.com/DataDog/golz4 v1.3.0\n"),
		"go.sum": []byte("github.com/DataDog/golz4 v1.3.0 h1:x\n"),
		"main.go": []byte("package main\n\nimport (\n\t\"net/http\"\n\n\tlz4 \"github.com/DataDog/golz4\"\n)\n\n" +
			"func main() {\n\t_, _ = lz4.Compress(nil, nil)\n\t_ = http.ListenAndServe(\":8080\", nil)\n}\n"),
	}
	depsInstalls := func(p *plan.Plan) []string {
		var out []string
		for _, r := range langtest.Steps[*plan.Run](p.Stage("deps")) {
			if strings.HasPrefix(r.Display, "apt-get install") || strings.HasPrefix(r.Display, "apk add") {
				out = append(out, r.Display)
			}
		}
		return out
	}
	p := provider.MustPlan(t, "language: go\nports: [8080]\n", f)
	if got := depsInstalls(p); !slices.Equal(got, []string{"apt-get install gcc-<triple> libc6-dev-<TARGETARCH>-cross (the C cross compiler, when TARGETARCH is not BUILDARCH)", "apt-get install liblz4-dev"}) {
		t.Errorf("deps installs %q", got)
	}
	if got := p.Stage("runtime-base").Base.Image; got != "debian:bookworm-slim" {
		t.Errorf("runtime base %q, want slim", got)
	}
	if got := runtimeInstalls(p); !slices.Equal(got, []string{"apt-get install liblz4-1"}) {
		t.Errorf("runtime installs %q", got)
	}
	if d := p.Stage("runtime").Description; !strings.Contains(d, "the program links liblz4 (github.com/DataDog/golz4)") {
		t.Errorf("runtime description %q", d)
	}
	if len(p.Notes) != 0 {
		t.Errorf("notes %+v", p.Notes)
	}
	p = provider.MustPlan(t, "language: go\nbuild:\n  packages: [liblz4-dev]\n", f)
	if got := depsInstalls(p); len(got) != 2 || got[0] != "apt-get install liblz4-dev" || strings.Contains(got[1], "liblz4") {
		t.Errorf("with build.packages: deps installs %q", got)
	}
	p = provider.MustPlan(t, "language: go\nruntime: distroless\n", f)
	if len(p.Notes) != 1 || p.Notes[0].Rule != "RuntimeLibraryMissing" || p.Notes[0].Field != "runtime" ||
		!strings.HasPrefix(p.Notes[0].Msg, "github.com/DataDog/golz4 links the system's liblz4 through cgo, which the distroless runtime lacks") ||
		!strings.Contains(p.Notes[0].Msg, "`packages: [liblz4-1]`") {
		t.Errorf("distroless: notes %+v", p.Notes)
	}
	if got := runtimeInstalls(p); len(got) != 0 {
		t.Errorf("distroless installs %q", got)
	}
	if p := provider.MustPlan(t, "language: go\nruntime: debian:12-slim\n", f); len(runtimeInstalls(p)) != 0 || len(p.Notes) != 0 {
		t.Errorf("an image runtime: installs %q, notes %+v", runtimeInstalls(p), p.Notes)
	}
	p = provider.MustPlan(t, "language: go\ncgo: false\n", f)
	if got := depsInstalls(p); len(got) != 0 || len(runtimeInstalls(p)) != 0 {
		t.Errorf("cgo off: deps installs %q, runtime installs %q", got, runtimeInstalls(p))
	}
	if len(p.Notes) != 1 || p.Notes[0].Rule != "CgoRequired" {
		t.Errorf("cgo off: notes %+v", p.Notes)
	}
}
