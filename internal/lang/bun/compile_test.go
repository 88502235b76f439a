package bun

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// A build script compiling the program into one executable (`bun build --compile --outfile`):
// the image runs that file alone on distroless cc, as the project's Dockerfile does, with no
// node_modules (the dependencies are inside) and no prod-deps stage; the builder compiles for
// the target platform and checks the file is there.
func TestACompiledProgramRunsAlone(t *testing.T) {
	ctx := map[string]string{
		"package.json": `{"name": "hello", "scripts": {"start": "bun run main.ts", "build": "bun build main.ts --compile --minify --outfile bin/server"},
			"dependencies": {"hono": "^4"}}`,
		"bun.lock": "{}",
		"main.ts":  "export default { fetch() { return new Response('hi') } }\n",
	}
	src := "ports: [3000]\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
	if p.Stage("prod-deps") != nil {
		t.Errorf("a prod-deps stage: the executable holds the dependencies")
	}
	if p.Stage("runtime").Base.Image != compiledImage || p.Image.User != "65532:65532" || !slices.Equal(p.Image.Entrypoint, []string{"/app/bin/server"}) {
		t.Errorf("image base %s user %s entrypoint %q", p.Stage("runtime").Base.Image, p.Image.User, p.Image.Entrypoint)
	}
	copies := langtest.Copies(p.Stage("runtime"))
	if len(copies) != 1 || copies[0].FromStage != "builder" || !slices.Equal(copies[0].Paths, []string{"/app/bin/server"}) {
		t.Errorf("the image holds %+v, want the executable alone", copies)
	}
	got := strings.Join(langtest.Commands(p.Stage("builder")), "\n")
	if !strings.Contains(got, "compile.sh") || !strings.Contains(got, "for f in /app/bin/server") {
		t.Errorf("the builder runs %q", got)
	}

	// anything else is run with bun as before: a build with its own target, a chain, a spec
	// naming the runtime or the entrypoint
	for _, c := range []struct{ build, spec string }{
		{"bun build main.ts --compile --target=bun-linux-x64-musl --outfile server", ""},
		{"bun build main.ts --compile --outfile server && cp server dist/", ""},
		{"bun build main.ts --outdir dist", ""},
		{"bun build main.ts --compile --outfile server", "runtime: slim\n"},
		{"bun build main.ts --compile --outfile server", "entrypoint: main.ts\n"},
	} {
		ctx["package.json"] = `{"name": "hello", "scripts": {"start": "bun run main.ts", "build": "` + c.build + `"}, "dependencies": {"hono": "^4"}}`
		src := "ports: [3000]\n" + c.spec
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if p.Stage("runtime").Base.Image == compiledImage || len(p.Image.Entrypoint) < 2 || !strings.HasSuffix(p.Image.Entrypoint[0], "bun") {
			t.Errorf("%q %q: image %s %q, want bun running the source", c.build, c.spec, p.Stage("runtime").Base.Image, p.Image.Entrypoint)
		}
	}
}

// TestACompiledProgramReadingFilesByItsDirectoryRunsTheSource: a module of the program, two
// imports below the entry, reads a file by its own directory (substreams-sink-clickhouse's
// shape), which the executable `bun build --compile` writes would not hold: the image runs the
// source with bun, as the start script does, and the build script, which only compiles, is not
// run. Reads by a path of the working directory, or an imported file, keep the executable.
func TestACompiledProgramReadingFilesByItsDirectoryRunsTheSource(t *testing.T) {
	for _, c := range []struct {
		name, read string
		compiled   bool
	}{
		{"import.meta.dirname", `await Bun.file(import.meta.dirname + "/q.sql").text()`, false},
		{"import.meta.dir joined", `readFileSync(join(import.meta.dir, "q.sql"), "utf8")`, false},
		{"__dirname template", "readFileSync(`${__dirname}/q.sql`)", false},
		{"a URL of import.meta.url", `Bun.file(new URL("./q.sql", import.meta.url))`, false},
		{"the working directory", `Bun.file("data/q.sql")`, true},
		{"an embedded import", `Bun.file(q)`, true},
		{"a comment", `// Bun.file(import.meta.dir + "/q.sql")`, true},
	} {
		ctx := map[string]string{
			"package.json": `{"name": "sink", "scripts": {"start": "bun index.ts", "build": "bun build --compile ./index.ts --outfile sink"},
				"dependencies": {"zod": "3.22.4"}}`,
			"package-lock.json": "{}",
			"index.ts":          "import { get } from \"./src/fetch/get.js\";\nBun.serve({ fetch: get });\n",
			"src/fetch/get.ts":  "import { missing } from \"../../sql/missing.js\";\nexport const get = () => missing();\n",
			"sql/missing.ts":    "import q from \"./q.sql\" with { type: \"file\" };\nexport async function missing() {\n  return new Response(" + c.read + ");\n}\n",
			"sql/q.sql":         "select 1;\n",
		}
		src := "ports: [3000]\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		builder := strings.Join(langtest.Commands(p.Stage("builder")), "\n")
		if c.compiled {
			if !slices.Equal(p.Image.Entrypoint, []string{"/app/sink"}) {
				t.Errorf("%s: entrypoint %q, want the executable", c.name, p.Image.Entrypoint)
			}
			continue
		}
		if !slices.Equal(p.Image.Entrypoint, []string{"/usr/local/bin/bun", "/app/index.ts"}) || p.Stage("runtime").Base.Image != "oven/bun:1-slim" ||
			strings.Contains(builder, "compile") || p.Stage("prod-deps") == nil {
			t.Errorf("%s: image %s %q, builder %q: want bun running index.ts, nothing compiled", c.name, p.Stage("runtime").Base.Image, p.Image.Entrypoint, builder)
		}
		if d := p.Stage("builder").Description; !strings.Contains(d, "sql/missing.ts:3") {
			t.Errorf("%s: the builder's description %q does not name the read", c.name, d)
		}
	}
}
