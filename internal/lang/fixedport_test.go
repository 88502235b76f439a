package lang

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/spec"
)

// TestFixedPortNotes: a server module listening on a literal port the spec's ports do not
// include is warned of at the ports line; one of them published, a port read from the
// environment, a comment, or a spec without ports is not.
func TestFixedPortNotes(t *testing.T) {
	for _, c := range []struct {
		name, ports, src, want string
	}{
		{"Deno.serve", "[8000]", "import { app } from \"./app.ts\";\n\nDeno.serve({ port: 8080 }, app.fetch);\n", "main.ts:3 calls Deno.serve with the port 8080"},
		{"Bun.serve", "[3000]", "Bun.serve({\n  hostname: \"0.0.0.0\",\n  port: 3001,\n  fetch: app.fetch,\n});\n", "main.ts:1 calls Bun.serve with the port 3001"},
		{"Elysia's listen", "[3000]", "new Elysia()\n  .get(\"/\", () => \"hi\")\n  .listen(3001);\n", "main.ts:3 calls listen with the port 3001"},
		{"Hono's node server", "[3000]", "serve({ fetch: app.fetch, port: 4000 }, (info) => {});\n", "main.ts:1 calls serve with the port 4000"},
		{"Bun's default export", "[3000]", "export default {\n  port: 8787,\n  fetch: app.fetch,\n};\n", "main.ts:1 exports a server whose port is 8787"},
		{"express", "[8080]", "app.listen(3000, () => console.log('up'));\n", "main.ts:1 calls app.listen with the port 3000"},
		{"published", "[8080]", "Deno.serve({ port: 8080 }, h);\n", ""},
		{"one of two published", "[3000]", "metrics.listen(9464);\napp.listen(3000);\n", ""},
		{"from the environment", "[8080]", "Deno.serve({ port: Number(Deno.env.get(\"PORT\") ?? 8000) }, h);\napp.listen(process.env.PORT || 3000);\n", ""},
		{"a comment", "[8080]", "// Deno.serve({ port: 3000 }, h)\nDeno.serve(h);\n", ""},
		{"no ports", "", "Deno.serve({ port: 3000 }, h);\n", ""},
		{"a nested object", "[8080]", "Deno.serve({ onListen() { log() }, port: 3000 }, h);\n", ""},
	} {
		src := "language: deno\n"
		if c.ports != "" {
			src += "ports: " + c.ports + "\n"
		}
		s, err := spec.Parse("Dockerfile", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		notes := FixedPortNotes(s, "main.ts", c.src)
		switch {
		case c.want == "" && len(notes) > 0:
			t.Errorf("%s: %+v", c.name, notes)
		case c.want != "" && (len(notes) != 1 || !strings.HasPrefix(notes[0].Msg, c.want) || notes[0].Rule != "PortNotPublished" || notes[0].Field != "ports"):
			t.Errorf("%s: %+v, want %q", c.name, notes, c.want)
		}
	}
}
