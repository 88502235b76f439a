package lint

import (
	"slices"
	"strings"

	"github.com/distribution/reference"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// rootUser: `user: root` (or uid 0) was written; the default is non-root, so this is a choice
// worth a second look.
func rootUser(s *spec.Spec) []finding {
	name, _, _ := strings.Cut(s.User, ":")
	isRoot := name == "root" || (name != "" && strings.Trim(name, "0") == "")
	if !isRoot {
		return nil
	}
	return []finding{{"user", rules.RootUser.Format(s.User)}}
}

// latestImageTag: a base image the spec names floats: no tag means latest, and latest moves.
func latestImageTag(s *spec.Spec) []finding {
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
			out = append(out, finding{field, rules.LatestImageTag.Format(field, ref, false)})
		case tagged.Tag() == "latest":
			out = append(out, finding{field, rules.LatestImageTag.Format(field, ref, true)})
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

// testsDisabled: `test: false` removes the tester stage.
func testsDisabled(s *spec.Spec) []finding {
	if s.Test == nil || !s.Test.Disabled {
		return nil
	}
	return []finding{{"test", rules.TestsDisabled.Format()}}
}

// unknownRuntimeAlias: `runtime: distrolles` is a valid image name (docker.io/library/distrolles)
// that fails to pull, or worse pulls someone else's image; it is almost surely a typo.
func unknownRuntimeAlias(s *spec.Spec) []finding {
	alias := likelyAlias(s.Runtime)
	if alias == "" {
		return nil
	}
	return []finding{{"runtime", rules.UnknownRuntimeAlias.Format(s.Runtime, alias)}}
}

// likelyAlias returns the alias a runtime is a near miss of; only a bare name (no registry, path,
// tag or digest) can be one, so alpine:3.22 or my/distroless are taken as meant.
func likelyAlias(runtime string) string {
	if runtime == "" || strings.ContainsAny(runtime, "/:@") || slices.Contains(spec.RuntimeAliases, runtime) {
		return ""
	}
	return spec.Suggest(runtime, spec.RuntimeAliases)
}
