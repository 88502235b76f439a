package graph

import (
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/plan"
)

// checkedRun is a run with the checks that follow it (plan.Run.Checked: the builder's check of
// what the image runs, lang.Expect) folded into its container. A check in a container of its own
// costs a container start, 0.07 to 0.11 s, on every rebuild (docs/benchmarks.md); folded, it is
//
//	/bin/sh -c '"$@" && (CHECK)' sh ARGS...
//
// where ARGS are the run's arguments as before (a shell script's: /bin/sh -c SCRIPT), passed
// through as they are, never read by the shell, and each check runs in a subshell, whose exit
// ends only itself, after the run succeeded. The run keeps its mounts, environment, network and
// display; its source location adds the checks' fields.
type checkedRun struct {
	*plan.Run
	checks []*plan.Run
}

// existsDir is where exists copies the checked path, and removes it in the same operation.
const existsDir = "/.multistage-frontend-check"

// exists is a check that its one path exists (plan.Run.Exists) that runs no container, for a
// check fold leaves a step of its own (after Node.js's `npm run build`, which names no entry
// file): one file operation copies the path, leaving out what a directory holds, and removes
// the copy, so the stage's files are as they were; BuildKit fails the copy where the path is
// missing (`lstat /app/dist/server.js: no such file or directory`) at the spec line, after
// the step's name, which says what the path is and what to do.
func (c *converter) exists(st llb.State, s *plan.Stage, r *plan.Run, prefix string) llb.State {
	p := r.Checked[0]
	fa := llb.Copy(st, p, existsDir+"/", &llb.CopyInfo{CreateDestPath: true, FollowSymlinks: true,
		ExcludePatterns: []string{"*"}}).Rm(existsDir)
	return st.File(fa, c.constraints(s, prefix+"CHECK "+p+" exists: "+r.Exists, r.Field)...)
}

// fold folds every check into the run before it when it can (foldsInto), and leaves it a step
// of its own otherwise.
func fold(steps []plan.Step) []plan.Step {
	out := make([]plan.Step, 0, len(steps))
	for _, step := range steps {
		check, ok := step.(*plan.Run)
		if ok && len(out) > 0 {
			var into *checkedRun
			switch prev := out[len(out)-1].(type) {
			case *checkedRun:
				into = prev
			case *plan.Run:
				into = &checkedRun{Run: prev}
			}
			if into != nil && foldsInto(check, into.Run) {
				into.checks = append(into.checks, check)
				out[len(out)-1] = into
				continue
			}
		}
		out = append(out, step)
	}
	return out
}

// foldsInto reports a check that can run in run's container: a script of its own, with no
// mounts, environment or build args, whose every path run names already (so the check adds
// nothing to the step's cache key that its command does not hold: `go build -o /out/server`
// and `test -x /out/server`; Node's `npm run build` names no entry file, and an edit of
// `entrypoint` must rerun no build step), and none of whose paths a mount of run hides (or holds).
func foldsInto(check, run *plan.Run) bool {
	if len(check.Checked) == 0 || len(check.Mounts) > 0 || len(check.Env) > 0 || len(check.UseArgs) > 0 || check.ExpandArgs {
		return false
	}
	if _, ok := script(check); !ok {
		return false
	}
	for _, p := range check.Checked {
		if !names(run, p) {
			return false
		}
	}
	for _, m := range run.Mounts {
		for _, p := range check.Checked {
			if overlaps(p, mountTarget(m)) {
				return false
			}
		}
	}
	return true
}

// names reports a path that run's command holds as a word of its own or at a word's end
// (`-o /out/server`, `--out=/out/server`), not as the start of a longer name (`/out/server2`).
func names(run *plan.Run, p string) bool {
	words := run.Args
	if words == nil {
		words = []string{run.Shell}
	}
	for _, w := range words {
		for i := strings.Index(w, p); i >= 0; {
			end := i + len(p)
			if end == len(w) || !pathChar(w[end]) {
				return true
			}
			next := strings.Index(w[end:], p)
			if next < 0 {
				break
			}
			i = end + next
		}
	}
	return false
}

// pathChar is a byte that continues a path's last name.
func pathChar(c byte) bool {
	return c == '/' || c == '.' || c == '_' || c == '-' || c == '@' || c == '+' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// script is a step's shell script: its Shell, or SCRIPT of /bin/sh -c SCRIPT.
func script(r *plan.Run) (string, bool) {
	switch {
	case r.Args == nil:
		return r.Shell, true
	case len(r.Args) == 3 && r.Args[0] == "/bin/sh" && r.Args[1] == "-c":
		return r.Args[2], true
	}
	return "", false
}

// mountTarget is where a mount is in the container: an ssh mount without a target is a socket
// of /run/buildkit, a secret given as an environment variable is nowhere ("").
func mountTarget(m plan.Mount) string {
	if m.Target == "" && m.Type == plan.MountSSH {
		return "/run/buildkit"
	}
	return m.Target
}

// overlaps reports a checked path (absolute, `*` matching within a name) at, below or above a
// mount target: the mount would hide the layer's file, or make a directory the build did not.
// A relative target, which the check cannot place, overlaps everything.
func overlaps(checked, target string) bool {
	switch {
	case target == "":
		return false
	case !path.IsAbs(target):
		return true
	}
	c := strings.Split(strings.TrimPrefix(path.Clean(checked), "/"), "/")
	t := strings.Split(strings.TrimPrefix(path.Clean(target), "/"), "/")
	if slices.Equal(t, []string{""}) {
		return true // the root
	}
	for i := range min(len(c), len(t)) {
		if ok, err := path.Match(c[i], t[i]); err == nil && !ok {
			return false
		}
	}
	return true
}

// foldedArgs are the arguments of a run with its checks (see checkedRun).
func foldedArgs(args []string, checks []*plan.Run) []string {
	var b strings.Builder
	b.WriteString(`"$@"`)
	for _, c := range checks {
		s, _ := script(c)
		b.WriteString(" && (" + s + "\n)")
	}
	return slices.Concat([]string{"/bin/sh", "-c", b.String(), "sh"}, args)
}
