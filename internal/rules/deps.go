package rules

import (
	"fmt"
	"strings"
)

// Rules about a project's dependencies, reported by the providers.
var (
	// MissingLockfile: detail says what is unlocked and how to lock it, in the language's terms.
	MissingLockfile = New("MissingLockfile", "The project has no lockfile, so dependency versions are not locked",
		func(detail string) string { return detail })

	SeveralLockfiles = New("SeveralLockfiles", "The project has lockfiles of several package managers; one is used",
		func(tool, used string, ignored []string) string {
			verb := "is"
			if len(ignored) > 1 {
				verb = "are"
			}
			return fmt.Sprintf("%s is used with %s; %s %s ignored: delete what the project no longer uses",
				tool, used, strings.Join(ignored, " and "), verb)
		})

	NoDependencies = New("NoDependencies", "The project declares no dependencies, so none are installed", func() string {
		return "no requirements.txt, lockfile or declared dependencies: nothing to install"
	})
)
