package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestArgumentRequired: a main package printing a usage line that names its program and a
// required argument in angle brackets (rqlited's `Usage: rqlited [flags] <data directory>`,
// after a URL on the same line) is warned of when the image runs it without arguments, at the
// spec's language; not when the spec gives a cmd, nor for an optional argument in brackets, a
// usage line of another program, or one in a comment. docopt's synopsis on the lines below
// `Usage:` (glauth's `glauth [options] -c <file|s3 url>`) counts too, the argument an option's
// value, unless another of its lines runs the program with bracketed options only.
func TestArgumentRequired(t *testing.T) {
	store := func(usage string) lang.Facts {
		return langtest.With(lang.Facts{
			"go.mod":             []byte("module example.com/store\n\ngo 1.26\n"),
			"cmd/stored/main.go": []byte("package main\n\nfunc main() {}\n"),
		}, "cmd/stored/flags.go", "package main\n\nimport \"fmt\"\n\n"+usage+"\n\nfunc usage() { fmt.Print(usageText) }\n")
	}
	const usage = "const usageText = \"\\nstored keeps your data. Visit https://example.com to learn more.\\n\\nUsage: stored [flags] <data directory>\\n\""
	p := provider.MustPlan(t, "language: go\nports: [4001]\n", store(usage))
	if len(p.Notes) != 1 || p.Notes[0].Rule != "ArgumentRequired" || p.Notes[0].Field != "language" ||
		!strings.Contains(p.Notes[0].Msg, "cmd/stored/flags.go:5: the usage `stored [flags] <data directory>` names a required argument, <data directory>") {
		t.Errorf("notes %+v", p.Notes)
	}
	// docopt's: the synopsis indented below `Usage:`, the argument an option's value
	const docopt = "const usageText = `stored keeps your data.\n\nUsage:\n  stored [options] -c <file|url>\n  stored --version\n\nOptions:\n  -c <file>  Config file.\n`"
	p = provider.MustPlan(t, "language: go\nports: [4001]\n", store(docopt))
	if len(p.Notes) != 1 || p.Notes[0].Rule != "ArgumentRequired" ||
		!strings.Contains(p.Notes[0].Msg, "the usage `stored [options] -c <file|url>` names a required argument, <file|url>") ||
		!strings.Contains(p.Notes[0].Msg, "e.g. `cmd: [-c, /data/...]`") {
		t.Errorf("docopt usage: notes %+v", p.Notes)
	}
	for name, tc := range map[string]struct{ src, usage string }{
		"docopt alternative without it": {"language: go\n", strings.Replace(docopt, "  stored --version", "  stored [options]", 1)},
		"cmd given":                     {"language: go\ncmd: [/data]\n", usage},
		"optional argument":             {"language: go\n", strings.Replace(usage, "<data directory>", "[data directory]", 1)},
		"another program":               {"language: go\n", strings.Replace(usage, "Usage: stored", "Usage: storectl", 1)},
		"a comment":                     {"language: go\n", "// Usage: stored [flags] <data directory>\nconst usageText = \"\""},
	} {
		if p := provider.MustPlan(t, tc.src, store(tc.usage)); len(p.Notes) != 0 {
			t.Errorf("%s: notes %+v", name, p.Notes)
		}
	}
}
