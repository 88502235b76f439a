package python_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/spec"
)

func TestPythonIsDetectedFromItsFiles(t *testing.T) {
	s := langtest.Spec(t, "entrypoint: app\n")
	for _, marker := range []string{"requirements.txt", "pyproject.toml", "setup.py"} {
		p, err := providers.For(s, lang.Facts{marker: nil})
		if err != nil || p.Name() != "python" {
			t.Errorf("%s: %v %v", marker, p, err)
		}
	}
	_, err := providers.For(s, lang.Facts{"go.mod": nil, "requirements.txt": nil})
	if err == nil || !strings.Contains(err.Error(), "go (go.mod), python (requirements.txt)") {
		t.Errorf("go.mod and requirements.txt: %v", err)
	}
	// the frontend reads only these files of the context, and only when the spec may be Python
	reads := providers.Reads(s)
	for _, f := range []string{"pyproject.toml", "poetry.lock", "uv.lock", ".python-version", "requirements-dev.txt"} {
		if !slices.Contains(reads, f) {
			t.Errorf("reads %q lack %s", reads, f)
		}
	}
	s, _ = spec.Parse("Dockerfile", []byte("language: go\n"))
	if slices.Contains(providers.Reads(s), "pyproject.toml") {
		t.Errorf("a Go spec reads pyproject.toml")
	}
}
