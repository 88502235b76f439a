package lang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// TestFixedPortNotes: a server module listening on a literal port the spec's ports do not
// include is warned of at the ports line; one of them published, a port read from the
// environment, a comment, or a spec without ports is not.
func TestFixedPortNotes(t *testing.T) {
	notes := func(ports, module string) []plan.Note {
		src := "language: deno\n"
		if ports != "" {
			src += "ports: " + ports + "\n"
		}
		s, err := spec.Parse("Dockerfile", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return FixedPortNotes(s, "main.ts", module)
	}
	warned := map[string]string{ // the module, with ports: [8000], and the note's start
		"import { app } from \"./app.ts\";\n\nDeno.serve({ port: 8080 }, app.fetch);\n":    "main.ts:3 calls Deno.serve with the port 8080",
		"Bun.serve({\n  hostname: \"0.0.0.0\",\n  port: 3001,\n  fetch: app.fetch,\n});\n": "main.ts:1 calls Bun.serve with the port 3001",
		"new Elysia()\n  .get(\"/\", () => \"hi\")\n  .listen(3001);\n":                    "main.ts:3 calls listen with the port 3001",
		"serve({ fetch: app.fetch, port: 4000 }, (info) => {});\n":                         "main.ts:1 calls serve with the port 4000",
		"export default {\n  port: 8787,\n  fetch: app.fetch,\n};\n":                       "main.ts:1 exports a server whose port is 8787",
		"app.listen(3000, () => console.log('up'));\n":                                     "main.ts:1 calls app.listen with the port 3000",
	}
	for src, want := range warned {
		if n := notes("[8000]", src); len(n) != 1 || !strings.HasPrefix(n[0].Msg, want) || n[0].Rule != "PortNotPublished" || n[0].Field != "ports" {
			t.Errorf("%q: %+v, want %q", src, n, want)
		}
	}
	for _, c := range [][2]string{ // ports, module: published, from the environment, commented, no ports, nested
		{"[8080]", "Deno.serve({ port: 8080 }, h);\n"},
		{"[3000]", "metrics.listen(9464);\napp.listen(3000);\n"},
		{"[8080]", "Deno.serve({ port: Number(Deno.env.get(\"PORT\") ?? 8000) }, h);\napp.listen(process.env.PORT || 3000);\n"},
		{"[8080]", "// Deno.serve({ port: 3000 }, h)\nDeno.serve(h);\n"},
		{"", "Deno.serve({ port: 3000 }, h);\n"},
		{"[8080]", "Deno.serve({ onListen() { log() }, port: 3000 }, h);\n"},
	} {
		if n := notes(c[0], c[1]); len(n) > 0 {
			t.Errorf("ports %s, %q: %+v", c[0], c[1], n)
		}
	}
}
