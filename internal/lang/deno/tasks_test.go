package deno

import (
	"maps"
	"slices"
	"testing"
)

// TestATaskRunningAnotherTask: a task that runs another task with arguments (`deno task
// execute-with-permissions ./main.ts`, bewcloud's preview task) runs that task's command with
// them appended, as `deno task` does: the module and permissions are those of the two together.
// With no start task running a module (bewcloud's start only runs its watchers) and no
// Dockerfile to read (its .dockerignore leaves it out), the preview task is the production
// server, before main.ts with the default permissions; a Vite preview is not.
func TestATaskRunningAnotherTask(t *testing.T) {
	perms := `"execute-with-permissions": "deno run --unstable-no-legacy-abort --allow-env --allow-net --allow-sys=hostname,cpus --allow-read=.,/ --allow-write=data-files,/ --allow-run"`
	for _, c := range []struct {
		name, json string
		want       []string
	}{
		{"bewcloud's preview", `{"tasks": {` + perms + `, "preview": "deno task execute-with-permissions ./main.ts", ` +
			`"watch-app": "deno task execute-with-permissions --watch ./main.ts", "start": {"dependencies": ["watch-app"]}}}`,
			[]string{"run", "--cached-only", "--unstable-no-legacy-abort", "--allow-env", "--allow-net", "--allow-sys=hostname,cpus",
				"--allow-read=.,/", "--allow-write=data-files,/", "--allow-run", "/app/main.ts"}},
		{"a start task", `{"tasks": {"serve": "deno run -N", "start": "deno task serve server.ts"}}`,
			[]string{"run", "--cached-only", "-N", "/app/server.ts"}},
		{"two levels", `{"tasks": {"base": "deno run -N", "serve": "deno task base -E", "start": "deno task serve server.ts"}}`,
			[]string{"run", "--cached-only", "-N", "-E", "/app/server.ts"}},
		{"a Vite preview", `{"tasks": {"preview": "deno run -A npm:vite preview"}}`,
			[]string{"run", "--cached-only", "--allow-net", "--allow-env", "--allow-read", "/app/main.ts"}},
	} {
		p := provider.MustPlan(t, "ports: [8000]\n", cfg(c.json, "deno.lock", "{}", "main.ts", "Deno.serve(() => new Response(\"ok\"));\n"))
		if got := p.Image.Entrypoint[3:]; !slices.Equal(got, c.want) {
			t.Errorf("%s: runs %q, want %q", c.name, got, c.want)
		}
	}
	provider.Refuses(t, "ports: [8000]\n", cfg(`{"tasks": {"start": "deno task serve main.ts"}}`, "deno.lock", "{}"),
		"it runs the task serve, which deno.json has not got")
}

// TestATaskSettingVariablesRunsItsModule: a start task that sets variables before its command
// (`ENV=production deno run -A --env-file src/server/index.ts`, a Hono server with a Vite SSR
// build, whose own Dockerfile compiles that module) was refused ("not `deno run` or `deno serve`
// of one module"): deno task's shell sets them for the command, and so does the image. A task
// it runs inherits the outer task's, its own replacing one of the same name; a value a shell
// would read (a quote, `$`) is still refused.
func TestATaskSettingVariablesRunsItsModule(t *testing.T) {
	for _, c := range []struct {
		name, json string
		run        []string
		env        map[string]string
	}{
		{"a Vite SSR server", `{"tasks": {"build": "deno task build:client && deno task build:server", "build:client": "deno run -A npm:vite build --outDir dist/client",
			"build:server": "deno run -A npm:vite build --ssr src/entry-server.tsx --outDir dist/server",
			"start": "ENV=production deno run -A --env-file src/server/index.ts"}}`,
			[]string{"run", "--cached-only", "--env-file", "-A", "/app/src/server/index.ts"}, map[string]string{"ENV": "production"}},
		{"through another task", `{"tasks": {"serve": "LOG_LEVEL=info MODE=dev deno run -N -E", "start": "MODE=production deno task serve main.ts"}}`,
			[]string{"run", "--cached-only", "-N", "-E", "/app/main.ts"}, map[string]string{"LOG_LEVEL": "info", "MODE": "dev"}},
		// the spec's port wins over the task's PORT
		{"a PORT", `{"tasks": {"start": "PORT=3000 deno run -N -E main.ts"}}`, []string{"run", "--cached-only", "-N", "-E", "/app/main.ts"}, map[string]string{}},
	} {
		p := provider.MustPlan(t, "ports: [8000]\n", cfg(c.json, "deno.lock", "{}", "main.ts", "x", "src/server/index.ts", "Deno.serve(() => new Response(\"ok\"));\n"))
		if got := p.Image.Entrypoint[3:]; !slices.Equal(got, c.run) {
			t.Errorf("%s: runs %q, want %q", c.name, got, c.run)
		}
		got := map[string]string{}
		for _, e := range p.Image.Env {
			if e.Key == "PORT" && e.Value != "8000" {
				t.Errorf("%s: PORT=%s, the spec's is 8000", c.name, e.Value)
			}
			if e.Key != "DENO_NO_UPDATE_CHECK" && e.Key != "PORT" && e.Key != "DENO_DIR" {
				got[e.Key] = e.Value
			}
		}
		if !maps.Equal(got, c.env) {
			t.Errorf("%s: the image sets %v, want %v", c.name, got, c.env)
		}
	}
	provider.Refuses(t, "ports: [8000]\n", cfg(`{"tasks": {"start": "ENV=$HOME deno run -N main.ts"}}`, "deno.lock", "{}", "main.ts", "x"),
		"it is not `deno run` or `deno serve` of one module")
}
