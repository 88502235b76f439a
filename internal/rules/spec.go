package rules

import "fmt"

// Rules about the spec alone; internal/lint checks them.
var (
	RootUser = New("RootUser", "The image runs its program as root", func(user string) string {
		return fmt.Sprintf("`user: %s` runs the program as root, so a compromised process owns the container; "+
			"remove the line for the non-root default (65532) or name another user", user)
	})

	PrivilegedPort = New("PrivilegedPort", "A port below 1024 for a non-root user", func(ports string) string {
		return fmt.Sprintf("`ports` has %s, below 1024, which the image's non-root user may listen on only where the container "+
			"runtime allows it (Docker does; Kubernetes and runc alone do not); listen on a port from 1024 up (8080) and "+
			"publish it as the low one (docker run -p 80:8080, a Service's port)", ports)
	})

	LatestImageTag = New("LatestImageTag", "A base image has no tag or is pinned to latest", func(field, ref string, latest bool) string {
		if latest {
			return fmt.Sprintf("`%s: %s` is pinned to latest, which moves whenever the image is updated; "+
				"pin a version or a digest (@sha256:...)", field, ref)
		}
		return fmt.Sprintf("`%s: %s` has no tag, so it means %s:latest and the build changes whenever that image does; "+
			"pin a version (%s:1.2) or a digest (@sha256:...)", field, ref, ref, ref)
	})

	TestsDisabled = New("TestsDisabled", "The tester stage is turned off", func() string {
		return "`test: false` removes the tester stage, so `--target tester` cannot run the project's tests; " +
			"write the test command instead (a string or a list)"
	})

	// SecretsUsedInArgOrEnv: looksLike is what the value looks like ("a GitHub token"), "" when
	// the name is what looks like a secret; where says where the value ends up.
	SecretsUsedInArgOrEnv = New("SecretsUsedInArgOrEnv", "Sensitive data should not be written in env, build.env or args",
		func(field, looksLike, where string) string {
			if looksLike == "" {
				return fmt.Sprintf("`%s` looks like a secret and %s; mount it for the build steps with build.secrets instead (see --secret)",
					field, where)
			}
			return fmt.Sprintf("the value of `%s` looks like %s and %s; mount it for the build steps with build.secrets instead (see --secret)",
				field, looksLike, where)
		})

	UnknownRuntimeAlias = New("UnknownRuntimeAlias", "The runtime is an image name close to a runtime alias, probably a typo",
		func(runtime, alias string) string {
			return fmt.Sprintf("`runtime: %s` is not a runtime alias, so it names the image docker.io/library/%s; did you mean `%s`?",
				runtime, runtime, alias)
		})
)

// UndeclaredBuildArg: field is where a ${name} is written; "" means a --build-arg.
var UndeclaredBuildArg = New("UndeclaredBuildArg", "A build arg is used or given but the spec does not declare it",
	func(name, field string) string {
		if field == "" {
			return fmt.Sprintf("--build-arg %s is given but the spec declares no arg %s, so no step sees it; "+
				"declare it in `args` (args: {%s: \"\"}) or leave it out", name, name, name)
		}
		return fmt.Sprintf("`%s` refers to ${%s}, which is no arg of the spec, so it stays as written; "+
			"declare it in `args` (args: {%s: \"\"}) and pass it with --build-arg", field, name, name)
	})
