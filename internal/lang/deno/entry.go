package deno

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// entry is what the image runs: a module, how (deno run or deno serve), with which flags.
type entry struct {
	// File is the module, relative to the project.
	File string
	// Serve runs it with `deno serve` (a module whose default export has fetch).
	Serve bool
	// Perms are the permission flags of the start task; FromTask reports they came from one.
	Perms    []string
	FromTask bool
	// Flags are the task's other run flags the image keeps (--unstable-kv, --port 8000).
	Flags []string
	// Args are the program's arguments after the module.
	Args []string
	// From says where it was found, for messages.
	From string
	// Task is the task of the config it is read from ("" for none): the build runs the tasks
	// that task depends on, as `deno task` runs them before it.
	Task string
	// Env are the variables the task sets before its command (`ENV=production deno run ...`),
	// which the image sets.
	Env []plan.Env
}

// defaultFiles are the modules run when nothing names one: `deno init` writes main.ts.
var defaultFiles = []string{"main.ts", "main.js", "main.tsx", "main.jsx", "src/main.ts", "src/main.js"}

// chooseEntry is the spec's entrypoint, else the start task's module, else the module the
// project's own Dockerfile runs (dockerfileEntry), else the preview task's module, else a
// default file that exists, else the config's "." export, else the dev task's module (a
// project run only by `deno task dev`, its development flags dropped). ok is false when nothing names one; err is a start task the
// provider cannot read.
func chooseEntry(ep string, c config, f lang.Facts) (e entry, ok bool, err error) {
	if ep != "" {
		file, ok := plainPath(ep)
		return entry{File: file, From: "entrypoint"}, ok, nil
	}
	if start := c.Tasks["start"]; start != "" {
		e, err := c.parseTask(start)
		if err != nil {
			return entry{}, false, fmt.Errorf("%s's start task `%s`: %v", c.File, start, err)
		}
		e.From, e.Task = c.File+"'s start task", "start"
		if prod, ok := freshProduction(c, f, e); ok {
			return prod, true, nil
		}
		return e, true, nil
	}
	if e, ok := dockerfileEntry(c, f); ok {
		return e, true, nil
	}
	// the production server a preview task runs (Fresh 1's `deno run -A main.ts`; bewcloud's,
	// whose start task only runs its watchers and whose Dockerfile, which runs `deno task
	// preview`, its .dockerignore leaves out of the context): its module with its permissions
	if e, err := c.parseTask(c.Tasks["preview"]); err == nil && !strings.Contains(e.File, "vite") {
		e.From, e.Task = c.File+"'s preview task (it has no start task running a module)", "preview"
		return e, true, nil
	}
	for _, file := range defaultFiles {
		if f.Has(file) {
			return entry{File: file, From: file}, true, nil
		}
	}
	if file, ok := plainPath(c.Exports); ok {
		return entry{File: file, From: c.File + "'s exports"}, true, nil
	}
	// the program of a project that has only a dev task (neumann-tokyo's Hono API template:
	// `"dev": "deno run -A src/index.ts"`), which is what its developers run; one the frontend
	// cannot read leaves the error naming `entrypoint`
	if e, err := c.parseTask(c.Tasks["dev"]); err == nil {
		e.From, e.Task = c.File+"'s dev task (it has no start task)", "dev"
		return e, true, nil
	}
	return entry{}, false, nil
}

