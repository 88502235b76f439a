package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestChecksDocIsGenerated: docs/checks.md is what the rules' definitions generate.
func TestChecksDocIsGenerated(t *testing.T) {
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "checks.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(Markdown()) {
		t.Error("docs/checks.md is stale: run `go generate ./internal/rules` and commit it")
	}
}

func TestEveryRuleIsDefinedAndDocumented(t *testing.T) {
	names := map[string]bool{}
	for _, r := range All() {
		d := r.Describe()
		if names[d.Name] {
			t.Errorf("two rules named %s", d.Name)
		}
		names[d.Name] = true
		if !regexp.MustCompile(`^[A-Z][A-Za-z]+$`).MatchString(d.Name) || d.Description == "" || strings.HasSuffix(d.Description, ".") ||
			Find(d.Name) != r || d.URL != DocsURL+"#"+strings.ToLower(d.Name) {
			t.Errorf("rule %s: %+v", d.Name, d)
		}
		if !strings.Contains(d.Doc, "```yaml") || !strings.Contains(d.Doc, "\nFix: ") {
			t.Errorf("docs/%s.md has no example spec or no `Fix:` paragraph", d.Name)
		}
	}
	files, err := fs.Glob(docs, "docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".md"); !names[name] {
			t.Errorf("%s documents no rule of All()", f)
		}
	}
}

// TestReadmeNamesEveryRule: the README's checks table names every rule, so that a user who
// reads it sees every warning a build can give.
func TestReadmeNamesEveryRule(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, checks, _ := strings.Cut(string(readme), "\n## Checks\n")
	checks, _, _ = strings.Cut(checks, "\n## ")
	for _, r := range All() {
		if name := r.Describe().Name; !strings.Contains(checks, "`"+name+"`") {
			t.Errorf("the README's Checks section does not name %s", name)
		}
	}
}

// TestProvidersReportRulesTyped: a provider makes a note with a rule's Note (so it names a
// registered rule), never a plan.Note literal with a name typed by hand.
func TestProvidersReportRulesTyped(t *testing.T) {
	literal := regexp.MustCompile(`plan\.Note\{`)
	err := filepath.WalkDir(filepath.Join("..", "lang"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		dt, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if loc := literal.FindIndex(dt); loc != nil {
			t.Errorf("%s:%d: a plan.Note literal; report a rule with rules.X.Note(field, rules.X.Format(...))",
				p, strings.Count(string(dt[:loc[0]]), "\n")+1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
