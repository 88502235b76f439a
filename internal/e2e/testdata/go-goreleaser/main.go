// Command stamped prints the release its build stamped into it: GoReleaser's ldflags set
// version and date here and the commit in internal/about.
package main

import (
	"fmt"

	"example.com/stamped/internal/about"
)

var (
	version = "dev"
	date    string
)

func main() {
	fmt.Printf("stamped %s (%s, built %q)\n", version, about.Commit, date)
}
