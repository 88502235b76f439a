package rules

import "fmt"

// ListenLocalhost: a server whose code listens on the loopback interface only, reported by the
// providers that read the program's source (Go's main packages, a Node.js entry file, a Rust
// binary's source file, a Gradio program's launch() given the loopback interface as its
// server_name), and, for every language, by the configuration file the image's
// command names (lang.ConfigListens). file and
// line are where, what is the call as read, fix what to write instead.
var ListenLocalhost = New("ListenLocalhost", "The program listens on localhost only, which nothing outside the container reaches",
	func(file string, line int, what, fix string) string {
		return fmt.Sprintf("%s:%d %s: inside a container that is its own loopback interface, so the published port answers "+
			"nothing; %s", file, line, what, fix)
	})

// ProgramEnvNotSet: the project's own Dockerfile configures the program through variables named
// after it (rustical's ENV RUSTICAL_DATA_STORE__SQLITE__DB_URL, a setting it requires) that the
// image does not set: their values may name the places of that image (its paths, its files), so
// they are not copied, but the program may stop without them.
var ProgramEnvNotSet = New("ProgramEnvNotSet", "The project's Dockerfile configures the program through variables the image does not set",
	func(file, vars, program, fix string) string {
		return fmt.Sprintf("%s sets %s for %s, which this image does not set: if %s needs them, write `env: {%s}`, "+
			"with paths that exist in this image and that its user may write (its home, or a `writable` directory)", file, vars, program, program, fix)
	})

// PortNotPublished: a server whose code or configuration gives it a port of its own, which
// the spec's ports do not include (an ASP.NET Core program's `UseUrls("http://*:8096")` or
// `ListenAnyIP(8096)`, its appsettings' Urls or Kestrel endpoints, which replace
// ASPNETCORE_HTTP_PORTS). file and line are where, what the setting as read, port the port the
// program listens on, fix what to write.
var PortNotPublished = New("PortNotPublished", "The program listens on a port of its own, which the spec does not publish",
	func(file string, line int, what string, port int, fix string) string {
		return fmt.Sprintf("%s:%d %s: the program listens on %d, which the spec's ports do not include, so the published port "+
			"answers nothing; %s", file, line, what, port, fix)
	})
