package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestServeCommandRequiresArgument: the server command the image runs by default requiring an
// argument (dex's `serve [flags] [config file]` with `Args: cobra.ExactArgs(1)`) is warned of at
// its literal, with the cmd its own example writes; a command taking none, or the spec's cmd,
// say nothing.
func TestServeCommandRequiresArgument(t *testing.T) {
	withServe := func(literal string) func() lang.Facts {
		return func() lang.Facts {
			f := cobraApp()
			f["cli/serve.go"] = []byte("package cli\n\nimport \"github.com/spf13/cobra\"\n\nvar serveCmd = &cobra.Command{\n" + literal +
				"\tRunE: func(*cobra.Command, []string) error { return nil },\n}\n\nfunc init() { root.AddCommand(serveCmd) }\n")
			return f
		}
	}
	dex := withServe("\tUse: \"serve [flags] [config file]\",\n\tExample: \"notes serve config.yaml\",\n\tArgs: cobra.ExactArgs(1),\n")
	p := provider.MustPlan(t, "language: go\nports: [3000]\n", dex())
	n := langtest.NoteOf(p, "ArgumentRequired")
	if n == nil || !strings.Contains(n.Msg, "cli/serve.go:5: its `serve` command requires an argument (its usage `serve [flags] [config file]`), and the image runs notes serve without one") ||
		!strings.Contains(n.Msg, "`cmd: [serve, config.yaml]`") {
		t.Fatalf("dex's serve: %+v", n)
	}
	noExample := withServe("\tUse: \"serve <config>\",\n\tArgs: cobra.MinimumNArgs(1),\n")
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\n", noExample()), "ArgumentRequired"); n == nil || !strings.Contains(n.Msg, "`cmd: [serve, /data]`") {
		t.Errorf("no example: %+v", n)
	}
	for name, f := range map[string]func() lang.Facts{
		"no Args":      withServe("\tUse: \"serve\",\n"),
		"NoArgs":       withServe("\tUse: \"serve\",\n\tArgs: cobra.NoArgs,\n"),
		"MaximumNArgs": withServe("\tUse: \"serve [config]\",\n\tArgs: cobra.MaximumNArgs(1),\n"),
	} {
		if n := langtest.NoteOf(provider.MustPlan(t, "language: go\n", f()), "ArgumentRequired"); n != nil {
			t.Errorf("%s: %s", name, n.Msg)
		}
	}
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\ncmd: [serve, /etc/notes.yaml]\n", dex()), "ArgumentRequired"); n != nil {
		t.Errorf("cmd given: %s", n.Msg)
	}
}
