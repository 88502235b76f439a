package lint

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// platformArgs are BuildKit's automatic platform args, which values may name without declaring.
var platformArgs = []string{"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT"}

// proxyArgs are BuildKit's predefined proxy args: RUN steps get them without a declaration
// (and outside the cache key), in either case.
var proxyArgs = []string{"HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"}

// expanded are the spec fields whose values the frontend expands ${NAME} in (graph.expand);
// shell commands are left to the shell, whose environment holds more than build args.
// build.ldflags (one value, not a mapping) is expanded too.
var expanded = []string{"env", "labels", "build.env"}

// undeclaredBuildArg: a ${NAME} the frontend would leave as written, or a --build-arg no step
// sees. The declared args are the spec's and the plan's (SOURCE_DATE_EPOCH, the tool args);
// without a plan only the spec's values are checked.
func undeclaredBuildArg(in Input) []finding {
	s, p := in.Spec, in.Plan
	declared := map[string]bool{plan.EpochArg: true}
	for _, kv := range s.Args {
		declared[kv.Key] = true
	}
	if p != nil {
		for _, a := range p.Args {
			declared[a.Name] = true
		}
	}
	var out []finding
	for _, field := range expanded {
		kvs := s.Env
		switch field {
		case "labels":
			kvs = s.Labels
		case "build.env":
			kvs = s.Build.Env
		}
		for _, kv := range kvs {
			var seen []string
			for _, ref := range plan.Refs(kv.Value) {
				if !declared[ref] && !slices.Contains(platformArgs, ref) && !slices.Contains(seen, ref) {
					seen = append(seen, ref)
					f := field + "." + kv.Key
					out = append(out, finding{f, rules.UndeclaredBuildArg.Format(ref, f)})
				}
			}
		}
	}
	var seen []string
	for _, ref := range plan.Refs(s.Build.LDFlags) {
		if !declared[ref] && !slices.Contains(platformArgs, ref) && !slices.Contains(seen, ref) {
			seen = append(seen, ref)
			out = append(out, finding{"build.ldflags", rules.UndeclaredBuildArg.Format(ref, "build.ldflags")})
		}
	}
	if p == nil {
		return out
	}
	names := slices.Sorted(slices.Values(in.BuildArgs))
	for _, name := range slices.Compact(names) {
		if declared[name] || strings.HasPrefix(name, "BUILDKIT_") || slices.Contains(platformArgs, name) ||
			slices.Contains(proxyArgs, strings.ToUpper(name)) {
			continue
		}
		out = append(out, finding{"", rules.UndeclaredBuildArg.Format(name, "")})
	}
	return out
}
