package deno

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// TestDenoKVIsEnabledAndItsOwnPlaceTheUsers: a module the image runs, or one it imports, opens
// Deno KV: the image runs deno with --unstable-kv unless the task or a config enables it
// already (Deno.openKv is not there without it: the program fails at start), and, when no
// literal path is given (none, or one the program computes from its environment),
// DENO_DIR's location_data, where Deno keeps the database then, is made the runtime user's. A
// literal path does not; a program without KV gets neither.
func TestDenoKVIsEnabledAndItsOwnPlaceTheUsers(t *testing.T) {
	const enabled, own = "--unstable-kv", "/deno-dir/location_data 755 65532:65532"
	for _, tc := range []struct {
		name, config, store string
		flag                bool // the image runs deno with --unstable-kv
		made                []string
	}{
		{"no path", `{"tasks": {"start": "deno run -N -E main.ts"}}`, "export const kv = await Deno.openKv();\n", true, []string{own}},
		{"a path from the environment", `{"tasks": {"start": "deno run -N -E main.ts"}}`, "const p = Deno.env.get(\"KV_PATH\");\nexport const kv = await Deno.openKv(p);\n", true, []string{own}},
		{"a literal path", `{"tasks": {"start": "deno run -N -E -R -W main.ts"}}`, "export const kv = await Deno.openKv(\"data/kv.db\");\n", true, nil},
		{"the task's flag", `{"tasks": {"start": "deno run --unstable-kv -N main.ts"}}`, "export const kv = await Deno.openKv();\n", true, []string{own}},
		{"the config's", `{"unstable": ["kv"], "tasks": {"start": "deno run -N main.ts"}}`, "export const kv = await Deno.openKv();\n", false, []string{own}},
		{"no KV", `{"tasks": {"start": "deno run -N main.ts"}}`, "export const kv = new Map();\n", false, nil},
	} {
		ctx := map[string]string{"deno.json": tc.config, "deno.lock": `{"version": "5"}`,
			"main.ts":      "import { kv } from \"./src/store.ts\";\nDeno.serve(() => new Response(String(kv)));\n",
			"src/store.ts": tc.store}
		p := provider.MustPlan(t, "ports: [8000]\n", langtest.Gathered(t, Provider{}, "ports: [8000]\n", ctx))
		if got := slices.Contains(p.Image.Entrypoint, enabled); got != tc.flag {
			t.Errorf("%s: entrypoint %q", tc.name, p.Image.Entrypoint)
		}
		if n := strings.Count(strings.Join(p.Image.Entrypoint, " "), enabled); n > 1 {
			t.Errorf("%s: --unstable-kv %d times: %q", tc.name, n, p.Image.Entrypoint)
		}
		var made []string
		for _, mk := range langtest.Steps[*plan.Mkdir](p.Stage("runtime")) {
			if strings.HasPrefix(mk.Path, "/deno-dir") {
				made = append(made, fmt.Sprintf("%s %o %s", mk.Path, mk.Mode, mk.Chown))
			}
		}
		if !slices.Equal(made, tc.made) {
			t.Errorf("%s: made %q, want %q", tc.name, made, tc.made)
		}
		if d := p.Stage("runtime").Description; (tc.made != nil) != strings.Contains(d, "opened by src/store.ts") {
			t.Errorf("%s: runtime %q", tc.name, d)
		}
	}
}

