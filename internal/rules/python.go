package rules

import "fmt"

// Rules of the Python provider (internal/lang/python).
var (
	// WebProcessOnly: why is the planning error the project's own files give, which the web
	// process (a Procfile's, the spec's processes) stands in for.
	WebProcessOnly = New("WebProcessOnly", "The image runs the web process, because the project's own files name nothing the frontend can run",
		func(why string) string {
			return fmt.Sprintf("the image runs the web process (the default target), and the runtime stage runs nothing of the project, "+
				"because the project's files alone say: %s", why)
		})
)
