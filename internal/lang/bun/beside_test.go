package bun

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/lang/langtest/tree"
	"github.com/org/multistage-frontend/internal/plan"
)

// A Bun server's files read at run time beside its entry are copied from the context: Kyoo's
// API applies Drizzle's migrations from ./drizzle at start, in a module its entry imports, and
// its image held dist/ alone. Planned through the provider's reads of a directory of ours.
func TestFilesTheServerReadsBesideItsEntry(t *testing.T) {
	files := map[string]string{
		"package.json": `{"name": "api", "module": "src/index.js", "scripts": {"build": "bun build src/index.ts --target bun --outdir ./dist",
			"start": "NODE_ENV=production bun dist/index.js"}, "dependencies": {"elysia": "^1", "drizzle-orm": "0.44.7"}}`,
		"bun.lock":                   "{}",
		"src/index.ts":               "import { Elysia } from \"elysia\";\nimport { migrate } from \"./db\";\nawait migrate();\nnew Elysia().listen(3567);\n",
		"src/db/index.ts":            "import { migrate as m } from \"drizzle-orm/node-postgres/migrator\";\nexport const migrate = () => m(db, {\n\tmigrationsFolder: \"./drizzle\",\n});\n",
		"drizzle/0000_init.sql":      "create table x();\n",
		"drizzle/meta/_journal.json": "{}",
		"tests/setup.ts":             "",
	}
	copied := func(p *plan.Plan) []string {
		var out []string
		for _, c := range langtest.Copies(p.Stage("runtime")) {
			if c.FromStage == "" {
				out = append(out, c.Paths...)
			}
		}
		return out
	}
	s := langtest.Spec(t, "ports: [3567]\n")
	p, err := provider.Plan(s, provider.ReadFollowed(t, s, tree.Write(t, files)))
	if err != nil {
		t.Fatal(err)
	}
	if got := copied(p); !slices.Contains(got, "drizzle") || slices.Contains(got, "src") || slices.Contains(got, "tests") {
		t.Errorf("the image copies %q from the context, want drizzle (and no source)", got)
	}
	// without a build, the entry's source is the file it runs; a path it names that the context
	// lacks, or one the spec's files copies, is not copied
	files["package.json"] = `{"name": "api", "module": "src/index.ts", "dependencies": {"elysia": "^1"}}`
	s = langtest.Spec(t, "ports: [3567]\n")
	p, err = provider.Plan(s, provider.ReadFollowed(t, s, tree.Write(t, files)))
	if err != nil {
		t.Fatal(err)
	}
	if got := copied(p); !slices.Contains(got, "drizzle") || !slices.Contains(got, "src") {
		t.Errorf("no build: the image copies %q from the context, want src and drizzle", got)
	}
	delete(files, "drizzle/0000_init.sql")
	delete(files, "drizzle/meta/_journal.json")
	s = langtest.Spec(t, "ports: [3567]\n")
	if p, err = provider.Plan(s, provider.ReadFollowed(t, s, tree.Write(t, files))); err != nil || slices.Contains(copied(p), "drizzle") {
		t.Errorf("no drizzle/ in the context: %v, copies %q", err, copied(p))
	}
	files["drizzle/0000_init.sql"] = ""
	s = langtest.Spec(t, "ports: [3567]\nfiles: [drizzle]\n")
	p, _ = provider.Plan(s, provider.ReadFollowed(t, s, tree.Write(t, files)))
	if n := len(slices.DeleteFunc(copied(p), func(c string) bool { return c != "drizzle" })); n != 1 {
		t.Errorf("files: [drizzle]: copied %d times", n)
	}
}