// TestTheDockerfilesCommandIsTheEntry: no task says what the image runs, and the project's own
// Dockerfile runs a module with deno (simple-kvs's shape: `CMD ["run", flags..., "serve.ts"]`
// on a denoland/deno image, whose entrypoint adds deno): the image runs that module with the
// Dockerfile's flags and permissions; a path in the image below its WORKDIR, `deno serve` in an
// ENTRYPOINT and `task <name>` are read too; a command of another program is not, and a
// default module is then run.
func TestTheDockerfilesCommandIsTheEntry(t *testing.T) {
	for _, tc := range []struct {
		name, dockerfile string
		want             []string
	}{
		{"simple-kvs's CMD", "FROM denoland/deno:2.4.5\nUSER deno\nWORKDIR /app\nCOPY . .\nCMD [\"run\", \"--unstable-kv\", \"--allow-net\", \"--allow-write\", \"serve.ts\"]\n",
			[]string{"run", "--cached-only", "--unstable-kv", "--allow-net", "--allow-write", "/app/serve.ts"}},
		{"a path in the image", "FROM denoland/deno:2.4.5\nWORKDIR /srv\nCOPY . .\nENTRYPOINT [\"deno\", \"serve\", \"-N\", \"/srv/serve.ts\"]\n",
			[]string{"serve", "--cached-only", "-N", "/app/serve.ts"}},
		{"a task", "FROM denoland/deno:2.4.5\nWORKDIR /app\nCOPY . .\nCMD [\"task\", \"serve\"]\n",
			[]string{"run", "--cached-only", "-N", "-E", "/app/serve.ts"}},
		{"another program", "FROM denoland/deno:2.4.5\nWORKDIR /app\nCOPY . .\nCMD [\"./app\"]\n",
			[]string{"run", "--cached-only", "--allow-net", "--allow-env", "--allow-read", "/app/main.ts"}},
	} {
		ctx := map[string]string{"deno.json": `{"tasks": {"serve": "deno run -N -E serve.ts", "test": "deno test"}}`, "deno.lock": `{"version": "5"}`,
			"serve.ts": "Deno.serve(() => new Response(\"ok\"));\n", "main.ts": "Deno.serve(() => new Response(\"main\"));\n",
			"Dockerfile": tc.dockerfile}
		p := provider.MustPlan(t, "ports: [8000]\n", provider.Gathered(t, "ports: [8000]\n", ctx))
		if got := p.Image.Entrypoint[3:]; !slices.Equal(got, tc.want) {
			t.Errorf("%s: entrypoint %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestAStartTasksDependenciesRunInTheBuilder: the start task, in its object form, depends on
// tasks `deno task start` runs first (fedify's hono-sample: a codegen writing a module the
// program imports, which git ignores): the builder runs them after the build task, before
// caching the module; the build task is not run twice, and a dependency that is no task of the
// config is left to Deno.
func TestAStartTasksDependenciesRunInTheBuilder(t *testing.T) {
	ctx := map[string]string{
		"deno.json": `{"tasks": {"codegen": "deno run -R -W gen.ts", "build": "deno run -R -W build.ts", ` +
			`"start": {"command": "deno run -N main.ts", "dependencies": ["build", "codegen", "nothing"]}}}`,
		"deno.lock": `{"version": "5"}`, "main.ts": "import \"./gen/vocab.ts\";\n",
	}
	p := provider.MustPlan(t, "ports: [8000]\n", langtest.Gathered(t, Provider{}, "ports: [8000]\n", ctx))
	got := langtest.Commands(p.Stage("builder"))
	want := []string{"deno task build", "deno task codegen", "deno install --frozen --entrypoint main.ts"}
	if len(got) < 3 || !slices.Equal(got[:3], want) {
		t.Errorf("builder runs %q, want %q first", got, want)
	}
}

// TestDefaultPermissionsWriteWhereTheImageLetsIt: with the default permissions (no task, spec
// or config sets them), a program writing a file directly in its working directory
// (`Deno.openKv("./kv.db")`, which the image makes room for) gets --allow-write of that
// directory, and the spec's `writable` directories get theirs: Deno refused the write though
// the directory was the user's. Permissions a task or the spec gives are kept as they are.
func TestDefaultPermissionsWriteWhereTheImageLetsIt(t *testing.T) {
	for _, tc := range []struct{ name, spec, config, main, want string }{
		{"a file in the working directory", "ports: [8000]\n", `{}`, "await Deno.openKv(\"./kv.db\");\n", "--allow-write=/app"},
		{"writable", "ports: [8000]\nwritable: [data, logs]\n", `{}`, "await Deno.openKv(\"data/kv.db\");\n", "--allow-write=/app/data,/app/logs"},
		{"nothing written", "ports: [8000]\n", `{}`, "Deno.serve(() => new Response(\"\"));\n", ""},
		{"the task's", "ports: [8000]\n", `{"tasks": {"start": "deno run -N -W=kv.db main.ts"}}`, "await Deno.openKv(\"./kv.db\");\n", ""},
		{"the spec's", "ports: [8000]\nwritable: [data]\npermissions: [-N]\n", `{}`, "await Deno.openKv(\"data/kv.db\");\n", ""},
	} {
		ctx := map[string]string{"deno.json": tc.config, "deno.lock": `{"version": "5"}`, "main.ts": tc.main}
		p := provider.MustPlan(t, tc.spec, langtest.Gathered(t, Provider{}, tc.spec, ctx))
		var got string
		for _, w := range p.Image.Entrypoint {
			if strings.HasPrefix(w, "--allow-write") {
				got = w
			}
		}
		if got != tc.want {
			t.Errorf("%s: entrypoint %q, want %q", tc.name, p.Image.Entrypoint, tc.want)
		}
	}
}
