// Package lang is what every language provider shares: the Provider interface, the few context
// files a provider may read (Facts), and the stages every language ends with (tester, runtime).
// Providers live in subpackages; internal/lang/providers lists them in order.
package lang

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Provider turns a spec and a few context files into a plan for one language.
type Provider interface {
	// Name is the spec's `language` value.
	Name() string
	// Markers are context files whose presence means the project is in this language.
	Markers() []string
	// Reads are the context files Plan looks at (lockfiles, manifests, version files). A
	// provider that learns of more files from these implements Follower.
	Reads() []string
	// Plan expands the spec. Errors point at spec fields (see FieldError).
	Plan(s *spec.Spec, f Facts) (*plan.Plan, error)
}

// FieldError is a spec error located at a field of the spec (or the file when the field is absent).
func FieldError(s *spec.Spec, field, hint, format string, args ...any) error {
	e := &spec.Error{File: s.File, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if p, ok := s.Pos(field); ok {
		e.Line, e.Column, e.EndLine = p.Line, p.Column, p.Line
	}
	return spec.Errors{e}
}

// NoScratch is the error of `runtime: scratch` for a language whose program needs more than the
// program itself (needs: an interpreter and the C library it links), nil for any other runtime.
// hint names the runtimes to use instead.
func NoScratch(s *spec.Spec, language, needs, hint string) error {
	if s.Runtime != "scratch" {
		return nil
	}
	return FieldError(s, "runtime", hint, "%s cannot run on scratch: it needs %s", language, needs)
}

// FirstField returns the first of fields written in the spec, or "" when none is.
// Steps use it to point at the line that best explains them.
func FirstField(s *spec.Spec, fields ...string) string {
	for _, f := range fields {
		if s.Has(f) {
			return f
		}
	}
	return ""
}

// CleanRelPath normalises a path inside the context ("cmd/server" -> "./cmd/server") and refuses
// anything that would leave it or be read as an option.
func CleanRelPath(p string) (string, bool) {
	if p == "" || path.IsAbs(p) || strings.HasPrefix(p, "-") {
		return "", false
	}
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", false
	}
	if c == "." {
		return ".", true
	}
	return "./" + c, true
}

// RelPath is CleanRelPath's path without its "./" ("./cmd/server" -> "cmd/server"; "." stays),
// the form a copy or a check names.
func RelPath(p string) (string, bool) {
	c, ok := CleanRelPath(p)
	return strings.TrimPrefix(c, "./"), ok
}

// TopDir is the first directory of a relative path, "" for a file at the top ("dist/server.js"
// -> "dist"): what an image takes of a build's output.
func TopDir(p string) string {
	dir, _, ok := strings.Cut(path.Clean(p), "/")
	if !ok {
		return ""
	}
	return dir
}

// buildEnv is the spec's build.env as plan env.
func buildEnv(s *spec.Spec) []plan.Env {
	var out []plan.Env
	for _, kv := range s.Build.Env {
		out = append(out, plan.Env{Key: kv.Key, Value: kv.Value})
	}
	return out
}

// secretMounts are the build.secrets and build.ssh mounts for dependency and build steps.
func secretMounts(s *spec.Spec) []plan.Mount {
	var out []plan.Mount
	for _, sec := range s.Build.Secrets {
		m := plan.Mount{Type: plan.MountSecret, ID: sec.ID, Env: sec.Env, Required: sec.Required}
		if sec.Env == "" {
			m.Target = sec.Target
			if m.Target == "" {
				m.Target = "/run/secrets/" + sec.ID
			}
		}
		out = append(out, m)
	}
	for _, id := range s.Build.SSH {
		out = append(out, plan.Mount{Type: plan.MountSSH, ID: id})
	}
	return out
}

// Args declares the spec's args, SOURCE_DATE_EPOCH and the provider's tool args (mirrors,
// proxies) on the plan, and returns the names build steps use and the names dependency steps use.
// SOURCE_DATE_EPOCH reaches build and test steps when it is set, as it reaches a Dockerfile's RUN
// after `ARG SOURCE_DATE_EPOCH`, so tools that stamp files can honour it; dependency steps do
// not see it, so a new commit's time does not redo the dependency download.
func Args(p *plan.Plan, s *spec.Spec, tool []plan.Arg) (build, deps []string) {
	for _, kv := range s.Args {
		desc := s.Comment("args." + kv.Key) // a comment written with the arg documents it
		if desc == "" {
			desc = "build argument from the spec"
		}
		p.Args = append(p.Args, plan.Arg{Name: kv.Key, Default: kv.Value, HasDefault: true, Description: desc})
		build = append(build, kv.Key)
	}
	if _, ok := s.Args.Get(plan.EpochArg); !ok {
		p.Args = append(p.Args, plan.Arg{Name: plan.EpochArg,
			Description: "Unix time of the image's creation, history and the files the build writes (reproducible builds)"})
		build = append(build, plan.EpochArg)
	}
	for _, a := range tool {
		a.Tool = true
		p.Args = append(p.Args, a)
		deps = append(deps, a.Name)
	}
	return append(build, deps...), deps
}

// declareSecrets lists the ids of build.secrets and build.ssh on the plan.
func declareSecrets(p *plan.Plan, s *spec.Spec) {
	for _, sec := range s.Build.Secrets {
		p.Secrets = append(p.Secrets, sec.ID)
	}
	p.SSH = append(p.SSH, s.Build.SSH...)
}

// testerStage is the tester stage: the test command run on the builder's tree. It returns nil when the
// spec turns tests off with `test: false`.
func testerStage(s *spec.Spec, def []string, step plan.Run) *plan.Stage {
	if s.Test != nil && s.Test.Disabled {
		return nil
	}
	step.Field = FirstField(s, "test", "language")
	if s.Test != nil {
		step.Args = s.Test.Args()
		step.Display = s.Test.String()
	} else {
		step.Args = def
	}
	return &plan.Stage{
		Name:          "tester",
		Description:   "run the tests (" + commandText(s.Test, def) + ") on the builder's tree",
		Base:          plan.Base{Stage: "builder"},
		BuildPlatform: true,
		Steps:         []plan.Step{&step},
		Field:         step.Field,
	}
}

func commandText(c *spec.Command, def []string) string {
	if c != nil {
		return c.String()
	}
	return strings.Join(def, " ")
}

// JSONFields reads a JSON object (package.json, say) field by field: get decodes one field into
// a value, and a field of an unexpected type leaves it unset rather than failing the whole file,
// as npm and bun do; get's error (an absent field's too) is for a caller that needs to know.
// what names the file in the error when data is not a JSON object.
func JSONFields(data []byte, what string) (get func(key string, into any) error, err error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %v", what, err)
	}
	return func(key string, into any) error { return json.Unmarshal(raw[key], into) }, nil
}
