package bun

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestAFileWrittenInTheWorkingDirectoryIsTheUsers: a module the entry imports writes a file
// directly in the working directory (Bun.write, writeFileSync): /app is made root's with the
// runtime user's group and the sticky bit before the app's files, and the runtime stage names the
// file and the module; a write below a directory does not, nor a module nothing imports.
func TestAFileWrittenInTheWorkingDirectoryIsTheUsers(t *testing.T) {
	pkg := `{"name": "sink", "scripts": {"start": "bun index.ts"}}`
	for _, c := range []struct{ name, module, want string }{
		{"Bun.write", "export async function flush(rows: string[]) {\n  await Bun.write(\"buffer.txt\", rows.join(\"\\n\"));\n}\n", "buffer.txt, written at start by src/buffer.ts"},
		{"writeFileSync", "import fs from \"node:fs\";\nexport function flush(s: string) { fs.writeFileSync('./buffer.txt', s); }\n", "buffer.txt, written at start by src/buffer.ts"},
		{"below a directory", "export async function flush(s: string) { await Bun.write('data/buffer.txt', s); }\n", ""},
	} {
		ctx := map[string]string{"package.json": pkg, "bun.lock": "{}",
			"index.ts":      "import { flush } from \"./src/buffer\";\nBun.serve({ port: process.env.PORT, fetch() { return new Response('ok'); } });\n",
			"src/buffer.ts": c.module, "src/unused.ts": "await Bun.write('unused.txt', '');\n"}
		p := provider.MustPlan(t, "ports: [3000]\n", langtest.Gathered(t, Provider{}, "ports: [3000]\n", ctx))
		made := langtest.SharedWorkdir(p, "/app")
		d := p.Stage("runtime").Description
		if c.want == "" && made != "" || c.want != "" && (made == "" || !strings.Contains(d, "/app takes new files from the runtime user ("+c.want+")")) {
			t.Errorf("%s: /app made %q, runtime %q", c.name, made, d)
		}
		if strings.Contains(d, "unused.txt") {
			t.Errorf("%s: a module nothing imports was read: %q", c.name, d)
		}
		if c.want != "" && made != "1775 0:1000" {
			t.Errorf("%s: /app made %q, want 1775 0:1000", c.name, made)
		}
	}
}

// TestAWorkspacePackageWritingInItsWorkingDirectory: the selected workspace package's entry
// imports a module writing a file directly in its working directory: the package's directory
// (/app/apps/api) is shared, and a literal port in that module the spec does not publish is
// warned of, as a single package's are.
func TestAWorkspacePackageWritingInItsWorkingDirectory(t *testing.T) {
	ctx := monorepo()
	ctx["apps/api/package.json"] = `{"name": "@acme/api", "scripts": {"start": "bun src/index.ts"}, "dependencies": {"@acme/greet": "workspace:*"}}`
	ctx["apps/api/src/index.ts"] = "import \"./server\";\n"
	ctx["apps/api/src/server.ts"] = "await Bun.write(\"cache.json\", \"{}\");\nBun.serve({ port: 4000, fetch: () => new Response('hi') });\n"
	for ports, want := range map[string][]string{"[3000]": {"PortNotPublished"}, "[4000]": nil} {
		src := "workspace: apps/api\nports: " + ports + "\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if made := langtest.SharedWorkdir(p, "/app/apps/api"); made != "1775 0:1000" {
			t.Errorf("ports %s: /app/apps/api made %q, want 1775 0:1000", ports, made)
		}
		if d := p.Stage("runtime").Description; !strings.Contains(d, "/app/apps/api takes new files from the runtime user (cache.json, written at start by src/server.ts)") {
			t.Errorf("ports %s: runtime %q", ports, d)
		}
		if got := langtest.Rules(p); !slices.Equal(got, want) {
			t.Errorf("ports %s: rules %q, want %q", ports, got, want)
		}
	}
}