// dockerfileEntry is the module the last stage of the project's own Dockerfile runs with deno,
// its flags and permissions with it, when no start task says: `CMD ["run", "--unstable-kv",
// "--allow-net", ..., "serve.ts"]` on a denoland/deno image (whose entrypoint puts deno before
// a subcommand), `ENTRYPOINT ["deno", "serve", ...]`, or `CMD ["task", "<name>"]` running a task
// of the config. simple-kvs names its module nowhere else. A module outside the stage's working
// directory, or a command the provider cannot read, is none.
func dockerfileEntry(c config, f lang.Facts) (entry, bool) {
	name, workdir, words := lang.DockerfileCommand(f)
	for len(words) > 0 && (words[0] == "/tini" || words[0] == "tini" || words[0] == "--") {
		words = words[1:]
	}
	if len(words) > 0 && path.Base(words[0]) == "deno" {
		words = words[1:]
	}
	if len(words) == 2 && words[0] == "task" && c.Tasks[words[1]] != "" {
		e, err := c.parseTask(c.Tasks[words[1]])
		e.From, e.Task = fmt.Sprintf("%s's %s task, which %s runs", c.File, words[1], name), words[1]
		return e, err == nil
	}
	if len(words) < 2 || (words[0] != "run" && words[0] != "serve") {
		return entry{}, false
	}
	words = slices.Clone(words)
	for i, w := range words { // a module by its path in the image: below the working directory
		if rel, ok := strings.CutPrefix(w, strings.TrimSuffix(workdir, "/")+"/"); ok && workdir != "/" && !strings.HasPrefix(w, "-") {
			words[i] = rel
		}
		if strings.ContainsAny(w, " \t\n") {
			return entry{}, false
		}
	}
	e, err := parseTask("deno " + strings.Join(words, " "))
	if err != nil {
		return entry{}, false
	}
	e.From = "the command of " + name
	return e, true
}

// freshProduction is Fresh 1's production server for a start task that runs its development
// server (dev.ts, which watches the files and rebuilds; `fresh init` writes that start task):
// the preview task (`deno run -A main.ts` in `fresh init`'s config), else main.ts beside dev.ts
// with the start task's flags. Fresh's Docker recipe builds (`deno task build`, which the
// builder runs) and runs main.ts. Fresh 2's start task (`deno serve -A _fresh/server.js`) is
// its production server already.
func freshProduction(c config, f lang.Facts, start entry) (entry, bool) {
	if _, fresh := c.Imports["$fresh/"]; !fresh || path.Base(start.File) != "dev.ts" {
		return entry{}, false
	}
	dev := "the start task runs its development server, " + start.File
	if preview, err := c.parseTask(c.Tasks["preview"]); err == nil && path.Base(preview.File) != "dev.ts" {
		preview.From, preview.Task = c.File+"'s preview task, Fresh's production server ("+dev+")", "preview"
		return preview, true
	}
	main := path.Join(path.Dir(start.File), "main.ts")
	if !f.Has(main) {
		return entry{}, false
	}
	start.File, start.Args, start.From = main, nil, "Fresh's production server, "+main+" ("+dev+")"
	return start, true
}

// serveDefaultPort is the port `deno serve` listens on without --port.
const serveDefaultPort = 8000

// servePort are the entry's run flags, with `--port=<the spec's first port>` for a module `deno
// serve` runs when neither its task nor that port says otherwise: deno serve listens on 8000
// (and reads no PORT), so with `ports: [3000]` the image would answer nothing there. A task's
// own --port is the project's: kept.
func servePort(s *spec.Spec, e entry) []string {
	port, ok := lang.FirstTCPPort(s)
	if !e.Serve || !ok || port == serveDefaultPort || slices.ContainsFunc(e.Flags, func(f string) bool { return strings.HasPrefix(f, "--port=") }) {
		return e.Flags
	}
	return append(slices.Clone(e.Flags), "--port="+strconv.Itoa(port))
}

// Flags of `deno run` and `deno serve` in a start task, by what the image does with them.
var (
	// devFlags are for development only: the image drops them.
	devFlags = regexp.MustCompile(`^(--watch(-hmr|-exclude)?|--inspect(-brk|-wait)?|--no-clear-screen|-r|--reload)(=.*)?$`)
	// keptFlags change how the program runs: the image keeps them.
	keptFlags = regexp.MustCompile(`^(--unstable(-[a-z0-9-]+)?|--v8-flags=` + flagValue + `|--no-check|--cached-only|--location=` + flagValue +
		`|--seed=[0-9]+|--conditions=` + flagValue + `|--env(-file)?(=[A-Za-z0-9._/-]+)?|--port=[0-9]+|--host=` + flagValue + `|--parallel|--ext=[a-z]+)$`)
	// flagValue is what a kept flag's value may hold: no quote, space or shell character.
	flagValue = `[A-Za-z0-9@._:/,=*+-]+`
	// valueFlags take their value as the next word.
	valueFlags = []string{"--port", "--host", "--seed", "--location", "--conditions", "--ext"}
)

