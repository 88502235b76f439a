package deno

import (
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
