// Command stamped prints the release its build stamped into it: GoReleaser's ldflags set
// version, date and channel here and the commit in internal/about.
package main

import (
	"fmt"

	"example.com/stamped/internal/about"
)

var (
	version = "dev"
	date    string
	channel = "edge"
)

func main() {
	fmt.Printf("stamped %s (%s, built %q) on %s\n", version, about.Commit, date, channel)
}
