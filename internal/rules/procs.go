package rules

import "fmt"

// Rules about a project's processes, reported by internal/lang/procs.
var (
	// DevelopmentProcess: name is the process the image runs by default, from where it is
	// written, command its command, what the development tool it runs.
	DevelopmentProcess = New("DevelopmentProcess", "The image's default process is a Procfile command for development",
		func(name, from, command, what string) string {
			return fmt.Sprintf("the image runs the %s process by default (%s: %s), which runs %s, a development command: "+
				"a watcher, a reloader or a development server, not what production runs; make the Procfile's %s the production "+
				"command, or write `processes: {%s: [...]}` in the spec", name, from, command, what, name, name)
		})
)
