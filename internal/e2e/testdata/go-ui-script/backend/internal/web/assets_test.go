package web

import (
	"io/fs"
	"testing"
)

func TestFrontendFSServesAPage(t *testing.T) {
	ui, _, err := FrontendFS()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(ui, "index.html"); err != nil {
		t.Fatalf("no index.html to serve: %v", err)
	}
}
