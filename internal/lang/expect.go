package lang

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Expected is what the runtime image runs and the build must leave behind: the entry file, the
// binary, the module or the jar.
type Expected struct {
	// Paths are where it may be in the stage the step runs in, any one will do; each is an
	// absolute path, a `*` matching within a name (Python's lib/python*/site-packages).
	Paths []string
	// What names it for the message: "the entry file", "the program", "the module app.main".
	What string
	// Field is the spec field responsible, whose line a failure points at.
	Field string
	// Fix says what to set or change, e.g. "set `entrypoint` to the file the build writes".
	Fix string
	// Executable asks for an executable file (a binary), not just a path that exists.
	Executable bool
}

// expectPath is what Expect writes into its script unquoted, so that `*` matches.
var expectPath = regexp.MustCompile(`^/[A-Za-z0-9._@+/*-]*$`)

// Expect is the step every provider appends to its builder: after the build, it checks that what
// the runtime runs exists, and fails otherwise, before any image is exported, at the spec line
// responsible, naming the path and the field to set. Without it, a wrong entrypoint builds a
// clean image that dies at start (`Cannot find module '/app/index.js'`). It is a plan step, so an
// ejected Dockerfile runs it too, as a RUN without network; it runs nothing of the project. The
// graph runs it in the build step's container when it can (plan.Run.Checked), and a check that
// one path exists without a container otherwise (plan.Run.Exists).
func Expect(e Expected) *plan.Run {
	words := make([]string, len(e.Paths))
	for i, p := range e.Paths {
		words[i] = p
		if !expectPath.MatchString(p) {
			words[i] = squote(p) // never happens for the paths providers validate; no glob then
		}
	}
	test, kind := `test -e "$f"`, ""
	if e.Executable {
		test, kind = `test -f "$f" && test -x "$f"`, "executable "
	}
	msg := fmt.Sprintf("multistage-frontend: the build left no %s%s, %s, which the image runs: %s",
		kind, strings.Join(e.Paths, " or "), e.What, e.Fix)
	script := fmt.Sprintf(`for f in %s; do %s && exit 0; done; echo %s >&2; exit 1`,
		strings.Join(words, " "), test, squote(msg))
	op := "test -e "
	if e.Executable {
		op = "test -x "
	}
	r := &plan.Run{Origin: plan.Origin{Field: e.Field}, Args: []string{"/bin/sh", "-c", script},
		Display: op + strings.Join(e.Paths, " || "+op), NoNetwork: true, Checked: slices.Clone(e.Paths)}
	if !e.Executable && len(e.Paths) == 1 && !strings.Contains(e.Paths[0], "*") {
		r.Exists = e.What + "; if not: " + e.Fix
	}
	return r
}

// squote single-quotes a word for /bin/sh.
func squote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// BuildExpect is Expect at the end of a build (builder's, or a stage that builds in its place):
// a failure points at the field e names, else entrypoint, build.command or language.
func BuildExpect(s *spec.Spec, e Expected) *plan.Run {
	e.Field = cmp.Or(e.Field, FirstField(s, "entrypoint", "build.command", "language"))
	return Expect(e)
}
