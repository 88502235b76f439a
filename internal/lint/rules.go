package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/distribution/reference"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// The rules, in the order docs/checks.md documents them.
var (
	RootUser = &Rule{Name: "RootUser",
		Description: "The image runs its program as root", check: rootUser}
	LatestImageTag = &Rule{Name: "LatestImageTag",
		Description: "A base image has no tag or is pinned to latest", check: latestImageTag}
	MissingLockfile = &Rule{Name: "MissingLockfile",
		Description: "The project has no lockfile, so dependency versions are not locked", check: missingLockfile}
	TestsDisabled = &Rule{Name: "TestsDisabled",
		Description: "The tester stage is turned off", check: testsDisabled}
	SecretsUsedInArgOrEnv = &Rule{Name: "SecretsUsedInArgOrEnv",
		Description: "Sensitive data should not be written in env, build.env or args", check: secretsUsedInArgOrEnv}
	UnknownRuntimeAlias = &Rule{Name: "UnknownRuntimeAlias",
		Description: "The runtime is an image name close to a runtime alias, probably a typo", check: unknownRuntimeAlias}
)

// Rules is every rule, in a fixed order.
func Rules() []*Rule {
	return []*Rule{RootUser, LatestImageTag, MissingLockfile, TestsDisabled, SecretsUsedInArgOrEnv, UnknownRuntimeAlias}
}

// Find returns the rule with that name, or nil.
func Find(name string) *Rule {
	for _, r := range Rules() {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// rootUser: `user: root` (or uid 0) was written; the default is non-root, so this is a choice
// worth a second look.
func rootUser(s *spec.Spec, _ *plan.Plan) []finding {
	name, _, _ := strings.Cut(s.User, ":")
	isRoot := name == "root" || (name != "" && strings.Trim(name, "0") == "")
	if !isRoot {
		return nil
	}
	return []finding{{"user", fmt.Sprintf("`user: %s` runs the program as root, so a compromised process owns the container; "+
		"remove the line for the non-root default (65532) or name another user", s.User)}}
}

// latestImageTag: a base image the spec names floats: no tag means latest, and latest moves.
func latestImageTag(s *spec.Spec, _ *plan.Plan) []finding {
	var out []finding
	check := func(field, ref string) {
		named, err := reference.ParseNormalizedNamed(ref)
		if err != nil {
			return // the spec's validation reports it
		}
		if _, ok := named.(reference.Digested); ok {
			return
		}
		tagged, ok := named.(reference.Tagged)
		switch {
		case !ok:
			out = append(out, finding{field, fmt.Sprintf("`%s: %s` has no tag, so it means %s:latest and the build changes whenever that image does; "+
				"pin a version (%s:1.2) or a digest (@sha256:...)", field, ref, ref, ref)})
		case tagged.Tag() == "latest":
			out = append(out, finding{field, fmt.Sprintf("`%s: %s` is pinned to latest, which moves whenever the image is updated; "+
				"pin a version or a digest (@sha256:...)", field, ref)})
		}
	}
	if s.Runtime != "" && !slices.Contains(spec.RuntimeAliases, s.Runtime) && likelyAlias(s.Runtime) == "" {
		check("runtime", s.Runtime)
	}
	if s.Build.Image != "" {
		check("build.image", s.Build.Image)
	}
	return out
}

// missingLockfile reports what the provider noted: it knows its language's lockfiles.
func missingLockfile(_ *spec.Spec, p *plan.Plan) []finding {
	if p == nil {
		return nil
	}
	var out []finding
	for _, n := range p.Notes {
		if n.Rule == "MissingLockfile" {
			out = append(out, finding{n.Field, n.Msg})
		}
	}
	return out
}

// testsDisabled: `test: false` removes the tester stage.
func testsDisabled(s *spec.Spec, _ *plan.Plan) []finding {
	if s.Test == nil || !s.Test.Disabled {
		return nil
	}
	return []finding{{"test", "`test: false` removes the tester stage, so `--target tester` cannot run the project's tests; " +
		"write the test command instead (a string or a list)"}}
}

// unknownRuntimeAlias: `runtime: distrolles` is a valid image name (docker.io/library/distrolles)
// that fails to pull, or worse pulls someone else's image; it is almost surely a typo.
func unknownRuntimeAlias(s *spec.Spec, _ *plan.Plan) []finding {
	alias := likelyAlias(s.Runtime)
	if alias == "" {
		return nil
	}
	return []finding{{"runtime", fmt.Sprintf("`runtime: %s` is not a runtime alias, so it names the image docker.io/library/%s; did you mean `%s`?",
		s.Runtime, s.Runtime, alias)}}
}

// likelyAlias returns the alias a runtime is a near miss of; only a bare name (no registry, path,
// tag or digest) can be one, so alpine:3.22 or my/distroless are taken as meant.
func likelyAlias(runtime string) string {
	if runtime == "" || strings.ContainsAny(runtime, "/:@") || slices.Contains(spec.RuntimeAliases, runtime) {
		return ""
	}
	return spec.Suggest(runtime, spec.RuntimeAliases)
}
