package rules

import "fmt"

// Rules of the .NET provider (internal/lang/dotnet).
var (
	// InvariantGlobalization: project is the project file that does not say.
	InvariantGlobalization = New("InvariantGlobalization", "A .NET program on a chiseled image runs with invariant globalization it did not ask for",
		func(project string) string {
			return fmt.Sprintf("%s does not set InvariantGlobalization, and the chiseled image has no ICU: the program runs with "+
				"invariant globalization (culture-aware formatting, sorting and time zones behave as the invariant culture); "+
				"set <InvariantGlobalization>true</InvariantGlobalization> to say so, or false to get the -extra image with ICU and tzdata", project)
		})
)
