package lint

import (
	"slices"
	"strconv"
	"strings"

	"github.com/distribution/reference"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// rootUser: `user: root` (or uid 0) was written; the default is non-root, so this is a choice
// worth a second look.
func rootUser(s *spec.Spec) []finding {
	if !isRoot(s.User) {
		return nil
	}
	return []finding{{"user", rules.RootUser.Format(s.User)}}
}

// isRoot reports a user that is root: its name, or uid 0.
func isRoot(user string) bool {
	name, _, _ := strings.Cut(user, ":")
	return name == "root" || (name != "" && strings.Trim(name, "0") == "")
}

// privilegedPort: a port below 1024 that the image's non-root user is to listen on, which the
// kernel allows only where the container runtime lowers net.ipv4.ip_unprivileged_port_start
// (Docker does; runc alone, BuildKit's runner and Kubernetes do not).
func privilegedPort(s *spec.Spec) []finding {
	if isRoot(s.User) {
		return nil
	}
	var low []string
	for _, p := range s.Ports {
		if p.Number < 1024 {
			low = append(low, strconv.Itoa(p.Number))
		}
	}
	if len(low) == 0 {
		return nil
	}
	return []finding{{"ports", rules.PrivilegedPort.Format(strings.Join(low, ", "))}}
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
