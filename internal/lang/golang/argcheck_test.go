package golang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestArgumentRequiredByMainsCheck: a main package with no usage line that exits when it is
// given no argument (gossa's `if flag.Parse(); len(flag.Args()) == 1 {...} else { os.Exit(1) }`,
// in main or a function main calls) is warned of at the if; a check passing with none, of
// several terms, inside a case (a subcommand's), or in a function main does not call is not,
// nor one the spec's cmd answers.
func TestArgumentRequiredByMainsCheck(t *testing.T) {
	share := func(body string) lang.Facts {
		return lang.Facts{
			"go.mod": []byte("module example.com/share\n\ngo 1.26\n"),
			"main.go": []byte("package main\n\nimport (\n\t\"flag\"\n\t\"log\"\n\t\"os\"\n)\n\nvar root string\n\n" + body +
				"\nfunc serve() {}\n\nvar _, _ = log.Fatal, os.Exit\n"),
		}
	}
	const gossa = "func main() {\n\tif flag.Parse(); len(flag.Args()) == 1 {\n\t\troot = flag.Args()[0]\n\t} else {\n\t\tos.Exit(1)\n\t}\n\tserve()\n}\n"
	p := provider.MustPlan(t, "language: go\n", share(gossa))
	n := langtest.NoteOf(p, "ArgumentRequired")
	if n == nil || n.Field != "language" || !strings.Contains(n.Msg,
		"main.go:12: its main package exits when it is given no argument (`len(flag.Args()) == 1`), and the image runs share without one") {
		t.Errorf("gossa's check: %+v", n)
	}
	for name, body := range map[string]string{
		"flag.NArg() == 0, log.Fatal":       "func main() {\n\tflag.Parse()\n\tif flag.NArg() == 0 {\n\t\tlog.Fatal(\"no directory\")\n\t}\n\tserve()\n}\n",
		"len(os.Args) < 2, return":          "func main() {\n\tif len(os.Args) < 2 {\n\t\treturn\n\t}\n\tserve()\n}\n",
		"0 == flag.NArg(), in a parseFlags": "func parseFlags() string {\n\tflag.Parse()\n\tif 0 == flag.NArg() {\n\t\tos.Exit(2)\n\t}\n\treturn flag.Arg(0)\n}\n\nfunc main() {\n\troot = parseFlags()\n\tserve()\n}\n",
	} {
		if n := langtest.NoteOf(provider.MustPlan(t, "language: go\n", share(body)), "ArgumentRequired"); n == nil {
			t.Errorf("%s: no warning", name)
		}
	}
	for name, body := range map[string]string{
		"arguments refused":           "func main() {\n\tif flag.NArg() != 0 {\n\t\tos.Exit(2)\n\t}\n\tserve()\n}\n",
		"an optional argument":        "func main() {\n\tif flag.NArg() > 0 {\n\t\troot = flag.Arg(0)\n\t}\n\tserve()\n}\n",
		"several terms":               "func main() {\n\tif flag.NArg() == 0 && root == \"\" {\n\t\tos.Exit(2)\n\t}\n\tserve()\n}\n",
		"a subcommand's case":         "func main() {\n\tswitch flag.Arg(0) {\n\tcase \"import\":\n\t\tif flag.NArg() < 2 {\n\t\t\tos.Exit(2)\n\t\t}\n\t}\n\tserve()\n}\n",
		"a function main never calls": "func importCmd() {\n\tif len(os.Args) < 3 {\n\t\tlog.Fatal(\"usage\")\n\t}\n}\n\nfunc main() {\n\tserve()\n}\n",
		"a return outside main":       "func parse() {\n\tif flag.NArg() == 0 {\n\t\treturn\n\t}\n}\n\nfunc main() {\n\tparse()\n\tserve()\n}\n",
		"no exit":                     "func main() {\n\tif flag.NArg() == 0 {\n\t\troot = \".\"\n\t}\n\tserve()\n}\n",
	} {
		if n := langtest.NoteOf(provider.MustPlan(t, "language: go\n", share(body)), "ArgumentRequired"); n != nil {
			t.Errorf("%s: %s", name, n.Msg)
		}
	}
	if n := langtest.NoteOf(provider.MustPlan(t, "language: go\ncmd: [/srv]\n", share(gossa)), "ArgumentRequired"); n != nil {
		t.Errorf("cmd given: %s", n.Msg)
	}
}
