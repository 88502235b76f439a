package rules

import (
	"fmt"
	"strings"
)

// Rules about a project's processes, reported by internal/lang/procs.
var (
	// DevelopmentProcess: name is the Procfile's default process, from where it is written,
	// command its command, what the development tool it runs; runtime is what the runtime stage
	// runs when it is the default target instead ("" when the process is the default).
	DevelopmentProcess = New("DevelopmentProcess", "The Procfile's default process is a command for development",
		func(name, from, command, what, runtime string) string {
			if runtime == "" {
				return fmt.Sprintf("the image runs the %s process by default (%s: %s), which runs %s, a development command: "+
					"a watcher, a reloader or a development server, not what production runs; make the Procfile's %s the production "+
					"command, or write `processes: {%s: [...]}` in the spec", name, from, command, what, name, name)
			}
			return fmt.Sprintf("the Procfile's %s process (%s: %s), which runs %s, a development command: "+
				"a watcher, a reloader or a development server, is not the image's default: the default target is runtime, "+
				"the language's own start command (%s), and %s is a target of its own (--target %s); to make the Procfile's "+
				"%s the default, make it the production command, or write `processes: {%s: [...]}` in the spec",
				name, from, command, what, runtime, name, name, name, name)
		})
)

// ProcessNameTaken: name is a Procfile process named like one of the build's own targets, from
// where it is written, command its command.
var ProcessNameTaken = New("ProcessNameTaken", "A Procfile process is named like one of the build's own targets",
	func(name, from, command string) string {
		return fmt.Sprintf("the Procfile's %s process (%s: %s) is left out: %s is the name of one of the build's own targets, "+
			"so it cannot be a process's; a step such as compiling assets belongs to the build (`assets`, `build.command`), "+
			"not to an image of its own; to build it as an image, write the processes in the spec, which replaces the Procfile, "+
			"this one under another name (`processes: {%s-process: [...]}`)", name, from, command, name, name)
	})

// ProcessNeedsShell: name is a Procfile process that is not the default target, from where it
// is written, command its command, need what it needs a shell for, base the runtime image.
var ProcessNeedsShell = New("ProcessNeedsShell", "A Procfile process beside the default target needs a shell the runtime image lacks",
	func(name, from, command, need, base string) string {
		return fmt.Sprintf("the Procfile's %s process (%s: %s) is left out: its command needs a shell (%s), and the runtime image "+
			"(%s) has none; the default target does not run it, so the image is built without it; to build it as an image, "+
			"write the processes in the spec, which replaces the Procfile, this one as a list that needs no shell "+
			"(`processes: {%s: [...]}`), or use a runtime with a shell (`runtime: slim`)", name, from, command, need, base, name)
	})

// BuildpackWebServer: name is a Procfile process of a PHP project, from where it is written,
// command its command, script the PHP buildpack's boot script it runs.
var BuildpackWebServer = New("BuildpackWebServer", "A Procfile process runs the PHP buildpack's web server",
	func(name, from, command, script string) string {
		return fmt.Sprintf("the Procfile's %s process (%s: %s) is left out: %s is Heroku's PHP buildpack's boot script, "+
			"which runs Apache or nginx in front of php-fpm, and the image has neither; the runtime target, the image's default, "+
			"serves the application itself (php-fpm behind Caddy), from the document root the process names unless `entrypoint` "+
			"says otherwise; to run another command as %s, write the processes in the spec, which replaces the Procfile",
			name, from, command, script, name)
	})

// BuildpackPublishOutput: name is a Procfile process of a .NET project, from where it is
// written, command its command, dll the assembly it runs from the buildpack's publish directory,
// program the one this image publishes and runs.
var BuildpackPublishOutput = New("BuildpackPublishOutput", "A Procfile process runs a .NET program from the buildpack's publish directory",
	func(name, from, command, dll, program string) string {
		if strings.TrimSuffix(dll, ".dll") == program {
			return fmt.Sprintf("the Procfile's %s process (%s: %s) is left out: it runs %s from heroku_output, where Heroku's .NET "+
				"buildpack publishes, which the image does not have; the runtime target, the image's default, runs the same program "+
				"from /app, on the spec's ports (ASPNETCORE_HTTP_PORTS); to run another command as %s, write the processes in the "+
				"spec, which replaces the Procfile", name, from, command, dll, name)
		}
		return fmt.Sprintf("the Procfile's %s process (%s: %s) is left out: it runs %s from heroku_output, where Heroku's .NET "+
			"buildpack publishes, and this image publishes %s only; build %s's project as an image of its own (a spec whose "+
			"`entrypoint` names that project), or write the processes in the spec, which replaces the Procfile",
			name, from, command, dll, program, dll)
	})
