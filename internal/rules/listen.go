package rules

import "fmt"

// ListenLocalhost: a server whose code listens on the loopback interface only, reported by the
// providers that read the program's source (Go's main packages, a Node.js entry file, a Rust
// binary's source file). file and
// line are where, what is the call as read, fix what to write instead.
var ListenLocalhost = New("ListenLocalhost", "The program listens on localhost only, which nothing outside the container reaches",
	func(file string, line int, what, fix string) string {
		return fmt.Sprintf("%s:%d %s: inside a container that is its own loopback interface, so the published port answers "+
			"nothing; %s", file, line, what, fix)
	})