// taskDepth bounds how many `deno task NAME` delegations c.parseTask follows.
const taskDepth = 4

// parseTask reads a task of the config: parseTask's form, or `deno task NAME [args]` running
// another task of the config, whose command `deno task` runs with those arguments appended.
// bewcloud's preview task (its Dockerfile's CMD) is `deno task execute-with-permissions
// ./main.ts`, that task `deno run --allow-env ... --allow-write=data-files,/ --allow-run`: the
// module and its permissions are those of the two together.
func (c config) parseTask(task string) (entry, error) {
	var env []plan.Env
	for range taskDepth {
		var words []string
		env, words = taskEnv(env, task)
		task = strings.Join(words, " ")
		if len(words) < 3 || words[0] != "deno" || words[1] != "task" || strings.HasPrefix(words[2], "-") {
			break
		}
		next, ok := c.Tasks[words[2]]
		if !ok {
			return entry{}, fmt.Errorf("it runs the task %s, which %s has not got", words[2], cmp.Or(c.File, "the config"))
		}
		task = strings.Join(append([]string{next}, words[3:]...), " ")
	}
	env, words := taskEnv(env, task)
	e, err := parseTask(strings.Join(words, " "))
	e.Env = env
	return e, err
}

// assignment is a variable a task sets for its command, of a plain value (deno task's shell
// reads `NAME=value cmd` as a shell does).
var assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z0-9._:/,@+-]*)$`)

// taskEnv adds the variables task sets before its command to env, a later one replacing an
// earlier of the same name (the outer task's, which the inner one's command inherits), and
// returns the command's words.
func taskEnv(env []plan.Env, task string) ([]plan.Env, []string) {
	words := strings.Fields(task)
	for len(words) > 0 && assignment.MatchString(words[0]) {
		k, v, _ := strings.Cut(words[0], "=")
		env = append(slices.DeleteFunc(env, func(e plan.Env) bool { return e.Key == k }), plan.Env{Key: k, Value: v})
		words = words[1:]
	}
	return env, words
}

// parseTask reads a start task of the form `deno run|serve [flags] MODULE [args]`.
func parseTask(task string) (entry, error) {
	words := strings.Fields(task)
	if len(words) < 3 || words[0] != "deno" || (words[1] != "run" && words[1] != "serve") {
		return entry{}, fmt.Errorf("it is not `deno run` or `deno serve` of one module")
	}
	e := entry{Serve: words[1] == "serve", FromTask: true}
	rest := words[2:]
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		w := rest[0]
		rest = rest[1:]
		switch {
		case permissionFlag.MatchString(w):
			e.Perms = append(e.Perms, w)
		case devFlags.MatchString(w):
		case slices.Contains(valueFlags, w) && len(rest) > 0 && keptFlags.MatchString(w+"="+rest[0]):
			e.Flags = append(e.Flags, w+"="+rest[0])
			rest = rest[1:]
		case keptFlags.MatchString(w):
			e.Flags = append(e.Flags, w)
		default:
			return entry{}, fmt.Errorf("the flag %s is not one the frontend knows to keep or drop", w)
		}
	}
	if len(rest) == 0 {
		return entry{}, fmt.Errorf("it names no module")
	}
	file, ok := plainPath(rest[0])
	if !ok {
		return entry{}, fmt.Errorf("%q is not a module path inside the build context", rest[0])
	}
	e.File, e.Args = file, rest[1:]
	for _, a := range e.Args {
		if !lang.PlainWord(a) { // the image runs it in exec form
			return entry{}, fmt.Errorf("the argument %q is not a plain word (letters, digits and @._:/,=+-): "+
				"a shell would read it otherwise than the image's command line", a)
		}
	}
	return e, nil
}
