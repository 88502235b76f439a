// Package lint checks a build spec and its plan for choices that build but are probably
// mistakes (running as root, a floating base image, a secret in env). Each rule is a small
// function with a name, a short description and a section of docs/checks.md. The frontend
// reports the warnings for `docker buildx build --check` and during every build, as the
// Dockerfile frontend does; the `# check=` directive skips rules or turns warnings into errors.
// Nothing here knows BuildKit.
package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// DocsURL is where every rule is documented; a rule's URL is an anchor in it.
const DocsURL = "https://github.com/org/multistage-frontend/blob/main/docs/checks.md"

// Rule is one check.
type Rule struct {
	// Name is what `# check=skip=` takes, as in the Dockerfile frontend (PascalCase).
	Name string
	// Description is one sentence: what the rule looks for.
	Description string
	check       func(s *spec.Spec, p *plan.Plan) []finding
}

// URL is the rule's section of docs/checks.md.
func (r *Rule) URL() string { return DocsURL + "#" + strings.ToLower(r.Name) }

// finding is what a rule reports: the spec field it concerns and what is wrong there.
type finding struct {
	field, detail string
}

// Warning is one rule violation, anchored to a spec field.
type Warning struct {
	Rule *Rule
	// Field is the spec field path ("user", "env.GITHUB_TOKEN"); "" concerns the whole file.
	Field string
	// Detail says what is wrong here and how to fix it.
	Detail string
}

// Config is the `# check=` directive (or the BUILDKIT_DOCKERFILE_CHECK build arg).
type Config struct {
	// SkipAll turns every rule off (skip=all); Skip turns the named ones off.
	SkipAll bool
	Skip    []string
	// Error makes warnings fail the build and the check (error=true).
	Error bool
}

// ParseConfig reads a check directive's value, "skip=RootUser,TestsDisabled;error=true", with
// the Dockerfile frontend's syntax. experimental= is accepted for compatibility; no rule here
// is experimental.
func ParseConfig(value string) (Config, error) {
	var c Config
	value = strings.TrimSpace(value)
	if value == "" {
		return c, nil
	}
	for _, part := range strings.Split(value, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return c, fmt.Errorf("invalid check option %q (want skip=RULE,..., error=true)", part)
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "skip":
			if v == "all" {
				c.SkipAll = true
				continue
			}
			for _, name := range strings.Split(v, ",") {
				c.Skip = append(c.Skip, strings.TrimSpace(name))
			}
		case "error":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return c, fmt.Errorf("invalid check option %q: error takes true or false", part)
			}
			c.Error = b
		case "experimental":
		default:
			return c, fmt.Errorf("invalid check option %q (want skip=RULE,..., error=true)", strings.TrimSpace(k))
		}
	}
	return c, nil
}

// Skips reports whether the config turns the rule off.
func (c Config) Skips(name string) bool { return c.SkipAll || slices.Contains(c.Skip, name) }

// Run applies every rule the config does not skip, in rule order then field order. p may be nil
// when planning failed; rules that need the plan then report nothing.
func Run(s *spec.Spec, p *plan.Plan, c Config) []Warning {
	var out []Warning
	for _, r := range Rules() {
		if c.Skips(r.Name) {
			continue
		}
		for _, f := range r.check(s, p) {
			out = append(out, Warning{Rule: r, Field: f.field, Detail: f.detail})
		}
	}
	return out
}

// Failure is the error a build or a check fails with under error=true, nil without warnings.
func Failure(ws []Warning) error {
	if len(ws) == 0 {
		return nil
	}
	var names []string
	for _, w := range ws {
		if !slices.Contains(names, w.Rule.Name) {
			names = append(names, w.Rule.Name)
		}
	}
	return fmt.Errorf("lint violation found for rules: %s", strings.Join(names, ", "))
}
