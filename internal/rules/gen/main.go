// Command gen writes docs/checks.md from the rules' definitions (go generate ./internal/rules).
package main

import (
	"log"
	"os"

	"github.com/org/multistage-frontend/internal/rules"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: gen FILE")
	}
	if err := os.WriteFile(os.Args[1], rules.Markdown(), 0o644); err != nil {
		log.Fatal(err)
	}
}
