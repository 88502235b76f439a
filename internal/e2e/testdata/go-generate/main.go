// Command tides prints the tide table that go generate writes and the build embeds.
package main

//go:generate go run ./gen -o internal/page/table.txt

import (
	"fmt"

	"example.com/tides/internal/page"
)

func main() {
	fmt.Print(page.Table)
}
