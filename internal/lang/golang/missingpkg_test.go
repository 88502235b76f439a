package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestPackageNotInContext: the main package importing a package of its own module that the
// context lacks (sqlc's uncommitted output) is warned of, naming sqlc's configuration when it
// writes there; a package present says nothing.
func TestPackageNotInContext(t *testing.T) {
	ctx := func(kv ...string) map[string]string {
		return langtest.With(map[string]string{
			"go.mod":              "module example.com/backups\n\ngo 1.26\n",
			"cmd/app/main.go":     "package main\n\nimport (\n\t\"example.com/backups/internal/db/gen\"\n\t\"example.com/backups/internal/web\"\n)\n\nfunc main() { gen.New(); web.Serve() }\n",
			"cmd/resetdb/main.go": "package main\n\nfunc main() {}\n",
			"internal/web/web.go": "package web\n\nfunc Serve() { _ = e.Start(addr) }\n",
			"sqlc.yaml":           "version: \"2\"\nsql:\n  - engine: postgresql\n    gen:\n      go:\n        package: gen\n        out: ./internal/db/gen\n",
		}, kv...)
	}
	note := func(spec string, m map[string]string) string {
		if n := langtest.NoteOf(provider.MustPlan(t, spec, provider.Gathered(t, spec, m)), "PackageNotInContext"); n != nil {
			return n.Msg
		}
		return ""
	}
	const spec = "language: go\nentrypoint: ./cmd/app\n"
	if got := note(spec, ctx()); !strings.Contains(got, "cmd/app imports example.com/backups/internal/db/gen, and internal/db/gen is not in the build context (sqlc.yaml generates it with sqlc") {
		t.Errorf("sqlc's output: %q", got)
	}
	if got := note(spec, ctx("sqlc.yaml", "version: \"2\"\n")); !strings.Contains(got, "(no file of the context is there)") {
		t.Errorf("no sqlc output named: %q", got)
	}
	if got := note(spec, ctx("internal/db/gen/db.go", "package gen\n\nfunc New() {}\n")); got != "" {
		t.Errorf("generated code committed: %q", got)
	}
}
