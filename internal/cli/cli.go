// Package cli is the frontend binary's command-line mode: what a user can ask of a spec without a
// builder. `targets` lists the stages; `dockerfile` (eject) prints an equivalent Dockerfile;
// `version` prints the release this binary is.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/org/multistage-frontend/internal/eject"

	"github.com/org/multistage-frontend/internal/lang/providers"
	"github.com/org/multistage-frontend/internal/lint"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/version"
	"github.com/org/multistage-frontend/spec"
)

const usage = `usage: multistage-frontend COMMAND [-f FILE] [DIR]

Commands:
  targets      list the stages a build can target (--target)
  dockerfile   print the build as a plain Dockerfile (eject): the same stages, caches and image
  check        report the build checks' warnings (docs/checks.md); exit status 1 when there are some
  version      print this frontend's version

DIR is the build context (default "."); FILE is the build file (default DIR/Dockerfile).
Run without a command, the binary is the BuildKit frontend.
`

// Run runs a command and returns the process exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	if cmd == "version" || cmd == "--version" {
		fmt.Fprintln(stdout, version.Long())
		return 0
	}
	var run func(*plan.Plan, *spec.Spec, io.Writer) error
	switch cmd {
	case "targets":
		run = printTargets
	case "dockerfile":
		run = printDockerfile
	case "check":
		run = printChecks
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	p, s, err := load(cmd, rest, stderr)
	if err == nil {
		err = run(p, s, stdout)
	}
	if errors.Is(err, errWarnings) {
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "multistage-frontend:", err)
		return 1
	}
	return 0
}

// load parses flags, reads the spec and the context files it needs, and plans.
func load(cmd string, args []string, stderr io.Writer) (*plan.Plan, *spec.Spec, error) {
	fset := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fset.SetOutput(stderr)
	file := fset.String("f", "", "build file (default DIR/Dockerfile)")
	if err := fset.Parse(args); err != nil {
		return nil, nil, err
	}
	dir := "."
	if fset.NArg() > 1 {
		return nil, nil, errors.New("at most one DIR")
	} else if fset.NArg() == 1 {
		dir = fset.Arg(0)
	}
	if *file == "" {
		*file = filepath.Join(dir, "Dockerfile")
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return nil, nil, err
	}
	s, err := spec.Parse(filepath.Base(*file), data)
	if err != nil {
		return nil, nil, err
	}
	p, err := providers.PlanDir(s, dir)
	if err == nil {
		p.ExcludeBuildFile(inside(dir, *file))
	}
	return p, s, err
}

// inside is file's path in dir ("" when it is not in dir): a build file the context holds is
// left out of the source copies, as the frontend leaves it out.
func inside(dir, file string) string {
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(d, f)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return ""
	}
	return filepath.ToSlash(rel)
}

func printTargets(p *plan.Plan, _ *spec.Spec, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tDESCRIPTION")
	for _, st := range p.Targets() {
		name := st.Name
		if name == p.Default {
			name += " (default)"
		}
		fmt.Fprintf(tw, "%s\t%s\n", name, strings.Join(strings.Fields(st.Description), " "))
	}
	fmt.Fprintf(tw, "%s\t%s\n", eject.Target, eject.TargetDescription)
	return tw.Flush()
}

func printDockerfile(p *plan.Plan, s *spec.Spec, w io.Writer) error {
	dt, err := eject.Dockerfile(p, eject.Options{Source: s.File})
	if err != nil {
		return err
	}
	_, err = w.Write(dt)
	return err
}

// errWarnings makes `check` exit with status 1 after printing the warnings, as --check does.
var errWarnings = errors.New("")

func printChecks(p *plan.Plan, s *spec.Spec, w io.Writer) error {
	c, err := lint.Config(s.File, s.Source, nil)
	if err != nil {
		return err
	}
	ws := lint.Run(lint.Input{Spec: s, Plan: p}, c)
	for _, warn := range ws {
		where := s.File
		if pos, ok := s.Pos(warn.Field); ok {
			where = fmt.Sprintf("%s:%d", s.File, pos.Line)
		}
		fmt.Fprintf(w, "%s: %s: %s\n  %s\n", where, warn.Rule.Name, warn.Detail, warn.Rule.URL)
	}
	if len(ws) > 0 {
		return errWarnings
	}
	fmt.Fprintln(w, "no warnings")
	return nil
}
