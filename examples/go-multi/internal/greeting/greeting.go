// Package greeting is what the greeter server answers and the greeterctl client prints.
package greeting

import "strings"

// Greeting is the server's answer.
type Greeting struct {
	Message string `json:"message"`
	// Version is the server's version, stamped in at build time.
	Version string `json:"version"`
}

// For greets name (the world when it is empty).
func For(name, version string) Greeting {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "world"
	}
	return Greeting{Message: "hello, " + name, Version: version}
}
