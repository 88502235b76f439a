package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// FuzzPythonContextFiles: pyproject.toml, requirements.txt and .python-version come from the
// build context, so anyone who can send a context writes them. Whatever they hold, planning
// and converting to LLB ends in a plan or an error, never a panic; copies stay inside the
// context and the builder image is python:<version>.
func FuzzPythonContextFiles(f *testing.F) {
	f.Add(pkgPyproject, "msf-greeting==1.0.0\n-r base.txt\n", "3.12\n", "")
	f.Add("[tool.poetry]\nname = \"x\"\n[tool.poetry.dependencies]\npython = \"^3.11 || ~3.9\"\n", "", "", "poetry")
	f.Add("[project]\ndependencies = [\"a\", \"-e .\"]\n[dependency-groups]\ntest = [{include-group = \"x\"}, 1]\n", "", "pypy3.10", "uv")
	s := langtest.Spec(f, "language: python\nentrypoint: app\n")
	f.Fuzz(func(t *testing.T, pyproject, requirements, pythonVersion, lock string) {
		facts := lang.Facts{"pyproject.toml": []byte(pyproject), "requirements.txt": []byte(requirements),
			".python-version": []byte(pythonVersion)}
		switch lock {
		case "poetry":
			facts["poetry.lock"] = nil
		case "uv":
			facts["uv.lock"] = nil
		}
		p, err := provider.Plan(s, facts)
		if err != nil {
			return
		}
		if img := p.Stage("deps").Base.Image; !imageVersion.MatchString(strings.TrimSuffix(strings.TrimPrefix(img, "python:"), "-bookworm")) {
			t.Fatalf("builder image %q", img)
		}
		// files named by requirements.txt (-r, -c) are copied from inside the context only
		langtest.Hostile{Dest: true, Options: graph.Options{Resolver: fakeResolver}}.Check(t, p)
	})
}
