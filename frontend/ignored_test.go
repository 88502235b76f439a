package frontend

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A .dockerignore written for a Dockerfile that copies a prebuilt binary (everything ignored
// but the binary) leaves out go.mod: the planning error then says so. Nothing is said when the
// file is there, or not ignored.
func TestIgnoredMarkersAreNamed(t *testing.T) {
	binaryOnly := []string{"*", "!relay-linux-*", "!LICENSE", "!entrypoint.sh"}
	goSpec := langtest.Spec(t, "language: go\n")
	if got := ignoredMarkers(binaryOnly, goSpec, lang.Facts{}); !strings.HasPrefix(got, "the build context's .dockerignore leaves out go.mod, go.work:") {
		t.Errorf("hint %q", got)
	}
	if got := ignoredMarkers(binaryOnly, goSpec, lang.Facts{"go.mod": nil}); !strings.Contains(got, "leaves out go.work:") {
		t.Errorf("with go.mod read: %q", got)
	}
	if got := ignoredMarkers([]string{"node_modules", "*.log"}, goSpec, lang.Facts{}); got != "" {
		t.Errorf("nothing of Go ignored: %q", got)
	}
	if got := ignoredMarkers(binaryOnly, langtest.Spec(t, "ports: [8080]\n"), lang.Facts{}); !strings.Contains(got, ", ...:") {
		t.Errorf("every language's markers, shortened: %q", got)
	}
}
