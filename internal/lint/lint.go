// Package lint runs the build checks (internal/rules) on a spec and its plan: it checks the
// spec's own choices (running as root, a floating base image, a secret in env) and turns the
// provider's notes into warnings. The frontend reports them for `docker buildx build --check`
// and during every build, as the Dockerfile frontend does; the `# check=` directive, read and
// applied with BuildKit's linter, skips rules or turns warnings into errors.
package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Warning is one rule violation, anchored to a spec field.
type Warning struct {
	Rule rules.Description
	// Field is the spec field path ("user", "env.GITHUB_TOKEN"); "" concerns the whole file.
	Field string
	// Detail says what is wrong here and how to fix it.
	Detail string
}

// finding is what a spec check reports: the spec field it concerns and what is wrong there.
type finding struct {
	field, detail string
}

// Input is what the checks look at.
type Input struct {
	Spec *spec.Spec
	// Plan is nil when planning failed: the rules that need it report nothing then.
	Plan *plan.Plan
	// BuildArgs are the names of the --build-arg values the build was given.
	BuildArgs []string
}

// checks are the rules about the spec (and the build's options); every other rule comes from
// the plan's notes.
var checks = map[string]func(in Input) []finding{
	rules.RootUser.Name:              onSpec(rootUser),
	rules.PrivilegedPort.Name:        onSpec(privilegedPort),
	rules.LatestImageTag.Name:        onSpec(latestImageTag),
	rules.TestsDisabled.Name:         onSpec(testsDisabled),
	rules.SecretsUsedInArgOrEnv.Name: onSpec(secretsUsedInArgOrEnv),
	rules.UnknownRuntimeAlias.Name:   onSpec(unknownRuntimeAlias),
	rules.UndeclaredBuildArg.Name:    undeclaredBuildArg,
}

func onSpec(check func(s *spec.Spec) []finding) func(in Input) []finding {
	return func(in Input) []finding { return check(in.Spec) }
}

// Config is the checks' configuration for a build file: the BUILDKIT_DOCKERFILE_CHECK build arg
// when the client sent one (dockerui parses it into override), else the file's `# check=`
// directive, both read as the Dockerfile frontend reads them. An invalid directive is an error at
// its line.
func Config(file string, src []byte, override *linter.Config) (*linter.Config, error) {
	if override != nil {
		return override, nil
	}
	v, _, loc, _ := parser.ParseDirective("check", src)
	c, err := linter.ParseLintOptions(v)
	if err != nil {
		e := &spec.Error{File: file, Msg: "`# check=`: " + err.Error()}
		if len(loc) > 0 {
			e.Line, e.Column, e.EndLine = loc[0].Start.Line, 1, loc[0].Start.Line
		}
		return nil, spec.Errors{e}
	}
	return c, nil
}

// Run applies every rule the config does not skip, in rule order then field order.
func Run(in Input, c *linter.Config) []Warning {
	p := in.Plan
	var out []Warning
	var field string
	cfg := *c
	cfg.Warn = func(name, _, _, detail string, _ []parser.Range) {
		out = append(out, Warning{Rule: rules.Find(name).Describe(), Field: field, Detail: detail})
	}
	lc := linter.New(&cfg)
	for _, r := range rules.All() {
		var found []finding
		if check, ok := checks[r.RuleName()]; ok {
			found = check(in)
		} else if p != nil {
			for _, n := range p.Notes {
				if n.Rule == r.RuleName() {
					found = append(found, finding{n.Field, n.Msg})
				}
			}
		}
		for _, f := range found {
			field = f.field
			lc.Run(r, nil, f.detail)
		}
	}
	if p != nil {
		for _, n := range p.Notes {
			if rules.Find(n.Rule) == nil {
				panic(fmt.Sprintf("lint: the plan notes %q, which is no rule of internal/rules (make notes with rules.X.Note)", n.Rule))
			}
		}
	}
	return out
}

// Failure is the error a build or a check fails with under error=true (the Dockerfile
// frontend's message, with the rules in the order they were found), nil without warnings.
func Failure(ws []Warning) error {
	var names []string
	for _, w := range ws {
		if !slices.Contains(names, w.Rule.Name) {
			names = append(names, w.Rule.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("lint violation found for rules: %s", strings.Join(names, ", "))
}
