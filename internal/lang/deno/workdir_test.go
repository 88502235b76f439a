package deno

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestAFileWrittenInTheWorkingDirectoryIsTheUsers: the module the image runs, or one it imports,
// writes a file directly in the working directory (Deno.writeTextFile, Deno.openKv): the
// working directory is made root's with the runtime user's group and the sticky bit before the
// app's files, and the runtime stage names the file and the module; a write below a directory,
// a KV store in Deno's own place (no path) and a module nothing imports do not.
func TestAFileWrittenInTheWorkingDirectoryIsTheUsers(t *testing.T) {
	for _, c := range []struct{ name, module, want string }{
		{"Deno.writeTextFile", "export async function save(s: string) {\n  await Deno.writeTextFile(\"state.json\", s);\n}\n", "state.json, written at start by src/store.ts"},
		{"Deno.openKv", "export const kv = await Deno.openKv(\"./kv.db\");\n", "kv.db, written at start by src/store.ts"},
		{"below a directory", "export const kv = await Deno.openKv(\"data/kv.db\");\n", ""},
		{"Deno's own place", "export const kv = await Deno.openKv();\n", ""},
	} {
		ctx := map[string]string{
			"deno.json":    `{"tasks": {"start": "deno run -A main.ts"}}`,
			"deno.lock":    `{"version": "5"}`,
			"main.ts":      "import { kv } from \"./src/store.ts\";\nDeno.serve(() => new Response(\"ok\"));\n",
			"src/store.ts": c.module, "src/unused.ts": "await Deno.writeTextFile('unused.txt', '');\n",
		}
		p := provider.MustPlan(t, "ports: [8000]\n", langtest.Gathered(t, Provider{}, "ports: [8000]\n", ctx))
		made := langtest.SharedWorkdir(p, "/app")
		d := p.Stage("runtime").Description
		if c.want == "" && made != "" || c.want != "" && (made != "1775 0:65532" || !strings.Contains(d, "/app takes new files from the runtime user ("+c.want+")")) {
			t.Errorf("%s: /app made %q, runtime %q", c.name, made, d)
		}
		if strings.Contains(d, "unused.txt") {
			t.Errorf("%s: a module nothing imports was read: %q", c.name, d)
		}
	}
}

// TestAMemberWritingInItsDirectory: a workspace member's module writes beside it: the member's
// directory, the working directory, is shared.
func TestAMemberWritingInItsDirectory(t *testing.T) {
	src := "workspace: api\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, workspaceContext(
		"api/server.ts", "import { log } from \"./log.ts\";\nDeno.serve(() => new Response(log()));\n",
		"api/log.ts", "export function log() { Deno.writeTextFileSync(\"x\", \"\"); return \"\"; }\n")))
	if made := langtest.SharedWorkdir(p, "/app/api"); made != "1775 0:65532" {
		t.Errorf("/app/api made %q, runtime %q", made, p.Stage("runtime").Description)
	}
}

// TestAnImportedModuleListensOnALiteralPort: the entry only imports the module that serves, on a
// literal port the spec does not publish: PortNotPublished, as for the entry itself.
func TestAnImportedModuleListensOnALiteralPort(t *testing.T) {
	ctx := map[string]string{
		"deno.json":     `{"tasks": {"start": "deno run -N main.ts"}}`,
		"deno.lock":     `{"version": "5"}`,
		"main.ts":       "import \"./src/server.ts\";\n",
		"src/server.ts": "Deno.serve({ port: 8080 }, () => new Response(\"ok\"));\n",
	}
	for ports, want := range map[string][]string{"[8000]": {"PortNotPublished"}, "[8080]": nil} {
		src := "ports: " + ports + "\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if got := langtest.Rules(p); !slices.Equal(got, want) {
			t.Errorf("ports %s: rules %q, want %q (%+v)", ports, got, want, p.Notes)
		}
	}
}
