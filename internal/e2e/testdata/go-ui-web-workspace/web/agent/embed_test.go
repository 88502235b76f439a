//go:build !noweb

package agent

import (
	"strings"
	"testing"
)

// The tester of an image of hub alone builds this UI too: go test ./... compiles this package.
func TestUIIsBuilt(t *testing.T) {
	page, err := UI.ReadFile("dist/index.html")
	if err != nil || !strings.Contains(string(page), "the agent's UI") {
		t.Fatalf("dist/index.html: %q, %v", page, err)
	}
}
